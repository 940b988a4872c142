// SPDX-License-Identifier: MIT
// The inverse of the exporters' variable table: Open WebUI's environment, as the audited files set it, back
// into a plan. Every setting goes through planner::applyChanges, so a value the plan cannot hold (out of
// range, a hostile host name) is refused with the same words as in a plan file, and reported where it was read.
#include "infer.h"
#include "text.h"
#include "yamlinput.h"

#include "exporters/persistentconfig.h"
#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <set>

namespace importers::detail {

namespace {

using nlohmann::json;

/** @brief Python's truthiness as Open WebUI reads its boolean variables: "true" (any case), and for some "1". */
std::optional<bool> parseBool(std::string_view text)
{
    const std::string value = lowercase(trimmed(text));
    if (value == "true" || value == "1" || value == "yes" || value == "on")
        return true;
    if (value == "false" || value == "0" || value == "no" || value == "off" || value.empty())
        return false;
    return std::nullopt;
}

std::optional<long long> parseInteger(std::string_view text)
{
    const std::string value = trimmed(text);
    long long number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc() || end != value.data() + value.size() || value.empty())
        return std::nullopt;
    return number;
}

std::optional<double> parseNumber(std::string_view text)
{
    const std::string value = trimmed(text);
    if (value.empty())
        return std::nullopt;
    try {
        std::size_t used = 0;
        const double number = std::stod(value, &used);
        if (used != value.size())
            return std::nullopt;
        return number;
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

/** @brief The parts of a URL the plan holds: scheme, user, host, port, path (no password kept). */
struct UrlParts {
    std::string scheme;
    std::string user;
    std::string host;
    std::optional<int> port;
    std::string path;
};

std::optional<UrlParts> parseUrl(std::string_view url)
{
    const auto schemeEnd = url.find("://");
    if (schemeEnd == std::string_view::npos)
        return std::nullopt;
    UrlParts parts;
    parts.scheme = lowercase(url.substr(0, schemeEnd));
    std::string_view rest = url.substr(schemeEnd + 3);
    const auto pathStart = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, pathStart);
    if (pathStart != std::string_view::npos)
        parts.path = std::string(rest.substr(pathStart));
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const std::string_view credentials = authority.substr(0, at);
        parts.user = std::string(credentials.substr(0, credentials.find(':')));
        authority = authority.substr(at + 1);
    }
    std::string_view host = authority;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        host = authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1);
        authority.remove_prefix(host.size());
        if (authority.starts_with(':'))
            authority.remove_prefix(1);
        else
            authority = {};
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        authority = authority.substr(colon + 1);
    } else {
        authority = {};
    }
    parts.host = std::string(host);
    if (!authority.empty()) {
        if (const auto port = parseInteger(authority); port && *port > 0 && *port < 65536)
            parts.port = static_cast<int>(*port);
        else
            return std::nullopt;
    }
    return parts;
}

/** @brief A URL part percent-decoded; bytes that decode to no UTF-8 (`%ee` alone) read as U+FFFD, since plans are JSON. */
std::string percentDecoded(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return validUtf8(out);
}

/** @brief One variable looked up across Open WebUI's workloads. */
struct Lookup {
    enum class State { Absent, Literal, Secret, Unknown };
    State state = State::Absent;
    std::string value;
    Certainty certainty = Certainty::Known;
    SourceLocation where;
    std::string detail;
    /** Not set in the files at all, but a source the files do not show (envFrom, an absent env_file) may set it. */
    bool maybeFromOpaqueSource = false;

    [[nodiscard]] bool literal() const { return state == State::Literal; }
    [[nodiscard]] bool present() const { return state != State::Absent; }
};

class Inferrer
{
public:
    explicit Inferrer(const ImportedDeployment &deployment) : m_deployment(deployment)
    {
        for (const auto &workload : deployment.workloads)
            (workload.kind == Workload::Kind::Job ? m_jobs : m_apps).push_back(&workload);
        if (m_apps.empty())
            m_apps = m_jobs; // only a job runs the image: audit what it would run
    }

    Inference run()
    {
        inferShape();
        inferSecretKey();
        inferDatabase();
        inferRedis();
        inferVectorDb();
        inferStorage();
        inferMigrations();
        inferLoadBalancer();
        inferSimpleSettings();
        collectPersistentConfig();
        m_result.facts.insert(m_result.facts.begin(), {"expected_users", "unknown", Certainty::Unknown,
                                                       "the files cannot show how many people use it; set it in the plan",
                                                       {}});
        m_result.provenance["/expected_users"] = {Certainty::Unknown, {}, "the files cannot show how many people use it"};
        return std::move(m_result);
    }

private:
    // --- looking variables up -------------------------------------------------------------------------

    Lookup lookup(const std::string &name) const
    {
        for (const Workload *workload : m_apps) {
            const auto found = workload->env.find(name);
            if (found == workload->env.end())
                continue;
            const EnvSetting &setting = found->second;
            Lookup result;
            result.where = setting.where;
            result.certainty = setting.certainty;
            result.detail = setting.origin;
            switch (setting.kind) {
            case EnvSetting::Kind::Literal:
                result.state = Lookup::State::Literal;
                result.value = setting.value;
                break;
            case EnvSetting::Kind::SecretReference:
                result.state = Lookup::State::Secret;
                result.value = setting.value;
                result.certainty = Certainty::Unknown;
                break;
            case EnvSetting::Kind::Unknown:
                result.state = Lookup::State::Unknown;
                result.certainty = Certainty::Unknown;
                break;
            }
            return result;
        }
        for (const Workload *workload : m_apps) {
            if (!workload->opaqueEnv.empty()) {
                const auto &source = workload->opaqueEnv.front();
                return Lookup{Lookup::State::Unknown, {}, Certainty::Unknown, source.where,
                              name + " may be set by " + source.description, true};
            }
        }
        return {};
    }

    /** @brief Where a workload's setting would go when it is left out: the workload itself. */
    SourceLocation workloadWhere() const { return m_apps.empty() ? SourceLocation{} : m_apps.front()->where; }

    // --- applying to the plan ---------------------------------------------------------------------------

