// SPDX-License-Identifier: MIT
// Helm values for the official open-webui chart, rendered as the chart's templates would put them on the
// pod (templates/workload-manager.yaml, _helpers.tpl, websocket-redis.yaml), with each left-out value at
// the default of the chart version in use.
#include "chartdefaults.h"
#include "kubernetesobjects.h"

#include <initializer_list>

namespace importers::detail {

namespace {

/** @brief A chart value after Helm's merge of the values files: the last file that sets it wins. */
struct ChartValue {
    YamlNode value;     ///< undefined when left out (or set to null, which Helm reads as "use the default")
    SourceLocation where; ///< the key that sets it, or the nearest key present, or the values file
    bool present = false;
    std::string file;
};

class MergedValues
{
public:
    explicit MergedValues(const std::vector<ValuesLayer> &layers) : m_layers(layers) {}

    [[nodiscard]] ChartValue get(std::initializer_list<std::string_view> path) const
    {
        ChartValue nearest;
        std::size_t nearestDepth = 0;
        if (!m_layers.empty()) {
            nearest.where = m_layers.front().where;
            nearest.file = m_layers.front().file;
        }
        for (auto layer = m_layers.rbegin(); layer != m_layers.rend(); ++layer) {
            YamlNode node = layer->root;
            std::size_t depth = 0;
            SourceLocation where = layer->where;
            for (const auto key : path) {
                const auto found = entry(node, key);
                if (!found)
                    break;
                node = found->value;
                where = locate(found->key, layer->file);
                ++depth;
            }
            if (depth == path.size() && !(node.isDefined() && node.isNull()))
                return ChartValue{node, where, true, layer->file};
            if (depth > nearestDepth) {
                nearestDepth = depth;
                nearest.where = where;
                nearest.file = layer->file;
            }
        }
        nearest.value = YamlNode();
        return nearest;
    }

private:
    const std::vector<ValuesLayer> &m_layers;
};

std::string joinPath(std::initializer_list<std::string_view> path)
{
    std::string joined;
    for (const auto key : path)
        joined += (joined.empty() ? "" : ".") + std::string(key);
    return joined;
}

class ChartRenderer
{
public:
    ChartRenderer(const ChartInput &input, const ManifestIndex &index, ImportedDeployment &out)
        : m_input(input), m_index(index), m_out(out), m_values(input.layers),
          m_version(parseVersion(input.version.version).value_or(Version{16, 0, 0})), m_facts(chartFacts(m_version))
    {
        m_defaultOf = "default of chart " + m_input.version.version + (m_input.version.assumed ? ", assumed" : "");
    }

    void render()
    {
        if (m_version < *parseVersion(kOldestKnownChartVersion))
            note("chart " + m_input.version.version + " is older than " + std::string(kOldestKnownChartVersion) +
                     ", the oldest whose defaults the planner knows; its values are read with those of " +
                     std::string(kOldestKnownChartVersion),
                 m_input.version.where);
        m_workload.kind = Workload::Kind::HelmChart;
        m_workload.orchestrator = planner::Orchestrator::Kubernetes;
        m_workload.name = fullname();
        m_workload.where = m_input.layers.empty() ? SourceLocation{} : m_input.layers.front().where;
        readImage();
        readReplicas();
        readKind();
        readStrategy();
        renderEnvironment();
        readDataVolume();
        readBundledServices();
        for (const auto &source : m_input.valuesFrom)
            m_workload.opaqueEnv.push_back(source);
        if (!m_workload.env.contains("WEBUI_SECRET_KEY")) {
            // The chart has no value for the key and creates no Secret: it comes from extraEnvVars or extraEnvFrom or not at all.
            note(m_workload.opaqueEnv.empty()
                     ? "the open-webui chart sets no WEBUI_SECRET_KEY and extraEnvVars does not either: each pod generates its own key"
                     : "the open-webui chart sets no WEBUI_SECRET_KEY; only a source the files do not show (extraEnvFrom, valuesFrom) may set it",
                 m_values.get({"extraEnvVars"}).where);
        }
        m_out.chart = m_input.version;
        m_out.workloads.push_back(std::move(m_workload));
    }

private:
    void note(std::string message, SourceLocation where) { m_out.notes.push_back({std::move(message), std::move(where)}); }

