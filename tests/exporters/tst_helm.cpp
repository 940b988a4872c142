// SPDX-License-Identifier: MIT
// The Helm target: helm/values.yaml uses only keys of the official chart 16.0.0, hands Open WebUI every
// variable of the shared model exactly once (through the chart's own keys or extraEnvVars), references
// secrets without holding one, and the manifests beside it (PDB, HPA, migration Job, services) fit the plan.
#include "../common/testplans.h"
#include "exporters/bundle.h"
#include "exporters/model.h"
#include "exporters/targets.h"
#include "exporters/yaml.h"
#include "planner/planfile.h"
#include "targetenv.h"

#include <yaml-cpp/yaml.h>

#include <QtTest>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

using namespace exporters;
using planner::Plan;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(planner::Plan)

using testplans::from;
using testplans::presetPlan;

namespace {

/** @brief A Kubernetes plan with PostgreSQL, Redis and Qdrant bundled, several replicas on a shared volume. */
Plan fleetPlan()
{
    Plan p;
    p.name = "fleet";
    p.orchestrator = planner::Orchestrator::Kubernetes;
    p.replicas = 3;
    p.imageTag = "0.11.0";
    p.database.kind = planner::DatabaseKind::Postgres;
    p.database.poolSize = 10;
    p.database.maxOverflow = 5;
    p.redis.mode = planner::RedisMode::Single;
    p.redis.timeoutSeconds = 1800;
    p.vectorDb.kind = planner::VectorDb::Qdrant;
    p.storage.kind = planner::StorageKind::SharedVolume;
    p.storage.volumeSizeGi = 20;
    p.secrets.keyMode = planner::SecretKeyMode::Generated;
    p.loadBalancer = {planner::LoadBalancerKind::Ingress, true, true, "https://chat.example.org"};
    p.migrations = planner::MigrationMode::Job;
    return p;
}

/** @brief The varied plans every rendering check runs on, beside the presets. */
std::vector<std::pair<std::string, Plan>> variedPlans()
{
    using namespace planner;
    const Plan fleet = fleetPlan();
    return {
        {"sqlite single user", from(Plan{}, [](Plan &p) {
             p.name = "solo";
             p.orchestrator = Orchestrator::Kubernetes;
             p.secrets.keyMode = SecretKeyMode::Generated;
         })},
        {"3 replicas shared volume, key kept in plan", from(fleet, [](Plan &p) {
             p.secrets.storeInPlan = true;
             p.secrets.webuiSecretKey = "kept-in-the-plan-file-0123456789abcdef";
         })},
        {"gcs, external database, chroma server", from(fleet, [](Plan &p) {
             p.replicas = 2;
             p.database.host = "db.internal.example";
             p.storage = {StorageKind::Gcs, "owui-files", {}, {}, 10};
             p.vectorDb.kind = VectorDb::ChromaHttp;
             p.contentExtraction = ContentExtraction::Docling;
         })},
        {"azure, milvus, cloud load balancer", from(fleet, [](Plan &p) {
             p.storage = {StorageKind::Azure, "owui", {}, "https://acct.blob.core.windows.net", 10};
             p.vectorDb.kind = VectorDb::Milvus;
             p.vectorDb.url = "http://milvus.example:19530";
             p.loadBalancer = {LoadBalancerKind::Cloud, false, true, "http://chat.example.org"};
         })},
        {"sentinel redis on external hosts, s3 with endpoint, autoscaling", from(fleet, [](Plan &p) {
             p.redis.mode = RedisMode::Sentinel;
             p.redis.host = "redis.internal.example";
             p.redis.sentinelHosts = {"sentinel-a.example", "sentinel-b.example", "sentinel-c.example"};
             p.redis.socketConnectTimeoutSeconds = 5;
             p.storage = {StorageKind::S3, "owui", "eu-west-1", "https://minio.example:9000", 10};
             p.autoscaling = {true, 2, 8};
         })},
        {"external secret key name", from(fleet, [](Plan &p) {
             p.secrets.keyMode = SecretKeyMode::External;
             p.secrets.externalSecretName = "corp-owui-key";
         })},
        {"pgvector on another server", from(fleet, [](Plan &p) {
             p.vectorDb = {VectorDb::Pgvector, "postgresql://vectors.example/vectors", false, 4, 2};
             p.contentExtraction = ContentExtraction::Tika;
         })},
        {"websockets off, redis kept", from(fleet, [](Plan &p) {
             p.websocketSupport = false;
             p.redis.keyPrefix = "owui-prod";
         })},
    };
}

std::vector<BundleFile> render(const Plan &plan)
{
    auto files = renderHelm(plan, deploymentModel(plan));
    if (!files)
        qFatal("renderHelm: %s", files.error().message.c_str());
    return *files;
}

const BundleFile *fileAt(const std::vector<BundleFile> &files, const std::string &path)
{
    const auto it = std::find_if(files.begin(), files.end(), [&path](const BundleFile &f) { return f.path == path; });
    return it == files.end() ? nullptr : &*it;
}

YAML::Node valuesOf(const std::vector<BundleFile> &files)
{
    const auto *values = fileAt(files, "helm/values.yaml");
    return values ? YAML::Load(values->content) : YAML::Node();
}

/** @brief One document of a manifest file, by kind; a null node when absent. */
YAML::Node documentOf(const std::vector<BundleFile> &files, const std::string &path, const std::string &kind)
{
    const auto *file = fileAt(files, path);
    if (!file)
        return YAML::Node();
    for (const auto &document : YAML::LoadAll(file->content))
        if (document["kind"] && document["kind"].as<std::string>() == kind)
            return document;
    return YAML::Node();
}

std::string text(const YAML::Node &node, const std::string &fallback = {})
{
    return node && node.IsScalar() ? node.as<std::string>() : fallback;
}

using targetenv::EnvEntry;
using Env = targetenv::EnvList;

const EnvEntry *entryOf(const Env &env, const std::string &name)
{
    const auto it = std::find_if(env.begin(), env.end(), [&name](const EnvEntry &e) { return e.name == name; });
    return it == env.end() ? nullptr : &*it;
}

/** @brief The Open WebUI container's env as the chart 16.0.0 template renders it (targetenv.h). */
Env containerEnv(const YAML::Node &values)
{
    return targetenv::helmContainerEnv(values);
}

/** @brief A plain env list (Job, bundled services). */
Env envList(const YAML::Node &list)
{
    Env env;
    targetenv::addEnvList(list, env);
    return env;
}

std::string expectedSecretName(const Plan &plan, const std::string &variable)
{
    if (variable == "WEBUI_SECRET_KEY" && plan.secrets.keyMode == planner::SecretKeyMode::External)
        return plan.secrets.externalSecretName;
    return std::string(kSecretName);
}

/** @brief Every variable appears exactly once, with its value or as a reference to its Secret key. Empty: all good. */
QByteArray compareEnv(const Plan &plan, const std::vector<EnvVar> &expected, const Env &actual)
{
    QByteArray problems;
    for (const auto &var : expected) {
        const auto named = [&var](const EnvEntry &e) { return e.name == var.name; };
        const auto count = std::count_if(actual.begin(), actual.end(), named);
        if (count != 1) {
            problems += QByteArray::fromStdString(var.name + " appears " + std::to_string(count) + " times; ");
            continue;
        }
        const EnvEntry &entry = *entryOf(actual, var.name);
        if (var.secret) {
            if (entry.secretKey != var.name || entry.secretName != expectedSecretName(plan, var.name))
                problems += QByteArray::fromStdString(var.name + " is not a secretKeyRef to " +
                                                      expectedSecretName(plan, var.name) + "/" + var.name + "; ");
            continue;
        }
        // Literally the same text: the model spells the chart's own booleans as the chart does ("True").
        if (!entry.secretName.empty() || entry.value != var.value)
            problems += QByteArray::fromStdString(var.name + ": expected '" + var.value + "', got '" + entry.value + "'; ");
    }
    return problems;
}

std::string valueOf(const Env &env, const std::string &name)
{
    const EnvEntry *entry = entryOf(env, name);
    return entry ? entry->value : "<absent>";
}

std::vector<std::string> scalars(const YAML::Node &sequence)
{
    std::vector<std::string> out;
    for (const auto &item : sequence)
        out.push_back(item.as<std::string>());
    return out;
}

} // namespace

