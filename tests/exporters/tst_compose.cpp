// SPDX-License-Identifier: MIT
// compose.yaml for every preset and a spread of plans: accepted by the real docker-compose,
// and shaped as the plan says (variables, secrets by reference, load balancer, one migrator).
#include "../common/testplans.h"
#include "exporters/bundle.h"
#include "exporters/model.h"
#include "exporters/targets.h"
#include "planner/planfile.h"

#include <yaml-cpp/yaml.h>

#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include <filesystem>

using namespace exporters;
using planner::Plan;

Q_DECLARE_METATYPE(planner::Plan)

using testplans::from;
using testplans::presetPlan;

namespace {

/**
 * @brief Runs a validator with a deadline (killed after it); returns its exit code and what it printed.
 * The code is -1 when it did not start, crashed or timed out, so only a real answer reads as > 0.
 */
std::pair<int, QString> run(const QString &program, const QStringList &arguments, const QString &folder)
{
    QProcess process;
    process.setWorkingDirectory(folder);
    process.start(program, arguments);
    if (!process.waitForFinished(60000)) {
        const auto why = process.errorString();
        process.kill();
        process.waitForFinished(5000);
        return {-1, QStringLiteral("did not finish: ") + why};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError())};
}

std::string unescapeDollars(std::string text)
{
    for (auto at = text.find("$$"); at != std::string::npos; at = text.find("$$", at + 1))
        text.erase(at, 1);
    return text;
}

} // namespace

class tst_compose : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptedByDockerCompose_data();
    void acceptedByDockerCompose();
    void validatorRejectsABrokenFile();
    void quotingSurvivesAParser();
    void embeddingKeyComesFromEnv();
    void compressingBalancerCompresses();
};

void tst_compose::acceptedByDockerCompose_data()
{
    QTest::addColumn<Plan>("plan");
    for (const char *id : {"single-user", "small-team", "multi-worker", "high-availability", "large-scale"})
        QTest::newRow(id) << presetPlan(id);

    const Plan fleet = presetPlan("high-availability");
    QTest::newRow("defaults, key left to start.sh") << Plan{};
    QTest::newRow("3 replicas, qdrant bundled, shared volume, job") << from(fleet, [](Plan &p) {
        p.orchestrator = planner::Orchestrator::Compose;
        p.vectorDb.url.clear();
        p.migrations = planner::MigrationMode::Job;
    });
    QTest::newRow("sentinel on external hosts") << from(fleet, [](Plan &p) {
        p.redis.mode = planner::RedisMode::Sentinel;
        p.redis.sentinelHosts = {"sentinel-a", "sentinel-b"};
        p.redis.socketConnectTimeoutSeconds = 5;
    });
    QTest::newRow("chroma over HTTP, docling, OTEL over HTTP") << from(fleet, [](Plan &p) {
        p.vectorDb.kind = planner::VectorDb::ChromaHttp;
        p.vectorDb.url.clear();
        p.contentExtraction = planner::ContentExtraction::Docling;
        p.otel = {true, "http://otel-collector:4318", planner::OtelProtocol::Http, true, true, true, true, 60000};
    });
    QTest::newRow("external PostgreSQL, sticky nginx, dollar in an origin") << from(fleet, [](Plan &p) {
        p.database.host = "db.internal.example";
        p.loadBalancer = {planner::LoadBalancerKind::Nginx, true, true, "https://chat.example.org"};
        p.corsAllowOrigins = {"https://chat.example.org", "https://a$b.example.org"};
    });
    QTest::newRow("4 workers, pgvector on another server") << from(presetPlan("multi-worker"), [](Plan &p) {
        p.vectorDb.pgvectorSameServer = false;
    });
    QTest::newRow("s3 on AWS, ollama embeddings, v0.11 tuning") << from(fleet, [](Plan &p) {
        p.orchestrator = planner::Orchestrator::Compose;
        p.storage = {planner::StorageKind::S3, "owui-files", "eu-west-1", {}, 2};
        p.embeddings = planner::EmbeddingEngine::Ollama;
        p.orjson = true;
        p.compressionMiddleware = false;
        p.loadBalancer.compresses = true;
        p.redis.starSessions = true;
        p.persistentConfig = false;
    });
    QTest::newRow("azure storage, openai-compatible embeddings") << from(fleet, [](Plan &p) {
        p.storage = {planner::StorageKind::Azure, "owui", {}, "https://acct.blob.core.windows.net", 2};
        p.embeddings = planner::EmbeddingEngine::OpenAI;
        p.embeddingBaseUrl = "https://llm.internal.example/v1";
    });
}

