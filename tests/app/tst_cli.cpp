// SPDX-License-Identifier: MIT
// The command line end to end: the real owui-planner binary, its exit codes, its JSON and its messages.
#include "../common/loopbackservers.h"
#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <set>
#include <sys/stat.h>

using nlohmann::json;

namespace {

const QStringList kScenarioPresets = {QStringLiteral("single-user"), QStringLiteral("small-team"),
                                      QStringLiteral("multi-worker"), QStringLiteral("high-availability"),
                                      QStringLiteral("large-scale")};

struct CliRun {
    bool finished = false; ///< false: crashed or timed out
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runPlanner(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The CLI needs no display: a command that wrongly opened the window fails at once instead of hanging offscreen.
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("no-display-for-the-cli"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(OWUI_PLANNER_BINARY), arguments);
    process.closeWriteChannel();
    CliRun run;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
    } else {
        run.finished = process.exitStatus() == QProcess::NormalExit;
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QByteArray describeRun(const QStringList &arguments, const CliRun &run)
{
    return "owui-planner " + arguments.join(QLatin1Char(' ')).toUtf8() + " -> exit " + QByteArray::number(run.exitCode) +
           (run.finished ? "" : " (crashed or hung)") + "\nstdout: " + run.out.left(2000) + "\nstderr: " + run.err;
}

/** @brief The JSON on stdout; a discarded value when it does not parse. */
json parseOutput(const QByteArray &bytes)
{
    return json::parse(bytes.toStdString(), nullptr, false);
}

QString writeTextFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

bool isNonEmptyString(const json &object, const char *key)
{
    return object.is_object() && object.contains(key) && object.at(key).is_string() &&
           !object.at(key).get<std::string>().empty();
}

/** @brief Empty when every finding has the fields the GUI and scripts rely on; otherwise what is missing. */
QString findingProblems(const json &report)
{
    if (!report.contains("findings") || !report.at("findings").is_array())
        return QStringLiteral("no findings array");
    const std::set<std::string> severities = {"error", "warning", "info"};
    int index = 0;
    for (const auto &finding : report.at("findings")) {
        const QString at = QStringLiteral("finding %1: ").arg(index++);
        for (const char *key : {"rule", "severity", "message", "fix", "source"})
            if (!isNonEmptyString(finding, key))
                return at + QStringLiteral("no %1").arg(QLatin1String(key));
        if (!severities.count(finding.at("severity").get<std::string>()))
            return at + QStringLiteral("severity %1").arg(QString::fromStdString(finding.at("severity").dump()));
        if (!finding.contains("fix_settings") || !finding.at("fix_settings").is_array())
            return at + QStringLiteral("no fix_settings array");
        for (const auto &setting : finding.at("fix_settings"))
            if (!isNonEmptyString(setting, "pointer") || !setting.at("pointer").get<std::string>().starts_with("/") ||
                !setting.contains("value"))
                return at + QStringLiteral("bad fix setting %1").arg(QString::fromStdString(setting.dump()));
    }
    return {};
}

const json *findingFor(const json &report, const std::string &rule)
{
    for (const auto &finding : report.at("findings"))
        if (finding.value("rule", "") == rule)
            return &finding;
    return nullptr;
}

/** @brief True when `wanted` appears in `list` in the same relative order. */
bool containsInOrder(const QStringList &list, const QStringList &wanted)
{
    qsizetype from = 0;
    for (const auto &id : wanted) {
        from = list.indexOf(id, from);
        if (from < 0)
            return false;
        ++from;
    }
    return true;
}

} // namespace

class tst_cli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void version_data();
    void version();
    void mainHelp_data();
    void mainHelp();
    void commandHelp_data();
    void commandHelp();
    void budget_data();
    void budget();
    void budgetPgvectorAddsItsPool();
    void budgetUnbounded_data();
    void budgetUnbounded();
    void budgetNothingFits();
    void budgetRecreateSaysWhy();
    void budgetTextReport_data();
    void budgetTextReport();
    void badUsage_data();
    void badUsage();
    void checkPreset_data();
    void checkPreset();
    void checkThreeReplicasOnSqlite();
    void checkBudgetMatchesBudgetCommand();
    void checkNullPoolPlan();
    void checkRedisTerms();
    void checkMalformedPlan_data();
    void checkMalformedPlan();
    void checkUnreadablePath_data();
    void checkUnreadablePath();
    void checkRefusesWhatIsNotAPlanFile_data();
    void checkRefusesWhatIsNotAPlanFile();
    void checkReadsStdinOnlyFromAFile();
    void presetsInMatrixOrder();
    void presetsJson();
    void rulesJson();
    void exportPreset();
    void auditRefusesWhatIsNotADeployment_data();
    void auditRefusesWhatIsNotADeployment();
    void auditBadUsage();
    void auditComposeFileEndToEnd();
    void exportRefusesErrorsUnlessAllowed();
    void exportBadUsage_data();
    void exportBadUsage();
    void probeReadsTheServersOverSsh();
    void probeHoldsThePlanAndWritesTheFacts();
    void probeUnknownHostKeyNeedsConsent();
    void probeBadUsage_data();
    void probeBadUsage();
    void probeRefusedHostIsExit3();

private:
    QTemporaryDir m_dir;
};

void tst_cli::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(OWUI_PLANNER_BINARY)).isExecutable(), OWUI_PLANNER_BINARY);
    QVERIFY(m_dir.isValid());
}

void tst_cli::version_data()
{
    QTest::addColumn<QString>("flag");
    QTest::newRow("--version") << QStringLiteral("--version");
    QTest::newRow("-v") << QStringLiteral("-v");
}

void tst_cli::version()
{
    QFETCH(QString, flag);
    const QStringList arguments{flag};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 0, describeRun(arguments, run).constData());
    QVERIFY2(QRegularExpression(QStringLiteral("^owui-planner \\d+\\.\\d+\\.\\d+\\S*\\n$")).match(QString::fromUtf8(run.out)).hasMatch(),
             run.out.constData());
    QCOMPARE(run.err, QByteArray());
}

void tst_cli::mainHelp_data()
{
    QTest::addColumn<QString>("flag");
    QTest::newRow("--help") << QStringLiteral("--help");
    QTest::newRow("-h") << QStringLiteral("-h");
    QTest::newRow("help") << QStringLiteral("help");
}

void tst_cli::mainHelp()
{
    QFETCH(QString, flag);
    const QStringList arguments{flag};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 0, describeRun(arguments, run).constData());
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(text.startsWith(QStringLiteral("Usage: owui-planner")), qPrintable(text));
    for (const char *command : {"budget", "check", "presets", "preset", "rules", "probe"})
        QVERIFY2(text.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(command))), command);
    QVERIFY(text.contains(QStringLiteral("Exit codes:")));
    QCOMPARE(run.err, QByteArray());
}

void tst_cli::commandHelp_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("fragments");

    QTest::newRow("budget") << QStringList{"budget", "--help"}
                            << QStringList{"Usage: owui-planner budget [--replicas N]", "--pool-size", "--max-connections",
                                           "--vector-db", "--surge", "--json"};
    QTest::newRow("budget -h") << QStringList{"budget", "-h"} << QStringList{"Usage: owui-planner budget"};
    QTest::newRow("check") << QStringList{"check", "--help"} << QStringList{"Usage: owui-planner check PLAN.json [--json]", "--json"};
    QTest::newRow("presets") << QStringList{"presets", "--help"} << QStringList{"Usage: owui-planner presets [--json]"};
    QTest::newRow("preset") << QStringList{"preset", "--help"} << QStringList{"Usage: owui-planner preset NAME", "NAME"};
    QTest::newRow("rules") << QStringList{"rules", "--help"} << QStringList{"Usage: owui-planner rules [--json]"};
    QTest::newRow("probe") << QStringList{"probe", "--help"}
                           << QStringList{"Usage: owui-planner probe [user@]host[:port] [--identity KEY]", "--accept-new-host-key",
                                          "--plan-out", "or (probe) the host"};
    QTest::newRow("audit") << QStringList{"audit", "--help"}
                           << QStringList{"Usage: owui-planner audit FILE... [--json] [--plan-out PLAN.json] [--against PLAN.json]", "--plan-out",
                                          "Helm values", "Kubernetes manifests"};
    QTest::newRow("export") << QStringList{"export", "--help"}
                            << QStringList{"Usage: owui-planner export PLAN.json --out DIR", "--formats", "--force",
                                           "--allow-findings"};
}

