// SPDX-License-Identifier: MIT
#pragma once
// What each target really hands Open WebUI, read back from the emitted YAML, so tests can compare
// the targets with each other and with the shared model. A secret reads as "secret:<key>".

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>

namespace targetenv {

using Env = std::map<std::string, std::string>;

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
        const auto value = item.second.as<std::string>();
        env[name] = value.rfind("${" + name, 0) == 0 ? "secret:" + name : unescapeDollars(value);
    }
    for (const auto &secret : service["secrets"]) {
        const auto target = secret.IsMap() ? secret["target"].as<std::string>() : secret.as<std::string>();
        env[target] = "secret:" + target;
    }
    return env;
}

/** @brief A Kubernetes container env list (name + value or valueFrom.secretKeyRef). */
inline void addEnvList(const YAML::Node &list, Env &env)
{
    for (const auto &var : list) {
        const auto name = var["name"].as<std::string>();
        if (var["valueFrom"])
            env[name] = "secret:" + var["valueFrom"]["secretKeyRef"]["key"].as<std::string>();
        else
            env[name] = var["value"].as<std::string>();
    }
}

/** @brief The official chart's container env, as its templates build it from values (chart-notes §4, §5, §7). */
inline Env helmEnv(const YAML::Node &values)
{
    Env env;
    const auto websocket = values["websocket"];
    const bool enabled = !websocket["enabled"] || websocket["enabled"].as<bool>();
    env["ENABLE_WEBSOCKET_SUPPORT"] = enabled ? "true" : "false";
    if (enabled) {
        const auto manager = websocket["manager"] ? websocket["manager"].as<std::string>() : std::string("redis");
        if (!manager.empty()) {
            env["WEBSOCKET_MANAGER"] = manager;
            if (websocket["url"]) {
                env["REDIS_URL"] = websocket["url"].as<std::string>();
                env["WEBSOCKET_REDIS_URL"] = websocket["url"].as<std::string>();
            }
        }
    }
    const auto persistence = values["persistence"];
    const auto provider = persistence && persistence["provider"] ? persistence["provider"].as<std::string>() : std::string("local");
    const auto put = [&env](const char *name, const YAML::Node &value) {
        if (value && !value.as<std::string>().empty())
            env[name] = value.as<std::string>();
    };
    if (provider == "s3") {
        env["STORAGE_PROVIDER"] = "s3";
        put("S3_BUCKET_NAME", persistence["s3"]["bucket"]);
        put("S3_REGION_NAME", persistence["s3"]["region"]);
        put("S3_ENDPOINT_URL", persistence["s3"]["endpointUrl"]);
    } else if (provider == "gcs") {
        env["STORAGE_PROVIDER"] = "gcs";
        put("GCS_BUCKET_NAME", persistence["gcs"]["bucket"]);
    } else if (provider == "azure") {
        env["STORAGE_PROVIDER"] = "azure";
        put("AZURE_STORAGE_CONTAINER_NAME", persistence["azure"]["container"]);
        put("AZURE_STORAGE_ENDPOINT", persistence["azure"]["endpointUrl"]);
    }
    if (values["databaseUrl"] && !values["databaseUrl"].as<std::string>().empty())
        env["DATABASE_URL"] = values["databaseUrl"].as<std::string>();
    addEnvList(values["extraEnvVars"], env);
    return env;
}

} // namespace targetenv
