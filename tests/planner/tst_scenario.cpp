// SPDX-License-Identifier: MIT
// The quick-reference matrix: which row a plan falls in, and what each row asks for.
#include "planner/scenario.h"

#include <QtTest>

using namespace planner;

Q_DECLARE_METATYPE(Scenario)
Q_DECLARE_METATYPE(Need)
Q_DECLARE_METATYPE(planner::Plan)

namespace {

Plan planWith(int users, int replicas, int workers)
{
    Plan plan;
    plan.expectedUsers = users;
    plan.replicas = replicas;
    plan.workers = workers;
    return plan;
}

const ComponentRequirement &requirement(const ScenarioResult &result, Component component)
{
    for (const auto &req : result.components)
        if (req.component == component)
            return req;
    qFatal("component missing from the scenario result");
}

} // namespace

class tst_scenario : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classification_data();
    void classification();
    void autoscalingMaximumMakesItMultiInstance();
    void matrixRows_data();
    void matrixRows();
    void everyRowIsClassifiable();
    void seedAndNewerDisagreementsAreExplained();
    void satisfiedFollowsThePlan();
    void namesRoundTrip();
};

void tst_scenario::classification_data()
{
    QTest::addColumn<int>("users");
    QTest::addColumn<int>("replicas");
    QTest::addColumn<int>("workers");
    QTest::addColumn<Scenario>("expected");

    QTest::newRow("defaults") << 1 << 1 << 1 << Scenario::SingleUser;
    QTest::newRow("two users") << 2 << 1 << 1 << Scenario::SmallTeam;
    QTest::newRow("49 users") << 49 << 1 << 1 << Scenario::SmallTeam;
    QTest::newRow("500 users, one process") << 500 << 1 << 1 << Scenario::SmallTeam;
    QTest::newRow("workers") << 20 << 1 << 4 << Scenario::MultipleWorkers;
    QTest::newRow("one user, two workers") << 1 << 1 << 2 << Scenario::MultipleWorkers;
    QTest::newRow("replicas") << 100 << 3 << 1 << Scenario::MultipleInstances;
    QTest::newRow("replicas and workers") << 100 << 3 << 2 << Scenario::MultipleInstances;
    QTest::newRow("999 users, replicas") << 999 << 5 << 1 << Scenario::MultipleInstances;
    QTest::newRow("1000 users") << 1000 << 6 << 1 << Scenario::LargeScale;
    QTest::newRow("1000 users, one process") << 1000 << 1 << 1 << Scenario::LargeScale;
}

void tst_scenario::classification()
{
    QFETCH(int, users);
    QFETCH(int, replicas);
    QFETCH(int, workers);
    QFETCH(Scenario, expected);
    const auto result = classify(planWith(users, replicas, workers));
    QCOMPARE(int(result.scenario), int(expected));
    QVERIFY(!result.reason.empty());
    QCOMPARE(result.components.size(), std::size_t(6));
}

void tst_scenario::autoscalingMaximumMakesItMultiInstance()
{
    Plan plan = planWith(100, 1, 1);
    plan.autoscaling = {true, 1, 4};
    QCOMPARE(int(classify(plan).scenario), int(Scenario::MultipleInstances));
    plan.autoscaling.enabled = false;
    QCOMPARE(int(classify(plan).scenario), int(Scenario::SmallTeam));
}

void tst_scenario::matrixRows_data()
{
    QTest::addColumn<Plan>("plan");
    QTest::addColumn<Scenario>("scenario");
    // Columns: Postgres, Redis, SharedStorage, ExternalVectorDb, ContentExtraction, Embeddings (what the planner asks).
    QTest::addColumn<QList<Need>>("needs");
    QTest::addColumn<QList<int>>("seedNeeds"); ///< -1 where the seed's table has no such column

    using N = Need;
    const int none = -1;
    QTest::newRow("single user") << planWith(1, 1, 1) << Scenario::SingleUser
                                 << QList<Need>{N::NotNeeded, N::NotNeeded, N::NotNeeded, N::NotNeeded, N::NotNeeded, N::NotNeeded}
                                 << QList<int>{int(N::NotNeeded), int(N::NotNeeded), int(N::NotNeeded), none, none, none};
    QTest::newRow("small team") << planWith(10, 1, 1) << Scenario::SmallTeam
                                << QList<Need>{N::Recommended, N::Recommended, N::NotNeeded, N::NotNeeded, N::Recommended, N::NotNeeded}
                                << QList<int>{int(N::Recommended), int(N::NotNeeded), int(N::NotNeeded), none, none, none};
    QTest::newRow("multiple workers") << planWith(10, 1, 4) << Scenario::MultipleWorkers
                                      << QList<Need>{N::Required, N::Required, N::NotNeeded, N::Required, N::StronglyRecommended, N::StronglyRecommended}
                                      << QList<int>{int(N::Required), int(N::Required), int(N::NotNeeded), none, none, none};
    // Shared storage: the seed says Required, the newer table Optional (NFS or S3); the seed decides.
    QTest::newRow("multiple instances") << planWith(100, 3, 1) << Scenario::MultipleInstances
                                        << QList<Need>{N::Required, N::Required, N::Required, N::Required, N::StronglyRecommended, N::StronglyRecommended}
                                        << QList<int>{int(N::Required), int(N::Required), int(N::Required), none, none, none};
    QTest::newRow("large scale") << planWith(5000, 10, 1) << Scenario::LargeScale
                                 << QList<Need>{N::Required, N::Required, N::Required, N::Required, N::StronglyRecommended, N::StronglyRecommended}
                                 << QList<int>{int(N::Required), int(N::Required), int(N::Required), none, none, none};
}