class tst_helm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rendersEveryPlan_data();
    void rendersEveryPlan();
    void findsUnknownChartKeys_data();
    void findsUnknownChartKeys();
    void findsUnknownKeysInBuiltValues_data();
    void findsUnknownKeysInBuiltValues();
    void chartValuesAreAllKnown();
    void sharedVolumeReplicas();
    void cloudStorageReplicas();
    void singleReplicaOnLocalVolume();
    void disruptionBudgetSelectsOpenWebuiPods();
    void autoscalerOnlyWithAutoscaling();
    void migrationJobOnlyWithMigrationUnit();
    void primaryIsPodZeroOfAStatefulSet();
    void ingressFollowsPublicUrl();
    void secretTemplateHoldsPlaceholdersOnly();
    void bundledServicesHaveManifests();
    void largeScaleQuotesStringValues();
    void s3AlwaysHasAnEndpoint_data();
    void s3AlwaysHasAnEndpoint();
    void gcsAndAzureSetEveryProviderKey();
    void storageValuesTheChartWouldRetypeAreRefused();
    void chartConnectionsComeFromTheChart();
    void strategyFollowsTheUpgradeStrategy();
    void embeddingKeyIsASecretReference();
    void templateBracesReachThePodAsText();
};

void tst_helm::rendersEveryPlan_data()
{
    QTest::addColumn<Plan>("plan");
    int presets = 0;
    for (const auto &entry : fs::directory_iterator(OWUI_PRESET_DIR)) {
        if (entry.path().extension() != ".json")
            continue;
        QTest::newRow(("preset " + entry.path().stem().string()).c_str()) << presetPlan(entry.path().stem().string());
        ++presets;
    }
    QVERIFY(presets >= 5);
    for (const auto &[name, plan] : variedPlans())
        QTest::newRow(name.c_str()) << plan;
}

void tst_helm::rendersEveryPlan()
{
    QFETCH(Plan, plan);
    const auto model = deploymentModel(plan);
    const auto files = renderHelm(plan, model);
    QVERIFY2(files.has_value(), files ? "" : files.error().message.c_str());

    const auto *valuesFile = fileAt(*files, "helm/values.yaml");
    QVERIFY(valuesFile);
    const auto values = YAML::Load(valuesFile->content);
    const auto unknown = unknownChartKeys(valuesFile->content);
    QVERIFY2(unknown.empty(), unknown.empty() ? "" : unknown.front().c_str());

    QVERIFY(values["ollama"]["enabled"].IsDefined());
    QCOMPARE(values["ollama"]["enabled"].as<bool>(), false);
    QVERIFY(values["pipelines"]["enabled"].IsDefined());
    QCOMPARE(values["pipelines"]["enabled"].as<bool>(), false);
    QVERIFY(!values["databaseUrl"] || values["databaseUrl"].as<std::string>().empty());
    QCOMPARE(values["replicaCount"].as<int>(), plan.replicas);
    QCOMPARE(values["image"]["tag"].as<std::string>(), model.imageTag);
    QCOMPARE(values["image"]["repository"].as<std::string>(), std::string(kImageRepository));
    if (!planner::isCloudStorage(plan.storage.kind))
        QCOMPARE(values["persistence"]["size"].as<std::string>(), std::to_string(plan.storage.volumeSizeGi) + "Gi");

    const auto env = containerEnv(values);
    const auto problems = compareEnv(plan, model.app, env);
    QVERIFY2(problems.isEmpty(), problems.constData());

    // Every file lives under helm/, and every manifest document names itself.
    for (const auto &file : *files) {
        QVERIFY2(file.path.rfind("helm/", 0) == 0, file.path.c_str());
        QVERIFY(!file.secret);
        if (file.path == "helm/values.yaml")
            continue;
        for (const auto &document : YAML::LoadAll(file.content)) {
            QVERIFY2(document["apiVersion"] && document["kind"], file.path.c_str());
            QVERIFY2(!text(document["metadata"]["name"]).empty(), file.path.c_str());
        }
    }

    // No secret value, generated or kept in the plan, is written anywhere.
    const auto secrets = generateSecrets(plan);
    QVERIFY(secrets.has_value());
    for (const auto &[name, value] : *secrets) {
        QVERIFY(!value.empty());
        for (const auto &file : *files)
            QVERIFY2(file.content.find(value) == std::string::npos, (name + " leaks into " + file.path).c_str());
    }
}

