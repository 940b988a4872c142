// SPDX-License-Identifier: MIT
// Plan files: the JSON format both ways, every way a file can be wrong, secrets, atomic saves and applyChanges.
#include "planner/budget.h"
#include "planner/boundedfile.h"
#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <set>
#include <string>
#include <QElapsedTimer>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace planner;

Q_DECLARE_METATYPE(planner::Plan)

namespace planner {
// Found by QCOMPARE through argument-dependent lookup.
char *toString(ErrorCode code)
{
    return qstrdup(code == ErrorCode::Io ? "Io" : "InvalidInput");
}
} // namespace planner

namespace {

const QString kDataDir = QStringLiteral(TEST_DATA_DIR);

/** @brief Every setting away from its default, matching tests/data/planfile-complete.json. */
Plan completePlan()
{
    Plan plan;
    plan.name = "Complete plan";
    plan.description = "Every setting away from Open WebUI's default, written by hand in its own key order.";
    plan.expectedUsers = 750;
    plan.orchestrator = Orchestrator::Kubernetes;
    plan.replicas = 4;
    plan.workers = 2;
    plan.imageTag = "v0.11.0-cuda";
    plan.websocketSupport = false;
    plan.threadPoolSize = 2000;
    plan.userActiveStatusUpdateIntervalSeconds = 300;
    plan.pipInstallFrontmatter = false;
    plan.contentExtraction = ContentExtraction::Docling;
    plan.embeddings = EmbeddingEngine::Ollama;
    plan.corsAllowOrigins = {"https://chat.example.org", "https://chat.example.com"};
    plan.migrations = MigrationMode::Job;
    plan.rollingUpdateSurge = 2;

    auto &db = plan.database;
    db.kind = DatabaseKind::Postgres;
    db.host = "db.internal";
    db.port = 5433;
    db.name = "webui";
    db.user = "webui_app";
    db.poolSize = 12;
    db.maxOverflow = 8;
    db.poolTimeoutSeconds = 45;
    db.poolRecycleSeconds = 1800;
    db.sessionSharing = true;
    db.maxConnections = 400;
    db.superuserReservedConnections = 5;
    db.otherClientConnections = 20;

    auto &redis = plan.redis;
    redis.mode = RedisMode::Sentinel;
    redis.host = "redis.internal";
    redis.port = 6380;
    redis.sentinelHosts = {"sentinel-a", "sentinel-b", "sentinel-c"};
    redis.sentinelPort = 26380;
    redis.sentinelService = "webui-master";
    redis.socketConnectTimeoutSeconds = 0.1; // not exact in binary: the text must still round-trip to the same double
    redis.keyPrefix = "owui-prod";
    redis.sharedWithOtherInstallations = true;
    redis.maxClients = 20000;
    redis.timeoutSeconds = 1800;
    redis.maxmemoryPolicy = "volatile-lru";
    redis.poolAllowancePerProcess = 9;
    redis.starSessions = true;
    redis.otherClients = 15;

    plan.vectorDb.kind = VectorDb::Pgvector;
    plan.vectorDb.url = "postgresql://vector.internal/vectors";
    plan.vectorDb.pgvectorSameServer = false;
    plan.vectorDb.pgvectorPoolSize = 7;
    plan.vectorDb.pgvectorMaxOverflow = 3;

    plan.storage.kind = StorageKind::S3;
    plan.storage.bucket = "webui-files";
    plan.storage.region = "eu-west-1";
    plan.storage.endpoint = "https://s3.example.org";
    plan.storage.volumeSizeGi = 50;

    plan.otel.enabled = true;
    plan.otel.endpoint = "http://collector:4318";
    plan.otel.protocol = OtelProtocol::Http;
    plan.otel.traces = true;
    plan.otel.metrics = true;
    plan.otel.logs = true;
    plan.otel.insecure = true;
    plan.otel.metricsExportIntervalMs = 30000;

    plan.embeddingModel = "nomic-embed-text";
    plan.embeddingBaseUrl = "http://ollama.internal:11434";
    plan.persistentConfig = false;
    plan.orjson = true;
    plan.compressionMiddleware = false;
    plan.upgradeStrategy = planner::UpgradeStrategy::Recreate;
    plan.loadBalancer.compresses = true;

    plan.secrets.keyMode = SecretKeyMode::Generated;
    plan.secrets.externalSecretName = "webui-secret";
    plan.secrets.storeInPlan = true;
    plan.secrets.webuiSecretKey = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ";

    plan.loadBalancer.kind = LoadBalancerKind::Traefik;
    plan.loadBalancer.stickySessions = true;
    plan.loadBalancer.websocketUpgrade = false;
    plan.loadBalancer.publicUrl = "https://chat.example.org";

    plan.autoscaling = {true, 2, 8};

    // The deployment `audit` read, in key order (the order a file reads back in).
    AuditOrigin origin;
    origin.files = {"deploy/compose.yaml", "deploy/compose.override.yaml"};
    origin.settings = {{"/cors_allow_origins/0", "\"https://old.example.org\""},
                       {"/database/kind", "\"sqlite\""},
                       {"/redis/socket_connect_timeout", "null"},
                       {"/replicas", "2"},
                       {"/websocket_support", "true"}};
    origin.unknown = {"/storage/kind", "/redis/sentinel_hosts"};
    origin.persistentConfig = {{"RAG_EMBEDDING_MODEL", "nomic-embed-text"}, {"WEBUI_URL", "https://old.example.org"}};
    plan.auditOrigin = origin;
    return plan;
}

std::string describeError(const Result<Plan> &result)
{
    return result ? std::string("no error") : result.error().describe();
}

QByteArray readBytes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

/** @brief Permission bits of a file, or -1 when it cannot be stat'ed. */
int fileMode(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 07777);
}

/** @brief Everything in a folder, hidden temporary files included. */
QStringList entriesOf(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

/** @brief The line a parser stopping at the end of `text` should name: the one holding the last character. */
int lastLineOf(const std::string &text)
{
    int line = 1;
    for (std::size_t i = 0; i + 1 < text.size(); ++i)
        if (text[i] == '\n')
            ++line;
    return line;
}

} // namespace

class tst_planfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void completePlanIsFullyNonDefault();
    void completePlanRoundTrips();
    void defaultPlanRoundTrips();
    void formatIsTheFirstKey();
    void handWrittenFileMatchesTheWriter();
    void validInput_data();
    void validInput();
    void malformedInput_data();
    void malformedInput();
    void everyTruncationIsAnError_data();
    void everyTruncationIsAnError();
    void readPlanFileNamesFileAndLine();
    void readPlanFileOfMissingFileIsIo();
    void readPlanFileOfFolderIsIo();
    void readPlanFileRefusesHugeFile();
    void readPlanFileRefusesAFifoWithoutWaiting();
    void readPlanFileRefusesDevices_data();
    void readPlanFileRefusesDevices();
    void readPlanFileNamesAnEmptyPath();
    void readPlanFileRefusesFiftyMegabytes();
    void boundedReadTakesWholeFilesUpToTheLimit();
    void deepNestingIsRefusedBeforeParsing();
    void nestingWithinTheLimitIsParsed();
    void nulByteIsNamedWithItsOffset();
    void utf8ByteOrderMarkIsSkipped();
    void utf16ByteOrderMarkIsRefused();
    void secretsInWrittenFile_data();
    void secretsInWrittenFile();
    void writeFailureLeavesNothingBehind();
    void failedReplaceRemovesTemporaryFile();
    void overwriteReplacesWholeFile();
    void writeWithoutFolderUsesCurrentFolder();
    void hostileStringIsRefused_data();
    void hostileStringIsRefused();
    void targetSafeStringIsAccepted_data();
    void targetSafeStringIsAccepted();
    void applyValidChanges();
    void applyInvalidChange_data();
    void applyInvalidChange();
    void secretsSurviveApplyChanges_data();
    void secretsSurviveApplyChanges();
    void applyChangesCanToggleStoreInPlan();
    void applyChangeIndexesOnlyExistingItems();
    void legacyRedisClientsPerProcess();
    void autoscalingSwitchBringsItsRange();
    void everyEnumeratedSettingOffersItsChoices();
    void vectorDbSwitchClearsTheOldUrl();
    void auditRecordIsWrittenOnlyWithAnOrigin();
    void auditRecordReadsBackInKeyOrder();
    void auditRecordIsRefused_data();
    void auditRecordIsRefused();
    void applyChangesKeepsTheAuditRecord();
};

void tst_planfile::completePlanIsFullyNonDefault()
{
    // A round trip only proves a field is read if its value differs from what a fresh Plan already holds.
    const auto complete = nlohmann::json(planToJson(completePlan())).flatten();
    const auto defaults = nlohmann::json(planToJson(Plan{})).flatten();
    QVERIFY(complete.size() > 60);
    for (const auto &[pointer, value] : complete.items()) {
        if (pointer == "/format")
            continue;
        const bool sameAsDefault = defaults.contains(pointer) && defaults.at(pointer) == value;
        QVERIFY2(!sameAsDefault, pointer.c_str());
    }
}

void tst_planfile::completePlanRoundTrips()
{
    const Plan original = completePlan();
    const auto text = planToJsonText(original);
    const auto parsed = planFromJson(text);
    QVERIFY2(parsed.has_value(), describeError(parsed).c_str());
    QVERIFY(*parsed == original);
    QCOMPARE(planToJsonText(*parsed), text);
}

void tst_planfile::defaultPlanRoundTrips()
{
    const auto text = planToJsonText(Plan{});
    const auto parsed = planFromJson(text);
    QVERIFY2(parsed.has_value(), describeError(parsed).c_str());
    QVERIFY(*parsed == Plan{});

    // Absent keys keep the defaults, so the smallest plan file is the default plan too.
    const auto minimal = planFromJson(R"({"format": 1})");
    QVERIFY2(minimal.has_value(), describeError(minimal).c_str());
    QVERIFY(*minimal == Plan{});
}