void tst_cli::commandHelp()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, fragments);
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 0, describeRun(arguments, run).constData());
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(text.startsWith(fragments.first()), qPrintable(text));
    for (const auto &fragment : fragments)
        QVERIFY2(text.contains(fragment), qPrintable(fragment));
    QVERIFY(text.contains(QStringLiteral("Exit codes:")));
    QCOMPARE(run.err, QByteArray());
}

void tst_cli::budget_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<qlonglong>("processes");
    QTest::addColumn<qlonglong>("perProcess");
    QTest::addColumn<qlonglong>("total");
    QTest::addColumn<qlonglong>("maxConnections");
    QTest::addColumn<qlonglong>("available");
    QTest::addColumn<qlonglong>("headroom");
    QTest::addColumn<bool>("fits");
    QTest::addColumn<qlonglong>("rollingPeak");
    QTest::addColumn<qlonglong>("worstCase");

    const QStringList seed{"--replicas", "3", "--workers", "2", "--pool-size", "15", "--max-overflow", "20", "--max-connections", "100"};
    // The seed's example: (15 + 20) × 3 × 2 = 210 against 100 − 3 reserved.
    QTest::newRow("seed example") << seed << 1 << 6LL << 35LL << 210LL << 100LL << 97LL << -113LL << false << 280LL << 560LL;
    QTest::newRow("seed example with room")
        << QStringList{"--replicas", "3", "--workers", "2", "--pool-size", "15", "--max-overflow", "20", "--max-connections", "500"}
        << 0 << 6LL << 35LL << 210LL << 500LL << 497LL << 287LL << true << 280LL << 560LL;
    QTest::newRow("defaults: SQLAlchemy's 5 + 10") << QStringList{} << 0 << 1LL << 15LL << 15LL << 100LL << 97LL << 82LL << true
                                                    << 30LL << 60LL;
    QTest::newRow("fits") << QStringList{"--workers", "2", "--pool-size", "10", "--max-overflow", "10"} << 0 << 2LL << 20LL << 40LL
                          << 100LL << 97LL << 57LL << true << 80LL << 160LL;
    QTest::newRow("exactly at the limit") << QStringList{"--pool-size", "97"} << 0 << 1LL << 97LL << 97LL << 100LL << 97LL << 0LL
                                          << true << 194LL << 388LL;
    QTest::newRow("one over the limit") << QStringList{"--pool-size", "98"} << 1 << 1LL << 98LL << 98LL << 100LL << 97LL << -1LL
                                        << false << 196LL << 392LL;
    QTest::newRow("pgvector adds 5 + 10") << QStringList{"--replicas", "2", "--pool-size", "10", "--vector-db", "pgvector"} << 0
                                          << 2LL << 25LL << 50LL << 100LL << 97LL << 47LL << true << 75LL << 105LL;
    QTest::newRow("pgvector with its own pool")
        << QStringList{"--replicas", "2", "--pool-size", "10", "--vector-db", "pgvector", "--pgvector-pool-size", "5",
                       "--pgvector-max-overflow", "2"}
        << 0 << 2LL << 17LL << 34LL << 100LL << 97LL << 63LL << true << 51LL << 81LL;
    QTest::newRow("qdrant adds nothing") << QStringList{"--replicas", "2", "--pool-size", "10", "--vector-db", "qdrant"} << 0 << 2LL
                                         << 10LL << 20LL << 100LL << 97LL << 77LL << true << 30LL << 60LL;
    QTest::newRow("reserved and other clients") << QStringList{"--pool-size", "10", "--reserved", "10", "--other-clients", "20"}
                                                << 0 << 1LL << 10LL << 10LL << 100LL << 70LL << 60LL << true << 20LL << 40LL;
    QTest::newRow("other clients push it over")
        << QStringList{"--replicas", "3", "--pool-size", "10", "--max-overflow", "10", "--other-clients", "50"} << 1 << 3LL << 20LL
        << 60LL << 100LL << 47LL << -13LL << false << 80LL << 160LL;
    QTest::newRow("surge 2") << QStringList{"--replicas", "3", "--pool-size", "10", "--surge", "2"} << 0 << 3LL << 10LL << 30LL
                             << 100LL << 97LL << 67LL << true << 50LL << 100LL;
    QTest::newRow("surge 0") << QStringList{"--replicas", "3", "--pool-size", "10", "--surge", "0"} << 0 << 3LL << 10LL << 30LL
                             << 100LL << 97LL << 67LL << true << 30LL << 60LL;
    // Alembic's NullPool: the job adds one connection to the worst case, 20 × (1 + 1 surge) + 1.
    QTest::newRow("migration job") << QStringList{"--pool-size", "10", "--migration-job"} << 0 << 1LL << 10LL << 10LL << 100LL
                                   << 97LL << 87LL << true << 20LL << 41LL;
    QTest::newRow("recreate: no surge") << QStringList{"--replicas", "3", "--pool-size", "10", "--surge", "2", "--upgrade-strategy", "recreate"}
                                        << 0 << 3LL << 10LL << 30LL << 100LL << 97LL << 67LL << true << 30LL << 60LL;
    QTest::newRow("autoscaling maximum") << QStringList{"--replicas", "2", "--pool-size", "10", "--autoscale-max", "5"} << 0 << 2LL
                                         << 10LL << 20LL << 100LL << 97LL << 77LL << true << 30LL << 120LL;
}

void tst_cli::budget()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(qlonglong, processes);
    QFETCH(qlonglong, perProcess);
    QFETCH(qlonglong, total);
    QFETCH(qlonglong, maxConnections);
    QFETCH(qlonglong, available);
    QFETCH(qlonglong, headroom);
    QFETCH(bool, fits);
    QFETCH(qlonglong, rollingPeak);
    QFETCH(qlonglong, worstCase);

    arguments.prepend(QStringLiteral("budget"));
    arguments.append(QStringLiteral("--json"));
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == exitCode, describeRun(arguments, run).constData());
    QCOMPARE(run.err, QByteArray());
    const json budget = parseOutput(run.out);
    QVERIFY2(budget.is_object(), run.out.constData());

    for (const char *key : {"processes", "connections_per_process", "total_connections", "max_connections",
                            "available_connections", "headroom", "rolling_update_peak_connections", "worst_case_connections",
                            "worst_case_headroom", "smallest_max_connections"})
        QVERIFY2(budget.contains(key) && budget.at(key).is_number_integer(), key);
    // An inverse answer is a count of at least 1, or null when none exists (one pool of 98 leaves no replica that fits).
    for (const char *key : {"largest_safe_pool_per_process", "largest_safe_pool_per_process_worst_case", "most_replicas"})
        QVERIFY2(budget.contains(key) && (budget.at(key).is_null() || budget.at(key).get<long long>() >= 1), key);
    QCOMPARE(budget.at("most_replicas").is_null(), total > available && processes == 1);
    QVERIFY(budget.at("fits").is_boolean());
    QCOMPARE(budget.at("applicable").get<bool>(), true);
    QCOMPARE(budget.at("processes").get<qlonglong>(), processes);
    QCOMPARE(budget.at("connections_per_process").get<qlonglong>(), perProcess);
    QCOMPARE(budget.at("total_connections").get<qlonglong>(), total);
    QCOMPARE(budget.at("max_connections").get<qlonglong>(), maxConnections);
    QCOMPARE(budget.at("available_connections").get<qlonglong>(), available);
    QCOMPARE(budget.at("headroom").get<qlonglong>(), headroom);
    QCOMPARE(budget.at("fits").get<bool>(), fits);
    QCOMPARE(budget.at("rolling_update_peak_connections").get<qlonglong>(), rollingPeak);
    QCOMPARE(budget.at("worst_case_connections").get<qlonglong>(), worstCase);
    QCOMPARE(budget.at("worst_case_headroom").get<qlonglong>(), available - worstCase);
    QCOMPARE(budget.at("smallest_max_connections").get<qlonglong>(), maxConnections - available + total);
}

