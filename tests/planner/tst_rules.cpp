// SPDX-License-Identifier: MIT
// Every rule of the catalogue, firing and not firing, and the promises findings make:
// order, wording, sources, and fixes that clear their own finding.
#include "../common/testplans.h"
#include "planner/evaluate.h"
#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <QRegularExpression>
#include <QtTest>

#include <map>
#include <optional>
#include <set>

using namespace planner;

using testplans::from;

namespace {

using Expected = std::optional<Severity>;

const Expected quiet = std::nullopt;

struct RuleCase {
    const char *rule;
    const char *name;
    Plan plan;
    Expected expected; ///< the severity when the rule fires, or quiet
    const char *mentions = ""; ///< a phrase of the message that tells the variant apart
};

Plan single()
{
    return Plan{};
}

/**
 * @brief Three replicas with everything the docs ask for, so a rule that fires on
 * a variant of it fires for the one setting the variant changes.
 */
Plan fleet()
{
    Plan p;
    p.name = "fleet";
    p.expectedUsers = 300;
    p.orchestrator = Orchestrator::Kubernetes;
    p.replicas = 3;
    p.workers = 1;
    p.imageTag = "0.11.0";
    p.threadPoolSize = 2000;
    p.userActiveStatusUpdateIntervalSeconds = 300;
    p.pipInstallFrontmatter = false;
    p.contentExtraction = ContentExtraction::Tika;
    p.embeddings = EmbeddingEngine::OpenAI;
    p.embeddingModel = "text-embedding-3-small";
    p.orjson = true;
    p.corsAllowOrigins = {"https://chat.example.org"};
    p.migrations = MigrationMode::Primary;
    p.upgradeStrategy = UpgradeStrategy::Recreate;
    p.database.kind = DatabaseKind::Postgres;
    p.database.poolSize = 5;
    p.database.maxOverflow = 5;
    p.database.sessionSharing = true;
    p.redis.mode = RedisMode::Single;
    p.redis.timeoutSeconds = 1800;
    p.vectorDb.kind = VectorDb::Qdrant;
    p.vectorDb.url = "http://qdrant:6333";
    p.storage.kind = StorageKind::S3;
    p.storage.bucket = "owui-uploads";
    p.storage.region = "eu-west-1";
    p.secrets.keyMode = SecretKeyMode::Generated;
    p.loadBalancer.kind = LoadBalancerKind::Ingress;
    p.loadBalancer.stickySessions = true;
    p.loadBalancer.publicUrl = "https://chat.example.org";
    return p;
}

/** @brief multi-replica-troubleshooting.md § Connection Pool Sizing: 15 + 20, 3 replicas × 2 workers, max 100. */
Plan seedBudget()
{
    Plan p;
    p.name = "seed budget example";
    p.database.kind = DatabaseKind::Postgres;
    p.replicas = 3;
    p.workers = 2;
    p.database.poolSize = 15;
    p.database.maxOverflow = 20;
    return p;
}

Plan singlePostgres()
{
    return from(single(), [](Plan &p) { p.database.kind = DatabaseKind::Postgres; });
}

Plan largeSingle()
{
    return from(single(), [](Plan &p) { p.expectedUsers = 1000; });
}

Plan sentinel()
{
    return from(fleet(), [](Plan &p) {
        p.redis.mode = RedisMode::Sentinel;
        p.redis.sentinelHosts = {"sentinel-0", "sentinel-1", "sentinel-2"};
        p.redis.socketConnectTimeoutSeconds = 5;
    });
}

Plan otel(OtelProtocol protocol, const char *endpoint)
{
    return from(single(), [&](Plan &p) {
        p.otel.enabled = true;
        p.otel.traces = true;
        p.otel.protocol = protocol;
        p.otel.endpoint = endpoint;
    });
}

const std::vector<RuleCase> &ruleCases()
{
    using S = Severity;
    static const std::vector<RuleCase> cases = {
        {"shared-secret-key", "no key, 3 replicas", from(fleet(), [](Plan &p) { p.secrets.keyMode = SecretKeyMode::Unset; }), S::Error},
        {"shared-secret-key", "no key, autoscaling to 4", from(fleet(), [](Plan &p) {
             p.replicas = 1;
             p.autoscaling = {true, 1, 4};
             p.secrets.keyMode = SecretKeyMode::Unset;
         }), S::Error},
        {"shared-secret-key", "generated key, 3 replicas", fleet(), quiet},
        {"shared-secret-key", "external key, 3 replicas", from(fleet(), [](Plan &p) {
             p.secrets.keyMode = SecretKeyMode::External;
             p.secrets.externalSecretName = "owui-secret";
         }), quiet},
        // start.sh writes one key per container, which all its workers read.
        {"shared-secret-key", "no key, 1 replica × 4 workers", from(fleet(), [](Plan &p) {
             p.replicas = 1;
             p.workers = 4;
             p.secrets.keyMode = SecretKeyMode::Unset;
         }), quiet},

        {"secret-key-reference", "external without a name", from(single(), [](Plan &p) { p.secrets.keyMode = SecretKeyMode::External; }), S::Error},
        {"secret-key-reference", "external with a name", from(single(), [](Plan &p) {
             p.secrets.keyMode = SecretKeyMode::External;
             p.secrets.externalSecretName = "owui-secret";
         }), quiet},

        {"secret-key-persistence", "default plan", single(), S::Warning, "outside the data volume"},
        {"secret-key-persistence", "generated key", from(single(), [](Plan &p) { p.secrets.keyMode = SecretKeyMode::Generated; }), quiet},
        // Several replicas get the shared-secret-key error instead.
        {"secret-key-persistence", "no key, 3 replicas", from(fleet(), [](Plan &p) { p.secrets.keyMode = SecretKeyMode::Unset; }), quiet},

        {"external-database", "SQLite, 3 replicas", from(fleet(), [](Plan &p) { p.database.kind = DatabaseKind::Sqlite; }), S::Error},
        {"external-database", "SQLite, 1 replica × 2 workers", from(single(), [](Plan &p) { p.workers = 2; }), S::Error, "2 workers"},
        {"external-database", "PostgreSQL, 3 replicas", fleet(), quiet},
        {"external-database", "SQLite, one process", single(), quiet},

        {"postgres-recommended", "SQLite, 10 users", from(single(), [](Plan &p) { p.expectedUsers = 10; }), S::Info},
        {"postgres-recommended", "PostgreSQL, 10 users", from(singlePostgres(), [](Plan &p) { p.expectedUsers = 10; }), quiet},
        {"postgres-recommended", "SQLite, 1 user", single(), quiet},

        {"sqlite-network-storage", "SQLite on a shared volume", from(single(), [](Plan &p) {
             p.storage.kind = StorageKind::SharedVolume;
         }), S::Error},
        {"sqlite-network-storage", "PostgreSQL, uploads on a shared volume", from(singlePostgres(), [](Plan &p) {
             p.storage.kind = StorageKind::SharedVolume;
         }), quiet},
        {"sqlite-network-storage", "SQLite on a local volume", single(), quiet},

        {"redis-websockets", "no Redis, 3 replicas", from(fleet(), [](Plan &p) { p.redis.mode = RedisMode::None; }), S::Error, "No Redis"},
        {"redis-websockets", "websocket support off", from(fleet(), [](Plan &p) {
             p.websocketSupport = false;
         }), S::Error, "ENABLE_WEBSOCKET_SUPPORT is off"},
        {"redis-websockets", "Redis and websockets", fleet(), quiet},
        {"redis-websockets", "no Redis, websocket support off, one process", from(single(), [](Plan &p) { p.websocketSupport = false; }), quiet},

        // v0.11 has no config pub/sub: the message names what REDIS_URL does carry.
        {"redis-config-sync", "no Redis, 3 replicas", from(fleet(), [](Plan &p) { p.redis.mode = RedisMode::None; }), S::Error,
         "app state, models cache, locks, rate limits, token revocation and task stop"},
        {"redis-config-sync", "no Redis, 1 replica × 2 workers", from(single(), [](Plan &p) { p.workers = 2; }), S::Error},
        {"redis-config-sync", "Redis, 3 replicas", fleet(), quiet},
        {"redis-config-sync", "no Redis, one process", single(), quiet},

        {"redis-token-revocation", "no Redis, 10 users", from(single(), [](Plan &p) { p.expectedUsers = 10; }), S::Info},
        {"redis-token-revocation", "Redis, 10 users", from(single(), [](Plan &p) {
             p.expectedUsers = 10;
             p.redis.mode = RedisMode::Single;
         }), quiet},
        {"redis-token-revocation", "no Redis, 1 user", single(), quiet},

        {"shared-storage", "local volume, 3 replicas", from(fleet(), [](Plan &p) { p.storage.kind = StorageKind::LocalVolume; }), S::Error},
        {"shared-storage", "shared volume, 3 replicas", from(fleet(), [](Plan &p) { p.storage.kind = StorageKind::SharedVolume; }), quiet},
        {"shared-storage", "S3, 3 replicas", fleet(), quiet},
        // Workers of one container share its volume.
        {"shared-storage", "local volume, 1 replica × 4 workers", from(fleet(), [](Plan &p) {
             p.replicas = 1;
             p.workers = 4;
             p.storage.kind = StorageKind::LocalVolume;
         }), quiet},

        {"storage-settings", "S3 without a bucket", from(fleet(), [](Plan &p) { p.storage.bucket.clear(); }), S::Error},
        {"storage-settings", "Azure without a container", from(fleet(), [](Plan &p) {
             p.storage.kind = StorageKind::Azure;
             p.storage.bucket.clear();
         }), S::Error, "azure"},
        {"storage-settings", "GCS without a bucket", from(fleet(), [](Plan &p) {
             p.storage.kind = StorageKind::Gcs;
             p.storage.bucket.clear();
         }), S::Error, "dies at start"},
        {"storage-settings", "S3 with a bucket", fleet(), quiet},
        {"storage-settings", "GCS with a bucket", from(fleet(), [](Plan &p) { p.storage.kind = StorageKind::Gcs; }), quiet},

        // The chart renders S3_ENDPOINT_URL even when empty; the bundles derive it from the region.
        {"storage-endpoint", "S3 without region or endpoint", from(fleet(), [](Plan &p) { p.storage.region.clear(); }),
         S::Error, "Invalid endpoint"},
        {"storage-endpoint", "S3 with a region", fleet(), quiet},
        {"storage-endpoint", "S3 (MinIO) with an endpoint only", from(fleet(), [](Plan &p) {
             p.storage.region.clear();
             p.storage.endpoint = "http://minio:9000";
         }), quiet},
        {"storage-endpoint", "Azure without an endpoint", from(fleet(), [](Plan &p) {
             p.storage.kind = StorageKind::Azure;
             p.storage.bucket = "uploads";
         }), S::Error, "AZURE_STORAGE_ENDPOINT"},
        {"storage-endpoint", "Azure with an endpoint", from(fleet(), [](Plan &p) {
             p.storage.kind = StorageKind::Azure;
             p.storage.bucket = "uploads";
             p.storage.endpoint = "https://owui.blob.core.windows.net";
         }), quiet},
        // GCS has no endpoint to set: the client knows where Google is.
        {"storage-endpoint", "GCS without region or endpoint", from(fleet(), [](Plan &p) {
             p.storage.kind = StorageKind::Gcs;
             p.storage.region.clear();
         }), quiet},
        {"storage-endpoint", "shared volume", from(fleet(), [](Plan &p) {
             p.storage.kind = StorageKind::SharedVolume;
             p.storage.region.clear();
         }), quiet},
        {"storage-settings", "shared volume needs no bucket", from(fleet(), [](Plan &p) {
             p.storage.kind = StorageKind::SharedVolume;
             p.storage.bucket.clear();
         }), quiet},

        {"external-vector-db", "local Chroma, 3 replicas", from(fleet(), [](Plan &p) { p.vectorDb.kind = VectorDb::Chroma; }), S::Error, "ChromaDB"},
        {"external-vector-db", "Milvus Lite, 1 replica × 2 workers", from(fleet(), [](Plan &p) {
             p.replicas = 1;
             p.workers = 2;
             p.vectorDb.kind = VectorDb::MilvusLite;
         }), S::Error, "Milvus Lite"},
        {"external-vector-db", "Chroma over HTTP, 3 replicas", from(fleet(), [](Plan &p) { p.vectorDb.kind = VectorDb::ChromaHttp; }), quiet},
        {"external-vector-db", "Qdrant, 3 replicas", fleet(), quiet},
        {"external-vector-db", "local Chroma, one process", single(), quiet},

        {"single-migrator", "every instance migrates", from(fleet(), [](Plan &p) {
             p.migrations = MigrationMode::EveryInstance;
         }), S::Error, "every one of the 3"},
        {"single-migrator", "primary with 2 workers", from(fleet(), [](Plan &p) { p.workers = 2; }), S::Error, "2 workers"},
        {"single-migrator", "primary with 1 worker", fleet(), quiet},
        {"single-migrator", "every instance, autoscaling 1 to 4", from(fleet(), [](Plan &p) {
             p.replicas = 1;
             p.autoscaling = {true, 1, 4};
             p.migrations = MigrationMode::EveryInstance;
         }), S::Error, "every one of the 4 processes"},
        {"single-migrator", "job with 2 workers", from(fleet(), [](Plan &p) {
             p.workers = 2;
             p.migrations = MigrationMode::Job;
         }), quiet},
        {"single-migrator", "every instance, one process", single(), quiet},

        {"no-connections-available", "other clients take all 97", from(fleet(), [](Plan &p) {
             p.database.otherClientConnections = 97;
         }), S::Error, "leaves 0 connections"},
        {"no-connections-available", "other clients take more than all", from(fleet(), [](Plan &p) {
             p.database.otherClientConnections = 500;
         }), S::Error, "leaves -403"},
        {"no-connections-available", "NullPool and nothing left", from(fleet(), [](Plan &p) {
             p.database.poolSize = 0;
             p.database.otherClientConnections = 97;
         }), S::Error, "no process can connect"},
        {"no-connections-available", "one connection left", from(fleet(), [](Plan &p) { p.database.otherClientConnections = 96; }), quiet},
        {"no-connections-available", "SQLite", from(single(), [](Plan &p) { p.database.otherClientConnections = 100000; }), quiet},

        {"null-pool", "pool size 0", from(fleet(), [](Plan &p) { p.database.poolSize = 0; }), S::Error, "NullPool"},
        // Open WebUI treats a negative size as 0; importers may hand such a plan over.
        {"null-pool", "pool size -3", from(fleet(), [](Plan &p) { p.database.poolSize = -3; }), S::Error, "DATABASE_POOL_SIZE=-3"},
        {"null-pool", "pool size 1", from(fleet(), [](Plan &p) { p.database.poolSize = 1; }), quiet},
        {"null-pool", "pool size unset", from(fleet(), [](Plan &p) { p.database.poolSize.reset(); }), quiet},
        {"null-pool", "SQLite with pool size 0", from(single(), [](Plan &p) { p.database.poolSize = 0; }), quiet},

        {"pgvector-null-pool", "PGVECTOR_POOL_SIZE 0", from(fleet(), [](Plan &p) {
             p.vectorDb.kind = VectorDb::Pgvector;
             p.vectorDb.pgvectorPoolSize = 0;
         }), S::Error, "pgvector's own pool off"},
        {"pgvector-null-pool", "PGVECTOR_POOL_SIZE 0 on another server", from(fleet(), [](Plan &p) {
             p.vectorDb.kind = VectorDb::Pgvector;
             p.vectorDb.pgvectorPoolSize = 0;
             p.vectorDb.pgvectorSameServer = false;
         }), quiet},
        {"pgvector-null-pool", "PGVECTOR_POOL_SIZE 5", from(fleet(), [](Plan &p) {
             p.vectorDb.kind = VectorDb::Pgvector;
             p.vectorDb.pgvectorPoolSize = 5;
         }), quiet},

        // NullPool, and a server with nothing left, have rules of their own.
        {"connection-budget", "pool size 0 is left to null-pool", from(fleet(), [](Plan &p) { p.database.poolSize = 0; }), quiet},
        {"connection-budget", "nothing available is left to no-connections-available", from(fleet(), [](Plan &p) {
             p.database.otherClientConnections = 97;
         }), quiet},
        {"connection-budget", "seed example: 210 over 97", seedBudget(), S::Error, "210 connections"},
        {"connection-budget", "other clients take the room", from(fleet(), [](Plan &p) {
             p.database.otherClientConnections = 70;
         }), S::Error, "only 27"},
        {"connection-budget", "pool size 5 is bounded", fleet(), quiet},
        {"connection-budget", "seed example with max_connections 213", from(seedBudget(), [](Plan &p) { p.database.maxConnections = 213; }), quiet},
        {"connection-budget", "other clients leave exactly enough", from(fleet(), [](Plan &p) { p.database.otherClientConnections = 67; }), quiet},
        {"connection-budget", "SQLite has no budget", from(seedBudget(), [](Plan &p) { p.database.kind = DatabaseKind::Sqlite; }), quiet},

        // Steady 20 × 3 = 60 fits 97; async + sync at 3 + 1 surge is 40 × 4 = 160.
        {"connection-budget-peak", "rolling update over", from(fleet(), [](Plan &p) {
             p.database.poolSize = p.database.maxOverflow = 10;
             p.upgradeStrategy = UpgradeStrategy::Rolling;
         }), S::Warning, "160"},
        // Recreate has no surge: 40 × 3 = 120.
        {"connection-budget-peak", "recreate, peak over", from(fleet(), [](Plan &p) {
             p.database.poolSize = p.database.maxOverflow = 10;
         }), S::Warning, "120"},
        {"connection-budget-peak", "rolling update fits", from(fleet(), [](Plan &p) {
             p.database.poolSize = p.database.maxOverflow = 10;
             p.database.maxConnections = 163;
             p.upgradeStrategy = UpgradeStrategy::Rolling;
         }), quiet},
        {"connection-budget-peak", "recreate fits where rolling would not", from(fleet(), [](Plan &p) {
             p.database.poolSize = p.database.maxOverflow = 10;
             p.database.maxConnections = 123;
         }), quiet},
        {"connection-budget-peak", "steady state already over", seedBudget(), quiet},
        {"connection-budget-peak", "NullPool has no peak to compare", from(fleet(), [](Plan &p) { p.database.poolSize = 0; }), quiet},

        // 80 % of the 97 available is 77.6.
        {"pool-per-process", "pool of 78", from(singlePostgres(), [](Plan &p) { p.database.poolSize = 78; }), S::Warning},
        {"pool-per-process", "pool of 77", from(singlePostgres(), [](Plan &p) { p.database.poolSize = 77; }), quiet},

        {"pool-settings", "pool size unset", singlePostgres(), S::Info},
        {"pool-settings", "pool size set", from(singlePostgres(), [](Plan &p) {
             p.database.poolSize = 15;
             p.database.maxOverflow = 20;
         }), quiet},
        {"pool-settings", "SQLite", single(), quiet},

        {"pgvector-pool", "pgvector pool unset", from(fleet(), [](Plan &p) { p.vectorDb.kind = VectorDb::Pgvector; }), S::Info},
        {"pgvector-pool", "pgvector pool set", from(fleet(), [](Plan &p) {
             p.vectorDb.kind = VectorDb::Pgvector;
             p.vectorDb.pgvectorPoolSize = 5;
         }), quiet},
        {"pgvector-pool", "pgvector on another server", from(fleet(), [](Plan &p) {
             p.vectorDb.kind = VectorDb::Pgvector;
             p.vectorDb.pgvectorSameServer = false;
         }), quiet},

        {"session-sharing", "off, 3 replicas", from(fleet(), [](Plan &p) { p.database.sessionSharing = false; }), S::Info},
        {"session-sharing", "on, 3 replicas", fleet(), quiet},
        {"session-sharing", "off, one process", from(singlePostgres(), [](Plan &p) { p.database.sessionSharing = false; }), quiet},

        {"cors-origins", "entry without a scheme", from(fleet(), [](Plan &p) {
             p.corsAllowOrigins = {"chat.example.org"};
         }), S::Error, "is not an http(s) URL"},
        {"cors-origins", "entry without a host", from(fleet(), [](Plan &p) {
             p.corsAllowOrigins = {"https://chat.example.org", "https://"};
         }), S::Error, "is not an http(s) URL"},
        {"cors-origins", "public URL missing", from(fleet(), [](Plan &p) {
             p.corsAllowOrigins = {"https://other.example.org"};
         }), S::Error, "not in CORS_ALLOW_ORIGIN"},
        {"cors-origins", "'*' at scale", from(fleet(), [](Plan &p) { p.corsAllowOrigins.clear(); }), S::Warning, "'*'"},
        {"cors-origins", "'*' at 1000 users, one process", from(largeSingle(), [](Plan &p) { p.corsAllowOrigins.clear(); }), S::Warning, "'*'"},
        {"cors-origins", "public origin listed", fleet(), quiet},
        {"cors-origins", "public URL with a path, origin listed", from(fleet(), [](Plan &p) {
             p.loadBalancer.publicUrl = "https://chat.example.org/webui";
         }), quiet},
        {"cors-origins", "'*' for one user", single(), quiet},
        // Open WebUI accepts a written-out '*': a warning at scale, never a start-up error.
        {"cors-origins", "written-out '*' at scale", from(fleet(), [](Plan &p) { p.corsAllowOrigins = {"*"}; }), S::Warning, "'*'"},

        {"load-balancer", "3 Compose replicas, no balancer", from(fleet(), [](Plan &p) {
             p.orchestrator = Orchestrator::Compose;
             p.loadBalancer.kind = LoadBalancerKind::None;
         }), S::Error},
        {"load-balancer", "3 Compose replicas behind nginx", from(fleet(), [](Plan &p) {
             p.orchestrator = Orchestrator::Compose;
             p.loadBalancer.kind = LoadBalancerKind::Nginx;
         }), quiet},
        {"load-balancer", "1 Compose replica, no balancer", from(fleet(), [](Plan &p) {
             p.orchestrator = Orchestrator::Compose;
             p.replicas = 1;
             p.loadBalancer.kind = LoadBalancerKind::None;
         }), quiet},

        {"load-balancer-websocket", "no upgrade headers", from(fleet(), [](Plan &p) { p.loadBalancer.websocketUpgrade = false; }), S::Error},
        {"load-balancer-websocket", "upgrade headers forwarded", fleet(), quiet},
        {"load-balancer-websocket", "no upgrade headers, long-polling only", from(fleet(), [](Plan &p) {
             p.loadBalancer.websocketUpgrade = false;
             p.websocketSupport = false;
         }), quiet},

        {"sticky-sessions", "no affinity, 3 replicas", from(fleet(), [](Plan &p) { p.loadBalancer.stickySessions = false; }), S::Info},
        {"sticky-sessions", "affinity, 3 replicas", fleet(), quiet},
        {"sticky-sessions", "no affinity, one replica", single(), quiet},

        {"redis-sentinel-hosts", "no sentinels", from(sentinel(), [](Plan &p) { p.redis.sentinelHosts.clear(); }), S::Error},
        {"redis-sentinel-hosts", "three sentinels", sentinel(), quiet},

        {"redis-sentinel-connect-timeout", "timeout unset", from(sentinel(), [](Plan &p) {
             p.redis.socketConnectTimeoutSeconds.reset();
         }), S::Warning},
        {"redis-sentinel-connect-timeout", "timeout 30 s", from(sentinel(), [](Plan &p) { p.redis.socketConnectTimeoutSeconds = 30; }), S::Warning, "is 30 s"},
        {"redis-sentinel-connect-timeout", "timeout 5 s", sentinel(), quiet},
        {"redis-sentinel-connect-timeout", "single Redis, timeout unset", fleet(), quiet},

        {"redis-server-timeout", "timeout 0", from(fleet(), [](Plan &p) { p.redis.timeoutSeconds = 0; }), S::Warning},
        {"redis-server-timeout", "timeout 1800", fleet(), quiet},

        {"redis-maxclients", "maxclients 1000", from(fleet(), [](Plan &p) { p.redis.maxClients = 1000; }), S::Warning, "1000"},
        {"redis-maxclients", "maxclients 10000", fleet(), quiet},

        // 3 replicas (recreate: no surge) × 8 clients = 24, plus the other clients.
        {"redis-client-budget", "one client over", from(fleet(), [](Plan &p) { p.redis.otherClients = 9977; }), S::Error, "10001"},
        {"redis-client-budget", "exactly maxclients", from(fleet(), [](Plan &p) { p.redis.otherClients = 9976; }), quiet},
        // (3 replicas + 1 surge) × (5 named + StarSessions + 3 allowance) = 36.
        {"redis-client-budget", "rolling with StarSessions, one over", from(fleet(), [](Plan &p) {
             p.upgradeStrategy = UpgradeStrategy::Rolling;
             p.redis.starSessions = true;
             p.redis.otherClients = 9965;
         }), S::Error, "9 per process × 4 processes"},

        {"redis-eviction-policy", "allkeys-lru", from(fleet(), [](Plan &p) { p.redis.maxmemoryPolicy = "allkeys-lru"; }), S::Warning},
        {"redis-eviction-policy", "volatile-lru", from(fleet(), [](Plan &p) { p.redis.maxmemoryPolicy = "volatile-lru"; }), quiet},

        {"redis-key-prefix", "shared Redis, default prefix", from(fleet(), [](Plan &p) { p.redis.sharedWithOtherInstallations = true; }), S::Warning},
        {"redis-key-prefix", "shared Redis, own prefix", from(fleet(), [](Plan &p) {
             p.redis.sharedWithOtherInstallations = true;
             p.redis.keyPrefix = "team-a";
         }), quiet},

        {"redis-cluster", "cluster", from(fleet(), [](Plan &p) { p.redis.mode = RedisMode::Cluster; }), S::Info},
        {"redis-cluster", "single instance", fleet(), quiet},

        {"one-worker-per-container", "2 workers on Kubernetes", from(fleet(), [](Plan &p) {
             p.workers = 2;
             p.migrations = MigrationMode::Job;
         }), S::Warning},
        {"one-worker-per-container", "2 workers on Compose", from(fleet(), [](Plan &p) {
             p.orchestrator = Orchestrator::Compose;
             p.workers = 2;
             p.migrations = MigrationMode::Job;
         }), quiet},

        {"thread-pool-size", "20, one process", from(single(), [](Plan &p) { p.threadPoolSize = 20; }), S::Warning, "below"},
        {"thread-pool-size", "unset at scale", from(fleet(), [](Plan &p) { p.threadPoolSize.reset(); }), S::Warning, "at scale"},
        {"thread-pool-size", "unset at 1000 users, one process", largeSingle(), S::Warning, "at scale"},
        {"thread-pool-size", "100 at scale", from(fleet(), [](Plan &p) { p.threadPoolSize = 100; }), S::Warning, "at scale"},
        {"thread-pool-size", "40, one process", from(single(), [](Plan &p) { p.threadPoolSize = 40; }), quiet},
        {"thread-pool-size", "unset, one process", single(), quiet},
        {"thread-pool-size", "2000 at scale", fleet(), quiet},

        {"user-active-status-interval", "unset at scale", from(fleet(), [](Plan &p) {
             p.userActiveStatusUpdateIntervalSeconds.reset();
         }), S::Warning},
        {"user-active-status-interval", "unset, 10 users", from(single(), [](Plan &p) { p.expectedUsers = 10; }), S::Info},
        {"user-active-status-interval", "300 at scale", fleet(), quiet},
        {"user-active-status-interval", "unset, 1 user", single(), quiet},

        {"pip-install-frontmatter", "on, 3 replicas", from(fleet(), [](Plan &p) { p.pipInstallFrontmatter = true; }), S::Warning},
        {"pip-install-frontmatter", "off, 3 replicas", fleet(), quiet},
        {"pip-install-frontmatter", "on, one process", single(), quiet},

        {"external-content-extraction", "pypdf, 3 replicas", from(fleet(), [](Plan &p) {
             p.contentExtraction = ContentExtraction::Builtin;
         }), S::Warning},
        {"external-content-extraction", "pypdf, 10 users", from(single(), [](Plan &p) { p.expectedUsers = 10; }), S::Info},
        {"external-content-extraction", "Tika, 3 replicas", fleet(), quiet},
        {"external-content-extraction", "pypdf, 1 user", single(), quiet},

        {"external-embeddings", "local model, 3 replicas", from(fleet(), [](Plan &p) {
             p.embeddings = EmbeddingEngine::Local;
         }), S::Warning, "1500 MB"},
        {"external-embeddings", "embedding API, 3 replicas", fleet(), quiet},
        {"external-embeddings", "local model, autoscaling to 4", from(fleet(), [](Plan &p) {
             p.replicas = 1;
             p.autoscaling = {true, 1, 4};
             p.embeddings = EmbeddingEngine::Local;
         }), S::Warning, "2000 MB"},
        {"external-embeddings", "local model, one process", single(), quiet},

        {"embedding-model", "OpenAI without a model", from(fleet(), [](Plan &p) { p.embeddingModel.clear(); }), S::Error,
         "sentence-transformers/all-MiniLM-L6-v2"},
        {"embedding-model", "Ollama without a model, one process", from(single(), [](Plan &p) {
             p.embeddings = EmbeddingEngine::Ollama;
         }), S::Error, "Ollama server"},
        {"embedding-model", "OpenAI with a model", fleet(), quiet},
        {"embedding-model", "local engine keeps its default", single(), quiet},

        {"star-sessions-redis-mode", "StarSessions under Sentinel", from(fleet(), [](Plan &p) {
             p.redis.starSessions = true;
             p.redis.mode = RedisMode::Sentinel;
             p.redis.sentinelHosts = {"sentinel-a"};
             p.redis.socketConnectTimeoutSeconds = 5;
         }), S::Error, "sentinel mode"},
        {"star-sessions-redis-mode", "StarSessions without Redis", from(single(), [](Plan &p) { p.redis.starSessions = true; }),
         S::Error, "Redis is off"},
        {"star-sessions-redis-mode", "StarSessions on one Redis", from(fleet(), [](Plan &p) { p.redis.starSessions = true; }), quiet},
        {"star-sessions-redis-mode", "off under Cluster", from(fleet(), [](Plan &p) { p.redis.mode = RedisMode::Cluster; }), quiet},

        {"embedding-base-url", "Ollama without a URL", from(single(), [](Plan &p) {
             p.embeddings = EmbeddingEngine::Ollama;
             p.embeddingModel = "nomic-embed-text";
         }), S::Warning, "host.docker.internal"},
        {"embedding-base-url", "Ollama with a URL", from(single(), [](Plan &p) {
             p.embeddings = EmbeddingEngine::Ollama;
             p.embeddingBaseUrl = "http://ollama:11434";
         }), quiet},
        {"embedding-base-url", "OpenAI keeps its default URL", fleet(), quiet},

        {"orjson", "off, Redis-backed fleet", from(fleet(), [](Plan &p) { p.orjson = false; }), S::Warning, "ENABLE_ORJSON"},
        {"orjson", "off, 1 replica × 2 workers with Redis", from(fleet(), [](Plan &p) {
             p.orjson = false;
             p.replicas = 1;
             p.workers = 2;
             p.migrations = MigrationMode::Job;
         }), S::Warning},
        {"orjson", "on, Redis-backed fleet", fleet(), quiet},
        {"orjson", "off, one process", from(singlePostgres(), [](Plan &p) { p.redis.mode = RedisMode::Single; }), quiet},
        {"orjson", "off, fleet pinned to 0.10.1 (no such variable)", from(fleet(), [](Plan &p) {
             p.orjson = false;
             p.imageTag = "v0.10.1";
         }), quiet},

        {"compression-middleware", "proxy compresses, middleware on", from(fleet(), [](Plan &p) {
             p.loadBalancer.compresses = true;
         }), S::Info},
        {"compression-middleware", "proxy compresses, middleware off", from(fleet(), [](Plan &p) {
             p.loadBalancer.compresses = true;
             p.compressionMiddleware = false;
         }), quiet},
        {"compression-middleware", "proxy does not compress", fleet(), quiet},
        {"compression-middleware", "no proxy at all", from(single(), [](Plan &p) { p.loadBalancer.compresses = true; }), quiet},

        {"scenario-requirements", "1000 users, one bare process", largeSingle(), S::Warning, "Large scale"},
        {"scenario-requirements", "999 users, one bare process", from(largeSingle(), [](Plan &p) { p.expectedUsers = 999; }), quiet},
        {"scenario-requirements", "1000 users, one process with every component", from(fleet(), [](Plan &p) {
             p.expectedUsers = 1000;
             p.replicas = 1;
         }), quiet},

        {"otel-signals", "enabled without a signal", from(single(), [](Plan &p) { p.otel.enabled = true; }), S::Warning},
        {"otel-signals", "enabled with traces", otel(OtelProtocol::Grpc, "http://collector:4317"), quiet},
        {"otel-signals", "disabled", single(), quiet},

        {"otel-protocol-port", "gRPC to 4318", otel(OtelProtocol::Grpc, "http://collector:4318"), S::Warning, "4318"},
        {"otel-protocol-port", "HTTP to 4317", otel(OtelProtocol::Http, "http://collector:4317"), S::Warning, "4317"},
        {"otel-protocol-port", "gRPC to 4317", otel(OtelProtocol::Grpc, "http://collector:4317"), quiet},
        {"otel-protocol-port", "HTTP to 4318", otel(OtelProtocol::Http, "http://collector:4318"), quiet},
        {"otel-protocol-port", "gRPC to 4318, disabled", from(otel(OtelProtocol::Grpc, "http://collector:4318"), [](Plan &p) {
             p.otel.enabled = false;
         }), quiet},

        {"image-tag-pinned", "main, 3 replicas", from(fleet(), [](Plan &p) { p.imageTag = "main"; }), S::Warning},
        {"image-tag-pinned", "cuda variant, 3 replicas", from(fleet(), [](Plan &p) { p.imageTag = "cuda-slim"; }), S::Warning},
        {"image-tag-pinned", "latest, 50 users", from(single(), [](Plan &p) {
             p.imageTag = "latest";
             p.expectedUsers = 50;
         }), S::Warning},
        {"image-tag-pinned", "0.11.0, 3 replicas", fleet(), quiet},
        {"image-tag-pinned", "latest, 49 users", from(single(), [](Plan &p) {
             p.imageTag = "latest";
             p.expectedUsers = 49;
         }), quiet},

        {"autoscaling-orchestrator", "autoscaling on Compose", from(fleet(), [](Plan &p) {
             p.orchestrator = Orchestrator::Compose;
             p.loadBalancer.kind = LoadBalancerKind::Nginx;
             p.autoscaling = {true, 3, 6};
         }), S::Warning},
        {"autoscaling-orchestrator", "autoscaling on Kubernetes", from(fleet(), [](Plan &p) { p.autoscaling = {true, 3, 6}; }), quiet},

        {"upgrade-procedure", "PostgreSQL, 3 replicas, rolling", from(fleet(), [](Plan &p) {
             p.upgradeStrategy = UpgradeStrategy::Rolling;
         }), S::Warning, "must never run"},
        {"upgrade-procedure", "PostgreSQL, autoscaling to 4, rolling", from(fleet(), [](Plan &p) {
             p.replicas = 1;
             p.autoscaling = {true, 1, 4};
             p.upgradeStrategy = UpgradeStrategy::Rolling;
         }), S::Warning, "must never run"},
        {"upgrade-procedure", "PostgreSQL, 3 replicas, recreate", fleet(), S::Info, "never share the database"},
        {"upgrade-procedure", "PostgreSQL, 1 Kubernetes replica, rolling with a surge", from(fleet(), [](Plan &p) {
             p.replicas = 1;
             p.upgradeStrategy = UpgradeStrategy::Rolling;
         }), S::Info, "surge 1"},
        {"upgrade-procedure", "PostgreSQL, 1 replica, recreate", from(fleet(), [](Plan &p) { p.replicas = 1; }), quiet},
        {"upgrade-procedure", "PostgreSQL, 1 Compose replica, rolling", from(singlePostgres(), [](Plan &p) {
             p.upgradeStrategy = UpgradeStrategy::Rolling;
         }), quiet},
        {"upgrade-procedure", "SQLite, 3 replicas, rolling", from(fleet(), [](Plan &p) {
             p.database.kind = DatabaseKind::Sqlite;
             p.upgradeStrategy = UpgradeStrategy::Rolling;
         }), quiet},

        {"persistent-config", "on, 3 replicas", fleet(), S::Info, "first start"},
        {"persistent-config", "off, 3 replicas", from(fleet(), [](Plan &p) { p.persistentConfig = false; }), quiet},
        {"persistent-config", "on, one process", single(), quiet},
    };
    return cases;
}

/** @brief Broken plans whose one-click fixes must each clear their own finding. */
std::vector<std::pair<const char *, Plan>> brokenPlans()
{
    return {
        {"default, 3 replicas × 2 workers", from(single(), [](Plan &p) {
             p.replicas = 3;
             p.workers = 2;
         })},
        {"seed budget example", seedBudget()},
        {"small team on one process", from(single(), [](Plan &p) {
             p.expectedUsers = 60;
             p.imageTag = "latest";
             p.storage.kind = StorageKind::SharedVolume;
             p.secrets.keyMode = SecretKeyMode::External;
             p.otel = {true, "http://collector:4317", OtelProtocol::Http, false, false, false, false, 10000};
             p.threadPoolSize = 8;
         })},
        {"fleet with everything off", from(fleet(), [](Plan &p) {
             p.workers = 2;
             p.imageTag = "main";
             p.threadPoolSize = 20;
             p.userActiveStatusUpdateIntervalSeconds.reset();
             p.pipInstallFrontmatter = true;
             p.contentExtraction = ContentExtraction::Builtin;
             p.embeddings = EmbeddingEngine::Local;
             p.database.poolSize.reset();
             p.database.sessionSharing = false;
             p.vectorDb.kind = VectorDb::Pgvector;
             p.redis.mode = RedisMode::Sentinel;
             p.redis.sentinelHosts = {"sentinel-0"};
             p.redis.timeoutSeconds = 0;
             p.redis.maxClients = 1000;
             p.redis.otherClients = 990;
             p.redis.maxmemoryPolicy = "allkeys-lru";
             p.loadBalancer.stickySessions = false;
             p.loadBalancer.websocketUpgrade = false;
             p.otel = {true, "http://collector:4318", OtelProtocol::Grpc, false, false, false, false, 10000};
         })},
        {"autoscaled Compose on defaults", from(single(), [](Plan &p) {
             p.expectedUsers = 200;
             p.replicas = 2;
             p.autoscaling = {true, 2, 6};
             p.websocketSupport = false;
         })},
        {"multi-worker PostgreSQL, every instance migrates", from(singlePostgres(), [](Plan &p) {
             p.workers = 4;
             p.redis.mode = RedisMode::Single;
         })},
        {"Milvus Lite with 3 replicas on SQLite", from(single(), [](Plan &p) {
             p.replicas = 3;
             p.vectorDb.kind = VectorDb::MilvusLite;
         })},
        {"fleet, unbounded pool", from(fleet(), [](Plan &p) { p.database.poolSize = 0; })},
        {"fleet, unbounded pool and pgvector", from(fleet(), [](Plan &p) {
             p.database.poolSize = 0;
             p.vectorDb.kind = VectorDb::Pgvector;
         })},
        {"fleet, rolling update over", from(fleet(), [](Plan &p) { p.database.poolSize = p.database.maxOverflow = 10; })},
        {"fleet, websocket support off", from(fleet(), [](Plan &p) { p.websocketSupport = false; })},
        {"fleet, nothing available", from(fleet(), [](Plan &p) { p.database.otherClientConnections = 97; })},
        {"fleet, negative pool size", from(fleet(), [](Plan &p) { p.database.poolSize = -3; })},
        {"fleet, pgvector NullPool", from(fleet(), [](Plan &p) {
             p.vectorDb.kind = VectorDb::Pgvector;
             p.vectorDb.pgvectorPoolSize = 0;
         })},
        {"fleet, both pools NullPool", from(fleet(), [](Plan &p) {
             p.database.poolSize = 0;
             p.vectorDb.kind = VectorDb::Pgvector;
             p.vectorDb.pgvectorPoolSize = 0;
         })},
        {"fleet, rolling upgrades, new v0.11 settings off", from(fleet(), [](Plan &p) {
             p.upgradeStrategy = UpgradeStrategy::Rolling;
             p.orjson = false;
             p.embeddingModel.clear();
             p.loadBalancer.compresses = true;
         })},
        {"one Ollama process without a model", from(single(), [](Plan &p) { p.embeddings = EmbeddingEngine::Ollama; })},
        {"fleet, primary with 2 workers", from(fleet(), [](Plan &p) { p.workers = 2; })},
        {"fleet, no Redis, local Chroma", from(fleet(), [](Plan &p) {
             p.redis.mode = RedisMode::None;
             p.vectorDb.kind = VectorDb::Chroma;
         })},
    };
}

std::vector<std::pair<QByteArray, Plan>> allPlans()
{
    std::vector<std::pair<QByteArray, Plan>> plans;
    for (const auto &c : ruleCases())
        plans.emplace_back(QByteArray(c.rule) + ": " + c.name, c.plan);
    for (const auto &[name, plan] : brokenPlans())
        plans.emplace_back(QByteArray(name), plan);
    return plans;
}

std::map<std::string, std::size_t> catalogueOrder()
{
    std::map<std::string, std::size_t> order;
    for (std::size_t i = 0; i < ruleCatalogue().size(); ++i)
        order.emplace(std::string(ruleCatalogue()[i].id), i);
    return order;
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString describe(const std::vector<SettingChange> &changes)
{
    QStringList out;
    for (const auto &change : changes)
        out << text(change.pointer) + " = " + text(change.value);
    return out.join(", ");
}

} // namespace

Q_DECLARE_METATYPE(planner::Plan)
Q_DECLARE_METATYPE(Expected)

class tst_rules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void catalogueIdsAreUniqueAndComplete();
    void everyRuleIsTested();
    void cleanFleetOnlyGetsTheNotes();
    void rule_data();
    void rule();
    void singleProcessGetsNoMultiReplicaError_data();
    void singleProcessGetsNoMultiReplicaError();
    void fixesClearTheirFinding_data();
    void fixesClearTheirFinding();
    void maxConnectionsFixStaysWithinPostgresCeiling();
    void maxConnectionsFixLeavesRoomForTheWorstCase_data();
    void maxConnectionsFixLeavesRoomForTheWorstCase();
    void fixesNeverProposeInvalidValues();
    void findingsAreOrderedBySeverity();
    void findingsAreComplete();
    void readmeListsEveryRule();
};

