// SPDX-License-Identifier: MIT
#pragma once

#include "importers/deployment.h"
#include "planner/evaluate.h"
#include "planner/plan.h"
#include "planner/result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace importers {

/** @brief One thing the audit inferred about the deployment, and how sure it is. */
struct InferredFact {
    std::string subject;   ///< "replicas", "workers", "database", "redis", "websockets", "storage", "vector_db", "migrations", "secret_key"
    std::string value;     ///< "3", "PostgreSQL at db:5432", "unknown"
    Certainty certainty = Certainty::Known;
    std::string detail;    ///< "default of chart 16.0.0", "envFrom ConfigMap owui-env may set it"
    SourceLocation where;  ///< the setting that shows it
};

/** @brief A rule's finding on the audited deployment, placed at the setting that decides it. */
struct AuditFinding {
    planner::Finding finding;
    SourceLocation where;                  ///< the deciding setting (or the workload when the setting is absent)
    std::vector<SourceLocation> related;   ///< other settings the rule read
};

/** @brief A note that is not one of the plan's rules: a misspelt variable, a value the files cannot show. */
struct AuditNote {
    enum class Kind { Misspelling, Unknown, Reading };
    Kind kind = Kind::Unknown;
    planner::Severity severity = planner::Severity::Info;
    std::string message;
    SourceLocation where;
};

/** @brief Everything `audit` reports on one deployment. */
struct AuditReport {
    ImportedDeployment deployment;
    /** What the files show as a plan: unknowns at Open WebUI's defaults, and listed in its description. */
    planner::Plan plan;
    planner::Evaluation evaluation;
    std::vector<InferredFact> facts;
    /**
     * The plan's findings, each at its deciding setting. A finding that rests on something the files cannot
     * show is not here: it is an AuditNote of kind Unknown, because an unknown is not a violation.
     */
    std::vector<AuditFinding> findings;
    std::vector<AuditNote> notes;

    [[nodiscard]] bool hasErrors() const;
};

/** @brief Infer the plan, evaluate it, and place each finding at the setting that decides it. */
[[nodiscard]] AuditReport audit(const ImportedDeployment &deployment);

/** @brief readDeployment + audit. */
[[nodiscard]] planner::Result<AuditReport> auditFiles(const std::vector<std::filesystem::path> &files);

/** @brief The report for `audit --json`. */
[[nodiscard]] nlohmann::ordered_json auditToJson(const AuditReport &report);

/**
 * @brief A line of a deployment file fit to show: the value of a variable named like a credential (`*KEY*`,
 * `*SECRET*`, `*PASSWORD*`, `*TOKEN*`, `*CREDENTIALS*`; not `*_FILE` or `ENABLE_*`) and the password of a URL
 * (`scheme://user:password@host`) are replaced by "••••••", so an excerpt on screen or projected in a class never
 * shows a secret the file holds. Works on `KEY: value`, `KEY=value` and `- KEY=value` lines.
 */
[[nodiscard]] std::string redactedLine(std::string_view line);

/** @brief The audited deployment as a plan's origin, kept in the plan so that the bundle can say what moving from it takes. */
[[nodiscard]] planner::AuditOrigin auditOrigin(const AuditReport &report);

} // namespace importers