void tst_planfile::formatIsTheFirstKey()
{
    for (const Plan &plan : {Plan{}, completePlan()}) {
        const auto text = planToJsonText(plan);
        QVERIFY(text.starts_with("{\n  \"format\": 1,\n"));
        QVERIFY(text.ends_with("}\n"));
        const auto document = nlohmann::ordered_json::parse(text);
        QCOMPARE(QString::fromStdString(document.begin().key()), QStringLiteral("format"));
        QCOMPARE(document.at("format").get<int>(), kPlanFormat);
    }
}

void tst_planfile::handWrittenFileMatchesTheWriter()
{
    // The fixture pins the key names independently of planToJson: a key renamed on both sides would slip past a round trip.
    const QString path = kDataDir + QStringLiteral("/planfile-complete.json");
    const auto read = readPlanFile(path.toStdString());
    QVERIFY2(read.has_value(), describeError(read).c_str());
    QVERIFY(*read == completePlan());

    const auto handWritten = nlohmann::json::parse(readBytes(path).toStdString());
    const auto written = nlohmann::json::parse(planToJsonText(completePlan()));
    QCOMPARE(QString::fromStdString(written.dump()), QString::fromStdString(handWritten.dump()));
}

void tst_planfile::validInput_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<Plan>("expected");

    Plan nulls;
    QTest::newRow("null keeps optional settings unset")
        << QByteArray(R"({"format":1,"thread_pool_size":null,"database":{"pool_size":null},
                          "redis":{"socket_connect_timeout":null},"vector_db":{"pgvector_pool_size":null}})")
        << nulls;

    Plan siblings;
    siblings.redis.host = "cache";
    siblings.database.host = "db";
    QTest::newRow("the same key in sibling objects is not a duplicate")
        << QByteArray(R"({"format":1,"redis":{"host":"cache"},"database":{"host":"db"}})") << siblings;

    Plan disabledAutoscaling;
    disabledAutoscaling.replicas = 9;
    disabledAutoscaling.autoscaling = {false, 2, 4};
    QTest::newRow("replicas outside disabled autoscaling bounds")
        << QByteArray(R"({"format":1,"replicas":9,"autoscaling":{"enabled":false,"min_replicas":2,"max_replicas":4}})")
        << disabledAutoscaling;

    Plan upperBounds;
    upperBounds.replicas = 1000;
    upperBounds.workers = 64;
    upperBounds.database.port = 65535;
    upperBounds.database.maxConnections = 262143;
    upperBounds.database.superuserReservedConnections = 262142;
    QTest::newRow("upper bounds are inclusive")
        << QByteArray(R"({"format":1,"replicas":1000,"workers":64,
                          "database":{"port":65535,"max_connections":262143,"superuser_reserved_connections":262142}})")
        << upperBounds;

    Plan lowerBounds;
    lowerBounds.database.poolSize = 0;
    lowerBounds.database.poolRecycleSeconds = -1;
    lowerBounds.rollingUpdateSurge = 0;
    lowerBounds.database.superuserReservedConnections = 0;
    QTest::newRow("lower bounds are inclusive")
        << QByteArray(R"({"format":1,"rolling_update_surge":0,
                          "database":{"pool_size":0,"pool_recycle":-1,"superuser_reserved_connections":0}})")
        << lowerBounds;

    Plan unicode;
    unicode.name = "Équipe — 東京";
    QTest::newRow("UTF-8 text and escapes")
        << QByteArray("{\"format\":1,\"name\":\"\\u00c9quipe \\u2014 \xe6\x9d\xb1\xe4\xba\xac\"}") << unicode;

    Plan storedSecret;
    storedSecret.secrets.storeInPlan = true;
    storedSecret.secrets.webuiSecretKey = "abc";
    QTest::newRow("a stored secret with store_in_plan after it")
        << QByteArray(R"({"format":1,"secrets":{"webui_secret_key":"abc","store_in_plan":true}})") << storedSecret;
}

void tst_planfile::validInput()
{
    QFETCH(QByteArray, text);
    QFETCH(Plan, expected);
    const auto plan = planFromJson(text.toStdString());
    QVERIFY2(plan.has_value(), describeError(plan).c_str());
    QVERIFY(*plan == expected);
}

