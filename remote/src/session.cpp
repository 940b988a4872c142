// SPDX-License-Identifier: MIT
// One SSH connection over libssh 0.10 (RAII). The TCP socket is ours (connect with a deadline and a clear
// Refused/Timeout, TCP_NODELAY, and a descriptor a stop request can shut down); libssh gets it through
// SSH_OPTIONS_FD. A jump host is a second session whose direct-tcpip channel is pumped into a socketpair,
// because libssh 0.10 has no ProxyJump.
#include "remote/session.h"

#include "remote/shell.h"

#include <libssh/libssh.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <thread>

namespace remote {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string localUserName()
{
    const passwd *entry = ::getpwuid(::geteuid());
    return entry ? std::string(entry->pw_name) : std::string();
}

std::filesystem::path homeDirectory()
{
    if (const char *home = std::getenv("HOME"); home && *home)
        return home;
    const passwd *entry = ::getpwuid(::geteuid());
    return entry ? std::filesystem::path(entry->pw_dir) : std::filesystem::path("/");
}

/** "host" or "[host]:port", as known_hosts and ssh-keygen -R name it. */
std::string knownHostsName(const Endpoint &endpoint)
{
    return endpoint.port == 22 ? endpoint.host : "[" + endpoint.host + "]:" + std::to_string(endpoint.port);
}

std::string hostPort(const Endpoint &endpoint)
{
    Endpoint bare = endpoint;
    bare.user.clear();
    return bare.display();
}

/** A file descriptor closed on destruction unless released. */
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : m_fd(fd) {}
    UniqueFd(UniqueFd &&other) noexcept : m_fd(other.release()) {}
    UniqueFd &operator=(UniqueFd &&other) noexcept
    {
        reset(other.release());
        return *this;
    }
    ~UniqueFd() { reset(); }
    [[nodiscard]] int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd = -1;
};

struct SessionDeleter {
    void operator()(ssh_session session) const
    {
        if (ssh_is_connected(session))
            ssh_disconnect(session);
        ssh_free(session); // closes the socket it was given (SSH_OPTIONS_FD)
    }
};
using SessionHandle = std::unique_ptr<ssh_session_struct, SessionDeleter>;

struct ChannelDeleter {
    void operator()(ssh_channel channel) const
    {
        if (ssh_channel_is_open(channel))
            ssh_channel_close(channel);
        ssh_channel_free(channel);
    }
};
using ChannelHandle = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;

struct KeyDeleter {
    void operator()(ssh_key key) const { ssh_key_free(key); }
};
using KeyHandle = std::unique_ptr<ssh_key_struct, KeyDeleter>;

/** Shuts `fd` down when `stop` is requested, so a blocking libssh call on it returns at once. */
auto shutdownOnStop(std::stop_token stop, int fd)
{
    return std::stop_callback(std::move(stop), [fd] { ::shutdown(fd, SHUT_RDWR); });
}

/**
 * TCP connect with a deadline, polled in short slices so a stop request ends it promptly. Every address
 * getaddrinfo gives is tried; the result is a blocking socket with TCP_NODELAY.
 */
