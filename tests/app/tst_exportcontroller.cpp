// SPDX-License-Identifier: MIT
// The export page's adapter: the bundle of the session's plan, checked by the real tools (docker-compose,
// docker stack config, the Compose Specification's schema, kubernetes-models, nginx -t), each with a deadline.
#include "exportcontroller.h"
#include "plansession.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QVariantMap rowOf(const ExportController &controller, const QString &target)
{
    for (const auto &row : controller.verdicts())
        if (row.toMap().value(QStringLiteral("target")).toString() == target)
            return row.toMap();
    return {};
}

QString verdictOf(const ExportController &controller, const QString &target)
{
    return rowOf(controller, target).value(QStringLiteral("verdict")).toString();
}

QString detailOf(const ExportController &controller, const QString &target)
{
    return rowOf(controller, target).value(QStringLiteral("detail")).toString();
}

/** @brief A stand-in tool on PATH for one test (restored by the destructor). */
class FakeTool
{
public:
    FakeTool(const QString &name, const QByteArray &script) : m_path(qgetenv("PATH"))
    {
        QFile file(m_dir.filePath(name));
        if (file.open(QIODevice::WriteOnly)) {
            file.write(script);
            file.close();
            file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
        }
        qputenv("PATH", m_dir.path().toUtf8() + ':' + m_path);
    }
    ~FakeTool() { qputenv("PATH", m_path); }

private:
    QTemporaryDir m_dir;
    QByteArray m_path;
};

/**
 * @brief Exports and waits until the bundle is written (or refused): true when it was written. The write runs
 * off the GUI thread, so exportTo() only starts it.
 */
bool exported(ExportController &controller, const QString &folder, const QStringList &formats, bool force, bool allowFindings)
{
    QSignalSpy finished(&controller, &ExportController::finished);
    if (!controller.exportTo(folder, formats, force, allowFindings))
        return false;
    if (!finished.wait(30000))
        qFatal("the bundle was not written within 30 s");
    return controller.errorText().isEmpty();
}

/** @brief A new plan exported as Compose into a folder of its own, with its validators' verdicts watched. */
struct ComposeExport {
    PlanSession session;
    ExportController controller{&session};
    QSignalSpy validated{&controller, &ExportController::validated};
    QTemporaryDir dir;

    [[nodiscard]] bool start() { return exported(controller, dir.filePath(QStringLiteral("b")), {QStringLiteral("compose")}, false, false); }
    [[nodiscard]] QString verdict() const { return verdictOf(controller, QStringLiteral("compose")); }
    [[nodiscard]] QString detail() const { return detailOf(controller, QStringLiteral("compose")); }
};

const QStringList kAllFormats{QStringLiteral("compose"), QStringLiteral("swarm"), QStringLiteral("helm")};

} // namespace

class tst_exportcontroller : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exportsAndValidatesEveryTarget();
    void writesOffTheGuiThread();
    void refusesFindingsUnlessAllowed();
    void reportsAValidatorThatRejects();
    void reportsAMissingCheckAsUnavailable();
    void stopsAValidatorAtItsDeadline();
    void cancelStopsTheRunningValidators();
    void keepsOnlyTheStartOfALongOutput();
};

void tst_exportcontroller::exportsAndValidatesEveryTarget()
{
    PlanSession session;
    QVERIFY(session.loadPreset(QStringLiteral("large-scale")));
    // large-scale's OpenAI embedding key is the operator's own: empty in .env until they fill it in.
    ExportController controller(&session);
    QSignalSpy validated(&controller, &ExportController::validated);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("bundle"));
    QVERIFY(exported(controller, QUrl::fromLocalFile(folder).toString(),
                     {QStringLiteral("compose"), QStringLiteral("swarm"), QStringLiteral("helm")}, false, false));
    QVERIFY(controller.errorText().isEmpty());
    QVERIFY(controller.files().contains(QStringLiteral("helm/values.yaml")));
    QVERIFY(QFile::exists(folder + QStringLiteral("/.env")));
    QTRY_VERIFY_WITH_TIMEOUT(validated.count() == 1, 60000);
    QVERIFY(!controller.busy());
    QCOMPARE(verdictOf(controller, QStringLiteral("compose")), QStringLiteral("accepted"));
    // ... checked with a placeholder for that key, which the verdict names; .env itself keeps it empty.
    QVERIFY(detailOf(controller, QStringLiteral("compose")).contains(QStringLiteral("placeholders for RAG_OPENAI_API_KEY")));
    QFile envFile(folder + QStringLiteral("/.env"));
    QVERIFY(envFile.open(QIODevice::ReadOnly));
    const QByteArray envText = envFile.readAll();
    QVERIFY(envText.contains("\nRAG_OPENAI_API_KEY="));
    QVERIFY(!envText.contains("placeholder"));
    QCOMPARE(verdictOf(controller, QStringLiteral("swarm")), QStringLiteral("accepted"));
    QCOMPARE(verdictOf(controller, QStringLiteral("helm")), QStringLiteral("checked"));
    // The schema checks, each its own row with the tool's own word for it.
    for (const char *target : {"compose (schema)", "swarm (schema)", "kubernetes manifests", "nginx.conf"})
        QVERIFY2(verdictOf(controller, QLatin1String(target)) == QStringLiteral("accepted"),
                 qPrintable(QLatin1String(target) + QStringLiteral(": ") + detailOf(controller, QLatin1String(target))));
    QCOMPARE(controller.verdicts().size(), 7);
    QVERIFY(detailOf(controller, QStringLiteral("kubernetes manifests")).contains(QStringLiteral("kubernetes-models")));

    // The same folder again is refused without force, and nothing changes.
    QVERIFY(!exported(controller, folder, {QStringLiteral("compose")}, false, false));
    // The window names its own switch, not the CLI's flag; choosing another folder clears the message.
    QVERIFY(controller.errorText().contains(QStringLiteral("Replace an existing folder")));
    QVERIFY(!controller.errorText().contains(QStringLiteral("--force")));
    controller.clearError();
    QVERIFY(controller.errorText().isEmpty());
    QVERIFY(QFile::exists(folder + QStringLiteral("/stack.yaml")));
}

