// SPDX-License-Identifier: MIT
#include "yamlinput.h"

#include "planner/boundedfile.h"

#include <algorithm>
#include <vector>

#include <sstream>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

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
 * @brief yaml-cpp 0.7 loops for ever on some input (a stray `,` outside any flow collection): each call yields
 * an empty document without consuming it, and `LoadAll` collects them until memory runs out. A first pass with
 * its event parser stops when a document starts where the previous one did.
 */
class ProgressCheck : public YAML::EventHandler
{
public:
    struct Stuck {
        YAML::Mark mark;
    };
    void OnDocumentStart(const YAML::Mark &mark) override
    {
        if (m_started && mark.pos == m_last.pos)
            throw Stuck{mark};
        m_started = true;
        m_last = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t, const std::string &) override {}
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

private:
    bool m_started = false;
    YAML::Mark m_last = YAML::Mark::null_mark();
};

/** @brief Why a graph was refused, and the node where it happened. */
struct GraphRefusal {
    enum class Reason { None, TooManyNodes, TooDeep };
    Reason reason = Reason::None;
    YAML::Mark mark = YAML::Mark::null_mark();
};

/**
 * @brief Visits the graph as a reader would, aliases expanded, and stops past the node budget or the depth.
 * The depth is checked here too because the text scan is a heuristic: nesting it missed (brackets inside
 * what it took for a multi-line quoted string) is still refused, and named as nesting, not as an alias bomb.
 * yaml-cpp's own guard (2000 levels) keeps its parser's recursion bounded meanwhile.
 */
bool withinNodeBudget(const YAML::Node &node, std::size_t &budget, int depth, GraphRefusal &refusal)
{
    if (depth > kMaxYamlDepth) {
        refusal = {GraphRefusal::Reason::TooDeep, node.Mark()};
        return false;
    }
    if (budget == 0) {
        refusal = {GraphRefusal::Reason::TooManyNodes, node.Mark()};
        return false;
    }
    --budget;
    if (node.IsSequence() || node.IsMap()) {
        for (const auto &item : node) {
            if (node.IsMap()) {
                if (!withinNodeBudget(item.first, budget, depth + 1, refusal) ||
                    !withinNodeBudget(item.second, budget, depth + 1, refusal))
                    return false;
            } else if (!withinNodeBudget(item, budget, depth + 1, refusal)) {
                return false;
            }
        }
    }
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

planner::Result<std::vector<YAML::Node>> parseYaml(std::string_view text, const std::string &displayName)
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
    if (const int line = lineBeyondDepth(text, kMaxYamlDepth))
        return tl::unexpected(inputError(displayName, line,
                                         "nested deeper than " + std::to_string(kMaxYamlDepth) + " levels; not a deployment file"));
    const std::string tooDeep = "nested deeper than " + std::to_string(kMaxYamlDepth) + " levels; not a deployment file";
    std::vector<YAML::Node> documents;
    try {
        std::istringstream stream{std::string(text)};
        YAML::Parser parser(stream);
        ProgressCheck check;
        while (parser.HandleNextDocument(check)) {
        }
        documents = YAML::LoadAll(std::string(text));
    } catch (const ProgressCheck::Stuck &stuck) {
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
    std::size_t budget = kMaxYamlNodes;
    for (const auto &document : documents) {
        GraphRefusal refusal;
        if (withinNodeBudget(document, budget, 0, refusal))
            continue;
        const YAML::Mark mark = refusal.mark.is_null() ? document.Mark() : refusal.mark;
        const int line = mark.is_null() ? 0 : mark.line + 1;
        if (refusal.reason == GraphRefusal::Reason::TooDeep)
            return tl::unexpected(inputError(displayName, line, tooDeep));
        return tl::unexpected(inputError(displayName, line,
                                         "expands to more than " + std::to_string(kMaxYamlNodes) +
                                             " nodes through aliases (an alias bomb?); not a deployment file"));
    }
    return documents;
}

FileKind classify(const std::vector<YAML::Node> &documents)
{
    for (const auto &document : documents) {
        if (!document.IsMap())
            continue;
        if (document["services"] && document["services"].IsMap())
            return FileKind::Compose;
        const auto kind = scalarText(document["kind"]);
        if (document["apiVersion"] && kind) {
            if (*kind == "HelmRelease")
                return FileKind::HelmRelease;
            return FileKind::KubernetesManifests;
        }
        if (document["apiVersion"] && document["name"] && (document["dependencies"] || document["version"]))
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

SourceLocation locate(const YAML::Node &node, const std::string &file)
{
    if (!node.IsDefined() || node.Mark().is_null())
        return SourceLocation{file, 0, 0};
    return SourceLocation{file, node.Mark().line + 1, node.Mark().column + 1};
}

std::optional<std::string> scalarText(const YAML::Node &node)
{
    if (!node.IsDefined() || !node.IsScalar())
        return std::nullopt;
    return node.Scalar();
}

planner::Error errorAt(const YAML::Node &node, const std::string &file, std::string message)
{
    return inputError(file, locate(node, file).line, std::move(message));
}

} // namespace importers::detail
