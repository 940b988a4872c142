// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace planner {

/**
 * @brief One argument for a POSIX shell, single-quoted: `it's` → `'it'\''s'`. Every byte but `'` is
 * literal inside single quotes, so no host name, path, secret name or image tag can become a command.
 * The one quoting of the project: the runbook, the deploy scripts and the remote commands all use it.
 */
[[nodiscard]] std::string shellQuote(std::string_view argument);

/** @brief shellQuote for people reading it: a word of only `[A-Za-z0-9_./:=@%+,-]` stays bare. */
[[nodiscard]] std::string shellWord(std::string_view word);

} // namespace planner
