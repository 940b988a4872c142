// SPDX-License-Identifier: MIT
#pragma once

#include "planner/evaluate.h"
#include "planner/plan.h"
#include "planner/result.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace planner {

/** @brief The plan-file format this build reads and writes. */
inline constexpr int kPlanFormat = 1;

/** @brief The largest plan file read (a plan is a few KiB): a larger one is refused before it is parsed. */
inline constexpr std::size_t kMaxPlanBytes = 4 * 1024 * 1024;

/** @brief The deepest nesting of arrays and objects read (a plan nests three levels), checked before parsing. */
inline constexpr int kMaxPlanDepth = 64;

/**
 * @brief Read a plan from JSON text.
 *
 * Every key is checked: an unknown key, a duplicate key, a wrong type or a
 * value out of range is an error whose `where` is the JSON pointer of the
 * offending value; a syntax error also carries the line. Keys that are absent
 * keep Open WebUI's defaults. A UTF-8 byte-order mark is skipped; a NUL byte, a UTF-16 or UTF-32
 * byte-order mark and nesting deeper than kMaxPlanDepth are refused before the document is parsed.
 */
[[nodiscard]] Result<Plan> planFromJson(std::string_view text);

/** @brief The plan as JSON: every key, secrets only when the plan asks to store them. */
[[nodiscard]] nlohmann::ordered_json planToJson(const Plan &plan);
[[nodiscard]] std::string planToJsonText(const Plan &plan);

/**
 * @brief Read and validate a plan file; errors carry the file name ("(empty path)" for an empty one).
 *
 * Only a regular file is read: a folder, pipe, FIFO, socket or device is refused without blocking
 * (the open does not wait for a FIFO's writer), and at most kMaxPlanBytes are read whatever the file claims.
 */
[[nodiscard]] Result<Plan> readPlanFile(const std::filesystem::path &path);

/**
 * @brief Write a plan file atomically (a temporary file in the same folder,
 * flushed, then renamed), mode 0600 when it holds a secret.
 */
[[nodiscard]] Result<void> writePlanFile(const std::filesystem::path &path, const Plan &plan);

/** @brief Apply setting changes (a finding's fix) through the same validation as a file. */
/** @brief Whether a text fits the plan file's "audit" record (no control character, at most 4096 bytes). */
[[nodiscard]] bool fitsAuditRecord(std::string_view text);

[[nodiscard]] Result<Plan> applyChanges(const Plan &plan, const std::vector<SettingChange> &changes);

/**
 * @brief A user's edit with the settings it drags along, so that one step never traps the plan: switching
 * autoscaling on around replicas outside its range fills the range from the replicas (min = replicas,
 * max at least twice that), instead of refusing the switch. Switching the vector database's kind clears the
 * URL of the old one (a Qdrant address means nothing to pgvector): the new kind starts at its default.
 */
[[nodiscard]] std::vector<SettingChange> withDependentChanges(const Plan &plan, std::vector<SettingChange> changes);

/**
 * @brief The choices of the enumerated setting at a plan-file JSON pointer ("/vector_db/kind"), each with
 * its display name, in the order a drop-down shows them; empty when the setting is not enumerated.
 */
[[nodiscard]] std::vector<EnumChoice> settingChoices(std::string_view pointer);

/** @brief The evaluation for `check --json`: findings, budget, scenario and matrix. */
[[nodiscard]] nlohmann::ordered_json evaluationToJson(const Evaluation &evaluation);
[[nodiscard]] nlohmann::ordered_json budgetToJson(const ConnectionBudget &budget);
[[nodiscard]] nlohmann::ordered_json redisBudgetToJson(const RedisBudget &budget);

} // namespace planner
