// SPDX-License-Identifier: MIT
// Runs the QML TestCase files of tests/qml against the real pages and a real PlanSession.
// QtCharts draws through Graphics View, so the runner needs a QApplication before quick_test_main.
#include "appsettings.h"
#include "exportcontroller.h"
#include "plansession.h"
#include "planundokeys.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <QApplication>
#include <QQmlContext>
#include <QQmlEngine>
#include <QtQuickTest>

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // The UI module's qmldir and QML files are compiled into the binary's resources.
        engine->addImportPath(QStringLiteral("qrc:/"));
        // PlanSession is uncreatable in QML; the harness owns one per engine (no autosave file).
        auto *session = new PlanSession(QString(), engine);
        engine->rootContext()->setContextProperty(QStringLiteral("testSession"), session);
        engine->rootContext()->setContextProperty(QStringLiteral("testExporter"), new ExportController(session, engine));
        engine->rootContext()->setContextProperty(QStringLiteral("testTempDir"), m_settingsDir.path());
        // Plan files the tests open as a user would (tests/data).
        engine->rootContext()->setContextProperty(QStringLiteral("testDataDir"),
                                                  QDir::cleanPath(QStringLiteral(QUICK_TEST_SOURCE_DIR "/../data")));
        // An exporter whose schema checks never answer (a script that sleeps): what Cancel is for.
        QFile sleeper(m_settingsDir.filePath(QStringLiteral("slow-validators/compose-schema-check.py")));
        if (QDir().mkpath(m_settingsDir.filePath(QStringLiteral("slow-validators"))) && sleeper.open(QIODevice::WriteOnly))
            sleeper.write("import time\ntime.sleep(120)\n");
        sleeper.close();
        auto *slowExporter = new ExportController(session, engine);
        slowExporter->setValidatorDirectory(m_settingsDir.filePath(QStringLiteral("slow-validators")));
        engine->rootContext()->setContextProperty(QStringLiteral("testSlowExporter"), slowExporter);
        // scripts/screenshots asks for a picture of a page in a state only a test reaches (after an export).
        engine->rootContext()->setContextProperty(QStringLiteral("screenshotPath"),
                                                  qEnvironmentVariable("OWUI_EXPORT_SCREENSHOT"));
        // Settings in a throw-away file, so tests never touch the user's own.
        engine->rootContext()->setContextProperty(
            QStringLiteral("testSettings"), new AppSettings(m_settingsDir.filePath(QStringLiteral("settings.ini")), engine));
    }

private:
    QTemporaryDir m_settingsDir;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    PlanUndoKeys::install();
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "owui_qml", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "tst_qml.moc"
