// SPDX-License-Identifier: MIT
#pragma once

#include "planner/plan.h"

#include <optional>
#include <string>
#include <vector>

namespace planner {

/** @brief The rows of the quick-reference matrix ("When do I need what?"). */
enum class Scenario { SingleUser, SmallTeam, MultipleWorkers, MultipleInstances, LargeScale };

/** @brief A cell of the matrix, weakest first. */
enum class Need { NotNeeded, Optional, Recommended, StronglyRecommended, Required };

/** @brief The matrix's columns: the seed's three and the newer revision's additions. */
enum class Component { Postgres, Redis, SharedStorage, ExternalVectorDb, ContentExtraction, Embeddings };

struct ComponentRequirement {
    Component component = Component::Postgres;
    Need need = Need::NotNeeded;       ///< what the planner asks for
    std::optional<Need> seedNeed;      ///< the seed's table, where it has the column
    Need newerNeed = Need::NotNeeded;  ///< the newer revision of the same table
    bool satisfied = false;            ///< the plan already has it
    std::string reason;                ///< why this level, in the planner's words
    std::string note;                  ///< where the revisions disagree, which one the planner follows

    bool operator==(const ComponentRequirement &) const = default;
};

struct ScenarioResult {
    Scenario scenario = Scenario::SingleUser;
    std::string reason;
    std::vector<ComponentRequirement> components;

    bool operator==(const ScenarioResult &) const = default;
};

[[nodiscard]] ScenarioResult classify(const Plan &plan);

/** @brief One row of the matrix as stored: the need for each component in both revisions. */
struct MatrixRow {
    Scenario scenario;
    std::string_view label;
    std::optional<Need> seed[6];
    Need newer[6];
};

/** @brief The whole quick-reference matrix, both revisions, in table order. */
[[nodiscard]] const std::vector<MatrixRow> &quickReferenceMatrix();

/** @brief The matrix's columns, in table order. */
[[nodiscard]] const std::vector<Component> &matrixComponents();

/**
 * @brief What the planner asks for in one cell: the newer revision, except shared storage, where the
 * seed decides (see quick-reference-matrix.md).
 */
[[nodiscard]] Need plannerNeed(const MatrixRow &row, std::size_t column);

/** @brief The note for a cell where the two revisions disagree; empty where they agree. */
[[nodiscard]] std::string revisionNote(const MatrixRow &row, std::size_t column);

[[nodiscard]] std::string_view toString(Scenario v);
[[nodiscard]] std::string_view toString(Need v);
[[nodiscard]] std::string_view toString(Component v);
/** @brief Human labels as the matrix prints them ("Small team (< 50 users, single instance)"). */
[[nodiscard]] std::string_view label(Scenario v);
[[nodiscard]] std::string_view label(Component v);
[[nodiscard]] std::optional<Scenario> scenarioFromString(std::string_view name);

} // namespace planner
