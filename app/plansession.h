// SPDX-License-Identifier: MIT
#pragma once

#include "findingsmodel.h"
#include "matrixmodel.h"
#include "planner/evaluate.h"
#include "planner/plan.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUndoStack>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The plan being edited, its file, its history, and everything the core derives from it.
 *
 * QML reads `plan` (the plan file's JSON as a map) and writes through `set(pointer, value)`, which
 * validates like a plan file and records one undoable step; every figure comes from planner::evaluate.
 */
class PlanSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("PlanSession is created by the application")
    Q_PROPERTY(QVariantMap plan READ plan NOTIFY planChanged)
    /** Counts plan changes: a cheap dependency for bindings that read one value with valueAt(). */
    Q_PROPERTY(int revision READ revision NOTIFY planChanged)
    Q_PROPERTY(QString planName READ planName NOTIFY planChanged)
    Q_PROPERTY(QString scenarioId READ scenarioId NOTIFY scenarioChanged)
    Q_PROPERTY(QString scenarioLabel READ scenarioLabel NOTIFY scenarioChanged)
    Q_PROPERTY(QString scenarioReason READ scenarioReason NOTIFY scenarioChanged)
    Q_PROPERTY(QVariantMap budget READ budget NOTIFY budgetChanged)
    Q_PROPERTY(QVariantMap redisBudget READ redisBudget NOTIFY redisBudgetChanged)
    /**
     * The deployment as the exporters write it (exporters::Topology as a map): load balancer, instances and
     * the autoscaling range, and the services with where each runs. The topology page only draws it.
     */
    Q_PROPERTY(QVariantMap topology READ topology NOTIFY topologyChanged)
    Q_PROPERTY(int errorCount READ errorCount NOTIFY findingCountsChanged)
    Q_PROPERTY(int warningCount READ warningCount NOTIFY findingCountsChanged)
    Q_PROPERTY(FindingsModel *findings READ findings CONSTANT)
    Q_PROPERTY(MatrixModel *matrix READ matrix CONSTANT)
    Q_PROPERTY(QVariantMap fieldErrors READ fieldErrors NOTIFY fieldErrorsChanged)
    Q_PROPERTY(QString filePath READ filePath NOTIFY fileChanged)
    Q_PROPERTY(bool modified READ modified NOTIFY modifiedChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY historyChanged)
    Q_PROPERTY(bool canRedo READ canRedo NOTIFY historyChanged)
    Q_PROPERTY(QString undoText READ undoText NOTIFY historyChanged)
    Q_PROPERTY(QString redoText READ redoText NOTIFY historyChanged)
    Q_PROPERTY(QVariantList presets READ presets CONSTANT)
    Q_PROPERTY(QVariantList breakages READ breakages CONSTANT)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    Q_PROPERTY(bool recoveryAvailable READ recoveryAvailable NOTIFY recoveryAvailableChanged)
    /** What the last fix button changed ("Changed max_connections 210 → 260"); empty once the plan changes otherwise. */
    Q_PROPERTY(QString lastFix READ lastFix NOTIFY lastFixChanged)
    /** The rule of that fix, so the page that showed its finding reports it. */
    Q_PROPERTY(QString lastFixRule READ lastFixRule NOTIFY lastFixChanged)
    /**
     * For a plan inferred by `audit` (empty map otherwise): {files: [names], work: [{subject, from, to, work, step,
     * whatToDo}], redeployCount}: exporters::changesFromAudit against the current plan, work items first.
     */
    Q_PROPERTY(QVariantMap auditOrigin READ auditOrigin NOTIFY auditOriginChanged)

public:
    /** @param autosavePath where unsaved edits are kept for recovery after a crash; empty disables it. */
    explicit PlanSession(QString autosavePath = {}, QObject *parent = nullptr);
    ~PlanSession() override;

    [[nodiscard]] QVariantMap plan() const { return m_planMap; }
    [[nodiscard]] int revision() const { return m_revision; }
    /**
     * @brief One value of the plan by its JSON pointer. Fields use it instead of `plan`, whose every read
     * copies the whole plan into JavaScript: with a hundred fields that cost a frame per slider step.
     */
    Q_INVOKABLE QVariant valueAt(const QString &pointer) const;
    /** @brief The choices of an enumerated setting: [{value, label}] (plan-file spelling, display name). */
    Q_INVOKABLE QVariantList choicesOf(const QString &pointer) const;
    /**
     * @brief Where Save as proposes to write: the current file's folder, or the documents folder for a plan
     * that has none, with a file name made from the plan's name ("Large scale" → large-scale.json).
     */
    Q_INVOKABLE QUrl suggestedSaveUrl() const;
    [[nodiscard]] QString planName() const;
    [[nodiscard]] QString scenarioId() const;
    [[nodiscard]] QString scenarioLabel() const;
    [[nodiscard]] QString scenarioReason() const;
    [[nodiscard]] QVariantMap budget() const { return m_budgetMap; }
    [[nodiscard]] QVariantMap redisBudget() const { return m_redisMap; }
    [[nodiscard]] QVariantMap topology() const { return m_topologyMap; }
    [[nodiscard]] QVariantMap auditOrigin() const { return m_auditOriginMap; }
    [[nodiscard]] int errorCount() const { return m_evaluation.count(planner::Severity::Error); }
    [[nodiscard]] int warningCount() const { return m_evaluation.count(planner::Severity::Warning); }
    [[nodiscard]] FindingsModel *findings() { return &m_findings; }
    [[nodiscard]] MatrixModel *matrix() { return &m_matrix; }
    [[nodiscard]] QVariantMap fieldErrors() const { return m_fieldErrors; }
    [[nodiscard]] QString filePath() const { return m_filePath; }
    [[nodiscard]] bool modified() const { return !m_undo.isClean(); }
    [[nodiscard]] bool canUndo() const { return m_undo.canUndo(); }
    [[nodiscard]] bool canRedo() const { return m_undo.canRedo(); }
    [[nodiscard]] QString undoText() const { return m_undo.undoText(); }
    [[nodiscard]] QString redoText() const { return m_undo.redoText(); }
    [[nodiscard]] QVariantList presets() const { return m_presets; }
    /** @brief Training mode's "break it" switches: [{id, title, symptom, source, rule}]. */
    [[nodiscard]] QVariantList breakages() const;
    [[nodiscard]] QString errorText() const { return m_errorText; }
    [[nodiscard]] bool recoveryAvailable() const { return m_recoveryAvailable; }
    [[nodiscard]] QString lastFix() const { return m_lastFix; }
    [[nodiscard]] QString lastFixRule() const { return m_lastFixRule; }
    [[nodiscard]] const planner::Plan &currentPlan() const { return m_plan; }
    [[nodiscard]] const planner::Evaluation &evaluation() const { return m_evaluation; }

    /**
     * @brief Changes one setting by its plan-file JSON pointer ("/database/pool_size"), as one undoable
     * step. An invalid value changes nothing and is reported in fieldErrors[pointer].
     */
    /**
     * @brief One edit; `label` names the setting in the undo history ("Change Replicas"), the pointer's last
     * part when empty. `continuous` edits (a slider drag, spin-box steps) merge with the previous edit of the
     * same setting into one undo step; discrete ones (a choice, a switch, a list item) are steps of their own.
     */
    Q_INVOKABLE bool set(const QString &pointer, const QVariant &value, const QString &label = QString(),
                         bool continuous = true);
    /**
     * @brief Applies settings through the plan file's validation as one undoable step named `description`
     * (the fix buttons, the Remote page's "Use this value"); `mergeKey` merges with the previous step of that key.
     * A refused value changes nothing and is reported in fieldErrors.
     */
    bool applyChanges(const std::vector<planner::SettingChange> &changes, const QString &description, const QString &mergeKey = QString());
    /** @brief Applies the fix of the finding at `row` of `findings` (one undoable step). */
    Q_INVOKABLE bool applyFix(int row);
    /** @brief Turns on a classic mistake as one undoable step (tests and demos; the training page breaks TrainingSession's sandbox). */
    Q_INVOKABLE bool breakIt(const QString &id);
    Q_INVOKABLE void undo() { m_undo.undo(); }
    Q_INVOKABLE void redo() { m_undo.redo(); }

    Q_INVOKABLE void newPlan();
    /** @brief Replaces the plan with a copy of `plan`, with a fresh history and no file (the training sandbox). */
    void replacePlan(const planner::Plan &plan) { startOver(plan, QString()); }
    /**
     * @brief Takes `plan` as a new plan that is not saved yet (an audited deployment continued as a plan): no
     * file, no history, and modified, so closing or replacing it asks first. `suggestedName` becomes its name
     * when the plan file's checks accept it. The caller asks the unsaved-changes question before.
     */
    void adoptPlan(const planner::Plan &plan, const QString &suggestedName);
    Q_INVOKABLE bool loadPreset(const QString &id);
    /** @brief Opens a plan file (a path or a file URL); on failure keeps the current plan and sets errorText. */
    Q_INVOKABLE bool openFile(const QString &pathOrUrl);
    /** @brief Saves to the current file (QSaveFile: all or nothing). */
    Q_INVOKABLE bool save();
    Q_INVOKABLE bool saveAs(const QString &pathOrUrl);

    /** @brief Steady and worst-case totals at 1..maxReplicas replicas: [{replicas, steady, worstCase}]. */
    Q_INVOKABLE QVariantList replicaSweep(int maxReplicas) const;
    /**
     * @brief The same sweep drawn into two chart series (QXYSeries: LineSeries, ScatterSeries), each replaced in
     * one call: appending point by point from QML redraws the chart once per point. Returns the largest worst case.
     */
    Q_INVOKABLE double fillReplicaSweep(QObject *steadySeries, QObject *worstSeries, int maxReplicas) const;

    /** @brief Replaces the plan with the autosaved one (unsaved edits from a session that did not end). */
    Q_INVOKABLE bool recover();
    Q_INVOKABLE void discardRecovery();

Q_SIGNALS:
    /**
     * The plan changed (every edit, undo or load). What is derived from it has a signal of its own, emitted only
     * when it changes and before planChanged, so a slider step on one pool wakes the budget's bindings and not
     * the topology's, and a planChanged handler reads every derived value up to date.
     */
    void planChanged();
    void scenarioChanged();
    void budgetChanged();
    void redisBudgetChanged();
    void topologyChanged();
    void findingCountsChanged();
    void auditOriginChanged();
    void fieldErrorsChanged();
    void fileChanged();
    void modifiedChanged();
    void historyChanged();
    void errorTextChanged();
    void recoveryAvailableChanged();
    void lastFixChanged();

private:
    friend class PlanEditCommand;
    /** @brief Makes `plan` current without touching history (undo, redo, and the first state of a file). */
    void showPlan(const planner::Plan &plan);
    void startOver(planner::Plan plan, QString filePath);
    void setErrorText(const QString &text);
    void setLastFix(const QString &text, const QString &rule);
    void setFieldError(const QString &pointer, const QString &message);
    void writeAutosave();
    void removeAutosave();

    planner::Plan m_plan;
    planner::Evaluation m_evaluation;
    QVariantMap m_planMap;
    int m_revision = 0;
    QVariantMap m_budgetMap;
    QVariantMap m_redisMap;
    QVariantMap m_topologyMap;
    QVariantMap m_auditOriginMap;
    QVariantMap m_fieldErrors;
    /** For each field error, the pointer whose edit was refused: an error shown at /replicas may come from the autoscaling switch. */
    QHash<QString, QString> m_fieldErrorOrigins;
    FindingsModel m_findings;
    MatrixModel m_matrix;
    QTimer m_autosaveTimer; // before m_undo: it must outlive the stack's last signals
    QUndoStack m_undo;
    QString m_filePath;
    QString m_errorText;
    QVariantList m_presets;
    QString m_autosavePath;
    bool m_recoveryAvailable = false;
    QString m_lastFix;
    QString m_lastFixRule;
};