void tst_scenario::matrixRows()
{
    QFETCH(Plan, plan);
    QFETCH(Scenario, scenario);
    QFETCH(QList<Need>, needs);
    QFETCH(QList<int>, seedNeeds);

    const auto result = classify(plan);
    QCOMPARE(int(result.scenario), int(scenario));
    QCOMPARE(result.components.size(), std::size_t(needs.size()));
    for (qsizetype i = 0; i < needs.size(); ++i) {
        const auto &req = result.components[std::size_t(i)];
        QVERIFY2(req.need == needs[i], qPrintable(QStringLiteral("column %1 (%2)").arg(i).arg(QString::fromUtf8(toString(req.component).data()))));
        if (seedNeeds[i] < 0)
            QVERIFY(!req.seedNeed.has_value());
        else
            QCOMPARE(int(*req.seedNeed), seedNeeds[i]);
        QVERIFY(!req.reason.empty());
    }
}

void tst_scenario::everyRowIsClassifiable()
{
    // Each stored row has a plan that lands in it, and each row appears exactly once, in table order.
    const auto &matrix = quickReferenceMatrix();
    QCOMPARE(matrix.size(), std::size_t(5));
    for (std::size_t i = 0; i < matrix.size(); ++i) {
        QCOMPARE(int(matrix[i].scenario), int(i));
        QVERIFY(!matrix[i].label.empty());
        QCOMPARE(scenarioFromString(toString(matrix[i].scenario)), std::optional<Scenario>(matrix[i].scenario));
    }
}

void tst_scenario::seedAndNewerDisagreementsAreExplained()
{
    const auto team = classify(planWith(10, 1, 1));
    const auto &redis = requirement(team, Component::Redis);
    QCOMPARE(int(*redis.seedNeed), int(Need::NotNeeded));
    QCOMPARE(int(redis.newerNeed), int(Need::Recommended));
    QVERIFY(redis.note.find("newer revision") != std::string::npos);

    const auto ha = classify(planWith(100, 3, 1));
    const auto &storage = requirement(ha, Component::SharedStorage);
    QCOMPARE(int(storage.newerNeed), int(Need::Optional));
    QCOMPARE(int(storage.need), int(Need::Required));
    QVERIFY(storage.note.find("seed") != std::string::npos);

    // Where both revisions agree there is nothing to explain.
    QVERIFY(requirement(ha, Component::Postgres).note.empty());
}

void tst_scenario::satisfiedFollowsThePlan()
{
    Plan plan = planWith(100, 3, 1);
    auto result = classify(plan);
    for (const auto &req : result.components)
        QVERIFY2(!req.satisfied, toString(req.component).data());

    plan.database.kind = DatabaseKind::Postgres;
    plan.redis.mode = RedisMode::Single;
    plan.storage.kind = StorageKind::S3;
    plan.vectorDb.kind = VectorDb::ChromaHttp;
    plan.contentExtraction = ContentExtraction::Docling;
    plan.embeddings = EmbeddingEngine::Ollama;
    result = classify(plan);
    for (const auto &req : result.components)
        QVERIFY2(req.satisfied, toString(req.component).data());

    plan.storage.kind = StorageKind::SharedVolume;
    plan.vectorDb.kind = VectorDb::MilvusLite;
    result = classify(plan);
    QVERIFY(requirement(result, Component::SharedStorage).satisfied);
    QVERIFY(!requirement(result, Component::ExternalVectorDb).satisfied);
}

void tst_scenario::namesRoundTrip()
{
    for (auto s : {Scenario::SingleUser, Scenario::SmallTeam, Scenario::MultipleWorkers, Scenario::MultipleInstances,
                   Scenario::LargeScale})
        QCOMPARE(scenarioFromString(toString(s)), std::optional<Scenario>(s));
    QVERIFY(!scenarioFromString("medium").has_value());
    QCOMPARE(toString(Scenario::MultipleInstances), std::string_view("high-availability"));
}

QTEST_GUILESS_MAIN(tst_scenario)
#include "tst_scenario.moc"
