// SPDX-License-Identifier: MIT
#pragma once
// The names Open WebUI reads from its environment, and the check that a workload's names are among them.

#include "importers/audit.h"

#include <string_view>
#include <vector>

namespace importers::detail {

/** @brief importers/data/openwebui-variables.txt, compiled in: one name per line, '#' comments. */
[[nodiscard]] std::string_view openWebUiVariablesText();

/** @brief True when Open WebUI reads a variable of this name. */
[[nodiscard]] bool isOpenWebUiVariable(std::string_view name);

/** @brief The real name nearest to a misspelt one (at most two edits, or three for long names), or empty. */
[[nodiscard]] std::string_view nearestOpenWebUiVariable(std::string_view name);

/** @brief Warnings for a workload's variables that look like Open WebUI's but are not, naming the nearest real one. */
[[nodiscard]] std::vector<AuditNote> variableNotes(const Workload &workload);

} // namespace importers::detail
