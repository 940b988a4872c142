// SPDX-License-Identifier: MIT
#include "planner/training.h"

namespace planner {
namespace {

/** @brief A mistake sets a replica count; autoscaling bounds would refuse it, so the switch turns autoscaling off. */
std::vector<SettingChange> mistake(std::vector<SettingChange> changes)
{
    changes.insert(changes.begin(), SettingChange{"/autoscaling/enabled", "false"});
    return changes;
}

} // namespace

const std::vector<Breakage> &breakages()
{
    // Each mistake needs more than one process to show, so each also sets the replicas or workers it needs.
    static const std::vector<Breakage> kBreakages = {
        {"different-secret-keys", "Every replica makes its own secret key",
         "You log in, and the next click logs you out: 401 Unauthorized in the browser console, \"Error decrypting "
         "tokens\" in the logs.",
         "multi-replica-troubleshooting.md § Common Issues 1", "shared-secret-key",
         mistake({{"/replicas", "3"}, {"/secrets/key_mode", "\"unset\""}})},
        {"sqlite-three-replicas", "SQLite under three replicas",
         "Logs show \"database is locked\"; data saved on one instance disappears on another.",
         "multi-replica-troubleshooting.md § Common Issues 4", "external-database",
         mistake({{"/replicas", "3"}, {"/database/kind", "\"sqlite\""}})},
        {"no-redis-two-replicas", "Two replicas without Redis",
         "Chat stops responding; the browser shows \"WebSocket connection failed: 403\"; a model enabled in the Admin "
         "UI is \"not found\" on the other replica.",
         "multi-replica-troubleshooting.md § Common Issues 2 and 3", "redis-websockets",
         mistake({{"/replicas", "2"}, {"/redis/mode", "\"none\""}})},
        {"local-chroma-four-workers", "Local ChromaDB with four workers",
         "During a document upload: \"adding to collection\", then \"Child process died\", all in the same second.",
         "multi-replica-troubleshooting.md § Common Issues 6", "external-vector-db",
         mistake({{"/workers", "4"}, {"/vector_db/kind", "\"chroma\""}})},
        {"pools-over-max-connections", "Pools larger than max_connections",
         "Under load: \"FATAL: sorry, too many clients already\" from PostgreSQL, \"QueuePool limit reached\" in Open "
         "WebUI, requests that time out.",
         "multi-replica-troubleshooting.md § 8, Connection Pool Sizing", "connection-budget",
         mistake({{"/replicas", "3"}, {"/workers", "2"}, {"/database/kind", "\"postgresql\""}, {"/database/pool_size", "15"},
          {"/database/max_overflow", "20"}, {"/database/max_connections", "100"}})},
        {"every-pod-migrates", "Every replica runs the migrations",
         "After an upgrade, start-up fails with DuplicateTable or UniqueViolation errors; the schema may be left half "
         "migrated.",
         "multi-replica-troubleshooting.md § Updates and Migrations", "single-migrator",
         mistake({{"/replicas", "3"}, {"/migrations", "\"every-instance\""}})},
    };
    return kBreakages;
}

} // namespace planner