void tst_planfile::malformedInput_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<int>("line"); ///< only syntax errors know their line; 0 otherwise

    const auto row = [](const char *name, const QByteArray &text, const char *where, const char *fragment, int line = 0) {
        QTest::newRow(name) << text << QString::fromUtf8(where) << QString::fromUtf8(fragment) << line;
    };

    // Syntax: no pointer, but a line.
    row("syntax: missing comma on line 4", "{\n  \"format\": 1,\n  \"replicas\": 2\n  \"workers\": 1\n}", "",
        "not valid JSON", 4);
    row("syntax: doubled comma on line 3", "{\n  \"format\": 1,\n  \"replicas\": 3,,\n  \"workers\": 1\n}", "",
        "not valid JSON", 3);
    row("syntax: raw newline inside a string on line 2", "{\n  \"name\": \"two\nlines\"\n}", "", "not valid JSON", 2);
    row("syntax: text after the plan on line 3", "{\"format\": 1}\n\nplan", "", "not valid JSON", 3);
    row("syntax: single quotes", "{'format': 1}", "", "not valid JSON", 1);
    row("syntax: unclosed object", "{\"format\": 1", "", "not valid JSON", 1);
    row("syntax: invalid UTF-8", "{\"format\": 1, \"name\": \"\xff\"}", "", "not valid JSON", 1);
    row("empty input", "", "", "unexpected end of input", 1);
    row("only whitespace", "  \n \n", "", "not valid JSON", 2);

    // The whole document.
    row("top-level array", "[{\"format\": 1}]", "", "must be an object");
    row("top-level string", "\"plan\"", "", "must be an object");
    row("top-level null", "null", "", "must be an object");
    row("missing format", "{\"name\": \"no format\"}", "/format", "missing");
    row("format 2 is newer", "{\"format\": 2}", "/format", "newer owui-planner");
    row("format 0", "{\"format\": 0}", "/format", "positive whole number");
    row("format as a string", "{\"format\": \"1\"}", "/format", "positive whole number");
    row("format as a fraction", "{\"format\": 1.5}", "/format", "positive whole number");

    // Keys the format does not know.
    row("unknown top-level key", "{\"format\": 1, \"replica\": 3}", "/replica", "unknown key \"replica\"");
    row("unknown nested key", "{\"format\": 1, \"database\": {\"bogus\": 1}}", "/database/bogus", "unknown key \"bogus\"");
    row("unknown key with pointer escapes", "{\"format\": 1, \"a/b~c\": 1}", "/a~1b~0c", "unknown key");
    row("section is not an object", "{\"format\": 1, \"database\": []}", "/database", "must be an object");

    // Wrong types.
    row("string for int", "{\"format\": 1, \"replicas\": \"3\"}", "/replicas", "must be a whole number, not string");
    row("float for int", "{\"format\": 1, \"workers\": 2.5}", "/workers", "must be a whole number, not 2.5");
    row("whole float for int", "{\"format\": 1, \"workers\": 2.0}", "/workers", "must be a whole number, not 2.0");
    row("null for int", "{\"format\": 1, \"replicas\": null}", "/replicas", "must be a whole number, not null");
    row("string for optional int", "{\"format\": 1, \"database\": {\"pool_size\": \"ten\"}}", "/database/pool_size",
        "must be a whole number, not string");
    row("bool for string", "{\"format\": 1, \"name\": true}", "/name", "must be a string, not boolean");
    row("string for bool", "{\"format\": 1, \"websocket_support\": \"yes\"}", "/websocket_support",
        "must be true or false, not string");
    row("string for number", "{\"format\": 1, \"redis\": {\"socket_connect_timeout\": \"5\"}}",
        "/redis/socket_connect_timeout", "must be a number or null");
    row("number for enum", "{\"format\": 1, \"orchestrator\": 2}", "/orchestrator",
        "must be one of compose, swarm, kubernetes, not number");
    row("object for array", "{\"format\": 1, \"cors_allow_origins\": {}}", "/cors_allow_origins",
        "must be an array of strings, not object");
    row("array item not a string", "{\"format\": 1, \"cors_allow_origins\": [\"https://a.example\", 7]}",
        "/cors_allow_origins/1", "must be a non-empty string");
    row("empty array item", "{\"format\": 1, \"redis\": {\"sentinel_hosts\": [\"a\", \"b\", \"\"]}}",
        "/redis/sentinel_hosts/2", "must be a non-empty string");
    row("empty required string", "{\"format\": 1, \"database\": {\"host\": \"\"}}", "/database/host", "must not be empty");

    // Out of range.
    row("replicas 0", "{\"format\": 1, \"replicas\": 0}", "/replicas", "must be between 1 and 1000, not 0");
    row("replicas 1001", "{\"format\": 1, \"replicas\": 1001}", "/replicas", "must be between 1 and 1000, not 1001");
    row("workers 65", "{\"format\": 1, \"workers\": 65}", "/workers", "must be between 1 and 64, not 65");
    row("negative pool size", "{\"format\": 1, \"database\": {\"pool_size\": -1}}", "/database/pool_size",
        "must be between 0 and 10000, not -1");
    // Open WebUI reads a negative size as NullPool too; a plan file spells that one way, and says so.
    row("negative pool size names NullPool", "{\"format\": 1, \"database\": {\"pool_size\": -1}}", "/database/pool_size",
        "(0 means NullPool: no pooling, no cap)");
    row("negative pgvector pool size", "{\"format\": 1, \"vector_db\": {\"pgvector_pool_size\": -2}}",
        "/vector_db/pgvector_pool_size", "must be between 0 and 10000, not -2 (0 means NullPool");
    row("database port 70000", "{\"format\": 1, \"database\": {\"port\": 70000}}", "/database/port",
        "must be between 1 and 65535, not 70000");
    row("redis port 0", "{\"format\": 1, \"redis\": {\"port\": 0}}", "/redis/port", "must be between 1 and 65535, not 0");
    row("max_connections above PostgreSQL's limit", "{\"format\": 1, \"database\": {\"max_connections\": 262144}}",
        "/database/max_connections", "must be between 1 and 262143");
    row("zero connect timeout", "{\"format\": 1, \"redis\": {\"socket_connect_timeout\": 0}}",
        "/redis/socket_connect_timeout", "must be between");
    row("metrics interval too short", "{\"format\": 1, \"otel\": {\"metrics_export_interval_ms\": 999}}",
        "/otel/metrics_export_interval_ms", "must be between 1000 and 3600000");

    // Numbers no int holds.
    row("1e30", "{\"format\": 1, \"replicas\": 1e30}", "/replicas", "must be between 1 and 1000");
    row("2^64", "{\"format\": 1, \"replicas\": 18446744073709551616}", "/replicas", "must be between 1 and 1000");
    row("2^64 - 1", "{\"format\": 1, \"replicas\": 18446744073709551615}", "/replicas",
        "must be between 1 and 1000, not 18446744073709551615");
    row("2^63 - 1", "{\"format\": 1, \"replicas\": 9223372036854775807}", "/replicas",
        "must be between 1 and 1000, not 9223372036854775807");
    row("-2^63", "{\"format\": 1, \"replicas\": -9223372036854775808}", "/replicas",
        "must be between 1 and 1000, not -9223372036854775808");
    row("2^32 + 1 would wrap to 1", "{\"format\": 1, \"database\": {\"pool_size\": 4294967297}}", "/database/pool_size",
        "must be between 0 and 10000");
    row("beyond a double", "{\"format\": 1, \"replicas\": 1e400}", "/replicas", "1e400");
    row("beyond a double in an array", "{\"format\": 1, \"cors_allow_origins\": [\"a\", -1e400]}",
        "/cors_allow_origins/1", "1e400");

    // Duplicate keys: nlohmann alone would keep the last value silently.
    row("duplicate top-level key", "{\"format\": 1, \"replicas\": 2, \"replicas\": 3}", "/replicas", "duplicate key");
    row("duplicate nested key", "{\"format\": 1, \"database\": {\"pool_size\": 5, \"pool_size\": 6}}",
        "/database/pool_size", "duplicate key");
    row("duplicate format", "{\"format\": 1, \"format\": 1}", "/format", "duplicate key");
    row("duplicate after an array", "{\"format\": 1, \"cors_allow_origins\": [\"a\", \"b\"], \"replicas\": 1, \"replicas\": 2}",
        "/replicas", "duplicate key");
    row("duplicate inside an array", "{\"format\": 1, \"x\": [{\"a\": 1}, {\"a\": 1, \"a\": 2}]}", "/x/1/a",
        "duplicate key");
    row("first duplicate is reported", "{\"format\": 1, \"database\": {\"port\": 1, \"port\": 2}, \"replicas\": 1, \"replicas\": 2}",
        "/database/port", "duplicate key");

    // Names outside an enum list the ones allowed.
    row("unknown orchestrator", "{\"format\": 1, \"orchestrator\": \"nomad\"}", "/orchestrator",
        "\"nomad\" is not one of compose, swarm, kubernetes");
    row("unknown database kind", "{\"format\": 1, \"database\": {\"kind\": \"mysql\"}}", "/database/kind",
        "\"mysql\" is not one of sqlite, postgresql");
    row("unknown vector db", "{\"format\": 1, \"vector_db\": {\"kind\": \"faiss\"}}", "/vector_db/kind",
        "\"faiss\" is not one of chroma, chroma-http, pgvector, qdrant, milvus, milvus-lite, elasticsearch, opensearch, "
        "pinecone, weaviate, mariadb-vector");
    row("enum names are case-sensitive", "{\"format\": 1, \"storage\": {\"kind\": \"S3\"}}", "/storage/kind",
        "\"S3\" is not one of local, shared-volume, s3, gcs, azure");

    // Settings that contradict each other.
    row("reserved equals max_connections", "{\"format\": 1, \"database\": {\"max_connections\": 10, \"superuser_reserved_connections\": 10}}",
        "/database/superuser_reserved_connections", "must be less than max_connections (10)");
    row("reserved above the default max_connections", "{\"format\": 1, \"database\": {\"superuser_reserved_connections\": 150}}",
        "/database/superuser_reserved_connections", "must be less than max_connections (100)");
    row("autoscaling min above max", "{\"format\": 1, \"autoscaling\": {\"enabled\": true, \"min_replicas\": 5, \"max_replicas\": 3}}",
        "/autoscaling/max_replicas", "must be at least min_replicas (5)");
    row("replicas below autoscaling min",
        "{\"format\": 1, \"replicas\": 1, \"autoscaling\": {\"enabled\": true, \"min_replicas\": 2, \"max_replicas\": 4}}",
        "/replicas", "must be between autoscaling min_replicas (2) and max_replicas (4)");
    row("replicas above autoscaling max",
        "{\"format\": 1, \"replicas\": 5, \"autoscaling\": {\"enabled\": true, \"min_replicas\": 2, \"max_replicas\": 4}}",
        "/replicas", "must be between autoscaling min_replicas (2) and max_replicas (4)");
    row("image tag with a bang", "{\"format\": 1, \"image_tag\": \"latest!\"}", "/image_tag", "is not a valid image tag");
    row("image tag with a colon", "{\"format\": 1, \"image_tag\": \"main:cuda\"}", "/image_tag", "is not a valid image tag");
    row("image tag starting with a dot", "{\"format\": 1, \"image_tag\": \".hidden\"}", "/image_tag",
        "is not a valid image tag");
    row("image tag of 129 characters", "{\"format\": 1, \"image_tag\": \"" + QByteArray(129, 'a') + "\"}", "/image_tag",
        "is not a valid image tag");
    row("invalid maxmemory policy", "{\"format\": 1, \"redis\": {\"maxmemory_policy\": \"lru\"}}",
        "/redis/maxmemory_policy", "\"lru\" is not a Redis maxmemory-policy");
    row("secret key without store_in_plan", "{\"format\": 1, \"secrets\": {\"webui_secret_key\": \"abc\"}}",
        "/secrets/webui_secret_key", "store_in_plan");
    row("secret key with store_in_plan false",
        "{\"format\": 1, \"secrets\": {\"store_in_plan\": false, \"webui_secret_key\": \"abc\"}}",
        "/secrets/webui_secret_key", "store_in_plan");
}

void tst_planfile::malformedInput()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, where);
    QFETCH(QString, fragment);
    QFETCH(int, line);

    const auto plan = planFromJson(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
    QVERIFY(!plan.has_value());
    const Error &error = plan.error();
    QCOMPARE(error.code, ErrorCode::InvalidInput);
    QCOMPARE(QString::fromStdString(error.where), where);
    QVERIFY2(QString::fromStdString(error.message).contains(fragment), error.message.c_str());
    QCOMPARE(error.line, line);
    QVERIFY(error.file.empty());
}

void tst_planfile::everyTruncationIsAnError_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("written by planToJsonText") << QByteArray::fromStdString(planToJsonText(completePlan()));
    QTest::newRow("hand-written fixture") << readBytes(kDataDir + QStringLiteral("/planfile-complete.json"));
    QTest::newRow("compact") << QByteArray::fromStdString(nlohmann::json(planToJson(completePlan())).dump());
}

void tst_planfile::everyTruncationIsAnError()
{
    QFETCH(QByteArray, text);
    const std::string whole = text.toStdString();
    QVERIFY(planFromJson(whole).has_value());
    // Any prefix that stops before the closing brace leaves the object open.
    const auto closingBrace = whole.rfind('}');
    QVERIFY(closingBrace != std::string::npos && closingBrace > 100);
    for (std::size_t cut = 0; cut <= closingBrace; ++cut) {
        const std::string prefix = whole.substr(0, cut);
        const auto plan = planFromJson(prefix);
        const QByteArray context = "cut at byte " + QByteArray::number(static_cast<qulonglong>(cut));
        QVERIFY2(!plan.has_value(), context.constData());
        QVERIFY2(plan.error().code == ErrorCode::InvalidInput, context.constData());
        QVERIFY2(plan.error().message.starts_with("not valid JSON"), (context + ": " + QByteArray::fromStdString(plan.error().message)).constData());
        QVERIFY2(plan.error().where.empty(), context.constData());
        QVERIFY2(plan.error().line == lastLineOf(prefix),
                 (context + ": line " + QByteArray::number(plan.error().line)).constData());
    }
}

void tst_planfile::readPlanFileNamesFileAndLine()
{
    const QString path = kDataDir + QStringLiteral("/planfile-syntax-error.json");
    const auto plan = readPlanFile(path.toStdString());
    QVERIFY(!plan.has_value());
    QCOMPARE(plan.error().code, ErrorCode::InvalidInput);
    QCOMPARE(QString::fromStdString(plan.error().file), path);
    QCOMPARE(plan.error().line, 5);
    QVERIFY2(plan.error().describe().starts_with(path.toStdString() + ":5: not valid JSON"), plan.error().describe().c_str());

    // A semantic error names the file and the pointer, with no line.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString badPlan = dir.filePath(QStringLiteral("bad.json"));
    QVERIFY(writeBytes(badPlan, R"({"format": 1, "replicas": 0})"));
    const auto bad = readPlanFile(badPlan.toStdString());
    QVERIFY(!bad.has_value());
    QCOMPARE(QString::fromStdString(bad.error().describe()),
             badPlan + QStringLiteral(": /replicas: must be between 1 and 1000, not 0"));
}

