// SPDX-License-Identifier: MIT
// The adapter the QML pages drive: edits, undo, field errors, fixes, files, autosave, and its models.
#include "plansession.h"
#include "exporters/model.h"
#include "planner/planfile.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

namespace {

int rowOf(FindingsModel *model, const QString &rule)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->data(model->index(row), FindingsModel::RuleRole).toString() == rule)
            return row;
    return -1;
}

} // namespace

class tst_plansession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsOnOpenWebUiDefaults();
    void setChangesThePlanAsOneUndoStep();
    void sliderDragMergesIntoOneStep();
    void invalidValueIsShownAtTheFieldAndChangesNothing();
    void fixButtonClearsItsFinding();
    void modelsPassTheTester();
    void matrixMarksOnlyTheRowsThatChange();
    void findingsChangeInPlaceWithoutAReset();
    void derivedValuesSignalOnlyWhenTheyChange();
    void saveIsAtomicAndClean();
    void saveFailureKeepsEverything();
    void openBadFileKeepsThePlan();
    void openFifoReturnsAtOnce();
    void presetsAreListed();
    void autosaveIsRecoveredAfterACrash();
    void replicaSweepComesFromTheCore();
    void breakItShowsTheMistakeAndUndoes();
    void valueAtReadsOneSetting();
    void topologyIsTheExportersModel();
};

void tst_plansession::startsOnOpenWebUiDefaults()
{
    PlanSession session;
    QCOMPARE(session.plan().value(QStringLiteral("replicas")).toInt(), 1);
    QCOMPARE(session.plan().value(QStringLiteral("database")).toMap().value(QStringLiteral("kind")).toString(),
             QStringLiteral("sqlite"));
    QCOMPARE(session.scenarioId(), QStringLiteral("single-user"));
    QVERIFY(!session.modified());
    QVERIFY(!session.canUndo());
}

void tst_plansession::setChangesThePlanAsOneUndoStep()
{
    PlanSession session;
    QSignalSpy planSpy(&session, &PlanSession::planChanged);
    QSignalSpy modifiedSpy(&session, &PlanSession::modifiedChanged);
    QVERIFY(session.set(QStringLiteral("/replicas"), 3));
    QCOMPARE(planSpy.count(), 1);
    QCOMPARE(modifiedSpy.count(), 1);
    QVERIFY(session.modified());
    QCOMPARE(session.currentPlan().replicas, 3);
    QCOMPARE(session.scenarioId(), QStringLiteral("high-availability"));
    QVERIFY(session.errorCount() > 0);

    session.undo();
    QCOMPARE(session.currentPlan().replicas, 1);
    QVERIFY(!session.modified());
    session.redo();
    QCOMPARE(session.currentPlan().replicas, 3);

    // Setting the value it already has records nothing.
    const int steps = session.canUndo() ? 1 : 0;
    QVERIFY(session.set(QStringLiteral("/replicas"), 3));
    QCOMPARE(planSpy.count(), 3);
    QCOMPARE(int(session.canUndo()), steps);
}

void tst_plansession::sliderDragMergesIntoOneStep()
{
    PlanSession session;
    QVERIFY(session.set(QStringLiteral("/database/kind"), QStringLiteral("postgresql")));
    for (int pool = 5; pool <= 25; ++pool)
        QVERIFY(session.set(QStringLiteral("/database/pool_size"), pool));
    QCOMPARE(*session.currentPlan().database.poolSize, 25);
    session.undo(); // the whole drag
    QVERIFY(!session.currentPlan().database.poolSize.has_value());
    QVERIFY(session.currentPlan().database.kind == planner::DatabaseKind::Postgres);
    session.undo(); // the database kind
    QVERIFY(session.currentPlan().database.kind == planner::DatabaseKind::Sqlite);
    QVERIFY(!session.canUndo());
}

void tst_plansession::invalidValueIsShownAtTheFieldAndChangesNothing()
{
    PlanSession session;
    QSignalSpy errorsSpy(&session, &PlanSession::fieldErrorsChanged);
    QVERIFY(!session.set(QStringLiteral("/replicas"), 0));
    QVERIFY(!session.set(QStringLiteral("/database/pool_size"), 2.5));
    QCOMPARE(errorsSpy.count(), 2);
    QVERIFY(session.fieldErrors().value(QStringLiteral("/replicas")).toString().contains(QStringLiteral("between 1 and 1000")));
    QVERIFY(session.fieldErrors().value(QStringLiteral("/database/pool_size")).toString().contains(QStringLiteral("whole number")));
    QCOMPARE(session.currentPlan().replicas, 1);
    QVERIFY(!session.canUndo());
    QVERIFY(!session.set(QStringLiteral("/orchestrator"), QStringLiteral("nomad")));
    QVERIFY(session.fieldErrors().value(QStringLiteral("/orchestrator")).toString().contains(QStringLiteral("compose")));

    // A valid value clears the field's error.
    QVERIFY(session.set(QStringLiteral("/replicas"), 2));
    QVERIFY(!session.fieldErrors().contains(QStringLiteral("/replicas")));
}