void tst_rules::catalogueIdsAreUniqueAndComplete()
{
    std::set<std::string_view> ids;
    for (const auto &info : ruleCatalogue()) {
        QVERIFY2(!info.id.empty(), "a rule has no id");
        QVERIFY2(!info.title.empty(), qPrintable(text(info.id) + " has no title"));
        QVERIFY2(!info.source.empty(), qPrintable(text(info.id) + " has no source"));
        QVERIFY2(ids.insert(info.id).second, qPrintable("duplicate rule id " + text(info.id)));
    }
    // The issue names these; renaming one breaks plan files and scripts that filter on it.
    for (std::string_view required : {"shared-secret-key", "external-database", "redis-websockets", "shared-storage",
                                      "external-vector-db", "single-migrator", "connection-budget", "cors-origins"})
        QVERIFY2(ids.count(required), qPrintable("missing rule " + text(required)));
}

void tst_rules::everyRuleIsTested()
{
    std::set<std::string_view> fires, quietRows;
    for (const auto &c : ruleCases())
        (c.expected ? fires : quietRows).insert(c.rule);
    const auto order = catalogueOrder();
    for (const auto &c : ruleCases())
        QVERIFY2(order.count(c.rule), qPrintable(QString("a row tests the unknown rule ") + c.rule));
    for (const auto &info : ruleCatalogue()) {
        QVERIFY2(fires.count(info.id), qPrintable("no row where " + text(info.id) + " fires"));
        QVERIFY2(quietRows.count(info.id), qPrintable("no row where " + text(info.id) + " stays quiet"));
    }
}