void tst_planfile::readPlanFileOfMissingFileIsIo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("no-such-plan.json"));
    const auto plan = readPlanFile(path.toStdString());
    QVERIFY(!plan.has_value());
    QCOMPARE(plan.error().code, ErrorCode::Io);
    QCOMPARE(QString::fromStdString(plan.error().file), path);
    const QString described = QString::fromStdString(plan.error().describe());
    QVERIFY2(described.contains(QStringLiteral("no-such-plan.json")), qPrintable(described));
    QVERIFY2(described.contains(QStringLiteral("No such file")), qPrintable(described));
}

void tst_planfile::readPlanFileOfFolderIsIo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("plan.json"));
    QVERIFY(QDir().mkdir(folder));
    const auto plan = readPlanFile(folder.toStdString());
    QVERIFY(!plan.has_value());
    QVERIFY2(plan.error().code == ErrorCode::Io, plan.error().describe().c_str());
    QCOMPARE(QString::fromStdString(plan.error().file), folder);
}

void tst_planfile::readPlanFileRefusesHugeFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("huge.json"));
    // Valid JSON padded past the limit: the size alone must be the reason.
    QVERIFY(writeBytes(path, R"({"format": 1})" + QByteArray(4 * 1024 * 1024, ' ')));
    const auto plan = readPlanFile(path.toStdString());
    QVERIFY(!plan.has_value());
    QCOMPARE(plan.error().code, ErrorCode::InvalidInput);
    QVERIFY2(plan.error().message.find("4 MiB") != std::string::npos, plan.error().message.c_str());
    QCOMPARE(QString::fromStdString(plan.error().file), path);
}

void tst_planfile::readPlanFileRefusesAFifoWithoutWaiting()
{
    // A FIFO that nobody writes to: opening it for reading would wait for ever.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("fifo.json"));
    QCOMPARE(::mkfifo(path.toLocal8Bit().constData(), 0600), 0);
    QElapsedTimer clock;
    clock.start();
    const auto plan = readPlanFile(path.toStdString());
    QVERIFY2(clock.elapsed() < 2000, "reading a FIFO without a writer blocked");
    QVERIFY(!plan.has_value());
    QCOMPARE(plan.error().code, ErrorCode::Io);
    QCOMPARE(QString::fromStdString(plan.error().describe()),
             path + QStringLiteral(": not a regular file (a pipe or FIFO); save the plan to a file first"));
}

void tst_planfile::readPlanFileRefusesDevices_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("kind");
    // /dev/zero never ends; /dev/null is empty but no more a plan; /dev/stdin is a pipe under ctest.
    QTest::newRow("/dev/zero") << QStringLiteral("/dev/zero") << QStringLiteral("a character device");
    QTest::newRow("/dev/null") << QStringLiteral("/dev/null") << QStringLiteral("a character device");
}

void tst_planfile::readPlanFileRefusesDevices()
{
    QFETCH(QString, path);
    QFETCH(QString, kind);
    QElapsedTimer clock;
    clock.start();
    const auto plan = readPlanFile(path.toStdString());
    QVERIFY2(clock.elapsed() < 2000, "reading a device took too long");
    QVERIFY(!plan.has_value());
    QCOMPARE(plan.error().code, ErrorCode::Io);
    QCOMPARE(QString::fromStdString(plan.error().describe()),
             path + QStringLiteral(": not a regular file (") + kind + QStringLiteral("); save the plan to a file first"));
}

void tst_planfile::readPlanFileNamesAnEmptyPath()
{
    const auto plan = readPlanFile(std::filesystem::path());
    QVERIFY(!plan.has_value());
    QCOMPARE(plan.error().code, ErrorCode::Io);
    QVERIFY2(plan.error().describe().starts_with("(empty path): cannot open: "), plan.error().describe().c_str());
}

void tst_planfile::boundedReadTakesWholeFilesUpToTheLimit()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto write = [&dir](const QString &name, const QByteArray &content) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return std::string();
        return dir.filePath(name).toStdString();
    };
    const std::string empty = write(QStringLiteral("empty"), {});
    const auto emptyText = planner::readBoundedRegularFile(empty, 16, "plan file");
    QVERIFY(emptyText.has_value());
    QCOMPARE(emptyText->size(), std::size_t(0));

    const QByteArray exact(10'000, 'x');
    const auto exactText = planner::readBoundedRegularFile(write(QStringLiteral("exact"), exact), 10'000, "plan file");
    QVERIFY(exactText.has_value());
    QCOMPARE(QByteArray::fromStdString(*exactText), exact);
    const auto overText = planner::readBoundedRegularFile(write(QStringLiteral("over"), exact + 'y'), 10'000, "plan file");
    QVERIFY(!overText.has_value());
    QCOMPARE(overText.error().code, ErrorCode::InvalidInput);

    // A regular file whose size fstat does not know (a /proc file says 0): the buffer grows to take it whole,
    // and still stops one byte past the limit.
    const auto status = planner::readBoundedRegularFile("/proc/self/status", 1024 * 1024, "status file");
    QVERIFY(status.has_value());
    QVERIFY(status->find("VmRSS:") != std::string::npos);
    QVERIFY(status->size() > 4096 || status->ends_with('\n'));
    const auto tooSmall = planner::readBoundedRegularFile("/proc/self/status", 64, "status file");
    QVERIFY(!tooSmall.has_value());
    QVERIFY(tooSmall.error().message.find("larger than 64 bytes") != std::string::npos);
}

void tst_planfile::readPlanFileRefusesFiftyMegabytes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("fifty.json"));
    {
        // Written a MiB at a time, so this test's own memory stays small for the peak measured below.
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray mebibyte(1024 * 1024, '[');
        for (int i = 0; i < 50; ++i)
            QCOMPARE(file.write(mebibyte), mebibyte.size());
    }
    QElapsedTimer clock;
    clock.start();
    const auto plan = readPlanFile(path.toStdString());
    const qint64 elapsed = clock.elapsed();
    QVERIFY(!plan.has_value());
    QCOMPARE(plan.error().code, ErrorCode::InvalidInput);
    QCOMPARE(QString::fromStdString(plan.error().describe()), path + QStringLiteral(": file is larger than 4 MiB; not a plan file"));
    // Refused on its size, before a byte is read: far below what parsing 50 MB takes.
    QVERIFY2(elapsed < 1000, qPrintable(QString::number(elapsed)));
    qInfo("50 MB file refused in %lld ms", static_cast<long long>(elapsed));
}

void tst_planfile::deepNestingIsRefusedBeforeParsing()
{
    // 4 MiB of `[`, the largest file the reader accepts: refused by the scan, not by building millions of arrays.
    const std::string brackets(kMaxPlanBytes, '[');
    rusage before{};
    ::getrusage(RUSAGE_SELF, &before);
    QElapsedTimer clock;
    clock.start();
    const auto plan = planFromJson(brackets);
    const qint64 elapsed = clock.elapsed();
    rusage after{};
    ::getrusage(RUSAGE_SELF, &after);
    QVERIFY(!plan.has_value());
    QCOMPARE(plan.error().code, ErrorCode::InvalidInput);
    QCOMPARE(QString::fromStdString(plan.error().describe()), QStringLiteral("nested deeper than 64 levels; not a plan file"));
    QCOMPARE(plan.error().line, 1);
    // Loose bounds (a shared CI machine): the old parse took seconds and hundreds of MiB.
    QVERIFY2(elapsed < 1000, qPrintable(QString::number(elapsed)));
    QVERIFY2(after.ru_maxrss - before.ru_maxrss < 64 * 1024, qPrintable(QString::number(after.ru_maxrss - before.ru_maxrss)));
    qInfo("4 MiB of '[' refused in %lld ms, peak memory grew by %ld KiB", static_cast<long long>(elapsed),
          after.ru_maxrss - before.ru_maxrss);

    // The line is the one where the limit is crossed; brackets inside strings do not count.
    const std::string spread = "{\n\"format\": 1, \"name\": \"" + std::string(100, '[') + "\",\n\"x\":" + std::string(70, '[');
    const auto deep = planFromJson(spread);
    QVERIFY(!deep.has_value());
    QCOMPARE(deep.error().line, 3);
    QVERIFY2(deep.error().message.starts_with("nested deeper than 64 levels"), deep.error().message.c_str());
}

void tst_planfile::nestingWithinTheLimitIsParsed()
{
    // 64 levels pass the scan and reach the plan's own validation, which names the pointer; an escaped quote
    // inside a string does not end it, so the brackets after it are not counted.
    const std::string nested = R"({"format": 1, "name": "a\"[[[[", "x": )" + std::string(63, '[') + std::string(63, ']') + "}";
    const auto plan = planFromJson(nested);
    QVERIFY(!plan.has_value());
    QVERIFY2(plan.error().message.find("nested") == std::string::npos, plan.error().describe().c_str());
    QCOMPARE(QString::fromStdString(plan.error().where), QStringLiteral("/x"));
}

void tst_planfile::nulByteIsNamedWithItsOffset()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("nul.json"));
    QVERIFY(writeBytes(path, QByteArray("{\n  \"format\": 1,\n  \"name\": \"a\0b\"\n}", 34)));
    const auto plan = readPlanFile(path.toStdString());
    QVERIFY(!plan.has_value());
    QCOMPARE(plan.error().code, ErrorCode::InvalidInput);
    QCOMPARE(QString::fromStdString(plan.error().describe()),
             path + QStringLiteral(":3: contains a NUL byte at offset 29; not a text file"));
}

void tst_planfile::utf8ByteOrderMarkIsSkipped()
{
    // Editors on Windows write a byte-order mark: the plan is read as if it were not there, lines included.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("bom.json"));
    QVERIFY(writeBytes(path, "\xEF\xBB\xBF{\"format\": 1, \"replicas\": 2}"));
    const auto plan = readPlanFile(path.toStdString());
    QVERIFY2(plan.has_value(), plan ? "" : plan.error().describe().c_str());
    QCOMPARE(plan->replicas, 2);
    QVERIFY(writeBytes(path, "\xEF\xBB\xBF{\"format\": 1,\n\"replicas\": }"));
    const auto broken = readPlanFile(path.toStdString());
    QVERIFY(!broken.has_value());
    QCOMPARE(broken.error().line, 2);
}

