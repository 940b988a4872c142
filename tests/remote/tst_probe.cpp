// SPDX-License-Identifier: MIT
// The read-only probe without SSH: the same script and the same real clients (psql, redis-cli, df, ...) run
// locally through `sh` by a CommandRunner, against a real PostgreSQL (max_connections=37) and a real Redis
// (maxclients 1234, allkeys-lru) the test starts on loopback ports. URLs good and hostile, hostile names that
// must never run, a hostile application_name that must not forge a section, servers that are down, and the
// comparison with a preset plan whose findings the facts then clear.
#include "../common/loopbackservers.h"
#include "../common/testplans.h"
#include "remote/probe.h"

#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <sched.h>
#include <sys/statvfs.h>

namespace {

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

/** @brief Runs the exec array here, as the host's sshd would: stdin, then EOF, and the run's deadline. */
remote::CommandRunner localRunner(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    return [environment](const std::vector<std::string> &argv, const remote::RunOptions &options) -> remote::Result<remote::CommandResult> {
        QProcess process;
        process.setProcessEnvironment(environment);
        QStringList arguments;
        for (std::size_t i = 1; i < argv.size(); ++i)
            arguments << q(argv[i]);
        process.start(q(argv.front()), arguments);
        if (!process.waitForStarted(10000))
            return remote::failure(remote::FailureKind::Command, "could not start " + argv.front());
        process.write(options.input.data(), static_cast<qint64>(options.input.size()));
        process.closeWriteChannel();
        if (!process.waitForFinished(static_cast<int>(options.timeout.count()))) {
            process.kill();
            process.waitForFinished(5000);
            return remote::failure(remote::FailureKind::Timeout, "the probe passed its deadline");
        }
        remote::CommandResult result;
        result.exitStatus = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput().toStdString();
        result.err = process.readAllStandardError().toStdString();
        return result;
    };
}

std::string postgresUrl(int port, const std::string &rest = "postgres@127.0.0.1")
{
    const auto at = rest.find('@');
    return "postgresql://" + rest.substr(0, at) + "@" + rest.substr(at + 1) + ":" + std::to_string(port) + "/postgres";
}

const planner::Finding *findRule(const std::vector<planner::Finding> &findings, const std::string &rule)
{
    for (const auto &f : findings)
        if (f.rule == rule)
            return &f;
    return nullptr;
}

QByteArray describe(const std::vector<planner::Finding> &findings)
{
    QByteArray text;
    for (const auto &f : findings)
        text += QByteArray::fromStdString(std::string(planner::toString(f.severity)) + " [" + f.rule + "] " + f.message + "\n");
    return text;
}

int onlineCores()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    return ::sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : -1;
}

} // namespace

class tst_probe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void postgresUrls_data();
    void postgresUrls();
    void refusedPostgresUrls_data();
    void refusedPostgresUrls();
    void redisUrls();
    void refusedRedisUrls_data();
    void refusedRedisUrls();

    void commandCarriesNoUserTextInTheScript();
    void forgedMarkersInServerTextAreIgnored();

    void readsTheRealServers();
    void planFindingsAndTheFactsThatClearThem();
    void hostileNamesNeverRun();
    void hostileApplicationNameCannotForgeASection();
    void serversThatAreDownAreTheirOwnErrors();
    void missingClientsAreFactsNotFailures();
    void jsonUsesTheServersNames();

private:
    remote::ProbeRequest request() const;

    loopback::LoopbackPostgres m_postgres{{QStringLiteral("-c"), QStringLiteral("max_connections=37"), QStringLiteral("-c"),
                                           QStringLiteral("superuser_reserved_connections=3")}};
    loopback::LoopbackRedis m_redis{{QStringLiteral("--maxclients"), QStringLiteral("1234"), QStringLiteral("--maxmemory-policy"),
                                     QStringLiteral("allkeys-lru")}};
    QTemporaryDir m_scratch;
};

