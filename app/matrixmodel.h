// SPDX-License-Identifier: MIT
#pragma once

#include "planner/scenario.h"

#include <QAbstractTableModel>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The quick-reference matrix: one row per scenario, one column per component, both revisions,
 * with the plan's own row marked and, on it, whether the plan already has each component.
 */
class MatrixModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MatrixModel belongs to a PlanSession")
    Q_PROPERTY(int currentRow READ currentRow NOTIFY currentRowChanged)

public:
    enum Roles {
        NeedRole = Qt::UserRole + 1, /**< what the planner asks: "required", "recommended", ... */
        SeedNeedRole,                /**< the seed's cell, or "" where the seed has no such column */
        NewerNeedRole,               /**< the newer revision's cell */
        NoteRole,                    /**< why the planner follows one revision, where they differ */
        CurrentRole,                 /**< the plan falls in this row */
        SatisfiedRole,               /**< on the current row: the plan has the component */
        ScenarioLabelRole,
        ComponentLabelRole,
    };
    Q_ENUM(Roles)

    explicit MatrixModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int currentRow() const { return m_currentRow; }
    /** @brief Marks the plan's row; emits dataChanged for the rows whose marks changed, nothing else. */
    void setCurrent(const planner::ScenarioResult &result);

Q_SIGNALS:
    void currentRowChanged();

private:
    int m_currentRow = 0;
    std::vector<bool> m_satisfied;
};
