// SPDX-License-Identifier: MIT
#include "planner/evaluate.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

namespace planner {
namespace {

struct Context {
    const Plan &plan;
    const ConnectionBudget &budget;
    const RedisBudget &redis;
    const ScenarioResult &scenario;
    bool multiProcess; ///< more than one process holds its own state
};

/** @brief Collects the findings of one rule, filling in its id and source. */
class Emitter
{
public:
    Emitter(std::vector<Finding> &out, const RuleInfo &rule) : m_out(out), m_rule(rule) {}

    void operator()(Severity severity, std::string message, std::string fix, std::vector<SettingChange> changes = {})
    {
        m_out.push_back(Finding{std::string(m_rule.id), severity, std::move(message), std::move(fix),
                                std::string(m_rule.source), std::move(changes)});
    }

private:
    std::vector<Finding> &m_out;
    const RuleInfo &m_rule;
};

using Check = std::function<void(const Context &, Emitter &)>;

struct Rule {
    RuleInfo info;
    Check check;
};

/** @brief "1 worker", "3 workers": never "worker(s)". */
std::string plural(long long n, const char *singular, const char *pluralForm)
{
    return std::to_string(n) + " " + (n == 1 ? singular : pluralForm);
}

std::string str(long long n)
{
    return std::to_string(n);
}

/** @brief One fix setting; nlohmann writes the JSON text, so a value is never quoted by hand. */
SettingChange change(std::string pointer, const nlohmann::json &value)
{
    return SettingChange{std::move(pointer), value.dump()};
}

/** @brief A fix that raises max_connections, offered only where PostgreSQL can take the value. */
std::vector<SettingChange> raiseMaxConnections(const std::optional<long long> &value)
{
    if (!value || *value < 1 || *value > kPostgresMaxConnectionsCeiling)
        return {};
    return {change("/database/max_connections", *value)};
}

/** @brief A fix that raises Redis maxclients, offered only where a plan can hold the value. */
std::vector<SettingChange> raiseMaxClients(long long value)
{
    if (value > kPlanMaxRedisClients)
        return {};
    return {change("/redis/maxclients", value)};
}

/**
 * @brief Why no max_connections fix is offered when the worst case needs more than PostgreSQL accepts; empty otherwise.
 * A fix sized for the steady total alone would only trade the steady finding for the peak one.
 */
std::string worstCaseBeyondCeiling(const ConnectionBudget &b)
{
    if (b.unbounded || b.smallestMaxConnectionsWorstCase)
        return {};
    return " Raising max_connections alone cannot make room: the worst case needs " +
           str(b.worstCaseConnections + b.reservedConnections + b.otherClientConnections) +
           ", above PostgreSQL's ceiling of " + str(kPostgresMaxConnectionsCeiling) + ".";
}

// The docs' starting pool for high concurrency, and a modest pool for pgvector's searches.
constexpr long long kDocsPoolSize = 15;
constexpr long long kDocsPoolOverflow = 20;
constexpr long long kPgvectorSuggestedPool = 5;

struct PoolSuggestion {
    long long size = 0;
    long long overflow = 0;
};

/** @brief The preferred pool, shrunk to `room` connections per process; none when not even one fits. */
std::optional<PoolSuggestion> poolWithin(const std::optional<long long> &room, long long preferredSize,
                                         long long preferredOverflow)
{
    if (!room || *room < 1)
        return std::nullopt;
    const long long size = std::min(preferredSize, *room);
    return PoolSuggestion{size, std::min(preferredOverflow, *room - size)};
}

/** @brief Where the worst case is counted, as a clause: the surge and the autoscaler each add replicas. */
std::string peakWords(bool surge, bool autoscaling)
{
    if (surge && autoscaling)
        return ", at the autoscaling maximum during a rolling update";
    if (surge)
        return ", during a rolling update";
    if (autoscaling)
        return ", at the autoscaling maximum";
    return {};
}

/** @brief The ways out of an over-full budget, each named only when it has a valid value, and PgBouncer. */
std::string waysOut(const std::optional<long long> &largestPool, const std::optional<long long> &smallestMax,
                    const std::optional<long long> &mostReplicas)
{
    std::vector<std::string> ways;
    if (largestPool)
        ways.push_back("keep size + overflow at most " + str(*largestPool) + " per process");
    if (smallestMax)
        ways.push_back("raise max_connections to at least " + str(*smallestMax));
    if (mostReplicas)
        ways.push_back("run at most " + plural(*mostReplicas, "replica", "replicas"));
    ways.push_back("put PgBouncer in front of PostgreSQL");
    std::string text;
    for (std::size_t i = 0; i < ways.size(); ++i)
        text += (i == 0 ? "" : i + 1 == ways.size() ? ", or " : ", ") + ways[i];
    text.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(text.front())));
    return text + ".";
}

bool isHttpOrigin(const std::string &origin)
{
    for (std::string_view scheme : {"http://", "https://"}) {
        if (origin.rfind(scheme, 0) == 0) {
            const auto host = std::string_view(origin).substr(scheme.size());
            return !host.empty() && host.front() != '/' && host.front() != ':';
        }
    }
    return false;
}

std::string originOf(const std::string &url)
{
    const auto schemeEnd = url.find("://");
    if (schemeEnd == std::string::npos)
        return url;
    const auto pathStart = url.find('/', schemeEnd + 3);
    return pathStart == std::string::npos ? url : url.substr(0, pathStart);
}

bool isRollingTag(const std::string &tag)
{
    for (std::string_view rolling : {"main", "latest", "dev", "cuda", "ollama", "slim"})
        if (tag == rolling || tag.rfind(std::string(rolling) + "-", 0) == 0)
            return true;
    return tag.empty();
}

/** @brief A model each external engine serves out of the box; only a suggestion, the user may pick another. */
std::string_view suggestedEmbeddingModel(EmbeddingEngine engine)
{
    return engine == EmbeddingEngine::Ollama ? "nomic-embed-text" : "text-embedding-3-small";
}

/** @brief True for a release tag ("0.10.1", "v0.10") older than major.minor; rolling tags count as current. */
bool releasedBefore(const std::string &tag, int major, int minor)
{
    int tagMajor = 0, tagMinor = 0;
    const char *text = tag.c_str() + (tag.rfind('v', 0) == 0 ? 1 : 0);
    if (std::sscanf(text, "%d.%d", &tagMajor, &tagMinor) != 2)
        return false;
    return tagMajor < major || (tagMajor == major && tagMinor < minor);
}