void tst_probe::initTestCase()
{
    QVERIFY(m_scratch.isValid());
    const auto pg = m_postgres.start();
    QVERIFY2(pg.isEmpty(), qPrintable(pg));
    const auto redis = m_redis.start();
    QVERIFY2(redis.isEmpty(), qPrintable(redis));
    // Controls: the servers run with the flags the probe must read back, and refuse a broken one.
    QCOMPARE(m_postgres.psql(QStringLiteral("SHOW max_connections")).output.trimmed(), QStringLiteral("37"));
    QCOMPARE(m_redis.cli({QStringLiteral("CONFIG"), QStringLiteral("GET"), QStringLiteral("maxclients")}).output.split(QLatin1Char('\n')).value(1),
             QStringLiteral("1234"));
    loopback::LoopbackRedis broken{{QStringLiteral("--maxmemory-policy"), QStringLiteral("evict-everything")}};
    QVERIFY2(!broken.start().isEmpty(), "redis-server accepted an unknown maxmemory-policy");
}

void tst_probe::cleanupTestCase()
{
    QVERIFY2(m_postgres.stop(), qPrintable(m_postgres.output()));
    QVERIFY2(m_redis.stop(), qPrintable(m_redis.output()));
}

remote::ProbeRequest tst_probe::request() const
{
    remote::ProbeRequest r;
    r.postgres = *remote::parsePostgresUrl(postgresUrl(m_postgres.port()));
    r.redis = *remote::parseRedisUrl("redis://127.0.0.1:" + std::to_string(m_redis.port()));
    r.diskPath = m_scratch.path().toStdString();
    return r;
}

// ---------------------------------------------------------------- URLs

void tst_probe::postgresUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("password");
    QTest::newRow("full") << "postgresql://owui:p%40ss%3Aw@db.example.org:6543/open%20webui" << "db.example.org" << 6543 << "owui"
                          << "open webui" << "p@ss:w";
    QTest::newRow("defaults") << "postgres://10.0.0.5" << "10.0.0.5" << 5432 << "postgres" << "postgres" << "";
    QTest::newRow("driver and IPv6") << "postgresql+psycopg2://a@[::1]:5433/d?sslmode=require" << "::1" << 5433 << "a" << "d" << "";
    QTest::newRow("hostile names decoded, never interpreted")
        << "postgresql://o%27w%22n%20%24(id)@pg:5432/d%27b%22%3B%20%24(touch%20x)%60id%60" << "pg" << 5432 << "o'w\"n $(id)"
        << "d'b\"; $(touch x)`id`" << "";
}

void tst_probe::postgresUrls()
{
    QFETCH(QString, url);
    const auto target = remote::parsePostgresUrl(url.toStdString());
    QVERIFY2(target.has_value(), target ? "" : target.error().message.c_str());
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, database);
    QFETCH(QString, password);
    QCOMPARE(q(target->host), host);
    QCOMPARE(target->port, port);
    QCOMPARE(q(target->user), user);
    QCOMPARE(q(target->database), database);
    QCOMPARE(q(target->password.reveal()), password);
}

void tst_probe::refusedPostgresUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("part");
    QTest::newRow("other scheme") << "mysql://h/d" << "scheme";
    QTest::newRow("no scheme") << "h:5432/d" << "scheme";
    QTest::newRow("no host") << "postgresql:///d" << "host";
    QTest::newRow("port range") << "postgresql://h:70000/d" << "port";
    QTest::newRow("port word") << "postgresql://h:abc/d" << "port";
    QTest::newRow("shell in host") << "postgresql://h;touch%20x/d" << "host";
    QTest::newRow("option as host") << "postgresql://-oProxyCommand=x/d" << "host";
    QTest::newRow("broken escape") << "postgresql://u@h/d%zz" << "database";
    QTest::newRow("line break in database") << "postgresql://u@h/d%0Ax" << "database";
    QTest::newRow("line break in password") << "postgresql://u:p%0Aw@h/d" << "password";
    QTest::newRow("raw control character") << "postgresql://u@h/d\x01" << "control";
}

