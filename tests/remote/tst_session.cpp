// SPDX-License-Identifier: MIT
// remote::Session against a real OpenSSH sshd on 127.0.0.1 (started here, stopped by its pid): host keys,
// authentication (key, passphrase, agent), the jump host, commands with hostile arguments, timeouts, cancel.
#include "../common/loopbacksshd.h"

#include "remote/endpoint.h"
#include "remote/session.h"
#include "remote/shell.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTest>

#include <sys/stat.h>

#include <thread>

using remote::FailureKind;

namespace QTest {
template <>
char *toString(const remote::CredentialRequest::Kind &kind)
{
    return qstrdup(kind == remote::CredentialRequest::Kind::Password ? "Password" : "KeyPassphrase");
}
} // namespace QTest

namespace {

std::string str(const QString &text) { return text.toStdString(); }
QString qstr(const std::string &text) { return QString::fromStdString(text); }
// QCOMPARE on FailureKind itself would find remote::toString (a string_view) by ADL instead of QTest's.
QString kindName(FailureKind kind) { return QString::fromUtf8(remote::toString(kind).data(), qsizetype(remote::toString(kind).size())); }

/** `sleep 30` on the host, with a stop requested from another thread after 300 ms: the result and the ms it took. */
std::pair<remote::Result<remote::CommandResult>, qint64> sleepCancelledAfter300ms(remote::Session &session)
{
    std::stop_source stop;
    std::thread canceller([&stop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        stop.request_stop();
    });
    QElapsedTimer clock;
    clock.start();
    auto result = session.run({"sleep", "30"}, {}, stop.get_token());
    const auto elapsed = clock.elapsed();
    canceller.join();
    return {std::move(result), elapsed};
}

/** Sets an environment variable for one scope and puts the old value back. */
class ScopedEnv {
public:
    ScopedEnv(const char *name, const QByteArray &value) : m_name(name), m_had(qEnvironmentVariableIsSet(name)), m_old(qgetenv(name))
    {
        qputenv(name, value);
    }
    ~ScopedEnv()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_had;
    QByteArray m_old;
};

} // namespace

class tst_session : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void parseEndpoint_data();
    void parseEndpoint();
    void parseRemoteDirectory_data();
    void parseRemoteDirectory();

    void connectsAndRunsCommands();
    void outputLimitTruncatesAndStreams();
    void hostileArgumentsArriveIntact_data();
    void hostileArgumentsArriveIntact();
    void unquotedJoinWouldBeInjected();

    void unknownHostKeyRefusedWithoutConsent();
    void unknownHostKeyAcceptedAndRecorded();
    void changedHostKeyAlwaysRefused();
    void wrongKeyFailsAuthentication();
    void unreadableKeyIsALocalFailure();
    void passphraseKeyAsksForThePassphrase();
    void agentAuthenticates();
    void jumpHostTunnelsToTheTarget();

    void refusedPortIsRefused();
    void silentServerTimesOut();
    void commandTimeoutKeepsTheSessionUsable();
    void cancelStopsARunningCommand();
    void cancelStopsAConnect();
    void killedServerSessionFailsTheCommand();

private:
    remote::ConnectOptions options() const;

    LoopbackSshd m_sshd;
    QTemporaryDir m_scratch;
};

void tst_session::initTestCase()
{
    QVERIFY2(m_sshd.start(), qPrintable(m_sshd.error()));
    QVERIFY(m_scratch.isValid());
}

