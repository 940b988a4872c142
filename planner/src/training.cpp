// SPDX-License-Identifier: MIT
#include "planner/training.h"

#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace planner {
namespace {

/** @brief A mistake sets a replica count; autoscaling bounds would refuse it, so the switch turns autoscaling off. */
std::vector<SettingChange> mistake(std::vector<SettingChange> changes)
{
    changes.insert(changes.begin(), SettingChange{"/autoscaling/enabled", "false"});
    return changes;
}

/** @brief A plan value as people read it: strings without quotes, switches as on/off, absent as "not set". */
std::string displayText(const nlohmann::ordered_json &plan, const std::string &pointer)
{
    const nlohmann::ordered_json::json_pointer at(pointer);
    if (!plan.contains(at) || plan.at(at).is_null())
        return "not set";
    const auto &value = plan.at(at);
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? "on" : "off";
    return value.dump();
}

bool touches(const std::vector<SettingDiff> &diffs, const std::string &pointer)
{
    return std::any_of(diffs.begin(), diffs.end(), [&](const SettingDiff &d) { return d.pointer == pointer; });
}

} // namespace

const std::vector<Breakage> &breakages()
{
    // Each mistake needs more than one process to show, so each also sets the replicas or workers it needs.
    static const std::vector<Breakage> kBreakages = {
        {"different-secret-keys", "Every replica makes its own secret key",
         "You log in, and the next click logs you out: 401 Unauthorized in the browser console, \"Error decrypting "
         "tokens\" in the logs.",
         "multi-replica-troubleshooting.md § Common Issues 1", "shared-secret-key",
         mistake({{"/replicas", "3"}, {"/secrets/key_mode", "\"unset\""}}), {"instances", "load-balancer"}},
        {"sqlite-three-replicas", "SQLite under three replicas",
         "Logs show \"database is locked\"; data saved on one instance disappears on another.",
         "multi-replica-troubleshooting.md § Common Issues 4", "external-database",
         mistake({{"/replicas", "3"}, {"/database/kind", "\"sqlite\""}}), {"database", "instances"}},
        {"no-redis-two-replicas", "Two replicas without Redis",
         "Chat stops responding; the browser shows \"WebSocket connection failed: 403\"; a model enabled in the Admin "
         "UI is \"not found\" on the other replica.",
         "multi-replica-troubleshooting.md § Common Issues 2 and 3", "redis-websockets",
         mistake({{"/replicas", "2"}, {"/redis/mode", "\"none\""}}), {"redis", "instances", "load-balancer"}},
        {"local-chroma-four-workers", "Local ChromaDB with four workers",
         "During a document upload: \"adding to collection\", then \"Child process died\", all in the same second.",
         "multi-replica-troubleshooting.md § Common Issues 6", "external-vector-db",
         mistake({{"/workers", "4"}, {"/vector_db/kind", "\"chroma\""}}), {"vector-db", "instances"}},
        {"pools-over-max-connections", "Pools larger than max_connections",
         "Under load: \"FATAL: sorry, too many clients already\" from PostgreSQL, \"QueuePool limit reached\" in Open "
         "WebUI, requests that time out.",
         "multi-replica-troubleshooting.md § 8, Connection Pool Sizing", "connection-budget",
         mistake({{"/replicas", "3"}, {"/workers", "2"}, {"/database/kind", "\"postgresql\""}, {"/database/pool_size", "15"},
          {"/database/max_overflow", "20"}, {"/database/max_connections", "100"}}),
         {"database", "instances"}},
        {"every-pod-migrates", "Every replica runs the migrations",
         "After an upgrade, start-up fails with DuplicateTable or UniqueViolation errors; the schema may be left half "
         "migrated.",
         "multi-replica-troubleshooting.md § Updates and Migrations", "single-migrator",
         mistake({{"/replicas", "3"}, {"/migrations", "\"every-instance\""}}), {"database", "instances"}},
    };
    return kBreakages;
}

const Breakage *findBreakage(std::string_view id)
{
    for (const auto &breakage : breakages())
        if (breakage.id == id)
            return &breakage;
    return nullptr;
}

std::string_view settingLabel(std::string_view pointer)
{
    struct Named {
        std::string_view pointer;
        std::string_view label;
    };
    // The settings the breaks change, named as the journey's fields name them.
    static constexpr Named kLabels[] = {
        {"/autoscaling/enabled", "Autoscaling"},
        {"/replicas", "Replicas"},
        {"/workers", "Workers per container (UVICORN_WORKERS)"},
        {"/secrets/key_mode", "Secret key (WEBUI_SECRET_KEY)"},
        {"/database/kind", "Database"},
        {"/database/pool_size", "Pool size per process (DATABASE_POOL_SIZE)"},
        {"/database/max_overflow", "Pool overflow (DATABASE_POOL_MAX_OVERFLOW)"},
        {"/database/max_connections", "Server max_connections"},
        {"/redis/mode", "Redis mode"},
        {"/vector_db/kind", "Vector database (VECTOR_DB)"},
        {"/migrations", "Database migrations (ENABLE_DB_MIGRATIONS)"},
    };
    for (const auto &named : kLabels)
        if (named.pointer == pointer)
            return named.label;
    return pointer;
}

std::vector<SettingDiff> settingDiffs(const Plan &before, const Plan &after, const std::vector<SettingChange> &changes)
{
    const auto beforeJson = planToJson(before);
    const auto afterJson = planToJson(after);
    std::vector<SettingDiff> diffs;
    for (const auto &change : changes) {
        if (touches(diffs, change.pointer))
            continue;
        SettingDiff diff{change.pointer, settingLabel(change.pointer), displayText(beforeJson, change.pointer),
                         displayText(afterJson, change.pointer)};
        if (diff.before != diff.after)
            diffs.push_back(std::move(diff));
    }
    return diffs;
}