void tst_probe::refusedPostgresUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, part);
    const auto target = remote::parsePostgresUrl(url.toStdString());
    QVERIFY(!target.has_value());
    QVERIFY(target.error().kind == remote::FailureKind::Usage);
    QVERIFY2(q(target.error().message).contains(part), target.error().message.c_str());
}

void tst_probe::redisUrls()
{
    const auto full = remote::parseRedisUrl("redis://app:s%23cret@cache.internal:6380/2");
    QVERIFY(full);
    QCOMPARE(full->host, std::string("cache.internal"));
    QCOMPARE(full->port, 6380);
    QCOMPARE(full->user, std::string("app"));
    QCOMPARE(full->database, 2);
    QCOMPARE(full->password.reveal(), std::string("s#cret"));
    const auto passwordOnly = remote::parseRedisUrl("redis://:pw@127.0.0.1");
    QVERIFY(passwordOnly);
    QCOMPARE(passwordOnly->user, std::string());
    QCOMPARE(passwordOnly->password.reveal(), std::string("pw"));
    QCOMPARE(passwordOnly->port, 6379);
    QCOMPARE(passwordOnly->database, 0);
}

void tst_probe::refusedRedisUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("part");
    QTest::newRow("TLS") << "rediss://h:6380" << "rediss://";
    QTest::newRow("socket") << "unix:///run/redis.sock" << "scheme";
    QTest::newRow("sentinel") << "redis+sentinel://h" << "scheme";
    QTest::newRow("database word") << "redis://h/zero" << "database";
    QTest::newRow("port zero") << "redis://h:0" << "port";
    QTest::newRow("shell in host") << "redis://$(id):6379" << "host";
}

void tst_probe::refusedRedisUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, part);
    const auto target = remote::parseRedisUrl(url.toStdString());
    QVERIFY(!target.has_value());
    QVERIFY(target.error().kind == remote::FailureKind::Usage);
    QVERIFY2(q(target.error().message).contains(part), target.error().message.c_str());
}

// ---------------------------------------------------------------- the command and its output

void tst_probe::commandCarriesNoUserTextInTheScript()
{
    auto hostile = request();
    hostile.postgres->database = "x'; touch /tmp/nope; '";
    hostile.postgres->password = remote::Secret("pg-secret-value");
    hostile.redis->password = remote::Secret("redis-secret-value");
    hostile.diskPath = "/srv/$(id)";
    const auto a = remote::probeCommand(hostile);
    const auto b = remote::probeCommand(request());
    QVERIFY(a && b);
    QCOMPARE(a->argv.size(), b->argv.size());
    QCOMPARE(a->argv[0], std::string("sh"));
    QCOMPARE(a->argv[1], std::string("-c"));
    QCOMPARE(a->argv[2], b->argv[2]); // the script is a constant
    QCOMPARE(a->argv[3], std::string("owui-probe"));
    QVERIFY(a->argv[2].find("touch") == std::string::npos && a->argv[2].find("/srv") == std::string::npos);
    // The user's values are arguments of their own; the passwords are only on stdin.
    QVERIFY(std::find(a->argv.begin(), a->argv.end(), hostile.postgres->database) != a->argv.end());
    QVERIFY(std::find(a->argv.begin(), a->argv.end(), hostile.diskPath) != a->argv.end());
    for (const auto &argument : a->argv)
        QVERIFY(argument.find("secret-value") == std::string::npos);
    QCOMPARE(a->input, std::string("pg-secret-value\nredis-secret-value\n"));
    // A fresh random marker each time.
    QVERIFY(QRegularExpression(QStringLiteral("^owui-probe-[0-9a-f]{32}$")).match(q(a->marker)).hasMatch());
    QVERIFY(a->marker != b->marker);
    QVERIFY(std::find(a->argv.begin(), a->argv.end(), a->marker) != a->argv.end());
}

