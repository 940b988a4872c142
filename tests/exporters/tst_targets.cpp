// SPDX-License-Identifier: MIT
// The three targets side by side: each Open WebUI process sees literally the same variables in Compose,
// Swarm and Helm (the chart's own injections included, read from its template), the same secret
// references and Redis URLs, and the presets' bundles match their golden files.
#include "../common/testplans.h"
#include "exporters/bundle.h"
#include "exporters/model.h"
#include "exporters/yaml.h"
#include "planner/planfile.h"
#include "targetenv.h"

#include <yaml-cpp/yaml.h>

#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace exporters;
using planner::Plan;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(planner::Plan)

using testplans::from;
using testplans::presetPlan;

namespace {

const BundleFile *fileAt(const std::vector<BundleFile> &files, const std::string &path)
{
    const auto it = std::find_if(files.begin(), files.end(), [&path](const BundleFile &f) { return f.path == path; });
    return it == files.end() ? nullptr : &*it;
}

/** @brief The model's variables as a target should show them. */
targetenv::Env expectedEnv(const std::vector<EnvVar> &vars)
{
    targetenv::Env env;
    for (const auto &var : vars)
        env[var.name] = var.secret ? "secret:" + var.name : var.value;
    return env;
}

QByteArray describe(const targetenv::Env &expected, const targetenv::Env &actual)
{
    QByteArray text;
    for (const auto &[name, value] : expected) {
        const auto it = actual.find(name);
        if (it == actual.end())
            text += "missing " + QByteArray::fromStdString(name) + "; ";
        else if (it->second != value)
            text += QByteArray::fromStdString(name + ": expected '" + value + "', got '" + it->second + "'; ");
    }
    for (const auto &[name, value] : actual)
        if (!expected.count(name))
            text += "unexpected " + QByteArray::fromStdString(name) + "; ";
    return text;
}

/** @brief Fixed stand-ins for the generated secrets, so golden files do not change from run to run. */
SecretValues goldenSecrets(const Plan &plan)
{
    SecretValues secrets;
    for (const auto &spec : deploymentModel(plan).secrets)
        secrets[spec.name] = "golden-" + spec.name;
    return secrets;
}

const fs::path kGoldenRoot = fs::path(TEST_DATA_DIR) / "golden";

/** @brief The bundle a plan exports when its findings are accepted (what the comparison tests read). */
planner::Result<std::vector<BundleFile>> bundleWithFindings(const Plan &plan)
{
    ExportOptions options;
    options.allowFindings = true;
    return buildBundle(plan, options, generateSecrets(plan).value());
}

} // namespace

class tst_targets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameSettingsEverywhere_data();
    void sameSettingsEverywhere();
    void topologyShowsWhatTheBundleHolds_data();
    void topologyShowsWhatTheBundleHolds();
    void plainIdentifiersAsYamlCppWritesThem();
    void presetsMatchGoldenFiles_data();
    void presetsMatchGoldenFiles();
};

