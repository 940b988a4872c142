// SPDX-License-Identifier: MIT
#include "importers/read.h"

#include "readers.h"
#include "yamlinput.h"

namespace importers {

std::string SourceLocation::describe() const
{
    if (file.empty())
        return {};
    std::string text = file;
    if (line > 0) {
        text += ":" + std::to_string(line);
        if (column > 0)
            text += ":" + std::to_string(column);
    }
    return text;
}

bool isOpenWebUiImage(std::string_view image)
{
    // Strip a digest, then a tag (a colon after the last slash; a colon before it is a registry port).
    if (const auto at = image.find('@'); at != std::string_view::npos)
        image = image.substr(0, at);
    const auto slash = image.rfind('/');
    if (const auto colon = image.rfind(':'); colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash))
        image = image.substr(0, colon);
    // Any registry or mirror path, as long as the repository ends in open-webui/open-webui or openwebui/open-webui.
    for (std::string_view repository : {"open-webui/open-webui", "openwebui/open-webui"}) {
        if (image == repository)
            return true;
        if (image.size() > repository.size() && image.ends_with(repository) && image[image.size() - repository.size() - 1] == '/')
            return true;
    }
    return false;
}

namespace {

/** @brief True when a file is one of the planner's own plan files (JSON with "format" and "replicas"), not a deployment. */
bool planFileAmong(const std::vector<detail::YamlFile> &files)
{
    for (const auto &file : files)
        for (const auto &document : file.documents)
            if (document.isMap() && document.get("format").isDefined() &&
                (document.get("replicas").isDefined() || document.get("database").isDefined()))
                return true;
    return false;
}

planner::Result<ImportedDeployment> readLoaded(std::vector<detail::YamlFile> loaded, detail::ReadContext &context)
{
    ImportedDeployment deployment;
    std::vector<detail::YamlFile> compose;
    std::vector<detail::YamlFile> kubernetes;
    for (auto &file : loaded) {
        deployment.files.push_back(file.displayName);
        (file.kind == FileKind::Compose ? compose : kubernetes).push_back(std::move(file));
    }
    if (!compose.empty()) {
        if (auto read = detail::readCompose(compose, context, deployment); !read)
            return tl::unexpected(read.error());
    }
    if (!kubernetes.empty()) {
        if (auto read = detail::readKubernetes(kubernetes, context, deployment); !read)
            return tl::unexpected(read.error());
    }
    if (deployment.workloads.empty()) {
        std::string names;
        for (const auto &name : deployment.files)
            names += (names.empty() ? "" : ", ") + name;
        std::string message = "no Open WebUI found: no container runs the image ghcr.io/open-webui/open-webui "
                              "(or openwebui/open-webui) and no values are for the open-webui chart";
        if (planFileAmong(kubernetes))
            message += "; this is a planner plan file: check it with 'owui-planner check'";
        return tl::unexpected(planner::Error{planner::ErrorCode::InvalidInput, std::move(message), {}, names, 0});
    }
    return deployment;
}

} // namespace

planner::Result<ImportedDeployment> readDeployment(const std::vector<std::filesystem::path> &files)
{
    if (files.empty())
        return tl::unexpected(planner::Error{planner::ErrorCode::InvalidInput, "no files to audit", {}, {}, 0});
    std::vector<detail::YamlFile> loaded;
    for (const auto &path : files) {
        auto file = detail::loadYamlFile(path, detail::validUtf8(path.string()));
        if (!file)
            return tl::unexpected(file.error());
        loaded.push_back(std::move(*file));
    }
    detail::ReadContext context;
    return readLoaded(std::move(loaded), context);
}

planner::Result<ImportedDeployment> readDeploymentTexts(const std::vector<std::pair<std::string, std::string>> &namedTexts)
{
    if (namedTexts.empty())
        return tl::unexpected(planner::Error{planner::ErrorCode::InvalidInput, "no files to audit", {}, {}, 0});
    std::vector<detail::YamlFile> loaded;
    for (const auto &[name, text] : namedTexts) {
        auto documents = detail::parseYaml(text, detail::validUtf8(name));
        if (!documents)
            return tl::unexpected(documents.error());
        detail::YamlFile file{{}, detail::validUtf8(name), std::move(*documents), FileKind::HelmValues};
        file.kind = detail::classify(file.documents);
        loaded.push_back(std::move(file));
    }
    detail::ReadContext context;
    context.followReferences = false;
    return readLoaded(std::move(loaded), context);
}

} // namespace importers
