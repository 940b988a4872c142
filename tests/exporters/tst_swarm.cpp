// SPDX-License-Identifier: MIT
// stack.yaml for every preset and a spread of plans: accepted by the real `docker stack config` (Swarm v3
// schema), shaped as the plan says, and holding no secret: secrets are external Docker secrets, mounted as
// files and exported by the entrypoint, which is run here against fake secret files.
#include "../common/testplans.h"
#include "exporters/bundle.h"
#include "exporters/model.h"
#include "exporters/targets.h"
#include "planner/planfile.h"

#include <yaml-cpp/yaml.h>

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

using namespace exporters;
using planner::Plan;

Q_DECLARE_METATYPE(planner::Plan)

using testplans::from;

namespace {

using StringMap = std::map<std::string, std::string>;

/** @brief A Swarm plan scaled out the way the docs ask: PostgreSQL, Redis, a shared volume, a generated key. */
Plan scaledOut(const std::string &name, int replicas)
{
    Plan plan;
    plan.name = name;
    plan.orchestrator = planner::Orchestrator::Swarm;
    plan.replicas = replicas;
    plan.database.kind = planner::DatabaseKind::Postgres;
    plan.redis.mode = planner::RedisMode::Single;
    plan.vectorDb.kind = planner::VectorDb::Pgvector;
    plan.storage.kind = planner::StorageKind::SharedVolume;
    plan.secrets.keyMode = planner::SecretKeyMode::Generated;
    plan.migrations = planner::MigrationMode::Job;
    return plan;
}

/** @brief Every preset file, then plans that reach each branch of the Swarm exporter. */
std::vector<std::pair<std::string, Plan>> allPlans()
{
    std::vector<std::pair<std::string, Plan>> plans;
    std::vector<std::filesystem::path> presets;
    for (const auto &entry : std::filesystem::directory_iterator(OWUI_PRESET_DIR))
        if (entry.path().extension() == ".json")
            presets.push_back(entry.path());
    std::sort(presets.begin(), presets.end());
    for (const auto &path : presets)
        plans.emplace_back("preset " + path.stem().string(), testplans::planFile(path));

    plans.emplace_back("3 replicas, shared volume, qdrant, job", from(scaledOut("ha", 3), [](Plan &p) {
        p.vectorDb.kind = planner::VectorDb::Qdrant;
        p.migrations = planner::MigrationMode::Job;
    }));
    plans.emplace_back("sqlite, single user", from(Plan{}, [](Plan &p) {
        p.name = "solo";
        p.orchestrator = planner::Orchestrator::Swarm;
        p.secrets.keyMode = planner::SecretKeyMode::Generated;
    }));
    plans.emplace_back("sqlite, key left to start.sh (no secret at all)", from(Plan{}, [](Plan &p) {
        p.orchestrator = planner::Orchestrator::Swarm;
    }));
    plans.emplace_back("sentinel on external hosts, external PostgreSQL", from(scaledOut("sentinel", 2), [](Plan &p) {
        p.database.host = "db.internal.example";
        p.redis.mode = planner::RedisMode::Sentinel;
        p.redis.sentinelHosts = {"sentinel-a", "sentinel-b", "sentinel-c"};
        p.redis.socketConnectTimeoutSeconds = 2.5;
    }));
    plans.emplace_back("chroma over HTTP, docling", from(scaledOut("chroma", 2), [](Plan &p) {
        p.vectorDb.kind = planner::VectorDb::ChromaHttp;
        p.contentExtraction = planner::ContentExtraction::Docling;
    }));
    plans.emplace_back("s3 storage, external qdrant, no surge", from(scaledOut("s3", 4), [](Plan &p) {
        p.storage = {planner::StorageKind::S3, "owui-files", "eu-central-1", "https://s3.example.org", 2};
        p.vectorDb.kind = planner::VectorDb::Qdrant;
        p.vectorDb.url = "http://qdrant.internal.example:6333";
        p.rollingUpdateSurge = 0;
    }));
    plans.emplace_back("4 workers, one replica, local volume", from(scaledOut("workers", 1), [](Plan &p) {
        p.workers = 4;
        p.storage.kind = planner::StorageKind::LocalVolume;
        p.vectorDb.kind = planner::VectorDb::Qdrant;
    }));
    plans.emplace_back("OTEL on, tika, pgvector image", from(scaledOut("otel", 2), [](Plan &p) {
        p.otel = {true, "http://otel-collector:4317", planner::OtelProtocol::Grpc, true, true, true, true, 30000};
        p.contentExtraction = planner::ContentExtraction::Tika;
    }));
    plans.emplace_back("external secret name, pinecone key", from(scaledOut("external key", 2), [](Plan &p) {
        p.secrets.keyMode = planner::SecretKeyMode::External;
        p.secrets.externalSecretName = "prod_owui_signing_key";
        p.vectorDb.kind = planner::VectorDb::Pinecone;
    }));
    plans.emplace_back("openai embeddings with a key, recreate upgrades, s3 on AWS", from(scaledOut("embeddings", 3), [](Plan &p) {
        p.embeddings = planner::EmbeddingEngine::OpenAI;
        p.embeddingModel = "text-embedding-3-large";
        p.upgradeStrategy = planner::UpgradeStrategy::Recreate;
        p.storage = {planner::StorageKind::S3, "owui-files", "eu-west-1", {}, 2};
        p.orjson = true;
        p.redis.starSessions = true;
    }));
    plans.emplace_back("ollama embeddings, environment authoritative", from(scaledOut("ollama", 2), [](Plan &p) {
        p.embeddings = planner::EmbeddingEngine::Ollama;
        p.embeddingBaseUrl = "http://ollama.internal:11434";
        p.persistentConfig = false;
        p.compressionMiddleware = false;
    }));
    plans.emplace_back("dollars in URL, origins, user and prefix", from(scaledOut("dollars\nand a newline", 2), [](Plan &p) {
        p.loadBalancer.publicUrl = "https://chat.example.org/$base";
        p.corsAllowOrigins = {"https://chat.example.org", "https://$tenant.example.org", "https://${HOME}.example.org"};
        p.database.user = "owui$admin";
        p.redis.keyPrefix = "owui$1";
    }));
    return plans;
}

void addPlanRows()
{
    QTest::addColumn<Plan>("plan");
    for (const auto &[name, plan] : allPlans())
        QTest::newRow(name.c_str()) << plan;
}

std::string stackOf(const Plan &plan)
{
    const auto files = renderSwarm(plan, deploymentModel(plan));
    if (files.size() != 1 || files.front().path != "stack.yaml" || files.front().secret)
        qFatal("renderSwarm must return exactly one non-secret stack.yaml");
    return files.front().content;
}

struct Run {
    int exitCode = -1; ///< -1: did not run or crashed
    QString output;    ///< stdout
    QString errors;    ///< stderr, or why it did not run
};

/** @brief Writes `text` as stack.yaml in a fresh folder and runs the real `docker stack config` on it. */
Run dockerStackConfig(const std::string &text)
{
    const QString docker = QStandardPaths::findExecutable(QStringLiteral("docker"));
    if (docker.isEmpty())
        return {-1, {}, QStringLiteral("docker is not on PATH: the stack cannot be validated")};
    QTemporaryDir folder;
    QFile file(folder.filePath(QStringLiteral("stack.yaml")));
    if (!folder.isValid() || !file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size()))
        return {-1, {}, QStringLiteral("cannot write stack.yaml")};
    file.close();
    QProcess process;
    process.setWorkingDirectory(folder.path());
    process.start(docker, {QStringLiteral("stack"), QStringLiteral("config"), QStringLiteral("-c"), file.fileName()});
    if (!process.waitForFinished(60000))
        return {-1, {}, QStringLiteral("docker stack config did not finish: ") + process.errorString()};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

/** @brief An odd run of `$` is one Docker would interpolate (or reject); `$$` is a literal `$`. */
bool hasUnescapedDollar(const std::string &text)
{
    for (std::size_t at = 0; at < text.size(); ++at) {
        std::size_t run = 0;
        while (at < text.size() && text[at] == '$')
            ++run, ++at;
        if (run % 2 == 1)
            return true;
    }
    return false;
}

std::string unescapeDollars(std::string text)
{
    for (auto at = text.find("$$"); at != std::string::npos; at = text.find("$$", at + 1))
        text.erase(at, 1);
    return text;
}

StringMap mapOf(const YAML::Node &node)
{
    StringMap out;
    if (node.IsMap())
        for (const auto &item : node)
            out[item.first.as<std::string>()] = item.second.as<std::string>();
    return out;
}

std::set<std::string> secretVariables(const std::vector<EnvVar> &vars)
{
    std::set<std::string> names;
    for (const auto &var : vars)
        if (var.secret)
            names.insert(var.name);
    return names;
}

std::string lowercase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

/** @brief What the runbook creates: owui_<variable>, or the operator's own secret for an external key. */
std::string expectedSecretName(const Plan &plan, const std::string &variable)
{
    if (variable == "WEBUI_SECRET_KEY" && plan.secrets.keyMode == planner::SecretKeyMode::External)
        return plan.secrets.externalSecretName;
    return "owui_" + lowercase(variable);
}

/** @brief Whether a plain (unquoted) YAML scalar with this text would be read as something other than a string. */
bool looksTyped(const std::string &value)
{
    static const QRegularExpression typed(QStringLiteral("^(y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9][0-9._:eE+-]*)$"),
                                          QRegularExpression::CaseInsensitiveOption);
    return typed.match(QString::fromStdString(value)).hasMatch();
}

/** @brief The node at a key path, or an undefined node where yaml-cpp would throw on a missing key. */
YAML::Node at(const YAML::Node &root, std::initializer_list<std::string> path)
{
    YAML::Node node;
    node.reset(root); // reset rebinds; operator= would write into the document
    for (const auto &key : path) {
        if (!node.IsMap() || !node[key])
            return YAML::Node(YAML::NodeType::Undefined);
        const YAML::Node child = node[key];
        node.reset(child);
    }
    return node;
}

std::vector<std::string> stringsOf(const YAML::Node &sequence)
{
    std::vector<std::string> out;
    for (const auto &item : sequence)
        out.push_back(item.as<std::string>());
    return out;
}

} // namespace

