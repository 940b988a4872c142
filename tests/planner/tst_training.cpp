// SPDX-License-Identifier: MIT
// Training mode's "break it" switches: each turns a correct plan into the classic mistake it names,
// and the rule it names catches it.
#include "../common/testplans.h"
#include "planner/planfile.h"
#include "planner/training.h"

#include <QtTest>

#include <set>

using namespace planner;

class tst_training : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachBreakageFiresItsRule_data();
    void eachBreakageFiresItsRule();
    void idsAreUniqueAndRulesExist();
    void eachBreakageAffectsDrawnNodes();
    void everyChangedSettingHasALabel();
    void beforeAfterListsWhatChanged();
    void repeatingABreakChangesNothing();
    void settingBackTheCauseUndidTheBreak();
    void aRuleThatStopsFiringUndidTheBreak();
    void overwrittenAndSetBackSettingsAreSaid();
    void journeyFollowsTheSeedInMatrixOrder();
};

namespace {

/** @brief The outcome of a break that must apply. */
BreakOutcome broken(const Plan &plan, std::string_view id, const std::vector<AppliedBreak> &applied = {})
{
    const Breakage *breakage = findBreakage(id);
    if (!breakage)
        qFatal("no breakage %s", std::string(id).c_str());
    auto outcome = applyBreakage(plan, *breakage, applied);
    if (!outcome)
        qFatal("%s", outcome.error().describe().c_str());
    return *outcome;
}

std::vector<std::string> pointersOf(const std::vector<SettingDiff> &diffs)
{
    std::vector<std::string> pointers;
    for (const auto &diff : diffs)
        pointers.push_back(diff.pointer);
    return pointers;
}

} // namespace

void tst_training::eachBreakageFiresItsRule_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("preset");
    for (std::size_t i = 0; i < breakages().size(); ++i)
        for (const char *preset : {"high-availability", "large-scale", "multi-worker"})
            QTest::newRow((std::string(breakages()[i].id) + " on " + preset).c_str()) << int(i) << QString::fromLatin1(preset);
}

void tst_training::eachBreakageFiresItsRule()
{
    QFETCH(int, index);
    QFETCH(QString, preset);
    const auto &breakage = breakages()[std::size_t(index)];
    const Plan correct = testplans::presetPlan(preset.toStdString());
    QVERIFY(!evaluate(correct).find(breakage.rule));

    const auto broken = applyChanges(correct, breakage.changes);
    QVERIFY2(broken.has_value(), broken ? "" : broken.error().describe().c_str());
    const Finding *caught = evaluate(*broken).find(breakage.rule);
    QVERIFY2(caught, std::string(breakage.id).c_str());
    QCOMPARE(int(caught->severity), int(Severity::Error));
    QVERIFY(!breakage.symptom.empty());
    QVERIFY(breakage.source.find("multi-replica-troubleshooting.md") == 0);
}

void tst_training::idsAreUniqueAndRulesExist()
{
    std::set<std::string_view> ids;
    std::set<std::string_view> rules;
    for (const auto &rule : ruleCatalogue())
        rules.insert(rule.id);
    for (const auto &breakage : breakages()) {
        QVERIFY(ids.insert(breakage.id).second);
        QVERIFY2(rules.count(breakage.rule), std::string(breakage.rule).c_str());
    }
    // The five classic mistakes of issue #4 are all there.
    for (std::string_view id : {"different-secret-keys", "sqlite-three-replicas", "no-redis-two-replicas",
                                "local-chroma-four-workers", "pools-over-max-connections"})
        QVERIFY2(ids.count(id), std::string(id).c_str());
}

void tst_training::eachBreakageAffectsDrawnNodes()
{
    // The topology page draws these: the entry, the instances, and exporters::TopologyNode's services.
    const std::set<std::string_view> drawn = {"load-balancer", "instances", "database", "redis", "vector-db",
                                              "storage", "extraction", "embeddings", "telemetry"};
    for (const auto &breakage : breakages()) {
        QVERIFY2(!breakage.affects.empty(), std::string(breakage.id).c_str());
        for (const auto node : breakage.affects)
            QVERIFY2(drawn.count(node), std::string(node).c_str());
    }
    QCOMPARE(findBreakage("sqlite-three-replicas")->affects, (std::vector<std::string_view>{"database", "instances"}));
    QVERIFY(!findBreakage("nosuch"));
}

void tst_training::everyChangedSettingHasALabel()
{
    for (const auto &breakage : breakages())
        for (const auto &change : breakage.changes)
            QVERIFY2(settingLabel(change.pointer) != change.pointer, change.pointer.c_str());
    QCOMPARE(settingLabel("/no/such"), std::string_view("/no/such"));
}

void tst_training::beforeAfterListsWhatChanged()
{
    // High availability already runs 3 replicas without autoscaling: only the database kind changes.
    const auto sqlite = broken(testplans::presetPlan("high-availability"), "sqlite-three-replicas");
    QCOMPARE(sqlite.diffs, (std::vector<SettingDiff>{{"/database/kind", "Database", "postgresql", "sqlite"}}));
    QVERIFY(sqlite.plan.database.kind == DatabaseKind::Sqlite);
    QVERIFY(sqlite.notes.empty());
    QCOMPARE(sqlite.applied.size(), std::size_t(1));

    // Large scale autoscales 4–12 around 6 replicas: the switch, the replicas and the pools, each before → after.
    const auto pools = broken(testplans::presetPlan("large-scale"), "pools-over-max-connections");
    QCOMPARE(pointersOf(pools.diffs), (std::vector<std::string>{"/autoscaling/enabled", "/replicas", "/workers",
                                                                "/database/pool_size", "/database/max_overflow",
                                                                "/database/max_connections"}));
    QCOMPARE(pools.diffs[0].before, std::string("on"));
    QCOMPARE(pools.diffs[0].after, std::string("off"));
    QCOMPARE(pools.diffs[1].before, std::string("6"));
    QCOMPARE(pools.diffs[1].after, std::string("3"));
    QCOMPARE(pools.diffs[5].label, std::string_view("Server max_connections"));
    QCOMPARE(pools.diffs[5].before, std::string("700"));
    QCOMPARE(pools.diffs[5].after, std::string("100"));
}

