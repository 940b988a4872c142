// SPDX-License-Identifier: MIT
// Skeleton: being written.
#include "exporters/targets.h"

namespace exporters {

std::vector<BundleFile> renderSwarm(const planner::Plan &, const DeploymentModel &)
{
    return {};
}

} // namespace exporters
