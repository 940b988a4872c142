// SPDX-License-Identifier: MIT
#include "yamlinput.h"

#include "planner/boundedfile.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <sstream>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace importers::detail {

namespace {

planner::Error inputError(const std::string &file, int line, std::string message)
{
    return planner::Error{planner::ErrorCode::InvalidInput, std::move(message), {}, file, line};
}

/**
 * @brief The deepest nesting of the text, measured before yaml-cpp parses it (its parser and its node
 * graph recurse once per level). Block nesting is counted from indentation and "- " items, flow nesting
 * from brackets outside quotes and comments; the count is an upper bound of what yaml-cpp will recurse.
 * Returns the 1-based line where the limit is first passed, or 0 when the text stays within it.
 */
int lineBeyondDepth(std::string_view text, int limit)
{
    std::vector<std::size_t> indents; // indentation of the open block levels
    int flowDepth = 0;
    int line = 1;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view current = text.substr(pos, end - pos);
        std::size_t column = current.find_first_not_of(' ');
        const bool blank = column == std::string_view::npos || current[column] == '#' || current[column] == '\r';
        if (!blank && flowDepth == 0) {
            while (!indents.empty() && indents.back() >= column)
                indents.pop_back();
            indents.push_back(column);
            // "- - - x" opens one sequence level per dash on a single line.
            std::size_t at = column;
            while (at + 1 < current.size() && current[at] == '-' && current[at + 1] == ' ') {
                indents.push_back(at + 1);
                at = current.find_first_not_of(' ', at + 1);
                if (at == std::string_view::npos)
                    break;
            }
        }
        if (!blank) {
            char quote = 0;
            for (std::size_t i = column; i < current.size(); ++i) {
                const char c = current[i];
                if (quote) {
                    if (c == quote)
                        quote = 0;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    // A quote only opens a string at the start of a scalar, not inside one (it's).
                    if (i == column || std::string_view(" \t[{,:-?").find(current[i - 1]) != std::string_view::npos)
                        quote = c;
                } else if (c == '#' && (i == 0 || current[i - 1] == ' ')) {
                    break;
                } else if (c == '[' || c == '{') {
                    ++flowDepth;
                } else if ((c == ']' || c == '}') && flowDepth > 0) {
                    --flowDepth;
                }
                if (static_cast<int>(indents.size()) + flowDepth > limit)
                    return line;
            }
        }
        if (static_cast<int>(indents.size()) + flowDepth > limit)
            return line;
        pos = end + 1;
        ++line;
    }
    return 0;
}

/**
 * @brief Builds the readers' tree from yaml-cpp's parser events, as yaml-cpp's own NodeBuilder would shape
 * YAML::Node (an alias is the anchored node itself; an empty document is a null).
 *
 * It also stops yaml-cpp 0.7 where it loops for ever (a stray `,` outside any flow collection): each call
 * yields an empty document without consuming it, so a document that starts where the previous one did is
 * refused.
 */
class TreeBuilder : public YAML::EventHandler
{
public:
    struct Stuck {
        YAML::Mark mark;
    };

    explicit TreeBuilder(YamlStorage &storage) : m_storage(storage) {}

    /** @brief One root per document, in order. */
    std::vector<std::uint32_t> roots;

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        if (m_started && mark.pos == m_lastStart.pos)
            throw Stuck{mark};
        m_started = true;
        m_lastStart = mark;
        m_anchors.clear(); // anchors are numbered per document
        m_open.clear();
        m_root.reset();
    }
    void OnDocumentEnd() override { roots.push_back(m_root ? *m_root : add(YamlStorage::Kind::Null, m_lastStart, YAML::NullAnchor)); }
    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override { attach(add(YamlStorage::Kind::Null, mark, anchor)); }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        // yaml-cpp's parser refuses an unknown anchor before it calls here; a null keeps the tree whole regardless.
        attach(anchor < m_anchors.size() && m_anchors[anchor] != kNoNode ? m_anchors[anchor]
                                                                          : add(YamlStorage::Kind::Null, mark, YAML::NullAnchor));
    }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor, const std::string &value) override
    {
        const auto index = add(YamlStorage::Kind::Scalar, mark, anchor);
        m_storage.nodes[index].scalar = value;
        attach(index);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(add(YamlStorage::Kind::Sequence, mark, anchor));
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(add(YamlStorage::Kind::Map, mark, anchor));
    }
    void OnMapEnd() override { close(); }

