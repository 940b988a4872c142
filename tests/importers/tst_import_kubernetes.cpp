// SPDX-License-Identifier: MIT
// The Kubernetes, Helm values and Flux HelmRelease reader, on real-world-shaped files with every trap.
#include "chartdefaults.h"
#include "importers/read.h"

#include <QtTest>

#include <fstream>
#include <sstream>

using namespace importers;

namespace {

const std::string kCaseDir = std::string(TEST_DATA_DIR) + "/import/kubernetes/";

planner::Result<ImportedDeployment> readCase(const std::vector<std::string> &files)
{
    std::vector<std::filesystem::path> paths;
    for (const auto &file : files)
        paths.emplace_back(kCaseDir + file);
    return readDeployment(paths);
}

/** @brief The 1-based line of the first line of a fixture that contains `needle` (0 when none does). */
int lineOf(const std::string &file, const std::string &needle)
{
    std::ifstream in(kCaseDir + file);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number)
        if (line.find(needle) != std::string::npos)
            return number;
    return 0;
}

/** @brief The 1-based column where `needle` starts on its line. */
int columnOf(const std::string &file, const std::string &needle)
{
    std::ifstream in(kCaseDir + file);
    std::string line;
    while (std::getline(in, line))
        if (const auto at = line.find(needle); at != std::string::npos)
            return static_cast<int>(at) + 1;
    return 0;
}

const Workload *workloadNamed(const ImportedDeployment &deployment, const std::string &name)
{
    for (const auto &workload : deployment.workloads)
        if (workload.name == name)
            return &workload;
    return nullptr;
}

/** @brief A variable of a workload, or a placeholder that fails every comparison when it is missing. */
const EnvSetting &envOf(const Workload &workload, const std::string &name)
{
    static EnvSetting missing;
    const auto found = workload.env.find(name);
    if (found != workload.env.end())
        return found->second;
    missing = EnvSetting{EnvSetting::Kind::Unknown, "<" + name + " not set>", Certainty::Unknown, {}, "missing"};
    return missing;
}

const CompanionService *companionNamed(const ImportedDeployment &deployment, const std::string &name)
{
    for (const auto &companion : deployment.companions)
        if (companion.name == name)
            return &companion;
    return nullptr;
}

bool anyNoteContains(const ImportedDeployment &deployment, const std::string &text)
{
    for (const auto &note : deployment.notes)
        if (note.message.find(text) != std::string::npos)
            return true;
    return false;
}

bool anyOpaqueContains(const Workload &workload, const std::string &text)
{
    for (const auto &source : workload.opaqueEnv)
        if (source.description.find(text) != std::string::npos)
            return true;
    return false;
}

std::string fileName(const std::string &relative)
{
    return kCaseDir + relative;
}

} // namespace

class TestImportKubernetes : public QObject
{
    Q_OBJECT

private slots:
    void umbrellaValuesAreTheNestedMapAtTheDependencysLowestVersion();
    void disabledUmbrellaKeyMeansNoOpenWebUi();
    void chart10DefaultsGiveNoRedisUrlAndTheOldRedisName();
    void redisUrlIsRenderedFromChart10_2_1AndAutoBuiltFrom12();
    void websocketSupportIsNotRenderedWhenDisabledBefore13_3_1();
    void helmReleaseInlineValuesAndVersion();
    void valuesWithoutVersionAssumeTheReferenceAndJoinManifests();
    void manifestsWithSecretsByReferenceAndRwoClaim();
    void companionsAreNamedByTheirServiceWithServerSettings();
    void listManifestWithReadWriteManyClaim();
    void dataVolumeKinds_data();
    void dataVolumeKinds();
    void variableReferencesExpandLikeKubernetes();
    void versionConstraintsGiveTheirLowestVersion_data();
    void versionConstraintsGiveTheirLowestVersion();
    void chartWithoutSecretKeySaysSo();
    void envFromAmplificationIsBounded();
    void variableExpansionIsBounded();
    void wrongNodeTypesNeverThrow_data();
    void wrongNodeTypesNeverThrow();
};

