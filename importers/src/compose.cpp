// SPDX-License-Identifier: MIT
#include "readers.h"

namespace importers::detail {

planner::Result<void> readCompose(const std::vector<YamlFile> &, ReadContext &, ImportedDeployment &)
{
    return {}; // TODO(issue 11): the Compose reader
}

} // namespace importers::detail