remote::ConnectOptions tst_session::options() const
{
    remote::ConnectOptions options;
    options.endpoint = {str(m_sshd.user()), str(m_sshd.host()), m_sshd.port()};
    options.identity = str(m_sshd.userKey());
    options.knownHosts = str(m_sshd.knownHostsFile());
    options.connectTimeout = std::chrono::milliseconds(10'000);
    return options;
}

// ---------------------------------------------------------------------------------------------- parsing

void tst_session::parseEndpoint_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");

    QTest::newRow("host") << "db1" << true << "" << "db1" << 22;
    QTest::newRow("user, host, port") << "alice@db.example.org:2222" << true << "alice" << "db.example.org" << 2222;
    QTest::newRow("ipv6 with port") << "[::1]:2200" << true << "" << "::1" << 2200;
    QTest::newRow("user at ipv6") << "bob@[fe80::1]" << true << "bob" << "fe80::1" << 22;
    QTest::newRow("empty") << "" << false << "" << "" << 0;
    QTest::newRow("port 0") << "host:0" << false << "" << "" << 0;
    QTest::newRow("port 65536") << "host:65536" << false << "" << "" << 0;
    QTest::newRow("port with letters") << "host:22x" << false << "" << "" << 0;
    QTest::newRow("missing port") << "host:" << false << "" << "" << 0;
    QTest::newRow("missing user") << "@host" << false << "" << "" << 0;
    QTest::newRow("space in user") << "ali ce@host" << false << "" << "" << 0;
    QTest::newRow("quote in user") << "'x'@host" << false << "" << "" << 0;
    QTest::newRow("semicolon in host") << "host;rm -rf ~" << false << "" << "" << 0;
    QTest::newRow("command substitution") << "$(reboot)" << false << "" << "" << 0;
    QTest::newRow("backticks in user") << "`id`@host" << false << "" << "" << 0;
    QTest::newRow("option as host") << "-oProxyCommand=touch_x" << false << "" << "" << 0;
    QTest::newRow("newline") << "host\nevil" << false << "" << "" << 0;
    QTest::newRow("unclosed bracket") << "[::1" << false << "" << "" << 0;
}

void tst_session::parseEndpoint()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto parsed = remote::parseEndpoint(str(text));
    QCOMPARE(parsed.has_value(), valid);
    if (!valid) {
        QCOMPARE(kindName(parsed.error().kind), kindName(FailureKind::Usage));
        QVERIFY(!parsed.error().message.empty());
        return;
    }
    QFETCH(QString, user);
    QFETCH(QString, host);
    QFETCH(int, port);
    QCOMPARE(qstr(parsed->user), user);
    QCOMPARE(qstr(parsed->host), host);
    QCOMPARE(parsed->port, port);
}

void tst_session::parseRemoteDirectory_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("directory");

    QTest::newRow("absolute") << "host:/srv/owui" << true << "host" << 22 << "/srv/owui";
    QTest::newRow("port and hostile folder name") << "alice@host:2222:/srv/o'w ui;$(x)" << true << "host" << 2222
                                                  << "/srv/o'w ui;$(x)";
    QTest::newRow("relative, trailing slash") << "host:deploy/owui/" << true << "host" << 22 << "deploy/owui";
    QTest::newRow("ipv6") << "[::1]:2200:/srv" << true << "::1" << 2200 << "/srv";
    QTest::newRow("no directory") << "host" << false << "" << 0 << "";
    QTest::newRow("empty directory") << "host:" << false << "" << 0 << "";
    QTest::newRow("root") << "host:/" << false << "" << 0 << "";
    QTest::newRow("root with slashes") << "host:///" << false << "" << 0 << "";
    QTest::newRow("parent") << "host:/srv/.." << false << "" << 0 << "";
    QTest::newRow("dot") << "host:." << false << "" << 0 << "";
    QTest::newRow("newline") << "host:/srv/a\nb" << false << "" << 0 << "";
    QTest::newRow("control character") << "host:/srv/a\x01" << false << "" << 0 << "";
    QTest::newRow("hostile host") << "h;id:/srv" << false << "" << 0 << "";
}

void tst_session::parseRemoteDirectory()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto parsed = remote::parseRemoteDirectory(str(text));
    QCOMPARE(parsed.has_value(), valid);
    if (!valid) {
        QCOMPARE(kindName(parsed.error().kind), kindName(FailureKind::Usage));
        return;
    }
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, directory);
    QCOMPARE(qstr(parsed->endpoint.host), host);
    QCOMPARE(parsed->endpoint.port, port);
    QCOMPARE(qstr(parsed->directory), directory);
}

// ---------------------------------------------------------------------------------------------- commands