void tst_planfile::utf16ByteOrderMarkIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("utf16.json"));
    const QString text = QStringLiteral("{\"format\": 1}");
    QByteArray bytes("\xFF\xFE");
    bytes.append(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
    QVERIFY(writeBytes(path, bytes));
    const auto plan = readPlanFile(path.toStdString());
    QVERIFY(!plan.has_value());
    QCOMPARE(QString::fromStdString(plan.error().describe()),
             path + QStringLiteral(":1: starts with a UTF-16 or UTF-32 byte-order mark; save the plan as UTF-8"));
}

void tst_planfile::secretsInWrittenFile_data()
{
    QTest::addColumn<bool>("storeInPlan");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("keyInFile");
    QTest::addColumn<int>("mode");

    const QString key = QStringLiteral("k3y-9f8e7d6c5b4a39281706f5e4d3c2b1a0");
    QTest::newRow("generated key, not stored") << false << key << false << 0644;
    QTest::newRow("generated key, stored") << true << key << true << 0600;
    QTest::newRow("no key") << false << QString() << false << 0644;
    QTest::newRow("store_in_plan with no key yet") << true << QString() << false << 0644;
}

void tst_planfile::secretsInWrittenFile()
{
    QFETCH(bool, storeInPlan);
    QFETCH(QString, key);
    QFETCH(bool, keyInFile);
    QFETCH(int, mode);

    Plan plan = completePlan();
    plan.secrets.keyMode = key.isEmpty() ? SecretKeyMode::Unset : SecretKeyMode::Generated;
    plan.secrets.storeInPlan = storeInPlan;
    plan.secrets.webuiSecretKey = key.toStdString();

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("plan.json"));
    const auto written = writePlanFile(path.toStdString(), plan);
    QVERIFY2(written.has_value(), written ? "" : written.error().describe().c_str());

    const QByteArray bytes = readBytes(path);
    QVERIFY(!bytes.isEmpty());
    QCOMPARE(bytes.contains("webui_secret_key"), keyInFile);
    if (!key.isEmpty())
        QCOMPARE(bytes.contains(key.toUtf8()), keyInFile);
    QCOMPARE(fileMode(path), mode);

    const auto read = readPlanFile(path.toStdString());
    QVERIFY2(read.has_value(), describeError(read).c_str());
    QCOMPARE(read->secrets.storeInPlan, storeInPlan);
    QCOMPARE(QString::fromStdString(read->secrets.webuiSecretKey), keyInFile ? key : QString());
}

void tst_planfile::writeFailureLeavesNothingBehind()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString locked = dir.filePath(QStringLiteral("locked"));
    QVERIFY(QDir().mkdir(locked));
    QCOMPARE(::chmod(QFile::encodeName(locked).constData(), 0555), 0);

    // Root (and CAP_DAC_OVERRIDE) writes into 0555 folders anyway; then only a missing folder makes the write fail.
    const bool permissionsEnforced = ::access(QFile::encodeName(locked).constData(), W_OK) != 0;
    const QString folder = permissionsEnforced ? locked : dir.filePath(QStringLiteral("missing-folder"));
    const QString path = folder + QStringLiteral("/plan.json");

    const auto written = writePlanFile(path.toStdString(), completePlan());
    QCOMPARE(::chmod(QFile::encodeName(locked).constData(), 0755), 0);

    QVERIFY(!written.has_value());
    QCOMPARE(written.error().code, ErrorCode::Io);
    QCOMPARE(QString::fromStdString(written.error().file), path);
    QVERIFY2(written.error().describe().find("plan.json") != std::string::npos, written.error().describe().c_str());
    QVERIFY(!QFileInfo::exists(path));
    if (permissionsEnforced)
        QCOMPARE(entriesOf(locked), QStringList());
    else
        QVERIFY(!QFileInfo::exists(folder));
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("locked")});
}

void tst_planfile::failedReplaceRemovesTemporaryFile()
{
    // A folder where the plan should go makes the final rename fail after the temporary file was written.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("plan.json"));
    QVERIFY(QDir().mkdir(path));
    QVERIFY(writeBytes(path + QStringLiteral("/keep.txt"), "untouched"));

    const auto written = writePlanFile(path.toStdString(), completePlan());
    QVERIFY(!written.has_value());
    QCOMPARE(written.error().code, ErrorCode::Io);
    QVERIFY2(written.error().message.find("cannot replace") != std::string::npos, written.error().message.c_str());
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("plan.json")});
    QVERIFY(QFileInfo(path).isDir());
    QCOMPARE(readBytes(path + QStringLiteral("/keep.txt")), QByteArray("untouched"));
}

void tst_planfile::overwriteReplacesWholeFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("plan.json"));

    Plan longPlan = completePlan();
    longPlan.description = std::string(5000, 'x');
    QVERIFY(writePlanFile(path.toStdString(), longPlan).has_value());
    QCOMPARE(fileMode(path), 0600);

    Plan shortPlan;
    shortPlan.name = "short";
    QVERIFY(writePlanFile(path.toStdString(), shortPlan).has_value());

    // Nothing of the longer file may survive past the end of the shorter one.
    QCOMPARE(readBytes(path), QByteArray::fromStdString(planToJsonText(shortPlan)));
    const auto read = readPlanFile(path.toStdString());
    QVERIFY2(read.has_value(), describeError(read).c_str());
    QVERIFY(*read == shortPlan);
    QCOMPARE(fileMode(path), 0644);
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("plan.json")});
}

void tst_planfile::writeWithoutFolderUsesCurrentFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    const auto written = writePlanFile("relative.json", completePlan());
    QVERIFY(QDir::setCurrent(previous));

    QVERIFY2(written.has_value(), written ? "" : written.error().describe().c_str());
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("relative.json")});
    const auto read = readPlanFile(dir.filePath(QStringLiteral("relative.json")).toStdString());
    QVERIFY2(read.has_value(), describeError(read).c_str());
    QVERIFY(*read == completePlan());
}

namespace {

/** @brief Columns shared by the string-validation rows: settings a field depends on, then the field's JSON value. */
void stringRowColumns()
{
    QTest::addColumn<QString>("setup"); ///< a JSON object of pointer: value set first ("{}": none)
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("value"); ///< JSON text
}

std::vector<SettingChange> changesOf(const QString &setup, const QString &pointer, const QString &value)
{
    std::vector<SettingChange> changes;
    const auto settings = nlohmann::json::parse(setup.toStdString());
    for (const auto &[key, setting] : settings.items())
        changes.push_back({key, setting.dump()});
    changes.push_back({pointer.toStdString(), value.toStdString()});
    return changes;
}

/** @brief The complete plan's file with the changes written in, as a user would have edited the file. */
std::string fileWith(const std::vector<SettingChange> &changes)
{
    auto document = nlohmann::json::parse(planToJson(completePlan()).dump());
    for (const auto &change : changes)
        document[nlohmann::json::json_pointer(change.pointer)] = nlohmann::json::parse(change.value);
    return document.dump(2);
}

} // namespace

