// SPDX-License-Identifier: MIT
// The audit engine on deployments built by hand: what it infers, where it places each finding, and what it
// refuses to call a violation because the files cannot show it. The readers' own tests feed it real files.
#include "importers/audit.h"
#include "importers/read.h"
#include "exporters/model.h"
#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <map>

using namespace importers;

namespace {

/** @brief A planner enum as its plan-file name, so that QCOMPARE prints it. */
template <typename Enum>
std::string named(Enum value)
{
    return std::string(planner::toString(value));
}

SourceLocation at(int line, int column = 7)
{
    return {"compose.yaml", line, column};
}

EnvSetting literal(std::string value, int line)
{
    return {EnvSetting::Kind::Literal, std::move(value), Certainty::Known, at(line), {}};
}

/** @brief One Compose service running Open WebUI, declared at line 2 of compose.yaml. */
Workload openWebUi(int replicas = 1, std::string name = "open-webui")
{
    Workload w;
    w.kind = Workload::Kind::ComposeService;
    w.name = std::move(name);
    w.where = at(2, 3);
    w.image = "ghcr.io/open-webui/open-webui:v0.11.0";
    w.imageWhere = at(3);
    w.replicas = replicas;
    w.replicasWhere = at(5, 17);
    w.data = {DataVolume::Kind::HostLocal, "open-webui", at(9), Certainty::Known, {}};
    return w;
}

ImportedDeployment deploymentOf(std::vector<Workload> workloads, std::vector<CompanionService> companions = {})
{
    ImportedDeployment d;
    d.files = {"compose.yaml"};
    d.workloads = std::move(workloads);
    d.companions = std::move(companions);
    return d;
}

const AuditFinding *finding(const AuditReport &report, std::string_view rule)
{
    for (const auto &f : report.findings)
        if (f.finding.rule == rule)
            return &f;
    return nullptr;
}

const AuditNote *noteContaining(const AuditReport &report, std::string_view text)
{
    for (const auto &n : report.notes)
        if (n.message.find(text) != std::string::npos)
            return &n;
    return nullptr;
}

const InferredFact *fact(const AuditReport &report, std::string_view subject)
{
    for (const auto &f : report.facts)
        if (f.subject == subject)
            return &f;
    return nullptr;
}

CompanionService postgres(std::string maxConnections)
{
    CompanionService s{CompanionService::Role::Postgres, "db", "postgres:16", at(30, 3), {}};
    if (!maxConnections.empty())
        s.settings["max_connections"] = {maxConnections, at(32, 20)};
    return s;
}

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

private slots:
    void threeBareReplicasBreakTheChecklistAtTheirLines()
    {
        const auto report = audit(deploymentOf({openWebUi(3)}));
        QCOMPARE(report.plan.replicas, 3);
        QVERIFY(report.hasErrors());
        // No key, no Redis, SQLite, local Chroma: each at the setting that decides it, or at the service.
        for (const char *rule : {"shared-secret-key", "external-database", "redis-websockets", "external-vector-db", "single-migrator"}) {
            const auto *f = finding(report, rule);
            QVERIFY2(f, rule);
            QCOMPARE(named(f->finding.severity), named(planner::Severity::Error));
            QVERIFY2(!f->where.empty() && f->where.line > 0, rule);
        }
        // The secret key is absent, so the finding sits on the service; replicas are named as related.
        QCOMPARE(finding(report, "shared-secret-key")->where, at(2, 3));
        QVERIFY(finding(report, "shared-secret-key")->related.end() !=
                std::find(finding(report, "shared-secret-key")->related.begin(), finding(report, "shared-secret-key")->related.end(), at(5, 17)));
        QCOMPARE(fact(report, "replicas")->value, std::string("3"));
        QCOMPARE(fact(report, "secret_key")->certainty, Certainty::Known);
    }

    void oneSecretForEveryReplicaIsNotALoginLoop()
    {
        auto w = openWebUi(3);
        w.env["WEBUI_SECRET_KEY"] = {EnvSetting::Kind::SecretReference, "Secret owui-secrets/webui-secret-key", Certainty::Unknown,
                                     at(12), "secretKeyRef"};
        const auto report = audit(deploymentOf({w}));
        QVERIFY(!finding(report, "shared-secret-key"));
        QCOMPARE(named(report.plan.secrets.keyMode), named(planner::SecretKeyMode::External));
        QCOMPARE(report.plan.secrets.externalSecretName, std::string("owui-secrets"));
        QVERIFY(fact(report, "secret_key")->value.find("same on every replica") != std::string::npos);
    }

