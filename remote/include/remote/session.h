// SPDX-License-Identifier: MIT
#pragma once

#include "remote/endpoint.h"
#include "remote/failure.h"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

struct ssh_session_struct; // libssh's session, for the SFTP code in this library only

namespace remote {

/** @brief A password or passphrase the connection needs; the front end asks the person. */
struct CredentialRequest {
    enum class Kind { KeyPassphrase, Password };
    Kind kind = Kind::Password;
    std::string subject; ///< the key file for a passphrase, "user@host" for a password
};

struct ConnectOptions {
    Endpoint endpoint;
    /** Connect through this host first (a direct-tcpip channel from it to `endpoint`). */
    std::optional<Endpoint> jump;
    /** A private key file; empty: the SSH agent (SSH_AUTH_SOCK), then ~/.ssh's default keys. */
    std::filesystem::path identity;
    /** known_hosts to check and to record an accepted key in; empty: ~/.ssh/known_hosts. */
    std::filesystem::path knownHosts;
    std::chrono::milliseconds connectTimeout{10'000};
    /**
     * Asked once per connection for a key that known_hosts does not hold: true trusts it and records it
     * in `knownHosts`. Unset: unknown keys are refused (FailureKind::HostKeyUnknown, with the key).
     * A changed key is always refused (FailureKind::HostKeyChanged); nothing can override that.
     */
    std::function<bool(const HostKey &)> trustUnknownHostKey;
    /** Asked for a key's passphrase or the account's password; nullopt declines. Never stored. */
    std::function<std::optional<Secret>(const CredentialRequest &)> askCredential;
};

/** @brief What a remote command did. Output beyond the run's limit is dropped and flagged. */
struct CommandResult {
    int exitStatus = -1; ///< -1 when the command was killed by a signal or the status never came
    std::string out;
    std::string err;
    bool outTruncated = false;
    bool errTruncated = false;

    bool operator==(const CommandResult &) const = default;
};

struct RunOptions {
    /** Deadline for the whole command, from the exec request to the exit status. */
    std::chrono::milliseconds timeout{60'000};
    /** Written to the command's stdin, then EOF (passwords travel here, never in argv). */
    std::string input;
    /** Bytes kept of stdout and of stderr each. */
    std::size_t outputLimit = 1 << 20;
    /** Each chunk as it arrives (the deploy's streamed output); called on the calling thread. */
    std::function<void(std::string_view chunk, bool isStderr)> onOutput;
};

/**
 * @brief One authenticated SSH connection (libssh, RAII). Blocking calls; the app runs them on a worker
 * thread. A stop request from another thread makes the call in progress fail with FailureKind::Cancelled
 * promptly (the socket is shut down), and leaves the session unusable.
 *
 * Connect sets SSH_OPTIONS_NODELAY (SFTP is ~100× faster on loopback), ignores ~/.ssh/config
 * (SSH_OPTIONS_PROCESS_CONFIG off) and reads only `knownHosts` (the global file is /dev/null).
 */
class Session {
public:
    [[nodiscard]] static Result<Session> connect(const ConnectOptions &options, std::stop_token stop = {});

    Session(Session &&) noexcept;
    Session &operator=(Session &&) noexcept;
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;
    ~Session();

    /** @brief Runs `argv` (quoted by commandLine()) in an exec channel. A non-zero exit status is a result, not a failure. */
    [[nodiscard]] Result<CommandResult> run(const std::vector<std::string> &argv, const RunOptions &options = {},
                                            std::stop_token stop = {});

    [[nodiscard]] const Endpoint &endpoint() const;
    [[nodiscard]] const HostKey &hostKey() const;
    /** @brief The server's identification ("SSH-2.0-OpenSSH_9.2p1 ..."). */
    [[nodiscard]] std::string serverBanner() const;

    /** @brief libssh's handle, for this library's SFTP code (deliver.cpp); valid while the session lives. */
    [[nodiscard]] ssh_session_struct *native() const;

private:
    struct State;
    explicit Session(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace remote
