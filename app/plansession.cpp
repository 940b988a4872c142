// SPDX-License-Identifier: MIT
#include "plansession.h"

#include "datalocation.h"
#include "exporters/migration.h"
#include "exporters/model.h"
#include "planner/planfile.h"
#include "planner/training.h"
#include "qtext.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QtCharts/QXYSeries>
#include <QJSValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <QFileInfo>
#include <QDir>
#include <QUndoCommand>
#include <QUrl>

#include <utility>

namespace {

/** @brief The core's JSON as the QVariant tree QML reads. */
QVariant toVariant(const nlohmann::ordered_json &value)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(nlohmann::ordered_json::array({value}).dump()))
        .array()
        .first()
        .toVariant();
}

/** @brief A value from QML as JSON text for a SettingChange. */
std::string toJsonText(QVariant value)
{
    // A JavaScript array or object from QML arrives wrapped in a QJSValue, which QJsonValue would read as null.
    if (value.metaType() == QMetaType::fromType<QJSValue>())
        value = value.value<QJSValue>().toVariant();
    const QByteArray wrapped = QJsonDocument(QJsonArray{QJsonValue::fromVariant(value)}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2).toStdString();
}

QString localPath(const QString &pathOrUrl)
{
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

} // namespace

/** @brief One edit of the plan: the whole plan before and after (a plan is small), merged while a slider drags. */
class PlanEditCommand : public QUndoCommand
{
public:
    PlanEditCommand(PlanSession *session, planner::Plan before, planner::Plan after, const QString &text, QString mergeKey)
        : QUndoCommand(text), m_session(session), m_before(std::move(before)), m_after(std::move(after)),
          m_mergeKey(std::move(mergeKey))
    {
    }

    void undo() override { m_session->showPlan(m_before); }
    void redo() override { m_session->showPlan(m_after); }
    [[nodiscard]] int id() const override { return m_mergeKey.isEmpty() ? -1 : 1; }

    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *edit = static_cast<const PlanEditCommand *>(other);
        if (edit->m_mergeKey != m_mergeKey)
            return false;
        m_after = edit->m_after;
        return true;
    }

private:
    PlanSession *m_session;
    planner::Plan m_before;
    planner::Plan m_after;
    QString m_mergeKey;
};

PlanSession::PlanSession(QString autosavePath, QObject *parent)
    : QObject(parent), m_autosavePath(std::move(autosavePath))
{
    if (const auto loaded = owui::loadPresets()) {
        for (const auto &preset : *loaded)
            m_presets.append(QVariantMap{{QStringLiteral("id"), preset.id},
                                         {QStringLiteral("name"), owui::qtext(preset.plan.name)},
                                         {QStringLiteral("description"), owui::qtext(preset.plan.description)},
                                         {QStringLiteral("scenario"),
                                          owui::qtext(planner::toString(planner::classify(preset.plan).scenario))}});
    }
    connect(&m_undo, &QUndoStack::cleanChanged, this, &PlanSession::modifiedChanged);
    connect(&m_undo, &QUndoStack::indexChanged, this, &PlanSession::historyChanged);
    connect(&m_undo, &QUndoStack::undoTextChanged, this, &PlanSession::historyChanged);
    connect(&m_undo, &QUndoStack::redoTextChanged, this, &PlanSession::historyChanged);
    // Autosave a few seconds after the last edit, so a crash loses at most that much.
    m_autosaveTimer.setSingleShot(true);
    m_autosaveTimer.setInterval(3000);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &PlanSession::writeAutosave);
    connect(&m_undo, &QUndoStack::indexChanged, this, [this] {
        if (!m_autosavePath.isEmpty())
            m_autosaveTimer.start();
    });
    m_recoveryAvailable = !m_autosavePath.isEmpty() && QFile::exists(m_autosavePath);
    showPlan(m_plan);
}

PlanSession::~PlanSession()
{
    // The undo stack signals while it is destroyed; nothing of this half-destroyed session may react.
    disconnect(&m_undo, nullptr, this, nullptr);
    // A clean exit keeps nothing to recover; unsaved edits of a clean exit were already confirmed by the user.
    if (!m_recoveryAvailable)
        removeAutosave();
}

QString PlanSession::planName() const
{
    return m_plan.name.empty() ? tr("Untitled plan") : owui::qtext(m_plan.name);
}

QString PlanSession::scenarioId() const
{
    return owui::qtext(planner::toString(m_evaluation.scenario.scenario));
}

QString PlanSession::scenarioLabel() const
{
    return owui::qtext(planner::label(m_evaluation.scenario.scenario));
}

QString PlanSession::scenarioReason() const
{
    return owui::qtext(m_evaluation.scenario.reason);
}

