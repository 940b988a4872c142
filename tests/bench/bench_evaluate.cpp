// SPDX-License-Identifier: MIT
// How fast the core answers: a slider drag re-evaluates the whole plan on every step,
// so evaluate() must stay far below a frame (16 ms); an export renders three targets. Prints figures.
#include "exporters/bundle.h"
#include "planner/evaluate.h"
#include "planner/planfile.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sys/resource.h>

using namespace planner;
using Clock = std::chrono::steady_clock;

namespace {

Plan largeScalePlan()
{
    Plan plan;
    plan.expectedUsers = 2000;
    plan.orchestrator = Orchestrator::Kubernetes;
    plan.replicas = 6;
    plan.database.kind = DatabaseKind::Postgres;
    plan.database.poolSize = 10;
    plan.database.maxOverflow = 10;
    plan.database.maxConnections = 700;
    plan.redis.mode = RedisMode::Single;
    plan.vectorDb.kind = VectorDb::Pgvector;
    plan.storage.kind = StorageKind::S3;
    plan.storage.bucket = "b";
    plan.autoscaling = {true, 4, 12};
    plan.corsAllowOrigins = {"https://chat.example.org"};
    return plan;
}

template <typename Fn>
double microsecondsPerCall(int calls, Fn &&fn)
{
    const auto start = Clock::now();
    for (int i = 0; i < calls; ++i)
        fn(i);
    const std::chrono::duration<double, std::micro> elapsed = Clock::now() - start;
    return elapsed.count() / calls;
}

long maxRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

int main()
{
    const Plan base = largeScalePlan();
    std::size_t sink = 0;

    const double evaluateUs = microsecondsPerCall(20000, [&](int) { sink += evaluate(base).findings.size(); });
    std::printf("evaluate(large-scale plan):           %8.2f us per call\n", evaluateUs);

    // A slider drag: pool size 1..100 at replicas 1..50, one evaluation per step.
    Plan dragged = base;
    const double dragUs = microsecondsPerCall(5000, [&](int i) {
        dragged.database.poolSize = 1 + i % 100;
        dragged.replicas = 1 + (i / 100) % 50;
        dragged.autoscaling.minReplicas = 1;
        dragged.autoscaling.maxReplicas = std::max(12, dragged.replicas);
        sink += evaluate(dragged).findings.size();
    });
    std::printf("evaluate() per slider step:            %8.2f us per call (%.0f steps per 16 ms frame)\n", dragUs,
                16000.0 / dragUs);

    const double budgetUs = microsecondsPerCall(200000, [&](int i) {
        dragged.replicas = 1 + i % 1000;
        sink += static_cast<std::size_t>(connectionBudget(dragged).totalConnections);
    });
    std::printf("connectionBudget() alone:              %8.3f us per call\n", budgetUs);

    // A replica sweep for the "total as replicas grow" chart: 1..1000 points.
    const double sweepUs = microsecondsPerCall(200, [&](int) {
        Plan p = base;
        for (int r = 1; r <= 1000; ++r) {
            p.replicas = r;
            sink += static_cast<std::size_t>(connectionBudget(p).totalConnections);
        }
    });
    std::printf("budget sweep, 1000 replica counts:     %8.2f us per sweep\n", sweepUs);

    const std::string text = planToJsonText(base);
    const double parseUs = microsecondsPerCall(5000, [&](int) { sink += planFromJson(text).has_value(); });
    std::printf("planFromJson (%zu bytes):            %8.2f us per call\n", text.size(), parseUs);
    const double emitUs = microsecondsPerCall(5000, [&](int) { sink += planToJsonText(base).size(); });
    std::printf("planToJsonText:                        %8.2f us per call\n", emitUs);

    // Export, in memory: every target, the runbook and .env (the GUI's export page re-renders on demand).
    Plan exported = base;
    exported.secrets.keyMode = SecretKeyMode::Generated;
    exported.migrations = MigrationMode::Job;
    exported.storage.bucket = "bucket";
    const auto secrets = exporters::generateSecrets(exported).value();
    exporters::ExportOptions options;
    options.allowFindings = true; // time the whole bundle, never a refusal
    if (const auto once = exporters::buildBundle(exported, options, secrets); !once) {
        std::fprintf(stderr, "buildBundle failed: %s\n", once.error().describe().c_str());
        return 1;
    }
    const double bundleUs = microsecondsPerCall(500, [&](int) {
        const auto files = exporters::buildBundle(exported, options, secrets);
        sink += files ? files->size() : 0;
    });
    std::printf("buildBundle (compose, swarm, helm):    %8.1f us per call\n", bundleUs);

    std::printf("peak RSS:                              %8ld KiB\n", maxRssKiB());
    std::printf("(checksum %zu)\n", sink);
    return 0;
}