void tst_rules::cleanFleetOnlyGetsTheNotes()
{
    // The quiet rows lean on this: a fleet variant differs from a clean plan in the one setting it changes.
    const auto e = evaluate(fleet());
    QStringList rules;
    for (const auto &f : e.findings)
        rules << text(f.rule);
    QCOMPARE(rules, (QStringList{"upgrade-procedure", "persistent-config"}));
    QCOMPARE(e.count(Severity::Info), 2);
}

void tst_rules::rule_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<Plan>("plan");
    QTest::addColumn<Expected>("expected");
    QTest::addColumn<QString>("mentions");

    for (const auto &c : ruleCases())
        QTest::addRow("%s: %s", c.rule, c.name) << QString(c.rule) << c.plan << c.expected << QString(c.mentions);
}

void tst_rules::rule()
{
    QFETCH(QString, rule);
    QFETCH(Plan, plan);
    QFETCH(Expected, expected);
    QFETCH(QString, mentions);

    const auto e = evaluate(plan);
    const auto id = rule.toStdString();
    const auto count = std::count_if(e.findings.begin(), e.findings.end(), [&](const Finding &f) { return f.rule == id; });
    if (!expected) {
        const Finding *f = e.find(id);
        QVERIFY2(!f, f ? qPrintable("fired: " + text(f->message)) : "");
        return;
    }
    QCOMPARE(count, 1);
    const Finding *f = e.find(id);
    QCOMPARE(text(toString(f->severity)), text(toString(*expected)));
    QVERIFY2(f->message.find(mentions.toStdString()) != std::string::npos,
             qPrintable("\"" + mentions + "\" not in: " + text(f->message)));
}