void tst_compose::acceptedByDockerCompose()
{
    QFETCH(Plan, plan);
    const auto model = deploymentModel(plan);
    ExportOptions options;
    options.formats = {Format::Compose};
    options.allowFindings = true;
    const auto secrets = generateSecrets(plan);
    QVERIFY(secrets.has_value());
    auto files = buildBundle(plan, options, *secrets);
    QVERIFY(files.has_value());
    // Placeholders for what the operator fills in, so that config can interpolate every reference.
    for (auto &file : *files)
        if (file.path == ".env")
            for (const auto &spec : model.secrets)
                if (!secrets->count(spec.name))
                    file.content += spec.name + "=operator-supplied\n";
    QTemporaryDir tmp;
    const std::filesystem::path folder = tmp.path().toStdString() + "/bundle";
    QVERIFY(writeBundle(*files, folder, false).has_value());

    const auto [code, output] = run(QStringLiteral("docker-compose"), {QStringLiteral("-f"), QStringLiteral("compose.yaml"),
                                                                        QStringLiteral("config"), QStringLiteral("-q")},
                                    QString::fromStdString(folder.string()));
    QVERIFY2(code == 0, qPrintable(output));

    const auto doc = YAML::LoadFile((folder / "compose.yaml").string());
    const auto webui = doc["services"]["open-webui"];
    QVERIFY(webui.IsMap());
    QCOMPARE(webui["image"].as<std::string>(), "ghcr.io/open-webui/open-webui:" + plan.imageTag);
    const auto env = webui["environment"];
    // Every variable of the shared model, with the same value; secrets only as ${NAME...} references.
    for (const auto &var : model.app) {
        QVERIFY2(env[var.name].IsDefined(), var.name.c_str());
        const auto value = env[var.name].as<std::string>();
        if (var.secret)
            QVERIFY2(value.rfind("${" + var.name + ":?", 0) == 0, value.c_str());
        else
            QCOMPARE(unescapeDollars(value), var.value);
    }
    QCOMPARE(std::size_t(env.size()), model.app.size());

    // In primary mode one more container, open-webui-primary, runs beside the replicas and migrates.
    const auto primary = doc["services"]["open-webui-primary"];
    QCOMPARE(bool(primary), model.migratingPrimary());
    const int replicas = webui["deploy"] ? webui["deploy"]["replicas"].as<int>() : 1;
    QCOMPARE(replicas + (primary ? 1 : 0), plan.replicas);
    if (primary) {
        QCOMPARE(primary["environment"]["ENABLE_DB_MIGRATIONS"].as<std::string>(), std::string("true"));
        QCOMPARE(env["ENABLE_DB_MIGRATIONS"].as<std::string>(), std::string("false"));
        QCOMPARE(webui["depends_on"]["open-webui-primary"]["condition"].as<std::string>(), std::string("service_healthy"));
        QVERIFY(!primary["deploy"]);
    }
    const bool balanced = bool(doc["services"]["load-balancer"]);
    QCOMPARE(balanced, model.services.loadBalancer);
    // Only one thing publishes the port: the balancer when there is one.
    QCOMPARE(bool(webui["ports"]), !balanced);
    if (balanced) {
        const auto conf = QString::fromStdString(std::find_if(files->begin(), files->end(), [](const BundleFile &f) {
                                                     return f.path == "nginx.conf";
                                                 })->content);
        QVERIFY(conf.contains(QStringLiteral("proxy_set_header Upgrade $http_upgrade")));
        QVERIFY(conf.contains(QStringLiteral("proxy_buffering off")));
    }

    const auto migrate = doc["services"]["migrate"];
    QCOMPARE(bool(migrate), model.migrationJob());
    if (model.migrationJob()) {
        QCOMPARE(env["ENABLE_DB_MIGRATIONS"].as<std::string>(), std::string("false"));
        QCOMPARE(migrate["environment"]["ENABLE_DB_MIGRATIONS"].as<std::string>(), std::string("true"));
        QCOMPARE(webui["depends_on"]["migrate"]["condition"].as<std::string>(), std::string("service_completed_successfully"));
    }
    QCOMPARE(bool(doc["services"]["postgres"]), model.services.postgres);
    QCOMPARE(bool(doc["services"]["redis"]), model.services.redis);
    if (model.services.redis) {
        const auto command = doc["services"]["redis"]["command"].as<std::vector<std::string>>();
        const auto timeout = std::find(command.begin(), command.end(), "--timeout");
        QVERIFY(timeout != command.end());
        QCOMPARE(*(timeout + 1), std::to_string(plan.redis.timeoutSeconds));
    }
}

