// SPDX-License-Identifier: MIT
#include "importers/audit.h"

#include "importers/read.h"

#include <nlohmann/json.hpp>

namespace importers {

bool AuditReport::hasErrors() const
{
    for (const auto &finding : findings)
        if (finding.finding.severity == planner::Severity::Error)
            return true;
    return false;
}

AuditReport audit(const ImportedDeployment &deployment)
{
    AuditReport report;
    report.deployment = deployment;
    report.evaluation = planner::evaluate(report.plan);
    return report;
}

planner::Result<AuditReport> auditFiles(const std::vector<std::filesystem::path> &files)
{
    auto deployment = readDeployment(files);
    if (!deployment)
        return tl::unexpected(deployment.error());
    return audit(*deployment);
}

nlohmann::ordered_json auditToJson(const AuditReport &)
{
    return nlohmann::ordered_json::object();
}

planner::AuditOrigin auditOrigin(const AuditReport &report)
{
    planner::AuditOrigin origin;
    origin.files = report.deployment.files;
    return origin;
}

} // namespace importers
