// SPDX-License-Identifier: MIT
// Delivery's local half: the bundle's listing within bounds, the deploy command, the dry run's description.
// The upload over SFTP is in upload.cpp.
#include "remote/deliver.h"

#include "deliverpaths.h"
#include "remote/shell.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace remote {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxEntries = 10'000;
constexpr std::uint64_t kMaxBytes = std::uint64_t(1) << 30; // 1 GiB
constexpr int kMaxDepth = 16;

bool hasControlCharacter(std::string_view name)
{
    return std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

std::string modeText(std::uint32_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", unsigned(mode & 07777));
    return text;
}

struct Scanner {
    LocalBundle bundle;

    /** @brief The entries of `folder`, which lie `depth` levels below the bundle's root (its own entries: 1). */
    Result<void> scan(const fs::path &folder, const std::string &prefix, int depth)
    {
        std::error_code ec;
        std::vector<std::string> names;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
            names.push_back(it->path().filename().string());
        if (ec)
            return failure(FailureKind::Local, folder.string() + ": cannot list: " + ec.message());
        std::sort(names.begin(), names.end());
        if (!names.empty() && depth > kMaxDepth)
            return failure(FailureKind::Usage, folder.string() + ": folders nest deeper than " + std::to_string(kMaxDepth) +
                                                   " levels");
        for (const auto &name : names) {
            const std::string path = prefix.empty() ? name : prefix + "/" + name;
            if (hasControlCharacter(name))
                return failure(FailureKind::Usage, (bundle.root / prefix).string() + ": a name holds a control character");
            struct stat info {};
            const fs::path local = folder / name;
            if (::lstat(local.c_str(), &info) != 0)
                return failure(FailureKind::Local, local.string() + ": " + std::strerror(errno));
            if (bundle.entries.size() >= kMaxEntries)
                return failure(FailureKind::Usage, bundle.root.string() + ": more than " + std::to_string(kMaxEntries) +
                                                       " files and folders");
            const std::uint32_t mode = info.st_mode & 0777;
            if (S_ISDIR(info.st_mode)) {
                bundle.entries.push_back({path, true, mode, 0});
                if (auto inner = scan(local, path, depth + 1); !inner)
                    return inner;
            } else if (S_ISREG(info.st_mode)) {
                bundle.totalBytes += std::uint64_t(info.st_size);
                if (bundle.totalBytes > kMaxBytes)
                    return failure(FailureKind::Usage, bundle.root.string() + ": more than 1 GiB (at " + path + ")");
                // The secrets file arrives 0600 whatever mode a copy of the bundle gave it.
                const bool secrets = name == ".env";
                bundle.entries.push_back({path, false, secrets ? 0600u : mode, std::uint64_t(info.st_size)});
            } else {
                const char *what = S_ISLNK(info.st_mode)   ? "a symbolic link"
                                   : S_ISFIFO(info.st_mode) ? "a FIFO"
                                   : S_ISSOCK(info.st_mode) ? "a socket"
                                                            : "a device";
                return failure(FailureKind::Usage, local.string() + ": is " + std::string(what) +
                                                       "; a bundle holds only files and folders");
            }
        }
        return {};
    }
};

} // namespace

std::string_view toString(DeployTarget target)
{
    switch (target) {
    case DeployTarget::Compose: return "compose";
    case DeployTarget::Swarm: return "swarm";
    case DeployTarget::Helm: return "helm";
    }
    return "?";
}

std::optional<DeployTarget> deployTargetFromString(std::string_view name)
{
    for (const auto target : {DeployTarget::Compose, DeployTarget::Swarm, DeployTarget::Helm})
        if (toString(target) == name)
            return target;
    return std::nullopt;
}

Result<LocalBundle> scanBundle(const fs::path &folder)
{
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return failure(FailureKind::Usage, folder.string() + ": not a folder");
    Scanner scanner;
    scanner.bundle.root = folder;
    if (auto scanned = scanner.scan(folder, {}, 1); !scanned)
        return tl::unexpected(scanned.error());
    return std::move(scanner.bundle);
}

std::vector<std::string> deployCommand(const std::string &targetDirectory, DeployTarget target)
{
    // The script text is fixed; the folder and the target are positional arguments, so no user text is ever parsed.
    return {"sh", "-c", "cd -- \"$1\" && exec sh ./deploy/\"$2\".sh", "owui-deploy", targetDirectory, std::string(toString(target))};
}

std::vector<std::string> describeDelivery(const LocalBundle &bundle, const RemoteDirectory &target, bool force,
                                          std::optional<DeployTarget> run)
{
    const auto paths = detail::deliveryPaths(target.directory);
    const std::string staging = detail::siblingPath(paths, "upload", "RANDOM");
    std::vector<std::string> lines;
    lines.push_back("connect to " + target.endpoint.display() + " (SFTP)");
    lines.push_back("check that the folder " + shellQuote(paths.parent) + " exists; remove " +
                    shellQuote(detail::siblingPath(paths, "upload", "*")) + " left by an interrupted delivery");
    lines.push_back(force ? "if " + shellQuote(target.directory) + " exists, it is replaced whole (--force)"
                          : "refuse if " + shellQuote(target.directory) + " exists (--force replaces it)");
    lines.push_back("create " + shellQuote(staging) + " (mode 0700)");
    for (const auto &entry : bundle.entries) {
        if (entry.directory)
            lines.push_back("  folder " + entry.path + "/ (mode " + modeText(entry.mode) + ")");
        else
            lines.push_back("  file   " + entry.path + " (mode " + modeText(entry.mode) + ", " + std::to_string(entry.size) +
                            " bytes)");
    }
    lines.push_back(std::to_string(std::count_if(bundle.entries.begin(), bundle.entries.end(),
                                                 [](const BundleEntry &e) { return !e.directory; })) +
                    " files, " + std::to_string(bundle.totalBytes) + " bytes");
    lines.push_back("set " + shellQuote(staging) + " to mode 0755");
    if (force)
        lines.push_back("if it exists, rename " + shellQuote(target.directory) + " to " +
                        shellQuote(detail::siblingPath(paths, "old", "RANDOM")) + ", removed once the new one is in place");
    lines.push_back("rename " + shellQuote(staging) + " to " + shellQuote(target.directory));
    if (run)
        lines.push_back("run (after confirmation): " + commandLine(deployCommand(target.directory, *run)));
    return lines;
}

namespace detail {

DeliveryPaths deliveryPaths(const std::string &directory)
{
    std::string_view dir(directory);
    while (dir.size() > 1 && dir.back() == '/')
        dir.remove_suffix(1);
    const auto slash = dir.rfind('/');
    if (slash == std::string_view::npos)
        return {".", std::string(dir), ""};
    const std::string parent = slash == 0 ? "/" : std::string(dir.substr(0, slash));
    return {parent, std::string(dir.substr(slash + 1)), parent == "/" ? "/" : parent + "/"};
}

std::string siblingPrefix(const DeliveryPaths &paths, std::string_view purpose)
{
    return "." + paths.name + ".owui-" + std::string(purpose) + "-";
}

std::string siblingPath(const DeliveryPaths &paths, std::string_view purpose, std::string_view suffix)
{
    return paths.prefix + siblingPrefix(paths, purpose) + std::string(suffix);
}

} // namespace detail

} // namespace remote
