// SPDX-License-Identifier: MIT
// A real OpenSSH sshd on 127.0.0.1 for the remote/ tests (../shared/TOOLCHAIN.md §6): throwaway host and
// user keys in a QTemporaryDir, a free port, started as a child (`sshd -D`) and stopped by its pid.
//
//   LoopbackSshd sshd;
//   QVERIFY2(sshd.start(), qPrintable(sshd.error()));
//   remote::ConnectOptions options;
//   options.endpoint = {sshd.user(), "127.0.0.1", sshd.port()};
//   options.identity = sshd.userKey().toStdString();
//   options.knownHosts = sshd.knownHostsFile().toStdString();
//
// Keys: userKey() is authorized, unauthorizedKey() is not, passphraseKey() is authorized and encrypted with
// passphrase(). knownHostsFile() holds the right "[127.0.0.1]:PORT ssh-ed25519 ..." line (rewritten by
// restartWithNewHostKey()). killSessions() kills every per-connection sshd but keeps the listener (a server
// that dies in the middle of a transfer). SshAgent is a real ssh-agent on a socket of its own.
#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <set>

namespace loopback {

/** @brief A free TCP port on 127.0.0.1, asked from the kernel (parallel ctest jobs get different ones). */
inline int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

/** @brief The effective user's login name (sshd logs them in as themselves). */
inline QString currentUser()
{
    const passwd *entry = ::getpwuid(::geteuid());
    return entry ? QString::fromLocal8Bit(entry->pw_name) : QString();
}

/** @brief Runs a tool to completion (30 s deadline, then killed); its stdout, or nullopt with `error` set. */
inline std::optional<QByteArray> runTool(const QString &program, const QStringList &arguments, QString *error,
                                         const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(30000) || !process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        if (error)
            *error = program + QStringLiteral(" did not run or did not finish: ") + process.errorString();
        return std::nullopt;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        if (error)
            *error = program + QLatin1Char(' ') + arguments.join(QLatin1Char(' ')) + QStringLiteral(" failed: ") +
                     QString::fromLocal8Bit(process.readAllStandardError());
        return std::nullopt;
    }
    return process.readAllStandardOutput();
}

/** @brief Every process below `root` (children first found through /proc/PID/stat's parent pid). */
inline std::set<pid_t> descendantsOf(pid_t root)
{
    std::set<pid_t> found;
    bool grew = true;
    while (grew) {
        grew = false;
        const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const auto &entry : entries) {
            bool isPid = false;
            const pid_t pid = pid_t(entry.toInt(&isPid));
            if (!isPid || found.count(pid))
                continue;
            QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            // "pid (comm) state ppid ...": comm may hold spaces and ')', so parse after the last ')'
            const QByteArray text = stat.readAll();
            const auto fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
            if (fields.size() < 2)
                continue;
            const pid_t parent = pid_t(fields[1].toInt());
            if (parent == root || found.count(parent)) {
                found.insert(pid);
                grew = true;
            }
        }
    }
    return found;
}

class LoopbackSshd
{
public:
    LoopbackSshd() = default;
    ~LoopbackSshd() { stop(); }
    LoopbackSshd(const LoopbackSshd &) = delete;
    LoopbackSshd &operator=(const LoopbackSshd &) = delete;

    /** @brief Makes the keys (once), picks a free port, starts sshd and waits until it listens. */
    bool start()
    {
        if (running())
            return true;
        if (!m_dir.isValid())
            return fail(QStringLiteral("no temporary directory"));
        if (m_port == 0 && !makeKeys())
            return false;
        if (::geteuid() == 0 && !QDir().mkpath(QStringLiteral("/run/sshd")))
            return fail(QStringLiteral("cannot create /run/sshd (sshd's privilege separation directory)"));
        // A port picked free can be taken before sshd binds it: try a few.
        for (int attempt = 0; attempt < 5; ++attempt) {
            const int port = m_port != 0 && attempt == 0 ? m_port : freePort();
            if (launch(port))
                return writeKnownHosts();
        }
        return false;
    }

