// SPDX-License-Identifier: MIT
#include "planner/planfile.h"
#include "planner/boundedfile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <optional>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace planner {

using nlohmann::json;

namespace {

std::string escapePointerToken(const std::string &key)
{
    std::string out;
    for (char ch : key) {
        if (ch == '~')
            out += "~0";
        else if (ch == '/')
            out += "~1";
        else
            out += ch;
    }
    return out;
}

std::string joinNames(const std::vector<std::string_view> &names)
{
    std::string out;
    for (const auto &name : names)
        out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

/** @brief A field's own rule: why the (non-empty) text is refused, or nothing. */
using TextCheck = std::optional<std::string> (*)(const std::string &);

bool isControl(char ch)
{
    const auto byte = static_cast<unsigned char>(ch);
    return byte < 0x20 || byte == 0x7f;
}

bool isAsciiAlnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

bool isLowerAlnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

bool allOf(std::string_view text, bool (*allowed)(char))
{
    return std::all_of(text.begin(), text.end(), allowed);
}

std::vector<std::string_view> splitOn(std::string_view text, char separator)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t at = text.find(separator); at != std::string_view::npos; at = text.find(separator, start)) {
        parts.push_back(text.substr(start, at - start));
        start = at + 1;
    }
    parts.push_back(text.substr(start));
    return parts;
}

bool isIpv4(std::string_view text)
{
    const auto parts = splitOn(text, '.');
    return parts.size() == 4 && std::all_of(parts.begin(), parts.end(), [](std::string_view part) {
               return !part.empty() && part.size() <= 3 && std::all_of(part.begin(), part.end(), ::isdigit) &&
                      std::stoi(std::string(part)) <= 255;
           });
}

/**
 * @brief PostgreSQL user and database names: any text but control characters (refused everywhere), at most 63
 * bytes (NAMEDATALEN - 1: PostgreSQL would cut a longer one silently). Quotes, `$`, `@`, spaces and non-ASCII
 * are allowed: every target encodes them (percent-encoded in URLs, exec arrays in health checks).
 */
std::optional<std::string> checkPostgresName(const std::string &name)
{
    if (name.size() > 63)
        return "is longer than PostgreSQL's 63 bytes (it would be cut short)";
    return {};
}

/**
 * @brief A database name also must not read as a connection string: libpq tools (pg_isready -d, the postgres
 * image's psql --dbname) take a name with '=' or a postgres:// prefix as one, and would connect elsewhere.
 */
std::optional<std::string> checkDatabaseName(const std::string &name)
{
    if (auto tooLong = checkPostgresName(name))
        return tooLong;
    if (name.find('=') != std::string::npos || name.rfind("postgresql://", 0) == 0 || name.rfind("postgres://", 0) == 0)
        return "would be read as a connection string by libpq ('=' or a postgres:// prefix)";
    return {};
}

/** @brief One DNS label: letters, digits, '-' inside; '_' too (Docker service names), at most 63. */
bool isHostLabel(std::string_view label)
{
    return !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
           allOf(label, [](char ch) { return isAsciiAlnum(ch) || ch == '-' || ch == '_'; });
}

/** @brief A host: a DNS name (RFC 1123 labels, '_' allowed), an IPv4 address, or an IPv6 address in brackets. */
std::optional<std::string> checkHost(const std::string &host)
{
    if (host.front() == '[') {
        const bool ipv6 = host.size() > 3 && host.back() == ']' && host.find(':') != std::string::npos &&
                          allOf(std::string_view(host).substr(1, host.size() - 2),
                                [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)) || ch == ':' || ch == '.'; });
        return ipv6 ? std::nullopt : std::optional<std::string>("is not an IPv6 address in brackets ([2001:db8::1])");
    }
    const auto labels = splitOn(host, '.');
    if (host.size() > 253 || !std::all_of(labels.begin(), labels.end(), isHostLabel))
        return "is not a host name (letters, digits, '-' and '_' in dot-separated labels), an IPv4 address or a "
               "bracketed IPv6 address";
    return {};
}

/** @brief A Kubernetes object name (a Secret's): an RFC 1123 subdomain, at most 253 characters. */
std::optional<std::string> checkKubernetesName(const std::string &name)
{
    const auto labels = splitOn(name, '.');
    const bool ok = name.size() <= 253 && std::all_of(labels.begin(), labels.end(), [](std::string_view label) {
                        return !label.empty() && isLowerAlnum(label.front()) && isLowerAlnum(label.back()) &&
                               allOf(label, [](char ch) { return isLowerAlnum(ch) || ch == '-'; });
                    });
    if (!ok)
        return "is not a Kubernetes object name (RFC 1123 subdomain: lower-case letters, digits, '-' and '.', starting "
               "and ending with a letter or digit)";
    return {};
}

/** @brief Characters RFC 3986 allows in a URL: unreserved, reserved and '%' (no space, quote, '<', '>', '\', '^', '`', '{', '|', '}'). */
bool isUrlCharacter(char ch)
{
    return isAsciiAlnum(ch) || std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(ch) != std::string_view::npos;
}

/** @brief The host[:port] after "scheme://", up to the path; empty when the URL has none. */
std::string_view authorityOf(std::string_view url)
{
    const auto start = url.find("://");
    if (start == std::string_view::npos)
        return {};
    auto authority = url.substr(start + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (const auto at = authority.rfind('@'); at != std::string_view::npos)
        authority = authority.substr(at + 1);
    return authority;
}

/** @brief host[:port] with a valid host and a port of 1-65535. */
bool isHostAndPort(std::string_view authority)
{
    std::string_view host = authority;
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && (authority.front() != '[' || authority.rfind(']') < colon)) {
        const auto port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit) ||
            std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535)
            return false;
        host = authority.substr(0, colon);
    }
    return !host.empty() && !checkHost(std::string(host));
}

std::optional<std::string> checkUrlWithSchemes(const std::string &url, std::initializer_list<std::string_view> schemes)
{
    const bool knownScheme = std::any_of(schemes.begin(), schemes.end(), [&url](std::string_view scheme) {
        return url.rfind(std::string(scheme) + "://", 0) == 0;
    });
    if (!knownScheme || !allOf(url, isUrlCharacter) || !isHostAndPort(authorityOf(url)))
        return "is not a URL (" + joinNames(std::vector<std::string_view>(schemes)) +
               "://host[:port][/path], without spaces or quotes)";
    return {};
}

/** @brief A URL Open WebUI calls over HTTP: http(s)://host[:port][/path]. */
std::optional<std::string> checkHttpUrl(const std::string &url)
{
    return checkUrlWithSchemes(url, {"http", "https"});
}

/** @brief The vector database's URL: HTTP for the HTTP databases, PostgreSQL's scheme for pgvector. */
std::optional<std::string> checkVectorDbUrl(const std::string &url)
{
    return checkUrlWithSchemes(url, {"http", "https", "postgresql", "postgres"});
}

/** @brief A CORS origin as browsers send it: scheme://host[:port], no path; or '*'. */
std::optional<std::string> checkOrigin(const std::string &origin)
{
    if (origin == "*")
        return {};
    const auto schemeEnd = origin.find("://");
    const bool ok = schemeEnd != std::string::npos && !checkHttpUrl(origin) &&
                    origin.find_first_of("/?#", schemeEnd + 3) == std::string::npos && origin.find('@') == std::string::npos;
    if (!ok)
        return "is not an origin (http(s)://host[:port], no path) or '*'";
    return {};
}

/** @brief A Redis Sentinel master name: it is the host part of the Redis URL Open WebUI reads. */
std::optional<std::string> checkSentinelService(const std::string &name)
{
    if (!allOf(name, [](char ch) { return isAsciiAlnum(ch) || ch == '-' || ch == '_' || ch == '.'; }))
        return "is not a Sentinel master name Open WebUI can read from its Redis URL (letters, digits, '-', '_', '.')";
    return {};
}

/** @brief A cloud region (eu-west-1): it becomes part of the storage endpoint's host name. */
std::optional<std::string> checkRegion(const std::string &region)
{
    if (!allOf(region, [](char ch) { return isLowerAlnum(ch) || ch == '-'; }))
        return "is not a region name (lower-case letters, digits and '-')";
    return {};
}

