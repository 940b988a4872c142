// SPDX-License-Identifier: MIT
// The two human-facing files of a bundle: .env (secrets) and README.md (the runbook).
#include "internal.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace exporters {
namespace {

using planner::Severity;

bool has(const std::vector<Format> &formats, Format f)
{
    return std::find(formats.begin(), formats.end(), f) != formats.end();
}

std::string n(long long value)
{
    return std::to_string(value);
}

void findingsSection(std::ostringstream &md, const planner::Evaluation &e, const std::string &title, bool errorsOnly)
{
    md << "## " << title << "\n\n";
    int listed = 0;
    for (const auto &f : e.findings) {
        if (errorsOnly && f.severity != Severity::Error)
            continue;
        md << "- **" << planner::toString(f.severity) << " `" << f.rule << "`**: " << f.message << "  \n  Fix: " << f.fix
           << "  \n  Source: " << f.source << "\n";
        ++listed;
    }
    if (listed == 0)
        md << "None.\n";
    md << "\n";
}

void budgetSection(std::ostringstream &md, const planner::Plan &plan, const planner::Evaluation &e)
{
    md << "## Budgets\n\n";
    const auto &b = e.budget;
    if (!b.applicable) {
        md << "PostgreSQL connection budget: not applicable (SQLite).\n\n";
    } else {
        md << "| PostgreSQL connections | count |\n|---|---|\n"
           << "| processes (" << plan.replicas << " replicas × " << plan.workers << " workers) | " << n(b.processes) << " |\n"
           << "| per process (main pool + pgvector) | " << n(b.connectionsPerProcess) << " |\n"
           << "| steady total | " << n(b.totalConnections) << " |\n"
           << "| rolling-update peak | " << n(b.rollingPeakConnections) << " |\n"
           << "| worst case (every engine, at the peak, with the migration job) | " << n(b.worstCaseConnections) << " |\n"
           << "| available (max_connections " << n(b.maxConnections) << " − reserved " << n(b.reservedConnections)
           << " − other clients " << n(b.otherClientConnections) << ") | " << n(b.availableConnections) << " |\n"
           << "| headroom, steady / worst case | " << n(b.headroom) << " / " << n(b.worstCaseHeadroom) << " |\n\n";
    }
    if (e.redis.applicable)
        md << "Redis clients (estimate): " << n(e.redis.totalClients) << " of maxclients " << n(e.redis.maxClients)
           << (e.redis.fits ? " (fits).\n\n" : " (**does not fit**).\n\n");
}

void composeSection(std::ostringstream &md, const DeploymentModel &model)
{
    md << "## Docker Compose (one host)\n\n"
          "```sh\n"
          "docker compose config -q          # check the file and .env\n"
          "docker compose up -d              # "
       << (model.migrationUnit ? "the migrate service runs Alembic once; the replicas wait for it" : "starts everything")
       << "\ndocker compose ps\n```\n\n"
          "Compose reads `.env` beside `compose.yaml` for the `${...}` references; no secret is written in "
          "`compose.yaml`.\n\n";
}

void swarmSection(std::ostringstream &md, const planner::Plan &plan, const DeploymentModel &model)
{
    md << "## Docker Swarm\n\n"
          "1. Label the node that keeps the data volumes: `docker node update --label-add owui.data=true NODE`.\n"
          "2. Create the Docker secrets from `.env` (they are external to the stack, so they never appear in "
          "`stack.yaml`):\n\n```sh\nset -a; . ./.env; set +a\n";
    std::string operatorSecrets;
    for (const auto &secret : model.secrets) {
        if (secret.generated)
            md << "printf %s \"$" << secret.name << "\" | docker secret create " << dockerSecretName(plan, secret.name) << " -\n";
        else
            operatorSecrets += (operatorSecrets.empty() ? "" : ", ") + ("`" + dockerSecretName(plan, secret.name) + "` (" +
                                                                        secret.name + ")");
    }
    md << "```\n\n";
    if (!operatorSecrets.empty())
        md << "   Secrets you supply yourself must exist before the deploy: " << operatorSecrets << ".\n\n";
    md << "3. Deploy: `docker stack config -c stack.yaml >/dev/null && docker stack deploy -c stack.yaml open-webui`.\n";
    if (model.migrationUnit)
        md << "   The `migrate` service is a one-shot job; replicas that start before it finishes restart until the "
              "schema is ready.\n";
    md << "\n";
}

bool isHelmManifest(const BundleFile &file)
{
    return file.path.rfind("helm/", 0) == 0 && file.path != "helm/values.yaml";
}

void helmSection(std::ostringstream &md, const DeploymentModel &model, const std::vector<BundleFile> &files)
{
    // Order matters: the Secret and the services the pods need, then the migration, then the chart, then policies.
    const std::set<std::string> later{"helm/secret.template.yaml", "helm/migration-job.yaml", "helm/pdb.yaml", "helm/hpa.yaml"};
    md << "## Kubernetes (official Helm chart 16.0.0)\n\n```sh\n"
          "kubectl create namespace open-webui\n"
          "set -a; . ./.env; set +a\n"
          "envsubst < helm/secret.template.yaml | kubectl -n open-webui apply -f -\n";
    for (const auto &file : files)
        if (isHelmManifest(file) && !later.count(file.path))
            md << "kubectl -n open-webui apply -f " << file.path << "\n";
    if (model.migrationUnit)
        md << "kubectl -n open-webui apply -f helm/migration-job.yaml\n"
              "kubectl -n open-webui wait --for=condition=complete -f helm/migration-job.yaml --timeout=15m\n";
    md << "helm repo add open-webui https://helm.openwebui.com/\n"
          "helm upgrade --install open-webui open-webui/open-webui --version 16.0.0 -n open-webui -f helm/values.yaml\n";
    for (const char *policy : {"helm/pdb.yaml", "helm/hpa.yaml"})
        for (const auto &file : files)
            if (file.path == policy)
                md << "kubectl -n open-webui apply -f " << file.path << "\n";
    md << "```\n\n"
          "The release must be named `open-webui`: the extra manifests select its pods by that name. Never apply "
          "`helm/secret.template.yaml` without `envsubst`: its placeholders would replace the real secrets.\n\n";
}

void upgradeSection(std::ostringstream &md, const planner::Plan &plan, const DeploymentModel &model,
                    const std::vector<Format> &formats)
{
    md << "## Upgrading safely\n\n"
          "Never run two Open WebUI versions against one database, and let exactly one process migrate. Back up "
          "the database first: migrations are one-way.\n\n";
    if (!model.migrationUnit) {
        md << "This plan runs one process, which migrates at start: change the image tag and restart it.\n\n";
        return;
    }
    md << "Change the image tag (`" << plan.imageTag << "` now) in the bundle's files, then:\n\n";
    if (has(formats, Format::Compose))
        md << "- Compose: `docker compose stop open-webui && docker compose up -d` (migrate runs before the replicas "
              "start again).\n";
    if (has(formats, Format::Swarm))
        md << "- Swarm: `docker service scale open-webui_open-webui=0`, `docker stack deploy -c stack.yaml open-webui`, "
              "wait for the `migrate` job to complete, then scale back to "
           << plan.replicas << ".\n";
    if (has(formats, Format::Helm))
        md << "- Kubernetes: scale the workload to 0, re-apply `helm/migration-job.yaml` with the new tag and wait for "
              "it, then `helm upgrade` with the new tag.\n";
    md << "\n";
}

} // namespace

