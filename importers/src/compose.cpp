// SPDX-License-Identifier: MIT
// The Compose and Swarm reader: files and overrides merged as Compose merges them, with the project's `.env`
// interpolated, merge keys applied, extends and include followed, env_file read, and Open WebUI found by its
// image alone.
#include "composevalue.h"
#include "readers.h"
#include "text.h"

#include "importers/read.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <set>
#include <system_error>

namespace importers::detail {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDataPath = "/app/backend/data";

/** @brief The repository path of an image without registry port confusion, tag or digest, lowercased. */
std::string repositoryOf(std::string_view image)
{
    if (const auto at = image.find('@'); at != std::string_view::npos)
        image = image.substr(0, at);
    const auto slash = image.rfind('/');
    if (const auto colon = image.rfind(':'); colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash))
        image = image.substr(0, colon);
    return lowercase(image);
}

/** @brief What a companion image is, from the last part of its repository path; nullopt when not recognised. */
std::optional<CompanionService::Role> companionRole(std::string_view image)
{
    const std::string repository = repositoryOf(image);
    const std::string name = repository.substr(repository.rfind('/') == std::string::npos ? 0 : repository.rfind('/') + 1);
    const auto has = [&name](std::string_view part) { return name.find(part) != std::string::npos; };
    using Role = CompanionService::Role;
    if (has("postgres") || has("pgvector") || has("timescale") || has("postgis"))
        return Role::Postgres;
    if (has("redis") || has("valkey") || has("keydb"))
        return Role::Redis;
    if (has("chroma"))
        return Role::Chroma;
    if (has("qdrant"))
        return Role::Qdrant;
    if (has("milvus"))
        return Role::Milvus;
    if (has("elasticsearch"))
        return Role::Elasticsearch;
    if (has("opensearch") && !has("dashboards"))
        return Role::Opensearch;
    if (has("weaviate"))
        return Role::Weaviate;
    if (has("tika"))
        return Role::Tika;
    if (has("docling"))
        return Role::Docling;
    if (has("otel") || has("opentelemetry-collector"))
        return Role::OtelCollector;
    if (has("nginx") || has("traefik") || has("haproxy"))
        return Role::Proxy;
    return std::nullopt;
}

/** @brief Splits a command string as a shell would split words (quotes and backslashes; no expansion). */
std::vector<std::string> shellWords(std::string_view text)
{
    std::vector<std::string> words;
    std::string current;
    bool inWord = false;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (c == '\\' && quote == '"' && i + 1 < text.size())
                current += text[++i];
            else
                current += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            inWord = true;
        } else if (c == '\\' && i + 1 < text.size()) {
            current += text[++i];
            inWord = true;
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            if (inWord)
                words.push_back(std::move(current));
            current.clear();
            inWord = false;
        } else {
            current += c;
            inWord = true;
        }
    }
    if (inWord)
        words.push_back(std::move(current));
    return words;
}

struct CommandWord {
    std::string text;
    SourceLocation where;
};

/** @brief A service's command as words, each located (a string command's words all at the string). */
std::vector<CommandWord> commandWords(const ComposeValue *command)
{
    std::vector<CommandWord> words;
    if (!command)
        return words;
    if (command->isScalar()) {
        for (auto &word : shellWords(command->text))
            words.push_back({std::move(word), command->where});
    } else if (command->isSequence()) {
        for (const auto &item : command->items)
            if (item.isScalar())
                words.push_back({item.text, item.where});
    }
    // `sh -c "redis-server --maxclients 2000"`: the script's words are the command.
    if (words.size() >= 3 && (words[0].text.ends_with("sh")) && words[1].text == "-c") {
        const SourceLocation where = words[2].where;
        std::vector<CommandWord> script;
        for (auto &word : shellWords(words[2].text))
            script.push_back({std::move(word), where});
        return script;
    }
    return words;
}

std::string settingName(std::string_view name)
{
    std::string out = lowercase(name);
    return out;
}

/** @brief `postgres -c max_connections=200 -cshared_buffers=1GB --work_mem=4MB`. */
void readPostgresSettings(const std::vector<CommandWord> &words, CompanionService &service)
{
    const auto add = [&service](std::string_view assignment, const SourceLocation &where) {
        const auto equals = assignment.find('=');
        if (equals == std::string_view::npos || equals == 0)
            return;
        std::string name = settingName(assignment.substr(0, equals));
        std::replace(name.begin(), name.end(), '-', '_');
        service.settings[name] = {std::string(assignment.substr(equals + 1)), where};
    };
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string &word = words[i].text;
        if (word == "-c" && i + 1 < words.size()) {
            add(words[i + 1].text, words[i + 1].where);
            ++i;
        } else if (word.starts_with("-c") && word.size() > 2) {
            add(std::string_view(word).substr(2), words[i].where);
        } else if (word.starts_with("--") && word.find('=') != std::string::npos) {
            add(std::string_view(word).substr(2), words[i].where);
        }
    }
}

