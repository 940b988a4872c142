// SPDX-License-Identifier: MIT
#pragma once

#include "planner/evaluate.h"
#include "planner/plan.h"

#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The plan being edited, and everything the core derives from it.
 *
 * QML reads these properties; every number comes from planner::evaluate.
 */
class PlanSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("PlanSession is created by the application")
    Q_PROPERTY(QString planName READ planName NOTIFY planChanged)
    Q_PROPERTY(QString filePath READ filePath NOTIFY planChanged)
    Q_PROPERTY(QString scenarioLabel READ scenarioLabel NOTIFY planChanged)
    Q_PROPERTY(QString scenarioReason READ scenarioReason NOTIFY planChanged)
    Q_PROPERTY(QVariantMap budget READ budget NOTIFY planChanged)
    Q_PROPERTY(QVariantList findings READ findings NOTIFY planChanged)
    Q_PROPERTY(QStringList presetIds READ presetIds CONSTANT)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)

public:
    explicit PlanSession(QObject *parent = nullptr);

    [[nodiscard]] QString planName() const;
    [[nodiscard]] QString filePath() const { return m_filePath; }
    [[nodiscard]] QString scenarioLabel() const;
    [[nodiscard]] QString scenarioReason() const;
    [[nodiscard]] QVariantMap budget() const;
    [[nodiscard]] QVariantList findings() const;
    [[nodiscard]] QStringList presetIds() const { return m_presetIds; }
    [[nodiscard]] QString errorText() const { return m_errorText; }
    [[nodiscard]] const planner::Plan &plan() const { return m_plan; }

    /** @brief Opens a plan file; on failure keeps the current plan and sets errorText. */
    Q_INVOKABLE bool openFile(const QString &path);
    Q_INVOKABLE bool loadPreset(const QString &id);

Q_SIGNALS:
    void planChanged();
    void errorTextChanged();

private:
    void setPlan(planner::Plan plan, QString filePath);
    void setErrorText(const QString &text);

    planner::Plan m_plan;
    planner::Evaluation m_evaluation;
    QString m_filePath;
    QString m_errorText;
    QStringList m_presetIds;
};