    /** @brief Apply changes as one step; a refusal becomes a note at `where`, and the plan keeps its value. */
    bool apply(const std::vector<planner::SettingChange> &changes, const Provenance &provenance, const std::string &variable)
    {
        auto changed = planner::applyChanges(m_result.plan, changes);
        if (!changed) {
            m_result.notes.push_back({AuditNote::Kind::Reading, planner::Severity::Warning,
                                      (variable.empty() ? std::string() : variable + ": ") + changed.error().message +
                                          " (" + changed.error().where + "); Open WebUI's default is assumed",
                                      provenance.where});
            for (const auto &change : changes)
                m_result.provenance[change.pointer] = {Certainty::Unknown, provenance.where,
                                                       variable + " holds a value the planner cannot use"};
            return false;
        }
        m_result.plan = std::move(*changed);
        for (const auto &change : changes)
            m_result.provenance[change.pointer] = provenance;
        return true;
    }

    bool set(const std::string &pointer, const json &value, const Provenance &provenance, const std::string &variable = {})
    {
        return apply({{pointer, value.dump()}}, provenance, variable);
    }

    void markUnknown(const std::string &pointer, const Lookup &found, const std::string &variable)
    {
        m_result.provenance[pointer] = {Certainty::Unknown, found.where,
                                        found.detail.empty() ? variable + " is not visible in the files" : found.detail};
    }

    /** @brief The provenance of a variable that is set: its value may be unknown, but that it is set is known. */
    static Provenance provenanceOf(const Lookup &found, const std::string &variable)
    {
        return {found.certainty == Certainty::ChartDefault ? Certainty::ChartDefault : Certainty::Known, found.where,
                found.detail.empty() ? variable : variable + " (" + found.detail + ")"};
    }

    /**
     * @brief The literal text of a variable meant for a plan pointer, or nothing: absent leaves the plan's default,
     * and a value the files do not show (a secret, an opaque source) marks the pointer unknown.
     */
    std::optional<Lookup> literalFor(const std::string &variable, const std::string &pointer)
    {
        const Lookup found = lookup(variable);
        if (!found.present())
            return std::nullopt;
        if (!found.literal()) {
            markUnknown(pointer, found, variable);
            return std::nullopt;
        }
        return found;
    }

    /** @brief A boolean variable onto a plan pointer. */
    void boolean(const std::string &variable, const std::string &pointer)
    {
        const auto found = literalFor(variable, pointer);
        if (!found)
            return;
        if (const auto value = parseBool(found->value))
            set(pointer, *value, provenanceOf(*found, variable), variable);
        else
            m_result.notes.push_back({AuditNote::Kind::Reading, planner::Severity::Warning,
                                      variable + "=" + found->value + " is not a boolean Open WebUI understands (True or False)",
                                      found->where});
    }

    /** @brief An integer variable onto a plan pointer. */
    void integer(const std::string &variable, const std::string &pointer)
    {
        const auto found = literalFor(variable, pointer);
        if (!found)
            return;
        if (const auto value = parseInteger(found->value))
            set(pointer, *value, provenanceOf(*found, variable), variable);
        else
            m_result.notes.push_back({AuditNote::Kind::Reading, planner::Severity::Error,
                                      variable + "=" + found->value + " is not a whole number: Open WebUI fails to start",
                                      found->where});
    }

    void text(const std::string &variable, const std::string &pointer)
    {
        if (const auto found = literalFor(variable, pointer))
            set(pointer, found->value, provenanceOf(*found, variable), variable);
    }

    void fact(std::string subject, std::string value, Certainty certainty, std::string detail, SourceLocation where)
    {
        m_result.facts.push_back({std::move(subject), std::move(value), certainty, std::move(detail), std::move(where)});
    }

    // --- the settings -------------------------------------------------------------------------------------

    void inferShape()
    {
        const Workload &first = *m_apps.front();
        set("/orchestrator", std::string(planner::toString(first.orchestrator)), {Certainty::Known, first.where, "the kind of file"});
        int replicas = 0;
        SourceLocation replicasWhere = first.replicasWhere.empty() ? first.where : first.replicasWhere;
        Certainty replicasCertainty = Certainty::Known;
        std::string replicasDetail;
        for (const Workload *workload : m_apps) {
            if (workload->onePerNode) {
                m_result.replicasOnePerNode = true;
                replicasCertainty = Certainty::Unknown;
                replicasWhere = workload->replicasWhere.empty() ? workload->where : workload->replicasWhere;
                replicasDetail = workload->name + " runs one per node (global mode): at least one, as many as the swarm has nodes";
                replicas += 1;
                continue;
            }
            if (workload->replicasCertainty == Certainty::Unknown && replicasCertainty == Certainty::Known) {
                replicasCertainty = Certainty::Unknown;
                replicasWhere = workload->replicasWhere;
                replicasDetail = "the replica count of " + workload->name + " is not visible in the files";
            } else if (workload->replicasCertainty == Certainty::ChartDefault && replicasCertainty == Certainty::Known) {
                replicasCertainty = Certainty::ChartDefault;
                replicasDetail = "replicaCount is the chart's default";
            }
            if (workload->replicas > 1 && replicasCertainty == Certainty::Known)
                replicasWhere = workload->replicasWhere.empty() ? workload->where : workload->replicasWhere;
            replicas += std::max(0, workload->replicas);
        }
        replicas = std::max(1, replicas);
        const Workload *scaled = nullptr;
        for (const Workload *workload : m_apps)
            if (workload->autoscalingMax)
                scaled = workload;
        std::vector<planner::SettingChange> changes{{"/replicas", json(replicas).dump()}};
        if (scaled) {
            const int maxReplicas = std::max(1, *scaled->autoscalingMax);
            const int minReplicas = std::clamp(scaled->autoscalingMin.value_or(1), 1, maxReplicas);
            replicas = std::clamp(replicas, minReplicas, maxReplicas);
            changes = {{"/autoscaling/enabled", "true"},
                       {"/autoscaling/min_replicas", json(minReplicas).dump()},
                       {"/autoscaling/max_replicas", json(maxReplicas).dump()},
                       {"/replicas", json(replicas).dump()}};
            fact("autoscaling", std::to_string(minReplicas) + "–" + std::to_string(maxReplicas) + " replicas",
                 Certainty::Known, "autoscaler on " + scaled->name, scaled->autoscalingWhere);
        }
        apply(changes, {replicasCertainty, replicasWhere, replicasDetail}, "replicas");
        if (scaled)
            for (const char *pointer : {"/autoscaling/enabled", "/autoscaling/min_replicas", "/autoscaling/max_replicas"})
                m_result.provenance[pointer] = {Certainty::Known, scaled->autoscalingWhere, "autoscaler on " + scaled->name};
        fact("replicas",
             m_result.replicasOnePerNode ? "one per node (at least 1)" : std::to_string(m_result.plan.replicas),
             replicasCertainty, replicasDetail, replicasWhere);

        integer("UVICORN_WORKERS", "/workers");
        const auto &workers = m_result.provenance.find("/workers");
        fact("workers", std::to_string(m_result.plan.workers),
             workers == m_result.provenance.end() ? Certainty::Known : workers->second.certainty,
             workers == m_result.provenance.end() ? "UVICORN_WORKERS not set: Open WebUI's 1" : workers->second.detail,
             workers == m_result.provenance.end() ? workloadWhere() : workers->second.where);

        // The image's tag: what the exporter would pin again.
        const std::string &image = first.image;
        std::string tag = "latest"; // what Docker pulls when the reference names no tag
        const auto slash = image.rfind('/');
        const auto colon = image.rfind(':');
        if (image.find('@') != std::string::npos)
            tag = {}; // pinned by digest: the plan keeps its own tag
        else if (colon != std::string::npos && (slash == std::string::npos || colon > slash))
            tag = image.substr(colon + 1);
        if (!tag.empty())
            set("/image_tag", tag, {Certainty::Known, first.imageWhere, "image " + image}, "image");

        inferRollout(first);
    }

