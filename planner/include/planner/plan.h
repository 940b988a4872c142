// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace planner {

/** @brief PostgreSQL's own ceiling for `max_connections`. */
inline constexpr int kPostgresMaxConnectionsCeiling = 262143;

/** @brief The largest Redis `maxclients` a plan holds (Redis itself is bounded by file descriptors). */
inline constexpr int kPlanMaxRedisClients = 10000000;

/**
 * @brief Redis connections every Open WebUI v0.11 process opens by name: the async client and its
 * task-stop pub/sub, the sync client, socket.io's manager client and its pub/sub (utils/redis.py,
 * tasks.py, socket/main.py). The StarSessions store adds one more when enabled.
 */
inline constexpr int kRedisNamedClientsPerProcess = 5;

/** @brief Where the containers run. */
enum class Orchestrator { Compose, Swarm, Kubernetes };

enum class DatabaseKind { Sqlite, Postgres };

/** @brief `none` is Open WebUI's default: no Redis at all. */
enum class RedisMode { None, Single, Sentinel, Cluster };

/**
 * @brief `VECTOR_DB`, with local and HTTP Chroma told apart because only the
 * first is the embedded, fork-unsafe SQLite client.
 */
enum class VectorDb {
    Chroma,      ///< default: embedded PersistentClient in DATA_DIR/vector_db
    ChromaHttp,  ///< CHROMA_HTTP_HOST set: a separate Chroma server
    Pgvector,
    Qdrant,
    Milvus,      ///< a Milvus server (MILVUS_URI=http://...)
    MilvusLite,  ///< embedded Milvus Lite, single process only
    Elasticsearch,
    Opensearch,
    Pinecone,
    Weaviate,
    MariadbVector,
};

/** @brief Where uploads live. Volumes are `/app/backend/data`. */
enum class StorageKind {
    LocalVolume,  ///< node-local volume (ReadWriteOnce)
    SharedVolume, ///< one volume every instance mounts (ReadWriteMany, NFS, EFS, CephFS)
    S3,
    Gcs,
    Azure,
};

/** @brief How `WEBUI_SECRET_KEY` is provided. */
enum class SecretKeyMode {
    Unset,     ///< Open WebUI default: start.sh makes a key per container, outside the volume
    Generated, ///< the planner generates one key and every instance reads it
    External,  ///< the operator supplies one existing secret by name
};

/** @brief Which processes run Alembic migrations at start. */
enum class MigrationMode {
    EveryInstance, ///< Open WebUI default: ENABLE_DB_MIGRATIONS=true everywhere
    Primary,       ///< one designated instance migrates, the others have it off
    Job,           ///< a one-shot migration job; every app instance has it off
};

enum class OtelProtocol { Grpc, Http };

enum class LoadBalancerKind { None, Nginx, Traefik, Haproxy, Ingress, Cloud };

/** @brief `CONTENT_EXTRACTION_ENGINE`: built-in pypdf, or an external service. */
enum class ContentExtraction { Builtin, Tika, Docling, External };

/** @brief `RAG_EMBEDDING_ENGINE`: local SentenceTransformers, or an external API. */
enum class EmbeddingEngine { Local, Ollama, OpenAI };

/**
 * @brief How a new version replaces the running one. Open WebUI migrates its schema at start, and
 * old and new versions must never run against one database (newer multi-replica docs).
 */
enum class UpgradeStrategy {
    Rolling,  ///< the orchestrator's default: new replicas start while old ones still serve
    Recreate, ///< stop the whole old fleet, migrate once, then start the new version
};

struct DatabaseSettings {
    DatabaseKind kind = DatabaseKind::Sqlite;
    std::string host = "postgres";
    int port = 5432;
    std::string name = "openwebui";
    std::string user = "openwebui";
    /** `DATABASE_POOL_SIZE`; unset means SQLAlchemy's 5 + 10, 0 (or below) means NullPool: no pooling, unbounded. */
    std::optional<int> poolSize;
    /** `DATABASE_POOL_MAX_OVERFLOW`; only applies when poolSize > 0. */
    int maxOverflow = 0;
    int poolTimeoutSeconds = 30;
    int poolRecycleSeconds = 3600;
    bool sessionSharing = false;
    /** The PostgreSQL server's settings and its other users. */
    int maxConnections = 100;
    int superuserReservedConnections = 3;
    int otherClientConnections = 0;

    bool operator==(const DatabaseSettings &) const = default;
};