    [[nodiscard]] std::string string(std::initializer_list<std::string_view> path, const std::string &fallback) const
    {
        const ChartValue value = m_values.get(path);
        return value.present && scalarText(value.value) ? text(value.value) : fallback;
    }

    [[nodiscard]] bool flag(std::initializer_list<std::string_view> path, bool fallback) const
    {
        const ChartValue value = m_values.get(path);
        if (!value.present)
            return fallback;
        if (const auto parsed = boolean(value.value))
            return *parsed;
        // Go templates: a non-empty string or non-zero number is true, an empty one false.
        return !text(value.value).empty() && text(value.value) != "0";
    }

    [[nodiscard]] std::string origin(std::initializer_list<std::string_view> path) const
    {
        const ChartValue value = m_values.get(path);
        return "chart value " + joinPath(path) + (value.present ? std::string() : " (" + m_defaultOf + ")");
    }

    [[nodiscard]] Certainty certaintyOf(std::initializer_list<std::string_view> path) const
    {
        return m_values.get(path).present ? Certainty::Known : Certainty::ChartDefault;
    }

    void setEnv(const std::string &name, std::string value, std::initializer_list<std::string_view> decidingKey,
                EnvSetting::Kind kind = EnvSetting::Kind::Literal)
    {
        const ChartValue decider = m_values.get(decidingKey);
        EnvSetting setting;
        setting.kind = kind;
        setting.value = std::move(value);
        setting.certainty = decider.present ? Certainty::Known : Certainty::ChartDefault;
        setting.where = decider.where;
        setting.origin = origin(decidingKey);
        m_workload.env[name] = std::move(setting);
    }

    [[nodiscard]] std::string fullname() const
    {
        std::string name = string({"fullnameOverride"}, "");
        if (name.empty()) {
            const std::string chartName = string({"nameOverride"}, std::string("open-webui"));
            const std::string release = m_input.releaseName.empty() ? std::string("open-webui") : m_input.releaseName;
            name = release.find(chartName) != std::string::npos ? release : release + "-" + chartName;
        }
        if (name.size() > 63)
            name.resize(63);
        while (!name.empty() && name.back() == '-')
            name.pop_back();
        return name;
    }

    void readImage()
    {
        const ChartValue repository = m_values.get({"image", "repository"});
        const ChartValue tag = m_values.get({"image", "tag"});
        const std::string repositoryText = string({"image", "repository"}, "ghcr.io/open-webui/open-webui");
        std::string tagText = string({"image", "tag"}, "");
        if (tagText.empty()) {
            if (const auto app = chartAppVersion(m_version)) {
                tagText = *app + (flag({"image", "useSlim"}, false) ? "-slim" : "");
            } else {
                note("the image tag is the appVersion of chart " + m_input.version.version + ", which the planner does not know",
                     tag.where);
            }
        }
        m_workload.image = repositoryText + (tagText.empty() ? std::string() : ":" + tagText);
        m_workload.imageWhere = tag.present ? tag.where : repository.where;
        if (!isOpenWebUiImage(repositoryText))
            note("image.repository " + repositoryText + " is not Open WebUI's image; read as the open-webui chart's workload anyway",
                 repository.where);
    }

    void readReplicas()
    {
        const ChartValue replicas = m_values.get({"replicaCount"});
        m_workload.replicasWhere = replicas.where;
        if (!replicas.present) {
            m_workload.replicasCertainty = Certainty::ChartDefault;
        } else if (const auto count = integer(replicas.value); count && *count >= 0 && *count < 1'000'000) {
            m_workload.replicas = static_cast<int>(*count);
        } else {
            m_workload.replicasCertainty = Certainty::Unknown;
            note("replicaCount '" + text(replicas.value) + "' is not a number; the count is unknown", replicas.where);
        }
        // Often written, never read: the chart has no autoscaling keys (an HPA has to be a manifest of its own).
        for (std::string_view key : {"autoscaling", "hpa"}) {
            const ChartValue ignored = m_values.get({key});
            if (ignored.present)
                note(std::string(key) + ".* is not a key of the open-webui chart: Helm ignores it and renders no HorizontalPodAutoscaler",
                     ignored.where);
        }
    }