std::string decimal(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string processesText(const Plan &plan)
{
    return plural(plan.peakReplicas(), "replica", "replicas") + " × " + plural(plan.workers, "worker", "workers");
}

bool atScale(const Context &c)
{
    return c.multiProcess || c.scenario.scenario == Scenario::LargeScale;
}

// The rules. Each names the seed page and section (or the reference) it comes from.
const std::vector<Rule> &rules()
{
    static const std::vector<Rule> kRules = {
        {{"shared-secret-key", "One WEBUI_SECRET_KEY shared by every replica", "multi-replica-troubleshooting.md § Core Requirements Checklist 1; § Common Issues 1 (Login Loops)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.peakReplicas() > 1 && c.plan.secrets.keyMode == SecretKeyMode::Unset)
                 emit(Severity::Error,
                      "WEBUI_SECRET_KEY is not set, so each of the " + str(c.plan.peakReplicas()) +
                          " replicas generates its own key: a token issued by one replica is rejected by the next "
                          "(login loops, 401 errors, \"Error decrypting tokens\").",
                      "Generate one strong key and give the same value to every replica (and to "
                      "OAUTH_SESSION_TOKEN_ENCRYPTION_KEY).",
                      {change("/secrets/key_mode", "generated")});
         }},
        {{"secret-key-reference", "An external secret key names its secret", "multi-replica-troubleshooting.md § Core Requirements Checklist 1"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.secrets.keyMode == SecretKeyMode::External && c.plan.secrets.externalSecretName.empty())
                 emit(Severity::Error, "The secret key comes from an existing secret, but no secret name is given.",
                      "Name the secret that holds WEBUI_SECRET_KEY, or let the planner generate the key.",
                      {change("/secrets/key_mode", "generated")});
         }},
        {{"secret-key-persistence", "The secret key survives a container re-creation", "openwebui-config.md §1.2 and §3 (reference: the generated key file lives outside the data volume)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.peakReplicas() <= 1 && c.plan.secrets.keyMode == SecretKeyMode::Unset)
                 emit(Severity::Warning,
                      "WEBUI_SECRET_KEY is left to start.sh, which writes it to /app/backend/.webui_secret_key, "
                      "outside the data volume: every image update or re-creation makes a new key, logs everyone "
                      "out and breaks decryption of stored OAuth tokens.",
                      "Generate a key once and pass it to the container.",
                      {change("/secrets/key_mode", "generated")});
         }},
        {{"external-database", "PostgreSQL for more than one process", "multi-replica-troubleshooting.md § Core Requirements Checklist 2; § Common Issues 4"},
         [](const Context &c, Emitter &emit) {
             if (c.multiProcess && c.plan.database.kind == DatabaseKind::Sqlite)
                 emit(Severity::Error,
                      "SQLite with " + processesText(c.plan) +
                          ": SQLite does not support concurrent writes from several processes (\"database is locked\", "
                          "data saved on one instance missing on another).",
                      "Use PostgreSQL (DATABASE_URL=postgresql://...). Open WebUI does not migrate existing SQLite data.",
                      {change("/database/kind", "postgresql")});
         }},
        {{"postgres-recommended", "PostgreSQL recommended for a team", "scaling-open-webui.md § Quick Reference; § Step 1"},
         [](const Context &c, Emitter &emit) {
             if (!c.multiProcess && c.plan.database.kind == DatabaseKind::Sqlite && c.plan.expectedUsers > 1)
                 emit(Severity::Info,
                      "PostgreSQL is recommended for a team, and Open WebUI never moves SQLite data later: switching "
                      "now is cheaper than after production data exists.",
                      "Switch to PostgreSQL before the team's data grows.", {change("/database/kind", "postgresql")});
         }},
        {{"sqlite-network-storage", "No SQLite on a network volume", "scaling-open-webui.md § Step 1; openwebui-config.md §7 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.database.kind == DatabaseKind::Sqlite && c.plan.storage.kind == StorageKind::SharedVolume)
                 emit(Severity::Error,
                      "webui.db would sit on a shared network volume: since 0.9 this gives QueuePool timeouts, WAL "
                      "deadlocks and corruption.",
                      "Use PostgreSQL and keep only uploads on the shared volume.",
                      {change("/database/kind", "postgresql")});
         }},
        {{"redis-websockets", "Redis for websockets", "multi-replica-troubleshooting.md § Core Requirements Checklist 3; § Common Issues 2"},
         [](const Context &c, Emitter &emit) {
             if (!c.multiProcess)
                 return;
             if (!c.plan.hasRedis()) {
                 // Redis alone would leave the long-polling variant below firing; the fix turns both on.
                 std::vector<SettingChange> changes{change("/redis/mode", "single")};
                 if (!c.plan.websocketSupport)
                     changes.push_back(change("/websocket_support", true));
                 emit(Severity::Error,
                      "No Redis with " + processesText(c.plan) +
                          ": websockets stay in memory, so an event finished on one process never reaches a user "
                          "connected to another (chat hangs, WebSocket 403 / connection closed).",
                      "Add Redis and set WEBSOCKET_MANAGER=redis, ENABLE_WEBSOCKET_SUPPORT=true and WEBSOCKET_REDIS_URL "
                      "on every process.",
                      std::move(changes));
             } else if (!c.plan.websocketSupport)
                 emit(Severity::Error,
                      "ENABLE_WEBSOCKET_SUPPORT is off: the Socket.IO server falls back to HTTP long-polling, which "
                      "breaks across processes without sticky sessions.",
                      "Set ENABLE_WEBSOCKET_SUPPORT=true with WEBSOCKET_MANAGER=redis.", {change("/websocket_support", true)});
         }},
        {{"redis-config-sync", "REDIS_URL shares state across processes", "multi-replica-troubleshooting.md § Common Issues 3 (Model Not Found); config.py:3186-3193 and utils/redis.py (Open WebUI v0.11.0)"},
         [](const Context &c, Emitter &emit) {
             // The id predates v0.10: configuration now lives in the database, with no pub/sub to sync.
             if (c.multiProcess && !c.plan.hasRedis())
                 emit(Severity::Error,
                      "Without REDIS_URL each of the " + str(c.plan.peakProcesses()) +
                          " processes keeps its own app state, models cache, locks, rate limits, token revocation and "
                          "task stop: a model is \"not found\" on the process that did not load it, a sign-out is not "
                          "seen by the others, and Stop only reaches a task on the process you happen to hit. "
                          "(Configuration itself lives in the database since v0.10; nothing syncs it over Redis.)",
                      "Set REDIS_URL to the shared Redis on every process.", {change("/redis/mode", "single")});
         }},
        {{"redis-token-revocation", "Redis recommended for sign-out", "quick-reference-matrix.md (newer revision, footnote †)"},
         [](const Context &c, Emitter &emit) {
             if (!c.multiProcess && !c.plan.hasRedis() && c.plan.expectedUsers > 1)
                 emit(Severity::Info,
                      "Without Redis, signing out, changing a password or deactivating a user does not revoke tokens "
                      "until JWT_EXPIRES_IN (4 weeks) runs out.",
                      "Add a single Redis instance.", {change("/redis/mode", "single")});
         }},
        {{"shared-storage", "Storage every replica sees", "multi-replica-troubleshooting.md § Core Requirements Checklist 4; § Common Issues 5"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.peakReplicas() > 1 && !isSharedStorage(c.plan.storage.kind))
                 emit(Severity::Error,
                      "Uploads go to a node-local (ReadWriteOnce) volume, but " + str(c.plan.peakReplicas()) +
                          " replicas each see only their own files: RAG uploads go missing, generated images break.",
                      "Mount one ReadWriteMany/NFS volume at /app/backend/data on every replica, or use S3, GCS or "
                      "Azure storage.",
                      {change("/storage/kind", "shared-volume")});
         }},
        {{"storage-settings", "Cloud storage names its bucket", "scaling-open-webui.md § Step 4; storage/provider.py (Open WebUI v0.11.0); workload-manager.yaml:241-300 (chart 16.0.0)"},
         [](const Context &c, Emitter &emit) {
             const auto &s = c.plan.storage;
             if (!isCloudStorage(s.kind) || !s.bucket.empty())
                 return;
             switch (s.kind) {
             case StorageKind::Gcs:
                 emit(Severity::Error,
                      "STORAGE_PROVIDER=gcs without GCS_BUCKET_NAME: the Helm chart passes an empty name, which the GCS "
                      "client refuses when Open WebUI builds the storage provider at import (every pod dies at "
                      "start); elsewhere every upload fails.",
                      "Enter the bucket name on the storage step; credentials come from GOOGLE_APPLICATION_CREDENTIALS_JSON "
                      "or the pod's workload identity.");
                 return;
             case StorageKind::Azure:
                 emit(Severity::Error,
                      "STORAGE_PROVIDER=azure without AZURE_STORAGE_CONTAINER_NAME: the Azure client refuses an empty "
                      "container name (\"Please specify a container name\") when Open WebUI builds the storage "
                      "provider at import: every process dies at start.",
                      "Enter the container name on the storage step.");
                 return;
             default:
                 emit(Severity::Error, "STORAGE_PROVIDER=s3 without S3_BUCKET_NAME: every upload fails.",
                      "Enter the bucket name on the storage step.");
             }
         }},
        {{"storage-endpoint", "Cloud storage knows where to connect", "workload-manager.yaml:262-263, 287-288 (chart 16.0.0); storage/provider.py:118,129,348 and config.py:152 (Open WebUI v0.11.0)"},
         [](const Context &c, Emitter &emit) {
             const auto &s = c.plan.storage;
             if (s.kind == StorageKind::S3 && s.region.empty() && s.endpoint.empty())
                 emit(Severity::Error,
                      "STORAGE_PROVIDER=s3 with neither a region nor an endpoint: the Helm chart always renders "
                      "S3_ENDPOINT_URL, empty here, and boto3 raises \"Invalid endpoint\" when Open WebUI builds the "
                      "storage provider at import: every pod dies at start.",
                      "Enter the region (on AWS the bundle derives https://s3.<region>.amazonaws.com from it) or the "
                      "endpoint URL of MinIO, R2 or another S3-compatible store.");
             else if (s.kind == StorageKind::Azure && s.endpoint.empty())
                 emit(Severity::Error,
                      "STORAGE_PROVIDER=azure without AZURE_STORAGE_ENDPOINT: the Azure client refuses an empty account "
                      "URL (\"Invalid URL\") when Open WebUI builds the storage provider at import: every process dies "
                      "at start.",
                      "Enter the storage account's blob endpoint, https://<account>.blob.core.windows.net.");
         }},
        {{"external-vector-db", "A vector DB several processes can share", "multi-replica-troubleshooting.md § Core Requirements Checklist 5; § Common Issues 6"},
         [](const Context &c, Emitter &emit) {
             if (c.multiProcess && isEmbeddedVectorDb(c.plan.vectorDb.kind))
                 emit(Severity::Error,
                      std::string(c.plan.vectorDb.kind == VectorDb::Chroma ? "The default local ChromaDB (SQLite)"
                                                                           : "Milvus Lite") +
                          " with " + processesText(c.plan) +
                          ": its file is not fork-safe, and concurrent writes kill workers instantly (\"Child process "
                          "died\" during document upload).",
                      "Use pgvector, Qdrant or Milvus, or run ChromaDB as a separate HTTP server.",
                      {change("/vector_db/kind", c.plan.isPostgres() ? "pgvector" : "chroma-http")});
         }},
        {{"single-migrator", "Exactly one process runs migrations", "multi-replica-troubleshooting.md § Deployment Best Practices, Updates and Migrations; scaling-open-webui.md § Step 3"},
         [](const Context &c, Emitter &emit) {
             if (!c.multiProcess)
                 return;
             if (c.plan.migrations == MigrationMode::EveryInstance)
                 emit(Severity::Error,
                      "ENABLE_DB_MIGRATIONS is on in every one of the " + str(c.plan.peakProcesses()) +
                          " processes: after an upgrade they all run Alembic at once (race conditions, "
                          "DuplicateTable, a corrupt schema).",
                      "Run migrations in one place only: a designated primary instance, or a one-shot migration job, "
                      "with ENABLE_DB_MIGRATIONS=false everywhere else.",
                      {change("/migrations", c.plan.workers > 1 ? "job" : "primary")});
             else if (c.plan.migrations == MigrationMode::Primary && c.plan.workers > 1)
                 emit(Severity::Error,
                      "The designated migration instance runs " + str(c.plan.workers) +
                          " workers, and every worker migrates at import: they race each other.",
                      "Run migrations as a one-shot job and set ENABLE_DB_MIGRATIONS=false on all app containers.",
                      {change("/migrations", "job")});
         }},
        {{"no-connections-available", "max_connections leaves room for Open WebUI", "multi-replica-troubleshooting.md § 8, Connection Pool Sizing; scaling-open-webui.md § Step 1"},
         [](const Context &c, Emitter &emit) {
             const auto &b = c.budget;
             if (!b.applicable || !b.nothingAvailable)
                 return;
             // Sized for the worst case, so that the fix leaves no budget finding behind.
             const auto &target = b.smallestMaxConnectionsWorstCase;
             std::string fix = target ? "Raise max_connections to at least " + str(*target) + ", or lower" : std::string("Lower");
             fix += " the other clients' connections (" + str(b.otherClientConnections) + ")";
             if (!target)
                 fix += ", or raise max_connections well above reserved + other clients (" +
                        str(b.reservedConnections + b.otherClientConnections) + ") and size the pools with the budget";
             emit(Severity::Error,
                  "max_connections " + str(b.maxConnections) + " − superuser_reserved_connections " +
                      str(b.reservedConnections) + " − other clients " + str(b.otherClientConnections) + " leaves " +
                      str(b.availableConnections) +
                      " connections for Open WebUI: no process can connect (\"remaining connection slots are "
                      "reserved\", \"too many clients already\").",
                  fix + "." + worstCaseBeyondCeiling(b), raiseMaxConnections(target));
         }},
        {{"null-pool", "DATABASE_POOL_SIZE bounds the main pool", "internal/db.py:327,399-403 (Open WebUI v0.11.0: 0 or below is NullPool); multi-replica-troubleshooting.md § 8"},
         [](const Context &c, Emitter &emit) {
             const auto &b = c.budget;
             if (!b.applicable || !b.mainPoolUnbounded)
                 return;
             const int size = c.plan.database.poolSize.value_or(0);
             // Sized for the peak when it can be, else for the steady state; never a pool of 0 (that is NullPool again).
             const bool forPeak = b.largestSafePoolPerProcessWorstCase.has_value();
             const auto pool = poolWithin(forPeak ? b.largestSafePoolPerProcessWorstCase : b.largestSafePoolPerProcess,
                                          kDocsPoolSize, kDocsPoolOverflow);
             std::string fix;
             std::vector<SettingChange> changes;
             if (pool) {
                 fix = "Set DATABASE_POOL_SIZE=" + str(pool->size) + " and DATABASE_POOL_MAX_OVERFLOW=" +
                       str(pool->overflow) + " (it fits the budget" + (forPeak ? " at the peak" : "") + ")";
                 changes = {change("/database/pool_size", pool->size), change("/database/max_overflow", pool->overflow)};
             } else if (b.pgvectorPoolUnbounded) {
                 fix = "Give pgvector a pool first (pgvector-null-pool), then set DATABASE_POOL_SIZE from the budget";
             } else {
                 fix = "No pool fits the " + str(b.availableConnections) + " available connections across " +
                       str(b.processes) + " processes: raise max_connections or run fewer processes, then set "
                       "DATABASE_POOL_SIZE from the budget";
             }
             fix += "; or keep NullPool only behind PgBouncer, whose own pool then bounds the server's connections.";
             emit(Severity::Error,
                  "DATABASE_POOL_SIZE=" + str(size) + (size < 0 ? " (Open WebUI treats any size below 1 as 0)" : "") +
                      " turns pooling off (NullPool): each of the " + str(b.processes) +
                      " processes opens one connection per concurrent query, in the async and the sync engine, with "
                      "no upper bound, so the total cannot be checked against max_connections " +
                      str(b.maxConnections) + " (" + str(b.availableConnections) +
                      " available): a burst of requests can exhaust PostgreSQL (\"too many clients already\").",
                  fix, std::move(changes));
         }},
        {{"pgvector-null-pool", "PGVECTOR_POOL_SIZE bounds pgvector's pool", "retrieval/vector/dbs/pgvector.py:105-106 (Open WebUI v0.11.0: 0 is NullPool); openwebui-config.md §1.5 (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &b = c.budget;
             if (!b.applicable || !b.pgvectorPoolUnbounded)
                 return;
             // Room per process beside the main pool; a NullPool main pool has its own finding and is sized after.
             const std::optional<long long> room =
                 b.nothingAvailable ? std::nullopt
                                    : std::optional<long long>(b.availableConnections / b.processes -
                                                               (b.mainPoolUnbounded ? 0 : b.mainPoolPerProcess));
             const auto pool = poolWithin(room, kPgvectorSuggestedPool, 0);
             std::string fix;
             std::vector<SettingChange> changes;
             if (pool) {
                 fix = "Set PGVECTOR_POOL_SIZE=" + str(pool->size) + " with no overflow (" +
                       (b.mainPoolUnbounded ? "a modest pool for vector search; size the main pool next"
                                            : "what vector search needs; it fits beside the main pool") +
                       ")";
                 changes = {change("/vector_db/pgvector_pool_size", pool->size), change("/vector_db/pgvector_max_overflow", 0)};
             } else {
                 fix = "No pgvector pool fits beside the main pool in the " + str(b.availableConnections) +
                       " available connections: raise max_connections or shrink the main pool, then set PGVECTOR_POOL_SIZE";
             }
             fix += "; or point PGVECTOR_DB_URL at PgBouncer.";
             emit(Severity::Error,
                  "PGVECTOR_POOL_SIZE=" + str(c.plan.vectorDb.pgvectorPoolSize.value_or(0)) +
                      " turns pgvector's own pool off (NullPool): every concurrent vector search in each of the " +
                      str(b.processes) + " processes opens its own connection to the same server, with no upper "
                      "bound, so the total cannot be checked against max_connections " + str(b.maxConnections) + ".",
                  fix, std::move(changes));
         }},
        {{"connection-budget", "Connections fit max_connections", "multi-replica-troubleshooting.md § 8, Connection Pool Sizing; scaling-open-webui.md § Step 1"},
         [](const Context &c, Emitter &emit) {
             const auto &b = c.budget;
             // NullPool and an empty server have their own rules; this one compares a bounded total.
             if (!b.applicable || b.unbounded || b.nothingAvailable || b.fits)
                 return;
             emit(Severity::Error,
                  "The pools can open " + str(b.totalConnections) + " connections (" + str(b.connectionsPerProcess) +
                      " per process × " + str(b.processes) + " processes), but only " + str(b.availableConnections) +
                      " of max_connections " + str(b.maxConnections) +
                      " are available: PostgreSQL refuses the rest (\"too many clients already\").",
                  // max_connections is raised for the worst case (rolling surge, autoscaling maximum, migration
                  // job), so that the fix does not trade this finding for connection-budget-peak.
                  waysOut(b.largestSafePoolPerProcess, b.smallestMaxConnectionsWorstCase, b.mostReplicas) +
                      worstCaseBeyondCeiling(b),
                  raiseMaxConnections(b.smallestMaxConnectionsWorstCase));
         }},
        {{"connection-budget-peak", "Connections fit at the peak", "openwebui-config.md §7, Connection budget (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &b = c.budget;
             if (!b.applicable || b.unbounded || b.nothingAvailable || !b.fits || b.worstCaseFits)
                 return;
             emit(Severity::Warning,
                  "In the worst case the processes can open " + str(b.worstCaseConnections) +
                      " connections (the async and sync engines" +
                      (b.pgvectorPoolPerProcess > 0 ? std::string(" and pgvector") : std::string()) +
                      peakWords(b.surge > 0, c.plan.autoscaling.enabled) +
                      (b.migrationJobConnections > 0 ? std::string(", plus the migration job's connection") : std::string()) +
                      "), over the " + str(b.availableConnections) + " available.",
                  waysOut(b.largestSafePoolPerProcessWorstCase, b.smallestMaxConnectionsWorstCase, std::nullopt),
                  raiseMaxConnections(b.smallestMaxConnectionsWorstCase));
         }},
        {{"pool-per-process", "Each pool well below max_connections", "multi-replica-troubleshooting.md § 8, Connection Pool Sizing"},
         [](const Context &c, Emitter &emit) {
             const auto &b = c.budget;
             if (!b.applicable || b.mainPoolUnbounded || b.nothingAvailable)
                 return;
             // The docs: keep size + overflow "well below" max_connections, under 50-80 of the default 100.
             if (b.mainPoolPerProcess * 10 > b.availableConnections * 8)
                 emit(Severity::Warning,
                      "One process's pool (" + str(b.mainPoolPerProcess) + ") takes more than 80 % of the " +
                          str(b.availableConnections) + " available connections, leaving no room for maintenance.",
                      "Keep DATABASE_POOL_SIZE + DATABASE_POOL_MAX_OVERFLOW well below max_connections.");
         }},
        {{"pool-settings", "Pool sized on purpose", "multi-replica-troubleshooting.md § 8; openwebui-config.md §1.3 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.isPostgres() && !c.plan.database.poolSize)
                 emit(Severity::Info,
                      "DATABASE_POOL_SIZE is unset, so each engine uses SQLAlchemy's default of 5 + 10 overflow. The "
                      "docs suggest starting at 15 + 20 for high concurrency.",
                      "Set the pool size and overflow explicitly and check them against the budget.",
                      {change("/database/pool_size", 15), change("/database/max_overflow", 20)});
         }},
        {{"pgvector-pool", "pgvector's own pool is counted", "openwebui-config.md §1.5 and §7 (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &v = c.plan.vectorDb;
             if (c.plan.isPostgres() && v.kind == VectorDb::Pgvector && v.pgvectorSameServer && !v.pgvectorPoolSize)
                 emit(Severity::Info,
                      "pgvector always opens its own engine; with PGVECTOR_POOL_SIZE unset that is another 5 + 10 "
                      "connections per process on the same server (counted in the budget).",
                      "Set PGVECTOR_POOL_SIZE to what vector search needs.", {change("/vector_db/pgvector_pool_size", 5)});
         }},
        {{"session-sharing", "Database session sharing", "multi-replica-troubleshooting.md § Core Requirements Checklist 6; § 8"},
         [](const Context &c, Emitter &emit) {
             if (c.multiProcess && c.plan.isPostgres() && !c.plan.database.sessionSharing)
                 emit(Severity::Info,
                      "DATABASE_ENABLE_SESSION_SHARING can improve performance under high concurrency on a "
                      "well-resourced PostgreSQL.",
                      "Consider DATABASE_ENABLE_SESSION_SHARING=true.", {change("/database/session_sharing", true)});
         }},
        {{"cors-origins", "CORS_ALLOW_ORIGIN lists the public origins", "multi-replica-troubleshooting.md § Common Issues 2 (WebSocket 403)"},
         [](const Context &c, Emitter &emit) {
             const auto &origins = c.plan.corsAllowOrigins;
             // Open WebUI accepts a written-out '*' (and logs a warning): the same as leaving the list empty.
             const bool wildcard =
                 origins.empty() || std::find(origins.begin(), origins.end(), "*") != origins.end();
             for (const auto &origin : origins) {
                 if (origin != "*" && !isHttpOrigin(origin)) {
                     emit(Severity::Error,
                          "CORS_ALLOW_ORIGIN entry \"" + origin +
                              "\" is not an http(s) URL with a host; Open WebUI rejects it at start.",
                          "Write each origin as https://host[:port], separated by ';'.");
                     return;
                 }
             }
             const auto &publicUrl = c.plan.loadBalancer.publicUrl;
             if (!wildcard && !publicUrl.empty() &&
                 std::find(origins.begin(), origins.end(), originOf(publicUrl)) == origins.end()) {
                 emit(Severity::Error,
                      "The public URL's origin " + originOf(publicUrl) +
                          " is not in CORS_ALLOW_ORIGIN: browsers get WebSocket 403 (\"is not an accepted origin\").",
                      "Add " + originOf(publicUrl) + " (and its http/https variants users may type).");
                 return;
             }
             if (wildcard && atScale(c))
                 emit(Severity::Warning,
                      "CORS_ALLOW_ORIGIN is '*': any site may call the API and open websockets.",
                      "List the public origins users open, e.g. https://chat.example.org.");
         }},
        {{"load-balancer", "A load balancer in front of several containers", "scaling-open-webui.md § Step 3; § Putting It All Together"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.peakReplicas() > 1 && c.plan.orchestrator == Orchestrator::Compose &&
                 c.plan.loadBalancer.kind == LoadBalancerKind::None)
                 emit(Severity::Error,
                      str(c.plan.peakReplicas()) + " replicas on one Compose host have no load balancer in front.",
                      "Put a load balancer (nginx, Traefik, HAProxy) in front of the replicas.",
                      {change("/load_balancer/kind", "nginx")});
         }},
        {{"load-balancer-websocket", "The proxy forwards websocket upgrades", "multi-replica-troubleshooting.md § Common Issues 2; openwebui-config.md §13 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.loadBalancer.kind != LoadBalancerKind::None && c.plan.websocketSupport &&
                 !c.plan.loadBalancer.websocketUpgrade)
                 emit(Severity::Error,
                      "The load balancer does not forward Upgrade/Connection headers, but Open WebUI offers websocket "
                      "transport only: /ws/socket.io fails and chats hang.",
                      "Forward Upgrade and Connection on /ws/socket.io with HTTP/1.1 and a long read timeout.",
                      {change("/load_balancer/websocket_upgrade", true)});
         }},
        {{"sticky-sessions", "Session affinity at the load balancer", "multi-replica-troubleshooting.md § Deployment Best Practices, Session Affinity"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.peakReplicas() > 1 && !c.plan.loadBalancer.stickySessions)
                 emit(Severity::Info,
                      "Session affinity is optional with Redis, but it reduces websocket jitter.",
                      "Enable cookie affinity at the load balancer or ingress.",
                      {change("/load_balancer/sticky_sessions", true)});
         }},
        {{"redis-sentinel-hosts", "Sentinel mode lists its sentinels", "scaling-open-webui.md § Step 2"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.redis.mode == RedisMode::Sentinel && c.plan.redis.sentinelHosts.empty())
                 emit(Severity::Error, "Redis Sentinel is chosen but REDIS_SENTINEL_HOSTS is empty.",
                      "List the sentinel hosts (WEBSOCKET_SENTINEL_HOSTS gets the same list; it is not inherited).");
         }},
        {{"redis-sentinel-connect-timeout", "A connect timeout under Sentinel", "scaling-open-webui.md § Step 2"},
         [](const Context &c, Emitter &emit) {
             const auto &t = c.plan.redis.socketConnectTimeoutSeconds;
             if (c.plan.redis.mode == RedisMode::Sentinel && (!t || *t <= 0 || *t > 5))
                 emit(Severity::Warning,
                      t && *t > 5 ? "REDIS_SOCKET_CONNECT_TIMEOUT is " + decimal(*t) +
                                        " s: under Sentinel a failover stalls requests that long (the docs ask for 5)."
                                  : std::string("Under Sentinel without REDIS_SOCKET_CONNECT_TIMEOUT, a failover can "
                                                "hang every request."),
                      "Set REDIS_SOCKET_CONNECT_TIMEOUT=5.", {change("/redis/socket_connect_timeout", 5)});
         }},
        {{"redis-server-timeout", "Redis closes idle clients", "scaling-open-webui.md § Step 2"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.hasRedis() && c.plan.redis.timeoutSeconds == 0)
                 emit(Severity::Warning,
                      "Redis `timeout 0` never closes idle connections; they pile up until \"max number of clients "
                      "reached\" and every login fails.",
                      "Set `timeout 1800` on the Redis server.", {change("/redis/timeout", 1800)});
         }},
        {{"redis-maxclients", "Redis maxclients high enough", "scaling-open-webui.md § Step 2"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.hasRedis() && c.plan.redis.maxClients < 10000)
                 emit(Severity::Warning,
                      "Redis maxclients is " + str(c.plan.redis.maxClients) +
                          "; the docs ask for 10000 or more (some distributions ship 1000).",
                      "Set `maxclients 10000` on the Redis server.", {change("/redis/maxclients", 10000)});
         }},
        {{"redis-client-budget", "Redis clients fit maxclients", "scaling-open-webui.md § Step 2; openwebui-config.md §6 (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &r = c.redis;
             if (r.applicable && !r.fits)
                 emit(Severity::Error,
                      "An estimated " + str(r.totalClients) + " Redis clients (" + str(r.clientsPerProcess) +
                          " per process × " + str(r.processes) + " processes at the peak) exceed maxclients " +
                          str(r.maxClients) + ".",
                      "Raise maxclients to at least " + str(r.totalClients) + ".",
                      raiseMaxClients(std::max<long long>(r.totalClients, 10000)));
         }},
        {{"redis-eviction-policy", "Redis never evicts Open WebUI's keys", "openwebui-config.md §6 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.hasRedis() && c.plan.redis.maxmemoryPolicy.rfind("allkeys-", 0) == 0)
                 emit(Severity::Warning,
                      "maxmemory-policy " + c.plan.redis.maxmemoryPolicy +
                          " can evict token-revocation keys and websocket pools, silently un-revoking tokens.",
                      "Use noeviction (or volatile-ttl / volatile-lru if a cap is unavoidable).",
                      {change("/redis/maxmemory_policy", "noeviction")});
         }},
        {{"redis-key-prefix", "A key prefix per installation", "openwebui-config.md §1.4 and §6 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.hasRedis() && c.plan.redis.sharedWithOtherInstallations &&
                 c.plan.redis.keyPrefix == "open-webui")
                 emit(Severity::Warning,
                      "This Redis is shared with other Open WebUI installations, and all of them use the default key "
                      "prefix: their sessions, locks and config collide.",
                      "Give this installation its own REDIS_KEY_PREFIX.");
         }},
        {{"redis-cluster", "Redis Cluster only when Redis itself must scale", "scaling-open-webui.md § Step 2; openwebui-config.md §6 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.redis.mode == RedisMode::Cluster)
                 emit(Severity::Info,
                      "One Redis instance is enough for thousands of users; Cluster is usually a symptom of a missing "
                      "`timeout 1800`. Cluster mode sets REDIS_CLUSTER=true and allows database 0 only.",
                      "Keep Cluster only for a managed service that requires it (e.g. ElastiCache Serverless).");
         }},
        {{"star-sessions-redis-mode", "StarSessions only on a plain Redis", "env.py:905; main.py:2478-2491 (Open WebUI v0.11.0)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.redis.starSessions && c.plan.redis.mode != RedisMode::Single)
                 emit(Severity::Error,
                      std::string("ENABLE_STAR_SESSIONS_MIDDLEWARE builds its RedisStore from REDIS_URL alone, but Redis is ") +
                          (c.plan.hasRedis() ? "in " + std::string(toString(c.plan.redis.mode)) + " mode" : "off") +
                          ": the middleware cannot reach the sessions (it is experimental and supports plain Redis only).",
                      "Turn the StarSessions middleware off, or use a single Redis server.",
                      {change("/redis/star_sessions", false)});
         }},
        {{"embedding-base-url", "Ollama embeddings name their server", "config.py (RAG_OLLAMA_BASE_URL falls back to OLLAMA_BASE_URL) (Open WebUI v0.11.0)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.embeddings == EmbeddingEngine::Ollama && c.plan.embeddingBaseUrl.empty())
                 emit(Severity::Warning,
                      "Ollama embeddings without RAG_OLLAMA_BASE_URL fall back to OLLAMA_BASE_URL, and the bundle runs no "
                      "Ollama: the image's default http://host.docker.internal:11434 does not resolve on Linux hosts or in "
                      "Kubernetes, so every upload fails to embed.",
                      "Enter the Ollama server's URL for embeddings (e.g. http://ollama:11434).");
         }},
        {{"one-worker-per-container", "One worker per container under an orchestrator", "scaling-open-webui.md § Step 3, Option A"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.orchestrator != Orchestrator::Compose && c.plan.workers > 1)
                 emit(Severity::Warning,
                      str(c.plan.workers) + " Uvicorn workers per container under " +
                          std::string(toString(c.plan.orchestrator)) +
                          ": let the orchestrator scale replicas instead (restarts, rolling updates, resource control).",
                      "Set UVICORN_WORKERS=1 and raise the replica count.", {change("/workers", 1)});
         }},
        {{"thread-pool-size", "THREAD_POOL_SIZE for real servers", "quick-reference-matrix.md (newer revision); openwebui-config.md §1.1 (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &t = c.plan.threadPoolSize;
             if (t && *t < 40)
                 emit(Severity::Warning, "THREAD_POOL_SIZE " + str(*t) + " is below AnyIO's default of 40.",
                      "Never set it below 40; use 2000 on a real server.", {change("/thread_pool_size", 2000)});
             else if (atScale(c) && (!t || *t < 2000))
                 emit(Severity::Warning,
                      "THREAD_POOL_SIZE is " + (t ? str(*t) : std::string("unset (AnyIO's 40)")) +
                          ": at scale, blocking operations queue behind 40 threads.",
                      "Set THREAD_POOL_SIZE=2000.", {change("/thread_pool_size", 2000)});
         }},
        {{"user-active-status-interval", "Throttle last-active writes", "quick-reference-matrix.md (newer revision); openwebui-config.md §1.1 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.userActiveStatusUpdateIntervalSeconds || c.plan.expectedUsers <= 1)
                 return;
             emit(atScale(c) ? Severity::Warning : Severity::Info,
                  "DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL is unset: every authenticated request writes "
                  "last_active_at (an UPDATE and COMMIT per request).",
                  "Set DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL=300.",
                  {change("/user_active_status_update_interval", 300)});
         }},
        {{"pip-install-frontmatter", "No runtime pip installs with several processes", "openwebui-config.md §1.1 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.multiProcess && c.plan.pipInstallFrontmatter)
                 emit(Severity::Warning,
                      "Tools and functions pip-install their requirements at run time; with several processes the "
                      "pip lock makes them crash.",
                      "Set ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS=false and bake the packages into the image.",
                      {change("/pip_install_frontmatter", false)});
         }},
        {{"external-content-extraction", "External content extraction", "quick-reference-matrix.md (newer revision)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.contentExtraction != ContentExtraction::Builtin || c.plan.expectedUsers <= 1)
                 return;
             emit(c.multiProcess ? Severity::Warning : Severity::Info,
                  "Documents are extracted by the built-in pypdf, which leaks memory in every process.",
                  "Run Apache Tika or Docling and set CONTENT_EXTRACTION_ENGINE.",
                  {change("/content_extraction", "tika")});
         }},
        {{"external-embeddings", "External embeddings", "quick-reference-matrix.md (newer revision)"},
         [](const Context &c, Emitter &emit) {
             if (!c.multiProcess || c.plan.embeddings != EmbeddingEngine::Local)
                 return;
             // The engine alone keeps the local model's name (embedding-model); the fix names one the API serves.
             std::vector<SettingChange> changes{change("/embeddings", "openai")};
             if (c.plan.embeddingModel.empty())
                 changes.push_back(change("/embedding_model", suggestedEmbeddingModel(EmbeddingEngine::OpenAI)));
             emit(Severity::Warning,
                  "The local embedding model loads in every one of the " + str(c.plan.peakProcesses()) +
                      " processes (about 500 MB each, " + str(c.plan.peakProcesses() * 500) + " MB in all).",
                  "Use an embedding API (RAG_EMBEDDING_ENGINE=openai or ollama) with its RAG_EMBEDDING_MODEL.",
                  std::move(changes));
         }},
        {{"embedding-model", "An external embedding engine names its model", "config.py:990, 1080-1081 (Open WebUI v0.11.0)"},
         [](const Context &c, Emitter &emit) {
             const auto engine = c.plan.embeddings;
             if (engine == EmbeddingEngine::Local || !c.plan.embeddingModel.empty())
                 return;
             const std::string name(toString(engine));
             const std::string suggestion(suggestedEmbeddingModel(engine));
             emit(Severity::Error,
                  "RAG_EMBEDDING_ENGINE=" + name +
                      " without RAG_EMBEDDING_MODEL keeps the local default sentence-transformers/all-MiniLM-L6-v2, "
                      "which the " + (engine == EmbeddingEngine::OpenAI ? "OpenAI API" : "Ollama server") +
                      " does not serve: document uploads and RAG queries fail to embed.",
                  "Set RAG_EMBEDDING_MODEL to a model the " + name + " endpoint serves (" + suggestion +
                      " is only a suggestion)" +
                      (engine == EmbeddingEngine::OpenAI
                           ? ", with RAG_OPENAI_API_KEY (it falls back to OPENAI_API_KEY) and, for anything but "
                             "api.openai.com, RAG_OPENAI_API_BASE_URL."
                           : ", with RAG_OLLAMA_BASE_URL pointing at the Ollama server that has pulled it."),
                  {change("/embedding_model", suggestion)});
         }},
        {{"scenario-requirements", "Every component the scenario requires", "scaling-open-webui.md § Quick Reference; quick-reference-matrix.md"},
         [](const Context &c, Emitter &emit) {
             // Multi-process plans get the precise rules above; this one speaks for a single process at large scale.
             if (c.multiProcess)
                 return;
             std::string missing;
             for (const auto &req : c.scenario.components)
                 if (req.need == Need::Required && !req.satisfied)
                     missing += (missing.empty() ? "" : ", ") + std::string(label(req.component));
             if (!missing.empty())
                 emit(Severity::Warning,
                      std::string("The matrix row \"") + std::string(label(c.scenario.scenario)) + "\" requires: " +
                          missing + ".",
                      "Add them before growing to this scale; one process will not serve it.");
         }},
        {{"otel-signals", "OpenTelemetry exports at least one signal", "scaling-open-webui.md § Step 5; openwebui-config.md §10 (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &o = c.plan.otel;
             if (o.enabled && !o.traces && !o.metrics && !o.logs)
                 emit(Severity::Warning,
                      "ENABLE_OTEL=true on its own exports nothing (the seed shows only that and the endpoint; the "
                      "code also needs a per-signal switch).",
                      "Turn on traces, metrics or logs (ENABLE_OTEL_TRACES, ENABLE_OTEL_METRICS, ENABLE_OTEL_LOGS).",
                      {change("/otel/traces", true), change("/otel/metrics", true)});
         }},
        {{"otel-protocol-port", "The OTLP protocol matches the port", "openwebui-config.md §10 and §14 item 8 (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &o = c.plan.otel;
             if (!o.enabled)
                 return;
             if (o.protocol == OtelProtocol::Grpc && o.endpoint.find(":4318") != std::string::npos)
                 emit(Severity::Warning, "The endpoint is the OTLP/HTTP port 4318, but the exporter speaks gRPC.",
                      "Set OTEL_OTLP_SPAN_EXPORTER=http, or use port 4317.", {change("/otel/protocol", "http")});
             else if (o.protocol == OtelProtocol::Http && o.endpoint.find(":4317") != std::string::npos)
                 emit(Severity::Warning, "The endpoint is the OTLP/gRPC port 4317, but the exporter speaks HTTP.",
                      "Use the gRPC exporter, or port 4318.", {change("/otel/protocol", "grpc")});
         }},
        {{"image-tag-pinned", "A pinned image version in production", "openwebui-config.md §2 and §12 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (isRollingTag(c.plan.imageTag) && (c.multiProcess || c.plan.expectedUsers >= 50))
                 emit(Severity::Warning,
                      "Image tag \"" + c.plan.imageTag +
                          "\" moves with every push: replicas pulled at different times run different versions "
                          "against one database.",
                      "Pin a release, e.g. 0.11.0.", {change("/image_tag", "0.11.0")});
         }},
        {{"autoscaling-orchestrator", "Autoscaling needs an autoscaler", "openwebui-config.md §5 (reference: HPA)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.autoscaling.enabled && c.plan.orchestrator != Orchestrator::Kubernetes)
                 emit(Severity::Warning,
                      std::string(toString(c.plan.orchestrator)) +
                          " has no autoscaler: the autoscaling maximum is only counted in the budget.",
                      "Autoscale on Kubernetes (HorizontalPodAutoscaler), or size replicas for the peak.");
         }},
        {{"orjson", "ENABLE_ORJSON for Redis-backed fleets", "scaling.md:424-477 (newer docs, minimum variables for scaled deployments); env.py:156 (Open WebUI v0.11.0)"},
         [](const Context &c, Emitter &emit) {
             // The variable exists from v0.11.0 on; an older pinned image would ignore it.
             if (!c.multiProcess || !c.plan.hasRedis() || c.plan.orjson || releasedBefore(c.plan.imageTag, 0, 11))
                 return;
             emit(Severity::Warning,
                  "ENABLE_ORJSON is off (the default), so " + str(c.plan.peakProcesses()) +
                      " Redis-backed processes keep the slower standard JSON encoder; the newer scaling guide lists "
                      "ENABLE_ORJSON=True in the minimum set for scaled deployments (v0.11.0 and later).",
                  "Set ENABLE_ORJSON=true.", {change("/orjson", true)});
         }},
        {{"compression-middleware", "One compressor in front of Open WebUI", "scaling.md:152-162 (newer docs); env.py:744 (Open WebUI v0.11.0)"},
         [](const Context &c, Emitter &emit) {
             const auto &lb = c.plan.loadBalancer;
             if (lb.kind == LoadBalancerKind::None || !lb.compresses || !c.plan.compressionMiddleware)
                 return;
             emit(Severity::Info,
                  "The load balancer already compresses responses, yet Open WebUI's compression middleware compresses "
                  "them first: the Python processes spend CPU on work the proxy does anyway.",
                  "Set ENABLE_COMPRESSION_MIDDLEWARE=false and let the proxy compress.",
                  {change("/compression_middleware", false)});
         }},
        {{"upgrade-procedure", "Never two versions against one database", "multi-replica.mdx:274-293 (newer docs); multi-replica-troubleshooting.md § Updates and Migrations; openwebui-config.md §12 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (!c.plan.isPostgres())
                 return;
             const bool fleet = c.plan.peakReplicas() > 1;
             if (c.plan.upgradeStrategy == UpgradeStrategy::Rolling) {
                 if (fleet)
                     emit(Severity::Warning,
                          "Upgrades roll: new replicas start while old ones still serve from the same database, and "
                          "the new version migrates the schema under the old one. Old and new versions must never run "
                          "against one database; rolling updates are unsupported across schema changes.",
                          "Upgrade with the recreate strategy: stop the old fleet, let the one migrator finish, then "
                          "start the new version.",
                          {change("/upgrade_strategy", "recreate")});
                 // One replica still overlaps when the orchestrator starts its replacement first.
                 else if (c.budget.surge > 0 && c.plan.orchestrator != Orchestrator::Compose)
                     emit(Severity::Info,
                          "A rolling update starts the new version beside the old one (surge " + str(c.budget.surge) +
                              ") against one database; across a schema change the old one then runs on a schema it "
                              "does not know.",
                          "Use the recreate strategy for releases that change the schema (a short outage).",
                          {change("/upgrade_strategy", "recreate")});
                 return;
             }
             if (fleet)
                 emit(Severity::Info,
                      "Upgrades recreate the fleet, so old and new versions never share the database; the order "
                      "matters as much as the strategy.",
                      "Stop every old replica (scale to 0); " +
                          std::string(c.plan.migrations == MigrationMode::Job
                                          ? "run the migration job and wait for it to complete"
                                          : "start the migrating instance alone and wait until it is healthy") +
                          "; then start the new version on every replica.");
         }},
        {{"persistent-config", "Environment variables that only seed the database", "config.py:3186-3193 (Open WebUI v0.11.0: ENABLE_PERSISTENT_CONFIG)"},
         [](const Context &c, Emitter &emit) {
             if (!c.multiProcess || !c.plan.persistentConfig)
                 return;
             emit(Severity::Info,
                  "ENABLE_PERSISTENT_CONFIG is on (the default): PersistentConfig variables such as "
                  "CONTENT_EXTRACTION_ENGINE, RAG_EMBEDDING_ENGINE and WEBUI_URL only seed the database on the first "
                  "start; afterwards the Admin UI owns them, and changing them in a later bundle changes nothing on "
                  "the running installation.",
                  "Change those settings in the Admin UI after the first start, or set ENABLE_PERSISTENT_CONFIG=false "
                  "to make the environment win on every start (Admin UI changes are then lost at restart).");
         }},
    };
    return kRules;
}

} // namespace

