// SPDX-License-Identifier: MIT
#include "exporters/model.h"

#include <algorithm>
#include <cstdio>

namespace exporters {
namespace {

using planner::Plan;

std::string boolText(bool value)
{
    return value ? "true" : "false";
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
    void set(std::string name, std::string value) { m_vars.push_back({std::move(name), std::move(value), false}); }
    void secret(std::string name) { m_vars.push_back({std::move(name), {}, true}); }
    [[nodiscard]] std::vector<EnvVar> take() { return std::move(m_vars); }

private:
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
    env.set("ENABLE_WEBSOCKET_SUPPORT", boolText(plan.websocketSupport));
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

void addStorage(const Plan &plan, EnvBuilder &env)
{
    const auto &s = plan.storage;
    switch (s.kind) {
    case planner::StorageKind::LocalVolume:
    case planner::StorageKind::SharedVolume:
        return; // STORAGE_PROVIDER stays unset: an empty value would crash Open WebUI
    case planner::StorageKind::S3:
        env.set("STORAGE_PROVIDER", "s3");
        env.set("S3_BUCKET_NAME", s.bucket);
        if (!s.region.empty())
            env.set("S3_REGION_NAME", s.region);
        if (!s.endpoint.empty())
            env.set("S3_ENDPOINT_URL", s.endpoint);
        return;
    case planner::StorageKind::Gcs:
        env.set("STORAGE_PROVIDER", "gcs");
        env.set("GCS_BUCKET_NAME", s.bucket);
        return;
    case planner::StorageKind::Azure:
        env.set("STORAGE_PROVIDER", "azure");
        env.set("AZURE_STORAGE_CONTAINER_NAME", s.bucket);
        if (!s.endpoint.empty())
            env.set("AZURE_STORAGE_ENDPOINT", s.endpoint);
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
    switch (plan.embeddings) {
    case planner::EmbeddingEngine::Local: break;
    case planner::EmbeddingEngine::Ollama: env.set("RAG_EMBEDDING_ENGINE", "ollama"); break;
    case planner::EmbeddingEngine::OpenAI: env.set("RAG_EMBEDDING_ENGINE", "openai"); break;
    }
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

DeploymentModel deploymentModel(const Plan &plan)
{
    DeploymentModel model;
    model.imageTag = plan.imageTag;
    // "primary" and "job" both become one migration unit: no target can give one replica its own environment.
    // "every-instance" is exported as planned (its finding says why it is wrong).
    model.migrationUnit =
        plan.isMultiProcess() && plan.isPostgres() && plan.migrations != planner::MigrationMode::EveryInstance;

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

    EnvBuilder env;
    env.set("UVICORN_WORKERS", std::to_string(plan.workers));
    if (plan.secrets.keyMode != planner::SecretKeyMode::Unset)
        env.secret("WEBUI_SECRET_KEY");
    if (!plan.loadBalancer.publicUrl.empty())
        env.set("WEBUI_URL", plan.loadBalancer.publicUrl);
    if (!plan.corsAllowOrigins.empty())
        env.set("CORS_ALLOW_ORIGIN", join(plan.corsAllowOrigins, ";"));
    addDatabase(plan, env);
    addRedis(plan, model.redisUrl, env);
    addVectorDb(plan, env);
    addStorage(plan, env);
    addOtel(plan, env);
    addRuntime(plan, env);
    model.app = env.take();

    if (model.migrationUnit) {
        // Replicas never migrate; the migration unit runs Alembic once before they start.
        model.migrator = model.app;
        model.app.insert(model.app.begin() + 1, EnvVar{"ENABLE_DB_MIGRATIONS", "false", false});
        model.migrator.insert(model.migrator.begin() + 1, EnvVar{"ENABLE_DB_MIGRATIONS", "true", false});
    }
    model.secrets = secretsOf(plan, model.app, model.services);
    return model;
}

} // namespace exporters