    void readKind()
    {
        const bool persistence = flag({"persistence", "enabled"}, true);
        const std::string provider = string({"persistence", "provider"}, "local");
        const std::string defaultKind = persistence && provider == "local" ? "StatefulSet" : "Deployment";
        const ChartValue kind = m_values.get({"workload", "kind"});
        const std::string kindText = text(kind.value);
        if (kind.present && !kindText.empty() && m_facts.hasWorkloadKind) {
            m_workload.renderedKind = kindText;
            m_workload.renderedKindCertainty = Certainty::Known;
            m_workload.renderedKindWhere = kind.where;
            if (kindText != "Deployment" && kindText != "StatefulSet")
                note("workload.kind must be Deployment or StatefulSet: the chart refuses to render '" + kindText + "'", kind.where);
            return;
        }
        if (kind.present && !kindText.empty())
            note("workload.kind exists only from chart 8.20.0; chart " + m_input.version.version + " ignores it", kind.where);
        m_workload.renderedKind = defaultKind;
        const bool decidedByValues = m_values.get({"persistence", "enabled"}).present || m_values.get({"persistence", "provider"}).present;
        m_workload.renderedKindCertainty = decidedByValues ? Certainty::Known : Certainty::ChartDefault;
        m_workload.renderedKindWhere = m_values.get({"persistence", "enabled"}).present ? m_values.get({"persistence", "enabled"}).where
                                                                                         : m_values.get({"persistence", "provider"}).where;
    }

    void readStrategy()
    {
        const ChartValue type = m_values.get({"strategy", "type"});
        if (type.present) {
            m_workload.updateStrategy = text(type.value);
            m_workload.updateStrategyWhere = type.where;
        }
    }

    void renderEnvironment()
    {
        EnvContext context{m_input.layers.empty() ? std::string() : m_input.layers.front().file, m_input.ns, &m_index, ""};
        // envFrom first: the explicit env list wins over it in Kubernetes.
        const ChartValue envFrom = m_values.get({"extraEnvFrom"});
        if (envFrom.present) {
            context.file = envFrom.file;
            context.originPrefix = "chart value extraEnvFrom";
            applyEnvFrom(envFrom.value, context, m_workload);
        }
        renderStorageEnvironment();
        renderWebsocketEnvironment();
        if (const std::string url = string({"databaseUrl"}, ""); !url.empty())
            setEnv("DATABASE_URL", url, {"databaseUrl"});
        for (std::string_view key : {"extraEnvVars", "commonEnvVars"}) {
            const ChartValue list = m_values.get({key});
            if (!list.present)
                continue;
            context.file = list.file;
            context.originPrefix = "chart value " + std::string(key);
            if (list.value.isSequence()) {
                applyEnvList(list.value, context, m_workload);
            } else if (list.value.isMap() && key == "extraEnvVars") {
                // The map form: NAME: "value" (through tpl) or NAME: {valueFrom: ...}.
                for (const auto &item : list.value.entries()) {
                    const auto name = scalarText(item.key);
                    if (!name)
                        continue;
                    if (item.value.isMap())
                        applyEnvEntry(*name, item.key, field(item.value, "value"), field(item.value, "valueFrom"), context, m_workload);
                    else
                        applyEnvEntry(*name, item.key, item.value, YamlNode(), context, m_workload);
                }
            }
        }
        // Values go through tpl: a template expression is rendered by Helm, not known here.
        for (auto &[name, setting] : m_workload.env) {
            if (setting.kind == EnvSetting::Kind::Literal && setting.value.find("{{") != std::string::npos) {
                setting.kind = EnvSetting::Kind::Unknown;
                setting.certainty = Certainty::Unknown;
                setting.origin += " (a Helm template expression, rendered at install)";
            }
        }
    }