void tst_planfile::hostileStringIsRefused_data()
{
    stringRowColumns();
    QTest::addColumn<QString>("fragment");
    const auto row = [](const char *name, const char *setup, const char *pointer, const std::string &value, const char *fragment) {
        QTest::newRow(name) << QString::fromUtf8(setup) << QString::fromUtf8(pointer)
                            << QString::fromStdString(nlohmann::json(value).dump()) << QString::fromUtf8(fragment);
    };
    // Control characters, everywhere: the .env injection of the issue first.
    row("newline in database.user (.env injection)", "{}", "/database/user", "owui\nWEBUI_SECRET_KEY=pwned", "control characters (U+000A at byte 4)");
    row("carriage return in the plan name", "{}", "/name", "plan\r", "U+000D");
    row("NUL in the description", "{}", "/description", std::string("a\0b", 3), "U+0000");
    row("DEL in the embedding model", "{}", "/embedding_model", "model\x7f", "U+007F");
    row("escape sequence in the key prefix", "{}", "/redis/key_prefix", "\x1b[31mowui", "U+001B");
    row("tab in a CORS origin (list item)", "{}", "/cors_allow_origins/1", "https://chat.example.com\t", "U+0009");
    row("newline in the signing key", "{}", "/secrets/webui_secret_key", "key\nDATABASE_URL=x", "U+000A");
    // PostgreSQL names.
    row("database.user of 64 bytes", "{}", "/database/user", std::string(64, 'u'), "63 bytes");
    row("database.name of 32 two-byte letters", "{}", "/database/name", [] { std::string s; for (int i = 0; i < 32; ++i) s += "é"; return s; }(), "63 bytes");
    row("database.name as libpq key=value", "{}", "/database/name", "webui host=evil.example", "connection string");
    row("database.name as a libpq URI", "{}", "/database/name", "postgresql://evil.example/db", "connection string");
    // Hosts.
    row("shell in database.host", "{}", "/database/host", "db;touch /tmp/pwned", "is not a host name");
    row("space in database.host", "{}", "/database/host", "db internal", "is not a host name");
    row("leading dash in redis.host", "{}", "/redis/host", "-redis", "is not a host name");
    row("unclosed IPv6 redis.host", "{}", "/redis/host", "[2001:db8::1", "IPv6");
    row("comma in a sentinel host (splits the list)", "{}", "/redis/sentinel_hosts/2", "a,b", "is not a host name");
    row("path in the sentinel master name", "{}", "/redis/sentinel_service", "master/1", "Sentinel master name");
    // Kubernetes object names.
    row("upper case in external_secret_name", "{}", "/secrets/external_secret_name", "Webui-Secret", "RFC 1123");
    row("underscore in external_secret_name", "{}", "/secrets/external_secret_name", "webui_secret", "RFC 1123");
    row("leading dot in external_secret_name", "{}", "/secrets/external_secret_name", ".secret", "RFC 1123");
    // URLs.
    row("javascript: public_url", "{}", "/load_balancer/public_url", "javascript:alert(1)", "is not a URL");
    row("space in public_url", "{}", "/load_balancer/public_url", "https://chat.example.org/a b", "is not a URL");
    row("quote in public_url", "{}", "/load_balancer/public_url", "https://chat.example.org/\"x", "is not a URL");
    row("file: vector_db.url", "{}", "/vector_db/url", "file:///etc/passwd", "is not a URL");
    row("otel.endpoint without a host", "{}", "/otel/endpoint", "http://:4317", "is not a URL");
    row("embedding_base_url with port 99999", "{}", "/embedding_base_url", "http://ollama:99999", "is not a URL");
    row("ftp storage.endpoint", "{}", "/storage/endpoint", "ftp://minio.example.org", "is not a URL");
    row("backtick in storage.endpoint", "{}", "/storage/endpoint", "https://minio`id`.example.org", "is not a URL");
    // Origins.
    row("origin with a path", "{}", "/cors_allow_origins/0", "https://chat.example.org/", "is not an origin");
    row("origin without a scheme", "{}", "/cors_allow_origins/0", "chat.example.org", "is not an origin");
    // Buckets and regions.
    row("S3 bucket in upper case", "{}", "/storage/bucket", "Uploads", "S3 bucket name");
    row("S3 bucket of two letters", "{}", "/storage/bucket", "ab", "S3 bucket name");
    row("S3 bucket as an IP address", "{}", "/storage/bucket", "192.168.1.10", "S3 bucket name");
    row("S3 bucket with ..", "{}", "/storage/bucket", "owui..files", "S3 bucket name");
    row("S3 bucket with underscore", "{}", "/storage/bucket", "owui_files", "S3 bucket name");
    row("GCS bucket naming google", R"({"/storage/kind": "gcs"})", "/storage/bucket", "my-google-files", "GCS bucket name");
    row("GCS bucket with a goog prefix", R"({"/storage/kind": "gcs"})", "/storage/bucket", "goog-files", "GCS bucket name");
    row("Azure container with --", R"({"/storage/kind": "azure"})", "/storage/bucket", "owui--files", "Azure container name");
    row("space in the region", "{}", "/storage/region", "eu west 1", "region name");
    // Image tag and the signing key.
    row("shell in image_tag", "{}", "/image_tag", "0.11;id", "not a valid image tag");
    row("quote in the signing key", "{}", "/secrets/webui_secret_key", "it's", "quote or a backslash");
    row("backslash in the signing key", "{}", "/secrets/webui_secret_key", "a\\b", "quote or a backslash");
    row("${ in the signing key (docker-compose v1 expands it in .env)", "{}", "/secrets/webui_secret_key", "a${HOME}", "docker-compose v1");
}

void tst_planfile::hostileStringIsRefused()
{
    QFETCH(QString, setup);
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, fragment);
    const auto changes = changesOf(setup, pointer, value);

    // At load: the file holds the value.
    const auto loaded = planFromJson(fileWith(changes));
    QVERIFY2(!loaded.has_value(), "a file with it loads");
    QCOMPARE(QString::fromStdString(loaded.error().where), pointer);
    QVERIFY2(QString::fromStdString(loaded.error().message).contains(fragment), loaded.error().message.c_str());

    // At edit: the window's change goes through the same reader.
    const auto edited = applyChanges(completePlan(), changes);
    QVERIFY2(!edited.has_value(), "the edit is applied");
    QCOMPARE(edited.error().code, ErrorCode::InvalidInput);
    QCOMPARE(QString::fromStdString(edited.error().where), pointer);
    QVERIFY2(QString::fromStdString(edited.error().message).contains(fragment), edited.error().message.c_str());
}

void tst_planfile::targetSafeStringIsAccepted_data()
{
    stringRowColumns();
    const auto row = [](const char *name, const char *setup, const char *pointer, const std::string &value) {
        QTest::newRow(name) << QString::fromUtf8(setup) << QString::fromUtf8(pointer) << QString::fromStdString(nlohmann::json(value).dump());
    };
    // What the targets encode is allowed: the validation refuses only what a target cannot carry.
    row("database.user with quote, $, backtick, #, %, @, space, non-ASCII", "{}", "/database/user", "o'w\"n$er `x` #1 %41 @ é");
    row("database.name of 63 bytes", "{}", "/database/name", std::string(63, 'n'));
    row("database.name with / : @ ?", "{}", "/database/name", "web/ui:db@x?y");
    row("plan name in any script", "{}", "/name", "Équipe — 東京 $HOME `id` 'q' #");
    row("embedding model with / : and @", "{}", "/embedding_model", "hf.co/org/model:Q4_K_M@rev");
    row("key prefix with $ and spaces", "{}", "/redis/key_prefix", "owui $prefix `x` #1");
    row("IPv4 database.host", "{}", "/database/host", "10.0.0.5");
    row("bracketed IPv6 redis.host", "{}", "/redis/host", "[2001:db8::1]");
    row("underscore in a Docker service host", "{}", "/database/host", "db_primary.internal");
    row("wildcard origin", "{}", "/cors_allow_origins/0", "*");
    row("origin with a port", "{}", "/cors_allow_origins/0", "http://localhost:3000");
    row("public_url with path and query", "{}", "/load_balancer/public_url", "https://chat.example.org/owui/?a=1&b=%20");
    row("IPv6 otel.endpoint", "{}", "/otel/endpoint", "http://[::1]:4317");
    row("pgvector URL", "{}", "/vector_db/url", "postgresql://vector.internal:5432/vectors");
    row("dotted external_secret_name", "{}", "/secrets/external_secret_name", "owui.signing-key");
    row("S3 bucket with dots", "{}", "/storage/bucket", "files.owui-1");
    row("GCS bucket with underscore", R"({"/storage/kind": "gcs"})", "/storage/bucket", "owui_files");
    row("Azure container", R"({"/storage/kind": "azure"})", "/storage/bucket", "owui-files");
    row("signing key with $, # and space", "{}", "/secrets/webui_secret_key", "k$y $HOME #1 `x` é");
}

void tst_planfile::targetSafeStringIsAccepted()
{
    QFETCH(QString, setup);
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    const auto changes = changesOf(setup, pointer, value);
    const auto expected = nlohmann::json::parse(value.toStdString());

    const auto loaded = planFromJson(fileWith(changes));
    QVERIFY2(loaded.has_value(), loaded ? "" : (loaded.error().where + ": " + loaded.error().message).c_str());
    QCOMPARE(planToJson(*loaded).at(nlohmann::json::json_pointer(pointer.toStdString())).dump(), expected.dump());

    const auto edited = applyChanges(completePlan(), changes);
    QVERIFY2(edited.has_value(), edited ? "" : (edited.error().where + ": " + edited.error().message).c_str());
    QCOMPARE(planToJson(*edited).at(nlohmann::json::json_pointer(pointer.toStdString())).dump(), expected.dump());
}

void tst_planfile::applyValidChanges()
{
    const Plan original = completePlan();
    const auto changed = applyChanges(original, {{"/replicas", "6"},
                                                 {"/database/kind", "\"sqlite\""},
                                                 {"/cors_allow_origins", R"(["https://other.example"])"},
                                                 {"/redis/socket_connect_timeout", "null"}});
    QVERIFY2(changed.has_value(), describeError(changed).c_str());

    Plan expected = original;
    expected.replicas = 6;
    expected.database.kind = DatabaseKind::Sqlite;
    expected.corsAllowOrigins = {"https://other.example"};
    expected.redis.socketConnectTimeoutSeconds.reset();
    QVERIFY(*changed == expected);

    const auto unchanged = applyChanges(original, {});
    QVERIFY2(unchanged.has_value(), describeError(unchanged).c_str());
    QVERIFY(*unchanged == original);
}

void tst_planfile::applyInvalidChange_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("replicas 0") << "/replicas" << "0" << "/replicas" << "must be between 1 and 1000, not 0";
    QTest::newRow("nested out of range") << "/database/port" << "70000" << "/database/port" << "must be between 1 and 65535";
    QTest::newRow("wrong type") << "/workers" << "\"two\"" << "/workers" << "must be a whole number";
    QTest::newRow("unknown key") << "/database/bogus" << "1" << "/database/bogus" << "unknown key";
    QTest::newRow("value is not JSON") << "/workers" << "two" << "/workers" << "cannot apply";
    QTest::newRow("pointer without a slash") << "replicas" << "2" << "replicas" << "cannot apply";
    QTest::newRow("contradiction") << "/autoscaling/min_replicas" << "9" << "/autoscaling/max_replicas"
                                   << "must be at least min_replicas (9)";
    QTest::newRow("unknown enum name") << "/orchestrator" << "\"nomad\"" << "/orchestrator" << "is not one of";
    // The audit record is what `audit` read: no edit and no fix may rewrite it.
    QTest::newRow("the audit record") << "/audit/settings/~1replicas" << "5" << "/audit/settings/~1replicas"
                                      << "not a setting";
    QTest::newRow("the whole audit record") << "/audit" << "{}" << "/audit" << "not a setting";
}

void tst_planfile::applyInvalidChange()
{
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, where);
    QFETCH(QString, fragment);

    const auto changed = applyChanges(completePlan(), {{pointer.toStdString(), value.toStdString()}});
    QVERIFY(!changed.has_value());
    QCOMPARE(changed.error().code, ErrorCode::InvalidInput);
    QCOMPARE(QString::fromStdString(changed.error().where), where);
    QVERIFY2(QString::fromStdString(changed.error().message).contains(fragment), changed.error().message.c_str());
}

void tst_planfile::secretsSurviveApplyChanges_data()
{
    QTest::addColumn<bool>("storeInPlan");
    QTest::newRow("key held in memory only") << false;
    QTest::newRow("key stored in the plan") << true;
}