Result<BreakOutcome> applyBreakage(const Plan &plan, const Breakage &breakage, const std::vector<AppliedBreak> &applied)
{
    auto broken = applyChanges(plan, breakage.changes);
    if (!broken)
        return tl::unexpected(broken.error());
    BreakOutcome outcome{*broken, settingDiffs(plan, *broken, breakage.changes), {}, {}};
    const Evaluation before = evaluate(plan);
    const Evaluation after = evaluate(outcome.plan);
    for (const auto &earlier : applied) {
        BreakNote note{earlier.breakage, BreakInteraction::Overwrote, {}};
        bool setBack = false;
        for (const auto &diff : outcome.diffs) {
            const auto it = std::find_if(earlier.diffs.begin(), earlier.diffs.end(),
                                         [&](const SettingDiff &d) { return d.pointer == diff.pointer; });
            if (it == earlier.diffs.end())
                continue;
            note.settings.push_back(diff);
            setBack = setBack || diff.after == it->before;
        }
        const std::string_view rule = earlier.breakage->rule;
        const bool stopped = before.find(rule) && !after.find(rule);
        if (stopped)
            note.kind = BreakInteraction::Undid;
        else if (setBack)
            note.kind = BreakInteraction::SetBack;
        if (stopped || !note.settings.empty())
            outcome.notes.push_back(std::move(note));
        // An undone break is no longer in effect: later breaks are not compared with it.
        if (!stopped)
            outcome.applied.push_back(earlier);
    }
    if (!outcome.diffs.empty())
        outcome.applied.push_back(AppliedBreak{&breakage, outcome.diffs});
    return outcome;
}

const std::vector<JourneyStep> &trainingJourney()
{
    // Short quotes and paraphrases of scaling-open-webui.md, one preset per stage of its journey.
    static const std::vector<JourneyStep> kJourney = {
        {"single-user", "Understanding the Defaults",
         {{"Out of the box, Open WebUI runs as a single container with an embedded SQLite database, a single Uvicorn "
           "worker and no external dependencies.",
           "scaling-open-webui.md § Understanding the Defaults"},
          {"\"This is perfect for personal use, small teams, or evaluation. The scaling journey begins when you outgrow "
           "any of these defaults.\"",
           "scaling-open-webui.md § Understanding the Defaults"},
          {"Open WebUI is stateless and container-first: scaling it looks a lot like scaling any modern web "
           "application.",
           "scaling-open-webui.md § Scaling Open WebUI"}}},
        {"small-team", "Step 1 — Switch to PostgreSQL",
         {{"\"SQLite stores everything in a single file and doesn't handle concurrent writes from multiple processes "
           "well.\"",
           "scaling-open-webui.md § Step 1 — Switch to PostgreSQL"},
          {"Open WebUI does not migrate data between databases: plan the switch before there is production data in "
           "SQLite.",
           "scaling-open-webui.md § Step 1, Key things to know"},
          {"Each instance keeps its own pool: total connections = pool size × number of instances. Start at "
           "DATABASE_POOL_SIZE=15 and DATABASE_POOL_MAX_OVERFLOW=20, well below max_connections (default 100).",
           "scaling-open-webui.md § Step 1, tip"}}},
        {"multi-worker", "Step 2 — Add Redis; Step 3, Option B",
         {{"On a single powerful server, UVICORN_WORKERS=4 spawns several application processes inside one container.",
           "scaling-open-webui.md § Step 3, Option B"},
          {"\"You still need PostgreSQL and Redis when using this approach.\"",
           "scaling-open-webui.md § Step 3, Option B"},
          {"Redis is the shared state store: sessions, websocket connections and application state. Without it, users "
           "see different things depending on which process answers.",
           "scaling-open-webui.md § Step 2 — Add Redis"},
          {"Give Redis timeout 1800 and maxclients 10000 or more, so connections are not exhausted over time.",
           "scaling-open-webui.md § Step 2, Key things to know"}}},
        {"high-availability", "Step 3 — Run Multiple Instances; Step 4 — Use Cloud Storage",
         {{"\"Open WebUI is stateless, so you can run as many instances as needed behind a load balancer. Each instance "
           "is identical and interchangeable.\"",
           "scaling-open-webui.md § Step 3 — Run Multiple Instances"},
          {"Keep UVICORN_WORKERS=1 per container: let the orchestrator scale, not the app.",
           "scaling-open-webui.md § Step 3, Option A"},
          {"ENABLE_DB_MIGRATIONS=false on every replica but one designated primary, to prevent migration race "
           "conditions.",
           "scaling-open-webui.md § Step 3, Option A"},
          {"With several instances, each sees only its own uploaded files unless storage is shared.",
           "scaling-open-webui.md § Step 4 — Use Cloud Storage"}}},
        {"large-scale", "Step 5 — Add Observability; Putting It All Together",
         {{"Stateless containers behind a load balancer, sharing one PostgreSQL, one Redis and one cloud store.",
           "scaling-open-webui.md § Putting It All Together"},
          {"Large scale (1000+ users): PostgreSQL, Redis and cloud storage are all required.",
           "scaling-open-webui.md § Quick Reference"},
          {"OpenTelemetry exports traces, metrics and logs: request latency, database query performance, error rates.",
           "scaling-open-webui.md § Step 5 — Add Observability"}}},
    };
    return kJourney;
}

} // namespace planner
