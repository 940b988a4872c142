// SPDX-License-Identifier: MIT
#pragma once
// What each target really hands Open WebUI, read back from the emitted YAML, so tests can compare
// the targets with each other and with the shared model. A secret reads as "secret:<key>".
//
// Helm is modelled from the official chart 16.0.0's template (charts/open-webui/templates/
// workload-manager.yaml, the container's `env`, and _helpers.tpl), with the chart's own values.yaml as
// the defaults for every key the bundle's values leave out: what the chart renders, not what we wish.

#include "exporters/targets.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace targetenv {

using Env = std::map<std::string, std::string>;

/** @brief One entry of a Kubernetes container's env, in order (duplicates stay visible). */
struct EnvEntry {
    std::string name;
    std::string value;      ///< the text, or "secret:<key>" for a secretKeyRef
    std::string secretName; ///< non-empty for a secretKeyRef
    std::string secretKey;
};

using EnvList = std::vector<EnvEntry>;

inline std::string unescapeDollars(std::string text)
{
    for (auto at = text.find("$$"); at != std::string::npos; at = text.find("$$", at + 1))
        text.erase(at, 1);
    return text;
}

/** @brief A Compose or Swarm service: its environment map, secrets as ${NAME...} or Docker secrets. */
inline Env serviceEnv(const YAML::Node &service)
{
    Env env;
    for (const auto &item : service["environment"]) {
        const auto name = item.first.as<std::string>();
        const auto value = item.second.IsNull() ? std::string() : item.second.as<std::string>();
        env[name] = value.rfind("${" + name, 0) == 0 ? "secret:" + name : unescapeDollars(value);
    }
    for (const auto &secret : service["secrets"]) {
        const auto target = secret.IsMap() ? secret["target"].as<std::string>() : secret.as<std::string>();
        env[target] = "secret:" + target;
    }
    return env;
}

/**
 * @brief What Helm's `tpl` makes of text: `{{ "{{" }}` prints `{{`. Any other template action is not
 * modelled and comes out marked, so a test sees it.
 */
inline std::string afterTpl(const std::string &text)
{
    static const std::string kPrintOpen = "{{ \"{{\" }}";
    std::string out;
    for (std::size_t at = 0; at < text.size();) {
        if (text.compare(at, kPrintOpen.size(), kPrintOpen) == 0) {
            out += "{{";
            at += kPrintOpen.size();
        } else if (text.compare(at, 2, "{{") == 0) {
            return "<unmodelled template: " + text + ">";
        } else {
            out += text[at++];
        }
    }
    return out;
}

/** @brief A Kubernetes container env list (name + value or valueFrom.secretKeyRef), optionally through tpl. */
inline void addEnvList(const YAML::Node &list, EnvList &env, bool throughTpl = false)
{
    for (const auto &var : list) {
        EnvEntry entry{var["name"].as<std::string>(), {}, {}, {}};
        if (var["valueFrom"]) {
            entry.secretName = var["valueFrom"]["secretKeyRef"]["name"].as<std::string>();
            entry.secretKey = var["valueFrom"]["secretKeyRef"]["key"].as<std::string>();
            entry.value = "secret:" + entry.secretKey;
        } else {
            const auto value = var["value"] && !var["value"].IsNull() ? var["value"].as<std::string>() : std::string();
            entry.value = throughTpl ? afterTpl(value) : value;
        }
        env.push_back(entry);
    }
}

/** @brief The map a process sees: a later entry of the same name wins, as in Kubernetes. */
inline Env toEnv(const EnvList &list)
{
    Env env;
    for (const auto &entry : list)
        env[entry.name] = entry.value;
    return env;
}

inline void addEnvList(const YAML::Node &list, Env &env)
{
    EnvList entries;
    addEnvList(list, entries);
    for (const auto &entry : entries)
        env[entry.name] = entry.value;
}

