// SPDX-License-Identifier: MIT
#include "kubernetesobjects.h"

#include <algorithm>
#include <cctype>

namespace importers::detail {

std::optional<MapEntry> entry(const YamlNode &node, std::string_view key)
{
    if (!node.isMap())
        return std::nullopt;
    std::optional<MapEntry> found;
    for (const auto &item : node.entries()) {
        if (item.key.isScalar() && item.key.scalar() == key)
            found = MapEntry{item.key, item.value}; // a duplicate key: the last one, as Helm and kubectl read it
    }
    return found;
}

YamlNode field(const YamlNode &node, std::string_view key)
{
    if (auto found = entry(node, key))
        return found->value;
    return YamlNode();
}

std::string text(const YamlNode &node)
{
    return scalarText(node).value_or(std::string());
}

std::optional<long long> integer(const YamlNode &node)
{
    const auto value = scalarText(node);
    if (!value || value->empty() || value->size() > 12)
        return std::nullopt;
    long long result = 0;
    bool negative = false;
    std::size_t at = 0;
    if ((*value)[0] == '-' || (*value)[0] == '+') {
        negative = (*value)[0] == '-';
        at = 1;
    }
    if (at == value->size())
        return std::nullopt;
    for (; at < value->size(); ++at) {
        if (!std::isdigit(static_cast<unsigned char>((*value)[at])))
            return std::nullopt;
        result = result * 10 + ((*value)[at] - '0');
    }
    return negative ? -result : result;
}

std::optional<bool> boolean(const YamlNode &node)
{
    auto value = scalarText(node);
    if (!value)
        return std::nullopt;
    std::string lower;
    for (char c : *value)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "true" || lower == "yes" || lower == "on" || lower == "y")
        return true;
    if (lower == "false" || lower == "no" || lower == "off" || lower == "n")
        return false;
    return std::nullopt;
}

const ConfigMapObject *ManifestIndex::configMap(const std::string &name, const std::string &ns) const
{
    for (const auto &object : configMaps)
        if (object.ref.matches(name, ns))
            return &object;
    return nullptr;
}

const SecretObject *ManifestIndex::secret(const std::string &name, const std::string &ns) const
{
    for (const auto &object : secrets)
        if (object.ref.matches(name, ns))
            return &object;
    return nullptr;
}

const ClaimObject *ManifestIndex::claim(const std::string &name, const std::string &ns) const
{
    for (const auto &object : claims)
        if (object.ref.matches(name, ns))
            return &object;
    return nullptr;
}

namespace {

/**
 * @brief Kubernetes' `$(VAR)` expansion: a reference to a variable defined earlier in the container is
 * replaced by its value, `$$` is a literal `$`, anything else stays as written. One pass, no recursion.
 * Returns the expanded text and remarks on references that could not be replaced by a known value.
 */
std::pair<std::string, std::string> expandReferences(const std::string &value, const std::map<std::string, EnvSetting> &defined)
{
    std::string result;
    std::string remarks;
    for (std::size_t at = 0; at < value.size();) {
        if (value[at] == '$' && at + 1 < value.size() && value[at + 1] == '$') {
            result += '$';
            at += 2;
            continue;
        }
        if (value[at] == '$' && at + 1 < value.size() && value[at + 1] == '(') {
            const std::size_t close = value.find(')', at + 2);
            if (close != std::string::npos) {
                const std::string name = value.substr(at + 2, close - at - 2);
                const auto found = defined.find(name);
                if (found != defined.end() && found->second.kind == EnvSetting::Kind::Literal &&
                    result.size() + found->second.value.size() <= kMaxExpandedValue) {
                    result += found->second.value;
                } else {
                    result += value.substr(at, close - at + 1);
                    if (!remarks.empty())
                        remarks += "; ";
                    if (found != defined.end() && found->second.kind == EnvSetting::Kind::Literal)
                        remarks += "$(" + name + ") not expanded: the value would pass 64 KiB";
                    else if (found == defined.end())
                        remarks += "$(" + name + ") is not defined before it, left as written";
                    else if (found->second.kind == EnvSetting::Kind::SecretReference)
                        remarks += "$(" + name + ") comes from " + found->second.value;
                    else
                        remarks += "$(" + name + ") has a value the files do not show";
                }
                at = close + 1;
                continue;
            }
        }
        result += value[at];
        ++at;
    }
    return {result, remarks};
}

std::string refName(const YamlNode &ref)
{
    return text(field(ref, "name"));
}

} // namespace