/**
 * @brief The signing key goes into `.env` single-quoted and, through envsubst, into a double-quoted YAML string:
 * a quote or a backslash would not read back the same in Compose v1, v2, the shell and YAML, and docker-compose
 * v1 (python-dotenv) expands `${NAME}` even inside single quotes, with no escape.
 */
std::optional<std::string> checkEnvFileValue(const std::string &value)
{
    if (value.find_first_of("'\"\\") != std::string::npos)
        return "holds a quote or a backslash, which .env and the Kubernetes Secret template cannot carry unchanged";
    if (value.find("${") != std::string::npos)
        return "holds \"${\", which docker-compose v1 expands in .env even when quoted";
    return {};
}

/**
 * @brief A bucket name by the store's documented rules: S3 (3-63 lower-case letters, digits, '.', '-'; no IP
 * address, no "..", no xn-- prefix or -s3alias/--ol-s3 suffix), GCS (also '_'; dotted names up to 222 with
 * components of at most 63; no "goog" prefix, no "google"), Azure containers (3-63 lower-case letters, digits,
 * '-', no "--", starting with a letter or digit).
 */
std::optional<std::string> checkBucket(const std::string &bucket, StorageKind kind)
{
    const std::string_view name = bucket;
    const bool edges = isLowerAlnum(name.front()) && isLowerAlnum(name.back());
    switch (kind) {
    case StorageKind::S3:
        if (name.size() < 3 || name.size() > 63 || !edges || !allOf(name, [](char ch) { return isLowerAlnum(ch) || ch == '.' || ch == '-'; }) ||
            name.find("..") != std::string_view::npos || isIpv4(name) || name.rfind("xn--", 0) == 0 ||
            name.ends_with("-s3alias") || name.ends_with("--ol-s3"))
            return "is not an S3 bucket name (3-63 lower-case letters, digits, '.' and '-', starting and ending with a "
                   "letter or digit, not an IP address)";
        return {};
    case StorageKind::Gcs: {
        const auto components = splitOn(name, '.');
        if (name.size() < 3 || name.size() > 222 || !edges ||
            !allOf(name, [](char ch) { return isLowerAlnum(ch) || ch == '.' || ch == '-' || ch == '_'; }) ||
            std::any_of(components.begin(), components.end(), [](std::string_view c) { return c.empty() || c.size() > 63; }) ||
            (name.find('.') == std::string_view::npos && name.size() > 63) || isIpv4(name) || name.rfind("goog", 0) == 0 ||
            name.find("google") != std::string_view::npos)
            return "is not a GCS bucket name (3-63 lower-case letters, digits, '-', '_' and '.', starting and ending "
                   "with a letter or digit, no \"goog\" prefix)";
        return {};
    }
    case StorageKind::Azure:
        if (name.size() < 3 || name.size() > 63 || !edges || !allOf(name, [](char ch) { return isLowerAlnum(ch) || ch == '-'; }) ||
            name.find("--") != std::string_view::npos)
            return "is not an Azure container name (3-63 lower-case letters, digits and single '-', starting and "
                   "ending with a letter or digit)";
        return {};
    case StorageKind::LocalVolume:
    case StorageKind::SharedVolume:
        return {};
    }
    return {};
}

/**
 * @brief Reads one JSON object field by field.
 *
 * Remembers the keys it was asked for, so that `finish()` can name any key the
 * format does not know. Stops at the first error: a plan is either read whole
 * or not at all.
 */
class ObjectReader
{
public:
    ObjectReader(const json &object, std::string pointer, std::optional<Error> &error)
        : m_object(object), m_pointer(std::move(pointer)), m_error(error)
    {
        if (!m_object.is_object())
            setError(m_pointer, "must be an object");
    }

    [[nodiscard]] bool ok() const { return !m_error.has_value(); }
    [[nodiscard]] std::string pointerOf(const std::string &key) const { return m_pointer + "/" + escapePointerToken(key); }

    /** @brief The member, or nullptr when absent; marks the key as known. */
    const json *member(const std::string &key)
    {
        m_known.insert(key);
        if (!ok() || !m_object.is_object())
            return nullptr;
        const auto it = m_object.find(key);
        return it == m_object.end() ? nullptr : &*it;
    }

    void readInt(const std::string &key, int &out, long long min, long long max)
    {
        if (const json *v = member(key))
            toInt(*v, pointerOf(key), out, min, max);
    }

    void readOptionalInt(const std::string &key, std::optional<int> &out, long long min, long long max)
    {
        const json *v = member(key);
        if (!v)
            return;
        if (v->is_null()) {
            out.reset();
            return;
        }
        int value = 0;
        if (toInt(*v, pointerOf(key), value, min, max))
            out = value;
    }

    void readOptionalDouble(const std::string &key, std::optional<double> &out, double min, double max)
    {
        const json *v = member(key);
        if (!v || !ok())
            return;
        if (v->is_null()) {
            out.reset();
            return;
        }
        if (!v->is_number()) {
            setError(pointerOf(key), "must be a number or null, not " + std::string(v->type_name()));
            return;
        }
        const double value = v->get<double>();
        if (!(value >= min && value <= max)) {
            std::ostringstream range;
            range << "must be between " << min << " and " << max;
            setError(pointerOf(key), range.str());
            return;
        }
        out = value;
    }

    void readBool(const std::string &key, bool &out)
    {
        const json *v = member(key);
        if (!v || !ok())
            return;
        if (!v->is_boolean()) {
            setError(pointerOf(key), "must be true or false, not " + std::string(v->type_name()));
            return;
        }
        out = v->get<bool>();
    }

    void readString(const std::string &key, std::string &out, bool allowEmpty = true, TextCheck check = nullptr)
    {
        const json *v = member(key);
        if (!v || !ok())
            return;
        if (!v->is_string()) {
            setError(pointerOf(key), "must be a string, not " + std::string(v->type_name()));
            return;
        }
        auto value = v->get<std::string>();
        if (!allowEmpty && value.empty()) {
            setError(pointerOf(key), "must not be empty");
            return;
        }
        if (!checkText(pointerOf(key), value, check))
            return;
        out = std::move(value);
    }

    void readStringList(const std::string &key, std::vector<std::string> &out, TextCheck check = nullptr)
    {
        const json *v = member(key);
        if (!v || !ok())
            return;
        if (!v->is_array()) {
            setError(pointerOf(key), "must be an array of strings, not " + std::string(v->type_name()));
            return;
        }
        std::vector<std::string> values;
        for (std::size_t i = 0; i < v->size(); ++i) {
            const auto &item = (*v)[i];
            if (!item.is_string() || item.get<std::string>().empty()) {
                setError(pointerOf(key) + "/" + std::to_string(i), "must be a non-empty string");
                return;
            }
            if (!checkText(pointerOf(key) + "/" + std::to_string(i), item.get<std::string>(), check))
                return;
            values.push_back(item.get<std::string>());
        }
        out = std::move(values);
    }

    template <typename Enum>
    void readEnum(const std::string &key, Enum &out)
    {
        const json *v = member(key);
        if (!v || !ok())
            return;
        const auto names = enumNames<Enum>();
        if (!v->is_string()) {
            setError(pointerOf(key), "must be one of " + joinNames(names) + ", not " + std::string(v->type_name()));
            return;
        }
        const auto parsed = enumFromString<Enum>(v->get<std::string>());
        if (!parsed) {
            setError(pointerOf(key), "\"" + v->get<std::string>() + "\" is not one of " + joinNames(names));
            return;
        }
        out = *parsed;
    }

    /** @brief Names the first key that no read asked for. */
    void finish()
    {
        if (!ok() || !m_object.is_object())
            return;
        for (const auto &[key, value] : m_object.items()) {
            if (!m_known.count(key)) {
                setError(pointerOf(key), "unknown key \"" + key + "\"");
                return;
            }
        }
    }

    /** @brief Adds a note to an out-of-range error at `key`, e.g. what the lowest accepted value means. */
    void noteRange(const std::string &key, std::string_view note)
    {
        if (m_error && m_error->where == pointerOf(key) && m_error->message.rfind("must be between", 0) == 0)
            m_error->message += note;
    }