void tst_cli::budgetPgvectorAddsItsPool()
{
    const QStringList base{"budget", "--replicas", "3", "--workers", "2", "--pool-size", "15", "--max-overflow", "20",
                           "--max-connections", "1000", "--json"};
    const auto without = runPlanner(base);
    const auto with = runPlanner(base + QStringList{"--vector-db", "pgvector"});
    QVERIFY2(without.finished && without.exitCode == 0, describeRun(base, without).constData());
    QVERIFY2(with.finished && with.exitCode == 0, describeRun(base, with).constData());
    const json a = parseOutput(without.out);
    const json b = parseOutput(with.out);
    QVERIFY(a.is_object() && b.is_object());
    // PGVECTOR_POOL_SIZE unset is SQLAlchemy's 5 + 10, in every one of the 6 processes.
    QCOMPARE(b.at("pgvector_pool_per_process").get<qlonglong>(), 15LL);
    QCOMPARE(a.at("pgvector_pool_per_process").get<qlonglong>(), 0LL);
    QCOMPARE(b.at("connections_per_process").get<qlonglong>() - a.at("connections_per_process").get<qlonglong>(), 15LL);
    QCOMPARE(b.at("total_connections").get<qlonglong>() - a.at("total_connections").get<qlonglong>(), 15LL * 6);
}

void tst_cli::budgetUnbounded_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("mainUnbounded");
    QTest::addColumn<bool>("pgvectorUnbounded");
    QTest::addColumn<QString>("largestPool"); ///< "null" or a number, as JSON

    QTest::newRow("DATABASE_POOL_SIZE 0") << QStringList{"--pool-size", "0"} << true << false << QStringLiteral("97");
    QTest::newRow("DATABASE_POOL_SIZE 0, 3 replicas × 2 beside pgvector 5")
        << QStringList{"--replicas", "3", "--workers", "2", "--pool-size", "0", "--vector-db", "pgvector", "--pgvector-pool-size", "5"}
        << true << false << QStringLiteral("11");
    QTest::newRow("PGVECTOR_POOL_SIZE 0")
        << QStringList{"--pool-size", "10", "--vector-db", "pgvector", "--pgvector-pool-size", "0"} << false << true
        << QStringLiteral("null");
}

// NullPool: every total it makes unknowable is null, never a number or a "does not fit".
void tst_cli::budgetUnbounded()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, mainUnbounded);
    QFETCH(bool, pgvectorUnbounded);
    QFETCH(QString, largestPool);

    QStringList jsonArguments = QStringList{QStringLiteral("budget")} + arguments + QStringList{QStringLiteral("--json")};
    const auto run = runPlanner(jsonArguments);
    QVERIFY2(run.finished && run.exitCode == 1, describeRun(jsonArguments, run).constData());
    const json budget = parseOutput(run.out);
    QVERIFY2(budget.is_object(), run.out.constData());
    QCOMPARE(budget.at("unbounded").get<bool>(), true);
    QCOMPARE(budget.at("main_pool_unbounded").get<bool>(), mainUnbounded);
    QCOMPARE(budget.at("pgvector_pool_unbounded").get<bool>(), pgvectorUnbounded);
    QCOMPARE(budget.at("nothing_fits").get<bool>(), false);
    for (const char *key : {"connections_per_process", "worst_case_per_process", "total_connections",
                            "rolling_update_peak_connections", "autoscaling_max_connections", "worst_case_connections",
                            "headroom", "worst_case_headroom", "fits", "worst_case_fits", "smallest_max_connections",
                            "smallest_max_connections_worst_case", "most_replicas"})
        QVERIFY2(budget.contains(key) && budget.at(key).is_null(), key);
    QCOMPARE(budget.at("main_pool_per_process").is_null(), mainUnbounded);
    QCOMPARE(budget.at("sync_pool_per_process").is_null(), mainUnbounded);
    QCOMPARE(budget.at("pgvector_pool_per_process").is_null(), pgvectorUnbounded);
    QCOMPARE(QString::fromStdString(budget.at("largest_safe_pool_per_process").dump()), largestPool);
    // What is known stays a number.
    for (const char *key : {"processes", "max_connections", "available_connections", "migration_job_connections", "surge"})
        QVERIFY2(budget.at(key).is_number_integer(), key);

    arguments.prepend(QStringLiteral("budget"));
    const auto text = runPlanner(arguments);
    QVERIFY2(text.finished && text.exitCode == 1, describeRun(arguments, text).constData());
    const QString out = QString::fromUtf8(text.out);
    QVERIFY2(out.contains(QStringLiteral("steady total                  unbounded (NullPool)")), qPrintable(out));
    QVERIFY2(QRegularExpression(QStringLiteral("\\n  headroom +unbounded \\(NullPool\\)  cannot be checked")).match(out).hasMatch(),
             qPrintable(out));
    QVERIFY2(!out.contains(QStringLiteral("DOES NOT FIT")) && !out.contains(QStringLiteral("OVER THE LIMIT")), qPrintable(out));
    QVERIFY2(QRegularExpression(QStringLiteral("most replicas that fit +none\\n")).match(out).hasMatch(), qPrintable(out));
}

void tst_cli::budgetNothingFits()
{
    // 100 − 3 reserved − 97 other clients leaves nothing: no pool and no replica count is an answer.
    const QStringList arguments{"budget", "--pool-size", "10", "--other-clients", "97", "--migration-job", "--json"};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 1, describeRun(arguments, run).constData());
    const json budget = parseOutput(run.out);
    QVERIFY2(budget.is_object(), run.out.constData());
    QCOMPARE(budget.at("nothing_fits").get<bool>(), true);
    QCOMPARE(budget.at("available_connections").get<long long>(), 0LL);
    QCOMPARE(budget.at("fits").get<bool>(), false);
    QCOMPARE(budget.at("worst_case_fits").get<bool>(), false);
    QVERIFY(budget.at("largest_safe_pool_per_process").is_null());
    QVERIFY(budget.at("largest_safe_pool_per_process_worst_case").is_null());
    QVERIFY(budget.at("most_replicas").is_null());
    QCOMPARE(budget.at("smallest_max_connections").get<long long>(), 10LL + 3 + 97);
    QCOMPARE(budget.at("migration_job_connections").get<long long>(), 1LL);

    const QStringList textArguments = arguments.mid(0, arguments.size() - 1);
    const auto text = runPlanner(textArguments);
    QVERIFY2(text.finished && text.exitCode == 1, describeRun(textArguments, text).constData());
    const QString out = QString::fromUtf8(text.out);
    QVERIFY2(out.contains(QStringLiteral("NOTHING FITS")), qPrintable(out));
    QVERIFY2(QRegularExpression(QStringLiteral("largest safe pool per process +none  ")).match(out).hasMatch(), qPrintable(out));
    QVERIFY2(QRegularExpression(QStringLiteral("most replicas that fit +none\\n")).match(out).hasMatch(), qPrintable(out));
    QVERIFY2(QRegularExpression(QStringLiteral("migration job +1  ")).match(out).hasMatch(), qPrintable(out));
}

void tst_cli::budgetRecreateSaysWhy()
{
    const QStringList arguments{"budget", "--replicas", "3", "--pool-size", "10", "--upgrade-strategy", "recreate", "--json"};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 0, describeRun(arguments, run).constData());
    const json budget = parseOutput(run.out);
    QCOMPARE(budget.at("upgrade_strategy").get<std::string>(), std::string("recreate"));
    QCOMPARE(budget.at("surge").get<long long>(), 0LL);
    QVERIFY(budget.at("surge_reason").get<std::string>().find("never overlap") != std::string::npos);

    const auto text = runPlanner(arguments.mid(0, arguments.size() - 1));
    QVERIFY2(QRegularExpression(QStringLiteral("rolling-update peak +30  surge 0; recreate")).match(QString::fromUtf8(text.out)).hasMatch(),
             text.out.constData());
    const auto rolling = runPlanner({"budget", "--replicas", "3", "--pool-size", "10"});
    QVERIFY2(QRegularExpression(QStringLiteral("rolling-update peak +40  surge 1; rolling update")).match(QString::fromUtf8(rolling.out)).hasMatch(),
             rolling.out.constData());
}

void tst_cli::budgetTextReport_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("verdict");

    QTest::newRow("seed example does not fit")
        << QStringList{"budget", "--replicas", "3", "--workers", "2", "--pool-size", "15", "--max-overflow", "20"} << 1
        << QStringLiteral("DOES NOT FIT");
    QTest::newRow("defaults fit") << QStringList{"budget"} << 0 << QStringLiteral("fits");
}

void tst_cli::budgetTextReport()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, verdict);
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == exitCode, describeRun(arguments, run).constData());
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(text.startsWith(QStringLiteral("PostgreSQL connection budget")), qPrintable(text));
    const auto headroom = QRegularExpression(QStringLiteral("\\n  headroom +-?\\d+  (.*)\\n")).match(text);
    QVERIFY2(headroom.hasMatch(), qPrintable(text));
    QCOMPARE(headroom.captured(1), verdict);
    QVERIFY(text.contains(QStringLiteral("Inverse answers")));
}

