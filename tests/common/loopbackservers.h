// SPDX-License-Identifier: MIT
// PostgreSQL and Redis servers the tests start themselves on free 127.0.0.1 ports and stop by pid (no system
// services). PostgreSQL refuses root: as root it runs as the unprivileged `owuitest` account (created once and
// reused), from a data directory made once per test run by initdb (TOOLCHAIN.md §8).
#pragma once

#include "loopbacksshd.h" // loopback::freePort

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>

#include <csignal>
#include <pwd.h>
#include <unistd.h>

namespace loopback {

/** @brief Every child process gets this long; it is killed after it. */
inline constexpr int kDeadlineMs = 60000;
/** @brief The unprivileged account PostgreSQL runs under when the tests run as root (it refuses root). */
inline const char *const kPostgresAccount = "owuitest";

struct Run {
    QString program;
    bool started = false;
    bool finished = false; ///< exited on its own (no crash) before the deadline
    int exitCode = -1;     ///< meaningful when finished
    QString output;        ///< stdout and stderr, merged
    qint64 elapsedMs = 0;

    [[nodiscard]] bool exitedWith(int code) const { return started && finished && exitCode == code; }
    [[nodiscard]] QByteArray describe() const
    {
        return QStringLiteral("%1: %2, exit %3, %4 ms:\n%5")
            .arg(program,
                 !started    ? QStringLiteral("did not start")
                 : finished ? QStringLiteral("finished")
                            : QStringLiteral("crashed or timed out"))
            .arg(exitCode)
            .arg(elapsedMs)
            .arg(output.left(6000))
            .toUtf8();
    }
};

/** @brief Runs a tool to completion with a deadline (killed after it); arguments never pass through a shell. */
inline Run runTool(const QString &program, const QStringList &arguments, const QString &workingDirectory = {},
                   const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    Run run;
    run.program = program;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    QElapsedTimer clock;
    clock.start();
    process.start(program, arguments);
    run.started = process.waitForStarted(kDeadlineMs);
    if (!run.started) {
        run.output = process.errorString();
        return run;
    }
    if (!process.waitForFinished(kDeadlineMs)) {
        process.kill();
        process.waitForFinished(5000);
        run.output = QString::fromUtf8(process.readAll()) + QStringLiteral("\n(killed after the deadline)");
        run.elapsedMs = clock.elapsed();
        return run;
    }
    run.elapsedMs = clock.elapsed();
    run.finished = process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.output = QString::fromUtf8(process.readAll());
    return run;
}

/** @brief An executable by absolute path or on PATH; empty when there is none. */
inline QString findTool(const QString &name)
{
    if (QDir::isAbsolutePath(name))
        return QFileInfo(name).isExecutable() ? name : QString();
    return QStandardPaths::findExecutable(name);
}

/** @brief A server started by the test, stopped by its pid on every way out of the test function. */
class Server
{
public:
    Server(QString program, QStringList arguments, QString workingDirectory)
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setWorkingDirectory(workingDirectory);
        m_process.setProgram(std::move(program));
        m_process.setArguments(std::move(arguments));
    }
    ~Server() { stop(SIGTERM); } // smart shutdown for PostgreSQL, a normal one for Redis; killed after the deadline
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;

    bool start()
    {
        m_process.start();
        return m_process.waitForStarted(kDeadlineMs);
    }
    [[nodiscard]] bool running() const { return m_process.state() == QProcess::Running; }
    [[nodiscard]] qint64 pid() const { return m_process.processId(); }
    QString output()
    {
        m_output += QString::fromUtf8(m_process.readAll());
        return m_output;
    }
    /** @brief Waits for the server to exit by itself (a control that must fail); false if still running. */
    bool waitForExit(int ms) { return m_process.waitForFinished(ms); }
    [[nodiscard]] int exitCode() const { return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1; }

    /** @brief Sends `signal` to the server's pid, waits with a deadline, kills it after that. */
    bool stop(int signal)
    {
        if (!running())
            return true;
        ::kill(pid_t(m_process.processId()), signal);
        if (m_process.waitForFinished(30000))
            return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
        m_process.kill();
        m_process.waitForFinished(5000);
        return false;
    }

private:
    QProcess m_process;
    QString m_output;
};

/** @brief Polls `probe` every 100 ms until it answers true or the server stops; false after the deadline. */
template <typename Probe>
bool waitUntilReady(Server &server, Probe probe)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < kDeadlineMs) {
        if (!server.running())
            return false;
        if (probe())
            return true;
        QTest::qWait(100);
    }
    return false;
}

/**
 * @brief Debian's PostgreSQL programs and one data directory, made by initdb once per test run (in a temporary
 * folder removed at exit). One server runs from it at a time.
 */