/** @brief `redis-server [redis.conf] --maxclients 2000 --save 60 1 --maxmemory-policy allkeys-lru`. */
void readRedisSettings(const std::vector<CommandWord> &words, CompanionService &service)
{
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (!words[i].text.starts_with("--") || words[i].text.size() <= 2)
            continue;
        const std::string name = settingName(std::string_view(words[i].text).substr(2));
        std::string value;
        SourceLocation where = words[i].where;
        std::size_t next = i + 1;
        for (; next < words.size() && !words[next].text.starts_with("--"); ++next) {
            if (value.empty())
                where = words[next].where;
            value += (value.empty() ? "" : " ") + words[next].text;
        }
        service.settings[name] = {value, where};
        i = next - 1;
    }
}

std::optional<int> parseCount(const ComposeValue &value)
{
    if (!value.isScalar() || value.unknown)
        return std::nullopt;
    int count = 0;
    const auto *begin = value.text.data();
    const auto *end = begin + value.text.size();
    const auto [ptr, error] = std::from_chars(begin, end, count);
    if (error != std::errc() || ptr != end || count < 0)
        return std::nullopt;
    return count;
}

/** @brief A volume driver whose volumes every node reaches (network storage), by name. */
bool isNetworkDriver(std::string_view driver)
{
    const std::string name = lowercase(driver);
    for (std::string_view part : {"nfs", "cifs", "smb", "ceph", "rbd", "gluster", "efs", "azurefile", "cloudstor", "portworx",
                                  "pxd", "rexray", "netshare", "trident", "convoy", "flocker", "sshfs", "s3", "seaweed",
                                  "longhorn", "juicefs", "linstor"})
        if (name.find(part) != std::string::npos)
            return true;
    return false;
}

class ComposeReader
{
public:
    ComposeReader(ReadContext &context, ImportedDeployment &out) : m_context(context), m_out(out) {}

    planner::Result<void> read(const std::vector<YamlFile> &files);

private:
    struct Model {
        ComposeValue root;
        fs::path dir;            ///< where its relative references resolve (empty: in memory)
        std::string displayDir;  ///< the same, as the user named it, for locations
        std::string display;
    };

    planner::Result<void> loadVariables(const YamlFile &first);
    planner::Result<std::shared_ptr<Model>> loadModel(const YamlNode &document, const std::string &display,
                                                              const fs::path &dir, const std::string &displayDir,
                                                              const std::string &identity);
    /** @brief A file referenced by extends or include; null (with a note) when it cannot be read. */
    planner::Result<std::shared_ptr<const Model>> loadReferenced(const fs::path &path, const std::string &display,
                                                                   const SourceLocation &from, std::string_view why);
    void normaliseServices(ComposeValue &root, const fs::path &dir, const std::string &displayDir);
    planner::Result<void> resolveExtends(Model &model, const std::string &identity);
    planner::Result<ComposeValue> resolveService(Model &model, const std::string &identity, const KeyIndex &services,
                                                 const ComposeValue &found, std::vector<std::string> &stack);
    planner::Result<void> mergeIncludes(Model &model, const std::string &identity);
    bool mayReadAnotherFile(const SourceLocation &from, std::string_view what);

    void emit(const ComposeValue &project);
    void emitWorkload(const ComposeValue &service, const KeyIndex &declaredVolumes, bool swarm, const std::string &image);
    void emitCompanion(const ComposeValue &service, CompanionService::Role role, const std::string &image);
    void readEnvFiles(const ComposeValue &service, Workload &workload);
    DataVolume dataVolume(const ComposeValue &service, const KeyIndex &declaredVolumes, bool swarm);
    void note(std::string message, SourceLocation where) { m_out.notes.push_back({std::move(message), std::move(where)}); }

    ReadContext &m_context;
    ImportedDeployment &m_out;
    Variables m_variables;
    std::unique_ptr<ComposeConverter> m_converter;
    std::map<std::string, std::shared_ptr<const Model>> m_loaded; ///< referenced files by canonical path
    std::set<std::string> m_loading;                              ///< files being loaded: a reference back is a cycle
};

bool ComposeReader::mayReadAnotherFile(const SourceLocation &from, std::string_view what)
{
    if (m_context.referencedFiles >= kMaxReferencedFiles) {
        note("not read: " + std::string(what) + " (more than " + std::to_string(kMaxReferencedFiles) +
                 " referenced files)",
             from);
        return false;
    }
    ++m_context.referencedFiles;
    return true;
}