void tst_rules::singleProcessGetsNoMultiReplicaError_data()
{
    QTest::addColumn<Plan>("plan");
    QTest::newRow("default plan") << single();
    QTest::newRow("1 replica × 1 worker on PostgreSQL") << singlePostgres();
    QTest::newRow("1000 users, one process") << largeSingle();
    QTest::newRow("autoscaling off keeps its maximum out") << from(single(), [](Plan &p) { p.autoscaling = {false, 1, 5}; });
}

void tst_rules::singleProcessGetsNoMultiReplicaError()
{
    QFETCH(Plan, plan);
    QVERIFY(!plan.isMultiProcess());
    const auto e = evaluate(plan);
    for (std::string_view id : {"shared-secret-key", "external-database", "redis-websockets", "redis-config-sync",
                                "shared-storage", "external-vector-db", "single-migrator"}) {
        const Finding *f = e.find(id);
        QVERIFY2(!f, f ? qPrintable(text(id) + " fired: " + text(f->message)) : "");
    }
}

void tst_rules::fixesClearTheirFinding_data()
{
    QTest::addColumn<Plan>("plan");
    for (const auto &[name, plan] : brokenPlans())
        QTest::newRow(name) << plan;
}

void tst_rules::fixesClearTheirFinding()
{
    QFETCH(Plan, plan);
    const auto before = evaluate(plan);
    QStringList failures;
    int fixes = 0;
    for (const auto &f : before.findings) {
        if (f.fixChanges.empty())
            continue;
        ++fixes;
        const QString what = text(f.rule) + " (" + describe(f.fixChanges) + ")";
        const auto fixed = applyChanges(plan, f.fixChanges);
        if (!fixed) {
            failures << what + ": cannot apply: " + text(fixed.error().describe());
            continue;
        }
        const auto after = evaluate(*fixed);
        // A fix may leave a milder note of the same rule behind (upgrade-procedure states the procedure), never the same.
        if (const Finding *still = after.find(f.rule); still && still->severity >= f.severity)
            failures << what + ": still fires: " + text(still->message);
    }
    QVERIFY2(fixes > 0, "the plan offers no fix to try");
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
}

