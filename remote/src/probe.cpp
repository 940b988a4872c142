// SPDX-License-Identifier: MIT
// The read-only probe: one constant shell script run on the host with every user value as a positional
// argument and the passwords on stdin, its output framed by a random marker, then held against a plan.
#include "remote/probe.h"

#include "planner/budget.h"

#include <nlohmann/json.hpp>

#include <sys/random.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <map>

namespace remote {
namespace {

using planner::Finding;
using planner::Severity;
using planner::SettingChange;

/** @brief Seconds each client on the host gets (via coreutils `timeout` where the host has it). */
constexpr int kClientTimeoutSeconds = 10;
/** @brief The whole probe's deadline. */
constexpr std::chrono::milliseconds kProbeDeadline{60'000};

/**
 * The probe. Constant text: the user's values arrive as positional parameters ($1 marker, $2 disk path,
 * $3..$7 PostgreSQL wanted/host/port/user/database, $8..$12 Redis wanted/host/port/user/db), the passwords
 * on stdin. Each section is framed on stdout and on stderr by the marker; every command reads /dev/null so
 * none can swallow the passwords. Clients get their password in the environment of their own subshell only.
 */
constexpr const char *kProbeScript = R"SH(m=$1
if command -v timeout >/dev/null 2>&1; then t="timeout 10"; else t=; fi
IFS= read -r pgpass || pgpass=
IFS= read -r redispass || redispass=
begin() { printf '%s begin %s\n' "$m" "$1"; printf '%s begin %s\n' "$m" "$1" >&2; }
end() { printf '\n%s end %s %s\n' "$m" "$1" "$2"; printf '\n%s end %s\n' "$m" "$1" >&2; }
run() { n=$1; shift; begin "$n"; "$@" </dev/null; r=$?; end "$n" "$r"; }
tool() { n=$1; c=$2; shift 2
  if command -v "$c" >/dev/null 2>&1; then run "$n" $t "$c" "$@"; else begin "$n"; end "$n" missing; fi; }
run hostname uname -n
run nproc nproc
run cpuinfo grep -m1 '^model name' /proc/cpuinfo
run meminfo grep -E '^(MemTotal|MemAvailable):' /proc/meminfo
run disk $t df -Pk -- "${2:-.}"
run os cat /etc/os-release
tool docker.version docker version --format '{{.Server.Version}}'
tool docker.swarm docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'
tool kubectl kubectl version --client
tool helm helm version --short
if [ "$3" = 1 ]; then (
  export PGHOST="$4" PGPORT="$5" PGUSER="$6" PGDATABASE="$7" PGCONNECT_TIMEOUT=5 PGAPPNAME=owui-planner-probe
  unset PGSERVICE PGSERVICEFILE PGOPTIONS
  if [ -n "$pgpass" ]; then export PGPASSWORD="$pgpass"; fi
  tool postgres psql -X -A -t -q -w -v ON_ERROR_STOP=1 -c "SELECT json_build_object(
    'version', current_setting('server_version'),
    'max_connections', current_setting('max_connections')::int,
    'superuser_reserved_connections', current_setting('superuser_reserved_connections')::int,
    'connections_in_use', (SELECT count(*) FROM pg_stat_activity
                           WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()),
    'clients', COALESCE((SELECT json_agg(json_build_object('client_addr', g.address, 'application_name', g.name,
                                                           'connections', g.connections))
                         FROM (SELECT COALESCE(host(client_addr), '') AS address, COALESCE(application_name, '') AS name,
                                      count(*) AS connections
                               FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
                               GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2) AS g), '[]'::json))"
) fi
if [ "$8" = 1 ]; then (
  if [ -n "$redispass" ]; then export REDISCLI_AUTH="$redispass"; fi
  if [ -n "${11}" ]; then set -- --no-auth-warning --raw -h "$9" -p "${10}" --user "${11}" -n "${12}"
  else set -- --no-auth-warning --raw -h "$9" -p "${10}" -n "${12}"; fi
  tool redis.maxclients redis-cli "$@" CONFIG GET maxclients
  tool redis.timeout redis-cli "$@" CONFIG GET timeout
  tool redis.policy redis-cli "$@" CONFIG GET maxmemory-policy
  tool redis.server redis-cli "$@" INFO server
  tool redis.clients redis-cli "$@" INFO clients
) fi
exit 0
)SH";

Failure usage(std::string message)
{
    return Failure{FailureKind::Usage, std::move(message), {}, -1};
}

std::string lowercase(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::optional<long long> parseInteger(std::string_view text)
{
    const auto t = trimmed(text);
    long long value = 0;
    const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || error != std::errc() || end != t.data() + t.size())
        return std::nullopt;
    return value;
}

std::optional<int> parseSmallInteger(std::string_view text)
{
    const auto v = parseInteger(text);
    if (!v || *v < 0 || *v > 1'000'000'000)
        return std::nullopt;
    return static_cast<int>(*v);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/** @brief RFC 3986 percent-decoding; nullopt for a broken escape or a decoded NUL. */
std::optional<std::string> percentDecoded(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size())
            return std::nullopt;
        const int high = hexValue(text[i + 1]);
        const int low = hexValue(text[i + 2]);
        if (high < 0 || low < 0 || (high == 0 && low == 0))
            return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

bool hasControl(std::string_view text)
{
    return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

/** @brief The pieces of `scheme://[user[:password]@]host[:port][/path][?query]`, still encoded. */
struct UrlParts {
    std::string scheme;
    std::optional<std::string> user;
    std::optional<std::string> password;
    std::string host;
    std::optional<std::string> port;
    std::string path; ///< after the first '/', without it
};

Result<UrlParts> splitUrl(std::string_view url, std::string_view kind)
{
    const std::string what(kind);
    if (hasControl(url))
        return tl::unexpected(usage(what + " URL: control characters are not allowed"));
    const auto schemeEnd = url.find("://");
    if (schemeEnd == std::string_view::npos || schemeEnd == 0)
        return tl::unexpected(usage(what + " URL: no scheme (expected " + (kind == "PostgreSQL" ? "postgresql://" : "redis://") +
                                    "...)"));
    UrlParts parts;
    parts.scheme = lowercase(url.substr(0, schemeEnd));
    auto rest = url.substr(schemeEnd + 3);
    rest = rest.substr(0, std::min(rest.find('?'), rest.find('#')));
    const auto slash = rest.find('/');
    auto authority = rest.substr(0, slash);
    if (slash != std::string_view::npos)
        parts.path = std::string(rest.substr(slash + 1));
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const auto userInfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        const auto colon = userInfo.find(':');
        parts.user = std::string(userInfo.substr(0, colon));
        if (colon != std::string_view::npos)
            parts.password = std::string(userInfo.substr(colon + 1));
    }
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return tl::unexpected(usage(what + " URL: host: an IPv6 address without its closing ']'"));
        parts.host = std::string(authority.substr(1, close - 1));
        const auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                return tl::unexpected(usage(what + " URL: host: text after the IPv6 address"));
            parts.port = std::string(after.substr(1));
        }
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        parts.host = std::string(authority.substr(0, colon));
        parts.port = std::string(authority.substr(colon + 1));
    } else {
        parts.host = std::string(authority);
    }
    return parts;
}

/** @brief A host name or address the clients take as one: letters, digits, '.', '-', '_', ':' and not starting with '-'. */
Result<std::string> checkedHost(const std::string &encoded, std::string_view kind)
{
    const std::string what(kind);
    const auto host = percentDecoded(encoded);
    if (!host)
        return tl::unexpected(usage(what + " URL: host: a broken %-escape"));
    if (host->empty())
        return tl::unexpected(usage(what + " URL: host: missing"));
    if (host->front() == '-' ||
        !std::all_of(host->begin(), host->end(), [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':'; }))
        return tl::unexpected(usage(what + " URL: host: only letters, digits, '.', '-', '_' and ':' (an IPv6 address in [...])"));
    return *host;
}

Result<int> checkedPort(const std::optional<std::string> &text, int fallback, std::string_view kind)
{
    if (!text)
        return fallback;
    const auto port = parseInteger(*text);
    if (!port || *port < 1 || *port > 65535)
        return tl::unexpected(usage(std::string(kind) + " URL: port: must be a number from 1 to 65535"));
    return static_cast<int>(*port);
}

/** @brief A percent-decoded user or database name: any text but control characters (it travels as one argument). */
Result<std::string> checkedName(const std::string &encoded, std::string_view kind, std::string_view part)
{
    const auto decoded = percentDecoded(encoded);
    if (!decoded)
        return tl::unexpected(usage(std::string(kind) + " URL: " + std::string(part) + ": a broken %-escape"));
    if (hasControl(*decoded))
        return tl::unexpected(usage(std::string(kind) + " URL: " + std::string(part) + ": control characters are not allowed"));
    return *decoded;
}

Result<Secret> checkedPassword(const std::optional<std::string> &encoded, std::string_view kind)
{
    if (!encoded)
        return Secret{};
    auto decoded = percentDecoded(*encoded);
    if (!decoded)
        return tl::unexpected(usage(std::string(kind) + " URL: password: a broken %-escape"));
    // The password is one line of the probe's stdin.
    if (decoded->find_first_of("\r\n") != std::string::npos)
        return tl::unexpected(usage(std::string(kind) + " URL: password: a line break is not allowed"));
    return Secret(std::move(*decoded));
}

// ---------------------------------------------------------------- output sections

/** @brief One framed section: what a command printed, its exit status ("missing" when not installed). */
struct Section {
    std::string out;
    std::string err;
    std::string status;
    [[nodiscard]] bool ok() const { return status == "0"; }
};

/**
 * @brief The text between the `MARKER begin NAME` line and the `MARKER end NAME [STATUS]` line; nullopt when the
 * frame is absent (output cut short). The script prints a line break before each end line, so the content is
 * exactly what the command printed.
 */
std::optional<std::string> framed(const std::string &stream, const std::string &marker, const std::string &name,
                                  std::string *status)
{
    const std::string text = "\n" + stream;
    const std::string begin = "\n" + marker + " begin " + name + "\n";
    const auto start = text.find(begin);
    if (start == std::string::npos)
        return std::nullopt;
    const auto contentStart = start + begin.size() - 1; // the begin line's own break is the end line's lead
    const std::string end = "\n" + marker + " end " + name;
    const auto stop = text.find(end, contentStart + 1);
    if (stop == std::string::npos)
        return std::nullopt;
    const auto lineStart = stop + end.size();
    const auto lineEnd = text.find('\n', lineStart);
    const auto rest = text.substr(lineStart, lineEnd == std::string::npos ? std::string::npos : lineEnd - lineStart);
    if (!rest.empty() && rest.front() != ' ')
        return std::nullopt;
    if (status)
        *status = trimmed(rest);
    return text.substr(contentStart + 1, stop - contentStart - 1);
}

std::map<std::string, Section> sectionsOf(const ProbeCommand &command, const CommandResult &result)
{
    static const char *const names[] = {"hostname", "nproc", "cpuinfo", "meminfo", "disk", "os", "docker.version", "docker.swarm",
                                        "kubectl", "helm", "postgres", "redis.maxclients", "redis.timeout", "redis.policy",
                                        "redis.server", "redis.clients"};
    std::map<std::string, Section> sections;
    for (const char *name : names) {
        Section section;
        const auto out = framed(result.out, command.marker, name, &section.status);
        if (!out)
            continue;
        section.out = *out;
        section.err = framed(result.err, command.marker, name, nullptr).value_or(std::string());
        sections.emplace(name, std::move(section));
    }
    return sections;
}

/** @brief Server text made safe for one line of a message: control characters become spaces, length bounded. */
std::string oneLine(std::string_view text, std::size_t limit = 300)
{
    std::string out;
    for (const unsigned char c : text) {
        if (out.size() >= limit) {
            out += "…";
            break;
        }
        out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
    }
    return trimmed(out);
}

std::string firstLine(std::string_view text)
{
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        auto line = trimmed(text.substr(start, end - start));
        if (!line.empty())
            return line;
        start = end + 1;
    }
    return {};
}