void tst_cli::badUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("fragments");

    QTest::newRow("replicas not a number") << QStringList{"budget", "--replicas", "abc"} << QStringList{"--replicas", "'abc'"};
    QTest::newRow("replicas 0") << QStringList{"budget", "--replicas", "0"} << QStringList{"--replicas", "from 1 to 1000"};
    QTest::newRow("replicas a fraction") << QStringList{"budget", "--replicas", "2.5"} << QStringList{"--replicas", "'2.5'"};
    QTest::newRow("replicas beyond 64 bits") << QStringList{"budget", "--replicas", "99999999999999999999"}
                                             << QStringList{"--replicas"};
    QTest::newRow("replicas without a value") << QStringList{"budget", "--replicas"} << QStringList{"--replicas"};
    QTest::newRow("workers 999") << QStringList{"budget", "--workers", "999"} << QStringList{"--workers", "from 1 to 64"};
    QTest::newRow("negative surge") << QStringList{"budget", "--surge", "-1"} << QStringList{"--surge"};
    QTest::newRow("reserved not below max_connections") << QStringList{"budget", "--reserved", "100", "--max-connections", "100"}
                                                        << QStringList{"--reserved", "--max-connections (100)"};
    QTest::newRow("unknown vector db") << QStringList{"budget", "--vector-db", "nosuch"}
                                       << QStringList{"--vector-db", "'nosuch'", "pgvector", "qdrant"};
    QTest::newRow("unknown budget option") << QStringList{"budget", "--bogus"} << QStringList{"'bogus'"};
    QTest::newRow("stray budget argument") << QStringList{"budget", "extra"} << QStringList{"unexpected argument 'extra'"};
    QTest::newRow("unknown upgrade strategy") << QStringList{"budget", "--upgrade-strategy", "blue-green"}
                                              << QStringList{"--upgrade-strategy", "'blue-green'", "rolling, recreate"};
    QTest::newRow("unknown option") << QStringList{"--bogus"} << QStringList{"unknown option '--bogus'"};
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << QStringList{"unknown command 'frobnicate'"};
    QTest::newRow("check without a file") << QStringList{"check"} << QStringList{"check", "a plan file is required"};
    QTest::newRow("check with two files") << QStringList{"check", "a.json", "b.json"} << QStringList{"one plan file at a time"};
    QTest::newRow("unknown check option") << QStringList{"check", "--yaml", "plan.json"} << QStringList{"'yaml'"};
    QTest::newRow("preset without a name") << QStringList{"preset"} << QStringList{"preset", "name one preset"};
    QTest::newRow("unknown preset") << QStringList{"preset", "nosuch"}
                                    << QStringList{"\"nosuch\"", "single-user", "small-team", "multi-worker",
                                                   "high-availability", "large-scale"};
    QTest::newRow("stray presets argument") << QStringList{"presets", "extra"} << QStringList{"unexpected argument 'extra'"};
    QTest::newRow("stray rules argument") << QStringList{"rules", "json"} << QStringList{"unexpected argument 'json'"};
}

void tst_cli::badUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, fragments);
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 2, describeRun(arguments, run).constData());
    QCOMPARE(run.out, QByteArray());
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.startsWith(QStringLiteral("owui-planner")), qPrintable(err));
    for (const auto &fragment : fragments)
        QVERIFY2(err.contains(fragment), qPrintable(QStringLiteral("'%1' not in: %2").arg(fragment, err)));
}

void tst_cli::checkPreset_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &name : kScenarioPresets)
        QTest::newRow(qPrintable(name)) << name;
}

void tst_cli::checkPreset()
{
    QFETCH(QString, name);
    const QStringList presetArguments{QStringLiteral("preset"), name};
    const auto preset = runPlanner(presetArguments);
    QVERIFY2(preset.finished && preset.exitCode == 0, describeRun(presetArguments, preset).constData());
    QCOMPARE(preset.err, QByteArray());

    // The printed plan is the preset file itself, read and written back.
    const auto printed = planner::planFromJson(preset.out.toStdString());
    QVERIFY2(printed.has_value(), printed ? "" : printed.error().describe().c_str());
    const auto source = planner::readPlanFile((QStringLiteral(OWUI_PRESET_DIR "/") + name + QStringLiteral(".json")).toStdString());
    QVERIFY2(source.has_value(), source ? "" : source.error().describe().c_str());
    QVERIFY(*printed == *source);

    const QString path = writeTextFile(m_dir, name + QStringLiteral(".json"), preset.out);
    QVERIFY(!path.isEmpty());
    const QStringList checkArguments{QStringLiteral("check"), path, QStringLiteral("--json")};
    const auto check = runPlanner(checkArguments);
    QVERIFY2(check.finished && check.exitCode == 0, describeRun(checkArguments, check).constData());
    QCOMPARE(check.err, QByteArray());
    const json report = parseOutput(check.out);
    QVERIFY2(report.is_object(), check.out.constData());
    QVERIFY(report.at("findings").is_array());
    QVERIFY(report.at("budget").is_object());
    QVERIFY(report.at("scenario").is_object());
    QCOMPARE(QString::fromStdString(report.at("scenario").at("id").get<std::string>()), name);
    QCOMPARE(report.at("ok").get<bool>(), true);
    QCOMPARE(report.at("summary").at("errors").get<int>(), 0);
    QCOMPARE(QString::fromStdString(report.at("file").get<std::string>()), path);
    const QString problems = findingProblems(report);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    const QStringList textArguments{QStringLiteral("check"), path};
    const auto text = runPlanner(textArguments);
    QVERIFY2(text.finished && text.exitCode == 0, describeRun(textArguments, text).constData());
    QVERIFY(text.out.startsWith(path.toUtf8() + ": "));
    QVERIFY(text.out.contains("0 errors, "));
}

void tst_cli::checkThreeReplicasOnSqlite()
{
    const QString path = writeTextFile(m_dir, QStringLiteral("three-replicas.json"),
                                       R"({"format": 1, "name": "Three replicas", "orchestrator": "swarm", "replicas": 3})");
    QVERIFY(!path.isEmpty());
    const QStringList arguments{QStringLiteral("check"), QStringLiteral("--json"), path};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 1, describeRun(arguments, run).constData());
    const json report = parseOutput(run.out);
    QVERIFY2(report.is_object(), run.out.constData());
    QCOMPARE(report.at("ok").get<bool>(), false);
    QCOMPARE(report.at("scenario").at("id").get<std::string>(), std::string("high-availability"));
    QCOMPARE(report.at("budget").at("applicable").get<bool>(), false);
    QVERIFY(report.at("summary").at("errors").get<int>() >= 1);
    const QString problems = findingProblems(report);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    const json *database = findingFor(report, "external-database");
    QVERIFY2(database, run.out.constData());
    QCOMPARE(database->at("severity").get<std::string>(), std::string("error"));
    const json expectedFix = json::array({{{"pointer", "/database/kind"}, {"value", "postgresql"}}});
    QCOMPARE(QString::fromStdString(database->at("fix_settings").dump()), QString::fromStdString(expectedFix.dump()));

    // Errors come first, and every reported rule is one `rules` lists.
    const auto rulesRun = runPlanner({QStringLiteral("rules"), QStringLiteral("--json")});
    const json rules = parseOutput(rulesRun.out);
    QVERIFY(rules.is_array());
    std::set<std::string> known;
    for (const auto &rule : rules)
        known.insert(rule.value("rule", ""));
    bool pastErrors = false;
    for (const auto &finding : report.at("findings")) {
        QVERIFY2(known.count(finding.at("rule").get<std::string>()), finding.at("rule").dump().c_str());
        const bool isError = finding.at("severity") == "error";
        QVERIFY2(!(isError && pastErrors), "an error after a warning or info");
        pastErrors = pastErrors || !isError;
    }

    const QStringList textArguments{QStringLiteral("check"), path};
    const auto text = runPlanner(textArguments);
    QVERIFY2(text.finished && text.exitCode == 1, describeRun(textArguments, text).constData());
    QVERIFY2(text.out.contains("ERROR [external-database]"), text.out.constData());
    QVERIFY(text.out.contains("PostgreSQL connection budget: not applicable"));
}