void TestImportKubernetes::umbrellaValuesAreTheNestedMapAtTheDependencysLowestVersion()
{
    const auto read = readCase({"umbrella/Chart.yaml", "umbrella/values.yaml"});
    QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
    QCOMPARE(read->workloads.size(), std::size_t(1));
    const Workload &owui = read->workloads.front();
    QCOMPARE(owui.kind, Workload::Kind::HelmChart);
    QVERIFY(owui.orchestrator == planner::Orchestrator::Kubernetes);
    // open-webui.replicaCount, not the umbrella's 7 nor the disabled pipelines subchart's 5.
    QCOMPARE(owui.replicas, 3);
    QCOMPARE(owui.replicasCertainty, Certainty::Known);
    QCOMPARE(owui.replicasWhere, (SourceLocation{fileName("umbrella/values.yaml"), lineOf("umbrella/values.yaml", "  replicaCount: 3"), 3}));

    QVERIFY(read->chart.has_value());
    QCOMPARE(read->chart->version, std::string("8.0.0"));
    QVERIFY(!read->chart->assumed);
    QCOMPARE(read->chart->where.line, lineOf("umbrella/Chart.yaml", "\">=8.0.0\""));

    // Secrets stay references: the same on every replica.
    QCOMPARE(envOf(owui, "WEBUI_SECRET_KEY").kind, EnvSetting::Kind::SecretReference);
    QCOMPARE(envOf(owui, "WEBUI_SECRET_KEY").value, std::string("Secret open-webui-secret/secret-key"));
    QCOMPARE(envOf(owui, "WEBUI_SECRET_KEY").where.line, lineOf("umbrella/values.yaml", "name: WEBUI_SECRET_KEY"));
    QCOMPARE(envOf(owui, "DATABASE_URL").kind, EnvSetting::Kind::SecretReference);
    QCOMPARE(envOf(owui, "UVICORN_WORKERS").value, std::string("2"));

    // Chart 8.0.0: websockets off by default, and then the chart renders no websocket variable at all.
    QVERIFY(!owui.env.contains("ENABLE_WEBSOCKET_SUPPORT"));
    QVERIFY(!owui.env.contains("WEBSOCKET_REDIS_URL"));
    QVERIFY(read->companions.empty()); // no bundled Redis without websockets

    // persistence.enabled and provider left out: a StatefulSet on one ReadWriteOnce claim, by the chart's default.
    QCOMPARE(owui.renderedKind, std::string("StatefulSet"));
    QCOMPARE(owui.renderedKindCertainty, Certainty::ChartDefault);
    QCOMPARE(owui.data.kind, DataVolume::Kind::NodeLocal);
    QCOMPARE(owui.data.certainty, Certainty::ChartDefault);
    // The nearest key present for persistence.accessModes is `persistence:` inside the umbrella key.
    QCOMPARE(owui.data.where.line, lineOf("umbrella/values.yaml", "  persistence:"));
    QVERIFY(owui.data.note.find("default of chart 8.0.0") != std::string::npos);
    QCOMPARE(owui.image, std::string("ghcr.io/open-webui/open-webui:0.6.26"));
}

void TestImportKubernetes::disabledUmbrellaKeyMeansNoOpenWebUi()
{
    const auto read = readDeploymentTexts({{"Chart.yaml", "apiVersion: v2\nname: platform\nversion: 1.0.0\ndependencies:\n"
                                                          "  - name: open-webui\n    version: 16.0.0\n"},
                                           {"values.yaml", "open-webui:\n  enabled: false\n  replicaCount: 4\n"
                                                           "pipelines:\n  enabled: false\n  replicaCount: 2\n"}});
    QVERIFY(!read.has_value());
    QCOMPARE(read.error().code, planner::ErrorCode::InvalidInput);
    QVERIFY(read.error().message.find("no Open WebUI") != std::string::npos);
}

