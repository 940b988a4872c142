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
    const bool countChanges = findings.size() != m_findings.size();
    beginResetModel();
    m_findings = std::move(findings);
    m_changes = std::move(changes);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

const planner::Finding *FindingsModel::at(int row) const
{
    return row >= 0 && row < rowCount() ? &m_findings[static_cast<std::size_t>(row)] : nullptr;
}