    void renderStorageEnvironment()
    {
        const std::string provider = string({"persistence", "provider"}, "local");
        if (provider == "local")
            return;
        setEnv("STORAGE_PROVIDER", provider, {"persistence", "provider"});
        const auto secretOr = [&](const std::string &name, std::initializer_list<std::string_view> secretKey,
                                  std::initializer_list<std::string_view> secretKeyKey, std::initializer_list<std::string_view> plain) {
            const std::string secret = string(secretKey, "");
            if (!secret.empty())
                setEnv(name, "Secret " + secret + "/" + string(secretKeyKey, ""), secretKey, EnvSetting::Kind::SecretReference);
            else
                setEnv(name, string(plain, ""), plain);
        };
        if (provider == "s3") {
            secretOr("S3_ACCESS_KEY_ID", {"persistence", "s3", "accessKeyExistingSecret"},
                     {"persistence", "s3", "accessKeyExistingAccessKey"}, {"persistence", "s3", "accessKey"});
            secretOr("S3_SECRET_ACCESS_KEY", {"persistence", "s3", "secretKeyExistingSecret"},
                     {"persistence", "s3", "secretKeyExistingSecretKey"}, {"persistence", "s3", "secretKey"});
            setEnv("S3_ENDPOINT_URL", string({"persistence", "s3", "endpointUrl"}, ""), {"persistence", "s3", "endpointUrl"});
            setEnv("S3_BUCKET_NAME", string({"persistence", "s3", "bucket"}, ""), {"persistence", "s3", "bucket"});
            setEnv("S3_REGION_NAME", string({"persistence", "s3", "region"}, ""), {"persistence", "s3", "region"});
            setEnv("S3_KEY_PREFIX", string({"persistence", "s3", "keyPrefix"}, ""), {"persistence", "s3", "keyPrefix"});
        } else if (provider == "gcs") {
            secretOr("GOOGLE_APPLICATION_CREDENTIALS_JSON", {"persistence", "gcs", "appCredentialsJsonExistingSecret"},
                     {"persistence", "gcs", "appCredentialsJsonExistingSecretKey"}, {"persistence", "gcs", "appCredentialsJson"});
            setEnv("GCS_BUCKET_NAME", string({"persistence", "gcs", "bucket"}, ""), {"persistence", "gcs", "bucket"});
        } else if (provider == "azure") {
            setEnv("AZURE_STORAGE_ENDPOINT", string({"persistence", "azure", "endpointUrl"}, ""), {"persistence", "azure", "endpointUrl"});
            setEnv("AZURE_STORAGE_CONTAINER_NAME", string({"persistence", "azure", "container"}, ""), {"persistence", "azure", "container"});
            secretOr("AZURE_STORAGE_KEY", {"persistence", "azure", "keyExistingSecret"}, {"persistence", "azure", "keyExistingSecretKey"},
                     {"persistence", "azure", "key"});
        }
    }

    [[nodiscard]] bool websocketEnabled() const { return flag({"websocket", "enabled"}, m_facts.websocketEnabledByDefault); }

    void renderWebsocketEnvironment()
    {
        const bool enabled = websocketEnabled();
        if (enabled || m_facts.rendersWebsocketFalse)
            setEnv("ENABLE_WEBSOCKET_SUPPORT", enabled ? "True" : "False", {"websocket", "enabled"});
        if (!enabled)
            return;
        const std::string manager = string({"websocket", "manager"}, "redis");
        if (!m_facts.emptyManagerIsInMemory || !manager.empty())
            setEnv("WEBSOCKET_MANAGER", manager.empty() ? std::string("redis") : manager, {"websocket", "manager"});
        if (m_facts.emptyManagerIsInMemory && manager != "redis")
            return;
        const std::string existingSecret = m_facts.hasWebsocketExistingSecret ? string({"websocket", "existingSecret"}, "") : "";
        const auto setUrl = [&](const std::string &name) {
            if (!existingSecret.empty()) {
                setEnv(name, "Secret " + existingSecret + "/" + string({"websocket", "existingSecretKey"}, "redis-url"),
                       {"websocket", "existingSecret"}, EnvSetting::Kind::SecretReference);
                return;
            }
            std::string url = string({"websocket", "url"}, m_facts.websocketUrlDefault);
            if (url.empty()) {
                // _helpers.tpl "websocket.redis.url": the bundled Redis in the release namespace, port fixed at 6379.
                const std::string ns = m_input.ns.empty() ? std::string("default") : m_input.ns;
                url = "redis://" + m_workload.name + "-redis." + ns + ".svc." + string({"clusterDomain"}, "cluster.local") + ":6379/0";
            }
            setEnv(name, url, {"websocket", "url"});
            if (m_input.ns.empty() && !m_values.get({"websocket", "url"}).present)
                m_workload.env[name].origin += "; the release namespace is not in the files, 'default' assumed";
        };
        if (m_facts.rendersRedisUrl)
            setUrl("REDIS_URL");
        setUrl("WEBSOCKET_REDIS_URL");
    }

