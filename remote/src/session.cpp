// SPDX-License-Identifier: MIT
// Placeholder until the SSH session lands (issue 12): every connection fails plainly.
#include "remote/session.h"

namespace remote {

struct Session::State {
    Endpoint endpoint;
    HostKey hostKey;
};

Session::Session(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Session::Session(Session &&) noexcept = default;
Session &Session::operator=(Session &&) noexcept = default;
Session::~Session() = default;

Result<Session> Session::connect(const ConnectOptions &options, std::stop_token)
{
    return failure(FailureKind::Protocol, options.endpoint.display() + ": SSH is not built yet");
}

Result<CommandResult> Session::run(const std::vector<std::string> &, const RunOptions &, std::stop_token)
{
    return failure(FailureKind::Protocol, "SSH is not built yet");
}

const Endpoint &Session::endpoint() const { return m_state->endpoint; }
const HostKey &Session::hostKey() const { return m_state->hostKey; }
std::string Session::serverBanner() const { return {}; }
ssh_session_struct *Session::native() const { return nullptr; }

} // namespace remote