class tst_swarm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptedByDockerStackConfig_data() { addPlanRows(); }
    void acceptedByDockerStackConfig();
    void versionReplicasAndQuoting_data() { addPlanRows(); }
    void versionReplicasAndQuoting();
    void secretsAreExternalFilesNeverEnvironment_data() { addPlanRows(); }
    void secretsAreExternalFilesNeverEnvironment();
    void environmentMatchesTheModel_data() { addPlanRows(); }
    void environmentMatchesTheModel();
    void migrationUnitIsAJob_data() { addPlanRows(); }
    void migrationUnitIsAJob();
    void noSecretValueInTheStack_data() { addPlanRows(); }
    void noSecretValueInTheStack();
    void servicesNetworkVolumesAndImages_data() { addPlanRows(); }
    void servicesNetworkVolumesAndImages();
    void entrypointExportsSecretsThenStarts_data() { addPlanRows(); }
    void entrypointExportsSecretsThenStarts();
    void placementFollowsNodeLocalVolumes_data();
    void placementFollowsNodeLocalVolumes();
    void sharedVolumeIsNfs();
    void updateOrderFollowsSurge_data();
    void updateOrderFollowsSurge();
    void recreateStopsEveryTaskFirst();
    void embeddingKeyIsAnOperatorSecret();
    void externalKeyUsesTheOperatorsSecret();
    void bundledPostgresReadsItsPasswordFile();
    void healthChecksAndPublishedPort();
    void validatorRejectsABrokenCopy_data();
    void validatorRejectsABrokenCopy();
};

