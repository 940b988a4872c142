// SPDX-License-Identifier: MIT
#include "findingsmodel.h"

#include "qtext.h"

FindingsModel::FindingsModel(QObject *parent) : QAbstractListModel(parent) {}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_findings.size());
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const auto &f = m_findings[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case MessageRole: return owui::qtext(f.message);
    case RuleRole: return owui::qtext(f.rule);
    case SeverityRole: return owui::qtext(planner::toString(f.severity));
    case FixRole: return owui::qtext(f.fix);
    case SourceRole: return owui::qtext(f.source);
    case HasFixRole: return !f.fixChanges.empty();
    default: return {};
    }
}

QHash<int, QByteArray> FindingsModel::roleNames() const
{
    return {{RuleRole, "rule"},     {SeverityRole, "severity"}, {MessageRole, "message"},
            {FixRole, "fix"},       {SourceRole, "source"},     {HasFixRole, "hasFix"}};
}

void FindingsModel::setFindings(std::vector<planner::Finding> findings)
{
    if (findings == m_findings)
        return;
    const bool countChanges = findings.size() != m_findings.size();
    beginResetModel();
    m_findings = std::move(findings);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

const planner::Finding *FindingsModel::at(int row) const
{
    return row >= 0 && row < rowCount() ? &m_findings[static_cast<std::size_t>(row)] : nullptr;
}
