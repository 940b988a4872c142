// SPDX-License-Identifier: MIT
// libFuzzer target: setting changes as the window and the fix buttons send them to applyChanges.
//
// Input, as text lines: the first names the plan to change (a preset's name; anything else is the default
// plan), then pairs of lines, a JSON pointer and the JSON text of its new value. The changes are applied as
// sent (a fix button) and with their dependent changes (an edit in the window).
#include "common.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

std::map<std::string, planner::Plan> &presets()
{
    static std::map<std::string, planner::Plan> plans;
    return plans;
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // The presets are the plans people start from, so they are where edits land.
    for (const auto &entry : std::filesystem::directory_iterator(OWUI_PRESET_DIR)) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        auto plan = planner::planFromJson(text.str());
        if (!plan)
            fuzz::broken("a preset loads", entry.path().string() + ": " + plan.error().describe());
        presets().emplace(entry.path().stem().string(), *plan);
    }
    if (presets().empty())
        fuzz::broken("the presets are found", OWUI_PRESET_DIR);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::controlRun();
    const auto lines = splitLines(std::string_view(reinterpret_cast<const char *>(data), size));
    if (lines.empty())
        return 0;
    const auto preset = presets().find(std::string(lines.front()));
    const planner::Plan base = preset == presets().end() ? planner::Plan{} : preset->second;

    std::vector<planner::SettingChange> changes;
    for (std::size_t i = 1; i + 1 < lines.size(); i += 2)
        changes.push_back({std::string(lines[i]), std::string(lines[i + 1])});

    const std::vector<planner::SettingChange> withDependents = planner::withDependentChanges(base, changes);
    for (const auto *sent : {&std::as_const(changes), &withDependents}) {
        if (sent == &withDependents && withDependents == changes)
            break;
        const auto changed = planner::applyChanges(base, *sent);
        if (!changed) {
            (void)changed.error().describe();
            continue;
        }
        fuzz::checkAcceptedPlan(*changed);
    }
    return 0;
}