void tst_swarm::acceptedByDockerStackConfig()
{
    QFETCH(Plan, plan);
    const auto run = dockerStackConfig(stackOf(plan));
    QVERIFY2(run.exitCode == 0, qPrintable(run.errors));
    QVERIFY(run.output.contains(QStringLiteral("open-webui")));
}

void tst_swarm::versionReplicasAndQuoting()
{
    QFETCH(Plan, plan);
    const auto text = stackOf(plan);
    const auto stack = YAML::Load(text);

    // Quoted in the file itself: a YAML reader must not see 3.8, true or 1 as anything but strings.
    QVERIFY(text.find("\nversion: \"3.8\"\n") != std::string::npos);
    QCOMPARE(stack["version"].Tag(), std::string("!"));
    QCOMPARE(stack["version"].as<std::string>(), std::string("3.8"));
    QCOMPARE(stack["services"]["open-webui"]["deploy"]["replicas"].as<int>(), plan.replicas);
    QVERIFY(text.find("UVICORN_WORKERS: \"" + std::to_string(plan.workers) + "\"") != std::string::npos);
    // Spelled as the official chart spells it, so the three targets agree literally.
    QVERIFY(text.find(std::string("ENABLE_WEBSOCKET_SUPPORT: \"") + (plan.websocketSupport ? "True" : "False") + "\"") !=
            std::string::npos);
    for (const auto &service : stack["services"])
        for (const auto &variable : service.second["environment"])
            if (looksTyped(variable.second.Scalar()))
                QVERIFY2(variable.second.Tag() == "!", variable.first.Scalar().c_str());

    // Every line but the header is YAML: the header is comments only, however the plan is named.
    const auto body = text.find("\nversion:");
    QVERIFY(body != std::string::npos);
    std::istringstream header(text.substr(0, body + 1));
    for (std::string line; std::getline(header, line);)
        QVERIFY2(line.rfind("# ", 0) == 0, line.c_str());
}

void tst_swarm::secretsAreExternalFilesNeverEnvironment()
{
    QFETCH(Plan, plan);
    const auto model = deploymentModel(plan);
    const auto text = stackOf(plan);
    const auto stack = YAML::Load(text);
    QVERIFY2(!hasUnescapedDollar(text), "nothing is interpolated from the environment");

    for (const auto &service : stack["services"])
        for (const auto &spec : model.secrets)
            QVERIFY2(!at(service.second, {"environment", spec.name}), (service.first.Scalar() + ": " + spec.name).c_str());

    // Declared: each secret of the model, external, under its expected name, and nothing else.
    const auto declared = stack["secrets"];
    QCOMPARE(declared ? declared.size() : std::size_t(0), model.secrets.size());
    for (const auto &spec : model.secrets) {
        const auto secret = declared["owui_" + lowercase(spec.name)];
        QVERIFY2(secret.IsMap(), spec.name.c_str());
        QCOMPARE(secret["external"].as<bool>(), true);
        QCOMPARE(secret["name"].as<std::string>(), expectedSecretName(plan, spec.name));
    }

    // Mounted on open-webui: every secret variable of the app, as the file /run/secrets/<VAR>, mode 0400.
    const auto appSecrets = secretVariables(model.app);
    std::set<std::string> mounted;
    for (const auto &mount : stack["services"]["open-webui"]["secrets"]) {
        const auto target = mount["target"].as<std::string>();
        mounted.insert(target);
        QVERIFY2(declared[mount["source"].as<std::string>()].IsMap(), target.c_str());
        QCOMPARE(mount["source"].as<std::string>(), "owui_" + lowercase(target));
        QCOMPARE(mount["mode"].as<int>(), 0400);
    }
    QVERIFY(std::includes(mounted.begin(), mounted.end(), appSecrets.begin(), appSecrets.end()));
    QCOMPARE(mounted.size(), appSecrets.size());
}

