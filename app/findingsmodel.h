// SPDX-License-Identifier: MIT
#pragma once

#include "planner/evaluate.h"

#include <nlohmann/json.hpp>

#include <QAbstractListModel>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The findings of the current plan, errors first, for lists on every page.
 *
 * When the plan changes, rows whose rule still fires at the same place keep their delegates and report
 * dataChanged; only the rows between change by remove/insert (no reset, so no page rebuilds its cards).
 */
class FindingsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FindingsModel belongs to a PlanSession")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    /**
     * How many findings each rule id has. It changes (and signals) only when a count does, so the step list's
     * badges and the pages' titles are not recounted on every keystroke, and a page need not exist to be counted.
     */
    Q_PROPERTY(QVariantMap ruleCounts READ ruleCounts NOTIFY ruleCountsChanged)

public:
    enum Roles {
        RuleRole = Qt::UserRole + 1, /**< stable rule id */
        SeverityRole,                /**< "error", "warning" or "info" */
        MessageRole,
        FixRole,
        SourceRole,
        HasFixRole,                  /**< the fix is a setting: the page offers it as a button */
        ChangesRole,                 /**< what the fix button changes, before → after: "max_connections 210 → 260" */
    };
    Q_ENUM(Roles)

    explicit FindingsModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /** @param plan the plan the findings are about (its plan-file JSON): the fixes' "before" values come from it. */
    void setFindings(std::vector<planner::Finding> findings, const nlohmann::ordered_json &plan);
    [[nodiscard]] const planner::Finding *at(int row) const;
    [[nodiscard]] QVariantMap ruleCounts() const { return m_ruleCounts; }

Q_SIGNALS:
    void countChanged();
    void ruleCountsChanged();

public:
    /** @brief Setting changes in words against `plan`: "max_connections 210 → 260, max_overflow unset → 0". */
    [[nodiscard]] static QString describeChanges(const std::vector<planner::SettingChange> &changes,
                                                 const nlohmann::ordered_json &plan);

private:
    std::vector<planner::Finding> m_findings;
    QStringList m_changes; ///< per row, the fix's changes in words
    QVariantMap m_ruleCounts;

};