void TestImportKubernetes::chart10DefaultsGiveNoRedisUrlAndTheOldRedisName()
{
    const auto read = readCase({"chart-10.0.0/Chart.yaml", "chart-10.0.0/values.yaml"});
    QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
    QCOMPARE(read->chart->version, std::string("10.0.0"));
    QVERIFY(!read->chart->assumed);
    const Workload *owui = workloadNamed(*read, "open-webui");
    QVERIFY(owui);
    QCOMPARE(owui->replicas, 2); // under the dependency's alias `webui:`
    // websocket.enabled left out: true by default since chart 9.0.0.
    const EnvSetting &websocket = envOf(*owui, "ENABLE_WEBSOCKET_SUPPORT");
    QCOMPARE(websocket.value, std::string("True"));
    QCOMPARE(websocket.certainty, Certainty::ChartDefault);
    QVERIFY(websocket.origin.find("default of chart 10.0.0") != std::string::npos);
    QCOMPARE(websocket.where, (SourceLocation{fileName("chart-10.0.0/values.yaml"), lineOf("chart-10.0.0/values.yaml", "  websocket:"), 3}));
    QCOMPARE(envOf(*owui, "WEBSOCKET_REDIS_URL").value, std::string("redis://open-webui-redis:6379/0"));
    QCOMPARE(envOf(*owui, "WEBSOCKET_REDIS_URL").certainty, Certainty::ChartDefault);
    QVERIFY(!owui->env.contains("REDIS_URL")); // only from chart 10.2.1
    const CompanionService *redis = companionNamed(*read, "open-webui-redis");
    QVERIFY(redis);
    QCOMPARE(redis->role, CompanionService::Role::Redis);
    QCOMPARE(owui->data.kind, DataVolume::Kind::Shared);
    QCOMPARE(owui->data.certainty, Certainty::Known);
    QCOMPARE(owui->data.where.line, lineOf("chart-10.0.0/values.yaml", "accessModes:"));
    QVERIFY(owui->data.note.find("cephfs") != std::string::npos);
    QCOMPARE(owui->image, std::string("ghcr.io/open-webui/open-webui:v0.7.0"));
    QCOMPARE(owui->imageWhere.line, lineOf("chart-10.0.0/values.yaml", "tag: v0.7.0"));
}

void TestImportKubernetes::redisUrlIsRenderedFromChart10_2_1AndAutoBuiltFrom12()
{
    const auto withVersion = [](const std::string &version) {
        return readDeploymentTexts({{"release.yaml", "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: chat\n"
                                                     "  namespace: ai\nspec:\n  chart:\n    spec:\n      chart: open-webui\n"
                                                     "      version: \"" + version + "\"\n  values:\n    replicaCount: 2\n"}});
    };
    const auto before = withVersion("10.2.0");
    QVERIFY(before.has_value());
    QVERIFY(!before->workloads.front().env.contains("REDIS_URL"));
    const auto from = withVersion("10.2.1");
    QVERIFY(from.has_value());
    QCOMPARE(envOf(from->workloads.front(), "REDIS_URL").value, std::string("redis://open-webui-redis:6379/0"));
    // From 12.0.0 the URL is built from the release's fullname and namespace.
    const auto current = withVersion("16.0.0");
    QVERIFY(current.has_value());
    QCOMPARE(current->workloads.front().name, std::string("chat-open-webui"));
    QCOMPARE(envOf(current->workloads.front(), "REDIS_URL").value,
             std::string("redis://chat-open-webui-redis.ai.svc.cluster.local:6379/0"));
    QVERIFY(companionNamed(*current, "chat-open-webui-redis"));
}

void TestImportKubernetes::websocketSupportIsNotRenderedWhenDisabledBefore13_3_1()
{
    const auto withVersion = [](const std::string &version) {
        return readDeploymentTexts({{"Chart.yaml", "apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies:\n  - name: open-webui\n"
                                                   "    version: " + version + "\n"},
                                    {"values.yaml", "open-webui:\n  websocket:\n    enabled: false\n"}});
    };
    const auto old = withVersion("13.3.0");
    QVERIFY(old.has_value());
    QVERIFY(!old->workloads.front().env.contains("ENABLE_WEBSOCKET_SUPPORT"));
    const auto recent = withVersion("13.3.1");
    QVERIFY(recent.has_value());
    QCOMPARE(envOf(recent->workloads.front(), "ENABLE_WEBSOCKET_SUPPORT").value, std::string("False"));
    QCOMPARE(envOf(recent->workloads.front(), "ENABLE_WEBSOCKET_SUPPORT").certainty, Certainty::Known);
    QVERIFY(recent->companions.empty());
}