void tst_cli::checkBudgetMatchesBudgetCommand()
{
    // The same settings through a plan file and through flags must give the same budget.
    const QString path = writeTextFile(m_dir, QStringLiteral("seed-budget.json"), R"({
        "format": 1, "replicas": 3, "workers": 2,
        "database": {"kind": "postgresql", "pool_size": 15, "max_overflow": 20, "max_connections": 100}
    })");
    QVERIFY(!path.isEmpty());
    const QStringList checkArguments{QStringLiteral("check"), path, QStringLiteral("--json")};
    const auto check = runPlanner(checkArguments);
    QVERIFY2(check.finished && check.exitCode == 1, describeRun(checkArguments, check).constData());
    const json report = parseOutput(check.out);
    QVERIFY2(report.is_object(), check.out.constData());
    QCOMPARE(report.at("budget").at("total_connections").get<long long>(), 210LL);
    QCOMPARE(report.at("budget").at("fits").get<bool>(), false);
    const json *budgetFinding = findingFor(report, "connection-budget");
    QVERIFY2(budgetFinding, check.out.constData());
    QCOMPARE(budgetFinding->at("severity").get<std::string>(), std::string("error"));

    const QStringList budgetArguments{"budget", "--replicas", "3", "--workers", "2", "--pool-size", "15",
                                      "--max-overflow", "20", "--max-connections", "100", "--json"};
    const auto budget = runPlanner(budgetArguments);
    QVERIFY2(budget.finished && budget.exitCode == 1, describeRun(budgetArguments, budget).constData());
    QCOMPARE(QString::fromStdString(report.at("budget").dump(2)), QString::fromStdString(parseOutput(budget.out).dump(2)));
}

void tst_cli::checkNullPoolPlan()
{
    const QString path = writeTextFile(m_dir, QStringLiteral("null-pool.json"), R"({
        "format": 1, "replicas": 1, "workers": 2, "migrations": "job",
        "database": {"kind": "postgresql", "pool_size": 0, "max_connections": 100},
        "vector_db": {"kind": "pgvector", "pgvector_pool_size": 0}
    })");
    QVERIFY(!path.isEmpty());
    const QStringList arguments{QStringLiteral("check"), path, QStringLiteral("--json")};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 1, describeRun(arguments, run).constData());
    const json report = parseOutput(run.out);
    QVERIFY2(report.is_object(), run.out.constData());
    QCOMPARE(report.at("ok").get<bool>(), false);
    const json &budget = report.at("budget");
    QCOMPARE(budget.at("unbounded").get<bool>(), true);
    QVERIFY(budget.at("total_connections").is_null());
    QVERIFY(budget.at("fits").is_null());
    QVERIFY(budget.at("largest_safe_pool_per_process").is_null());
    QCOMPARE(budget.at("migration_job_connections").get<long long>(), 1LL);
    const QString problems = findingProblems(report);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    // One finding per pool, each with a fix that names a pool or PgBouncer; none for connection-budget.
    for (const char *rule : {"null-pool", "pgvector-null-pool"}) {
        const json *finding = findingFor(report, rule);
        QVERIFY2(finding, rule);
        QCOMPARE(finding->at("severity").get<std::string>(), std::string("error"));
        QVERIFY(finding->at("fix").get<std::string>().find("PgBouncer") != std::string::npos);
    }
    QVERIFY(!findingFor(report, "connection-budget"));
    const json *pgvector = findingFor(report, "pgvector-null-pool");
    const json expectedFix = json::array({{{"pointer", "/vector_db/pgvector_pool_size"}, {"value", 5}},
                                          {{"pointer", "/vector_db/pgvector_max_overflow"}, {"value", 0}}});
    QCOMPARE(QString::fromStdString(pgvector->at("fix_settings").dump()), QString::fromStdString(expectedFix.dump()));

    const auto text = runPlanner({QStringLiteral("check"), path});
    QVERIFY2(text.out.contains("steady total                  unbounded (NullPool)"), text.out.constData());
    QVERIFY2(!text.out.contains("DOES NOT FIT"), text.out.constData());
    QVERIFY(text.out.contains("ERROR [null-pool]"));
}

void tst_cli::checkRedisTerms()
{
    const QString path = QStringLiteral(OWUI_PRESET_DIR "/multi-worker.json");
    const auto run = runPlanner({QStringLiteral("check"), path, QStringLiteral("--json")});
    QVERIFY2(run.finished && run.exitCode == 0, run.out.constData());
    const json redis = parseOutput(run.out).at("redis_budget");
    QVERIFY(redis.at("terms").is_array());
    long long sum = 0;
    std::set<std::string> ids;
    for (const auto &term : redis.at("terms")) {
        QVERIFY2(isNonEmptyString(term, "id") && isNonEmptyString(term, "label") && isNonEmptyString(term, "source"),
                 term.dump().c_str());
        QVERIFY(term.at("per_process").is_number_integer());
        sum += term.at("per_process").get<long long>();
        ids.insert(term.at("id").get<std::string>());
    }
    QCOMPARE(sum, redis.at("clients_per_process").get<long long>());
    for (const char *id : {"async-client", "task-stop-pubsub", "sync-client", "socketio-client", "socketio-pubsub", "pool-allowance"})
        QVERIFY2(ids.count(id), id);

    const auto text = runPlanner({QStringLiteral("check"), path});
    QVERIFY2(text.out.contains("task-stop pub/sub listener"), text.out.constData());
    QVERIFY2(text.out.contains("tasks.py:22-26"), text.out.constData());
}

void tst_cli::checkMalformedPlan_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("out of range") << QByteArray(R"({"format": 1, "database": {"pool_size": -1}})")
                                  << QStringLiteral(": /database/pool_size: must be between 0 and 10000");
    QTest::newRow("negative pool size says what 0 means") << QByteArray(R"({"format": 1, "database": {"pool_size": -1}})")
                                                          << QStringLiteral("0 means NullPool");
    QTest::newRow("unknown key") << QByteArray(R"({"format": 1, "redis": {"mode": "single", "url": "x"}})")
                                 << QStringLiteral(": /redis/url: unknown key");
    QTest::newRow("duplicate key") << QByteArray(R"({"format": 1, "replicas": 2, "replicas": 3})")
                                   << QStringLiteral(": /replicas: duplicate key");
    QTest::newRow("number beyond a double") << QByteArray(R"({"format": 1, "workers": 1e400})")
                                            << QStringLiteral(": /workers: ");
    QTest::newRow("syntax error on line 3") << QByteArray("{\n  \"format\": 1,\n  \"replicas\": ,\n}")
                                            << QStringLiteral(".json:3: not valid JSON");
    QTest::newRow("newer format") << QByteArray(R"({"format": 2})") << QStringLiteral(": /format: format 2");
}

void tst_cli::checkMalformedPlan()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, fragment);
    const QString path = writeTextFile(m_dir, QStringLiteral("malformed.json"), content);
    QVERIFY(!path.isEmpty());
    for (const QStringList &arguments : {QStringList{"check", path}, QStringList{"check", path, "--json"}}) {
        const auto run = runPlanner(arguments);
        QVERIFY2(run.finished && run.exitCode == 2, describeRun(arguments, run).constData());
        QCOMPARE(run.out, QByteArray());
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.startsWith(QStringLiteral("owui-planner: ") + path), qPrintable(err));
        QVERIFY2(err.contains(fragment), qPrintable(err));
    }
}

void tst_cli::checkUnreadablePath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("makeFolder");
    QTest::newRow("missing file") << m_dir.filePath(QStringLiteral("no-such-plan.json")) << false;
    QTest::newRow("a folder") << m_dir.filePath(QStringLiteral("folder.json")) << true;
}

void tst_cli::checkUnreadablePath()
{
    QFETCH(QString, path);
    QFETCH(bool, makeFolder);
    if (makeFolder)
        QVERIFY(QDir().mkpath(path));
    const QStringList arguments{QStringLiteral("check"), path, QStringLiteral("--json")};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 3, describeRun(arguments, run).constData());
    QCOMPARE(run.out, QByteArray());
    QVERIFY2(run.err.contains(path.toUtf8()), run.err.constData());
}

void tst_cli::checkRefusesWhatIsNotAPlanFile_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("content"); // written to `path` first unless empty
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");   // the whole of stderr after "owui-planner: "

    QTest::newRow("empty path") << QString() << QByteArray() << 3
                                << QStringLiteral("(empty path): cannot open: No such file or directory");
    QTest::newRow("/dev/zero, which never ends") << QStringLiteral("/dev/zero") << QByteArray() << 3
                                                 << QStringLiteral("/dev/zero: not a regular file (a character device); save the plan to a file first");
    QTest::newRow("4 MiB of [") << m_dir.filePath(QStringLiteral("deep.json")) << QByteArray(4 * 1024 * 1024, '[') << 2
                                << m_dir.filePath(QStringLiteral("deep.json")) + QStringLiteral(":1: nested deeper than 64 levels; not a plan file");
    QTest::newRow("a NUL byte") << m_dir.filePath(QStringLiteral("nul.json")) << QByteArray("{\"format\": 1,\n\0}", 16) << 2
                                << m_dir.filePath(QStringLiteral("nul.json")) + QStringLiteral(":2: contains a NUL byte at offset 14; not a text file");
}

