// SPDX-License-Identifier: MIT
#include "datalocation.h"

#include "planner/evaluate.h"
#include "planner/planfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace owui {

QString dataDirectory()
{
    const QString overridden = qEnvironmentVariable("OWUI_PLANNER_DATA_DIR");
    // Absolute, because validators run with the bundle folder as their working directory.
    if (!overridden.isEmpty())
        return QDir::cleanPath(QDir(overridden).absolutePath());
    return QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/owui-planner"));
}

planner::Result<std::vector<Preset>> loadPresets()
{
    const QDir folder(dataDirectory() + QStringLiteral("/presets"));
    if (!folder.exists())
        return planner::fail(planner::ErrorCode::Io, "preset folder not found: " + folder.path().toStdString());
    std::vector<Preset> presets;
    for (const QFileInfo &file : folder.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        auto plan = planner::readPlanFile(file.filePath().toStdString());
        if (!plan)
            return tl::unexpected(plan.error());
        presets.push_back(Preset{file.completeBaseName(), std::move(*plan)});
    }
    // The matrix's order (single user first, large scale last), not the alphabet's.
    std::stable_sort(presets.begin(), presets.end(), [](const Preset &a, const Preset &b) {
        return planner::classify(a.plan).scenario < planner::classify(b.plan).scenario;
    });
    return presets;
}

planner::Result<Preset> loadPreset(const QString &id)
{
    auto presets = loadPresets();
    if (!presets)
        return tl::unexpected(presets.error());
    QStringList known;
    for (auto &preset : *presets) {
        if (preset.id == id)
            return std::move(preset);
        known << preset.id;
    }
    return planner::fail(planner::ErrorCode::InvalidInput,
                         "unknown preset \"" + id.toStdString() + "\"; known: " + known.join(QStringLiteral(", ")).toStdString());
}

} // namespace owui
