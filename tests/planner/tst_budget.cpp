// SPDX-License-Identifier: MIT
// The PostgreSQL connection budget and the Redis client budget, case by case.
#include "planner/budget.h"

#include <QtTest>

using namespace planner;

namespace {

struct PoolSettings {
    int replicas = 1;
    int workers = 1;
    std::optional<int> poolSize;
    int maxOverflow = 0;
    int maxConnections = 100;
    int reserved = 3;
    int other = 0;
    VectorDb vectorDb = VectorDb::Chroma;
    bool pgvectorSameServer = true;
    std::optional<int> pgvectorPoolSize;
    int pgvectorOverflow = 0;
    int surge = 1;
    int autoscaleMax = 0; ///< 0: no autoscaling
    MigrationMode migrations = MigrationMode::Primary;
    UpgradeStrategy strategy = UpgradeStrategy::Rolling;
};

Plan postgresPlan(const PoolSettings &s)
{
    Plan plan;
    plan.database.kind = DatabaseKind::Postgres;
    plan.replicas = s.replicas;
    plan.workers = s.workers;
    plan.database.poolSize = s.poolSize;
    plan.database.maxOverflow = s.maxOverflow;
    plan.database.maxConnections = s.maxConnections;
    plan.database.superuserReservedConnections = s.reserved;
    plan.database.otherClientConnections = s.other;
    plan.vectorDb.kind = s.vectorDb;
    plan.vectorDb.pgvectorSameServer = s.pgvectorSameServer;
    plan.vectorDb.pgvectorPoolSize = s.pgvectorPoolSize;
    plan.vectorDb.pgvectorMaxOverflow = s.pgvectorOverflow;
    plan.rollingUpdateSurge = s.surge;
    plan.migrations = s.migrations;
    plan.upgradeStrategy = s.strategy;
    if (s.autoscaleMax > 0)
        plan.autoscaling = {true, 1, s.autoscaleMax};
    return plan;
}

} // namespace

Q_DECLARE_METATYPE(PoolSettings)

class tst_budget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void steadyState_data();
    void steadyState();
    void worstCase_data();
    void worstCase();
    void inverseAnswersAreTight_data();
    void inverseAnswersAreTight();
    void sqliteHasNoBudget();
    void nullPoolIsUnbounded_data();
    void nullPoolIsUnbounded();
    void nothingAvailable_data();
    void nothingAvailable();
    void inverseAnswersAreValidOrNone();
    void recreateHasNoSurge();
    void hugeInputsDoNotOverflow();
    void sweepFollowsTheBudget();
    void redisBudget_data();
    void redisBudget();
    void redisNotApplicableWithoutRedis();
    void redisTermsFollowTheCode();
};

