// SPDX-License-Identifier: MIT
#include "planner/evaluate.h"

#include <algorithm>
#include <cstdio>
#include <functional>

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

std::string str(long long n)
{
    return std::to_string(n);
}

SettingChange set(std::string pointer, std::string json)
{
    return SettingChange{std::move(pointer), std::move(json)};
}

SettingChange setString(std::string pointer, std::string_view value)
{
    return SettingChange{std::move(pointer), "\"" + std::string(value) + "\""};
}

/** @brief A fix that raises max_connections, offered only where PostgreSQL can take the value. */
std::vector<SettingChange> raiseMaxConnections(long long value)
{
    if (value > kPostgresMaxConnectionsCeiling)
        return {};
    return {set("/database/max_connections", std::to_string(value))};
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

std::string decimal(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string processesText(const Plan &plan)
{
    return str(plan.peakReplicas()) + " replica(s) × " + str(plan.workers) + " worker(s)";
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
                      {setString("/secrets/key_mode", "generated")});
         }},
        {{"secret-key-reference", "An external secret key names its secret", "multi-replica-troubleshooting.md § Core Requirements Checklist 1"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.secrets.keyMode == SecretKeyMode::External && c.plan.secrets.externalSecretName.empty())
                 emit(Severity::Error, "The secret key comes from an existing secret, but no secret name is given.",
                      "Name the secret that holds WEBUI_SECRET_KEY, or let the planner generate the key.",
                      {setString("/secrets/key_mode", "generated")});
         }},
        {{"secret-key-persistence", "The secret key survives a container re-creation", "openwebui-config.md §1.2 and §3 (reference: the generated key file lives outside the data volume)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.peakReplicas() <= 1 && c.plan.secrets.keyMode == SecretKeyMode::Unset)
                 emit(Severity::Warning,
                      "WEBUI_SECRET_KEY is left to start.sh, which writes it to /app/backend/.webui_secret_key, "
                      "outside the data volume: every image update or re-creation makes a new key, logs everyone "
                      "out and breaks decryption of stored OAuth tokens.",
                      "Generate a key once and pass it to the container.",
                      {setString("/secrets/key_mode", "generated")});
         }},
        {{"external-database", "PostgreSQL for more than one process", "multi-replica-troubleshooting.md § Core Requirements Checklist 2; § Common Issues 4"},
         [](const Context &c, Emitter &emit) {
             if (c.multiProcess && c.plan.database.kind == DatabaseKind::Sqlite)
                 emit(Severity::Error,
                      "SQLite with " + processesText(c.plan) +
                          ": SQLite does not support concurrent writes from several processes (\"database is locked\", "
                          "data saved on one instance missing on another).",
                      "Use PostgreSQL (DATABASE_URL=postgresql://...). Open WebUI does not migrate existing SQLite data.",
                      {setString("/database/kind", "postgresql")});
         }},
        {{"postgres-recommended", "PostgreSQL recommended for a team", "scaling-open-webui.md § Quick Reference; § Step 1"},
         [](const Context &c, Emitter &emit) {
             if (!c.multiProcess && c.plan.database.kind == DatabaseKind::Sqlite && c.plan.expectedUsers > 1)
                 emit(Severity::Info,
                      "PostgreSQL is recommended for a team, and Open WebUI never moves SQLite data later: switching "
                      "now is cheaper than after production data exists.",
                      "Switch to PostgreSQL before the team's data grows.", {setString("/database/kind", "postgresql")});
         }},
        {{"sqlite-network-storage", "No SQLite on a network volume", "scaling-open-webui.md § Step 1; openwebui-config.md §7 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.database.kind == DatabaseKind::Sqlite && c.plan.storage.kind == StorageKind::SharedVolume)
                 emit(Severity::Error,
                      "webui.db would sit on a shared network volume: since 0.9 this gives QueuePool timeouts, WAL "
                      "deadlocks and corruption.",
                      "Use PostgreSQL and keep only uploads on the shared volume.",
                      {setString("/database/kind", "postgresql")});
         }},
        {{"redis-websockets", "Redis for websockets", "multi-replica-troubleshooting.md § Core Requirements Checklist 3; § Common Issues 2"},
         [](const Context &c, Emitter &emit) {
             if (!c.multiProcess)
                 return;
             if (!c.plan.hasRedis()) {
                 // Redis alone would leave the long-polling variant below firing; the fix turns both on.
                 std::vector<SettingChange> changes{setString("/redis/mode", "single")};
                 if (!c.plan.websocketSupport)
                     changes.push_back(set("/websocket_support", "true"));
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
                      "Set ENABLE_WEBSOCKET_SUPPORT=true with WEBSOCKET_MANAGER=redis.", {set("/websocket_support", "true")});
         }},
        {{"redis-config-sync", "REDIS_URL for configuration sync", "multi-replica-troubleshooting.md § Common Issues 3 (Model Not Found)"},
         [](const Context &c, Emitter &emit) {
             if (c.multiProcess && !c.plan.hasRedis())
                 emit(Severity::Error,
                      "Without REDIS_URL, a setting changed in the Admin UI stays on the process where it was made "
                      "(\"Model not found\", settings that come and go).",
                      "Set REDIS_URL to the shared Redis on every process.", {setString("/redis/mode", "single")});
         }},
        {{"redis-token-revocation", "Redis recommended for sign-out", "quick-reference-matrix.md (newer revision, footnote †)"},
         [](const Context &c, Emitter &emit) {
             if (!c.multiProcess && !c.plan.hasRedis() && c.plan.expectedUsers > 1)
                 emit(Severity::Info,
                      "Without Redis, signing out, changing a password or deactivating a user does not revoke tokens "
                      "until JWT_EXPIRES_IN (4 weeks) runs out.",
                      "Add a single Redis instance.", {setString("/redis/mode", "single")});
         }},
        {{"shared-storage", "Storage every replica sees", "multi-replica-troubleshooting.md § Core Requirements Checklist 4; § Common Issues 5"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.peakReplicas() > 1 && !isSharedStorage(c.plan.storage.kind))
                 emit(Severity::Error,
                      "Uploads go to a node-local (ReadWriteOnce) volume, but " + str(c.plan.peakReplicas()) +
                          " replicas each see only their own files: RAG uploads go missing, generated images break.",
                      "Mount one ReadWriteMany/NFS volume at /app/backend/data on every replica, or use S3, GCS or "
                      "Azure storage.",
                      {setString("/storage/kind", "shared-volume")});
         }},
        {{"storage-settings", "Cloud storage names its bucket", "scaling-open-webui.md § Step 4"},
         [](const Context &c, Emitter &emit) {
             if (isCloudStorage(c.plan.storage.kind) && c.plan.storage.bucket.empty())
                 emit(Severity::Error,
                      std::string("STORAGE_PROVIDER=") + std::string(toString(c.plan.storage.kind)) +
                          " needs a bucket (or Azure container) name.",
                      "Enter the bucket name on the storage step.");
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
                      {setString("/vector_db/kind", c.plan.isPostgres() ? "pgvector" : "chroma-http")});
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
                      {setString("/migrations", c.plan.workers > 1 ? "job" : "primary")});
             else if (c.plan.migrations == MigrationMode::Primary && c.plan.workers > 1)
                 emit(Severity::Error,
                      "The designated migration instance runs " + str(c.plan.workers) +
                          " workers, and every worker migrates at import: they race each other.",
                      "Run migrations as a one-shot job and set ENABLE_DB_MIGRATIONS=false on all app containers.",
                      {setString("/migrations", "job")});
         }},
        {{"connection-budget", "Connections fit max_connections", "multi-replica-troubleshooting.md § 8, Connection Pool Sizing; scaling-open-webui.md § Step 1"},
         [](const Context &c, Emitter &emit) {
             const auto &b = c.budget;
             if (!b.applicable || b.fits)
                 return;
             if (b.unbounded) {
                 std::vector<SettingChange> changes{set("/database/pool_size", "15"), set("/database/max_overflow", "20")};
                 // 15 + 20 may not fit either; then raise max_connections as the bounded case below does.
                 const long long needed = (15 + 20 + b.pgvectorPoolPerProcess) * b.processes + b.reservedConnections +
                                          b.otherClientConnections;
                 if (needed > b.maxConnections) {
                     const auto raise = raiseMaxConnections(needed);
                     changes.insert(changes.end(), raise.begin(), raise.end());
                 }
                 emit(Severity::Error,
                      "DATABASE_POOL_SIZE=0 turns pooling off (NullPool): every request may open a new connection, so "
                      "the total has no bound to check against max_connections.",
                      "Set a pool size, e.g. 15 with an overflow of 20, and size it with the budget.", std::move(changes));
                 return;
             }
             emit(Severity::Error,
                  "The pools can open " + str(b.totalConnections) + " connections (" + str(b.connectionsPerProcess) +
                      " per process × " + str(b.processes) + " processes), but only " + str(b.availableConnections) +
                      " of max_connections " + str(b.maxConnections) +
                      " are available: PostgreSQL refuses the rest (\"too many clients already\").",
                  "Lower the pool to at most " + str(b.largestSafePoolPerProcess) +
                      " (size + overflow) per process, raise max_connections to at least " +
                      str(b.smallestMaxConnections) + ", run at most " + str(b.mostReplicas) +
                      " replicas, or put PgBouncer in front of PostgreSQL.",
                  raiseMaxConnections(b.smallestMaxConnections));
         }},
        {{"connection-budget-peak", "Connections fit at the peak", "openwebui-config.md §7, Connection budget (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &b = c.budget;
             if (!b.applicable || !b.fits || b.worstCaseFits)
                 return;
             emit(Severity::Warning,
                  "In the worst case the processes can open " + str(b.worstCaseConnections) +
                      " connections (the async and sync engines" +
                      (b.pgvectorPoolPerProcess > 0 ? std::string(" and pgvector") : std::string()) +
                      ", at the rolling-update or autoscaling peak" +
                      (b.migrationJobConnections > 0 ? std::string(", plus the migration job") : std::string()) +
                      "), over the " + str(b.availableConnections) + " available.",
                  "Raise max_connections to " + str(b.smallestMaxConnectionsWorstCase) +
                      ", or keep size + overflow at most " + str(b.largestSafePoolPerProcessWorstCase) + " per process.",
                  raiseMaxConnections(b.smallestMaxConnectionsWorstCase));
         }},
        {{"pool-per-process", "Each pool well below max_connections", "multi-replica-troubleshooting.md § 8, Connection Pool Sizing"},
         [](const Context &c, Emitter &emit) {
             const auto &b = c.budget;
             if (!b.applicable || b.unbounded || b.availableConnections <= 0)
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
                      {set("/database/pool_size", "15"), set("/database/max_overflow", "20")});
         }},
        {{"pgvector-pool", "pgvector's own pool is counted", "openwebui-config.md §1.5 and §7 (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &v = c.plan.vectorDb;
             if (c.plan.isPostgres() && v.kind == VectorDb::Pgvector && v.pgvectorSameServer && !v.pgvectorPoolSize)
                 emit(Severity::Info,
                      "pgvector always opens its own engine; with PGVECTOR_POOL_SIZE unset that is another 5 + 10 "
                      "connections per process on the same server (counted in the budget).",
                      "Set PGVECTOR_POOL_SIZE to what vector search needs.", {set("/vector_db/pgvector_pool_size", "5")});
         }},
        {{"session-sharing", "Database session sharing", "multi-replica-troubleshooting.md § Core Requirements Checklist 6; § 8"},
         [](const Context &c, Emitter &emit) {
             if (c.multiProcess && c.plan.isPostgres() && !c.plan.database.sessionSharing)
                 emit(Severity::Info,
                      "DATABASE_ENABLE_SESSION_SHARING can improve performance under high concurrency on a "
                      "well-resourced PostgreSQL.",
                      "Consider DATABASE_ENABLE_SESSION_SHARING=true.", {set("/database/session_sharing", "true")});
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
                      {setString("/load_balancer/kind", "nginx")});
         }},
        {{"load-balancer-websocket", "The proxy forwards websocket upgrades", "multi-replica-troubleshooting.md § Common Issues 2; openwebui-config.md §13 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.loadBalancer.kind != LoadBalancerKind::None && c.plan.websocketSupport &&
                 !c.plan.loadBalancer.websocketUpgrade)
                 emit(Severity::Error,
                      "The load balancer does not forward Upgrade/Connection headers, but Open WebUI offers websocket "
                      "transport only: /ws/socket.io fails and chats hang.",
                      "Forward Upgrade and Connection on /ws/socket.io with HTTP/1.1 and a long read timeout.",
                      {set("/load_balancer/websocket_upgrade", "true")});
         }},
        {{"sticky-sessions", "Session affinity at the load balancer", "multi-replica-troubleshooting.md § Deployment Best Practices, Session Affinity"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.peakReplicas() > 1 && !c.plan.loadBalancer.stickySessions)
                 emit(Severity::Info,
                      "Session affinity is optional with Redis, but it reduces websocket jitter.",
                      "Enable cookie affinity at the load balancer or ingress.",
                      {set("/load_balancer/sticky_sessions", "true")});
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
                      "Set REDIS_SOCKET_CONNECT_TIMEOUT=5.", {set("/redis/socket_connect_timeout", "5")});
         }},
        {{"redis-server-timeout", "Redis closes idle clients", "scaling-open-webui.md § Step 2"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.hasRedis() && c.plan.redis.timeoutSeconds == 0)
                 emit(Severity::Warning,
                      "Redis `timeout 0` never closes idle connections; they pile up until \"max number of clients "
                      "reached\" and every login fails.",
                      "Set `timeout 1800` on the Redis server.", {set("/redis/timeout", "1800")});
         }},
        {{"redis-maxclients", "Redis maxclients high enough", "scaling-open-webui.md § Step 2"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.hasRedis() && c.plan.redis.maxClients < 10000)
                 emit(Severity::Warning,
                      "Redis maxclients is " + str(c.plan.redis.maxClients) +
                          "; the docs ask for 10000 or more (some distributions ship 1000).",
                      "Set `maxclients 10000` on the Redis server.", {set("/redis/maxclients", "10000")});
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
                      {set("/redis/maxclients", str(std::max<long long>(r.totalClients, 10000)))});
         }},
        {{"redis-eviction-policy", "Redis never evicts Open WebUI's keys", "openwebui-config.md §6 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.hasRedis() && c.plan.redis.maxmemoryPolicy.rfind("allkeys-", 0) == 0)
                 emit(Severity::Warning,
                      "maxmemory-policy " + c.plan.redis.maxmemoryPolicy +
                          " can evict token-revocation keys and websocket pools, silently un-revoking tokens.",
                      "Use noeviction (or volatile-ttl / volatile-lru if a cap is unavoidable).",
                      {setString("/redis/maxmemory_policy", "noeviction")});
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
        {{"one-worker-per-container", "One worker per container under an orchestrator", "scaling-open-webui.md § Step 3, Option A"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.orchestrator != Orchestrator::Compose && c.plan.workers > 1)
                 emit(Severity::Warning,
                      str(c.plan.workers) + " Uvicorn workers per container under " +
                          std::string(toString(c.plan.orchestrator)) +
                          ": let the orchestrator scale replicas instead (restarts, rolling updates, resource control).",
                      "Set UVICORN_WORKERS=1 and raise the replica count.", {set("/workers", "1")});
         }},
        {{"thread-pool-size", "THREAD_POOL_SIZE for real servers", "quick-reference-matrix.md (newer revision); openwebui-config.md §1.1 (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &t = c.plan.threadPoolSize;
             if (t && *t < 40)
                 emit(Severity::Warning, "THREAD_POOL_SIZE " + str(*t) + " is below AnyIO's default of 40.",
                      "Never set it below 40; use 2000 on a real server.", {set("/thread_pool_size", "2000")});
             else if (atScale(c) && (!t || *t < 2000))
                 emit(Severity::Warning,
                      "THREAD_POOL_SIZE is " + (t ? str(*t) : std::string("unset (AnyIO's 40)")) +
                          ": at scale, blocking operations queue behind 40 threads.",
                      "Set THREAD_POOL_SIZE=2000.", {set("/thread_pool_size", "2000")});
         }},
        {{"user-active-status-interval", "Throttle last-active writes", "quick-reference-matrix.md (newer revision); openwebui-config.md §1.1 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.userActiveStatusUpdateIntervalSeconds || c.plan.expectedUsers <= 1)
                 return;
             emit(atScale(c) ? Severity::Warning : Severity::Info,
                  "DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL is unset: every authenticated request writes "
                  "last_active_at (an UPDATE and COMMIT per request).",
                  "Set DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL=300.",
                  {set("/user_active_status_update_interval", "300")});
         }},
        {{"pip-install-frontmatter", "No runtime pip installs with several processes", "openwebui-config.md §1.1 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.multiProcess && c.plan.pipInstallFrontmatter)
                 emit(Severity::Warning,
                      "Tools and functions pip-install their requirements at run time; with several processes the "
                      "pip lock makes them crash.",
                      "Set ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS=false and bake the packages into the image.",
                      {set("/pip_install_frontmatter", "false")});
         }},
        {{"external-content-extraction", "External content extraction", "quick-reference-matrix.md (newer revision)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.contentExtraction != ContentExtraction::Builtin || c.plan.expectedUsers <= 1)
                 return;
             emit(c.multiProcess ? Severity::Warning : Severity::Info,
                  "Documents are extracted by the built-in pypdf, which leaks memory in every process.",
                  "Run Apache Tika or Docling and set CONTENT_EXTRACTION_ENGINE.",
                  {setString("/content_extraction", "tika")});
         }},
        {{"external-embeddings", "External embeddings", "quick-reference-matrix.md (newer revision)"},
         [](const Context &c, Emitter &emit) {
             if (c.multiProcess && c.plan.embeddings == EmbeddingEngine::Local)
                 emit(Severity::Warning,
                      "The local embedding model loads in every one of the " + str(c.plan.peakProcesses()) +
                          " processes (about 500 MB each, " + str(c.plan.peakProcesses() * 500) + " MB in all).",
                      "Use an embedding API (RAG_EMBEDDING_ENGINE=openai or ollama).",
                      {setString("/embeddings", "openai")});
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
                      {set("/otel/traces", "true"), set("/otel/metrics", "true")});
         }},
        {{"otel-protocol-port", "The OTLP protocol matches the port", "openwebui-config.md §10 and §14 item 8 (reference)"},
         [](const Context &c, Emitter &emit) {
             const auto &o = c.plan.otel;
             if (!o.enabled)
                 return;
             if (o.protocol == OtelProtocol::Grpc && o.endpoint.find(":4318") != std::string::npos)
                 emit(Severity::Warning, "The endpoint is the OTLP/HTTP port 4318, but the exporter speaks gRPC.",
                      "Set OTEL_OTLP_SPAN_EXPORTER=http, or use port 4317.", {setString("/otel/protocol", "http")});
             else if (o.protocol == OtelProtocol::Http && o.endpoint.find(":4317") != std::string::npos)
                 emit(Severity::Warning, "The endpoint is the OTLP/gRPC port 4317, but the exporter speaks HTTP.",
                      "Use the gRPC exporter, or port 4318.", {setString("/otel/protocol", "grpc")});
         }},
        {{"image-tag-pinned", "A pinned image version in production", "openwebui-config.md §2 and §12 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (isRollingTag(c.plan.imageTag) && (c.multiProcess || c.plan.expectedUsers >= 50))
                 emit(Severity::Warning,
                      "Image tag \"" + c.plan.imageTag +
                          "\" moves with every push: replicas pulled at different times run different versions "
                          "against one database.",
                      "Pin a release, e.g. 0.11.0.", {setString("/image_tag", "0.11.0")});
         }},
        {{"autoscaling-orchestrator", "Autoscaling needs an autoscaler", "openwebui-config.md §5 (reference: HPA)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.autoscaling.enabled && c.plan.orchestrator != Orchestrator::Kubernetes)
                 emit(Severity::Warning,
                      std::string(toString(c.plan.orchestrator)) +
                          " has no autoscaler: the autoscaling maximum is only counted in the budget.",
                      "Autoscale on Kubernetes (HorizontalPodAutoscaler), or size replicas for the peak.");
         }},
        {{"upgrade-procedure", "Never two versions against one database", "multi-replica-troubleshooting.md § Updates and Migrations; openwebui-config.md §12 (reference)"},
         [](const Context &c, Emitter &emit) {
             if (c.plan.peakReplicas() > 1 && c.plan.isPostgres())
                 emit(Severity::Info,
                      "Rolling updates across schema-changing releases are unsupported: old and new replicas would "
                      "share one database.",
                      "Upgrade by stopping all replicas, letting the one migrator finish, then starting the fleet (or "
                      "scale to 1, upgrade, wait for health, scale up).");
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
