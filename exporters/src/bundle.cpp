// SPDX-License-Identifier: MIT
#include "exporters/bundle.h"

#include "exporters/model.h"
#include "exporters/targets.h"
#include "durable.h"
#include "internal.h"
#include "planner/evaluate.h"

#include <cerrno>
#include <cstring>
#include <set>
#include <utility>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace exporters {
namespace fs = std::filesystem;
using durable::ioError;
using planner::ErrorCode;

namespace {

std::string base64url(const unsigned char *data, std::size_t size)
{
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < size; i += 3) {
        const unsigned v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
    }
    if (size - i == 1) {
        const unsigned v = data[i] << 16;
        out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63]};
    } else if (size - i == 2) {
        const unsigned v = (data[i] << 16) | (data[i + 1] << 8);
        out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63]};
    }
    return out;
}

/** @brief A new, empty, uniquely named hidden folder beside `folder`. */
planner::Result<fs::path> siblingFolder(const fs::path &folder, std::string_view purpose)
{
    std::string pattern = (folder.parent_path() / ("." + folder.filename().string() + "." + std::string(purpose) + "-XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
        return tl::unexpected(ioError("cannot create a folder beside the bundle", folder.parent_path()));
    return fs::path(pattern);
}

bool safeRelativePath(const std::string &path)
{
    const fs::path p(path);
    if (p.empty() || p.is_absolute())
        return false;
    for (const auto &part : p)
        if (part == ".." || part == ".")
            return false;
    return true;
}

} // namespace

planner::Result<std::string> randomToken(std::size_t bytes)
{
    std::vector<unsigned char> buffer(bytes);
    std::size_t filled = 0;
    while (filled < bytes) {
        const auto n = ::getrandom(buffer.data() + filled, bytes - filled, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return planner::fail(ErrorCode::Io, std::string("the system's random source failed: ") + std::strerror(errno));
        filled += static_cast<std::size_t>(n);
    }
    return base64url(buffer.data(), buffer.size());
}

planner::Result<SecretValues> generateSecrets(const planner::Plan &plan)
{
    const auto model = deploymentModel(plan);
    SecretValues values;
    for (const auto &spec : model.secrets) {
        if (!spec.generated)
            continue;
        if (spec.name == "WEBUI_SECRET_KEY" && !plan.secrets.webuiSecretKey.empty()) {
            values[spec.name] = plan.secrets.webuiSecretKey;
            continue;
        }
        if (spec.name == "DATABASE_URL")
            continue; // built from the password below
        // 48 bytes (384 bits) for the signing key, 32 bytes (256 bits) for passwords; base64url needs no URL escaping.
        auto token = randomToken(spec.name == "WEBUI_SECRET_KEY" ? 48 : 32);
        if (!token)
            return tl::unexpected(token.error());
        values[spec.name] = *token;
    }
    if (model.services.postgres) {
        const auto &db = plan.database;
        values["DATABASE_URL"] = postgresUrl(db.user, values["POSTGRES_PASSWORD"], db.host, db.port, db.name);
    }
    return values;
}

planner::Result<std::vector<BundleFile>> buildBundle(const planner::Plan &plan, const ExportOptions &options,
                                                    const SecretValues &secrets)
{
    // What no target can run is refused even with --allow-findings.
    if (auto deployable = checkDeployable(plan); !deployable)
        return tl::unexpected(deployable.error());
    const auto evaluation = planner::evaluate(plan);
    if (evaluation.hasErrors() && !options.allowFindings) {
        std::string rules;
        for (const auto &f : evaluation.findings)
            if (f.severity == planner::Severity::Error)
                rules += (rules.empty() ? "" : ", ") + f.rule;
        return planner::fail(ErrorCode::InvalidInput,
                             "the plan has error-level findings (" + rules +
                                 "); fix them, or export anyway with --allow-findings");
    }
    const auto model = deploymentModel(plan);
    std::vector<BundleFile> files;
    const auto has = [&options](Format f) {
        return std::find(options.formats.begin(), options.formats.end(), f) != options.formats.end();
    };
    if (has(Format::Compose)) {
        auto compose = renderCompose(plan, model);
        files.insert(files.end(), compose.begin(), compose.end());
    }
    if (has(Format::Swarm)) {
        auto swarm = renderSwarm(plan, model);
        files.insert(files.end(), swarm.begin(), swarm.end());
    }
    if (has(Format::Helm)) {
        auto helm = renderHelm(plan, model);
        if (!helm)
            return tl::unexpected(helm.error());
        files.insert(files.end(), helm->begin(), helm->end());
    }
    // The scripts after every target's files: the Helm steps apply the manifests rendered above.
    const std::vector<BundleFile> targetFiles = files;
    for (const Format target : {Format::Compose, Format::Swarm, Format::Helm})
        if (has(target))
            files.push_back(renderDeployScript(target, deploySteps(target, plan, model, targetFiles)));
    files.push_back(BundleFile{".env", renderEnvFile(plan, model, secrets), true});
    files.push_back(BundleFile{"README.md", renderRunbook(plan, evaluation, model, options.formats, files), false});
    return files;
}

planner::Result<void> writeBundle(const std::vector<BundleFile> &files, const fs::path &target, bool force)
{
    const fs::path folder = fs::absolute(target).lexically_normal();
    std::error_code ec;
    const bool exists = fs::exists(folder, ec);
    if (exists && !fs::is_directory(folder, ec))
        return tl::unexpected(planner::Error{ErrorCode::InvalidInput, "exists and is not a folder", {}, folder.string(), 0});
    if (exists && !force)
        return tl::unexpected(planner::Error{ErrorCode::InvalidInput, std::string(kFolderExistsMessage), {}, folder.string(), 0});
    for (const auto &file : files)
        if (!safeRelativePath(file.path))
            return planner::fail(ErrorCode::InvalidInput, "unsafe path in bundle: " + file.path);
    fs::create_directories(folder.parent_path(), ec);
    if (ec)
        return tl::unexpected(planner::Error{ErrorCode::Io, "cannot create the parent folder: " + ec.message(), {},
                                             folder.parent_path().string(), 0});

    auto staging = siblingFolder(folder, "new");
    if (!staging)
        return tl::unexpected(staging.error());
    const auto abandon = [&](planner::Error error) -> planner::Result<void> {
        std::error_code ignored;
        fs::remove_all(*staging, ignored);
        return tl::unexpected(std::move(error));
    };
    ::chmod(staging->c_str(), 0755);
    std::vector<durable::Unflushed> unflushed;
    std::set<fs::path> folders{*staging};
    for (const auto &file : files) {
        const fs::path path = *staging / file.path;
        if (!folders.contains(path.parent_path())) { // each folder is made once, and flushed below
            fs::create_directories(path.parent_path(), ec);
            if (ec)
                return abandon(planner::Error{ErrorCode::Io, "cannot create folder: " + ec.message(), {}, path.parent_path().string(), 0});
            for (fs::path folder = path.parent_path(); folder != *staging; folder = folder.parent_path())
                folders.insert(folder);
        }
        auto opened = durable::writeNewFile(path, file.content, bundleFileMode(file));
        if (!opened)
            return abandon(opened.error());
        unflushed.push_back(std::move(*opened));
    }
    for (const auto &folder : folders) {
        auto opened = durable::openFolder(folder);
        if (!opened)
            return abandon(opened.error());
        unflushed.push_back(std::move(*opened));
    }
    if (auto flushed = durable::flushAll(unflushed); !flushed)
        return abandon(flushed.error());

    // Swap in: the old bundle (with --force) moves aside first and is deleted only once the new one is in place.
    std::optional<fs::path> previous;
    if (exists) {
        auto aside = siblingFolder(folder, "old");
        if (!aside)
            return abandon(aside.error());
        if (::rename(folder.c_str(), aside->c_str()) != 0) {
            const auto error = ioError("cannot move the existing bundle aside", folder);
            fs::remove_all(*aside, ec);
            return abandon(error);
        }
        previous = *aside;
    }
    if (::rename(staging->c_str(), folder.c_str()) != 0) {
        const auto error = ioError("cannot move the bundle into place", folder);
        if (previous)
            ::rename(previous->c_str(), folder.c_str());
        return abandon(error);
    }
    if (previous)
        fs::remove_all(*previous, ec);
    // The rename itself is durable only once the parent folder's entries are on disk.
    if (auto flushed = durable::flushFolder(folder.parent_path()); !flushed)
        return tl::unexpected(planner::Error{ErrorCode::Io,
                                             "the bundle is in place, but its folder's entry could not be flushed to disk (" +
                                                 flushed.error().message + ")",
                                             {}, folder.parent_path().string(), 0});
    return {};
}

planner::Result<std::vector<BundleFile>> exportPlan(const planner::Plan &plan, const ExportOptions &options,
                                                    const fs::path &folder, bool force)
{
    const auto secrets = generateSecrets(plan);
    if (!secrets)
        return tl::unexpected(secrets.error());
    auto files = buildBundle(plan, options, *secrets);
    if (!files)
        return tl::unexpected(files.error());
    if (auto written = writeBundle(*files, folder, force); !written)
        return tl::unexpected(written.error());
    return files;
}

std::string_view toString(Format v)
{
    switch (v) {
    case Format::Compose: return "compose";
    case Format::Swarm: return "swarm";
    case Format::Helm: return "helm";
    }
    return "?";
}

std::optional<Format> formatFromString(std::string_view name)
{
    for (auto f : {Format::Compose, Format::Swarm, Format::Helm})
        if (toString(f) == name)
            return f;
    return std::nullopt;
}

} // namespace exporters