void tst_plansession::fixButtonClearsItsFinding()
{
    PlanSession session;
    QVERIFY(session.set(QStringLiteral("/replicas"), 3));
    const int row = rowOf(session.findings(), QStringLiteral("external-database"));
    QVERIFY(row >= 0);
    QVERIFY(session.findings()->data(session.findings()->index(row), FindingsModel::HasFixRole).toBool());
    // Before: what the button will change, from the current plan.
    QCOMPARE(session.findings()->data(session.findings()->index(row), FindingsModel::ChangesRole).toString(),
             QStringLiteral("database.kind sqlite → postgresql"));
    QSignalSpy reported(&session, &PlanSession::lastFixChanged);
    QVERIFY(session.applyFix(row));
    QCOMPARE(rowOf(session.findings(), QStringLiteral("external-database")), -1);
    QVERIFY(session.currentPlan().database.kind == planner::DatabaseKind::Postgres);
    // After: what changed, in the window and in the undo history.
    QCOMPARE(session.lastFix(), QStringLiteral("Changed database.kind sqlite → postgresql"));
    QCOMPARE(session.lastFixRule(), QStringLiteral("external-database"));
    QVERIFY(reported.count() >= 1);
    QCOMPARE(session.undoText(), QStringLiteral("Fix external-database: database.kind sqlite → postgresql"));
    QVERIFY(!session.applyFix(999));
    // Undone, the report would be stale: it goes.
    session.undo();
    QCOMPARE(session.lastFix(), QString());
    QVERIFY(session.currentPlan().database.kind == planner::DatabaseKind::Sqlite);

    // Several settings, an unset one among them: each named with its before and after.
    const auto pool = std::vector<planner::SettingChange>{{"/database/pool_size", "15"}, {"/database/max_overflow", "20"}};
    const auto plan = planner::planToJson(session.currentPlan());
    QCOMPARE(FindingsModel::describeChanges(pool, plan), QStringLiteral("pool_size unset → 15, max_overflow 0 → 20"));
}