void tst_helm::findsUnknownChartKeys_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("expected"); // unknown paths, comma-separated

    QTest::newRow("typo below a map") << "websocket:\n  bogus: 1\n" << "websocket.bogus";
    QTest::newRow("typo at the top") << "replicaCounts: 3\n" << "replicaCounts";
    QTest::newRow("typo two levels down") << "persistence:\n  s3:\n    bukket: x\n" << "persistence.s3.bukket";
    QTest::newRow("several, known ones kept")
        << "image:\n  tag: x\n  tga: y\nreplicaCount: 2\nautoscaling:\n  enabled: true\n" << "image.tga,autoscaling";
    QTest::newRow("a key the chart never had") << "websocket:\n  redis:\n    enabled: false\n    replicas: 2\n"
                                               << "websocket.redis.replicas";
    QTest::newRow("free-form map") << "podAnnotations:\n  a: b\n" << "";
    QTest::newRow("free-form nested map") << "resources:\n  limits:\n    memory: 4Gi\n" << "";
    QTest::newRow("ingress annotations")
        << "ingress:\n  enabled: true\n  annotations:\n    nginx.ingress.kubernetes.io/affinity: cookie\n" << "";
    QTest::newRow("extraEnvVars list")
        << "extraEnvVars:\n  - name: A\n    value: b\n  - name: B\n    valueFrom: {}\n" << "";
    QTest::newRow("extraEnvVars map form") << "extraEnvVars:\n  A: b\n" << "";
    QTest::newRow("non-empty chart list") << "managedCertificate:\n  domains:\n    - chat.example.org\n" << "";
    QTest::newRow("empty document") << "" << "";
}

void tst_helm::findsUnknownChartKeys()
{
    QFETCH(QString, yaml);
    QFETCH(QString, expected);
    const auto unknown = exporters::unknownChartKeys(yaml.toStdString());
    QStringList found;
    for (const auto &path : unknown)
        found << QString::fromStdString(path);
    QCOMPARE(found.join(','), expected);
}

void tst_helm::findsUnknownKeysInBuiltValues_data()
{
    QTest::addColumn<QString>("values"); // JSON, as renderHelm builds the values before writing them
    QTest::addColumn<QString>("expected");

    QTest::newRow("unknown at the top") << R"({"replicaCount": 2, "replicaCounts": 3})" << "replicaCounts";
    QTest::newRow("unknown nested") << R"({"persistence": {"s3": {"bukket": "x", "bucket": "y"}}})"
                                    << "persistence.s3.bukket";
    QTest::newRow("free-form map allows anything")
        << R"({"ingress": {"enabled": true, "annotations": {"nginx.ingress.kubernetes.io/affinity": "cookie"}}})"
        << "";
    QTest::newRow("empty map under a declared map") << R"({"websocket": {}})" << "";
}

void tst_helm::findsUnknownKeysInBuiltValues()
{
    QFETCH(QString, values);
    QFETCH(QString, expected);
    const auto built = nlohmann::ordered_json::parse(values.toStdString());
    QStringList found;
    for (const auto &path : exporters::unknownChartKeys(built))
        found << QString::fromStdString(path);
    QCOMPARE(found.join(','), expected);
    // The check on the built values and the check on the written text agree.
    QCOMPARE(exporters::unknownChartKeys(toYaml(built)), exporters::unknownChartKeys(built));
}