void tst_rules::findingsAreOrderedBySeverity()
{
    // One plan with all three severities, so the order check below has something to order.
    const auto mixed = evaluate(brokenPlans().front().second);
    QVERIFY(mixed.count(Severity::Error) > 0);
    QVERIFY(mixed.count(Severity::Warning) > 0);
    QVERIFY(mixed.count(Severity::Info) > 0);

    const auto order = catalogueOrder();
    for (const auto &[name, plan] : allPlans()) {
        const auto e = evaluate(plan);
        for (std::size_t i = 1; i < e.findings.size(); ++i) {
            const auto &a = e.findings[i - 1];
            const auto &b = e.findings[i];
            QVERIFY2(a.severity >= b.severity,
                     qPrintable(name + ": " + text(a.rule) + " (" + text(toString(a.severity)) + ") before " +
                                text(b.rule) + " (" + text(toString(b.severity)) + ")"));
            // Within a severity, the catalogue's order (evaluate.h promises it).
            if (a.severity == b.severity)
                QVERIFY2(order.at(a.rule) <= order.at(b.rule),
                         qPrintable(name + ": " + text(a.rule) + " before " + text(b.rule)));
        }
    }
}

void tst_rules::findingsAreComplete()
{
    std::map<std::string, std::string_view> sources;
    for (const auto &info : ruleCatalogue())
        sources.emplace(std::string(info.id), info.source);
    int findings = 0;
    for (const auto &[name, plan] : allPlans()) {
        for (const auto &f : evaluate(plan).findings) {
            ++findings;
            const QString where = name + ": " + text(f.rule);
            QVERIFY2(sources.count(f.rule), qPrintable(where + " is not in the catalogue"));
            QVERIFY2(!f.message.empty(), qPrintable(where + " has no message"));
            QVERIFY2(!f.fix.empty(), qPrintable(where + " has no fix"));
            QVERIFY2(!f.source.empty(), qPrintable(where + " has no source"));
            QCOMPARE(text(f.source), text(sources.at(f.rule)));
            for (const auto &change : f.fixChanges)
                QVERIFY2(!change.pointer.empty() && !change.value.empty(), qPrintable(where + " has an empty fix change"));
        }
    }
    QVERIFY(findings > 0);
}