void tst_budget::steadyState_data()
{
    QTest::addColumn<PoolSettings>("settings");
    QTest::addColumn<qlonglong>("processes");
    QTest::addColumn<qlonglong>("perProcess");
    QTest::addColumn<qlonglong>("total");
    QTest::addColumn<qlonglong>("available");
    QTest::addColumn<bool>("fits");

    // The seed's example: (15 + 20) × 3 replicas × 2 workers = 210, over the default 100.
    QTest::newRow("seed example 15+20, 3×2") << PoolSettings{3, 2, 15, 20} << 6LL << 35LL << 210LL << 97LL << false;
    QTest::newRow("one process, docs' starting pool") << PoolSettings{1, 1, 15, 20} << 1LL << 35LL << 35LL << 97LL << true;
    QTest::newRow("unset pool is SQLAlchemy's 5+10") << PoolSettings{2, 1, std::nullopt, 99} << 2LL << 15LL << 30LL << 97LL << true;
    QTest::newRow("overflow ignored without a pool size")
        << PoolSettings{1, 1, std::nullopt, 50} << 1LL << 15LL << 15LL << 97LL << true;
    QTest::newRow("exactly at the limit") << PoolSettings{1, 1, 90, 7} << 1LL << 97LL << 97LL << 97LL << true;
    QTest::newRow("one over the limit") << PoolSettings{1, 1, 90, 8} << 1LL << 98LL << 98LL << 97LL << false;
    QTest::newRow("other clients reduce what is available")
        << PoolSettings{2, 1, 20, 10, 100, 3, 40} << 2LL << 30LL << 60LL << 57LL << false;
    QTest::newRow("no reserved connections") << PoolSettings{2, 1, 20, 10, 60, 0} << 2LL << 30LL << 60LL << 60LL << true;
    QTest::newRow("pgvector on the same server adds its default 5+10")
        << PoolSettings{3, 1, 10, 10, 100, 3, 0, VectorDb::Pgvector} << 3LL << 35LL << 105LL << 97LL << false;
    QTest::newRow("pgvector pool size with its overflow")
        << PoolSettings{2, 1, 10, 10, 100, 3, 0, VectorDb::Pgvector, true, 4, 2} << 2LL << 26LL << 52LL << 97LL << true;
    QTest::newRow("pgvector on another server does not count")
        << PoolSettings{3, 1, 10, 10, 100, 3, 0, VectorDb::Pgvector, false} << 3LL << 20LL << 60LL << 97LL << true;
    QTest::newRow("qdrant opens no PostgreSQL pool")
        << PoolSettings{3, 1, 10, 10, 100, 3, 0, VectorDb::Qdrant} << 3LL << 20LL << 60LL << 97LL << true;
    QTest::newRow("large deployment") << PoolSettings{20, 1, 10, 5, 500} << 20LL << 15LL << 300LL << 497LL << true;
}

void tst_budget::steadyState()
{
    QFETCH(PoolSettings, settings);
    QFETCH(qlonglong, processes);
    QFETCH(qlonglong, perProcess);
    QFETCH(qlonglong, total);
    QFETCH(qlonglong, available);
    QFETCH(bool, fits);

    const auto b = connectionBudget(postgresPlan(settings));
    QVERIFY(b.applicable);
    QCOMPARE(b.processes, processes);
    QCOMPARE(b.connectionsPerProcess, perProcess);
    QCOMPARE(b.totalConnections, total);
    QCOMPARE(b.maxConnections, qlonglong(settings.maxConnections));
    QCOMPARE(b.availableConnections, available);
    QCOMPARE(b.headroom, available - total);
    QCOMPARE(b.fits, fits);
}

void tst_budget::worstCase_data()
{
    QTest::addColumn<PoolSettings>("settings");
    QTest::addColumn<qlonglong>("rollingPeak");
    QTest::addColumn<qlonglong>("autoscaleMax");
    QTest::addColumn<qlonglong>("migrationJob");
    QTest::addColumn<qlonglong>("worstCase");

    // Seed example: 35 per process steady; worst = (35 async + 35 sync) × (3 + 1 surge) × 2 workers = 560.
    QTest::newRow("seed example, surge 1") << PoolSettings{3, 2, 15, 20} << 280LL << 280LL << 0LL << 560LL;
    QTest::newRow("no surge") << PoolSettings{3, 1, 10, 0, 100, 3, 0, VectorDb::Chroma, true, {}, 0, 0}
                              << 30LL << 30LL << 0LL << 60LL;
    // Steady 10 + 15 (pgvector's default) = 25 per process; worst adds only the sync engine: 10 + 10 + 15.
    QTest::newRow("pgvector counted once in the worst case")
        << PoolSettings{2, 1, 10, 0, 100, 3, 0, VectorDb::Pgvector, true, {}, 0, 1} << 75LL << 75LL << 0LL << 105LL;
    QTest::newRow("autoscaling maximum") << PoolSettings{2, 1, 10, 0, 500, 3, 0, VectorDb::Chroma, true, {}, 0, 1, 6}
                                         << 30LL << 70LL << 0LL << 140LL;
    // Alembic connects with NullPool: the job holds one connection, not a process's pools.
    QTest::newRow("migration job holds one connection")
        << PoolSettings{2, 1, 10, 0, 500, 3, 0, VectorDb::Chroma, true, {}, 0, 1, 0, MigrationMode::Job}
        << 30LL << 30LL << 1LL << 61LL;
    // Recreate stops the old fleet first: no surge at the peak, whatever rolling_update_surge says.
    QTest::newRow("recreate: no surge")
        << PoolSettings{3, 1, 10, 0, 500, 3, 0, VectorDb::Chroma, true, {}, 0, 2, 0, MigrationMode::Primary, UpgradeStrategy::Recreate}
        << 30LL << 30LL << 0LL << 60LL;
    QTest::newRow("recreate with autoscaling and a job")
        << PoolSettings{2, 1, 10, 0, 500, 3, 0, VectorDb::Chroma, true, {}, 0, 1, 6, MigrationMode::Job, UpgradeStrategy::Recreate}
        << 20LL << 60LL << 1LL << 121LL;
}

