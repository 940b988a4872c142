// SPDX-License-Identifier: MIT
// deliver(): the bundle over SFTP into a hidden sibling of the target, then renamed into place.
#include "remote/deliver.h"

#include "deliverpaths.h"
#include "remote/shell.h"

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

namespace remote {
namespace {

constexpr std::size_t kWriteSize = 32 * 1024;
constexpr int kMaxRemoveDepth = 32;

/** @brief 16 hex digits from the kernel's CSPRNG: the siblings' names cannot be guessed or collide. */
std::string randomSuffix()
{
    std::array<unsigned char, 8> bytes{};
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const auto n = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (n > 0)
            filled += std::size_t(n);
        else if (errno != EINTR)
            break; // cannot happen on Linux ≥ 3.17; the name then still differs by what was filled
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    for (const auto b : bytes)
        text += {kHex[b >> 4], kHex[b & 15]};
    return text;
}

struct SftpDeleter {
    void operator()(sftp_session s) const { sftp_free(s); }
};
struct FileDeleter {
    void operator()(sftp_file f) const { sftp_close(f); }
};
struct DirDeleter {
    void operator()(sftp_dir d) const { sftp_closedir(d); }
};
struct AttributesDeleter {
    void operator()(sftp_attributes a) const { sftp_attributes_free(a); }
};
using Attributes = std::unique_ptr<sftp_attributes_struct, AttributesDeleter>;

std::string sftpErrorText(int code)
{
    switch (code) {
    case SSH_FX_NO_SUCH_FILE: return "no such file or folder";
    case SSH_FX_PERMISSION_DENIED: return "permission denied";
    case SSH_FX_FILE_ALREADY_EXISTS: return "already exists";
    case SSH_FX_WRITE_PROTECT: return "write-protected";
    case SSH_FX_OP_UNSUPPORTED: return "not supported by the server";
    default: return "failed (SFTP status " + std::to_string(code) + ")";
    }
}

/** @brief rm -r over SFTP, never following a symbolic link; best effort (cleanup must not hide the real failure). */
void removeTree(sftp_session sftp, const std::string &path, int depth)
{
    const Attributes self(sftp_lstat(sftp, path.c_str()));
    if (!self)
        return;
    if (self->type != SSH_FILEXFER_TYPE_DIRECTORY) {
        sftp_unlink(sftp, path.c_str());
        return;
    }
    if (depth < kMaxRemoveDepth) {
        std::vector<std::string> children;
        if (std::unique_ptr<sftp_dir_struct, DirDeleter> dir{sftp_opendir(sftp, path.c_str())}) {
            while (const Attributes entry{sftp_readdir(sftp, dir.get())}) {
                const std::string_view name(entry->name ? entry->name : "");
                if (name != "." && name != ".." && !name.empty())
                    children.push_back(path + "/" + std::string(name));
            }
        }
        for (const auto &child : children)
            removeTree(sftp, child, depth + 1);
    }
    sftp_rmdir(sftp, path.c_str());
}

/** @brief Siblings an earlier delivery left when it was cut off; an old target only once a new one is in place. */
int removeStaleSiblings(sftp_session sftp, const detail::DeliveryPaths &paths, bool targetExists)
{
    std::unique_ptr<sftp_dir_struct, DirDeleter> dir(sftp_opendir(sftp, paths.parent.c_str()));
    if (!dir)
        return 0;
    const std::string upload = detail::siblingPrefix(paths, "upload");
    const std::string old = detail::siblingPrefix(paths, "old");
    std::vector<std::string> stale;
    while (const Attributes entry{sftp_readdir(sftp, dir.get())}) {
        const std::string_view name(entry->name ? entry->name : "");
        if (name.starts_with(upload) || (targetExists && name.starts_with(old)))
            stale.push_back(paths.prefix + std::string(name));
    }
    dir.reset();
    for (const auto &path : stale)
        removeTree(sftp, path, 0);
    return int(stale.size());
}

/** @brief An SFTP channel on the session, or why not. */
Result<std::unique_ptr<sftp_session_struct, SftpDeleter>> openSftp(ssh_session ssh)
{
    if (!ssh)
        return failure(FailureKind::Protocol, "no SSH connection");
    std::unique_ptr<sftp_session_struct, SftpDeleter> sftp(sftp_new(ssh));
    if (!sftp || sftp_init(sftp.get()) != SSH_OK)
        return failure(FailureKind::Transfer, std::string("the host offers no SFTP: ") + ssh_get_error(ssh));
    return sftp;
}

class Upload {
public:
    Upload(Session &session, const LocalBundle &bundle, const DeliverOptions &options, std::stop_token stop)
        : m_ssh(session.native()), m_bundle(bundle), m_options(options), m_stop(std::move(stop)),
          m_paths(detail::deliveryPaths(options.targetDirectory))
    {
    }