// A fix is only offered when PostgreSQL could take it; beyond 262143 connections there is none to offer.
void tst_rules::maxConnectionsFixStaysWithinPostgresCeiling()
{
    Plan huge = fleet();
    huge.replicas = 1000;
    huge.workers = 8;
    huge.database.poolSize = 100;
    huge.database.maxOverflow = 100;
    const auto evaluation = evaluate(huge);
    const Finding *budget = evaluation.find("connection-budget");
    QVERIFY(budget);
    // The steady total needs more than PostgreSQL allows: no max_connections is an answer, none is offered.
    QVERIFY(!evaluation.budget.smallestMaxConnections);
    QVERIFY(evaluation.budget.totalConnections > kPostgresMaxConnectionsCeiling);
    for (const auto &change : budget->fixChanges)
        QVERIFY(change.pointer != "/database/max_connections");
    QVERIFY2(budget->fix.find("raise max_connections to") == std::string::npos, budget->fix.c_str());
    QVERIFY2(budget->fix.find("ceiling of 262143") != std::string::npos, budget->fix.c_str());
    QVERIFY2(budget->fix.find("PgBouncer") != std::string::npos, budget->fix.c_str());
    QVERIFY(applyChanges(huge, budget->fixChanges).has_value());

    // Within the ceiling the same rule offers the raise, and it applies.
    const auto small = evaluate(seedBudget());
    const Finding *seed = small.find("connection-budget");
    QVERIFY(seed);
    QCOMPARE(seed->fixChanges.size(), std::size_t(1));
    QCOMPARE(seed->fixChanges.front().pointer, std::string("/database/max_connections"));
    // Not the steady 213: the worst case (two engines × (3 + 1 surge) × 2 workers × 35, + 3 reserved).
    QCOMPARE(seed->fixChanges.front().value, std::string("563"));
    QVERIFY2(seed->fix.find("at least 563") != std::string::npos, seed->fix.c_str());

    // Steady fits under the ceiling but the worst case does not: no raise is offered, and the fix says why.
    Plan beyond = fleet();
    beyond.replicas = 1000;
    beyond.workers = 8;
    beyond.database.poolSize = 15;
    beyond.database.maxOverflow = 5;
    beyond.database.maxConnections = 100000;
    beyond.upgradeStrategy = UpgradeStrategy::Rolling;
    const auto beyondEvaluation = evaluate(beyond);
    QVERIFY(beyondEvaluation.budget.smallestMaxConnections);
    QVERIFY(!beyondEvaluation.budget.smallestMaxConnectionsWorstCase);
    const Finding *steadyOnly = beyondEvaluation.find("connection-budget");
    QVERIFY(steadyOnly);
    for (const auto &change : steadyOnly->fixChanges)
        QVERIFY(change.pointer != "/database/max_connections");
    QVERIFY2(steadyOnly->fix.find("ceiling of 262143") != std::string::npos, steadyOnly->fix.c_str());
}