    void readDataVolume()
    {
        DataVolume &data = m_workload.data;
        const bool enabled = flag({"persistence", "enabled"}, true);
        const std::string provider = string({"persistence", "provider"}, "local");
        const std::string existingClaim = string({"persistence", "existingClaim"}, "");
        if (enabled && !existingClaim.empty()) {
            data = claimVolume(existingClaim, m_input.ns, m_index, m_values.get({"persistence", "existingClaim"}).where);
            return;
        }
        if (!enabled || provider != "local") {
            data.kind = DataVolume::Kind::None;
            data.name = "data";
            const ChartValue decider = enabled ? m_values.get({"persistence", "provider"}) : m_values.get({"persistence", "enabled"});
            data.where = decider.where;
            data.note = enabled ? "emptyDir: persistence.provider " + provider +
                                      " stores uploads in object storage, but the rest of /app/backend/data is per pod and lost on restart"
                                : "emptyDir: persistence.enabled is false, /app/backend/data is per pod and lost on restart";
            return;
        }
        const ChartValue modes = m_values.get({"persistence", "accessModes"});
        std::vector<std::string> accessModes{"ReadWriteOnce"};
        if (modes.present) {
            accessModes.clear();
            if (modes.value.isSequence()) {
                for (const auto &mode : modes.value.elements())
                    if (auto value = scalarText(mode))
                        accessModes.push_back(*value);
            }
        }
        data = volumeForAccessModes(accessModes, m_workload.name, modes.where);
        data.certainty = modes.present ? data.certainty : Certainty::ChartDefault;
        data.note += ": the chart's PersistentVolumeClaim " + m_workload.name + ", mounted by every pod";
        if (!modes.present)
            data.note += " (accessModes: " + m_defaultOf + ")";
        if (const std::string storageClass = string({"persistence", "storageClass"}, ""); !storageClass.empty())
            data.note += ", storage class " + storageClass;
    }

    void readBundledServices()
    {
        const ChartValue redisEnabled = m_values.get({"websocket", "redis", "enabled"});
        if (websocketEnabled() && flag({"websocket", "redis", "enabled"}, true)) {
            CompanionService redis;
            redis.role = CompanionService::Role::Redis;
            redis.name = m_facts.redisNamedByFullname ? m_workload.name + "-redis" : string({"websocket", "redis", "name"}, "open-webui-redis");
            redis.image = string({"websocket", "redis", "image", "repository"}, "redis") + ":" +
                          string({"websocket", "redis", "image", "tag"}, "7.4.2-alpine3.21");
            redis.where = redisEnabled.present ? redisEnabled.where : m_values.get({"websocket", "enabled"}).where;
            const ChartValue command = m_values.get({"websocket", "redis", "command"});
            const ChartValue args = m_values.get({"websocket", "redis", "args"});
            readServerSettings(command.value, args.value, args.present ? args.file : command.file, redis);
            m_out.companions.push_back(std::move(redis));
        }
        if (flag({"tika", "enabled"}, false)) {
            CompanionService tika;
            tika.role = CompanionService::Role::Tika;
            tika.name = (m_input.releaseName.empty() ? std::string("open-webui") : m_input.releaseName) + "-tika";
            tika.image = "apache/tika";
            tika.where = m_values.get({"tika", "enabled"}).where;
            m_out.companions.push_back(std::move(tika));
        }
    }

    const ChartInput &m_input;
    const ManifestIndex &m_index;
    ImportedDeployment &m_out;
    MergedValues m_values;
    Version m_version;
    ChartFacts m_facts;
    std::string m_defaultOf;
    Workload m_workload;
};

} // namespace

void renderChart(const ChartInput &input, const ManifestIndex &index, ImportedDeployment &out)
{
    ChartRenderer(input, index, out).render();
}

} // namespace importers::detail