/** @brief Names that appear more than once (Kubernetes keeps the last; the bundle should never rely on it). */
inline std::vector<std::string> duplicates(const EnvList &list)
{
    std::map<std::string, int> seen;
    std::vector<std::string> out;
    for (const auto &entry : list)
        if (++seen[entry.name] == 2)
            out.push_back(entry.name);
    return out;
}

/** @brief The bundle's values over the chart's defaults, read as the chart's templates read them. */
class ChartValues
{
public:
    explicit ChartValues(YAML::Node values)
        : m_values(std::move(values)), m_defaults(YAML::Load(std::string(exporters::chartValuesYaml())))
    {
    }

    [[nodiscard]] YAML::Node at(std::initializer_list<std::string> path) const
    {
        const YAML::Node given = walk(m_values, path);
        return given.IsDefined() ? given : walk(m_defaults, path);
    }

    /** @brief A scalar's text; "" for null, absent or a collection (what `{{ . }}` prints for an empty value). */
    [[nodiscard]] std::string text(std::initializer_list<std::string> path) const
    {
        const YAML::Node node = at(path);
        return node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
    }

    /** @brief Go template truth: false, 0, "", nil and empty collections are false. */
    [[nodiscard]] bool truthy(std::initializer_list<std::string> path) const
    {
        const YAML::Node node = at(path);
        if (!node.IsDefined() || node.IsNull())
            return false;
        if (node.IsSequence() || node.IsMap())
            return node.size() > 0;
        const std::string &value = node.Scalar();
        if (node.Tag() == "!")
            return !value.empty(); // a quoted string, even "false"
        return !(value.empty() || value == "false" || value == "False" || value == "FALSE" || value == "0" ||
                 value == "null" || value == "~");
    }

private:
    static YAML::Node walk(const YAML::Node &root, std::initializer_list<std::string> path)
    {
        YAML::Node node = root; // reset() below rebinds the handle, it never writes through it
        for (const auto &key : path) {
            if (!node.IsMap())
                return YAML::Node(YAML::NodeType::Undefined);
            const YAML::Node &parent = node;
            const YAML::Node child = parent[key];
            if (!child.IsDefined())
                return YAML::Node(YAML::NodeType::Undefined);
            node.reset(child);
        }
        return node;
    }

    YAML::Node m_values;
    YAML::Node m_defaults;
};

/**
 * @brief The Open WebUI container's env as chart 16.0.0 renders it for `values` (release and namespace
 * `open-webui`), in the template's order. Branches the bundle never takes are modelled far enough to
 * produce their variable names, with placeholder values in <angle brackets>.
 */
