// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace remote {

/**
 * @brief One argument for a POSIX shell, single-quoted: `it's` → `'it'\''s'`. Every byte but `'` is
 * literal inside single quotes, so no host name, path, database name or URL can become a command.
 */
[[nodiscard]] std::string shellQuote(std::string_view argument);

/**
 * @brief An exec array as the one command line an SSH exec request carries (the remote login shell
 * splits it back into exactly these arguments). The remote side must have a POSIX login shell.
 */
[[nodiscard]] std::string commandLine(const std::vector<std::string> &argv);

} // namespace remote