struct RedisSettings {
    RedisMode mode = RedisMode::None;
    std::string host = "redis";
    int port = 6379;
    std::vector<std::string> sentinelHosts;
    int sentinelPort = 26379;
    std::string sentinelService = "mymaster";
    /** `REDIS_SOCKET_CONNECT_TIMEOUT` in seconds; unset is redis-py's default (none). */
    std::optional<double> socketConnectTimeoutSeconds;
    std::string keyPrefix = "open-webui";
    /** True when other Open WebUI installations use the same Redis. */
    bool sharedWithOtherInstallations = false;
    /** Server settings, Redis's own defaults until the plan changes them. */
    int maxClients = 10000;
    int timeoutSeconds = 0;
    std::string maxmemoryPolicy = "noeviction";
    /**
     * Connections per process beyond the named clients' floor: redis-py pools grow with concurrency,
     * so this is a planning allowance the user raises for busy processes (see RedisBudget).
     */
    int poolAllowancePerProcess = 3;
    /** `ENABLE_STAR_SESSIONS_MIDDLEWARE`: a StarSessions store on REDIS_URL (experimental, plain Redis only). */
    bool starSessions = false;
    int otherClients = 0;

    bool operator==(const RedisSettings &) const = default;
};

struct VectorDbSettings {
    VectorDb kind = VectorDb::Chroma;
    /** Server address for external kinds (CHROMA_HTTP_HOST, QDRANT_URI, MILVUS_URI, ...). */
    std::string url;
    /** pgvector: PGVECTOR_DB_URL left at DATABASE_URL, so its pool counts against the same server. */
    bool pgvectorSameServer = true;
    /** `PGVECTOR_POOL_SIZE`; unset means SQLAlchemy's 5 + 10, 0 (or below) means NullPool. */
    std::optional<int> pgvectorPoolSize;
    int pgvectorMaxOverflow = 0;

    bool operator==(const VectorDbSettings &) const = default;
};

struct StorageSettings {
    StorageKind kind = StorageKind::LocalVolume;
    std::string bucket;
    std::string region;
    /** S3_ENDPOINT_URL (MinIO, R2, other S3-compatible stores) or AZURE_STORAGE_ENDPOINT; S3 on AWS derives it from the region. */
    std::string endpoint;
    int volumeSizeGi = 2;

    bool operator==(const StorageSettings &) const = default;
};

struct OtelSettings {
    bool enabled = false;
    std::string endpoint = "http://localhost:4317";
    OtelProtocol protocol = OtelProtocol::Grpc;
    bool traces = false;
    bool metrics = false;
    bool logs = false;
    bool insecure = false;
    int metricsExportIntervalMs = 10000;

    bool operator==(const OtelSettings &) const = default;
};

struct SecretSettings {
    SecretKeyMode keyMode = SecretKeyMode::Unset;
    /** Name of the operator's secret when keyMode is External. */
    std::string externalSecretName;
    /** Keep generated secrets in the plan file; off unless the user asks. */
    bool storeInPlan = false;
    /** The generated key, held in memory; written to a plan only with storeInPlan. */
    std::string webuiSecretKey;

    bool operator==(const SecretSettings &) const = default;
};

struct LoadBalancerSettings {
    LoadBalancerKind kind = LoadBalancerKind::None;
    bool stickySessions = false;
    /** The proxy forwards `Upgrade`/`Connection` headers on /ws/socket.io. */
    bool websocketUpgrade = true;
    /** Public URL users open (`WEBUI_URL`), e.g. https://chat.example.org. */
    std::string publicUrl;
    /** The proxy already compresses responses (gzip/brotli), so Open WebUI's own middleware only costs CPU. */
    bool compresses = false;

    bool operator==(const LoadBalancerSettings &) const = default;
};

struct AutoscalingSettings {
    bool enabled = false;
    int minReplicas = 1;
    int maxReplicas = 1;

    bool operator==(const AutoscalingSettings &) const = default;
};

/**
 * @brief The running deployment a plan was inferred from by `audit`, kept so that the bundle can say what
 * moving from it to the plan takes (data to move, indexes to rebuild, sign-ins, PersistentConfig values).
 */
struct AuditOrigin {
    /** The audited files, as named to `audit`. */
    std::vector<std::string> files;
    /** The audited deployment's settings: plan-file JSON pointer and JSON value, secrets left out. */
    std::vector<std::pair<std::string, std::string>> settings;
    /** Pointers whose value the files could not show (Open WebUI's default was assumed). */
    std::vector<std::string> unknown;
    /** PersistentConfig variables the deployment set, with their values (no secrets): the database holds these. */
    std::vector<std::pair<std::string, std::string>> persistentConfig;

    bool operator==(const AuditOrigin &) const = default;
};

/**
 * @brief One Open WebUI deployment, as the planner models it.
 *
 * Every default is Open WebUI's own (one container, SQLite, one worker, no
 * Redis, local Chroma, local volume, no telemetry), so a default-constructed
 * Plan is the seed's starting point.
 */