void tst_probe::forgedMarkersInServerTextAreIgnored()
{
    auto request = this->request();
    const auto command = remote::probeCommand(request);
    QVERIFY(command);
    const auto &m = command->marker;
    const std::string fake = "owui-probe-00000000000000000000000000000000";
    const auto section = [&](const std::string &name, const std::string &content, const std::string &status = "0") {
        return m + " begin " + name + "\n" + content + "\n" + m + " end " + name + " " + status + "\n";
    };
    remote::CommandResult result;
    result.exitStatus = 0;
    // os-release and the PostgreSQL answer carry forged frames: a foreign marker at line starts, quotes, newlines.
    const std::string forgedPostgres = fake + " begin postgres\n{\"max_connections\": 99999}\n" + fake + " end postgres 0\n";
    result.out = section("hostname", "probed-host") + section("nproc", "4") +
                 section("os", "PRETTY_NAME=\"Debian\"\n" + forgedPostgres + fake + " end os 0\nPRETTY_NAME=\"forged\"") +
                 section("postgres", nlohmann::json{{"version", "15.8"},
                                                    {"max_connections", 37},
                                                    {"superuser_reserved_connections", 3},
                                                    {"connections_in_use", 1},
                                                    {"clients", {{{"client_addr", "10.0.0.9"},
                                                                  {"application_name", "x\n" + m.substr(0, 12) + " end postgres 0\n\"'"},
                                                                  {"connections", 1}}}}}
                                         .dump()) +
                 // Redis answered only in part: the output was cut short there.
                 m + " begin redis.maxclients\nmaxclients\n1234\n";
    const auto report = remote::parseProbeOutput(*command, result);
    QVERIFY(report);
    QCOMPARE(report->host, std::string("probed-host"));
    QCOMPARE(report->machine.cpuCores, std::optional<int>(4));
    QCOMPARE(report->machine.operatingSystem, std::string("Debian"));
    QVERIFY(report->postgres);
    QCOMPARE(report->postgres->maxConnections, std::optional<int>(37));
    QCOMPARE(report->postgres->clients.size(), std::size_t(1));
    QCOMPARE(report->postgres->clients.front().applicationName, "x\n" + m.substr(0, 12) + " end postgres 0\n\"'");
    QVERIFY(report->redis);
    QVERIFY2(!report->redis->error.empty(), "a cut-short answer must be an error, not a fact");
    QVERIFY(!report->redis->maxClients);

    // Control: the same text framed by the real marker is read, so the parser does look at frames.
    remote::CommandResult genuine = result;
    genuine.out = section("hostname", "h") + section("postgres", "{\"max_connections\": 12}");
    const auto read = remote::parseProbeOutput(*command, genuine);
    QVERIFY(read && read->postgres);
    QCOMPARE(read->postgres->maxConnections, std::optional<int>(12));
    // Nothing framed at all: a failure of the probe, not empty facts.
    remote::CommandResult nothing;
    nothing.exitStatus = 127;
    nothing.err = "sh: not found";
    const auto none = remote::parseProbeOutput(*command, nothing);
    QVERIFY(!none);
    QVERIFY(none.error().kind == remote::FailureKind::Command);
}

// ---------------------------------------------------------------- real servers

