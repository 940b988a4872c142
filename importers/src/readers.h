// SPDX-License-Identifier: MIT
#pragma once
// The readers behind readDeployment, one per family of files. Each adds what its files show to `out`.

#include "yamlinput.h"

#include <filesystem>
#include <vector>

namespace importers::detail {

/** @brief What a reader may do beyond the files it was given. */
struct ReadContext {
    /** Follow env_file, extends and include on disk (false for text given in memory: nothing is read). */
    bool followReferences = true;
    /** Files read through references so far, bounded by kMaxReferencedFiles. */
    int referencedFiles = 0;
};

/**
 * @brief Compose files and Swarm stacks, merged in the order given (a file and its overrides), with
 * interpolation from the `.env` beside the first file, anchors and merge keys, extends and include.
 */
[[nodiscard]] planner::Result<void> readCompose(const std::vector<YamlFile> &files, ReadContext &context,
                                                ImportedDeployment &out);

/**
 * @brief Kubernetes manifests, Helm values for the official chart (also nested under an umbrella's
 * `open-webui:` key), a Flux HelmRelease's inline values, and a Chart.yaml naming the chart version.
 */
[[nodiscard]] planner::Result<void> readKubernetes(const std::vector<YamlFile> &files, ReadContext &context,
                                                   ImportedDeployment &out);

} // namespace importers::detail
