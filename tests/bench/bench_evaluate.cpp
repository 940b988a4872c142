// SPDX-License-Identifier: MIT
// How fast the core answers: a slider drag re-evaluates the whole plan on every step,
// so evaluate() must stay far below a frame (16 ms); an export renders three targets. Prints figures.
// `--machine [--runs N]` prints only the suite's figures (scripts/bench) as `name<TAB>value<TAB>unit` lines,
// each the median of N runs: ns per evaluate() of the large-scale preset, and a chart sweep of 100,000 variants.
#include "exporters/bundle.h"
#include "planner/evaluate.h"
#include "planner/planfile.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>
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

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

/**
 * @brief The suite's figures. The sweep is what the budget charts ask for, scaled up: every combination of
 * 50 replica counts, 20 worker counts and 100 pool sizes (100,000 plans), one connectionBudget each.
 */
int machineFigures(int runs)
{
    const auto read = readPlanFile(std::filesystem::path(OWUI_PRESET_DIR) / "large-scale.json");
    if (!read) {
        std::printf("evaluate.large_scale\tmissing\t%s\n", read.error().describe().c_str());
        return 1;
    }
    const Plan base = *read;
    std::size_t sink = 0;
    std::vector<double> evaluateNs, sweepMs;
    for (int run = 0; run < runs; ++run) {
        evaluateNs.push_back(1000 * microsecondsPerCall(2000, [&](int) { sink += evaluate(base).findings.size(); }));
        sweepMs.push_back(microsecondsPerCall(1, [&](int) {
                              Plan p = base;
                              for (int replicas = 1; replicas <= 50; ++replicas)
                                  for (int workers = 1; workers <= 20; ++workers)
                                      for (int pool = 1; pool <= 100; ++pool) {
                                          p.replicas = replicas;
                                          p.workers = workers;
                                          p.database.poolSize = pool;
                                          sink += static_cast<std::size_t>(connectionBudget(p).totalConnections);
                                      }
                          }) /
                          1000);
    }
    std::printf("evaluate.large_scale\t%.1f\tns\n", median(evaluateNs));
    std::printf("sweep.100k\t%.3f\tms\n", median(sweepMs));
    std::fprintf(stderr, "(checksum %zu)\n", sink);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    int runs = 5;
    bool machine = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--machine") == 0)
            machine = true;
        else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
    }
    if (machine)
        return machineFigures(runs);

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