void tst_session::connectsAndRunsCommands()
{
    auto session = remote::Session::connect(options());
    QVERIFY2(session, session ? "" : session.error().message.c_str());
    QVERIFY2(qstr(session->serverBanner()).contains(QStringLiteral("OpenSSH")), session->serverBanner().c_str());
    QCOMPARE(qstr(session->hostKey().fingerprint), m_sshd.hostKeyFingerprint()); // as `ssh-keygen -l` prints it
    QCOMPARE(qstr(session->hostKey().host), m_sshd.knownHostsName());
    QCOMPARE(qstr(session->hostKey().type), QStringLiteral("ssh-ed25519"));

    auto echo = session->run({"echo", "hello"});
    QVERIFY2(echo, echo ? "" : echo.error().message.c_str());
    QCOMPARE(qstr(echo->out), QStringLiteral("hello\n"));
    QCOMPARE(qstr(echo->err), QString());
    QCOMPARE(echo->exitStatus, 0);

    auto mixed = session->run({"sh", "-c", "echo to-out; echo to-err >&2; exit 3"});
    QVERIFY2(mixed, mixed ? "" : mixed.error().message.c_str());
    QCOMPARE(qstr(mixed->out), QStringLiteral("to-out\n"));
    QCOMPARE(qstr(mixed->err), QStringLiteral("to-err\n"));
    QCOMPARE(mixed->exitStatus, 3); // a result, not a failure

    remote::RunOptions withInput;
    withInput.input = "first line\nsecond 'line' $(x)\n";
    auto cat = session->run({"cat"}, withInput);
    QVERIFY2(cat, cat ? "" : cat.error().message.c_str());
    QCOMPARE(qstr(cat->out), qstr(withInput.input));
    QCOMPARE(cat->exitStatus, 0);

    // without input the command reads EOF at once instead of waiting for the timeout
    remote::RunOptions quick;
    quick.timeout = std::chrono::milliseconds(5000);
    auto emptyInput = session->run({"wc", "-c"}, quick);
    QVERIFY2(emptyInput, emptyInput ? "" : emptyInput.error().message.c_str());
    QCOMPARE(qstr(emptyInput->out).trimmed(), QStringLiteral("0"));
}

void tst_session::outputLimitTruncatesAndStreams()
{
    auto session = remote::Session::connect(options());
    QVERIFY2(session, session ? "" : session.error().message.c_str());

    remote::RunOptions limited;
    limited.outputLimit = 1000;
    std::size_t streamed = 0;
    limited.onOutput = [&](std::string_view chunk, bool isStderr) {
        if (!isStderr)
            streamed += chunk.size();
    };
    auto result = session->run({"head", "-c", "100000", "/dev/zero"}, limited);
    QVERIFY2(result, result ? "" : result.error().message.c_str());
    QCOMPARE(result->out.size(), std::size_t(1000));
    QVERIFY(result->outTruncated);
    QVERIFY(!result->errTruncated);
    QCOMPARE(streamed, std::size_t(100000)); // the callback sees everything, the result keeps the limit

    auto whole = session->run({"head", "-c", "100000", "/dev/zero"});
    QVERIFY2(whole, whole ? "" : whole.error().message.c_str());
    QCOMPARE(whole->out.size(), std::size_t(100000));
    QVERIFY(!whole->outTruncated);
}

void tst_session::hostileArgumentsArriveIntact_data()
{
    QTest::addColumn<QString>("argument");
    QTest::newRow("plain") << "plain";
    QTest::newRow("spaces") << "two  words ";
    QTest::newRow("single quote") << "it's";
    QTest::newRow("double quotes") << "\"double\"";
    QTest::newRow("semicolon") << "a; touch INJECTED";
    QTest::newRow("command substitution") << "$(touch INJECTED)";
    QTest::newRow("backticks") << "`touch INJECTED`";
    QTest::newRow("newline") << "line1\nline2; touch INJECTED";
    QTest::newRow("variable") << "$HOME ${PATH}";
    QTest::newRow("glob") << "*";
    QTest::newRow("empty") << "";
    QTest::newRow("option") << "-n";
    QTest::newRow("backslashes") << "back\\slash\\";
    QTest::newRow("pipes and redirects") << "|& > /tmp/x < y";
    QTest::newRow("all quotes") << "'\"'`'\"";
    QTest::newRow("utf-8") << QStringLiteral("h\u00e9t\u00e9rog\u00e8ne \u2603");
}