void tst_training::repeatingABreakChangesNothing()
{
    const auto first = broken(testplans::presetPlan("high-availability"), "no-redis-two-replicas");
    const auto again = broken(first.plan, "no-redis-two-replicas", first.applied);
    QVERIFY(again.diffs.empty());
    QVERIFY(again.notes.empty());
    QCOMPARE(again.applied.size(), std::size_t(1));
    QVERIFY(again.plan == first.plan);
}

void tst_training::settingBackTheCauseUndidTheBreak()
{
    // SQLite, then pools on PostgreSQL: the database is back to PostgreSQL and external-database stops firing.
    const auto sqlite = broken(testplans::presetPlan("large-scale"), "sqlite-three-replicas");
    QVERIFY(evaluate(sqlite.plan).find("external-database"));
    const auto pools = broken(sqlite.plan, "pools-over-max-connections", sqlite.applied);
    QVERIFY(!evaluate(pools.plan).find("external-database"));
    QCOMPARE(pools.notes.size(), std::size_t(1));
    QCOMPARE(pools.notes[0].earlier, findBreakage("sqlite-three-replicas"));
    QCOMPARE(int(pools.notes[0].kind), int(BreakInteraction::Undid));
    QCOMPARE(pools.notes[0].settings, (std::vector<SettingDiff>{{"/database/kind", "Database", "sqlite", "postgresql"}}));
    // The undone break is no longer in effect; the new one is.
    QCOMPARE(pools.applied.size(), std::size_t(1));
    QCOMPARE(pools.applied[0].breakage, findBreakage("pools-over-max-connections"));
}

void tst_training::aRuleThatStopsFiringUndidTheBreak()
{
    // Pools over max_connections, then SQLite: no PostgreSQL, so no connection budget to exceed. SQLite touches
    // none of the settings the pools break changed (the database already was PostgreSQL), yet it undid it.
    const auto pools = broken(testplans::presetPlan("large-scale"), "pools-over-max-connections");
    QVERIFY(evaluate(pools.plan).find("connection-budget"));
    const auto sqlite = broken(pools.plan, "sqlite-three-replicas", pools.applied);
    QCOMPARE(sqlite.notes.size(), std::size_t(1));
    QCOMPARE(int(sqlite.notes[0].kind), int(BreakInteraction::Undid));
    QVERIFY(sqlite.notes[0].settings.empty());
    QVERIFY(!evaluate(sqlite.plan).find("connection-budget"));
}

void tst_training::overwrittenAndSetBackSettingsAreSaid()
{
    // Large scale has 6 replicas: no Redis sets 2, then every-pod-migrates sets 3, a third value. Redis is still
    // missing, so its rule still fires: overwritten, not undone.
    const auto noRedis = broken(testplans::presetPlan("large-scale"), "no-redis-two-replicas");
    const auto migrate = broken(noRedis.plan, "every-pod-migrates", noRedis.applied);
    QCOMPARE(migrate.notes.size(), std::size_t(1));
    QCOMPARE(int(migrate.notes[0].kind), int(BreakInteraction::Overwrote));
    QCOMPARE(migrate.notes[0].settings, (std::vector<SettingDiff>{{"/replicas", "Replicas", "2", "3"}}));
    QCOMPARE(migrate.applied.size(), std::size_t(2));

    // High availability has 3: no Redis sets 2, SQLite sets 3 again, the value before; Redis is still missing.
    const auto haNoRedis = broken(testplans::presetPlan("high-availability"), "no-redis-two-replicas");
    const auto sqlite = broken(haNoRedis.plan, "sqlite-three-replicas", haNoRedis.applied);
    QCOMPARE(sqlite.notes.size(), std::size_t(1));
    QCOMPARE(int(sqlite.notes[0].kind), int(BreakInteraction::SetBack));
    QCOMPARE(sqlite.notes[0].settings, (std::vector<SettingDiff>{{"/replicas", "Replicas", "2", "3"}}));
    QVERIFY(evaluate(sqlite.plan).find("redis-websockets"));
}

void tst_training::journeyFollowsTheSeedInMatrixOrder()
{
    const auto &journey = trainingJourney();
    QCOMPARE(journey.size(), std::size_t(5)); // one step per preset, one preset per matrix row
    std::set<std::string_view> presets;
    int previous = -1;
    for (const auto &step : journey) {
        QVERIFY(presets.insert(step.preset).second);
        const int scenario = int(classify(testplans::presetPlan(std::string(step.preset))).scenario);
        QVERIFY2(scenario > previous, std::string(step.preset).c_str());
        previous = scenario;
        QVERIFY(!step.seedStep.empty());
        QVERIFY(step.points.size() >= 2);
        for (const auto &point : step.points) {
            QVERIFY(!point.text.empty());
            QVERIFY2(point.source.find("scaling-open-webui.md § ") == 0, std::string(point.source).c_str());
        }
    }
}

QTEST_GUILESS_MAIN(tst_training)
#include "tst_training.moc"