class PostgresCluster
{
public:
    /** @brief The cluster of this test run, prepared on first use. */
    static PostgresCluster &shared()
    {
        static PostgresCluster cluster;
        return cluster;
    }

    /** @brief "ok" once initdb ran; otherwise why PostgreSQL cannot run here. */
    QString prepare()
    {
        if (!m_ready.isEmpty())
            return m_ready;
        m_ready = QStringLiteral("PostgreSQL could not be prepared");
        if (!m_scratch.isValid())
            return m_ready = QStringLiteral("no temporary folder");
        // The unprivileged account must be able to enter the scratch folder.
        QFile::setPermissions(m_scratch.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                    QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                    QFileDevice::ExeOther);
        m_asRoot = ::geteuid() == 0;
        // Debian puts the server programs in /usr/lib/postgresql/<major>/bin; the newest one installed is used.
        auto versions = QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
        for (const auto &version : versions) {
            const auto bin = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(version);
            if (QFileInfo(bin + QStringLiteral("/postgres")).isExecutable() && QFileInfo(bin + QStringLiteral("/initdb")).isExecutable() &&
                QFileInfo(bin + QStringLiteral("/psql")).isExecutable())
                m_bin = bin;
        }
        if (m_bin.isEmpty())
            return m_ready = QStringLiteral("no PostgreSQL server in /usr/lib/postgresql/*/bin (apt-get install postgresql)");

        const auto data = m_scratch.filePath(QStringLiteral("pgdata"));
        if (!QDir().mkpath(data))
            return m_ready = QStringLiteral("cannot create ") + data;
        QFile::setPermissions(data, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        if (m_asRoot) {
            // PostgreSQL refuses to run as root: an unprivileged account, created once and reused.
            if (!::getpwnam(kPostgresAccount)) {
                const auto added = runTool(QStringLiteral("useradd"), {QStringLiteral("-M"), QStringLiteral("-s"), QStringLiteral("/bin/sh"),
                                                                       QString::fromLatin1(kPostgresAccount)});
                if (!::getpwnam(kPostgresAccount))
                    return m_ready = QString::fromUtf8(added.describe());
            }
            const passwd *account = ::getpwnam(kPostgresAccount);
            m_uid = account->pw_uid;
            m_gid = account->pw_gid;
            if (::chown(QFile::encodeName(data).constData(), m_uid, m_gid) != 0)
                return m_ready = QStringLiteral("cannot hand ") + data + QStringLiteral(" to ") + QLatin1String(kPostgresAccount);
        }
        m_data = data;
        QStringList initdb{m_bin + QStringLiteral("/initdb"), QStringLiteral("-D"), data, QStringLiteral("-A"), QStringLiteral("trust"),
                           QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                           QStringLiteral("--locale=C"), QStringLiteral("--no-sync")};
        const auto program = m_asRoot ? findTool(QStringLiteral("setpriv")) : initdb.takeFirst();
        if (m_asRoot)
            initdb = asAccount() + initdb;
        if (program.isEmpty())
            return m_ready = QStringLiteral("setpriv (util-linux) is not installed");
        const auto run = runTool(program, initdb, m_scratch.path());
        m_initdbMs = run.elapsedMs;
        if (!run.exitedWith(0))
            return m_ready = QString::fromUtf8(run.describe());
        return m_ready = QStringLiteral("ok");
    }

    /** @brief postgres on 127.0.0.1:`port` with `flags` after the test's own (port, address, socket directory). */
    [[nodiscard]] QStringList serverCommand(int port, const QStringList &flags) const
    {
        QStringList command{m_bin + QStringLiteral("/postgres"), QStringLiteral("-D"), m_data, QStringLiteral("-p"), QString::number(port),
                            QStringLiteral("-k"), m_data, // owned by the server's account; keeps sockets out of /run/postgresql
                            QStringLiteral("-c"), QStringLiteral("listen_addresses=127.0.0.1")};
        command << flags;
        if (m_asRoot)
            command = QStringList{findTool(QStringLiteral("setpriv"))} + asAccount() + command;
        return command;
    }

    [[nodiscard]] QString psqlProgram() const { return m_bin + QStringLiteral("/psql"); }

    /** @brief `psql -X -At -c SQL` as the superuser `postgres` on 127.0.0.1:`port`. */
    [[nodiscard]] Run psql(int port, const QString &sql) const
    {
        return runTool(psqlProgram(), {QStringLiteral("-X"), QStringLiteral("-At"), QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                                       QStringLiteral("-p"), QString::number(port), QStringLiteral("-U"), QStringLiteral("postgres"),
                                       QStringLiteral("-d"), QStringLiteral("postgres"), QStringLiteral("-c"), sql});
    }

    [[nodiscard]] QString scratchPath() const { return m_scratch.path(); }
    [[nodiscard]] qint64 initdbMs() const { return m_initdbMs; }

private:
    PostgresCluster() = default;
    [[nodiscard]] QStringList asAccount() const
    {
        return {QStringLiteral("--reuid=%1").arg(m_uid), QStringLiteral("--regid=%1").arg(m_gid), QStringLiteral("--clear-groups"),
                QStringLiteral("--")};
    }

    QTemporaryDir m_scratch;
    QString m_ready;
    QString m_bin;
    QString m_data;
    uid_t m_uid = 0;
    gid_t m_gid = 0;
    bool m_asRoot = false;
    qint64 m_initdbMs = 0;
};

/** @brief A PostgreSQL server of the shared cluster on a free 127.0.0.1 port, with chosen `-c` flags; stopped by pid. */
class LoopbackPostgres
{
public:
    explicit LoopbackPostgres(QStringList flags) : m_flags(std::move(flags)) {}