std::string joinDisplay(const std::string &displayDir, const std::string &relative)
{
    if (displayDir.empty() || (!relative.empty() && relative.front() == '/'))
        return relative;
    return (fs::path(displayDir) / relative).lexically_normal().string();
}

std::string displayDirOf(const std::string &display)
{
    return fs::path(display).parent_path().string();
}

bool isRegularFile(const fs::path &path)
{
    std::error_code error;
    return fs::is_regular_file(path, error);
}

std::string identityOf(const fs::path &path, const std::string &display)
{
    if (path.empty())
        return display;
    std::error_code error;
    const auto canonical = fs::weakly_canonical(path, error);
    return error ? path.lexically_normal().string() : canonical.string();
}

planner::Result<void> ComposeReader::loadVariables(const YamlFile &first)
{
    // Compose's project directory is the first file's folder; its .env feeds interpolation. The shell is not visible.
    if (!m_context.followReferences || first.path.empty())
        return {};
    const fs::path dotenv = first.path.parent_path() / ".env";
    if (!isRegularFile(dotenv))
        return {};
    const std::string display = joinDisplay(displayDirOf(first.displayName), ".env");
    if (!mayReadAnotherFile({display, 0, 0}, ".env"))
        return {};
    auto text = readBoundedFile(dotenv, display);
    if (!text) {
        note(".env not read: " + text.error().message, {display, 0, 0});
        return {};
    }
    for (auto &entry : parseDotenv(*text))
        if (!entry.bare)
            m_variables[entry.key] = std::move(entry.value);
    return {};
}

void ComposeReader::normaliseServices(ComposeValue &root, const fs::path &dir, const std::string &displayDir)
{
    auto *services = root.find("services");
    if (!services || !services->isMap())
        return;
    for (auto &service : services->items) {
        if (!service.isMap())
            continue;
        // environment as a list (KEY=VALUE, or KEY alone from the shell) becomes a map, so overrides merge by key.
        if (auto *environment = service.find("environment"); environment && environment->isSequence()) {
            ComposeValue map;
            map.type = ComposeValue::Type::Map;
            map.key = environment->key;
            map.keyWhere = environment->keyWhere;
            map.where = environment->where;
            for (const auto &item : environment->items) {
                if (!item.isScalar())
                    continue;
                ComposeValue entry = item;
                const auto equals = item.text.find('=');
                entry.key = item.text.substr(0, equals);
                entry.keyWhere = item.where;
                if (equals == std::string::npos) {
                    entry.type = ComposeValue::Type::Null;
                    entry.text.clear();
                } else {
                    entry.text = item.text.substr(equals + 1);
                }
                if (auto *existing = map.find(entry.key))
                    *existing = std::move(entry);
                else
                    map.items.push_back(std::move(entry));
            }
            *environment = std::move(map);
        }
        // env_file as a string, a list of strings or a list of {path, required}: a list of {path, display, required}
        // with the path resolved against this file's folder (Compose resolves overrides against the project's).
        if (auto *envFile = service.find("env_file")) {
            ComposeValue list;
            list.type = ComposeValue::Type::Sequence;
            list.key = envFile->key;
            list.keyWhere = envFile->keyWhere;
            list.where = envFile->where;
            std::vector<const ComposeValue *> entries;
            if (envFile->isSequence())
                for (const auto &item : envFile->items)
                    entries.push_back(&item);
            else
                entries.push_back(envFile);
            for (const auto *entry : entries) {
                const ComposeValue *pathValue = entry->isMap() ? entry->find("path") : entry;
                if (!pathValue || !pathValue->isScalar())
                    continue;
                const auto field = [](std::string name, std::string text, const ValueLocation &where) {
                    ComposeValue value;
                    value.type = ComposeValue::Type::Scalar;
                    value.key = std::move(name);
                    value.text = std::move(text);
                    value.where = where;
                    return value;
                };
                ComposeValue normalised;
                normalised.type = ComposeValue::Type::Map;
                normalised.where = pathValue->where;
                const fs::path relative(pathValue->text);
                normalised.items.push_back(
                    field("path", dir.empty() ? std::string() : (relative.is_absolute() ? relative : dir / relative).string(),
                          pathValue->where));
                normalised.items.push_back(field("display", joinDisplay(displayDir, pathValue->text), pathValue->where));
                const std::string required = entry->isMap() ? lowercase(entry->textOf("required")) : std::string();
                normalised.items.push_back(field("required", required == "false" ? "false" : "true", pathValue->where));
                list.items.push_back(std::move(normalised));
            }
            *envFile = std::move(list);
        }
    }
}