    void setError(const std::string &where, std::string message)
    {
        if (!m_error)
            m_error = Error{ErrorCode::InvalidInput, std::move(message), where, {}, 0};
    }

    /** @brief Control characters nowhere (a line break would start a new `.env` line or YAML key), then the field's own rule. */
    bool checkText(const std::string &where, const std::string &value, TextCheck check = nullptr)
    {
        if (const auto control = std::find_if(value.begin(), value.end(), isControl); control != value.end()) {
            char code[16];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(*control)));
            setError(where, std::string("must not contain control characters (") + code + " at byte " +
                                std::to_string(control - value.begin()) + ")");
            return false;
        }
        if (check && !value.empty()) {
            if (auto problem = check(value)) {
                setError(where, "\"" + value + "\" " + *problem);
                return false;
            }
        }
        return true;
    }

private:
    bool toInt(const json &v, const std::string &where, int &out, long long min, long long max)
    {
        if (!ok())
            return false;
        const std::string range = "must be between " + std::to_string(min) + " and " + std::to_string(max);
        if (v.is_number_unsigned()) {
            const auto value = v.get<unsigned long long>();
            if (value > static_cast<unsigned long long>(max) || static_cast<long long>(value) < min) {
                setError(where, range + ", not " + std::to_string(value));
                return false;
            }
            out = static_cast<int>(value);
            return true;
        }
        if (v.is_number_integer()) {
            const auto value = v.get<long long>();
            if (value < min || value > max) {
                setError(where, range + ", not " + std::to_string(value));
                return false;
            }
            out = static_cast<int>(value);
            return true;
        }
        if (v.is_number_float()) {
            const double value = v.get<double>();
            // A literal too large for 64 bits arrives as a float: report it as out of range, not as a fraction.
            if (std::isfinite(value) && std::trunc(value) == value && (value < min || value > max))
                setError(where, range + ", not " + v.dump());
            else
                setError(where, "must be a whole number, not " + v.dump());
            return false;
        }
        setError(where, "must be a whole number, not " + std::string(v.type_name()));
        return false;
    }

    const json &m_object;
    std::string m_pointer;
    std::optional<Error> &m_error;
    std::set<std::string> m_known;
};


void readDatabase(ObjectReader &r, DatabaseSettings &db)
{
    r.readEnum("kind", db.kind);
    r.readString("host", db.host, false, checkHost);
    r.readInt("port", db.port, 1, 65535);
    r.readString("name", db.name, false, checkDatabaseName);
    r.readString("user", db.user, false, checkPostgresName);
    // Below 0 Open WebUI also means NullPool; a plan file says it one way only.
    r.readOptionalInt("pool_size", db.poolSize, 0, 10000);
    r.noteRange("pool_size", " (0 means NullPool: no pooling, no cap)");
    r.readInt("max_overflow", db.maxOverflow, 0, 10000);
    r.readInt("pool_timeout", db.poolTimeoutSeconds, 1, 3600);
    r.readInt("pool_recycle", db.poolRecycleSeconds, -1, 86400);
    r.readBool("session_sharing", db.sessionSharing);
    r.readInt("max_connections", db.maxConnections, 1, kPostgresMaxConnectionsCeiling);
    r.readInt("superuser_reserved_connections", db.superuserReservedConnections, 0, kPostgresMaxConnectionsCeiling);
    r.readInt("other_client_connections", db.otherClientConnections, 0, kPostgresMaxConnectionsCeiling);
    if (r.ok() && db.superuserReservedConnections >= db.maxConnections)
        r.setError(r.pointerOf("superuser_reserved_connections"),
                   "must be less than max_connections (" + std::to_string(db.maxConnections) + ")");
}

// Redis's maxmemory-policy values. Open WebUI keeps sessions and locks in Redis: evicting them logs users out.
// Their display names are Redis's own: operators know them, and the hint says what eviction costs.
constexpr std::array<EnumChoice, 8> kMaxmemoryPolicies{{
    {"noeviction", "noeviction (recommended)"},
    {"allkeys-lru", "allkeys-lru"},
    {"allkeys-lfu", "allkeys-lfu"},
    {"allkeys-random", "allkeys-random"},
    {"volatile-lru", "volatile-lru"},
    {"volatile-lfu", "volatile-lfu"},
    {"volatile-random", "volatile-random"},
    {"volatile-ttl", "volatile-ttl"},
}};

bool isMaxmemoryPolicy(std::string_view name)
{
    return std::ranges::any_of(kMaxmemoryPolicies, [name](const EnumChoice &choice) { return choice.name == name; });
}

void readRedis(ObjectReader &r, RedisSettings &redis)
{
    r.readEnum("mode", redis.mode);
    r.readString("host", redis.host, false, checkHost);
    r.readInt("port", redis.port, 1, 65535);
    r.readStringList("sentinel_hosts", redis.sentinelHosts, checkHost);
    r.readInt("sentinel_port", redis.sentinelPort, 1, 65535);
    r.readString("sentinel_service", redis.sentinelService, false, checkSentinelService);
    r.readOptionalDouble("socket_connect_timeout", redis.socketConnectTimeoutSeconds, 0.001, 300);
    r.readString("key_prefix", redis.keyPrefix, false);
    r.readBool("shared_with_other_installations", redis.sharedWithOtherInstallations);
    r.readInt("maxclients", redis.maxClients, 1, kPlanMaxRedisClients);
    r.readInt("timeout", redis.timeoutSeconds, 0, 31536000);
    r.readString("maxmemory_policy", redis.maxmemoryPolicy, false);
    r.readBool("star_sessions", redis.starSessions);
    r.readInt("pool_allowance_per_process", redis.poolAllowancePerProcess, 0, 1000);
    // Plans written before the per-client model held one total per process; the allowance is what
    // that total left above the named clients (5, and the StarSessions store when enabled).
    if (const json *legacy = r.member("clients_per_process"); legacy && r.ok()) {
        int total = 0;
        r.readInt("clients_per_process", total, 1, 1000);
        redis.poolAllowancePerProcess = std::max(0, total - kRedisNamedClientsPerProcess - (redis.starSessions ? 1 : 0));
    }
    r.readInt("other_clients", redis.otherClients, 0, 10000000);
    if (r.ok() && !isMaxmemoryPolicy(redis.maxmemoryPolicy))
        r.setError(r.pointerOf("maxmemory_policy"), "\"" + redis.maxmemoryPolicy + "\" is not a Redis maxmemory-policy");
}

void readVectorDb(ObjectReader &r, VectorDbSettings &v)
{
    r.readEnum("kind", v.kind);
    r.readString("url", v.url, true, checkVectorDbUrl);
    r.readBool("pgvector_same_server", v.pgvectorSameServer);
    r.readOptionalInt("pgvector_pool_size", v.pgvectorPoolSize, 0, 10000);
    r.noteRange("pgvector_pool_size", " (0 means NullPool: no pooling, no cap)");
    r.readInt("pgvector_max_overflow", v.pgvectorMaxOverflow, 0, 10000);
}

void readStorage(ObjectReader &r, StorageSettings &s)
{
    r.readEnum("kind", s.kind);
    r.readString("bucket", s.bucket);
    if (r.ok() && !s.bucket.empty())
        if (auto problem = checkBucket(s.bucket, s.kind))
            r.setError(r.pointerOf("bucket"), "\"" + s.bucket + "\" " + *problem);
    r.readString("region", s.region, true, checkRegion);
    r.readString("endpoint", s.endpoint, true, checkHttpUrl);
    r.readInt("volume_size_gi", s.volumeSizeGi, 1, 1000000);
}

void readOtel(ObjectReader &r, OtelSettings &o)
{
    r.readBool("enabled", o.enabled);
    r.readString("endpoint", o.endpoint, false, checkHttpUrl);
    r.readEnum("protocol", o.protocol);
    r.readBool("traces", o.traces);
    r.readBool("metrics", o.metrics);
    r.readBool("logs", o.logs);
    r.readBool("insecure", o.insecure);
    r.readInt("metrics_export_interval_ms", o.metricsExportIntervalMs, 1000, 3600000);
}