    /** @brief Starts the server and waits until it answers; empty on success, else why not. */
    QString start()
    {
        auto &cluster = PostgresCluster::shared();
        const auto ready = cluster.prepare();
        if (ready != QStringLiteral("ok"))
            return ready;
        m_port = freePort();
        if (m_port <= 0)
            return QStringLiteral("no free port");
        auto arguments = cluster.serverCommand(m_port, m_flags);
        const auto program = arguments.takeFirst();
        m_server = std::make_unique<Server>(program, arguments, cluster.scratchPath());
        if (!m_server->start())
            return QStringLiteral("postgres did not start: ") + program;
        if (!waitUntilReady(*m_server, [&] { return cluster.psql(m_port, QStringLiteral("SELECT 1")).exitedWith(0); }))
            return QStringLiteral("postgres did not answer:\n") + m_server->output();
        return {};
    }

    /** @brief Fast shutdown by pid (SIGINT); true when it exited cleanly. */
    bool stop() { return !m_server || m_server->stop(SIGINT); }

    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] bool running() const { return m_server && m_server->running(); }
    [[nodiscard]] Run psql(const QString &sql) const { return PostgresCluster::shared().psql(m_port, sql); }
    [[nodiscard]] QString psqlProgram() const { return PostgresCluster::shared().psqlProgram(); }
    QString output() { return m_server ? m_server->output() : QString(); }

private:
    QStringList m_flags;
    int m_port = 0;
    std::unique_ptr<Server> m_server;
};

/** @brief `redis-server --port P --bind 127.0.0.1 --save ''` with chosen flags (e.g. --maxclients 1234); stopped by pid. */
class LoopbackRedis
{
public:
    explicit LoopbackRedis(QStringList flags) : m_flags(std::move(flags)) {}

    /** @brief Starts the server and waits for PONG; empty on success, else why not. */
    QString start()
    {
        const auto server = findTool(QStringLiteral("redis-server"));
        m_cli = findTool(QStringLiteral("redis-cli"));
        if (server.isEmpty() || m_cli.isEmpty())
            return QStringLiteral("redis-server and redis-cli are not installed (apt-get install redis-server redis-tools)");
        if (!m_dir.isValid())
            return QStringLiteral("no temporary folder");
        m_port = freePort();
        if (m_port <= 0)
            return QStringLiteral("no free port");
        QStringList arguments{QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                              QStringLiteral("--dir"), m_dir.path(), QStringLiteral("--save"), QString(),
                              QStringLiteral("--daemonize"), QStringLiteral("no")};
        arguments << m_flags;
        m_server = std::make_unique<Server>(server, arguments, m_dir.path());
        if (!m_server->start())
            return QStringLiteral("redis-server did not start");
        if (!waitUntilReady(*m_server, [&] {
                const auto r = cli({QStringLiteral("PING")});
                return r.exitedWith(0) && (r.output.trimmed() == QStringLiteral("PONG") || r.output.contains(QStringLiteral("NOAUTH")));
            }))
            return QStringLiteral("redis-server did not answer:\n") + m_server->output();
        return {};
    }

    bool stop() { return !m_server || m_server->stop(SIGTERM); }

    /** @brief redis-cli --raw against this server (no password). */
    [[nodiscard]] Run cli(const QStringList &words) const
    {
        return runTool(m_cli, QStringList{QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_port),
                                          QStringLiteral("--raw")} + words);
    }

    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] bool running() const { return m_server && m_server->running(); }
    QString output() { return m_server ? m_server->output() : QString(); }

private:
    QStringList m_flags;
    QString m_cli;
    QTemporaryDir m_dir;
    int m_port = 0;
    std::unique_ptr<Server> m_server;
};

} // namespace loopback
