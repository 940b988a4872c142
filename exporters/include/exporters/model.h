// SPDX-License-Identifier: MIT
#pragma once

#include "exporters/topology.h"
#include "planner/plan.h"
#include "planner/result.h"

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

/** @brief Who runs Alembic in the bundle, as the plan's `migrations` decides for a multi-process plan. */
enum class MigrationRunner {
    EveryProcess, ///< Open WebUI's default, ENABLE_DB_MIGRATIONS unset: one process, or "every-instance" as planned
    Job,          ///< a one-shot unit runs Alembic before the replicas, which all have it off
    Primary,      ///< one instance migrates at start (the first pod, task or container); every other has it off
};

/**
 * @brief Everything the three targets share, derived once from a plan, so that
 * every variable, secret reference and URL is the same in Compose, Swarm and Helm.
 */
struct DeploymentModel {
    /**
     * Open WebUI replicas: every variable each process sees, in every target. Helm's chart renders some
     * of them itself (ENABLE_OLLAMA_API, OPENAI_API_BASE_URL, the storage provider's variables, even
     * empty); they are here with the chart's values, so Compose and Swarm hand over the same ones.
     */
    std::vector<EnvVar> app;
    /** The migrating unit's variables: the job's, or the primary instance's (empty with EveryProcess). */
    std::vector<EnvVar> migrator;
    std::vector<SecretSpec> secrets;
    BundledServices services;
    std::string imageTag;
    std::string redisUrl;         ///< also WEBSOCKET_REDIS_URL; empty without Redis
    /** S3_ENDPOINT_URL (the plan's, or AWS's regional endpoint) or AZURE_STORAGE_ENDPOINT; empty otherwise. */
    std::string storageEndpoint;
    MigrationRunner migrationRunner = MigrationRunner::EveryProcess;
    /** Values the plan leaves open and the bundle fills in (an embedding model, an AWS region): the runbook lists them. */
    std::vector<std::string> assumptions;
    Topology topology;

    [[nodiscard]] const EnvVar *find(std::string_view name) const;
    /** @brief A one-shot migration unit (Compose service, Swarm job, Kubernetes Job) is part of the bundle. */
    [[nodiscard]] bool migrationJob() const { return migrationRunner == MigrationRunner::Job; }
    /** @brief One designated instance migrates; the others run with ENABLE_DB_MIGRATIONS=false. */
    [[nodiscard]] bool migratingPrimary() const { return migrationRunner == MigrationRunner::Primary; }
};

/** @brief The shared model of a plan's deployment. */
[[nodiscard]] DeploymentModel deploymentModel(const planner::Plan &plan);

/**
 * @brief What no target can deploy, whatever the findings: an error naming the plan field (Azure storage
 * without its endpoint stops every Open WebUI process at start). Success when the plan can be exported.
 */
[[nodiscard]] planner::Result<void> checkDeployable(const planner::Plan &plan);

/** @brief AWS's regional S3 endpoint, https://s3.<region>.amazonaws.com. */
[[nodiscard]] std::string awsS3Endpoint(const std::string &region);

/** @brief Open WebUI's OpenAI base URL, the chart's `openaiBaseApiUrl` default too. */
inline constexpr std::string_view kOpenAiBaseUrl = "https://api.openai.com/v1";

/** @brief The image every target runs. */
inline constexpr std::string_view kImageRepository = "ghcr.io/open-webui/open-webui";
/** @brief The Kubernetes Secret (and Docker secret prefix) the bundle's secrets live in. */
inline constexpr std::string_view kSecretName = "open-webui-secrets";

} // namespace exporters