    /**
     * @brief How many extra instances a new version starts beside the old ones (the budget's peak). `docker compose
     * up` stops a container before it starts its replacement; Swarm does too unless `order: start-first`; a
     * Kubernetes RollingUpdate surges by 25% of the replicas, rounded up, unless the manifest says otherwise.
     */
    void inferRollout(const Workload &first)
    {
        const std::string &strategy = first.updateStrategy;
        const SourceLocation where = first.updateStrategyWhere.empty() ? first.where : first.updateStrategyWhere;
        if (strategy == "Recreate" || strategy == "OnDelete") {
            set("/upgrade_strategy", "recreate", {Certainty::Known, where, strategy}, "update strategy");
            return;
        }
        int surge = 0;
        std::string why;
        switch (first.orchestrator) {
        case planner::Orchestrator::Compose:
            why = "docker compose stops each container before starting its replacement";
            break;
        case planner::Orchestrator::Swarm:
            surge = strategy == "start-first" ? 1 : 0;
            why = strategy == "start-first" ? "update_config order start-first" : "Swarm's default update order, stop-first";
            break;
        case planner::Orchestrator::Kubernetes:
            surge = std::max(1, (m_result.plan.replicas + 3) / 4);
            why = "a RollingUpdate surges by 25% of the replicas (Kubernetes' default maxSurge)";
            break;
        }
        set("/rolling_update_surge", surge, {Certainty::Known, where, why}, "update strategy");
    }

    void inferSecretKey()
    {
        // Several workloads with their own literal keys: the plan cannot hold that, and it is the login loop.
        std::map<std::string, const Workload *> literalKeys;
        for (const Workload *workload : m_apps) {
            for (const char *name : {"WEBUI_SECRET_KEY", "WEBUI_JWT_SECRET_KEY"}) {
                const auto found = workload->env.find(name);
                if (found != workload->env.end() && found->second.kind == EnvSetting::Kind::Literal && !found->second.value.empty()) {
                    literalKeys.emplace(found->second.value, workload);
                    break;
                }
            }
        }
        if (literalKeys.size() > 1) {
            std::vector<SourceLocation> related;
            std::string names;
            for (const auto &[key, workload] : literalKeys) {
                related.push_back(workload->env.count("WEBUI_SECRET_KEY") ? workload->env.at("WEBUI_SECRET_KEY").where
                                                                          : workload->env.at("WEBUI_JWT_SECRET_KEY").where);
                names += (names.empty() ? "" : ", ") + workload->name;
            }
            AuditFinding finding;
            finding.finding = {"shared-secret-key", planner::Severity::Error,
                               "The Open WebUI services " + names + " each set a different WEBUI_SECRET_KEY: a session "
                               "signed by one is rejected by the others (login loops, 401 on every other request).",
                               "Give every instance the same WEBUI_SECRET_KEY, from one secret.",
                               "multi-replica-troubleshooting.md § Core Requirements Checklist 1; § Common Issues 1 (Login Loops)",
                               {}};
            finding.where = related.front();
            finding.related.assign(related.begin() + 1, related.end());
            m_result.findings.push_back(std::move(finding));
        }

        Lookup found = lookup("WEBUI_SECRET_KEY");
        std::string variable = "WEBUI_SECRET_KEY";
        if (!found.present() || (found.literal() && found.value.empty())) {
            // start.sh reads the key from WEBUI_SECRET_KEY_FILE when the key itself is empty.
            if (const Lookup file = lookup("WEBUI_SECRET_KEY_FILE"); file.present()) {
                found = file;
                variable = "WEBUI_SECRET_KEY_FILE";
                if (found.state == Lookup::State::Literal) {
                    found.state = Lookup::State::Secret;
                    found.value = "file " + file.value;
                }
            } else if (const Lookup legacy = lookup("WEBUI_JWT_SECRET_KEY"); legacy.present()) {
                found = legacy;
                variable = "WEBUI_JWT_SECRET_KEY";
            }
        }
        switch (found.state) {
        case Lookup::State::Absent:
            set("/secrets/key_mode", "unset", {Certainty::Known, workloadWhere(), "WEBUI_SECRET_KEY is not set"});
            fact("secret_key", "not set: each container makes its own", Certainty::Known,
                 "start.sh writes a key file per container, outside the data volume", workloadWhere());
            break;
        case Lookup::State::Literal:
            if (found.value.empty()) {
                set("/secrets/key_mode", "unset", {Certainty::Known, found.where, variable + " is empty, which counts as unset"});
                fact("secret_key", "empty: each container makes its own", Certainty::Known, variable + " is empty", found.where);
                break;
            }
            // The plan never holds the key itself: the bundle generates a new one unless the user keeps this one.
            set("/secrets/key_mode", "generated", {Certainty::Known, found.where, variable + " set in the file"});
            fact("secret_key", literalKeys.size() > 1 ? "different on different services" : "the same literal key on every replica",
                 Certainty::Known, variable + " written in the file (its value is not shown)", found.where);
            break;
        case Lookup::State::Secret: {
            std::string name = found.value;
            // "Secret NAME/KEY" or "secret NAME": the plan keeps the secret's name.
            for (std::string_view prefix : {"Secret ", "secret "})
                if (name.starts_with(prefix))
                    name = name.substr(prefix.size());
            name = name.substr(0, name.find_first_of("/ "));
            if (name.empty() || !set("/secrets/key_mode", "external", {Certainty::Known, found.where, variable + " from " + found.value}))
                break;
            if (!set("/secrets/external_secret_name", name, {Certainty::Known, found.where, found.value}))
                set("/secrets/external_secret_name", "open-webui-secret", {Certainty::Unknown, found.where, found.value});
            fact("secret_key", "from " + found.value + ": the same on every replica", Certainty::Known, found.detail, found.where);
            break;
        }
        case Lookup::State::Unknown:
            markUnknown("/secrets/key_mode", found, variable);
            fact("secret_key", "unknown", Certainty::Unknown, found.detail, found.where);
            break;
        }
    }