void tst_targets::sameSettingsEverywhere_data()
{
    QTest::addColumn<Plan>("plan");
    for (const char *id : {"single-user", "small-team", "multi-worker", "high-availability", "large-scale"})
        QTest::newRow(id) << presetPlan(id);
    const Plan fleet = presetPlan("high-availability");
    QTest::newRow("gcs storage, chroma over HTTP") << from(fleet, [](Plan &p) {
        p.storage = {planner::StorageKind::Gcs, "owui-files", {}, {}, 10};
        p.vectorDb.kind = planner::VectorDb::ChromaHttp;
        p.vectorDb.url.clear();
    });
    QTest::newRow("azure storage, external secret key") << from(fleet, [](Plan &p) {
        p.storage = {planner::StorageKind::Azure, "owui", {}, "https://acct.blob.core.windows.net", 10};
        p.secrets.keyMode = planner::SecretKeyMode::External;
        p.secrets.externalSecretName = "corp-owui-key";
    });
    QTest::newRow("sentinel, external database, OTEL over HTTP") << from(fleet, [](Plan &p) {
        p.redis.mode = planner::RedisMode::Sentinel;
        p.redis.sentinelHosts = {"sentinel-a", "sentinel-b", "sentinel-c"};
        p.redis.socketConnectTimeoutSeconds = 5;
        p.database.host = "db.internal.example";
        p.otel = {true, "http://collector.example:4318", planner::OtelProtocol::Http, true, false, true, false, 30000};
    });
    QTest::newRow("websockets over polling, cluster redis") << from(fleet, [](Plan &p) {
        p.redis.mode = planner::RedisMode::Cluster;
        p.redis.host = "redis-cluster.example";
        p.replicas = 1;
        p.websocketSupport = false;
    });
    QTest::newRow("s3 on AWS, endpoint derived from the region") << from(fleet, [](Plan &p) {
        p.storage = {planner::StorageKind::S3, "owui-files", "eu-west-3", {}, 10};
    });
    QTest::newRow("s3 on MinIO without a region") << from(fleet, [](Plan &p) {
        p.storage = {planner::StorageKind::S3, "owui-files", {}, "http://minio.internal:9000", 10};
    });
    QTest::newRow("s3 with neither region nor endpoint") << from(fleet, [](Plan &p) {
        p.storage = {planner::StorageKind::S3, "owui-files", {}, {}, 10};
    });
    QTest::newRow("openai-compatible embeddings, environment authoritative") << from(fleet, [](Plan &p) {
        p.embeddings = planner::EmbeddingEngine::OpenAI;
        p.embeddingModel = "bge-m3";
        p.embeddingBaseUrl = "https://llm.internal.example/v1";
        p.persistentConfig = false;
    });
    QTest::newRow("ollama embeddings without a URL, v0.11 tuning") << from(fleet, [](Plan &p) {
        p.embeddings = planner::EmbeddingEngine::Ollama;
        p.orjson = true;
        p.compressionMiddleware = false;
        p.redis.starSessions = true;
        p.upgradeStrategy = planner::UpgradeStrategy::Recreate;
    });
    QTest::newRow("template braces in plan text") << from(fleet, [](Plan &p) {
        p.loadBalancer.publicUrl = "https://chat.example.org/{{ .Release.Name }}";
        p.embeddings = planner::EmbeddingEngine::Ollama;
        p.embeddingModel = "{{ fail \"boom\" }}";
        p.embeddingBaseUrl = "http://ollama.internal:11434";
    });
}

void tst_targets::sameSettingsEverywhere()
{
    QFETCH(Plan, plan);
    const auto model = deploymentModel(plan);
    const auto files = bundleWithFindings(plan);
    QVERIFY(files.has_value());
    const auto compose = YAML::Load(fileAt(*files, "compose.yaml")->content);
    const auto stack = YAML::Load(fileAt(*files, "stack.yaml")->content);
    const auto values = YAML::Load(fileAt(*files, "helm/values.yaml")->content);

    // Literally the same set in every target: names, values, secret references. Helm's is what the chart's
    // template renders from values.yaml (its own ENABLE_OLLAMA_API, OPENAI_API_BASE_URL and storage variables
    // included), not only the variables the model hands it.
    const auto expected = expectedEnv(model.app);
    const auto composeEnv = targetenv::serviceEnv(compose["services"]["open-webui"]);
    const auto swarmEnv = targetenv::serviceEnv(stack["services"]["open-webui"]);
    const auto helmList = targetenv::helmContainerEnv(values);
    const auto helmEnv = targetenv::toEnv(helmList);
    QVERIFY2(composeEnv == expected, "compose: " + describe(expected, composeEnv));
    QVERIFY2(swarmEnv == composeEnv, "swarm: " + describe(composeEnv, swarmEnv));
    QVERIFY2(helmEnv == composeEnv, "helm: " + describe(composeEnv, helmEnv));
    const auto twice = targetenv::duplicates(helmList);
    QVERIFY2(twice.empty(), twice.empty() ? "" : ("the pod gets twice: " + twice.front()).c_str());
    // The chart's injections are in the model, so in Compose and Swarm too.
    QCOMPARE(composeEnv.at("ENABLE_OLLAMA_API"), std::string("False"));
    QCOMPARE(composeEnv.at("OPENAI_API_BASE_URL"), std::string("https://api.openai.com/v1"));
    // The Redis URLs are one value, in every target, for app state and websockets alike.
    if (!model.redisUrl.empty())
        for (const auto *env : {&composeEnv, &swarmEnv, &helmEnv}) {
            QCOMPARE(env->at("REDIS_URL"), model.redisUrl);
            QCOMPARE(env->at("WEBSOCKET_REDIS_URL"), model.redisUrl);
        }

    // The one migrator has the same environment everywhere too.
    QCOMPARE(bool(compose["services"]["migrate"]), model.migrationJob());
    QCOMPARE(bool(stack["services"]["migrate"]), model.migrationJob());
    QCOMPARE(fileAt(*files, "helm/migration-job.yaml") != nullptr, model.migrationJob());
    if (model.migrationJob()) {
        const auto migrator = expectedEnv(model.migrator);
        const auto job = YAML::Load(fileAt(*files, "helm/migration-job.yaml")->content);
        targetenv::Env jobEnv;
        targetenv::addEnvList(job["spec"]["template"]["spec"]["containers"][0]["env"], jobEnv);
        const auto composeMigrate = targetenv::serviceEnv(compose["services"]["migrate"]);
        const auto swarmMigrate = targetenv::serviceEnv(stack["services"]["migrate"]);
        QVERIFY2(composeMigrate == migrator, "compose migrate: " + describe(migrator, composeMigrate));
        QVERIFY2(swarmMigrate == composeMigrate, "swarm migrate: " + describe(composeMigrate, swarmMigrate));
        QVERIFY2(jobEnv == composeMigrate, "helm job: " + describe(composeMigrate, jobEnv));
    }
    if (model.migratingPrimary()) {
        // Compose's primary container is the one place where the migrating environment is written out.
        const auto primary = targetenv::serviceEnv(compose["services"]["open-webui-primary"]);
        const auto migrator = expectedEnv(model.migrator);
        QVERIFY2(primary == migrator, "compose primary: " + describe(migrator, primary));
    }
    if (model.migrationRunner != MigrationRunner::EveryProcess) {
        // The migrator sees what the replicas see, but migrates.
        auto replicas = composeEnv;
        replicas["ENABLE_DB_MIGRATIONS"] = "true";
        const auto migrator = expectedEnv(model.migrator);
        QVERIFY2(migrator == replicas, "migrator vs replicas: " + describe(replicas, migrator));
    }
}

