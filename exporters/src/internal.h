// SPDX-License-Identifier: MIT
#pragma once

#include "exporters/bundle.h"
#include "exporters/model.h"
#include "planner/evaluate.h"
#include "planner/shell.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exporters {

using planner::shellQuote;
using planner::shellWord;

/** @brief `.env`: every secret of the bundle, generated values or placeholders to fill in. */
[[nodiscard]] std::string renderEnvFile(const planner::Plan &plan, const DeploymentModel &model, const SecretValues &secrets);

/** @brief `README.md`: the runbook in order, with the plan's budget and findings. */
[[nodiscard]] std::string renderRunbook(const planner::Plan &plan, const planner::Evaluation &evaluation,
                                        const DeploymentModel &model, const std::vector<Format> &formats,
                                        const std::vector<BundleFile> &files);

/** @brief Text for a one-line comment or heading: control characters (a line break in a plan name) become spaces. */
[[nodiscard]] std::string oneLine(std::string text);

/** @brief RFC 3986 percent-encoding of everything but the unreserved characters (userinfo and path segments). */
[[nodiscard]] std::string percentEncoded(std::string_view text);

/** @brief `postgresql://user:password@host:port/database`, user, password and database percent-encoded. */
[[nodiscard]] std::string postgresUrl(const std::string &user, const std::string &password, const std::string &host, int port,
                                      const std::string &database);

/**
 * @brief One `.env` line: `NAME=value` when the value holds nothing special, else `NAME='value'`. Single quotes are
 * literal for Compose v2, docker-compose v1 and the shell that sources the file (`set -a; . ./.env`); none of them
 * can carry a quote, a backslash or a control character unchanged, and docker-compose v1 expands `${NAME}` even
 * in single quotes: such a value has no line (nothing).
 */
[[nodiscard]] std::optional<std::string> envFileLine(const std::string &name, const std::string &value);

/** @brief The drawing of the deployment, from the plan and the model the targets are written from. */
[[nodiscard]] Topology topologyOf(const planner::Plan &plan, const DeploymentModel &model);

/** @brief The stack's key of a secret (`owui_webui_secret_key`); the Docker secret's name too, unless the operator's own. */
[[nodiscard]] std::string dockerSecretKey(const std::string &variable);
[[nodiscard]] std::string dockerSecretName(const planner::Plan &plan, const std::string &variable);

/** @brief Doubles every `$` of every string in a document, so Compose and Swarm interpolate none of them. */
void escapeDollars(nlohmann::ordered_json &document);

/** @brief Container image reference for a tag. */
[[nodiscard]] std::string imageOf(const DeploymentModel &model);

/** @brief The Redis server's command line as the plan sets it (timeout, maxclients, eviction, persistence). */
[[nodiscard]] std::vector<std::string> redisServerArguments(const planner::Plan &plan);

/** @brief The migration command: Alembic once, with the same environment as the replicas. */
[[nodiscard]] std::vector<std::string> migrationCommand();

/** @brief The image's own start: its WORKDIR is /app/backend and its CMD `bash start.sh`. */
[[nodiscard]] std::vector<std::string> imageStartCommand();

/**
 * @brief How an instance starts in primary mode: with ENABLE_DB_MIGRATIONS=true only where `shellTest` holds (the
 * StatefulSet's ordinal 0, the Swarm task slot 1), then the image's start. The test is the exporter's fixed text,
 * never plan text.
 */
[[nodiscard]] std::vector<std::string> primaryOnlyStartCommand(std::string_view shellTest);

/** @brief Compose and stack files interpolate `$`; a literal one is written `$$`. */
[[nodiscard]] std::string literal(const std::string &value);

/** @brief A service's `healthcheck` (Compose and Swarm share the syntax). */
[[nodiscard]] nlohmann::ordered_json healthcheck(nlohmann::ordered_json test, const std::string &interval, int retries,
                                                 const std::string &startPeriod);

/** @brief Open WebUI's own health check: `GET /health` on port 8080. */
[[nodiscard]] nlohmann::ordered_json openWebuiHealthcheck();

/** @brief A service the bundle runs beside Open WebUI, as Compose and Swarm both describe it. */
struct BundledService {
    // Every member has a default so that designated initializers may name only what a service has.
    std::string name{};                  ///< service name, and the host name the app's URLs point at
    std::string image{};
    std::vector<std::string> command{};  ///< empty: the image's own
    nlohmann::ordered_json environment = nlohmann::ordered_json::object(); ///< plain values only
    std::string passwordSecret{};        ///< a secret the image reads as VAR or VAR_FILE (each target supplies it)
    std::string volume{};                ///< named volume; empty for a stateless service
    std::string dataPath{};              ///< where the volume is mounted
    nlohmann::ordered_json healthcheck{}; ///< null: none
    int publishedPort = 0;               ///< a UI published on the host; 0: none
    int containerPort = 0;
};

/** @brief The model's bundled services in a fixed order, so every target runs the same images. */
[[nodiscard]] std::vector<BundledService> bundledServices(const planner::Plan &plan, const DeploymentModel &model);

} // namespace exporters