void tst_swarm::environmentMatchesTheModel()
{
    QFETCH(Plan, plan);
    const auto model = deploymentModel(plan);
    const auto text = stackOf(plan);
    const auto stack = YAML::Load(text);
    const auto written = mapOf(stack["services"]["open-webui"]["environment"]);

    std::size_t plain = 0;
    for (const auto &var : model.app) {
        if (var.secret)
            continue;
        ++plain;
        QVERIFY2(written.count(var.name), var.name.c_str());
        QCOMPARE(unescapeDollars(written.at(var.name)), var.value);
    }
    QCOMPARE(written.size(), plain);

    // What Docker itself makes of the file after interpolation is exactly the model's value.
    const auto run = dockerStackConfig(text);
    QVERIFY2(run.exitCode == 0, qPrintable(run.errors));
    const auto normalised = mapOf(YAML::Load(run.output.toStdString())["services"]["open-webui"]["environment"]);
    for (const auto &var : model.app)
        if (!var.secret)
            QCOMPARE(normalised.at(var.name), var.value);
}

void tst_swarm::migrationUnitIsAJob()
{
    QFETCH(Plan, plan);
    const auto model = deploymentModel(plan);
    const auto text = stackOf(plan);
    const auto stack = YAML::Load(text);
    const auto migrate = stack["services"]["migrate"];
    QCOMPARE(bool(migrate), model.migrationJob());
    if (model.migratingPrimary()) {
        // No job: task 1 migrates (its start command turns it on by the slot in its host name), the others not.
        QCOMPARE(stack["services"]["open-webui"]["environment"]["ENABLE_DB_MIGRATIONS"].as<std::string>(), std::string("false"));
        QCOMPARE(stack["services"]["open-webui"]["hostname"].as<std::string>(), std::string("open-webui-{{.Task.Slot}}"));
        return;
    }
    if (!model.migrationJob()) {
        QVERIFY(!stack["services"]["open-webui"]["environment"]["ENABLE_DB_MIGRATIONS"]);
        QVERIFY(!stack["services"]["open-webui"]["hostname"]);
        return;
    }
    QCOMPARE(migrate["deploy"]["mode"].as<std::string>(), std::string("replicated-job"));
    QCOMPARE(migrate["deploy"]["restart_policy"]["condition"].as<std::string>(), std::string("on-failure"));
    QVERIFY(!migrate["deploy"]["replicas"]);
    QCOMPARE(migrate["environment"]["ENABLE_DB_MIGRATIONS"].as<std::string>(), std::string("true"));
    QCOMPARE(stack["services"]["open-webui"]["environment"]["ENABLE_DB_MIGRATIONS"].as<std::string>(), std::string("false"));
    QVERIFY(text.find("ENABLE_DB_MIGRATIONS: \"true\"") != std::string::npos);
    QVERIFY(text.find("ENABLE_DB_MIGRATIONS: \"false\"") != std::string::npos);

    // The migrator's variables are the model's, and it gets the same secrets as the replicas.
    const auto written = mapOf(migrate["environment"]);
    for (const auto &var : model.migrator)
        if (!var.secret)
            QCOMPARE(unescapeDollars(written.at(var.name)), var.value);
    std::set<std::string> mounted;
    for (const auto &mount : migrate["secrets"])
        mounted.insert(mount["target"].as<std::string>());
    QCOMPARE(mounted, secretVariables(model.migrator));
    QCOMPARE(migrate["image"].as<std::string>(), stack["services"]["open-webui"]["image"].as<std::string>());
}

void tst_swarm::noSecretValueInTheStack()
{
    QFETCH(Plan, plan);
    // With the key kept in the plan, it is a known value that must still stay out of the stack.
    if (plan.secrets.keyMode == planner::SecretKeyMode::Generated)
        plan.secrets.webuiSecretKey = "plan-held-key-0123456789abcdefghijklmnopqrstuvwxyz";
    const auto secrets = generateSecrets(plan);
    QVERIFY(secrets.has_value());
    const auto text = stackOf(plan);
    for (const auto &[name, value] : *secrets) {
        QVERIFY2(value.size() >= 16, name.c_str());
        QVERIFY2(text.find(value) == std::string::npos, name.c_str());
    }
    if (plan.secrets.keyMode == planner::SecretKeyMode::Generated)
        QVERIFY(secrets->count("WEBUI_SECRET_KEY"));
}

