// SPDX-License-Identifier: MIT
#include "findingsmodel.h"

#include "qtext.h"

#include <QStringList>

namespace {

/** @brief A plan value as the fields show it: strings without quotes, absent or null as "unset". */
QString valueText(const nlohmann::ordered_json &value)
{
    if (value.is_null())
        return QObject::tr("unset");
    if (value.is_string())
        return owui::qtext(value.get<std::string>());
    return owui::qtext(value.dump());
}

/** @brief The setting's name as its variable's neighbours call it: the last part, with the parent for a bare "kind". */
QString settingName(const std::string &pointer)
{
    const QString path = owui::qtext(pointer).mid(1);
    const QStringList parts = path.split(QLatin1Char('/'));
    if (parts.size() >= 2 && (parts.last() == QLatin1String("kind") || parts.last() == QLatin1String("enabled")))
        return parts.at(parts.size() - 2) + QLatin1Char('.') + parts.last();
    return parts.last();
}

} // namespace

QString FindingsModel::describeChanges(const std::vector<planner::SettingChange> &changes, const nlohmann::ordered_json &plan)
{
    QStringList parts;
    for (const auto &change : changes) {
        nlohmann::ordered_json before;
        const auto pointer = nlohmann::ordered_json::json_pointer(change.pointer);
        if (plan.contains(pointer))
            before = plan.at(pointer);
        const auto after = nlohmann::ordered_json::parse(change.value, nullptr, false);
        parts.append(QStringLiteral("%1 %2 → %3").arg(settingName(change.pointer), valueText(before), valueText(after)));
    }
    return parts.join(QStringLiteral(", "));
}

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
    case ChangesRole: return m_changes.value(index.row());
    default: return {};
    }
}

QHash<int, QByteArray> FindingsModel::roleNames() const
{
    return {{RuleRole, "rule"},     {SeverityRole, "severity"}, {MessageRole, "message"},
            {FixRole, "fix"},       {SourceRole, "source"},     {HasFixRole, "hasFix"},
            {ChangesRole, "changes"}};
}

void FindingsModel::setFindings(std::vector<planner::Finding> findings, const nlohmann::ordered_json &plan)
{
    QStringList changes;
    for (const auto &finding : findings)
        changes.append(describeChanges(finding.fixChanges, plan));
    // The same findings on another plan may change other values ("210 → 260" becomes "230 → 260").
    if (findings == m_findings && changes == m_changes)
        return;
    // Rows keep their delegates where they can: a step of a slider usually changes the numbers in a few
    // messages, not which rules fire, and a reset would rebuild every finding card on every page.
    // The rows matched by rule at the start and the end stay (their text changes in place); the rows between are
    // removed and inserted.
    const auto oldCount = static_cast<int>(m_findings.size());
    const auto newCount = static_cast<int>(findings.size());
    const auto at = [](int row) { return static_cast<std::size_t>(row); };
    int prefix = 0;
    while (prefix < oldCount && prefix < newCount && m_findings[at(prefix)].rule == findings[at(prefix)].rule)
        ++prefix;
    int suffix = 0;
    while (suffix < oldCount - prefix && suffix < newCount - prefix
           && m_findings[at(oldCount - 1 - suffix)].rule == findings[at(newCount - 1 - suffix)].rule)
        ++suffix;
    std::vector<int> changedRows; // rows of the new list whose kept delegate shows other text
    const auto differs = [&](int oldRow, int newRow) {
        return !(m_findings[at(oldRow)] == findings[at(newRow)]) || m_changes.at(oldRow) != changes.at(newRow);
    };
    for (int row = 0; row < prefix; ++row)
        if (differs(row, row))
            changedRows.push_back(row);
    for (int k = 0; k < suffix; ++k)
        if (differs(oldCount - suffix + k, newCount - suffix + k))
            changedRows.push_back(newCount - suffix + k);

    const int oldMiddle = oldCount - prefix - suffix;
    const int newMiddle = newCount - prefix - suffix;
    if (oldMiddle > 0) {
        beginRemoveRows({}, prefix, prefix + oldMiddle - 1);
        m_findings.erase(m_findings.begin() + prefix, m_findings.begin() + prefix + oldMiddle);
        m_changes.remove(prefix, oldMiddle);
        endRemoveRows();
    }
    if (newMiddle > 0) {
        beginInsertRows({}, prefix, prefix + newMiddle - 1);
        m_findings.insert(m_findings.begin() + prefix, findings.begin() + prefix, findings.begin() + prefix + newMiddle);
        for (int k = 0; k < newMiddle; ++k)
            m_changes.insert(prefix + k, changes.at(prefix + k));
        endInsertRows();
    }
    m_findings = std::move(findings);
    m_changes = std::move(changes);
    for (const int row : changedRows)
        Q_EMIT dataChanged(index(row), index(row));
    if (oldCount != newCount)
        Q_EMIT countChanged();
    QVariantMap ruleCounts;
    for (const auto &finding : m_findings) {
        QVariant &count = ruleCounts[owui::qtext(finding.rule)];
        count = count.toInt() + 1;
    }
    if (ruleCounts != m_ruleCounts) {
        m_ruleCounts = std::move(ruleCounts);
        Q_EMIT ruleCountsChanged();
    }
}

const planner::Finding *FindingsModel::at(int row) const
{
    return row >= 0 && row < rowCount() ? &m_findings[static_cast<std::size_t>(row)] : nullptr;
}