    /** @brief Stops the listener by its pid (SIGTERM, SIGKILL after 10 s) and every session it forked. */
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        const pid_t listener = pid_t(m_process.processId());
        const auto sessions = descendantsOf(listener);
        ::kill(listener, SIGTERM);
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
        for (const pid_t pid : sessions)
            ::kill(pid, SIGKILL);
    }

    /** @brief The same port with a new ed25519 host key; knownHostsFile() is rewritten for the new key. */
    bool restartWithNewHostKey()
    {
        stop();
        QFile::remove(hostKey());
        QFile::remove(hostKey() + QStringLiteral(".pub"));
        if (!keygen(hostKey(), QString()))
            return false;
        return start();
    }

    /**
     * @brief Kills (SIGKILL) every per-connection sshd, keeping the listener: each open connection dies at
     * once as if the server crashed, and new connections still work. Returns how many processes it killed.
     */
    int killSessions()
    {
        if (!running())
            return 0;
        const auto sessions = descendantsOf(pid_t(m_process.processId()));
        for (const pid_t pid : sessions)
            ::kill(pid, SIGKILL);
        return int(sessions.size());
    }

    [[nodiscard]] bool running() const { return m_process.state() == QProcess::Running; }
    [[nodiscard]] qint64 pid() const { return m_process.processId(); }
    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] QString host() const { return QStringLiteral("127.0.0.1"); }
    [[nodiscard]] QString user() const { return currentUser(); }
    /** @brief "user@127.0.0.1:PORT", as remote::parseEndpoint reads it. */
    [[nodiscard]] QString endpoint() const { return user() + QStringLiteral("@127.0.0.1:") + QString::number(m_port); }
    /** @brief The known_hosts name of this server: "[127.0.0.1]:PORT". */
    [[nodiscard]] QString knownHostsName() const { return QStringLiteral("[127.0.0.1]:%1").arg(m_port); }

    [[nodiscard]] QString directory() const { return m_dir.path(); }
    [[nodiscard]] QString hostKey() const { return path(QStringLiteral("host_ed25519")); }
    [[nodiscard]] QString userKey() const { return path(QStringLiteral("user_ed25519")); }
    [[nodiscard]] QString unauthorizedKey() const { return path(QStringLiteral("stranger_ed25519")); }
    [[nodiscard]] QString passphraseKey() const { return path(QStringLiteral("locked_ed25519")); }
    [[nodiscard]] QString passphrase() const { return QStringLiteral("correct horse 'battery' $(staple)"); }
    /** @brief A known_hosts file holding exactly this server's current key. */
    [[nodiscard]] QString knownHostsFile() const { return path(QStringLiteral("known_hosts")); }
    /** @brief The known_hosts line for the current host key. */
    [[nodiscard]] QString knownHostsLine() const { return m_knownHostsLine; }
    /** @brief The host key's fingerprint as OpenSSH prints it ("SHA256:..."), from `ssh-keygen -lf`. */
    [[nodiscard]] QString hostKeyFingerprint() const { return m_fingerprint; }
    /** @brief sshd's log (-E), for diagnostics and for counting logins. */
    [[nodiscard]] QString log() const
    {
        QFile file(path(QStringLiteral("sshd.log")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }
    /** @brief Why start() failed. */
    [[nodiscard]] QString error() const { return m_error; }

private:
    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

    bool fail(const QString &why)
    {
        m_error = why;
        return false;
    }

    bool keygen(const QString &file, const QString &passphrase)
    {
        const auto made = runTool(QStringLiteral("ssh-keygen"),
                                  {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                                   passphrase, QStringLiteral("-C"), QStringLiteral("owui-test"), QStringLiteral("-f"), file},
                                  &m_error);
        return made.has_value();
    }

    bool makeKeys()
    {
        if (!keygen(hostKey(), QString()) || !keygen(userKey(), QString()) || !keygen(unauthorizedKey(), QString()) ||
            !keygen(passphraseKey(), passphrase()))
            return false;
        QByteArray authorized;
        for (const auto &key : {userKey(), passphraseKey()}) {
            QFile pub(key + QStringLiteral(".pub"));
            if (!pub.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("cannot read ") + pub.fileName());
            authorized += pub.readAll();
        }
        QFile file(path(QStringLiteral("authorized_keys")));
        if (!file.open(QIODevice::WriteOnly) || file.write(authorized) != authorized.size())
            return fail(QStringLiteral("cannot write authorized_keys"));
        return true;
    }

    bool writeConfig(int port)
    {
        const QString config = QStringLiteral(
                                   "Port %1\n"
                                   "ListenAddress 127.0.0.1\n"
                                   "HostKey %2\n"
                                   "PidFile %3\n"
                                   "AuthorizedKeysFile %4\n"
                                   "PasswordAuthentication no\n"
                                   "KbdInteractiveAuthentication no\n"
                                   "PermitRootLogin prohibit-password\n"
                                   "StrictModes no\n"
                                   "UsePAM no\n"
                                   "AllowTcpForwarding yes\n"
                                   "Subsystem sftp internal-sftp\n"
                                   "LogLevel VERBOSE\n"
                                   // bash sources ~/.bashrc for sshd's commands only at shell level 1; a root
                                   // .bashrc with `pyenv init` made every command take 2 s on the build machine
                                   "SetEnv SHLVL=1\n")
                                   .arg(port)
                                   .arg(hostKey(), path(QStringLiteral("sshd.pid")), path(QStringLiteral("authorized_keys")));
        QFile file(path(QStringLiteral("sshd_config")));
        return file.open(QIODevice::WriteOnly) && file.write(config.toUtf8()) > 0;
    }

    /** @brief Starts sshd -D on `port`; true once its log says it listens (polled, no fixed sleep). */
    bool launch(int port)
    {
        if (port == 0 || !writeConfig(port))
            return fail(QStringLiteral("no free port or cannot write sshd_config"));
        QFile::remove(path(QStringLiteral("sshd.log")));
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral("/usr/sbin/sshd"),
                        {QStringLiteral("-D"), QStringLiteral("-f"), path(QStringLiteral("sshd_config")), QStringLiteral("-E"),
                         path(QStringLiteral("sshd.log"))});
        if (!m_process.waitForStarted(10000))
            return fail(QStringLiteral("sshd did not start: ") + m_process.errorString());
        const QString listening = QStringLiteral("Server listening on 127.0.0.1 port %1.").arg(port);
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 10000) {
            if (log().contains(listening)) {
                m_port = port;
                return true;
            }
            if (m_process.waitForFinished(10)) // exited: the port was taken or the config is wrong
                return fail(QStringLiteral("sshd exited: ") + log() + QString::fromLocal8Bit(m_process.readAll()));
        }
        stop();
        return fail(QStringLiteral("sshd did not listen within 10 s: ") + log());
    }

    bool writeKnownHosts()
    {
        QFile pub(hostKey() + QStringLiteral(".pub"));
        if (!pub.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read the host key"));
        const auto fields = pub.readAll().trimmed().split(' '); // "ssh-ed25519 AAAA... comment"
        if (fields.size() < 2)
            return fail(QStringLiteral("the host key's .pub is not a public key"));
        m_knownHostsLine = knownHostsName() + QLatin1Char(' ') + QString::fromLatin1(fields[0]) + QLatin1Char(' ') +
                           QString::fromLatin1(fields[1]);
        QFile file(knownHostsFile());
        if (!file.open(QIODevice::WriteOnly) || file.write((m_knownHostsLine + QLatin1Char('\n')).toUtf8()) <= 0)
            return fail(QStringLiteral("cannot write known_hosts"));
        // "256 SHA256:xxxx owui-test (ED25519)"
        const auto listed = runTool(QStringLiteral("ssh-keygen"),
                                    {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"), QStringLiteral("-f"),
                                     hostKey() + QStringLiteral(".pub")},
                                    &m_error);
        if (!listed)
            return false;
        const auto words = listed->split(' ');
        m_fingerprint = words.size() > 1 ? QString::fromLatin1(words[1]) : QString();
        return m_fingerprint.startsWith(QStringLiteral("SHA256:")) || fail(QStringLiteral("ssh-keygen -l printed no SHA256"));
    }

    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
    QString m_knownHostsLine;
    QString m_fingerprint;
    QString m_error;
};

