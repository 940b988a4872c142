// SPDX-License-Identifier: MIT
// The export page's adapter: the bundle of the session's plan, checked by the real docker tools.
#include "exportcontroller.h"
#include "plansession.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QString verdictOf(const ExportController &controller, const QString &target)
{
    for (const auto &row : controller.verdicts())
        if (row.toMap().value(QStringLiteral("target")).toString() == target)
            return row.toMap().value(QStringLiteral("verdict")).toString();
    return {};
}

} // namespace

class tst_exportcontroller : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exportsAndValidatesEveryTarget();
    void refusesFindingsUnlessAllowed();
    void reportsAValidatorThatRejects();
};

void tst_exportcontroller::exportsAndValidatesEveryTarget()
{
    PlanSession session;
    QVERIFY(session.loadPreset(QStringLiteral("large-scale")));
    // Every secret generated: an operator's own (large-scale's OpenAI embedding key) stays empty in .env,
    // and docker-compose rightly stops at its ${...:?} until it is filled in.
    QVERIFY(session.set(QStringLiteral("/embeddings"), QStringLiteral("ollama")));
    ExportController controller(&session);
    QSignalSpy validated(&controller, &ExportController::validated);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("bundle"));
    QVERIFY(controller.exportTo(QUrl::fromLocalFile(folder).toString(),
                                {QStringLiteral("compose"), QStringLiteral("swarm"), QStringLiteral("helm")}, false, false));
    QVERIFY(controller.errorText().isEmpty());
    QVERIFY(controller.files().contains(QStringLiteral("helm/values.yaml")));
    QVERIFY(QFile::exists(folder + QStringLiteral("/.env")));
    QTRY_VERIFY_WITH_TIMEOUT(validated.count() == 1, 60000);
    QVERIFY(!controller.busy());
    QCOMPARE(verdictOf(controller, QStringLiteral("compose")), QStringLiteral("accepted"));
    QCOMPARE(verdictOf(controller, QStringLiteral("swarm")), QStringLiteral("accepted"));
    QCOMPARE(verdictOf(controller, QStringLiteral("helm")), QStringLiteral("checked"));

    // The same folder again is refused without force, and nothing changes.
    QVERIFY(!controller.exportTo(folder, {QStringLiteral("compose")}, false, false));
    QVERIFY(controller.errorText().contains(QStringLiteral("--force")));
    QVERIFY(QFile::exists(folder + QStringLiteral("/stack.yaml")));
}

void tst_exportcontroller::refusesFindingsUnlessAllowed()
{
    PlanSession session;
    QVERIFY(session.set(QStringLiteral("/replicas"), 3));
    ExportController controller(&session);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("bundle"));
    QVERIFY(!controller.exportTo(folder, {QStringLiteral("compose")}, false, false));
    QVERIFY(controller.errorText().contains(QStringLiteral("external-database")));
    QVERIFY(!QFile::exists(folder));
    QSignalSpy validated(&controller, &ExportController::validated);
    QVERIFY(controller.exportTo(folder, {QStringLiteral("compose")}, false, true));
    QTRY_VERIFY_WITH_TIMEOUT(validated.count() == 1, 60000);
    QCOMPARE(verdictOf(controller, QStringLiteral("compose")), QStringLiteral("accepted"));
}

void tst_exportcontroller::reportsAValidatorThatRejects()
{
    // A tool that says no is shown as a rejection with its message, not as success.
    QTemporaryDir tools;
    const QString fake = tools.filePath(QStringLiteral("docker-compose"));
    QFile script(fake);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\necho 'services.open-webui Additional property bogus is not allowed' >&2\nexit 1\n");
    script.close();
    QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", tools.path().toUtf8() + ':' + path);

    PlanSession session;
    ExportController controller(&session);
    QSignalSpy validated(&controller, &ExportController::validated);
    QTemporaryDir dir;
    QVERIFY(controller.exportTo(dir.filePath(QStringLiteral("b")), {QStringLiteral("compose")}, false, false));
    QTRY_VERIFY_WITH_TIMEOUT(validated.count() == 1, 60000);
    qputenv("PATH", path);
    QCOMPARE(verdictOf(controller, QStringLiteral("compose")), QStringLiteral("rejected"));
    QVERIFY(controller.verdicts().first().toMap().value(QStringLiteral("detail")).toString().contains(QStringLiteral("bogus")));
}

QTEST_GUILESS_MAIN(tst_exportcontroller)
#include "tst_exportcontroller.moc"
