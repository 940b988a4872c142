// SPDX-License-Identifier: MIT
#include "planner/budget.h"

#include <algorithm>

namespace planner {

long long poolCap(const std::optional<int> &poolSize, int maxOverflow)
{
    if (!poolSize)
        return kSqlAlchemyDefaultPool;
    if (*poolSize == 0)
        return 0; // NullPool: no cap, reported through ConnectionBudget::unbounded
    return static_cast<long long>(*poolSize) + std::max(0, maxOverflow);
}

namespace {

long long floorDiv(long long a, long long b)
{
    return b > 0 ? (a >= 0 ? a / b : -((-a + b - 1) / b)) : 0;
}

} // namespace

ConnectionBudget connectionBudget(const Plan &plan)
{
    ConnectionBudget b;
    b.applicable = plan.isPostgres();
    if (!b.applicable)
        return b;

    const auto &db = plan.database;
    const long long workers = plan.workers;
    const long long surge = std::max(0, plan.rollingUpdateSurge);
    b.unbounded = db.poolSize && *db.poolSize == 0;

    b.processes = plan.processes();
    b.mainPoolPerProcess = poolCap(db.poolSize, db.maxOverflow);
    b.syncPoolPerProcess = b.mainPoolPerProcess;
    if (plan.vectorDb.kind == VectorDb::Pgvector && plan.vectorDb.pgvectorSameServer)
        b.pgvectorPoolPerProcess = poolCap(plan.vectorDb.pgvectorPoolSize, plan.vectorDb.pgvectorMaxOverflow);
    b.connectionsPerProcess = b.mainPoolPerProcess + b.pgvectorPoolPerProcess;
    b.worstPerProcess = b.mainPoolPerProcess + b.syncPoolPerProcess + b.pgvectorPoolPerProcess;

    const long long replicas = plan.replicas;
    const long long peakReplicas = plan.peakReplicas();
    b.totalConnections = b.connectionsPerProcess * b.processes;
    b.rollingPeakConnections = b.connectionsPerProcess * (replicas + surge) * workers;
    b.autoscaleMaxConnections = b.connectionsPerProcess * (peakReplicas + surge) * workers;
    // A migration job is a single-worker process that opens the same pools.
    b.migrationJobConnections = plan.migrations == MigrationMode::Job ? b.worstPerProcess : 0;
    b.worstCaseConnections = b.worstPerProcess * (peakReplicas + surge) * workers + b.migrationJobConnections;

    b.maxConnections = db.maxConnections;
    b.reservedConnections = db.superuserReservedConnections;
    b.otherClientConnections = db.otherClientConnections;
    b.availableConnections = b.maxConnections - b.reservedConnections - b.otherClientConnections;
    b.headroom = b.availableConnections - b.totalConnections;
    b.worstCaseHeadroom = b.availableConnections - b.worstCaseConnections;
    b.fits = !b.unbounded && b.headroom >= 0;
    b.worstCaseFits = !b.unbounded && b.worstCaseHeadroom >= 0;

    const long long available = std::max(0LL, b.availableConnections);
    b.largestSafePoolPerProcess = std::max(0LL, floorDiv(available, b.processes) - b.pgvectorPoolPerProcess);
    // Worst case: two engines with the main settings per process, at the peak, plus the job's one process.
    const long long worstProcesses = (peakReplicas + surge) * workers + (plan.migrations == MigrationMode::Job ? 1 : 0);
    b.largestSafePoolPerProcessWorstCase =
        std::max(0LL, floorDiv(floorDiv(available, worstProcesses) - b.pgvectorPoolPerProcess, 2));
    b.smallestMaxConnections = b.totalConnections + b.reservedConnections + b.otherClientConnections;
    b.smallestMaxConnectionsWorstCase = b.worstCaseConnections + b.reservedConnections + b.otherClientConnections;
    const long long perReplica = b.connectionsPerProcess * workers;
    b.mostReplicas = perReplica > 0 ? floorDiv(available, perReplica) : 0;
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
    const long long surge = std::max(0, plan.rollingUpdateSurge);
    r.processes = (static_cast<long long>(plan.peakReplicas()) + surge) * plan.workers;
    r.clientsPerProcess = kRedisNamedClientsPerProcess + (plan.redis.starSessions ? 1 : 0) + plan.redis.poolAllowancePerProcess;
    r.otherClients = plan.redis.otherClients;
    r.totalClients = r.processes * r.clientsPerProcess + r.otherClients;
    r.maxClients = plan.redis.maxClients;
    r.headroom = r.maxClients - r.totalClients;
    r.fits = r.headroom >= 0;
    r.mostProcesses = r.clientsPerProcess > 0 ? floorDiv(std::max(0LL, r.maxClients - r.otherClients), r.clientsPerProcess) : 0;
    return r;
}

} // namespace planner