planner::Result<std::shared_ptr<const ComposeReader::Model>>
ComposeReader::loadReferenced(const fs::path &path, const std::string &display, const SourceLocation &from, std::string_view why)
{
    const std::string identity = identityOf(path, display);
    if (const auto found = m_loaded.find(identity); found != m_loaded.end())
        return found->second;
    if (m_loading.contains(identity)) {
        note(std::string(why) + " " + display + " leads back to itself (a cycle); not followed", from);
        return std::shared_ptr<const Model>();
    }
    if (!isRegularFile(path)) {
        note(std::string(why) + " " + display + " not found; what it defines is unknown", from);
        return std::shared_ptr<const Model>();
    }
    if (!mayReadAnotherFile(from, std::string(why) + " " + display))
        return std::shared_ptr<const Model>();
    auto file = loadYamlFile(path, display);
    if (!file)
        return tl::unexpected(file.error());
    const YamlNode *document = nullptr;
    for (const auto &candidate : file->documents)
        if (candidate.isMap()) {
            document = &candidate;
            break;
        }
    if (!document) {
        note(std::string(why) + " " + display + " holds no Compose mapping; not followed", from);
        return std::shared_ptr<const Model>();
    }
    auto model = loadModel(*document, display, path.parent_path(), displayDirOf(display), identity);
    if (model && *model)
        m_loaded[identity] = *model;
    return model;
}

planner::Result<std::shared_ptr<ComposeReader::Model>>
ComposeReader::loadModel(const YamlNode &document, const std::string &display, const fs::path &dir,
                         const std::string &displayDir, const std::string &identity)
{
    auto root = m_converter->convert(document, display);
    if (!root)
        return tl::unexpected(root.error());
    auto model = std::make_shared<Model>();
    model->root = std::move(*root);
    model->dir = dir;
    model->displayDir = displayDir;
    model->display = display;
    normaliseServices(model->root, dir, displayDir);
    m_loading.insert(identity);
    auto extended = resolveExtends(*model, identity);
    auto included = extended ? mergeIncludes(*model, identity) : extended;
    m_loading.erase(identity);
    if (!included)
        return tl::unexpected(included.error());
    return model;
}

planner::Result<void> ComposeReader::resolveExtends(Model &model, const std::string &identity)
{
    auto *services = model.root.find("services");
    if (!services || !services->isMap())
        return {};
    // Only the services that extend another are copied and resolved; each resolves from the file as written,
    // so the results go in only once every one is done.
    const KeyIndex byName(services); // valid until the items change below
    std::vector<std::pair<std::size_t, ComposeValue>> resolved;
    for (std::size_t i = 0; i < services->items.size(); ++i) {
        if (!services->items[i].find("extends"))
            continue;
        std::vector<std::string> stack;
        auto one = resolveService(model, identity, byName, services->items[i], stack);
        if (!one)
            return tl::unexpected(one.error());
        resolved.emplace_back(i, std::move(*one));
    }
    for (auto &[position, service] : resolved)
        services->items[position] = std::move(service);
    return {};
}

planner::Result<ComposeValue> ComposeReader::resolveService(Model &model, const std::string &identity, const KeyIndex &services,
                                                            const ComposeValue &found, std::vector<std::string> &stack)
{
    const std::string &name = found.key;
    ComposeValue service = found;
    const ComposeValue *extends = service.find("extends");
    if (!extends)
        return service;
    const SourceLocation from = extends->where;
    std::string baseName = extends->isScalar() ? extends->text : extends->textOf("service");
    const std::string baseFile = extends->isMap() ? extends->textOf("file") : std::string();
    service.erase("extends");
    if (baseName.empty()) {
        note("extends of service " + name + " names no service; ignored", from);
        return service;
    }
    ComposeValue base;
    if (!baseFile.empty()) {
        const std::string display = joinDisplay(model.displayDir, baseFile);
        if (!m_context.followReferences || model.dir.empty()) {
            note("extends file " + display + " not read (text given without its folder); what service " + baseName +
                     " sets there is unknown",
                 from);
            return service;
        }
        const fs::path relative(baseFile);
        auto other = loadReferenced(relative.is_absolute() ? relative : model.dir / relative, display, from, "extends file");
        if (!other)
            return tl::unexpected(other.error());
        if (!*other)
            return service;
        const auto *otherServices = (*other)->root.find("services");
        const ComposeValue *otherService = otherServices ? otherServices->find(baseName) : nullptr;
        if (!otherService) {
            note("extends: no service " + baseName + " in " + display + "; ignored", from);
            return service;
        }
        base = *otherService;
    } else {
        const std::string key = identity + "#" + baseName;
        if (std::find(stack.begin(), stack.end(), key) != stack.end() || baseName == name) {
            note("extends of service " + name + " leads back to itself (a cycle); not followed", from);
            return service;
        }
        const ComposeValue *baseService = services.find(baseName);
        if (!baseService) {
            note("extends: no service " + baseName + " in " + model.display + "; ignored", from);
            return service;
        }
        stack.push_back(identity + "#" + name);
        auto resolved = resolveService(model, identity, services, *baseService, stack);
        stack.pop_back();
        if (!resolved)
            return resolved;
        base = std::move(*resolved);
    }
    if (!m_converter->charge(base))
        return tl::unexpected(planner::Error{planner::ErrorCode::InvalidInput,
                                             "extends copies more than " + std::to_string(kMaxYamlNodes) +
                                                 " nodes; not a deployment file",
                                             {}, from.file, from.line});
    base.key = service.key;
    base.keyWhere = service.keyWhere;
    base.where = service.where;
    mergeCompose(base, service);
    return base;
}

