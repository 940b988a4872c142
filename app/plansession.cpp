// SPDX-License-Identifier: MIT
#include "plansession.h"

#include "datalocation.h"
#include "planner/planfile.h"

#include <QUrl>

namespace {

QString q(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

PlanSession::PlanSession(QObject *parent) : QObject(parent), m_evaluation(planner::evaluate(m_plan))
{
    if (const auto presets = owui::loadPresets())
        for (const auto &preset : *presets)
            m_presetIds << preset.id;
}

QString PlanSession::planName() const
{
    return m_plan.name.empty() ? tr("Untitled plan") : q(m_plan.name);
}

QString PlanSession::scenarioLabel() const
{
    return q(planner::label(m_evaluation.scenario.scenario));
}

QString PlanSession::scenarioReason() const
{
    return q(m_evaluation.scenario.reason);
}

QVariantMap PlanSession::budget() const
{
    const auto &b = m_evaluation.budget;
    return {
        {QStringLiteral("applicable"), b.applicable},
        {QStringLiteral("processes"), b.processes},
        {QStringLiteral("connectionsPerProcess"), b.connectionsPerProcess},
        {QStringLiteral("totalConnections"), b.totalConnections},
        {QStringLiteral("availableConnections"), b.availableConnections},
        {QStringLiteral("maxConnections"), b.maxConnections},
        {QStringLiteral("headroom"), b.headroom},
        {QStringLiteral("fits"), b.fits},
        {QStringLiteral("worstCaseConnections"), b.worstCaseConnections},
        {QStringLiteral("worstCaseFits"), b.worstCaseFits},
    };
}

QVariantList PlanSession::findings() const
{
    QVariantList list;
    for (const auto &f : m_evaluation.findings)
        list.append(QVariantMap{{QStringLiteral("rule"), q(f.rule)},
                                {QStringLiteral("severity"), q(planner::toString(f.severity))},
                                {QStringLiteral("message"), q(f.message)},
                                {QStringLiteral("fix"), q(f.fix)},
                                {QStringLiteral("source"), q(f.source)}});
    return list;
}

bool PlanSession::openFile(const QString &path)
{
    const QUrl url(path);
    const QString localPath = url.isLocalFile() ? url.toLocalFile() : path;
    auto plan = planner::readPlanFile(localPath.toStdString());
    if (!plan) {
        setErrorText(q(plan.error().describe()));
        return false;
    }
    setPlan(std::move(*plan), localPath);
    return true;
}

bool PlanSession::loadPreset(const QString &id)
{
    auto preset = owui::loadPreset(id);
    if (!preset) {
        setErrorText(q(preset.error().describe()));
        return false;
    }
    setPlan(std::move(preset->plan), QString());
    return true;
}

void PlanSession::setPlan(planner::Plan plan, QString filePath)
{
    m_plan = std::move(plan);
    m_evaluation = planner::evaluate(m_plan);
    m_filePath = std::move(filePath);
    setErrorText(QString());
    Q_EMIT planChanged();
}

void PlanSession::setErrorText(const QString &text)
{
    if (text == m_errorText)
        return;
    m_errorText = text;
    Q_EMIT errorTextChanged();
}
