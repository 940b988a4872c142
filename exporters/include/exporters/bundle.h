// SPDX-License-Identifier: MIT
#pragma once

#include "planner/plan.h"
#include "planner/result.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace exporters {

/** @brief One file of a bundle, by its path inside the bundle folder. */
struct BundleFile {
    std::string path;
    std::string content;
    bool secret = false;     ///< written with mode 0600
    bool executable = false; ///< written with mode 0755 (the deploy scripts)

    bool operator==(const BundleFile &) const = default;
};

enum class Format { Compose, Swarm, Helm };

struct ExportOptions {
    std::vector<Format> formats{Format::Compose, Format::Swarm, Format::Helm};
    bool allowFindings = false; ///< export a plan with error-level findings (they lead the README)
};

/** @brief Secret values by variable name (WEBUI_SECRET_KEY, POSTGRES_PASSWORD, DATABASE_URL, ...). */
using SecretValues = std::map<std::string, std::string>;

/** @brief `n` random bytes from the kernel's CSPRNG (getrandom), as unpadded base64url. */
[[nodiscard]] planner::Result<std::string> randomToken(std::size_t bytes);

/**
 * @brief The secrets a plan's bundle needs, generated with the CSPRNG where the planner owns them;
 * a key the plan already holds (store_in_plan) is reused.
 */
[[nodiscard]] planner::Result<SecretValues> generateSecrets(const planner::Plan &plan);

/**
 * @brief Every file of the bundle, in memory. Refuses a plan with error-level findings unless
 * `allowFindings`; the error then lists the rule ids.
 */
[[nodiscard]] planner::Result<std::vector<BundleFile>> buildBundle(const planner::Plan &plan, const ExportOptions &options,
                                                                  const SecretValues &secrets);

/** @brief The refusal of an existing folder; each front end names its own way to replace it. */
inline constexpr std::string_view kFolderExistsMessage = "the folder exists; choose another, or replace it";

/**
 * @brief Writes a bundle folder atomically: everything goes to a hidden sibling folder first and is
 * renamed into place at the end, so a failure leaves nothing behind. An existing folder is refused
 * unless `force`, and is then replaced whole.
 */
[[nodiscard]] planner::Result<void> writeBundle(const std::vector<BundleFile> &files, const std::filesystem::path &folder,
                                                bool force);

/**
 * @brief The whole export, as the CLI and the GUI both run it: fresh secrets, every file, written
 * atomically into `folder`. Returns the files written (contents included, for display).
 */
[[nodiscard]] planner::Result<std::vector<BundleFile>> exportPlan(const planner::Plan &plan, const ExportOptions &options,
                                                                 const std::filesystem::path &folder, bool force);

/** @brief Where a target's deploy script lies in the bundle: `deploy/compose.sh`, `deploy/swarm.sh`, `deploy/helm.sh`. */
[[nodiscard]] std::string deployScriptPath(Format target);

/** @brief The mode a bundle file is written with: 0600 for secrets, 0755 for scripts, else 0644. */
[[nodiscard]] unsigned bundleFileMode(const BundleFile &file);

[[nodiscard]] std::string_view toString(Format v);
[[nodiscard]] std::optional<Format> formatFromString(std::string_view name);

} // namespace exporters