void tst_cli::checkRefusesWhatIsNotAPlanFile()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, content);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    if (!content.isEmpty())
        QVERIFY(!writeTextFile(m_dir, QFileInfo(path).fileName(), content).isEmpty());
    const QStringList arguments{QStringLiteral("check"), path};
    QElapsedTimer clock;
    clock.start();
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == exitCode, describeRun(arguments, run).constData());
    QCOMPARE(QString::fromUtf8(run.err), QStringLiteral("owui-planner: ") + message + QLatin1Char('\n'));
    QCOMPARE(run.out, QByteArray());
    qInfo("%s refused in %lld ms", QTest::currentDataTag(), static_cast<long long>(clock.elapsed()));

    // A FIFO with no writer: refused at once, where reading it waited for ever.
    const QString fifo = m_dir.filePath(QStringLiteral("fifo.json"));
    if (!QFileInfo::exists(fifo))
        QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    const auto fromFifo = runPlanner({QStringLiteral("check"), fifo});
    QVERIFY2(fromFifo.finished && fromFifo.exitCode == 3, describeRun({QStringLiteral("check"), fifo}, fromFifo).constData());
    QVERIFY(fromFifo.err.contains(fifo.toUtf8() + ": not a regular file (a pipe or FIFO)"));
}

void tst_cli::checkReadsStdinOnlyFromAFile()
{
    // `check /dev/stdin < plan.json` reads a file, within the same 4 MiB bound; a pipe (`cat plan | check
    // /dev/stdin`) has no size to trust and is refused: save it to a file first.
    const QString big = writeTextFile(m_dir, QStringLiteral("fifty.json"), QByteArray(50 * 1024 * 1024, ' '));
    QVERIFY(!big.isEmpty());
    for (const bool asFile : {true, false}) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("no-display-for-the-cli"));
        process.setProcessEnvironment(environment);
        if (asFile)
            process.setStandardInputFile(big);
        process.start(QStringLiteral(OWUI_PLANNER_BINARY), {QStringLiteral("check"), QStringLiteral("/dev/stdin")});
        QVERIFY(process.waitForStarted());
        if (!asFile) {
            process.write(QByteArray(1000, ' ')); // within the pipe's buffer: the writer never waits
            process.closeWriteChannel();
        }
        QVERIFY(process.waitForFinished(30000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        if (asFile) {
            QCOMPARE(process.exitCode(), 2);
            QCOMPARE(err, QStringLiteral("owui-planner: /dev/stdin: file is larger than 4 MiB; not a plan file\n"));
        } else {
            QCOMPARE(process.exitCode(), 3);
            QCOMPARE(err, QStringLiteral("owui-planner: /dev/stdin: not a regular file (a pipe or FIFO); save the plan to a file first\n"));
        }
    }
}

void tst_cli::presetsInMatrixOrder()
{
    const QStringList arguments{QStringLiteral("presets")};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 0, describeRun(arguments, run).constData());
    QStringList ids;
    for (const auto &line : QString::fromUtf8(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const auto columns = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY2(columns.size() >= 2, qPrintable(line)); // an id and its description
        ids << columns.first();
    }
    QVERIFY2(containsInOrder(ids, kScenarioPresets), qPrintable(ids.join(QLatin1Char(' '))));
    QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size());
}

void tst_cli::presetsJson()
{
    const QStringList arguments{QStringLiteral("presets"), QStringLiteral("--json")};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 0, describeRun(arguments, run).constData());
    const json list = parseOutput(run.out);
    QVERIFY2(list.is_array(), run.out.constData());
    QStringList ids;
    for (const auto &preset : list) {
        QVERIFY2(isNonEmptyString(preset, "id") && isNonEmptyString(preset, "description") && isNonEmptyString(preset, "name"),
                 preset.dump().c_str());
        const QString id = QString::fromStdString(preset.at("id").get<std::string>());
        // Each scenario preset is classified as the scenario it is named after.
        if (kScenarioPresets.contains(id))
            QCOMPARE(QString::fromStdString(preset.at("scenario").get<std::string>()), id);
        ids << id;
    }
    QVERIFY2(containsInOrder(ids, kScenarioPresets), qPrintable(ids.join(QLatin1Char(' '))));
}

void tst_cli::rulesJson()
{
    const QStringList arguments{QStringLiteral("rules"), QStringLiteral("--json")};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 0, describeRun(arguments, run).constData());
    const json list = parseOutput(run.out);
    QVERIFY2(list.is_array(), run.out.constData());
    std::set<std::string> ids;
    for (const auto &rule : list) {
        QVERIFY2(isNonEmptyString(rule, "rule") && isNonEmptyString(rule, "title") && isNonEmptyString(rule, "source"),
                 rule.dump().c_str());
        QVERIFY2(ids.insert(rule.at("rule").get<std::string>()).second, rule.dump().c_str());
    }
    for (const char *required : {"shared-secret-key", "external-database", "redis-websockets", "shared-storage",
                                 "external-vector-db", "single-migrator", "connection-budget", "cors-origins"})
        QVERIFY2(ids.count(required), required);

    const auto text = runPlanner({QStringLiteral("rules")});
    QVERIFY(text.finished && text.exitCode == 0);
    for (const auto &id : ids)
        QVERIFY2(text.out.contains("\n" + QByteArray::fromStdString(id) + ' ') || text.out.startsWith(QByteArray::fromStdString(id) + ' '),
                 id.c_str());
}

void tst_cli::exportPreset()
{
    const auto preset = runPlanner({QStringLiteral("preset"), QStringLiteral("large-scale")});
    QVERIFY(preset.finished && preset.exitCode == 0);
    const QString plan = writeTextFile(m_dir, QStringLiteral("export-large.json"), preset.out);
    const QString out = m_dir.filePath(QStringLiteral("bundle-large"));
    const QStringList arguments{QStringLiteral("export"), plan, QStringLiteral("--out"), out};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 0, describeRun(arguments, run).constData());
    for (const char *file : {"compose.yaml", "nginx.conf", "stack.yaml", "helm/values.yaml", ".env", "README.md"})
        QVERIFY2(QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(file)), file);
    QCOMPARE(QFileInfo(out + QStringLiteral("/.env")).permissions() & 0x7777,
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);
    // No secret reaches the terminal.
    QFile env(out + QStringLiteral("/.env"));
    QVERIFY(env.open(QIODevice::ReadOnly));
    for (const QByteArray &line : env.readAll().split('\n'))
        if (line.startsWith("WEBUI_SECRET_KEY="))
            QVERIFY(!run.out.contains(line.mid(17)) && !run.err.contains(line.mid(17)));

    // A second export to the same folder is refused; --force replaces it.
    const auto again = runPlanner(arguments);
    QCOMPARE(again.exitCode, 2);
    QVERIFY(again.err.contains("--force"));
    const auto forced = runPlanner(arguments + QStringList{QStringLiteral("--force"), QStringLiteral("--formats"), QStringLiteral("compose")});
    QVERIFY2(forced.finished && forced.exitCode == 0, describeRun(arguments, forced).constData());
    QVERIFY(!QFileInfo::exists(out + QStringLiteral("/stack.yaml")));
}

