// SPDX-License-Identifier: MIT
#pragma once

#include "planner/result.h"

#include <cerrno>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace exporters::durable {

/** @brief An Io error naming `path`: "what: strerror(error)", errno unless told. */
[[nodiscard]] planner::Error ioError(const std::string &what, const std::filesystem::path &path, int error = errno);

/** @brief A file descriptor closed when it goes out of scope. */
class OpenFile
{
public:
    explicit OpenFile(int fd) : m_fd(fd) {}
    OpenFile(OpenFile &&other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    OpenFile &operator=(OpenFile &&other) noexcept;
    ~OpenFile();
    int fd() const { return m_fd; }
    /** @brief Closes now, reporting what close() says (a late write error surfaces here). */
    int close();

private:
    int m_fd;
};

/** @brief A file or folder written but not yet flushed to disk. */
struct Unflushed
{
    OpenFile handle;
    std::filesystem::path path;
    bool folder = false;
};

/** @brief Creates a file that must not exist yet, with exactly `mode`, and writes it whole; flushAll() flushes it. */
[[nodiscard]] planner::Result<Unflushed> writeNewFile(const std::filesystem::path &path, const std::string &content, unsigned mode);

/** @brief Opens a folder to flush its entries (the names of the files in it). */
[[nodiscard]] planner::Result<Unflushed> openFolder(const std::filesystem::path &folder);

/** @brief How flushAll() handed the fsyncs to the kernel. */
enum class FlushWay {
    Together,   ///< all at once through io_uring, which runs them side by side
    OneByOne,   ///< fsync after fsync: where io_uring is refused, or when asked for
};

/**
 * @brief Flushes every entry to disk with its own fsync, then closes it; the first failure is returned, naming its path.
 *
 * A folder on a file system that cannot flush folders (FUSE, some network ones: EINVAL, ENOTSUP) passes.
 * @param preferred Together tries io_uring first and falls back to OneByOne when the kernel or a sandbox refuses it.
 * @return the way the fsyncs went.
 */
[[nodiscard]] planner::Result<FlushWay> flushAll(std::vector<Unflushed> &entries, FlushWay preferred = FlushWay::Together);

/** @brief Flushes one folder's entries (after a rename in it), with flushAll()'s rules. */
[[nodiscard]] planner::Result<void> flushFolder(const std::filesystem::path &folder);

} // namespace exporters::durable