    void twoServicesWithTheirOwnKeysAreALoginLoop()
    {
        auto a = openWebUi(1, "webui-a");
        a.env["WEBUI_SECRET_KEY"] = literal("alpha-key", 12);
        auto b = openWebUi(1, "webui-b");
        b.where = at(20, 3);
        b.env["WEBUI_SECRET_KEY"] = literal("beta-key", 24);
        const auto report = audit(deploymentOf({a, b}));
        const auto *f = finding(report, "shared-secret-key");
        QVERIFY(f);
        QCOMPARE(named(f->finding.severity), named(planner::Severity::Error));
        QVERIFY(f->finding.message.find("webui-a") != std::string::npos);
        QCOMPARE(f->related.size(), std::size_t(1));
        // The keys themselves are never repeated.
        const std::string json = auditToJson(report).dump();
        QVERIFY(json.find("alpha-key") == std::string::npos);
        QVERIFY(json.find("beta-key") == std::string::npos);
        QVERIFY(report.plan.secrets.webuiSecretKey.empty());
    }

    void whatTheFilesCannotShowIsUnknownNotAViolation()
    {
        auto w = openWebUi(3);
        w.env["WEBUI_SECRET_KEY"] = literal("k", 12);
        w.env["DATABASE_URL"] = literal("postgresql://owui@db:5432/owui", 13);
        w.env["VECTOR_DB"] = literal("qdrant", 14);
        w.env["QDRANT_URI"] = literal("http://qdrant:6333", 15);
        w.opaqueEnv.push_back({"env_file prod.env (not found beside compose.yaml)", at(11)});
        const auto report = audit(deploymentOf({w}, {postgres("200")}));
        // REDIS_URL may come from prod.env: the websocket rules are undecided, not errors.
        QVERIFY(!finding(report, "redis-websockets"));
        QVERIFY(!finding(report, "redis-config-sync"));
        const auto *note = noteContaining(report, "\"redis-websockets\"");
        QVERIFY(note);
        QCOMPARE(note->kind, AuditNote::Kind::Unknown);
        QVERIFY(note->message.find("prod.env") != std::string::npos);
        QCOMPARE(note->where, at(11));
        // What the files do show still counts: PostgreSQL and Qdrant are known, so those rules are quiet.
        QVERIFY(!finding(report, "external-database"));
        QVERIFY(!finding(report, "external-vector-db"));
        QVERIFY(report.plan.auditOrigin);
        const auto &unknown = report.plan.auditOrigin->unknown;
        QVERIFY(std::find(unknown.begin(), unknown.end(), "/redis/mode") == unknown.end() ||
                std::find(unknown.begin(), unknown.end(), "/expected_users") != unknown.end());
        QVERIFY(report.plan.description.find("expected_users") != std::string::npos);
    }

    void theBudgetIsPlacedAtThePoolAndComputedOnlyWhenTheServerIsInTheFiles()
    {
        auto w = openWebUi(4);
        w.env["WEBUI_SECRET_KEY"] = literal("k", 12);
        w.env["DATABASE_URL"] = literal("postgresql://owui:pw@db:5432/owui", 13);
        w.env["DATABASE_POOL_SIZE"] = literal("20", 14);
        w.env["DATABASE_POOL_MAX_OVERFLOW"] = literal("10", 15);
        w.env["REDIS_URL"] = literal("redis://redis:6379/0", 16);
        w.env["WEBSOCKET_MANAGER"] = literal("redis", 17);
        const auto report = audit(deploymentOf({w}, {postgres("50")}));
        QCOMPARE(report.plan.database.maxConnections, 50);
        QCOMPARE(report.plan.database.host, std::string("db"));
        QCOMPARE(report.plan.database.user, std::string("owui"));
        const auto *budget = finding(report, "connection-budget");
        QVERIFY(budget);
        QCOMPARE(budget->where, at(14));
        const auto json = auditToJson(report);
        QCOMPARE(json["budget"]["processes"], 4);
        QVERIFY(!json["budget"].contains("computable"));
        // The password never leaves the file.
        QVERIFY(json.dump().find(":pw@") == std::string::npos);

        // An external server: max_connections is not in the files, so the budget is not judged.
        const auto external = audit(deploymentOf({w}));
        QVERIFY(!finding(external, "connection-budget"));
        QVERIFY(noteContaining(external, "\"connection-budget\""));
        QCOMPARE(auditToJson(external)["budget"]["computable"], false);
    }

