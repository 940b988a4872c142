// SPDX-License-Identifier: MIT
// The deployment as the window draws it: decided here, from the model the targets are written from, so
// the drawing and the bundle cannot disagree (an autoscaling plan starting with one replica still gets
// its load balancer in both).
#include "exporters/topology.h"
#include "internal.h"

#include <optional>

namespace exporters {
namespace {

using planner::Orchestrator;
using planner::Plan;

/** @brief host[:port] of a URL, for a short label. */
std::string hostOf(const std::string &url)
{
    std::string rest = url;
    if (const auto scheme = rest.find("://"); scheme != std::string::npos)
        rest = rest.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string::npos)
        rest = rest.substr(at + 1); // never show credentials
    return oneLine(rest);
}

std::string withFlags(std::string label, const Plan &plan)
{
    if (plan.loadBalancer.stickySessions)
        label += " · sticky";
    if (plan.loadBalancer.compresses)
        label += " · compresses";
    return label;
}

std::string lbKindName(planner::LoadBalancerKind kind)
{
    switch (kind) {
    case planner::LoadBalancerKind::Nginx: return "nginx";
    case planner::LoadBalancerKind::Traefik: return "Traefik";
    case planner::LoadBalancerKind::Haproxy: return "HAProxy";
    case planner::LoadBalancerKind::Ingress: return "Ingress";
    case planner::LoadBalancerKind::Cloud: return "cloud load balancer";
    case planner::LoadBalancerKind::None: break;
    }
    return {};
}

void entryOf(const Plan &plan, const DeploymentModel &model, Topology &t)
{
    const auto kind = plan.loadBalancer.kind;
    switch (plan.orchestrator) {
    case Orchestrator::Compose:
        // One host cannot publish the port once per replica: the bundle's nginx fronts them (compose.yaml).
        t.loadBalancer = model.services.loadBalancer;
        t.entryDetail = t.loadBalancer ? withFlags("nginx in the bundle, port 3000", plan) : "straight to the container, port 3000";
        break;
    case Orchestrator::Swarm:
        // The routing mesh balances the published port over every task; a proxy of the plan's may sit in front.
        t.loadBalancer = plan.peakReplicas() > 1 || kind != planner::LoadBalancerKind::None;
        t.entryDetail = kind == planner::LoadBalancerKind::None ? std::string("routing mesh, port 3000")
                                                                : lbKindName(kind) + " (yours) → routing mesh";
        t.entryDetail = t.loadBalancer ? withFlags(t.entryDetail, plan) : "routing mesh to the one task, port 3000";
        break;
    case Orchestrator::Kubernetes:
        t.loadBalancer = plan.peakReplicas() > 1 || kind != planner::LoadBalancerKind::None;
        if (kind == planner::LoadBalancerKind::Ingress)
            t.entryDetail = plan.loadBalancer.publicUrl.empty() ? "Ingress (nginx class)"
                                                                : "Ingress (nginx) · " + hostOf(plan.loadBalancer.publicUrl);
        else if (kind == planner::LoadBalancerKind::Cloud)
            t.entryDetail = "Service type LoadBalancer";
        else if (kind != planner::LoadBalancerKind::None)
            t.entryDetail = lbKindName(kind) + " (yours) → Service";
        else
            t.entryDetail = "the open-webui Service";
        if (t.loadBalancer)
            t.entryDetail = withFlags(t.entryDetail, plan);
        break;
    }
    t.entryLabel = t.loadBalancer ? "Load balancer" : "Users";
}

std::string instanceLabelOf(Orchestrator orchestrator)
{
    switch (orchestrator) {
    case Orchestrator::Compose: return "container";
    case Orchestrator::Swarm: return "task";
    case Orchestrator::Kubernetes: return "pod";
    }
    return "instance";
}

std::string migrationsOf(const Plan &plan, const DeploymentModel &model)
{
    switch (model.migrationRunner) {
    case MigrationRunner::Job:
        switch (plan.orchestrator) {
        case Orchestrator::Compose: return "Alembic once: the migrate service, before the containers";
        case Orchestrator::Swarm: return "Alembic once: the migrate job, before the tasks";
        case Orchestrator::Kubernetes: return "Alembic once: a Job, before the pods";
        }
        break;
    case MigrationRunner::Primary:
        switch (plan.orchestrator) {
        case Orchestrator::Compose:
            return "the open-webui-primary container migrates at start; the other containers wait until it is healthy";
        case Orchestrator::Swarm:
            return "task 1 migrates at start; the other tasks have it off and restart until the schema is ready";
        case Orchestrator::Kubernetes:
            return "pod 1 (open-webui-0, the StatefulSet's first) migrates at start; the other pods start once it is ready";
        }
        break;
    case MigrationRunner::EveryProcess: break;
    }
    if (!plan.isMultiProcess())
        return "the process migrates at start";
    return plan.peakReplicas() > 1 ? "every process migrates at start"
                                   : "the one " + instanceLabelOf(plan.orchestrator) + " migrates at start, in each of its " +
                                         std::to_string(plan.workers) + " workers";
}

TopologyNode databaseNode(const Plan &plan, const DeploymentModel &model)
{
    if (!plan.isPostgres())
        return {"database", "SQLite", "webui.db on the data volume", {}, Placement::InProcess};
    const auto &db = plan.database;
    TopologyNode node{"database", "PostgreSQL", "max_connections " + std::to_string(db.maxConnections), {},
                      model.services.postgres ? Placement::Bundled : Placement::External};
    if (!model.services.postgres)
        node.detail = oneLine(db.host) + " · " + node.detail;
    // pgvector on the same server is an extension of this PostgreSQL, not a server of its own.
    if (plan.vectorDb.kind == planner::VectorDb::Pgvector && plan.vectorDb.pgvectorSameServer)
        node.inside.push_back("pgvector");
    return node;
}

TopologyNode redisNode(const Plan &plan, const DeploymentModel &model)
{
    const auto &r = plan.redis;
    const Placement where = model.services.redis ? Placement::Bundled : Placement::External;
    switch (r.mode) {
    case planner::RedisMode::Sentinel:
        return {"redis", "Redis Sentinel",
                std::to_string(r.sentinelHosts.size()) + " sentinels · master " + oneLine(r.sentinelService), {}, where};
    case planner::RedisMode::Cluster: return {"redis", "Redis Cluster", oneLine(r.host), {}, where};
    default: break;
    }
    std::string detail = "maxclients " + std::to_string(r.maxClients);
    if (!model.services.redis)
        detail = oneLine(r.host) + " · " + detail;
    return {"redis", "Redis", detail, {}, where};
}

std::optional<TopologyNode> vectorNode(const Plan &plan, const DeploymentModel &model)
{
    const auto &v = plan.vectorDb;
    const Placement where = model.services.vectorDb ? Placement::Bundled : Placement::External;
    const std::string url = v.url.empty() ? std::string() : hostOf(v.url);
    switch (v.kind) {
    case planner::VectorDb::Chroma: return TopologyNode{"vector-db", "Chroma", "local, in each process", {}, Placement::InProcess};
    case planner::VectorDb::MilvusLite:
        return TopologyNode{"vector-db", "Milvus Lite", "local, in each process", {}, Placement::InProcess};
    case planner::VectorDb::Pgvector:
        if (v.pgvectorSameServer && plan.isPostgres())
            return std::nullopt; // drawn inside PostgreSQL
        return TopologyNode{"vector-db", "pgvector", url.empty() ? "its own PostgreSQL" : url, {}, Placement::External};
    case planner::VectorDb::ChromaHttp:
        return TopologyNode{"vector-db", "Chroma server", url.empty() ? "chromadb:8000" : url, {}, where};
    case planner::VectorDb::Qdrant: return TopologyNode{"vector-db", "Qdrant", url.empty() ? "qdrant:6333" : url, {}, where};
    case planner::VectorDb::Milvus: return TopologyNode{"vector-db", "Milvus", url, {}, Placement::External};
    case planner::VectorDb::Elasticsearch: return TopologyNode{"vector-db", "Elasticsearch", url, {}, Placement::External};
    case planner::VectorDb::Opensearch: return TopologyNode{"vector-db", "OpenSearch", url, {}, Placement::External};
    case planner::VectorDb::Pinecone: return TopologyNode{"vector-db", "Pinecone", "hosted index", {}, Placement::External};
    case planner::VectorDb::Weaviate: return TopologyNode{"vector-db", "Weaviate", url, {}, Placement::External};
    case planner::VectorDb::MariadbVector:
        return TopologyNode{"vector-db", "MariaDB Vector", "its own MariaDB", {}, Placement::External};
    }
    return std::nullopt;
}

TopologyNode storageNode(const Plan &plan, const DeploymentModel &model)
{
    const auto &s = plan.storage;
    const std::string size = std::to_string(s.volumeSizeGi) + " Gi";
    switch (s.kind) {
    case planner::StorageKind::LocalVolume:
        return {"storage", "Data volume", size + " · one node", {}, Placement::Bundled};
    case planner::StorageKind::SharedVolume: {
        // What "shared" is on each orchestrator: the one host's volume, an NFS export, a ReadWriteMany claim.
        const char *how = plan.orchestrator == Orchestrator::Kubernetes ? "every pod (RWX)"
                          : plan.orchestrator == Orchestrator::Swarm    ? "every task (NFS)"
                                                                        : "every container";
        return {"storage", "Shared volume", size + " · " + how, {}, Placement::Bundled};
    }
    case planner::StorageKind::S3:
        return {"storage", "S3", oneLine(s.bucket) + " · " + hostOf(model.storageEndpoint), {}, Placement::External};
    case planner::StorageKind::Gcs: return {"storage", "Cloud Storage", oneLine(s.bucket), {}, Placement::External};
    case planner::StorageKind::Azure:
        return {"storage", "Azure Blob", oneLine(s.bucket) + " · " + hostOf(model.storageEndpoint), {}, Placement::External};
    }
    return {};
}

std::optional<TopologyNode> extractionNode(const Plan &plan)
{
    switch (plan.contentExtraction) {
    case planner::ContentExtraction::Tika: return TopologyNode{"extraction", "Apache Tika", "tika:9998", {}, Placement::Bundled};
    case planner::ContentExtraction::Docling:
        return TopologyNode{"extraction", "Docling", "docling:5001", {}, Placement::Bundled};
    case planner::ContentExtraction::External:
        return TopologyNode{"extraction", "Document loader", "set in the Admin UI", {}, Placement::External};
    case planner::ContentExtraction::Builtin: break;
    }
    return std::nullopt;
}

std::optional<TopologyNode> embeddingsNode(const DeploymentModel &model)
{
    const EnvVar *engine = model.find("RAG_EMBEDDING_ENGINE");
    const EnvVar *name = model.find("RAG_EMBEDDING_MODEL");
    if (!engine || !name)
        return std::nullopt; // local SentenceTransformers, inside every process
    if (engine->value == "openai") {
        const EnvVar *url = model.find("RAG_OPENAI_API_BASE_URL");
        const std::string host = url ? hostOf(url->value) : std::string();
        return TopologyNode{"embeddings", host == "api.openai.com" ? "OpenAI embeddings" : "OpenAI-compatible embeddings",
                            oneLine(name->value) + (host == "api.openai.com" ? "" : " · " + host), {}, Placement::External};
    }
    const EnvVar *url = model.find("RAG_OLLAMA_BASE_URL");
    return TopologyNode{"embeddings", "Ollama embeddings", oneLine(name->value) + " · " + (url ? hostOf(url->value) : ""), {},
                        Placement::External};
}

} // namespace

