// SPDX-License-Identifier: MIT
#pragma once

#include "exporters/bundle.h"
#include "exporters/model.h"
#include "planner/evaluate.h"

#include <string>
#include <vector>

namespace exporters {

/** @brief `.env`: every secret of the bundle, generated values or placeholders to fill in. */
[[nodiscard]] std::string renderEnvFile(const planner::Plan &plan, const DeploymentModel &model, const SecretValues &secrets);

/** @brief `README.md`: the runbook in order, with the plan's budget and findings. */
[[nodiscard]] std::string renderRunbook(const planner::Plan &plan, const planner::Evaluation &evaluation,
                                        const DeploymentModel &model, const std::vector<Format> &formats);

/** @brief Container image reference for a tag. */
[[nodiscard]] std::string imageOf(const DeploymentModel &model);

/** @brief The Redis server's command line as the plan sets it (timeout, maxclients, eviction, persistence). */
[[nodiscard]] std::vector<std::string> redisServerArguments(const planner::Plan &plan);

/** @brief The migration command: Alembic once, with the same environment as the replicas. */
[[nodiscard]] std::vector<std::string> migrationCommand();

} // namespace exporters