void tst_budget::worstCase()
{
    QFETCH(PoolSettings, settings);
    QFETCH(qlonglong, rollingPeak);
    QFETCH(qlonglong, autoscaleMax);
    QFETCH(qlonglong, migrationJob);
    QFETCH(qlonglong, worstCase);

    const auto b = connectionBudget(postgresPlan(settings));
    QCOMPARE(b.rollingPeakConnections, rollingPeak);
    QCOMPARE(b.autoscaleMaxConnections, autoscaleMax);
    QCOMPARE(b.migrationJobConnections, migrationJob);
    QCOMPARE(b.worstCaseConnections, worstCase);
    QCOMPARE(b.worstCaseHeadroom, b.availableConnections - worstCase);
    QCOMPARE(b.worstCaseFits, worstCase <= b.availableConnections);
    QVERIFY(b.worstCaseConnections >= b.totalConnections);
}

void tst_budget::inverseAnswersAreTight_data()
{
    QTest::addColumn<PoolSettings>("settings");
    QTest::newRow("seed example") << PoolSettings{3, 2, 15, 20};
    QTest::newRow("fitting plan") << PoolSettings{2, 1, 10, 5};
    QTest::newRow("pgvector and other clients") << PoolSettings{4, 2, 8, 4, 300, 3, 25, VectorDb::Pgvector, true, 3, 1};
    QTest::newRow("autoscaling and job")
        << PoolSettings{3, 1, 10, 10, 400, 3, 0, VectorDb::Chroma, true, {}, 0, 2, 8, MigrationMode::Job};
    QTest::newRow("recreate, job and pgvector")
        << PoolSettings{4, 2, 10, 5, 600, 3, 7, VectorDb::Pgvector, true, 4, 0, 3, 0, MigrationMode::Job, UpgradeStrategy::Recreate};
    // 97 available, one process: the worst case's two engines and the job leave (97 - 1) / 2 = 48.
    QTest::newRow("job on one process") << PoolSettings{1, 1, 10, 0, 100, 3, 0, VectorDb::Chroma, true, {}, 0, 0, 0, MigrationMode::Job};
}