planner::Result<void> ComposeReader::mergeIncludes(Model &model, const std::string &)
{
    const ComposeValue *include = model.root.find("include");
    if (!include)
        return {};
    std::vector<std::pair<std::string, SourceLocation>> paths;
    std::vector<const ComposeValue *> entries;
    if (include->isSequence())
        for (const auto &item : include->items)
            entries.push_back(&item);
    else
        entries.push_back(include);
    for (const auto *entry : entries) {
        const ComposeValue *path = entry->isMap() ? entry->find("path") : entry;
        if (!path)
            continue;
        if (path->isScalar())
            paths.emplace_back(path->text, path->where);
        else if (path->isSequence()) // several files of one included project: the first and its overrides
            for (const auto &item : path->items)
                if (item.isScalar())
                    paths.emplace_back(item.text, item.where);
    }
    ComposeValue merged;
    merged.type = ComposeValue::Type::Map;
    for (const auto &[relative, from] : paths) {
        const std::string display = joinDisplay(model.displayDir, relative);
        if (!m_context.followReferences || model.dir.empty()) {
            note("include " + display + " not read (text given without its folder); the services it defines are unknown", from);
            continue;
        }
        const fs::path path(relative);
        auto other = loadReferenced(path.is_absolute() ? path : model.dir / path, display, from, "include");
        if (!other)
            return tl::unexpected(other.error());
        if (!*other)
            continue;
        if (!m_converter->charge((*other)->root))
            return tl::unexpected(planner::Error{planner::ErrorCode::InvalidInput,
                                                 "include copies more than " + std::to_string(kMaxYamlNodes) +
                                                     " nodes; not a deployment file",
                                                 {}, from.file, from.line});
        ComposeValue included = (*other)->root;
        included.erase("include");
        mergeCompose(merged, included);
    }
    model.root.erase("include");
    // Compose refuses a service defined both here and in an included file; the including file wins here.
    mergeCompose(merged, model.root);
    merged.where = model.root.where;
    model.root = std::move(merged);
    return {};
}

/**
 * @brief Whether the files are a Swarm stack rather than a Compose project. Compose ignores or refuses these,
 * so any one of them says the files are meant for `docker stack deploy`: a service's `deploy.mode`,
 * `deploy.placement` or `deploy.update_config`, a network with the overlay driver, or an external secret or
 * config (Compose's own secrets are files). `deploy.replicas` and `deploy.resources` alone say nothing:
 * Compose honours them too.
 */
bool isSwarmStack(const ComposeValue &project)
{
    if (const auto *services = project.find("services"))
        for (const auto &service : services->items)
            if (const auto *deploy = service.find("deploy"))
                if (deploy->find("mode") || deploy->find("placement") || deploy->find("update_config"))
                    return true;
    if (const auto *networks = project.find("networks"))
        for (const auto &network : networks->items)
            if (lowercase(network.textOf("driver")) == "overlay")
                return true;
    for (std::string_view section : {"secrets", "configs"})
        if (const auto *entries = project.find(section))
            for (const auto &entry : entries->items)
                if (const auto *external = entry.find("external"); external && (external->isMap() || lowercase(external->text) == "true"))
                    return true;
    return false;
}