    Result<DeliverReport> run()
    {
        if (m_paths.name.empty() || m_paths.name == "." || m_paths.name == "..")
            return failure(FailureKind::Usage, m_options.targetDirectory + ": not a folder to create");
        auto sftp = openSftp(m_ssh);
        if (!sftp)
            return tl::unexpected(sftp.error());
        m_sftp = std::move(*sftp);

        const Attributes parent(sftp_stat(m_sftp.get(), m_paths.parent.c_str()));
        if (!parent)
            return transferFailure(m_paths.parent, "the folder that is to hold the bundle");
        if (parent->type != SSH_FILEXFER_TYPE_DIRECTORY)
            return failure(FailureKind::Usage, m_paths.parent + ": not a folder (it is to hold the bundle)");

        const Attributes existing(sftp_lstat(m_sftp.get(), m_options.targetDirectory.c_str()));
        if (!existing && sftp_get_error(m_sftp.get()) != SSH_FX_NO_SUCH_FILE)
            return transferFailure(m_options.targetDirectory, "the target");
        if (existing && existing->type != SSH_FILEXFER_TYPE_DIRECTORY)
            return failure(FailureKind::TargetExists, m_options.targetDirectory + ": exists and is not a folder; nothing was changed");
        if (existing && !m_options.force)
            return failure(FailureKind::TargetExists,
                           m_options.targetDirectory + ": exists; nothing was changed (--force replaces it whole)");
        removeStaleSiblings(m_sftp.get(), m_paths, bool(existing));

        m_staging = detail::siblingPath(m_paths, "upload", randomSuffix());
        // 0700 while it fills: nobody on the host reads a half bundle, or .env through a wider folder.
        if (sftp_mkdir(m_sftp.get(), m_staging.c_str(), 0700) != 0)
            return transferFailure(m_staging, "the upload folder");
        auto result = fillAndSwap(bool(existing));
        if (!result && !m_staging.empty() && ssh_is_connected(m_ssh))
            removeTree(m_sftp.get(), m_staging, 0);
        return result;
    }

private:
    Result<DeliverReport> fillAndSwap(bool replacing)
    {
        DeliverProgress progress;
        progress.bytesTotal = m_bundle.totalBytes;
        for (const auto &entry : m_bundle.entries)
            progress.filesTotal += entry.directory ? 0 : 1;
        for (const auto &entry : m_bundle.entries) {
            if (m_stop.stop_requested())
                return cancelled();
            const std::string remotePath = m_staging + "/" + entry.path;
            progress.file = entry.path;
            if (entry.directory) {
                if (sftp_mkdir(m_sftp.get(), remotePath.c_str(), entry.mode) != 0)
                    return transferFailure(remotePath, "a folder");
                continue;
            }
            if (auto sent = sendFile(entry, remotePath, progress); !sent)
                return tl::unexpected(sent.error());
            ++progress.filesDone;
            if (m_options.onProgress)
                m_options.onProgress(progress);
        }
        if (m_stop.stop_requested())
            return cancelled();
        if (sftp_chmod(m_sftp.get(), m_staging.c_str(), 0755) != 0)
            return transferFailure(m_staging, "the upload folder's mode");

        // Swap in: the old target moves aside first and is removed only once the new one is in place.
        std::string aside;
        if (replacing) {
            aside = detail::siblingPath(m_paths, "old", randomSuffix());
            if (sftp_rename(m_sftp.get(), m_options.targetDirectory.c_str(), aside.c_str()) != 0)
                return transferFailure(m_options.targetDirectory, "moving the old target aside");
        }
        if (sftp_rename(m_sftp.get(), m_staging.c_str(), m_options.targetDirectory.c_str()) != 0) {
            const int code = sftp_get_error(m_sftp.get());
            if (!aside.empty())
                (void)sftp_rename(m_sftp.get(), aside.c_str(), m_options.targetDirectory.c_str());
            if (!replacing && (code == SSH_FX_FAILURE || code == SSH_FX_FILE_ALREADY_EXISTS))
                return failure(FailureKind::TargetExists,
                               m_options.targetDirectory + ": appeared during the upload; nothing was changed");
            return transferFailure(m_options.targetDirectory, "moving the bundle into place");
        }
        m_staging.clear(); // it is the target now: nothing to clean up
        if (!aside.empty())
            removeTree(m_sftp.get(), aside, 0); // a leftover is removed by the next delivery (the target exists then)

        DeliverReport report;
        report.targetDirectory = m_options.targetDirectory;
        report.files = progress.filesDone;
        report.bytes = progress.bytesDone;
        report.replaced = replacing;
        return report;
    }

