// SPDX-License-Identifier: MIT
#include "trainingsession.h"

#include "qtext.h"

namespace {

QString changeText(const planner::SettingDiff &diff)
{
    return TrainingSession::tr("%1: %2 → %3").arg(owui::qtext(diff.label), owui::qtext(diff.before), owui::qtext(diff.after));
}

QString changesText(const std::vector<planner::SettingDiff> &diffs)
{
    QStringList parts;
    for (const auto &diff : diffs)
        parts << changeText(diff);
    return parts.join(QStringLiteral("; "));
}

QString noteText(const planner::BreakNote &note)
{
    const QString title = owui::qtext(note.earlier->title);
    const QString rule = owui::qtext(note.earlier->rule);
    const QString settings = changesText(note.settings);
    switch (note.kind) {
    case planner::BreakInteraction::Undid:
        return settings.isEmpty() ? TrainingSession::tr("This undid “%1”: rule %2 no longer fires.").arg(title, rule)
                                  : TrainingSession::tr("This undid “%1” (%2): rule %3 no longer fires.").arg(title, settings, rule);
    case planner::BreakInteraction::SetBack:
        return TrainingSession::tr("This set back a setting “%1” had changed (%2), but its mistake is still there: rule %3 still fires.")
            .arg(title, settings, rule);
    case planner::BreakInteraction::Overwrote:
        return TrainingSession::tr("This overwrote a setting “%1” had changed (%2); rule %3 still fires.").arg(title, settings, rule);
    }
    return {};
}

QVariantList diffList(const std::vector<planner::SettingDiff> &diffs)
{
    QVariantList list;
    for (const auto &diff : diffs)
        list.append(QVariantMap{{QStringLiteral("pointer"), owui::qtext(diff.pointer)},
                                {QStringLiteral("label"), owui::qtext(diff.label)},
                                {QStringLiteral("before"), owui::qtext(diff.before)},
                                {QStringLiteral("after"), owui::qtext(diff.after)},
                                {QStringLiteral("text"), changeText(diff)}});
    return list;
}

QString presetName(const QVariantList &presets, std::string_view id, QString *description = nullptr)
{
    for (const auto &entry : presets) {
        const auto preset = entry.toMap();
        if (preset.value(QStringLiteral("id")).toString() == owui::qtext(id)) {
            if (description)
                *description = preset.value(QStringLiteral("description")).toString();
            return preset.value(QStringLiteral("name")).toString();
        }
    }
    return owui::qtext(id);
}

} // namespace

TrainingSession::TrainingSession(QObject *parent) : QObject(parent)
{
    connect(&m_sandbox, &PlanSession::planChanged, this, &TrainingSession::sandboxChanged);
    loadStep(0);
}

QVariantList TrainingSession::journey() const
{
    QVariantList steps;
    for (const auto &step : planner::trainingJourney()) {
        QVariantList points;
        for (const auto &point : step.points)
            points.append(QVariantMap{{QStringLiteral("text"), owui::qtext(point.text)},
                                      {QStringLiteral("source"), owui::qtext(point.source)}});
        QString description;
        const QString name = presetName(m_sandbox.presets(), step.preset, &description);
        steps.append(QVariantMap{{QStringLiteral("preset"), owui::qtext(step.preset)},
                                 {QStringLiteral("name"), name},
                                 {QStringLiteral("description"), description},
                                 {QStringLiteral("seedStep"), owui::qtext(step.seedStep)},
                                 {QStringLiteral("points"), points}});
    }
    return steps;
}

QVariantList TrainingSession::breakages() const
{
    QVariantList list;
    for (const auto &b : planner::breakages()) {
        QStringList affects;
        for (const auto id : b.affects)
            affects << owui::qtext(id);
        list.append(QVariantMap{{QStringLiteral("id"), owui::qtext(b.id)},
                                {QStringLiteral("title"), owui::qtext(b.title)},
                                {QStringLiteral("symptom"), owui::qtext(b.symptom)},
                                {QStringLiteral("source"), owui::qtext(b.source)},
                                {QStringLiteral("rule"), owui::qtext(b.rule)},
                                {QStringLiteral("affects"), affects}});
    }
    return list;
}

QStringList TrainingSession::inEffect() const
{
    QStringList ids;
    for (const auto &applied : m_applied)
        ids << owui::qtext(applied.breakage->id);
    return ids;
}

QStringList TrainingSession::highlightedNodes() const
{
    QStringList nodes;
    if (const auto *breakage = planner::findBreakage(m_lastBreak.toStdString()))
        for (const auto id : breakage->affects)
            nodes << owui::qtext(id);
    return nodes;
}

QStringList TrainingSession::firingRules() const
{
    QStringList rules;
    for (const auto &finding : m_sandbox.evaluation().findings)
        rules << owui::qtext(finding.rule);
    return rules;
}