Result<UniqueFd> connectTcp(const Endpoint &endpoint, milliseconds timeout, const std::stop_token &stop)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const std::string port = std::to_string(endpoint.port);
    if (const int rc = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found); rc != 0)
        return failure(FailureKind::Refused, hostPort(endpoint) + ": cannot resolve the host (" + ::gai_strerror(rc) + ")");
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);

    const auto deadline = Clock::now() + timeout;
    std::string lastError = "no address";
    bool timedOut = false;
    for (const addrinfo *address = found; address; address = address->ai_next) {
        UniqueFd fd(::socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, address->ai_protocol));
        if (fd.get() < 0) {
            lastError = std::strerror(errno);
            continue;
        }
        int error = 0;
        if (::connect(fd.get(), address->ai_addr, address->ai_addrlen) != 0) {
            if (errno != EINPROGRESS) {
                lastError = std::strerror(errno);
                continue;
            }
            for (;;) {
                if (stop.stop_requested())
                    return failure(FailureKind::Cancelled, hostPort(endpoint) + ": connecting was cancelled");
                const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
                if (left <= 0) {
                    timedOut = true;
                    break;
                }
                pollfd waiting{fd.get(), POLLOUT, 0};
                const int ready = ::poll(&waiting, 1, int(std::min<long long>(left, 50)));
                if (ready > 0)
                    break;
                if (ready < 0 && errno != EINTR) {
                    lastError = std::strerror(errno);
                    break;
                }
            }
            if (timedOut)
                break;
            socklen_t length = sizeof error;
            if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0)
                error = errno;
            if (error != 0) {
                lastError = std::strerror(error);
                continue;
            }
        }
        const int flags = ::fcntl(fd.get(), F_GETFL);
        ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
        // libssh sets NODELAY only on sockets it opens itself; this one is ours (SFTP is ~100x faster).
        const int on = 1;
        ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        return fd;
    }
    if (timedOut)
        return failure(FailureKind::Timeout, hostPort(endpoint) + ": no answer within " + std::to_string(timeout.count()) +
                                                 " ms (connect timeout)");
    return failure(FailureKind::Refused, hostPort(endpoint) + ": cannot connect (" + lastError + ")");
}

/** Lines of `file` that name `host` in clear ("[127.0.0.1]:2222 ssh-ed25519 ..."), 1-based. */
std::vector<int> knownHostsLinesFor(const std::filesystem::path &file, const std::string &host)
{
    std::vector<int> lines;
    std::ifstream in(file);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const auto names = line.substr(0, line.find_first_of(" \t"));
        std::size_t start = 0;
        while (start <= names.size()) {
            const auto end = std::min(names.find(',', start), names.size());
            if (names.compare(start, end - start, host) == 0) {
                lines.push_back(number);
                break;
            }
            start = end + 1;
        }
    }
    return lines;
}

Result<HostKey> serverHostKey(ssh_session session, const Endpoint &endpoint)
{
    ssh_key raw = nullptr;
    if (ssh_get_server_publickey(session, &raw) != SSH_OK)
        return failure(FailureKind::Protocol, hostPort(endpoint) + ": the server sent no host key");
    KeyHandle key(raw);
    unsigned char *hash = nullptr;
    std::size_t length = 0;
    if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != 0)
        return failure(FailureKind::Protocol, hostPort(endpoint) + ": cannot hash the host key");
    char *printable = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length); // "SHA256:base64"
    ssh_clean_pubkey_hash(&hash);
    HostKey hostKey;
    hostKey.host = knownHostsName(endpoint);
    hostKey.type = ssh_key_type_to_char(ssh_key_type(key.get()));
    hostKey.fingerprint = printable ? printable : "";
    ssh_string_free_char(printable);
    return hostKey;
}

/** Creates known_hosts' folder (0700) and the file (0600) when missing, so libssh can append to it. */
Result<void> prepareKnownHosts(const std::filesystem::path &file)
{
    std::error_code error;
    const auto folder = file.parent_path();
    if (!folder.empty() && !std::filesystem::exists(folder, error)) {
        std::filesystem::create_directories(folder, error);
        if (error)
            return failure(FailureKind::Local, folder.string() + ": cannot create the folder (" + error.message() + ")");
        std::filesystem::permissions(folder, std::filesystem::perms::owner_all, error);
    }
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return failure(FailureKind::Local, file.string() + ": cannot write (" + std::strerror(errno) + ")");
    ::close(fd);
    return {};
}

