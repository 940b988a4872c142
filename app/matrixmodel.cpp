// SPDX-License-Identifier: MIT
#include "matrixmodel.h"

#include "qtext.h"

namespace {

const std::vector<planner::MatrixRow> &rows()
{
    return planner::quickReferenceMatrix();
}

} // namespace

MatrixModel::MatrixModel(QObject *parent) : QAbstractTableModel(parent), m_satisfied(planner::matrixComponents().size()) {}

int MatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(rows().size());
}

int MatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(planner::matrixComponents().size());
}

QVariant MatrixModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const auto &row = rows()[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<std::size_t>(index.column());
    switch (role) {
    case Qt::DisplayRole:
    case NeedRole: return owui::qtext(planner::toString(planner::plannerNeed(row, column)));
    case SeedNeedRole: return row.seed[column] ? owui::qtext(planner::toString(*row.seed[column])) : QString();
    case NewerNeedRole: return owui::qtext(planner::toString(row.newer[column]));
    case NoteRole: return owui::qtext(planner::revisionNote(row, column));
    case CurrentRole: return index.row() == m_currentRow;
    case SatisfiedRole: return index.row() == m_currentRow && m_satisfied[column];
    case ScenarioLabelRole: return owui::qtext(row.label);
    case ComponentLabelRole: return owui::qtext(planner::label(planner::matrixComponents()[column]));
    default: return {};
    }
}

QVariant MatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < columnCount() ? owui::qtext(planner::label(planner::matrixComponents()[std::size_t(section)]))
                                                       : QVariant();
    return section >= 0 && section < rowCount() ? owui::qtext(rows()[std::size_t(section)].label) : QVariant();
}

QHash<int, QByteArray> MatrixModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},       {NeedRole, "need"},
            {SeedNeedRole, "seedNeed"},         {NewerNeedRole, "newerNeed"},
            {NoteRole, "note"},                 {CurrentRole, "current"},
            {SatisfiedRole, "satisfied"},       {ScenarioLabelRole, "scenarioLabel"},
            {ComponentLabelRole, "componentLabel"}};
}

void MatrixModel::setCurrent(const planner::ScenarioResult &result)
{
    int row = 0;
    for (std::size_t i = 0; i < rows().size(); ++i)
        if (rows()[i].scenario == result.scenario)
            row = static_cast<int>(i);
    std::vector<bool> satisfied(m_satisfied.size());
    for (std::size_t i = 0; i < result.components.size() && i < satisfied.size(); ++i)
        satisfied[i] = result.components[i].satisfied;
    if (row == m_currentRow && satisfied == m_satisfied)
        return;
    const int previous = m_currentRow;
    m_currentRow = row;
    m_satisfied = std::move(satisfied);
    const int last = columnCount() - 1;
    Q_EMIT dataChanged(index(previous, 0), index(previous, last), {CurrentRole, SatisfiedRole});
    if (row != previous) {
        Q_EMIT dataChanged(index(row, 0), index(row, last), {CurrentRole, SatisfiedRole});
        Q_EMIT currentRowChanged();
    }
}