void readSecrets(ObjectReader &r, SecretSettings &s)
{
    r.readEnum("key_mode", s.keyMode);
    r.readString("external_secret_name", s.externalSecretName, true, checkKubernetesName);
    r.readBool("store_in_plan", s.storeInPlan);
    r.readString("webui_secret_key", s.webuiSecretKey, true, checkEnvFileValue);
    if (r.ok() && !s.webuiSecretKey.empty() && !s.storeInPlan)
        r.setError(r.pointerOf("webui_secret_key"),
                   "a secret in the plan file needs \"store_in_plan\": true (otherwise it would be dropped on save)");
}

void readLoadBalancer(ObjectReader &r, LoadBalancerSettings &lb)
{
    r.readEnum("kind", lb.kind);
    r.readBool("sticky_sessions", lb.stickySessions);
    r.readBool("websocket_upgrade", lb.websocketUpgrade);
    r.readString("public_url", lb.publicUrl, true, checkHttpUrl);
    r.readBool("compresses", lb.compresses);
}

void readAutoscaling(ObjectReader &r, AutoscalingSettings &a)
{
    r.readBool("enabled", a.enabled);
    r.readInt("min_replicas", a.minReplicas, 1, 1000);
    r.readInt("max_replicas", a.maxReplicas, 1, 1000);
    if (r.ok() && a.minReplicas > a.maxReplicas)
        r.setError(r.pointerOf("max_replicas"),
                   "must be at least min_replicas (" + std::to_string(a.minReplicas) + ")");
}

/** @brief The audit record's bounds: a deployment is a few files and about a hundred settings. */
constexpr std::size_t kMaxAuditFiles = 256;
constexpr std::size_t kMaxAuditEntries = 1024;
constexpr std::size_t kMaxAuditTextBytes = 4096;

/** @brief What a plan-file pointer holds, so the audit record's values are checked like the plan's own. */
enum class SettingType { String, Boolean, Integer, Number, OptionalInteger, OptionalNumber, List };

/**
 * @brief Every setting pointer of a plan file with its type, taken from the writer (a plan with its optional
 * settings unset, and one with them set), so that a key added to planToJson is known here without a second list.
 */
const std::map<std::string, SettingType> &settingTypes()
{
    static const std::map<std::string, SettingType> types = [] {
        Plan filled;
        filled.threadPoolSize = 1;
        filled.userActiveStatusUpdateIntervalSeconds = 1;
        filled.database.poolSize = 1;
        filled.vectorDb.pgvectorPoolSize = 1;
        filled.redis.socketConnectTimeoutSeconds = 0.5;
        const json unset = json(planToJson(Plan{}));
        const json set = json(planToJson(filled));
        std::map<std::string, SettingType> out;
        const auto walk = [&](const auto &self, const json &node, const json &other, const std::string &pointer) -> void {
            if (node.is_object()) {
                for (const auto &[key, value] : node.items())
                    self(self, value, other.at(key), pointer + "/" + escapePointerToken(key));
                return;
            }
            const bool optional = node.is_null();
            const json &typed = optional ? other : node;
            SettingType type = SettingType::String;
            if (typed.is_array())
                type = SettingType::List;
            else if (typed.is_boolean())
                type = SettingType::Boolean;
            else if (typed.is_number_integer())
                type = optional ? SettingType::OptionalInteger : SettingType::Integer;
            else if (typed.is_number() || typed.is_null())
                type = optional ? SettingType::OptionalNumber : SettingType::Number;
            out[pointer] = type;
        };
        walk(walk, unset, set, "");
        out.erase("/format");
        return out;
    }();
    return types;
}

/** @brief Why `pointer` is not a plan-file setting a scalar can stand for (an item of a list counts), or nothing. */
std::optional<std::string> notASettingPointer(const std::string &pointer, bool listAllowed, SettingType *type)
{
    if (pointer == "/secrets/webui_secret_key")
        return "is a secret: the audit record never holds one";
    const auto &types = settingTypes();
    if (const auto it = types.find(pointer); it != types.end()) {
        if (it->second == SettingType::List && !listAllowed)
            return "is a list: its items are recorded one by one (" + pointer + "/0)";
        if (type)
            *type = it->second;
        return {};
    }
    // An item of a list: "/cors_allow_origins/2" (no leading zero, below the lists' own bound).
    const auto slash = pointer.rfind('/');
    if (slash != std::string::npos && slash > 0) {
        const auto list = types.find(pointer.substr(0, slash));
        const auto index = pointer.substr(slash + 1);
        const bool number = !index.empty() && index.size() <= 4 && std::all_of(index.begin(), index.end(), ::isdigit) &&
                            (index == "0" || index.front() != '0');
        if (list != types.end() && list->second == SettingType::List && number) {
            if (type)
                *type = SettingType::String;
            return {};
        }
    }
    return "is not a setting of a plan file";
}

bool hasType(const json &value, SettingType type)
{
    switch (type) {
    case SettingType::String: return value.is_string();
    case SettingType::Boolean: return value.is_boolean();
    case SettingType::Integer: return value.is_number_integer();
    case SettingType::Number: return value.is_number();
    case SettingType::OptionalInteger: return value.is_null() || value.is_number_integer();
    case SettingType::OptionalNumber: return value.is_null() || value.is_number();
    case SettingType::List: return false;
    }
    return false;
}

std::string_view typeName(SettingType type)
{
    switch (type) {
    case SettingType::String: return "a string";
    case SettingType::Boolean: return "true or false";
    case SettingType::Integer: return "a whole number";
    case SettingType::Number: return "a number";
    case SettingType::OptionalInteger: return "a whole number or null";
    case SettingType::OptionalNumber: return "a number or null";
    case SettingType::List: return "a list";
    }
    return "a value";
}