Result<void> checkHostKey(ssh_session session, const ConnectOptions &options, const std::filesystem::path &knownHosts,
                          HostKey &hostKey)
{
    auto key = serverHostKey(session, options.endpoint);
    if (!key)
        return tl::unexpected(key.error());
    hostKey = *key;
    const auto refuse = [&](FailureKind kind, std::string message) {
        Failure result{kind, std::move(message), hostKey, -1};
        return tl::unexpected<Failure>(std::move(result));
    };
    switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
        return {};
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: {
        std::string where = knownHosts.string();
        const auto lines = knownHostsLinesFor(knownHosts, hostKey.host);
        if (!lines.empty()) {
            where += " line";
            for (const int line : lines)
                where += " " + std::to_string(line);
        }
        return refuse(FailureKind::HostKeyChanged,
                      "WARNING: the host key of " + hostKey.host + " has changed (it now presents " + hostKey.type + " " +
                          hostKey.fingerprint + "). Someone could be impersonating the host (a man-in-the-middle attack), "
                          "or its key was replaced. If you know the new key is right, remove the old entry from " + where +
                          " (ssh-keygen -R '" + hostKey.host + "' -f " + knownHosts.string() + ") and connect again.");
    }
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND: {
        const std::string unknown = hostKey.host + " is not in " + knownHosts.string() + "; its " + hostKey.type +
                                    " key fingerprint is " + hostKey.fingerprint;
        if (!options.trustUnknownHostKey || !options.trustUnknownHostKey(hostKey))
            return refuse(FailureKind::HostKeyUnknown, unknown + " (not trusted)");
        if (auto prepared = prepareKnownHosts(knownHosts); !prepared)
            return prepared;
        if (ssh_session_update_known_hosts(session) != SSH_OK)
            return failure(FailureKind::Local, knownHosts.string() + ": cannot record the host key (" +
                                                   ssh_get_error(session) + ")");
        return {};
    }
    case SSH_KNOWN_HOSTS_ERROR:
    default:
        return failure(FailureKind::Local, knownHosts.string() + ": cannot read known hosts (" + ssh_get_error(session) + ")");
    }
}

/** libssh's passphrase callback: asks the front end (once per call), copies the answer into libssh's buffer. */
struct PassphrasePrompt {
    const ConnectOptions *options = nullptr;
    std::string keyFile;
    bool asked = false;
    bool declined = false;

    static int callback(const char *, char *buffer, std::size_t length, int, int, void *userdata)
    {
        auto *self = static_cast<PassphrasePrompt *>(userdata);
        self->asked = true;
        if (!self->options->askCredential) {
            self->declined = true;
            return -1;
        }
        auto secret = self->options->askCredential({CredentialRequest::Kind::KeyPassphrase, self->keyFile});
        if (!secret || secret->reveal().size() + 1 > length) {
            self->declined = !secret.has_value();
            return -1;
        }
        std::memcpy(buffer, secret->reveal().c_str(), secret->reveal().size() + 1);
        return 0;
    }
};

/** What went wrong in a blocking libssh call: the stop request, the deadline, or the library's own error. */
Failure libsshFailure(ssh_session session, const std::string &what, const std::stop_token &stop)
{
    if (stop.stop_requested())
        return Failure{FailureKind::Cancelled, what + ": cancelled", {}, -1};
    const std::string error = ssh_get_error(session);
    if (error.find("imeout") != std::string::npos || error.find("imed out") != std::string::npos)
        return Failure{FailureKind::Timeout, what + ": " + error, {}, -1};
    return Failure{FailureKind::Protocol, what + ": " + error, {}, -1};
}