inline EnvList helmContainerEnv(const YAML::Node &valuesNode)
{
    const ChartValues v(valuesNode);
    EnvList env;
    const auto add = [&env](const std::string &name, const std::string &value) { env.push_back({name, value, {}, {}}); };
    const auto ref = [&env](const std::string &name, const std::string &secret, const std::string &key) {
        env.push_back({name, "secret:" + key, secret, key});
    };
    // A variable from a plain value or an existing Secret, as the storage and OpenAI keys are written.
    const auto valueOrSecret = [&](const std::string &name, std::initializer_list<std::string> value,
                                   std::initializer_list<std::string> secret, std::initializer_list<std::string> key) {
        if (v.truthy(secret))
            ref(name, v.text(secret), v.text(key));
        else
            add(name, v.text(value));
    };

    // WEBUI_URL from the ingress, unless extraEnvVars names one (open-webui.hasCustomWebUIUrl).
    bool customUrl = false;
    const YAML::Node extra = v.at({"extraEnvVars"});
    if (extra.IsMap())
        customUrl = bool(extra["WEBUI_URL"]);
    else if (extra.IsSequence())
        for (const auto &item : extra)
            customUrl = customUrl || (item["name"] && item["name"].as<std::string>() == "WEBUI_URL");
    if (v.truthy({"ingress", "enabled"}) && !customUrl)
        add("WEBUI_URL", std::string(v.truthy({"ingress", "tls"}) ? "https" : "http") + "://" + v.text({"ingress", "host"}));

    // Ollama (workload-manager.yaml:148-155).
    if (v.truthy({"ollamaUrlsFromExtraEnv"})) {
    } else if (v.truthy({"ollamaUrls"}) || v.truthy({"ollama", "enabled"})) {
        add("OLLAMA_BASE_URLS", "<ollama urls>");
    } else {
        add("ENABLE_OLLAMA_API", "False");
    }

    // OpenAI (workload-manager.yaml:156-234): the first branch whose condition holds.
    const bool enable = v.truthy({"enableOpenaiApi"});
    const bool pipelines = v.truthy({"pipelines", "enabled"});
    const bool base = v.truthy({"openaiBaseApiUrl"});
    const bool bases = v.truthy({"openaiBaseApiUrls"});
    const bool key = v.truthy({"openaiApiKey"}) || v.truthy({"openaiApiKeyExistingSecret"});
    const bool keys = v.truthy({"openaiApiKeys"}) || v.truthy({"openaiApiKeysExistingSecret"});
    const auto singleKey = [&] {
        if (key)
            valueOrSecret("OPENAI_API_KEY", {"openaiApiKey"}, {"openaiApiKeyExistingSecret"}, {"openaiApiKeyExistingSecretKey"});
    };
    const auto listKeys = [&] {
        if (keys)
            valueOrSecret("OPENAI_API_KEYS", {"openaiApiKeys"}, {"openaiApiKeysExistingSecret"},
                          {"openaiApiKeysExistingSecretKey"});
    };
    if (enable && base && !bases && !pipelines) {
        add("OPENAI_API_BASE_URL", afterTpl(v.text({"openaiBaseApiUrl"})));
        singleKey();
    } else if (enable && base && pipelines && !bases) {
        add("OPENAI_API_BASE_URLS", "<pipelines>;" + afterTpl(v.text({"openaiBaseApiUrl"})));
        listKeys();
    } else if (enable && pipelines && !base && !bases) {
        add("OPENAI_API_BASE_URL", "<pipelines>");
        singleKey();
    } else if (enable && bases && pipelines) {
        add("OPENAI_API_BASE_URLS", "<pipelines;urls>");
        listKeys();
    } else if (enable && bases && !pipelines) {
        add("OPENAI_API_BASE_URLS", "<urls>");
        listKeys();
    } else if (!enable) {
        add("ENABLE_OPENAI_API", "False");
    }

    if (v.truthy({"tika", "enabled"})) {
        add("CONTENT_EXTRACTION_ENGINE", "Tika");
        add("TIKA_SERVER_URL", "http://open-webui-tika:9998");
    }

    // Storage (workload-manager.yaml:241-300): every variable of the provider, even empty, values unquoted.
    const std::string provider = v.text({"persistence", "provider"});
    if (provider == "s3") {
        add("STORAGE_PROVIDER", provider);
        valueOrSecret("S3_ACCESS_KEY_ID", {"persistence", "s3", "accessKey"}, {"persistence", "s3", "accessKeyExistingSecret"},
                      {"persistence", "s3", "accessKeyExistingAccessKey"});
        valueOrSecret("S3_SECRET_ACCESS_KEY", {"persistence", "s3", "secretKey"},
                      {"persistence", "s3", "secretKeyExistingSecret"}, {"persistence", "s3", "secretKeyExistingSecretKey"});
        add("S3_ENDPOINT_URL", v.text({"persistence", "s3", "endpointUrl"}));
        add("S3_BUCKET_NAME", v.text({"persistence", "s3", "bucket"}));
        add("S3_REGION_NAME", v.text({"persistence", "s3", "region"}));
        add("S3_KEY_PREFIX", v.text({"persistence", "s3", "keyPrefix"}));
    } else if (provider == "gcs") {
        add("STORAGE_PROVIDER", provider);
        valueOrSecret("GOOGLE_APPLICATION_CREDENTIALS_JSON", {"persistence", "gcs", "appCredentialsJson"},
                      {"persistence", "gcs", "appCredentialsJsonExistingSecret"},
                      {"persistence", "gcs", "appCredentialsJsonExistingSecretKey"});
        add("GCS_BUCKET_NAME", v.text({"persistence", "gcs", "bucket"}));
    } else if (provider == "azure") {
        add("STORAGE_PROVIDER", provider);
        add("AZURE_STORAGE_ENDPOINT", v.text({"persistence", "azure", "endpointUrl"}));
        add("AZURE_STORAGE_CONTAINER_NAME", v.text({"persistence", "azure", "container"}));
        valueOrSecret("AZURE_STORAGE_KEY", {"persistence", "azure", "key"}, {"persistence", "azure", "keyExistingSecret"},
                      {"persistence", "azure", "keyExistingSecretKey"});
    }

    // Websockets and their Redis (workload-manager.yaml:301-328, _helpers.tpl websocket.redis.url).
    const bool websockets = v.truthy({"websocket", "enabled"});
    add("ENABLE_WEBSOCKET_SUPPORT", websockets ? "True" : "False");
    if (websockets) {
        const std::string manager = v.text({"websocket", "manager"});
        if (!manager.empty())
            add("WEBSOCKET_MANAGER", manager);
        if (manager == "redis") {
            const std::string url = v.truthy({"websocket", "url"})
                                        ? v.text({"websocket", "url"})
                                        : "redis://open-webui-redis.open-webui.svc.cluster.local:6379/0";
            for (const char *name : {"REDIS_URL", "WEBSOCKET_REDIS_URL"}) {
                if (v.truthy({"websocket", "existingSecret"}))
                    ref(name, v.text({"websocket", "existingSecret"}),
                        v.truthy({"websocket", "existingSecretKey"}) ? v.text({"websocket", "existingSecretKey"}) : "redis-url");
                else
                    add(name, url);
            }
        }
    }
    if (v.truthy({"databaseUrl"}))
        add("DATABASE_URL", v.text({"databaseUrl"}));
    if (v.truthy({"sso", "enabled"}))
        add("<sso>", "<unmodelled>");
    if (v.truthy({"logging", "level"}))
        add("GLOBAL_LOG_LEVEL", v.text({"logging", "level"}));
    // Each component with a level set: <COMPONENT>_LOG_LEVEL (logging.componentEnvVar); empty levels render nothing.
    const YAML::Node components = v.at({"logging", "components"});
    if (components.IsMap())
        for (const auto &item : components) {
            const std::string level = item.second.IsScalar() ? item.second.Scalar() : std::string();
            if (level.empty())
                continue;
            std::string name = item.first.as<std::string>();
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::toupper(c)); });
            add(name + "_LOG_LEVEL", level);
        }
    if (v.truthy({"terminals", "enabled"})) {
        ref("TERMINALS_API_KEY", "<terminals>", "api-key");
        add("TERMINAL_SERVER_CONNECTIONS", "<terminals>");
    }
    // extraEnvVars: a list goes through tpl as YAML; a map is written name by name (strings through tpl).
    if (extra.IsSequence()) {
        addEnvList(extra, env, true);
    } else if (extra.IsMap()) {
        for (const auto &item : extra)
            add(item.first.as<std::string>(), item.second.IsMap() ? "<valueFrom>" : afterTpl(item.second.as<std::string>()));
    }
    if (v.truthy({"commonEnvVars"}))
        addEnvList(v.at({"commonEnvVars"}), env, true);
    if (v.truthy({"extraEnvFrom"}))
        add("<envFrom>", "<unmodelled>");
    return env;
}

/** @brief The chart's container env as the map the process sees. */
inline Env helmEnv(const YAML::Node &values)
{
    return toEnv(helmContainerEnv(values));
}

} // namespace targetenv
