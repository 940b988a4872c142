// SPDX-License-Identifier: MIT
#pragma once

#include "remote/endpoint.h"
#include "remote/failure.h"
#include "remote/session.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace remote {

/** @brief Which of the bundle's deploy scripts `--run` runs (`deploy/<target>.sh`, written by the exporter). */
enum class DeployTarget { Compose, Swarm, Helm };
[[nodiscard]] std::string_view toString(DeployTarget target);
[[nodiscard]] std::optional<DeployTarget> deployTargetFromString(std::string_view name);

/** @brief One file or folder of a local bundle, by its '/'-separated path inside it. */
struct BundleEntry {
    std::string path;
    bool directory = false;
    std::uint32_t mode = 0644; ///< permission bits, kept on the host (.env stays 0600)
    std::uint64_t size = 0;

    bool operator==(const BundleEntry &) const = default;
};

struct LocalBundle {
    std::filesystem::path root;
    std::vector<BundleEntry> entries; ///< folders before their contents
    std::uint64_t totalBytes = 0;
};

/**
 * @brief Reads a bundle folder's listing within bounds (entries, bytes, depth); refuses symlinks, devices,
 * FIFOs and names with control characters, naming the path (FailureKind::Local or Usage).
 */
[[nodiscard]] Result<LocalBundle> scanBundle(const std::filesystem::path &folder);

struct DeliverProgress {
    std::string file;
    std::uint64_t bytesDone = 0;
    std::uint64_t bytesTotal = 0;
    int filesDone = 0;
    int filesTotal = 0;
};

struct DeliverOptions {
    std::string targetDirectory;
    /** Replace an existing target whole; without it an existing target is refused (TargetExists). */
    bool force = false;
    std::function<void(const DeliverProgress &)> onProgress;
};

struct DeliverReport {
    std::string targetDirectory;
    int files = 0;
    std::uint64_t bytes = 0;
    bool replaced = false; ///< an existing target was replaced (force)
};

/**
 * @brief Uploads the bundle over SFTP into a new hidden sibling of the target, with each file's mode, then
 * renames it into place; with `force` the old target is moved aside first and removed after. A failure or a
 * cancel removes the hidden sibling (when the connection still works), so the target is either the old one
 * or the whole new bundle, never half of it.
 */
[[nodiscard]] Result<DeliverReport> deliver(Session &session, const LocalBundle &bundle, const DeliverOptions &options,
                                            std::stop_token stop = {});

/**
 * @brief Removes what interrupted deliveries to `targetDirectory` left beside it: their upload folders, and an
 * old target moved aside when the target itself exists. deliver() does this first; after a connection was lost
 * during a delivery, the front ends call it on a new connection so nothing is left beside the target.
 * Returns how many leftovers were removed.
 */
[[nodiscard]] Result<int> removeInterruptedDeliveries(Session &session, const std::string &targetDirectory);

/**
 * @brief What deliver()'s failure means once cleaned up: when the connection was lost (FailureKind::Protocol), connects
 * again with `options` (the host key is known by then; nothing is asked) and removes the upload folder left beside the
 * target; the message then says whether it is gone. Any other failure is returned as it is (deliver cleaned up itself).
 */
[[nodiscard]] Failure cleanUpAfterLostConnection(Failure failure, const ConnectOptions &options, const std::string &targetDirectory,
                                                 std::stop_token stop = {});

/** @brief The exec array `--run` sends: in the target directory, `sh deploy/<target>.sh`. */
[[nodiscard]] std::vector<std::string> deployCommand(const std::string &targetDirectory, DeployTarget target);

/** @brief `--dry-run`: every file (mode, size) and every command, as lines for people; touches nothing. */
[[nodiscard]] std::vector<std::string> describeDelivery(const LocalBundle &bundle, const RemoteDirectory &target, bool force,
                                                        std::optional<DeployTarget> run);

} // namespace remote