Result<void> authenticate(ssh_session session, const ConnectOptions &options, const std::string &user,
                          const std::stop_token &stop)
{
    const std::string account = user + "@" + hostPort(options.endpoint);
    const auto broken = [&](const char *step) { return tl::unexpected<Failure>(libsshFailure(session, account + ": " + step, stop)); };

    int rc = ssh_userauth_none(session, nullptr);
    if (rc == SSH_AUTH_SUCCESS)
        return {};
    if (rc == SSH_AUTH_ERROR)
        return broken("authentication");
    const int offered = ssh_userauth_list(session, nullptr);
    std::vector<std::string> tried;

    if (offered & SSH_AUTH_METHOD_PUBLICKEY) {
        if (!options.identity.empty()) {
            const std::string file = options.identity.string();
            if (::access(file.c_str(), R_OK) != 0)
                return failure(FailureKind::Local, file + ": cannot read the private key (" + std::strerror(errno) + ")");
            PassphrasePrompt prompt{&options, file};
            ssh_key raw = nullptr;
            const int imported = ssh_pki_import_privkey_file(file.c_str(), nullptr, &PassphrasePrompt::callback, &prompt, &raw);
            KeyHandle key(raw);
            if (imported != SSH_OK) {
                if (!prompt.asked)
                    return failure(FailureKind::Local, file + ": not a private key libssh can read");
                if (prompt.declined)
                    return failure(FailureKind::AuthenticationFailed,
                                   account + ": the key " + file + " needs a passphrase and none was given");
                return failure(FailureKind::AuthenticationFailed, account + ": the passphrase for " + file + " is wrong");
            }
            rc = ssh_userauth_publickey(session, nullptr, key.get());
            if (rc == SSH_AUTH_SUCCESS)
                return {};
            if (rc == SSH_AUTH_ERROR)
                return broken("public key authentication");
            tried.push_back("the key " + file);
        } else {
            const char *agent = std::getenv("SSH_AUTH_SOCK");
            if (agent && *agent) {
                rc = ssh_userauth_agent(session, nullptr);
                if (rc == SSH_AUTH_SUCCESS)
                    return {};
                if (rc == SSH_AUTH_ERROR && !ssh_is_connected(session))
                    return broken("agent authentication");
                tried.push_back("the agent's keys");
            }
            rc = ssh_userauth_publickey_auto(session, nullptr, nullptr);
            if (rc == SSH_AUTH_SUCCESS)
                return {};
            if (rc == SSH_AUTH_ERROR && !ssh_is_connected(session))
                return broken("public key authentication");
            tried.push_back("the default keys in ~/.ssh");
        }
    }
    if ((offered & SSH_AUTH_METHOD_PASSWORD) && options.askCredential) {
        if (auto password = options.askCredential({CredentialRequest::Kind::Password, account})) {
            rc = ssh_userauth_password(session, nullptr, password->reveal().c_str());
            if (rc == SSH_AUTH_SUCCESS)
                return {};
            if (rc == SSH_AUTH_ERROR)
                return broken("password authentication");
            tried.push_back("a password");
        } else {
            tried.push_back("no password (declined)");
        }
    }
    std::string methods;
    for (const auto &[bit, name] : {std::pair{SSH_AUTH_METHOD_PUBLICKEY, "publickey"}, std::pair{SSH_AUTH_METHOD_PASSWORD, "password"},
                                    std::pair{SSH_AUTH_METHOD_INTERACTIVE, "keyboard-interactive"}})
        if (offered & bit)
            methods += (methods.empty() ? "" : ", ") + std::string(name);
    std::string attempts;
    for (const auto &attempt : tried)
        attempts += (attempts.empty() ? "" : "; ") + attempt;
    return failure(FailureKind::AuthenticationFailed,
                   account + ": authentication failed (tried: " + (attempts.empty() ? "nothing usable" : attempts) +
                       "; the server accepts: " + (methods.empty() ? "nothing offered" : methods) + ")");
}

/**
 * A jump host's direct-tcpip channel pumped into one end of a socketpair; the target session speaks SSH
 * over the other end. The pump thread owns the jump session after construction (libssh is not thread-safe).
 */