void tst_cli::exportRefusesErrorsUnlessAllowed()
{
    const QString plan = writeTextFile(m_dir, QStringLiteral("export-sqlite.json"),
                                       "{\"format\": 1, \"replicas\": 3}");
    const QString out = m_dir.filePath(QStringLiteral("bundle-sqlite"));
    const QStringList arguments{QStringLiteral("export"), plan, QStringLiteral("--out"), out};
    const auto refused = runPlanner(arguments);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY(refused.err.contains("external-database"));
    QVERIFY(!QFileInfo::exists(out));

    const auto allowed = runPlanner(arguments + QStringList{QStringLiteral("--allow-findings")});
    QVERIFY2(allowed.finished && allowed.exitCode == 0, describeRun(arguments, allowed).constData());
    QFile readme(out + QStringLiteral("/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QByteArray text = readme.readAll();
    QVERIFY(text.indexOf("external-database") >= 0);
    QVERIFY(text.indexOf("external-database") < text.indexOf("## Files"));
}

void tst_cli::exportBadUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named");
    const QString plan = QStringLiteral(OWUI_PRESET_DIR "/single-user.json");
    QTest::newRow("no --out") << QStringList{QStringLiteral("export"), plan} << QStringLiteral("--out");
    QTest::newRow("no plan") << QStringList{QStringLiteral("export"), QStringLiteral("--out"), QStringLiteral("/tmp/x")}
                             << QStringLiteral("plan file");
    QTest::newRow("unknown format") << QStringList{QStringLiteral("export"), plan, QStringLiteral("--out"), QStringLiteral("/tmp/x"),
                                                   QStringLiteral("--formats"), QStringLiteral("compose,k8s")}
                                    << QStringLiteral("'k8s'");
}

void tst_cli::exportBadUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, named);
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 2, describeRun(arguments, run).constData());
    QVERIFY2(QString::fromUtf8(run.err).contains(named), run.err.constData());
}

// ---------------------------------------------------------------- probe over a real sshd

/** @brief A real sshd, PostgreSQL (max_connections=37) and Redis (maxclients 1234, allkeys-lru) on loopback. */
struct ProbeServers {
    loopback::LoopbackSshd sshd;
    loopback::LoopbackPostgres postgres{{QStringLiteral("-c"), QStringLiteral("max_connections=37")}};
    loopback::LoopbackRedis redis{{QStringLiteral("--maxclients"), QStringLiteral("1234"), QStringLiteral("--maxmemory-policy"),
                                   QStringLiteral("allkeys-lru")}};

    QString start()
    {
        if (!sshd.start())
            return sshd.error();
        if (auto why = postgres.start(); !why.isEmpty())
            return why;
        return redis.start();
    }
    /** @brief `probe HOST --identity --known-hosts --postgres --redis` and `extra`. */
    QStringList arguments(const QStringList &extra = {}) const
    {
        return QStringList{QStringLiteral("probe"), sshd.endpoint(), QStringLiteral("--identity"), sshd.userKey(),
                           QStringLiteral("--known-hosts"), sshd.knownHostsFile(), QStringLiteral("--postgres"),
                           QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(postgres.port()), QStringLiteral("--redis"),
                           QStringLiteral("redis://127.0.0.1:%1").arg(redis.port())} +
               extra;
    }
};

void tst_cli::probeReadsTheServersOverSsh()
{
    ProbeServers servers;
    const auto why = servers.start();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const auto arguments = servers.arguments();
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 0, describeRun(arguments, run).constData());
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(QRegularExpression(QStringLiteral("\n  max_connections +37\n")).match(text).hasMatch(), qPrintable(text));
    QVERIFY2(QRegularExpression(QStringLiteral("\n  maxclients +1234\n")).match(text).hasMatch(), qPrintable(text));
    QVERIFY2(QRegularExpression(QStringLiteral("\n  maxmemory-policy +allkeys-lru\n")).match(text).hasMatch(), qPrintable(text));

    // --json: the facts under the servers' own names.
    const auto jsonArguments = servers.arguments({QStringLiteral("--json")});
    const auto jsonRun = runPlanner(jsonArguments);
    QVERIFY2(jsonRun.finished && jsonRun.exitCode == 0, describeRun(jsonArguments, jsonRun).constData());
    const auto document = parseOutput(jsonRun.out);
    QVERIFY2(document.is_object(), jsonRun.out.constData());
    QCOMPARE(document["postgres"]["max_connections"].get<int>(), 37);
    QCOMPARE(document["postgres"]["superuser_reserved_connections"].get<int>(), 3);
    QCOMPARE(document["redis"]["maxclients"].get<int>(), 1234);
    QCOMPARE(document["redis"]["maxmemory-policy"].get<std::string>(), std::string("allkeys-lru"));
    QVERIFY(document["host"]["cpu_cores"].is_number_integer());
    QVERIFY(!document.contains("findings"));
}

void tst_cli::probeHoldsThePlanAndWritesTheFacts()
{
    ProbeServers servers;
    const auto why = servers.start();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const QString plan = QStringLiteral(OWUI_PRESET_DIR "/large-scale.json");
    const auto arguments = servers.arguments({QStringLiteral("--plan"), plan});
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 1, describeRun(arguments, run).constData());
    const QString text = QString::fromUtf8(run.out);
    // check's format: SEVERITY [rule] message, then the fix and the source, indented.
    QVERIFY2(QRegularExpression(QStringLiteral("\nERROR \\[probe-max-connections\\] PostgreSQL allows 37 connections[^\n]*\n    fix: [^\n]+\n    source: "))
                 .match(text)
                 .hasMatch(),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("ERROR [probe-redis-evicts] Redis evicts keys")), qPrintable(text));

    const auto jsonArguments = servers.arguments({QStringLiteral("--plan"), plan, QStringLiteral("--json")});
    const auto jsonRun = runPlanner(jsonArguments);
    QVERIFY2(jsonRun.finished && jsonRun.exitCode == 1, describeRun(jsonArguments, jsonRun).constData());
    const auto document = parseOutput(jsonRun.out);
    QVERIFY(document["findings"].is_array() && !document["findings"].empty());
    QCOMPARE(document["findings"][0]["rule"].get<std::string>().rfind("probe-", 0), std::size_t(0));
    QCOMPARE(document["ok"].get<bool>(), false);

    // --plan-out: the facts taken into the plan; `check` reads it and weighs the real server.
    QTemporaryDir dir;
    const QString written = dir.filePath(QStringLiteral("probed.json"));
    const auto outArguments = servers.arguments({QStringLiteral("--plan"), plan, QStringLiteral("--plan-out"), written});
    const auto outRun = runPlanner(outArguments);
    QVERIFY2(outRun.finished && outRun.exitCode == 1, describeRun(outArguments, outRun).constData());
    const QStringList checkArguments{QStringLiteral("check"), written, QStringLiteral("--json")};
    const auto check = runPlanner(checkArguments);
    QVERIFY2(check.finished && (check.exitCode == 0 || check.exitCode == 1), describeRun(checkArguments, check).constData());
    const auto checked = parseOutput(check.out);
    QCOMPARE(checked["budget"]["max_connections"].get<int>(), 37);
    const auto reread = planner::readPlanFile(written.toStdString());
    QVERIFY(reread);
    QCOMPARE(reread->redis.maxClients, 1234);
    QCOMPARE(reread->redis.maxmemoryPolicy, std::string("allkeys-lru"));
    // Probed again against the plan it wrote: the server findings are gone.
    const auto again = runPlanner(servers.arguments({QStringLiteral("--plan"), written}));
    QVERIFY2(!again.out.contains("[probe-max-connections]") && !again.out.contains("[probe-redis-evicts]"), again.out.constData());
}

void tst_cli::probeUnknownHostKeyNeedsConsent()
{
    ProbeServers servers;
    const auto why = servers.start();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QTemporaryDir dir;
    const QString knownHosts = dir.filePath(QStringLiteral("known_hosts")); // empty: the key is unknown
    QVERIFY(writeTextFile(dir, QStringLiteral("known_hosts"), QByteArray()) == knownHosts);
    const QStringList arguments{QStringLiteral("probe"), servers.sshd.endpoint(), QStringLiteral("--identity"), servers.sshd.userKey(),
                                QStringLiteral("--known-hosts"), knownHosts};
    const auto refused = runPlanner(arguments);
    QVERIFY2(refused.finished && refused.exitCode == 3, describeRun(arguments, refused).constData());
    QVERIFY2(refused.err.contains(servers.sshd.hostKeyFingerprint().toUtf8()), refused.err.constData());
    QVERIFY(refused.out.isEmpty());
    QFile file(knownHosts);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray()); // nothing recorded without consent

    const auto accepted = runPlanner(arguments + QStringList{QStringLiteral("--accept-new-host-key")});
    QVERIFY2(accepted.finished && accepted.exitCode == 0, describeRun(arguments, accepted).constData());
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains(servers.sshd.knownHostsName().toUtf8()));
    // Recorded: the next run needs no consent.
    const auto known = runPlanner(arguments);
    QVERIFY2(known.finished && known.exitCode == 0, describeRun(arguments, known).constData());
}

void tst_cli::probeBadUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no host") << QStringList{"probe"} << "name the host";
    QTest::newRow("bad host") << QStringList{"probe", "user@host;id"} << "host";
    QTest::newRow("TLS Redis") << QStringList{"probe", "h", "--redis", "rediss://r:6380"} << "rediss://";
    QTest::newRow("bad PostgreSQL scheme") << QStringList{"probe", "h", "--postgres", "mysql://db/x"} << "scheme";
    QTest::newRow("plan-out without plan") << QStringList{"probe", "h", "--plan-out", "x.json"} << "--plan";
}