void applyEnvEntry(const std::string &name, const YamlNode &nameNode, const YamlNode &value,
                   const YamlNode &valueFrom, const EnvContext &context, Workload &workload)
{
    if (name.empty() || (context.index && context.index->envWritesLeft == 0))
        return;
    if (context.index)
        --context.index->envWritesLeft;
    EnvSetting setting;
    setting.where = locate(nameNode, context.file);
    setting.origin = context.originPrefix;
    if (valueFrom.isMap()) {
        const YamlNode secretRef = field(valueFrom, "secretKeyRef");
        const YamlNode configMapRef = field(valueFrom, "configMapKeyRef");
        if (secretRef.isMap()) {
            setting.kind = EnvSetting::Kind::SecretReference;
            setting.value = "Secret " + refName(secretRef) + "/" + text(field(secretRef, "key"));
            setting.origin += ", secretKeyRef";
        } else if (configMapRef.isMap()) {
            const std::string mapName = refName(configMapRef);
            const std::string key = text(field(configMapRef, "key"));
            const ConfigMapObject *configMap = context.index ? context.index->configMap(mapName, context.ns) : nullptr;
            const auto data = configMap ? entry(configMap->data, key) : std::nullopt;
            if (data && scalarText(data->value)) {
                setting.value = text(data->value);
                setting.where = locate(data->key, configMap->file);
                setting.origin += ", ConfigMap " + mapName + " key " + key;
            } else {
                setting.kind = EnvSetting::Kind::Unknown;
                setting.certainty = Certainty::Unknown;
                setting.value = "ConfigMap " + mapName + "/" + key;
                setting.origin += configMap ? ", ConfigMap " + mapName + " has no key " + key
                                            : ", ConfigMap " + mapName + " (not in the audited files)";
            }
        } else {
            // fieldRef, resourceFieldRef: per pod, decided when the pod starts.
            setting.kind = EnvSetting::Kind::Unknown;
            setting.certainty = Certainty::Unknown;
            const YamlNode fieldRef = field(valueFrom, "fieldRef");
            setting.value = fieldRef.isMap() ? "fieldRef " + text(field(fieldRef, "fieldPath")) : "valueFrom";
        }
    } else {
        const std::string raw = text(value);
        if (value.isDefined())
            setting.where = locate(nameNode, context.file);
        auto [expanded, remarks] = expandReferences(raw, workload.env);
        setting.value = std::move(expanded);
        if (!remarks.empty())
            setting.origin += " (" + remarks + ")";
    }
    workload.env[name] = std::move(setting);
}

void applyEnvList(const YamlNode &env, const EnvContext &context, Workload &workload)
{
    if (!env.isSequence())
        return;
    for (const auto &item : env.elements()) {
        if (!item.isMap())
            continue;
        const auto nameEntry = entry(item, "name");
        if (!nameEntry)
            continue;
        // A misspelt field (`vaLUE:`) is dropped by Kubernetes (or refused by a strict server): the variable is
        // then set to nothing, which is worth saying where it happens.
        if (context.notes) {
            for (const auto &field : item.entries()) {
                const std::string key = text(field.key);
                if (key != "name" && key != "value" && key != "valueFrom")
                    context.notes->push_back({"env entry " + text(nameEntry->value) + " has the field '" + key +
                                                  "', which Kubernetes does not know (name, value, valueFrom): the variable "
                                                  "gets no value from it",
                                              locate(field.key, context.file)});
            }
        }
        applyEnvEntry(text(nameEntry->value), nameEntry->value, field(item, "value"), field(item, "valueFrom"), context, workload);
    }
}

