// SPDX-License-Identifier: MIT
// AuditSession, the Import page's adapter: audits off the GUI thread, a newer request supersedes an older
// one, excerpts are bounded and show what the file holds, and continuing hands the plan to PlanSession.
#include "auditsession.h"
#include "plansession.h"

#include "../common/globalpoolfilled.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <sys/types.h>

class TestAuditSession : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    static QString data(const char *name) { return QStringLiteral(TEST_DATA_DIR "/import/page/") + QLatin1String(name); }

private Q_SLOTS:
    void excerptShowsThreeLinesEitherSideAndMarksTheLine()
    {
        QByteArray text;
        for (int i = 1; i <= 20; ++i)
            text += "line " + QByteArray::number(i) + "\n";
        const auto excerpt = AuditSession::excerpt(write(QStringLiteral("twenty.yaml"), text), 10);
        QCOMPARE(excerpt.note, QString());
        QCOMPARE(excerpt.lines.size(), 7);
        for (int i = 0; i < 7; ++i) {
            const auto line = excerpt.lines.at(i).toMap();
            QCOMPARE(line.value(QStringLiteral("number")).toInt(), 7 + i);
            QCOMPARE(line.value(QStringLiteral("text")).toString(), QStringLiteral("line %1").arg(7 + i));
            QCOMPARE(line.value(QStringLiteral("decisive")).toBool(), 7 + i == 10);
        }
        // At the edges the window is cut, never padded.
        const auto first = AuditSession::excerpt(m_dir.filePath(QStringLiteral("twenty.yaml")), 1);
        QCOMPARE(first.lines.size(), 4);
        QCOMPARE(first.lines.first().toMap().value(QStringLiteral("number")).toInt(), 1);
        const auto last = AuditSession::excerpt(m_dir.filePath(QStringLiteral("twenty.yaml")), 20);
        QCOMPARE(last.lines.size(), 4);
        QCOMPARE(last.lines.last().toMap().value(QStringLiteral("number")).toInt(), 20);
    }

    void excerptShowsTabsAndControlCharactersAndCutsLongLines()
    {
        const QByteArray longLine = "key: " + QByteArray(100000, 'x');
        const QString path = write(QStringLiteral("hostile.yaml"),
                                   "a:\tb\r\nesc: \x1b[31mred\r\nbidi: \xe2\x80\xae" "abc\r\n" + longLine + "\r\nend\r\n");
        const auto excerpt = AuditSession::excerpt(path, 2);
        QCOMPARE(excerpt.lines.size(), 5);
        const auto text = [&excerpt](int at) { return excerpt.lines.at(at).toMap().value(QStringLiteral("text")).toString(); };
        QCOMPARE(text(0), QStringLiteral("a:→b"));                      // the tab, and no ␍ from the CRLF ending
        QCOMPARE(text(1), QStringLiteral("esc: ␛[31mred"));
        QCOMPARE(text(2), QStringLiteral("bidi: \ufffdabc"));          // a right-to-left override never acts
        QCOMPARE(text(3).size(), AuditSession::kExcerptLineChars + 1);  // cut, with an ellipsis
        QVERIFY(text(3).endsWith(QChar(0x2026)));
        for (int at = 0; at < 5; ++at)
            for (const QChar c : text(at))
                QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(text(at)));
    }

    void excerptNeverWaitsOnAFifoAndSaysWhyNothingIsShown()
    {
        const QString fifo = m_dir.filePath(QStringLiteral("fifo.yaml"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const auto excerpt = AuditSession::excerpt(fifo, 3);
        QVERIFY(excerpt.lines.isEmpty());
        QVERIFY2(excerpt.note.contains(QStringLiteral("fifo.yaml")), qPrintable(excerpt.note));
        const auto missing = AuditSession::excerpt(m_dir.filePath(QStringLiteral("twenty.yaml")), 400);
        QVERIFY(missing.lines.isEmpty());
        QVERIFY2(missing.note.contains(QStringLiteral("no line 400")), qPrintable(missing.note));
    }

    void aFileThatIsNotADeploymentIsAnErrorNamingIt()
    {
        AuditSession audit;
        QAbstractItemModelTester tester(audit.findings(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&audit, &AuditSession::finished);
        audit.open({QUrl::fromLocalFile(data("not-a-deployment.yaml"))});
        QVERIFY(audit.busy());
        QVERIFY(finished.wait(10000));
        QVERIFY(!audit.busy());
        QVERIFY(!audit.hasReport());
        QVERIFY2(audit.errorText().contains(QStringLiteral("not-a-deployment.yaml")), qPrintable(audit.errorText()));
        QVERIFY2(audit.errorText().contains(QStringLiteral("no Open WebUI found")), qPrintable(audit.errorText()));
        QCOMPARE(audit.findings()->rowCount(), 0);
        QVERIFY(!audit.continueAsPlan());
    }

    void anAuditRunsWhileQtsGlobalPoolIsBusy()
    {
        // Audits run in the window's own pool: Qt's global pool is Qt Gui's, and the GUI thread waits on it.
        AuditSession audit;
        QSignalSpy finished(&audit, &AuditSession::finished);
        bool done = false;
        {
            const GlobalPoolFilled busy;
            audit.open({QUrl::fromLocalFile(data("not-a-deployment.yaml"))});
            done = finished.wait(10000);
        }
        QVERIFY(done);
        QVERIFY(audit.errorText().contains(QStringLiteral("not-a-deployment.yaml")));
    }

    void aNewerRequestSupersedesAnOlderOne()
    {
        AuditSession audit;
        QSignalSpy finished(&audit, &AuditSession::finished);
        QSignalSpy reports(&audit, &AuditSession::reportChanged);
        const QString missing = m_dir.filePath(QStringLiteral("gone.yaml"));
        audit.open({QUrl::fromLocalFile(data("not-a-deployment.yaml"))});
        audit.open({QUrl::fromLocalFile(missing)}); // before the first can report: its answer is dropped
        QVERIFY(finished.wait(10000));
        QTest::qWait(200); // room for the first request's answer, which must not arrive
        QCOMPARE(finished.count(), 1);
        QCOMPARE(reports.count(), 1);
        QVERIFY2(audit.errorText().contains(QStringLiteral("gone.yaml")), qPrintable(audit.errorText()));
        QVERIFY(!audit.errorText().contains(QStringLiteral("not-a-deployment")));
        QCOMPARE(audit.files().size(), 1);
        QCOMPARE(audit.files().first().toMap().value(QStringLiteral("name")).toString(), QStringLiteral("gone.yaml"));
    }

    void addAndRemoveKeepOneListOfFiles()
    {
        AuditSession audit;
        QSignalSpy finished(&audit, &AuditSession::finished);
        audit.open({QUrl::fromLocalFile(data("not-a-deployment.yaml"))});
        audit.addFiles({QUrl::fromLocalFile(data("compose.yaml")), QUrl::fromLocalFile(data("not-a-deployment.yaml"))});
        QCOMPARE(audit.files().size(), 2); // the same file twice is one file
        QVERIFY(finished.wait(10000));
        audit.removeFile(0);
        QCOMPARE(audit.files().size(), 1);
        QCOMPARE(audit.files().first().toMap().value(QStringLiteral("name")).toString(), QStringLiteral("compose.yaml"));
        QVERIFY(finished.wait(10000));
        audit.removeFile(0);
        QVERIFY(audit.files().isEmpty());
        QVERIFY(!audit.busy());
        QCOMPARE(audit.errorText(), QString());
    }

    void adoptedPlanIsNewUnsavedAndNamed()
    {
        PlanSession session;
        QVERIFY(session.loadPreset(QStringLiteral("high-availability")));
        planner::Plan plan;
        plan.name = "Audited deployment";
        plan.replicas = 3;
        plan.auditOrigin = planner::AuditOrigin{{"compose.yaml"}, {{"/replicas", "3"}}, {"/workers"}, {}};
        QSignalSpy modified(&session, &PlanSession::modifiedChanged);
        session.adoptPlan(plan, QStringLiteral("Audited compose.yaml"));
        QVERIFY(session.modified());
        QVERIFY(!modified.isEmpty());
        QVERIFY(!session.canUndo());
        QCOMPARE(session.filePath(), QString());
        QCOMPARE(session.planName(), QStringLiteral("Audited compose.yaml"));
        QCOMPARE(session.currentPlan().replicas, 3);
        QVERIFY(session.currentPlan().auditOrigin.has_value());
        QCOMPARE(session.currentPlan().auditOrigin->files.front(), std::string("compose.yaml"));
        // A name the plan file would refuse (a control character from a file name) keeps the audit's own.
        session.adoptPlan(plan, QStringLiteral("Audited \x1b[2Jx.yaml"));
        QCOMPARE(session.planName(), QStringLiteral("Audited deployment"));
    }
};

QTEST_GUILESS_MAIN(TestAuditSession)
#include "tst_auditsession.moc"
