// SPDX-License-Identifier: MIT
// What the app remembers between runs.
#include "appsettings.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

class tst_appsettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recentFilesAreOrderedUniqueAndBounded();
    void geometryAndViewSurviveARestart();
};

void tst_appsettings::recentFilesAreOrderedUniqueAndBounded()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
    QSignalSpy spy(&settings, &AppSettings::recentFilesChanged);
    QStringList plans;
    for (int i = 0; i < AppSettings::kMaxRecentFiles + 2; ++i) {
        const QString path = dir.filePath(QStringLiteral("plan%1.json").arg(i));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        plans << path;
        settings.addRecentFile(path);
    }
    QCOMPARE(spy.count(), plans.size());
    QCOMPARE(settings.recentFiles().size(), AppSettings::kMaxRecentFiles);
    QCOMPARE(settings.recentFiles().first(), plans.last());
    settings.addRecentFile(plans.at(5)); // reopened: moves to the top, once
    QCOMPARE(settings.recentFiles().first(), plans.at(5));
    QCOMPARE(settings.recentFiles().count(plans.at(5)), 1);
    QFile::remove(plans.at(5)); // deleted since: no longer offered
    QVERIFY(!settings.recentFiles().contains(plans.at(5)));
    settings.clearRecentFiles();
    QVERIFY(settings.recentFiles().isEmpty());
}

void tst_appsettings::geometryAndViewSurviveARestart()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("settings.ini"));
    {
        AppSettings settings(file);
        QCOMPARE(settings.windowGeometry().size(), QSize(1280, 800));
        settings.setWindowGeometry(QRect(40, 50, 1400, 900));
        settings.setWindowGeometry(QRect(0, 0, 10, 10)); // collapsed: ignored
        settings.setPresenter(true);
        settings.setTheme(QStringLiteral("dark"));
        settings.setTheme(QStringLiteral("purple")); // not a theme: ignored
    }
    AppSettings reopened(file);
    QCOMPARE(reopened.windowGeometry(), QRect(40, 50, 1400, 900));
    QVERIFY(reopened.presenter());
    QCOMPARE(reopened.theme(), QStringLiteral("dark"));
}

QTEST_GUILESS_MAIN(tst_appsettings)
#include "tst_appsettings.moc"