void tst_probe::readsTheRealServers()
{
    const auto report = remote::probe(localRunner(), request());
    QVERIFY2(report, report ? "" : report.error().describe().c_str());
    QVERIFY(report->postgres && report->redis);
    const auto &pg = *report->postgres;
    QVERIFY2(pg.error.empty(), pg.error.c_str());
    QCOMPARE(pg.maxConnections, std::optional<int>(37));
    QCOMPARE(pg.superuserReservedConnections, std::optional<int>(3));
    QVERIFY(!pg.version.empty() && pg.version.front() >= '1' && pg.version.front() <= '9');
    QVERIFY(pg.connectionsInUse.has_value()); // the probe's own connection is left out
    const auto &redis = *report->redis;
    QVERIFY2(redis.error.empty(), redis.error.c_str());
    QCOMPARE(redis.maxClients, std::optional<int>(1234));
    QCOMPARE(redis.maxmemoryPolicy, std::string("allkeys-lru"));
    QCOMPARE(redis.timeoutSeconds, std::optional<int>(0));
    QVERIFY(redis.connectedClients && *redis.connectedClients >= 1);
    QVERIFY(redis.version.rfind("7.", 0) == 0 || redis.version.rfind("6.", 0) == 0);

    // The host's own facts, checked against the kernel's.
    const auto &m = report->machine;
    QCOMPARE(m.cpuCores, std::optional<int>(onlineCores()));
    QVERIFY(m.memoryTotalBytes && m.memoryAvailableBytes && *m.memoryAvailableBytes <= *m.memoryTotalBytes);
    struct statvfs disk {};
    QCOMPARE(::statvfs(m_scratch.path().toLocal8Bit().constData(), &disk), 0);
    const auto total = static_cast<std::uint64_t>(disk.f_blocks) * disk.f_frsize;
    QVERIFY(m.diskTotalBytes && m.diskFreeBytes);
    QVERIFY2(*m.diskTotalBytes / 1024 == total / 1024, qPrintable(QStringLiteral("%1 vs %2").arg(*m.diskTotalBytes).arg(total)));
    QCOMPARE(m.diskPath, m_scratch.path().toStdString());
    QVERIFY(!m.operatingSystem.empty());
    QVERIFY(!m.cpuModel.empty() || !QFile(QStringLiteral("/proc/cpuinfo")).open(QIODevice::ReadOnly));
    // Absence is a fact: whatever this machine has, the probe agrees with PATH.
    QCOMPARE(m.kubectlVersion.has_value(), !loopback::findTool(QStringLiteral("kubectl")).isEmpty());
    QCOMPARE(m.helmVersion.has_value(), !loopback::findTool(QStringLiteral("helm")).isEmpty());
    if (loopback::findTool(QStringLiteral("docker")).isEmpty())
        QVERIFY(!m.dockerVersion && !m.dockerError.empty());
}