    void aPoolOnSqliteIsSaidToDoNothing()
    {
        auto w = openWebUi(1);
        w.env["DATABASE_POOL_SIZE"] = literal("20", 14);
        const auto report = audit(deploymentOf({w}));
        const auto *note = noteContaining(report, "DATABASE_POOL_SIZE has no effect");
        QVERIFY(note);
        QCOMPARE(note->where, at(14));
        w.env["DATABASE_URL"] = literal("postgresql://owui@db:5432/owui", 13);
        QVERIFY(!noteContaining(audit(deploymentOf({w})), "has no effect"));
    }

    void aMisspeltEnvFieldIsSaidWhereItIs()
    {
        const std::string manifest = "apiVersion: apps/v1\n"
                                     "kind: Deployment\n"
                                     "metadata: {name: owui}\n"
                                     "spec:\n"
                                     "  template:\n"
                                     "    spec:\n"
                                     "      containers:\n"
                                     "        - name: owui\n"
                                     "          image: ghcr.io/open-webui/open-webui:v0.11.0\n"
                                     "          env:\n"
                                     "            - name: ENABLE_OTEL_METRICS\n"
                                     "              vaLUE: \"true\"\n";
        const auto deployment = readDeploymentTexts({{"deployment.yaml", manifest}});
        QVERIFY(deployment);
        const auto report = audit(*deployment);
        const auto *note = noteContaining(report, "has the field 'vaLUE'");
        QVERIFY(note);
        QCOMPARE(note->where, (SourceLocation{"deployment.yaml", 12, 15}));
        QVERIFY(!report.plan.otel.metrics);
    }

    void profiledVariantsAreAlternativesNotReplicas()
    {
        const std::string compose = "services:\n"
                                    "  webui:\n"
                                    "    image: ghcr.io/open-webui/open-webui:main\n"
                                    "    profiles: [cpu]\n"
                                    "  webui-cuda:\n"
                                    "    image: ghcr.io/open-webui/open-webui:cuda\n"
                                    "    profiles: [gpu]\n";
        const auto deployment = readDeploymentTexts({{"compose.yaml", compose}});
        QVERIFY(deployment);
        QCOMPARE(deployment->workloads.size(), std::size_t(1));
        const auto report = audit(*deployment);
        QCOMPARE(report.plan.replicas, 1);
        QVERIFY(!finding(report, "external-database"));
        QVERIFY(noteContaining(report, "webui-cuda runs only when its profile is asked for"));

        // An unprofiled service always runs: the profiled ones are not counted beside it.
        const auto mixed = readDeploymentTexts({{"compose.yaml", "services:\n"
                                                                 "  webui:\n"
                                                                 "    image: ghcr.io/open-webui/open-webui:main\n"
                                                                 "  webui-cuda:\n"
                                                                 "    image: ghcr.io/open-webui/open-webui:cuda\n"
                                                                 "    profiles: [gpu]\n"}});
        QVERIFY(mixed);
        QCOMPARE(mixed->workloads.size(), std::size_t(1));
        QCOMPARE(mixed->workloads.front().name, std::string("webui"));
    }

    void aDatabaseInASecretIsNotGivenAHost()
    {
        auto w = openWebUi(1);
        w.env["DATABASE_URL"] = {EnvSetting::Kind::SecretReference, "Secret owui/database-url", Certainty::Unknown, at(13), {}};
        const auto report = audit(deploymentOf({w}));
        QCOMPARE(fact(report, "database")->value, std::string("PostgreSQL, server unknown"));
        QCOMPARE(fact(report, "database")->certainty, Certainty::Unknown);
    }