    const CompanionService *companionAt(CompanionService::Role role, const std::string &host) const
    {
        const CompanionService *only = nullptr;
        int count = 0;
        for (const auto &service : m_deployment.companions) {
            if (service.role != role)
                continue;
            if (!host.empty() && (service.name == host || host.starts_with(service.name + ".")))
                return &service;
            only = &service;
            ++count;
        }
        return host.empty() && count == 1 ? only : nullptr;
    }

    /** @brief A server setting of a companion onto a plan pointer, or the server's own default when it sets none. */
    void serverSetting(const CompanionService *server, const std::string &setting, const std::string &pointer,
                       const std::string &serverName)
    {
        if (!server) {
            m_result.provenance[pointer] = {Certainty::Unknown, {},
                                            setting + " of " + serverName + " is not in the files (an external server); its default is assumed"};
            return;
        }
        const auto found = server->settings.find(setting);
        if (found == server->settings.end())
            return; // the server's own default, known from its command line leaving it out
        const std::string &value = found->second.first;
        const Provenance provenance{Certainty::Known, found->second.second, setting + " of " + server->name};
        if (const auto number = parseInteger(value))
            set(pointer, *number, provenance, setting);
        else
            set(pointer, value, provenance, setting);
    }

    void inferDatabase()
    {
        Lookup url = lookup("DATABASE_URL");
        if (!url.present()) {
            // Open WebUI also builds the URL from DATABASE_TYPE and its parts (env.py).
            const Lookup type = lookup("DATABASE_TYPE");
            if (type.literal() && lowercase(type.value).starts_with("postgres")) {
                const Lookup host = lookup("DATABASE_HOST");
                set("/database/kind", "postgresql", provenanceOf(type, "DATABASE_TYPE"), "DATABASE_TYPE");
                text("DATABASE_HOST", "/database/host");
                integer("DATABASE_PORT", "/database/port");
                text("DATABASE_NAME", "/database/name");
                text("DATABASE_USER", "/database/user");
                url = host;
            }
        } else if (url.literal()) {
            const auto parts = parseUrl(url.value);
            const Provenance provenance = provenanceOf(url, "DATABASE_URL");
            if (url.value.starts_with("sqlite")) {
                set("/database/kind", "sqlite", provenance);
            } else if (parts && parts->scheme.starts_with("postgres")) {
                std::vector<planner::SettingChange> changes{{"/database/kind", "\"postgresql\""},
                                                            {"/database/host", json(parts->host).dump()}};
                if (parts->port)
                    changes.push_back({"/database/port", json(*parts->port).dump()});
                if (parts->path.size() > 1)
                    changes.push_back({"/database/name", json(percentDecoded(parts->path.substr(1, parts->path.find('?') - 1))).dump()});
                if (!parts->user.empty())
                    changes.push_back({"/database/user", json(percentDecoded(parts->user)).dump()});
                if (!apply(changes, provenance, "DATABASE_URL"))
                    set("/database/kind", "postgresql", provenance, "DATABASE_URL");
            } else {
                m_result.notes.push_back({AuditNote::Kind::Reading, planner::Severity::Warning,
                                          "DATABASE_URL is neither SQLite nor PostgreSQL (" + (parts ? parts->scheme : std::string("no scheme")) +
                                              "); the planner models those two only",
                                          url.where});
                markUnknown("/database/kind", url, "DATABASE_URL");
            }
        } else if (url.maybeFromOpaqueSource) {
            markUnknown("/database/kind", url, "DATABASE_URL");
        } else {
            // A URL kept in a secret is, in practice, a PostgreSQL server: SQLite needs no secret.
            set("/database/kind", "postgresql", {Certainty::Unknown, url.where, "DATABASE_URL from " + (url.value.empty() ? url.detail : url.value) +
                                                                                 ": assumed PostgreSQL, server unknown"});
            m_result.provenance["/database/host"] = {Certainty::Unknown, url.where, "DATABASE_URL is not visible"};
        }
        integer("DATABASE_POOL_SIZE", "/database/pool_size");
        integer("DATABASE_POOL_MAX_OVERFLOW", "/database/max_overflow");
        integer("DATABASE_POOL_TIMEOUT", "/database/pool_timeout");
        integer("DATABASE_POOL_RECYCLE", "/database/pool_recycle");
        boolean("DATABASE_ENABLE_SESSION_SHARING", "/database/session_sharing");

        const auto &plan = m_result.plan;
        // SQLAlchemy pools only PostgreSQL connections here: on SQLite these variables change nothing.
        const auto kind = m_result.provenance.find("/database/kind");
        const bool knownSqlite = !plan.isPostgres() && (kind == m_result.provenance.end() || kind->second.certainty != Certainty::Unknown);
        if (knownSqlite) {
            for (const char *variable : {"DATABASE_POOL_SIZE", "DATABASE_POOL_MAX_OVERFLOW"}) {
                if (const Lookup pool = lookup(variable); pool.literal())
                    m_result.notes.push_back({AuditNote::Kind::Reading, planner::Severity::Info,
                                              std::string(variable) + " has no effect: the database is SQLite, and only a "
                                                                      "PostgreSQL connection is pooled",
                                              pool.where});
            }
        }
        if (plan.isPostgres()) {
            const bool hostKnown = m_result.provenance.count("/database/host") &&
                                   m_result.provenance["/database/host"].certainty != Certainty::Unknown;
            const CompanionService *server = hostKnown ? companionAt(CompanionService::Role::Postgres, plan.database.host) : nullptr;
            serverSetting(server, "max_connections", "/database/max_connections", "the PostgreSQL server");
            serverSetting(server, "superuser_reserved_connections", "/database/superuser_reserved_connections", "the PostgreSQL server");
            m_result.provenance.emplace("/database/other_client_connections",
                                        Provenance{server ? Certainty::Known : Certainty::Unknown, {},
                                                   server ? "no other client is in the files" : "other users of an external server are not in the files"});
            // A host the files do not show is never replaced by the plan's default in what is reported.
            fact("database",
                 hostKnown ? "PostgreSQL at " + plan.database.host + ":" + std::to_string(plan.database.port)
                           : std::string("PostgreSQL, server unknown"),
                 hostKnown ? m_result.provenance["/database/kind"].certainty : Certainty::Unknown,
                 hostKnown ? url.detail : m_result.provenance["/database/host"].detail, url.where);
        } else {
            fact("database", "SQLite in the data volume", m_result.provenance.count("/database/kind") ? m_result.provenance["/database/kind"].certainty : Certainty::Known,
                 url.present() ? "DATABASE_URL" : "DATABASE_URL not set: Open WebUI's SQLite", url.present() ? url.where : workloadWhere());
        }
    }