void tst_exportcontroller::writesOffTheGuiThread()
{
    PlanSession session;
    ExportController controller(&session);
    QSignalSpy finished(&controller, &ExportController::finished);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("bundle"));
    QVERIFY(controller.exportTo(folder, {QStringLiteral("compose")}, false, false));
    // Returned before the bundle is known: the GUI thread is free while it is written and flushed.
    QVERIFY(controller.writing());
    QVERIFY(controller.busy());
    QVERIFY(controller.files().isEmpty());
    QCOMPARE(finished.count(), 0);
    // A second export meanwhile is refused rather than queued behind it.
    QVERIFY(!controller.exportTo(dir.filePath(QStringLiteral("other")), {QStringLiteral("compose")}, false, false));
    // An edit made during the write is not in this bundle: the job has its own copy of the plan.
    QVERIFY(session.set(QStringLiteral("/replicas"), 3));
    QVERIFY(finished.wait(30000));
    QVERIFY(!controller.writing());
    QVERIFY2(controller.errorText().isEmpty(), qPrintable(controller.errorText()));
    QVERIFY(controller.files().contains(QStringLiteral("compose.yaml")));
    QVERIFY(QFile::exists(folder + QStringLiteral("/compose.yaml")));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("other"))));
    controller.cancel();
}

void tst_exportcontroller::refusesFindingsUnlessAllowed()
{
    PlanSession session;
    QVERIFY(session.set(QStringLiteral("/replicas"), 3));
    ExportController controller(&session);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("bundle"));
    QVERIFY(!exported(controller, folder, {QStringLiteral("compose")}, false, false));
    QVERIFY(controller.errorText().contains(QStringLiteral("external-database")));
    QVERIFY(!QFile::exists(folder));
    QSignalSpy validated(&controller, &ExportController::validated);
    QVERIFY(exported(controller, folder, {QStringLiteral("compose")}, false, true));
    QTRY_VERIFY_WITH_TIMEOUT(validated.count() == 1, 60000);
    QCOMPARE(verdictOf(controller, QStringLiteral("compose")), QStringLiteral("accepted"));
}

void tst_exportcontroller::reportsAValidatorThatRejects()
{
    // A tool that says no is shown as a rejection with its message, not as success.
    const FakeTool fake(QStringLiteral("docker-compose"),
                        "#!/bin/sh\necho 'services.open-webui Additional property bogus is not allowed' >&2\nexit 1\n");
    ComposeExport run;
    QVERIFY(run.start());
    QTRY_VERIFY_WITH_TIMEOUT(run.validated.count() == 1, 60000);
    QCOMPARE(run.verdict(), QStringLiteral("rejected"));
    QVERIFY(run.detail().contains(QStringLiteral("bogus")));
    // The schema check is its own row and does not inherit the other's verdict.
    QCOMPARE(verdictOf(run.controller, QStringLiteral("compose (schema)")), QStringLiteral("accepted"));
}

