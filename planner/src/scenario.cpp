// SPDX-License-Identifier: MIT
#include "planner/scenario.h"

#include <array>

namespace planner {
namespace {

constexpr auto X = Need::NotNeeded;
constexpr auto O = Need::Optional;
constexpr auto Rec = Need::Recommended;
constexpr auto SRec = Need::StronglyRecommended;
constexpr auto Req = Need::Required;
constexpr std::optional<Need> none = std::nullopt;

// Column order: Postgres, Redis, SharedStorage, ExternalVectorDb, ContentExtraction, Embeddings.
// The seed's table has the first three (its "Cloud Storage" column is SharedStorage).
const std::vector<MatrixRow> kMatrix = {
    {Scenario::SingleUser, "Single user / evaluation", {X, X, X, none, none, none}, {X, X, X, X, X, X}},
    {Scenario::SmallTeam, "Small team (< 50 users, single instance)", {Rec, X, X, none, none, none}, {Rec, Rec, X, X, Rec, X}},
    {Scenario::MultipleWorkers, "Multiple Uvicorn workers", {Req, Req, X, none, none, none}, {Req, Req, X, Req, SRec, SRec}},
    {Scenario::MultipleInstances, "Multiple instances / HA", {Req, Req, Req, none, none, none}, {Req, Req, O, Req, SRec, SRec}},
    {Scenario::LargeScale, "Large scale (1000+ users)", {Req, Req, Req, none, none, none}, {Req, Req, O, Req, SRec, SRec}},
};

const std::vector<Component> kComponents{Component::Postgres,         Component::Redis,
                                        Component::SharedStorage,    Component::ExternalVectorDb,
                                        Component::ContentExtraction, Component::Embeddings};

bool satisfiedBy(const Plan &plan, Component c)
{
    switch (c) {
    case Component::Postgres: return plan.isPostgres();
    case Component::Redis: return plan.hasRedis();
    case Component::SharedStorage: return isSharedStorage(plan.storage.kind);
    case Component::ExternalVectorDb: return !isEmbeddedVectorDb(plan.vectorDb.kind);
    case Component::ContentExtraction: return plan.contentExtraction != ContentExtraction::Builtin;
    case Component::Embeddings: return plan.embeddings != EmbeddingEngine::Local;
    }
    return false;
}

std::string reasonFor(Scenario s, Component c, Need need)
{
    if (need == Need::NotNeeded)
        return "not needed for this scenario";
    switch (c) {
    case Component::Postgres:
        return need == Need::Required ? "SQLite cannot take concurrent writes from several processes"
                                      : "better concurrency and reliability than SQLite; data is never migrated later";
    case Component::Redis:
        return need == Need::Required ? "config sync, websockets and sessions must be shared by every process"
                                      : "without Redis, signing out does not revoke tokens until JWT_EXPIRES_IN (4 weeks)";
    case Component::SharedStorage:
        return "every instance must see the same uploads: cloud object storage or a ReadWriteMany/NFS volume";
    case Component::ExternalVectorDb:
        return "the default local ChromaDB is SQLite, not fork-safe: concurrent writes crash workers";
    case Component::ContentExtraction:
        return s == Scenario::SmallTeam ? "the built-in pypdf extractor leaks memory; Tika or Docling is safer"
                                        : "pypdf leaks memory in every process; offload extraction to Tika or Docling";
    case Component::Embeddings:
        return "a local embedding model costs about 500 MB in every worker";
    }
    return {};
}

} // namespace

std::string revisionNote(const MatrixRow &row, std::size_t column)
{
    const auto seed = row.seed[column];
    const auto newer = row.newer[column];
    if (!seed || *seed == newer)
        return {};
    if (kComponents[column] == Component::SharedStorage)
        return "The seed's table says Cloud Storage is Required; the newer revision says Optional (NFS or S3). "
               "The planner follows the seed: several instances need files every instance sees, and either a shared "
               "volume or cloud storage satisfies it.";
    return std::string("The seed's table says ") + std::string(toString(*seed)) + "; the newer revision says " +
           std::string(toString(newer)) + ". The planner follows the newer revision (reference).";
}

Need plannerNeed(const MatrixRow &row, std::size_t column)
{
    // The reference wins over the seed, except shared storage, where the seed decides (see the matrix notes).
    const auto seed = row.seed[column];
    return kComponents[column] == Component::SharedStorage && seed ? *seed : row.newer[column];
}

const std::vector<Component> &matrixComponents()
{
    return kComponents;
}

const std::vector<MatrixRow> &quickReferenceMatrix()
{
    return kMatrix;
}

ScenarioResult classify(const Plan &plan)
{
    ScenarioResult result;
    if (plan.expectedUsers >= 1000) {
        result.scenario = Scenario::LargeScale;
        result.reason = std::to_string(plan.expectedUsers) + " expected users (1000 or more)";
    } else if (plan.peakReplicas() > 1) {
        result.scenario = Scenario::MultipleInstances;
        result.reason = std::to_string(plan.peakReplicas()) + " instances behind a load balancer";
    } else if (plan.workers > 1) {
        result.scenario = Scenario::MultipleWorkers;
        result.reason = std::to_string(plan.workers) + " Uvicorn workers in one container";
    } else if (plan.expectedUsers > 1) {
        result.scenario = Scenario::SmallTeam;
        result.reason = plan.expectedUsers < 50
                            ? std::to_string(plan.expectedUsers) + " users on a single instance"
                            : std::to_string(plan.expectedUsers) +
                                  " users on a single instance: past the matrix's 50-user small team, so plan for "
                                  "several instances soon";
    } else {
        result.scenario = Scenario::SingleUser;
        result.reason = "one user, one container: Open WebUI's defaults";
    }

    const MatrixRow *row = nullptr;
    for (const auto &r : kMatrix)
        if (r.scenario == result.scenario)
            row = &r;

    for (std::size_t i = 0; i < kComponents.size(); ++i) {
        ComponentRequirement req;
        req.component = kComponents[i];
        req.seedNeed = row->seed[i];
        req.newerNeed = row->newer[i];
        req.need = plannerNeed(*row, i);
        req.satisfied = satisfiedBy(plan, req.component);
        req.reason = reasonFor(result.scenario, req.component, req.need);
        req.note = revisionNote(*row, i);
        result.components.push_back(std::move(req));
    }
    return result;
}

std::string_view toString(Scenario v)
{
    switch (v) {
    case Scenario::SingleUser: return "single-user";
    case Scenario::SmallTeam: return "small-team";
    case Scenario::MultipleWorkers: return "multi-worker";
    case Scenario::MultipleInstances: return "high-availability";
    case Scenario::LargeScale: return "large-scale";
    }
    return "?";
}

std::optional<Scenario> scenarioFromString(std::string_view name)
{
    for (const auto &row : kMatrix)
        if (toString(row.scenario) == name)
            return row.scenario;
    return std::nullopt;
}

std::string_view label(Scenario v)
{
    for (const auto &row : kMatrix)
        if (row.scenario == v)
            return row.label;
    return "?";
}

std::string_view toString(Need v)
{
    switch (v) {
    case Need::NotNeeded: return "not-needed";
    case Need::Optional: return "optional";
    case Need::Recommended: return "recommended";
    case Need::StronglyRecommended: return "strongly-recommended";
    case Need::Required: return "required";
    }
    return "?";
}

std::string_view toString(Component v)
{
    switch (v) {
    case Component::Postgres: return "postgresql";
    case Component::Redis: return "redis";
    case Component::SharedStorage: return "shared-storage";
    case Component::ExternalVectorDb: return "external-vector-db";
    case Component::ContentExtraction: return "content-extraction";
    case Component::Embeddings: return "embeddings";
    }
    return "?";
}

std::string_view label(Component v)
{
    switch (v) {
    case Component::Postgres: return "PostgreSQL";
    case Component::Redis: return "Redis";
    case Component::SharedStorage: return "Shared storage";
    case Component::ExternalVectorDb: return "External vector DB";
    case Component::ContentExtraction: return "Ext. content extraction";
    case Component::Embeddings: return "Ext. embeddings";
    }
    return "?";
}

} // namespace planner
