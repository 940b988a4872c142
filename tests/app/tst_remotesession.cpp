// SPDX-License-Identifier: MIT
// RemoteSession, the Remote page's adapter, against real servers on loopback: its own OpenSSH sshd
// (tests/common/loopbacksshd.h), a redis-server, a listening socket that never speaks SSH (a slow host), and a
// closed port. No mocks: the session connects with libssh exactly as the window does.
#include "remotesession.h"

#include "../common/globalpoolfilled.h"
#include "../common/loopbackservers.h"
#include "../common/loopbacksshd.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** Waits for the run to end (finished) and returns how long it took. */
qint64 waitForRun(RemoteSession &remote, int timeoutMs = 30000)
{
    QElapsedTimer clock;
    clock.start();
    if (remote.busy()) {
        QSignalSpy finished(&remote, &RemoteSession::finished);
        finished.wait(timeoutMs);
    }
    return clock.elapsed();
}

} // namespace

class tst_RemoteSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aBadHostIsAUsageErrorAtOnce();
    void aClosedPortIsRefused();
    void aRunGoesOnWhileQtsGlobalPoolIsBusy();
    void anUnknownKeyIsAskedAboutAndNothingIsWritten();
    void acceptingTheKeyConnectsAndRecordsExactlyThatKey();
    void aChangedKeyIsRefusedAndCannotBeAccepted();
    void aKeyPassphraseIsAskedForAndUsedForOneRun();
    void cancelStopsASlowConnectPromptly();
    void useValueChangesThePlanAndUndoRestoresIt();
    void deliverWithoutABundleSaysSo();
    void deliverUploadsTheBundleAndRefusesAnExistingTargetWithoutForce();
    void aNewerRequestSupersedesTheRunningOne();

private:
    /** A RemoteSession pointed at the fixture's sshd with a known_hosts of its own (empty: the key is unknown). */
    void pointAt(RemoteSession &remote, const QString &knownHosts);

    LoopbackSshd m_sshd;
    QTemporaryDir m_scratch;
};

void tst_RemoteSession::initTestCase()
{
    QVERIFY2(m_sshd.start(), qPrintable(m_sshd.error()));
    QVERIFY(m_scratch.isValid());
}

void tst_RemoteSession::pointAt(RemoteSession &remote, const QString &knownHosts)
{
    remote.setHost(m_sshd.endpoint());
    remote.setIdentity(m_sshd.userKey());
    remote.setKnownHosts(knownHosts);
}

void tst_RemoteSession::aBadHostIsAUsageErrorAtOnce()
{
    RemoteSession remote;
    QSignalSpy busy(&remote, &RemoteSession::busyChanged);
    for (const auto &host : {QString(), QStringLiteral("alice@db 1"), QStringLiteral("db1:70000"), QStringLiteral("db1;reboot")}) {
        remote.setHost(host);
        remote.probe();
        QVERIFY(!remote.busy());
        QCOMPARE(remote.errorKind(), QStringLiteral("usage"));
        QVERIFY2(!remote.errorText().isEmpty(), qPrintable(host));
    }
    QCOMPARE(busy.count(), 0); // nothing was started
    // The control: a good host passes the check (and then fails to connect for its own reason).
    remote.setHost(QStringLiteral("127.0.0.1:%1").arg(loopback::freePort()));
    remote.probe();
    QVERIFY(remote.busy());
    waitForRun(remote);
    QVERIFY(remote.errorKind() != QStringLiteral("usage"));
}

void tst_RemoteSession::aClosedPortIsRefused()
{
    RemoteSession remote;
    const int port = loopback::freePort();
    remote.setHost(QStringLiteral("127.0.0.1:%1").arg(port));
    remote.setKnownHosts(m_scratch.filePath(QStringLiteral("refused_known_hosts")));
    remote.probe();
    QVERIFY(remote.busy());
    const qint64 took = waitForRun(remote);
    QVERIFY(!remote.busy());
    QCOMPARE(remote.errorKind(), QStringLiteral("refused"));
    QVERIFY2(remote.errorText().contains(QString::number(port)), qPrintable(remote.errorText()));
    QVERIFY(remote.hostKeyQuestion().isEmpty());
    QVERIFY(!remote.hasReport());
    QVERIFY2(took < 5000, qPrintable(QString::number(took)));
}

void tst_RemoteSession::aRunGoesOnWhileQtsGlobalPoolIsBusy()
{
    // Runs go to the window's own pool: a delivery in Qt's global pool would hold up every chart redraw.
    RemoteSession remote;
    remote.setHost(QStringLiteral("127.0.0.1:%1").arg(loopback::freePort()));
    remote.setKnownHosts(m_scratch.filePath(QStringLiteral("busy_known_hosts")));
    QSignalSpy finished(&remote, &RemoteSession::finished);
    bool done = false;
    {
        const GlobalPoolFilled busy;
        remote.probe();
        done = finished.wait(10000);
    }
    QVERIFY(done);
    QCOMPARE(remote.errorKind(), QStringLiteral("refused"));
}

