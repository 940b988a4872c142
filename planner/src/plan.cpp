// SPDX-License-Identifier: MIT
#include "planner/plan.h"
#include "planner/result.h"

#include <algorithm>
#include <array>
#include <span>

namespace planner {
namespace {

// One table per enum: the spelling used in plan files, on the command line and
// in Open WebUI's own variables where one exists (VECTOR_DB, STORAGE_PROVIDER).
constexpr std::array kOrchestrators{
    EnumName<Orchestrator>{Orchestrator::Compose, "compose"},
    EnumName<Orchestrator>{Orchestrator::Swarm, "swarm"},
    EnumName<Orchestrator>{Orchestrator::Kubernetes, "kubernetes"},
};
constexpr std::array kDatabaseKinds{
    EnumName<DatabaseKind>{DatabaseKind::Sqlite, "sqlite"},
    EnumName<DatabaseKind>{DatabaseKind::Postgres, "postgresql"},
};
constexpr std::array kRedisModes{
    EnumName<RedisMode>{RedisMode::None, "none"},
    EnumName<RedisMode>{RedisMode::Single, "single"},
    EnumName<RedisMode>{RedisMode::Sentinel, "sentinel"},
    EnumName<RedisMode>{RedisMode::Cluster, "cluster"},
};
constexpr std::array kVectorDbs{
    EnumName<VectorDb>{VectorDb::Chroma, "chroma"},
    EnumName<VectorDb>{VectorDb::ChromaHttp, "chroma-http"},
    EnumName<VectorDb>{VectorDb::Pgvector, "pgvector"},
    EnumName<VectorDb>{VectorDb::Qdrant, "qdrant"},
    EnumName<VectorDb>{VectorDb::Milvus, "milvus"},
    EnumName<VectorDb>{VectorDb::MilvusLite, "milvus-lite"},
    EnumName<VectorDb>{VectorDb::Elasticsearch, "elasticsearch"},
    EnumName<VectorDb>{VectorDb::Opensearch, "opensearch"},
    EnumName<VectorDb>{VectorDb::Pinecone, "pinecone"},
    EnumName<VectorDb>{VectorDb::Weaviate, "weaviate"},
    EnumName<VectorDb>{VectorDb::MariadbVector, "mariadb-vector"},
};
constexpr std::array kStorageKinds{
    EnumName<StorageKind>{StorageKind::LocalVolume, "local"},
    EnumName<StorageKind>{StorageKind::SharedVolume, "shared-volume"},
    EnumName<StorageKind>{StorageKind::S3, "s3"},
    EnumName<StorageKind>{StorageKind::Gcs, "gcs"},
    EnumName<StorageKind>{StorageKind::Azure, "azure"},
};
constexpr std::array kSecretKeyModes{
    EnumName<SecretKeyMode>{SecretKeyMode::Unset, "unset"},
    EnumName<SecretKeyMode>{SecretKeyMode::Generated, "generated"},
    EnumName<SecretKeyMode>{SecretKeyMode::External, "external"},
};
constexpr std::array kMigrationModes{
    EnumName<MigrationMode>{MigrationMode::EveryInstance, "every-instance"},
    EnumName<MigrationMode>{MigrationMode::Primary, "primary"},
    EnumName<MigrationMode>{MigrationMode::Job, "job"},
};
constexpr std::array kOtelProtocols{
    EnumName<OtelProtocol>{OtelProtocol::Grpc, "grpc"},
    EnumName<OtelProtocol>{OtelProtocol::Http, "http"},
};
constexpr std::array kLoadBalancerKinds{
    EnumName<LoadBalancerKind>{LoadBalancerKind::None, "none"},
    EnumName<LoadBalancerKind>{LoadBalancerKind::Nginx, "nginx"},
    EnumName<LoadBalancerKind>{LoadBalancerKind::Traefik, "traefik"},
    EnumName<LoadBalancerKind>{LoadBalancerKind::Haproxy, "haproxy"},
    EnumName<LoadBalancerKind>{LoadBalancerKind::Ingress, "ingress"},
    EnumName<LoadBalancerKind>{LoadBalancerKind::Cloud, "cloud"},
};
constexpr std::array kContentExtractions{
    EnumName<ContentExtraction>{ContentExtraction::Builtin, "builtin"},
    EnumName<ContentExtraction>{ContentExtraction::Tika, "tika"},
    EnumName<ContentExtraction>{ContentExtraction::Docling, "docling"},
    EnumName<ContentExtraction>{ContentExtraction::External, "external"},
};
constexpr std::array kEmbeddingEngines{
    EnumName<EmbeddingEngine>{EmbeddingEngine::Local, "local"},
    EnumName<EmbeddingEngine>{EmbeddingEngine::Ollama, "ollama"},
    EnumName<EmbeddingEngine>{EmbeddingEngine::OpenAI, "openai"},
};
constexpr std::array kUpgradeStrategies{
    EnumName<UpgradeStrategy>{UpgradeStrategy::Rolling, "rolling"},
    EnumName<UpgradeStrategy>{UpgradeStrategy::Recreate, "recreate"},
};

template <typename Enum>
constexpr auto table();
template <> constexpr auto table<Orchestrator>() { return std::span(kOrchestrators); }
template <> constexpr auto table<DatabaseKind>() { return std::span(kDatabaseKinds); }
template <> constexpr auto table<RedisMode>() { return std::span(kRedisModes); }
template <> constexpr auto table<VectorDb>() { return std::span(kVectorDbs); }
template <> constexpr auto table<StorageKind>() { return std::span(kStorageKinds); }
template <> constexpr auto table<SecretKeyMode>() { return std::span(kSecretKeyModes); }
template <> constexpr auto table<MigrationMode>() { return std::span(kMigrationModes); }
template <> constexpr auto table<OtelProtocol>() { return std::span(kOtelProtocols); }
template <> constexpr auto table<LoadBalancerKind>() { return std::span(kLoadBalancerKinds); }
template <> constexpr auto table<ContentExtraction>() { return std::span(kContentExtractions); }
template <> constexpr auto table<EmbeddingEngine>() { return std::span(kEmbeddingEngines); }
template <> constexpr auto table<UpgradeStrategy>() { return std::span(kUpgradeStrategies); }

template <typename Enum>
std::string_view nameOf(Enum value)
{
    for (const auto &entry : table<Enum>())
        if (entry.value == value)
            return entry.name;
    return "?";
}

} // namespace

template <typename Enum>
std::optional<Enum> enumFromString(std::string_view name)
{
    for (const auto &entry : table<Enum>())
        if (entry.name == name)
            return entry.value;
    return std::nullopt;
}

template <typename Enum>
std::vector<std::string_view> enumNames()
{
    std::vector<std::string_view> names;
    for (const auto &entry : table<Enum>())
        names.push_back(entry.name);
    return names;
}

#define PLANNER_ENUM_FUNCTIONS(Enum)                                                                                   \
    std::string_view toString(Enum v) { return nameOf(v); }                                                            \
    template std::optional<Enum> enumFromString<Enum>(std::string_view);                                               \
    template std::vector<std::string_view> enumNames<Enum>();

PLANNER_ENUM_FUNCTIONS(Orchestrator)
PLANNER_ENUM_FUNCTIONS(DatabaseKind)
PLANNER_ENUM_FUNCTIONS(RedisMode)
PLANNER_ENUM_FUNCTIONS(VectorDb)
PLANNER_ENUM_FUNCTIONS(StorageKind)
PLANNER_ENUM_FUNCTIONS(SecretKeyMode)
PLANNER_ENUM_FUNCTIONS(MigrationMode)
PLANNER_ENUM_FUNCTIONS(OtelProtocol)
PLANNER_ENUM_FUNCTIONS(LoadBalancerKind)
PLANNER_ENUM_FUNCTIONS(ContentExtraction)
PLANNER_ENUM_FUNCTIONS(EmbeddingEngine)
PLANNER_ENUM_FUNCTIONS(UpgradeStrategy)
#undef PLANNER_ENUM_FUNCTIONS

int Plan::peakReplicas() const
{
    return autoscaling.enabled ? std::max(replicas, autoscaling.maxReplicas) : replicas;
}

bool Plan::isMultiProcess() const
{
    return peakProcesses() > 1;
}

bool isEmbeddedVectorDb(VectorDb v)
{
    return v == VectorDb::Chroma || v == VectorDb::MilvusLite;
}

bool isCloudStorage(StorageKind v)
{
    return v == StorageKind::S3 || v == StorageKind::Gcs || v == StorageKind::Azure;
}

bool isSharedStorage(StorageKind v)
{
    return v == StorageKind::SharedVolume || isCloudStorage(v);
}

std::string Error::describe() const
{
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0)
            out += ':' + std::to_string(line);
        out += ": ";
    }
    if (!where.empty())
        out += where + ": ";
    out += message;
    return out;
}

} // namespace planner