class JumpTunnel {
public:
    JumpTunnel(Session jump, ssh_channel channel, UniqueFd local) : m_jump(std::move(jump)), m_channel(channel), m_local(std::move(local))
    {
        int wake[2];
        if (::pipe2(wake, O_CLOEXEC | O_NONBLOCK) == 0) {
            m_wakeRead.reset(wake[0]);
            m_wakeWrite.reset(wake[1]);
        }
        ::fcntl(m_local.get(), F_SETFL, ::fcntl(m_local.get(), F_GETFL) | O_NONBLOCK);
        m_thread = std::thread([this] { pump(); });
    }
    JumpTunnel(const JumpTunnel &) = delete;
    JumpTunnel &operator=(const JumpTunnel &) = delete;
    ~JumpTunnel()
    {
        const char byte = 0;
        [[maybe_unused]] const auto written = ::write(m_wakeWrite.get(), &byte, 1);
        if (m_thread.joinable())
            m_thread.join();
        // m_channel before m_jump (declaration order: destroyed in reverse)
    }

private:
    void pump()
    {
        std::string toLocal; // read from the channel, not yet taken by the target session
        bool localOpen = true;
        char buffer[32 * 1024];
        for (;;) {
            bool moreBuffered = false; // libssh may hold more than one read takes: no waiting then
            if (toLocal.size() < sizeof buffer) {
                const int n = ssh_channel_read_nonblocking(m_channel.get(), buffer, sizeof buffer, 0);
                if (n > 0)
                    toLocal.append(buffer, std::size_t(n));
                else if (n == SSH_ERROR || (n == SSH_EOF && toLocal.empty()))
                    break;
                moreBuffered = n == int(sizeof buffer);
            }
            if (!toLocal.empty()) {
                const auto sent = ::send(m_local.get(), toLocal.data(), toLocal.size(), MSG_NOSIGNAL);
                if (sent > 0)
                    toLocal.erase(0, std::size_t(sent));
                else if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                    break;
            }
            pollfd waiting[3] = {{m_wakeRead.get(), POLLIN, 0},
                                 {ssh_get_fd(m_jump.native()), POLLIN, 0},
                                 {m_local.get(), short((localOpen ? POLLIN : 0) | (toLocal.empty() ? 0 : POLLOUT)), 0}};
            if (::poll(waiting, 3, moreBuffered ? 0 : 50) < 0 && errno != EINTR)
                break;
            if (waiting[0].revents)
                break;
            if (localOpen && (waiting[2].revents & (POLLIN | POLLHUP | POLLERR))) {
                const auto n = ::recv(m_local.get(), buffer, sizeof buffer, 0);
                if (n > 0) {
                    if (ssh_channel_write(m_channel.get(), buffer, uint32_t(n)) == SSH_ERROR)
                        break;
                } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                    localOpen = false; // the target session closed its end
                    ssh_channel_send_eof(m_channel.get());
                    break;
                }
            }
        }
        ::shutdown(m_local.get(), SHUT_RDWR); // the target session sees the tunnel end
    }

    Session m_jump;
    ChannelHandle m_channel;
    UniqueFd m_local;
    UniqueFd m_wakeRead;
    UniqueFd m_wakeWrite;
    std::thread m_thread;
};

} // namespace

struct Session::State {
    Endpoint endpoint;
    HostKey hostKey;
    std::unique_ptr<JumpTunnel> jump; // destroyed after `session` (declared before it)
    SessionHandle session;
    int fd = -1; ///< the socket libssh speaks over (owned by libssh); shut down on a stop request
};

