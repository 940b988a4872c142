// SPDX-License-Identifier: MIT
// The two human-facing files of a bundle: .env (secrets) and README.md (the runbook).
#include "exporters/migration.h"
#include "exporters/persistentconfig.h"
#include "exporters/targets.h"
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

/** @brief Plan text as one Markdown table cell in code: no line break, no column break, no early end of the span. */
std::string codeCell(const std::string &value)
{
    std::string text = oneLine(value);
    std::string escaped;
    for (char ch : text)
        escaped += ch == '|' ? std::string("\\|") : std::string(1, ch);
    // A fence longer than any run of backticks inside (CommonMark code spans).
    std::size_t longest = 0, run = 0;
    for (char ch : escaped) {
        run = ch == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(longest + 1, '`');
    const bool pad = !escaped.empty() && (escaped.front() == '`' || escaped.back() == '`');
    return fence + (pad ? " " : "") + escaped + (pad ? " " : "") + fence;
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

/** @brief "1 replica", "3 replicas". */
std::string counted(long long count, const std::string &noun)
{
    return n(count) + " " + noun + (count == 1 ? "" : "s");
}

void budgetSection(std::ostringstream &md, const planner::Plan &plan, const planner::Evaluation &e)
{
    md << "## Budgets\n\n";
    const auto &b = e.budget;
    if (!b.applicable) {
        md << "PostgreSQL connection budget: not applicable (SQLite).\n\n";
    } else {
        // A NullPool engine has no cap: its totals cannot be bounded, so none is printed as if it were.
        const auto bounded = [&b](long long value) { return b.unbounded ? std::string("unbounded (NullPool)") : n(value); };
        const std::string peakLabel = b.surge > 0 ? "rolling-update peak (surge " + n(b.surge) + ")"
                                                  : "upgrade peak (recreate: old and new never overlap)";
        md << "| PostgreSQL connections | count |\n|---|---|\n"
           << "| processes (" << counted(plan.replicas, "replica") << " × " << counted(plan.workers, "worker") << ") | "
           << n(b.processes) << " |\n"
           << "| per process (main pool + pgvector) | " << bounded(b.connectionsPerProcess) << " |\n"
           << "| steady total | " << bounded(b.totalConnections) << " |\n"
           << "| " << peakLabel << " | " << bounded(b.rollingPeakConnections) << " |\n";
        if (b.migrationJobConnections > 0)
            md << "| migration job (Alembic with NullPool) | " << n(b.migrationJobConnections) << " |\n";
        md << "| worst case (every engine, at the peak" << (b.migrationJobConnections > 0 ? ", with the migration job" : "")
           << ") | " << bounded(b.worstCaseConnections) << " |\n"
           << "| available (max_connections " << n(b.maxConnections) << " − reserved " << n(b.reservedConnections)
           << " − other clients " << n(b.otherClientConnections) << ") | " << n(b.availableConnections)
           << (b.nothingAvailable ? " (nothing fits)" : "") << " |\n";
        if (!b.unbounded)
            md << "| headroom, steady / worst case | " << n(b.headroom) << " / " << n(b.worstCaseHeadroom) << " |\n";
        md << "\n";
    }
    if (e.redis.applicable) {
        md << "| Redis clients per process (estimate) | count |\n|---|---|\n";
        for (const auto &term : e.redis.terms)
            md << "| " << term.label << " | " << n(term.perProcess) << " |\n";
        md << "\nRedis clients: " << n(e.redis.totalClients) << " (" << n(e.redis.clientsPerProcess) << " × "
           << n(e.redis.processes) << " processes at the peak + " << n(e.redis.otherClients) << " other) of maxclients "
           << n(e.redis.maxClients) << (e.redis.fits ? " (fits).\n\n" : " (**does not fit**).\n\n");
    }
}

/** @brief A target's deploy commands, as `deploy/<target>.sh` runs them. */
void deployBlock(std::ostringstream &md, Format target, const planner::Plan &plan, const DeploymentModel &model,
                 const std::vector<BundleFile> &files)
{
    md << "```sh\n" << renderDeploySteps(deploySteps(target, plan, model, files)) << "```\n\n"
       << "`sh " << deployScriptPath(target) << "` runs exactly these commands (`set -eu`: it stops at the first that fails).\n\n";
}

void composeSection(std::ostringstream &md, const planner::Plan &plan, const DeploymentModel &model,
                    const std::vector<BundleFile> &files)
{
    md << "## Docker Compose (one host)\n\n";
    deployBlock(md, Format::Compose, plan, model, files);
    md << "Compose reads `.env` beside `compose.yaml` for the `${...}` references; no secret is written in "
          "`compose.yaml`.\n\n";
}

void swarmSection(std::ostringstream &md, const planner::Plan &plan, const DeploymentModel &model,
                  const std::vector<BundleFile> &files)
{
    md << "## Docker Swarm\n\n"
          "1. Label the node that keeps the data volumes: `docker node update --label-add owui.data=true NODE`.\n"
          "2. Create the Docker secrets from `.env` (they are external to the stack, so they never appear in "
          "`stack.yaml`) and deploy:\n\n";
    deployBlock(md, Format::Swarm, plan, model, files);
    if (model.migrationJob())
        md << "The `migrate` service is a one-shot job; replicas that start before it finishes restart until the "
              "schema is ready.\n\n";
    if (model.migratingPrimary())
        md << "The task in slot 1 migrates as it starts (`stack deploy` ignores start order); the other tasks run "
              "with `ENABLE_DB_MIGRATIONS=false`, and those that start before the schema is ready restart until it is.\n\n";
}

void helmSection(std::ostringstream &md, const planner::Plan &plan, const DeploymentModel &model,
                 const std::vector<BundleFile> &files)
{
    md << "## Kubernetes (official Helm chart 16.0.0)\n\n";
    deployBlock(md, Format::Helm, plan, model, files);
    md << "The release must be named `open-webui`: the extra manifests select its pods by that name. Never apply "
          "`helm/secret.template.yaml` without `envsubst`: its placeholders would replace the real secrets.\n\n";
    if (model.migratingPrimary())
        md << "Open WebUI runs as a StatefulSet: pod `open-webui-0` migrates as it starts, and the StatefulSet starts "
              "`open-webui-1` and the others only once it is Ready (they run with `ENABLE_DB_MIGRATIONS=false`).";
    // The chart's StatefulSet mounts its one claim in every pod (no claim templates): ReadWriteOnce binds them to one node.
    if (model.migratingPrimary() && plan.storage.kind == planner::StorageKind::LocalVolume)
        md << " Every pod mounts the chart's one ReadWriteOnce claim: a pod scheduled on another node cannot mount it, "
              "and the StatefulSet then starts no pod after it (see the `shared-storage` finding).";
    if (model.migratingPrimary())
        md << "\n\n";
}

/** @brief The Compose commands of an upgrade: the old fleet stops before the new version migrates. */
void composeUpgrade(std::ostringstream &md, const planner::Plan &plan, const DeploymentModel &model)
{
    md << "### Docker Compose\n\n```sh\n";
    if (model.migratingPrimary()) {
        const bool others = plan.replicas > 1;
        md << "docker compose stop open-webui-primary" << (others ? " open-webui" : "")
           << "   # every container of the old version stops\n"
              "docker compose pull open-webui-primary\n"
              "docker compose up -d                    # open-webui-primary migrates as it starts"
           << (others ? "; the others start once it is healthy" : "") << "\n```\n\n";
        return;
    }
    md << "docker compose stop open-webui          # every container of the old version stops\n";
    if (model.migrationJob())
        md << "docker compose pull open-webui migrate\n"
              "docker compose run --rm migrate         # Alembic once, with the new image\n"
              "docker compose up -d                    # the containers start on the migrated schema\n";
    else
        md << "docker compose pull open-webui\n"
              "docker compose up -d                    # the new version migrates as it starts\n";
    md << "```\n\n";
}

void swarmUpgrade(std::ostringstream &md, const planner::Plan &plan, const DeploymentModel &model)
{
    md << "### Docker Swarm\n\n```sh\n"
          "docker service scale open-webui_open-webui=0        # every task of the old version stops\n";
    if (model.migratingPrimary())
        md << "docker service update --detach --image " << shellWord(imageOf(model))
           << " open-webui_open-webui\n"
              "docker service scale open-webui_open-webui=1        # task 1 alone migrates; scale returns once it runs\n"
              "until docker service ps open-webui_open-webui --filter desired-state=running --format '{{.CurrentState}}' "
              "| grep -q '^Running'; do sleep 5; done\n"
              "docker service scale open-webui_open-webui="
           << plan.replicas
           << "        # the others start on the migrated schema\n"
              "docker stack deploy -c stack.yaml open-webui        # the stack file now agrees with what runs\n"
              "```\n\n";
    else if (model.migrationJob())
        md << "IMAGE=" << shellWord(imageOf(model)) << "\n"
           << "docker service update --detach --image \"$IMAGE\" open-webui_migrate   # a changed job runs again\n"
              "until docker service ps open-webui_migrate --no-trunc --format '{{.Image}} {{.CurrentState}}' "
              "| grep -F -- \"$IMAGE\" | grep -q ' Complete'; do sleep 5; done\n"
              "docker service update --detach --image \"$IMAGE\" open-webui_open-webui\n"
              "docker service scale open-webui_open-webui="
           << plan.replicas
           << "\n"
              "docker stack deploy -c stack.yaml open-webui        # the stack file now agrees with what runs\n"
              "```\n\nIf the job never completes, `docker service logs open-webui_migrate` says why; nothing of the "
              "new version serves until it has.\n\n";
    else
        md << "docker stack deploy -c stack.yaml open-webui        # the new version migrates as it starts\n```\n\n";
}

void helmUpgrade(std::ostringstream &md, const planner::Plan &plan, const DeploymentModel &model)
{
    md << "### Kubernetes\n\n```sh\n"
          "kubectl -n open-webui scale "
       << (model.migratingPrimary() ? "statefulset" : "deployment")
       << "/open-webui --replicas=0\n"
          "while kubectl -n open-webui get pods -l app.kubernetes.io/instance=open-webui,app.kubernetes.io/component=open-webui "
          "-o name | grep -q .; do sleep 5; done   # every old pod is gone\n";
    if (model.migrationJob())
        md << "kubectl -n open-webui delete job open-webui-migrate --ignore-not-found\n"
              "kubectl -n open-webui apply -f helm/migration-job.yaml     # Alembic once, with the new image\n"
              "kubectl -n open-webui wait --for=condition=complete job/open-webui-migrate --timeout=15m\n";
    md << "helm upgrade open-webui open-webui/open-webui --version 16.0.0 -n open-webui -f helm/values.yaml"
       << (model.migratingPrimary() ? "   # open-webui-0 migrates first; the others follow once it is Ready" : "")
       << "\n```\n\n";
    if (plan.autoscaling.enabled)
        md << "The autoscaler leaves a workload at 0 replicas alone; `helm upgrade` restores `replicaCount` and it resumes.\n\n";
}

void upgradeSection(std::ostringstream &md, const planner::Plan &plan, const DeploymentModel &model,
                    const std::vector<Format> &formats)
{
    md << "## Upgrading safely\n\n"
          "Never run two Open WebUI versions against one database (rolling updates are unsupported across schema "
          "changes), and let exactly one process migrate. Back up the database first: migrations are one-way.\n\n"
          "1. Set the new version in the plan (`image_tag`, now "
       << codeCell(plan.imageTag)
       << ") and export the bundle again.\n"
          "2. In the new bundle's folder, stop the old version, migrate once, then start the new one:\n\n";
    if (has(formats, Format::Compose))
        composeUpgrade(md, plan, model);
    if (has(formats, Format::Swarm))
        swarmUpgrade(md, plan, model);
    if (has(formats, Format::Helm))
        helmUpgrade(md, plan, model);
    if (plan.upgradeStrategy == planner::UpgradeStrategy::Recreate && model.migratingPrimary())
        md << "The plan's upgrade strategy is **recreate**: the StatefulSet replaces no pod by itself "
              "(`updateStrategy: OnDelete`, a StatefulSet has no Recreate) and Swarm stops every task before it starts new "
              "ones (`order: stop-first`, `parallelism: 0`), so a plain `helm upgrade` or `docker stack deploy` never runs "
              "two versions at once; only the steps above start the new one.\n\n";
    else if (plan.upgradeStrategy == planner::UpgradeStrategy::Recreate)
        md << "The plan's upgrade strategy is **recreate**: Kubernetes replaces the pods with `strategy: Recreate` and "
              "Swarm stops every task before it starts new ones (`order: stop-first`, `parallelism: 0`), so even a plain "
              "`helm upgrade` or `docker stack deploy` never runs two versions at once.\n\n";
    else
        md << "The plan's upgrade strategy is **rolling**: during a plain `helm upgrade` or `docker stack deploy` the "
              "orchestrators may run old and new replicas side by side, which suits restarts and configuration changes "
              "of one version, never a new version; upgrade with the steps above.\n\n";
}

/** @brief Which of the bundle's values an existing installation keeps in its database, and where they change. */
void persistentConfigSection(std::ostringstream &md, const planner::Plan &plan, const DeploymentModel &model)
{
    std::vector<std::pair<const EnvVar *, const PersistentSetting *>> rows;
    for (const auto &var : model.app)
        if (const auto *setting = persistentSetting(var.name))
            rows.emplace_back(&var, setting);
    if (rows.empty())
        return;
    const auto valueOf = [](const EnvVar &var) {
        return var.secret ? std::string("(secret, from `.env`)") : codeCell(var.value);
    };
    md << "## Settings that live in the database\n\n";
    if (plan.persistentConfig) {
        md << "These variables are Open WebUI `PersistentConfig` settings: they only seed its database on the first "
              "start. **On an existing installation this bundle cannot change them**: the database keeps its values, "
              "and you change them in the Admin UI.\n\n"
              "| variable | in this bundle | where to change it later |\n|---|---|---|\n";
        bool fromDocs = false;
        for (const auto &[var, setting] : rows) {
            md << "| `" << var->name << "` | " << valueOf(*var) << " | " << setting->adminPath
               << (setting->pathReadInCode ? "" : " †") << (setting->note.empty() ? "" : " (" + std::string(setting->note) + ")")
               << " |\n";
            fromDocs = fromDocs || !setting->pathReadInCode;
        }
        md << "\n";
        if (fromDocs)
            md << "† From Open WebUI's docs; the v0.11 page may label it differently.\n\n";
        md << "To make the environment win on every start instead, set `persistent_config: false` in the plan "
              "(`ENABLE_PERSISTENT_CONFIG=false`); Admin UI changes then last only until the next restart.\n\n";
        return;
    }
    md << "The plan sets `ENABLE_PERSISTENT_CONFIG=false`: **the environment is authoritative**. Every start reads "
          "these `PersistentConfig` variables from it, on an existing installation too, so this bundle does change "
          "them. Admin UI changes to them are lost at the next restart, and so are changes to every other Admin UI "
          "setting, which returns to Open WebUI's default (connections added in the Admin UI included).\n\n"
          "| variable | in this bundle |\n|---|---|\n";
    for (const auto &[var, setting] : rows)
        md << "| `" << var->name << "` | " << valueOf(*var) << " |\n";
    md << "\n";
}

/** @brief For a plan inferred by `audit`: the audited files, and what moving from them takes, in order. */
void auditOriginSection(std::ostringstream &md, const planner::Plan &plan)
{
    if (!plan.auditOrigin)
        return;
    const auto &origin = *plan.auditOrigin;
    md << "## Moving from the audited deployment\n\n"
          "This plan was inferred by `owui-planner audit` from ";
    if (origin.files.empty())
        md << "files it does not name";
    for (std::size_t i = 0; i < origin.files.size(); ++i)
        md << (i == 0 ? "" : ", ") << codeCell(origin.files[i]);
    md << ". Compared with what those files run:\n\n";
    const auto changes = changesFromAudit(origin, plan);
    if (changes.empty()) {
        md << "Nothing differs: deploying this bundle changes no setting the audit read.\n\n";
        return;
    }
    const auto subject = [](const MigrationChange &c) {
        return c.pointer.empty() ? codeCell(c.variable) : codeCell(c.pointer);
    };
    const auto steps = {std::pair{MigrationStep::BeforeRedeploy, "Before the redeploy (with the audited deployment stopped)"},
                        std::pair{MigrationStep::AfterRedeploy, "After the redeploy"}};
    int number = 0;
    for (const auto &[step, title] : steps) {
        bool any = false;
        for (const auto &change : changes) {
            if (stepOf(change.work) != step)
                continue;
            if (!any)
                md << "### " << title << "\n\n";
            any = true;
            md << ++number << ". **" << toString(change.work) << "**: " << subject(change) << " " << codeCell(change.from)
               << " → " << codeCell(change.to) << ".  \n   " << oneLine(change.whatToDo) << "\n";
        }
        if (any)
            md << "\n";
    }
    bool plain = false;
    for (const auto &change : changes) {
        if (change.work != MigrationWork::Redeploy)
            continue;
        if (!plain)
            md << "### Applied by the redeploy\n\n";
        plain = true;
        md << "- " << subject(change) << ": " << codeCell(change.from) << " → " << codeCell(change.to) << "\n";
    }
    if (plain)
        md << "\n";
}

void sameVariablesSection(std::ostringstream &md)
{
    md << "## The same variables in every target\n\n"
          "Each Open WebUI process gets the same variables with the same values in Compose, Swarm and Kubernetes. "
          "The official chart sets some on its own (`ENABLE_OLLAMA_API=False` and `OPENAI_API_BASE_URL` with Ollama "
          "and Pipelines off, and every variable of the storage provider, empty ones included); `compose.yaml` and "
          "`stack.yaml` write those too, with the chart's values. Empty S3, GCS and Azure credentials make Open WebUI "
          "use the platform's own (boto3's credential chain, Google's application default credentials, "
          "DefaultAzureCredential). Only the delivery differs: secrets come from `.env` (Compose), as files the "
          "entrypoint exports (Swarm) or through `secretKeyRef` (Kubernetes); and each platform adds variables of "
          "its own that Open WebUI does not read (`HOSTNAME`; on Kubernetes `KUBERNETES_SERVICE_HOST` and the other "
          "`KUBERNETES_*`).\n\n";
}

void assumptionsSection(std::ostringstream &md, const DeploymentModel &model)
{
    if (model.assumptions.empty())
        return;
    md << "## Filled in for this plan\n\nThe plan leaves these open; the bundle sets them (change the plan to choose):\n\n";
    for (const auto &assumption : model.assumptions)
        md << "- " << oneLine(assumption) << "\n";
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
        const auto line = envFileLine(spec.name, it == secrets.end() ? std::string() : it->second);
        if (line)
            env << *line << "\n";
        else
            env << "# The value has a quote, backslash, control character or ${ that .env cannot carry: set it yourself.\n"
                << spec.name << "=\n";
    }
    return env.str();
}

std::string renderRunbook(const planner::Plan &plan, const planner::Evaluation &evaluation, const DeploymentModel &model,
                          const std::vector<Format> &formats, const std::vector<BundleFile> &files)
{
    std::ostringstream md;
    md << "# Open WebUI deployment: " << (plan.name.empty() ? "untitled plan" : oneLine(plan.name)) << "\n\n"
       << "Generated by owui-planner. Scenario: **" << planner::label(evaluation.scenario.scenario) << "**: "
       << evaluation.scenario.reason << ". Image `" << imageOf(model) << "`, " << plan.replicas << (plan.replicas == 1 ? " replica × " : " replicas × ")
       << plan.workers << (plan.workers == 1 ? " worker.\n\n" : " workers.\n\n");
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
    std::string scripts;
    for (const auto &file : files)
        if (file.executable)
            scripts += (scripts.empty() ? "`" : ", `") + file.path + "`";
    if (!scripts.empty())
        md << "- " << scripts << ": each target's deploy commands below, as a script (`owui-planner deliver --run` runs one on the host)\n";
    md << "- `.env` (mode 0600): the secrets; nothing else holds them\n\n"
       << "## In order\n\n"
       << "1. Read the budgets and findings below.\n"
       << "2. Provide what the plan points at but does not bundle";
    std::vector<std::string> provided;
    if (!model.services.postgres && plan.isPostgres())
        provided.push_back("PostgreSQL at " + codeCell(plan.database.host) + " (set `DATABASE_URL` in `.env`)");
    if (model.find("RAG_OPENAI_API_KEY"))
        provided.push_back("the embedding API's key (`RAG_OPENAI_API_KEY` in `.env`)");
    if (const EnvVar *ollama = model.find("RAG_OLLAMA_BASE_URL"))
        provided.push_back("an Ollama with the embedding model at " + codeCell(ollama->value));
    if (plan.storage.kind == planner::StorageKind::S3)
        provided.push_back("the bucket " + codeCell(plan.storage.bucket) + " at " + codeCell(model.storageEndpoint) +
                           " and access to it: `S3_ACCESS_KEY_ID` and `S3_SECRET_ACCESS_KEY` are empty, so boto3 uses its "
                           "credential chain (an instance or IRSA role, or `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`)");
    if (plan.storage.kind == planner::StorageKind::Gcs)
        provided.push_back("the bucket " + codeCell(plan.storage.bucket) +
                           " and application default credentials (`GOOGLE_APPLICATION_CREDENTIALS_JSON` is empty)");
    if (plan.storage.kind == planner::StorageKind::Azure)
        provided.push_back("the container " + codeCell(plan.storage.bucket) + " at " + codeCell(model.storageEndpoint) +
                           " and a managed identity (`AZURE_STORAGE_KEY` is empty)");
    for (std::size_t i = 0; i < provided.size(); ++i)
        md << (i == 0 ? ": " : "; ") << provided[i];
    md << ".\n3. Deploy with one of the targets below"
       << (plan.auditOrigin ? ", once the work \"Moving from the audited deployment\" lists before the redeploy is done" : "")
       << ".\n\n";
    auditOriginSection(md, plan);
    assumptionsSection(md, model);
    if (has(formats, Format::Compose))
        composeSection(md, plan, model, files);
    if (has(formats, Format::Swarm))
        swarmSection(md, plan, model, files);
    if (has(formats, Format::Helm))
        helmSection(md, plan, model, files);
    persistentConfigSection(md, plan, model);
    upgradeSection(md, plan, model, formats);
    sameVariablesSection(md);
    budgetSection(md, plan, evaluation);
    findingsSection(md, evaluation, "All findings", false);
    return md.str();
}

} // namespace exporters
