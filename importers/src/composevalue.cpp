// SPDX-License-Identifier: MIT
#include "composevalue.h"
#include "text.h"

#include "importers/read.h"
#include "yamlinput.h"

#include <algorithm>
#include <cctype>

namespace importers::detail {

const ComposeValue *ComposeValue::find(std::string_view name) const
{
    if (type != Type::Map)
        return nullptr;
    for (const auto &item : items)
        if (item.key == name)
            return &item;
    return nullptr;
}

ComposeValue *ComposeValue::find(std::string_view name)
{
    return const_cast<ComposeValue *>(std::as_const(*this).find(name));
}

std::string ComposeValue::textOf(std::string_view name) const
{
    const auto *item = find(name);
    return item && item->isScalar() ? item->text : std::string();
}

namespace {
const std::vector<ComposeValue> kNoItems;
} // namespace

KeyIndex::KeyIndex(const ComposeValue *map) : m_items(map && map->isMap() ? map->items : kNoItems) {}

std::optional<std::size_t> KeyIndex::position(const std::string &key) const
{
    if (m_index.empty() && m_items.size() <= kWalkUpTo) {
        for (std::size_t i = 0; i < m_items.size(); ++i)
            if (m_items[i].key == key)
                return i;
        return std::nullopt;
    }
    for (; m_indexed < m_items.size(); ++m_indexed)
        m_index.emplace(m_items[m_indexed].key, m_indexed); // the first of equal keys stays, as find() answers
    const auto found = m_index.find(key);
    return found == m_index.end() ? std::nullopt : std::optional<std::size_t>(found->second);
}

const ComposeValue *KeyIndex::find(const std::string &key) const
{
    const auto at = position(key);
    return at ? &m_items[*at] : nullptr;
}

void ComposeValue::erase(std::string_view name)
{
    std::erase_if(items, [name](const ComposeValue &item) { return item.key == name; });
}

namespace {

bool isNameStart(char c)
{
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}

bool isNameChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Nested defaults (${A:-${B:-x}}) recurse; deeper than this is left as text rather than risk the stack.
constexpr int kMaxInterpolationDepth = 16;

std::string interpolateAt(std::string_view text, const Variables &variables, std::string &unknown, int depth)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c != '$' || i + 1 >= text.size()) {
            out += c;
            ++i;
            continue;
        }
        const char next = text[i + 1];
        if (next == '$') { // $$ is a literal $
            out += '$';
            i += 2;
            continue;
        }
        if (isNameStart(next)) { // $VAR
            std::size_t end = i + 1;
            while (end < text.size() && isNameChar(text[end]))
                ++end;
            const std::string name(text.substr(i + 1, end - i - 1));
            if (const auto found = variables.find(name); found != variables.end())
                out += found->second;
            else if (unknown.empty())
                unknown = name;
            i = end;
            continue;
        }
        if (next != '{') {
            out += c;
            ++i;
            continue;
        }
        // ${...}: find the matching brace, counting nested ${.
        std::size_t end = i + 2;
        int open = 1;
        while (end < text.size() && open > 0) {
            if (text[end] == '$' && end + 1 < text.size() && text[end + 1] == '{') {
                ++open;
                end += 2;
                continue;
            }
            if (text[end] == '}')
                --open;
            if (open > 0)
                ++end;
        }
        if (open > 0 || depth >= kMaxInterpolationDepth) { // unterminated or too deep: Compose refuses; keep the text
            out.append(text.substr(i));
            break;
        }
        const std::string_view inner = text.substr(i + 2, end - i - 2);
        std::size_t nameEnd = 0;
        while (nameEnd < inner.size() && isNameChar(inner[nameEnd]))
            ++nameEnd;
        const std::string name(inner.substr(0, nameEnd));
        std::string_view op = inner.substr(nameEnd);
        std::string_view operand;
        std::string kind;
        for (std::string_view candidate : {":-", ":?", ":+", "-", "?", "+"}) {
            if (op.starts_with(candidate)) {
                kind = candidate;
                operand = op.substr(candidate.size());
                break;
            }
        }
        const auto found = variables.find(name);
        const bool set = found != variables.end();
        const bool setNonEmpty = set && !found->second.empty();
        if (kind == ":-" || kind == "-") {
            const bool useValue = kind == ":-" ? setNonEmpty : set;
            out += useValue ? found->second : interpolateAt(operand, variables, unknown, depth + 1);
        } else if (kind == ":+" || kind == "+") {
            const bool useAlternative = kind == ":+" ? setNonEmpty : set;
            if (!set && unknown.empty())
                unknown = name; // the shell may set it, and then the alternative applies
            else if (useAlternative)
                out += interpolateAt(operand, variables, unknown, depth + 1);
        } else { // plain, or :? and ? (an error in Compose when unset; the shell may set it)
            if (set)
                out += found->second;
            else if (unknown.empty())
                unknown = name.empty() ? std::string(inner) : name;
        }
        i = end + 1;
    }
    return out;
}