    void inferRedis()
    {
        const Lookup redisUrl = lookup("REDIS_URL");
        const Lookup websocketUrl = lookup("WEBSOCKET_REDIS_URL");
        const Lookup manager = lookup("WEBSOCKET_MANAGER");
        const Lookup sentinels = lookup("REDIS_SENTINEL_HOSTS");
        const Lookup cluster = lookup("REDIS_CLUSTER");
        boolean("ENABLE_WEBSOCKET_SUPPORT", "/websocket_support");
        const bool redisSet = redisUrl.present() && !redisUrl.maybeFromOpaqueSource;
        const bool websocketSet = websocketUrl.present() && !websocketUrl.maybeFromOpaqueSource;
        const Lookup &url = redisSet || !websocketSet ? redisUrl : websocketUrl;
        const std::string variable = redisSet || !websocketSet ? "REDIS_URL" : "WEBSOCKET_REDIS_URL";
        if (url.maybeFromOpaqueSource) {
            markUnknown("/redis/mode", url, variable);
        } else if (url.present()) {
            std::string mode = "single";
            if (sentinels.literal() && !trimmed(sentinels.value).empty())
                mode = "sentinel";
            else if (cluster.literal() && parseBool(cluster.value).value_or(false))
                mode = "cluster";
            set("/redis/mode", mode, provenanceOf(url, variable), variable);
            if (url.literal()) {
                if (const auto parts = parseUrl(url.value); parts && mode != "sentinel") {
                    std::vector<planner::SettingChange> changes{{"/redis/host", json(parts->host).dump()}};
                    if (parts->port)
                        changes.push_back({"/redis/port", json(*parts->port).dump()});
                    apply(changes, provenanceOf(url, variable), variable);
                } else if (parts && mode == "sentinel" && !parts->host.empty()) {
                    set("/redis/sentinel_service", parts->host, provenanceOf(url, variable), variable);
                }
            } else {
                m_result.provenance["/redis/host"] = {Certainty::Unknown, url.where, variable + " is not visible"};
            }
            if (mode == "sentinel") {
                std::vector<std::string> hosts;
                std::string list = sentinels.value;
                for (std::size_t start = 0; start <= list.size();) {
                    const auto comma = std::min(list.find(',', start), list.size());
                    if (const std::string host = trimmed(std::string_view(list).substr(start, comma - start)); !host.empty())
                        hosts.push_back(host);
                    start = comma + 1;
                }
                set("/redis/sentinel_hosts", hosts, provenanceOf(sentinels, "REDIS_SENTINEL_HOSTS"), "REDIS_SENTINEL_HOSTS");
                integer("REDIS_SENTINEL_PORT", "/redis/sentinel_port");
            }
            const CompanionService *server = companionAt(CompanionService::Role::Redis,
                                                         m_result.provenance["/redis/host"].certainty == Certainty::Unknown
                                                             ? std::string("\x01")
                                                             : m_result.plan.redis.host);
            serverSetting(server, "maxclients", "/redis/maxclients", "the Redis server");
            serverSetting(server, "timeout", "/redis/timeout", "the Redis server");
            serverSetting(server, "maxmemory-policy", "/redis/maxmemory_policy", "the Redis server");
            m_result.provenance.emplace("/redis/other_clients",
                                        Provenance{server ? Certainty::Known : Certainty::Unknown, {},
                                                   server ? "no other client is in the files" : "other users of an external Redis are not in the files"});
        }
        text("REDIS_KEY_PREFIX", "/redis/key_prefix");
        boolean("ENABLE_STAR_SESSIONS_MIDDLEWARE", "/redis/star_sessions");
        {
            const Lookup timeout = lookup("REDIS_SOCKET_CONNECT_TIMEOUT");
            if (timeout.literal()) {
                if (const auto seconds = parseNumber(timeout.value))
                    set("/redis/socket_connect_timeout", *seconds, provenanceOf(timeout, "REDIS_SOCKET_CONNECT_TIMEOUT"),
                        "REDIS_SOCKET_CONNECT_TIMEOUT");
            } else if (timeout.present()) {
                markUnknown("/redis/socket_connect_timeout", timeout, "REDIS_SOCKET_CONNECT_TIMEOUT");
            }
        }

        // Wiring the plan cannot express: it always writes both URLs and the redis manager together.
        const auto &plan = m_result.plan;
        const bool multi = plan.peakProcesses() > 1 || m_result.replicasOnePerNode;
        if ((redisSet || websocketSet) && plan.websocketSupport && !(manager.literal() && lowercase(trimmed(manager.value)) == "redis") &&
            manager.state != Lookup::State::Unknown && manager.state != Lookup::State::Secret && multi) {
            AuditFinding finding;
            finding.finding = {"redis-websockets", planner::Severity::Error,
                               "Redis is configured, but WEBSOCKET_MANAGER is " +
                                   (manager.present() ? "\"" + manager.value + "\"" : std::string("not set")) +
                                   ": Socket.IO keeps its rooms in each process's memory, so an event finished on one "
                                   "process never reaches a user connected to another (chat hangs).",
                               "Set WEBSOCKET_MANAGER=redis on every process.",
                               "multi-replica-troubleshooting.md § Core Requirements Checklist 3; § Common Issues 2",
                               {}};
            finding.where = manager.present() ? manager.where : url.where;
            finding.related = {url.where};
            m_result.findings.push_back(std::move(finding));
        }
        if (!redisUrl.present() && websocketSet && multi) {
            AuditFinding finding;
            finding.finding = {"redis-config-sync", planner::Severity::Error,
                               "Only WEBSOCKET_REDIS_URL is set: websockets share Redis, but app state, the models "
                               "cache, locks, rate limits, token revocation and task stop stay in each process "
                               "(charts before 10.2.1 rendered only this variable).",
                               "Set REDIS_URL to the same Redis on every process (or upgrade the chart to 10.2.1 or later).",
                               "multi-replica-troubleshooting.md § Common Issues 3; helm-chart-notes.md § 5 (chart 10.2.1, PR #334)",
                               {}};
            finding.where = websocketUrl.where;
            m_result.findings.push_back(std::move(finding));
        }

        // A Redis beside Open WebUI that it does not use: a fact worth saying, since people assume it is wired.
        if (!redisSet && !websocketSet && !url.maybeFromOpaqueSource)
            for (const auto &service : m_deployment.companions)
                if (service.role == CompanionService::Role::Redis)
                    m_result.notes.push_back({AuditNote::Kind::Unknown, planner::Severity::Info,
                                              "A Redis service \"" + service.name + "\" runs beside Open WebUI, but no REDIS_URL "
                                              "or WEBSOCKET_REDIS_URL points at it: Open WebUI does not use it",
                                              service.where});
        if (url.maybeFromOpaqueSource)
            fact("redis", "unknown", Certainty::Unknown, url.detail, url.where);
        else
            fact("redis",
                 url.present() ? std::string(planner::toString(plan.redis.mode)) +
                                     (url.state == Lookup::State::Literal ? " at " + plan.redis.host : std::string(", server unknown"))
                               : "none",
                 url.present() && url.state != Lookup::State::Literal ? Certainty::Unknown : Certainty::Known,
                 url.present() ? variable + (url.state == Lookup::State::Literal ? std::string() : " (" + url.detail + ")")
                               : "neither REDIS_URL nor WEBSOCKET_REDIS_URL is set",
                 url.present() ? url.where : workloadWhere());
        const auto &websockets = m_result.provenance.find("/websocket_support");
        fact("websockets",
             std::string(plan.websocketSupport ? "on" : "off (HTTP long-polling)") +
                 (manager.literal() ? ", manager " + (manager.value.empty() ? std::string("in memory") : manager.value) : std::string(", manager not set (in memory)")),
             websockets == m_result.provenance.end() ? Certainty::Known : websockets->second.certainty,
             websockets == m_result.provenance.end() ? "ENABLE_WEBSOCKET_SUPPORT not set: Open WebUI's default, on" : websockets->second.detail,
             websockets == m_result.provenance.end() ? workloadWhere() : websockets->second.where);
    }