void tst_session::hostileArgumentsArriveIntact()
{
    QFETCH(QString, argument);
    const QString marker = m_scratch.filePath(QStringLiteral("injected-%1").arg(QTest::currentDataTag()).replace(' ', '-'));
    const std::string hostile = str(QString(argument).replace(QStringLiteral("INJECTED"), marker));

    auto session = remote::Session::connect(options());
    QVERIFY2(session, session ? "" : session.error().message.c_str());
    // Each argument printed back NUL-terminated by the remote shell: exactly what arrived as $1, $2, ...
    const std::vector<std::string> arguments{hostile, "second", hostile};
    std::vector<std::string> argv{"sh", "-c", "printf '%s\\0' \"$@\"", "sh"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    auto result = session->run(argv);
    QVERIFY2(result, result ? "" : result.error().message.c_str());
    QCOMPARE(result->exitStatus, 0);
    std::vector<std::string> received;
    std::string_view out = result->out;
    while (!out.empty()) {
        const auto end = out.find('\0');
        QVERIFY(end != std::string_view::npos);
        received.emplace_back(out.substr(0, end));
        out.remove_prefix(end + 1);
    }
    QCOMPARE(received, arguments);
    QVERIFY2(!QFileInfo::exists(marker), "an argument ran as a command");
}

void tst_session::unquotedJoinWouldBeInjected()
{
    // The control: the same kind of argument joined without quoting does run as a command on the host.
    const QString marker = m_scratch.filePath(QStringLiteral("injected-by-unquoted-join"));
    const std::string hostile = "$(touch " + str(marker) + ")";
    auto session = remote::Session::connect(options());
    QVERIFY2(session, session ? "" : session.error().message.c_str());
    auto result = session->run({"sh", "-c", "printf '%s\\0' " + hostile});
    QVERIFY2(result, result ? "" : result.error().message.c_str());
    QVERIFY2(QFileInfo::exists(marker), "the unquoted control did not run the substitution");
    QVERIFY(result->out != hostile + '\0'); // and the argument did not arrive
    auto broken = session->run({"sh", "-c", "printf '%s\\0' it's"}); // a lone quote breaks the whole line
    QVERIFY2(broken, broken ? "" : broken.error().message.c_str());
    QVERIFY(broken->exitStatus != 0);
    // and the quoted form of the same arguments is one command line that keeps them
    QCOMPARE(qstr(remote::commandLine({"printf", hostile})), QStringLiteral("'printf' '$(touch %1)'").arg(marker));
}

// ---------------------------------------------------------------------------------------------- host keys

void tst_session::unknownHostKeyRefusedWithoutConsent()
{
    const QString folder = m_scratch.filePath(QStringLiteral("unknown/ssh"));
    auto opts = options();
    opts.knownHosts = str(folder + QStringLiteral("/known_hosts"));

    auto refused = remote::Session::connect(opts);
    QVERIFY(!refused);
    QCOMPARE(kindName(refused.error().kind), kindName(FailureKind::HostKeyUnknown));
    QCOMPARE(qstr(refused.error().hostKey.fingerprint), m_sshd.hostKeyFingerprint());
    QCOMPARE(qstr(refused.error().hostKey.host), m_sshd.knownHostsName());
    QVERIFY(qstr(refused.error().message).contains(m_sshd.hostKeyFingerprint()));

    int asked = 0;
    remote::HostKey shown;
    opts.trustUnknownHostKey = [&](const remote::HostKey &key) {
        ++asked;
        shown = key;
        return false;
    };
    auto declined = remote::Session::connect(opts);
    QVERIFY(!declined);
    QCOMPARE(kindName(declined.error().kind), kindName(FailureKind::HostKeyUnknown));
    QCOMPARE(asked, 1);
    QCOMPARE(qstr(shown.fingerprint), m_sshd.hostKeyFingerprint());
    QVERIFY2(!QFileInfo::exists(folder), "a declined key must not create known_hosts or its folder");
}

void tst_session::unknownHostKeyAcceptedAndRecorded()
{
    const QString folder = m_scratch.filePath(QStringLiteral("accepted/ssh"));
    const QString file = folder + QStringLiteral("/known_hosts");
    auto opts = options();
    opts.knownHosts = str(file);
    int asked = 0;
    opts.trustUnknownHostKey = [&](const remote::HostKey &key) {
        ++asked;
        return qstr(key.fingerprint) == m_sshd.hostKeyFingerprint();
    };
    {
        auto session = remote::Session::connect(opts);
        QVERIFY2(session, session ? "" : session.error().message.c_str());
        QCOMPARE(asked, 1);
    }
    QFile written(file);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY2(QString::fromUtf8(written.readAll()).contains(m_sshd.knownHostsLine()), qPrintable(m_sshd.knownHostsLine()));
    struct stat info {};
    QCOMPARE(::stat(folder.toLocal8Bit().constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0700));

    auto again = remote::Session::connect(opts);
    QVERIFY2(again, again ? "" : again.error().message.c_str());
    QCOMPARE(asked, 1); // known now: no second question
}

void tst_session::changedHostKeyAlwaysRefused()
{
    LoopbackSshd sshd; // its own server: the host key changes
    QVERIFY2(sshd.start(), qPrintable(sshd.error()));
    auto opts = options();
    opts.endpoint.port = sshd.port();
    opts.identity = str(sshd.userKey());
    const QString oldKnownHosts = m_scratch.filePath(QStringLiteral("changed_known_hosts"));
    QFile::remove(oldKnownHosts);
    QVERIFY(QFile::copy(sshd.knownHostsFile(), oldKnownHosts));
    opts.knownHosts = str(oldKnownHosts);
    {
        auto before = remote::Session::connect(opts);
        QVERIFY2(before, before ? "" : before.error().message.c_str()); // the control: the old key works
    }
    const QString oldFingerprint = sshd.hostKeyFingerprint();
    QVERIFY2(sshd.restartWithNewHostKey(), qPrintable(sshd.error()));
    QVERIFY(sshd.hostKeyFingerprint() != oldFingerprint);

    int asked = 0;
    opts.trustUnknownHostKey = [&](const remote::HostKey &) {
        ++asked;
        return true; // even a caller that trusts everything new cannot accept a changed key
    };
    auto refused = remote::Session::connect(opts);
    QVERIFY(!refused);
    QCOMPARE(kindName(refused.error().kind), kindName(FailureKind::HostKeyChanged));
    QCOMPARE(asked, 0);
    QCOMPARE(qstr(refused.error().hostKey.fingerprint), sshd.hostKeyFingerprint());
    const QString message = qstr(refused.error().message);
    QVERIFY2(message.contains(QStringLiteral("impersonat")), qPrintable(message));
    QVERIFY2(message.contains(oldKnownHosts + QStringLiteral(" line 1")), qPrintable(message));
    QVERIFY2(message.contains(sshd.hostKeyFingerprint()), qPrintable(message));
    QFile file(oldKnownHosts);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!QString::fromUtf8(file.readAll()).contains(sshd.knownHostsLine())); // nothing recorded
}