void tst_rules::maxConnectionsFixLeavesRoomForTheWorstCase_data()
{
    QTest::addColumn<Plan>("plan");
    QTest::addColumn<QString>("rule");
    QTest::newRow("seed example, rolling surge 1") << seedBudget() << QStringLiteral("connection-budget");
    QTest::newRow("surge 3, pgvector on the same server") << from(seedBudget(), [](Plan &p) {
        p.rollingUpdateSurge = 3;
        p.vectorDb.kind = VectorDb::Pgvector;
        p.vectorDb.pgvectorPoolSize = 5;
    }) << QStringLiteral("connection-budget");
    QTest::newRow("autoscaling to 12, migration job") << from(fleet(), [](Plan &p) {
        p.database.maxConnections = 25;
        p.autoscaling = {true, 3, 12};
        p.migrations = MigrationMode::Job;
    }) << QStringLiteral("connection-budget");
    QTest::newRow("recreate, other clients") << from(fleet(), [](Plan &p) {
        p.database.maxConnections = 50;
        p.database.otherClientConnections = 20;
    }) << QStringLiteral("connection-budget");
    QTest::newRow("nothing left for Open WebUI") << from(fleet(), [](Plan &p) {
        p.database.maxConnections = 30;
        p.database.otherClientConnections = 27;
        p.upgradeStrategy = UpgradeStrategy::Rolling;
        p.rollingUpdateSurge = 2;
    }) << QStringLiteral("no-connections-available");
}