bool isMergeKey(const YamlNode &key)
{
    return key.isScalar() && key.scalar() == "<<";
}

} // namespace

std::string interpolate(std::string_view text, const Variables &variables, std::string &unknownVariable)
{
    return interpolateAt(text, variables, unknownVariable, 0);
}

std::vector<DotenvEntry> parseDotenv(std::string_view text)
{
    std::vector<DotenvEntry> entries;
    int line = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        ++line;
        std::string current = trimmed(text.substr(pos, end - pos));
        pos = end + 1;
        if (current.empty() || current.front() == '#')
            continue;
        if (current.starts_with("export ") || current.starts_with("export\t"))
            current = trimmed(std::string_view(current).substr(7));
        const auto equals = current.find('=');
        DotenvEntry entry;
        entry.line = line;
        if (equals == std::string::npos) {
            entry.key = current;
            entry.bare = true;
        } else {
            entry.key = trimmed(std::string_view(current).substr(0, equals));
            const std::string raw = trimmed(std::string_view(current).substr(equals + 1));
            if (!raw.empty() && raw.front() == '\'') {
                const auto close = raw.find('\'', 1);
                entry.value = raw.substr(1, close == std::string::npos ? std::string::npos : close - 1);
            } else if (!raw.empty() && raw.front() == '"') {
                for (std::size_t i = 1; i < raw.size() && raw[i] != '"'; ++i) {
                    if (raw[i] == '\\' && i + 1 < raw.size()) {
                        const char escaped = raw[++i];
                        entry.value += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped == 'r' ? '\r' : escaped;
                    } else {
                        entry.value += raw[i];
                    }
                }
            } else {
                // Unquoted: a # after whitespace starts a comment.
                std::string value = raw;
                for (std::size_t i = 1; i < value.size(); ++i) {
                    if (value[i] == '#' && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
                        value = trimmed(std::string_view(value).substr(0, i));
                        break;
                    }
                }
                entry.value = value;
            }
        }
        if (entry.key.empty() || !std::all_of(entry.key.begin(), entry.key.end(), [](char c) {
                return isNameChar(c) || c == '.' || c == '-';
            }))
            continue; // not a variable line
        entries.push_back(std::move(entry));
        if (end == text.size())
            break;
    }
    return entries;
}

planner::Result<ComposeValue> ComposeConverter::convert(const YamlNode &node, const std::string &file)
{
    return convertNode(node, fileName(file), 0);
}

const std::string *ComposeConverter::fileName(const std::string &file)
{
    return &*m_fileNames.insert(file).first;
}

namespace {

std::size_t countNodes(const ComposeValue &value)
{
    std::size_t count = 1;
    for (const auto &item : value.items)
        count += countNodes(item);
    return count;
}

} // namespace

