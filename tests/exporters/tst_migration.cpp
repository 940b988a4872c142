// SPDX-License-Identifier: MIT
// From an audited deployment to a plan: every difference is listed, and each kind of work beyond a redeploy
// (data, secret key, uploads, re-index, PersistentConfig) is marked exactly when the change needs it.
#include "exporters/migration.h"
#include "exporters/model.h"
#include "exporters/persistentconfig.h"
#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace exporters;

namespace {

/** @brief A plan built from the default one by plan-file changes ({"/pointer": value}), as the window would. */
planner::Plan planWith(const QByteArray &changes)
{
    std::vector<planner::SettingChange> list;
    const auto document = nlohmann::json::parse(changes.toStdString());
    for (const auto &[pointer, value] : document.items())
        list.push_back({pointer, value.dump()});
    auto plan = planner::applyChanges(planner::Plan{}, list);
    if (!plan)
        qFatal("planWith: %s", plan.error().describe().c_str());
    return *plan;
}

/** @brief An audit record whose settings are {"/pointer": value}, with `unknown` pointers. */
planner::AuditOrigin originWith(const QByteArray &settings, const QStringList &unknown = {})
{
    planner::AuditOrigin origin;
    origin.files = {"compose.yaml"};
    const auto document = nlohmann::json::parse(settings.toStdString());
    for (const auto &[pointer, value] : document.items())
        origin.settings.emplace_back(pointer, value.dump());
    for (const auto &pointer : unknown)
        origin.unknown.push_back(pointer.toStdString());
    return origin;
}

/** @brief "pointer=work" for each change, in the list's order. */
QStringList marks(const std::vector<MigrationChange> &changes)
{
    QStringList out;
    for (const auto &c : changes)
        out << QString::fromStdString((c.pointer.empty() ? c.variable : c.pointer) + "=" + std::string(toString(c.work)));
    return out;
}

const MigrationChange *changeAt(const std::vector<MigrationChange> &changes, const std::string &subject)
{
    for (const auto &c : changes)
        if (c.pointer == subject || c.variable == subject)
            return &c;
    return nullptr;
}

} // namespace

class tst_migration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachMarkAppearsExactlyWhenItShould_data();
    void eachMarkAppearsExactlyWhenItShould();
    void sameDeploymentHasNoChanges();
    void valuesReadAsAPersonReadsThem();
    void sqliteToPostgresSaysWhatTheOperatorDoes();
    void newSecretKeySaysHowToKeepTheOldOne();
    void uploadsAreCopiedBothWays();
    void reindexSaysWhereInTheAdminPages();
    void persistentConfigValuesTheDatabaseKeeps();
    void workComesFirstInItsOrder();
    void oneLineForTheTerminal();
};