// The fix that raises max_connections leaves a plan with no budget finding at all, at the steady state or the peak.
void tst_rules::maxConnectionsFixLeavesRoomForTheWorstCase()
{
    QFETCH(Plan, plan);
    QFETCH(QString, rule);
    const auto before = evaluate(plan);
    const Finding *finding = before.find(rule.toStdString());
    QVERIFY2(finding, qPrintable(rule));
    QCOMPARE(finding->fixChanges.size(), std::size_t(1));
    QCOMPARE(finding->fixChanges.front().pointer, std::string("/database/max_connections"));
    const auto fixed = applyChanges(plan, finding->fixChanges);
    QVERIFY(fixed.has_value());
    const auto after = evaluate(*fixed);
    for (const char *budgetRule : {"no-connections-available", "connection-budget", "connection-budget-peak"})
        QVERIFY2(!after.find(budgetRule), budgetRule);
    QVERIFY(after.budget.worstCaseFits);
    // And it is the smallest such value: one less would leave the worst case over.
    Plan less = *fixed;
    --less.database.maxConnections;
    QVERIFY(evaluate(less).find("connection-budget-peak") || evaluate(less).find("connection-budget"));
}

namespace {

/** @brief Plans at the budget's edges: nothing or one connection left, huge process counts, NullPool, negative sizes. */
std::vector<std::pair<QByteArray, Plan>> edgePlans()
{
    std::vector<std::pair<QByteArray, Plan>> plans;
    const std::vector<std::optional<int>> pools{std::nullopt, 0, -2, 1, 15, 10000};
    const std::vector<std::optional<int>> pgvectorPools{std::nullopt, 0, 5};
    for (int maxConnections : {100, kPostgresMaxConnectionsCeiling})
        for (int left : {-5, 0, 1, 2, 35}) // connections left for Open WebUI
            for (int replicas : {1, 3, 1000})
                for (int workers : {1, 8})
                    for (const auto &pool : pools)
                        for (const auto &pgvectorPool : pgvectorPools) {
                            Plan p = fleet();
                            p.replicas = replicas;
                            p.workers = workers;
                            p.migrations = workers > 1 ? MigrationMode::Job : MigrationMode::Primary;
                            p.upgradeStrategy = replicas == 3 ? UpgradeStrategy::Rolling : UpgradeStrategy::Recreate;
                            p.database.maxConnections = maxConnections;
                            p.database.otherClientConnections = maxConnections - 3 - left;
                            p.database.poolSize = pool;
                            p.vectorDb.kind = pgvectorPool ? VectorDb::Pgvector : VectorDb::Qdrant;
                            p.vectorDb.pgvectorPoolSize = pgvectorPool;
                            p.redis.maxClients = 1000;
                            plans.emplace_back(QByteArray::number(maxConnections) + " max, " + QByteArray::number(left) +
                                                   " left, " + QByteArray::number(replicas) + "×" +
                                                   QByteArray::number(workers) + ", pool " +
                                                   (pool ? QByteArray::number(*pool) : "unset") + ", pgvector " +
                                                   (pgvectorPool ? QByteArray::number(*pgvectorPool) : "-"),
                                               p);
                        }
    return plans;
}

/** @brief What is wrong with one finding's fix, or empty: pools of 0, no replicas, max_connections PostgreSQL refuses. */
QString invalidProposal(const Finding &f)
{
    for (const auto &c : f.fixChanges) {
        const auto value = nlohmann::json::parse(c.value, nullptr, false);
        const bool positiveCount = value.is_number_integer() && value.get<long long>() >= 1;
        if ((c.pointer == "/database/pool_size" || c.pointer == "/vector_db/pgvector_pool_size" || c.pointer == "/replicas" ||
             c.pointer == "/workers") &&
            !positiveCount)
            return text(c.pointer) + " = " + text(c.value);
        if (c.pointer == "/database/max_connections" &&
            (!positiveCount || value.get<long long>() > kPostgresMaxConnectionsCeiling))
            return text(c.pointer) + " = " + text(c.value);
        if (c.pointer == "/redis/maxclients" && (!positiveCount || value.get<long long>() > kPlanMaxRedisClients))
            return text(c.pointer) + " = " + text(c.value);
    }
    const QString fix = text(f.fix);
    static const QRegularExpression zeroOrLess(QStringLiteral(
        "at most (0|-\\d+)\\b|\\b0 replica|pool (size )?(of )?0\\b|(DATABASE|PGVECTOR)_POOL_SIZE=(0|-)"));
    if (const auto m = zeroOrLess.match(fix); m.hasMatch())
        return "fix text proposes \"" + m.captured(0) + "\"";
    static const QRegularExpression maxConnections(QStringLiteral("max_connections (?:to )?(?:at least )?(\\d+)"));
    for (auto it = maxConnections.globalMatch(fix); it.hasNext();) {
        const auto m = it.next();
        if (m.captured(1).toLongLong() > kPostgresMaxConnectionsCeiling)
            return "fix text proposes \"" + m.captured(0) + "\"";
    }
    return {};
}

} // namespace

void tst_rules::fixesNeverProposeInvalidValues()
{
    QStringList failures;
    int plans = 0, findings = 0;
    std::set<std::string> rulesSeen;
    auto all = edgePlans();
    for (const auto &[name, plan] : allPlans())
        all.emplace_back(name, plan);
    for (const auto &[name, plan] : all) {
        ++plans;
        // Plans a file could hold must also accept every fix; a negative pool size only comes from importers.
        const bool fileValid = planFromJson(planToJsonText(plan)).has_value();
        for (const auto &f : evaluate(plan).findings) {
            ++findings;
            rulesSeen.insert(f.rule);
            if (const QString problem = invalidProposal(f); !problem.isEmpty())
                failures << name + ": " + text(f.rule) + ": " + problem;
            if (fileValid && !f.fixChanges.empty())
                if (const auto fixed = applyChanges(plan, f.fixChanges); !fixed)
                    failures << name + ": " + text(f.rule) + ": cannot apply: " + text(fixed.error().describe());
        }
    }
    QVERIFY(plans > 1000);
    for (const char *rule : {"no-connections-available", "null-pool", "pgvector-null-pool", "connection-budget",
                             "connection-budget-peak", "redis-client-budget", "upgrade-procedure"})
        QVERIFY2(rulesSeen.count(rule), rule);
    failures.removeDuplicates();
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 20).join("\n")));
}

// The README promises a number of rules and a table of them; both follow the catalogue.
void tst_rules::readmeListsEveryRule()
{
    QFile file(QStringLiteral(TEST_DATA_DIR "/../../README.md"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QString readme = QString::fromUtf8(file.readAll());
    const auto count = QRegularExpression(QStringLiteral("Checks (\\d+) rules")).match(readme);
    QVERIFY(count.hasMatch());
    QCOMPARE(count.captured(1).toULongLong(), qulonglong(ruleCatalogue().size()));
    const qsizetype start = readme.indexOf(QStringLiteral("\n## Rules\n"));
    const QString table = readme.mid(start, readme.indexOf(QStringLiteral("\n## "), start + 1) - start);
    QSet<QString> listed;
    for (auto it = QRegularExpression(QStringLiteral("\\n\\| `([a-z0-9-]+)` \\|")).globalMatch(table); it.hasNext();)
        listed.insert(it.next().captured(1));
    for (const auto &rule : ruleCatalogue())
        QVERIFY2(listed.remove(text(rule.id)), qPrintable("README's rule table lacks " + text(rule.id)));
    QVERIFY2(listed.isEmpty(), qPrintable("README lists unknown rules: " + QStringList(listed.begin(), listed.end()).join(", ")));
}

QTEST_GUILESS_MAIN(tst_rules)
#include "tst_rules.moc"