void tst_probe::planFindingsAndTheFactsThatClearThem()
{
    const auto report = remote::probe(localRunner(), request());
    QVERIFY(report);
    const auto plan = testplans::presetPlan("large-scale");
    QCOMPARE(plan.database.maxConnections, 700); // the preset this test reasons about
    QCOMPARE(plan.redis.maxmemoryPolicy, std::string("noeviction"));
    const auto findings = remote::holdAgainstPlan(*report, plan);
    const auto *connections = findRule(findings, "probe-max-connections");
    QVERIFY2(connections, describe(findings));
    QVERIFY(connections->severity == planner::Severity::Error);
    const auto budget = planner::connectionBudget(plan);
    QVERIFY2(q(connections->message).contains(QStringLiteral("allows 37 connections")), connections->message.c_str());
    QVERIFY2(q(connections->message).contains(QStringLiteral("needs %1 at worst").arg(budget.worstCaseConnections)), connections->message.c_str());
    const auto *evicts = findRule(findings, "probe-redis-evicts");
    QVERIFY2(evicts, describe(findings));
    QVERIFY(evicts->severity == planner::Severity::Error);
    QVERIFY(q(evicts->message).contains(QStringLiteral("Redis evicts keys")));
    QVERIFY2(findRule(findings, "probe-redis-timeout"), describe(findings)); // plan 1800, server 0
    QVERIFY2(!findRule(findings, "probe-superuser-reserved"), describe(findings)); // 3 on both sides
    for (const auto &f : findings)
        QVERIFY(f.rule.rfind("probe-", 0) == 0 && !f.source.empty());

    // "Use these values": the facts taken into the plan, through the plan file's validation.
    const auto changes = remote::factChanges(*report, plan);
    std::vector<planner::SettingChange> settings;
    for (const auto &c : changes)
        settings.push_back(c.change);
    const auto pointers = [&] {
        QStringList list;
        for (const auto &c : changes)
            list << q(c.change.pointer);
        return list;
    }();
    QVERIFY2(pointers.contains(QStringLiteral("/database/max_connections")), qPrintable(pointers.join(QLatin1Char(' '))));
    QVERIFY(pointers.contains(QStringLiteral("/redis/maxclients")));
    QVERIFY(pointers.contains(QStringLiteral("/redis/maxmemory_policy")));
    QVERIFY(pointers.contains(QStringLiteral("/redis/timeout")));
    const auto updated = planner::applyChanges(plan, settings);
    QVERIFY2(updated, updated ? "" : updated.error().describe().c_str());
    QCOMPARE(updated->database.maxConnections, 37);
    QCOMPARE(updated->redis.maxClients, 1234);
    QCOMPARE(updated->redis.maxmemoryPolicy, std::string("allkeys-lru"));
    const auto after = remote::holdAgainstPlan(*report, *updated);
    for (const auto &f : after) // what remains is about the host's tools, which no plan value changes
        QVERIFY2(f.rule == "probe-orchestrator-tools" || f.rule.rfind("probe-host-", 0) == 0, describe(after));
    QVERIFY(remote::factChanges(*report, *updated).empty());
    // The plan's own check now weighs the real server: the budget no longer fits 37 connections.
    const auto evaluation = planner::evaluate(*updated);
    QVERIFY(!evaluation.budget.worstCaseFits);
    QVERIFY(evaluation.find("redis-eviction-policy"));
}

