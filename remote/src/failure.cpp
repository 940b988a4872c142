// SPDX-License-Identifier: MIT
#include "remote/failure.h"

namespace remote {

std::string_view toString(FailureKind kind)
{
    switch (kind) {
    case FailureKind::Usage: return "usage";
    case FailureKind::Refused: return "refused";
    case FailureKind::Timeout: return "timeout";
    case FailureKind::HostKeyUnknown: return "host-key-unknown";
    case FailureKind::HostKeyChanged: return "host-key-changed";
    case FailureKind::AuthenticationFailed: return "authentication-failed";
    case FailureKind::Cancelled: return "cancelled";
    case FailureKind::Command: return "command-failed";
    case FailureKind::Transfer: return "transfer-failed";
    case FailureKind::TargetExists: return "target-exists";
    case FailureKind::Local: return "local-file";
    case FailureKind::Protocol: return "connection-lost";
    }
    return "unknown";
}

std::string Failure::describe() const
{
    std::string line(toString(kind));
    line += ": ";
    line += message;
    // The key is named once: most messages already carry the fingerprint.
    if (!hostKey.fingerprint.empty() && message.find(hostKey.fingerprint) == std::string::npos)
        line += " (" + hostKey.type + " " + hostKey.fingerprint + ")";
    return line;
}

} // namespace remote
