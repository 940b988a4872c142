// SPDX-License-Identifier: MIT
// Skeleton: being written.
#include "internal.h"

namespace exporters {

std::string renderEnvFile(const planner::Plan &, const DeploymentModel &, const SecretValues &)
{
    return {};
}

std::string renderRunbook(const planner::Plan &, const planner::Evaluation &, const DeploymentModel &,
                          const std::vector<Format> &)
{
    return {};
}

} // namespace exporters
