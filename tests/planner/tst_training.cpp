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
};

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

QTEST_GUILESS_MAIN(tst_training)
#include "tst_training.moc"