bool ComposeConverter::charge(const ComposeValue &copy)
{
    const std::size_t nodes = countNodes(copy);
    if (nodes > m_budget) {
        m_budget = 0;
        return false;
    }
    m_budget -= nodes;
    return true;
}

planner::Result<ComposeValue> ComposeConverter::convertNode(const YamlNode &node, const std::string *file, int depth)
{
    if (depth > kMaxYamlDepth)
        return tl::unexpected(errorAt(node, *file, "nested deeper than " + std::to_string(kMaxYamlDepth) +
                                                      " levels through merge keys; not a deployment file"));
    if (m_budget == 0)
        return tl::unexpected(errorAt(node, *file,
                                      "expands to more than " + std::to_string(kMaxYamlNodes) +
                                          " nodes through aliases, merge keys, extends and include; not a deployment file"));
    --m_budget;
    ComposeValue value;
    value.where = {file, node.line(), node.column()};
    if (!node.isDefined() || node.isNull())
        return value;
    if (node.isScalar()) {
        value.type = ComposeValue::Type::Scalar;
        std::string unknown;
        value.text = interpolate(node.scalar(), m_variables, unknown);
        if (!unknown.empty()) {
            value.unknown = true;
            value.unknownOrigin = "${" + unknown + "} is not set in .env (the shell may set it)";
        }
        return value;
    }
    if (node.isSequence()) {
        value.type = ComposeValue::Type::Sequence;
        value.items.reserve(node.size());
        for (const auto &item : node.elements()) {
            auto converted = convertNode(item, file, depth + 1);
            if (!converted)
                return converted;
            value.items.push_back(std::move(*converted));
        }
        return value;
    }
    value.type = ComposeValue::Type::Map;
    value.items.reserve(node.size()); // merge keys may add more; a large map is then not moved item by item as it grows
    const KeyIndex keys(value.items);
    std::vector<YamlNode> mergeSources;
    for (const auto &item : node.entries()) {
        const YamlNode &key = item.key;
        if (isMergeKey(key)) {
            // `<<: *a` or `<<: [*a, *b]`: the earlier source wins among sources, explicit keys win over all.
            const YamlNode &source = item.value;
            if (source.isMap())
                mergeSources.push_back(source);
            else if (source.isSequence())
                for (const auto &element : source.elements())
                    if (element.isMap())
                        mergeSources.push_back(element);
            continue;
        }
        if (!key.isScalar())
            continue; // Compose keys are strings
        auto converted = convertNode(item.value, file, depth + 1);
        if (!converted)
            return converted;
        converted->key = key.scalar();
        converted->keyWhere = {file, key.line(), key.column()};
        if (const auto existing = keys.position(converted->key))
            value.items[*existing] = std::move(*converted); // a duplicate key: the last wins, as yaml-cpp's lookup would not say
        else
            value.items.push_back(std::move(*converted));
    }
    for (const auto &source : mergeSources) {
        auto converted = convertNode(source, file, depth + 1);
        if (!converted)
            return converted;
        for (auto &item : converted->items)
            if (!keys.position(item.key))
                value.items.push_back(std::move(item));
    }
    return value;
}

void mergeCompose(ComposeValue &base, const ComposeValue &over)
{
    if (base.isMap() && over.isMap()) {
        const KeyIndex keys(base.items);
        for (const auto &item : over.items) {
            if (const auto existing = keys.position(item.key))
                mergeCompose(base.items[*existing], item);
            else
                base.items.push_back(item);
        }
        return;
    }
    const bool replaces = base.key == "command" || base.key == "entrypoint" || base.key == "test";
    if (base.isSequence() && over.isSequence() && !replaces) {
        base.items.insert(base.items.end(), over.items.begin(), over.items.end());
        return;
    }
    std::string key = base.key;
    const ValueLocation keyWhere = base.keyWhere;
    base = over;
    if (!key.empty()) {
        base.key = std::move(key);
        base.keyWhere = keyWhere;
    }
}

} // namespace importers::detail