Session::Session(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Session::Session(Session &&) noexcept = default;
Session &Session::operator=(Session &&) noexcept = default;
Session::~Session() = default;

Result<Session> Session::connect(const ConnectOptions &options, std::stop_token stop)
{
    static std::once_flag initialised;
    std::call_once(initialised, [] { ssh_init(); });

    auto state = std::make_unique<State>();
    state->endpoint = options.endpoint;
    const Endpoint &endpoint = options.endpoint;
    const std::string user = endpoint.user.empty() ? localUserName() : endpoint.user;
    const auto knownHosts = options.knownHosts.empty() ? homeDirectory() / ".ssh" / "known_hosts" : options.knownHosts;

    UniqueFd socket;
    if (options.jump) {
        ConnectOptions jumpOptions = options;
        jumpOptions.endpoint = *options.jump;
        jumpOptions.jump.reset();
        auto jump = connect(jumpOptions, stop);
        if (!jump) {
            Failure failed = jump.error();
            failed.message = "jump host " + failed.message;
            return tl::unexpected(std::move(failed));
        }
        ChannelHandle channel(ssh_channel_new(jump->native()));
        if (!channel)
            return failure(FailureKind::Protocol, "jump host " + hostPort(*options.jump) + ": cannot open a channel");
        {
            const auto interrupt = shutdownOnStop(stop, jump->m_state->fd);
            if (ssh_channel_open_forward(channel.get(), endpoint.host.c_str(), endpoint.port, "127.0.0.1", 0) != SSH_OK) {
                Failure failed = libsshFailure(jump->native(), "jump host " + hostPort(*options.jump) + " to " + hostPort(endpoint), stop);
                if (failed.kind == FailureKind::Protocol)
                    failed.kind = FailureKind::Refused; // the jump host could not reach the target
                return tl::unexpected(std::move(failed));
            }
        }
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
            return failure(FailureKind::Local, std::string("socketpair: ") + std::strerror(errno));
        socket.reset(pair[0]);
        state->jump = std::make_unique<JumpTunnel>(std::move(*jump), channel.release(), UniqueFd(pair[1]));
    } else {
        auto connected = connectTcp(endpoint, options.connectTimeout, stop);
        if (!connected)
            return tl::unexpected(connected.error());
        socket = std::move(*connected);
    }

    state->session.reset(ssh_new());
    ssh_session session = state->session.get();
    if (!session)
        return failure(FailureKind::Local, "libssh could not create a session");
    const int on = 1;
    const int off = 0;
    const long timeoutSeconds = std::max<long>(1, long((options.connectTimeout.count() + 999) / 1000));
    const unsigned port = unsigned(endpoint.port);
    const std::string known = knownHosts.string();
    if (ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &off) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_HOST, endpoint.host.c_str()) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_PORT, &port) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_USER, user.c_str()) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_NODELAY, &on) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, known.c_str()) != SSH_OK ||
        ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeoutSeconds) != SSH_OK)
        return failure(FailureKind::Local, std::string("libssh refused an option: ") + ssh_get_error(session));
    state->fd = socket.get();
    const socket_t fd = socket.get();
    if (ssh_options_set(session, SSH_OPTIONS_FD, &fd) != SSH_OK)
        return failure(FailureKind::Local, std::string("libssh refused the socket: ") + ssh_get_error(session));
    socket.release(); // libssh closes it from now on

    const auto interrupt = shutdownOnStop(stop, state->fd);
    const auto started = Clock::now();
    if (ssh_connect(session) != SSH_OK) {
        Failure failed = libsshFailure(session, hostPort(endpoint), stop);
        if (failed.kind == FailureKind::Protocol && Clock::now() - started >= options.connectTimeout)
            failed.kind = FailureKind::Timeout;
        if (failed.kind == FailureKind::Timeout)
            failed.message = hostPort(endpoint) + ": the server did not complete the SSH handshake within " +
                             std::to_string(options.connectTimeout.count()) + " ms (connect timeout)";
        return tl::unexpected(std::move(failed));
    }
    if (auto checked = checkHostKey(session, options, knownHosts, state->hostKey); !checked)
        return tl::unexpected(checked.error());
    if (auto authenticated = authenticate(session, options, user, stop); !authenticated)
        return tl::unexpected(authenticated.error());
    if (stop.stop_requested())
        return failure(FailureKind::Cancelled, hostPort(endpoint) + ": cancelled");
    return Session(std::move(state));
}