void TestImportKubernetes::helmReleaseInlineValuesAndVersion()
{
    const auto read = readCase({"helmrelease/helmrelease.yaml"});
    QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
    QCOMPARE(read->workloads.size(), std::size_t(1));
    const Workload &owui = read->workloads.front();
    QCOMPARE(owui.name, std::string("open-webui"));
    QCOMPARE(read->chart->version, std::string("10.2.1"));
    QVERIFY(!read->chart->assumed);
    QCOMPARE(read->chart->where.line, lineOf("helmrelease/helmrelease.yaml", "version: 10.2.1"));
    QCOMPARE(owui.replicas, 2);
    QCOMPARE(owui.renderedKind, std::string("Deployment"));
    QCOMPARE(owui.renderedKindCertainty, Certainty::Known);
    QCOMPARE(owui.updateStrategy, std::string("Recreate"));
    QCOMPARE(owui.updateStrategyWhere.line, lineOf("helmrelease/helmrelease.yaml", "type: Recreate"));
    QCOMPARE(envOf(owui, "REDIS_URL").value, std::string("redis://valkey.ai.svc.cluster.local:6379/0"));
    QCOMPARE(envOf(owui, "WEBSOCKET_REDIS_URL").value, envOf(owui, "REDIS_URL").value);
    QVERIFY(read->companions.empty()); // websocket.redis.enabled: false
    QCOMPARE(envOf(owui, "STORAGE_PROVIDER").value, std::string("s3"));
    QCOMPARE(envOf(owui, "S3_ACCESS_KEY_ID").kind, EnvSetting::Kind::SecretReference);
    QCOMPARE(envOf(owui, "S3_ACCESS_KEY_ID").value, std::string("Secret owui-s3/access-key"));
    QCOMPARE(envOf(owui, "S3_ENDPOINT_URL").value, std::string("https://s3.eu-central-1.amazonaws.com"));
    QCOMPARE(owui.data.kind, DataVolume::Kind::None); // an object-store provider makes the data directory an emptyDir
    QVERIFY(anyOpaqueContains(owui, "envFrom Secret open-webui-env"));
    QVERIFY(anyOpaqueContains(owui, "valuesFrom Secret open-webui-values"));
    QVERIFY(anyNoteContains(*read, "valuesFrom"));
}

void TestImportKubernetes::valuesWithoutVersionAssumeTheReferenceAndJoinManifests()
{
    const auto read = readCase({"values-assumed/values.yaml", "values-assumed/extra.yaml"});
    QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
    QCOMPARE(read->chart->version, std::string("16.0.0"));
    QVERIFY(read->chart->assumed);
    QVERIFY(anyNoteContains(*read, "16.0.0 are assumed"));
    const Workload *owui = workloadNamed(*read, "open-webui");
    QVERIFY(owui);
    QCOMPARE(owui->replicas, 4);
    // The chart has no autoscaling keys: the values' autoscaling block is ignored, the HPA manifest counts.
    QVERIFY(anyNoteContains(*read, "autoscaling.* is not a key"));
    QCOMPARE(owui->autoscalingMin, std::optional<int>(2));
    QCOMPARE(owui->autoscalingMax, std::optional<int>(12));
    QCOMPARE(owui->autoscalingWhere, (SourceLocation{fileName("values-assumed/extra.yaml"), lineOf("values-assumed/extra.yaml", "maxReplicas: 12"), 3}));
    // existingClaim found among the manifests: its ReadWriteOnce mode decides, under four pods.
    QCOMPARE(owui->data.kind, DataVolume::Kind::NodeLocal);
    QCOMPARE(owui->data.name, std::string("owui-data"));
    QCOMPARE(owui->data.where.file, fileName("values-assumed/extra.yaml"));
    QCOMPARE(owui->data.where.line, lineOf("values-assumed/extra.yaml", "accessModes"));
    QCOMPARE(envOf(*owui, "REDIS_URL").kind, EnvSetting::Kind::SecretReference);
    QCOMPARE(envOf(*owui, "REDIS_URL").value, std::string("Secret redis-credentials/redis-url"));
    QCOMPARE(envOf(*owui, "DATABASE_URL").value, std::string("postgresql://openwebui@pg-rw.db.svc:5432/openwebui"));
    QCOMPARE(envOf(*owui, "DATABASE_URL").where.line, lineOf("values-assumed/values.yaml", "databaseUrl:"));
    QCOMPARE(envOf(*owui, "WEBUI_SECRET_KEY").kind, EnvSetting::Kind::SecretReference); // the map form of extraEnvVars
    QCOMPARE(envOf(*owui, "VECTOR_DB").value, std::string("pgvector"));
    const EnvSetting &websocket = envOf(*owui, "ENABLE_WEBSOCKET_SUPPORT");
    QCOMPARE(websocket.certainty, Certainty::ChartDefault);
    QVERIFY(websocket.origin.find("default of chart 16.0.0, assumed") != std::string::npos);
    QCOMPARE(websocket.where.line, lineOf("values-assumed/values.yaml", "websocket:"));
    QVERIFY(read->companions.empty());
}