void tst_migration::eachMarkAppearsExactlyWhenItShould_data()
{
    QTest::addColumn<QByteArray>("audited");
    QTest::addColumn<QStringList>("unknown");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QStringList>("expected");

    const auto row = [](const char *name, const char *audited, QStringList unknown, const char *target, QStringList expected) {
        QTest::newRow(name) << QByteArray(audited) << unknown << QByteArray(target) << expected;
    };
    // Plain changes: a redeploy applies them.
    row("replicas 1 → 3", R"({"/replicas": 1})", {}, R"({"/replicas": 3})", {"/replicas=redeploy"});
    row("a pointer the audit did not record is not compared", R"({"/workers": 1})", {}, R"({"/replicas": 3})", {});
    row("name and description are not the deployment", R"({"/name": "old", "/description": "x"})", {},
        R"({"/name": "new", "/description": "y"})", {});
    row("lists compare whole", R"({"/cors_allow_origins/0": "https://a.example"})", {},
        R"({"/cors_allow_origins": ["https://a.example", "https://b.example"]})", {"/cors_allow_origins=redeploy"});
    row("the same list", R"({"/cors_allow_origins/0": "https://a.example"})", {},
        R"({"/cors_allow_origins": ["https://a.example"]})", {});
    row("unknown → a value", "{}", {"/replicas"}, R"({"/replicas": 2})", {"/replicas=redeploy"});

    // The database: SQLite to PostgreSQL, and another PostgreSQL server.
    row("sqlite → postgresql", R"({"/database/kind": "sqlite"})", {}, R"({"/database/kind": "postgresql"})",
        {"/database/kind=data migration"});
    row("sqlite stays", R"({"/database/kind": "sqlite"})", {}, "{}", {});
    row("unknown database → postgresql", "{}", {"/database/kind"}, R"({"/database/kind": "postgresql"})",
        {"/database/kind=data migration"});
    row("another PostgreSQL server", R"({"/database/kind": "postgresql", "/database/host": "old-db"})", {},
        R"({"/database/kind": "postgresql", "/database/host": "new-db"})", {"/database/host=data migration"});
    row("a pool size is a redeploy", R"({"/database/kind": "postgresql", "/database/pool_size": null})", {},
        R"({"/database/kind": "postgresql", "/database/pool_size": 10})", {"/database/pool_size=redeploy"});

    // The vector database, its server, and the embeddings it holds.
    row("chroma → qdrant", R"({"/vector_db/kind": "chroma"})", {}, R"({"/vector_db/kind": "qdrant"})", {"/vector_db/kind=re-index"});
    row("another qdrant server", R"({"/vector_db/kind": "qdrant", "/vector_db/url": "http://old:6333"})", {},
        R"({"/vector_db/kind": "qdrant", "/vector_db/url": "http://new:6333"})", {"/vector_db/url=re-index"});
    row("the same vector database", R"({"/vector_db/kind": "qdrant", "/vector_db/url": "http://q:6333"})", {},
        R"({"/vector_db/kind": "qdrant", "/vector_db/url": "http://q:6333"})", {});
    row("another embedding model", R"({"/embeddings": "openai", "/embedding_model": "a"})", {},
        R"({"/embeddings": "openai", "/embedding_model": "b"})", {"/embedding_model=re-index"});

    // Storage: a provider switch or another bucket copies uploads; a region alone does not.
    row("local volume → s3", R"({"/storage/kind": "local-volume"})", {}, R"({"/storage/kind": "s3", "/storage/bucket": "files"})",
        {"/storage/kind=copy uploads"});
    row("s3 → local volume", R"({"/storage/kind": "s3", "/storage/bucket": "files"})", {}, "{}",
        {"/storage/kind=copy uploads", "/storage/bucket=redeploy"});
    row("another bucket", R"({"/storage/kind": "s3", "/storage/bucket": "old-files"})", {},
        R"({"/storage/kind": "s3", "/storage/bucket": "new-files"})", {"/storage/bucket=copy uploads"});
    row("a region alone", R"({"/storage/kind": "s3", "/storage/bucket": "files", "/storage/region": "eu-west-1"})", {},
        R"({"/storage/kind": "s3", "/storage/bucket": "files", "/storage/region": "eu-west-2"})", {"/storage/region=redeploy"});
    row("local → shared volume", R"({"/storage/kind": "local-volume"})", {}, R"({"/storage/kind": "shared-volume"})",
        {"/storage/kind=copy uploads"});

    // The secret key: generated from any other source, or another external secret.
    row("per-container keys → generated", R"({"/secrets/key_mode": "unset"})", {}, R"({"/secrets/key_mode": "generated"})",
        {"/secrets/key_mode=new secret key"});
    row("external → generated", R"({"/secrets/key_mode": "external", "/secrets/external_secret_name": "owui"})", {},
        R"({"/secrets/key_mode": "generated"})", {"/secrets/key_mode=new secret key", "/secrets/external_secret_name=redeploy"});
    row("another external secret", R"({"/secrets/key_mode": "external", "/secrets/external_secret_name": "old-key"})", {},
        R"({"/secrets/key_mode": "external", "/secrets/external_secret_name": "new-key"})",
        {"/secrets/external_secret_name=new secret key"});
    row("the same external secret", R"({"/secrets/key_mode": "external", "/secrets/external_secret_name": "key"})", {},
        R"({"/secrets/key_mode": "external", "/secrets/external_secret_name": "key"})", {});
    row("unknown key source → generated", "{}", {"/secrets/key_mode"}, R"({"/secrets/key_mode": "generated"})",
        {"/secrets/key_mode=new secret key"});
}

void tst_migration::eachMarkAppearsExactlyWhenItShould()
{
    QFETCH(QByteArray, audited);
    QFETCH(QStringList, unknown);
    QFETCH(QByteArray, target);
    QFETCH(QStringList, expected);
    const auto changes = changesFromAudit(originWith(audited, unknown), planWith(target));
    QCOMPARE(marks(changes), expected);
    for (const auto &c : changes) {
        // Work always says what to do; a plain change never does.
        QCOMPARE(c.whatToDo.empty(), c.work == MigrationWork::Redeploy);
        QVERIFY(!c.from.empty() && !c.to.empty());
        QVERIFY(c.from != c.to);
    }
}

void tst_migration::sameDeploymentHasNoChanges()
{
    // The audit of a deployment made from this very plan records every setting with the plan's value.
    planner::Plan plan = planWith(R"({"/database/kind": "postgresql", "/replicas": 3, "/redis/mode": "single",
                                       "/cors_allow_origins": ["https://a.example"], "/storage/kind": "s3",
                                       "/storage/bucket": "files"})");
    auto flat = nlohmann::json(planner::planToJson(plan)).flatten();
    planner::AuditOrigin origin;
    const auto document = nlohmann::json(planner::planToJson(plan));
    for (const auto &[pointer, value] : flat.items())
        // flatten() writes an empty list as null; the audit records a list by its items, so an empty one has none.
        if (pointer != "/format" && !document.at(nlohmann::json::json_pointer(pointer)).is_array())
            origin.settings.emplace_back(pointer, value.dump());
    QVERIFY(origin.settings.size() > 70);
    QCOMPARE(marks(changesFromAudit(origin, plan)), QStringList());

    // One setting away: exactly that one.
    plan.workers = 4;
    QCOMPARE(marks(changesFromAudit(origin, plan)), QStringList{"/workers=redeploy"});
}

void tst_migration::valuesReadAsAPersonReadsThem()
{
    const auto changes = changesFromAudit(
        originWith(R"({"/name": "x", "/database/kind": "postgresql", "/database/pool_size": null, "/load_balancer/public_url": "",
                       "/image_tag": "0.10.2"})", {"/workers"}),
        planWith(R"({"/database/kind": "postgresql", "/database/pool_size": 12, "/load_balancer/public_url": "https://chat.example",
                     "/image_tag": "0.11.1", "/workers": 2})"));
    const auto *pool = changeAt(changes, "/database/pool_size");
    QVERIFY(pool);
    QCOMPARE(pool->from, std::string("(unset)"));
    QCOMPARE(pool->to, std::string("12"));
    const auto *url = changeAt(changes, "/load_balancer/public_url");
    QVERIFY(url);
    QCOMPARE(url->from, std::string("(empty)"));
    QCOMPARE(url->to, std::string("https://chat.example"));
    QCOMPARE(changeAt(changes, "/image_tag")->from, std::string("0.10.2"));
    QCOMPARE(changeAt(changes, "/workers")->from, std::string("unknown"));
    QVERIFY(!changeAt(changes, "/name"));
}

void tst_migration::sqliteToPostgresSaysWhatTheOperatorDoes()
{
    const auto changes = changesFromAudit(originWith(R"({"/database/kind": "sqlite"})"), planWith(R"({"/database/kind": "postgresql"})"));
    QCOMPARE(changes.size(), std::size_t(1));
    const auto &c = changes.front();
    QCOMPARE(c.from, std::string("sqlite"));
    QCOMPARE(c.to, std::string("postgresql"));
    QVERIFY(stepOf(c.work) == MigrationStep::BeforeRedeploy);
    for (const char *words : {"does not move data", "fresh, empty database", "/app/backend/data/webui.db", "Export Config",
                              "Import Config", "first account"})
        QVERIFY2(c.whatToDo.find(words) != std::string::npos, words);
    // When the files did not show the database, the item says so.
    const auto unknown = changesFromAudit(originWith("{}", {"/database/kind"}), planWith(R"({"/database/kind": "postgresql"})"));
    QCOMPARE(unknown.front().from, std::string("unknown"));
    QVERIFY(unknown.front().whatToDo.rfind("The files did not show", 0) == 0);
}

void tst_migration::newSecretKeySaysHowToKeepTheOldOne()
{
    const auto fromExternal = changesFromAudit(
        originWith(R"({"/secrets/key_mode": "external", "/secrets/external_secret_name": "owui-old"})"),
        planWith(R"({"/secrets/key_mode": "generated"})"));
    const auto *key = changeAt(fromExternal, "/secrets/key_mode");
    QVERIFY(key);
    QVERIFY(key->work == MigrationWork::NewSecretKey);
    QVERIFY(stepOf(key->work) == MigrationStep::BeforeRedeploy);
    for (const char *words : {"everyone signs in again", "OAuth", "OAUTH_SESSION_TOKEN_ENCRYPTION_KEY", "external",
                              "`owui-old`"})
        QVERIFY2(key->whatToDo.find(words) != std::string::npos, words);

    const auto fromUnset = changesFromAudit(originWith(R"({"/secrets/key_mode": "unset"})"),
                                            planWith(R"({"/secrets/key_mode": "generated"})"));
    QVERIFY(fromUnset.front().whatToDo.find("/app/backend/.webui_secret_key") != std::string::npos);

    // An audited secret name full of Markdown stays one code span.
    const auto hostile = changesFromAudit(
        originWith(R"({"/secrets/key_mode": "external", "/secrets/external_secret_name": "a`b"})"),
        planWith(R"({"/secrets/key_mode": "generated"})"));
    QVERIFY(hostile.front().whatToDo.find("``a`b``") != std::string::npos);
}

void tst_migration::uploadsAreCopiedBothWays()
{
    const auto toS3 = changesFromAudit(originWith(R"({"/storage/kind": "local-volume"})"),
                                       planWith(R"({"/storage/kind": "s3", "/storage/bucket": "owui-files"})"));
    QVERIFY(toS3.front().work == MigrationWork::CopyUploads);
    QVERIFY(toS3.front().whatToDo.find("copy /app/backend/data/uploads into `owui-files`") != std::string::npos);
    const auto back = changesFromAudit(originWith(R"({"/storage/kind": "gcs", "/storage/bucket": "owui-files"})"), planWith("{}"));
    QVERIFY(back.front().work == MigrationWork::CopyUploads);
    QVERIFY(back.front().whatToDo.find("into /app/backend/data/uploads") != std::string::npos);
}

void tst_migration::reindexSaysWhereInTheAdminPages()
{
    const auto changes = changesFromAudit(originWith(R"({"/vector_db/kind": "chroma"})"), planWith(R"({"/vector_db/kind": "pgvector"})"));
    QVERIFY(changes.front().work == MigrationWork::Reindex);
    QVERIFY(stepOf(changes.front().work) == MigrationStep::AfterRedeploy);
    QVERIFY(changes.front().whatToDo.find("Admin Panel › Settings › Documents › Reindex Knowledge Base Vectors") != std::string::npos);
}

void tst_migration::persistentConfigValuesTheDatabaseKeeps()
{
    const planner::Plan tika = planWith(R"({"/content_extraction": "tika"})");
    const auto *engine = deploymentModel(tika).find("CONTENT_EXTRACTION_ENGINE");
    QVERIFY(engine);
    QCOMPARE(engine->value, std::string("tika"));

    planner::AuditOrigin origin = originWith(R"({"/content_extraction": "docling"})");
    origin.persistentConfig = {{"CONTENT_EXTRACTION_ENGINE", "docling"},
                               {"TIKA_SERVER_URL", "http://tika:9998"},       // the bundle sets the same value
                               {"WEBUI_URL", "https://old.example"},          // the bundle does not set it
                               {"ENABLE_SIGNUP", "false"}};                   // not a variable the bundle writes
    const auto changes = changesFromAudit(origin, tika);
    QCOMPARE(marks(changes), (QStringList{"CONTENT_EXTRACTION_ENGINE=PersistentConfig", "/content_extraction=redeploy"}));
    const auto &c = changes.front();
    QCOMPARE(c.from, std::string("docling"));
    QCOMPARE(c.to, std::string("tika"));
    QVERIFY(stepOf(c.work) == MigrationStep::AfterRedeploy);
    QVERIFY(c.whatToDo.find(std::string(persistentSetting("CONTENT_EXTRACTION_ENGINE")->adminPath)) != std::string::npos);
    QVERIFY(c.whatToDo.find("ENABLE_PERSISTENT_CONFIG=false") != std::string::npos);

    // With ENABLE_PERSISTENT_CONFIG=false the environment wins at every start: a redeploy is enough.
    auto authoritative = tika;
    authoritative.persistentConfig = false;
    QCOMPARE(marks(changesFromAudit(origin, authoritative)), QStringList{"/content_extraction=redeploy"});
}

void tst_migration::workComesFirstInItsOrder()
{
    planner::AuditOrigin origin = originWith(
        R"({"/replicas": 1, "/vector_db/kind": "chroma", "/storage/kind": "local-volume", "/secrets/key_mode": "unset",
            "/database/kind": "sqlite", "/workers": 1})");
    origin.persistentConfig = {{"CONTENT_EXTRACTION_ENGINE", "docling"}};
    const auto changes = changesFromAudit(
        origin, planWith(R"({"/replicas": 3, "/vector_db/kind": "pgvector", "/storage/kind": "s3", "/storage/bucket": "files",
                             "/secrets/key_mode": "generated", "/database/kind": "postgresql", "/workers": 2,
                             "/content_extraction": "tika"})"));
    QCOMPARE(marks(changes), (QStringList{"/database/kind=data migration", "/secrets/key_mode=new secret key",
                                          "/storage/kind=copy uploads", "/vector_db/kind=re-index",
                                          "CONTENT_EXTRACTION_ENGINE=PersistentConfig", "/replicas=redeploy",
                                          "/workers=redeploy"}));
}

void tst_migration::oneLineForTheTerminal()
{
    const auto plain = changesFromAudit(originWith(R"({"/replicas": 1})"), planWith(R"({"/replicas": 3})"));
    QCOMPARE(toString(plain.front()), std::string("/replicas: 1 → 3 [redeploy]"));
    const auto work = changesFromAudit(originWith(R"({"/database/kind": "sqlite"})"), planWith(R"({"/database/kind": "postgresql"})"));
    const auto line = toString(work.front());
    QVERIFY2(line.rfind("/database/kind: sqlite → postgresql [data migration, before the redeploy] Open WebUI", 0) == 0, line.c_str());
    // An audited value with a line break cannot start a new line of output.
    const auto hostile = changesFromAudit(originWith(R"({"/image_tag": "x\nrm -rf /"})"), planWith("{}"));
    QVERIFY(toString(hostile.front()).find('\n') == std::string::npos);
}

QTEST_GUILESS_MAIN(tst_migration)
#include "tst_migration.moc"
