// SPDX-License-Identifier: MIT
// The reference for start-up and memory (BENCHMARKS.md rows 1 and 2): the least a Qt Quick Controls
// window with one QtCharts ChartView costs, set up as main.cpp sets up owui-planner (a QApplication,
// since QtCharts draws through Graphics View, and a QQmlApplicationEngine). With
// OWUI_PLANNER_BENCH_FIRST_FRAME set it prints "first-frame<TAB>VmRSS KiB" on its first swapped frame and
// quits, exactly as owui-planner does; bench_side_by_side times both. It draws with the renderer
// owui-planner picks (app/scenegraph.h).
#include "scenegraph.h"

#include <QApplication>
#include <QFile>
#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <cstdio>

namespace {

const char *const kWindow = R"(
import QtQuick
import QtQuick.Controls
import QtCharts

ApplicationWindow {
    width: 1024
    height: 640
    visible: true
    title: "reference"
    ChartView {
        anchors.fill: parent
        antialiasing: true
        LineSeries {
            XYPoint { x: 0; y: 0 }
            XYPoint { x: 1; y: 2 }
            XYPoint { x: 2; y: 1 }
        }
    }
}
)";

long residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine())
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("owui-planner-bench-reference"));
    // The same renderer as owui-planner picks on this machine, so the ratio is the program's own cost.
    if (owui::wantsSoftwareSceneGraph(QProcessEnvironment::systemEnvironment()))
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    QQmlApplicationEngine engine;
    engine.loadData(kWindow, QUrl(QStringLiteral("file:///reference/Main.qml")));
    auto *window = engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    if (!window)
        return 1;
    if (qEnvironmentVariableIsSet("OWUI_PLANNER_BENCH_FIRST_FRAME"))
        QObject::connect(window, &QQuickWindow::frameSwapped, &app, [] {
            std::printf("first-frame\t%ld\n", residentKiB());
            std::fflush(stdout);
            QCoreApplication::exit(0);
        }, Qt::SingleShotConnection);
    return app.exec();
}