    void redisForWebsocketsOnlyIsCaught()
    {
        auto w = openWebUi(2);
        w.env["WEBUI_SECRET_KEY"] = literal("k", 12);
        w.env["WEBSOCKET_REDIS_URL"] = literal("redis://redis:6379/0", 16);
        w.env["WEBSOCKET_MANAGER"] = literal("redis", 17);
        const auto report = audit(deploymentOf({w}));
        const auto *sync = finding(report, "redis-config-sync");
        QVERIFY(sync);
        QCOMPARE(sync->where, at(16));

        auto noManager = openWebUi(2);
        noManager.env["REDIS_URL"] = literal("redis://redis:6379/0", 16);
        const auto second = audit(deploymentOf({noManager}));
        const auto *websockets = finding(second, "redis-websockets");
        QVERIFY(websockets);
        QVERIFY(websockets->finding.message.find("WEBSOCKET_MANAGER") != std::string::npos);
        QVERIFY(!finding(second, "redis-config-sync"));
    }

    void aRedisNobodyWiresIsSaid()
    {
        CompanionService redis{CompanionService::Role::Redis, "redis", "redis:7", at(40, 3), {}};
        const auto report = audit(deploymentOf({openWebUi(2)}, {redis}));
        QVERIFY(finding(report, "redis-websockets"));
        const auto *note = noteContaining(report, "Open WebUI does not use it");
        QVERIFY(note);
        QCOMPARE(note->where, at(40, 3));
    }

    void globalModeSaysWhatHappensOnSeveralNodes()
    {
        auto w = openWebUi(1);
        w.kind = Workload::Kind::SwarmService;
        w.orchestrator = planner::Orchestrator::Swarm;
        w.onePerNode = true;
        w.replicasCertainty = Certainty::Unknown;
        const auto report = audit(deploymentOf({w}));
        // One node is a single process: no multi-process error is claimed as fact.
        QVERIFY(!finding(report, "redis-websockets"));
        const auto *note = noteContaining(report, "more than one node (\"redis-websockets\")");
        QVERIFY(note);
        QCOMPARE(named(note->severity), named(planner::Severity::Error));
        QVERIFY(fact(report, "replicas")->value.find("one per node") != std::string::npos);
        QCOMPARE(fact(report, "replicas")->certainty, Certainty::Unknown);
    }

    void misspeltVariablesNameTheRealOne()
    {
        auto w = openWebUi(1);
        w.env["WEBUI_SECERT_KEY"] = literal("k", 12);
        w.env["DATABASE_POOL_SIZ"] = literal("10", 13);
        w.env["ENABLE_WEBSOCKETS_SUPPORT_NOW"] = literal("true", 14);
        w.env["TZ"] = literal("Europe/Paris", 15);
        w.env["HTTP_PROXY"] = literal("http://proxy:3128", 16);
        w.env["WEBUI_SECRET_KEY_FILE"] = literal("/run/secrets/key", 17);
        const auto report = audit(deploymentOf({w}));
        const auto *secret = noteContaining(report, "WEBUI_SECERT_KEY");
        QVERIFY(secret);
        QCOMPARE(secret->kind, AuditNote::Kind::Misspelling);
        QCOMPARE(named(secret->severity), named(planner::Severity::Warning));
        QVERIFY(secret->message.find("did you mean WEBUI_SECRET_KEY?") != std::string::npos);
        QCOMPARE(secret->where, at(12));
        QVERIFY(noteContaining(report, "did you mean DATABASE_POOL_SIZE?"));
        const auto *invented = noteContaining(report, "ENABLE_WEBSOCKETS_SUPPORT_NOW looks like an Open WebUI variable");
        QVERIFY(invented);
        QVERIFY2(invented->message.find("the nearest real one is ENABLE_WEBSOCKET_SUPPORT") != std::string::npos, invented->message.c_str());
        QVERIFY(!noteContaining(report, "TZ "));
        QVERIFY(!noteContaining(report, "HTTP_PROXY"));
        QVERIFY(!noteContaining(report, "WEBUI_SECRET_KEY_FILE"));
    }