/** @brief A PersistentConfig variable name as Open WebUI spells them: upper-case letters, digits and '_'. */
bool isVariableName(const std::string &name)
{
    return !name.empty() && name.size() <= 128 && (name.front() < '0' || name.front() > '9') &&
           allOf(name, [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'; });
}

/**
 * @brief Names that carry credentials (RAG_OPENAI_API_KEY, OAUTH_CLIENT_SECRET, GOOGLE_APPLICATION_CREDENTIALS_JSON):
 * a plan file is not the place for their values. Switches named after one (ENABLE_API_KEY) hold none.
 */
bool namesASecret(const std::string &name)
{
    if (name.rfind("ENABLE_", 0) == 0)
        return false;
    if (name.find("CREDENTIALS") != std::string::npos)
        return true;
    for (std::string_view word : {"KEY", "SECRET", "PASSWORD", "TOKEN"})
        if (name == word || name.ends_with("_" + std::string(word)))
            return true;
    return false;
}

/** @brief "audit": the deployment `audit --plan-out` read, as a record (no key of it is a setting). */
void readAudit(ObjectReader &r, AuditOrigin &origin)
{
    const auto tooMany = [&r](const std::string &key, const json &value, std::size_t bound) {
        if (value.size() <= bound)
            return false;
        r.setError(r.pointerOf(key), "holds " + std::to_string(value.size()) + " entries; an audit records at most " +
                                         std::to_string(bound));
        return true;
    };
    const auto boundedText = [&r](const std::string &where, const std::string &text) {
        if (text.size() > kMaxAuditTextBytes) {
            r.setError(where, "is longer than " + std::to_string(kMaxAuditTextBytes) + " bytes");
            return false;
        }
        return r.checkText(where, text);
    };

    if (const json *files = r.member("files"); files && r.ok()) {
        if (!files->is_array())
            r.setError(r.pointerOf("files"), "must be an array of file names, not " + std::string(files->type_name()));
        else if (!tooMany("files", *files, kMaxAuditFiles))
            for (std::size_t i = 0; i < files->size() && r.ok(); ++i) {
                const auto where = r.pointerOf("files") + "/" + std::to_string(i);
                const json &file = (*files)[i];
                if (!file.is_string() || file.get<std::string>().empty())
                    r.setError(where, "must be a non-empty string");
                else if (boundedText(where, file.get<std::string>()))
                    origin.files.push_back(file.get<std::string>());
            }
    }

    std::set<std::string> known;
    if (const json *settings = r.member("settings"); settings && r.ok()) {
        if (!settings->is_object())
            r.setError(r.pointerOf("settings"), "must be an object of JSON pointers and values, not " +
                                                    std::string(settings->type_name()));
        else if (!tooMany("settings", *settings, kMaxAuditEntries))
            for (const auto &[pointer, value] : settings->items()) {
                const auto where = r.pointerOf("settings") + "/" + escapePointerToken(pointer);
                SettingType type = SettingType::String;
                if (!r.checkText(where, pointer))
                    break;
                if (const auto problem = notASettingPointer(pointer, false, &type)) {
                    r.setError(where, "\"" + pointer + "\" " + *problem);
                    break;
                }
                if (!hasType(value, type)) {
                    r.setError(where, "must be " + std::string(typeName(type)) + ", as the plan holds it, not " +
                                          std::string(value.type_name()));
                    break;
                }
                if (value.is_string() && !boundedText(where, value.get<std::string>()))
                    break;
                known.insert(pointer);
                origin.settings.emplace_back(pointer, value.dump());
            }
    }

    if (const json *unknown = r.member("unknown"); unknown && r.ok()) {
        if (!unknown->is_array())
            r.setError(r.pointerOf("unknown"), "must be an array of JSON pointers, not " + std::string(unknown->type_name()));
        else if (!tooMany("unknown", *unknown, kMaxAuditEntries)) {
            std::set<std::string> seen;
            for (std::size_t i = 0; i < unknown->size() && r.ok(); ++i) {
                const auto where = r.pointerOf("unknown") + "/" + std::to_string(i);
                const json &item = (*unknown)[i];
                if (!item.is_string()) {
                    r.setError(where, "must be a JSON pointer string, not " + std::string(item.type_name()));
                    break;
                }
                const auto pointer = item.get<std::string>();
                if (!r.checkText(where, pointer))
                    break;
                if (const auto problem = notASettingPointer(pointer, true, nullptr))
                    r.setError(where, "\"" + pointer + "\" " + *problem);
                else if (known.count(pointer))
                    r.setError(where, "\"" + pointer + "\" is also in \"settings\": a setting is either read or unknown");
                else if (!seen.insert(pointer).second)
                    r.setError(where, "\"" + pointer + "\" is listed twice");
                else
                    origin.unknown.push_back(pointer);
            }
        }
    }

    if (const json *variables = r.member("persistent_config"); variables && r.ok()) {
        if (!variables->is_object())
            r.setError(r.pointerOf("persistent_config"), "must be an object of variable names and values, not " +
                                                             std::string(variables->type_name()));
        else if (!tooMany("persistent_config", *variables, kMaxAuditEntries))
            for (const auto &[name, value] : variables->items()) {
                const auto where = r.pointerOf("persistent_config") + "/" + escapePointerToken(name);
                if (!isVariableName(name)) {
                    r.setError(where, "is not an environment variable name (upper-case letters, digits and '_', at most 128)");
                    break;
                }
                if (namesASecret(name)) {
                    r.setError(where, "names a credential: the audit record never holds a secret's value");
                    break;
                }
                if (!value.is_string()) {
                    r.setError(where, "must be a string (the variable's value), not " + std::string(value.type_name()));
                    break;
                }
                if (!boundedText(where, value.get<std::string>()))
                    break;
                origin.persistentConfig.emplace_back(name, value.get<std::string>());
            }
    }
}

template <typename Fn>
void readSection(ObjectReader &parent, const std::string &key, Fn &&read, std::optional<Error> &error)
{
    if (const json *section = parent.member(key)) {
        ObjectReader reader(*section, parent.pointerOf(key), error);
        read(reader);
        reader.finish();
    }
}

bool isValidImageTag(const std::string &tag)
{
    // Docker's tag grammar: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
    if (tag.empty() || tag.size() > 128 || tag.front() == '.' || tag.front() == '-')
        return false;
    for (char ch : tag)
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.' || ch == '-'))
            return false;
    return true;
}

Result<Plan> planFromValue(const json &root)
{
    std::optional<Error> error;
    Plan plan;
    ObjectReader r(root, "", error);
    if (r.ok()) {
        const json *format = r.member("format");
        if (!format)
            r.setError("/format", "missing: a plan file starts with \"format\": " + std::to_string(kPlanFormat));
        else if (!format->is_number_integer() || format->get<long long>() < 1)
            r.setError("/format", "must be a positive whole number, not " + format->dump());
        else if (format->get<long long>() > kPlanFormat)
            r.setError("/format", "format " + format->dump() + " was written by a newer owui-planner; this one reads format " +
                                      std::to_string(kPlanFormat));
    }
    r.readString("name", plan.name);
    r.readString("description", plan.description);
    r.readInt("expected_users", plan.expectedUsers, 1, 10000000);
    r.readEnum("orchestrator", plan.orchestrator);
    r.readInt("replicas", plan.replicas, 1, 1000);
    r.readInt("workers", plan.workers, 1, 64);
    r.readString("image_tag", plan.imageTag, false);
    if (r.ok() && !isValidImageTag(plan.imageTag))
        r.setError("/image_tag", "\"" + plan.imageTag + "\" is not a valid image tag ([A-Za-z0-9_][A-Za-z0-9_.-]*)");
    r.readBool("websocket_support", plan.websocketSupport);
    r.readOptionalInt("thread_pool_size", plan.threadPoolSize, 1, 100000);
    r.readOptionalInt("user_active_status_update_interval", plan.userActiveStatusUpdateIntervalSeconds, 0, 86400);
    r.readBool("pip_install_frontmatter", plan.pipInstallFrontmatter);
    r.readEnum("content_extraction", plan.contentExtraction);
    r.readEnum("embeddings", plan.embeddings);
    r.readString("embedding_model", plan.embeddingModel);
    r.readString("embedding_base_url", plan.embeddingBaseUrl, true, checkHttpUrl);
    r.readBool("persistent_config", plan.persistentConfig);
    r.readBool("orjson", plan.orjson);
    r.readBool("compression_middleware", plan.compressionMiddleware);
    r.readStringList("cors_allow_origins", plan.corsAllowOrigins, checkOrigin);
    r.readEnum("migrations", plan.migrations);
    r.readInt("rolling_update_surge", plan.rollingUpdateSurge, 0, 1000);
    r.readEnum("upgrade_strategy", plan.upgradeStrategy);
    readSection(r, "database", [&](ObjectReader &s) { readDatabase(s, plan.database); }, error);
    readSection(r, "redis", [&](ObjectReader &s) { readRedis(s, plan.redis); }, error);
    readSection(r, "vector_db", [&](ObjectReader &s) { readVectorDb(s, plan.vectorDb); }, error);
    readSection(r, "storage", [&](ObjectReader &s) { readStorage(s, plan.storage); }, error);
    readSection(r, "otel", [&](ObjectReader &s) { readOtel(s, plan.otel); }, error);
    readSection(r, "secrets", [&](ObjectReader &s) { readSecrets(s, plan.secrets); }, error);
    readSection(r, "load_balancer", [&](ObjectReader &s) { readLoadBalancer(s, plan.loadBalancer); }, error);
    readSection(r, "autoscaling", [&](ObjectReader &s) { readAutoscaling(s, plan.autoscaling); }, error);
    if (r.member("audit") && r.ok()) {
        plan.auditOrigin.emplace();
        readSection(r, "audit", [&](ObjectReader &s) { readAudit(s, *plan.auditOrigin); }, error);
    }
    r.finish();
    if (r.ok() && plan.autoscaling.enabled &&
        (plan.replicas < plan.autoscaling.minReplicas || plan.replicas > plan.autoscaling.maxReplicas))
        r.setError("/replicas", "must be between autoscaling min_replicas (" + std::to_string(plan.autoscaling.minReplicas) +
                                    ") and max_replicas (" + std::to_string(plan.autoscaling.maxReplicas) + ")");
    if (error)
        return tl::unexpected(*error);
    return plan;
}

/** @brief Turns nlohmann's byte offset into a line number for syntax errors. */
int lineOfByte(std::string_view text, std::size_t byte)
{
    byte = std::min(byte, text.size());
    int line = 1;
    for (std::size_t i = 0; i + 1 < byte; ++i)
        if (text[i] == '\n')
            ++line;
    return line;
}

/** @brief Thrown by the parser callback when a document nests deeper than a plan can. */
struct TooDeep {
};

/**
 * @brief Follows the key path while nlohmann parses: finds the first duplicate
 * key (nlohmann would silently keep the last value) and names where a parse stopped.
 */
class KeyPathTracker
{
public:
    bool operator()(int depth, json::parse_event_t event, json &parsed)
    {
        if (depth > kMaxPlanDepth)
            throw TooDeep{};
        switch (event) {
        case json::parse_event_t::object_start:
            enterValue();
            m_stack.push_back(Frame{true, {}, {}, 0});
            break;
        case json::parse_event_t::array_start:
            enterValue();
            m_stack.push_back(Frame{false, {}, {}, 0});
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            m_stack.pop_back();
            break;
        case json::parse_event_t::key: {
            auto &frame = m_stack.back();
            const auto key = parsed.get<std::string>();
            if (!frame.keys.insert(key).second && m_duplicate.empty())
                m_duplicate = pathOfKey(key);
            frame.current = key;
            break;
        }
        case json::parse_event_t::value:
            enterValue();
            break;
        }
        return true;
    }

    [[nodiscard]] const std::string &duplicate() const { return m_duplicate; }

    /** @brief The pointer of the value being parsed when the parser stopped. */
    [[nodiscard]] std::string currentPointer() const
    {
        std::string path;
        for (std::size_t i = 0; i < m_stack.size(); ++i) {
            const auto &frame = m_stack[i];
            // The innermost array has not counted the element that failed yet.
            const bool failedElement = i + 1 == m_stack.size() && !frame.isObject;
            path += "/" + (failedElement ? std::to_string(frame.index) : escapePointerToken(frame.current));
        }
        return path;
    }

private:
    struct Frame {
        bool isObject;
        std::set<std::string> keys;
        std::string current;
        std::size_t index;
    };

    void enterValue()
    {
        if (!m_stack.empty() && !m_stack.back().isObject)
            m_stack.back().current = std::to_string(m_stack.back().index++);
    }

    std::string pathOfKey(const std::string &key) const
    {
        std::string path;
        for (std::size_t i = 0; i + 1 < m_stack.size(); ++i)
            path += "/" + escapePointerToken(m_stack[i].current);
        return path + "/" + escapePointerToken(key);
    }

    std::vector<Frame> m_stack;
    std::string m_duplicate;
};

/**
 * @brief Refuses what a plan never holds before nlohmann builds anything: a NUL byte, a UTF-16 or UTF-32
 * byte-order mark, and nesting deeper than kMaxPlanDepth (4 MB of `[` would otherwise build a tree of
 * millions of arrays). The depth is counted over brackets outside strings, so the scan is one pass and
 * allocates nothing.
 */
std::optional<Error> refuseUnreadableText(std::string_view text)
{
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") || text.starts_with(std::string_view("\0\0\xFE\xFF", 4)))
        return Error{ErrorCode::InvalidInput, "starts with a UTF-16 or UTF-32 byte-order mark; save the plan as UTF-8", {}, {}, 1};
    int depth = 0;
    int line = 1;
    bool inString = false;
    bool escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\0')
            return Error{ErrorCode::InvalidInput, "contains a NUL byte at offset " + std::to_string(i) + "; not a text file", {}, {}, line};
        if (c == '\n')
            ++line;
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxPlanDepth)
                return Error{ErrorCode::InvalidInput,
                             "nested deeper than " + std::to_string(kMaxPlanDepth) + " levels; not a plan file", {}, {}, line};
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::nullopt;
}

Result<json> parseJson(std::string_view text)
{
    if (auto refused = refuseUnreadableText(text))
        return tl::unexpected(*refused);
    KeyPathTracker keys;
    json root;
    try {
        root = json::parse(text.begin(), text.end(), std::ref(keys));
    } catch (const TooDeep &) {
        // The scan above already refuses this; the parser's own count is the second lock on the door.
        return fail(ErrorCode::InvalidInput, "nested deeper than " + std::to_string(kMaxPlanDepth) + " levels; not a plan file");
    } catch (const json::parse_error &e) {
        Error error{ErrorCode::InvalidInput, {}, {}, {}, lineOfByte(text, e.byte)};
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 3, column 5: "; keep what follows.
        const auto colon = what.find(": ");
        error.message = "not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
        return tl::unexpected(error);
    } catch (const json::out_of_range &e) {
        // A number beyond a double (1e400) is reported as out_of_range, without a position; name its key instead.
        std::string what = e.what();
        const auto bracket = what.find("] ");
        return fail(ErrorCode::InvalidInput, bracket == std::string::npos ? what : what.substr(bracket + 2),
                    keys.currentPointer());
    }
    if (!keys.duplicate().empty())
        return fail(ErrorCode::InvalidInput, "duplicate key (only one value can be kept)", keys.duplicate());
    return root;
}

/**
 * @brief The audit record as the plan file holds it, its objects in key order (the order the reader returns them
 * in, so a file reads back to the same record); a value that is not JSON text is kept as a string.
 */
nlohmann::ordered_json auditToJson(AuditOrigin origin)
{
    using ordered = nlohmann::ordered_json;
    const auto byKey = [](const auto &a, const auto &b) { return a.first < b.first; };
    std::stable_sort(origin.settings.begin(), origin.settings.end(), byKey);
    std::stable_sort(origin.persistentConfig.begin(), origin.persistentConfig.end(), byKey);
    ordered settings = ordered::object();
    for (const auto &[pointer, value] : origin.settings) {
        ordered parsed = ordered::parse(value, nullptr, false);
        settings[pointer] = parsed.is_discarded() ? ordered(value) : parsed;
    }
    ordered variables = ordered::object();
    for (const auto &[name, value] : origin.persistentConfig)
        variables[name] = value;
    return ordered{{"files", origin.files}, {"settings", settings}, {"unknown", origin.unknown}, {"persistent_config", variables}};
}

nlohmann::ordered_json optionalToJson(const std::optional<int> &v)
{
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

} // namespace

Result<Plan> planFromJson(std::string_view text)
{
    // Editors on Windows start UTF-8 files with a byte-order mark; it says nothing about the plan, so it is skipped.
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    auto root = parseJson(text);
    if (!root)
        return tl::unexpected(root.error());
    return planFromValue(*root);
}

nlohmann::ordered_json planToJson(const Plan &plan)
{
    using json = nlohmann::ordered_json;
    const auto &db = plan.database;
    const auto &redis = plan.redis;
    const auto &v = plan.vectorDb;
    json secrets = {
        {"key_mode", toString(plan.secrets.keyMode)},
        {"external_secret_name", plan.secrets.externalSecretName},
        {"store_in_plan", plan.secrets.storeInPlan},
    };
    if (plan.secrets.storeInPlan && !plan.secrets.webuiSecretKey.empty())
        secrets["webui_secret_key"] = plan.secrets.webuiSecretKey;

    json document{
        {"format", kPlanFormat},
        {"name", plan.name},
        {"description", plan.description},
        {"expected_users", plan.expectedUsers},
        {"orchestrator", toString(plan.orchestrator)},
        {"replicas", plan.replicas},
        {"workers", plan.workers},
        {"image_tag", plan.imageTag},
        {"websocket_support", plan.websocketSupport},
        {"thread_pool_size", optionalToJson(plan.threadPoolSize)},
        {"user_active_status_update_interval", optionalToJson(plan.userActiveStatusUpdateIntervalSeconds)},
        {"pip_install_frontmatter", plan.pipInstallFrontmatter},
        {"content_extraction", toString(plan.contentExtraction)},
        {"embeddings", toString(plan.embeddings)},
        {"embedding_model", plan.embeddingModel},
        {"embedding_base_url", plan.embeddingBaseUrl},
        {"persistent_config", plan.persistentConfig},
        {"orjson", plan.orjson},
        {"compression_middleware", plan.compressionMiddleware},
        {"cors_allow_origins", plan.corsAllowOrigins},
        {"migrations", toString(plan.migrations)},
        {"rolling_update_surge", plan.rollingUpdateSurge},
        {"upgrade_strategy", toString(plan.upgradeStrategy)},
        {"database",
         {{"kind", toString(db.kind)},
          {"host", db.host},
          {"port", db.port},
          {"name", db.name},
          {"user", db.user},
          {"pool_size", optionalToJson(db.poolSize)},
          {"max_overflow", db.maxOverflow},
          {"pool_timeout", db.poolTimeoutSeconds},
          {"pool_recycle", db.poolRecycleSeconds},
          {"session_sharing", db.sessionSharing},
          {"max_connections", db.maxConnections},
          {"superuser_reserved_connections", db.superuserReservedConnections},
          {"other_client_connections", db.otherClientConnections}}},
        {"redis",
         {{"mode", toString(redis.mode)},
          {"host", redis.host},
          {"port", redis.port},
          {"sentinel_hosts", redis.sentinelHosts},
          {"sentinel_port", redis.sentinelPort},
          {"sentinel_service", redis.sentinelService},
          {"socket_connect_timeout",
           redis.socketConnectTimeoutSeconds ? json(*redis.socketConnectTimeoutSeconds) : json(nullptr)},
          {"key_prefix", redis.keyPrefix},
          {"shared_with_other_installations", redis.sharedWithOtherInstallations},
          {"maxclients", redis.maxClients},
          {"timeout", redis.timeoutSeconds},
          {"maxmemory_policy", redis.maxmemoryPolicy},
          {"star_sessions", redis.starSessions},
          {"pool_allowance_per_process", redis.poolAllowancePerProcess},
          {"other_clients", redis.otherClients}}},
        {"vector_db",
         {{"kind", toString(v.kind)},
          {"url", v.url},
          {"pgvector_same_server", v.pgvectorSameServer},
          {"pgvector_pool_size", optionalToJson(v.pgvectorPoolSize)},
          {"pgvector_max_overflow", v.pgvectorMaxOverflow}}},
        {"storage",
         {{"kind", toString(plan.storage.kind)},
          {"bucket", plan.storage.bucket},
          {"region", plan.storage.region},
          {"endpoint", plan.storage.endpoint},
          {"volume_size_gi", plan.storage.volumeSizeGi}}},
        {"otel",
         {{"enabled", plan.otel.enabled},
          {"endpoint", plan.otel.endpoint},
          {"protocol", toString(plan.otel.protocol)},
          {"traces", plan.otel.traces},
          {"metrics", plan.otel.metrics},
          {"logs", plan.otel.logs},
          {"insecure", plan.otel.insecure},
          {"metrics_export_interval_ms", plan.otel.metricsExportIntervalMs}}},
        {"secrets", secrets},
        {"load_balancer",
         {{"kind", toString(plan.loadBalancer.kind)},
          {"sticky_sessions", plan.loadBalancer.stickySessions},
          {"websocket_upgrade", plan.loadBalancer.websocketUpgrade},
          {"public_url", plan.loadBalancer.publicUrl},
          {"compresses", plan.loadBalancer.compresses}}},
        {"autoscaling",
         {{"enabled", plan.autoscaling.enabled},
          {"min_replicas", plan.autoscaling.minReplicas},
          {"max_replicas", plan.autoscaling.maxReplicas}}},
    };
    if (plan.auditOrigin)
        document["audit"] = auditToJson(*plan.auditOrigin);
    return document;
}

std::string planToJsonText(const Plan &plan)
{
    return planToJson(plan).dump(2) + "\n";
}

Result<Plan> readPlanFile(const std::filesystem::path &path)
{
    auto text = readBoundedRegularFile(path, kMaxPlanBytes, "plan file");
    if (!text)
        return tl::unexpected(text.error());
    auto plan = planFromJson(*text);
    if (!plan) {
        Error error = plan.error();
        error.file = path.empty() ? std::string("(empty path)") : path.string();
        return tl::unexpected(error);
    }
    return plan;
}

Result<void> writePlanFile(const std::filesystem::path &path, const Plan &plan)
{
    const std::string text = planToJsonText(plan);
    const auto ioError = [&path](const std::string &what) {
        return tl::unexpected(Error{ErrorCode::Io, what + ": " + std::strerror(errno), {}, path.string(), 0});
    };
    const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string tmpl = (folder / ("." + path.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0)
        return ioError("cannot create a temporary file beside it");
    const bool holdsSecret = plan.secrets.storeInPlan && !plan.secrets.webuiSecretKey.empty();
    ::fchmod(fd, holdsSecret ? 0600 : 0644);
    std::size_t written = 0;
    while (written < text.size()) {
        const auto n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const auto result = ioError("write failed");
            ::close(fd);
            ::unlink(tmpl.c_str());
            return result;
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const auto result = ioError("flush failed");
        ::unlink(tmpl.c_str());
        return result;
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        const auto result = ioError("cannot replace the file");
        ::unlink(tmpl.c_str());
        return result;
    }
    return {};
}

namespace {

/**
 * @brief Whether setting `pointer` would make nlohmann create what the document does not hold: a gap in an
 * array (filled with nulls: "/cors_allow_origins/99999999999" would ask for terabytes), or the parents of a
 * missing key, where a numeric token turns a null into an array of that size ("/a/b/666666666"). Only the last
 * step may be new: one key of an object (the reader then names it as unknown) or the item at an array's end
 * ("-" or its size).
 */
bool reachesBeyondTheDocument(const json &document, const json::json_pointer &pointer)
{
    std::vector<std::string> tokens;
    for (auto rest = pointer; !rest.empty(); rest = rest.parent_pointer())
        tokens.push_back(rest.back());
    const json *node = &document;
    for (auto token = tokens.rbegin(); token != tokens.rend(); ++token) {
        const bool last = std::next(token) == tokens.rend();
        if (node->is_object()) {
            const auto member = node->find(*token);
            if (member == node->end())
                return !last;
            node = &*member;
        } else if (node->is_array()) {
            if (*token == "-")
                return !last;
            if (token->empty() || !std::all_of(token->begin(), token->end(), [](char c) { return c >= '0' && c <= '9'; }))
                return false; // nlohmann refuses the token itself
            if (token->size() > 9 || std::stoul(*token) > node->size())
                return true;
            const auto index = std::stoul(*token);
            if (index == node->size())
                return !last;
            node = &(*node)[index];
        } else {
            // Below a null nlohmann would build objects or arrays of any size; below a number it throws.
            return node->is_null();
        }
    }
    return false;
}

} // namespace

bool fitsAuditRecord(std::string_view text)
{
    return text.size() <= kMaxAuditTextBytes && std::none_of(text.begin(), text.end(), isControl);
}

Result<Plan> applyChanges(const Plan &plan, const std::vector<SettingChange> &changes)
{
    // Edited as a plain (sorted) document: the same one a file read produces.
    json document = json::parse(planToJson(plan).dump());
    // The key held in memory travels beside the document, so that a change may set store_in_plan either way.
    document["secrets"].erase("webui_secret_key");
    for (const auto &change : changes) {
        try {
            const json::json_pointer pointer(change.pointer);
            if (change.pointer == "/audit" || change.pointer.rfind("/audit/", 0) == 0)
                return fail(ErrorCode::InvalidInput, "cannot apply: the audited deployment is a record of what was read, not a setting",
                            change.pointer);
            if (reachesBeyondTheDocument(document, pointer))
                return fail(ErrorCode::InvalidInput, "cannot apply: no such setting or item", change.pointer);
            document[pointer] = json::parse(change.value);
        } catch (const json::exception &e) {
            return fail(ErrorCode::InvalidInput, std::string("cannot apply: ") + e.what(), change.pointer);
        }
    }
    const auto secrets = document.is_object() ? document.find("secrets") : document.end();
    const bool keyChanged = secrets != document.end() && secrets->is_object() && secrets->contains("webui_secret_key");
    auto changed = planFromValue(document);
    if (changed && !keyChanged)
        changed->secrets.webuiSecretKey = plan.secrets.webuiSecretKey;
    return changed;
}

std::vector<SettingChange> withDependentChanges(const Plan &plan, std::vector<SettingChange> changes)
{
    const auto turnsAutoscalingOn = std::any_of(changes.begin(), changes.end(), [](const SettingChange &c) {
        return c.pointer == "/autoscaling/enabled" && json::accept(c.value) && json::parse(c.value) == json(true);
    });
    const auto &a = plan.autoscaling;
    const bool replicasOutside = plan.replicas < a.minReplicas || plan.replicas > a.maxReplicas;
    const auto touches = [&changes](std::string_view pointer) {
        return std::any_of(changes.begin(), changes.end(), [pointer](const SettingChange &c) { return c.pointer == pointer; });
    };
    if (turnsAutoscalingOn && !a.enabled && replicasOutside && !touches("/autoscaling/min_replicas") &&
        !touches("/autoscaling/max_replicas")) {
        constexpr int kMaxReplicas = 1000; // the plan file's bound
        changes.push_back({"/autoscaling/min_replicas", json(plan.replicas).dump()});
        changes.push_back({"/autoscaling/max_replicas", json(std::min(kMaxReplicas, std::max(a.maxReplicas, 2 * plan.replicas))).dump()});
    }
    const auto switchesVectorDb = std::any_of(changes.begin(), changes.end(), [&plan](const SettingChange &c) {
        return c.pointer == "/vector_db/kind" && json::accept(c.value) && json::parse(c.value) != json(std::string(toString(plan.vectorDb.kind)));
    });
    if (switchesVectorDb && !plan.vectorDb.url.empty() && !touches("/vector_db/url"))
        changes.push_back({"/vector_db/url", json("").dump()});
    return changes;
}

namespace {

using OrderedJson = nlohmann::ordered_json;

/** @brief A count, or null where a NullPool leaves it without a bound. */
OrderedJson countOrNull(bool unknowable, long long value)
{
    return unknowable ? OrderedJson(nullptr) : OrderedJson(value);
}

OrderedJson optionalToJson(const std::optional<long long> &value)
{
    return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

OrderedJson optionalToJson(const std::optional<bool> &value)
{
    return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

} // namespace

nlohmann::ordered_json budgetToJson(const ConnectionBudget &b)
{
    const bool unbounded = b.unbounded;
    return OrderedJson{
        {"applicable", b.applicable},
        {"unbounded", unbounded},
        {"main_pool_unbounded", b.mainPoolUnbounded},
        {"pgvector_pool_unbounded", b.pgvectorPoolUnbounded},
        {"processes", b.processes},
        {"upgrade_strategy", toString(b.upgradeStrategy)},
        {"surge", b.surge},
        {"surge_reason", surgeReason(b.upgradeStrategy)},
        {"main_pool_per_process", countOrNull(b.mainPoolUnbounded, b.mainPoolPerProcess)},
        {"sync_pool_per_process", countOrNull(b.mainPoolUnbounded, b.syncPoolPerProcess)},
        {"pgvector_pool_per_process", countOrNull(b.pgvectorPoolUnbounded, b.pgvectorPoolPerProcess)},
        {"connections_per_process", countOrNull(unbounded, b.connectionsPerProcess)},
        {"worst_case_per_process", countOrNull(unbounded, b.worstPerProcess)},
        {"total_connections", countOrNull(unbounded, b.totalConnections)},
        {"rolling_update_peak_connections", countOrNull(unbounded, b.rollingPeakConnections)},
        {"autoscaling_max_connections", countOrNull(unbounded, b.autoscaleMaxConnections)},
        {"migration_job_connections", b.migrationJobConnections},
        {"worst_case_connections", countOrNull(unbounded, b.worstCaseConnections)},
        {"max_connections", b.maxConnections},
        {"reserved_connections", b.reservedConnections},
        {"other_client_connections", b.otherClientConnections},
        {"available_connections", b.availableConnections},
        {"nothing_fits", b.nothingAvailable},
        {"headroom", countOrNull(unbounded, b.headroom)},
        {"worst_case_headroom", countOrNull(unbounded, b.worstCaseHeadroom)},
        {"fits", optionalToJson(b.fitsVerdict())},
        {"worst_case_fits", optionalToJson(b.worstCaseFitsVerdict())},
        {"largest_safe_pool_per_process", optionalToJson(b.largestSafePoolPerProcess)},
        {"largest_safe_pool_per_process_worst_case", optionalToJson(b.largestSafePoolPerProcessWorstCase)},
        {"smallest_max_connections", optionalToJson(b.smallestMaxConnections)},
        {"smallest_max_connections_worst_case", optionalToJson(b.smallestMaxConnectionsWorstCase)},
        {"most_replicas", optionalToJson(b.mostReplicas)},
    };
}

nlohmann::ordered_json redisBudgetToJson(const RedisBudget &r)
{
    OrderedJson terms = OrderedJson::array();
    for (const auto &term : r.terms)
        terms.push_back({{"id", term.id}, {"label", term.label}, {"per_process", term.perProcess}, {"source", term.source}});
    return OrderedJson{
        {"applicable", r.applicable},
        {"processes", r.processes},
        {"terms", terms},
        {"clients_per_process", r.clientsPerProcess},
        {"other_clients", r.otherClients},
        {"total_clients", r.totalClients},
        {"maxclients", r.maxClients},
        {"headroom", r.headroom},
        {"fits", r.fits},
        {"most_processes", r.mostProcesses},
    };
}

nlohmann::ordered_json evaluationToJson(const Evaluation &e)
{
    using json = nlohmann::ordered_json;
    json findings = json::array();
    for (const auto &f : e.findings) {
        json changes = json::array();
        for (const auto &c : f.fixChanges)
            changes.push_back({{"pointer", c.pointer}, {"value", json::parse(c.value)}});
        findings.push_back({{"rule", f.rule},
                            {"severity", toString(f.severity)},
                            {"message", f.message},
                            {"fix", f.fix},
                            {"source", f.source},
                            {"fix_settings", changes}});
    }
    json components = json::array();
    for (const auto &c : e.scenario.components) {
        components.push_back({{"component", toString(c.component)},
                              {"label", label(c.component)},
                              {"need", toString(c.need)},
                              {"seed_need", c.seedNeed ? json(toString(*c.seedNeed)) : json(nullptr)},
                              {"newer_need", toString(c.newerNeed)},
                              {"satisfied", c.satisfied},
                              {"reason", c.reason},
                              {"note", c.note}});
    }
    return json{
        {"scenario",
         {{"id", toString(e.scenario.scenario)},
          {"label", label(e.scenario.scenario)},
          {"reason", e.scenario.reason},
          {"components", components}}},
        {"findings", findings},
        {"summary",
         {{"errors", e.count(Severity::Error)},
          {"warnings", e.count(Severity::Warning)},
          {"info", e.count(Severity::Info)}}},
        {"budget", budgetToJson(e.budget)},
        {"redis_budget", redisBudgetToJson(e.redis)},
    };
}

std::vector<EnumChoice> settingChoices(std::string_view pointer)
{
    // One line per enumerated key the reader accepts (readEnum above, and maxmemory_policy).
    if (pointer == "/orchestrator") return enumChoices<Orchestrator>();
    if (pointer == "/content_extraction") return enumChoices<ContentExtraction>();
    if (pointer == "/embeddings") return enumChoices<EmbeddingEngine>();
    if (pointer == "/migrations") return enumChoices<MigrationMode>();
    if (pointer == "/upgrade_strategy") return enumChoices<UpgradeStrategy>();
    if (pointer == "/database/kind") return enumChoices<DatabaseKind>();
    if (pointer == "/redis/mode") return enumChoices<RedisMode>();
    if (pointer == "/redis/maxmemory_policy") return {kMaxmemoryPolicies.begin(), kMaxmemoryPolicies.end()};
    if (pointer == "/vector_db/kind") return enumChoices<VectorDb>();
    if (pointer == "/storage/kind") return enumChoices<StorageKind>();
    if (pointer == "/otel/protocol") return enumChoices<OtelProtocol>();
    if (pointer == "/secrets/key_mode") return enumChoices<SecretKeyMode>();
    if (pointer == "/load_balancer/kind") return enumChoices<LoadBalancerKind>();
    return {};
}

} // namespace planner
