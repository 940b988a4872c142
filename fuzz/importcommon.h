// SPDX-License-Identifier: MIT
// What the importers' fuzz targets check about a deployment the readers accepted: it names only the files it was
// given, Open WebUI is found by image, and the audit runs on it and yields a plan that check and export accept.
#pragma once

#include "common.h"

#include "importers/audit.h"
#include "importers/read.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace fuzz {

using NamedTexts = std::vector<std::pair<std::string, std::string>>;

inline void checkLocation(const importers::SourceLocation &where, const NamedTexts &texts, const char *what)
{
    if (where.empty())
        return;
    // Text given in memory follows no reference, so every location is in one of the texts, within its lines.
    const auto text = std::find_if(texts.begin(), texts.end(), [&where](const auto &named) { return named.first == where.file; });
    if (text == texts.end())
        broken("a location names a file that was given", std::string(what) + " at " + where.describe());
    const long lines = 1 + std::count(text->second.begin(), text->second.end(), '\n');
    if (where.line < 0 || where.line > lines || where.column < 0)
        broken("a location is inside its file", std::string(what) + " at " + where.describe());
}

/** @brief Reads the texts as one deployment; when accepted, checks its promises and audits it. */
inline void readAndAudit(const NamedTexts &texts)
{
    auto deployment = importers::readDeploymentTexts(texts);
    if (!deployment) {
        (void)deployment.error().describe();
        return;
    }
    if (deployment->workloads.empty())
        broken("an accepted deployment has an Open WebUI workload");
    for (const auto &workload : deployment->workloads) {
        const bool compose = workload.kind == importers::Workload::Kind::ComposeService ||
                             workload.kind == importers::Workload::Kind::SwarmService;
        if (compose && !importers::isOpenWebUiImage(workload.image))
            broken("a Compose workload runs the Open WebUI image", workload.name + ": " + workload.image);
        if (workload.replicas < 0)
            broken("replicas are not negative", workload.name);
        checkLocation(workload.where, texts, "workload");
        checkLocation(workload.imageWhere, texts, "image");
        checkLocation(workload.replicasWhere, texts, "replicas");
        checkLocation(workload.data.where, texts, "data volume");
        for (const auto &[name, setting] : workload.env)
            checkLocation(setting.where, texts, name.c_str());
        for (const auto &source : workload.opaqueEnv)
            checkLocation(source.where, texts, "opaque env source");
    }
    for (const auto &companion : deployment->companions) {
        checkLocation(companion.where, texts, "companion");
        for (const auto &[name, setting] : companion.settings)
            checkLocation(setting.second, texts, name.c_str());
    }
    for (const auto &note : deployment->notes)
        checkLocation(note.where, texts, "note");

    const auto report = importers::audit(*deployment);
    (void)importers::auditToJson(report).dump();
    checkAcceptedPlan(report.plan);
}

} // namespace fuzz