void tst_RemoteSession::anUnknownKeyIsAskedAboutAndNothingIsWritten()
{
    RemoteSession remote;
    const QString knownHosts = m_scratch.filePath(QStringLiteral("unknown_known_hosts"));
    pointAt(remote, knownHosts);
    remote.probe();
    waitForRun(remote);
    QCOMPARE(remote.errorKind(), QStringLiteral("host-key-unknown"));
    const QVariantMap question = remote.hostKeyQuestion();
    QCOMPARE(question.value(QStringLiteral("fingerprint")).toString(), m_sshd.hostKeyFingerprint());
    QCOMPARE(question.value(QStringLiteral("type")).toString(), QStringLiteral("ssh-ed25519"));
    QCOMPARE(question.value(QStringLiteral("host")).toString(), m_sshd.knownHostsName());
    QCOMPARE(question.value(QStringLiteral("changed")).toBool(), false);
    QVERIFY2(readAll(knownHosts).isEmpty(), "an unanswered question wrote known_hosts");
    QVERIFY(!remote.hasReport());
    // Dismissed, the question is gone and nothing was written either.
    remote.dismissQuestion();
    QVERIFY(remote.hostKeyQuestion().isEmpty());
    QVERIFY(!remote.acceptHostKey());
    QVERIFY(readAll(knownHosts).isEmpty());
}

void tst_RemoteSession::acceptingTheKeyConnectsAndRecordsExactlyThatKey()
{
    RemoteSession remote;
    const QString knownHosts = m_scratch.filePath(QStringLiteral("accepted_known_hosts"));
    pointAt(remote, knownHosts);
    remote.probe();
    waitForRun(remote);
    QCOMPARE(remote.errorKind(), QStringLiteral("host-key-unknown"));
    QVERIFY(remote.acceptHostKey());
    QVERIFY(remote.busy());
    waitForRun(remote);
    QVERIFY2(remote.errorText().isEmpty(), qPrintable(remote.errorText()));
    QVERIFY(remote.hostKeyQuestion().isEmpty());
    QVERIFY(remote.hasReport());
    QVERIFY2(remote.statusText().contains(QStringLiteral("Probed")), qPrintable(remote.statusText()));
    // The recorded line is the server's key, under its known_hosts name.
    const QByteArray recorded = readAll(knownHosts);
    const QByteArray key = m_sshd.knownHostsLine().section(QLatin1Char(' '), 2, 2).toLatin1();
    QVERIFY2(recorded.contains(m_sshd.knownHostsName().toLatin1()) && recorded.contains(key), recorded.constData());
    // The host's facts are worded: the machine's rows are there.
    bool docker = false;
    for (const QVariant &row : remote.facts())
        docker |= row.toMap().value(QStringLiteral("label")).toString() == QStringLiteral("Docker engine");
    QVERIFY(docker);
    // Next time the key is known: no question.
    remote.probe();
    waitForRun(remote);
    QVERIFY2(remote.errorText().isEmpty(), qPrintable(remote.errorText()));
    QVERIFY(remote.hostKeyQuestion().isEmpty());
}