void tst_compose::validatorRejectsABrokenFile()
{
    // The validator is really consulted: a replica count that is not a number is refused. A missing
    // docker-compose or one that does not start is a failure here, not a pass (run() returns -1 then).
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("docker-compose")).isEmpty(), "docker-compose is not installed");
    QTemporaryDir tmp;
    QFile file(tmp.filePath(QStringLiteral("compose.yaml")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("services:\n  web:\n    image: busybox\n    deploy:\n      replicas: two\n");
    file.close();
    const auto [code, output] = run(QStringLiteral("docker-compose"),
                                    {QStringLiteral("-f"), QStringLiteral("compose.yaml"), QStringLiteral("config"), QStringLiteral("-q")},
                                    tmp.path());
    QVERIFY2(code > 0, qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("\"two\" is not a valid integer")), qPrintable(output));
}

void tst_compose::quotingSurvivesAParser()
{
    // Strings a YAML 1.1 parser would turn into booleans, floats, sexagesimals or octals stay strings.
    const auto model = deploymentModel(presetPlan("large-scale"));
    const auto files = renderCompose(presetPlan("large-scale"), model);
    const std::string &text = files.front().content;
    QVERIFY(text.find("UVICORN_WORKERS: \"1\"") != std::string::npos);
    QVERIFY(text.find("ENABLE_OTEL_LOGS: \"false\"") != std::string::npos);
    QVERIFY(text.find("\"3000:80\"") != std::string::npos);
    const auto doc = YAML::Load(text);
    QCOMPARE(doc["services"]["open-webui"]["environment"]["ENABLE_WEBSOCKET_SUPPORT"].Tag(), std::string("!"));
}

void tst_compose::embeddingKeyComesFromEnv()
{
    // The key is the operator's: referenced with a hint, left empty in .env to fill in, never generated.
    const Plan plan = from(presetPlan("large-scale"), [](Plan &p) { p.orchestrator = planner::Orchestrator::Compose; });
    const auto secrets = generateSecrets(plan);
    QVERIFY(!secrets->count("RAG_OPENAI_API_KEY"));
    const auto files = buildBundle(plan, {}, *secrets);
    QVERIFY(files.has_value());
    const auto compose = YAML::Load(std::find_if(files->begin(), files->end(), [](const BundleFile &f) {
                                        return f.path == "compose.yaml";
                                    })->content);
    const auto env = compose["services"]["open-webui"]["environment"];
    QCOMPARE(env["RAG_OPENAI_API_KEY"].as<std::string>(),
             std::string("${RAG_OPENAI_API_KEY:?set RAG_OPENAI_API_KEY in .env}"));
    QCOMPARE(env["RAG_EMBEDDING_ENGINE"].as<std::string>(), std::string("openai"));
    QCOMPARE(env["RAG_EMBEDDING_MODEL"].as<std::string>(), std::string("text-embedding-3-small"));
    QCOMPARE(env["RAG_OPENAI_API_BASE_URL"].as<std::string>(), std::string("https://api.openai.com/v1"));
    const auto &dotEnv = std::find_if(files->begin(), files->end(), [](const BundleFile &f) { return f.path == ".env"; })->content;
    QVERIFY(dotEnv.find("(not generated: fill in)\nRAG_OPENAI_API_KEY=\n") != std::string::npos);
}

void tst_compose::compressingBalancerCompresses()
{
    const Plan fleet = from(presetPlan("high-availability"), [](Plan &p) { p.orchestrator = planner::Orchestrator::Compose; });
    const auto confOf = [](const Plan &plan) {
        for (const auto &file : renderCompose(plan, deploymentModel(plan)))
            if (file.path == "nginx.conf")
                return file.content;
        return std::string();
    };
    QVERIFY(confOf(fleet).find("gzip") == std::string::npos);
    const auto conf = confOf(from(fleet, [](Plan &p) { p.loadBalancer.compresses = true; }));
    QVERIFY(conf.find("    gzip on;\n") != std::string::npos);
    // Streamed answers are not held back for compression.
    QVERIFY(conf.find("event-stream") == std::string::npos);
}

QTEST_GUILESS_MAIN(tst_compose)
#include "tst_compose.moc"
