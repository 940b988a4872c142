// SPDX-License-Identifier: MIT
#include "cli.h"
#include "plansession.h"

#include <QApplication>
#include <QCoreApplication>
#include <QQmlApplicationEngine>
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

} // namespace

int main(int argc, char *argv[])
{
    // The CLI needs no display: it runs under a QCoreApplication.
    if (owui::cli::wantsCli(argumentsOf(argc, argv))) {
        QCoreApplication app(argc, argv);
        describeApplication();
        return owui::cli::run(QCoreApplication::arguments());
    }

    // QtCharts draws through Graphics View, so the GUI needs a QApplication, not a QGuiApplication.
    QApplication app(argc, argv);
    describeApplication();

    PlanSession session;
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() > 1)
        session.openFile(arguments.at(1)); // a failure shows in the window's error line
    else
        session.loadPreset(QStringLiteral("single-user"));

    QQmlApplicationEngine engine;
    engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)}});
    const QUrl url(QStringLiteral("qrc:/OwuiPlanner/Ui/Main.qml"));
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreated, &app,
        [url](QObject *object, const QUrl &objectUrl) {
            if (!object && url == objectUrl)
                QCoreApplication::exit(-1);
        },
        Qt::QueuedConnection);
    engine.load(url);
    return app.exec();
}