namespace {

/** @brief The audited files and what moving from them to `plan` takes, as the Review page lists them. */
QVariantMap auditOriginToMap(const planner::Plan &plan)
{
    if (!plan.auditOrigin)
        return {};
    QStringList files;
    for (const auto &file : plan.auditOrigin->files)
        files.append(owui::qtext(file));
    QVariantList work;
    int redeployCount = 0;
    for (const auto &change : exporters::changesFromAudit(*plan.auditOrigin, plan)) {
        if (change.work == exporters::MigrationWork::Redeploy) {
            ++redeployCount;
            continue;
        }
        work.append(QVariantMap{
            {QStringLiteral("subject"), owui::qtext(change.pointer.empty() ? change.variable : change.pointer)},
            {QStringLiteral("from"), owui::qtext(change.from)},
            {QStringLiteral("to"), owui::qtext(change.to)},
            {QStringLiteral("work"), owui::qtext(exporters::toString(change.work))},
            {QStringLiteral("step"), owui::qtext(exporters::toString(exporters::stepOf(change.work)))},
            {QStringLiteral("whatToDo"), owui::qtext(change.whatToDo)},
        });
    }
    return {{QStringLiteral("files"), files}, {QStringLiteral("work"), work}, {QStringLiteral("redeployCount"), redeployCount}};
}

} // namespace

void PlanSession::showPlan(const planner::Plan &plan)
{
    const QString scenarioIdBefore = scenarioId();
    const QString scenarioReasonBefore = scenarioReason();
    const std::pair countsBefore{errorCount(), warningCount()};
    m_plan = plan;
    m_evaluation = planner::evaluate(m_plan);
    const auto planJson = planner::planToJson(m_plan);
    m_planMap = toVariant(planJson).toMap();
    // Each derived value is replaced, and signalled, only when it differs: an unchanged map keeps its bindings asleep.
    const auto replace = [](QVariantMap &current, QVariantMap next) {
        if (current == next)
            return false;
        current = std::move(next);
        return true;
    };
    const bool budgetMoved = replace(m_budgetMap, toVariant(planner::budgetToJson(m_evaluation.budget)).toMap());
    const bool redisMoved = replace(m_redisMap, toVariant(planner::redisBudgetToJson(m_evaluation.redis)).toMap());
    const bool topologyMoved =
        replace(m_topologyMap, toVariant(exporters::toJson(exporters::deploymentModel(m_plan).topology)).toMap());
    const bool auditOriginMoved = replace(m_auditOriginMap, auditOriginToMap(m_plan));
    m_findings.setFindings(m_evaluation.findings, planJson);
    setLastFix(QString(), QString()); // any other change (an edit, undo) makes the report stale; applyFix sets it after
    m_matrix.setCurrent(m_evaluation.scenario);
    ++m_revision;
    // The derived values first: a handler of planChanged (the budget page's charts) reads them up to date.
    if (scenarioIdBefore != scenarioId() || scenarioReasonBefore != scenarioReason())
        Q_EMIT scenarioChanged();
    if (countsBefore != std::pair{errorCount(), warningCount()})
        Q_EMIT findingCountsChanged();
    if (budgetMoved)
        Q_EMIT budgetChanged();
    if (redisMoved)
        Q_EMIT redisBudgetChanged();
    if (topologyMoved)
        Q_EMIT topologyChanged();
    if (auditOriginMoved)
        Q_EMIT auditOriginChanged();
    Q_EMIT planChanged();
}

bool PlanSession::applyChanges(const std::vector<planner::SettingChange> &changes, const QString &description,
                               const QString &mergeKey)
{
    auto changed = planner::applyChanges(m_plan, changes);
    if (!changed) {
        const auto &error = changed.error();
        const QString where = owui::qtext(error.where.empty() ? changes.front().pointer : error.where);
        setFieldError(where, owui::qtext(error.message));
        m_fieldErrorOrigins.insert(where, owui::qtext(changes.front().pointer));
        return false;
    }
    // An accepted edit clears the errors it caused, wherever they were shown.
    for (const auto &change : changes) {
        const QString pointer = owui::qtext(change.pointer);
        setFieldError(pointer, QString());
        for (const QString &where : m_fieldErrorOrigins.keys(pointer))
            setFieldError(where, QString());
    }
    if (*changed == m_plan)
        return true;
    m_undo.push(new PlanEditCommand(this, m_plan, std::move(*changed), description, mergeKey));
    return true;
}

bool PlanSession::set(const QString &pointer, const QVariant &value, const QString &label, bool continuous)
{
    // The edit and the settings it drags along are one undoable step.
    return applyChanges(planner::withDependentChanges(m_plan, {planner::SettingChange{pointer.toStdString(), toJsonText(value)}}),
                        tr("Change %1").arg(label.isEmpty() ? pointer.section(QLatin1Char('/'), -1) : label),
                        continuous ? pointer : QString());
}

