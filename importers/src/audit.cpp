// SPDX-License-Identifier: MIT
#include "importers/audit.h"

#include "importers/read.h"
#include "infer.h"
#include "variables.h"

#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace importers {

namespace {

using nlohmann::ordered_json;

/**
 * @brief The settings each rule reads, most decisive first: the finding is placed at the first one the files
 * show, and a rule that reads a setting the files cannot show is not a violation but an unknown. A rule
 * missing here is decided by the settings its fix changes.
 */
const std::map<std::string_view, std::vector<std::string_view>> &decidingSettings()
{
    static const std::map<std::string_view, std::vector<std::string_view>> table = {
        {"shared-secret-key", {"/secrets/key_mode", "/replicas", "/workers"}},
        {"secret-key-reference", {"/secrets/key_mode", "/secrets/external_secret_name"}},
        {"secret-key-persistence", {"/secrets/key_mode", "/storage/kind"}},
        {"external-database", {"/database/kind", "/replicas", "/workers"}},
        {"postgres-recommended", {"/database/kind", "/expected_users"}},
        {"sqlite-network-storage", {"/database/kind", "/storage/kind"}},
        {"redis-websockets", {"/redis/mode", "/websocket_support", "/replicas", "/workers"}},
        {"redis-config-sync", {"/redis/mode", "/replicas", "/workers"}},
        {"redis-token-revocation", {"/redis/mode", "/expected_users"}},
        {"shared-storage", {"/storage/kind", "/replicas", "/workers"}},
        {"storage-settings", {"/storage/kind", "/storage/bucket"}},
        {"storage-endpoint", {"/storage/kind", "/storage/endpoint", "/storage/region"}},
        {"external-vector-db", {"/vector_db/kind", "/replicas", "/workers"}},
        {"single-migrator", {"/migrations", "/replicas", "/workers"}},
        {"no-connections-available", {"/database/max_connections", "/database/superuser_reserved_connections",
                                      "/database/other_client_connections"}},
        {"connection-budget", {"/database/pool_size", "/database/max_overflow", "/database/max_connections", "/replicas",
                               "/workers", "/database/other_client_connections", "/vector_db/pgvector_pool_size"}},
        {"connection-budget-peak", {"/database/pool_size", "/database/max_overflow", "/database/max_connections",
                                    "/autoscaling/max_replicas", "/replicas", "/workers", "/database/other_client_connections",
                                    "/vector_db/pgvector_pool_size"}},
        {"pool-per-process", {"/database/pool_size", "/database/max_overflow", "/database/max_connections"}},
        {"null-pool", {"/database/pool_size"}},
        {"pgvector-null-pool", {"/vector_db/pgvector_pool_size"}},
        {"pool-settings", {"/database/pool_size"}},
        {"pgvector-pool", {"/vector_db/pgvector_pool_size", "/vector_db/kind"}},
        {"cors-origins", {"/cors_allow_origins", "/load_balancer/public_url", "/expected_users"}},
        {"load-balancer", {"/load_balancer/kind", "/replicas"}},
        {"load-balancer-websocket", {"/load_balancer/websocket_upgrade", "/load_balancer/kind"}},
        {"sticky-sessions", {"/load_balancer/sticky_sessions", "/replicas"}},
        {"redis-server-timeout", {"/redis/timeout", "/redis/mode"}},
        {"redis-maxclients", {"/redis/maxclients", "/redis/mode"}},
        {"redis-client-budget", {"/redis/maxclients", "/redis/other_clients", "/replicas", "/workers"}},
        {"redis-eviction-policy", {"/redis/maxmemory_policy", "/redis/mode"}},
        {"one-worker-per-container", {"/workers", "/orchestrator"}},
        {"thread-pool-size", {"/thread_pool_size", "/expected_users"}},
        {"user-active-status-interval", {"/user_active_status_update_interval", "/expected_users"}},
        {"scenario-requirements", {"/expected_users"}},
        {"image-tag-pinned", {"/image_tag"}},
        {"upgrade-procedure", {"/upgrade_strategy", "/migrations", "/replicas"}},
    };
    return table;
}

const char *certaintyName(Certainty certainty)
{
    switch (certainty) {
    case Certainty::Known:
        return "known";
    case Certainty::ChartDefault:
        return "chart-default";
    case Certainty::Unknown:
        return "unknown";
    }
    return "unknown";
}

const char *noteKindName(AuditNote::Kind kind)
{
    switch (kind) {
    case AuditNote::Kind::Misspelling:
        return "misspelling";
    case AuditNote::Kind::Unknown:
        return "unknown";
    case AuditNote::Kind::Reading:
        return "reading";
    }
    return "reading";
}

ordered_json locationToJson(const SourceLocation &where)
{
    ordered_json out = ordered_json::object();
    if (where.empty())
        return out;
    out["file"] = where.file;
    if (where.line > 0)
        out["line"] = where.line;
    if (where.column > 0)
        out["column"] = where.column;
    return out;
}

/** @brief The settings a finding rests on: the table's, then those its fix changes. */
std::vector<std::string> settingsOf(const planner::Finding &finding)
{
    std::vector<std::string> pointers;
    if (const auto found = decidingSettings().find(finding.rule); found != decidingSettings().end())
        for (auto pointer : found->second)
            pointers.emplace_back(pointer);
    for (const auto &change : finding.fixChanges)
        if (std::find(pointers.begin(), pointers.end(), change.pointer) == pointers.end())
            pointers.push_back(change.pointer);
    return pointers;
}

std::string lowerFirst(std::string text)
{
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z' && !(text.size() > 1 && text[1] >= 'A' && text[1] <= 'Z'))
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

/** @brief Place each finding at its deciding setting, or turn it into an unknown when it rests on one. */
void placeFindings(const planner::Evaluation &evaluation, const detail::Inference &inference, const SourceLocation &fallback,
                   AuditReport &report)
{
    for (const auto &finding : evaluation.findings) {
        // A volume the replicas of one Compose host share is a local disk: SQLite's trouble there is concurrency
        // (external-database says so), not a network file system.
        if (finding.rule == "sqlite-network-storage" && inference.storageOnOneHost)
            continue;
        const auto pointers = settingsOf(finding);
        std::vector<std::string> unknownWhy;
        SourceLocation unknownWhere;
        AuditFinding placed{finding, {}, {}};
        for (const auto &pointer : pointers) {
            const auto provenance = inference.provenance.find(pointer);
            if (provenance == inference.provenance.end())
                continue;
            // Global mode: the replica count is unknown, but "at least one" is decided below by a second evaluation.
            if (pointer == "/replicas" && inference.replicasOnePerNode)
                continue;
            if (provenance->second.certainty == Certainty::Unknown) {
                unknownWhy.push_back(provenance->second.detail.empty() ? pointer : provenance->second.detail);
                if (unknownWhere.empty())
                    unknownWhere = provenance->second.where;
                continue;
            }
            if (provenance->second.where.empty())
                continue;
            if (placed.where.empty())
                placed.where = provenance->second.where;
            else if (provenance->second.where != placed.where &&
                     std::find(placed.related.begin(), placed.related.end(), provenance->second.where) == placed.related.end())
                placed.related.push_back(provenance->second.where);
        }
        if (!unknownWhy.empty()) {
            std::string why;
            for (const auto &reason : unknownWhy)
                why += (why.empty() ? "" : "; ") + reason;
            report.notes.push_back({AuditNote::Kind::Unknown, planner::Severity::Info,
                                    "Cannot decide \"" + finding.rule + "\" (" + why + "). Assuming the default in its place: " +
                                        lowerFirst(finding.message),
                                    unknownWhere.empty() ? fallback : unknownWhere});
            continue;
        }
        if (placed.where.empty())
            placed.where = fallback;
        report.findings.push_back(std::move(placed));
    }
}

/** @brief Findings that appear only when a global-mode service runs on more than one node. */
void severalNodesNotes(const detail::Inference &inference, const planner::Evaluation &evaluation, const SourceLocation &where,
                       AuditReport &report)
{
    if (!inference.replicasOnePerNode)
        return;
    auto several = planner::applyChanges(inference.plan, {{"/replicas", std::to_string(inference.plan.replicas + 1)}});
    if (!several)
        return;
    const auto more = planner::evaluate(*several);
    for (const auto &finding : more.findings) {
        if (evaluation.find(finding.rule) || finding.severity == planner::Severity::Info)
            continue;
        report.notes.push_back({AuditNote::Kind::Unknown, finding.severity,
                                "If the swarm has more than one node (\"" + finding.rule + "\"): " + finding.message, where});
    }
}

std::string describeUnknowns(const detail::Inference &inference)
{
    std::string list;
    for (const auto &[pointer, provenance] : inference.provenance)
        if (provenance.certainty == Certainty::Unknown)
            list += (list.empty() ? "" : ", ") + pointer.substr(1);
    return list;
}

/** @brief Every scalar of a plan document at its JSON pointer; list items one by one, as the plan file's audit record holds them. */
void flatten(const nlohmann::json &value, const std::string &pointer, std::vector<std::pair<std::string, std::string>> &out)
{
    if (value.is_object()) {
        for (const auto &[key, item] : value.items())
            flatten(item, pointer + "/" + key, out);
        return;
    }
    if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            flatten(value[i], pointer + "/" + std::to_string(i), out);
        return;
    }
    out.emplace_back(pointer, value.dump());
}

} // namespace

