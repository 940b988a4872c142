// SPDX-License-Identifier: MIT
// stack.yaml for `docker stack deploy`: Open WebUI and the services the plan bundles, on one overlay
// network, with every secret an external Docker secret (stack files cannot read secrets from the environment).
#include "exporters/targets.h"
#include "exporters/yaml.h"
#include "internal.h"

#include <algorithm>
#include <cctype>

namespace exporters {
namespace {

using json = nlohmann::ordered_json;

constexpr const char *kNetwork = "open-webui";
constexpr const char *kDataVolume = "open-webui-data";
constexpr const char *kDataPath = "/app/backend/data";
/** The node the runbook labels: services whose volume is node-local must always run there. */
constexpr const char *kDataNodeConstraint = "node.labels.owui.data == true";
/** Secret files are readable by their owner only; the v3 schema wants the mode as a decimal integer (256). */
constexpr int kSecretFileMode = 0400;
/** Swarm fills in each task's slot (1..replicas): every task is named for it, and the task in slot 1 migrates. */
constexpr const char *kTaskHostname = "open-webui-{{.Task.Slot}}";
constexpr std::string_view kSlotOneMigrates = "[ \"${HOSTNAME##*-}\" = 1 ]";

std::vector<std::string> secretVariables(const std::vector<EnvVar> &vars)
{
    std::vector<std::string> names;
    for (const auto &var : vars)
        if (var.secret)
            names.push_back(var.name);
    return names;
}

/** @brief The plain variables only: secrets arrive as files, never in `environment`. */
json plainEnvironment(const std::vector<EnvVar> &vars)
{
    json env = json::object();
    for (const auto &var : vars)
        if (!var.secret)
            env[var.name] = var.value;
    return env;
}

/** @brief Long-form secret mounts: /run/secrets/<VAR>, owner-readable only. */
json secretMounts(const std::vector<std::string> &variables)
{
    json mounts = json::array();
    for (const auto &variable : variables)
        mounts.push_back({{"source", dockerSecretKey(variable)}, {"target", variable}, {"mode", kSecretFileMode}});
    return mounts;
}

/**
 * @brief Open WebUI reads variables, not files: the entrypoint exports each mounted secret, then execs the
 * command. `set -e` with plain assignments (not `export VAR=$(...)`, which hides the status) stops on a
 * missing secret instead of starting without it.
 */
json secretLoadingEntrypoint(const std::vector<std::string> &variables, const std::vector<std::string> &command)
{
    std::string script = "set -e; cd /app/backend; ";
    std::string exported;
    for (const auto &variable : variables) {
        script += variable + "=\"$(cat /run/secrets/" + variable + ")\"; ";
        exported += " " + variable;
    }
    script += "export" + exported + "; exec";
    for (const auto &word : command)
        script += " " + shellWord(word);
    return json::array({"bash", "-c", script});
}

json placement()
{
    return {{"constraints", json::array({kDataNodeConstraint})}};
}

/**
 * @brief How a changed service replaces its tasks. Rolling (the default): one replica at a time, rolled back
 * when a new task fails its health check. Recreate: every old task stops before any new one starts
 * (parallelism 0 is all at once), so two versions never run against one database; a failed update pauses
 * instead of rolling back, because the old version must not start against a schema the new one migrated.
 */
json openWebuiDeploy(const planner::Plan &plan, bool pinned)
{
    json deploy{{"replicas", plan.replicas}};
    if (plan.upgradeStrategy == planner::UpgradeStrategy::Recreate) {
        deploy["update_config"] = {{"parallelism", 0}, {"order", "stop-first"}, {"failure_action", "pause"}};
        deploy["rollback_config"] = {{"parallelism", 0}, {"order", "stop-first"}, {"failure_action", "pause"}};
    } else {
        // A surge means the new task starts before the old one stops, as Kubernetes' maxSurge does; never on
        // SQLite, where two processes would share webui.db for a moment.
        const std::string order = plan.rollingUpdateSurge > 0 && plan.isPostgres() ? "start-first" : "stop-first";
        deploy["update_config"] = {{"parallelism", 1}, {"delay", "10s"}, {"order", order}, {"failure_action", "rollback"}};
        deploy["rollback_config"] = {{"parallelism", 1}, {"delay", "10s"}, {"order", order}, {"failure_action", "pause"}};
    }
    // No attempt limit: replicas that start before the migration job (or the task in slot 1) has migrated retry until it has.
    deploy["restart_policy"] = {{"condition", "any"}, {"delay", "5s"}, {"window", "120s"}};
    if (pinned)
        deploy["placement"] = placement();
    return deploy;
}

/**
 * @brief The image, command, variables, secrets, data volume and network that open-webui and migrate share.
 * An empty command is the image's own start.
 */
json openWebuiContainer(const DeploymentModel &model, const std::vector<EnvVar> &vars, const std::vector<std::string> &command)
{
    const auto secrets = secretVariables(vars);
    json service{{"image", imageOf(model)}};
    if (!secrets.empty())
        service["entrypoint"] = secretLoadingEntrypoint(secrets, command.empty() ? imageStartCommand() : command);
    else if (!command.empty())
        service["command"] = command;
    service["environment"] = plainEnvironment(vars);
    if (!secrets.empty())
        service["secrets"] = secretMounts(secrets);
    service["volumes"] = json::array({std::string(kDataVolume) + ":" + kDataPath});
    service["networks"] = json::array({kNetwork});
    return service;
}

json bundledService(const BundledService &bundled)
{
    json service{{"image", bundled.image}};
    if (!bundled.command.empty())
        service["command"] = bundled.command;
    json environment = bundled.environment;
    if (!bundled.passwordSecret.empty())
        environment[bundled.passwordSecret + "_FILE"] = "/run/secrets/" + bundled.passwordSecret; // the image's _FILE support
    if (!environment.empty())
        service["environment"] = environment;
    if (!bundled.passwordSecret.empty())
        service["secrets"] = secretMounts({bundled.passwordSecret});
    if (!bundled.volume.empty())
        service["volumes"] = json::array({bundled.volume + ":" + bundled.dataPath});
    if (bundled.publishedPort)
        service["ports"] = json::array(
            {{{"target", bundled.containerPort}, {"published", bundled.publishedPort}, {"protocol", "tcp"}, {"mode", "ingress"}}});
    service["networks"] = json::array({kNetwork});
    if (!bundled.healthcheck.is_null())
        service["healthcheck"] = bundled.healthcheck;
    // A database keeps retrying rather than giving up after a few failures.
    json deploy{{"replicas", 1}, {"restart_policy", {{"condition", "any"}, {"delay", "5s"}}}};
    if (!bundled.volume.empty()) {
        // One instance on one node-local volume: never two at once during an update, never on another node.
        deploy["update_config"] = {{"order", "stop-first"}};
        deploy["placement"] = placement();
    }
    service["deploy"] = deploy;
    return service;
}

/**
 * @brief Whether open-webui-data holds state only one node has: everything but a shared (NFS) volume, unless
 * cloud storage, PostgreSQL and a server vector DB leave it nothing but a cache.
 */
bool dataIsNodeLocal(const planner::Plan &plan)
{
    const auto kind = plan.storage.kind;
    if (kind == planner::StorageKind::SharedVolume)
        return false;
    return kind == planner::StorageKind::LocalVolume || !plan.isPostgres() || planner::isEmbeddedVectorDb(plan.vectorDb.kind);
}

json dataVolume(const planner::Plan &plan)
{
    if (plan.storage.kind != planner::StorageKind::SharedVolume)
        return json::object();
    // Every replica on every node mounts the same export; the runbook has the operator set server and path.
    return {{"driver", "local"},
            {"driver_opts", {{"type", "nfs"}, {"o", "addr=nfs-server,rw,nfsvers=4"}, {"device", ":/exports/open-webui"}}}};
}

/** @brief Stack files interpolate `$` like Compose: nothing here is meant to, so every `$` becomes `$$`. */
std::string header(const planner::Plan &plan, const DeploymentModel &model, const std::vector<std::string> &pinnedServices)
{
    std::string text = "# Generated by owui-planner for \"" + oneLine(plan.name) +
                       "\". Deploy with docker stack deploy (README.md has the steps).\n";
    if (!model.secrets.empty())
        text += "# Secrets are external Docker secrets, mounted in /run/secrets and exported by the entrypoint; "
                "create them first.\n";
    if (!pinnedServices.empty()) {
        std::string names;
        for (const auto &name : pinnedServices)
            names += (names.empty() ? "" : ", ") + name;
        text += "# Pinned to the node labelled owui.data=true because their volumes are node-local: " + names +
                ". Label exactly one node.\n";
    }
    if (plan.storage.kind == planner::StorageKind::SharedVolume)
        text += "# open-webui-data is NFS: replace addr=nfs-server and :/exports/open-webui with your server and export.\n";
    return text;
}

} // namespace

std::vector<BundleFile> renderSwarm(const planner::Plan &plan, const DeploymentModel &model)
{
    const bool dataPinned = dataIsNodeLocal(plan);
    std::vector<std::string> pinned;
    json services = json::object();
    json volumes = json::object();

    // The routing mesh publishes 3000 on every node and balances across the replicas.
    json webui = openWebuiContainer(model, model.app,
                                    model.migratingPrimary() ? primaryOnlyStartCommand(kSlotOneMigrates) : std::vector<std::string>{});
    if (model.migratingPrimary())
        webui["hostname"] = kTaskHostname;
    webui["ports"] = json::array({{{"target", 8080}, {"published", 3000}, {"protocol", "tcp"}, {"mode", "ingress"}}});
    webui["healthcheck"] = openWebuiHealthcheck();
    webui["deploy"] = openWebuiDeploy(plan, dataPinned);
    services["open-webui"] = webui;
    volumes[kDataVolume] = dataVolume(plan);
    if (dataPinned)
        pinned.push_back("open-webui");

    if (model.migrationJob()) {
        // A job runs once per deploy; stack deploy ignores depends_on, so the runbook orders it before the replicas.
        json migrate = openWebuiContainer(model, model.migrator, migrationCommand());
        json deploy{{"mode", "replicated-job"}, {"restart_policy", {{"condition", "on-failure"}, {"delay", "10s"}, {"max_attempts", 3}}}};
        if (dataPinned)
            deploy["placement"] = placement();
        migrate["deploy"] = deploy;
        services["migrate"] = migrate;
        if (dataPinned)
            pinned.push_back("migrate");
    }

    for (const auto &bundled : bundledServices(plan, model)) {
        services[bundled.name] = bundledService(bundled);
        if (!bundled.volume.empty()) {
            volumes[bundled.volume] = json::object();
            pinned.push_back(bundled.name);
        }
    }

    json secrets = json::object();
    for (const auto &spec : model.secrets)
        secrets[dockerSecretKey(spec.name)] = {{"external", true}, {"name", dockerSecretName(plan, spec.name)}};

    json document{{"version", "3.8"}, {"services", services}, {"networks", {{kNetwork, {{"driver", "overlay"}}}}},
                  {"volumes", volumes}};
    if (!secrets.empty())
        document["secrets"] = secrets;
    escapeDollars(document);
    return {{"stack.yaml", header(plan, model, pinned) + toYaml(document), false}};
}

} // namespace exporters