void tst_helm::chartValuesAreAllKnown()
{
    QVERIFY(chartValuesYaml().find("websocket:") != std::string_view::npos);
    QVERIFY(exporters::unknownChartKeys(std::string(chartValuesYaml())).empty());
    // The compiled-in copy is the chart's values file.
    std::ifstream in(OWUI_CHART_VALUES, std::ios::binary);
    QVERIFY(in);
    const std::string onDisk{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    QCOMPARE(std::string(chartValuesYaml()), onDisk);
}

void tst_helm::sharedVolumeReplicas()
{
    const auto files = render(fleetPlan());
    const auto values = valuesOf(files);
    QCOMPARE(values["workload"]["kind"].as<std::string>(), std::string("Deployment"));
    QCOMPARE(scalars(values["persistence"]["accessModes"]), std::vector<std::string>{"ReadWriteMany"});
    QCOMPARE(values["persistence"]["provider"].as<std::string>(), std::string("local"));
    QCOMPARE(values["persistence"]["size"].as<std::string>(), std::string("20Gi"));
    // Rolling updates are safe on a shared volume, within the plan's surge.
    QCOMPARE(values["strategy"]["type"].as<std::string>(), std::string("RollingUpdate"));
    QCOMPARE(values["strategy"]["rollingUpdate"]["maxSurge"].as<int>(), fleetPlan().rollingUpdateSurge);
    // Redis is the bundle's own (helm/redis.yaml), never the chart's.
    QCOMPARE(values["websocket"]["redis"]["enabled"].as<bool>(), false);
    QCOMPARE(values["websocket"]["url"].as<std::string>(), deploymentModel(fleetPlan()).redisUrl);
    QVERIFY(fileAt(files, "helm/redis.yaml"));
}

void tst_helm::cloudStorageReplicas()
{
    const Plan plan = from(fleetPlan(), [](Plan &p) {
        p.storage = {planner::StorageKind::S3, "owui", "eu-west-1", "https://s3.example", 5};
    });
    const auto values = valuesOf(render(plan));
    QCOMPARE(values["workload"]["kind"].as<std::string>(), std::string("Deployment"));
    QCOMPARE(values["persistence"]["provider"].as<std::string>(), std::string("s3"));
    QCOMPARE(values["persistence"]["s3"]["bucket"].as<std::string>(), std::string("owui"));
    QCOMPARE(values["persistence"]["s3"]["region"].as<std::string>(), std::string("eu-west-1"));
    QCOMPARE(values["persistence"]["s3"]["endpointUrl"].as<std::string>(), std::string("https://s3.example"));
    QVERIFY(!values["persistence"]["accessModes"]);
    // The bucket reaches the container through the chart, not a second time through extraEnvVars.
    for (const auto &var : values["extraEnvVars"]) {
        const auto name = var["name"].as<std::string>();
        QVERIFY2(name.rfind("S3_", 0) != 0 && name != "STORAGE_PROVIDER", name.c_str());
    }
}

void tst_helm::singleReplicaOnLocalVolume()
{
    const Plan plan = from(Plan{}, [](Plan &p) { p.storage.volumeSizeGi = 8; });
    const auto files = render(plan);
    const auto values = valuesOf(files);
    QCOMPARE(scalars(values["persistence"]["accessModes"]), std::vector<std::string>{"ReadWriteOnce"});
    QCOMPARE(values["persistence"]["size"].as<std::string>(), std::string("8Gi"));
    // A Deployment on an RWO volume must stop the old pod before the new one can attach it.
    QCOMPARE(values["workload"]["kind"].as<std::string>(), std::string("Deployment"));
    QCOMPARE(values["strategy"]["type"].as<std::string>(), std::string("Recreate"));
    QVERIFY(!fileAt(files, "helm/pdb.yaml"));
    QVERIFY(!fileAt(files, "helm/hpa.yaml"));
    QVERIFY(!fileAt(files, "helm/migration-job.yaml"));
    QVERIFY(!values["topologySpreadConstraints"]);
    // One replica without Redis: the in-memory websocket manager, so no Redis variable at all.
    QCOMPARE(values["websocket"]["manager"].as<std::string>(), std::string());
    const auto env = containerEnv(values);
    QCOMPARE(valueOf(env, "REDIS_URL"), std::string("<absent>"));
    QCOMPARE(valueOf(env, "WEBSOCKET_MANAGER"), std::string("<absent>"));
}

void tst_helm::disruptionBudgetSelectsOpenWebuiPods()
{
    const auto files = render(fleetPlan());
    const auto pdb = documentOf(files, "helm/pdb.yaml", "PodDisruptionBudget");
    QVERIFY(pdb);
    QCOMPARE(pdb["apiVersion"].as<std::string>(), std::string("policy/v1"));
    QCOMPARE(pdb["spec"]["minAvailable"].as<int>(), 2);
    const auto labels = pdb["spec"]["selector"]["matchLabels"];
    QCOMPARE(labels.size(), std::size_t(2));
    QCOMPARE(text(labels["app.kubernetes.io/instance"]), std::string("open-webui"));
    QCOMPARE(text(labels["app.kubernetes.io/component"]), std::string("open-webui"));
    // `name` would also select the chart's Redis pod (notes §2).
    QVERIFY(!labels["app.kubernetes.io/name"]);

    // With an autoscaler, counted from its minimum: a higher floor would block every drain.
    const auto scaled = render(from(fleetPlan(), [](Plan &p) {
        p.replicas = 6;
        p.autoscaling = {true, 3, 12};
    }));
    QCOMPARE(documentOf(scaled, "helm/pdb.yaml", "PodDisruptionBudget")["spec"]["minAvailable"].as<int>(), 2);
    // One replica that may scale out still gets a budget, of at least one pod.
    const auto growing = render(from(fleetPlan(), [](Plan &p) {
        p.replicas = 1;
        p.autoscaling = {true, 1, 4};
    }));
    QCOMPARE(documentOf(growing, "helm/pdb.yaml", "PodDisruptionBudget")["spec"]["minAvailable"].as<int>(), 1);
}

void tst_helm::autoscalerOnlyWithAutoscaling()
{
    QVERIFY(!fileAt(render(fleetPlan()), "helm/hpa.yaml"));
    const auto files = render(from(fleetPlan(), [](Plan &p) { p.autoscaling = {true, 2, 9}; }));
    const auto hpa = documentOf(files, "helm/hpa.yaml", "HorizontalPodAutoscaler");
    QVERIFY(hpa);
    QCOMPARE(hpa["apiVersion"].as<std::string>(), std::string("autoscaling/v2"));
    const auto target = hpa["spec"]["scaleTargetRef"];
    QCOMPARE(target["kind"].as<std::string>(), valuesOf(files)["workload"]["kind"].as<std::string>());
    QCOMPARE(target["name"].as<std::string>(), std::string("open-webui"));
    QCOMPARE(hpa["spec"]["minReplicas"].as<int>(), 2);
    QCOMPARE(hpa["spec"]["maxReplicas"].as<int>(), 9);
    const auto metric = hpa["spec"]["metrics"][0];
    QCOMPARE(metric["resource"]["name"].as<std::string>(), std::string("cpu"));
    QCOMPARE(metric["resource"]["target"]["averageUtilization"].as<int>(), 70);
}

void tst_helm::migrationJobOnlyWithMigrationUnit()
{
    const Plan plan = fleetPlan();
    const auto model = deploymentModel(plan);
    QVERIFY(model.migrationJob());
    const auto files = render(plan);
    const auto job = documentOf(files, "helm/migration-job.yaml", "Job");
    QVERIFY(job);
    QCOMPARE(job["apiVersion"].as<std::string>(), std::string("batch/v1"));
    QCOMPARE(job["spec"]["backoffLimit"].as<int>(), 3);
    QVERIFY(job["spec"]["ttlSecondsAfterFinished"].as<int>() > 0);
    const auto pod = job["spec"]["template"]["spec"];
    QCOMPARE(pod["restartPolicy"].as<std::string>(), std::string("OnFailure"));
    const auto container = pod["containers"][0];
    QCOMPARE(container["image"].as<std::string>(), std::string(kImageRepository) + ":" + plan.imageTag);
    QVERIFY(scalars(container["command"]).back().find("alembic upgrade head") != std::string::npos);

    // The Job migrates with the replicas' environment (and its secrets); the replicas do not migrate.
    const auto jobEnv = envList(container["env"]);
    const auto problems = compareEnv(plan, model.migrator, jobEnv);
    QVERIFY2(problems.isEmpty(), problems.constData());
    QCOMPARE(valueOf(jobEnv, "ENABLE_DB_MIGRATIONS"), std::string("true"));
    QCOMPARE(valueOf(containerEnv(valuesOf(files)), "ENABLE_DB_MIGRATIONS"), std::string("false"));
    // Its pod is not one the PodDisruptionBudget counts.
    QVERIFY(!job["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/component"]);

    // One process on SQLite migrates itself at start.
    const Plan solo{};
    QVERIFY(!deploymentModel(solo).migrationJob());
    const auto soloFiles = render(solo);
    QVERIFY(!fileAt(soloFiles, "helm/migration-job.yaml"));
    QCOMPARE(valueOf(containerEnv(valuesOf(soloFiles)), "ENABLE_DB_MIGRATIONS"), std::string("<absent>"));
}

void tst_helm::primaryIsPodZeroOfAStatefulSet()
{
    const Plan plan = from(fleetPlan(), [](Plan &p) {
        p.migrations = planner::MigrationMode::Primary;
        p.autoscaling = {true, 3, 6};
    });
    const auto model = deploymentModel(plan);
    QVERIFY(model.migratingPrimary());
    const auto files = render(plan);
    const auto values = valuesOf(files);
    // No Job: a StatefulSet, whose OrderedReady start runs pod 0 alone until it is Ready.
    QVERIFY(!fileAt(files, "helm/migration-job.yaml"));
    QCOMPARE(values["workload"]["kind"].as<std::string>(), std::string("StatefulSet"));
    QCOMPARE(documentOf(files, "helm/hpa.yaml", "HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]["kind"].as<std::string>(),
             std::string("StatefulSet"));
    // A StatefulSet's updateStrategy knows neither Recreate nor a surge.
    QCOMPARE(values["strategy"]["type"].as<std::string>(), std::string("RollingUpdate"));
    QVERIFY(!values["strategy"]["rollingUpdate"]);
    const auto recreate = valuesOf(render(from(plan, [](Plan &p) { p.upgradeStrategy = planner::UpgradeStrategy::Recreate; })));
    QCOMPARE(recreate["strategy"]["type"].as<std::string>(), std::string("OnDelete"));
    // Pod 0 migrates before it listens: the startup probe waits as long as the Job would.
    QCOMPARE(values["startupProbe"]["failureThreshold"].as<int>() * values["startupProbe"]["periodSeconds"].as<int>(), 900);
    const auto env = containerEnv(values);
    QCOMPARE(valueOf(env, "ENABLE_DB_MIGRATIONS"), std::string("false"));
    const auto problems = compareEnv(plan, model.app, env);
    QVERIFY2(problems.isEmpty(), problems.constData());

    // The start command, run as the pods run it (a fake /app/backend/start.sh prints what it got): only the
    // pod whose host name ends in ordinal 0 migrates.
    const auto command = scalars(values["command"]);
    QCOMPARE(command.size(), std::size_t(3));
    QCOMPARE(command[0], std::string("bash"));
    QVERIFY(!values["args"]);
    QTemporaryDir root;
    QVERIFY(root.isValid());
    QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("app/backend"))));
    QFile start(root.filePath(QStringLiteral("app/backend/start.sh")));
    QVERIFY(start.open(QIODevice::WriteOnly));
    start.write("echo \"start in $(basename \"$PWD\") migrations=${ENABLE_DB_MIGRATIONS-unset}\"\n");
    start.close();
    QString script = QString::fromStdString(command[2]);
    script.replace(QStringLiteral("/app/backend"), root.filePath(QStringLiteral("app/backend")));
    for (const auto &[hostname, expected] : {std::pair{"open-webui-0", "true"}, std::pair{"open-webui-1", "false"},
                                             std::pair{"open-webui-10", "false"}}) {
        QProcess bash;
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOSTNAME"), QString::fromLatin1(hostname));
        environment.insert(QStringLiteral("ENABLE_DB_MIGRATIONS"), QString::fromStdString(valueOf(env, "ENABLE_DB_MIGRATIONS")));
        bash.setProcessEnvironment(environment);
        bash.start(QString::fromStdString(command[0]), {QString::fromStdString(command[1]), script});
        QVERIFY(bash.waitForFinished(30000));
        QCOMPARE(bash.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(bash.readAllStandardOutput()),
                 QStringLiteral("start in backend migrations=%1\n").arg(QLatin1String(expected)));
    }

    // One replica that runs several workers has nobody to single out: a Deployment, migrating itself.
    const auto single = from(plan, [](Plan &p) {
        p.replicas = 1;
        p.workers = 4;
        p.autoscaling.enabled = false;
    });
    QVERIFY(!deploymentModel(single).migratingPrimary());
    const auto singleValues = valuesOf(render(single));
    QCOMPARE(singleValues["workload"]["kind"].as<std::string>(), std::string("Deployment"));
    QVERIFY(!singleValues["command"]);
    QCOMPARE(valueOf(containerEnv(singleValues), "ENABLE_DB_MIGRATIONS"), std::string("<absent>"));
}

