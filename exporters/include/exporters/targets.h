// SPDX-License-Identifier: MIT
#pragma once

#include "exporters/bundle.h"
#include "exporters/model.h"
#include "planner/plan.h"
#include "planner/result.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace exporters {

// Each target is a pure function of the plan and the shared model; none generates or sees a secret value.

/** @brief `compose.yaml` (and `nginx.conf` when a load balancer fronts several replicas). */
[[nodiscard]] std::vector<BundleFile> renderCompose(const planner::Plan &plan, const DeploymentModel &model);

/** @brief `stack.yaml` for `docker stack deploy`, secrets as external Docker secrets. */
[[nodiscard]] std::vector<BundleFile> renderSwarm(const planner::Plan &plan, const DeploymentModel &model);

/**
 * @brief `helm/values.yaml` for the official open-webui chart 16.0.0, and the manifests the chart lacks
 * (Secret template, PodDisruptionBudget, HorizontalPodAutoscaler, migration Job, bundled services).
 * Fails when a key of values.yaml does not exist in the chart (a typo Helm would ignore silently).
 */
[[nodiscard]] planner::Result<std::vector<BundleFile>> renderHelm(const planner::Plan &plan, const DeploymentModel &model);

/** @brief One command of a target's deployment, with what it does for people (fixed text, never plan text). */
struct DeployStep {
    std::string command; ///< a POSIX shell line; plan text in it is shell-quoted
    std::string comment;

    bool operator==(const DeployStep &) const = default;
};

/**
 * @brief The deploy commands of a target, run from the bundle's folder. The runbook's ```sh block and the
 * bundle's `deploy/<target>.sh` are both rendered from this one list, so they cannot drift. `files` are the
 * bundle's files so far (the Helm manifests to apply).
 */
[[nodiscard]] std::vector<DeployStep> deploySteps(Format target, const planner::Plan &plan, const DeploymentModel &model,
                                                  const std::vector<BundleFile> &files);

/** @brief The steps as shell lines, `command   # comment`, as the runbook and the script both show them. */
[[nodiscard]] std::string renderDeploySteps(const std::vector<DeployStep> &steps);

/** @brief `deploy/<target>.sh`: `set -eu`, into the bundle's folder, then the steps. Written 0755. */
[[nodiscard]] BundleFile renderDeployScript(Format target, const std::vector<DeployStep> &steps);

/** @brief The chart's own values.yaml (16.0.0), compiled in, for the key check. */
[[nodiscard]] std::string_view chartValuesYaml();

/**
 * @brief Key paths of `values` that the chart does not declare. Free-form places (a map or list that is
 * empty in the chart, such as annotations or extraEnvVars) accept anything below them.
 */
[[nodiscard]] std::vector<std::string> unknownChartKeys(const std::string &valuesYaml);

/** @brief The same check on the values as built, before they are written (no YAML parse). */
[[nodiscard]] std::vector<std::string> unknownChartKeys(const nlohmann::ordered_json &values);

} // namespace exporters