void TestImportKubernetes::manifestsWithSecretsByReferenceAndRwoClaim()
{
    const auto read = readCase({"manifests-rwo/open-webui.yaml", "manifests-rwo/datastores.yaml"});
    QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
    QCOMPARE(read->workloads.size(), std::size_t(1));
    QVERIFY(!read->chart.has_value());
    const Workload &owui = read->workloads.front();
    const std::string file = "manifests-rwo/open-webui.yaml";
    QCOMPARE(owui.kind, Workload::Kind::Deployment);
    QCOMPARE(owui.image, std::string("registry.internal.example/mirror/ghcr.io/open-webui/open-webui:v0.6.30"));
    QCOMPARE(owui.where, (SourceLocation{fileName(file), lineOf(file, "kind: Deployment"), 1}));
    QCOMPARE(owui.replicas, 3);
    QCOMPARE(owui.replicasWhere.line, lineOf(file, "replicas: 3"));
    QCOMPARE(owui.autoscalingMax, std::optional<int>(10));
    QCOMPARE(owui.updateStrategy, std::string("RollingUpdate"));
    // Several pods on one ReadWriteOnce claim.
    QCOMPARE(owui.data.kind, DataVolume::Kind::NodeLocal);
    QCOMPARE(owui.data.name, std::string("owui-data"));
    QCOMPARE(owui.data.where.line, lineOf(file, "- ReadWriteOnce") - 1);
    // envFrom ConfigMap in the files: its data, located in the ConfigMap.
    QCOMPARE(envOf(owui, "VECTOR_DB").value, std::string("qdrant"));
    QCOMPARE(envOf(owui, "VECTOR_DB").where, (SourceLocation{fileName(file), lineOf(file, "VECTOR_DB: qdrant"), 3}));
    // envFrom Secret in the files: its keys as references, never its content.
    QCOMPARE(envOf(owui, "WEBUI_SECRET_KEY").kind, EnvSetting::Kind::SecretReference);
    QCOMPARE(envOf(owui, "WEBUI_SECRET_KEY").value, std::string("Secret owui-secrets/WEBUI_SECRET_KEY"));
    for (const auto &[name, setting] : owui.env) {
        QVERIFY2(setting.value.find("do-not-copy-this") == std::string::npos, name.c_str());
        QVERIFY2(setting.value.find("other-db") == std::string::npos, name.c_str()); // the other container's DATABASE_URL
    }
    // The explicit env entry wins over envFrom.
    QCOMPARE(envOf(owui, "ENABLE_WEBSOCKET_SUPPORT").value, std::string("True"));
    QCOMPARE(envOf(owui, "ENABLE_WEBSOCKET_SUPPORT").where.line, lineOf(file, "- name: ENABLE_WEBSOCKET_SUPPORT"));
    QCOMPARE(envOf(owui, "DATABASE_URL").value,
             std::string("postgresql://openwebui:$(PGPASSWORD)@postgres.chat.svc.cluster.local:5432/openwebui"));
    QVERIFY(envOf(owui, "DATABASE_URL").origin.find("Secret pg-app/password") != std::string::npos);
    // configMapKeyRef to a ConfigMap that is not in the files, and an envFrom ConfigMap that is not either.
    QCOMPARE(envOf(owui, "RAG_EMBEDDING_MODEL").kind, EnvSetting::Kind::Unknown);
    QCOMPARE(envOf(owui, "RAG_EMBEDDING_MODEL").certainty, Certainty::Unknown);
    QCOMPARE(owui.opaqueEnv.size(), std::size_t(1));
    QVERIFY(anyOpaqueContains(owui, "ConfigMap owui-extra-env"));
    QCOMPARE(owui.opaqueEnv.front().where.line, lineOf(file, "name: owui-extra-env") - 1);
}