void tst_swarm::servicesNetworkVolumesAndImages()
{
    QFETCH(Plan, plan);
    const auto model = deploymentModel(plan);
    const auto stack = YAML::Load(stackOf(plan));
    // Compared with Compose under a one-line name: the comparison is about services, not the header.
    const auto compose = YAML::Load(renderCompose(from(plan, [](Plan &p) { p.name = "compose"; }), model).front().content);

    QCOMPARE(stack["networks"]["open-webui"]["driver"].as<std::string>(), std::string("overlay"));
    std::set<std::string> usedVolumes;
    for (const auto &service : stack["services"]) {
        const auto &name = service.first.Scalar();
        const auto &spec = service.second;
        // Every service on the one overlay network; nothing stack deploy would ignore.
        QCOMPARE(stringsOf(spec["networks"]), std::vector<std::string>{"open-webui"});
        for (const char *ignored : {"depends_on", "restart", "container_name", "build", "profiles"})
            QVERIFY2(!spec[ignored], (name + ": " + ignored).c_str());
        for (const auto &mount : stringsOf(spec["volumes"]))
            usedVolumes.insert(mount.substr(0, mount.find(':')));
        // The same images as Compose runs (Compose adds only its nginx load balancer, and in primary mode the
        // open-webui-primary container, which is task 1 of open-webui here).
        QVERIFY2(compose["services"][name], name.c_str());
        QCOMPARE(spec["image"].as<std::string>(), compose["services"][name]["image"].as<std::string>());
    }
    for (const auto &service : compose["services"])
        QVERIFY2(stack["services"][service.first.Scalar()] || service.first.Scalar() == "load-balancer" ||
                     (service.first.Scalar() == "open-webui-primary" && model.migratingPrimary()),
                 service.first.Scalar().c_str());

    std::set<std::string> declaredVolumes;
    for (const auto &volume : stack["volumes"])
        declaredVolumes.insert(volume.first.Scalar());
    QCOMPARE(declaredVolumes, usedVolumes);

    const auto services = stack["services"];
    QCOMPARE(bool(services["postgres"]), model.services.postgres);
    QCOMPARE(bool(services["redis"]), model.services.redis);
    QCOMPARE(bool(services["qdrant"]) || bool(services["chromadb"]), model.services.vectorDb);
    QCOMPARE(bool(services["tika"]), model.services.tika);
    QCOMPARE(bool(services["docling"]), model.services.docling);
    QCOMPARE(bool(services["otel-collector"]), model.services.otelCollector);
    if (model.services.postgres) {
        const auto command = stringsOf(services["postgres"]["command"]);
        QVERIFY(std::find(command.begin(), command.end(), "max_connections=" + std::to_string(plan.database.maxConnections)) !=
                command.end());
        QVERIFY(std::find(command.begin(), command.end(), "superuser_reserved_connections=" +
                                                              std::to_string(plan.database.superuserReservedConnections)) !=
                command.end());
        QCOMPARE(services["postgres"]["image"].as<std::string>(),
                 std::string(model.services.pgvectorImage ? "pgvector/pgvector:pg16" : "postgres:16-alpine"));
    }
    if (model.services.redis) {
        const auto command = stringsOf(services["redis"]["command"]);
        QCOMPARE(command.front(), std::string("redis-server"));
        QVERIFY(std::find(command.begin(), command.end(), std::to_string(plan.redis.maxClients)) != command.end());
    }
}

void tst_swarm::entrypointExportsSecretsThenStarts()
{
    QFETCH(Plan, plan);
    const auto model = deploymentModel(plan);
    const auto run = dockerStackConfig(stackOf(plan));
    QVERIFY2(run.exitCode == 0, qPrintable(run.errors));
    // Docker's own reading, after `$$` became `$`: what the container really runs.
    const auto services = YAML::Load(run.output.toStdString())["services"];

    const auto appSecrets = secretVariables(model.app);
    if (appSecrets.empty()) {
        QVERIFY2(!services["open-webui"]["entrypoint"] && !services["open-webui"]["command"], "the image's own start");
        return;
    }

    // A fake container: secret files with a trailing newline (as `echo | docker secret create` leaves),
    // /app/backend/start.sh that prints what it was given, and an alembic on PATH for the migrator.
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const std::filesystem::path base = root.path().toStdString();
    std::filesystem::create_directories(base / "secrets");
    std::filesystem::create_directories(base / "app/backend/open_webui");
    std::filesystem::create_directories(base / "bin");
    const auto writeFile = [](const std::filesystem::path &path, const std::string &content, bool executable) {
        QFile file(QString::fromStdString(path.string()));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content.data(), qint64(content.size()));
        if (executable)
            file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
    };
    std::string printer;
    for (const auto &name : appSecrets) {
        writeFile(base / "secrets" / name, "value of " + name + "\n", false);
        printer += "printf '%s=[%s]\\n' " + name + " \"$" + name + "\"\n";
    }
    printer += "printf 'ENABLE_DB_MIGRATIONS=[%s]\\n' \"${ENABLE_DB_MIGRATIONS-unset}\"\n";
    writeFile(base / "app/backend/start.sh", "echo \"start in $(basename \"$PWD\")\"\n" + printer, false);
    writeFile(base / "bin/alembic", "#!/bin/bash\necho \"alembic $* in $(basename \"$PWD\")\"\n" + printer, true);

    const auto runEntrypoint = [&](const YAML::Node &service, const QString &hostname = QString()) -> std::pair<int, std::string> {
        const auto entrypoint = stringsOf(service["entrypoint"]);
        if (entrypoint.size() != 3 || entrypoint[0] != "bash" || entrypoint[1] != "-c")
            return {-1, "entrypoint is not bash -c SCRIPT"};
        QString script = QString::fromStdString(entrypoint[2]);
        script.replace(QStringLiteral("/run/secrets/"), QString::fromStdString((base / "secrets").string() + "/"));
        script.replace(QStringLiteral("/app/backend"), QString::fromStdString((base / "app/backend").string()));
        QProcess bash;
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PATH"), QString::fromStdString((base / "bin").string()) + ":" +
                                                        environment.value(QStringLiteral("PATH")));
        // What Swarm sets: the service's ENABLE_DB_MIGRATIONS, and the task's host name.
        environment.remove(QStringLiteral("ENABLE_DB_MIGRATIONS"));
        if (const auto migrations = service["environment"]["ENABLE_DB_MIGRATIONS"])
            environment.insert(QStringLiteral("ENABLE_DB_MIGRATIONS"), QString::fromStdString(migrations.as<std::string>()));
        if (!hostname.isEmpty())
            environment.insert(QStringLiteral("HOSTNAME"), hostname);
        bash.setProcessEnvironment(environment);
        bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), script});
        if (!bash.waitForFinished(30000))
            return {-1, "bash did not finish"};
        return {bash.exitCode(), bash.readAllStandardOutput().toStdString() + bash.readAllStandardError().toStdString()};
    };
    const auto expectEverySecret = [&](const std::string &output) {
        for (const auto &name : appSecrets)
            QVERIFY2(output.find(name + "=[value of " + name + "]\n") != std::string::npos, output.c_str());
    };

    auto [status, output] = runEntrypoint(services["open-webui"]);
    QVERIFY2(status == 0, output.c_str());
    QVERIFY2(output.rfind("start in backend\n", 0) == 0, output.c_str());
    expectEverySecret(output);

    if (model.migratingPrimary()) {
        // Only the task in slot 1 migrates; every other slot keeps the service's false.
        for (const auto &[hostname, expected] : {std::pair{"open-webui-1", "true"}, std::pair{"open-webui-2", "false"},
                                                 std::pair{"open-webui-11", "false"}}) {
            std::tie(status, output) = runEntrypoint(services["open-webui"], QString::fromLatin1(hostname));
            QVERIFY2(status == 0, output.c_str());
            QVERIFY2(output.rfind("start in backend\n", 0) == 0, output.c_str());
            QVERIFY2(output.find(std::string("ENABLE_DB_MIGRATIONS=[") + expected + "]\n") != std::string::npos,
                     (hostname + std::string(": ") + output).c_str());
            expectEverySecret(output);
        }
    } else {
        QVERIFY2(output.find(model.migrationJob() ? "ENABLE_DB_MIGRATIONS=[false]\n" : "ENABLE_DB_MIGRATIONS=[unset]\n") !=
                     std::string::npos,
                 output.c_str());
    }
    if (model.migrationJob()) {
        std::tie(status, output) = runEntrypoint(services["migrate"]);
        QVERIFY2(status == 0, output.c_str());
        QVERIFY2(output.rfind("alembic upgrade head in open_webui\n", 0) == 0, output.c_str());
        expectEverySecret(output);
    }

    // A secret that is missing stops the container instead of starting it without the variable.
    std::filesystem::remove(base / "secrets" / *appSecrets.begin());
    std::tie(status, output) = runEntrypoint(services["open-webui"]);
    QVERIFY(status != 0);
    QVERIFY2(output.find("start in") == std::string::npos, output.c_str());
}