// Each inverse answer is checked by plugging it back in: it fits, and one more does not.
void tst_budget::inverseAnswersAreTight()
{
    QFETCH(PoolSettings, settings);
    const auto b = connectionBudget(postgresPlan(settings));

    // Largest safe pool: as a pool size with no overflow, it fits; one more does not.
    QVERIFY(b.largestSafePoolPerProcess.has_value());
    PoolSettings atLargest = settings;
    atLargest.poolSize = int(*b.largestSafePoolPerProcess);
    atLargest.maxOverflow = 0;
    QVERIFY(*b.largestSafePoolPerProcess > 0);
    QVERIFY(connectionBudget(postgresPlan(atLargest)).fits);
    atLargest.poolSize = int(*b.largestSafePoolPerProcess) + 1;
    QVERIFY(!connectionBudget(postgresPlan(atLargest)).fits);

    QVERIFY(b.largestSafePoolPerProcessWorstCase.has_value());
    PoolSettings atLargestWorst = settings;
    atLargestWorst.poolSize = int(*b.largestSafePoolPerProcessWorstCase);
    atLargestWorst.maxOverflow = 0;
    QVERIFY(*b.largestSafePoolPerProcessWorstCase > 0);
    QVERIFY(connectionBudget(postgresPlan(atLargestWorst)).worstCaseFits);
    atLargestWorst.poolSize = int(*b.largestSafePoolPerProcessWorstCase) + 1;
    QVERIFY(!connectionBudget(postgresPlan(atLargestWorst)).worstCaseFits);

    // Smallest max_connections: fits exactly, one fewer does not.
    QVERIFY(b.smallestMaxConnections.has_value() && b.smallestMaxConnectionsWorstCase.has_value());
    PoolSettings atSmallest = settings;
    atSmallest.maxConnections = int(*b.smallestMaxConnections);
    const auto smallest = connectionBudget(postgresPlan(atSmallest));
    QVERIFY(smallest.fits);
    QCOMPARE(smallest.headroom, 0LL);
    atSmallest.maxConnections -= 1;
    QVERIFY(!connectionBudget(postgresPlan(atSmallest)).fits);

    PoolSettings atSmallestWorst = settings;
    atSmallestWorst.maxConnections = int(*b.smallestMaxConnectionsWorstCase);
    QVERIFY(connectionBudget(postgresPlan(atSmallestWorst)).worstCaseFits);
    atSmallestWorst.maxConnections -= 1;
    QVERIFY(!connectionBudget(postgresPlan(atSmallestWorst)).worstCaseFits);

    // Most replicas: fits at that count, not at one more.
    QVERIFY(b.mostReplicas.has_value());
    PoolSettings atMost = settings;
    atMost.autoscaleMax = 0;
    atMost.replicas = int(*b.mostReplicas);
    QVERIFY(connectionBudget(postgresPlan(atMost)).fits);
    atMost.replicas = int(*b.mostReplicas) + 1;
    QVERIFY(!connectionBudget(postgresPlan(atMost)).fits);
}

void tst_budget::sqliteHasNoBudget()
{
    Plan plan;
    plan.replicas = 3;
    const auto b = connectionBudget(plan);
    QVERIFY(!b.applicable);
    QCOMPARE(b.totalConnections, 0LL);
}

void tst_budget::nullPoolIsUnbounded_data()
{
    QTest::addColumn<PoolSettings>("settings");
    QTest::addColumn<bool>("mainUnbounded");
    QTest::addColumn<bool>("pgvectorUnbounded");
    QTest::addColumn<qlonglong>("largestPool"); ///< -1: none

    // pgvector bounded: the main pool's answer still holds (97 / 2 processes = 48, minus pgvector's 5).
    QTest::newRow("DATABASE_POOL_SIZE 0") << PoolSettings{2, 1, 0, 20} << true << false << 48LL;
    // Open WebUI treats a negative size as 0; plan files refuse it, importers may not.
    QTest::newRow("DATABASE_POOL_SIZE -3") << PoolSettings{2, 1, -3, 20} << true << false << 48LL;
    QTest::newRow("DATABASE_POOL_SIZE 0 beside pgvector 5")
        << PoolSettings{2, 1, 0, 0, 100, 3, 0, VectorDb::Pgvector, true, 5} << true << false << 43LL;
    QTest::newRow("PGVECTOR_POOL_SIZE 0") << PoolSettings{2, 1, 10, 0, 100, 3, 0, VectorDb::Pgvector, true, 0}
                                          << false << true << -1LL;
    QTest::newRow("PGVECTOR_POOL_SIZE -1") << PoolSettings{2, 1, 10, 0, 100, 3, 0, VectorDb::Pgvector, true, -1}
                                           << false << true << -1LL;
    QTest::newRow("both NullPool") << PoolSettings{2, 1, 0, 0, 100, 3, 0, VectorDb::Pgvector, true, 0}
                                   << true << true << -1LL;
}