/** @brief Why a client's section gives no answer, in words; empty when it succeeded. */
std::string clientError(const Section *section, std::string_view client, const std::string &host)
{
    if (!section)
        return std::string(client) + " gave no answer (the probe's output was cut short)";
    if (section->status == "missing")
        return std::string(client) + " is not installed on " + host;
    if (section->status == "124")
        return std::string(client) + " did not answer within " + std::to_string(kClientTimeoutSeconds) + " s";
    if (section->ok())
        return {};
    auto line = oneLine(firstLine(section->err));
    if (line.empty())
        line = oneLine(firstLine(section->out));
    return line.empty() ? std::string(client) + " exited with status " + section->status : line;
}

void readHostFacts(const std::map<std::string, Section> &sections, HostFacts &facts)
{
    const auto get = [&](const char *name) -> const Section * {
        const auto it = sections.find(name);
        return it == sections.end() ? nullptr : &it->second;
    };
    if (const auto *s = get("nproc"); s && s->ok())
        if (const auto n = parseSmallInteger(s->out); n && *n > 0)
            facts.cpuCores = *n;
    if (const auto *s = get("cpuinfo"); s && s->ok())
        if (const auto colon = s->out.find(':'); colon != std::string::npos)
            facts.cpuModel = oneLine(s->out.substr(colon + 1));
    if (const auto *s = get("meminfo"); s && s->ok()) {
        std::size_t start = 0;
        while (start < s->out.size()) {
            auto end = s->out.find('\n', start);
            if (end == std::string::npos)
                end = s->out.size();
            const std::string line = s->out.substr(start, end - start);
            start = end + 1;
            const auto colon = line.find(':');
            if (colon == std::string::npos)
                continue;
            auto value = trimmed(line.substr(colon + 1));
            if (value.size() > 3 && value.compare(value.size() - 3, 3, " kB") == 0)
                value.resize(value.size() - 3);
            const auto kib = parseInteger(value);
            if (!kib || *kib < 0)
                continue;
            const auto bytes = static_cast<std::uint64_t>(*kib) * 1024u;
            if (line.compare(0, colon, "MemTotal") == 0)
                facts.memoryTotalBytes = bytes;
            else if (line.compare(0, colon, "MemAvailable") == 0)
                facts.memoryAvailableBytes = bytes;
        }
    }
    if (const auto *s = get("disk"); s && s->ok()) {
        // `df -P`: the data line ends "... blocks used available capacity% mountpoint"; the file system and the mount
        // point may hold spaces, so the figures are found as three numbers followed by a percentage.
        const auto newline = s->out.find('\n');
        const std::string data = newline == std::string::npos ? std::string() : s->out.substr(newline + 1);
        std::vector<std::string> words;
        std::size_t i = 0;
        while (i < data.size()) {
            while (i < data.size() && std::isspace(static_cast<unsigned char>(data[i])))
                ++i;
            const auto start = i;
            while (i < data.size() && !std::isspace(static_cast<unsigned char>(data[i])))
                ++i;
            if (i > start)
                words.push_back(data.substr(start, i - start));
        }
        for (std::size_t w = 0; w + 3 < words.size(); ++w) {
            const auto total = parseInteger(words[w]);
            const auto used = parseInteger(words[w + 1]);
            const auto available = parseInteger(words[w + 2]);
            if (total && used && available && words[w + 3].size() > 1 && words[w + 3].back() == '%' &&
                parseInteger(std::string_view(words[w + 3]).substr(0, words[w + 3].size() - 1))) {
                facts.diskTotalBytes = static_cast<std::uint64_t>(std::max(0LL, *total)) * 1024u;
                facts.diskFreeBytes = static_cast<std::uint64_t>(std::max(0LL, *available)) * 1024u;
                break;
            }
        }
    }
    if (const auto *s = get("os"); s && s->ok()) {
        const auto at = ("\n" + s->out).find("\nPRETTY_NAME=");
        if (at != std::string::npos) {
            const auto start = at + 12; // in s->out: at - 1 + 1 + 12
            const auto end = s->out.find('\n', start);
            auto value = trimmed(s->out.substr(start, end == std::string::npos ? std::string::npos : end - start));
            if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
                value = value.substr(1, value.size() - 2);
            facts.operatingSystem = oneLine(value);
        }
    }
    if (const auto *s = get("docker.version"); s && s->status != "missing") {
        if (s->ok() && !trimmed(s->out).empty())
            facts.dockerVersion = oneLine(trimmed(s->out), 80);
        else
            facts.dockerError = oneLine(firstLine(s->err.empty() ? s->out : s->err));
    } else if (s) {
        facts.dockerError = "docker is not installed";
    }
    if (const auto *s = get("docker.swarm"); s && s->ok() && facts.dockerVersion) {
        const auto words = trimmed(s->out);
        const auto space = words.find(' ');
        const auto state = words.substr(0, space);
        if (!state.empty())
            facts.swarmState = oneLine(state, 40);
        facts.swarmManager = space != std::string::npos && trimmed(words.substr(space + 1)) == "true";
    }
    if (const auto *s = get("kubectl"); s && s->status != "missing") {
        // "Client Version: v1.29.0" (kubectl ≥ 1.28), or the older `version.Info{... GitVersion:"v1.20.0" ...}`.
        const auto &out = s->out;
        std::string version;
        if (const auto git = out.find("GitVersion:\""); git != std::string::npos) {
            const auto start = git + 12;
            version = out.substr(start, out.find('"', start) - start);
        } else if (const auto client = out.find("Client Version:"); client != std::string::npos) {
            const auto start = client + 15;
            version = trimmed(out.substr(start, out.find('\n', start) - start));
        }
        if (s->ok() || !version.empty())
            facts.kubectlVersion = oneLine(version.empty() ? firstLine(out) : version, 80);
    }
    if (const auto *s = get("helm"); s && s->status != "missing" && s->ok())
        facts.helmVersion = oneLine(firstLine(s->out), 80);
}