planner::Result<void> ComposeReader::read(const std::vector<YamlFile> &files)
{
    if (files.empty())
        return {};
    if (auto loaded = loadVariables(files.front()); !loaded)
        return loaded;
    m_converter = std::make_unique<ComposeConverter>(m_variables, kMaxYamlNodes);
    // Overrides resolve their relative paths against the project directory (the first file's folder).
    const fs::path projectDir = files.front().path.empty() ? fs::path() : files.front().path.parent_path();
    const std::string projectDisplayDir = displayDirOf(files.front().displayName);
    ComposeValue project;
    project.type = ComposeValue::Type::Map;
    for (const auto &file : files) {
        const YamlNode *document = nullptr;
        for (const auto &candidate : file.documents)
            if (candidate.isMap()) {
                document = &candidate;
                break;
            }
        if (!document)
            continue;
        const std::string identity = identityOf(file.path, file.displayName);
        auto model = loadModel(*document, file.displayName, projectDir, projectDisplayDir, identity);
        if (!model)
            return tl::unexpected(model.error());
        if (project.items.empty() && (*model)->root.isMap())
            project.items = std::move((*model)->root.items); // the first file: nothing to merge onto, and a large one is not copied
        else
            mergeCompose(project, (*model)->root);
    }
    emit(project);
    return {};
}

void ComposeReader::emit(const ComposeValue &project)
{
    const auto *services = project.find("services");
    if (!services || !services->isMap())
        return;
    const bool swarm = isSwarmStack(project);
    const KeyIndex declaredVolumes(project.find("volumes"));
    // `docker compose up` starts only the services without `profiles`; a profiled one runs when its profile is
    // asked for. Profiled Open WebUI services are alternatives (a CPU and a GPU variant), not extra replicas: they
    // count only when every Open WebUI service is profiled, and then only the first.
    const auto profilesOf = [](const ComposeValue &service) {
        const ComposeValue *profiles = service.find("profiles");
        return profiles && (!profiles->isSequence() || !profiles->items.empty()) ? profiles : nullptr;
    };
    bool anyUnprofiled = false;
    for (const auto &service : services->items)
        if (service.isMap() && service.find("image") && service.find("image")->isScalar() &&
            isOpenWebUiImage(service.find("image")->text) && !profilesOf(service))
            anyUnprofiled = true;
    bool profiledTaken = false;
    for (const auto &service : services->items) {
        if (!service.isMap())
            continue;
        const auto *image = service.find("image");
        if (!image || !image->isScalar())
            continue;
        // An unset variable in the tag still leaves the repository: `open-webui:${TAG}` is Open WebUI.
        if (isOpenWebUiImage(image->text)) {
            if (const ComposeValue *profiles = profilesOf(service)) {
                if (anyUnprofiled || profiledTaken) {
                    note("service " + service.key + " runs only when its profile is asked for (docker compose --profile): "
                         "not counted as Open WebUI instances",
                         profiles->where);
                    continue;
                }
                profiledTaken = true;
                note("every Open WebUI service is behind a profile: service " + service.key +
                         " is audited as the one that runs (the others are alternatives)",
                     profiles->where);
            }
            emitWorkload(service, declaredVolumes, swarm, image->text);
        } else if (const auto role = companionRole(image->text)) {
            emitCompanion(service, *role, image->text);
        } else if (image->unknown) {
            note("service " + service.key + ": the image depends on " + image->unknownOrigin + "; not known whether it is Open WebUI",
                 image->where);
        }
    }
}

void ComposeReader::emitCompanion(const ComposeValue &service, CompanionService::Role role, const std::string &image)
{
    CompanionService companion;
    companion.role = role;
    companion.name = service.key;
    companion.image = image;
    companion.where = service.keyWhere;
    const auto words = commandWords(service.find("command"));
    if (role == CompanionService::Role::Postgres)
        readPostgresSettings(words, companion);
    else if (role == CompanionService::Role::Redis)
        readRedisSettings(words, companion);
    m_out.companions.push_back(std::move(companion));
}

void ComposeReader::readEnvFiles(const ComposeValue &service, Workload &workload)
{
    const auto *envFiles = service.find("env_file");
    if (!envFiles)
        return;
    for (const auto &entry : envFiles->items) {
        const std::string path = entry.textOf("path");
        const std::string display = entry.textOf("display");
        const bool required = entry.textOf("required") != "false";
        if (!m_context.followReferences || path.empty()) {
            workload.opaqueEnv.push_back({"env_file " + display + " (not read: text given without its folder)", entry.where});
            continue;
        }
        if (!isRegularFile(path)) {
            const std::string description = "env_file " + display + " (not found" + (required ? "" : "; marked required: false") + ")";
            workload.opaqueEnv.push_back({description, entry.where});
            note(description + ": the variables it sets are unknown", entry.where);
            continue;
        }
        if (!mayReadAnotherFile(entry.where, "env_file " + display)) {
            workload.opaqueEnv.push_back({"env_file " + display + " (not read: too many referenced files)", entry.where});
            continue;
        }
        auto text = readBoundedFile(path, display);
        if (!text) {
            workload.opaqueEnv.push_back({"env_file " + display + " (" + text.error().message + ")", entry.where});
            note("env_file " + display + " not read: " + text.error().message, entry.where);
            continue;
        }
        for (auto &line : parseDotenv(*text)) {
            EnvSetting setting;
            setting.where = {display, line.line, 1};
            if (line.bare) {
                setting.kind = EnvSetting::Kind::Unknown;
                setting.certainty = Certainty::Unknown;
                setting.origin = "env_file " + display + ": " + line.key + " is taken from the shell";
            } else {
                setting.value = std::move(line.value);
                setting.origin = "env_file " + display;
            }
            workload.env[line.key] = std::move(setting);
        }
    }
}