/** @brief A real ssh-agent (`ssh-agent -D -a SOCKET`) as a child, stopped by its pid. */
class SshAgent
{
public:
    ~SshAgent()
    {
        if (m_process.state() != QProcess::NotRunning) {
            ::kill(pid_t(m_process.processId()), SIGTERM);
            if (!m_process.waitForFinished(5000)) {
                m_process.kill();
                m_process.waitForFinished(5000);
            }
        }
    }

    bool start()
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral("ssh-agent"), {QStringLiteral("-D"), QStringLiteral("-a"), socket()});
        if (!m_process.waitForStarted(10000))
            return false;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 10000) {
            if (QFile::exists(socket()))
                return true;
            if (m_process.waitForFinished(10))
                return false;
        }
        return false;
    }

    /** @brief `ssh-add KEY` into this agent. */
    bool add(const QString &key, QString *error)
    {
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SSH_AUTH_SOCK"), socket());
        return runTool(QStringLiteral("ssh-add"), {QStringLiteral("-q"), key}, error, environment).has_value();
    }

    [[nodiscard]] QString socket() const { return m_dir.filePath(QStringLiteral("agent.sock")); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
};

/** @brief A TCP listener on 127.0.0.1 that completes the handshake (the kernel's backlog) and never says a word. */
class SilentListener
{
public:
    SilentListener()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 && ::listen(m_fd, 8) == 0 &&
            ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
            m_port = ntohs(address.sin_port);
    }
    ~SilentListener() { ::close(m_fd); }
    [[nodiscard]] int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

} // namespace loopback

using loopback::LoopbackSshd;