void tst_helm::ingressFollowsPublicUrl()
{
    const auto secure = from(fleetPlan(), [](Plan &p) { p.loadBalancer.publicUrl = "https://Chat.Example.org:8443/"; });
    const auto values = valuesOf(render(secure));
    const auto ingress = values["ingress"];
    QCOMPARE(ingress["enabled"].as<bool>(), true);
    QCOMPARE(ingress["class"].as<std::string>(), std::string("nginx"));
    QCOMPARE(ingress["host"].as<std::string>(), std::string("chat.example.org"));
    QCOMPARE(ingress["tls"].as<bool>(), true);
    const auto annotation = [&ingress](const std::string &name) {
        return text(ingress["annotations"]["nginx.ingress.kubernetes.io/" + name]);
    };
    QCOMPARE(annotation("proxy-read-timeout"), std::string("86400"));
    QCOMPARE(annotation("proxy-send-timeout"), std::string("86400"));
    QCOMPARE(annotation("proxy-body-size"), std::string("100m"));
    QCOMPARE(annotation("affinity"), std::string("cookie"));
    QCOMPARE(annotation("session-cookie-name"), std::string("open-webui-session"));
    QCOMPARE(annotation("session-cookie-max-age"), std::string("172800"));
    // WEBUI_URL is the plan's own URL, set once (the chart does not derive a second one from the host).
    QCOMPARE(valueOf(containerEnv(values), "WEBUI_URL"), std::string("https://Chat.Example.org:8443/"));

    const auto plain = valuesOf(render(from(fleetPlan(), [](Plan &p) {
        p.loadBalancer.publicUrl = "http://chat.internal";
        p.loadBalancer.stickySessions = false;
    })));
    QCOMPARE(plain["ingress"]["tls"].as<bool>(), false);
    QVERIFY(!plain["ingress"]["annotations"]["nginx.ingress.kubernetes.io/affinity"]);
    QVERIFY(plain["ingress"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"]);

    QVERIFY(!valuesOf(render(from(fleetPlan(), [](Plan &p) { p.loadBalancer.publicUrl.clear(); })))["ingress"]);
    const auto nginx = from(fleetPlan(), [](Plan &p) { p.loadBalancer.kind = planner::LoadBalancerKind::Nginx; });
    QVERIFY(!valuesOf(render(nginx))["ingress"]);
}

void tst_helm::secretTemplateHoldsPlaceholdersOnly()
{
    const Plan plan = from(fleetPlan(), [](Plan &p) {
        p.vectorDb.kind = planner::VectorDb::Pgvector;
        p.vectorDb.url = "postgresql://vectors.example/v";
        p.vectorDb.pgvectorSameServer = false;
    });
    const auto model = deploymentModel(plan);
    const auto files = render(plan);
    const auto secret = documentOf(files, "helm/secret.template.yaml", "Secret");
    QVERIFY(secret);
    QCOMPARE(secret["metadata"]["name"].as<std::string>(), std::string(kSecretName));
    QStringList keys;
    for (const auto &item : secret["stringData"]) {
        const auto name = item.first.as<std::string>();
        QCOMPARE(item.second.as<std::string>(), "${" + name + "}");
        keys << QString::fromStdString(name);
    }
    QStringList expected;
    for (const auto &spec : model.secrets)
        expected << QString::fromStdString(spec.name);
    QCOMPARE(keys, expected);
    QVERIFY(keys.contains("PGVECTOR_DB_URL") && keys.contains("POSTGRES_PASSWORD") && keys.contains("DATABASE_URL"));

    // An operator's existing key is read from the operator's Secret and not templated here.
    const Plan external = from(plan, [](Plan &p) {
        p.secrets.keyMode = planner::SecretKeyMode::External;
        p.secrets.externalSecretName = "corp-owui-key";
    });
    const auto externalFiles = render(external);
    QVERIFY(!documentOf(externalFiles, "helm/secret.template.yaml", "Secret")["stringData"]["WEBUI_SECRET_KEY"]);
    const auto env = containerEnv(valuesOf(externalFiles));
    const EnvEntry *key = entryOf(env, "WEBUI_SECRET_KEY");
    QVERIFY(key);
    QCOMPARE(key->secretName, std::string("corp-owui-key"));
    QCOMPARE(key->secretKey, std::string("WEBUI_SECRET_KEY"));
}

void tst_helm::bundledServicesHaveManifests()
{
    const Plan plan = from(fleetPlan(), [](Plan &p) {
        p.vectorDb.kind = planner::VectorDb::Pgvector;
        p.database.maxConnections = 250;
        p.contentExtraction = planner::ContentExtraction::Tika;
    });
    const auto model = deploymentModel(plan);
    QVERIFY(model.services.postgres && model.services.pgvectorImage && model.services.redis && model.services.tika);
    const auto files = render(plan);

    const auto redis = documentOf(files, "helm/redis.yaml", "Deployment");
    QVERIFY(redis);
    QCOMPARE(redis["metadata"]["name"].as<std::string>(), std::string("redis"));
    const auto redisContainer = redis["spec"]["template"]["spec"]["containers"][0];
    QCOMPARE(redisContainer["image"].as<std::string>(), std::string("redis:7-alpine"));
    // The image's entrypoint runs `redis-server` with the plan's settings (and drops root first).
    const auto redisArgs = scalars(redisContainer["args"]);
    QVERIFY(!redisArgs.empty());
    QCOMPARE(redisArgs.front(), std::string("redis-server"));
    const std::vector<std::string> timeout{"--timeout", "1800"};
    QVERIFY(std::search(redisArgs.begin(), redisArgs.end(), timeout.begin(), timeout.end()) != redisArgs.end());
    const auto redisService = documentOf(files, "helm/redis.yaml", "Service");
    QCOMPARE(redisService["metadata"]["name"].as<std::string>(), std::string("redis"));
    QCOMPARE(redisService["spec"]["ports"][0]["port"].as<int>(), 6379);
    // The service selects the redis pod by its labels.
    for (const auto &label : redisService["spec"]["selector"])
        QCOMPARE(redis["spec"]["template"]["metadata"]["labels"][label.first.as<std::string>()].as<std::string>(),
                 label.second.as<std::string>());

    const auto postgres = documentOf(files, "helm/postgres.yaml", "StatefulSet");
    QVERIFY(postgres);
    QCOMPARE(postgres["metadata"]["name"].as<std::string>(), std::string("postgres"));
    QCOMPARE(postgres["spec"]["volumeClaimTemplates"].size(), std::size_t(1));
    const auto pgContainer = postgres["spec"]["template"]["spec"]["containers"][0];
    QCOMPARE(pgContainer["image"].as<std::string>(), std::string("pgvector/pgvector:pg16"));
    const auto pgArgs = scalars(pgContainer["args"]);
    QVERIFY(std::find(pgArgs.begin(), pgArgs.end(), "max_connections=250") != pgArgs.end());
    const auto pgEnv = envList(pgContainer["env"]);
    QCOMPARE(valueOf(pgEnv, "POSTGRES_USER"), plan.database.user);
    QCOMPARE(valueOf(pgEnv, "POSTGRES_DB"), plan.database.name);
    const EnvEntry *password = entryOf(pgEnv, "POSTGRES_PASSWORD");
    QVERIFY(password);
    QCOMPARE(password->secretName, std::string(kSecretName));
    QCOMPARE(password->secretKey, std::string("POSTGRES_PASSWORD"));
    QCOMPARE(documentOf(files, "helm/postgres.yaml", "Service")["spec"]["ports"][0]["port"].as<int>(), 5432);

    QCOMPARE(documentOf(files, "helm/tika.yaml", "Service")["spec"]["ports"][0]["port"].as<int>(), 9998);
    QVERIFY(!fileAt(files, "helm/qdrant.yaml"));
    const auto qdrant = render(fleetPlan());
    QCOMPARE(documentOf(qdrant, "helm/qdrant.yaml", "Service")["spec"]["ports"][0]["port"].as<int>(), 6333);
    const auto plainPostgres = documentOf(qdrant, "helm/postgres.yaml", "StatefulSet");
    const auto plainImage = plainPostgres["spec"]["template"]["spec"]["containers"][0]["image"];
    QCOMPARE(text(plainImage), std::string("postgres:16-alpine"));
    const auto chroma = render(from(fleetPlan(), [](Plan &p) { p.vectorDb.kind = planner::VectorDb::ChromaHttp; }));
    QCOMPARE(documentOf(chroma, "helm/chromadb.yaml", "Service")["spec"]["ports"][0]["port"].as<int>(), 8000);

    // Services the plan points at elsewhere are not deployed.
    const auto external = render(from(fleetPlan(), [](Plan &p) {
        p.database.host = "db.example";
        p.redis.host = "redis.example";
        p.vectorDb.url = "http://qdrant.example:6333";
    }));
    for (const char *path : {"helm/postgres.yaml", "helm/redis.yaml", "helm/qdrant.yaml"})
        QVERIFY2(!fileAt(external, path), path);
}

void tst_helm::largeScaleQuotesStringValues()
{
    const Plan plan = presetPlan("large-scale");
    const auto model = deploymentModel(plan);
    const auto files = render(plan);
    const auto &raw = fileAt(files, "helm/values.yaml")->content;
    const auto values = YAML::Load(raw);
    QCOMPARE(values["workload"]["kind"].as<std::string>(), std::string("Deployment"));
    QCOMPARE(values["persistence"]["provider"].as<std::string>(), std::string("s3"));
    for (const char *path : {"helm/pdb.yaml", "helm/hpa.yaml", "helm/migration-job.yaml", "helm/redis.yaml"})
        QVERIFY2(fileAt(files, path), path);

    // Env values are strings to Kubernetes: "true", "false" and numbers must be quoted scalars.
    int checked = 0;
    for (const auto &var : values["extraEnvVars"]) {
        if (!var["value"])
            continue;
        const auto name = var["name"].as<std::string>();
        const auto *expected = model.find(name);
        QVERIFY2(expected, name.c_str());
        QCOMPARE(var["value"].as<std::string>(), expected->value);
        const auto &value = expected->value;
        const auto digit = [](unsigned char c) { return std::isdigit(c) != 0; };
        const bool looksTyped = value == "true" || value == "false" || std::all_of(value.begin(), value.end(), digit);
        if (looksTyped) {
            QVERIFY2(var["value"].Tag() == "!", (name + " is not a quoted string").c_str());
            ++checked;
        }
    }
    QVERIFY(checked >= 10);
    QVERIFY(raw.find("value: \"false\"") != std::string::npos);
    QVERIFY(raw.find("value: \"true\"") != std::string::npos);
    QVERIFY(raw.find("value: \"2000\"") != std::string::npos);
    QVERIFY(raw.find("value: false") == std::string::npos && raw.find("value: true") == std::string::npos);
    QCOMPARE(values["image"]["tag"].Tag(), std::string("!"));
}

void tst_helm::s3AlwaysHasAnEndpoint_data()
{
    QTest::addColumn<Plan>("plan");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("region");
    QTest::newRow("AWS: derived from the region") << from(fleetPlan(), [](Plan &p) {
        p.storage = {planner::StorageKind::S3, "owui", "eu-west-3", {}, 5};
    }) << "https://s3.eu-west-3.amazonaws.com" << "eu-west-3";
    QTest::newRow("AWS China") << from(fleetPlan(), [](Plan &p) {
        p.storage = {planner::StorageKind::S3, "owui", "cn-north-1", {}, 5};
    }) << "https://s3.cn-north-1.amazonaws.com.cn" << "cn-north-1";
    QTest::newRow("MinIO: the plan's endpoint, no region") << from(fleetPlan(), [](Plan &p) {
        p.storage = {planner::StorageKind::S3, "owui", {}, "http://minio.internal:9000", 5};
    }) << "http://minio.internal:9000" << "";
    QTest::newRow("neither: AWS's default region") << from(fleetPlan(), [](Plan &p) {
        p.storage = {planner::StorageKind::S3, "owui", {}, {}, 5};
    }) << "https://s3.us-east-1.amazonaws.com" << "us-east-1";
    QTest::newRow("preset large-scale") << presetPlan("large-scale") << "https://s3.eu-central-1.amazonaws.com"
                                        << "eu-central-1";
}

void tst_helm::s3AlwaysHasAnEndpoint()
{
    QFETCH(Plan, plan);
    QFETCH(QString, endpoint);
    QFETCH(QString, region);
    // The chart renders S3_ENDPOINT_URL from endpointUrl even when empty, and boto3 refuses '' at import.
    const auto values = valuesOf(render(plan));
    QCOMPARE(QString::fromStdString(text(values["persistence"]["s3"]["endpointUrl"])), endpoint);
    QCOMPARE(QString::fromStdString(text(values["persistence"]["s3"]["region"])), region);
    const auto env = containerEnv(values);
    QCOMPARE(QString::fromStdString(valueOf(env, "S3_ENDPOINT_URL")), endpoint);
    // The variables the chart always renders are the model's too, empty credentials included.
    const auto model = deploymentModel(plan);
    QCOMPARE(model.storageEndpoint, endpoint.toStdString());
    for (const char *name : {"S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_KEY_PREFIX"}) {
        QVERIFY2(model.find(name) && model.find(name)->value.empty(), name);
        QCOMPARE(valueOf(env, name), std::string());
    }
}

void tst_helm::gcsAndAzureSetEveryProviderKey()
{
    const auto gcs = valuesOf(render(from(fleetPlan(), [](Plan &p) {
        p.storage = {planner::StorageKind::Gcs, "owui-files", {}, {}, 5};
    })));
    QCOMPARE(text(gcs["persistence"]["gcs"]["bucket"]), std::string("owui-files"));
    QVERIFY(gcs["persistence"]["gcs"]["appCredentialsJson"].IsDefined());
    QCOMPARE(valueOf(containerEnv(gcs), "GOOGLE_APPLICATION_CREDENTIALS_JSON"), std::string());

    const auto azure = valuesOf(render(from(fleetPlan(), [](Plan &p) {
        p.storage = {planner::StorageKind::Azure, "owui", {}, "https://acct.blob.core.windows.net", 5};
    })));
    QCOMPARE(text(azure["persistence"]["azure"]["endpointUrl"]), std::string("https://acct.blob.core.windows.net"));
    QCOMPARE(text(azure["persistence"]["azure"]["container"]), std::string("owui"));
    QCOMPARE(valueOf(containerEnv(azure), "AZURE_STORAGE_ENDPOINT"), std::string("https://acct.blob.core.windows.net"));
    QCOMPARE(valueOf(containerEnv(azure), "AZURE_STORAGE_KEY"), std::string());
    for (const auto &var : azure["extraEnvVars"])
        QVERIFY2(var["name"].as<std::string>().rfind("AZURE_", 0) != 0, var["name"].as<std::string>().c_str());
}

void tst_helm::storageValuesTheChartWouldRetypeAreRefused()
{
    // workload-manager.yaml writes `value: {{ .Values.persistence.s3.bucket }}` unquoted: 123 would reach
    // Kubernetes as a number (and the pod be refused), yes as a boolean.
    for (const char *bucket : {"123", "1e10", "yes", "null", "2024-01-01"}) {
        const Plan plan = from(fleetPlan(), [bucket](Plan &p) {
            p.storage = {planner::StorageKind::S3, bucket, "eu-west-1", {}, 5};
        });
        const auto files = renderHelm(plan, deploymentModel(plan));
        QVERIFY2(!files.has_value(), bucket);
        QVERIFY2(files.error().message.find("persistence.s3.bucket") != std::string::npos, files.error().message.c_str());
    }
    for (const char *bucket : {"owui-files", "files.example.org", "b123", "123a"}) {
        const Plan plan = from(fleetPlan(), [bucket](Plan &p) {
            p.storage = {planner::StorageKind::S3, bucket, "eu-west-1", {}, 5};
        });
        QVERIFY2(renderHelm(plan, deploymentModel(plan)).has_value(), bucket);
    }
}

void tst_helm::chartConnectionsComeFromTheChart()
{
    const auto values = valuesOf(render(fleetPlan()));
    QCOMPARE(values["enableOpenaiApi"].as<bool>(), true);
    QCOMPARE(text(values["openaiBaseApiUrl"]), std::string("https://api.openai.com/v1"));
    QCOMPARE(text(values["openaiApiKey"]), std::string());
    const auto env = containerEnv(values);
    QCOMPARE(valueOf(env, "ENABLE_OLLAMA_API"), std::string("False"));
    QCOMPARE(valueOf(env, "OPENAI_API_BASE_URL"), std::string("https://api.openai.com/v1"));
    QCOMPARE(valueOf(env, "OPENAI_API_KEY"), std::string("<absent>"));
    // Set once, by the chart: never a second time through extraEnvVars.
    for (const auto &var : values["extraEnvVars"]) {
        const auto name = var["name"].as<std::string>();
        QVERIFY2(name != "ENABLE_OLLAMA_API" && name != "OPENAI_API_BASE_URL", name.c_str());
    }
    QVERIFY(targetenv::duplicates(env).empty());
}

void tst_helm::strategyFollowsTheUpgradeStrategy()
{
    // Rolling on a shared volume (fleetPlan) rolls within the surge; recreate replaces every pod at once.
    QCOMPARE(valuesOf(render(fleetPlan()))["strategy"]["type"].as<std::string>(), std::string("RollingUpdate"));
    const auto recreate = valuesOf(render(from(fleetPlan(), [](Plan &p) {
        p.upgradeStrategy = planner::UpgradeStrategy::Recreate;
    })));
    QCOMPARE(recreate["strategy"]["type"].as<std::string>(), std::string("Recreate"));
    QVERIFY(!recreate["strategy"]["rollingUpdate"]);
}

void tst_helm::embeddingKeyIsASecretReference()
{
    const Plan plan = from(fleetPlan(), [](Plan &p) {
        p.embeddings = planner::EmbeddingEngine::OpenAI;
        p.embeddingModel = "text-embedding-3-large";
    });
    const auto files = render(plan);
    const auto env = containerEnv(valuesOf(files));
    const EnvEntry *key = entryOf(env, "RAG_OPENAI_API_KEY");
    QVERIFY(key);
    QCOMPARE(key->secretName, std::string(kSecretName));
    QCOMPARE(key->secretKey, std::string("RAG_OPENAI_API_KEY"));
    QCOMPARE(valueOf(env, "RAG_EMBEDDING_MODEL"), std::string("text-embedding-3-large"));
    QCOMPARE(valueOf(env, "RAG_OPENAI_API_BASE_URL"), std::string("https://api.openai.com/v1"));
    const auto secret = documentOf(files, "helm/secret.template.yaml", "Secret");
    QCOMPARE(text(secret["stringData"]["RAG_OPENAI_API_KEY"]), std::string("${RAG_OPENAI_API_KEY}"));
}

void tst_helm::templateBracesReachThePodAsText()
{
    // extraEnvVars go through the chart's tpl: plan text with {{ must print, not run.
    const Plan plan = from(fleetPlan(), [](Plan &p) {
        p.loadBalancer.publicUrl = "https://chat.example.org/{{ .Release.Name }}";
    });
    const auto files = render(plan);
    std::string written;
    for (const auto &var : valuesOf(files)["extraEnvVars"])
        if (var["name"].as<std::string>() == "WEBUI_URL")
            written = var["value"].as<std::string>();
    QCOMPARE(written, std::string("https://chat.example.org/{{ \"{{\" }} .Release.Name }}"));
    QCOMPARE(valueOf(containerEnv(valuesOf(files)), "WEBUI_URL"), std::string("https://chat.example.org/{{ .Release.Name }}"));
    // The migration Job is not templated: its value is the text itself.
    const Plan job = from(plan, [](Plan &p) { p.corsAllowOrigins = {"https://{{x}}.example.org"}; });
    const auto jobEnv = envList(documentOf(render(job), "helm/migration-job.yaml", "Job")["spec"]["template"]["spec"]
                                                                                        ["containers"][0]["env"]);
    QCOMPARE(valueOf(jobEnv, "CORS_ALLOW_ORIGIN"), std::string("https://{{x}}.example.org"));
}

QTEST_GUILESS_MAIN(tst_helm)
#include "tst_helm.moc"
