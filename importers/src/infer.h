// SPDX-License-Identifier: MIT
#pragma once
// What the files show → a plan, with where each setting came from. Used by audit.cpp only.

#include "importers/audit.h"
#include "importers/deployment.h"

#include <map>
#include <string>
#include <vector>

namespace importers::detail {

/** @brief Where a plan setting's value came from. */
struct Provenance {
    Certainty certainty = Certainty::Known;
    SourceLocation where;
    std::string detail; ///< "WEBUI_SECRET_KEY from Secret owui/key", "envFrom ConfigMap x may set it"
};

/** @brief The plan the files show, each plan-file pointer's provenance, and what the plan cannot say. */
struct Inference {
    planner::Plan plan;
    std::map<std::string, Provenance> provenance; ///< by plan-file JSON pointer; absent = Open WebUI's default, known
    std::vector<AuditFinding> findings;           ///< wiring the plan cannot express (a partial Redis, differing keys)
    std::vector<AuditNote> notes;
    std::vector<InferredFact> facts;
    /** PersistentConfig variables set as text, for the plan's audit origin (secrets left out). */
    std::vector<std::pair<std::string, std::string>> persistentConfig;
    /** The count of replicas is unknown (Swarm global mode): one per node, at least one. */
    bool replicasOnePerNode = false;
    /** The replicas share a volume on one Compose host: shared, but a local disk, not a network file system. */
    bool storageOnOneHost = false;
};

[[nodiscard]] Inference infer(const ImportedDeployment &deployment);

} // namespace importers::detail