const std::vector<RuleInfo> &ruleCatalogue()
{
    static const std::vector<RuleInfo> catalogue = [] {
        std::vector<RuleInfo> out;
        for (const auto &rule : rules())
            out.push_back(rule.info);
        return out;
    }();
    return catalogue;
}

Evaluation evaluate(const Plan &plan)
{
    Evaluation e;
    e.scenario = classify(plan);
    e.budget = connectionBudget(plan);
    e.redis = redisBudget(plan);
    const Context context{plan, e.budget, e.redis, e.scenario, plan.isMultiProcess()};
    for (const auto &rule : rules()) {
        Emitter emit(e.findings, rule.info);
        rule.check(context, emit);
    }
    std::stable_sort(e.findings.begin(), e.findings.end(),
                     [](const Finding &a, const Finding &b) { return a.severity > b.severity; });
    return e;
}

bool Evaluation::hasErrors() const
{
    return count(Severity::Error) > 0;
}

int Evaluation::count(Severity severity) const
{
    return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                          [severity](const Finding &f) { return f.severity == severity; }));
}

const Finding *Evaluation::find(std::string_view rule) const
{
    const auto it = std::find_if(findings.begin(), findings.end(), [rule](const Finding &f) { return f.rule == rule; });
    return it == findings.end() ? nullptr : &*it;
}

std::string_view toString(Severity v)
{
    switch (v) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    }
    return "?";
}

} // namespace planner