    void inferVectorDb()
    {
        const Lookup kind = lookup("VECTOR_DB");
        std::string name = kind.literal() ? lowercase(trimmed(kind.value)) : std::string("chroma");
        if (kind.present() && !kind.literal()) {
            markUnknown("/vector_db/kind", kind, "VECTOR_DB");
            fact("vector_db", "unknown", Certainty::Unknown, kind.detail, kind.where);
            return;
        }
        struct Server {
            const char *kind;
            const char *variable;
        };
        static constexpr Server servers[] = {
            {"chroma-http", "CHROMA_HTTP_HOST"}, {"qdrant", "QDRANT_URI"},       {"milvus", "MILVUS_URI"},
            {"elasticsearch", "ELASTICSEARCH_URL"}, {"opensearch", "OPENSEARCH_URI"}, {"weaviate", "WEAVIATE_HTTP_HOST"},
            {"mariadb-vector", "MARIADB_VECTOR_DB_URL"}, {"pgvector", "PGVECTOR_DB_URL"},
        };
        if (name == "chroma" && lookup("CHROMA_HTTP_HOST").present())
            name = "chroma-http";
        if (name == "milvus") {
            const Lookup uri = lookup("MILVUS_URI");
            if (!uri.present() || (uri.literal() && !uri.value.starts_with("http")))
                name = "milvus-lite";
        }
        if (name == "mariadb" || name == "mariadb_vector")
            name = "mariadb-vector";
        const Provenance provenance = kind.present() ? provenanceOf(kind, "VECTOR_DB")
                                                     : Provenance{Certainty::Known, workloadWhere(), "VECTOR_DB not set: Open WebUI's built-in Chroma"};
        if (!planner::enumFromString<planner::VectorDb>(name)) {
            m_result.notes.push_back({AuditNote::Kind::Reading, planner::Severity::Warning,
                                      "VECTOR_DB=" + kind.value + " is not a vector store the planner models", kind.where});
            markUnknown("/vector_db/kind", kind, "VECTOR_DB");
            return;
        }
        set("/vector_db/kind", name, provenance, "VECTOR_DB");
        for (const auto &server : servers) {
            if (name != server.kind)
                continue;
            const Lookup url = lookup(server.variable);
            if (url.literal())
                set("/vector_db/url", url.value, provenanceOf(url, server.variable), server.variable);
            if (name == "pgvector")
                set("/vector_db/pgvector_same_server", !url.present(), url.present() ? provenanceOf(url, server.variable) : provenance);
        }
        integer("PGVECTOR_POOL_SIZE", "/vector_db/pgvector_pool_size");
        integer("PGVECTOR_POOL_MAX_OVERFLOW", "/vector_db/pgvector_max_overflow");
        fact("vector_db", std::string(planner::toString(m_result.plan.vectorDb.kind)), provenance.certainty, provenance.detail, provenance.where);
    }