bool AuditReport::hasErrors() const
{
    const auto isError = [](const auto &item) { return item.severity == planner::Severity::Error; };
    return std::any_of(findings.begin(), findings.end(), [&](const AuditFinding &f) { return isError(f.finding); }) ||
           std::any_of(notes.begin(), notes.end(), [&](const AuditNote &n) { return n.kind == AuditNote::Kind::Reading && isError(n); });
}

AuditReport audit(const ImportedDeployment &deployment)
{
    AuditReport report;
    report.deployment = deployment;
    if (deployment.workloads.empty())
        return report;
    detail::Inference inference = detail::infer(deployment);
    const SourceLocation fallback = deployment.workloads.front().where;

    std::string files;
    for (const auto &file : deployment.files)
        files += (files.empty() ? "" : ", ") + file;
    inference.plan.name = "Audited deployment";
    inference.plan.description = "Inferred by owui-planner audit from " + files + ".";
    if (const auto unknowns = describeUnknowns(inference); !unknowns.empty())
        inference.plan.description += " Not visible in the files, so Open WebUI's defaults are assumed: " + unknowns + ".";
    // The plan file's own checks hold the description too (no control characters): a hostile file name must not
    // stop the audit, so it falls back to a plain sentence.
    if (!planner::applyChanges(inference.plan, {{"/description", nlohmann::json(inference.plan.description).dump()}}))
        inference.plan.description = "Inferred by owui-planner audit.";

    report.evaluation = planner::evaluate(inference.plan);
    // Findings the plan's rules make, then those only the files show (a partial Redis wiring, different keys).
    placeFindings(report.evaluation, inference, fallback, report);
    for (auto &finding : inference.findings) {
        const auto same = std::find_if(report.findings.begin(), report.findings.end(), [&](const AuditFinding &f) {
            return f.finding.rule == finding.finding.rule && f.finding.message == finding.finding.message;
        });
        if (same == report.findings.end())
            report.findings.push_back(std::move(finding));
    }
    std::stable_sort(report.findings.begin(), report.findings.end(), [](const AuditFinding &a, const AuditFinding &b) {
        return static_cast<int>(a.finding.severity) > static_cast<int>(b.finding.severity);
    });
    severalNodesNotes(inference, report.evaluation, fallback, report);
    for (auto &note : inference.notes)
        report.notes.push_back(std::move(note));
    for (const auto &workload : deployment.workloads)
        for (auto &note : detail::variableNotes(workload))
            report.notes.push_back(std::move(note));
    for (const auto &note : deployment.notes)
        report.notes.push_back({AuditNote::Kind::Reading, planner::Severity::Info, note.message, note.where});
    std::stable_sort(report.notes.begin(), report.notes.end(), [](const AuditNote &a, const AuditNote &b) {
        return static_cast<int>(a.severity) > static_cast<int>(b.severity);
    });
    report.facts = std::move(inference.facts);
    report.plan = inference.plan;

    planner::AuditOrigin origin;
    origin.files = deployment.files;
    flatten(nlohmann::json::parse(planner::planToJson(inference.plan).dump()), "", origin.settings);
    std::erase_if(origin.settings, [](const auto &setting) {
        return setting.first == "/format" || setting.first == "/name" || setting.first == "/description" ||
               setting.first.starts_with("/audit") || setting.first == "/secrets/webui_secret_key";
    });
    // A setting is either read or unknown: an unknown one keeps Open WebUI's default in the plan, not in the record.
    for (const auto &[pointer, provenance] : inference.provenance)
        if (provenance.certainty == Certainty::Unknown)
            origin.unknown.push_back(pointer);
    std::erase_if(origin.settings, [&origin](const auto &setting) {
        return std::any_of(origin.unknown.begin(), origin.unknown.end(), [&setting](const std::string &unknown) {
            return setting.first == unknown || setting.first.starts_with(unknown + "/");
        });
    });
    origin.persistentConfig = inference.persistentConfig;
    report.plan.auditOrigin = std::move(origin);
    return report;
}