bool PlanSession::applyFix(int row)
{
    const auto *finding = m_findings.at(row);
    if (!finding || finding->fixChanges.empty())
        return false;
    // Copied: applying the fix re-evaluates the plan and replaces the findings.
    const auto changes = finding->fixChanges;
    const QString rule = owui::qtext(finding->rule);
    const QString what = FindingsModel::describeChanges(changes, planner::planToJson(m_plan));
    const int revision = m_revision;
    if (!applyChanges(changes, tr("Fix %1: %2").arg(rule, what), QString()))
        return false;
    if (m_revision != revision)
        setLastFix(tr("Changed %1").arg(what), rule);
    return true;
}

void PlanSession::setLastFix(const QString &text, const QString &rule)
{
    if (text == m_lastFix && rule == m_lastFixRule)
        return;
    m_lastFix = text;
    m_lastFixRule = rule;
    Q_EMIT lastFixChanged();
}

QVariantList PlanSession::breakages() const
{
    QVariantList list;
    for (const auto &b : planner::breakages())
        list.append(QVariantMap{{QStringLiteral("id"), owui::qtext(b.id)},
                                {QStringLiteral("title"), owui::qtext(b.title)},
                                {QStringLiteral("symptom"), owui::qtext(b.symptom)},
                                {QStringLiteral("source"), owui::qtext(b.source)},
                                {QStringLiteral("rule"), owui::qtext(b.rule)}});
    return list;
}

bool PlanSession::breakIt(const QString &id)
{
    for (const auto &b : planner::breakages())
        if (owui::qtext(b.id) == id)
            return applyChanges(b.changes, tr("Break: %1").arg(owui::qtext(b.title)), QString());
    return false;
}

void PlanSession::startOver(planner::Plan plan, QString filePath)
{
    m_undo.clear();
    showPlan(plan);
    m_undo.setClean();
    if (filePath != m_filePath) {
        m_filePath = std::move(filePath);
        Q_EMIT fileChanged();
    }
    m_fieldErrorOrigins.clear();
    if (!m_fieldErrors.isEmpty()) {
        m_fieldErrors.clear();
        Q_EMIT fieldErrorsChanged();
    }
    setErrorText(QString());
}

void PlanSession::newPlan()
{
    startOver(planner::Plan{}, QString());
}

void PlanSession::adoptPlan(const planner::Plan &plan, const QString &suggestedName)
{
    planner::Plan adopted = plan;
    if (!suggestedName.isEmpty()) {
        // Through the plan file's own checks: a name made from a file name must still be one a plan file holds.
        if (auto named = planner::applyChanges(adopted, {{"/name", nlohmann::json(suggestedName.toStdString()).dump()}})) {
            named->auditOrigin = adopted.auditOrigin; // kept beside the plan file's keys, which do not hold it
            adopted = std::move(*named);
        }
    }
    startOver(std::move(adopted), QString());
    // Nothing to undo, yet not saved anywhere: the stack leaves its clean state without a step.
    m_undo.resetClean();
    if (!m_autosavePath.isEmpty())
        m_autosaveTimer.start();
}

bool PlanSession::loadPreset(const QString &id)
{
    auto preset = owui::loadPreset(id);
    if (!preset) {
        setErrorText(owui::qtext(preset.error().describe()));
        return false;
    }
    startOver(std::move(preset->plan), QString());
    return true;
}

bool PlanSession::openFile(const QString &pathOrUrl)
{
    const QString path = localPath(pathOrUrl);
    auto plan = planner::readPlanFile(path.toStdString());
    if (!plan) {
        setErrorText(owui::qtext(plan.error().describe()));
        return false;
    }
    startOver(std::move(*plan), path);
    return true;
}

bool PlanSession::save()
{
    return m_filePath.isEmpty() ? false : saveAs(m_filePath);
}

bool PlanSession::saveAs(const QString &pathOrUrl)
{
    const QString path = localPath(pathOrUrl);
    QSaveFile file(path);
    const QByteArray text = QByteArray::fromStdString(planner::planToJsonText(m_plan));
    const bool holdsSecret = m_plan.secrets.storeInPlan && !m_plan.secrets.webuiSecretKey.empty();
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() ||
        !file.setPermissions(holdsSecret ? QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                         : QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                               QFileDevice::ReadOther) ||
        !file.commit()) {
        setErrorText(tr("%1: cannot save: %2").arg(path, file.errorString()));
        return false;
    }
    m_undo.setClean();
    removeAutosave();
    if (path != m_filePath) {
        m_filePath = path;
        Q_EMIT fileChanged();
    }
    setErrorText(QString());
    return true;
}

