// SPDX-License-Identifier: MIT
#pragma once

#include "remote/failure.h"
#include "remote/session.h"

#include "planner/evaluate.h"
#include "planner/plan.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace remote {

/**
 * @brief A PostgreSQL server as seen from the probed host, from `postgresql://user[:password]@host[:port]/db`
 * (percent-decoded; `postgres://` and `postgresql+psycopg2://` too). The password travels on the probe's stdin.
 */
struct PostgresTarget {
    std::string host;
    int port = 5432;
    std::string user = "postgres";
    std::string database = "postgres";
    Secret password;
};

/** @brief A Redis server from `redis://[[user]:password@]host[:port][/db]` (`rediss://` refused: no TLS client here). */
struct RedisTarget {
    std::string host;
    int port = 6379;
    std::string user;
    int database = 0;
    Secret password;
};

[[nodiscard]] Result<PostgresTarget> parsePostgresUrl(std::string_view url); ///< Usage failure names the part
[[nodiscard]] Result<RedisTarget> parseRedisUrl(std::string_view url);

struct ProbeRequest {
    std::optional<PostgresTarget> postgres;
    std::optional<RedisTarget> redis;
    /** The directory whose file system `disk` reports (the bundle's target); empty: the login directory. */
    std::string diskPath;
};

struct HostFacts {
    std::optional<int> cpuCores;
    std::string cpuModel;
    std::optional<std::uint64_t> memoryTotalBytes;
    std::optional<std::uint64_t> memoryAvailableBytes;
    std::string diskPath;
    std::optional<std::uint64_t> diskTotalBytes;
    std::optional<std::uint64_t> diskFreeBytes;
    std::string operatingSystem;            ///< PRETTY_NAME of /etc/os-release
    std::optional<std::string> dockerVersion; ///< the engine's (server) version; nullopt: no docker or no engine
    std::string dockerError;                ///< why the engine did not answer (permission, not running)
    std::optional<std::string> swarmState;  ///< "inactive", "active", "pending", ...
    bool swarmManager = false;
    std::optional<std::string> kubectlVersion; ///< client version; nullopt: not installed
    std::optional<std::string> helmVersion;    ///< nullopt: not installed

    bool operator==(const HostFacts &) const = default;
};

/** @brief Connections now, grouped as pg_stat_activity shows them. */
struct PostgresClientGroup {
    std::string clientAddress;   ///< empty for a Unix socket
    std::string applicationName; ///< as the client set it (hostile text: shown, never executed)
    int connections = 0;

    bool operator==(const PostgresClientGroup &) const = default;
};

struct PostgresFacts {
    std::string error; ///< non-empty: not reached (no psql on the host, refused, authentication); the rest unset
    std::string version;
    std::optional<int> maxConnections;
    std::optional<int> superuserReservedConnections;
    std::optional<int> connectionsInUse; ///< client backends now
    std::vector<PostgresClientGroup> clients;

    bool operator==(const PostgresFacts &) const = default;
};

struct RedisFacts {
    std::string error;
    std::string version;
    std::optional<int> maxClients;
    std::optional<int> timeoutSeconds;
    std::string maxmemoryPolicy;
    std::optional<int> connectedClients;

    bool operator==(const RedisFacts &) const = default;
};

struct ProbeReport {
    std::string host; ///< Endpoint::display() of the probed host
    HostFacts machine;
    std::optional<PostgresFacts> postgres; ///< asked for
    std::optional<RedisFacts> redis;

    bool operator==(const ProbeReport &) const = default;
};

/**
 * @brief Runs an exec array on the probed host with stdin and a deadline. Session::run in the product; the
 * tests of the parsing and the comparison also run the same script locally through `sh`.
 */
using CommandRunner = std::function<Result<CommandResult>(const std::vector<std::string> &argv, const RunOptions &options)>;

/**
 * @brief The whole probe as one read-only command: `sh -c SCRIPT owui-probe ARGS...` with every user value
 * a quoted positional argument and secrets on stdin. `marker` (random, from the CSPRNG) frames each section
 * of the output, so no text a server returns can forge one.
 */
struct ProbeCommand {
    std::vector<std::string> argv;
    std::string input; ///< the passwords, one per line
    std::string marker;
};
[[nodiscard]] Result<ProbeCommand> probeCommand(const ProbeRequest &request);
[[nodiscard]] Result<ProbeReport> parseProbeOutput(const ProbeCommand &command, const CommandResult &result);

/** @brief probeCommand, the runner, parseProbeOutput. */
[[nodiscard]] Result<ProbeReport> probe(const CommandRunner &runner, const ProbeRequest &request);
[[nodiscard]] Result<ProbeReport> probe(Session &session, const ProbeRequest &request, std::stop_token stop = {});

/**
 * @brief Each fact held against the plan, as findings in `check`'s format (rule ids "probe-..."): the server
 * allows fewer connections than the plan needs, Redis evicts keys or drops idle clients, the observed
 * connections per Open WebUI client exceed the plan's per-process figure, the host lacks what the plan's
 * orchestrator needs, and a plan figure that differs from the server's.
 */
[[nodiscard]] std::vector<planner::Finding> holdAgainstPlan(const ProbeReport &report, const planner::Plan &plan);

/** @brief One server fact the plan can take ("use these values"), as the change and its words. */
struct FactChange {
    std::string label;               ///< "PostgreSQL max_connections"
    std::string observed;            ///< "37"
    std::string planned;             ///< "100"
    planner::SettingChange change;   ///< {"/database/max_connections", 37}
};
/** @brief Every fact that differs from the plan's field, in the plan file's terms (validated by applyChanges). */
[[nodiscard]] std::vector<FactChange> factChanges(const ProbeReport &report, const planner::Plan &plan);

/** @brief `--json`: facts under the servers' own names (max_connections, maxclients, ...), and `findings` when given. */
[[nodiscard]] nlohmann::json probeToJson(const ProbeReport &report, const std::vector<planner::Finding> *findings);

} // namespace remote