    void inferStorage()
    {
        const Lookup provider = lookup("STORAGE_PROVIDER");
        const std::string name = provider.literal() ? lowercase(trimmed(provider.value)) : std::string();
        if (provider.present() && !provider.literal()) {
            markUnknown("/storage/kind", provider, "STORAGE_PROVIDER");
            fact("storage", "unknown", Certainty::Unknown, provider.detail, provider.where);
            return;
        }
        if (name == "s3" || name == "gcs" || name == "azure") {
            set("/storage/kind", name, provenanceOf(provider, "STORAGE_PROVIDER"), "STORAGE_PROVIDER");
            const char *bucket = name == "s3" ? "S3_BUCKET_NAME" : name == "gcs" ? "GCS_BUCKET_NAME" : "AZURE_STORAGE_CONTAINER_NAME";
            text(bucket, "/storage/bucket");
            if (name == "s3") {
                text("S3_REGION_NAME", "/storage/region");
                text("S3_ENDPOINT_URL", "/storage/endpoint");
            } else if (name == "azure") {
                text("AZURE_STORAGE_ENDPOINT", "/storage/endpoint");
            }
            fact("storage", name + " bucket " + m_result.plan.storage.bucket, Certainty::Known, "STORAGE_PROVIDER", provider.where);
            return;
        }
        if (!name.empty() && name != "local")
            m_result.notes.push_back({AuditNote::Kind::Reading, planner::Severity::Warning,
                                      "STORAGE_PROVIDER=" + provider.value + " is not one Open WebUI knows (local, s3, gcs, azure)",
                                      provider.where});
        // Local storage: what the data volume is decides whether replicas share the files.
        const Workload &first = *m_apps.front();
        const DataVolume &volume = first.data;
        const SourceLocation where = volume.where.empty() ? first.where : volume.where;
        const bool severalOnOneHost = first.orchestrator == planner::Orchestrator::Compose;
        std::string kind = "local";
        std::string words;
        Certainty certainty = volume.certainty;
        switch (volume.kind) {
        case DataVolume::Kind::None:
            words = "no volume at /app/backend/data: data is lost when the container is re-created";
            m_result.notes.push_back({AuditNote::Kind::Unknown, planner::Severity::Warning,
                                      "Nothing is mounted at /app/backend/data on " + first.name +
                                          ": the database, uploads and the secret key file are lost when the container is re-created",
                                      first.where});
            break;
        case DataVolume::Kind::HostLocal:
            kind = severalOnOneHost && m_result.plan.peakReplicas() > 1 ? "shared-volume" : "local";
            m_result.storageOnOneHost = kind == "shared-volume";
            words = "volume " + volume.name + " on one host" + (kind == "shared-volume" ? ": every replica on it sees the same files" : "");
            break;
        case DataVolume::Kind::NodeLocal:
            words = "volume " + volume.name + ", one per node: replicas on other nodes do not see it";
            break;
        case DataVolume::Kind::Shared:
            kind = "shared-volume";
            words = "shared volume " + volume.name;
            break;
        case DataVolume::Kind::UnknownClaim:
            certainty = Certainty::Unknown;
            words = "claim " + volume.name + ": its access mode is not in the files";
            break;
        }
        if (!volume.note.empty())
            words += " (" + volume.note + ")";
        if (certainty == Certainty::Unknown)
            m_result.provenance["/storage/kind"] = {Certainty::Unknown, where, words};
        else
            set("/storage/kind", kind, {certainty, where, words});
        fact("storage", kind, certainty, words, where);
    }

    void inferMigrations()
    {
        // ENABLE_DB_MIGRATIONS per workload: Open WebUI migrates at every start unless it is false.
        int migratingApps = 0;
        long long migratingProcesses = 0;
        bool unknown = false;
        SourceLocation where = workloadWhere();
        std::string detail;
        for (const Workload *workload : m_apps) {
            const auto found = workload->env.find("ENABLE_DB_MIGRATIONS");
            bool migrates = true;
            if (found != workload->env.end()) {
                if (found->second.kind != EnvSetting::Kind::Literal)
                    unknown = true;
                else
                    migrates = parseBool(found->second.value).value_or(true);
            } else if (!workload->opaqueEnv.empty()) {
                unknown = true;
            }
            if (migrates) {
                ++migratingApps;
                migratingProcesses += std::max(1, workload->replicas);
                if (found != workload->env.end())
                    where = found->second.where;
                detail += (detail.empty() ? "" : ", ") + workload->name;
            }
        }
        const bool jobMigrates = !m_jobs.empty() && m_jobs != m_apps;
        std::string mode;
        if (jobMigrates && migratingApps == 0) {
            mode = "job";
            where = m_jobs.front()->where;
            detail = "job " + m_jobs.front()->name + " migrates; every app instance has ENABLE_DB_MIGRATIONS off";
        } else if (migratingApps == 1 && migratingProcesses == 1 && m_apps.size() > 1 && !jobMigrates) {
            mode = "primary";
            detail = detail + " migrates; the others have ENABLE_DB_MIGRATIONS off";
        } else if (migratingApps == 0 && !unknown) {
            mode = "job"; // what the bundle will write; the finding says nobody migrates today
            AuditFinding finding;
            finding.finding = {"single-migrator", planner::Severity::Warning,
                               "No Open WebUI process has ENABLE_DB_MIGRATIONS on and no migration job is in the files: "
                               "a new version starts against the old schema.",
                               "Run migrations once per upgrade: a one-shot job, or one instance with ENABLE_DB_MIGRATIONS=true.",
                               "multi-replica-troubleshooting.md § Deployment Best Practices, Updates and Migrations", {}};
            finding.where = where;
            m_result.findings.push_back(std::move(finding));
            detail = "nobody migrates";
        } else {
            mode = "every-instance";
            detail = detail.empty() ? "every instance migrates at start"
                                    : detail + (migratingApps == 1 ? " migrates" : " migrate") + " at every start";
            if (jobMigrates)
                detail += ", and job " + m_jobs.front()->name + " too";
        }
        if (unknown) {
            m_result.provenance["/migrations"] = {Certainty::Unknown, where, "ENABLE_DB_MIGRATIONS is not visible on every workload"};
            fact("migrations", "unknown", Certainty::Unknown, "ENABLE_DB_MIGRATIONS is not visible on every workload", where);
            return;
        }
        set("/migrations", mode, {Certainty::Known, where, detail});
        fact("migrations", mode, Certainty::Known, detail, where);
    }