planner::Result<AuditReport> auditFiles(const std::vector<std::filesystem::path> &files)
{
    auto deployment = readDeployment(files);
    if (!deployment)
        return tl::unexpected(deployment.error());
    return audit(*deployment);
}

nlohmann::ordered_json auditToJson(const AuditReport &report)
{
    ordered_json out;
    out["files"] = report.deployment.files;
    if (report.deployment.chart) {
        const auto &chart = *report.deployment.chart;
        out["chart"] = {{"version", chart.version}, {"assumed", chart.assumed}, {"where", locationToJson(chart.where)}};
    }
    ordered_json workloads = ordered_json::array();
    for (const auto &workload : report.deployment.workloads)
        workloads.push_back({{"name", workload.name}, {"image", workload.image}, {"where", locationToJson(workload.where)}});
    out["workloads"] = std::move(workloads);
    ordered_json facts = ordered_json::array();
    for (const auto &fact : report.facts)
        facts.push_back({{"subject", fact.subject},
                         {"value", fact.value},
                         {"certainty", certaintyName(fact.certainty)},
                         {"detail", fact.detail},
                         {"where", locationToJson(fact.where)}});
    out["facts"] = std::move(facts);
    ordered_json findings = ordered_json::array();
    for (const auto &placed : report.findings) {
        ordered_json item = {{"rule", placed.finding.rule},
                             {"severity", planner::toString(placed.finding.severity)},
                             {"message", placed.finding.message},
                             {"fix", placed.finding.fix},
                             {"source", placed.finding.source},
                             {"where", locationToJson(placed.where)}};
        ordered_json related = ordered_json::array();
        for (const auto &where : placed.related)
            related.push_back(locationToJson(where));
        item["related"] = std::move(related);
        findings.push_back(std::move(item));
    }
    out["findings"] = std::move(findings);
    ordered_json notes = ordered_json::array();
    for (const auto &note : report.notes)
        notes.push_back({{"kind", noteKindName(note.kind)},
                         {"severity", planner::toString(note.severity)},
                         {"message", note.message},
                         {"where", locationToJson(note.where)}});
    out["notes"] = std::move(notes);
    // The budgets only where the files show what they rest on.
    const auto unknown = [&report](std::string_view pointer) {
        const auto &list = report.plan.auditOrigin ? report.plan.auditOrigin->unknown : std::vector<std::string>{};
        return std::find(list.begin(), list.end(), pointer) != list.end();
    };
    if (report.plan.isPostgres()) {
        if (unknown("/database/max_connections") || unknown("/database/host"))
            out["budget"] = {{"computable", false}, {"why", "the PostgreSQL server's max_connections is not in the files"}};
        else
            out["budget"] = planner::budgetToJson(report.evaluation.budget);
    }
    if (report.plan.hasRedis()) {
        if (unknown("/redis/maxclients") || unknown("/redis/host"))
            out["redis_budget"] = {{"computable", false}, {"why", "the Redis server's maxclients is not in the files"}};
        else
            out["redis_budget"] = planner::redisBudgetToJson(report.evaluation.redis);
    }
    const auto count = [&report](planner::Severity severity) {
        return std::count_if(report.findings.begin(), report.findings.end(),
                             [severity](const AuditFinding &f) { return f.finding.severity == severity; });
    };
    out["summary"] = {{"errors", count(planner::Severity::Error)},
                      {"warnings", count(planner::Severity::Warning)},
                      {"info", count(planner::Severity::Info)},
                      {"notes", report.notes.size()}};
    return out;
}

planner::AuditOrigin auditOrigin(const AuditReport &report)
{
    return report.plan.auditOrigin.value_or(planner::AuditOrigin{});
}

} // namespace importers