void tst_cli::probeBadUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 2, describeRun(arguments, run).constData());
    QVERIFY2(QString::fromUtf8(run.err).contains(expected), run.err.constData());
}

void tst_cli::probeRefusedHostIsExit3()
{
    // Nothing listens on a fresh free port: a remote failure with its reason, not a usage error.
    const QStringList arguments{QStringLiteral("probe"), QStringLiteral("127.0.0.1:%1").arg(loopback::freePort())};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 3, describeRun(arguments, run).constData());
    QVERIFY2(run.err.contains("refused"), run.err.constData());
}

QTEST_GUILESS_MAIN(tst_cli)
#include "tst_cli.moc"

void tst_cli::auditRefusesWhatIsNotADeployment_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("expected");

    // Nine levels of aliases, each ten times the one before: 10^9 nodes if anyone walked them.
    QByteArray bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char level = 'b'; level <= 'j'; ++level) {
        const char previous = static_cast<char>(level - 1);
        bomb += QByteArray(1, level) + ": &" + QByteArray(1, level) + " [";
        for (int i = 0; i < 10; ++i)
            bomb += (i ? ",*" : "*") + QByteArray(1, previous);
        bomb += "]\n";
    }
    QTest::newRow("alias bomb") << bomb << QStringLiteral("values.yaml") << QStringLiteral("alias bomb");
    QByteArray garbage;
    for (int i = 0; i < 4096; ++i)
        garbage += static_cast<char>((i * 7919) % 256);
    QTest::newRow("binary garbage") << garbage << QStringLiteral("compose.yaml") << QStringLiteral("NUL byte");
    QTest::newRow("a plan file (JSON)") << QByteArray("{\"format\": 1, \"replicas\": 3, \"database\": {\"kind\": \"sqlite\"}}\n")
                                        << QStringLiteral("plan.json") << QStringLiteral("a planner plan file: check it with 'owui-planner check'");
    QTest::newRow("flow nesting") << QByteArray(10000, '[') + QByteArray(10000, ']') << QStringLiteral("deep.yaml")
                                  << QStringLiteral("nested deeper than 64 levels");
    QTest::newRow("map nesting") << QByteArray("a: ") + QByteArray("{a: ").repeated(5000) + QByteArray(5000, '}')
                                 << QStringLiteral("deep.yaml") << QStringLiteral("nested deeper than 64 levels");
    QTest::newRow("sequence nesting") << QByteArray("- ").repeated(10000) + "x\n" << QStringLiteral("deep.yaml")
                                      << QStringLiteral("nested deeper than 64 levels");
    QTest::newRow("not YAML") << QByteArray("services:\n  a: [unclosed\n") << QStringLiteral("compose.yaml")
                              << QStringLiteral("not valid YAML");
    QTest::newRow("no Open WebUI") << QByteArray("services:\n  open-webui:\n    image: nginx:1.27\n")
                                   << QStringLiteral("compose.yaml") << QStringLiteral("no Open WebUI found");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("compose.yaml") << QStringLiteral("no Open WebUI found");
}

void tst_cli::auditRefusesWhatIsNotADeployment()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, fileName);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = writeTextFile(dir, fileName, content);
    QVERIFY(!path.isEmpty());
    const QStringList arguments{QStringLiteral("audit"), path};
    const auto run = runPlanner(arguments);
    QVERIFY2(run.finished && run.exitCode == 2, describeRun(arguments, run).constData());
    const QString message = QString::fromUtf8(run.err);
    QVERIFY2(message.startsWith(QStringLiteral("owui-planner: ") + path), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
    QCOMPARE(run.out, QByteArray());
}

void tst_cli::auditBadUsage()
{
    QTemporaryDir dir;
    // 50 MB: refused from its size, before a byte is parsed.
    const QString large = dir.filePath(QStringLiteral("large.yaml"));
    {
        QFile file(large);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(50 * 1024 * 1024));
    }
    auto run = runPlanner({QStringLiteral("audit"), large});
    QVERIFY2(run.finished && run.exitCode == 2, describeRun({QStringLiteral("audit"), large}, run).constData());
    QVERIFY(QString::fromUtf8(run.err).contains(QStringLiteral("larger than 16 MiB")));

    run = runPlanner({QStringLiteral("audit")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("name the deployment files to audit"));

    run = runPlanner({QStringLiteral("audit"), dir.filePath(QStringLiteral("missing.yaml"))});
    QCOMPARE(run.exitCode, 3);
    QVERIFY(run.err.contains("missing.yaml: cannot open"));

    run = runPlanner({QStringLiteral("audit"), QStringLiteral("/dev/zero")});
    QCOMPARE(run.exitCode, 3);
    QVERIFY(run.err.contains("not a regular file"));
}

void tst_cli::auditComposeFileEndToEnd()
{
    QTemporaryDir dir;
    const QString compose = QStringLiteral(TEST_DATA_DIR "/import/page/compose.yaml");
    const QString planFile = dir.filePath(QStringLiteral("inferred.json"));
    const QString target = dir.filePath(QStringLiteral("target.json"));
    const auto preset = runPlanner({QStringLiteral("preset"), QStringLiteral("high-availability")});
    QVERIFY(!writeTextFile(dir, QStringLiteral("target.json"), preset.out).isEmpty());

    const QStringList arguments{QStringLiteral("audit"), compose, QStringLiteral("--json"), QStringLiteral("--plan-out"), planFile,
                                QStringLiteral("--against"), target};
    const auto run = runPlanner(arguments);
    // Three replicas on SQLite without Redis: error-level findings, so exit 1.
    QVERIFY2(run.finished && run.exitCode == 1, describeRun(arguments, run).constData());
    const json report = parseOutput(run.out);
    QVERIFY2(report.is_object(), run.out.constData());
    QCOMPARE(report.at("ok"), false);
    const json *database = nullptr;
    for (const auto &finding : report.at("findings"))
        if (finding.at("rule") == "external-database")
            database = &finding;
    QVERIFY(database);
    // Placed at `replicas: 3`, line 10, column 17 of the file.
    QCOMPARE(database->at("where").at("line"), 10);
    QCOMPARE(database->at("where").at("column"), 17);
    QVERIFY(database->at("where").at("file").get<std::string>().ends_with("import/page/compose.yaml"));
    bool misspelling = false;
    for (const auto &note : report.at("notes"))
        misspelling |= note.at("kind") == "misspelling" &&
                       note.at("message").get<std::string>().find("did you mean ENABLE_WEBSOCKET_SUPPORT?") != std::string::npos;
    QVERIFY(misspelling);
    // The literal key is never printed.
    QVERIFY(!run.out.contains("a-long-random-secret-shared-by-all"));
    // --against: the move to PostgreSQL is data work, before the redeploy.
    bool dataWork = false;
    for (const auto &change : report.at("changes"))
        dataWork |= change.at("pointer") == "/database/kind" && change.at("work") == "data migration" &&
                    change.at("when") == "before the redeploy";
    QVERIFY(dataWork);

    // --plan-out: a plan that check and export accept, with the audit record and without the key.
    QVERIFY(QFileInfo::exists(planFile));
    QFile written(planFile);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray planText = written.readAll();
    QVERIFY(!planText.contains("a-long-random-secret-shared-by-all"));
    const json plan = parseOutput(planText);
    QCOMPARE(plan.at("replicas"), 3);
    QCOMPARE(plan.at("workers"), 2);
    QVERIFY(plan.at("audit").at("files").at(0).get<std::string>().ends_with("compose.yaml"));
    const auto check = runPlanner({QStringLiteral("check"), planFile, QStringLiteral("--json")});
    QVERIFY2(check.finished && check.exitCode == 1, describeRun({QStringLiteral("check"), planFile}, check).constData());
    QVERIFY(findingFor(parseOutput(check.out), "external-database"));
    const QString bundle = dir.filePath(QStringLiteral("bundle"));
    const auto exported = runPlanner({QStringLiteral("export"), planFile, QStringLiteral("--out"), bundle, QStringLiteral("--allow-findings")});
    QVERIFY2(exported.finished && exported.exitCode == 0, exported.err.constData());
    QFile readme(bundle + QStringLiteral("/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    QVERIFY(readme.readAll().contains("Moving from the audited deployment"));
}