// ---------------------------------------------------------------------------------------------- authentication

void tst_session::wrongKeyFailsAuthentication()
{
    auto opts = options();
    opts.identity = str(m_sshd.unauthorizedKey());
    int passwordsAsked = 0;
    opts.askCredential = [&](const remote::CredentialRequest &) -> std::optional<remote::Secret> {
        ++passwordsAsked;
        return remote::Secret("never-sent");
    };
    auto refused = remote::Session::connect(opts);
    QVERIFY(!refused);
    QCOMPARE(kindName(refused.error().kind), kindName(FailureKind::AuthenticationFailed));
    const QString message = qstr(refused.error().message);
    QVERIFY2(message.contains(m_sshd.endpoint()), qPrintable(message));
    QVERIFY2(message.contains(m_sshd.unauthorizedKey()), qPrintable(message));
    QCOMPARE(passwordsAsked, 0); // the server offers no password login, so nobody is asked for one
    QVERIFY2(message.contains(QStringLiteral("publickey")), qPrintable(message)); // what the server accepts
}

void tst_session::unreadableKeyIsALocalFailure()
{
    auto opts = options();
    opts.identity = str(m_scratch.filePath(QStringLiteral("no-such-key")));
    auto missing = remote::Session::connect(opts);
    QVERIFY(!missing);
    QCOMPARE(kindName(missing.error().kind), kindName(FailureKind::Local));

    opts.identity = str(m_sshd.userKey() + QStringLiteral(".pub")); // a public key is no private key
    auto wrongFile = remote::Session::connect(opts);
    QVERIFY(!wrongFile);
    QCOMPARE(kindName(wrongFile.error().kind), kindName(FailureKind::Local));
}