PostgresFacts readPostgres(const Section *section, const std::string &host)
{
    PostgresFacts facts;
    facts.error = clientError(section, "psql", host);
    if (!facts.error.empty())
        return facts;
    const auto answer = nlohmann::json::parse(trimmed(section->out), nullptr, false);
    if (answer.is_discarded() || !answer.is_object()) {
        facts.error = "psql printed no readable answer";
        return facts;
    }
    const auto integer = [](const nlohmann::json &value) -> std::optional<int> {
        if (value.is_number_integer() && value.get<long long>() >= 0 && value.get<long long>() <= 1'000'000'000)
            return static_cast<int>(value.get<long long>());
        return std::nullopt;
    };
    if (const auto it = answer.find("version"); it != answer.end() && it->is_string())
        facts.version = oneLine(it->get<std::string>(), 80);
    if (const auto it = answer.find("max_connections"); it != answer.end())
        facts.maxConnections = integer(*it);
    if (const auto it = answer.find("superuser_reserved_connections"); it != answer.end())
        facts.superuserReservedConnections = integer(*it);
    if (const auto it = answer.find("connections_in_use"); it != answer.end())
        facts.connectionsInUse = integer(*it);
    if (const auto it = answer.find("clients"); it != answer.end() && it->is_array()) {
        for (const auto &group : *it) {
            if (!group.is_object())
                continue;
            PostgresClientGroup client;
            if (const auto a = group.find("client_addr"); a != group.end() && a->is_string())
                client.clientAddress = a->get<std::string>();
            if (const auto n = group.find("application_name"); n != group.end() && n->is_string())
                client.applicationName = n->get<std::string>();
            if (const auto c = group.find("connections"); c != group.end())
                client.connections = integer(*c).value_or(0);
            facts.clients.push_back(std::move(client));
        }
    }
    if (!facts.maxConnections)
        facts.error = "psql's answer held no max_connections";
    return facts;
}

/** @brief `CONFIG GET name` in --raw form: "name\nvalue\n". */
std::optional<std::string> configValue(const Section &section, std::string_view name)
{
    const auto lines = "\n" + section.out;
    const auto at = lines.find("\n" + std::string(name) + "\n");
    if (at == std::string::npos)
        return std::nullopt;
    const auto start = at + name.size() + 2 - 1;
    const auto end = section.out.find('\n', start);
    return trimmed(section.out.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

/** @brief `INFO` lines "field:value\r\n". */
std::optional<std::string> infoValue(const Section &section, std::string_view field)
{
    const auto text = "\n" + section.out;
    const auto at = text.find("\n" + std::string(field) + ":");
    if (at == std::string::npos)
        return std::nullopt;
    const auto start = at + field.size() + 2;
    const auto end = text.find('\n', start);
    return trimmed(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

/**
 * @brief An error reply redis-cli printed while exiting 0: in --raw mode an error reply ("ERR ...", "NOAUTH ...",
 * "WRONGPASS ...") is an upper-case word at the start of the only line; a refused AUTH is said on stderr.
 */
std::string redisReplyError(const Section &section)
{
    const auto line = firstLine(section.out);
    static const char *const prefixes[] = {"ERR", "NOAUTH", "WRONGPASS", "NOPERM", "LOADING", "MASTERDOWN", "BUSY", "MISCONF"};
    for (const char *prefix : prefixes)
        if (line.rfind(prefix, 0) == 0 && (line.size() == std::char_traits<char>::length(prefix) || line[std::char_traits<char>::length(prefix)] == ' '))
            return oneLine(line);
    // A refused AUTH is only a warning to redis-cli: it goes on as the default user, exit 0 ("AUTH failed: WRONGPASS ...").
    if (const auto at = ("\n" + section.err).find("\nAUTH failed"); at != std::string::npos)
        return oneLine(firstLine(section.err.substr(at)));
    return {};
}

RedisFacts readRedis(const std::map<std::string, Section> &sections, const std::string &host)
{
    RedisFacts facts;
    const auto get = [&](const char *name) -> const Section * {
        const auto it = sections.find(name);
        return it == sections.end() ? nullptr : &it->second;
    };
    for (const char *name : {"redis.maxclients", "redis.timeout", "redis.policy", "redis.server", "redis.clients"}) {
        const auto *section = get(name);
        auto error = clientError(section, "redis-cli", host);
        if (error.empty())
            error = redisReplyError(*section);
        if (!error.empty()) {
            facts.error = error;
            return facts;
        }
    }
    if (const auto v = configValue(*get("redis.maxclients"), "maxclients"))
        facts.maxClients = parseSmallInteger(*v);
    if (const auto v = configValue(*get("redis.timeout"), "timeout"))
        facts.timeoutSeconds = parseSmallInteger(*v);
    if (const auto v = configValue(*get("redis.policy"), "maxmemory-policy"))
        facts.maxmemoryPolicy = oneLine(*v, 40);
    if (const auto v = infoValue(*get("redis.server"), "redis_version"))
        facts.version = oneLine(*v, 40);
    if (const auto v = infoValue(*get("redis.clients"), "connected_clients"))
        facts.connectedClients = parseSmallInteger(*v);
    if (!facts.maxClients)
        facts.error = "Redis did not tell its maxclients (CONFIG GET may be disabled on this server)";
    return facts;
}

Result<std::string> randomMarker()
{
    unsigned char bytes[16];
    std::size_t filled = 0;
    while (filled < sizeof bytes) {
        const auto got = ::getrandom(bytes + filled, sizeof bytes - filled, 0);
        if (got < 0)
            return failure(FailureKind::Local, "no random bytes for the probe's marker");
        filled += static_cast<std::size_t>(got);
    }
    std::string marker = "owui-probe-";
    static const char digits[] = "0123456789abcdef";
    for (const unsigned char b : bytes) {
        marker += digits[b >> 4];
        marker += digits[b & 15];
    }
    return marker;
}

// ---------------------------------------------------------------- against the plan

std::string str(long long value)
{
    return std::to_string(value);
}

SettingChange change(std::string pointer, long long value)
{
    return {std::move(pointer), std::to_string(value)};
}

SettingChange change(std::string pointer, const std::string &value)
{
    return {std::move(pointer), nlohmann::json(value).dump()};
}

/** @brief Words that name Open WebUI in an application_name (it sets none by default; operators often add one). */
bool namesOpenWebUI(const std::string &applicationName)
{
    const auto name = lowercase(applicationName);
    return name.find("open-webui") != std::string::npos || name.find("open_webui") != std::string::npos ||
           name.find("openwebui") != std::string::npos;
}

/**
 * @brief Whether a pg_stat_activity group is Open WebUI's: its application_name names Open WebUI, or it is a TCP
 * client that sets no application_name at all (SQLAlchemy with psycopg2, as Open WebUI connects, sets none; psql,
 * pgAdmin, DBeaver and poolers name themselves).
 */
bool isOpenWebUIGroup(const PostgresClientGroup &group)
{
    return namesOpenWebUI(group.applicationName) || (group.applicationName.empty() && !group.clientAddress.empty());
}

int otherPostgresConnections(const PostgresFacts &facts)
{
    int openWebUI = 0;
    for (const auto &group : facts.clients)
        if (isOpenWebUIGroup(group))
            openWebUI += group.connections;
    return std::max(0, facts.connectionsInUse.value_or(0) - openWebUI);
}

/** @brief Connected Redis clients but the probe's own redis-cli. */
std::optional<int> otherRedisClients(const RedisFacts &facts)
{
    if (!facts.connectedClients)
        return std::nullopt;
    return std::max(0, *facts.connectedClients - 1);
}

Finding finding(std::string rule, Severity severity, std::string message, std::string fix, std::vector<SettingChange> changes = {})
{
    return Finding{std::move(rule), severity, std::move(message), std::move(fix), "owui-planner probe (read from the host)",
                   std::move(changes)};
}

std::string gib(std::uint64_t bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
    return text;
}

/** @brief Memory an Open WebUI process holds at rest (the image's local embedding model loaded: about 1 GiB). */
constexpr std::uint64_t kMemoryPerProcess = 1ull << 30;

void holdPostgres(const ProbeReport &report, const planner::Plan &plan, std::vector<Finding> &findings)
{
    if (!report.postgres || plan.database.kind != planner::DatabaseKind::Postgres)
        return;
    const auto &pg = *report.postgres;
    const auto &db = plan.database;
    if (!pg.error.empty()) {
        findings.push_back(finding("probe-postgres-unreached", Severity::Warning,
                                   "PostgreSQL was not probed from " + report.host + ": " + pg.error + ".",
                                   "Check the --postgres URL and that psql is installed on the host, then probe again."));
        return;
    }
    planner::Plan observed = plan;
    observed.database.maxConnections = pg.maxConnections.value_or(db.maxConnections);
    observed.database.superuserReservedConnections = pg.superuserReservedConnections.value_or(db.superuserReservedConnections);
    observed.database.otherClientConnections = std::max(db.otherClientConnections, otherPostgresConnections(pg));
    const auto budget = planner::connectionBudget(observed);

    if (pg.maxConnections && *pg.maxConnections != db.maxConnections) {
        const auto need = budget.unbounded ? std::string("an unbounded number (a NullPool)") : str(budget.worstCaseConnections);
        if (budget.applicable && (!budget.worstCaseFits || budget.unbounded))
            findings.push_back(finding(
                "probe-max-connections", Severity::Error,
                "PostgreSQL allows " + str(*pg.maxConnections) + " connections (" + str(budget.availableConnections) +
                    " for Open WebUI after " + str(budget.reservedConnections) + " reserved and " +
                    str(budget.otherClientConnections) + " held by other clients); the plan assumes max_connections " +
                    str(db.maxConnections) + " and needs " + need + " at worst.",
                (budget.smallestMaxConnectionsWorstCase ? "Raise max_connections on the server to at least " +
                                                              str(*budget.smallestMaxConnectionsWorstCase) + ", or take"
                                                        : std::string("Take")) +
                    " the server's " + str(*pg.maxConnections) + " into the plan and size the pools as `check` then says.",
                {change("/database/max_connections", *pg.maxConnections)}));
        else
            findings.push_back(finding("probe-max-connections-differs", Severity::Info,
                                       "PostgreSQL allows " + str(*pg.maxConnections) + " connections; the plan assumes " +
                                           str(db.maxConnections) + " (the plan still fits).",
                                       "Take the server's figure into the plan.",
                                       {change("/database/max_connections", *pg.maxConnections)}));
    }
    if (pg.superuserReservedConnections && *pg.superuserReservedConnections != db.superuserReservedConnections &&
        *pg.superuserReservedConnections < observed.database.maxConnections)
        findings.push_back(finding("probe-superuser-reserved", Severity::Warning,
                                   "PostgreSQL reserves " + str(*pg.superuserReservedConnections) +
                                       " connections for superusers; the plan assumes " + str(db.superuserReservedConnections) + ".",
                                   "Take the server's figure into the plan.",
                                   {change("/database/superuser_reserved_connections", *pg.superuserReservedConnections)}));
    const int others = otherPostgresConnections(pg);
    if (others > db.otherClientConnections)
        findings.push_back(finding("probe-other-postgres-clients", Severity::Warning,
                                   str(others) + " connections to PostgreSQL are held by clients other than Open WebUI now; the plan "
                                                 "counts " + str(db.otherClientConnections) + ".",
                                   "Count them in the plan (other client connections), or stop those clients.",
                                   {change("/database/other_client_connections", others)}));
    // The live check of the budget model: each address is one container running `workers` processes.
    const auto planned = planner::connectionBudget(plan);
    if (planned.applicable && !planned.mainPoolUnbounded && planned.worstPerProcess > 0) {
        const long long perContainer = planned.worstPerProcess * std::max(1, plan.workers);
        for (const auto &group : pg.clients) {
            if (!isOpenWebUIGroup(group) || group.connections <= perContainer)
                continue;
            findings.push_back(finding(
                "probe-connections-per-client", Severity::Warning,
                "The Open WebUI client at " + (group.clientAddress.empty() ? std::string("a local socket") : group.clientAddress) +
                    (group.applicationName.empty() ? std::string() : " (" + oneLine(group.applicationName, 80) + ")") + " holds " +
                    str(group.connections) + " connections; the plan allows " + str(planned.worstPerProcess) + " per process × " +
                    str(plan.workers) + " workers = " + str(perContainer) + ".",
                "Check DATABASE_POOL_SIZE and DATABASE_POOL_MAX_OVERFLOW in the running deployment against the plan, and "
                "whether several containers share that address."));
        }
    }
}

void holdRedis(const ProbeReport &report, const planner::Plan &plan, std::vector<Finding> &findings)
{
    if (!report.redis || !plan.hasRedis())
        return;
    const auto &redis = *report.redis;
    const auto &planned = plan.redis;
    if (!redis.error.empty()) {
        findings.push_back(finding("probe-redis-unreached", Severity::Warning, "Redis was not probed from " + report.host + ": " + redis.error + ".",
                                   "Check the --redis URL and that redis-cli is installed on the host, then probe again."));
        return;
    }
    const auto others = otherRedisClients(redis);
    if (redis.maxClients && *redis.maxClients != planned.maxClients) {
        planner::Plan observed = plan;
        observed.redis.maxClients = *redis.maxClients;
        observed.redis.otherClients = std::max(planned.otherClients, others.value_or(0));
        const auto budget = planner::redisBudget(observed);
        if (budget.applicable && !budget.fits)
            findings.push_back(finding("probe-redis-maxclients", Severity::Error,
                                       "Redis allows " + str(*redis.maxClients) + " clients; the plan assumes maxclients " +
                                           str(planned.maxClients) + " and needs " + str(budget.totalClients) + " at the peak.",
                                       "Raise maxclients on the server to at least " + str(budget.totalClients) +
                                           ", or take the server's figure into the plan and run fewer processes.",
                                       {change("/redis/maxclients", *redis.maxClients)}));
        else
            findings.push_back(finding("probe-redis-maxclients-differs", Severity::Info,
                                       "Redis allows " + str(*redis.maxClients) + " clients; the plan assumes " + str(planned.maxClients) +
                                           " (the plan still fits).",
                                       "Take the server's figure into the plan.", {change("/redis/maxclients", *redis.maxClients)}));
    }
    if (!redis.maxmemoryPolicy.empty() && redis.maxmemoryPolicy != planned.maxmemoryPolicy) {
        const bool evicts = redis.maxmemoryPolicy != "noeviction";
        findings.push_back(finding(evicts ? "probe-redis-evicts" : "probe-redis-policy-differs", evicts ? Severity::Error : Severity::Info,
                                   evicts ? "Redis evicts keys (maxmemory-policy " + redis.maxmemoryPolicy +
                                                "): sessions, locks and token revocations can vanish; the plan assumes " +
                                                planned.maxmemoryPolicy + "."
                                          : "Redis never evicts keys (noeviction); the plan assumes " + planned.maxmemoryPolicy + ".",
                                   evicts ? "Set maxmemory-policy noeviction on the server (CONFIG SET and redis.conf), or take the "
                                            "server's policy into the plan so `check` weighs it."
                                          : "Take the server's policy into the plan.",
                                   {change("/redis/maxmemory_policy", redis.maxmemoryPolicy)}));
    }
    if (redis.timeoutSeconds && *redis.timeoutSeconds != planned.timeoutSeconds)
        findings.push_back(finding("probe-redis-timeout", Severity::Warning,
                                   *redis.timeoutSeconds == 0
                                       ? "Redis never closes idle clients (timeout 0); the plan assumes timeout " +
                                             str(planned.timeoutSeconds) + "."
                                       : "Redis closes clients idle for " + str(*redis.timeoutSeconds) +
                                             " s; the plan assumes timeout " + str(planned.timeoutSeconds) + ".",
                                   "Take the server's figure into the plan, or set the planned timeout on the server.",
                                   {change("/redis/timeout", *redis.timeoutSeconds)}));
    if (others && *others > planned.otherClients) {
        findings.push_back(finding("probe-redis-other-clients", Severity::Warning,
                                   str(*others) + " clients are connected to Redis now (the probe's own left out; Open WebUI's "
                                                  "included if it already runs); the plan counts " +
                                       str(planned.otherClients) + " other clients.",
                                   "Count the clients that are not this deployment's in the plan (other clients).",
                                   {change("/redis/other_clients", *others)}));
    }
}

void holdMachine(const ProbeReport &report, const planner::Plan &plan, std::vector<Finding> &findings)
{
    const auto &m = report.machine;
    const auto dockerWhy = m.dockerError.empty() ? std::string() : " (" + m.dockerError + ")";
    const auto noEngine = [&](const std::string &deploysWith, const std::string &fix) {
        findings.push_back(finding("probe-orchestrator-tools", Severity::Error,
                                   "The plan deploys " + deploysWith + ", but " + report.host + " has no Docker engine that answers" +
                                       dockerWhy + ".",
                                   fix));
    };
    switch (plan.orchestrator) {
    case planner::Orchestrator::Compose:
        if (!m.dockerVersion)
            noEngine("with Docker Compose", "Install Docker Engine with the compose plugin on the host, or probe the host that will run it.");
        break;
    case planner::Orchestrator::Swarm:
        if (!m.dockerVersion)
            noEngine("to Docker Swarm", "Install Docker Engine on the host and `docker swarm init`, or probe a manager.");
        else if (m.swarmState.value_or("") != "active" || !m.swarmManager)
            findings.push_back(finding("probe-orchestrator-tools", Severity::Error,
                                       "The plan deploys to Docker Swarm, but " + report.host + " is not an active Swarm manager (state " +
                                           m.swarmState.value_or("unknown") + (m.swarmManager ? ", manager" : ", not a manager") + ").",
                                       "Run `docker swarm init` there, or probe a manager node."));
        break;
    case planner::Orchestrator::Kubernetes:
        if (!m.kubectlVersion || !m.helmVersion)
            findings.push_back(finding("probe-orchestrator-tools", Severity::Error,
                                       "The plan deploys to Kubernetes with Helm, but " + report.host + " lacks " +
                                           (!m.kubectlVersion && !m.helmVersion ? std::string("kubectl and helm")
                                            : !m.kubectlVersion                ? std::string("kubectl")
                                                                               : std::string("helm")) +
                                           ".",
                                       "Install kubectl and helm on the host you deliver to, or deliver to one that has them."));
        break;
    }
    // Only Compose runs every process on this host; Swarm and Kubernetes spread them over nodes.
    if (plan.orchestrator != planner::Orchestrator::Compose)
        return;
    const long long processes = plan.processes();
    if (m.cpuCores && *m.cpuCores * 4 < processes)
        findings.push_back(finding("probe-host-cores", Severity::Warning,
                                   report.host + " has " + str(*m.cpuCores) + " CPU cores for " + str(processes) +
                                       " Open WebUI processes (replicas × workers).",
                                   "Run fewer workers or replicas on this host, or a larger host."));
    if (m.memoryTotalBytes && *m.memoryTotalBytes < static_cast<std::uint64_t>(processes) * kMemoryPerProcess / 2)
        findings.push_back(finding("probe-host-memory", Severity::Warning,
                                   report.host + " has " + gib(*m.memoryTotalBytes) + " of memory for " + str(processes) +
                                       " Open WebUI processes; each holds about 1 GiB with the local embedding model.",
                                   "Run fewer processes on this host, use an external embedding engine, or a larger host."));
}

/** @brief What a server URL gives any server: host, port, user and password, checked; `Target` has those four fields. */
template <typename Target>
Result<void> readServerAddress(const UrlParts &parts, int defaultPort, std::string_view kind, Target &target)
{
    auto host = checkedHost(parts.host, kind);
    if (!host)
        return tl::unexpected(host.error());
    target.host = *host;
    auto port = checkedPort(parts.port, defaultPort, kind);
    if (!port)
        return tl::unexpected(port.error());
    target.port = *port;
    if (parts.user && !parts.user->empty()) {
        auto user = checkedName(*parts.user, kind, "user");
        if (!user)
            return tl::unexpected(user.error());
        target.user = *user;
    }
    auto password = checkedPassword(parts.password, kind);
    if (!password)
        return tl::unexpected(password.error());
    target.password = std::move(*password);
    return {};
}

} // namespace

Result<PostgresTarget> parsePostgresUrl(std::string_view url)
{
    auto parts = splitUrl(url, "PostgreSQL");
    if (!parts)
        return tl::unexpected(parts.error());
    const auto &scheme = parts->scheme;
    const bool known = scheme == "postgresql" || scheme == "postgres" ||
                       (scheme.rfind("postgresql+", 0) == 0 && scheme.size() > 11 &&
                        std::all_of(scheme.begin() + 11, scheme.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; }));
    if (!known)
        return tl::unexpected(usage("PostgreSQL URL: scheme: \"" + oneLine(scheme, 40) + "\" is not postgresql:// or postgres://"));
    PostgresTarget target;
    if (auto address = readServerAddress(*parts, 5432, "PostgreSQL", target); !address)
        return tl::unexpected(address.error());
    if (!parts->path.empty()) {
        auto database = checkedName(parts->path, "PostgreSQL", "database");
        if (!database)
            return tl::unexpected(database.error());
        target.database = *database;
    }
    return target;
}

Result<RedisTarget> parseRedisUrl(std::string_view url)
{
    auto parts = splitUrl(url, "Redis");
    if (!parts)
        return tl::unexpected(parts.error());
    if (parts->scheme == "rediss")
        return tl::unexpected(usage("Redis URL: scheme: rediss:// (TLS) is not supported: the probe's redis-cli speaks plain redis:// only"));
    if (parts->scheme != "redis")
        return tl::unexpected(usage("Redis URL: scheme: \"" + oneLine(parts->scheme, 40) + "\" is not redis://"));
    RedisTarget target;
    if (auto address = readServerAddress(*parts, 6379, "Redis", target); !address)
        return tl::unexpected(address.error());
    if (!parts->path.empty()) {
        const auto database = parseInteger(parts->path);
        if (!database || *database < 0 || *database > 1'000'000)
            return tl::unexpected(usage("Redis URL: database: must be a number (the /N after the address)"));
        target.database = static_cast<int>(*database);
    }
    return target;
}

Result<ProbeCommand> probeCommand(const ProbeRequest &request)
{
    if (request.diskPath.find_first_of(std::string("\0\n", 2)) != std::string::npos)
        return tl::unexpected(usage("disk path: NUL and line breaks are not allowed"));
    auto marker = randomMarker();
    if (!marker)
        return tl::unexpected(marker.error());
    ProbeCommand command;
    command.marker = *marker;
    const auto &pg = request.postgres;
    const auto &redis = request.redis;
    command.argv = {"sh",
                    "-c",
                    kProbeScript,
                    "owui-probe",
                    command.marker,
                    request.diskPath,
                    pg ? "1" : "0",
                    pg ? pg->host : "",
                    pg ? std::to_string(pg->port) : "",
                    pg ? pg->user : "",
                    pg ? pg->database : "",
                    redis ? "1" : "0",
                    redis ? redis->host : "",
                    redis ? std::to_string(redis->port) : "",
                    redis ? redis->user : "",
                    redis ? std::to_string(redis->database) : ""};
    command.input = (pg ? pg->password.reveal() : std::string()) + "\n" + (redis ? redis->password.reveal() : std::string()) + "\n";
    return command;
}

Result<ProbeReport> parseProbeOutput(const ProbeCommand &command, const CommandResult &result)
{
    const auto sections = sectionsOf(command, result);
    if (!sections.count("hostname") && !sections.count("nproc"))
        return failure(FailureKind::Command, "the probe printed nothing it could read (exit status " + std::to_string(result.exitStatus) +
                                                 (result.err.empty() ? std::string() : ": " + oneLine(firstLine(result.err))) + ")");
    ProbeReport report;
    if (const auto it = sections.find("hostname"); it != sections.end() && it->second.ok())
        report.host = oneLine(firstLine(it->second.out), 120);
    const std::string host = report.host.empty() ? std::string("the host") : report.host;
    readHostFacts(sections, report.machine);
    // The disk path is echoed from the request's argument, not from the output.
    const auto &argv = command.argv;
    if (argv.size() > 5)
        report.machine.diskPath = argv[5].empty() ? std::string("~") : argv[5];
    if (argv.size() > 6 && argv[6] == "1") {
        const auto it = sections.find("postgres");
        report.postgres = readPostgres(it == sections.end() ? nullptr : &it->second, host);
    }
    if (argv.size() > 11 && argv[11] == "1")
        report.redis = readRedis(sections, host);
    return report;
}

Result<ProbeReport> probe(const CommandRunner &runner, const ProbeRequest &request)
{
    auto command = probeCommand(request);
    if (!command)
        return tl::unexpected(command.error());
    RunOptions options;
    options.timeout = kProbeDeadline;
    options.input = command->input;
    const auto result = runner(command->argv, options);
    if (!result)
        return tl::unexpected(result.error());
    return parseProbeOutput(*command, *result);
}

Result<ProbeReport> probe(Session &session, const ProbeRequest &request, std::stop_token stop)
{
    auto command = probeCommand(request);
    if (!command)
        return tl::unexpected(command.error());
    RunOptions options;
    options.timeout = kProbeDeadline;
    options.input = command->input;
    const auto result = session.run(command->argv, options, stop);
    if (!result)
        return tl::unexpected(result.error());
    auto report = parseProbeOutput(*command, *result);
    if (report)
        report->host = session.endpoint().display();
    return report;
}

std::vector<planner::Finding> holdAgainstPlan(const ProbeReport &report, const planner::Plan &plan)
{
    std::vector<Finding> findings;
    holdPostgres(report, plan, findings);
    holdRedis(report, plan, findings);
    holdMachine(report, plan, findings);
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding &a, const Finding &b) { return static_cast<int>(a.severity) > static_cast<int>(b.severity); });
    return findings;
}

std::vector<FactChange> factChanges(const ProbeReport &report, const planner::Plan &plan)
{
    std::vector<FactChange> changes;
    const auto add = [&](std::string label, long long observed, long long planned, const std::string &pointer) {
        if (observed != planned)
            changes.push_back({std::move(label), str(observed), str(planned), change(pointer, observed)});
    };
    if (report.postgres && report.postgres->error.empty()) {
        const auto &pg = *report.postgres;
        const auto &db = plan.database;
        if (pg.maxConnections)
            add("PostgreSQL max_connections", *pg.maxConnections, db.maxConnections, "/database/max_connections");
        if (pg.superuserReservedConnections)
            add("PostgreSQL superuser_reserved_connections", *pg.superuserReservedConnections, db.superuserReservedConnections,
                "/database/superuser_reserved_connections");
        const int others = otherPostgresConnections(pg);
        if (others > db.otherClientConnections)
            add("PostgreSQL connections held by other clients now", others, db.otherClientConnections, "/database/other_client_connections");
    }
    if (report.redis && report.redis->error.empty()) {
        const auto &redis = *report.redis;
        const auto &planned = plan.redis;
        if (redis.maxClients)
            add("Redis maxclients", *redis.maxClients, planned.maxClients, "/redis/maxclients");
        if (redis.timeoutSeconds)
            add("Redis timeout", *redis.timeoutSeconds, planned.timeoutSeconds, "/redis/timeout");
        if (!redis.maxmemoryPolicy.empty() && redis.maxmemoryPolicy != planned.maxmemoryPolicy)
            changes.push_back({"Redis maxmemory-policy", redis.maxmemoryPolicy, planned.maxmemoryPolicy,
                               change("/redis/maxmemory_policy", redis.maxmemoryPolicy)});
        if (const auto others = otherRedisClients(redis); others && *others > planned.otherClients)
            add("Redis clients connected now", *others, planned.otherClients, "/redis/other_clients");
    }
    return changes;
}

nlohmann::json probeToJson(const ProbeReport &report, const std::vector<planner::Finding> *findings)
{
    using json = nlohmann::json;
    const auto optional = [](const auto &value) { return value ? json(*value) : json(nullptr); };
    const auto &m = report.machine;
    json host = {{"name", report.host},
                 {"cpu_cores", optional(m.cpuCores)},
                 {"cpu_model", m.cpuModel},
                 {"memory_total_bytes", optional(m.memoryTotalBytes)},
                 {"memory_available_bytes", optional(m.memoryAvailableBytes)},
                 {"disk_path", m.diskPath},
                 {"disk_total_bytes", optional(m.diskTotalBytes)},
                 {"disk_free_bytes", optional(m.diskFreeBytes)},
                 {"os", m.operatingSystem},
                 {"docker", {{"server_version", optional(m.dockerVersion)},
                             {"error", m.dockerError},
                             {"swarm_state", optional(m.swarmState)},
                             {"swarm_manager", m.swarmManager}}},
                 {"kubectl", optional(m.kubectlVersion)},
                 {"helm", optional(m.helmVersion)}};
    json document = {{"host", host}};
    if (report.postgres) {
        const auto &pg = *report.postgres;
        json clients = json::array();
        for (const auto &group : pg.clients)
            clients.push_back({{"client_addr", group.clientAddress},
                               {"application_name", group.applicationName},
                               {"connections", group.connections},
                               {"open_webui", isOpenWebUIGroup(group)}});
        document["postgres"] = pg.error.empty() ? json{{"server_version", pg.version},
                                                       {"max_connections", optional(pg.maxConnections)},
                                                       {"superuser_reserved_connections", optional(pg.superuserReservedConnections)},
                                                       {"connections_in_use", optional(pg.connectionsInUse)},
                                                       {"clients", clients}}
                                                : json{{"error", pg.error}};
    }
    if (report.redis) {
        const auto &redis = *report.redis;
        document["redis"] = redis.error.empty() ? json{{"redis_version", redis.version},
                                                       {"maxclients", optional(redis.maxClients)},
                                                       {"timeout", optional(redis.timeoutSeconds)},
                                                       {"maxmemory-policy", redis.maxmemoryPolicy},
                                                       {"connected_clients", optional(redis.connectedClients)}}
                                                : json{{"error", redis.error}};
    }
    if (findings) {
        json list = json::array();
        for (const auto &f : *findings) {
            json changes = json::array();
            for (const auto &c : f.fixChanges)
                changes.push_back({{"pointer", c.pointer}, {"value", json::parse(c.value)}});
            list.push_back({{"rule", f.rule},
                            {"severity", planner::toString(f.severity)},
                            {"message", f.message},
                            {"fix", f.fix},
                            {"source", f.source},
                            {"fix_settings", changes}});
        }
        document["findings"] = list;
    }
    return document;
}

} // namespace remote
