// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <tl/expected.hpp>

namespace remote {

/** @brief Why remote work failed; the CLI maps every kind but Usage to exit 3, and names it. */
enum class FailureKind {
    Usage,                ///< an argument the remote work cannot use (bad host, path, URL): exit 2
    Refused,              ///< the host refused or could not be reached (DNS, route, port closed)
    Timeout,              ///< connect or a command passed its deadline
    HostKeyUnknown,       ///< the host's key is not in known_hosts and nobody accepted it
    HostKeyChanged,       ///< known_hosts holds another key for this host: possible impersonation
    AuthenticationFailed, ///< no offered key, agent identity or password was accepted
    Cancelled,            ///< the caller's stop token was triggered
    Command,              ///< a remote command could not run or failed (its exit status and stderr in message)
    Transfer,             ///< SFTP failed (the remote error and path in message)
    TargetExists,         ///< deliver: the target directory exists and --force was not given
    Local,                ///< a local file (bundle, key, known_hosts) could not be read or written
    Protocol,             ///< the SSH session broke (connection lost, libssh error)
};

[[nodiscard]] std::string_view toString(FailureKind kind); ///< "refused", "timeout", "host-key-unknown", ...

/** @brief The host key a connection saw, for the trust question and for the failure that refuses it. */
struct HostKey {
    std::string host;        ///< as known_hosts names it: "host" or "[host]:port"
    std::string type;        ///< "ssh-ed25519", "rsa-sha2-512", ...
    std::string fingerprint; ///< "SHA256:..." as OpenSSH prints it

    bool operator==(const HostKey &) const = default;
};

/** @brief A failure with a sentence for people; never holds a password, passphrase or secret. */
struct Failure {
    FailureKind kind = FailureKind::Protocol;
    std::string message;  ///< "127.0.0.1:2222: connection refused"
    HostKey hostKey;      ///< filled for HostKeyUnknown and HostKeyChanged (the key the host presented)
    int exitStatus = -1;  ///< Command: the remote exit status, when there was one

    [[nodiscard]] std::string describe() const; ///< "host key unknown: ..." one line
};

template <typename T>
using Result = tl::expected<T, Failure>;

[[nodiscard]] inline tl::unexpected<Failure> failure(FailureKind kind, std::string message)
{
    return tl::unexpected<Failure>(Failure{kind, std::move(message), {}, -1});
}

/**
 * @brief A password or passphrase: moved, never copied, wiped from memory when destroyed.
 * Never logged, never written to a file, never part of a Failure.
 */
class Secret {
public:
    Secret() = default;
    explicit Secret(std::string value) : m_value(std::move(value)) {}
    Secret(const Secret &) = delete;
    Secret &operator=(const Secret &) = delete;
    Secret(Secret &&other) noexcept : m_value(std::move(other.m_value)) { other.wipe(); }
    Secret &operator=(Secret &&other) noexcept
    {
        if (this != &other) {
            wipe();
            m_value = std::move(other.m_value);
            other.wipe();
        }
        return *this;
    }
    ~Secret() { wipe(); }

    [[nodiscard]] const std::string &reveal() const { return m_value; }
    [[nodiscard]] bool empty() const { return m_value.empty(); }
    [[nodiscard]] Secret copy() const { return Secret(m_value); }

private:
    void wipe() noexcept
    {
        // volatile so the compiler cannot drop the stores of a string about to be freed
        volatile char *bytes = m_value.data();
        for (std::size_t i = 0; i < m_value.size(); ++i)
            bytes[i] = 0;
        m_value.clear();
    }
    std::string m_value;
};

} // namespace remote