struct Plan {
    std::string name;
    std::string description;
    int expectedUsers = 1;
    Orchestrator orchestrator = Orchestrator::Compose;
    int replicas = 1;
    /** `UVICORN_WORKERS` per container. */
    int workers = 1;
    std::string imageTag = "main";
    /** `ENABLE_WEBSOCKET_SUPPORT`; false means HTTP long-polling only. */
    bool websocketSupport = true;
    /** `THREAD_POOL_SIZE`; unset means AnyIO's 40. */
    std::optional<int> threadPoolSize;
    /** `DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL` in seconds; unset means a write per request. */
    std::optional<int> userActiveStatusUpdateIntervalSeconds;
    /** `ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS`. */
    bool pipInstallFrontmatter = true;
    ContentExtraction contentExtraction = ContentExtraction::Builtin;
    EmbeddingEngine embeddings = EmbeddingEngine::Local;
    /** `RAG_EMBEDDING_MODEL`; empty keeps Open WebUI's local default, which an external engine cannot serve. */
    std::string embeddingModel;
    /** `RAG_OPENAI_API_BASE_URL` or `RAG_OLLAMA_BASE_URL`; empty keeps the engine's default. */
    std::string embeddingBaseUrl;
    /**
     * `ENABLE_PERSISTENT_CONFIG`: true (Open WebUI's default) reads PersistentConfig variables from the
     * environment on the first start only; false makes the environment authoritative on every start.
     */
    bool persistentConfig = true;
    /** `ENABLE_ORJSON` (v0.11+): faster JSON; in the newer scaling page's minimum set for Redis-backed fleets. */
    bool orjson = false;
    /** `ENABLE_COMPRESSION_MIDDLEWARE`; Open WebUI's default is on. */
    bool compressionMiddleware = true;
    /** `CORS_ALLOW_ORIGIN` entries; empty means Open WebUI's `*`. */
    std::vector<std::string> corsAllowOrigins;
    MigrationMode migrations = MigrationMode::EveryInstance;
    /** Extra instances a rolling update starts before stopping old ones. */
    int rollingUpdateSurge = 1;
    UpgradeStrategy upgradeStrategy = UpgradeStrategy::Rolling;

    DatabaseSettings database;
    RedisSettings redis;
    VectorDbSettings vectorDb;
    StorageSettings storage;
    OtelSettings otel;
    SecretSettings secrets;
    LoadBalancerSettings loadBalancer;
    AutoscalingSettings autoscaling;
    /** Set when the plan came from `audit --plan-out` (plan-file key "audit"). */
    std::optional<AuditOrigin> auditOrigin;

    bool operator==(const Plan &) const = default;

    /** @brief Replicas × workers: every process that holds its own pools. */
    [[nodiscard]] long long processes() const { return static_cast<long long>(replicas) * workers; }
    /** @brief The most replicas the plan can run at once outside a rollout. */
    [[nodiscard]] int peakReplicas() const;
    /** @brief Processes at the replica peak (autoscaling maximum), outside a rollout. */
    [[nodiscard]] long long peakProcesses() const { return static_cast<long long>(peakReplicas()) * workers; }
    [[nodiscard]] bool isMultiProcess() const;
    [[nodiscard]] bool hasRedis() const { return redis.mode != RedisMode::None; }
    [[nodiscard]] bool isPostgres() const { return database.kind == DatabaseKind::Postgres; }
};

/** @brief Names used in plan files and on the command line, both ways, and the words the window shows. */
template <typename Enum>
struct EnumName {
    Enum value;
    std::string_view name;
    std::string_view label; ///< "pgvector (PostgreSQL)": for people; plan files only ever hold `name`
};

/** @brief One choice of an enumerated setting: the plan-file spelling and its display name. */
struct EnumChoice {
    std::string_view name;
    std::string_view label;
};

[[nodiscard]] std::string_view toString(Orchestrator v);
[[nodiscard]] std::string_view toString(DatabaseKind v);
[[nodiscard]] std::string_view toString(RedisMode v);
[[nodiscard]] std::string_view toString(VectorDb v);
[[nodiscard]] std::string_view toString(StorageKind v);
[[nodiscard]] std::string_view toString(SecretKeyMode v);
[[nodiscard]] std::string_view toString(MigrationMode v);
[[nodiscard]] std::string_view toString(OtelProtocol v);
[[nodiscard]] std::string_view toString(LoadBalancerKind v);
[[nodiscard]] std::string_view toString(ContentExtraction v);
[[nodiscard]] std::string_view toString(EmbeddingEngine v);
[[nodiscard]] std::string_view toString(UpgradeStrategy v);

/** @brief Parse a name; nullopt when unknown. */
template <typename Enum>
[[nodiscard]] std::optional<Enum> enumFromString(std::string_view name);

/** @brief Every accepted name of an enum, for error messages and help. */
template <typename Enum>
[[nodiscard]] std::vector<std::string_view> enumNames();

/** @brief Every choice of an enum with its display name, in the table's order. */
template <typename Enum>
[[nodiscard]] std::vector<EnumChoice> enumChoices();

/** @brief True for vector stores that run in-process and so cannot be shared by several processes. */
[[nodiscard]] bool isEmbeddedVectorDb(VectorDb v);
[[nodiscard]] bool isCloudStorage(StorageKind v);
/** @brief Files every instance sees: a shared volume or cloud storage. */
[[nodiscard]] bool isSharedStorage(StorageKind v);

} // namespace planner
