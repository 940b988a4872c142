// SPDX-License-Identifier: MIT
#include "variables.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>

namespace importers::detail {

namespace {

const std::set<std::string, std::less<>> &variables()
{
    static const std::set<std::string, std::less<>> names = [] {
        std::set<std::string, std::less<>> out;
        const std::string_view text = openWebUiVariablesText();
        for (std::size_t start = 0; start < text.size();) {
            const auto end = std::min(text.find('\n', start), text.size());
            std::string_view line = text.substr(start, end - start);
            while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
                line.remove_suffix(1);
            if (!line.empty() && line.front() != '#')
                out.emplace(line);
            start = end + 1;
        }
        return out;
    }();
    return names;
}

/** @brief Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), stopping past `limit`. */
std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit)
{
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    if ((n > m ? n - m : m - n) > limit)
        return limit + 1;
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        std::size_t rowBest = limit + 1;
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            rowBest = std::min(rowBest, d[i][j]);
        }
        if (rowBest > limit)
            return limit + 1;
    }
    return d[n][m];
}

/**
 * @brief Prefixes of Open WebUI's own variables: a name that starts with one but is not a real name is almost
 * certainly a mistake, even when no real name is close. Other names (TZ, HTTP_PROXY, a sidecar's settings) are
 * left alone unless they are within an edit or two of a real name.
 */
constexpr std::array kOwnPrefixes{
    std::string_view("WEBUI_"),    std::string_view("ENABLE_"),   std::string_view("DATABASE_"), std::string_view("REDIS_"),
    std::string_view("WEBSOCKET_"), std::string_view("RAG_"),     std::string_view("VECTOR_"),   std::string_view("PGVECTOR_"),
    std::string_view("CHROMA_"),   std::string_view("QDRANT_"),   std::string_view("MILVUS_"),   std::string_view("STORAGE_"),
    std::string_view("UVICORN_"),  std::string_view("THREAD_POOL"), std::string_view("CONTENT_EXTRACTION"),
};

} // namespace

bool isOpenWebUiVariable(std::string_view name)
{
    return variables().count(name) > 0;
}

namespace {

std::string_view nearestWithin(std::string_view name, std::size_t limit)
{
    std::string_view best;
    std::size_t bestDistance = limit + 1;
    for (const auto &candidate : variables()) {
        const std::size_t distance = editDistance(name, candidate, std::min(limit, bestDistance));
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return bestDistance <= limit ? best : std::string_view();
}

} // namespace

std::string_view nearestOpenWebUiVariable(std::string_view name)
{
    return nearestWithin(name, name.size() >= 16 ? 3 : name.size() >= 6 ? 2 : 1);
}

std::vector<AuditNote> variableNotes(const Workload &workload)
{
    std::vector<AuditNote> notes;
    for (const auto &entry : workload.env) {
        // Named, not a structured binding: clang (the fuzz build) cannot capture a binding in a lambda.
        const std::string &name = entry.first;
        const EnvSetting &setting = entry.second;
        if (isOpenWebUiVariable(name))
            continue;
        // Docker's _FILE convention and start.sh's WEBUI_SECRET_KEY_FILE name a real variable's file.
        if (name.ends_with("_FILE") && isOpenWebUiVariable(std::string_view(name).substr(0, name.size() - 5)))
            continue;
        const auto nearest = nearestOpenWebUiVariable(name);
        const bool ownPrefix = std::any_of(kOwnPrefixes.begin(), kOwnPrefixes.end(),
                                           [&name](std::string_view prefix) { return name.starts_with(prefix); });
        if (!nearest.empty())
            notes.push_back({AuditNote::Kind::Misspelling, planner::Severity::Warning,
                             name + " is not an Open WebUI variable, so Open WebUI ignores it; did you mean " +
                                 std::string(nearest) + "?",
                             setting.where});
        else if (ownPrefix) {
            // An invented name: still point at the closest real one, if any is reasonably close.
            const auto closest = nearestWithin(name, std::max<std::size_t>(4, name.size() / 3));
            notes.push_back({AuditNote::Kind::Misspelling, planner::Severity::Warning,
                             name + " looks like an Open WebUI variable but is not one (v0.11): Open WebUI ignores it" +
                                 (closest.empty() ? std::string() : "; the nearest real one is " + std::string(closest)),
                             setting.where});
        }
    }
    return notes;
}

} // namespace importers::detail
