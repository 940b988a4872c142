// SPDX-License-Identifier: MIT
// Every built-in preset is a correct plan for its scenario: it reads, fits, and raises no error.
#include "planner/evaluate.h"
#include "planner/planfile.h"

#include <QtTest>

#include <filesystem>

using namespace planner;

class tst_presets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onePresetPerScenario();
    void presetIsCorrect_data();
    void presetIsCorrect();
};

void tst_presets::onePresetPerScenario()
{
    for (std::string_view id : {"single-user", "small-team", "multi-worker", "high-availability", "large-scale"}) {
        const auto path = std::filesystem::path(OWUI_PRESET_DIR) / (std::string(id) + ".json");
        QVERIFY2(std::filesystem::exists(path), path.c_str());
    }
}

void tst_presets::presetIsCorrect_data()
{
    QTest::addColumn<QString>("path");
    int rows = 0;
    for (const auto &entry : std::filesystem::directory_iterator(OWUI_PRESET_DIR)) {
        if (entry.path().extension() != ".json")
            continue;
        QTest::newRow(entry.path().stem().c_str()) << QString::fromStdString(entry.path().string());
        ++rows;
    }
    QVERIFY(rows >= 5);
}

void tst_presets::presetIsCorrect()
{
    QFETCH(QString, path);
    const auto plan = readPlanFile(path.toStdString());
    QVERIFY2(plan.has_value(), plan ? "" : plan.error().describe().c_str());
    QVERIFY(!plan->name.empty());
    QVERIFY(!plan->description.empty());

    const auto evaluation = evaluate(*plan);
    for (const auto &finding : evaluation.findings)
        QVERIFY2(finding.severity != Severity::Error, (finding.rule + ": " + finding.message).c_str());
    if (evaluation.budget.applicable) {
        QVERIFY(evaluation.budget.fits);
        QVERIFY2(evaluation.budget.worstCaseFits, "a preset should also fit at its peak");
    }
    if (evaluation.redis.applicable)
        QVERIFY(evaluation.redis.fits);

    // The file is named after the matrix row it demonstrates.
    const auto stem = std::filesystem::path(path.toStdString()).stem().string();
    if (scenarioFromString(stem))
        QCOMPARE(std::string(toString(evaluation.scenario.scenario)), stem);

    // Presets never carry a secret.
    QVERIFY(plan->secrets.webuiSecretKey.empty());
}

QTEST_GUILESS_MAIN(tst_presets)
#include "tst_presets.moc"
