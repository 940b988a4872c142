// SPDX-License-Identifier: MIT
#pragma once
// Kubernetes objects shared by the manifest reader and the Helm values renderer: safe YAML access, the
// ConfigMaps, Secrets, claims, Services and autoscalers the files define, and a container's environment.

#include "importers/deployment.h"
#include "yamlinput.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>


namespace importers::detail {

// ---- Access as Kubernetes and Helm read a manifest: of duplicate keys, the last wins. ----

/** @brief The value under `key` of a mapping, or an undefined node (also when `node` is not a mapping). */
[[nodiscard]] YamlNode field(const YamlNode &node, std::string_view key);
/** @brief The key node and value node under `key`, for locating a setting at its key. */
struct MapEntry {
    YamlNode key;
    YamlNode value;
};
[[nodiscard]] std::optional<MapEntry> entry(const YamlNode &node, std::string_view key);
/** @brief A scalar's text, or "" for anything else. */
[[nodiscard]] std::string text(const YamlNode &node);
[[nodiscard]] std::optional<long long> integer(const YamlNode &node);
/** @brief YAML 1.1 booleans as Helm reads them (true/false/yes/no/on/off, any case). */
[[nodiscard]] std::optional<bool> boolean(const YamlNode &node);

// ---- What the manifests define ----

struct ObjectRef {
    std::string name;
    std::string ns; ///< empty when the manifest leaves it to the namespace it is applied in
    [[nodiscard]] bool matches(const std::string &otherName, const std::string &otherNs) const
    {
        return name == otherName && (ns.empty() || otherNs.empty() || ns == otherNs);
    }
};

struct ConfigMapObject {
    ObjectRef ref;
    std::string file;
    YamlNode data; ///< the `data` mapping (may be undefined)
};

struct SecretObject {
    ObjectRef ref;
    std::vector<std::string> keys; ///< keys of `data` and `stringData`; their contents are never read
};

struct ClaimObject {
    ObjectRef ref;
    std::vector<std::string> accessModes;
    std::string storageClass;
    SourceLocation where;
};

struct ServiceObject {
    ObjectRef ref;
    std::map<std::string, std::string> selector;
};

struct AutoscalerObject {
    std::string targetKind;
    std::string targetName;
    std::string ns;
    int minReplicas = 1;
    std::optional<int> maxReplicas;
    SourceLocation where;
    bool used = false;
};

/**
 * Bounds on the work one read does, so that a hostile file within the node budget cannot make it quadratic
 * (ten thousand workloads each taking a ConfigMap of a hundred thousand keys through envFrom).
 */
inline constexpr std::size_t kMaxObjectsOfAKind = 10'000;  ///< ConfigMaps, Secrets, claims, Services, autoscalers
inline constexpr std::size_t kMaxWorkloadsRead = 1'000;    ///< Open WebUI workloads plus companions
inline constexpr std::size_t kMaxEnvWrites = 1'000'000;    ///< variables written over all workloads
inline constexpr std::size_t kMaxExpandedValue = 64 * 1024; ///< a value after `$(VAR)` expansion

struct ManifestIndex {
    /** Variables that may still be written (applyEnv* stop at zero); shared by every workload of one read. */
    mutable std::size_t envWritesLeft = kMaxEnvWrites;

    std::vector<ConfigMapObject> configMaps;
    std::vector<SecretObject> secrets;
    std::vector<ClaimObject> claims;
    std::vector<ServiceObject> services;
    std::vector<AutoscalerObject> autoscalers;

    [[nodiscard]] const ConfigMapObject *configMap(const std::string &name, const std::string &ns) const;
    [[nodiscard]] const SecretObject *secret(const std::string &name, const std::string &ns) const;
    [[nodiscard]] const ClaimObject *claim(const std::string &name, const std::string &ns) const;
};

/** @brief Where a container's variables are read from, for origins and locations. */
struct EnvContext {
    std::string file;
    std::string ns;
    const ManifestIndex *index = nullptr;
    std::string originPrefix; ///< "container open-webui", "chart value extraEnvVars"
    /** Where remarks go (an env entry with a field Kubernetes does not know); none when null. */
    std::vector<ReadNote> *notes = nullptr;
};

/** @brief Apply an `envFrom` list (ConfigMap data, a Secret's keys, or an opaque source). */
void applyEnvFrom(const YamlNode &envFrom, const EnvContext &context, Workload &workload);
/**
 * @brief Apply an `env` list in order: later entries win, `$(VAR)` expands from the entries before it as
 * Kubernetes does, secrets stay references.
 */
void applyEnvList(const YamlNode &env, const EnvContext &context, Workload &workload);
/** @brief One env entry (`name` plus `value` or `valueFrom`), for the chart's map form too. */
void applyEnvEntry(const std::string &name, const YamlNode &nameNode, const YamlNode &value,
                   const YamlNode &valueFrom, const EnvContext &context, Workload &workload);

/** @brief A claim by name: its access modes decide whether replicas share it. */
[[nodiscard]] DataVolume claimVolume(const std::string &claimName, const std::string &ns, const ManifestIndex &index,
                                     SourceLocation where);
/** @brief The data volume for a set of access modes. */
[[nodiscard]] DataVolume volumeForAccessModes(const std::vector<std::string> &accessModes, std::string name,
                                              SourceLocation where);

/** @brief The role of a companion image (postgres, redis, qdrant, ...), or nullopt when not recognised. */
[[nodiscard]] std::optional<CompanionService::Role> companionRole(std::string_view image);
/** @brief Server settings from a command and args (`-c max_connections=200`, `--maxclients 1000`). */
void readServerSettings(const YamlNode &command, const YamlNode &args, const std::string &file,
                        CompanionService &companion);

// ---- Helm ----

/** @brief One values file (or a HelmRelease's `spec.values`) as the chart sees it, in Helm's order. */
struct ValuesLayer {
    YamlNode root;      ///< the chart's values (the umbrella's `open-webui:` map when nested)
    std::string file;
    SourceLocation where; ///< the umbrella key, `spec.values`, or the file
};

struct ChartInput {
    std::vector<ValuesLayer> layers;
    ChartVersion version;
    std::string releaseName;             ///< empty when no HelmRelease names it
    std::string ns;
    std::vector<OpaqueEnvSource> valuesFrom; ///< a HelmRelease's valuesFrom: values the files do not show
};

/** @brief Render what the open-webui chart puts on the pod (and the Redis it bundles). */
void renderChart(const ChartInput &input, const ManifestIndex &index, ImportedDeployment &out);

} // namespace importers::detail