void tst_budget::nullPoolIsUnbounded()
{
    QFETCH(PoolSettings, settings);
    QFETCH(bool, mainUnbounded);
    QFETCH(bool, pgvectorUnbounded);
    QFETCH(qlonglong, largestPool);

    settings.migrations = MigrationMode::Job;
    const auto b = connectionBudget(postgresPlan(settings));
    QVERIFY(b.unbounded);
    QCOMPARE(b.mainPoolUnbounded, mainUnbounded);
    QCOMPARE(b.pgvectorPoolUnbounded, pgvectorUnbounded);
    // Never proven to fit, and never said not to fit while connections are available: unknowable.
    QVERIFY(!b.fits);
    QVERIFY(!b.worstCaseFits);
    QVERIFY(!b.fitsVerdict().has_value());
    QVERIFY(!b.worstCaseFitsVerdict().has_value());
    if (mainUnbounded)
        QCOMPARE(b.mainPoolPerProcess, 0LL);
    if (pgvectorUnbounded)
        QCOMPARE(b.pgvectorPoolPerProcess, 0LL);
    // Totals with no bound have no inverse: no max_connections or replica count can be promised.
    QVERIFY(!b.smallestMaxConnections);
    QVERIFY(!b.smallestMaxConnectionsWorstCase);
    QVERIFY(!b.mostReplicas);
    if (largestPool < 0)
        QVERIFY(!b.largestSafePoolPerProcess);
    else
        QCOMPARE(b.largestSafePoolPerProcess.value_or(-1), largestPool);
    // The job runs Alembic with NullPool: one connection, whatever the app's pools are.
    QCOMPARE(b.migrationJobConnections, 1LL);
}

void tst_budget::nothingAvailable_data()
{
    QTest::addColumn<PoolSettings>("settings");
    QTest::addColumn<qlonglong>("available");
    QTest::newRow("other clients take all 97") << PoolSettings{1, 1, 10, 0, 100, 3, 97} << 0LL;
    QTest::newRow("other clients take more than all") << PoolSettings{3, 2, 15, 20, 100, 3, 120} << -23LL;
    QTest::newRow("NullPool and nothing left") << PoolSettings{1, 1, 0, 0, 100, 3, 97} << 0LL;
}

void tst_budget::nothingAvailable()
{
    QFETCH(PoolSettings, settings);
    QFETCH(qlonglong, available);
    const auto b = connectionBudget(postgresPlan(settings));
    QCOMPARE(b.availableConnections, available);
    QVERIFY(b.nothingAvailable);
    // Not even one connection fits, bounded or not: this verdict is known.
    QVERIFY(!b.fits);
    QVERIFY(b.fitsVerdict() == std::optional<bool>(false));
    QVERIFY(b.worstCaseFitsVerdict() == std::optional<bool>(false));
    // No pool of 1 or more fits and no replica count does; a pool of 0 would be NullPool, not an answer.
    QVERIFY(!b.largestSafePoolPerProcess);
    QVERIFY(!b.largestSafePoolPerProcessWorstCase);
    QVERIFY(!b.mostReplicas);
    if (!b.unbounded) {
        QVERIFY(b.smallestMaxConnections);
        QCOMPARE(*b.smallestMaxConnections, b.totalConnections + b.reservedConnections + b.otherClientConnections);
    }
}