void tst_exportcontroller::reportsAMissingCheckAsUnavailable()
{
    // An installed layout without node_modules (npm's packages are a test-time dependency) and with one
    // script missing: those checks say "unavailable" and why, never "accepted".
    const QString staged = qEnvironmentVariable("OWUI_PLANNER_DATA_DIR");
    QVERIFY2(QFile::exists(staged + QStringLiteral("/validators/k8s-manifest-check.js")), qPrintable(staged));
    QTemporaryDir install;
    QVERIFY(QDir().mkpath(install.filePath(QStringLiteral("validators/compose-spec"))));
    QDirIterator it(staged + QStringLiteral("/validators"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString relative = QDir(staged).relativeFilePath(file);
        if (relative.contains(QStringLiteral("node_modules")) || relative.endsWith(QStringLiteral("nginx-conf-check.sh")))
            continue;
        QVERIFY(QFile::copy(file, install.filePath(relative)));
    }
    PlanSession session;
    QVERIFY(session.loadPreset(QStringLiteral("large-scale")));
    qputenv("OWUI_PLANNER_DATA_DIR", install.path().toUtf8());
    ExportController controller(&session);
    QSignalSpy validated(&controller, &ExportController::validated);
    QTemporaryDir dir;
    QVERIFY(controller.exportTo(dir.filePath(QStringLiteral("b")), kAllFormats, false, false));
    QTRY_VERIFY_WITH_TIMEOUT(validated.count() == 1, 60000);
    qputenv("OWUI_PLANNER_DATA_DIR", staged.toUtf8());

    QCOMPARE(verdictOf(controller, QStringLiteral("kubernetes manifests")), QStringLiteral("unavailable"));
    QVERIFY2(detailOf(controller, QStringLiteral("kubernetes manifests")).contains(QStringLiteral("npm ci")),
             qPrintable(detailOf(controller, QStringLiteral("kubernetes manifests"))));
    QCOMPARE(verdictOf(controller, QStringLiteral("nginx.conf")), QStringLiteral("unavailable"));
    QVERIFY(detailOf(controller, QStringLiteral("nginx.conf")).contains(QStringLiteral("nginx-conf-check.sh is missing")));
    // The copied schema check still runs from the install-shaped folder.
    QCOMPARE(verdictOf(controller, QStringLiteral("compose (schema)")), QStringLiteral("accepted"));
}

void tst_exportcontroller::stopsAValidatorAtItsDeadline()
{
    // A validator that hangs is killed at the deadline and reported as not having checked the file.
    const FakeTool fake(QStringLiteral("docker-compose"), "#!/bin/sh\nexec sleep 30\n");
    ComposeExport run;
    run.controller.setValidatorDeadline(500);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(run.start());
    QTRY_VERIFY_WITH_TIMEOUT(run.validated.count() == 1, 20000);
    QVERIFY2(clock.elapsed() < 15000, "the deadline did not stop the validator");
    QCOMPARE(run.verdict(), QStringLiteral("unavailable"));
    QVERIFY2(run.detail().contains(QStringLiteral("did not answer within 0.5 s")),
             qPrintable(run.detail()));
    QVERIFY(!run.controller.busy());
}

void tst_exportcontroller::cancelStopsTheRunningValidators()
{
    // A validator that would run for its whole 60 s deadline is stopped at once by Cancel, and its verdict
    // says the file was not checked.
    const FakeTool fake(QStringLiteral("docker-compose"), "#!/bin/sh\nexec sleep 120\n");
    ComposeExport run;
    QVERIFY(run.start());
    QVERIFY(run.controller.busy());
    QCOMPARE(run.verdict(), QStringLiteral("checking"));
    QElapsedTimer clock;
    clock.start();
    run.controller.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(run.validated.count() == 1, 10000);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!run.controller.busy());
    QCOMPARE(run.verdict(), QStringLiteral("cancelled"));
    QVERIFY(run.detail().contains(QStringLiteral("not checked")));
}

void tst_exportcontroller::keepsOnlyTheStartOfALongOutput()
{
    // 8 MB of complaint: the verdict keeps its start and says it was cut.
    const FakeTool fake(QStringLiteral("docker-compose"),
                        "#!/bin/sh\necho 'first line of the complaint'\nhead -c 8000000 /dev/zero | tr '\\0' x\nexit 1\n");
    ComposeExport run;
    QVERIFY(run.start());
    QTRY_VERIFY_WITH_TIMEOUT(run.validated.count() == 1, 60000);
    QCOMPARE(run.verdict(), QStringLiteral("rejected"));
    const QString detail = run.detail();
    QVERIFY2(detail.startsWith(QStringLiteral("first line of the complaint")), qPrintable(detail.left(200)));
    QVERIFY2(detail.endsWith(QStringLiteral("(output truncated)")), qPrintable(detail.right(200)));
    QVERIFY(detail.size() < 2100);
}

QTEST_GUILESS_MAIN(tst_exportcontroller)
#include "tst_exportcontroller.moc"