void applyEnvFrom(const YamlNode &envFrom, const EnvContext &context, Workload &workload)
{
    if (!envFrom.isSequence())
        return;
    for (const auto &item : envFrom.elements()) {
        if (!item.isMap())
            continue;
        const std::string prefix = text(field(item, "prefix"));
        const YamlNode configMapRef = field(item, "configMapRef");
        const YamlNode secretRef = field(item, "secretRef");
        const SourceLocation where = locate(item, context.file);
        if (configMapRef.isMap()) {
            const std::string name = refName(configMapRef);
            const ConfigMapObject *configMap = context.index ? context.index->configMap(name, context.ns) : nullptr;
            if (!configMap) {
                workload.opaqueEnv.push_back({"envFrom ConfigMap " + name + " (not in the audited files)", where});
                continue;
            }
            if (!configMap->data.isMap())
                continue;
            for (const auto &data : configMap->data.entries()) {
                const auto key = scalarText(data.key);
                if (!key || context.index->envWritesLeft == 0)
                    continue;
                --context.index->envWritesLeft;
                EnvSetting setting;
                setting.value = text(data.value);
                setting.where = locate(data.key, configMap->file);
                setting.origin = context.originPrefix + ", envFrom ConfigMap " + name;
                workload.env[prefix + *key] = std::move(setting);
            }
        } else if (secretRef.isMap()) {
            const std::string name = refName(secretRef);
            const SecretObject *secret = context.index ? context.index->secret(name, context.ns) : nullptr;
            if (!secret) {
                workload.opaqueEnv.push_back({"envFrom Secret " + name + " (not in the audited files)", where});
                continue;
            }
            for (const auto &key : secret->keys) {
                if (context.index->envWritesLeft == 0)
                    break;
                --context.index->envWritesLeft;
                EnvSetting setting;
                setting.kind = EnvSetting::Kind::SecretReference;
                setting.value = "Secret " + name + "/" + key;
                setting.where = where;
                setting.origin = context.originPrefix + ", envFrom Secret " + name;
                workload.env[prefix + key] = std::move(setting);
            }
        } else {
            workload.opaqueEnv.push_back({"envFrom entry the planner does not read", where});
        }
    }
}

DataVolume volumeForAccessModes(const std::vector<std::string> &accessModes, std::string name, SourceLocation where)
{
    DataVolume volume;
    volume.name = std::move(name);
    volume.where = std::move(where);
    const auto has = [&](std::string_view mode) { return std::find(accessModes.begin(), accessModes.end(), mode) != accessModes.end(); };
    if (has("ReadWriteMany")) {
        volume.kind = DataVolume::Kind::Shared;
        volume.note = "ReadWriteMany claim: every replica mounts it";
    } else if (has("ReadWriteOnce") || has("ReadWriteOncePod")) {
        volume.kind = DataVolume::Kind::NodeLocal;
        volume.note = has("ReadWriteOncePod") ? "ReadWriteOncePod claim: one pod at a time"
                                              : "ReadWriteOnce claim: pods on other nodes cannot attach it";
    } else if (has("ReadOnlyMany")) {
        volume.kind = DataVolume::Kind::NodeLocal;
        volume.note = "ReadOnlyMany claim: Open WebUI cannot write its data";
    } else {
        volume.kind = DataVolume::Kind::UnknownClaim;
        volume.certainty = Certainty::Unknown;
        volume.note = "claim without access modes";
    }
    return volume;
}

DataVolume claimVolume(const std::string &claimName, const std::string &ns, const ManifestIndex &index, SourceLocation where)
{
    if (const ClaimObject *claim = index.claim(claimName, ns)) {
        DataVolume volume = volumeForAccessModes(claim->accessModes, claimName, claim->where);
        if (!claim->storageClass.empty())
            volume.note += " (storage class " + claim->storageClass + ")";
        return volume;
    }
    DataVolume volume;
    volume.kind = DataVolume::Kind::UnknownClaim;
    volume.certainty = Certainty::Unknown;
    volume.name = claimName;
    volume.where = std::move(where);
    volume.note = "PersistentVolumeClaim " + claimName + " is not in the audited files: its access mode is unknown";
    return volume;
}

