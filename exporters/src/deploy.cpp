// SPDX-License-Identifier: MIT
// The deploy commands of each target: one list, rendered into the runbook and into deploy/<target>.sh.
#include "exporters/targets.h"
#include "internal.h"

#include <set>

namespace exporters {
namespace {

constexpr std::string_view kNamespace = "open-webui";

std::vector<DeployStep> composeSteps(const DeploymentModel &model)
{
    return {
        {"docker compose config -q", "check the file and .env"},
        {"docker compose up -d", model.migrationJob()       ? "the migrate service runs Alembic once; the replicas wait for it"
                                 : model.migratingPrimary() ? "open-webui-primary migrates as it starts; the others wait until it is healthy"
                                                            : "starts everything"},
        {"docker compose ps", ""},
    };
}

std::vector<DeployStep> swarmSteps(const planner::Plan &plan, const DeploymentModel &model)
{
    std::vector<DeployStep> steps{{"set -a; . ./.env; set +a", "the secrets' values, for the commands below"}};
    for (const auto &secret : model.secrets) {
        const std::string name = dockerSecretName(plan, secret.name);
        // A secret of the bundle's own name is created from .env (once: Docker secrets are immutable); the
        // operator's own existing one is only checked.
        if (name == dockerSecretKey(secret.name))
            steps.push_back({"docker secret inspect " + shellWord(name) + " >/dev/null 2>&1 || printf %s \"$" + secret.name +
                                 "\" | docker secret create " + shellWord(name) + " -",
                             secret.generated ? "" : "fill it in .env first"});
        else
            steps.push_back({"docker secret inspect -- " + shellWord(name) + " >/dev/null",
                             "yours (" + secret.name + "): it must exist before the deploy"});
    }
    steps.push_back({"docker stack config -c stack.yaml >/dev/null", "check the stack file"});
    steps.push_back({"docker stack deploy -c stack.yaml open-webui",
                     model.migrationJob()       ? "the migrate service runs Alembic once"
                     : model.migratingPrimary() ? "the task in slot 1 migrates as it starts"
                                                : "starts everything"});
    return steps;
}

bool isHelmManifest(const BundleFile &file)
{
    return file.path.rfind("helm/", 0) == 0 && file.path != "helm/values.yaml";
}

std::vector<DeployStep> helmSteps(const DeploymentModel &model, const std::vector<BundleFile> &files)
{
    const std::string ns(kNamespace);
    const auto apply = [&ns](const std::string &path) { return "kubectl -n " + ns + " apply -f " + shellWord(path); };
    // Order matters: the Secret and the services the pods need, then the migration, then the chart, then policies.
    const std::set<std::string> later{"helm/secret.template.yaml", "helm/migration-job.yaml", "helm/pdb.yaml", "helm/hpa.yaml"};
    std::vector<DeployStep> steps{
        {"kubectl get namespace " + ns + " >/dev/null 2>&1 || kubectl create namespace " + ns, ""},
        {"set -a; . ./.env; set +a", "the secrets' values, for envsubst"},
        {"envsubst < helm/secret.template.yaml | kubectl -n " + ns + " apply -f -", "never apply the template without envsubst"},
    };
    for (const auto &file : files)
        if (isHelmManifest(file) && !later.count(file.path))
            steps.push_back({apply(file.path), ""});
    if (model.migrationJob()) {
        steps.push_back({apply("helm/migration-job.yaml"), "Alembic once"});
        steps.push_back({"kubectl -n " + ns + " wait --for=condition=complete -f helm/migration-job.yaml --timeout=15m", ""});
    }
    steps.push_back({"helm repo add open-webui https://helm.openwebui.com/", ""});
    steps.push_back({"helm upgrade --install open-webui open-webui/open-webui --version 16.0.0 -n " + ns + " -f helm/values.yaml",
                     model.migratingPrimary() ? "open-webui-0 migrates first; the others follow once it is Ready" : ""});
    for (const char *policy : {"helm/pdb.yaml", "helm/hpa.yaml"})
        for (const auto &file : files)
            if (file.path == policy)
                steps.push_back({apply(file.path), ""});
    return steps;
}

} // namespace

std::vector<DeployStep> deploySteps(Format target, const planner::Plan &plan, const DeploymentModel &model,
                                    const std::vector<BundleFile> &files)
{
    switch (target) {
    case Format::Compose: return composeSteps(model);
    case Format::Swarm: return swarmSteps(plan, model);
    case Format::Helm: return helmSteps(model, files);
    }
    return {};
}

std::string renderDeploySteps(const std::vector<DeployStep> &steps)
{
    constexpr std::size_t kCommentColumn = 34;
    std::string text;
    for (const auto &step : steps) {
        text += step.command;
        if (!step.comment.empty()) {
            text += step.command.size() < kCommentColumn ? std::string(kCommentColumn - step.command.size(), ' ') : "   ";
            text += "# " + oneLine(step.comment);
        }
        text += '\n';
    }
    return text;
}

std::string deployScriptPath(Format target)
{
    return "deploy/" + std::string(toString(target)) + ".sh";
}

unsigned bundleFileMode(const BundleFile &file)
{
    return file.secret ? 0600 : file.executable ? 0755 : 0644;
}

BundleFile renderDeployScript(Format target, const std::vector<DeployStep> &steps)
{
    static constexpr std::string_view kTitles[] = {"Docker Compose", "Docker Swarm", "Kubernetes (Helm)"};
    std::string script = "#!/bin/sh\n"
                         "# Deploys this bundle with " +
                         std::string(kTitles[static_cast<int>(target)]) +
                         ": the commands of its README.md, written from the same steps by owui-planner.\n"
                         "# `owui-planner deliver --run " +
                         std::string(toString(target)) +
                         "` runs it on the host after asking.\n"
                         "set -eu\n"
                         "cd -- \"$(dirname -- \"$0\")/..\"   # the bundle's folder, wherever it is run from\n\n" +
                         renderDeploySteps(steps);
    BundleFile file{deployScriptPath(target), std::move(script), false};
    file.executable = true;
    return file;
}

} // namespace exporters
