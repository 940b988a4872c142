// SPDX-License-Identifier: MIT
#pragma once

#include "remote/failure.h"

#include <string>
#include <string_view>

namespace remote {

/** @brief Where to connect: `[user@]host[:port]`; IPv6 addresses in brackets (`[::1]:2222`). */
struct Endpoint {
    std::string user; ///< empty: the local user's name
    std::string host;
    int port = 22;

    bool operator==(const Endpoint &) const = default;
    [[nodiscard]] std::string display() const; ///< "user@host:port" (port only when not 22)
};

/**
 * @brief Parses `[user@]host[:port]`. Refuses (FailureKind::Usage, naming the part) an empty host, a port
 * outside 1–65535, and any control character, space or shell metacharacter in user or host: they reach
 * known_hosts and messages, so they must be plain.
 */
[[nodiscard]] Result<Endpoint> parseEndpoint(std::string_view text);

/** @brief deliver's target: `[user@]host[:port]:DIR`. DIR must be absolute or relative to the login directory. */
struct RemoteDirectory {
    Endpoint endpoint;
    std::string directory; ///< no NUL or newline, not empty, not "/" and not ending in "/.."

    bool operator==(const RemoteDirectory &) const = default;
};

[[nodiscard]] Result<RemoteDirectory> parseRemoteDirectory(std::string_view text);

} // namespace remote
