// SPDX-License-Identifier: MIT
#pragma once
// Plans the tests start from: the shipped presets (OWUI_PRESET_DIR, set by tests/CMakeLists.txt) and
// small variations of them.

#include "planner/planfile.h"

#include <QtGlobal>

#include <filesystem>
#include <string>

namespace testplans {

/** @brief A plan file that must read; a test cannot go on without it. */
inline planner::Plan planFile(const std::filesystem::path &path)
{
    auto plan = planner::readPlanFile(path);
    if (!plan)
        qFatal("%s", plan.error().describe().c_str());
    return *plan;
}

/** @brief A shipped preset by id ("large-scale"). */
inline planner::Plan presetPlan(const std::string &id)
{
    return planFile(std::filesystem::path(OWUI_PRESET_DIR) / (id + ".json"));
}

/** @brief A copy of `plan` with one change, for rows that differ from a baseline by that change only. */
template <typename Mutate>
planner::Plan from(planner::Plan plan, Mutate mutate)
{
    mutate(plan);
    return plan;
}

} // namespace testplans