void tst_session::passphraseKeyAsksForThePassphrase()
{
    auto opts = options();
    opts.identity = str(m_sshd.passphraseKey());
    const std::string passphrase = str(m_sshd.passphrase());

    auto noPrompt = remote::Session::connect(opts); // nobody to ask
    QVERIFY(!noPrompt);
    QCOMPARE(kindName(noPrompt.error().kind), kindName(FailureKind::AuthenticationFailed));

    std::vector<remote::CredentialRequest> requests;
    opts.askCredential = [&](const remote::CredentialRequest &request) -> std::optional<remote::Secret> {
        requests.push_back(request);
        return remote::Secret(passphrase);
    };
    auto session = remote::Session::connect(opts);
    QVERIFY2(session, session ? "" : session.error().message.c_str());
    QCOMPARE(requests.size(), std::size_t(1));
    QCOMPARE(requests.front().kind, remote::CredentialRequest::Kind::KeyPassphrase);
    QCOMPARE(qstr(requests.front().subject), m_sshd.passphraseKey());

    opts.askCredential = [](const remote::CredentialRequest &) -> std::optional<remote::Secret> { return std::nullopt; };
    auto declined = remote::Session::connect(opts);
    QVERIFY(!declined);
    QCOMPARE(kindName(declined.error().kind), kindName(FailureKind::AuthenticationFailed));
    QVERIFY(qstr(declined.error().message).contains(m_sshd.passphraseKey()));

    const std::string wrong = "wrong-passphrase-9f3c";
    opts.askCredential = [&](const remote::CredentialRequest &) -> std::optional<remote::Secret> { return remote::Secret(wrong); };
    auto wrongAnswer = remote::Session::connect(opts);
    QVERIFY(!wrongAnswer);
    QCOMPARE(kindName(wrongAnswer.error().kind), kindName(FailureKind::AuthenticationFailed));
    QVERIFY(wrongAnswer.error().message.find(wrong) == std::string::npos);
    QVERIFY(wrongAnswer.error().describe().find(wrong) == std::string::npos);
}

void tst_session::agentAuthenticates()
{
    loopback::SshAgent agent;
    QVERIFY(agent.start());
    QTemporaryDir emptyHome; // no ~/.ssh default keys to fall back on
    const ScopedEnv sock("SSH_AUTH_SOCK", agent.socket().toLocal8Bit());
    const ScopedEnv home("HOME", emptyHome.path().toLocal8Bit());
    auto opts = options();
    opts.identity.clear();

    auto empty = remote::Session::connect(opts); // the control: an agent without the key
    QVERIFY(!empty);
    QCOMPARE(kindName(empty.error().kind), kindName(FailureKind::AuthenticationFailed));
    QVERIFY2(qstr(empty.error().message).contains(QStringLiteral("agent")), empty.error().message.c_str());

    QString error;
    QVERIFY2(agent.add(m_sshd.userKey(), &error), qPrintable(error));
    auto session = remote::Session::connect(opts);
    QVERIFY2(session, session ? "" : session.error().message.c_str());
    auto echo = session->run({"echo", "via-agent"});
    QVERIFY2(echo, echo ? "" : echo.error().message.c_str());
    QCOMPARE(qstr(echo->out), QStringLiteral("via-agent\n"));
}

void tst_session::jumpHostTunnelsToTheTarget()
{
    const auto logins = [this] { return m_sshd.log().count(QStringLiteral("Accepted publickey for ")); };
    const int before = logins();
    auto opts = options();
    opts.jump = opts.endpoint; // through the same sshd to itself
    {
        auto session = remote::Session::connect(opts);
        QVERIFY2(session, session ? "" : session.error().message.c_str());
        QCOMPARE(logins(), before + 2); // the jump host and, through its channel, the target
        auto echo = session->run({"sh", "-c", "echo through-the-jump; echo err >&2"});
        QVERIFY2(echo, echo ? "" : echo.error().message.c_str());
        QCOMPARE(qstr(echo->out), QStringLiteral("through-the-jump\n"));
        QCOMPARE(qstr(echo->err), QStringLiteral("err\n"));
        auto big = session->run({"head", "-c", "300000", "/dev/zero"});
        QVERIFY2(big, big ? "" : big.error().message.c_str());
        QCOMPARE(big->out.size(), std::size_t(300000));

        // a stop request reaches a command running through the tunnel too
        const auto [cancelled, elapsed] = sleepCancelledAfter300ms(*session);
        QVERIFY(!cancelled);
        QCOMPARE(kindName(cancelled.error().kind), kindName(FailureKind::Cancelled));
        QVERIFY2(elapsed < 1300, qPrintable(QString::number(elapsed)));
    } // the destructor joins the pump thread and closes both sessions

    opts.endpoint.port = loopback::freePort(); // the jump host cannot reach this one
    auto unreachable = remote::Session::connect(opts);
    QVERIFY(!unreachable);
    QCOMPARE(kindName(unreachable.error().kind), kindName(FailureKind::Refused));
    QVERIFY2(qstr(unreachable.error().message).contains(QStringLiteral("jump host")), unreachable.error().message.c_str());
}

