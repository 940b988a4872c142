// SPDX-License-Identifier: MIT
#include "appsettings.h"
#include "cli.h"
#include "exportcontroller.h"
#include "plansession.h"
#include "planundokeys.h"

#include <QApplication>
#include <QCoreApplication>
#include <QQmlApplicationEngine>
#include <QDir>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("owui-planner"));
    QCoreApplication::setOrganizationName(QStringLiteral("owui-planner"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OWUI_PLANNER_VERSION));
}

QStringList argumentsOf(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

/** @brief Removes `--screenshot FILE` from the arguments and returns FILE (empty when absent). */
QString takeScreenshotPath(QStringList &arguments)
{
    const auto at = arguments.indexOf(QStringLiteral("--screenshot"));
    if (at < 0 || at + 1 >= arguments.size())
        return {};
    const QString path = arguments.at(at + 1);
    arguments.remove(at, 2);
    return path;
}

/** @brief Saves the window once it has drawn, then quits: README screenshots and smoke tests. */
void grabWhenDrawn(QQuickWindow *window, const QString &path)
{
    QObject::connect(window, &QQuickWindow::frameSwapped, window, [window, path] {
        // One more turn of the event loop lets late bindings settle before the grab.
        QTimer::singleShot(200, window, [window, path] {
            const bool saved = window->grabWindow().save(path);
            QCoreApplication::exit(saved ? 0 : 3);
        });
    }, Qt::SingleShotConnection);
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments = argumentsOf(argc, argv);
    const QString screenshotPath = takeScreenshotPath(arguments);

    // The CLI needs no display: it runs under a QCoreApplication.
    if (screenshotPath.isEmpty() && owui::cli::wantsCli(arguments)) {
        QCoreApplication app(argc, argv);
        describeApplication();
        return owui::cli::run(QCoreApplication::arguments());
    }

    // QtCharts draws through Graphics View, so the GUI needs a QApplication, not a QGuiApplication.
    QApplication app(argc, argv);
    describeApplication();

    const QString stateDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(stateDir);
    PlanSession session(stateDir + QStringLiteral("/autosave.json"));
    // The plan file is the first argument that is not one of the window's own options (--page=NAME).
    QString planArgument;
    for (const QString &argument : arguments.mid(1))
        if (!argument.startsWith(QLatin1String("--")) && planArgument.isEmpty())
            planArgument = argument;
    AppSettings settings;
    ExportController exporter(&session);
    QObject::connect(&session, &PlanSession::fileChanged, &settings, [&] { settings.addRecentFile(session.filePath()); });
    if (!planArgument.isEmpty())
        session.openFile(planArgument); // a failure shows in the window's error line
    else
        session.loadPreset(QStringLiteral("single-user"));

    PlanUndoKeys::install();
    QQmlApplicationEngine engine;
    engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)},
                                 {QStringLiteral("exporter"), QVariant::fromValue(&exporter)},
                                 {QStringLiteral("settings"), QVariant::fromValue(&settings)}});
    const QUrl url(QStringLiteral("qrc:/OwuiPlanner/Ui/Main.qml"));
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreated, &app,
        [url](QObject *object, const QUrl &objectUrl) {
            if (!object && url == objectUrl)
                QCoreApplication::exit(-1);
        },
        Qt::QueuedConnection);
    engine.load(url);
    if (!screenshotPath.isEmpty()) {
        auto *window = engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(engine.rootObjects().first());
        if (!window)
            return 3;
        grabWhenDrawn(window, screenshotPath);
    }
    return app.exec();
}