void TestImportKubernetes::companionsAreNamedByTheirServiceWithServerSettings()
{
    const auto read = readCase({"manifests-rwo/open-webui.yaml", "manifests-rwo/datastores.yaml"});
    QVERIFY(read.has_value());
    QCOMPARE(read->companions.size(), std::size_t(2)); // not the metrics exporter
    const CompanionService *postgres = companionNamed(*read, "postgres");
    QVERIFY(postgres);
    QCOMPARE(postgres->role, CompanionService::Role::Postgres);
    QCOMPARE(postgres->settings.at("max_connections").first, std::string("200"));
    QCOMPARE(postgres->settings.at("max_connections").second.line, lineOf("manifests-rwo/datastores.yaml", "max_connections=200"));
    QCOMPARE(postgres->settings.at("max_connections").second.column, columnOf("manifests-rwo/datastores.yaml", "\"max_connections=200\""));
    const CompanionService *redis = companionNamed(*read, "redis"); // no Service: the workload's name
    QVERIFY(redis);
    QCOMPARE(redis->role, CompanionService::Role::Redis);
    QCOMPARE(redis->settings.at("maxclients").first, std::string("2000"));
    QCOMPARE(redis->settings.at("timeout").first, std::string("0"));
}

void TestImportKubernetes::listManifestWithReadWriteManyClaim()
{
    const auto read = readCase({"manifests-rwx/list.yaml"});
    QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
    const Workload *owui = workloadNamed(*read, "webui");
    QVERIFY(owui);
    QCOMPARE(owui->replicas, 1); // spec.replicas absent
    QCOMPARE(owui->replicasCertainty, Certainty::Known);
    QCOMPARE(owui->data.kind, DataVolume::Kind::Shared);
    QCOMPARE(owui->data.name, std::string("webui-shared"));
    QVERIFY(owui->data.note.find("nfs-client") != std::string::npos);
}

void TestImportKubernetes::dataVolumeKinds_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("volume");
    QTest::addColumn<int>("expected");
    const QString deployment = "Deployment";
    QTest::newRow("claim not in the files") << deployment << "persistentVolumeClaim: {claimName: elsewhere}"
                                            << int(DataVolume::Kind::UnknownClaim);
    QTest::newRow("emptyDir") << deployment << "emptyDir: {}" << int(DataVolume::Kind::None);
    QTest::newRow("nfs") << deployment << "nfs: {server: nas, path: /owui}" << int(DataVolume::Kind::Shared);
    QTest::newRow("cephfs") << deployment << "cephfs: {monitors: [a]}" << int(DataVolume::Kind::Shared);
    QTest::newRow("hostPath") << deployment << "hostPath: {path: /srv/owui}" << int(DataVolume::Kind::NodeLocal);
    QTest::newRow("claim templates") << "StatefulSet" << "" << int(DataVolume::Kind::NodeLocal);
}

void TestImportKubernetes::dataVolumeKinds()
{
    QFETCH(QString, kind);
    QFETCH(QString, volume);
    QFETCH(int, expected);
    std::string text = "apiVersion: apps/v1\nkind: " + kind.toStdString() +
                       "\nmetadata: {name: owui}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n"
                       "        - name: owui\n          image: ghcr.io/open-webui/open-webui:main\n"
                       "          volumeMounts: [{name: data, mountPath: /app/backend/data}]\n";
    if (volume.isEmpty())
        text += "  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec: {accessModes: [ReadWriteMany]}\n";
    else
        text += "      volumes:\n        - name: data\n          " + volume.toStdString() + "\n";
    const auto read = readDeploymentTexts({{"workload.yaml", text}});
    QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
    QCOMPARE(int(read->workloads.front().data.kind), expected);
    QCOMPARE(read->workloads.front().replicas, 2);
}

