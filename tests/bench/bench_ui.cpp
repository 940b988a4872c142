// SPDX-License-Identifier: MIT
// How the window keeps up with a slider drag: each step changes the pool size through PlanSession
// (as the PostgreSQL page's slider does) and waits for the next drawn frame of the budget page.
// Prints figures; asserts nothing. Run offscreen: QT_QPA_PLATFORM=offscreen bench_ui [--steps N] [--machine]
// --machine prints one figure a line, `name<TAB>value<TAB>unit`, for scripts/bench to read.
#include "appsettings.h"
#include "exportcontroller.h"
#include "plansession.h"
#include "scenegraph.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

/** VmRSS of this process in KiB (0 where /proc is missing). */
long residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return std::atol(line.constData() + 6);
    return 0;
}

/** The value at `fraction` of sorted `values` (nearest rank). */
double percentile(const std::vector<double> &sorted, double fraction)
{
    if (sorted.empty())
        return 0;
    const auto rank = static_cast<std::size_t>(fraction * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(rank, sorted.size() - 1)];
}

struct Figure {
    const char *name;
    double value;
    const char *unit;
    const char *label;
};

} // namespace

int main(int argc, char *argv[])
{
    int stepCount = 1000;
    bool machine = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--steps") == 0 && i + 1 < argc)
            stepCount = std::max(1, std::atoi(argv[++i]));
        else if (std::strcmp(argv[i], "--machine") == 0)
            machine = true;
    }

    QApplication app(argc, argv);
    if (owui::wantsSoftwareSceneGraph(QProcessEnvironment::systemEnvironment())) // as main.cpp does
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
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
    const long firstFrameRss = residentKiB();

    std::vector<double> steps;
    std::vector<double> updates; // set() alone: the core, the adapter and every QML binding it wakes
    steps.reserve(stepCount);
    updates.reserve(stepCount);
    // The first tenth warms caches, glyphs and the allocator; growth after it would be a leak.
    const int warmUpSteps = std::max(1, stepCount / 10);
    long afterWarmUpRss = 0;
    for (int i = 0; i < stepCount; ++i) {
        if (i == warmUpSteps)
            afterWarmUpRss = residentKiB();
        QElapsedTimer step;
        step.start();
        session.set(QStringLiteral("/database/pool_size"), 5 + i % 40);
        updates.push_back(step.nsecsElapsed() / 1e6);
        waitForFrame();
        steps.push_back(step.nsecsElapsed() / 1e6);
    }
    const long afterStepsRss = residentKiB();
    if (afterWarmUpRss == 0)
        afterWarmUpRss = afterStepsRss;
    std::sort(updates.begin(), updates.end());
    std::sort(steps.begin(), steps.end());

    const std::vector<Figure> figures = {
        {"first_frame", firstFrameMs, "ms", "first frame of the window (budget page)"},
        {"step_frame_p50", percentile(steps, 0.50), "ms", "slider step to drawn frame, median"},
        {"step_frame_p95", percentile(steps, 0.95), "ms", "slider step to drawn frame, p95"},
        {"step_frame_p99", percentile(steps, 0.99), "ms", "slider step to drawn frame, p99"},
        {"step_frame_worst", steps.back(), "ms", "slider step to drawn frame, worst"},
        {"step_update_p50", percentile(updates, 0.50), "ms", "slider step, bindings updated, median"},
        {"step_update_p95", percentile(updates, 0.95), "ms", "slider step, bindings updated, p95"},
        {"step_update_p99", percentile(updates, 0.99), "ms", "slider step, bindings updated, p99"},
        {"step_update_worst", updates.back(), "ms", "slider step, bindings updated, worst"},
        {"rss_first_frame", static_cast<double>(firstFrameRss), "KiB", "resident memory at the first frame"},
        {"rss_after_steps", static_cast<double>(afterStepsRss), "KiB", "resident memory after the steps"},
        {"rss_growth", static_cast<double>(afterStepsRss - firstFrameRss), "KiB", "resident memory growth over the steps"},
        {"rss_after_warm_up", static_cast<double>(afterWarmUpRss), "KiB", "resident memory after the first tenth"},
        {"rss_growth_after_warm_up", static_cast<double>(afterStepsRss - afterWarmUpRss), "KiB",
         "resident memory growth after the first tenth"},
        {"steps", static_cast<double>(stepCount), "count", "slider steps measured"},
    };
    for (const Figure &figure : figures) {
        if (machine)
            std::printf("%s\t%.3f\t%s\n", figure.name, figure.value, figure.unit);
        else
            std::printf("%-42s %10.2f %s\n", figure.label, figure.value, figure.unit);
    }
    return 0;
}
