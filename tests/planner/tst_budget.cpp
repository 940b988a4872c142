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
    void nullPoolIsUnbounded();
    void hugeInputsDoNotOverflow();
    void sweepFollowsTheBudget();
    void redisBudget_data();
    void redisBudget();
    void redisNotApplicableWithoutRedis();
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
    QTest::newRow("migration job adds one process")
        << PoolSettings{2, 1, 10, 0, 500, 3, 0, VectorDb::Chroma, true, {}, 0, 1, 0, MigrationMode::Job}
        << 30LL << 30LL << 20LL << 80LL;
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
}

// Each inverse answer is checked by plugging it back in: it fits, and one more does not.
void tst_budget::inverseAnswersAreTight()
{
    QFETCH(PoolSettings, settings);
    const auto b = connectionBudget(postgresPlan(settings));

    // Largest safe pool: as a pool size with no overflow, it fits; one more does not.
    PoolSettings atLargest = settings;
    atLargest.poolSize = int(b.largestSafePoolPerProcess);
    atLargest.maxOverflow = 0;
    QVERIFY(b.largestSafePoolPerProcess > 0);
    QVERIFY(connectionBudget(postgresPlan(atLargest)).fits);
    atLargest.poolSize = int(b.largestSafePoolPerProcess) + 1;
    QVERIFY(!connectionBudget(postgresPlan(atLargest)).fits);

    PoolSettings atLargestWorst = settings;
    atLargestWorst.poolSize = int(b.largestSafePoolPerProcessWorstCase);
    atLargestWorst.maxOverflow = 0;
    QVERIFY(b.largestSafePoolPerProcessWorstCase > 0);
    QVERIFY(connectionBudget(postgresPlan(atLargestWorst)).worstCaseFits);
    atLargestWorst.poolSize = int(b.largestSafePoolPerProcessWorstCase) + 1;
    QVERIFY(!connectionBudget(postgresPlan(atLargestWorst)).worstCaseFits);

    // Smallest max_connections: fits exactly, one fewer does not.
    PoolSettings atSmallest = settings;
    atSmallest.maxConnections = int(b.smallestMaxConnections);
    const auto smallest = connectionBudget(postgresPlan(atSmallest));
    QVERIFY(smallest.fits);
    QCOMPARE(smallest.headroom, 0LL);
    atSmallest.maxConnections -= 1;
    QVERIFY(!connectionBudget(postgresPlan(atSmallest)).fits);

    PoolSettings atSmallestWorst = settings;
    atSmallestWorst.maxConnections = int(b.smallestMaxConnectionsWorstCase);
    QVERIFY(connectionBudget(postgresPlan(atSmallestWorst)).worstCaseFits);
    atSmallestWorst.maxConnections -= 1;
    QVERIFY(!connectionBudget(postgresPlan(atSmallestWorst)).worstCaseFits);

    // Most replicas: fits at that count, not at one more.
    PoolSettings atMost = settings;
    atMost.autoscaleMax = 0;
    atMost.replicas = int(b.mostReplicas);
    if (b.mostReplicas > 0)
        QVERIFY(connectionBudget(postgresPlan(atMost)).fits);
    atMost.replicas = int(b.mostReplicas) + 1;
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

void tst_budget::nullPoolIsUnbounded()
{
    const auto b = connectionBudget(postgresPlan(PoolSettings{2, 1, 0, 20}));
    QVERIFY(b.unbounded);
    QVERIFY(!b.fits);
    QVERIFY(!b.worstCaseFits);
    QCOMPARE(b.mainPoolPerProcess, 0LL);
}

void tst_budget::hugeInputsDoNotOverflow()
{
    // The plan file's upper bounds: 1000 replicas × 64 workers × (10000 + 10000) × 3 engines.
    PoolSettings s{1000, 64, 10000, 10000, 262143, 3, 0, VectorDb::Pgvector, true, 10000, 10000, 1000, 1000, MigrationMode::Job};
    const auto b = connectionBudget(postgresPlan(s));
    QCOMPARE(b.totalConnections, 64000LL * 40000LL);
    QCOMPARE(b.worstCaseConnections, 60000LL * 2000LL * 64LL + 60000LL);
    QVERIFY(b.worstCaseConnections > 0);
    QVERIFY(!b.fits);
    QCOMPARE(b.mostReplicas, 0LL);
    QCOMPARE(b.largestSafePoolPerProcess, 0LL);
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

QTEST_GUILESS_MAIN(tst_budget)
#include "tst_budget.moc"
