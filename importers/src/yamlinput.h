// SPDX-License-Identifier: MIT
#pragma once
// Bounded YAML input shared by the readers: every file goes through here.

#include "importers/deployment.h"
#include "importers/read.h"
#include "planner/result.h"
#include "yamlnode.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace importers::detail {

/** @brief One parsed file: its documents (a Kubernetes file may hold several) and the name findings show. */
struct YamlFile {
    std::filesystem::path path;   ///< empty for text given in memory
    std::string displayName;      ///< as the user gave it, shown in findings
    std::vector<YamlNode> documents;
    FileKind kind = FileKind::HelmValues;
};

/** @brief Read a regular file within kMaxDeploymentFileBytes (never blocking on a FIFO or device). */
[[nodiscard]] planner::Result<std::string> readBoundedFile(const std::filesystem::path &path, const std::string &displayName);

/**
 * @brief Parse YAML text after checking it is text (no NUL, no UTF-16/32), nested at most kMaxYamlDepth
 * levels, and walks within kMaxYamlNodes nodes with aliases expanded. Errors carry the file and line.
 */
[[nodiscard]] planner::Result<std::vector<YamlNode>> parseYaml(std::string_view text, const std::string &displayName);

/** @brief Text made valid UTF-8 (each invalid byte becomes U+FFFD), for what reports and plan files show (file names, decoded URL parts). */
[[nodiscard]] std::string validUtf8(std::string_view text);

/** @brief readBoundedFile + parseYaml + classify. */
[[nodiscard]] planner::Result<YamlFile> loadYamlFile(const std::filesystem::path &path, const std::string &displayName);

/** @brief The kind of a parsed file, from its first mapping document's keys. */
[[nodiscard]] FileKind classify(const std::vector<YamlNode> &documents);

/** @brief The location of a node in a file; line 0 when the node is undefined. */
[[nodiscard]] SourceLocation locate(const YamlNode &node, const std::string &file);

/** @brief A scalar as text, or nullopt when the node is not a scalar. */
[[nodiscard]] std::optional<std::string> scalarText(const YamlNode &node);

/** @brief An error naming the file and line of a node. */
[[nodiscard]] planner::Error errorAt(const YamlNode &node, const std::string &file, std::string message);

} // namespace importers::detail