std::string_view toString(MigrationRunner runner)
{
    switch (runner) {
    case MigrationRunner::EveryProcess: return "every-process";
    case MigrationRunner::Job: return "job";
    case MigrationRunner::Primary: return "primary";
    }
    return "?";
}

std::string_view toString(Placement placement)
{
    switch (placement) {
    case Placement::Bundled: return "bundled";
    case Placement::External: return "external";
    case Placement::InProcess: return "in-process";
    }
    return "?";
}

Topology topologyOf(const Plan &plan, const DeploymentModel &model)
{
    Topology t;
    entryOf(plan, model, t);
    t.instanceLabel = instanceLabelOf(plan.orchestrator);
    t.replicas = plan.replicas;
    t.autoscaling = plan.autoscaling.enabled;
    t.minReplicas = t.autoscaling ? plan.autoscaling.minReplicas : plan.replicas;
    t.maxReplicas = plan.peakReplicas();
    t.workers = plan.workers;
    t.migrations = migrationsOf(plan, model);
    t.migrationRunner = std::string(toString(model.migrationRunner));
    // The primary is the first instance: pod 0, task slot 1, the open-webui-primary container.
    t.migratingInstance = model.migratingPrimary() ? 1 : 0;

    t.services.push_back(databaseNode(plan, model));
    if (plan.hasRedis())
        t.services.push_back(redisNode(plan, model));
    if (auto node = vectorNode(plan, model))
        t.services.push_back(*node);
    t.services.push_back(storageNode(plan, model));
    if (auto node = extractionNode(plan))
        t.services.push_back(*node);
    if (auto node = embeddingsNode(model))
        t.services.push_back(*node);
    if (plan.otel.enabled)
        t.services.push_back({"telemetry", "OTEL collector", hostOf(plan.otel.endpoint),
                              {}, model.services.otelCollector ? Placement::Bundled : Placement::External});
    return t;
}

nlohmann::ordered_json toJson(const Topology &t)
{
    using json = nlohmann::ordered_json;
    json services = json::array();
    for (const auto &node : t.services)
        services.push_back({{"id", node.id},
                            {"label", node.label},
                            {"detail", node.detail},
                            {"inside", node.inside},
                            {"placement", toString(node.placement)}});
    return {{"load_balancer", t.loadBalancer},
            {"entry_label", t.entryLabel},
            {"entry_detail", t.entryDetail},
            {"instance_label", t.instanceLabel},
            {"replicas", t.replicas},
            {"autoscaling", t.autoscaling},
            {"min_replicas", t.minReplicas},
            {"max_replicas", t.maxReplicas},
            {"workers", t.workers},
            {"migrations", t.migrations},
            {"migration_runner", t.migrationRunner},
            {"migrating_instance", t.migratingInstance},
            {"services", services}};
}

} // namespace exporters
