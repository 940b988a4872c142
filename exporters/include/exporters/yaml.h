// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace exporters {

/**
 * @brief Emits a document through yaml-cpp, in the order it was built.
 *
 * Documents are built as ordered JSON values (maps, lists, strings, numbers,
 * booleans) and written here, where the quoting is decided once: a string is
 * double-quoted unless it is a plain identifier that no YAML 1.1 or 1.2 parser
 * could read as anything but a string ("true", "3.8", "8080:8080", "0755",
 * "yes", "" are all quoted).
 */
[[nodiscard]] std::string toYaml(const nlohmann::ordered_json &document);

/** @brief True when a string must be quoted to stay a string in YAML. */
[[nodiscard]] bool needsQuotes(const std::string &value);

} // namespace exporters