DataVolume ComposeReader::dataVolume(const ComposeValue &service, const KeyIndex &declaredVolumes, bool swarm)
{
    DataVolume data;
    const auto *volumes = service.find("volumes");
    if (!volumes || !volumes->isSequence())
        return data;
    std::string type;
    std::string source;
    const ComposeValue *mount = nullptr;
    for (const auto &item : volumes->items) {
        std::string itemType;
        std::string itemSource;
        std::string target;
        if (item.isScalar()) {
            // source:target[:mode], or a target alone (an anonymous volume).
            const auto &text = item.text;
            const auto first = text.find(':');
            if (first == std::string::npos) {
                target = text;
                itemType = "volume";
            } else {
                itemSource = text.substr(0, first);
                const auto second = text.find(':', first + 1);
                target = text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
                const bool path = itemSource.starts_with('/') || itemSource.starts_with('.') || itemSource.starts_with('~') ||
                                  itemSource.starts_with('$');
                itemType = path ? "bind" : "volume";
            }
        } else if (item.isMap()) {
            itemType = item.textOf("type");
            itemSource = item.textOf("source");
            target = item.textOf("target");
            if (itemType.empty())
                itemType = "volume";
        }
        while (target.size() > 1 && target.ends_with('/'))
            target.pop_back();
        if (target == kDataPath) {
            mount = &item;
            type = itemType;
            source = itemSource;
        }
    }
    if (!mount)
        return data;
    data.where = mount->where;
    data.name = source;
    if (mount->unknown)
        data.note = mount->unknownOrigin;
    if (type == "tmpfs") {
        data.kind = DataVolume::Kind::None;
        data.note = "tmpfs: lost when the container stops";
        return data;
    }
    if (type == "bind") {
        data.kind = swarm ? DataVolume::Kind::NodeLocal : DataVolume::Kind::HostLocal;
        data.note = swarm ? "bind mount: each node has its own folder" : "bind mount on the Compose host";
        return data;
    }
    if (source.empty()) {
        data.kind = DataVolume::Kind::NodeLocal;
        data.note = "anonymous volume: each container gets its own";
        return data;
    }
    // A named volume: its driver decides whether other hosts see it.
    const ComposeValue *volume = declaredVolumes.find(source);
    std::string driver = volume ? volume->textOf("driver") : std::string();
    std::string optionsType;
    if (volume)
        if (const auto *options = volume->find("driver_opts"))
            optionsType = lowercase(options->textOf("type"));
    const bool external = volume && volume->find("external") &&
                          (volume->find("external")->isMap() || lowercase(volume->find("external")->text) == "true");
    if (optionsType == "nfs" || optionsType == "nfs4" || optionsType == "cifs" || optionsType == "smb" ||
        (!driver.empty() && driver != "local" && isNetworkDriver(driver))) {
        data.kind = DataVolume::Kind::Shared;
        data.note = "volume " + source + " on network storage (" + (optionsType.empty() ? "driver " + driver : optionsType) + ")";
        if (volume)
            data.where = volume->keyWhere;
        return data;
    }
    if (!driver.empty() && driver != "local") {
        data.kind = DataVolume::Kind::UnknownClaim;
        data.certainty = Certainty::Unknown;
        data.note = "volume " + source + " uses driver " + driver + ", whose sharing the files do not show";
        return data;
    }
    if (external && swarm) {
        data.kind = DataVolume::Kind::UnknownClaim;
        data.certainty = Certainty::Unknown;
        data.note = "external volume " + source + ": created outside the stack, its driver is not shown";
        return data;
    }
    data.kind = swarm ? DataVolume::Kind::NodeLocal : DataVolume::Kind::HostLocal;
    data.note = swarm ? "volume " + source + " with the local driver: one per node" : "volume " + source + " on the Compose host";
    return data;
}