void tst_targets::topologyShowsWhatTheBundleHolds_data()
{
    QTest::addColumn<Plan>("plan");
    for (const char *id : {"single-user", "small-team", "multi-worker", "high-availability", "large-scale"})
        for (const auto mode : {planner::MigrationMode::EveryInstance, planner::MigrationMode::Primary, planner::MigrationMode::Job})
            QTest::newRow((std::string(id) + ", migrations " + std::string(planner::toString(mode))).c_str())
                << from(presetPlan(id), [mode](Plan &p) { p.migrations = mode; });
    QTest::newRow("high-availability on a local volume, primary") << from(presetPlan("high-availability"), [](Plan &p) {
        p.storage.kind = planner::StorageKind::LocalVolume;
    });
    // Compose without a second replica: the primary is the only container; Swarm and Kubernetes: each orchestrator's words.
    QTest::newRow("compose, one replica autoscaling to four, primary") << from(presetPlan("small-team"), [](Plan &p) {
        p.replicas = 1;
        p.autoscaling = {true, 1, 4};
        p.migrations = planner::MigrationMode::Primary;
    });
    for (const auto orchestrator : {planner::Orchestrator::Compose, planner::Orchestrator::Swarm})
        QTest::newRow(("high-availability on " + std::string(planner::toString(orchestrator)) + ", primary").c_str())
            << from(presetPlan("high-availability"), [orchestrator](Plan &p) {
                   p.orchestrator = orchestrator;
                   p.loadBalancer.kind = planner::LoadBalancerKind::Nginx;
                   p.migrations = planner::MigrationMode::Primary;
               });
}

/**
 * The drawing says who migrates, and every target's files do exactly that: a job iff it says a job, a primary
 * (Compose's open-webui-primary, Swarm's task 1, Kubernetes' pod 0 of a StatefulSet) iff it says a primary,
 * and ENABLE_DB_MIGRATIONS on each service accordingly.
 */