void TestImportKubernetes::variableReferencesExpandLikeKubernetes()
{
    const auto read = readDeploymentTexts(
        {{"pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: owui}\nspec:\n  containers:\n"
                      "    - image: ghcr.io/open-webui/open-webui\n      env:\n"
                      "        - {name: LATER_USE, value: \"$(HOST)\"}\n"
                      "        - {name: HOST, value: db}\n"
                      "        - {name: URL, value: \"postgresql://$(HOST)/x $$(HOST) $(MISSING)\"}\n"}});
    QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
    const Workload &workload = read->workloads.front();
    QCOMPARE(envOf(workload, "LATER_USE").value, std::string("$(HOST)")); // only earlier entries expand
    QCOMPARE(envOf(workload, "URL").value, std::string("postgresql://db/x $(HOST) $(MISSING)"));
}

void TestImportKubernetes::versionConstraintsGiveTheirLowestVersion_data()
{
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<QString>("lowest");
    QTest::newRow("exact") << "16.0.0" << "16.0.0";
    QTest::newRow("at least") << ">=8.0.0" << "8.0.0";
    QTest::newRow("tilde") << "~10.2.0" << "10.2.0";
    QTest::newRow("caret major") << "^9" << "9.0.0";
    QTest::newRow("wildcard minor") << "6.x" << "6.0.0";
    QTest::newRow("range") << ">=8.0.0 <9.0.0" << "8.0.0";
    QTest::newRow("upper first") << "<12.0.0, >=10.2.1" << "10.2.1";
    QTest::newRow("hyphen") << "8.21.0 - 9.0.0" << "8.21.0";
    QTest::newRow("alternatives") << "^13.0.0 || ^10.0.0" << "10.0.0";
    QTest::newRow("v prefix") << "v14.9.0" << "14.9.0";
    QTest::newRow("any") << "*" << "";
    QTest::newRow("empty") << "" << "";
}

void TestImportKubernetes::versionConstraintsGiveTheirLowestVersion()
{
    QFETCH(QString, constraint);
    QFETCH(QString, lowest);
    const auto version = detail::lowestAllowedVersion(constraint.toStdString());
    QCOMPARE(version ? QString::fromStdString(version->text()) : QString(), lowest);
}

void TestImportKubernetes::chartWithoutSecretKeySaysSo()
{
    const auto read = readCase({"chart-10.0.0/Chart.yaml", "chart-10.0.0/values.yaml"});
    QVERIFY(read.has_value());
    QVERIFY(anyNoteContains(*read, "each pod generates its own key"));
    const auto umbrella = readCase({"umbrella/Chart.yaml", "umbrella/values.yaml"}); // sets it through extraEnvVars
    QVERIFY(umbrella.has_value());
    QVERIFY(!anyNoteContains(*umbrella, "WEBUI_SECRET_KEY"));
}

