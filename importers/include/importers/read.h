// SPDX-License-Identifier: MIT
#pragma once

#include "importers/deployment.h"
#include "planner/result.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace importers {

/** @brief The largest deployment file read; a larger one is refused before it is parsed. */
inline constexpr std::size_t kMaxDeploymentFileBytes = 16 * 1024 * 1024;
/** @brief The deepest nesting read (a Kubernetes manifest nests about 15 levels), checked before yaml-cpp recurses. */
inline constexpr int kMaxYamlDepth = 64;
/** @brief Nodes visited with aliases expanded: an alias bomb is refused here instead of being walked. */
inline constexpr std::size_t kMaxYamlNodes = 1'000'000;
/** @brief Files read through include, extends and env_file beyond those given, before the reader gives up. */
inline constexpr int kMaxReferencedFiles = 64;

/** @brief What a file holds, decided from its content (never from its name alone). */
enum class FileKind {
    Compose,             ///< a top-level `services:` mapping (a Compose file, an override or a Swarm stack)
    KubernetesManifests, ///< documents with `apiVersion` and `kind`
    HelmRelease,         ///< a Flux `HelmRelease` (its `spec.values` are Helm values)
    ChartYaml,           ///< a `Chart.yaml`: says which open-webui chart version an umbrella depends on
    HelmValues,          ///< any other mapping: values for the chart, possibly nested under `open-webui:`
};

/**
 * @brief Read the files that describe one deployment (a Compose file and its overrides; Helm values with
 * their Chart.yaml, HelmRelease and manifests), finding Open WebUI by image or chart.
 *
 * Each file is read within kMaxDeploymentFileBytes, kMaxYamlDepth and kMaxYamlNodes; a file that is not
 * YAML, holds no deployment, or breaks a bound is an InvalidInput error naming the file and line. Files that
 * a Compose file references (env_file, extends, include) are read beside it when they exist; when they do not,
 * what they would have set is unknown (`Workload::opaqueEnv`, `ImportedDeployment::notes`).
 */
[[nodiscard]] planner::Result<ImportedDeployment> readDeployment(const std::vector<std::filesystem::path> &files);

/**
 * @brief The same from text already in memory (the fuzz targets, the window's drag and drop of text), one
 * text per file name; references to other files are not followed.
 */
[[nodiscard]] planner::Result<ImportedDeployment> readDeploymentTexts(
    const std::vector<std::pair<std::string, std::string>> &namedTexts);

/** @brief True when an image reference is Open WebUI's (any registry or mirror path ending in the name, any tag or digest). */
[[nodiscard]] bool isOpenWebUiImage(std::string_view image);

} // namespace importers
