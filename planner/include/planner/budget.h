// SPDX-License-Identifier: MIT
#pragma once

#include "planner/plan.h"

#include <optional>
#include <string_view>
#include <vector>

namespace planner {

/** @brief SQLAlchemy's QueuePool when `DATABASE_POOL_SIZE` is unset: 5 plus 10 overflow. */
inline constexpr int kSqlAlchemyDefaultPool = 5 + 10;

/** @brief Connections a migration job holds: Alembic connects with NullPool (migrations/env.py:63-67). */
inline constexpr int kMigrationJobConnections = 1;

/**
 * @brief The PostgreSQL connection budget of a plan.
 *
 * Steady state follows the docs' formula, (size + overflow) per process, plus
 * pgvector's own pool when it shares the server, times replicas × workers.
 * The worst case adds what the code can open besides (the sync engine with the
 * same pool settings), at the peak of a rolling update or of autoscaling, plus
 * a migration job. All counts are 64-bit so huge inputs cannot overflow.
 *
 * A pool size of 0 or below is NullPool (one connection per concurrent query, no cap). Then no
 * total can be bounded: `unbounded` is set, and the totals below count only the engines that do
 * have a cap (a floor, not a total); budgetToJson() writes null for every figure that is unknowable.
 */
struct ConnectionBudget {
    bool applicable = false;            ///< false when the plan uses SQLite
    bool unbounded = false;             ///< some engine uses NullPool: no total can be bounded
    bool mainPoolUnbounded = false;     ///< DATABASE_POOL_SIZE ≤ 0 (the async and sync engines)
    bool pgvectorPoolUnbounded = false; ///< PGVECTOR_POOL_SIZE ≤ 0, pgvector on the same server

    long long processes = 0;               ///< replicas × workers
    UpgradeStrategy upgradeStrategy = UpgradeStrategy::Rolling;
    long long surge = 0;                   ///< replicas an upgrade adds: the plan's surge when rolling, 0 with recreate
    long long mainPoolPerProcess = 0;      ///< async runtime engine: size + overflow, or 5 + 10; 0 for NullPool
    long long syncPoolPerProcess = 0;      ///< sync engine, same settings (worst case only)
    long long pgvectorPoolPerProcess = 0;  ///< pgvector engine when it uses the same server; 0 for NullPool
    long long connectionsPerProcess = 0;   ///< steady: main + pgvector
    long long worstPerProcess = 0;         ///< main + sync + pgvector

    long long totalConnections = 0;        ///< steady total
    long long rollingPeakConnections = 0;  ///< steady per process × (replicas + surge) × workers
    long long autoscaleMaxConnections = 0; ///< steady per process × (autoscale max + surge) × workers
    long long migrationJobConnections = 0; ///< kMigrationJobConnections when migrations run as a job
    long long worstCaseConnections = 0;    ///< every pool, at the highest replica count, plus the job

    long long maxConnections = 0;
    long long reservedConnections = 0;
    long long otherClientConnections = 0;
    long long availableConnections = 0;    ///< max − reserved − other clients
    bool nothingAvailable = false;         ///< available ≤ 0: no process can connect at all
    long long headroom = 0;                ///< available − steady total
    long long worstCaseHeadroom = 0;       ///< available − worst case
    bool fits = false;                     ///< steady total proven within available (never when unbounded)
    bool worstCaseFits = false;

    // The inverse answers; nullopt when no valid value exists (a pool or replica count of 0 is not
    // valid: 0 means NullPool, and a plan needs a replica; nor is max_connections above PostgreSQL's ceiling).
    std::optional<long long> largestSafePoolPerProcess;          ///< main size + overflow per process that keeps steady within available
    std::optional<long long> largestSafePoolPerProcessWorstCase; ///< the same for the worst case
    std::optional<long long> smallestMaxConnections;             ///< max_connections that fits the steady total
    std::optional<long long> smallestMaxConnectionsWorstCase;
    std::optional<long long> mostReplicas;                       ///< replicas that fit at the current pool and workers

    /** @brief Whether the steady total fits; nullopt when a NullPool makes it unknowable. */
    [[nodiscard]] std::optional<bool> fitsVerdict() const;
    [[nodiscard]] std::optional<bool> worstCaseFitsVerdict() const;

    bool operator==(const ConnectionBudget &) const = default;
};

/** @brief Why the budget counts the surge it counts, in one sentence. */
[[nodiscard]] std::string_view surgeReason(UpgradeStrategy strategy);

/** @brief One kind of Redis connection a process holds, with where Open WebUI opens it. */
struct RedisTerm {
    std::string_view id;
    std::string_view label;
    long long perProcess = 0;
    std::string_view source; ///< upstream file:line (Open WebUI v0.11.0)

    bool operator==(const RedisTerm &) const = default;
};

/**
 * @brief The Redis client budget against `maxclients`.
 *
 * Per process: the clients Open WebUI v0.11 opens by name (kRedisNamedClientsPerProcess), the
 * StarSessions store when enabled, and the plan's allowance for pool growth (redis-py pools grow
 * with concurrency and have no ceiling). Counted at the rolling-update or autoscaling peak.
 */
struct RedisBudget {
    bool applicable = false;
    long long processes = 0;
    std::vector<RedisTerm> terms; ///< what one process holds, term by term; they sum to clientsPerProcess
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

/** @brief True when a pool size means NullPool: 0 or negative (internal/db.py, pgvector.py). */
[[nodiscard]] bool isNullPool(const std::optional<int> &poolSize);

/** @brief Connections one engine's pool may hold: size + overflow, 5 + 10 when unset, 0 for NullPool (no cap). */
[[nodiscard]] long long poolCap(const std::optional<int> &poolSize, int maxOverflow);

} // namespace planner
