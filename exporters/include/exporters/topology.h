// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace exporters {

/** @brief Where a service of the drawing runs. */
enum class Placement {
    Bundled,   ///< the bundle runs it beside Open WebUI
    External,  ///< the plan points at one that already exists
    InProcess, ///< inside every Open WebUI process (SQLite, local Chroma)
};

[[nodiscard]] std::string_view toString(Placement placement);

enum class MigrationRunner;
[[nodiscard]] std::string_view toString(MigrationRunner runner);

/** @brief One box below the Open WebUI instances. */
struct TopologyNode {
    std::string id;     ///< stable: database, redis, vector-db, storage, extraction, embeddings, telemetry
    std::string label;  ///< "PostgreSQL"
    std::string detail; ///< "max_connections 700"
    /** What runs inside this server and is drawn within its box ("pgvector" in PostgreSQL), not beside it. */
    std::vector<std::string> inside;
    Placement placement = Placement::Bundled;

    bool operator==(const TopologyNode &) const = default;
};

/**
 * @brief The deployment as the window draws it, decided by the same model the exporters write: the
 * window only lays it out.
 */
struct Topology {
    bool loadBalancer = false;      ///< something balances across the instances (at the autoscaling peak too)
    std::string entryLabel;         ///< "Load balancer" or "Users"
    std::string entryDetail;        ///< "nginx in the bundle · sticky", "straight to the container on port 3000"
    std::string instanceLabel;      ///< what one instance is called on this orchestrator: pod, container, task
    int replicas = 1;               ///< instances at the start
    bool autoscaling = false;
    int minReplicas = 1;            ///< the autoscaling range (replicas, replicas without autoscaling)
    int maxReplicas = 1;
    int workers = 1;                ///< Uvicorn workers in each instance
    std::string migrations;         ///< who runs Alembic: "one job before the pods start", "each process at start"
    std::string migrationRunner;    ///< "every-process", "job" or "primary" (the model's MigrationRunner)
    int migratingInstance = 0;      ///< 1-based instance (as drawn) that migrates in primary mode; 0: none singled out
    std::vector<TopologyNode> services;

    bool operator==(const Topology &) const = default;
};

/** @brief The topology as JSON (the adapter hands it to QML as a map). */
[[nodiscard]] nlohmann::ordered_json toJson(const Topology &topology);

} // namespace exporters
