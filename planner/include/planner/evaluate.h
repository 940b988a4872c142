// SPDX-License-Identifier: MIT
#pragma once

#include "planner/budget.h"
#include "planner/plan.h"
#include "planner/scenario.h"

#include <string>
#include <string_view>
#include <vector>

namespace planner {

enum class Severity { Info, Warning, Error };

/** @brief One setting a fix changes: a JSON pointer into the plan file and the new value as JSON text. */
struct SettingChange {
    std::string pointer;
    std::string value;

    bool operator==(const SettingChange &) const = default;
};

/** @brief A rule that fired on a plan. */
struct Finding {
    std::string rule;     ///< stable id, e.g. "shared-secret-key"
    Severity severity = Severity::Info;
    std::string message;  ///< what is wrong and what the user will see
    std::string fix;      ///< what to do, in words
    std::string source;   ///< seed page and section, or the reference
    /** The fix as settings, when the fix is a setting (the GUI offers it as a button). */
    std::vector<SettingChange> fixChanges;

    bool operator==(const Finding &) const = default;
};

/** @brief A rule the planner knows, whether or not it fires. */
struct RuleInfo {
    std::string_view id;
    std::string_view title;
    std::string_view source;
};

/** @brief Every rule, in the order findings are reported within a severity. */
[[nodiscard]] const std::vector<RuleInfo> &ruleCatalogue();

/** @brief Everything the planner derives from a plan, computed once. */
struct Evaluation {
    ScenarioResult scenario;
    ConnectionBudget budget;
    RedisBudget redis;
    std::vector<Finding> findings; ///< errors first, then warnings, then info

    [[nodiscard]] bool hasErrors() const;
    [[nodiscard]] int count(Severity severity) const;
    [[nodiscard]] const Finding *find(std::string_view rule) const;
};

[[nodiscard]] Evaluation evaluate(const Plan &plan);

[[nodiscard]] std::string_view toString(Severity v);

} // namespace planner
