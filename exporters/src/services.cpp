// SPDX-License-Identifier: MIT
// Pieces that Compose, Swarm and Helm share, so each is decided once.
#include "internal.h"

namespace exporters {

std::string imageOf(const DeploymentModel &model)
{
    return std::string(kImageRepository) + ":" + model.imageTag;
}

std::vector<std::string> redisServerArguments(const planner::Plan &plan)
{
    const auto &r = plan.redis;
    return {"redis-server",
            "--timeout", std::to_string(r.timeoutSeconds),
            "--maxclients", std::to_string(r.maxClients),
            "--maxmemory-policy", r.maxmemoryPolicy,
            // Token revocations and locks survive a restart (the docs' persistence settings).
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "30 1"};
}

std::vector<std::string> migrationCommand()
{
    // Open WebUI has no migrate-only switch; this is the manual procedure of its docs: Alembic, once.
    return {"bash", "-c", "cd /app/backend/open_webui && alembic upgrade head"};
}

} // namespace exporters