void tst_plansession::modelsPassTheTester()
{
    PlanSession session;
    QAbstractItemModelTester findingsTester(session.findings(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester matrixTester(session.matrix(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy countSpy(session.findings(), &FindingsModel::countChanged);
    QVERIFY(session.loadPreset(QStringLiteral("large-scale")));
    QVERIFY(session.set(QStringLiteral("/replicas"), 8));
    QVERIFY(session.set(QStringLiteral("/secrets/key_mode"), QStringLiteral("unset")));
    session.undo();
    QVERIFY(countSpy.count() >= 1);
    QCOMPARE(session.findings()->property("count").toInt(), session.findings()->rowCount());
    QCOMPARE(session.matrix()->rowCount(), 5);
    QCOMPARE(session.matrix()->columnCount(), 6);
    QCOMPARE(session.matrix()->headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("PostgreSQL"));
}

void tst_plansession::matrixMarksOnlyTheRowsThatChange()
{
    PlanSession session;
    auto *matrix = session.matrix();
    QCOMPARE(matrix->currentRow(), 0);
    QSignalSpy changed(matrix, &QAbstractItemModel::dataChanged);
    QVERIFY(session.set(QStringLiteral("/workers"), 4)); // multi-worker: row 2
    QCOMPARE(matrix->currentRow(), 2);
    QCOMPARE(changed.count(), 2); // the old row and the new one
    for (const auto &signal : changed) {
        const auto roles = signal.at(2).value<QList<int>>();
        QVERIFY(roles.contains(MatrixModel::CurrentRole));
        QCOMPARE(signal.at(0).toModelIndex().row(), signal.at(1).toModelIndex().row());
    }
    QVERIFY(matrix->data(matrix->index(2, 0), MatrixModel::CurrentRole).toBool());
    QVERIFY(!matrix->data(matrix->index(0, 0), MatrixModel::CurrentRole).toBool());
    QCOMPARE(matrix->data(matrix->index(2, 3), MatrixModel::NeedRole).toString(), QStringLiteral("required"));
    // Shared storage, multiple instances: the seed says required, the newer table optional; the note says why.
    QVERIFY(!matrix->data(matrix->index(3, 2), MatrixModel::NoteRole).toString().isEmpty());

    changed.clear();
    QVERIFY(session.set(QStringLiteral("/image_tag"), QStringLiteral("0.11.0"))); // same row, same components
    QCOMPARE(changed.count(), 0);
}

void tst_plansession::derivedValuesSignalOnlyWhenTheyChange()
{
    PlanSession session;
    QVERIFY(session.loadPreset(QStringLiteral("high-availability")));
    QSignalSpy plan(&session, &PlanSession::planChanged);
    QSignalSpy scenario(&session, &PlanSession::scenarioChanged);
    QSignalSpy budget(&session, &PlanSession::budgetChanged);
    QSignalSpy redis(&session, &PlanSession::redisBudgetChanged);
    QSignalSpy topology(&session, &PlanSession::topologyChanged);
    QSignalSpy counts(&session, &PlanSession::findingCountsChanged);
    QSignalSpy ruleCounts(session.findings(), &FindingsModel::ruleCountsChanged);
    const QVariantMap topologyBefore = session.topology();
    const QVariantMap redisBefore = session.redisBudget();

    // A slider step on the main pool: the budget moves; the topology, the scenario and Redis do not.
    const int pool = session.plan().value(QStringLiteral("database")).toMap().value(QStringLiteral("pool_size")).toInt();
    QVERIFY(session.set(QStringLiteral("/database/pool_size"), pool + 1));
    QCOMPARE(plan.count(), 1);
    QCOMPARE(budget.count(), 1);
    QCOMPARE(topology.count(), 0);
    QCOMPARE(scenario.count(), 0);
    QCOMPARE(redis.count(), 0);
    QCOMPARE(session.topology(), topologyBefore);
    QCOMPARE(session.redisBudget(), redisBefore);

    // More replicas: the topology draws them, and Redis counts their clients.
    QVERIFY(session.set(QStringLiteral("/replicas"), session.plan().value(QStringLiteral("replicas")).toInt() + 1));
    QCOMPARE(topology.count(), 1);
    QCOMPARE(redis.count(), 1);
    QVERIFY(session.topology() != topologyBefore);

    // A budget far over max_connections adds an error: the header's counts and the step list's badges follow.
    const int countsBefore = counts.count();
    const int ruleCountsBefore = ruleCounts.count();
    const int errorsBefore = session.errorCount();
    QVERIFY(session.set(QStringLiteral("/database/max_connections"), 20));
    QVERIFY(session.errorCount() > errorsBefore);
    QCOMPARE(counts.count(), countsBefore + 1);
    QCOMPARE(ruleCounts.count(), ruleCountsBefore + 1);
    QVERIFY(session.findings()->ruleCounts().value(QStringLiteral("connection-budget")).toInt() >= 1);
    // Undo brings every derived value back, and says so.
    session.undo();
    QCOMPARE(session.errorCount(), errorsBefore);
    QCOMPARE(counts.count(), countsBefore + 2);
}

void tst_plansession::findingsChangeInPlaceWithoutAReset()
{
    PlanSession session;
    QVERIFY(session.loadPreset(QStringLiteral("high-availability")));
    auto *findings = session.findings();
    QAbstractItemModelTester tester(findings, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(findings, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(findings, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(findings, &QAbstractItemModel::rowsRemoved);
    // A slider drag over the pool size: findings appear, go and change their numbers.
    for (int size : {5, 40, 200, 0, 12, 25}) {
        QVERIFY(session.set(QStringLiteral("/database/pool_size"), size));
        const auto &expected = session.evaluation().findings;
        QCOMPARE(findings->rowCount(), static_cast<int>(expected.size()));
        for (int row = 0; row < findings->rowCount(); ++row) {
            const auto index = findings->index(row);
            QCOMPARE(findings->data(index, FindingsModel::RuleRole).toString(), QString::fromStdString(expected[row].rule));
            QCOMPARE(findings->data(index, FindingsModel::MessageRole).toString(), QString::fromStdString(expected[row].message));
        }
    }
    QCOMPARE(resets.count(), 0);
    QVERIFY(inserted.count() + removed.count() > 0);
}

void tst_plansession::saveIsAtomicAndClean()
{
    QTemporaryDir dir;
    PlanSession session;
    QVERIFY(session.set(QStringLiteral("/replicas"), 2));
    QVERIFY(!session.save()); // no file yet
    const QString path = dir.filePath(QStringLiteral("plan.json"));
    QSignalSpy fileSpy(&session, &PlanSession::fileChanged);
    QVERIFY(session.saveAs(QUrl::fromLocalFile(path).toString()));
    QCOMPARE(fileSpy.count(), 1);
    QCOMPARE(session.filePath(), path);
    QVERIFY(!session.modified());
    const auto reread = planner::readPlanFile(path.toStdString());
    QVERIFY(reread.has_value());
    QCOMPARE(reread->replicas, 2);
    QCOMPARE(QFileInfo(path).permissions() & QFileDevice::ReadOther, QFileDevice::ReadOther);

    QVERIFY(session.set(QStringLiteral("/replicas"), 4));
    QVERIFY(session.modified());
    QVERIFY(session.save());
    QCOMPARE(planner::readPlanFile(path.toStdString())->replicas, 4);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left
}

void tst_plansession::saveFailureKeepsEverything()
{
    PlanSession session;
    QVERIFY(session.set(QStringLiteral("/replicas"), 2));
    QVERIFY(!session.saveAs(QStringLiteral("/nonexistent-folder/plan.json")));
    QVERIFY(session.errorText().contains(QStringLiteral("/nonexistent-folder/plan.json")));
    QVERIFY(session.modified());
    QVERIFY(session.filePath().isEmpty());
    QVERIFY(!QFile::exists(QStringLiteral("/nonexistent-folder/plan.json")));
}

void tst_plansession::openBadFileKeepsThePlan()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": 1, \"replicas\": \"three\"}");
    file.close();
    PlanSession session;
    QVERIFY(session.set(QStringLiteral("/workers"), 2));
    QVERIFY(!session.openFile(path));
    QVERIFY(session.errorText().contains(QStringLiteral("/replicas")));
    QCOMPARE(session.currentPlan().workers, 2);
    QVERIFY(session.canUndo());
}

void tst_plansession::openFifoReturnsAtOnce()
{
    // A FIFO that nobody writes to, opened from the window's file dialog: the UI thread must not wait on it.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("fifo.json"));
    QCOMPARE(::mkfifo(path.toLocal8Bit().constData(), 0600), 0);
    PlanSession session;
    QVERIFY(session.set(QStringLiteral("/workers"), 2));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!session.openFile(QUrl::fromLocalFile(path).toString()));
    QVERIFY2(clock.elapsed() < 2000, "opening a FIFO blocked the window");
    QCOMPARE(session.errorText(), path + QStringLiteral(": not a regular file (a pipe or FIFO); save the plan to a file first"));
    QCOMPARE(session.currentPlan().workers, 2);
}

void tst_plansession::presetsAreListed()
{
    PlanSession session;
    QStringList ids;
    for (const auto &preset : session.presets())
        ids << preset.toMap().value(QStringLiteral("id")).toString();
    QCOMPARE(ids, (QStringList{QStringLiteral("single-user"), QStringLiteral("small-team"), QStringLiteral("multi-worker"),
                               QStringLiteral("high-availability"), QStringLiteral("large-scale")}));
    QVERIFY(session.loadPreset(QStringLiteral("small-team")));
    QVERIFY(!session.modified());
    QVERIFY(!session.loadPreset(QStringLiteral("nosuch")));
    QVERIFY(session.errorText().contains(QStringLiteral("nosuch")));
}

void tst_plansession::autosaveIsRecoveredAfterACrash()
{
    QTemporaryDir dir;
    const QString autosave = dir.filePath(QStringLiteral("autosave.json"));
    {
        auto *crashed = new PlanSession(autosave);
        QVERIFY(!crashed->recoveryAvailable());
        QVERIFY(crashed->set(QStringLiteral("/replicas"), 5));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(autosave), 10000);
        // The process dies here: no destructor runs, the autosave stays.
        Q_UNUSED(crashed);
    }
    PlanSession next(autosave);
    QVERIFY(next.recoveryAvailable());
    QCOMPARE(next.currentPlan().replicas, 1);
    QVERIFY(next.recover());
    QCOMPARE(next.currentPlan().replicas, 5);
    QVERIFY(next.modified());
    QVERIFY(!next.recoveryAvailable());
    next.undo();
    QCOMPARE(next.currentPlan().replicas, 1);

    // Discarding removes it for good.
    PlanSession third(autosave);
    QVERIFY(third.recoveryAvailable());
    third.discardRecovery();
    QVERIFY(!QFile::exists(autosave));
}

void tst_plansession::replicaSweepComesFromTheCore()
{
    PlanSession session;
    QVERIFY(session.loadPreset(QStringLiteral("high-availability")));
    const auto sweep = session.replicaSweep(12);
    QCOMPARE(sweep.size(), 12);
    const auto third = sweep.at(2).toMap();
    QCOMPARE(third.value(QStringLiteral("replicas")).toInt(), 3);
    QCOMPARE(third.value(QStringLiteral("steady")).toLongLong(), session.budget().value(QStringLiteral("total_connections")).toLongLong());
    QVERIFY(session.replicaSweep(-5).isEmpty());
}

void tst_plansession::breakItShowsTheMistakeAndUndoes()
{
    PlanSession session;
    QVERIFY(session.loadPreset(QStringLiteral("large-scale")));
    QVERIFY(session.breakages().size() >= 5);
    for (const auto &entry : session.breakages()) {
        const auto breakage = entry.toMap();
        const QString rule = breakage.value(QStringLiteral("rule")).toString();
        QCOMPARE(rowOf(session.findings(), rule), -1);
        QVERIFY(session.breakIt(breakage.value(QStringLiteral("id")).toString()));
        QVERIFY2(rowOf(session.findings(), rule) >= 0, qPrintable(rule));
        QVERIFY(session.undoText().startsWith(QStringLiteral("Break: ")));
        session.undo();
        QCOMPARE(rowOf(session.findings(), rule), -1);
    }
    QVERIFY(!session.breakIt(QStringLiteral("nosuch")));
}

void tst_plansession::valueAtReadsOneSetting()
{
    PlanSession session;
    QSignalSpy changed(&session, &PlanSession::planChanged);
    const int before = session.revision();
    QVERIFY(session.set(QStringLiteral("/database/max_connections"), 250));
    QCOMPARE(session.revision(), before + 1);
    QCOMPARE(session.valueAt(QStringLiteral("/database/max_connections")).toInt(), 250);
    QCOMPARE(session.valueAt(QStringLiteral("/orchestrator")).toString(), QStringLiteral("compose"));
    QVERIFY(session.valueAt(QStringLiteral("/database/pool_size")).isNull()); // unset is JSON null
    QVERIFY(!session.valueAt(QStringLiteral("/database/nosuch")).isValid());
    QVERIFY(!session.valueAt(QStringLiteral("/replicas/deeper")).isValid());
}

void tst_plansession::topologyIsTheExportersModel()
{
    PlanSession session;
    QSignalSpy spy(&session, &PlanSession::planChanged);
    QVERIFY(session.loadPreset(QStringLiteral("small-team")));
    QVERIFY(session.set(QStringLiteral("/load_balancer/kind"), QStringLiteral("none")));
    auto topology = session.topology();
    QCOMPARE(topology.value(QStringLiteral("load_balancer")).toBool(), false);
    QCOMPARE(topology.value(QStringLiteral("entry_label")).toString(), QStringLiteral("Users"));

    // One replica that autoscales to four: the peak decides, as it does for compose.yaml's load balancer.
    QVERIFY(session.set(QStringLiteral("/autoscaling/enabled"), true));
    QVERIFY(session.set(QStringLiteral("/autoscaling/max_replicas"), 4));
    topology = session.topology();
    QCOMPARE(topology.value(QStringLiteral("load_balancer")).toBool(), true);
    QCOMPARE(topology.value(QStringLiteral("replicas")).toInt(), 1);
    QCOMPARE(topology.value(QStringLiteral("max_replicas")).toInt(), 4);
    const auto model = exporters::deploymentModel(session.currentPlan());
    QCOMPARE(model.topology.loadBalancer, true);
    QVERIFY(model.services.loadBalancer);
    QVERIFY(spy.count() >= 4);

    // The services, with where each runs, in the model's order.
    QStringList ids;
    for (const auto &service : topology.value(QStringLiteral("services")).toList())
        ids << service.toMap().value(QStringLiteral("id")).toString();
    QCOMPARE(ids, (QStringList{QStringLiteral("database"), QStringLiteral("redis"), QStringLiteral("vector-db"),
                               QStringLiteral("storage"), QStringLiteral("extraction")}));
    const auto database = topology.value(QStringLiteral("services")).toList().first().toMap();
    QCOMPARE(database.value(QStringLiteral("label")).toString(), QStringLiteral("PostgreSQL"));
    QCOMPARE(database.value(QStringLiteral("placement")).toString(), QStringLiteral("bundled"));

    // Undo brings the drawing back with the plan.
    session.undo();
    session.undo();
    QCOMPARE(session.topology().value(QStringLiteral("load_balancer")).toBool(), false);
}

QTEST_GUILESS_MAIN(tst_plansession)
#include "tst_plansession.moc"