// Across edge plans, every inverse answer is either none or one a plan could take.
void tst_budget::inverseAnswersAreValidOrNone()
{
    int answers = 0, nones = 0;
    for (int other : {0, 96, 97, 200000, 262140})
        for (int replicas : {1, 3, 1000})
            for (int workers : {1, 64})
                for (std::optional<int> pool : {std::optional<int>(), std::optional<int>(0), std::optional<int>(1),
                                                std::optional<int>(10000)})
                    for (auto migrations : {MigrationMode::Primary, MigrationMode::Job}) {
                        PoolSettings s{replicas, workers, pool, 20, 262143, 3, other};
                        s.vectorDb = VectorDb::Pgvector;
                        s.migrations = migrations;
                        const auto b = connectionBudget(postgresPlan(s));
                        const QByteArray where = QByteArray::number(other) + " other, " + QByteArray::number(replicas) +
                                                 "×" + QByteArray::number(workers);
                        for (const auto &count : {b.largestSafePoolPerProcess, b.largestSafePoolPerProcessWorstCase,
                                                  b.mostReplicas}) {
                            count ? ++answers : ++nones;
                            QVERIFY2(!count || *count >= 1, where.constData());
                        }
                        for (const auto &max : {b.smallestMaxConnections, b.smallestMaxConnectionsWorstCase}) {
                            max ? ++answers : ++nones;
                            QVERIFY2(!max || (*max >= 1 && *max <= kPostgresMaxConnectionsCeiling), where.constData());
                        }
                    }
    QVERIFY(answers > 0 && nones > 0);
}

void tst_budget::recreateHasNoSurge()
{
    PoolSettings s{3, 2, 15, 20};
    s.surge = 2;
    const auto rolling = connectionBudget(postgresPlan(s));
    QCOMPARE(rolling.surge, 2LL);
    QCOMPARE(rolling.rollingPeakConnections, 35LL * 5 * 2);
    s.strategy = UpgradeStrategy::Recreate;
    const auto recreate = connectionBudget(postgresPlan(s));
    QCOMPARE(recreate.surge, 0LL);
    QVERIFY(recreate.upgradeStrategy == UpgradeStrategy::Recreate);
    QCOMPARE(recreate.rollingPeakConnections, recreate.totalConnections);
    QCOMPARE(recreate.worstCaseConnections, 70LL * 3 * 2);
    QVERIFY(surgeReason(UpgradeStrategy::Recreate).find("never overlap") != std::string_view::npos);
    QCOMPARE(recreate.totalConnections, 210LL); // the seed's steady total does not depend on the strategy
}

void tst_budget::hugeInputsDoNotOverflow()
{
    // The plan file's upper bounds: 1000 replicas × 64 workers × (10000 + 10000) × 3 engines.
    PoolSettings s{1000, 64, 10000, 10000, 262143, 3, 0, VectorDb::Pgvector, true, 10000, 10000, 1000, 1000, MigrationMode::Job};
    const auto b = connectionBudget(postgresPlan(s));
    QCOMPARE(b.totalConnections, 64000LL * 40000LL);
    QCOMPARE(b.worstCaseConnections, 60000LL * 2000LL * 64LL + 1LL);
    QVERIFY(b.worstCaseConnections > 0);
    QVERIFY(!b.fits);
    // Nothing valid to answer: not a replica, not a pool, not a max_connections PostgreSQL accepts.
    QVERIFY(!b.mostReplicas);
    QVERIFY(!b.largestSafePoolPerProcess);
    QVERIFY(!b.smallestMaxConnections);
}

void tst_budget::sweepFollowsTheBudget()
{
    auto plan = postgresPlan(PoolSettings{3, 2, 15, 20});
    plan.autoscaling = {true, 1, 9};
    const auto sweep = budgetSweep(plan, 10);
    QCOMPARE(sweep.size(), std::size_t(10));
    for (const auto &point : sweep) {
        auto at = postgresPlan(PoolSettings{point.replicas, 2, 15, 20});
        const auto b = connectionBudget(at);
        QCOMPARE(point.steady, b.totalConnections);
        QCOMPARE(point.worstCase, b.worstCaseConnections);
    }
    QCOMPARE(sweep[2].steady, 210LL); // the seed's example at 3 replicas
    QVERIFY(budgetSweep(plan, 0).empty());
}

