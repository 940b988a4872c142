// SPDX-License-Identifier: MIT
#pragma once
// The Compose reader's own tree: YAML with merge keys applied, variables interpolated and every value located
// in its file, so that files, overrides, extends and include can be merged as Compose merges them.

#include "importers/deployment.h"
#include "planner/result.h"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace importers::detail {

/** @brief One node of a Compose file after merge keys and interpolation; a map's items carry their keys. */
struct ComposeValue {
    enum class Type { Null, Scalar, Map, Sequence };
    Type type = Type::Null;
    std::string text;          ///< a scalar after interpolation (unset variables read as empty)
    bool unknown = false;      ///< interpolation used a variable the files do not set
    std::string unknownOrigin; ///< "${OWUI_KEY} is not set in .env (the shell may set it)"
    std::string key;           ///< for an item of a map: its key
    SourceLocation keyWhere;
    SourceLocation where;
    std::vector<ComposeValue> items;

    [[nodiscard]] bool isMap() const { return type == Type::Map; }
    [[nodiscard]] bool isSequence() const { return type == Type::Sequence; }
    [[nodiscard]] bool isScalar() const { return type == Type::Scalar; }
    [[nodiscard]] const ComposeValue *find(std::string_view name) const;
    [[nodiscard]] ComposeValue *find(std::string_view name);
    /** @brief The item's text when it is a scalar, else empty. */
    [[nodiscard]] std::string textOf(std::string_view name) const;
    void erase(std::string_view name);
};

/**
 * @brief A map's items by key, for a lookup repeated once per service (find() walks the items: a file with
 * thousands of services would cost their square). Answers as find() does; the map must not change meanwhile.
 */
class KeyIndex
{
public:
    explicit KeyIndex(const ComposeValue *map);
    [[nodiscard]] const ComposeValue *find(std::string_view key) const;

private:
    std::unordered_map<std::string_view, const ComposeValue *> m_items;
};

/** @brief Variables for interpolation: the `.env` of the project directory (the shell is not visible). */
using Variables = std::map<std::string, std::string>;

/**
 * @brief Compose's interpolation of one scalar: `${VAR}`, `$VAR`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`,
 * `${VAR?e}`, `${VAR:+a}`, `${VAR+a}`, `$$`. A variable not in `variables` is unknown unless a default
 * applies: it reads as empty and `unknownVariable` names it.
 */
[[nodiscard]] std::string interpolate(std::string_view text, const Variables &variables, std::string &unknownVariable);

/** @brief One line of an env file, as Compose reads it. */
struct DotenvEntry {
    std::string key;
    std::string value;
    int line = 0;
    bool bare = false; ///< `KEY` alone: taken from the shell
};

/** @brief KEY=VALUE lines, `export`, comments, single and double quotes (with escapes), inline ` #` comments. */
[[nodiscard]] std::vector<DotenvEntry> parseDotenv(std::string_view text);

/** @brief Converts yaml-cpp nodes to ComposeValue within a node budget shared by every file of one read. */
class ComposeConverter
{
public:
    ComposeConverter(const Variables &variables, std::size_t budget) : m_variables(variables), m_budget(budget) {}
    [[nodiscard]] planner::Result<ComposeValue> convert(const YAML::Node &node, const std::string &file);
    /** @brief Counts a copy made by extends or include against the same budget; false once it is spent. */
    [[nodiscard]] bool charge(const ComposeValue &copy);

private:
    planner::Result<ComposeValue> convertNode(const YAML::Node &node, const std::string &file, int depth);
    const Variables &m_variables;
    std::size_t m_budget;
};

/** @brief Compose's merge of `over` onto `base`: maps merge by key, sequences append (command and entrypoint replace), scalars override. */
void mergeCompose(ComposeValue &base, const ComposeValue &over);

} // namespace importers::detail