void tst_swarm::placementFollowsNodeLocalVolumes_data()
{
    QTest::addColumn<Plan>("plan");
    QTest::addColumn<bool>("dataPinned");
    QTest::newRow("sqlite on a local volume") << Plan{} << true;
    QTest::newRow("4 workers, local volume") << from(scaledOut("p", 1), [](Plan &p) {
        p.workers = 4;
        p.storage.kind = planner::StorageKind::LocalVolume;
    }) << true;
    QTest::newRow("shared volume") << scaledOut("p", 3) << false;
    QTest::newRow("s3, postgres, pgvector: the volume is only a cache") << from(scaledOut("p", 3), [](Plan &p) {
        p.storage.kind = planner::StorageKind::S3;
    }) << false;
    QTest::newRow("s3 with sqlite: webui.db is on the volume") << from(Plan{}, [](Plan &p) {
        p.storage.kind = planner::StorageKind::S3;
    }) << true;
    QTest::newRow("gcs with embedded chroma: vector_db is on the volume") << from(scaledOut("p", 1), [](Plan &p) {
        p.storage.kind = planner::StorageKind::Gcs;
        p.vectorDb.kind = planner::VectorDb::Chroma;
    }) << true;
}

void tst_swarm::placementFollowsNodeLocalVolumes()
{
    QFETCH(Plan, plan);
    QFETCH(bool, dataPinned);
    const auto model = deploymentModel(plan);
    const auto text = stackOf(plan);
    const auto services = YAML::Load(text)["services"];
    const std::vector<std::string> pinned{"node.labels.owui.data == true"};

    QCOMPARE(stringsOf(at(services, {"open-webui", "deploy", "placement", "constraints"})), dataPinned ? pinned : std::vector<std::string>{});
    if (model.migrationJob())
        QCOMPARE(stringsOf(at(services, {"migrate", "deploy", "placement", "constraints"})), dataPinned ? pinned : std::vector<std::string>{});
    // Bundled services with a volume are always pinned; stateless ones may run anywhere.
    for (const auto &service : services) {
        const auto &name = service.first.Scalar();
        if (name == "open-webui" || name == "migrate")
            continue;
        const bool stateful = bool(service.second["volumes"]);
        QCOMPARE(stringsOf(at(service.second, {"deploy", "placement", "constraints"})), stateful ? pinned : std::vector<std::string>{});
        if (stateful)
            QCOMPARE(service.second["deploy"]["update_config"]["order"].as<std::string>(), std::string("stop-first"));
    }
    // The reason is in the header, since the constraint itself cannot carry a comment.
    const bool anyPinned = text.find("- \"node.labels.owui.data == true\"") != std::string::npos;
    QCOMPARE(text.substr(0, text.find("\nversion:")).find("node-local") != std::string::npos, anyPinned);
    QCOMPARE(anyPinned, dataPinned || model.services.postgres || model.services.redis || model.services.vectorDb);
}