void tst_probe::hostileNamesNeverRun()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto witness = dir.filePath(QStringLiteral("pwned"));
    const std::string inject = "$(touch " + witness.toStdString() + ")`touch " + witness.toStdString() + "`";
    const std::string user = "o'w\"n er;" + inject;
    const std::string database = "d'b\" ;" + inject;
    // The role and database exist under exactly these names (psql's :"name" quotes identifiers), so a probe that
    // passes them intact reaches them, and one that mangles them does not.
    QTemporaryDir sqlDir;
    QFile script(sqlDir.filePath(QStringLiteral("create.sql")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("CREATE ROLE :\"owner\" LOGIN;\nCREATE DATABASE :\"db\" OWNER :\"owner\";\n");
    script.close();
    const auto created = loopback::runTool(m_postgres.psqlProgram(),
                                           {QStringLiteral("-X"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"),
                                            QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_postgres.port()),
                                            QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-d"), QStringLiteral("postgres"),
                                            QStringLiteral("-v"), QStringLiteral("owner=") + q(user), QStringLiteral("-v"),
                                            QStringLiteral("db=") + q(database), QStringLiteral("-f"), script.fileName()});
    QVERIFY2(created.exitedWith(0), created.describe());

    const auto diskPath = dir.filePath(QStringLiteral("dir with 'q' \";")) + q(inject).replace(QLatin1Char('/'), QLatin1Char('_'));
    QVERIFY(QDir().mkpath(diskPath));
    auto hostile = request();
    hostile.postgres->user = user;
    hostile.postgres->database = database;
    hostile.postgres->password = remote::Secret("pw'$(touch " + witness.toStdString() + ")");
    hostile.redis->user = user;
    hostile.redis->password = remote::Secret("pw;$(touch " + witness.toStdString() + ")");
    hostile.diskPath = diskPath.toStdString();
    const auto report = remote::probe(localRunner(), hostile);
    QVERIFY2(report, report ? "" : report.error().describe().c_str());
    QVERIFY2(!QFile::exists(witness), "a hostile name ran as a command");
    // PostgreSQL reached under the hostile names (trust authentication ignores the password).
    QVERIFY2(report->postgres->error.empty(), report->postgres->error.c_str());
    QCOMPARE(report->postgres->maxConnections, std::optional<int>(37));
    QCOMPARE(report->machine.diskPath, diskPath.toStdString());
    QVERIFY(report->machine.diskTotalBytes.has_value());
    // Redis has no such user: a clean error for Redis alone.
    QVERIFY(!report->redis->error.empty());
    QVERIFY2(q(report->redis->error).contains(QStringLiteral("WRONGPASS")) || q(report->redis->error).contains(QStringLiteral("AUTH")),
             report->redis->error.c_str());

    // Control: the same injection run through a shell as text does create the witness, so its absence above means something.
    const auto shell = loopback::runTool(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo ") + q(inject)});
    QVERIFY(shell.exitedWith(0));
    QVERIFY(QFile::exists(witness));
}

void tst_probe::hostileApplicationNameCannotForgeASection()
{
    // A client that names itself like a frame: PostgreSQL turns non-printable characters into '?', the rest stays.
    const auto probeMarker = remote::probeCommand(request())->marker;
    const QString hostileName = QStringLiteral("'\"; %1 end postgres 0 {\\\"max_connections\\\":1}").arg(q(probeMarker.substr(0, 20)));
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PGAPPNAME"), hostileName);
    QProcess client;
    client.setProcessEnvironment(environment);
    client.start(m_postgres.psqlProgram(), {QStringLiteral("-X"), QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                                            QString::number(m_postgres.port()), QStringLiteral("-U"), QStringLiteral("postgres"),
                                            QStringLiteral("-d"), QStringLiteral("postgres"), QStringLiteral("-c"),
                                            QStringLiteral("SELECT pg_sleep(120)")});
    QVERIFY(client.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_postgres.psql(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '%end postgres%'"))
                                     .output.trimmed() == QStringLiteral("1"),
                             20000);
    const auto report = remote::probe(localRunner(), request());
    client.kill();
    client.waitForFinished(5000);
    QVERIFY(report && report->postgres);
    QVERIFY2(report->postgres->error.empty(), report->postgres->error.c_str());
    QCOMPARE(report->postgres->maxConnections, std::optional<int>(37));
    const auto &clients = report->postgres->clients;
    const auto hostile = std::find_if(clients.begin(), clients.end(), [](const auto &g) { return g.applicationName.find("end postgres") != std::string::npos; });
    QVERIFY2(hostile != clients.end(), "the hostile client is reported as a group");
    QCOMPARE(q(hostile->applicationName), hostileName.left(63));
    QCOMPARE(hostile->clientAddress, std::string("127.0.0.1"));
    QVERIFY(hostile->connections >= 1);
    QVERIFY(*report->postgres->connectionsInUse >= 1);
    // It names itself, so it is not counted as Open WebUI's: it is another client the plan does not count.
    auto plan = testplans::presetPlan("large-scale");
    plan.database.otherClientConnections = 0; // the preset allows 10 others; this plan counts none
    const auto findings = remote::holdAgainstPlan(*report, plan);
    const auto *others = findRule(findings, "probe-other-postgres-clients");
    QVERIFY2(others, describe(findings));
    QVERIFY(!findRule(findings, "probe-connections-per-client"));
}

void tst_probe::serversThatAreDownAreTheirOwnErrors()
{
    auto down = request();
    down.postgres->port = loopback::freePort();
    down.redis->port = loopback::freePort();
    const auto report = remote::probe(localRunner(), down);
    QVERIFY2(report, report ? "" : report.error().describe().c_str());
    QVERIFY(report->postgres && !report->postgres->error.empty());
    QVERIFY2(q(report->postgres->error).contains(QString::number(down.postgres->port)), report->postgres->error.c_str());
    QVERIFY(!report->postgres->maxConnections);
    QVERIFY(report->redis && !report->redis->error.empty());
    QVERIFY2(q(report->redis->error).contains(QStringLiteral("refused"), Qt::CaseInsensitive), report->redis->error.c_str());
    QVERIFY(report->machine.cpuCores && report->machine.memoryTotalBytes); // the host's facts are still there
    const auto findings = remote::holdAgainstPlan(*report, testplans::presetPlan("large-scale"));
    QVERIFY2(findRule(findings, "probe-postgres-unreached") && findRule(findings, "probe-redis-unreached"), describe(findings));
    QVERIFY(!findRule(findings, "probe-max-connections"));
}

void tst_probe::missingClientsAreFactsNotFailures()
{
    // A host with the basic tools only: psql, redis-cli, docker, kubectl and helm are simply not there.
    QTemporaryDir bin;
    QVERIFY(bin.isValid());
    for (const char *tool : {"sh", "uname", "nproc", "grep", "df", "cat", "timeout"}) {
        const auto path = loopback::findTool(QLatin1String(tool));
        QVERIFY2(!path.isEmpty(), tool);
        QVERIFY(QFile::link(path, bin.filePath(QLatin1String(tool))));
    }
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PATH"), bin.path());
    const auto report = remote::probe(localRunner(environment), request());
    QVERIFY2(report, report ? "" : report.error().describe().c_str());
    QVERIFY2(report->postgres->error.rfind("psql is not installed on ", 0) == 0, report->postgres->error.c_str());
    QVERIFY2(report->redis->error.rfind("redis-cli is not installed on ", 0) == 0, report->redis->error.c_str());
    QVERIFY(!report->machine.dockerVersion && !report->machine.kubectlVersion && !report->machine.helmVersion);
    QVERIFY(report->machine.cpuCores.has_value());
    // Compose needs docker, Kubernetes kubectl and helm: both said.
    auto compose = testplans::presetPlan("small-team");
    compose.orchestrator = planner::Orchestrator::Compose;
    const auto composeFindings = remote::holdAgainstPlan(*report, compose);
    const auto *tools = findRule(composeFindings, "probe-orchestrator-tools");
    QVERIFY2(tools && q(tools->message).contains(QStringLiteral("Docker")), describe(composeFindings));
    const auto helmFindings = remote::holdAgainstPlan(*report, testplans::presetPlan("large-scale"));
    tools = findRule(helmFindings, "probe-orchestrator-tools");
    QVERIFY2(tools && q(tools->message).contains(QStringLiteral("kubectl and helm")), describe(helmFindings));
}

void tst_probe::jsonUsesTheServersNames()
{
    const auto report = remote::probe(localRunner(), request());
    QVERIFY(report);
    const auto findings = remote::holdAgainstPlan(*report, testplans::presetPlan("large-scale"));
    const auto document = remote::probeToJson(*report, &findings);
    QCOMPARE(document["postgres"]["max_connections"].get<int>(), 37);
    QCOMPARE(document["postgres"]["superuser_reserved_connections"].get<int>(), 3);
    QCOMPARE(document["redis"]["maxclients"].get<int>(), 1234);
    QCOMPARE(document["redis"]["maxmemory-policy"].get<std::string>(), std::string("allkeys-lru"));
    QCOMPARE(document["redis"]["timeout"].get<int>(), 0);
    QVERIFY(document["redis"]["connected_clients"].is_number_integer());
    QVERIFY(document["host"]["cpu_cores"].is_number_integer());
    QVERIFY(document["findings"].is_array() && !document["findings"].empty());
    QCOMPARE(document["findings"][0]["severity"].get<std::string>(), std::string(planner::toString(planner::Severity::Error)));
    QVERIFY(!remote::probeToJson(*report, nullptr).contains("findings"));
}

QTEST_GUILESS_MAIN(tst_probe)
#include "tst_probe.moc"
