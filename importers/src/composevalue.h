// SPDX-License-Identifier: MIT
#pragma once
// The Compose reader's own tree: YAML with merge keys applied, variables interpolated and every value located
// in its file, so that files, overrides, extends and include can be merged as Compose merges them.

#include "importers/deployment.h"
#include "planner/result.h"

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "yamlnode.h"

namespace importers::detail {

/**
 * @brief Where a value sits. The file's name is kept once per read by the ComposeConverter, not in every value:
 * a SourceLocation per value cost two allocations each, and most of a large file's memory.
 */
struct ValueLocation {
    const std::string *file = nullptr;
    int line = 0;
    int column = 0;
    // NOLINTNEXTLINE(google-explicit-constructor): a value's location reads as a finding's location
    operator SourceLocation() const { return SourceLocation{file ? *file : std::string(), line, column}; }
};

/** @brief One node of a Compose file after merge keys and interpolation; a map's items carry their keys. */
struct ComposeValue {
    enum class Type { Null, Scalar, Map, Sequence };
    Type type = Type::Null;
    std::string text;          ///< a scalar after interpolation (unset variables read as empty)
    bool unknown = false;      ///< interpolation used a variable the files do not set
    std::string unknownOrigin; ///< "${OWUI_KEY} is not set in .env (the shell may set it)"
    std::string key;           ///< for an item of a map: its key
    ValueLocation keyWhere;
    ValueLocation where;
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
 * @brief Where each key of a map's items sits, for lookups repeated over one map (find() walks the items: a file
 * of thousands of services would cost their square). It walks while the map is small and hashes once it is not;
 * items appended after it was made are taken in at the next lookup. Answers as find() does (the first of equal
 * keys). Keys are copied: merging an item may rewrite its key's storage, and appending moves the items.
 */
class KeyIndex
{
public:
    explicit KeyIndex(const std::vector<ComposeValue> &items) : m_items(items) {}
    /** @brief Over a map's items; nothing is found when `map` is null or not a map. */
    explicit KeyIndex(const ComposeValue *map);

    /** @brief Where `key` is in the items, or nullopt. */
    [[nodiscard]] std::optional<std::size_t> position(const std::string &key) const;
    /** @brief The item with `key`, or null; valid while the items are not changed. */
    [[nodiscard]] const ComposeValue *find(const std::string &key) const;

private:
    static constexpr std::size_t kWalkUpTo = 16;
    const std::vector<ComposeValue> &m_items;
    mutable std::unordered_map<std::string, std::size_t> m_index;
    mutable std::size_t m_indexed = 0; ///< items [0, m_indexed) are in m_index
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

/** @brief Converts the parsed tree to ComposeValue within a node budget shared by every file of one read. */
class ComposeConverter
{
public:
    ComposeConverter(const Variables &variables, std::size_t budget) : m_variables(variables), m_budget(budget) {}
    [[nodiscard]] planner::Result<ComposeValue> convert(const YamlNode &node, const std::string &file);
    /** @brief Counts a copy made by extends or include against the same budget; false once it is spent. */
    [[nodiscard]] bool charge(const ComposeValue &copy);

private:
    /** @brief The converter's one copy of a file name, which values point at; it lives as long as the converter. */
    const std::string *fileName(const std::string &file);
    planner::Result<ComposeValue> convertNode(const YamlNode &node, const std::string *file, int depth);
    const Variables &m_variables;
    std::size_t m_budget;
    std::set<std::string, std::less<>> m_fileNames; ///< a set's elements stay where they are
};

/** @brief Compose's merge of `over` onto `base`: maps merge by key, sequences append (command and entrypoint replace), scalars override. */
void mergeCompose(ComposeValue &base, const ComposeValue &over);

} // namespace importers::detail