void tst_RemoteSession::aChangedKeyIsRefusedAndCannotBeAccepted()
{
    const QString knownHosts = m_scratch.filePath(QStringLiteral("changed_known_hosts"));
    // Another server's key under this server's name.
    LoopbackSshd other;
    QVERIFY2(other.start(), qPrintable(other.error()));
    QFile file(knownHosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write((m_sshd.knownHostsName() + QLatin1Char(' ') + other.knownHostsLine().section(QLatin1Char(' '), 1)).toUtf8() + '\n');
    file.close();
    const QByteArray before = readAll(knownHosts);

    RemoteSession remote;
    pointAt(remote, knownHosts);
    remote.probe();
    waitForRun(remote);
    QCOMPARE(remote.errorKind(), QStringLiteral("host-key-changed"));
    QCOMPARE(remote.hostKeyQuestion().value(QStringLiteral("changed")).toBool(), true);
    QCOMPARE(remote.hostKeyQuestion().value(QStringLiteral("fingerprint")).toString(), m_sshd.hostKeyFingerprint());
    QVERIFY(!remote.acceptHostKey());
    QVERIFY(!remote.busy());
    QCOMPARE(readAll(knownHosts), before);
}

void tst_RemoteSession::aKeyPassphraseIsAskedForAndUsedForOneRun()
{
    RemoteSession remote;
    pointAt(remote, m_sshd.knownHostsFile());
    remote.setIdentity(m_sshd.passphraseKey());
    remote.probe();
    waitForRun(remote);
    QCOMPARE(remote.errorKind(), QStringLiteral("authentication-failed"));
    QCOMPARE(remote.credentialQuestion().value(QStringLiteral("kind")).toString(), QStringLiteral("passphrase"));
    // A wrong answer is asked again.
    QVERIFY(remote.provideCredential(QStringLiteral("wrong")));
    waitForRun(remote);
    QCOMPARE(remote.errorKind(), QStringLiteral("authentication-failed"));
    QCOMPARE(remote.credentialQuestion().value(QStringLiteral("kind")).toString(), QStringLiteral("passphrase"));
    QVERIFY(remote.provideCredential(m_sshd.passphrase()));
    waitForRun(remote);
    QVERIFY2(remote.errorText().isEmpty(), qPrintable(remote.errorText()));
    QVERIFY(remote.hasReport());
    // Held for that run only: the next run asks again.
    remote.probe();
    waitForRun(remote);
    QCOMPARE(remote.credentialQuestion().value(QStringLiteral("kind")).toString(), QStringLiteral("passphrase"));
}

void tst_RemoteSession::cancelStopsASlowConnectPromptly()
{
    loopback::SilentListener silent;
    QVERIFY(silent.port() > 0);
    RemoteSession remote;
    remote.setHost(QStringLiteral("127.0.0.1:%1").arg(silent.port()));
    remote.setKnownHosts(m_scratch.filePath(QStringLiteral("silent_known_hosts")));
    remote.setConnectTimeout(60'000);
    remote.probe();
    // The control: the host really is slow, the run is still going after a second.
    QTest::qWait(1000);
    QVERIFY(remote.busy());
    QElapsedTimer clock;
    clock.start();
    remote.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!remote.busy(), 3000);
    const qint64 took = clock.elapsed();
    qInfo("cancel to idle: %lld ms", took);
    QVERIFY2(took < 2000, qPrintable(QString::number(took)));
    QCOMPARE(remote.errorKind(), QStringLiteral("cancelled"));
    QVERIFY2(remote.statusText().startsWith(QStringLiteral("Cancelled")), qPrintable(remote.statusText()));
    QVERIFY(remote.errorText().isEmpty());
}

void tst_RemoteSession::useValueChangesThePlanAndUndoRestoresIt()
{
    loopback::LoopbackRedis redis({QStringLiteral("--maxclients"), QStringLiteral("1234")});
    const auto redisStarted = redis.start();
    QVERIFY2(redisStarted.isEmpty(), qPrintable(redisStarted));
    PlanSession session{QString()};
    QVERIFY(session.loadPreset(QStringLiteral("high-availability")));
    const int planned = session.currentPlan().redis.maxClients;
    QVERIFY(planned != 1234);

    RemoteSession remote;
    remote.setSession(&session);
    pointAt(remote, m_sshd.knownHostsFile());
    remote.setRedisUrl(QStringLiteral("redis://127.0.0.1:%1/0").arg(redis.port()));
    remote.probe();
    waitForRun(remote);
    QVERIFY2(remote.errorText().isEmpty(), qPrintable(remote.errorText()));
    QVERIFY(remote.changeCount() > 0);
    int row = -1;
    for (const QVariant &fact : remote.facts()) {
        const QVariantMap map = fact.toMap();
        if (map.value(QStringLiteral("pointer")).toString() == QStringLiteral("/redis/maxclients")) {
            QCOMPARE(map.value(QStringLiteral("observed")).toString(), QStringLiteral("1234"));
            QCOMPARE(map.value(QStringLiteral("planned")).toString(), QString::number(planned));
            QVERIFY(map.value(QStringLiteral("usable")).toBool());
            row = map.value(QStringLiteral("index")).toInt();
        }
    }
    QVERIFY2(row >= 0, "no maxclients row");
    const int changesBefore = remote.changeCount();
    QVERIFY(remote.useValue(row));
    QCOMPARE(session.currentPlan().redis.maxClients, 1234);
    QVERIFY(session.undoText().contains(QStringLiteral("maxclients")));
    // The plan agrees now: that row is no longer offered.
    QCOMPARE(remote.changeCount(), changesBefore - 1);
    session.undo();
    QCOMPARE(session.currentPlan().redis.maxClients, planned);
    QCOMPARE(remote.changeCount(), changesBefore);
    // Use all: one undo step for every value.
    QVERIFY(remote.useAllValues());
    QCOMPARE(session.currentPlan().redis.maxClients, 1234);
    QCOMPARE(remote.changeCount(), 0);
    session.undo();
    QCOMPARE(session.currentPlan().redis.maxClients, planned);
    QCOMPARE(remote.changeCount(), changesBefore);
    // The control: a value out of range is not offered as "usable" blindly — a bad index changes nothing.
    QVERIFY(!remote.useValue(changesBefore));
    QCOMPARE(session.currentPlan().redis.maxClients, planned);
}

void tst_RemoteSession::deliverWithoutABundleSaysSo()
{
    RemoteSession remote;
    pointAt(remote, m_sshd.knownHostsFile());
    remote.setTargetDirectory(m_scratch.filePath(QStringLiteral("target")));
    remote.deliver(false);
    QVERIFY(!remote.busy());
    QCOMPARE(remote.errorKind(), QStringLiteral("usage"));
    QVERIFY2(remote.errorText().contains(QStringLiteral("bundle")), qPrintable(remote.errorText()));
    // A folder that is not there is said before connecting, naming it.
    remote.setBundleFolder(m_scratch.filePath(QStringLiteral("no-such-bundle")));
    remote.deliver(false);
    waitForRun(remote);
    QVERIFY2(remote.errorText().contains(QStringLiteral("no-such-bundle")), qPrintable(remote.errorText()));
    QVERIFY(!QFileInfo::exists(m_scratch.filePath(QStringLiteral("target"))));
}

void tst_RemoteSession::deliverUploadsTheBundleAndRefusesAnExistingTargetWithoutForce()
{
    // A small bundle with a secret file, delivered by the loopback sshd into a folder of this machine.
    const QString bundle = m_scratch.filePath(QStringLiteral("bundle"));
    QVERIFY(QDir().mkpath(bundle + QStringLiteral("/deploy")));
    const auto write = [&](const QString &name, const QByteArray &text, QFile::Permissions mode) {
        QFile file(bundle + QLatin1Char('/') + name);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
        file.close();
        QVERIFY(file.setPermissions(mode));
    };
    write(QStringLiteral("compose.yaml"), QByteArray(200 * 1024, 'x'), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    write(QStringLiteral(".env"), "WEBUI_SECRET_KEY='s'\n", QFile::ReadOwner | QFile::WriteOwner);
    write(QStringLiteral("deploy/compose.sh"), "#!/bin/sh\n", QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QString target = m_scratch.filePath(QStringLiteral("delivered"));

    RemoteSession remote;
    pointAt(remote, m_sshd.knownHostsFile());
    remote.setBundleFolder(bundle);
    remote.setTargetDirectory(target);
    QSignalSpy progress(&remote, &RemoteSession::progressChanged);
    remote.deliver(false);
    QVERIFY(remote.busy());
    waitForRun(remote);
    QVERIFY2(remote.errorText().isEmpty(), qPrintable(remote.errorText()));
    QVERIFY2(remote.statusText().startsWith(QStringLiteral("Delivered 3 files")), qPrintable(remote.statusText()));
    QVERIFY(progress.count() >= 2);
    QCOMPARE(remote.progress(), 1.0);
    QCOMPARE(QFileInfo(target + QStringLiteral("/compose.yaml")).size(), 200 * 1024);
    QCOMPARE(QFileInfo(target + QStringLiteral("/.env")).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());

    // Again without force: refused, and the target is the one delivered before.
    remote.deliver(false);
    waitForRun(remote);
    QCOMPARE(remote.errorKind(), QStringLiteral("target-exists"));
    // With force it is replaced whole.
    QFile::remove(bundle + QStringLiteral("/deploy/compose.sh"));
    remote.deliver(true);
    waitForRun(remote);
    QVERIFY2(remote.errorText().isEmpty(), qPrintable(remote.errorText()));
    QVERIFY2(remote.statusText().contains(QStringLiteral("replacing")), qPrintable(remote.statusText()));
    QVERIFY(!QFileInfo::exists(target + QStringLiteral("/deploy/compose.sh")));
}

void tst_RemoteSession::aNewerRequestSupersedesTheRunningOne()
{
    loopback::SilentListener silent;
    RemoteSession remote;
    remote.setKnownHosts(m_scratch.filePath(QStringLiteral("superseded_known_hosts")));
    remote.setHost(QStringLiteral("127.0.0.1:%1").arg(silent.port()));
    remote.probe();
    QVERIFY(remote.busy());
    QSignalSpy finished(&remote, &RemoteSession::finished);
    const int closed = loopback::freePort();
    remote.setHost(QStringLiteral("127.0.0.1:%1").arg(closed));
    remote.probe();
    waitForRun(remote);
    QCOMPARE(remote.errorKind(), QStringLiteral("refused"));
    QVERIFY(remote.errorText().contains(QString::number(closed)));
    // The first run was stopped, and its end (cancelled) is not shown in place of the newer one's.
    QTest::qWait(300);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(remote.errorKind(), QStringLiteral("refused"));
}

QTEST_GUILESS_MAIN(tst_RemoteSession)
#include "tst_remotesession.moc"
