// SPDX-License-Identifier: MIT
#pragma once

#include "plansession.h"
#include "planner/training.h"

#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <optional>

/**
 * @brief Training mode's sandbox: a plan of its own (a journey step or a copy of the user's plan) that the
 * "break it" switches change, never the user's plan, with what each break changed and how it met the others.
 *
 * The sandbox is a second PlanSession without a file or autosave, so the topology and budget pages can draw
 * it as they draw the user's plan. Every decision (what a break changed, whether it undid an earlier one)
 * comes from planner::applyBreakage; this class only puts it into words.
 */
class TrainingSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(PlanSession *sandbox READ sandbox CONSTANT)
    /** The seed's journey: [{preset, name, description, seedStep, points: [{text, source}]}]. */
    Q_PROPERTY(QVariantList journey READ journey CONSTANT)
    /** The switches: [{id, title, symptom, source, rule, affects}]. */
    Q_PROPERTY(QVariantList breakages READ breakages CONSTANT)
    /** The journey step the sandbox started from; -1 when it started from a copy of the user's plan. */
    Q_PROPERTY(int step READ step NOTIFY startChanged)
    Q_PROPERTY(QString startLabel READ startLabel NOTIFY startChanged)
    /**
     * What each break did the last time it was switched on, by id: {changes: [{pointer, label, before, after,
     * text}], notes: [sentence], summary, undoneBy (the title of a later break that undid it)}. Empty after a
     * reset or a new start.
     */
    Q_PROPERTY(QVariantMap results READ results NOTIFY resultsChanged)
    Q_PROPERTY(QString lastBreak READ lastBreak NOTIFY resultsChanged)
    /** Breaks in effect now, oldest first (a break undone by a later one is no longer listed). */
    Q_PROPERTY(QStringList inEffect READ inEffect NOTIFY resultsChanged)
    /** Topology node ids where the last break's symptom shows. */
    Q_PROPERTY(QStringList highlightedNodes READ highlightedNodes NOTIFY resultsChanged)
    Q_PROPERTY(QStringList firingRules READ firingRules NOTIFY sandboxChanged)
    /** The sandbox's connection budget in one sentence, with the last break's before → after. */
    Q_PROPERTY(QString budgetLine READ budgetLine NOTIFY sandboxChanged)
    /** Whether the sandbox's steady total is over what PostgreSQL has available. */
    Q_PROPERTY(bool budgetOver READ budgetOver NOTIFY sandboxChanged)

public:
    explicit TrainingSession(QObject *parent = nullptr);

    [[nodiscard]] PlanSession *sandbox() { return &m_sandbox; }
    [[nodiscard]] QVariantList journey() const;
    [[nodiscard]] QVariantList breakages() const;
    [[nodiscard]] int step() const { return m_step; }
    [[nodiscard]] QString startLabel() const { return m_startLabel; }
    [[nodiscard]] QVariantMap results() const { return m_results; }
    [[nodiscard]] QString lastBreak() const { return m_lastBreak; }
    [[nodiscard]] QStringList inEffect() const;
    [[nodiscard]] QStringList highlightedNodes() const;
    [[nodiscard]] QStringList firingRules() const;
    [[nodiscard]] QString budgetLine() const;
    [[nodiscard]] bool budgetOver() const;

    /** @brief Copies the user's plan into the sandbox (the user's session is only read). */
    Q_INVOKABLE void startFromPlan(PlanSession *session);
    /** @brief Loads journey step `step`'s preset into the sandbox. */
    Q_INVOKABLE bool loadStep(int step);
    /** @brief Puts the sandbox back where it started (the step or the copy), with no break in effect. */
    Q_INVOKABLE void reset();
    /** @brief Switches a classic mistake on in the sandbox and records what it changed. */
    Q_INVOKABLE bool breakIt(const QString &id);

Q_SIGNALS:
    void startChanged();
    void resultsChanged();
    void sandboxChanged();

private:
    void startWith(const planner::Plan &plan, int step, QString label);
    void clearResults();

    PlanSession m_sandbox;
    planner::Plan m_start;
    int m_step = -1;
    QString m_startLabel;
    std::vector<planner::AppliedBreak> m_applied;
    QVariantMap m_results;
    QString m_lastBreak;
    /** The budget before the last break, for its before → after. */
    std::optional<planner::ConnectionBudget> m_budgetBefore;
};