    void hostileValuesAreRefusedWhereTheyWereRead()
    {
        auto w = openWebUi(1);
        w.env["DATABASE_URL"] = literal("postgresql://owui@db$(reboot):5432/owui", 13);
        w.env["UVICORN_WORKERS"] = literal("four", 14);
        w.env["REDIS_KEY_PREFIX"] = literal("owui\x1b[2J", 15);
        const auto report = audit(deploymentOf({w}));
        QCOMPARE(report.plan.database.host, planner::Plan{}.database.host);
        const auto *database = noteContaining(report, "DATABASE_URL");
        QVERIFY(database);
        QCOMPARE(database->where, at(13));
        const auto *workers = noteContaining(report, "UVICORN_WORKERS=four");
        QVERIFY(workers);
        QCOMPARE(named(workers->severity), named(planner::Severity::Error));
        QVERIFY(report.hasErrors());
        QCOMPARE(report.plan.redis.keyPrefix, planner::Plan{}.redis.keyPrefix);
        QVERIFY(noteContaining(report, "REDIS_KEY_PREFIX"));
        // Whatever was read, the inferred plan is a plan a file can hold.
        QVERIFY(planner::planFromJson(planner::planToJsonText(report.plan)).has_value());
    }

    void percentEscapesThatDecodeToNoTextStayText()
    {
        // Found by fuzz_import_kubernetes: `%ee` alone decodes to a byte that is no UTF-8, and the plan is JSON.
        auto w = openWebUi(1);
        w.env["DATABASE_URL"] = literal("postgresql://us%ffer:pw@db:5432/owui%ee", 13);
        const auto report = audit(deploymentOf({w}));
        QCOMPARE(report.plan.database.host, std::string("db"));
        const std::string json = planner::planToJsonText(report.plan);
        QVERIFY(planner::planFromJson(json).has_value());
        QVERIFY2(json.find("\xEF\xBF\xBD") != std::string::npos || report.plan.database.name == planner::Plan{}.database.name,
                 json.c_str());
    }

