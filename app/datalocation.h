// SPDX-License-Identifier: MIT
#pragma once

#include "planner/plan.h"
#include "planner/result.h"

#include <QString>
#include <vector>

namespace owui {

/**
 * @brief The folder with presets and other data, found relative to the program.
 *
 * `<bin>/../share/owui-planner` works for the build tree, a tarball and an
 * installed package alike. `OWUI_PLANNER_DATA_DIR` overrides it (tests, demos).
 */
[[nodiscard]] QString dataDirectory();

struct Preset {
    QString id; ///< file name without ".json": what `owui-planner preset ID` takes
    planner::Plan plan;
};

/** @brief Every preset, in the matrix's scenario order; an unreadable preset is an error. */
[[nodiscard]] planner::Result<std::vector<Preset>> loadPresets();

/** @brief One preset by id; an unknown id is InvalidInput naming the known ones. */
[[nodiscard]] planner::Result<Preset> loadPreset(const QString &id);

} // namespace owui