void tst_budget::redisBudget_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("surge");
    QTest::addColumn<int>("clientsPerProcess");
    QTest::addColumn<int>("otherClients");
    QTest::addColumn<int>("maxClients");
    QTest::addColumn<qlonglong>("total");
    QTest::addColumn<bool>("fits");

    QTest::newRow("default estimate, 3×2 plus surge") << 3 << 2 << 1 << 8 << 0 << 10000 << 64LL << true;
    QTest::newRow("distribution default maxclients 1000 exceeded") << 40 << 4 << 2 << 6 << 50 << 1000 << 1058LL << false;
    QTest::newRow("exactly at maxclients") << 9 << 1 << 1 << 10 << 0 << 100 << 100LL << true;
}

void tst_budget::redisBudget()
{
    QFETCH(int, replicas);
    QFETCH(int, workers);
    QFETCH(int, surge);
    QFETCH(int, clientsPerProcess);
    QFETCH(int, otherClients);
    QFETCH(int, maxClients);
    QFETCH(qlonglong, total);
    QFETCH(bool, fits);

    Plan plan;
    plan.replicas = replicas;
    plan.workers = workers;
    plan.rollingUpdateSurge = surge;
    plan.redis.mode = RedisMode::Single;
    plan.redis.poolAllowancePerProcess = clientsPerProcess - planner::kRedisNamedClientsPerProcess;
    plan.redis.otherClients = otherClients;
    plan.redis.maxClients = maxClients;
    const auto r = planner::redisBudget(plan);
    QVERIFY(r.applicable);
    QCOMPARE(r.totalClients, total);
    QCOMPARE(r.fits, fits);
    QCOMPARE(r.headroom, maxClients - total);
    QCOMPARE(r.mostProcesses, qlonglong((maxClients - otherClients) / clientsPerProcess));
}

void tst_budget::redisNotApplicableWithoutRedis()
{
    Plan plan;
    plan.replicas = 5;
    QVERIFY(!planner::redisBudget(plan).applicable);
}

void tst_budget::redisTermsFollowTheCode()
{
    Plan plan;
    plan.replicas = 3;
    plan.redis.mode = RedisMode::Single;
    auto r = planner::redisBudget(plan);
    QCOMPARE(r.terms.size(), std::size_t(6)); // five named clients and the allowance
    long long named = 0, sum = 0;
    for (std::size_t i = 0; i < r.terms.size(); ++i) {
        QVERIFY(!r.terms[i].id.empty() && !r.terms[i].label.empty());
        QVERIFY2(r.terms[i].source.find(".py:") != std::string_view::npos, std::string(r.terms[i].source).c_str());
        if (i < 5)
            named += r.terms[i].perProcess;
        sum += r.terms[i].perProcess;
    }
    QCOMPARE(named, qlonglong(planner::kRedisNamedClientsPerProcess));
    QVERIFY(r.terms.back().id == "pool-allowance");
    QCOMPARE(r.terms.back().perProcess, 3LL);
    QCOMPARE(sum, r.clientsPerProcess);
    QCOMPARE(r.clientsPerProcess, 8LL);
    QCOMPARE(r.processes, 4LL); // 3 replicas + the rolling surge

    plan.redis.starSessions = true;
    plan.redis.poolAllowancePerProcess = 10;
    plan.upgradeStrategy = UpgradeStrategy::Recreate;
    r = planner::redisBudget(plan);
    QCOMPARE(r.terms.size(), std::size_t(7));
    QVERIFY(r.terms[5].id == "star-sessions");
    QCOMPARE(r.clientsPerProcess, 5LL + 1 + 10);
    QCOMPARE(r.processes, 3LL); // recreate: no surge
    QCOMPARE(r.totalClients, 48LL);
}

QTEST_GUILESS_MAIN(tst_budget)
#include "tst_budget.moc"
