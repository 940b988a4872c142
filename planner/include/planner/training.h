// SPDX-License-Identifier: MIT
#pragma once

#include "planner/evaluate.h"
#include "planner/plan.h"
#include "planner/result.h"

#include <string>
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
    /**
     * Where the symptom shows in the topology drawing: the ids of exporters::TopologyNode (database, redis,
     * vector-db, storage) plus "instances" (the Open WebUI boxes) and "load-balancer" (the entry box).
     */
    std::vector<std::string_view> affects;
};

/** @brief The "break it" switches of training mode, in the troubleshooting page's order. */
[[nodiscard]] const std::vector<Breakage> &breakages();
[[nodiscard]] const Breakage *findBreakage(std::string_view id);

/** @brief A setting's name for people ("Replicas"), for the pointers training changes; the pointer itself otherwise. */
[[nodiscard]] std::string_view settingLabel(std::string_view pointer);

/** @brief One setting a step changed: its value before and after, as display text ("sqlite", "3", "not set"). */
struct SettingDiff {
    std::string pointer;
    std::string_view label;
    std::string before;
    std::string after;

    bool operator==(const SettingDiff &) const = default;
};

/** @brief The settings among `changes` whose value differs between `before` and `after`, in the changes' order. */
[[nodiscard]] std::vector<SettingDiff> settingDiffs(const Plan &before, const Plan &after,
                                                    const std::vector<SettingChange> &changes);

/** @brief A break applied earlier to the same sandbox, still in effect, with what it changed then. */
struct AppliedBreak {
    const Breakage *breakage = nullptr;
    std::vector<SettingDiff> diffs;
};

/** @brief How a new break met an earlier one. */
enum class BreakInteraction {
    Undid,     ///< the earlier break's rule stopped firing: its mistake is gone
    SetBack,   ///< a setting the earlier break changed is back to its old value, but its rule still fires
    Overwrote, ///< a setting the earlier break changed now has a third value; its rule still fires
};

struct BreakNote {
    const Breakage *earlier = nullptr;
    BreakInteraction kind = BreakInteraction::Undid;
    /** This break's changes to settings the earlier one had changed (empty when only its rule stopped). */
    std::vector<SettingDiff> settings;
};

struct BreakOutcome {
    Plan plan;                          ///< the sandbox with the mistake on
    std::vector<SettingDiff> diffs;     ///< what this break changed; empty when the plan already had it
    std::vector<BreakNote> notes;       ///< how it met the breaks applied before, in their order
    std::vector<AppliedBreak> applied;  ///< the breaks in effect afterwards: earlier ones not undone, then this one
};

/**
 * @brief Applies `breakage` to `plan` (through applyChanges' validation) and says what it changed and how it
 * met the breaks in `applied` (those applied to the same plan before, oldest first).
 */
[[nodiscard]] Result<BreakOutcome> applyBreakage(const Plan &plan, const Breakage &breakage,
                                                 const std::vector<AppliedBreak> &applied);

/** @brief A point a trainer makes at one step of the journey, with the seed section it comes from. */
struct TalkingPoint {
    std::string_view text;
    std::string_view source; ///< "scaling-open-webui.md § Step 1 — Switch to PostgreSQL"
};

/** @brief One step of the seed's journey: the preset that shows it and what to say about it. */
struct JourneyStep {
    std::string_view preset; ///< a preset id (resources/presets)
    std::string_view seedStep; ///< the seed's step(s) this preset illustrates
    std::vector<TalkingPoint> points;
};

/** @brief The seed's scaling journey for a class, in the matrix's order (single user first). */
[[nodiscard]] const std::vector<JourneyStep> &trainingJourney();

} // namespace planner