void tst_swarm::sharedVolumeIsNfs()
{
    const auto shared = YAML::Load(stackOf(scaledOut("nfs", 3)))["volumes"]["open-webui-data"];
    QCOMPARE(shared["driver"].as<std::string>(), std::string("local"));
    QCOMPARE(mapOf(shared["driver_opts"]), (StringMap{{"type", "nfs"},
                                                      {"o", "addr=nfs-server,rw,nfsvers=4"},
                                                      {"device", ":/exports/open-webui"}}));
    const auto text = stackOf(scaledOut("nfs", 3));
    QVERIFY2(text.substr(0, text.find("\nversion:")).find("addr=nfs-server") != std::string::npos, "the header names the placeholders");

    const auto local = YAML::Load(stackOf(Plan{}))["volumes"]["open-webui-data"];
    QVERIFY(local.IsMap());
    QVERIFY(!local["driver_opts"]);
}

void tst_swarm::updateOrderFollowsSurge_data()
{
    QTest::addColumn<int>("surge");
    QTest::addColumn<QString>("order");
    QTest::newRow("surge 1") << 1 << QStringLiteral("start-first");
    QTest::newRow("surge 2") << 2 << QStringLiteral("start-first");
    QTest::newRow("no surge") << 0 << QStringLiteral("stop-first");
}

void tst_swarm::updateOrderFollowsSurge()
{
    QFETCH(int, surge);
    QFETCH(QString, order);
    const auto plan = from(scaledOut("rollout", 3), [surge](Plan &p) { p.rollingUpdateSurge = surge; });
    const auto deploy = YAML::Load(stackOf(plan))["services"]["open-webui"]["deploy"];
    QCOMPARE(deploy["update_config"]["parallelism"].as<int>(), 1);
    QCOMPARE(QString::fromStdString(deploy["update_config"]["order"].as<std::string>()), order);
    QCOMPARE(deploy["update_config"]["failure_action"].as<std::string>(), std::string("rollback"));
    QCOMPARE(deploy["update_config"]["delay"].as<std::string>(), std::string("10s"));
    QVERIFY(deploy["rollback_config"].IsMap());
    QCOMPARE(QString::fromStdString(deploy["rollback_config"]["order"].as<std::string>()), order);
    QCOMPARE(mapOf(deploy["restart_policy"]),
             (StringMap{{"condition", "any"}, {"delay", "5s"}, {"window", "120s"}}));
}

void tst_swarm::recreateStopsEveryTaskFirst()
{
    // Old and new never run together: all old tasks stop (parallelism 0 = all at once) before new ones start,
    // and a failure pauses rather than bring the old version back onto a migrated schema.
    const auto plan = from(scaledOut("recreate", 4), [](Plan &p) { p.upgradeStrategy = planner::UpgradeStrategy::Recreate; });
    const auto deploy = YAML::Load(stackOf(plan))["services"]["open-webui"]["deploy"];
    QCOMPARE(deploy["replicas"].as<int>(), 4);
    QCOMPARE(mapOf(deploy["update_config"]),
             (StringMap{{"parallelism", "0"}, {"order", "stop-first"}, {"failure_action", "pause"}}));
    QCOMPARE(mapOf(deploy["rollback_config"]),
             (StringMap{{"parallelism", "0"}, {"order", "stop-first"}, {"failure_action", "pause"}}));
    const auto run = dockerStackConfig(stackOf(plan));
    QVERIFY2(run.exitCode == 0, qPrintable(run.errors));
}

void tst_swarm::embeddingKeyIsAnOperatorSecret()
{
    const auto plan = from(scaledOut("embeddings", 2), [](Plan &p) { p.embeddings = planner::EmbeddingEngine::OpenAI; });
    const auto model = deploymentModel(plan);
    const auto spec = std::find_if(model.secrets.begin(), model.secrets.end(),
                                   [](const SecretSpec &s) { return s.name == "RAG_OPENAI_API_KEY"; });
    QVERIFY(spec != model.secrets.end());
    QVERIFY(!spec->generated);
    const auto stack = YAML::Load(stackOf(plan));
    QCOMPARE(stack["secrets"]["owui_rag_openai_api_key"]["external"].as<bool>(), true);
    QVERIFY(!stack["services"]["open-webui"]["environment"]["RAG_OPENAI_API_KEY"]);
    bool mounted = false;
    for (const auto &mount : stack["services"]["open-webui"]["secrets"])
        mounted |= mount["target"].as<std::string>() == "RAG_OPENAI_API_KEY";
    QVERIFY(mounted);
    QCOMPARE(stack["services"]["open-webui"]["environment"]["RAG_EMBEDDING_MODEL"].as<std::string>(),
             std::string("text-embedding-3-small"));
}