    void inferLoadBalancer()
    {
        const auto orchestrator = m_result.plan.orchestrator;
        const CompanionService *proxy = nullptr;
        for (const auto &service : m_deployment.companions)
            if (service.role == CompanionService::Role::Proxy)
                proxy = &service;
        std::string kind;
        if (proxy) {
            const std::string image = lowercase(proxy->image);
            kind = image.find("traefik") != std::string::npos ? "traefik" : image.find("haproxy") != std::string::npos ? "haproxy" : "nginx";
            set("/load_balancer/kind", kind, {Certainty::Known, proxy->where, "service " + proxy->name + " runs " + proxy->image});
        } else if (orchestrator == planner::Orchestrator::Kubernetes) {
            // A Service spreads connections over the pods; what fronts it (ingress or cloud) is not always in the files.
            set("/load_balancer/kind", "ingress", {Certainty::Known, workloadWhere(), "a Kubernetes Service in front of the pods"});
        }
        if (m_result.plan.loadBalancer.kind != planner::LoadBalancerKind::None) {
            m_result.provenance["/load_balancer/websocket_upgrade"] = {Certainty::Unknown, proxy ? proxy->where : workloadWhere(),
                                                                       "the proxy's configuration is not among the audited files"};
            m_result.provenance["/load_balancer/sticky_sessions"] = {Certainty::Unknown, proxy ? proxy->where : workloadWhere(),
                                                                     "the proxy's configuration is not among the audited files"};
        }
        text("WEBUI_URL", "/load_balancer/public_url");
    }

    void inferSimpleSettings()
    {
        integer("THREAD_POOL_SIZE", "/thread_pool_size");
        integer("DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL", "/user_active_status_update_interval");
        boolean("ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS", "/pip_install_frontmatter");
        boolean("ENABLE_PERSISTENT_CONFIG", "/persistent_config");
        boolean("ENABLE_ORJSON", "/orjson");
        boolean("ENABLE_COMPRESSION_MIDDLEWARE", "/compression_middleware");
        boolean("ENABLE_OTEL", "/otel/enabled");
        boolean("ENABLE_OTEL_TRACES", "/otel/traces");
        boolean("ENABLE_OTEL_METRICS", "/otel/metrics");
        boolean("ENABLE_OTEL_LOGS", "/otel/logs");
        boolean("OTEL_EXPORTER_OTLP_INSECURE", "/otel/insecure");
        text("OTEL_EXPORTER_OTLP_ENDPOINT", "/otel/endpoint");
        integer("OTEL_METRICS_EXPORT_INTERVAL_MILLIS", "/otel/metrics_export_interval_ms");
        if (const Lookup protocol = lookup("OTEL_OTLP_SPAN_EXPORTER"); protocol.literal())
            set("/otel/protocol", lowercase(trimmed(protocol.value)) == "http" ? "http" : "grpc", provenanceOf(protocol, "OTEL_OTLP_SPAN_EXPORTER"),
                "OTEL_OTLP_SPAN_EXPORTER");
        if (const Lookup engine = lookup("CONTENT_EXTRACTION_ENGINE"); engine.literal()) {
            const std::string name = lowercase(trimmed(engine.value));
            set("/content_extraction", name.empty() ? "builtin" : name == "tika" || name == "docling" ? name : "external",
                provenanceOf(engine, "CONTENT_EXTRACTION_ENGINE"), "CONTENT_EXTRACTION_ENGINE");
        }
        if (const Lookup engine = lookup("RAG_EMBEDDING_ENGINE"); engine.literal()) {
            const std::string name = lowercase(trimmed(engine.value));
            set("/embeddings", name.empty() ? "local" : name == "ollama" ? "ollama" : "openai", provenanceOf(engine, "RAG_EMBEDDING_ENGINE"),
                "RAG_EMBEDDING_ENGINE");
        }
        text("RAG_EMBEDDING_MODEL", "/embedding_model");
        text(m_result.plan.embeddings == planner::EmbeddingEngine::Ollama ? "RAG_OLLAMA_BASE_URL" : "RAG_OPENAI_API_BASE_URL",
             "/embedding_base_url");
        if (const Lookup origins = lookup("CORS_ALLOW_ORIGIN"); origins.literal()) {
            std::vector<std::string> list;
            for (std::size_t start = 0; start <= origins.value.size();) {
                const auto semicolon = std::min(origins.value.find(';', start), origins.value.size());
                if (const std::string origin = trimmed(std::string_view(origins.value).substr(start, semicolon - start));
                    !origin.empty() && origin != "*")
                    list.push_back(origin);
                start = semicolon + 1;
            }
            set("/cors_allow_origins", list, provenanceOf(origins, "CORS_ALLOW_ORIGIN"), "CORS_ALLOW_ORIGIN");
        }
    }

    void collectPersistentConfig()
    {
        std::set<std::string> seen;
        for (const Workload *workload : m_apps)
            for (const auto &[name, setting] : workload->env)
                if (setting.kind == EnvSetting::Kind::Literal && exporters::persistentSetting(name) &&
                    name.find("KEY") == std::string::npos && name.find("SECRET") == std::string::npos &&
                    name.find("PASSWORD") == std::string::npos && name.find("TOKEN") == std::string::npos &&
                    // a value the plan file cannot hold (a control character) stays in the files; the excerpt shows it
                    planner::fitsAuditRecord(setting.value) && seen.insert(name).second)
                    m_result.persistentConfig.emplace_back(name, setting.value);
    }

    const ImportedDeployment &m_deployment;
    std::vector<const Workload *> m_apps;
    std::vector<const Workload *> m_jobs;
    Inference m_result;
};

} // namespace

Inference infer(const ImportedDeployment &deployment)
{
    if (deployment.workloads.empty())
        return {};
    return Inferrer(deployment).run();
}

} // namespace importers::detail