    Result<void> sendFile(const BundleEntry &entry, const std::string &remotePath, DeliverProgress &progress)
    {
        const std::filesystem::path localPath = m_bundle.root / entry.path;
        const int fd = ::open(localPath.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            return failure(FailureKind::Local, localPath.string() + ": " + std::strerror(errno));
        struct Closer {
            int fd;
            ~Closer() { ::close(fd); }
        } closer{fd};
        // Created with its mode, never chmod-ed later: .env is 0600 from its first byte.
        std::unique_ptr<sftp_file_struct, FileDeleter> file(
            sftp_open(m_sftp.get(), remotePath.c_str(), O_WRONLY | O_CREAT | O_EXCL, entry.mode));
        if (!file)
            return transferFailure(remotePath, "a file");
        std::array<char, kWriteSize> buffer{};
        std::uint64_t sent = 0;
        for (;;) {
            if (m_stop.stop_requested())
                return cancelled();
            const auto n = ::read(fd, buffer.data(), buffer.size());
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return failure(FailureKind::Local, localPath.string() + ": " + std::strerror(errno));
            if (n == 0)
                break;
            if (sent + std::uint64_t(n) > entry.size)
                return failure(FailureKind::Local, localPath.string() + ": grew while it was sent");
            if (sftp_write(file.get(), buffer.data(), std::size_t(n)) != n)
                return transferFailure(remotePath, "writing");
            sent += std::uint64_t(n);
            progress.bytesDone += std::uint64_t(n);
            if (m_options.onProgress && sent < entry.size)
                m_options.onProgress(progress);
        }
        if (sent != entry.size)
            return failure(FailureKind::Local, localPath.string() + ": shrank while it was sent");
        if (sftp_close(file.release()) != SSH_OK)
            return transferFailure(remotePath, "closing");
        return {};
    }

    tl::unexpected<Failure> cancelled() const
    {
        return failure(FailureKind::Cancelled, m_options.targetDirectory + ": delivery cancelled; the target was not changed");
    }

    tl::unexpected<Failure> transferFailure(const std::string &path, const std::string &what) const
    {
        if (!ssh_is_connected(m_ssh))
            return failure(FailureKind::Protocol, "the connection was lost (" + what + ", " + path + "): " + ssh_get_error(m_ssh));
        const int code = m_sftp ? sftp_get_error(m_sftp.get()) : SSH_FX_FAILURE;
        if (code == SSH_FX_NO_SUCH_FILE && path == m_paths.parent)
            return failure(FailureKind::Usage, path + ": no such folder on the host (it is to hold the bundle; create it first)");
        return failure(FailureKind::Transfer, path + ": " + what + ": " + sftpErrorText(code));
    }

    ssh_session m_ssh;
    const LocalBundle &m_bundle;
    const DeliverOptions &m_options;
    std::stop_token m_stop;
    detail::DeliveryPaths m_paths;
    std::unique_ptr<sftp_session_struct, SftpDeleter> m_sftp;
    std::string m_staging;
};

} // namespace

Result<DeliverReport> deliver(Session &session, const LocalBundle &bundle, const DeliverOptions &options, std::stop_token stop)
{
    return Upload(session, bundle, options, std::move(stop)).run();
}

Result<int> removeInterruptedDeliveries(Session &session, const std::string &targetDirectory)
{
    const auto paths = detail::deliveryPaths(targetDirectory);
    if (paths.name.empty() || paths.name == "." || paths.name == "..")
        return failure(FailureKind::Usage, targetDirectory + ": not a folder to create");
    auto sftp = openSftp(session.native());
    if (!sftp)
        return tl::unexpected(sftp.error());
    const Attributes target(sftp_lstat(sftp->get(), targetDirectory.c_str()));
    return removeStaleSiblings(sftp->get(), paths, bool(target));
}

Failure cleanUpAfterLostConnection(Failure failure, const ConnectOptions &options, const std::string &targetDirectory,
                                   std::stop_token stop)
{
    if (failure.kind != FailureKind::Protocol)
        return failure;
    ConnectOptions again = options;
    again.trustUnknownHostKey = nullptr; // the key was checked (and recorded) by the connection that was lost
    auto session = Session::connect(again, stop);
    auto removed = session ? removeInterruptedDeliveries(*session, targetDirectory) : Result<int>(tl::unexpected(session.error()));
    if (removed)
        failure.message += "; the target was not changed, and the partial upload beside it was removed";
    else
        failure.message += "; the target was not changed; the partial upload beside it could not be removed now (" +
                           removed.error().message + ") and the next delivery removes it";
    return failure;
}

} // namespace remote