void tst_swarm::externalKeyUsesTheOperatorsSecret()
{
    const auto plan = from(scaledOut("external", 2), [](Plan &p) {
        p.secrets.keyMode = planner::SecretKeyMode::External;
        p.secrets.externalSecretName = "corp-openwebui-key";
    });
    const auto stack = YAML::Load(stackOf(plan));
    QCOMPARE(stack["secrets"]["owui_webui_secret_key"]["name"].as<std::string>(), std::string("corp-openwebui-key"));
    QCOMPARE(stack["secrets"]["owui_database_url"]["name"].as<std::string>(), std::string("owui_database_url"));
    bool mounted = false;
    for (const auto &mount : stack["services"]["open-webui"]["secrets"])
        mounted |= mount["source"].as<std::string>() == "owui_webui_secret_key" && mount["target"].as<std::string>() == "WEBUI_SECRET_KEY";
    QVERIFY(mounted);
}

void tst_swarm::bundledPostgresReadsItsPasswordFile()
{
    const auto plan = scaledOut("pg", 2);
    QVERIFY(deploymentModel(plan).services.postgres);
    const auto postgres = YAML::Load(stackOf(plan))["services"]["postgres"];
    QCOMPARE(postgres["environment"]["POSTGRES_PASSWORD_FILE"].as<std::string>(), std::string("/run/secrets/POSTGRES_PASSWORD"));
    QVERIFY(!postgres["environment"]["POSTGRES_PASSWORD"]);
    QCOMPARE(postgres["environment"]["POSTGRES_USER"].as<std::string>(), plan.database.user);
    QCOMPARE(postgres["secrets"].size(), std::size_t(1));
    QCOMPARE(postgres["secrets"][0]["source"].as<std::string>(), std::string("owui_postgres_password"));
    QCOMPARE(postgres["secrets"][0]["target"].as<std::string>(), std::string("POSTGRES_PASSWORD"));
    QCOMPARE(postgres["deploy"]["replicas"].as<int>(), 1);
}

void tst_swarm::healthChecksAndPublishedPort()
{
    const auto plan = from(scaledOut("health", 3), [](Plan &p) {
        p.otel = {true, "http://otel-collector:4317", planner::OtelProtocol::Grpc, true, true, false, false, 10000};
    });
    const auto services = YAML::Load(stackOf(plan))["services"];
    const auto testOf = [&](const char *service) {
        const auto test = stringsOf(services[service]["healthcheck"]["test"]);
        std::string joined;
        for (const auto &word : test)
            joined += word + " ";
        return joined;
    };
    QVERIFY(testOf("open-webui").find("curl --silent --fail http://localhost:8080/health") != std::string::npos);
    // An exec array: no shell between the plan's names and pg_isready.
    QCOMPARE(testOf("postgres"), std::string("CMD pg_isready -U openwebui -d openwebui "));
    QCOMPARE(testOf("redis"), std::string("CMD redis-cli ping "));

    // The routing mesh publishes 3000 on every node and balances across the replicas.
    const auto ports = services["open-webui"]["ports"];
    QCOMPARE(ports.size(), std::size_t(1));
    QCOMPARE(ports[0]["target"].as<int>(), 8080);
    QCOMPARE(ports[0]["published"].as<int>(), 3000);
    QCOMPARE(ports[0]["mode"].as<std::string>(), std::string("ingress"));
    QCOMPARE(services["otel-collector"]["ports"][0]["published"].as<int>(), 3001);
    for (const auto &service : services)
        if (service.first.Scalar() != "open-webui" && service.first.Scalar() != "otel-collector")
            QVERIFY2(!service.second["ports"], service.first.Scalar().c_str());
}

void tst_swarm::validatorRejectsABrokenCopy_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("broken");
    QTest::newRow("replicas as a word") << QStringLiteral("      replicas: 3\n") << QStringLiteral("      replicas: two\n");
    QTest::newRow("unknown key") << QStringLiteral("  open-webui:\n") << QStringLiteral("  open-webui:\n    bogus_key: 1\n");
    QTest::newRow("version as a number") << QStringLiteral("version: \"3.8\"") << QStringLiteral("version: 3.8");
    QTest::newRow("long-form depends_on (Compose only)")
        << QStringLiteral("  migrate:\n")
        << QStringLiteral("  migrate:\n    depends_on:\n      postgres:\n        condition: service_healthy\n");
    QTest::newRow("secret mode as a string") << QStringLiteral("mode: 256") << QStringLiteral("mode: \"0400\"");
}

void tst_swarm::validatorRejectsABrokenCopy()
{
    QFETCH(QString, original);
    QFETCH(QString, broken);
    // The control: the unbroken file passes, so a rejection below is the validator reading the change.
    const auto text = QString::fromStdString(stackOf(scaledOut("control", 3)));
    const auto accepted = dockerStackConfig(text.toStdString());
    QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.errors));

    QVERIFY2(text.contains(original), qPrintable(original));
    QString copy = text;
    copy.replace(copy.indexOf(original), original.size(), broken);
    QVERIFY(copy != text);
    const auto rejected = dockerStackConfig(copy.toStdString());
    QVERIFY2(rejected.exitCode > 0, qPrintable(QStringLiteral("accepted: ") + rejected.output));
    QVERIFY(!rejected.errors.isEmpty());
}

QTEST_GUILESS_MAIN(tst_swarm)
#include "tst_swarm.moc"
