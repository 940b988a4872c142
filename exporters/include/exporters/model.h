// SPDX-License-Identifier: MIT
#pragma once

#include "planner/plan.h"

#include <string>
#include <vector>

namespace exporters {

/**
 * @brief One environment variable of Open WebUI. A secret carries no value:
 * each target references it (Compose from `.env`, Swarm as a Docker secret,
 * Helm through `secretKeyRef`) under its own name.
 */
struct EnvVar {
    std::string name;
    std::string value;
    bool secret = false;

    bool operator==(const EnvVar &) const = default;
};

/** @brief A secret the bundle needs, and whether the planner generates it. */
struct SecretSpec {
    std::string name;        ///< the variable name; also the key in `.env` and in the Kubernetes Secret
    std::string description; ///< for the runbook and `.env` comments
    bool generated = true;   ///< false: the operator supplies it (external secret, external database)

    bool operator==(const SecretSpec &) const = default;
};

/** @brief The services the bundle runs beside Open WebUI (rather than pointing at existing ones). */
struct BundledServices {
    bool postgres = false;  ///< image with pgvector when the plan uses pgvector on the same server
    bool pgvectorImage = false;
    bool redis = false;
    bool vectorDb = false;  ///< Chroma HTTP or Qdrant server
    bool tika = false;
    bool docling = false;
    bool otelCollector = false;
    bool loadBalancer = false; ///< Compose only: nginx in front of the replicas (always with several)
};

/**
 * @brief Everything the three targets share, derived once from a plan, so that
 * every variable, secret reference and URL is the same in Compose, Swarm and Helm.
 */
struct DeploymentModel {
    std::vector<EnvVar> app;      ///< Open WebUI replicas
    std::vector<EnvVar> migrator; ///< the one-shot migration unit (empty when none is needed)
    std::vector<SecretSpec> secrets;
    BundledServices services;
    std::string imageTag;
    std::string redisUrl;         ///< also WEBSOCKET_REDIS_URL; empty without Redis
    bool migrationUnit = false;   ///< multi-process: migrations run once, before the replicas start

    [[nodiscard]] const EnvVar *find(std::string_view name) const;
};

/** @brief The shared model of a plan's deployment. */
[[nodiscard]] DeploymentModel deploymentModel(const planner::Plan &plan);

/** @brief The image every target runs. */
inline constexpr std::string_view kImageRepository = "ghcr.io/open-webui/open-webui";
/** @brief The Kubernetes Secret (and Docker secret prefix) the bundle's secrets live in. */
inline constexpr std::string_view kSecretName = "open-webui-secrets";

} // namespace exporters