bool TrainingSession::budgetOver() const
{
    const auto &budget = m_sandbox.evaluation().budget;
    const auto fits = budget.fitsVerdict();
    return budget.applicable && fits.has_value() && !*fits;
}

QString TrainingSession::budgetLine() const
{
    const auto &now = m_sandbox.evaluation().budget;
    if (!now.applicable)
        return tr("No connection budget: the sandbox uses SQLite, one file inside the instance.");
    if (now.unbounded)
        return tr("Connection budget unbounded: a pool is NullPool, so no total can be known.");
    // Before → after only for a break that moved the figures.
    const auto figure = [this](long long after, long long planner::ConnectionBudget::*member) {
        if (m_budgetBefore && m_budgetBefore->applicable && !m_budgetBefore->unbounded && (*m_budgetBefore).*member != after)
            return tr("%1 → %2").arg((*m_budgetBefore).*member).arg(after);
        return QString::number(after);
    };
    QString line = tr("PostgreSQL connections: steady %1, worst case %2; %3 available.")
                       .arg(figure(now.totalConnections, &planner::ConnectionBudget::totalConnections),
                            figure(now.worstCaseConnections, &planner::ConnectionBudget::worstCaseConnections),
                            figure(now.availableConnections, &planner::ConnectionBudget::availableConnections));
    // A plan on SQLite had no budget to be over.
    const bool wasOver = m_budgetBefore && m_budgetBefore->applicable && m_budgetBefore->fitsVerdict() == std::optional<bool>(false);
    if (!now.fits && !wasOver && m_budgetBefore)
        return line + QLatin1Char(' ') + tr("The break pushed the steady total over the limit, by %1.").arg(-now.headroom);
    if (!now.fits)
        return line + QLatin1Char(' ') + tr("Over the limit by %1.").arg(-now.headroom);
    if (!now.worstCaseFits)
        return line + QLatin1Char(' ') + tr("The steady total fits; the worst case is over by %1.").arg(-now.worstCaseHeadroom);
    return line + QLatin1Char(' ') + tr("Within the limit, %1 to spare.").arg(now.headroom);
}

void TrainingSession::startWith(const planner::Plan &plan, int step, QString label)
{
    m_start = plan;
    m_sandbox.replacePlan(plan);
    const bool changed = step != m_step || label != m_startLabel;
    m_step = step;
    m_startLabel = std::move(label);
    if (changed)
        Q_EMIT startChanged();
    clearResults();
}

void TrainingSession::clearResults()
{
    m_applied.clear();
    m_results.clear();
    m_lastBreak.clear();
    m_budgetBefore.reset();
    Q_EMIT resultsChanged();
    Q_EMIT sandboxChanged();
}

void TrainingSession::startFromPlan(PlanSession *session)
{
    if (!session)
        return;
    startWith(session->currentPlan(), -1, tr("A copy of your plan “%1”").arg(session->planName()));
}

bool TrainingSession::loadStep(int step)
{
    const auto &journey = planner::trainingJourney();
    if (step < 0 || std::size_t(step) >= journey.size())
        return false;
    const auto &preset = journey[std::size_t(step)].preset;
    if (!m_sandbox.loadPreset(owui::qtext(preset)))
        return false;
    startWith(m_sandbox.currentPlan(), step,
              tr("Step %1 of %2: %3").arg(step + 1).arg(journey.size()).arg(presetName(m_sandbox.presets(), preset)));
    return true;
}

void TrainingSession::reset()
{
    m_sandbox.replacePlan(m_start);
    clearResults();
}

bool TrainingSession::breakIt(const QString &id)
{
    const auto *breakage = planner::findBreakage(id.toStdString());
    if (!breakage)
        return false;
    auto outcome = planner::applyBreakage(m_sandbox.currentPlan(), *breakage, m_applied);
    if (!outcome)
        return false;
    QStringList notes;
    for (const auto &note : outcome->notes) {
        notes << noteText(note);
        // The undone break's card says so too.
        const QString earlier = owui::qtext(note.earlier->id);
        if (note.kind == planner::BreakInteraction::Undid && m_results.contains(earlier)) {
            auto result = m_results.value(earlier).toMap();
            result.insert(QStringLiteral("undoneBy"), owui::qtext(breakage->title));
            m_results.insert(earlier, result);
        }
    }
    const QString summary = outcome->diffs.empty()
                                ? tr("Changed nothing: the sandbox already had this mistake.")
                                : tr("Changed %1.").arg(changesText(outcome->diffs));
    m_results.insert(id, QVariantMap{{QStringLiteral("changes"), diffList(outcome->diffs)},
                                     {QStringLiteral("notes"), notes},
                                     {QStringLiteral("summary"), summary}});
    m_applied = std::move(outcome->applied);
    m_lastBreak = id;
    m_budgetBefore = m_sandbox.evaluation().budget;
    m_sandbox.replacePlan(outcome->plan);
    Q_EMIT resultsChanged();
    return true;
}