void tst_planfile::secretsSurviveApplyChanges()
{
    QFETCH(bool, storeInPlan);
    Plan plan = completePlan();
    plan.secrets.storeInPlan = storeInPlan;

    const auto changed = applyChanges(plan, {{"/replicas", "3"}, {"/secrets/key_mode", "\"generated\""}});
    QVERIFY2(changed.has_value(), describeError(changed).c_str());
    QCOMPARE(changed->replicas, 3);
    QCOMPARE(QString::fromStdString(changed->secrets.webuiSecretKey),
             QString::fromStdString(completePlan().secrets.webuiSecretKey));
    QCOMPARE(changed->secrets.storeInPlan, storeInPlan);
    QVERIFY(changed->secrets.keyMode == SecretKeyMode::Generated);
}

void tst_planfile::applyChangesCanToggleStoreInPlan()
{
    Plan plan = completePlan();
    plan.secrets.storeInPlan = false;

    const auto stored = applyChanges(plan, {{"/secrets/store_in_plan", "true"}});
    QVERIFY2(stored.has_value(), describeError(stored).c_str());
    QCOMPARE(stored->secrets.storeInPlan, true);
    QCOMPARE(stored->secrets.webuiSecretKey, plan.secrets.webuiSecretKey);

    const auto unstored = applyChanges(*stored, {{"/secrets/store_in_plan", "false"}});
    QVERIFY2(unstored.has_value(), describeError(unstored).c_str());
    QCOMPARE(unstored->secrets.storeInPlan, false);
    QCOMPARE(unstored->secrets.webuiSecretKey, plan.secrets.webuiSecretKey);
}

void tst_planfile::applyChangeIndexesOnlyExistingItems()
{
    // Found with fuzz_apply_changes (a hand-written hostile seed): an index far past a list's end made nlohmann fill the gap with nulls, so
    // this one asked for terabytes and ended the program. It is refused at its pointer; the end still appends.
    const Plan plan = completePlan(); // two CORS origins
    // Found on a fresh CI run: below a missing key, a numeric token made nlohmann build an array of that size
    // (10 GB for "/a/b/c/d6666666666a/666666666"); below a null, the same.
    for (const std::string pointer : {"/cors_allow_origins/99999999999", "/cors_allow_origins/3",
                                      "/cors_allow_origins/99999999999/x", "/redis/sentinel_hosts/4000000000",
                                      "/a/b/c/d6666666666a/666666666", "/database/nothing/999999999",
                                      "/redis/socket_connect_timeout/999999999", "/cors_allow_origins/-/x"}) {
        const auto refused = applyChanges(plan, {{pointer, "\"https://x.example.org\""}});
        QVERIFY2(!refused.has_value(), pointer.c_str());
        QCOMPARE(refused.error().where, pointer);
    }
    for (const std::string pointer : {"/cors_allow_origins/2", "/cors_allow_origins/-"}) {
        const auto appended = applyChanges(plan, {{pointer, "\"https://x.example.org\""}});
        QVERIFY2(appended.has_value(), describeError(appended).c_str());
        QCOMPARE(appended->corsAllowOrigins.size(), std::size_t(3));
        QCOMPARE(appended->corsAllowOrigins.back(), std::string("https://x.example.org"));
    }
    const auto replaced = applyChanges(plan, {{"/cors_allow_origins/1", "\"https://x.example.org\""}});
    QVERIFY2(replaced.has_value(), describeError(replaced).c_str());
    QCOMPARE(replaced->corsAllowOrigins.at(1), std::string("https://x.example.org"));
}

void tst_planfile::legacyRedisClientsPerProcess()
{
    // Plans from before the per-client Redis model held one total per process; the same total comes back.
    const auto read = planFromJson(R"({"format": 1, "redis": {"mode": "single", "clients_per_process": 12}})");
    QVERIFY2(read.has_value(), describeError(read).c_str());
    QCOMPARE(read->redis.poolAllowancePerProcess, 12 - planner::kRedisNamedClientsPerProcess);
    QCOMPARE(planner::redisBudget(*read).clientsPerProcess, 12LL);
    // Below the named clients' floor the allowance is 0, never negative.
    const auto low = planFromJson(R"({"format": 1, "redis": {"clients_per_process": 2}})");
    QVERIFY2(low.has_value(), describeError(low).c_str());
    QCOMPARE(low->redis.poolAllowancePerProcess, 0);
    // The writer uses the new key only.
    QVERIFY(planToJsonText(*read).find("clients_per_process") == std::string::npos);
    const auto bad = planFromJson(R"({"format": 1, "redis": {"clients_per_process": 0}})");
    QVERIFY(!bad.has_value());
    QCOMPARE(QString::fromStdString(bad.error().where), QStringLiteral("/redis/clients_per_process"));
}

void tst_planfile::autoscalingSwitchBringsItsRange()
{
    Plan plan;
    plan.replicas = 3;
    const std::vector<SettingChange> on{{"/autoscaling/enabled", "true"}};
    QVERIFY(!applyChanges(plan, on).has_value()); // alone, 3 replicas lie outside the default 1..1
    const auto changed = applyChanges(plan, withDependentChanges(plan, on));
    QVERIFY2(changed.has_value(), describeError(changed).c_str());
    QCOMPARE(changed->autoscaling.minReplicas, 3);
    QCOMPARE(changed->autoscaling.maxReplicas, 6);
    // A range that already holds the replicas, or one the edit sets itself, is left alone.
    plan.autoscaling = {false, 2, 10};
    QCOMPARE(withDependentChanges(plan, on).size(), std::size_t(1));
    plan.autoscaling = {false, 1, 1};
    const std::vector<SettingChange> explicitRange{{"/autoscaling/enabled", "true"}, {"/autoscaling/max_replicas", "4"}};
    QCOMPARE(withDependentChanges(plan, explicitRange).size(), std::size_t(2));
    // Near the plan file's bound the maximum stays valid.
    plan.replicas = 900;
    const auto large = applyChanges(plan, withDependentChanges(plan, on));
    QVERIFY2(large.has_value(), describeError(large).c_str());
    QCOMPARE(large->autoscaling.maxReplicas, 1000);
}

void tst_planfile::everyEnumeratedSettingOffersItsChoices()
{
    // Each choice is a value the plan file accepts at that pointer, with a display name of its own;
    // a string setting that is not enumerated offers none, and a value outside the choices is refused.
    const planner::Plan plan;
    for (const auto *pointer : {"/orchestrator", "/content_extraction", "/embeddings", "/migrations", "/upgrade_strategy",
                                "/database/kind", "/redis/mode", "/redis/maxmemory_policy", "/vector_db/kind", "/storage/kind",
                                "/otel/protocol", "/secrets/key_mode", "/load_balancer/kind"}) {
        const auto choices = planner::settingChoices(pointer);
        QVERIFY2(choices.size() >= 2, pointer);
        std::set<std::string_view> labels;
        for (const auto &choice : choices) {
            QVERIFY2(!choice.label.empty() && labels.insert(choice.label).second, pointer);
            const auto changed = planner::applyChanges(
                plan, {planner::SettingChange{pointer, nlohmann::json(std::string(choice.name)).dump()}});
            QVERIFY2(changed.has_value(), (std::string(pointer) + " " + std::string(choice.name)).c_str());
        }
        QVERIFY2(!planner::applyChanges(plan, {planner::SettingChange{pointer, "\"not-a-choice\""}}).has_value(), pointer);
    }
    QVERIFY(planner::settingChoices("/name").empty());
    QVERIFY(planner::settingChoices("/database/host").empty());
    QVERIFY(planner::settingChoices("/nonexistent").empty());
}

void tst_planfile::vectorDbSwitchClearsTheOldUrl()
{
    Plan plan;
    plan.vectorDb.kind = planner::VectorDb::Qdrant;
    plan.vectorDb.url = "http://qdrant:6333";
    // Qdrant's address means nothing to pgvector: the switch clears it, in the same step.
    const std::vector<SettingChange> toPgvector{{"/vector_db/kind", "\"pgvector\""}};
    const auto changed = applyChanges(plan, withDependentChanges(plan, toPgvector));
    QVERIFY2(changed.has_value(), describeError(changed).c_str());
    QVERIFY(changed->vectorDb.kind == planner::VectorDb::Pgvector);
    QCOMPARE(changed->vectorDb.url, std::string());
    // Choosing the same kind again, or an edit that sets the URL itself, keeps what was typed.
    QCOMPARE(withDependentChanges(plan, {{"/vector_db/kind", "\"qdrant\""}}).size(), std::size_t(1));
    const std::vector<SettingChange> withUrl{{"/vector_db/kind", "\"milvus\""}, {"/vector_db/url", "\"http://milvus:19530\""}};
    const auto milvus = applyChanges(plan, withDependentChanges(plan, withUrl));
    QVERIFY2(milvus.has_value(), describeError(milvus).c_str());
    QCOMPARE(milvus->vectorDb.url, std::string("http://milvus:19530"));
    // No URL: nothing to clear.
    plan.vectorDb.url.clear();
    QCOMPARE(withDependentChanges(plan, toPgvector).size(), std::size_t(1));
}

void tst_planfile::auditRecordIsWrittenOnlyWithAnOrigin()
{
    // Presets and new plans have no origin: their files have no "audit" key, so nothing about them changes.
    QVERIFY(!planToJson(Plan{}).contains("audit"));
    const auto complete = planToJson(completePlan());
    QVERIFY(complete.contains("audit"));
    const auto &audit = complete.at("audit");
    QCOMPARE(audit.at("files").size(), std::size_t(2));
    QCOMPARE(audit.at("settings").at("/database/kind").get<std::string>(), std::string("sqlite"));
    QVERIFY(audit.at("settings").at("/replicas").is_number_integer());
    QVERIFY(audit.at("settings").at("/redis/socket_connect_timeout").is_null());
    QCOMPARE(audit.at("persistent_config").at("WEBUI_URL").get<std::string>(), std::string("https://old.example.org"));

    // An empty record is still a record: the plan came from an audit that read nothing it could compare.
    Plan empty;
    empty.auditOrigin = AuditOrigin{};
    const auto reread = planFromJson(planToJsonText(empty));
    QVERIFY2(reread.has_value(), describeError(reread).c_str());
    QVERIFY(reread->auditOrigin.has_value());
    QVERIFY(*reread == empty);
}