std::string renderEnvFile(const planner::Plan &plan, const DeploymentModel &model, const SecretValues &secrets)
{
    std::ostringstream env;
    env << "# Secrets of the Open WebUI bundle \"" << oneLine(plan.name) << "\", generated by owui-planner.\n"
        << "# Keep this file private (mode 0600) and out of version control. Compose reads it as is;\n"
        << "# README.md shows how Swarm and Kubernetes secrets are created from it.\n";
    if (model.secrets.empty())
        env << "# This plan needs no secret.\n";
    for (const auto &spec : model.secrets) {
        env << "\n# " << spec.description << (spec.generated ? "" : " (not generated: fill in)") << "\n";
        const auto it = secrets.find(spec.name);
        env << spec.name << "=" << (it == secrets.end() ? std::string() : it->second) << "\n";
    }
    return env.str();
}

std::string renderRunbook(const planner::Plan &plan, const planner::Evaluation &evaluation, const DeploymentModel &model,
                          const std::vector<Format> &formats, const std::vector<BundleFile> &files)
{
    std::ostringstream md;
    md << "# Open WebUI deployment: " << (plan.name.empty() ? "untitled plan" : oneLine(plan.name)) << "\n\n"
       << "Generated by owui-planner. Scenario: **" << planner::label(evaluation.scenario.scenario) << "**: "
       << evaluation.scenario.reason << ". Image `" << imageOf(model) << "`, " << plan.replicas << " replica(s) × "
       << plan.workers << " worker(s).\n\n";
    if (evaluation.hasErrors()) {
        md << "> **This bundle was exported with error-level findings.** It will not work as planned until they are "
              "fixed.\n\n";
        findingsSection(md, evaluation, "Error-level findings (read first)", true);
    }
    md << "## Files\n\n";
    if (has(formats, Format::Compose))
        md << "- `compose.yaml`" << (model.services.loadBalancer ? ", `nginx.conf`" : "") << ": Docker Compose, one host\n";
    if (has(formats, Format::Swarm))
        md << "- `stack.yaml`: Docker Swarm stack\n";
    if (has(formats, Format::Helm))
        md << "- `helm/values.yaml` and the manifests beside it: the official `open-webui` chart 16.0.0\n";
    md << "- `.env` (mode 0600): the secrets; nothing else holds them\n\n"
       << "## In order\n\n"
       << "1. Read the budgets and findings below.\n"
       << "2. Provide what the plan points at but does not bundle";
    if (!model.services.postgres && plan.isPostgres())
        md << ": PostgreSQL at `" << plan.database.host << "` (set `DATABASE_URL` in `.env`)";
    md << ".\n3. Deploy with one of the targets below.\n\n";
    if (has(formats, Format::Compose))
        composeSection(md, model);
    if (has(formats, Format::Swarm))
        swarmSection(md, plan, model);
    if (has(formats, Format::Helm))
        helmSection(md, model, files);
    upgradeSection(md, plan, model, formats);
    budgetSection(md, plan, evaluation);
    findingsSection(md, evaluation, "All findings", false);
    return md.str();
}

} // namespace exporters