Result<CommandResult> Session::run(const std::vector<std::string> &argv, const RunOptions &options, std::stop_token stop)
{
    ssh_session session = m_state->session.get();
    const std::string what = hostPort(m_state->endpoint) + ": " + (argv.empty() ? std::string("(no command)") : argv.front());
    if (argv.empty())
        return failure(FailureKind::Usage, what + ": nothing to run");
    const auto deadline = Clock::now() + options.timeout;
    const auto interrupt = shutdownOnStop(stop, m_state->fd);
    const auto broken = [&](const char *step) {
        Failure failed = libsshFailure(session, what + ": " + step, stop);
        if (failed.kind != FailureKind::Cancelled && Clock::now() >= deadline)
            failed = Failure{FailureKind::Timeout, what + ": no exit status within " + std::to_string(options.timeout.count()) + " ms", {}, -1};
        return tl::unexpected<Failure>(std::move(failed));
    };

    ChannelHandle channel(ssh_channel_new(session));
    if (!channel || ssh_channel_open_session(channel.get()) != SSH_OK)
        return broken("cannot open a channel");
    const std::string line = commandLine(argv);
    if (ssh_channel_request_exec(channel.get(), line.c_str()) != SSH_OK)
        return broken("the server refused to run the command");
    if (!options.input.empty() &&
        ssh_channel_write(channel.get(), options.input.data(), uint32_t(options.input.size())) == SSH_ERROR)
        return broken("cannot write the command's input");
    if (ssh_channel_send_eof(channel.get()) != SSH_OK)
        return broken("cannot close the command's input");

    CommandResult result;
    const auto keep = [&](const char *data, std::size_t size, bool isStderr) {
        auto &text = isStderr ? result.err : result.out;
        auto &truncated = isStderr ? result.errTruncated : result.outTruncated;
        const std::size_t room = options.outputLimit > text.size() ? options.outputLimit - text.size() : 0;
        text.append(data, std::min(room, size));
        if (size > room)
            truncated = true;
        if (options.onOutput)
            options.onOutput(std::string_view(data, size), isStderr);
    };
    char buffer[16 * 1024];
    for (;;) {
        if (stop.stop_requested())
            return failure(FailureKind::Cancelled, what + ": cancelled");
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) {
            ssh_channel_request_send_signal(channel.get(), "TERM"); // best effort; closing the channel follows
            channel.reset();
            return failure(FailureKind::Timeout, what + ": still running after " + std::to_string(options.timeout.count()) +
                                                     " ms (command timeout)");
        }
        bool received = false;
        for (const int isStderr : {1, 0}) {
            for (;;) {
                const int n = ssh_channel_read_nonblocking(channel.get(), buffer, sizeof buffer, isStderr);
                if (n == SSH_ERROR)
                    return broken("the connection broke while reading the output");
                if (n <= 0)
                    break;
                received = true;
                keep(buffer, std::size_t(n), isStderr != 0);
            }
        }
        if (!received && ssh_channel_is_eof(channel.get()))
            break;
        if (!received && ssh_channel_poll_timeout(channel.get(), int(std::min<long long>(left, 50)), 0) == SSH_ERROR)
            return broken("the connection broke while waiting for output");
    }
    result.exitStatus = ssh_channel_get_exit_status(channel.get());
    if (stop.stop_requested())
        return failure(FailureKind::Cancelled, what + ": cancelled");
    return result;
}

const Endpoint &Session::endpoint() const { return m_state->endpoint; }
const HostKey &Session::hostKey() const { return m_state->hostKey; }
std::string Session::serverBanner() const
{
    const char *banner = ssh_get_serverbanner(m_state->session.get());
    return banner ? banner : "";
}
ssh_session_struct *Session::native() const { return m_state->session.get(); }

} // namespace remote