void ComposeReader::emitWorkload(const ComposeValue &service, const KeyIndex &declaredVolumes, bool swarm, const std::string &image)
{
    Workload workload;
    workload.kind = swarm ? Workload::Kind::SwarmService : Workload::Kind::ComposeService;
    workload.orchestrator = swarm ? planner::Orchestrator::Swarm : planner::Orchestrator::Compose;
    workload.name = service.key;
    workload.where = service.keyWhere;
    workload.image = image;
    workload.imageWhere = service.find("image")->where;

    const auto *deploy = service.find("deploy");
    const ComposeValue *replicas = deploy ? deploy->find("replicas") : nullptr;
    if (!replicas)
        replicas = service.find("scale");
    if (replicas) {
        workload.replicasWhere = replicas->where;
        if (const auto count = parseCount(*replicas)) {
            workload.replicas = *count;
        } else {
            workload.replicasCertainty = Certainty::Unknown;
            note("service " + service.key + ": replicas " + (replicas->unknown ? replicas->unknownOrigin : "'" + replicas->text + "' is not a count"),
                 replicas->where);
        }
    }
    if (deploy) {
        if (const auto *mode = deploy->find("mode"); mode && lowercase(mode->text) == "global") {
            workload.onePerNode = true;
            workload.replicas = 1;
            workload.replicasCertainty = Certainty::Unknown;
            workload.replicasWhere = mode->where;
        }
        if (const auto *update = deploy->find("update_config"))
            if (const auto *order = update->find("order"); order && order->isScalar()) {
                workload.updateStrategy = order->text;
                workload.updateStrategyWhere = order->where;
            }
    }

    readEnvFiles(service, workload);
    if (const auto *environment = service.find("environment"); environment && environment->isMap()) {
        for (const auto &item : environment->items) {
            EnvSetting setting;
            setting.where = item.where.line ? item.where : item.keyWhere;
            if (item.type == ComposeValue::Type::Null) {
                setting.kind = EnvSetting::Kind::Unknown;
                setting.certainty = Certainty::Unknown;
                setting.origin = item.key + " is taken from the shell";
            } else if (!item.isScalar()) {
                continue;
            } else if (item.unknown) {
                setting.kind = EnvSetting::Kind::Unknown;
                setting.certainty = Certainty::Unknown;
                setting.value = item.text;
                setting.origin = item.unknownOrigin;
            } else {
                setting.value = item.text;
                setting.origin = "environment";
            }
            workload.env[item.key] = std::move(setting);
        }
    }

    // Docker secrets: X_FILE names a file whose content is X (the same on every replica, content unknown), and a
    // secret mounted under a variable's name holds that variable.
    std::set<std::string> secretNames;
    if (const auto *secrets = service.find("secrets"); secrets && secrets->isSequence()) {
        for (const auto &secret : secrets->items) {
            const std::string source = secret.isScalar() ? secret.text : secret.textOf("source");
            std::string target = secret.isMap() ? secret.textOf("target") : std::string();
            if (target.empty())
                target = source;
            secretNames.insert(source);
            const bool variableName = !target.empty() && std::all_of(target.begin(), target.end(), [](unsigned char c) {
                return std::isupper(c) || std::isdigit(c) || c == '_';
            });
            if (variableName && !workload.env.contains(target))
                workload.env[target] = EnvSetting{EnvSetting::Kind::SecretReference, "Docker secret " + source, Certainty::Unknown,
                                                  secret.where, "secret " + source + " mounted as " + target};
        }
    }
    std::vector<std::pair<std::string, EnvSetting>> fromFiles;
    for (const auto &[name, setting] : workload.env) {
        if (name.size() <= 5 || !name.ends_with("_FILE") || setting.kind != EnvSetting::Kind::Literal || setting.value.empty())
            continue;
        const std::string variable = name.substr(0, name.size() - 5);
        std::string reference = "file " + setting.value;
        if (setting.value.starts_with("/run/secrets/")) {
            const std::string secret = setting.value.substr(13);
            if (secretNames.contains(secret))
                reference = "Docker secret " + secret;
        }
        fromFiles.emplace_back(variable, EnvSetting{EnvSetting::Kind::SecretReference, reference, Certainty::Unknown, setting.where,
                                                    name + " names the file that holds it"});
    }
    for (auto &[name, setting] : fromFiles)
        if (!workload.env.contains(name) || workload.env[name].kind == EnvSetting::Kind::Unknown)
            workload.env[name] = std::move(setting);

    workload.data = dataVolume(service, declaredVolumes, swarm);
    m_out.workloads.push_back(std::move(workload));
}

} // namespace

planner::Result<void> readCompose(const std::vector<YamlFile> &files, ReadContext &context, ImportedDeployment &out)
{
    ComposeReader reader(context, out);
    return reader.read(files);
}

} // namespace importers::detail
