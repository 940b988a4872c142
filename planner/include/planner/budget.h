// SPDX-License-Identifier: MIT
#pragma once

#include "planner/plan.h"

#include <vector>

namespace planner {

/** @brief SQLAlchemy's QueuePool when `DATABASE_POOL_SIZE` is unset: 5 plus 10 overflow. */
inline constexpr int kSqlAlchemyDefaultPool = 5 + 10;

/**
 * @brief The PostgreSQL connection budget of a plan.
 *
 * Steady state follows the docs' formula, (size + overflow) per process, plus
 * pgvector's own pool when it shares the server, times replicas × workers.
 * The worst case adds what the code can open besides (the sync engine with the
 * same pool settings), at the peak of a rolling update or of autoscaling, plus
 * a migration job. All counts are 64-bit so huge inputs cannot overflow.
 */
struct ConnectionBudget {
    bool applicable = false; ///< false when the plan uses SQLite
    bool unbounded = false;  ///< DATABASE_POOL_SIZE=0: NullPool, no cap to count

    long long processes = 0;               ///< replicas × workers
    long long mainPoolPerProcess = 0;      ///< async runtime engine: size + overflow, or 5 + 10
    long long syncPoolPerProcess = 0;      ///< sync engine, same settings (worst case only)
    long long pgvectorPoolPerProcess = 0;  ///< pgvector engine when it uses the same server
    long long connectionsPerProcess = 0;   ///< steady: main + pgvector
    long long worstPerProcess = 0;         ///< main + sync + pgvector

    long long totalConnections = 0;        ///< steady total
    long long rollingPeakConnections = 0;  ///< steady per process × (replicas + surge) × workers
    long long autoscaleMaxConnections = 0; ///< steady per process × (autoscale max + surge) × workers
    long long migrationJobConnections = 0; ///< one migration process, when migrations run as a job
    long long worstCaseConnections = 0;    ///< every pool, at the highest replica count, plus the job

    long long maxConnections = 0;
    long long reservedConnections = 0;
    long long otherClientConnections = 0;
    long long availableConnections = 0;    ///< max − reserved − other clients
    long long headroom = 0;                ///< available − steady total
    long long worstCaseHeadroom = 0;       ///< available − worst case
    bool fits = false;                     ///< steady total within available
    bool worstCaseFits = false;

    // The inverse answers.
    long long largestSafePoolPerProcess = 0;          ///< size + overflow per process that keeps steady within available
    long long largestSafePoolPerProcessWorstCase = 0; ///< the same for the worst case
    long long smallestMaxConnections = 0;             ///< max_connections that fits the steady total
    long long smallestMaxConnectionsWorstCase = 0;
    long long mostReplicas = 0;                       ///< replicas that fit at the current pool and workers

    bool operator==(const ConnectionBudget &) const = default;
};

/**
 * @brief The Redis client budget against `maxclients`.
 *
 * Each Open WebUI process holds a handful of connections (app-state pool,
 * config pub/sub, websocket manager pub/sub and its publisher); the plan's
 * `clients_per_process` is that estimate. Counted at the rolling-update or
 * autoscaling peak.
 */
struct RedisBudget {
    bool applicable = false;
    long long processes = 0;
    long long clientsPerProcess = 0;
    long long otherClients = 0;
    long long totalClients = 0;
    long long maxClients = 0;
    long long headroom = 0;
    bool fits = false;
    long long mostProcesses = 0;

    bool operator==(const RedisBudget &) const = default;
};

[[nodiscard]] ConnectionBudget connectionBudget(const Plan &plan);

/** @brief One point of the "total as replicas grow" chart. */
struct SweepPoint {
    int replicas = 0;
    long long steady = 0;
    long long worstCase = 0;

    bool operator==(const SweepPoint &) const = default;
};

/** @brief The budget at 1..maxReplicas replicas, every other setting as planned (autoscaling off). */
[[nodiscard]] std::vector<SweepPoint> budgetSweep(const Plan &plan, int maxReplicas);
[[nodiscard]] RedisBudget redisBudget(const Plan &plan);

/** @brief Connections one engine's pool may hold: size + overflow, 5 + 10 when unset, 0 for NullPool. */
[[nodiscard]] long long poolCap(const std::optional<int> &poolSize, int maxOverflow);

} // namespace planner