void tst_targets::topologyShowsWhatTheBundleHolds()
{
    QFETCH(Plan, plan);
    const auto model = deploymentModel(plan);
    const auto &t = model.topology;
    const auto files = bundleWithFindings(plan);
    QVERIFY(files.has_value());
    const auto compose = YAML::Load(fileAt(*files, "compose.yaml")->content);
    const auto stack = YAML::Load(fileAt(*files, "stack.yaml")->content);
    const auto values = YAML::Load(fileAt(*files, "helm/values.yaml")->content);
    const auto migrationsOf = [](const targetenv::Env &env) {
        const auto it = env.find("ENABLE_DB_MIGRATIONS");
        return it == env.end() ? std::string("<absent>") : it->second;
    };
    const auto joined = [](const YAML::Node &words) {
        std::string text;
        for (const auto &word : words)
            text += word.as<std::string>() + " ";
        return text;
    };

    const bool job = t.migrationRunner == "job";
    const bool primary = t.migrationRunner == "primary";
    QVERIFY2(job || primary || t.migrationRunner == "every-process", t.migrationRunner.c_str());
    // The drawing's words follow who migrates.
    QCOMPARE(t.migrations.find("Alembic once") != std::string::npos, job);
    QCOMPARE(t.migratingInstance, primary ? 1 : 0);
    if (primary) {
        const char *who = plan.orchestrator == planner::Orchestrator::Compose ? "open-webui-primary container"
                          : plan.orchestrator == planner::Orchestrator::Swarm ? "task 1"
                                                                              : "pod 1 (open-webui-0";
        QVERIFY2(t.migrations.find(who) != std::string::npos, t.migrations.c_str());
    }
    // A plan that says primary but runs one instance has nobody to single out, and says so.
    if (plan.migrations == planner::MigrationMode::Primary && plan.isMultiProcess() && plan.isPostgres())
        QCOMPARE(primary, plan.peakReplicas() > 1);

    // Job: in every target, or in none.
    QCOMPARE(bool(compose["services"]["migrate"]), job);
    QCOMPARE(bool(stack["services"]["migrate"]), job);
    QCOMPARE(fileAt(*files, "helm/migration-job.yaml") != nullptr, job);
    // Primary: Compose's own service, Swarm's slot-named tasks, a StatefulSet whose pod 0 migrates.
    QCOMPARE(bool(compose["services"]["open-webui-primary"]), primary);
    QCOMPARE(bool(stack["services"]["open-webui"]["hostname"]), primary);
    QCOMPARE(values["workload"]["kind"].as<std::string>(), std::string(primary ? "StatefulSet" : "Deployment"));
    QCOMPARE(bool(values["command"]), primary);
    if (const auto *hpa = fileAt(*files, "helm/hpa.yaml"))
        QCOMPARE(YAML::Load(hpa->content)["spec"]["scaleTargetRef"]["kind"].as<std::string>(),
                 values["workload"]["kind"].as<std::string>());

    // The runbook starts and upgrades what the bundle holds.
    const std::string runbook = fileAt(*files, "README.md")->content;
    QCOMPARE(runbook.find("kubectl -n open-webui apply -f helm/migration-job.yaml") != std::string::npos, job);
    QCOMPARE(runbook.find("docker compose run --rm migrate") != std::string::npos, job);
    QCOMPARE(runbook.find("scale statefulset/open-webui --replicas=0") != std::string::npos, primary);
    QCOMPARE(runbook.find("scale deployment/open-webui --replicas=0") != std::string::npos, !primary);
    QCOMPARE(runbook.find("docker service scale open-webui_open-webui=1        # task 1 alone migrates") != std::string::npos, primary);
    QCOMPARE(runbook.find("open-webui-primary migrates as it starts") != std::string::npos, primary);
    // The StatefulSet shares the chart's one claim: on a ReadWriteOnce volume the runbook says where that stops.
    QCOMPARE(runbook.find("one ReadWriteOnce claim") != std::string::npos,
             primary && plan.storage.kind == planner::StorageKind::LocalVolume);

    // ENABLE_DB_MIGRATIONS per service.
    const std::string replicas = t.migrationRunner == "every-process" ? "<absent>" : "false";
    const auto composeReplicas = compose["services"]["open-webui"];
    QCOMPARE(bool(composeReplicas), !primary || plan.replicas > 1);
    if (composeReplicas)
        QCOMPARE(migrationsOf(targetenv::serviceEnv(composeReplicas)), replicas);
    QCOMPARE(migrationsOf(targetenv::serviceEnv(stack["services"]["open-webui"])), replicas);
    QCOMPARE(migrationsOf(targetenv::toEnv(targetenv::helmContainerEnv(values))), replicas);
    if (job) {
        QCOMPARE(migrationsOf(targetenv::serviceEnv(compose["services"]["migrate"])), std::string("true"));
        QCOMPARE(migrationsOf(targetenv::serviceEnv(stack["services"]["migrate"])), std::string("true"));
    }
    if (primary) {
        QCOMPARE(migrationsOf(targetenv::serviceEnv(compose["services"]["open-webui-primary"])), std::string("true"));
        if (composeReplicas)
            QCOMPARE(composeReplicas["depends_on"]["open-webui-primary"]["condition"].as<std::string>(),
                     std::string("service_healthy"));
        // nginx balances across the primary and the replicas alike.
        const std::string conf = fileAt(*files, "nginx.conf")->content;
        QVERIFY(conf.find("server open-webui-primary:8080;") != std::string::npos);
        QCOMPARE(conf.find("server open-webui:8080;") != std::string::npos, bool(composeReplicas));
        // The one who turns it on: slot 1 in Swarm, ordinal 0 on Kubernetes.
        const auto swarm = stack["services"]["open-webui"];
        const std::string swarmStart = joined(swarm["entrypoint"] ? swarm["entrypoint"] : swarm["command"]);
        QVERIFY2(swarmStart.find("= 1 ]; then export ENABLE_DB_MIGRATIONS=true") != std::string::npos, swarmStart.c_str());
        const std::string podStart = joined(values["command"]);
        QVERIFY2(podStart.find("= 0 ]; then export ENABLE_DB_MIGRATIONS=true") != std::string::npos, podStart.c_str());
    }
}

