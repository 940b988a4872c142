// SPDX-License-Identifier: MIT
#pragma once

#include "planner/evaluate.h"

#include <string_view>
#include <vector>

namespace planner {

/**
 * @brief A classic mistake a trainer can switch on: the settings that make it, what users would see
 * (in the troubleshooting page's words), and the rule that catches it.
 */
struct Breakage {
    std::string_view id;
    std::string_view title;
    std::string_view symptom; ///< what users see, from multi-replica-troubleshooting.md
    std::string_view source;
    std::string_view rule;    ///< the rule that fires once the mistake is on
    std::vector<SettingChange> changes;
};

/** @brief The "break it" switches of training mode, in the troubleshooting page's order. */
[[nodiscard]] const std::vector<Breakage> &breakages();

} // namespace planner
