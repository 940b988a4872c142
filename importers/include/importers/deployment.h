// SPDX-License-Identifier: MIT
#pragma once

#include "planner/plan.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace importers {

/** @brief Where in the audited files a value was read; line and column are 1-based, 0 when not known. */
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;

    /** @brief "compose.yaml:12:7", "values.yaml:40", "compose.yaml", or empty. */
    [[nodiscard]] std::string describe() const;
    [[nodiscard]] bool empty() const { return file.empty(); }
    bool operator==(const SourceLocation &) const = default;
};

/** @brief How sure the audit is of a value. */
enum class Certainty {
    Known,        ///< written in the files (after interpolation, anchors, extends, chart rendering)
    ChartDefault, ///< left out of the values: the chart's default for the version in use (or assumed)
    Unknown,      ///< the files cannot show it (absent env_file, envFrom, a Secret's content, a _FILE variable)
};

/** @brief One environment variable as a workload's files set it. */
struct EnvSetting {
    enum class Kind {
        Literal,         ///< `value` is the text the container sees
        SecretReference, ///< from a Kubernetes Secret, a Docker secret or a _FILE variable: the same on every
                         ///< replica, content unknown; `value` names the reference ("Secret owui/key")
        Unknown,         ///< set, but from somewhere the files do not show
    };
    Kind kind = Kind::Literal;
    std::string value;
    Certainty certainty = Certainty::Known;
    SourceLocation where;
    /** For people: "env_file .env", "chart value websocket.url (default of chart 16.0.0)". */
    std::string origin;
};

/**
 * @brief A source that may set any variable and whose content the files do not show: an absent `env_file`,
 * `envFrom`, the chart's `extraEnvFrom`. A variable not set explicitly may still come from one of these, so
 * the audit reports it as unknown rather than as Open WebUI's default.
 */
struct OpaqueEnvSource {
    std::string description; ///< "envFrom ConfigMap owui-env", "env_file prod.env (not found beside compose.yaml)"
    SourceLocation where;
};

/** @brief What holds `/app/backend/data` for a workload, and whether its replicas see the same files. */
struct DataVolume {
    enum class Kind {
        None,              ///< the container's own layer or an emptyDir: lost on restart, never shared
        HostLocal,         ///< a named volume or bind mount on one Compose host: shared by replicas on that host
        NodeLocal,         ///< Swarm local-driver volume or a ReadWriteOnce claim: one per node, not shared
        Shared,            ///< ReadWriteMany, NFS, CephFS, EFS: every replica sees it
        UnknownClaim,      ///< an existing claim or storage class the files do not describe
    };
    Kind kind = Kind::None;
    std::string name;
    SourceLocation where;
    Certainty certainty = Certainty::Known;
    std::string note;
};

/** @brief A container, service or pod template that runs the Open WebUI image (or the chart's). */
struct Workload {
    enum class Kind { ComposeService, SwarmService, Deployment, StatefulSet, Job, HelmChart };
    Kind kind = Kind::ComposeService;
    std::string name;
    SourceLocation where;       ///< the service key, the manifest's kind line, or the values file
    planner::Orchestrator orchestrator = planner::Orchestrator::Compose;

    std::string image;          ///< as written (registry, path, tag)
    SourceLocation imageWhere;

    int replicas = 1;           ///< `deploy.replicas`, `scale`, `spec.replicas`, `replicaCount`
    Certainty replicasCertainty = Certainty::Known;
    SourceLocation replicasWhere;
    /** Swarm `deploy.mode: global`: one per node, the count is unknown (at least one). */
    bool onePerNode = false;
    std::optional<int> autoscalingMin;
    std::optional<int> autoscalingMax;
    SourceLocation autoscalingWhere;

    /** "RollingUpdate", "Recreate", "OnDelete", "start-first", "stop-first", or empty for the orchestrator's default. */
    std::string updateStrategy;
    SourceLocation updateStrategyWhere;

    /** HelmChart only: the kind the chart renders ("Deployment" or "StatefulSet"), from `workload.kind` or its default. */
    std::string renderedKind;
    Certainty renderedKindCertainty = Certainty::Known;
    SourceLocation renderedKindWhere;

    /** Every variable set on the container, Open WebUI's or not (the misspelling check reads them all). */
    std::map<std::string, EnvSetting> env;
    std::vector<OpaqueEnvSource> opaqueEnv;

    DataVolume data;
};

/** @brief A service the files define next to Open WebUI (a database, Redis, a vector store). */
struct CompanionService {
    enum class Role { Postgres, Redis, Chroma, Qdrant, Milvus, Elasticsearch, Opensearch, Weaviate, Tika,
                      Docling, OtelCollector, Proxy, Other };
    Role role = Role::Other;
    std::string name;           ///< the host name other containers reach it by (Compose service, k8s Service)
    std::string image;
    SourceLocation where;
    /** Server settings read from its command or config: "max_connections", "maxclients", "timeout", "maxmemory-policy". */
    std::map<std::string, std::pair<std::string, SourceLocation>> settings;
};

/** @brief The chart version whose defaults apply to Helm values. */
struct ChartVersion {
    std::string version;        ///< "16.0.0", or a constraint's lowest version
    bool assumed = true;        ///< no Chart.yaml dependency or HelmRelease said which
    SourceLocation where;
};

/** @brief A remark made while reading: an include not found, a file kind guessed, an extends cycle. */
struct ReadNote {
    std::string message;
    SourceLocation where;
};

/** @brief Everything the audited files show of one deployment. */
struct ImportedDeployment {
    std::vector<std::string> files;      ///< as given, in order
    std::vector<Workload> workloads;     ///< every Open WebUI workload found, by image or by chart
    std::vector<CompanionService> companions;
    std::optional<ChartVersion> chart;   ///< set when Helm values were read
    std::vector<ReadNote> notes;
};

} // namespace importers