private:
    static constexpr std::uint32_t kNoNode = UINT32_MAX;

    std::uint32_t add(YamlStorage::Kind kind, const YAML::Mark &mark, YAML::anchor_t anchor)
    {
        const auto index = static_cast<std::uint32_t>(m_storage.nodes.size());
        auto &node = m_storage.nodes.emplace_back();
        node.kind = kind;
        node.line = mark.is_null() ? 0 : mark.line + 1;
        node.column = mark.is_null() ? 0 : mark.column + 1;
        if (anchor != YAML::NullAnchor) {
            if (anchor >= m_anchors.size())
                m_anchors.resize(anchor + 1, kNoNode);
            m_anchors[anchor] = index;
        }
        return index;
    }
    void attach(std::uint32_t index)
    {
        if (m_open.empty()) {
            if (!m_root)
                m_root = index;
        } else {
            m_storage.nodes[m_open.back()].children.push_back(index);
        }
    }
    void open(std::uint32_t index)
    {
        attach(index); // registered before its children, so an alias inside it names it (a cycle the walk refuses)
        m_open.push_back(index);
    }
    void close()
    {
        if (!m_open.empty())
            m_open.pop_back();
    }

    YamlStorage &m_storage;
    std::vector<std::uint32_t> m_anchors; ///< by yaml-cpp's anchor number
    std::vector<std::uint32_t> m_open;    ///< the collections being filled, innermost last
    std::optional<std::uint32_t> m_root;
    bool m_started = false;
    YAML::Mark m_lastStart = YAML::Mark::null_mark();
};

/** @brief Why a graph was refused, and the node where it happened. */
struct GraphRefusal {
    enum class Reason { None, TooManyNodes, TooDeep };
    Reason reason = Reason::None;
    YamlNode at;
};

/**
 * @brief Visits the graph as a reader would, aliases expanded, and stops past the node budget or the depth.
 * The depth is checked here too because the text scan is a heuristic: nesting it missed (brackets inside
 * what it took for a multi-line quoted string) is still refused, and named as nesting, not as an alias bomb.
 * yaml-cpp's own guard (2000 levels) keeps its parser's recursion bounded meanwhile.
 */
bool withinNodeBudget(const YamlNode &node, std::size_t &budget, int depth, GraphRefusal &refusal)
{
    if (depth > kMaxYamlDepth) {
        refusal = {GraphRefusal::Reason::TooDeep, node};
        return false;
    }
    if (budget == 0) {
        refusal = {GraphRefusal::Reason::TooManyNodes, node};
        return false;
    }
    --budget;
    for (const auto &element : node.elements())
        if (!withinNodeBudget(element, budget, depth + 1, refusal))
            return false;
    for (const auto &entry : node.entries())
        if (!withinNodeBudget(entry.key, budget, depth + 1, refusal) || !withinNodeBudget(entry.value, budget, depth + 1, refusal))
            return false;
    return true;
}

} // namespace

planner::Result<std::string> readBoundedFile(const std::filesystem::path &path, const std::string &displayName)
{
    auto text = planner::readBoundedRegularFile(path, kMaxDeploymentFileBytes, "deployment file");
    if (!text) {
        planner::Error error = text.error();
        error.file = displayName;
        return tl::unexpected(error);
    }
    return text;
}

namespace {

/** @brief The byte offset of the first byte that is not part of valid UTF-8 (overlong forms and surrogates included), or npos. */
std::size_t invalidUtf8At(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        unsigned int lowest = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            length = 2;
            lowest = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            lowest = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            lowest = 0x10000;
        } else {
            return i;
        }
        if (i + length > text.size())
            return i;
        unsigned int code = c & (0xFF >> (length + 1));
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return i;
            code = (code << 6) | (next & 0x3F);
        }
        if (code < lowest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return i;
        i += length;
    }
    return std::string_view::npos;
}

} // namespace

std::string validUtf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const auto bad = invalidUtf8At(text);
        if (bad == std::string_view::npos) {
            out += text;
            break;
        }
        out += text.substr(0, bad);
        out += "\xEF\xBF\xBD"; // U+FFFD
        text.remove_prefix(bad + 1);
    }
    return out;
}

