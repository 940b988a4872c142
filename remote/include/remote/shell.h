// SPDX-License-Identifier: MIT
#pragma once

#include "planner/shell.h"

#include <string>
#include <string_view>
#include <vector>

namespace remote {

/** @brief planner::shellQuote (one quoting for the bundle's scripts and the remote commands). */
using planner::shellQuote;

/**
 * @brief An exec array as the one command line an SSH exec request carries (the remote login shell
 * splits it back into exactly these arguments). The remote side must have a POSIX login shell.
 */
[[nodiscard]] std::string commandLine(const std::vector<std::string> &argv);

} // namespace remote
