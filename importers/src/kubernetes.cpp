// SPDX-License-Identifier: MIT
// Kubernetes manifests, Helm values for the open-webui chart, Flux HelmReleases and Chart.yaml: what they
// show of Open WebUI. Every read goes through the safe accessors of kubernetesobjects.h, because a file may
// put any node type anywhere.
#include "chartdefaults.h"
#include "kubernetesobjects.h"
#include "readers.h"

#include <algorithm>

namespace importers::detail {

namespace {

constexpr std::string_view kChartName = "open-webui";
constexpr std::string_view kDataPath = "/app/backend/data";

struct Manifest {
    YamlNode document;
    std::string file;
    std::string kind;
    std::string name;
    std::string ns;
    SourceLocation kindWhere;
};

std::string metadataName(const YamlNode &document)
{
    return text(field(field(document, "metadata"), "name"));
}

std::string metadataNamespace(const YamlNode &document)
{
    return text(field(field(document, "metadata"), "namespace"));
}

Manifest makeManifest(const YamlNode &document, const std::string &file)
{
    Manifest manifest{document, file, text(field(document, "kind")), metadataName(document), metadataNamespace(document), {}};
    const auto kindEntry = entry(document, "kind");
    manifest.kindWhere = locate(kindEntry ? kindEntry->key : document, file);
    return manifest;
}

std::vector<std::string> scalarList(const YamlNode &node)
{
    std::vector<std::string> values;
    if (node.isSequence()) {
        for (const auto &item : node.elements())
            if (auto value = scalarText(item))
                values.push_back(*value);
    } else if (auto value = scalarText(node)) {
        values.push_back(*value);
    }
    return values;
}

std::map<std::string, std::string> scalarMap(const YamlNode &node)
{
    std::map<std::string, std::string> values;
    if (!node.isMap())
        return values;
    for (const auto &item : node.entries()) {
        auto key = scalarText(item.key);
        auto value = scalarText(item.value);
        if (key && value)
            values[*key] = *value;
    }
    return values;
}

template <typename T>
bool roomFor(const std::vector<T> &objects)
{
    return objects.size() < kMaxObjectsOfAKind;
}

void indexObject(const Manifest &manifest, ManifestIndex &index)
{
    const YamlNode &document = manifest.document;
    const ObjectRef ref{manifest.name, manifest.ns};
    const YamlNode spec = field(document, "spec");
    if (manifest.kind == "ConfigMap" && roomFor(index.configMaps)) {
        index.configMaps.push_back({ref, manifest.file, field(document, "data")});
    } else if (manifest.kind == "Secret" && roomFor(index.secrets)) {
        SecretObject secret{ref, {}};
        for (const char *part : {"data", "stringData"}) {
            const YamlNode data = field(document, part);
            if (!data.isMap())
                continue;
            for (const auto &item : data.entries())
                if (auto key = scalarText(item.key))
                    secret.keys.push_back(*key);
        }
        index.secrets.push_back(std::move(secret));
    } else if (manifest.kind == "PersistentVolumeClaim" && roomFor(index.claims)) {
        const auto modes = entry(spec, "accessModes");
        index.claims.push_back({ref, scalarList(field(spec, "accessModes")), text(field(spec, "storageClassName")),
                                locate(modes ? modes->key : document, manifest.file)});
    } else if (manifest.kind == "Service" && roomFor(index.services)) {
        index.services.push_back({ref, scalarMap(field(spec, "selector"))});
    } else if (manifest.kind == "HorizontalPodAutoscaler" && roomFor(index.autoscalers)) {
        AutoscalerObject autoscaler;
        const YamlNode target = field(spec, "scaleTargetRef");
        autoscaler.targetKind = text(field(target, "kind"));
        autoscaler.targetName = text(field(target, "name"));
        autoscaler.ns = manifest.ns;
        if (auto min = integer(field(spec, "minReplicas")); min && *min >= 0 && *min < 1'000'000)
            autoscaler.minReplicas = static_cast<int>(*min);
        if (auto max = integer(field(spec, "maxReplicas")); max && *max >= 0 && *max < 1'000'000)
            autoscaler.maxReplicas = static_cast<int>(*max);
        const auto maxEntry = entry(spec, "maxReplicas");
        autoscaler.where = maxEntry ? locate(maxEntry->key, manifest.file) : manifest.kindWhere;
        index.autoscalers.push_back(autoscaler);
    }
}

/** @brief The Service that selects a pod's labels, for the host name other containers reach it by. */
std::string serviceSelecting(const std::map<std::string, std::string> &podLabels, const std::string &ns, const ManifestIndex &index)
{
    for (const auto &service : index.services) {
        if (service.selector.empty() || (!service.ref.ns.empty() && !ns.empty() && service.ref.ns != ns))
            continue;
        const bool selects = std::all_of(service.selector.begin(), service.selector.end(), [&](const auto &pair) {
            const auto label = podLabels.find(pair.first);
            return label != podLabels.end() && label->second == pair.second;
        });
        if (selects)
            return service.ref.name;
    }
    return {};
}

/** @brief The mount that holds /app/backend/data: the mount at that path or at the deepest directory above it. */
std::optional<std::pair<std::string, SourceLocation>> dataMount(const YamlNode &container, const std::string &file)
{
    std::optional<std::pair<std::string, SourceLocation>> best;
    std::size_t bestLength = 0;
    const YamlNode mounts = field(container, "volumeMounts");
    if (!mounts.isSequence())
        return best;
    for (const auto &mount : mounts.elements()) {
        std::string path = text(field(mount, "mountPath"));
        while (path.size() > 1 && path.back() == '/')
            path.pop_back();
        const bool covers = path == kDataPath || (!path.empty() && std::string_view(kDataPath).starts_with(path) &&
                                                  (path == "/" || kDataPath[path.size()] == '/'));
        if (covers && path.size() > bestLength) {
            bestLength = path.size();
            const auto pathEntry = entry(mount, "mountPath");
            best = std::make_pair(text(field(mount, "name")), locate(pathEntry ? pathEntry->key : mount, file));
        }
    }
    return best;
}

DataVolume podDataVolume(const Manifest &manifest, const YamlNode &podSpec, const YamlNode &container,
                         const ManifestIndex &index)
{
    DataVolume volume;
    const auto mount = dataMount(container, manifest.file);
    if (!mount) {
        volume.kind = DataVolume::Kind::None;
        volume.where = locate(container, manifest.file);
        volume.note = "no volume at /app/backend/data: the container's own layer, lost when the pod is replaced";
        return volume;
    }
    const auto &[volumeName, mountWhere] = *mount;
    const YamlNode volumes = field(podSpec, "volumes");
    if (volumes.isSequence()) {
        for (const auto &item : volumes.elements()) {
            if (text(field(item, "name")) != volumeName)
                continue;
            const SourceLocation where = locate(item, manifest.file);
            if (const YamlNode claim = field(item, "persistentVolumeClaim"); claim.isMap()) {
                const auto claimName = entry(claim, "claimName");
                return claimVolume(text(field(claim, "claimName")), manifest.ns, index,
                                   locate(claimName ? claimName->value : item, manifest.file));
            }
            volume.name = volumeName;
            volume.where = where;
            if (field(item, "nfs").isMap() || field(item, "cephfs").isMap() || field(item, "glusterfs").isMap() ||
                field(item, "azureFile").isMap()) {
                volume.kind = DataVolume::Kind::Shared;
                volume.note = "network filesystem volume: every replica sees it";
            } else if (entry(item, "emptyDir") || entry(item, "ephemeral")) {
                volume.kind = DataVolume::Kind::None;
                volume.note = "emptyDir: per pod, lost when the pod is replaced";
            } else if (field(item, "hostPath").isMap()) {
                volume.kind = DataVolume::Kind::NodeLocal;
                volume.note = "hostPath " + text(field(field(item, "hostPath"), "path")) + ": each node has its own";
            } else {
                volume.kind = DataVolume::Kind::UnknownClaim;
                volume.certainty = Certainty::Unknown;
                volume.note = "a volume type the planner does not read";
                if (const YamlNode csi = field(item, "csi"); csi.isMap()) {
                    const std::string driver = text(field(csi, "driver"));
                    volume.note = "CSI volume (driver " + driver + ")";
                    for (std::string_view shared : {"efs", "nfs", "cephfs", "smb", "file.csi.azure"}) {
                        if (driver.find(shared) != std::string::npos) {
                            volume.kind = DataVolume::Kind::Shared;
                            volume.certainty = Certainty::Known;
                        }
                    }
                }
            }
            return volume;
        }
    }
    // A StatefulSet's claim template: every pod gets a claim of its own, so replicas never share the files.
    const YamlNode templates = field(field(manifest.document, "spec"), "volumeClaimTemplates");
    if (manifest.kind == "StatefulSet" && templates.isSequence()) {
        for (const auto &claim : templates.elements()) {
            if (metadataName(claim) != volumeName)
                continue;
            const auto modes = scalarList(field(field(claim, "spec"), "accessModes"));
            std::string joined;
            for (const auto &mode : modes)
                joined += (joined.empty() ? "" : ", ") + mode;
            volume.kind = DataVolume::Kind::NodeLocal;
            volume.name = volumeName;
            volume.where = locate(claim, manifest.file);
            volume.note = "volumeClaimTemplates: one claim per pod (" + (joined.empty() ? std::string("no access modes") : joined) +
                          "); replicas never see each other's files";
            return volume;
        }
    }
    volume.kind = DataVolume::Kind::UnknownClaim;
    volume.certainty = Certainty::Unknown;
    volume.name = volumeName;
    volume.where = mountWhere;
    volume.note = "volume " + volumeName + " is not defined in the pod";
    return volume;
}

/** @brief The pod template of a workload manifest, with what decides its count and its updates. */
struct PodTemplate {
    YamlNode spec;
    YamlNode labels;
    Workload::Kind kind = Workload::Kind::Deployment;
    YamlNode replicasKey;
    YamlNode replicas;
    bool onePerNode = false;
    YamlNode strategy;
    std::string note;
};

std::optional<PodTemplate> podTemplate(const Manifest &manifest)
{
    const YamlNode spec = field(manifest.document, "spec");
    PodTemplate pod;
    YamlNode templateNode = field(spec, "template");
    const auto replicasEntry = entry(spec, "replicas");
    if (replicasEntry) {
        pod.replicasKey = replicasEntry->key;
        pod.replicas = replicasEntry->value;
    }
    if (manifest.kind == "Deployment" || manifest.kind == "ReplicaSet") {
        pod.strategy = field(spec, "strategy");
    } else if (manifest.kind == "StatefulSet") {
        pod.kind = Workload::Kind::StatefulSet;
        pod.strategy = field(spec, "updateStrategy");
    } else if (manifest.kind == "DaemonSet") {
        pod.onePerNode = true;
        pod.strategy = field(spec, "updateStrategy");
        pod.note = "a DaemonSet: one pod per node";
    } else if (manifest.kind == "Job" || manifest.kind == "CronJob") {
        pod.kind = Workload::Kind::Job;
        YamlNode jobSpec = spec;
        if (manifest.kind == "CronJob") {
            jobSpec = field(field(spec, "jobTemplate"), "spec");
            templateNode = field(jobSpec, "template");
        }
        const auto parallelism = entry(jobSpec, "parallelism");
        pod.replicasKey = parallelism ? parallelism->key : YamlNode();
        pod.replicas = parallelism ? parallelism->value : YamlNode();
    } else if (manifest.kind == "Pod") {
        pod.spec = spec;
        pod.labels = field(field(manifest.document, "metadata"), "labels");
        pod.note = "a bare Pod, read as one replica";
        return pod;
    } else {
        return std::nullopt;
    }
    pod.spec = field(templateNode, "spec");
    pod.labels = field(field(templateNode, "metadata"), "labels");
    if (!pod.spec.isMap())
        return std::nullopt;
    return pod;
}

void readWorkloadManifest(const Manifest &manifest, const ManifestIndex &index, ImportedDeployment &out)
{
    const auto pod = podTemplate(manifest);
    if (!pod)
        return;
    const YamlNode containers = field(pod->spec, "containers");
    if (!containers.isSequence())
        return;
    const auto podLabels = scalarMap(pod->labels);
    for (const auto &container : containers.elements()) {
        if (out.workloads.size() + out.companions.size() >= kMaxWorkloadsRead)
            return;
        const auto imageEntry = entry(container, "image");
        const std::string image = imageEntry ? text(imageEntry->value) : std::string();
        const std::string containerName = text(field(container, "name"));
        if (isOpenWebUiImage(image)) {
            Workload workload;
            workload.kind = pod->kind;
            workload.name = manifest.name;
            workload.where = manifest.kindWhere;
            workload.orchestrator = planner::Orchestrator::Kubernetes;
            workload.image = image;
            workload.imageWhere = locate(imageEntry->key, manifest.file);
            workload.onePerNode = pod->onePerNode;
            workload.replicasWhere = pod->replicasKey.isDefined() ? locate(pod->replicasKey, manifest.file) : manifest.kindWhere;
            if (pod->onePerNode) {
                workload.replicasCertainty = Certainty::Unknown;
            } else if (pod->replicas.isDefined()) {
                const auto replicas = integer(pod->replicas);
                if (replicas && *replicas >= 0 && *replicas < 1'000'000) {
                    workload.replicas = static_cast<int>(*replicas);
                } else {
                    workload.replicasCertainty = Certainty::Unknown;
                    out.notes.push_back({manifest.kind + " " + manifest.name + ": replicas '" + text(pod->replicas) +
                                             "' is not a number (a template placeholder?); the count is unknown",
                                         workload.replicasWhere});
                }
            }
            if (const auto type = entry(pod->strategy, "type")) {
                workload.updateStrategy = text(type->value);
                workload.updateStrategyWhere = locate(type->key, manifest.file);
            }
            EnvContext context{manifest.file, manifest.ns, &index, manifest.kind + " " + manifest.name + " container " + containerName,
                               &out.notes};
            // envFrom first: explicit env entries win over it, as in Kubernetes.
            applyEnvFrom(field(container, "envFrom"), context, workload);
            applyEnvList(field(container, "env"), context, workload);
            workload.data = podDataVolume(manifest, pod->spec, container, index);
            if (!pod->note.empty())
                out.notes.push_back({manifest.kind + " " + manifest.name + ": " + pod->note, manifest.kindWhere});
            out.workloads.push_back(std::move(workload));
        } else if (const auto role = companionRole(image)) {
            CompanionService companion;
            companion.role = *role;
            companion.name = serviceSelecting(podLabels, manifest.ns, index);
            if (companion.name.empty())
                companion.name = manifest.name;
            companion.image = image;
            companion.where = locate(imageEntry->key, manifest.file);
            readServerSettings(field(container, "command"), field(container, "args"), manifest.file, companion);
            out.companions.push_back(std::move(companion));
        }
    }
}

// ---- Helm ----

struct ChartYamlFacts {
    std::optional<ChartVersion> version;
    std::string umbrellaKey; ///< the dependency's alias, or "open-webui"
    bool dependsOnChart = false;
};

void readChartYaml(const YamlNode &document, const std::string &file, ChartYamlFacts &facts, ImportedDeployment &out)
{
    if (text(field(document, "name")) == kChartName) {
        // The chart itself (a vendored copy beside its values): its own version.
        if (const auto version = entry(document, "version"); version && parseVersion(text(version->value))) {
            facts.version = ChartVersion{parseVersion(text(version->value))->text(), false, locate(version->key, file)};
        }
        return;
    }
    const YamlNode dependencies = field(document, "dependencies");
    if (!dependencies.isSequence())
        return;
    for (const auto &dependency : dependencies.elements()) {
        if (text(field(dependency, "name")) != kChartName)
            continue;
        facts.dependsOnChart = true;
        if (const std::string alias = text(field(dependency, "alias")); !alias.empty())
            facts.umbrellaKey = alias;
        const auto version = entry(dependency, "version");
        const std::string constraint = version ? text(version->value) : std::string();
        if (const auto lowest = lowestAllowedVersion(constraint)) {
            facts.version = ChartVersion{lowest->text(), false, locate(version->key, file)};
            if (lowest->text() != constraint)
                out.notes.push_back({"Chart.yaml allows open-webui " + constraint + "; the defaults of the lowest it allows, " +
                                         lowest->text() + ", are used",
                                     facts.version->where});
        } else {
            out.notes.push_back({"Chart.yaml names no open-webui version ('" + constraint + "'); the defaults of chart " +
                                     std::string(kAssumedChartVersion) + " are assumed",
                                 locate(version ? version->key : dependency, file)});
        }
        return;
    }
}

/** @brief Keys only the open-webui chart has: values holding one are for it (a generic `replicaCount` is not enough). */
bool hasChartSpecificKey(const YamlNode &values)
{
    for (std::string_view key : {"websocket", "ollama", "ollamaUrls", "ollamaUrlsFromExtraEnv", "pipelines", "openaiBaseApiUrl",
                                 "openaiBaseApiUrls", "openaiApiKey", "enableOpenaiApi", "databaseUrl", "copyAppData", "sso",
                                 "tika", "terminals", "commonEnvVars"})
        if (entry(values, key))
            return true;
    return false;
}

bool imageIsOtherApp(const YamlNode &values)
{
    const std::string repository = text(field(field(values, "image"), "repository"));
    return !repository.empty() && !isOpenWebUiImage(repository);
}

struct ValuesDocument {
    YamlNode root;
    std::string file;
};

void applyAutoscalers(ManifestIndex &index, ImportedDeployment &out)
{
    for (auto &autoscaler : index.autoscalers) {
        for (auto &workload : out.workloads) {
            const bool kindMatches = workload.kind == Workload::Kind::HelmChart
                                         ? autoscaler.targetKind == workload.renderedKind
                                         : (autoscaler.targetKind == "Deployment" && workload.kind == Workload::Kind::Deployment) ||
                                               (autoscaler.targetKind == "StatefulSet" && workload.kind == Workload::Kind::StatefulSet);
            if (!kindMatches || autoscaler.targetName != workload.name)
                continue;
            workload.autoscalingMin = autoscaler.minReplicas;
            workload.autoscalingMax = autoscaler.maxReplicas;
            workload.autoscalingWhere = autoscaler.where;
            autoscaler.used = true;
        }
    }
}

} // namespace

planner::Result<void> readKubernetes(const std::vector<YamlFile> &files, ReadContext &, ImportedDeployment &out)
{
    std::vector<Manifest> manifests;
    std::vector<Manifest> helmReleases;
    std::vector<ValuesDocument> valuesDocuments;
    ChartYamlFacts chartYaml;
    chartYaml.umbrellaKey = std::string(kChartName);

    for (const auto &file : files) {
        for (const auto &document : file.documents) {
            if (!document.isMap())
                continue;
            if (file.kind == FileKind::ChartYaml) {
                readChartYaml(document, file.displayName, chartYaml, out);
                continue;
            }
            const bool isObject = entry(document, "apiVersion") && scalarText(field(document, "kind"));
            if (!isObject) {
                if (file.kind == FileKind::HelmValues)
                    valuesDocuments.push_back({document, file.displayName});
                continue;
            }
            Manifest manifest = makeManifest(document, file.displayName);
            if (manifest.kind == "List") {
                // One level of items: a List inside a List is not something kubectl produces.
                const YamlNode items = field(document, "items");
                if (!items.isSequence())
                    continue;
                for (const auto &item : items.elements()) {
                    if (!item.isMap() || !scalarText(field(item, "kind")))
                        continue;
                    Manifest listed = makeManifest(item, file.displayName);
                    (listed.kind == "HelmRelease" ? helmReleases : manifests).push_back(std::move(listed));
                }
            } else if (manifest.kind == "HelmRelease") {
                helmReleases.push_back(std::move(manifest));
            } else {
                manifests.push_back(std::move(manifest));
            }
        }
    }

    ManifestIndex index;
    for (const auto &manifest : manifests)
        indexObject(manifest, index);
    for (const auto &manifest : manifests)
        readWorkloadManifest(manifest, index, out);
    if (out.workloads.size() + out.companions.size() >= kMaxWorkloadsRead)
        out.notes.push_back({"more than " + std::to_string(kMaxWorkloadsRead) + " workloads and services: the rest are not read", {}});

    const ChartVersion assumedVersion{std::string(kAssumedChartVersion), true, {}};

    // Flux HelmReleases: of the open-webui chart itself, or of an umbrella whose values nest it.
    for (const auto &release : helmReleases) {
        if (out.workloads.size() + out.companions.size() >= kMaxWorkloadsRead)
            break;
        const YamlNode spec = field(release.document, "spec");
        const YamlNode chartSpec = field(field(spec, "chart"), "spec");
        std::string chart = text(field(chartSpec, "chart"));
        if (chart.empty())
            chart = text(field(field(spec, "chartRef"), "name")); // an OCIRepository or HelmChart by name
        const auto valuesEntry = entry(spec, "values");
        const YamlNode values = valuesEntry ? valuesEntry->value : YamlNode();
        const SourceLocation valuesWhere = locate(valuesEntry ? valuesEntry->key : release.document, release.file);
        ChartInput input;
        input.releaseName = text(field(spec, "releaseName"));
        if (input.releaseName.empty()) {
            // Flux names the release [targetNamespace-]name.
            const std::string target = text(field(spec, "targetNamespace"));
            input.releaseName = target.empty() ? release.name : target + "-" + release.name;
        }
        input.ns = text(field(spec, "targetNamespace"));
        if (input.ns.empty())
            input.ns = release.ns;
        const bool ownChart = chart == kChartName || (chart.size() > kChartName.size() && chart.ends_with(kChartName) &&
                                                       chart[chart.size() - kChartName.size() - 1] == '/');
        if (ownChart) {
            if (values.isMap())
                input.layers.push_back({values, release.file, valuesWhere});
            else
                input.layers.push_back({YamlNode(), release.file, release.kindWhere});
            const auto versionEntry = entry(chartSpec, "version");
            const std::string constraint = versionEntry ? text(versionEntry->value) : std::string();
            if (const auto lowest = lowestAllowedVersion(constraint)) {
                input.version = ChartVersion{lowest->text(), false, locate(versionEntry->key, release.file)};
            } else {
                input.version = assumedVersion;
                input.version.where = release.kindWhere;
                out.notes.push_back({"HelmRelease " + release.name + " pins no chart version (Flux installs the newest); the defaults of chart " +
                                         std::string(kAssumedChartVersion) + " are assumed",
                                     release.kindWhere});
            }
        } else if (const auto nested = entry(values, chartYaml.umbrellaKey); nested && nested->value.isMap()) {
            if (const auto enabled = boolean(field(nested->value, "enabled")); enabled && !*enabled) {
                out.notes.push_back({"HelmRelease " + release.name + ": " + chartYaml.umbrellaKey + ".enabled is false: no Open WebUI",
                                     locate(nested->key, release.file)});
                continue;
            }
            input.layers.push_back({nested->value, release.file, locate(nested->key, release.file)});
            input.version = chartYaml.version.value_or(assumedVersion);
        } else {
            continue;
        }
        const YamlNode valuesFrom = field(spec, "valuesFrom");
        if (valuesFrom.isSequence()) {
            for (const auto &source : valuesFrom.elements()) {
                const std::string description = "HelmRelease " + release.name + " valuesFrom " + text(field(source, "kind")) + " " +
                                                text(field(source, "name"));
                input.valuesFrom.push_back({description, locate(source, release.file)});
                out.notes.push_back({description + ": values the files do not show; any chart value may come from it",
                                     locate(source, release.file)});
            }
        }
        renderChart(input, index, out);
    }

    // Values files, in the order given (later files win, as with helm -f a -f b).
    if (!valuesDocuments.empty()) {
        ChartInput input;
        bool disabled = false;
        for (const auto &values : valuesDocuments) {
            if (const auto nested = entry(values.root, chartYaml.umbrellaKey); nested && nested->value.isMap()) {
                if (const auto enabled = boolean(field(nested->value, "enabled")); enabled) {
                    disabled = !*enabled;
                    if (disabled)
                        out.notes.push_back({chartYaml.umbrellaKey + ".enabled is false: the umbrella chart does not install Open WebUI",
                                             locate(nested->key, values.file)});
                }
                input.layers.push_back({nested->value, values.file, locate(nested->key, values.file)});
            } else if (chartYaml.dependsOnChart) {
                continue; // the umbrella's own values: another subchart's keys are not Open WebUI's
            } else if ((hasChartSpecificKey(values.root) || chartYaml.version ||
                        isOpenWebUiImage(text(field(field(values.root, "image"), "repository")))) &&
                       !imageIsOtherApp(values.root)) {
                input.layers.push_back({values.root, values.file, SourceLocation{values.file, 0, 0}});
            }
        }
        if (input.layers.empty() && chartYaml.dependsOnChart && !disabled) {
            // The umbrella installs Open WebUI with nothing set for it: every value is the chart's default.
            const std::string &file = valuesDocuments.front().file;
            out.notes.push_back({"the umbrella's values have no " + chartYaml.umbrellaKey + " key: Open WebUI runs with the chart's defaults",
                                 SourceLocation{file, 0, 0}});
            input.layers.push_back({YamlNode(), file, SourceLocation{file, 0, 0}});
        }
        if (!input.layers.empty() && !disabled) {
            input.version = chartYaml.version.value_or(assumedVersion);
            if (input.version.assumed) {
                input.version.where = input.layers.front().where;
                out.notes.push_back({"no Chart.yaml or HelmRelease names the open-webui chart version: the defaults of chart " +
                                         std::string(kAssumedChartVersion) + " are assumed",
                                     input.layers.front().where});
            }
            renderChart(input, index, out);
        }
    }

    if (index.envWritesLeft == 0)
        out.notes.push_back({"more than " + std::to_string(kMaxEnvWrites) + " variables through env and envFrom: the rest are not read", {}});
    applyAutoscalers(index, out);
    for (const auto &autoscaler : index.autoscalers)
        if (!autoscaler.used && (autoscaler.targetName.find(kChartName) != std::string::npos))
            out.notes.push_back({"HorizontalPodAutoscaler for " + autoscaler.targetKind + " " + autoscaler.targetName +
                                     ", which no audited file defines as Open WebUI",
                                 autoscaler.where});
    return {};
}

} // namespace importers::detail
