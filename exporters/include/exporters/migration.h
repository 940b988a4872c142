// SPDX-License-Identifier: MIT
#pragma once

#include "planner/plan.h"

#include <string>
#include <string_view>
#include <vector>

namespace exporters {

/**
 * @brief What a change from the audited deployment needs beyond redeploying the bundle. The order is the
 * order the list and the runbook show them in: work first, plain changes last.
 */
enum class MigrationWork {
    DatabaseData,     ///< the database changes: Open WebUI does not move data (SQLite to PostgreSQL, another server)
    NewSecretKey,     ///< WEBUI_SECRET_KEY changes: everyone signs in again, encrypted OAuth tokens are lost
    CopyUploads,      ///< uploads live elsewhere (volume to S3/GCS/Azure, another bucket): they must be copied
    Reindex,          ///< the vector database or its embeddings change: knowledge bases must be re-indexed
    PersistentConfig, ///< the database keeps the old value of a PersistentConfig variable: a redeploy cannot change it
    Redeploy,         ///< the bundle applies it as it starts
};

/** @brief When an operator does the work: before the new bundle starts, or once it runs. */
enum class MigrationStep { BeforeRedeploy, AfterRedeploy, Redeploy };

/** @brief One difference between the audited deployment and the target plan. */
struct MigrationChange {
    /** The plan-file JSON pointer ("/database/kind"); empty for a PersistentConfig variable. */
    std::string pointer;
    /** The PersistentConfig variable ("RAG_EMBEDDING_MODEL"); empty for a plan setting. */
    std::string variable;
    /** The audited value as a person reads it ("sqlite", "3", "(empty)", "unknown"). */
    std::string from;
    /** The target's value, written the same way. */
    std::string to;
    MigrationWork work = MigrationWork::Redeploy;
    /** What the operator does, and in which order; empty for a plain redeploy. */
    std::string whatToDo;

    bool operator==(const MigrationChange &) const = default;
};

/**
 * @brief The changes from an audited deployment to `target`, work items first (in MigrationWork's order),
 * then the plain changes in the order the audit recorded them.
 *
 * The target's plan file, flattened to JSON pointers, is compared with every pointer the audit recorded
 * (`origin.settings`, and `origin.unknown` as "unknown → X"); a pointer it did not record is not compared,
 * and name, description and the audit record itself never are. Lists are compared whole. PersistentConfig
 * items come from the target bundle's variables (deploymentModel) that differ from `origin.persistentConfig`
 * while the target keeps ENABLE_PERSISTENT_CONFIG on.
 */
[[nodiscard]] std::vector<MigrationChange> changesFromAudit(const planner::AuditOrigin &origin, const planner::Plan &target);

[[nodiscard]] MigrationStep stepOf(MigrationWork work);
/** @brief A short label: "data migration", "new secret key", "copy uploads", "re-index", "PersistentConfig", "redeploy". */
[[nodiscard]] std::string_view toString(MigrationWork work);
/** @brief "before the redeploy", "after the redeploy", "redeploy". */
[[nodiscard]] std::string_view toString(MigrationStep step);
/**
 * @brief One line for a terminal: "/database/kind: sqlite → postgresql [data migration, before the redeploy] ...",
 * with what to do after the label; a plain change ends with "[redeploy]". Control characters never reach the line.
 */
[[nodiscard]] std::string toString(const MigrationChange &change);

} // namespace exporters