planner::Result<std::vector<YamlNode>> parseYaml(std::string_view text, const std::string &displayName)
{
    if (text.size() > kMaxDeploymentFileBytes)
        return tl::unexpected(inputError(displayName, 0, "file is larger than 16 MiB; not a deployment file"));
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
        return tl::unexpected(inputError(displayName, 1, "UTF-16 or UTF-32 text; save the file as UTF-8"));
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
        return tl::unexpected(inputError(displayName, line, "holds a NUL byte: binary data, not a YAML deployment file"));
    }
    // YAML is Unicode text; everything read here ends up in JSON and in plan files, which must be UTF-8.
    if (const auto bad = invalidUtf8At(text); bad != std::string_view::npos) {
        const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
        return tl::unexpected(inputError(displayName, line, "is not UTF-8 text (byte " + std::to_string(bad) +
                                                                "); save the file as UTF-8"));
    }
    if (const int line = lineBeyondDepth(text, kMaxYamlDepth))
        return tl::unexpected(inputError(displayName, line,
                                         "nested deeper than " + std::to_string(kMaxYamlDepth) + " levels; not a deployment file"));
    const std::string tooDeep = "nested deeper than " + std::to_string(kMaxYamlDepth) + " levels; not a deployment file";
    auto storage = std::make_shared<YamlStorage>();
    std::vector<std::uint32_t> roots;
    try {
        std::istringstream stream{std::string(text)};
        YAML::Parser parser(stream);
        TreeBuilder builder(*storage);
        while (parser.HandleNextDocument(builder)) {
        }
        roots = std::move(builder.roots);
    } catch (const TreeBuilder::Stuck &stuck) {
        const auto at = static_cast<std::size_t>(std::max(stuck.mark.pos, 0));
        const std::string what = at < text.size() ? std::string("'") + text[at] + "'" : std::string("text");
        return tl::unexpected(inputError(displayName, stuck.mark.line + 1,
                                         "not valid YAML: " + what + " outside a list or mapping starts no value"));
    } catch (const YAML::DeepRecursion &e) {
        return tl::unexpected(inputError(displayName, e.mark.is_null() ? 0 : e.mark.line + 1, tooDeep));
    } catch (const YAML::Exception &e) {
        return tl::unexpected(inputError(displayName, e.mark.is_null() ? 0 : e.mark.line + 1, "not valid YAML: " + e.msg));
    } catch (const std::exception &e) {
        return tl::unexpected(inputError(displayName, 0, std::string("not valid YAML: ") + e.what()));
    }
    std::shared_ptr<const YamlStorage> shared = std::move(storage);
    std::vector<YamlNode> documents;
    documents.reserve(roots.size());
    for (const auto root : roots)
        documents.emplace_back(shared, root);
    std::size_t budget = kMaxYamlNodes;
    for (const auto &document : documents) {
        GraphRefusal refusal;
        if (withinNodeBudget(document, budget, 0, refusal))
            continue;
        const int line = refusal.at.isDefined() ? refusal.at.line() : document.line();
        if (refusal.reason == GraphRefusal::Reason::TooDeep)
            return tl::unexpected(inputError(displayName, line, tooDeep));
        return tl::unexpected(inputError(displayName, line,
                                         "expands to more than " + std::to_string(kMaxYamlNodes) +
                                             " nodes through aliases (an alias bomb?); not a deployment file"));
    }
    return documents;
}

FileKind classify(const std::vector<YamlNode> &documents)
{
    for (const auto &document : documents) {
        if (!document.isMap())
            continue;
        if (document.get("services").isMap())
            return FileKind::Compose;
        const auto kind = scalarText(document.get("kind"));
        if (document.get("apiVersion").isDefined() && kind) {
            if (*kind == "HelmRelease")
                return FileKind::HelmRelease;
            return FileKind::KubernetesManifests;
        }
        if (document.get("apiVersion").isDefined() && document.get("name").isDefined() &&
            (document.get("dependencies").isDefined() || document.get("version").isDefined()))
            return FileKind::ChartYaml;
        return FileKind::HelmValues;
    }
    return FileKind::HelmValues;
}

planner::Result<YamlFile> loadYamlFile(const std::filesystem::path &path, const std::string &displayName)
{
    auto text = readBoundedFile(path, displayName);
    if (!text)
        return tl::unexpected(text.error());
    auto documents = parseYaml(*text, displayName);
    if (!documents)
        return tl::unexpected(documents.error());
    YamlFile file{path, displayName, std::move(*documents), FileKind::HelmValues};
    file.kind = classify(file.documents);
    return file;
}

SourceLocation locate(const YamlNode &node, const std::string &file)
{
    return SourceLocation{file, node.line(), node.column()};
}

std::optional<std::string> scalarText(const YamlNode &node)
{
    if (!node.isScalar())
        return std::nullopt;
    return node.scalar();
}

planner::Error errorAt(const YamlNode &node, const std::string &file, std::string message)
{
    return inputError(file, node.line(), std::move(message));
}

} // namespace importers::detail