void tst_planfile::auditRecordReadsBackInKeyOrder()
{
    // The audit engine may record in any order; the file holds key order, and reads back to it.
    Plan plan;
    plan.auditOrigin = AuditOrigin{{"values.yaml"},
                                   {{"/workers", "4"}, {"/database/kind", "\"postgresql\""}},
                                   {},
                                   {{"WEBUI_URL", "https://a.example"}, {"CONTENT_EXTRACTION_ENGINE", "tika"},
                                    // A switch named after a key holds no secret.
                                    {"ENABLE_API_KEY", "true"}}};
    const auto text = planToJsonText(plan);
    QVERIFY(text.find("\"/database/kind\"") < text.find("\"/workers\""));
    const auto reread = planFromJson(text);
    QVERIFY2(reread.has_value(), describeError(reread).c_str());
    const auto &origin = *reread->auditOrigin;
    QCOMPARE(origin.settings.front().first, std::string("/database/kind"));
    QCOMPARE(origin.settings.front().second, std::string("\"postgresql\""));
    QCOMPARE(origin.persistentConfig.front().first, std::string("CONTENT_EXTRACTION_ENGINE"));
    QCOMPARE(origin.persistentConfig.size(), std::size_t(3));
    QCOMPARE(planToJsonText(*reread), text);
}

void tst_planfile::auditRecordIsRefused_data()
{
    QTest::addColumn<QByteArray>("audit");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("fragment");
    const auto row = [](const char *name, const QByteArray &audit, const char *where, const char *fragment) {
        QTest::newRow(name) << audit << QString::fromUtf8(where) << QString::fromUtf8(fragment);
    };
    const QByteArray longText(4097, 'a');
    QByteArray manyFiles = "{\"files\": [";
    for (int i = 0; i < 257; ++i)
        manyFiles += QByteArray(i ? ",\"f" : "\"f") + QByteArray::number(i) + "\"";
    manyFiles += "]}";
    QByteArray manySettings = "{\"settings\": {";
    for (int i = 0; i < 1025; ++i)
        manySettings += QByteArray(i ? ",\"/cors_allow_origins/" : "\"/cors_allow_origins/") + QByteArray::number(i) +
                        "\": \"https://a.example\"";
    manySettings += "}}";

    row("not an object", "[]", "/audit", "must be an object");
    row("unknown key", R"({"found": 1})", "/audit/found", "unknown key");
    row("files not an array", R"({"files": "compose.yaml"})", "/audit/files", "must be an array");
    row("empty file name", R"({"files": [""]})", "/audit/files/0", "non-empty");
    row("file name with a line break", R"({"files": ["a\nb"]})", "/audit/files/0", "control characters");
    row("file name too long", "{\"files\": [\"" + longText + "\"]}", "/audit/files/0", "longer than 4096 bytes");
    row("too many files", manyFiles, "/audit/files", "at most 256");
    row("settings not an object", R"({"settings": []})", "/audit/settings", "must be an object");
    row("too many settings", manySettings, "/audit/settings", "at most 1024");
    row("not a plan pointer", R"({"settings": {"/replica": 3}})", "/audit/settings/~1replica", "is not a setting");
    row("pointer without a slash", R"({"settings": {"replicas": 3}})", "/audit/settings/replicas", "is not a setting");
    row("the format is not a setting", R"({"settings": {"/format": 1}})", "/audit/settings/~1format", "is not a setting");
    row("the record is not a setting", R"({"settings": {"/audit/files": "x"}})", "/audit/settings/~1audit~1files",
        "is not a setting");
    row("a section is not a setting", R"({"settings": {"/database": "x"}})", "/audit/settings/~1database", "is not a setting");
    row("the secret key", R"({"settings": {"/secrets/webui_secret_key": "abc"}})",
        "/audit/settings/~1secrets~1webui_secret_key", "is a secret");
    row("a whole list", R"({"settings": {"/cors_allow_origins": ["https://a.example"]}})",
        "/audit/settings/~1cors_allow_origins", "is a list");
    row("list index with a leading zero", R"({"settings": {"/cors_allow_origins/01": "https://a.example"}})",
        "/audit/settings/~1cors_allow_origins~101", "is not a setting");
    row("list index too large", R"({"settings": {"/redis/sentinel_hosts/10000": "s"}})",
        "/audit/settings/~1redis~1sentinel_hosts~110000", "is not a setting");
    row("string for a number", R"({"settings": {"/replicas": "3"}})", "/audit/settings/~1replicas", "must be a whole number");
    row("fraction for a whole number", R"({"settings": {"/replicas": 2.5}})", "/audit/settings/~1replicas",
        "must be a whole number");
    row("null for a required number", R"({"settings": {"/workers": null}})", "/audit/settings/~1workers",
        "must be a whole number");
    row("object for a string", R"({"settings": {"/database/host": {}}})", "/audit/settings/~1database~1host", "must be a string");
    row("number for a switch", R"({"settings": {"/orjson": 1}})", "/audit/settings/~1orjson", "must be true or false");
    row("number for a list item", R"({"settings": {"/cors_allow_origins/0": 7}})", "/audit/settings/~1cors_allow_origins~10",
        "must be a string");
    row("control character in a value", R"({"settings": {"/database/host": "db\u0007"}})", "/audit/settings/~1database~1host",
        "control characters");
    row("value too long", "{\"settings\": {\"/image_tag\": \"" + longText + "\"}}", "/audit/settings/~1image_tag",
        "longer than 4096 bytes");
    row("unknown not an array", R"({"unknown": {}})", "/audit/unknown", "must be an array");
    row("unknown item not a string", R"({"unknown": [3]})", "/audit/unknown/0", "JSON pointer string");
    row("unknown item not a pointer", R"({"unknown": ["/replicas", "/bogus"]})", "/audit/unknown/1", "is not a setting");
    row("unknown secret", R"({"unknown": ["/secrets/webui_secret_key"]})", "/audit/unknown/0", "is a secret");
    row("unknown twice", R"({"unknown": ["/replicas", "/replicas"]})", "/audit/unknown/1", "listed twice");
    row("both read and unknown", R"({"settings": {"/replicas": 2}, "unknown": ["/replicas"]})", "/audit/unknown/0",
        "also in \"settings\"");
    row("variables not an object", R"({"persistent_config": ["WEBUI_URL"]})", "/audit/persistent_config", "must be an object");
    row("lower-case variable", R"({"persistent_config": {"webui_url": "x"}})", "/audit/persistent_config/webui_url",
        "not an environment variable name");
    row("variable starting with a digit", R"({"persistent_config": {"1URL": "x"}})", "/audit/persistent_config/1URL",
        "not an environment variable name");
    row("variable with a slash", R"({"persistent_config": {"A/B": "x"}})", "/audit/persistent_config/A~1B",
        "not an environment variable name");
    row("a credential's value", R"({"persistent_config": {"RAG_OPENAI_API_KEY": "sk-1"}})",
        "/audit/persistent_config/RAG_OPENAI_API_KEY", "names a credential");
    row("a client secret's value", R"({"persistent_config": {"OAUTH_CLIENT_SECRET": "x"}})",
        "/audit/persistent_config/OAUTH_CLIENT_SECRET", "names a credential");
    row("credentials in JSON", R"({"persistent_config": {"GOOGLE_APPLICATION_CREDENTIALS_JSON": "{}"}})",
        "/audit/persistent_config/GOOGLE_APPLICATION_CREDENTIALS_JSON", "names a credential");
    row("variable value not a string", R"({"persistent_config": {"WEBUI_URL": 1}})", "/audit/persistent_config/WEBUI_URL",
        "must be a string");
    row("variable value with a line break", R"({"persistent_config": {"WEBUI_URL": "a\nB=c"}})",
        "/audit/persistent_config/WEBUI_URL", "control characters");
}

void tst_planfile::auditRecordIsRefused()
{
    QFETCH(QByteArray, audit);
    QFETCH(QString, where);
    QFETCH(QString, fragment);
    const std::string text = "{\"format\": 1, \"audit\": " + audit.toStdString() + "}";
    const auto plan = planFromJson(text);
    QVERIFY2(!plan.has_value(), "accepted");
    QCOMPARE(plan.error().code, ErrorCode::InvalidInput);
    QCOMPARE(QString::fromStdString(plan.error().where), where);
    QVERIFY2(QString::fromStdString(plan.error().message).contains(fragment), plan.error().message.c_str());
}

void tst_planfile::applyChangesKeepsTheAuditRecord()
{
    // Every window edit goes through applyChanges: the record rides along unchanged.
    const Plan plan = completePlan();
    const auto changed = applyChanges(plan, {{"/replicas", "5"}, {"/autoscaling/max_replicas", "9"}});
    QVERIFY2(changed.has_value(), describeError(changed).c_str());
    QCOMPARE(changed->replicas, 5);
    QVERIFY(changed->auditOrigin == plan.auditOrigin);
    const auto switched = applyChanges(plan, withDependentChanges(plan, {{"/vector_db/kind", "\"qdrant\""}}));
    QVERIFY2(switched.has_value(), describeError(switched).c_str());
    QVERIFY(switched->vectorDb.kind == VectorDb::Qdrant);
    QVERIFY(switched->auditOrigin == plan.auditOrigin);
}

QTEST_GUILESS_MAIN(tst_planfile)
#include "tst_planfile.moc"