QVariant PlanSession::valueAt(const QString &pointer) const
{
    QVariant node = m_planMap;
    for (const QString &key : pointer.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (node.typeId() != QMetaType::QVariantMap)
            return {};
        node = node.toMap().value(key);
    }
    return node;
}

QVariantList PlanSession::choicesOf(const QString &pointer) const
{
    QVariantList choices;
    for (const auto &choice : planner::settingChoices(pointer.toStdString()))
        choices.append(QVariantMap{{QStringLiteral("value"), owui::qtext(choice.name)},
                                   {QStringLiteral("label"), owui::qtext(choice.label)}});
    return choices;
}

QUrl PlanSession::suggestedSaveUrl() const
{
    // A file name any file system takes: letters, digits and single dashes (no separators, no dots).
    QString stem;
    for (const QChar c : planName().toLower()) {
        if (c.isLetterOrNumber())
            stem.append(c);
        else if (!stem.isEmpty() && !stem.endsWith(u'-'))
            stem.append(u'-');
    }
    while (stem.endsWith(u'-'))
        stem.chop(1);
    if (stem.isEmpty())
        stem = QStringLiteral("plan");
    stem.truncate(64);
    const QString folder = m_filePath.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                               : QFileInfo(m_filePath).absolutePath();
    return QUrl::fromLocalFile(QDir(folder).filePath(stem + QStringLiteral(".json")));
}

QVariantList PlanSession::replicaSweep(int maxReplicas) const
{
    QVariantList points;
    for (const auto &point : planner::budgetSweep(m_plan, std::clamp(maxReplicas, 0, 1000)))
        points.append(QVariantMap{{QStringLiteral("replicas"), point.replicas},
                                  {QStringLiteral("steady"), point.steady},
                                  {QStringLiteral("worstCase"), point.worstCase}});
    return points;
}

double PlanSession::fillReplicaSweep(QObject *steadySeries, QObject *worstSeries, int maxReplicas) const
{
    QList<QPointF> steady;
    QList<QPointF> worst;
    double top = 0;
    for (const auto &point : planner::budgetSweep(m_plan, std::clamp(maxReplicas, 0, 1000))) {
        steady.append(QPointF(point.replicas, static_cast<double>(point.steady)));
        worst.append(QPointF(point.replicas, static_cast<double>(point.worstCase)));
        top = std::max(top, static_cast<double>(point.worstCase));
    }
    if (auto *series = qobject_cast<QXYSeries *>(steadySeries))
        series->replace(steady);
    if (auto *series = qobject_cast<QXYSeries *>(worstSeries))
        series->replace(worst);
    return top;
}

bool PlanSession::recover()
{
    auto plan = planner::readPlanFile(m_autosavePath.toStdString());
    m_recoveryAvailable = false;
    Q_EMIT recoveryAvailableChanged();
    if (!plan) {
        setErrorText(tr("The autosaved plan cannot be read: %1").arg(owui::qtext(plan.error().describe())));
        return false;
    }
    // Recovered edits are unsaved edits: the plan starts modified, with the recovery as its one undo step.
    const planner::Plan before = m_plan;
    m_undo.push(new PlanEditCommand(this, before, std::move(*plan), tr("Recover unsaved edits"), QString()));
    return true;
}

void PlanSession::discardRecovery()
{
    m_recoveryAvailable = false;
    removeAutosave();
    Q_EMIT recoveryAvailableChanged();
}

void PlanSession::writeAutosave()
{
    if (m_autosavePath.isEmpty() || m_recoveryAvailable)
        return; // never overwrite edits that are still waiting to be recovered
    if (m_undo.isClean()) {
        removeAutosave();
        return;
    }
    (void)planner::writePlanFile(m_autosavePath.toStdString(), m_plan);
}

void PlanSession::removeAutosave()
{
    m_autosaveTimer.stop();
    if (!m_autosavePath.isEmpty())
        QFile::remove(m_autosavePath);
}

void PlanSession::setErrorText(const QString &text)
{
    if (text == m_errorText)
        return;
    m_errorText = text;
    Q_EMIT errorTextChanged();
}

void PlanSession::setFieldError(const QString &pointer, const QString &message)
{
    if (message.isEmpty() ? !m_fieldErrors.contains(pointer) : m_fieldErrors.value(pointer) == message)
        return;
    if (message.isEmpty()) {
        m_fieldErrors.remove(pointer);
        m_fieldErrorOrigins.remove(pointer);
    } else
        m_fieldErrors.insert(pointer, message);
    Q_EMIT fieldErrorsChanged();
}