// ---------------------------------------------------------------------------------------------- failures

void tst_session::refusedPortIsRefused()
{
    auto opts = options();
    opts.endpoint.port = loopback::freePort();
    auto refused = remote::Session::connect(opts);
    QVERIFY(!refused);
    QCOMPARE(kindName(refused.error().kind), kindName(FailureKind::Refused));
    QVERIFY2(qstr(refused.error().message).contains(QStringLiteral("127.0.0.1:%1").arg(opts.endpoint.port)),
             refused.error().message.c_str());
}

void tst_session::silentServerTimesOut()
{
    loopback::SilentListener silent;
    QVERIFY(silent.port() != 0);
    auto opts = options();
    opts.endpoint.port = silent.port();
    opts.connectTimeout = std::chrono::milliseconds(1000);
    QElapsedTimer clock;
    clock.start();
    auto result = remote::Session::connect(opts);
    const auto elapsed = clock.elapsed();
    QVERIFY(!result);
    QCOMPARE(kindName(result.error().kind), kindName(FailureKind::Timeout));
    QVERIFY2(elapsed >= 900 && elapsed < 4000, qPrintable(QString::number(elapsed)));
}

void tst_session::commandTimeoutKeepsTheSessionUsable()
{
    auto session = remote::Session::connect(options());
    QVERIFY2(session, session ? "" : session.error().message.c_str());
    remote::RunOptions short_;
    short_.timeout = std::chrono::milliseconds(1000);
    QElapsedTimer clock;
    clock.start();
    auto slow = session->run({"sleep", "30"}, short_);
    const auto elapsed = clock.elapsed();
    QVERIFY(!slow);
    QCOMPARE(kindName(slow.error().kind), kindName(FailureKind::Timeout));
    QVERIFY2(elapsed >= 900 && elapsed < 3000, qPrintable(QString::number(elapsed)));

    auto after = session->run({"echo", "still-here"});
    QVERIFY2(after, after ? "" : after.error().message.c_str());
    QCOMPARE(qstr(after->out), QStringLiteral("still-here\n"));
}

void tst_session::cancelStopsARunningCommand()
{
    auto session = remote::Session::connect(options());
    QVERIFY2(session, session ? "" : session.error().message.c_str());
    const auto [result, elapsed] = sleepCancelledAfter300ms(*session);
    QVERIFY(!result);
    QCOMPARE(kindName(result.error().kind), kindName(FailureKind::Cancelled));
    QVERIFY2(elapsed >= 250 && elapsed < 1300, qPrintable(QString::number(elapsed)));
}

void tst_session::cancelStopsAConnect()
{
    loopback::SilentListener silent;
    auto opts = options();
    opts.endpoint.port = silent.port();
    opts.connectTimeout = std::chrono::milliseconds(30'000);
    std::stop_source stop;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        stop.request_stop();
    });
    QElapsedTimer clock;
    clock.start();
    auto result = remote::Session::connect(opts, stop.get_token());
    const auto elapsed = clock.elapsed();
    canceller.join();
    QVERIFY(!result);
    QCOMPARE(kindName(result.error().kind), kindName(FailureKind::Cancelled));
    QVERIFY2(elapsed >= 250 && elapsed < 1300, qPrintable(QString::number(elapsed)));
}

void tst_session::killedServerSessionFailsTheCommand()
{
    auto session = remote::Session::connect(options());
    QVERIFY2(session, session ? "" : session.error().message.c_str());
    int killed = 0;
    std::thread killer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        killed = m_sshd.killSessions();
    });
    QElapsedTimer clock;
    clock.start();
    auto result = session->run({"sleep", "30"});
    const auto elapsed = clock.elapsed();
    killer.join();
    QVERIFY(killed > 0);
    QVERIFY(!result);
    QCOMPARE(kindName(result.error().kind), kindName(FailureKind::Protocol));
    QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));

    auto fresh = remote::Session::connect(options()); // the listener survived
    QVERIFY2(fresh, fresh ? "" : fresh.error().message.c_str());
}

QTEST_GUILESS_MAIN(tst_session)
#include "tst_session.moc"
