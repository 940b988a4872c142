// SPDX-License-Identifier: MIT
#include "planner/boundedfile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace planner {

namespace {

/** @brief Closes a file descriptor when it goes out of scope. */
class FileDescriptor
{
public:
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    ~FileDescriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor &) = delete;
    FileDescriptor &operator=(const FileDescriptor &) = delete;
    [[nodiscard]] int get() const { return m_fd; }

private:
    int m_fd;
};

/** @brief What a path that is not a regular file is, in words, for the refusal. */
std::string kindOf(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a pipe or FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a file";
}

/** @brief "plan file" → "plan", for "save the plan to a file first". */
std::string withoutFileWord(const std::string &what)
{
    constexpr std::string_view suffix = " file";
    if (what.size() > suffix.size() && what.ends_with(suffix))
        return what.substr(0, what.size() - suffix.size());
    return what;
}

std::string sizeInWords(std::size_t bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return std::to_string(bytes / (1024 * 1024)) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0)
        return std::to_string(bytes / 1024) + " KiB";
    return std::to_string(bytes) + " bytes";
}

} // namespace

Result<std::string> readBoundedRegularFile(const std::filesystem::path &path, std::size_t maxBytes,
                                           std::string_view whatItShouldBe)
{
    // Every message names the file, an empty path included.
    const std::string name = path.empty() ? std::string("(empty path)") : path.string();
    const std::string what(whatItShouldBe);
    const auto refuse = [&name](ErrorCode code, std::string message) {
        return tl::unexpected(Error{code, std::move(message), {}, name, 0});
    };
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one; fstat then refuses it.
    const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (file.get() < 0)
        return refuse(ErrorCode::Io, std::string("cannot open: ") + std::strerror(errno));
    struct stat status {};
    if (::fstat(file.get(), &status) != 0)
        return refuse(ErrorCode::Io, std::string("cannot open: ") + std::strerror(errno));
    if (S_ISDIR(status.st_mode))
        return refuse(ErrorCode::Io, "is a folder, not a " + what);
    // A pipe, FIFO or device has no end the planner can trust (/dev/zero never ends, a FIFO may never be written).
    if (!S_ISREG(status.st_mode))
        return refuse(ErrorCode::Io, "not a regular file (" + kindOf(status.st_mode) + "); save the " + withoutFileWord(what) +
                                         " to a file first");
    const std::string tooLarge = "file is larger than " + sizeInWords(maxBytes) + "; not a " + what;
    if (static_cast<std::uintmax_t>(status.st_size) > maxBytes)
        return refuse(ErrorCode::InvalidInput, tooLarge);
    // The size can change while reading (a file still being written): read at most one byte past the limit.
    // The buffer starts at the size seen plus one byte and grows only if the file does: zero-filling the
    // whole limit (16 MiB for a deployment file) on every read was most of a small file's audit.
    std::string text(static_cast<std::size_t>(std::min<std::uintmax_t>(static_cast<std::uintmax_t>(status.st_size), maxBytes)) + 1, '\0');
    std::size_t used = 0;
    for (;;) {
        if (used == text.size()) {
            if (text.size() > maxBytes)
                break;
            text.resize(std::min(text.size() * 2, maxBytes + 1));
        }
        const ssize_t got = ::read(file.get(), text.data() + used, text.size() - used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return refuse(ErrorCode::Io, std::string("read failed: ") + std::strerror(errno));
        if (got == 0)
            break;
        used += static_cast<std::size_t>(got);
    }
    if (used > maxBytes)
        return refuse(ErrorCode::InvalidInput, tooLarge);
    text.resize(used);
    return text;
}

} // namespace planner
