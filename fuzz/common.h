// SPDX-License-Identifier: MIT
// What both fuzz targets check about a plan the core accepted: it survives its own file format, and the rules,
// their fixes and the check report run on it. A broken promise aborts, so libFuzzer keeps the input that broke it.
#pragma once

#include "planner/evaluate.h"
#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace fuzz {

[[noreturn]] inline void broken(const char *promise, const std::string &detail = {})
{
    std::fprintf(stderr, "broken promise: %s%s%s\n", promise, detail.empty() ? "" : ": ", detail.c_str());
    std::abort();
}

/**
 * @brief The control of each fuzz test: with OWUI_FUZZ_CONTROL set, every input breaks a promise, so run.sh
 * proves in the same run that a broken promise does fail the fuzzer (a harness that caught nothing would pass).
 */
inline void controlRun()
{
    static const bool control = std::getenv("OWUI_FUZZ_CONTROL") != nullptr;
    if (control)
        broken("control run (OWUI_FUZZ_CONTROL is set)");
}

/** @brief The promises an accepted plan keeps. */
inline void checkAcceptedPlan(const planner::Plan &plan)
{
    // Whatever the core accepts, a file holds: written and read back, it is the same plan (the key stays in
    // memory only when the plan does not store it, so it is not expected back then).
    const std::string text = planner::planToJsonText(plan);
    auto reread = planner::planFromJson(text);
    if (!reread)
        broken("an accepted plan reads back from its own file", reread.error().describe() + "\n" + text);
    if (!plan.secrets.storeInPlan)
        reread->secrets.webuiSecretKey = plan.secrets.webuiSecretKey;
    if (!(*reread == plan))
        broken("an accepted plan reads back unchanged", text);

    const auto evaluation = planner::evaluate(plan);
    (void)planner::evaluationToJson(evaluation).dump();
    // A finding's fix is a button in the window: the validation it goes through must accept it.
    for (const auto &finding : evaluation.findings) {
        if (finding.fixChanges.empty())
            continue;
        const auto fixed = planner::applyChanges(plan, finding.fixChanges);
        if (!fixed)
            broken("a finding's fix applies", finding.rule + ": " + fixed.error().describe());
    }
}

} // namespace fuzz