    /**
     * The inverse of the exporter: every preset's own variables, as a deployment would carry them, audit back to
     * the preset's settings. A variable the exporter writes under a name the audit does not read fails here.
     */
    void theBundlesOwnVariablesAuditBackToThePlan_data()
    {
        QTest::addColumn<QString>("preset");
        for (const char *name : {"single-user", "small-team", "multi-worker", "high-availability", "large-scale"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void theBundlesOwnVariablesAuditBackToThePlan()
    {
        QFETCH(QString, preset);
        const auto read = planner::readPlanFile(std::string(OWUI_PRESET_DIR) + "/" + preset.toStdString() + ".json");
        QVERIFY(read);
        const planner::Plan &plan = *read;
        const auto model = exporters::deploymentModel(plan);
        const auto envOf = [&plan](const std::vector<exporters::EnvVar> &vars) {
            std::map<std::string, EnvSetting> env;
            int line = 10;
            for (const auto &var : vars) {
                EnvSetting setting = literal(var.value, ++line);
                if (var.name == "DATABASE_URL")
                    setting.value = "postgresql://" + plan.database.user + ":secret@" + plan.database.host + ":" +
                                    std::to_string(plan.database.port) + "/" + plan.database.name;
                else if (var.secret)
                    setting = {EnvSetting::Kind::SecretReference, "Secret owui-secrets/" + var.name, Certainty::Unknown, at(line), {}};
                env[var.name] = setting;
            }
            return env;
        };
        Workload app = openWebUi(plan.replicas);
        app.orchestrator = plan.orchestrator;
        app.image = "ghcr.io/open-webui/open-webui:" + model.imageTag;
        app.env = envOf(model.app);
        if (plan.autoscaling.enabled) {
            app.autoscalingMin = plan.autoscaling.minReplicas;
            app.autoscalingMax = plan.autoscaling.maxReplicas;
            app.autoscalingWhere = at(50);
        }
        if (plan.storage.kind == planner::StorageKind::SharedVolume)
            app.data.kind = DataVolume::Kind::Shared;
        else if (plan.orchestrator == planner::Orchestrator::Kubernetes || planner::isCloudStorage(plan.storage.kind))
            app.data.kind = DataVolume::Kind::NodeLocal;
        std::vector<Workload> workloads{app};
        if (plan.migrations != planner::MigrationMode::EveryInstance) {
            Workload migrator = app;
            migrator.name = "migrator";
            migrator.kind = plan.migrations == planner::MigrationMode::Job ? Workload::Kind::Job : Workload::Kind::ComposeService;
            migrator.replicas = 1;
            migrator.autoscalingMax.reset();
            migrator.env = envOf(model.migrator);
            if (plan.migrations == planner::MigrationMode::Primary)
                workloads.front().replicas -= 1;
            workloads.push_back(migrator);
        }
        std::vector<CompanionService> companions;
        if (plan.isPostgres()) {
            auto server = postgres(std::to_string(plan.database.maxConnections));
            server.name = plan.database.host;
            companions.push_back(server);
        }
        if (plan.hasRedis()) {
            CompanionService redis{CompanionService::Role::Redis, plan.redis.host, "redis:7", at(60), {}};
            redis.settings["maxclients"] = {std::to_string(plan.redis.maxClients), at(61)};
            redis.settings["timeout"] = {std::to_string(plan.redis.timeoutSeconds), at(61)};
            companions.push_back(redis);
        }
        const auto report = audit(deploymentOf(workloads, companions));
        for (const auto &note : report.notes)
            QVERIFY2(note.kind != AuditNote::Kind::Misspelling, note.message.c_str());
        const auto &got = report.plan;
        QCOMPARE(got.replicas, plan.replicas);
        QCOMPARE(got.workers, plan.workers);
        QCOMPARE(named(got.database.kind), named(plan.database.kind));
        QCOMPARE(got.database.host, plan.database.host);
        QCOMPARE(got.database.name, plan.database.name);
        QCOMPARE(got.database.poolSize, plan.database.poolSize);
        QCOMPARE(got.database.maxOverflow, plan.database.maxOverflow);
        QCOMPARE(got.database.maxConnections, plan.database.maxConnections);
        QCOMPARE(named(got.redis.mode), named(plan.redis.mode));
        QCOMPARE(got.redis.maxClients, plan.redis.maxClients);
        QCOMPARE(named(got.vectorDb.kind), named(plan.vectorDb.kind));
        QCOMPARE(got.vectorDb.pgvectorPoolSize, plan.vectorDb.pgvectorPoolSize);
        QCOMPARE(named(got.storage.kind), named(plan.storage.kind));
        QCOMPARE(got.storage.bucket, plan.storage.bucket);
        QCOMPARE(named(got.migrations), named(plan.migrations));
        QCOMPARE(named(got.secrets.keyMode == planner::SecretKeyMode::Unset ? got.secrets.keyMode : planner::SecretKeyMode::External),
                 named(plan.secrets.keyMode == planner::SecretKeyMode::Unset ? plan.secrets.keyMode : planner::SecretKeyMode::External));
        QCOMPARE(got.websocketSupport, plan.websocketSupport);
        QCOMPARE(got.threadPoolSize, plan.threadPoolSize);
        QCOMPARE(got.userActiveStatusUpdateIntervalSeconds, plan.userActiveStatusUpdateIntervalSeconds);
        QCOMPARE(got.orjson, plan.orjson);
        QCOMPARE(got.otel, plan.otel);
        QCOMPARE(got.corsAllowOrigins, plan.corsAllowOrigins);
        QCOMPARE(got.loadBalancer.publicUrl, plan.loadBalancer.publicUrl);
        QCOMPARE(got.autoscaling, plan.autoscaling);
        QCOMPARE(named(got.embeddings), named(plan.embeddings));
        QCOMPARE(named(got.contentExtraction), named(plan.contentExtraction));
        // The preset's own findings, no more: what the audit adds on top comes only from what the plan cannot say.
        for (const auto &placed : report.findings)
            QVERIFY2(planner::evaluate(plan).find(placed.finding.rule) || placed.finding.rule == "load-balancer-websocket" ||
                         placed.finding.severity == planner::Severity::Info,
                     (placed.finding.rule + ": " + placed.finding.message).c_str());
    }

    void excerptsNeverShowACredential_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("shown");
        QTest::newRow("compose map") << "      WEBUI_SECRET_KEY: \"s3cr3t\"" << "      WEBUI_SECRET_KEY: ••••••";
        QTest::newRow("compose list") << "      - WEBUI_SECRET_KEY=s3cr3t" << "      - WEBUI_SECRET_KEY=••••••";
        QTest::newRow("env file") << "S3_SECRET_ACCESS_KEY=abc" << "S3_SECRET_ACCESS_KEY=••••••";
        QTest::newRow("password") << "  POSTGRES_PASSWORD: hunter2" << "  POSTGRES_PASSWORD: ••••••";
        QTest::newRow("url password") << "  DATABASE_URL: postgresql://owui:hunter2@db:5432/owui"
                                      << "  DATABASE_URL: postgresql://owui:••••••@db:5432/owui";
        QTest::newRow("interpolated stays") << "  WEBUI_SECRET_KEY: ${WEBUI_SECRET_KEY}" << "  WEBUI_SECRET_KEY: ${WEBUI_SECRET_KEY}";
        QTest::newRow("a _FILE path stays") << "  WEBUI_SECRET_KEY_FILE: /run/secrets/key" << "  WEBUI_SECRET_KEY_FILE: /run/secrets/key";
        QTest::newRow("a switch stays") << "  ENABLE_API_KEY: true" << "  ENABLE_API_KEY: true";
        QTest::newRow("other lines stay") << "      replicas: 3" << "      replicas: 3";
        QTest::newRow("a secretKeyRef stays") << "            secretKeyRef:" << "            secretKeyRef:";
        QTest::newRow("the entry it names stays") << "              key: webui-secret-key" << "              key: webui-secret-key";
        QTest::newRow("helm camelCase") << "    secretKey: abc" << "    secretKey: ••••••";
    }

    void excerptsNeverShowACredential()
    {
        QFETCH(QString, line);
        QFETCH(QString, shown);
        QCOMPARE(QString::fromStdString(redactedLine(line.toStdString())), shown);
    }

    void theInferredPlanIsAPlan()
    {
        auto w = openWebUi(3);
        w.env["WEBUI_SECRET_KEY"] = literal("k", 12);
        w.env["DATABASE_URL"] = literal("postgresql://owui@db:5432/owui", 13);
        w.env["REDIS_URL"] = literal("redis://redis:6379/0", 16);
        w.env["WEBSOCKET_MANAGER"] = literal("redis", 17);
        w.env["UVICORN_WORKERS"] = literal("2", 18);
        w.env["CORS_ALLOW_ORIGIN"] = literal("https://chat.example.org;https://chat.example.com", 19);
        w.env["CONTENT_EXTRACTION_ENGINE"] = literal("tika", 20);
        w.env["WEBUI_NAME"] = literal("Acme Chat", 21);
        // Found by fuzz_import_compose: a value with a control character, which no plan file may hold.
        w.env["WEBUI_URL"] = literal(std::string("https://chat\x1b[31m.example.org"), 22);
        const auto report = audit(deploymentOf({w}, {postgres("")}));
        const auto &plan = report.plan;
        QCOMPARE(plan.workers, 2);
        QCOMPARE(named(plan.redis.mode), named(planner::RedisMode::Single));
        QCOMPARE(plan.corsAllowOrigins.size(), std::size_t(2));
        QCOMPARE(plan.imageTag, std::string("v0.11.0"));
        QCOMPARE(named(plan.secrets.keyMode), named(planner::SecretKeyMode::Generated));
        // The companion sets no max_connections: PostgreSQL's own 100, known.
        QCOMPARE(plan.database.maxConnections, 100);
        QVERIFY(!noteContaining(report, "\"connection-budget\""));
        const auto text = planner::planToJsonText(plan);
        const auto back = planner::planFromJson(text);
        QVERIFY2(back.has_value(), back ? "" : back.error().describe().c_str());
        QVERIFY(plan.auditOrigin);
        const auto &origin = *plan.auditOrigin;
        QCOMPARE(origin.files, std::vector<std::string>{"compose.yaml"});
        QVERIFY(std::find(origin.persistentConfig.begin(), origin.persistentConfig.end(),
                          std::pair<std::string, std::string>{"CONTENT_EXTRACTION_ENGINE", "tika"}) != origin.persistentConfig.end());
        QVERIFY(std::none_of(origin.persistentConfig.begin(), origin.persistentConfig.end(),
                             [](const auto &entry) { return entry.first == "WEBUI_URL"; }));
        for (const auto &[pointer, value] : origin.settings)
            QVERIFY2(pointer.find("webui_secret_key") == std::string::npos, pointer.c_str());
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