void TestImportKubernetes::envFromAmplificationIsBounded()
{
    // 300 envFrom entries of one ConfigMap of 5,000 keys would be 1.5 million variables written.
    std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n";
    for (int key = 0; key < 5000; ++key)
        text += "  K" + std::to_string(key) + ": v\n";
    text += "---\napiVersion: v1\nkind: Pod\nmetadata: {name: owui}\nspec:\n  containers:\n"
            "    - image: ghcr.io/open-webui/open-webui\n      envFrom:\n";
    for (int entry = 0; entry < 300; ++entry)
        text += "        - configMapRef: {name: big}\n";
    QElapsedTimer timer;
    timer.start();
    const auto read = readDeploymentTexts({{"big.yaml", text}});
    QVERIFY(read.has_value());
    QVERIFY(anyNoteContains(*read, "variables through env and envFrom: the rest are not read"));
    QCOMPARE(read->workloads.front().env.size(), std::size_t(5000));
    QVERIFY2(timer.elapsed() < 20'000, std::to_string(timer.elapsed()).c_str());
}

void TestImportKubernetes::variableExpansionIsBounded()
{
    // Each level repeats the one before a hundred times: 10^9 characters if expanded without a bound.
    std::string text = "apiVersion: v1\nkind: Pod\nmetadata: {name: owui}\nspec:\n  containers:\n"
                       "    - image: ghcr.io/open-webui/open-webui\n      env:\n"
                       "        - {name: A, value: " + std::string(1000, 'a') + "}\n";
    for (const char *level : {"B", "C", "D"}) {
        std::string value;
        for (int repeat = 0; repeat < 100; ++repeat)
            value += "$(" + std::string(1, char(level[0] - 1)) + ")";
        text += "        - {name: " + std::string(level) + ", value: \"" + value + "\"}\n";
    }
    const auto read = readDeploymentTexts({{"pod.yaml", text}});
    QVERIFY(read.has_value());
    const EnvSetting &deepest = envOf(read->workloads.front(), "D");
    QVERIFY(deepest.value.size() <= 64 * 1024 + 1000);
    QVERIFY(envOf(read->workloads.front(), "C").origin.find("64 KiB") != std::string::npos);
}

void TestImportKubernetes::wrongNodeTypesNeverThrow_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("spec is a list") << "apiVersion: apps/v1\nkind: Deployment\nspec: [1, 2]\n";
    QTest::newRow("containers a string") << "apiVersion: apps/v1\nkind: Deployment\nspec: {template: {spec: {containers: x}}}\n";
    QTest::newRow("env a map") << "apiVersion: v1\nkind: Pod\nspec: {containers: [{image: ghcr.io/open-webui/open-webui, "
                                  "env: {a: b}, envFrom: [x, {configMapRef: 3}], volumeMounts: {a: 1}}], volumes: 7}\n";
    QTest::newRow("env entries odd") << "apiVersion: v1\nkind: Pod\nspec: {containers: [{image: ghcr.io/open-webui/open-webui, "
                                        "env: [{name: [a]}, {name: A, valueFrom: [1]}, {name: B, valueFrom: {secretKeyRef: x}}, 5]}]}\n";
    QTest::newRow("image a map") << "apiVersion: v1\nkind: Pod\nspec: {containers: [{image: {a: b}}, {image: [ghcr.io/open-webui/open-webui]}]}\n";
    QTest::newRow("list items odd") << "apiVersion: v1\nkind: List\nitems: [1, {kind: [x]}, {apiVersion: v1, kind: List, items: 3}]\n";
    QTest::newRow("hpa odd") << "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec: {scaleTargetRef: [1], maxReplicas: {a: 1}}\n";
    QTest::newRow("values wrong types") << "websocket: true\nreplicaCount: [1]\nextraEnvVars: text\npersistence: 5\nimage: []\n"
                                           "databaseUrl: {a: b}\nworkload: x\n";
    QTest::newRow("values nested wrong") << "websocket: {enabled: [1], redis: 3, url: {}}\npersistence: {enabled: {}, accessModes: 3, "
                                            "provider: [s3], existingClaim: [a]}\nextraEnvVars: {A: [1], B: {valueFrom: 3}}\n"
                                            "extraEnvFrom: {a: b}\nreplicaCount: 99999999999999999999\n";
    QTest::newRow("umbrella odd") << "open-webui: [1, 2]\n";
    QTest::newRow("helmrelease odd") << "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec: {chart: {spec: {chart: open-webui, "
                                        "version: [1]}}, values: [1], valuesFrom: {a: b}}\n";
    QTest::newRow("helmrelease huge version") << "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec: {chart: {spec: {chart: "
                                                 "open-webui, version: \">=99999999999.0.0\"}}}\n";
    QTest::newRow("chart yaml odd") << "apiVersion: v2\nname: x\nversion: 1\ndependencies: [1, {name: open-webui, version: {a: 1}}]\n";
    QTest::newRow("keys not scalars") << "? [a]\n: b\n? {c: d}\n: e\n";
    QTest::newRow("alias reuse") << "base: &b {name: A, value: x}\napiVersion: v1\nkind: Pod\nspec: {containers: [{image: "
                                    "ghcr.io/open-webui/open-webui, env: [*b, *b, *b]}]}\n";
}

void TestImportKubernetes::wrongNodeTypesNeverThrow()
{
    QFETCH(QString, text);
    try {
        const auto read = readDeploymentTexts({{"input.yaml", text.toStdString()}});
        if (read)
            QVERIFY(!read->workloads.empty());
        else
            QVERIFY(!read.error().message.empty());
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
}

QTEST_GUILESS_MAIN(TestImportKubernetes)
#include "tst_import_kubernetes.moc"
