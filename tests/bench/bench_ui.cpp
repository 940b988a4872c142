// SPDX-License-Identifier: MIT
// How the window keeps up with a slider drag: each step changes the pool size through PlanSession
// (as the PostgreSQL page's slider does) and waits for the next drawn frame of the budget page.
// Prints figures; asserts nothing. Run offscreen: QT_QPA_PLATFORM=offscreen bench_ui
#include "appsettings.h"
#include "exportcontroller.h"
#include "plansession.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QTemporaryDir settingsDir;
    PlanSession session;
    AppSettings settings(settingsDir.filePath(QStringLiteral("settings.ini")));
    ExportController exporter(&session);
    if (!session.loadPreset(QStringLiteral("high-availability")))
        return 1;

    QQmlApplicationEngine engine;
    engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)},
                                 {QStringLiteral("exporter"), QVariant::fromValue(&exporter)},
                                 {QStringLiteral("settings"), QVariant::fromValue(&settings)}});
    QElapsedTimer startup;
    startup.start();
    engine.load(QUrl(QStringLiteral("qrc:/OwuiPlanner/Ui/Main.qml")));
    auto *window = engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    if (!window)
        return 1;
    QMetaObject::invokeMethod(window, "openPage", Q_ARG(QString, QStringLiteral("budget")));

    const auto waitForFrame = [window] {
        QEventLoop loop;
        QObject::connect(window, &QQuickWindow::frameSwapped, &loop, &QEventLoop::quit);
        QTimer::singleShot(2000, &loop, &QEventLoop::quit);
        window->requestUpdate();
        loop.exec();
    };
    waitForFrame();
    const double firstFrameMs = startup.nsecsElapsed() / 1e6;

    std::vector<double> steps;
    std::vector<double> updates; // set() alone: the core, the adapter and every QML binding it wakes
    for (int i = 0; i < 200; ++i) {
        QElapsedTimer step;
        step.start();
        session.set(QStringLiteral("/database/pool_size"), 5 + i % 40);
        updates.push_back(step.nsecsElapsed() / 1e6);
        waitForFrame();
        steps.push_back(step.nsecsElapsed() / 1e6);
    }
    std::sort(updates.begin(), updates.end());
    std::sort(steps.begin(), steps.end());
    double sum = 0;
    for (double s : steps)
        sum += s;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("first frame of the window (budget page):  %8.1f ms\n", firstFrameMs);
    std::printf("slider step, bindings updated (median): %8.2f ms\n", updates[updates.size() / 2]);
    std::printf("slider step to drawn frame, mean:         %8.2f ms\n", sum / steps.size());
    std::printf("slider step to drawn frame, median / p95: %8.2f / %.2f ms\n", steps[steps.size() / 2],
                steps[steps.size() * 95 / 100]);
    std::printf("slider step to drawn frame, worst:        %8.2f ms\n", steps.back());
    std::printf("peak RSS:                                 %8ld KiB\n", usage.ru_maxrss);
    return 0;
}
