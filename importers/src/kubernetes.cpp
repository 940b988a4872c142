// SPDX-License-Identifier: MIT
#include "readers.h"

namespace importers::detail {

planner::Result<void> readKubernetes(const std::vector<YamlFile> &, ReadContext &, ImportedDeployment &)
{
    return {}; // TODO(issue 11): the Kubernetes and Helm reader
}

} // namespace importers::detail