void tst_targets::plainIdentifiersAsYamlCppWritesThem()
{
    // toYaml writes plain identifiers past yaml-cpp's plain-scalar check; the bytes must be the ones yaml-cpp
    // writes when it decides for itself (Auto format), in keys, values, nested maps and block lists.
    const auto document = nlohmann::ordered_json::parse(R"({
        "services": {"open-webui": {"image": "ghcr.io/open-webui/open-webui", "networks": ["frontend", "_back.end"],
                                    "x/y": {"a": "b-c", "long_name.with-dots": "/data/path"}}},
        "volumes": {"data": {"driver": "local"}}, "last": "v1.2"})");
    YAML::Emitter reference;
    reference.SetIndent(2);
    reference.SetSeqFormat(YAML::Block);
    reference << YAML::BeginMap << YAML::Key << "services" << YAML::Value << YAML::BeginMap;
    reference << YAML::Key << "open-webui" << YAML::Value << YAML::BeginMap;
    reference << YAML::Key << "image" << YAML::Value << "ghcr.io/open-webui/open-webui";
    reference << YAML::Key << "networks" << YAML::Value << YAML::BeginSeq << "frontend" << "_back.end" << YAML::EndSeq;
    reference << YAML::Key << "x/y" << YAML::Value << YAML::BeginMap << YAML::Key << "a" << YAML::Value << "b-c";
    reference << YAML::Key << "long_name.with-dots" << YAML::Value << "/data/path" << YAML::EndMap;
    reference << YAML::EndMap << YAML::EndMap;
    reference << YAML::Key << "volumes" << YAML::Value << YAML::BeginMap << YAML::Key << "data" << YAML::Value;
    reference << YAML::BeginMap << YAML::Key << "driver" << YAML::Value << "local" << YAML::EndMap << YAML::EndMap;
    reference << YAML::Key << "last" << YAML::Value << "v1.2" << YAML::EndMap;
    QVERIFY(reference.good());
    QCOMPARE(QString::fromStdString(toYaml(document)), QString::fromStdString(std::string(reference.c_str()) + "\n"));
    // A word YAML 1.1 reads as a boolean stays quoted.
    QCOMPARE(QString::fromStdString(toYaml(nlohmann::ordered_json{{"on", "yes"}})), QStringLiteral("\"on\": \"yes\"\n"));
}

void tst_targets::presetsMatchGoldenFiles_data()
{
    QTest::addColumn<QString>("preset");
    for (const char *id : {"single-user", "small-team", "multi-worker", "high-availability", "large-scale"})
        QTest::newRow(id) << QString::fromLatin1(id);
}

// Regenerate with `scripts/update-goldens` (it sets OWUI_UPDATE_GOLDENS=1), then review the diff.
void tst_targets::presetsMatchGoldenFiles()
{
    QFETCH(QString, preset);
    const Plan plan = presetPlan(preset.toStdString());
    const auto files = buildBundle(plan, {}, goldenSecrets(plan));
    QVERIFY(files.has_value());
    const fs::path folder = kGoldenRoot / preset.toStdString();
    const bool update = qEnvironmentVariableIntValue("OWUI_UPDATE_GOLDENS") == 1;
    if (update) {
        fs::remove_all(folder);
        for (const auto &file : *files) {
            if (file.secret)
                continue; // even stand-in secrets stay out of the repository
            fs::create_directories((folder / file.path).parent_path());
            std::ofstream(folder / file.path, std::ios::binary) << file.content;
        }
    }
    std::size_t compared = 0;
    for (const auto &file : *files) {
        if (file.secret)
            continue;
        std::ifstream in(folder / file.path, std::ios::binary);
        QVERIFY2(in, ("no golden file " + (folder / file.path).string() + "; run scripts/update-goldens").c_str());
        const std::string golden{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        QVERIFY2(golden == file.content, ("differs from its golden file: " + (folder / file.path).string()).c_str());
        ++compared;
    }
    // No stale golden file lingers for a file the exporter no longer writes.
    std::size_t onDisk = 0;
    for (const auto &entry : fs::recursive_directory_iterator(folder))
        onDisk += entry.is_regular_file() ? 1 : 0;
    QCOMPARE(onDisk, compared);
}

QTEST_GUILESS_MAIN(tst_targets)
#include "tst_targets.moc"
