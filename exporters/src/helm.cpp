// SPDX-License-Identifier: MIT
// Skeleton: being written.
#include "exporters/targets.h"

namespace exporters {

planner::Result<std::vector<BundleFile>> renderHelm(const planner::Plan &, const DeploymentModel &)
{
    return std::vector<BundleFile>{};
}

std::vector<std::string> unknownChartKeys(const std::string &)
{
    return {};
}

} // namespace exporters