std::optional<CompanionService::Role> companionRole(std::string_view image)
{
    using Role = CompanionService::Role;
    if (const auto at = image.find('@'); at != std::string_view::npos)
        image = image.substr(0, at);
    const auto slash = image.rfind('/');
    if (const auto colon = image.rfind(':'); colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash))
        image = image.substr(0, colon);
    std::string_view last = slash == std::string_view::npos ? image : image.substr(slash + 1);
    std::string repository(image);
    std::string name(last);
    for (auto &c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::pair<std::string_view, Role> kByName[] = {
        {"postgres", Role::Postgres},      {"postgresql", Role::Postgres},   {"pgvector", Role::Postgres},
        {"timescaledb", Role::Postgres},   {"postgis", Role::Postgres},      {"postgresql-repmgr", Role::Postgres},
        {"redis", Role::Redis},            {"valkey", Role::Redis},          {"redis-stack", Role::Redis},
        {"redis-stack-server", Role::Redis}, {"keydb", Role::Redis},         {"dragonfly", Role::Redis},
        {"chroma", Role::Chroma},          {"qdrant", Role::Qdrant},         {"milvus", Role::Milvus},
        {"elasticsearch", Role::Elasticsearch}, {"opensearch", Role::Opensearch}, {"weaviate", Role::Weaviate},
        {"tika", Role::Tika},              {"docling-serve", Role::Docling}, {"docling-serve-cpu", Role::Docling},
        {"opentelemetry-collector", Role::OtelCollector}, {"opentelemetry-collector-contrib", Role::OtelCollector},
        {"nginx", Role::Proxy},            {"traefik", Role::Proxy},         {"caddy", Role::Proxy},
        {"haproxy", Role::Proxy},          {"envoy", Role::Proxy},
    };
    for (const auto &[known, role] : kByName)
        if (name == known)
            return role;
    return std::nullopt;
}

void readServerSettings(const YamlNode &command, const YamlNode &args, const std::string &file, CompanionService &companion)
{
    // Words of the command line, each with the location of the item it came from ("sh -c 'redis-server
    // --maxclients 100'" is one item holding several words).
    std::vector<std::pair<std::string, SourceLocation>> words;
    for (const YamlNode *list : {&command, &args}) {
        if (!list->isSequence())
            continue;
        for (const auto &item : list->elements()) {
            const auto value = scalarText(item);
            if (!value)
                continue;
            const SourceLocation where = locate(item, file);
            std::size_t at = 0;
            while (at < value->size()) {
                while (at < value->size() && std::isspace(static_cast<unsigned char>((*value)[at])))
                    ++at;
                std::size_t end = at;
                while (end < value->size() && !std::isspace(static_cast<unsigned char>((*value)[end])))
                    ++end;
                if (end > at) {
                    std::string word = value->substr(at, end - at);
                    // Quotes around words inside a shell string.
                    if (word.size() >= 2 && (word.front() == '"' || word.front() == '\'') && word.back() == word.front())
                        word = word.substr(1, word.size() - 2);
                    words.emplace_back(std::move(word), where);
                }
                at = end;
            }
        }
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string &word = words[i].first;
        std::string key;
        std::string value;
        if (word == "-c" && i + 1 < words.size() && words[i + 1].first.find('=') != std::string::npos) {
            const std::string &setting = words[i + 1].first;
            key = setting.substr(0, setting.find('='));
            value = setting.substr(setting.find('=') + 1);
            ++i;
        } else if (word.starts_with("-c") && word.size() > 2 && word.find('=') != std::string::npos && word[2] != '-') {
            key = word.substr(2, word.find('=') - 2);
            value = word.substr(word.find('=') + 1);
        } else if (word.starts_with("--") && word.size() > 2) {
            const auto equals = word.find('=');
            if (equals != std::string::npos) {
                key = word.substr(2, equals - 2);
                value = word.substr(equals + 1);
            } else {
                key = word.substr(2);
                if (i + 1 < words.size() && !words[i + 1].first.starts_with("-")) {
                    value = words[i + 1].first;
                    ++i;
                }
            }
        }
        if (!key.empty())
            companion.settings[key] = {value, words[i].second};
    }
}

} // namespace importers::detail
