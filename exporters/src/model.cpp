// SPDX-License-Identifier: MIT
#include "exporters/model.h"

#include "internal.h"

#include <algorithm>
#include <cstdio>

namespace exporters {
namespace {

using planner::Plan;

// Defaults for what a plan may leave open, each the choice of Open WebUI or its Admin UI.
/** The Admin UI's model when OpenAI is picked as the embedding engine (Documents.svelte). */
constexpr std::string_view kOpenAiEmbeddingModel = "text-embedding-3-small";
/** The Ollama embedding model the Open WebUI docs use in their examples; the runbook says to pull it. */
constexpr std::string_view kOllamaEmbeddingModel = "nomic-embed-text";
/**
 * RAG_OLLAMA_BASE_URL falls back to OLLAMA_BASE_URL, which the image sets to `/ollama` and config.py turns
 * into the Docker host: written out, so the operator sees where embeddings go and can change it.
 */
constexpr std::string_view kOllamaFallbackUrl = "http://host.docker.internal:11434";
/** boto3's region when none is given, and the one the derived endpoint then names. */
constexpr std::string_view kAwsDefaultRegion = "us-east-1";

std::string boolText(bool value)
{
    return value ? "true" : "false";
}

/** @brief Booleans the official chart renders itself are spelled as it spells them, so every target agrees literally. */
std::string chartBoolText(bool value)
{
    return value ? "True" : "False";
}

std::string decimal(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string join(const std::vector<std::string> &items, std::string_view separator)
{
    std::string out;
    for (const auto &item : items)
        out += (out.empty() ? "" : std::string(separator)) + item;
    return out;
}

/** @brief The Redis URL every process uses; under Sentinel the host part names the master service. */
std::string redisUrlOf(const Plan &plan)
{
    const auto &r = plan.redis;
    const std::string host = r.mode == planner::RedisMode::Sentinel ? r.sentinelService : r.host;
    return "redis://" + host + ":" + std::to_string(r.port) + "/0";
}

std::string vectorDbDefaultUrl(planner::VectorDb kind)
{
    switch (kind) {
    case planner::VectorDb::ChromaHttp: return "http://chromadb:8000";
    case planner::VectorDb::Qdrant: return "http://qdrant:6333";
    case planner::VectorDb::Milvus: return "http://milvus:19530";
    default: return {};
    }
}

class EnvBuilder
{
public:
    explicit EnvBuilder(DeploymentModel &model) : m_model(model) {}
    void set(std::string name, std::string value) { m_vars.push_back({std::move(name), std::move(value), false}); }
    /** @brief A value the plan left open: set, and told to the operator. */
    void assume(std::string name, std::string value, std::string why)
    {
        m_model.assumptions.push_back(name + "=" + value + ": " + why);
        set(std::move(name), std::move(value));
    }
    void secret(std::string name) { m_vars.push_back({std::move(name), {}, true}); }
    [[nodiscard]] std::vector<EnvVar> take() { return std::move(m_vars); }

private:
    DeploymentModel &m_model;
    std::vector<EnvVar> m_vars;
};

void addDatabase(const Plan &plan, EnvBuilder &env)
{
    if (!plan.isPostgres())
        return;
    const auto &db = plan.database;
    env.secret("DATABASE_URL");
    if (db.poolSize) {
        env.set("DATABASE_POOL_SIZE", std::to_string(*db.poolSize));
        env.set("DATABASE_POOL_MAX_OVERFLOW", std::to_string(db.maxOverflow));
    }
    env.set("DATABASE_POOL_TIMEOUT", std::to_string(db.poolTimeoutSeconds));
    env.set("DATABASE_POOL_RECYCLE", std::to_string(db.poolRecycleSeconds));
    if (db.sessionSharing)
        env.set("DATABASE_ENABLE_SESSION_SHARING", "true");
}

void addRedis(const Plan &plan, const std::string &url, EnvBuilder &env)
{
    env.set("ENABLE_WEBSOCKET_SUPPORT", chartBoolText(plan.websocketSupport));
    if (!plan.hasRedis())
        return;
    const auto &r = plan.redis;
    env.set("REDIS_URL", url);
    env.set("WEBSOCKET_MANAGER", "redis");
    env.set("WEBSOCKET_REDIS_URL", url);
    if (r.keyPrefix != "open-webui")
        env.set("REDIS_KEY_PREFIX", r.keyPrefix);
    if (r.mode == planner::RedisMode::Cluster) {
        env.set("REDIS_CLUSTER", "true");
        env.set("WEBSOCKET_REDIS_CLUSTER", "true");
    }
    if (r.mode == planner::RedisMode::Sentinel) {
        // The websocket client does not inherit the sentinel list: both are set.
        const std::string hosts = join(r.sentinelHosts, ",");
        env.set("REDIS_SENTINEL_HOSTS", hosts);
        env.set("REDIS_SENTINEL_PORT", std::to_string(r.sentinelPort));
        env.set("WEBSOCKET_SENTINEL_HOSTS", hosts);
        env.set("WEBSOCKET_SENTINEL_PORT", std::to_string(r.sentinelPort));
    }
    if (r.socketConnectTimeoutSeconds)
        env.set("REDIS_SOCKET_CONNECT_TIMEOUT", decimal(*r.socketConnectTimeoutSeconds));
    // Idle pooled connections are pinged before use, well inside the server's idle timeout.
    if (r.timeoutSeconds > 0) {
        env.set("REDIS_HEALTH_CHECK_INTERVAL", std::to_string(std::max(1, std::min(60, r.timeoutSeconds / 2))));
        env.set("REDIS_SOCKET_KEEPALIVE", "true");
    }
    if (r.starSessions)
        env.set("ENABLE_STAR_SESSIONS_MIDDLEWARE", "true");
}

void addVectorDb(const Plan &plan, EnvBuilder &env)
{
    const auto &v = plan.vectorDb;
    const std::string url = v.url.empty() ? vectorDbDefaultUrl(v.kind) : v.url;
    switch (v.kind) {
    case planner::VectorDb::Chroma:
        env.set("VECTOR_DB", "chroma");
        return;
    case planner::VectorDb::ChromaHttp: {
        env.set("VECTOR_DB", "chroma");
        // CHROMA_HTTP_HOST takes a host name; the port goes separately.
        std::string host = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
        std::string port = "8000";
        if (const auto colon = host.rfind(':'); colon != std::string::npos) {
            port = host.substr(colon + 1);
            host = host.substr(0, colon);
        }
        env.set("CHROMA_HTTP_HOST", host);
        env.set("CHROMA_HTTP_PORT", port);
        return;
    }
    case planner::VectorDb::Pgvector:
        env.set("VECTOR_DB", "pgvector");
        if (!v.pgvectorSameServer)
            env.secret("PGVECTOR_DB_URL");
        if (v.pgvectorPoolSize) {
            env.set("PGVECTOR_POOL_SIZE", std::to_string(*v.pgvectorPoolSize));
            env.set("PGVECTOR_POOL_MAX_OVERFLOW", std::to_string(v.pgvectorMaxOverflow));
        }
        return;
    case planner::VectorDb::Qdrant:
        env.set("VECTOR_DB", "qdrant");
        env.set("QDRANT_URI", url);
        return;
    case planner::VectorDb::Milvus:
        env.set("VECTOR_DB", "milvus");
        env.set("MILVUS_URI", url);
        return;
    case planner::VectorDb::MilvusLite:
        env.set("VECTOR_DB", "milvus");
        return;
    case planner::VectorDb::Elasticsearch:
        env.set("VECTOR_DB", "elasticsearch");
        if (!v.url.empty())
            env.set("ELASTICSEARCH_URL", v.url);
        return;
    case planner::VectorDb::Opensearch:
        env.set("VECTOR_DB", "opensearch");
        if (!v.url.empty())
            env.set("OPENSEARCH_URI", v.url);
        return;
    case planner::VectorDb::Pinecone:
        env.set("VECTOR_DB", "pinecone");
        env.secret("PINECONE_API_KEY");
        return;
    case planner::VectorDb::Weaviate:
        env.set("VECTOR_DB", "weaviate");
        if (!v.url.empty())
            env.set("WEAVIATE_HTTP_HOST", v.url);
        return;
    case planner::VectorDb::MariadbVector:
        env.set("VECTOR_DB", "mariadb-vector");
        env.secret("MARIADB_VECTOR_DB_URL");
        return;
    }
}

/**
 * @brief The storage provider's variables, every one the official chart renders for it and in its order:
 * the chart writes them even when empty, so Compose and Swarm write the same. Empty credentials are
 * harmless (boto3's credential chain, Google's application default credentials, DefaultAzureCredential:
 * storage/provider.py), and so is an empty key prefix; an empty endpoint is not (botocore refuses '').
 */
void addStorage(const Plan &plan, DeploymentModel &model, EnvBuilder &env)
{
    const auto &s = plan.storage;
    switch (s.kind) {
    case planner::StorageKind::LocalVolume:
    case planner::StorageKind::SharedVolume:
        return; // STORAGE_PROVIDER stays unset: an empty value would crash Open WebUI
    case planner::StorageKind::S3: {
        std::string region = s.region;
        if (s.endpoint.empty() && region.empty()) {
            region = std::string(kAwsDefaultRegion);
            model.assumptions.push_back("S3_REGION_NAME=" + region +
                                        ": the plan names neither an S3 endpoint nor a region; boto3 would assume this "
                                        "one too (set storage.region or storage.endpoint)");
        }
        model.storageEndpoint = s.endpoint.empty() ? awsS3Endpoint(region) : s.endpoint;
        env.set("STORAGE_PROVIDER", "s3");
        env.set("S3_ACCESS_KEY_ID", "");
        env.set("S3_SECRET_ACCESS_KEY", "");
        env.set("S3_ENDPOINT_URL", model.storageEndpoint);
        env.set("S3_BUCKET_NAME", s.bucket);
        env.set("S3_REGION_NAME", region);
        env.set("S3_KEY_PREFIX", "");
        return;
    }
    case planner::StorageKind::Gcs:
        env.set("STORAGE_PROVIDER", "gcs");
        env.set("GOOGLE_APPLICATION_CREDENTIALS_JSON", "");
        env.set("GCS_BUCKET_NAME", s.bucket);
        return;
    case planner::StorageKind::Azure:
        model.storageEndpoint = s.endpoint;
        env.set("STORAGE_PROVIDER", "azure");
        env.set("AZURE_STORAGE_ENDPOINT", s.endpoint);
        env.set("AZURE_STORAGE_CONTAINER_NAME", s.bucket);
        env.set("AZURE_STORAGE_KEY", "");
        return;
    }
}

void addOtel(const Plan &plan, EnvBuilder &env)
{
    const auto &o = plan.otel;
    if (!o.enabled)
        return;
    env.set("ENABLE_OTEL", "true");
    env.set("ENABLE_OTEL_TRACES", boolText(o.traces));
    env.set("ENABLE_OTEL_METRICS", boolText(o.metrics));
    env.set("ENABLE_OTEL_LOGS", boolText(o.logs));
    env.set("OTEL_EXPORTER_OTLP_ENDPOINT", o.endpoint);
    if (o.protocol == planner::OtelProtocol::Http)
        env.set("OTEL_OTLP_SPAN_EXPORTER", "http");
    if (o.insecure)
        env.set("OTEL_EXPORTER_OTLP_INSECURE", "true");
    env.set("OTEL_METRICS_EXPORT_INTERVAL_MILLIS", std::to_string(o.metricsExportIntervalMs));
}

void addRuntime(const Plan &plan, EnvBuilder &env)
{
    if (plan.threadPoolSize)
        env.set("THREAD_POOL_SIZE", std::to_string(*plan.threadPoolSize));
    if (plan.userActiveStatusUpdateIntervalSeconds)
        env.set("DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL", std::to_string(*plan.userActiveStatusUpdateIntervalSeconds));
    if (!plan.pipInstallFrontmatter)
        env.set("ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS", "false");
    if (plan.orjson)
        env.set("ENABLE_ORJSON", "true");
    if (!plan.compressionMiddleware)
        env.set("ENABLE_COMPRESSION_MIDDLEWARE", "false");
    switch (plan.contentExtraction) {
    case planner::ContentExtraction::Builtin: break;
    case planner::ContentExtraction::Tika:
        env.set("CONTENT_EXTRACTION_ENGINE", "tika");
        env.set("TIKA_SERVER_URL", "http://tika:9998");
        break;
    case planner::ContentExtraction::Docling:
        env.set("CONTENT_EXTRACTION_ENGINE", "docling");
        env.set("DOCLING_SERVER_URL", "http://docling:5001");
        break;
    case planner::ContentExtraction::External: break; // configured in the Admin UI
    }
}

/**
 * @brief An external embedding engine with everything it needs: the engine alone keeps the local default
 * model (sentence-transformers/all-MiniLM-L6-v2), which neither API serves.
 */
void addEmbeddings(const Plan &plan, EnvBuilder &env)
{
    switch (plan.embeddings) {
    case planner::EmbeddingEngine::Local: return;
    case planner::EmbeddingEngine::OpenAI:
        env.set("RAG_EMBEDDING_ENGINE", "openai");
        if (plan.embeddingModel.empty())
            env.assume("RAG_EMBEDDING_MODEL", std::string(kOpenAiEmbeddingModel),
                       "the plan names no embedding model; this is the Admin UI's default for OpenAI");
        else
            env.set("RAG_EMBEDDING_MODEL", plan.embeddingModel);
        env.set("RAG_OPENAI_API_BASE_URL", plan.embeddingBaseUrl.empty() ? std::string(kOpenAiBaseUrl) : plan.embeddingBaseUrl);
        env.secret("RAG_OPENAI_API_KEY");
        return;
    case planner::EmbeddingEngine::Ollama:
        env.set("RAG_EMBEDDING_ENGINE", "ollama");
        if (plan.embeddingModel.empty())
            env.assume("RAG_EMBEDDING_MODEL", std::string(kOllamaEmbeddingModel),
                       "the plan names no embedding model; pull it into your Ollama (ollama pull " +
                           std::string(kOllamaEmbeddingModel) + ") or set embedding_model");
        else
            env.set("RAG_EMBEDDING_MODEL", plan.embeddingModel);
        if (plan.embeddingBaseUrl.empty())
            env.assume("RAG_OLLAMA_BASE_URL", std::string(kOllamaFallbackUrl),
                       "the plan names no Ollama; this is where Open WebUI's image would look (an Ollama on the Docker "
                       "host). Docker Desktop resolves that name, Linux and Kubernetes do not: set embedding_base_url");
        else
            env.set("RAG_OLLAMA_BASE_URL", plan.embeddingBaseUrl);
        return;
    }
}

/**
 * @brief The connections the official chart sets on its own when Ollama and Pipelines are off (as the
 * bundle has them): no Ollama API, and OpenAI's own URL. Written for every target, so that every process
 * starts with the same connections; both only seed the database (PersistentConfig).
 */
void addChartConnections(EnvBuilder &env)
{
    env.set("ENABLE_OLLAMA_API", chartBoolText(false));
    env.set("OPENAI_API_BASE_URL", std::string(kOpenAiBaseUrl));
}

std::vector<SecretSpec> secretsOf(const Plan &plan, const std::vector<EnvVar> &app, const BundledServices &services)
{
    std::vector<SecretSpec> secrets;
    for (const auto &var : app) {
        if (!var.secret)
            continue;
        SecretSpec spec{var.name, {}, true};
        if (var.name == "WEBUI_SECRET_KEY") {
            spec.description = "Signs sessions and encrypts OAuth tokens; identical on every replica";
            spec.generated = plan.secrets.keyMode == planner::SecretKeyMode::Generated;
        } else if (var.name == "DATABASE_URL") {
            spec.description = "PostgreSQL connection URL, with the password";
            spec.generated = services.postgres;
        } else if (var.name == "RAG_OPENAI_API_KEY") {
            spec.description = "Key of the embedding API (" +
                               (plan.embeddingBaseUrl.empty() ? std::string(kOpenAiBaseUrl) : oneLine(plan.embeddingBaseUrl)) +
                               "); fill in before deploying";
            spec.generated = false;
        } else {
            spec.description = "Credentials for an external service; fill in before deploying";
            spec.generated = false;
        }
        secrets.push_back(spec);
    }
    if (services.postgres)
        secrets.push_back({"POSTGRES_PASSWORD", "Password of the bundled PostgreSQL's user", true});
    return secrets;
}

} // namespace

const EnvVar *DeploymentModel::find(std::string_view name) const
{
    const auto it = std::find_if(app.begin(), app.end(), [name](const EnvVar &v) { return v.name == name; });
    return it == app.end() ? nullptr : &*it;
}

std::string awsS3Endpoint(const std::string &region)
{
    // The China partition has its own domain.
    const bool china = region.rfind("cn-", 0) == 0;
    return "https://s3." + region + (china ? ".amazonaws.com.cn" : ".amazonaws.com");
}

planner::Result<void> checkDeployable(const Plan &plan)
{
    // BlobServiceClient refuses an empty account URL, and the provider is built when Open WebUI starts.
    if (plan.storage.kind == planner::StorageKind::Azure && plan.storage.endpoint.empty())
        return planner::fail(planner::ErrorCode::InvalidInput,
                             "Azure storage needs the storage account's endpoint (https://ACCOUNT.blob.core.windows.net): "
                             "without AZURE_STORAGE_ENDPOINT every Open WebUI process stops at start",
                             "/storage/endpoint");
    return {};
}

DeploymentModel deploymentModel(const Plan &plan)
{
    DeploymentModel model;
    model.imageTag = plan.imageTag;
    // Only a multi-instance PostgreSQL plan has anyone to single out: one instance that runs several workers is
    // itself the primary, and "every-instance" is exported as planned (their findings say why they are wrong).
    if (plan.isMultiProcess() && plan.isPostgres()) {
        if (plan.migrations == planner::MigrationMode::Job)
            model.migrationRunner = MigrationRunner::Job;
        else if (plan.migrations == planner::MigrationMode::Primary && plan.peakReplicas() > 1)
            model.migrationRunner = MigrationRunner::Primary;
    }

    auto &s = model.services;
    s.postgres = plan.isPostgres() && plan.database.host == "postgres";
    s.pgvectorImage = s.postgres && plan.vectorDb.kind == planner::VectorDb::Pgvector && plan.vectorDb.pgvectorSameServer;
    s.redis = plan.redis.mode == planner::RedisMode::Single && plan.redis.host == "redis";
    // Bundled when the plan leaves the URL empty or names the bundle's own service (as postgres/redis do by host).
    s.vectorDb = (plan.vectorDb.kind == planner::VectorDb::ChromaHttp || plan.vectorDb.kind == planner::VectorDb::Qdrant) &&
                 (plan.vectorDb.url.empty() || plan.vectorDb.url == vectorDbDefaultUrl(plan.vectorDb.kind));
    s.tika = plan.contentExtraction == planner::ContentExtraction::Tika;
    s.docling = plan.contentExtraction == planner::ContentExtraction::Docling;
    s.otelCollector = plan.otel.enabled && plan.otel.endpoint.find("otel-collector") != std::string::npos;
    // On one Compose host, several replicas cannot all publish the port: a load balancer fronts them.
    s.loadBalancer = plan.peakReplicas() > 1 ||
                     (plan.orchestrator == planner::Orchestrator::Compose && plan.loadBalancer.kind != planner::LoadBalancerKind::None);

    if (plan.hasRedis())
        model.redisUrl = redisUrlOf(plan);

    EnvBuilder env(model);
    env.set("UVICORN_WORKERS", std::to_string(plan.workers));
    if (plan.secrets.keyMode != planner::SecretKeyMode::Unset)
        env.secret("WEBUI_SECRET_KEY");
    if (!plan.persistentConfig)
        env.set("ENABLE_PERSISTENT_CONFIG", "false");
    if (!plan.loadBalancer.publicUrl.empty())
        env.set("WEBUI_URL", plan.loadBalancer.publicUrl);
    if (!plan.corsAllowOrigins.empty())
        env.set("CORS_ALLOW_ORIGIN", join(plan.corsAllowOrigins, ";"));
    addChartConnections(env);
    addDatabase(plan, env);
    addRedis(plan, model.redisUrl, env);
    addVectorDb(plan, env);
    addStorage(plan, model, env);
    addOtel(plan, env);
    addRuntime(plan, env);
    addEmbeddings(plan, env);
    model.app = env.take();

    if (model.migrationRunner != MigrationRunner::EveryProcess) {
        // Replicas never migrate; the job runs Alembic once before they start, or the primary instance as it starts.
        model.migrator = model.app;
        model.app.insert(model.app.begin() + 1, EnvVar{"ENABLE_DB_MIGRATIONS", "false", false});
        model.migrator.insert(model.migrator.begin() + 1, EnvVar{"ENABLE_DB_MIGRATIONS", "true", false});
    }
    model.secrets = secretsOf(plan, model.app, model.services);
    model.topology = topologyOf(plan, model);
    return model;
}

} // namespace exporters
