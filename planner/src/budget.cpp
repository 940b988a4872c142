// SPDX-License-Identifier: MIT
#include "planner/budget.h"

#include <algorithm>

namespace planner {

bool isNullPool(const std::optional<int> &poolSize)
{
    return poolSize && *poolSize <= 0;
}

long long poolCap(const std::optional<int> &poolSize, int maxOverflow)
{
    if (!poolSize)
        return kSqlAlchemyDefaultPool;
    if (isNullPool(poolSize))
        return 0; // no cap: reported through ConnectionBudget::unbounded
    return static_cast<long long>(*poolSize) + std::max(0, maxOverflow);
}

std::string_view surgeReason(UpgradeStrategy strategy)
{
    switch (strategy) {
    case UpgradeStrategy::Rolling:
        return "rolling update: new replicas start while the old ones still serve";
    case UpgradeStrategy::Recreate:
        return "recreate: the old fleet stops before the new version starts, so old and new never overlap";
    }
    return {};
}

std::optional<bool> ConnectionBudget::fitsVerdict() const
{
    // With nothing available not even one connection fits, bounded or not.
    if (unbounded && !nothingAvailable)
        return std::nullopt;
    return fits;
}

std::optional<bool> ConnectionBudget::worstCaseFitsVerdict() const
{
    if (unbounded && !nothingAvailable)
        return std::nullopt;
    return worstCaseFits;
}

namespace {

long long floorDiv(long long a, long long b)
{
    return b > 0 ? (a >= 0 ? a / b : -((-a + b - 1) / b)) : 0;
}

/** @brief A pool or replica count is an answer only when it is at least 1. */
std::optional<long long> atLeastOne(long long value)
{
    return value >= 1 ? std::optional<long long>(value) : std::nullopt;
}

/** @brief A max_connections is an answer only when PostgreSQL accepts it. */
std::optional<long long> withinPostgresCeiling(long long value)
{
    return value >= 1 && value <= kPostgresMaxConnectionsCeiling ? std::optional<long long>(value) : std::nullopt;
}

long long surgeOf(const Plan &plan)
{
    return plan.upgradeStrategy == UpgradeStrategy::Recreate ? 0 : std::max(0, plan.rollingUpdateSurge);
}

} // namespace

ConnectionBudget connectionBudget(const Plan &plan)
{
    ConnectionBudget b;
    b.applicable = plan.isPostgres();
    if (!b.applicable)
        return b;

    const auto &db = plan.database;
    const auto &vector = plan.vectorDb;
    const bool pgvectorHere = vector.kind == VectorDb::Pgvector && vector.pgvectorSameServer;
    const long long workers = plan.workers;
    b.upgradeStrategy = plan.upgradeStrategy;
    b.surge = surgeOf(plan);
    b.mainPoolUnbounded = isNullPool(db.poolSize);
    b.pgvectorPoolUnbounded = pgvectorHere && isNullPool(vector.pgvectorPoolSize);
    b.unbounded = b.mainPoolUnbounded || b.pgvectorPoolUnbounded;

    b.processes = plan.processes();
    b.mainPoolPerProcess = poolCap(db.poolSize, db.maxOverflow);
    b.syncPoolPerProcess = b.mainPoolPerProcess;
    if (pgvectorHere)
        b.pgvectorPoolPerProcess = poolCap(vector.pgvectorPoolSize, vector.pgvectorMaxOverflow);
    b.connectionsPerProcess = b.mainPoolPerProcess + b.pgvectorPoolPerProcess;
    b.worstPerProcess = b.mainPoolPerProcess + b.syncPoolPerProcess + b.pgvectorPoolPerProcess;

    const long long replicas = plan.replicas;
    const long long peakReplicas = plan.peakReplicas();
    const long long worstProcesses = (peakReplicas + b.surge) * workers;
    b.totalConnections = b.connectionsPerProcess * b.processes;
    b.rollingPeakConnections = b.connectionsPerProcess * (replicas + b.surge) * workers;
    b.autoscaleMaxConnections = b.connectionsPerProcess * worstProcesses;
    b.migrationJobConnections = plan.migrations == MigrationMode::Job ? kMigrationJobConnections : 0;
    b.worstCaseConnections = b.worstPerProcess * worstProcesses + b.migrationJobConnections;

    b.maxConnections = db.maxConnections;
    b.reservedConnections = db.superuserReservedConnections;
    b.otherClientConnections = db.otherClientConnections;
    b.availableConnections = b.maxConnections - b.reservedConnections - b.otherClientConnections;
    b.nothingAvailable = b.availableConnections <= 0;
    b.headroom = b.availableConnections - b.totalConnections;
    b.worstCaseHeadroom = b.availableConnections - b.worstCaseConnections;
    b.fits = !b.unbounded && !b.nothingAvailable && b.headroom >= 0;
    b.worstCaseFits = !b.unbounded && !b.nothingAvailable && b.worstCaseHeadroom >= 0;

    // The main pool's answers hold whatever the main pool is now, but need pgvector's pool to be bounded.
    if (!b.pgvectorPoolUnbounded && !b.nothingAvailable) {
        b.largestSafePoolPerProcess = atLeastOne(floorDiv(b.availableConnections, b.processes) - b.pgvectorPoolPerProcess);
        // Worst case: two engines with the main settings per process at the peak, beside the job's connection.
        const long long roomAtPeak = floorDiv(b.availableConnections - b.migrationJobConnections, worstProcesses);
        b.largestSafePoolPerProcessWorstCase = atLeastOne(floorDiv(roomAtPeak - b.pgvectorPoolPerProcess, 2));
    }
    if (!b.unbounded) {
        b.smallestMaxConnections = withinPostgresCeiling(b.totalConnections + b.reservedConnections + b.otherClientConnections);
        b.smallestMaxConnectionsWorstCase =
            withinPostgresCeiling(b.worstCaseConnections + b.reservedConnections + b.otherClientConnections);
        const long long perReplica = b.connectionsPerProcess * workers;
        if (!b.nothingAvailable && perReplica > 0)
            b.mostReplicas = atLeastOne(floorDiv(b.availableConnections, perReplica));
    }
    return b;
}

std::vector<SweepPoint> budgetSweep(const Plan &plan, int maxReplicas)
{
    std::vector<SweepPoint> points;
    Plan at = plan;
    at.autoscaling.enabled = false;
    for (int replicas = 1; replicas <= maxReplicas; ++replicas) {
        at.replicas = replicas;
        const auto b = connectionBudget(at);
        points.push_back({replicas, b.totalConnections, b.worstCaseConnections});
    }
    return points;
}

RedisBudget redisBudget(const Plan &plan)
{
    RedisBudget r;
    r.applicable = plan.hasRedis();
    if (!r.applicable)
        return r;
    // What Open WebUI v0.11 opens per process (upstream-v0.11-facts.md §3); the first five are
    // kRedisNamedClientsPerProcess.
    r.terms = {
        {"async-client", "async client: app state, token revocation, task tracking, Yjs", 1,
         "utils/redis.py:306-339; main.py:362; socket/main.py:112-117"},
        {"task-stop-pubsub", "task-stop pub/sub listener", 1, "tasks.py:22-26; main.py:362-365"},
        {"sync-client", "sync client: models/session/usage dicts, locks, sign-in rate limits", 1,
         "socket/main.py:119-155; routers/auths.py:90,95"},
        {"socketio-client", "socket.io AsyncRedisManager client", 1, "socket/main.py:74 (python-socketio 5.16.2)"},
        {"socketio-pubsub", "socket.io AsyncRedisManager pub/sub", 1, "socket/main.py:74 (python-socketio 5.16.2)"},
    };
    if (plan.redis.starSessions)
        r.terms.push_back({"star-sessions", "StarSessions RedisStore (ENABLE_STAR_SESSIONS_MIDDLEWARE)", 1, "main.py:2478-2491"});
    r.terms.push_back({"pool-allowance", "allowance for pool growth under load (planning estimate)",
                       plan.redis.poolAllowancePerProcess, "utils/redis.py:306-339 (redis-py pools have no ceiling)"});

    r.processes = (static_cast<long long>(plan.peakReplicas()) + surgeOf(plan)) * plan.workers;
    for (const auto &term : r.terms)
        r.clientsPerProcess += term.perProcess;
    r.otherClients = plan.redis.otherClients;
    r.totalClients = r.processes * r.clientsPerProcess + r.otherClients;
    r.maxClients = plan.redis.maxClients;
    r.headroom = r.maxClients - r.totalClients;
    r.fits = r.headroom >= 0;
    r.mostProcesses = r.clientsPerProcess > 0 ? floorDiv(std::max(0LL, r.maxClients - r.otherClients), r.clientsPerProcess) : 0;
    return r;
}

} // namespace planner
