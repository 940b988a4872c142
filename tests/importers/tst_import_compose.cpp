// SPDX-License-Identifier: MIT
// The Compose and Swarm reader on real-world-shaped files: what it reads, how sure it is, and where each value is.
#include "importers/read.h"

#include <QTest>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <unistd.h>
#include <string>

using namespace importers;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(TEST_DATA_DIR) / "import" / "compose";

std::string fixture(const std::string &relative)
{
    return (kData / relative).string();
}

ImportedDeployment readOk(const std::vector<fs::path> &files)
{
    auto read = readDeployment(files);
    if (!read)
        qFatal("read failed: %s", read.error().describe().c_str());
    return *read;
}

const Workload *workloadNamed(const ImportedDeployment &deployment, const std::string &name)
{
    for (const auto &workload : deployment.workloads)
        if (workload.name == name)
            return &workload;
    return nullptr;
}

const CompanionService *companionNamed(const ImportedDeployment &deployment, const std::string &name)
{
    for (const auto &companion : deployment.companions)
        if (companion.name == name)
            return &companion;
    return nullptr;
}

bool hasNote(const ImportedDeployment &deployment, const std::string &part)
{
    return std::any_of(deployment.notes.begin(), deployment.notes.end(),
                       [&part](const ReadNote &note) { return note.message.find(part) != std::string::npos; });
}

#define COMPARE_STR(actual, expected) QCOMPARE(QString::fromStdString(actual), QString::fromStdString(expected))

} // namespace

class TestImportCompose : public QObject
{
    Q_OBJECT

private slots:
    void anchorsAndMergeKeys()
    {
        const auto deployment = readOk({fixture("anchors/compose.yaml")});
        QCOMPARE(deployment.workloads.size(), std::size_t(1));
        const auto &owui = deployment.workloads.front();
        COMPARE_STR(owui.name, "open-webui");
        QCOMPARE(owui.kind, Workload::Kind::ComposeService);
        QVERIFY(owui.orchestrator == planner::Orchestrator::Compose);
        COMPARE_STR(owui.where.describe(), fixture("anchors/compose.yaml") + ":17:3");
        // deploy.replicas comes through a merge key from x-scale, located where the anchor wrote it.
        QCOMPARE(owui.replicas, 2);
        QCOMPARE(owui.replicasCertainty, Certainty::Known);
        QCOMPARE(owui.replicasWhere.line, 14);
        // The explicit key wins over the merged one; the others come from the anchor.
        COMPARE_STR(owui.env.at("WEBUI_SECRET_KEY").value, "explicit-wins");
        QCOMPARE(owui.env.at("WEBUI_SECRET_KEY").where.line, 22);
        COMPARE_STR(owui.env.at("DATABASE_URL").value, "postgresql://owui:owui@db:5432/owui");
        QCOMPARE(owui.env.at("DATABASE_URL").where.line, 8);
        COMPARE_STR(owui.env.at("UVICORN_WORKERS").value, "2");
        // The wiki's DATABASE_URL and REDIS_URL are not Open WebUI's.
        QVERIFY(!owui.env.contains("REDIS_URL"));
        QCOMPARE(owui.data.kind, DataVolume::Kind::HostLocal);
        COMPARE_STR(owui.data.name, "owui-data");

        const auto *db = companionNamed(deployment, "db");
        QVERIFY(db);
        QCOMPARE(db->role, CompanionService::Role::Postgres);
        COMPARE_STR(db->settings.at("max_connections").first, "200");
        COMPARE_STR(db->settings.at("shared_buffers").first, "512MB");
        QCOMPARE(db->settings.at("max_connections").second.line, 29);
        const auto *cache = companionNamed(deployment, "wiki-cache");
        QVERIFY(cache);
        QCOMPARE(cache->role, CompanionService::Role::Redis);
        COMPARE_STR(cache->settings.at("maxclients").first, "2000");
        COMPARE_STR(cache->settings.at("timeout").first, "300");
        COMPARE_STR(cache->settings.at("maxmemory-policy").first, "allkeys-lru");
        QCOMPARE(cache->settings.at("maxclients").second.line, 35);
        QCOMPARE(cache->settings.at("maxclients").second.column, 47);
        // The wiki itself is neither Open WebUI nor a companion it could use.
        QVERIFY(!companionNamed(deployment, "wiki"));
        QVERIFY(!workloadNamed(deployment, "wiki"));
    }

    void envFilesAndInterpolation()
    {
        const std::string compose = fixture("envfiles/compose.yaml");
        const auto deployment = readOk({compose});
        QCOMPARE(deployment.workloads.size(), std::size_t(1));
        const auto &owui = deployment.workloads.front();
        COMPARE_STR(owui.image, "ghcr.io/open-webui/open-webui:v0.6.5");
        QCOMPARE(owui.imageWhere.line, 4);
        // ${REPLICAS:-1} with REPLICAS=3 in .env.
        QCOMPARE(owui.replicas, 3);
        QCOMPARE(owui.replicasCertainty, Certainty::Known);
        QCOMPARE(owui.replicasWhere.line, 18);

        // From the env_file, with its own file and line; the compose file's environment wins over it.
        const auto &database = owui.env.at("DATABASE_URL");
        COMPARE_STR(database.value, "postgresql://owui:s3cret@db:5432/owui");
        COMPARE_STR(database.where.describe(), fixture("envfiles/owui.env") + ":2:1");
        COMPARE_STR(owui.env.at("REDIS_URL").value, "redis://redis:6379/1");
        COMPARE_STR(owui.env.at("WEBUI_SECRET_KEY").value, "a single key # not a comment");
        QCOMPARE(owui.env.at("WEBUI_SECRET_KEY").where.line, 4);
        COMPARE_STR(owui.env.at("UVICORN_WORKERS").value, "4");
        COMPARE_STR(owui.env.at("UVICORN_WORKERS").where.describe(), compose + ":15:9");

        // The absent env_file: what it sets is unknown, said once as a source and once as a note.
        QCOMPARE(owui.opaqueEnv.size(), std::size_t(1));
        QVERIFY(owui.opaqueEnv.front().description.find("secrets.env") != std::string::npos);
        QCOMPARE(owui.opaqueEnv.front().where.line, 7);
        QVERIFY(hasNote(deployment, "secrets.env"));

        // ${DOMAIN} is in no .env: unknown, naming the variable, at the compose file's text.
        const auto &url = owui.env.at("WEBUI_URL");
        QCOMPARE(url.kind, EnvSetting::Kind::Unknown);
        QCOMPARE(url.certainty, Certainty::Unknown);
        QVERIFY(url.origin.find("DOMAIN") != std::string::npos);
        QCOMPARE(url.where.line, 10);
        // ${OLLAMA_URL-default}: unset, so the default applies and is known.
        COMPARE_STR(owui.env.at("OLLAMA_BASE_URL").value, "http://ollama:11434");
        QCOMPARE(owui.env.at("OLLAMA_BASE_URL").kind, EnvSetting::Kind::Literal);
        COMPARE_STR(owui.env.at("WEBUI_NAME").value, "Team chat");
        COMPARE_STR(owui.env.at("ENABLE_SIGNUP").value, "${NOT_INTERPOLATED}");
        COMPARE_STR(owui.env.at("CORS_ALLOW_ORIGIN").value, "https://chat.example.org");
        // A bare KEY comes from the shell.
        QCOMPARE(owui.env.at("OPENAI_API_KEY").kind, EnvSetting::Kind::Unknown);
        QCOMPARE(owui.env.at("OPENAI_API_KEY").where.line, 16);
        QCOMPARE(owui.data.kind, DataVolume::Kind::HostLocal);
    }

    void interpolationRules()
    {
        // The same file as text in memory: no .env, no env_file, so the defaults apply and the rest is unknown.
        const std::string text = "services:\n"
                                 "  w:\n"
                                 "    image: ghcr.io/open-webui/open-webui:${TAG}\n"
                                 "    env_file: owui.env\n"
                                 "    environment:\n"
                                 "      A: ${UNSET:-fallback}\n"
                                 "      B: ${UNSET?must be set}\n"
                                 "      C: ${UNSET:+alt}\n"
                                 "      D: $$HOME and $UNSET_TOO\n"
                                 "      E: ${NESTED:-${INNER:-deep}}\n"
                                 "      F: ${A${B\n";
        auto read = readDeploymentTexts({{"compose.yaml", text}});
        QVERIFY2(read.has_value(), read ? "" : read.error().describe().c_str());
        const auto &owui = read->workloads.at(0);
        COMPARE_STR(owui.env.at("A").value, "fallback");
        QCOMPARE(owui.env.at("A").certainty, Certainty::Known);
        QCOMPARE(owui.env.at("B").certainty, Certainty::Unknown);
        QCOMPARE(owui.env.at("C").certainty, Certainty::Unknown);
        QCOMPARE(owui.env.at("D").certainty, Certainty::Unknown);
        QVERIFY(owui.env.at("D").origin.find("UNSET_TOO") != std::string::npos);
        COMPARE_STR(owui.env.at("E").value, "deep");
        COMPARE_STR(owui.env.at("F").value, "${A${B");
        QCOMPARE(owui.opaqueEnv.size(), std::size_t(1));
        QCOMPARE(owui.opaqueEnv.front().where.line, 4);
    }

    void swarmGlobalModeAndSecrets()
    {
        const auto deployment = readOk({fixture("swarm/stack.yaml")});
        QCOMPARE(deployment.workloads.size(), std::size_t(2));
        const auto *owui = workloadNamed(deployment, "openwebui");
        QVERIFY(owui);
        QCOMPARE(owui->kind, Workload::Kind::SwarmService);
        QVERIFY(owui->orchestrator == planner::Orchestrator::Swarm);
        QVERIFY(owui->onePerNode);
        QCOMPARE(owui->replicas, 1);
        QCOMPARE(owui->replicasCertainty, Certainty::Unknown);
        QCOMPARE(owui->replicasWhere.line, 13);
        COMPARE_STR(owui->updateStrategy, "start-first");
        QCOMPARE(owui->updateStrategyWhere.line, 15);
        // WEBUI_SECRET_KEY_FILE: the key is in a Docker secret, the same on every replica.
        const auto &key = owui->env.at("WEBUI_SECRET_KEY");
        QCOMPARE(key.kind, EnvSetting::Kind::SecretReference);
        COMPARE_STR(key.value, "Docker secret owui_key");
        QCOMPARE(key.where.line, 6);
        // A secret mounted under a variable's name.
        QCOMPARE(owui->env.at("DATABASE_URL").kind, EnvSetting::Kind::SecretReference);
        // A local-driver volume on Swarm is one per node.
        QCOMPARE(owui->data.kind, DataVolume::Kind::NodeLocal);
        COMPARE_STR(owui->data.name, "owui-data");
        QCOMPARE(owui->data.where.line, 17);

        const auto *worker = workloadNamed(deployment, "uploads-worker");
        QVERIFY(worker);
        QCOMPARE(worker->replicas, 2);
        QCOMPARE(worker->data.kind, DataVolume::Kind::Shared);
        QCOMPARE(worker->data.where.line, 47);

        const auto *redis = companionNamed(deployment, "redis");
        QVERIFY(redis);
        QCOMPARE(redis->role, CompanionService::Role::Redis);
        COMPARE_STR(redis->settings.at("maxclients").first, "10000");
    }

    void composeWithoutStackKeysIsNotSwarm()
    {
        // deploy.replicas alone is Compose too.
        auto read = readDeploymentTexts({{"compose.yaml", "services:\n  w:\n    image: openwebui/open-webui\n"
                                                          "    deploy:\n      replicas: 4\n"
                                                          "    volumes: [\"./data:/app/backend/data:rw\"]\n"}});
        QVERIFY(read.has_value());
        QCOMPARE(read->workloads.at(0).kind, Workload::Kind::ComposeService);
        QCOMPARE(read->workloads.at(0).replicas, 4);
        QCOMPARE(read->workloads.at(0).data.kind, DataVolume::Kind::HostLocal);
        // The same with a placement constraint is a stack, and the bind mount is one folder per node.
        auto stack = readDeploymentTexts({{"compose.yaml", "services:\n  w:\n    image: openwebui/open-webui\n"
                                                           "    deploy:\n      replicas: 4\n      placement:\n"
                                                           "        constraints: [node.role == worker]\n"
                                                           "    volumes: [\"./data:/app/backend/data:rw\"]\n"}});
        QVERIFY(stack.has_value());
        QCOMPARE(stack->workloads.at(0).kind, Workload::Kind::SwarmService);
        QCOMPARE(stack->workloads.at(0).data.kind, DataVolume::Kind::NodeLocal);
        // No mount at all: the container's own layer.
        auto bare = readDeploymentTexts({{"compose.yaml", "services:\n  w:\n    image: openwebui/open-webui\n"}});
        QVERIFY(bare.has_value());
        QCOMPARE(bare->workloads.at(0).data.kind, DataVolume::Kind::None);
    }

    void overrideFileMerges()
    {
        const std::string base = fixture("override/compose.yaml");
        const std::string over = fixture("override/compose.override.yaml");
        const auto deployment = readOk({base, over});
        QCOMPARE(deployment.workloads.size(), std::size_t(1));
        const auto &owui = deployment.workloads.front();
        COMPARE_STR(owui.image, "ghcr.io/open-webui/open-webui:v0.6.5");
        COMPARE_STR(owui.imageWhere.file, over);
        QCOMPARE(owui.replicas, 3);
        COMPARE_STR(owui.replicasWhere.describe(), over + ":4:12");
        // environment merges by key across the map and the list form.
        COMPARE_STR(owui.env.at("WEBUI_SECRET_KEY").value, "base-key");
        COMPARE_STR(owui.env.at("WEBUI_SECRET_KEY").where.file, base);
        COMPARE_STR(owui.env.at("ENABLE_SIGNUP").value, "false");
        COMPARE_STR(owui.env.at("ENABLE_SIGNUP").where.describe(), over + ":8:9");
        COMPARE_STR(owui.env.at("REDIS_URL").value, "redis://redis:6379");
        QCOMPARE(owui.data.kind, DataVolume::Kind::HostLocal);
        const auto *redis = companionNamed(deployment, "redis");
        QVERIFY(redis);
        COMPARE_STR(redis->settings.at("maxclients").first, "500");

        // The base file alone has one replica and the base image.
        const auto alone = readOk({base});
        QCOMPARE(alone.workloads.front().replicas, 1);
        COMPARE_STR(alone.workloads.front().env.at("ENABLE_SIGNUP").value, "true");
    }

    void extendsAcrossFilesAndWithin()
    {
        const auto deployment = readOk({fixture("extends/compose.yaml")});
        QCOMPARE(deployment.workloads.size(), std::size_t(2));
        const auto *webui = workloadNamed(deployment, "webui");
        QVERIFY(webui);
        COMPARE_STR(webui->image, "ghcr.io/open-webui/open-webui:main");
        COMPARE_STR(webui->imageWhere.file, fixture("extends/common.yaml"));
        COMPARE_STR(webui->env.at("WEBUI_SECRET_KEY").value, "from-common");
        COMPARE_STR(webui->env.at("ENABLE_OLLAMA_API").value, "true");
        COMPARE_STR(webui->env.at("ENABLE_OLLAMA_API").where.file, fixture("extends/compose.yaml"));
        QCOMPARE(webui->data.kind, DataVolume::Kind::HostLocal);
        const auto *second = workloadNamed(deployment, "webui-second");
        QVERIFY(second);
        COMPARE_STR(second->env.at("WEBUI_SECRET_KEY").value, "from-common");
        COMPARE_STR(second->env.at("ENABLE_OLLAMA_API").value, "true");
        COMPARE_STR(second->env.at("PORT").value, "8081");
        QVERIFY(hasNote(deployment, "cycle"));
        QVERIFY(hasNote(deployment, "absent.yaml not found"));
    }

    void manyServicesMergeAsFewDo()
    {
        // Past a few items the reader looks keys up by hash instead of walking the map (a file of thousands
        // of services must not cost their square): duplicates, extends, overrides and volumes must not notice.
        std::string base = "services:\n";
        std::string over = "services:\n";
        std::string volumes = "volumes:\n";
        for (int i = 0; i < 40; ++i) {
            const std::string n = std::to_string(i);
            base += "  w" + n + ":\n    image: openwebui/open-webui:v1\n    environment:\n      OWN: own-" + n +
                    "\n    volumes:\n      - data-" + n + ":/app/backend/data\n";
            over += "  w" + n + ":\n    environment:\n      OVER: over-" + n + "\n";
            volumes += "  data-" + n + ":\n" + (i == 5 ? "    driver_opts: {type: nfs, o: addr=nas, device: ':/owui'}\n" : "");
        }
        base += "  w39:\n    image: openwebui/open-webui:v2\n"; // a duplicate key: the last wins
        base += "  w20:\n    image: openwebui/open-webui:v1\n    extends: w35\n    environment:\n      OWN: own-20\n";
        over += "  w40:\n    image: openwebui/open-webui:v1\n";
        auto read = readDeploymentTexts({{"compose.yaml", base + volumes}, {"compose.override.yaml", over}});
        QVERIFY2(read.has_value(), read ? "" : read.error().describe().c_str());
        QCOMPARE(read->workloads.size(), std::size_t(41));
        for (int i = 0; i < 39; ++i) {
            const auto *workload = workloadNamed(*read, "w" + std::to_string(i));
            QVERIFY(workload);
            COMPARE_STR(workload->env.at("OVER").value, "over-" + std::to_string(i));
            COMPARE_STR(workload->env.at("OWN").value, "own-" + std::to_string(i));
        }
        const auto *last = workloadNamed(*read, "w39");
        COMPARE_STR(last->image, "openwebui/open-webui:v2");
        QVERIFY(!last->env.contains("OWN")); // the duplicate replaced the whole service
        COMPARE_STR(last->env.at("OVER").value, "over-39");
        const auto *extending = workloadNamed(*read, "w20");
        QCOMPARE(extending->data.kind, DataVolume::Kind::HostLocal);
        QVERIFY(extending->env.contains("OWN"));
        QVERIFY(workloadNamed(*read, "w40"));
        QCOMPARE(workloadNamed(*read, "w5")->data.kind, DataVolume::Kind::Shared);
        QVERIFY(workloadNamed(*read, "w6")->data.kind != DataVolume::Kind::Shared);
    }

    void includeFollowsExistingFiles()
    {
        const auto deployment = readOk({fixture("include/compose.yaml")});
        QCOMPARE(deployment.workloads.size(), std::size_t(1));
        const auto *postgres = companionNamed(deployment, "postgres");
        QVERIFY(postgres);
        COMPARE_STR(postgres->settings.at("max_connections").first, "300");
        COMPARE_STR(postgres->settings.at("max_connections").second.describe(), fixture("include/db/compose.yaml") + ":7:9");
        QVERIFY(hasNote(deployment, "absent/compose.yaml not found"));
    }

    void referencesNotFollowedInMemory()
    {
        auto read = readDeploymentTexts({{"compose.yaml", "include: [db.yaml]\nservices:\n  w:\n"
                                                          "    image: openwebui/open-webui\n"
                                                          "    extends: {file: base.yaml, service: b}\n"}});
        QVERIFY(read.has_value());
        QVERIFY(hasNote(*read, "include db.yaml not read"));
        QVERIFY(hasNote(*read, "extends file base.yaml not read"));
    }

    void foundByImageNeverByName()
    {
        const auto deployment = readOk({fixture("mirror/compose.yaml")});
        QCOMPARE(deployment.workloads.size(), std::size_t(1));
        COMPARE_STR(deployment.workloads.front().name, "chat");
        QVERIFY(!deployment.workloads.front().env.contains("DATABASE_URL"));
        QVERIFY(isOpenWebUiImage("harbor.corp.example:5443/mirror/ghcr.io/open-webui/open-webui:v0.6.5"));
        QVERIFY(!isOpenWebUiImage("ghcr.io/open-webui/pipelines:main"));

        // A file with only the service named open-webui running another image holds no Open WebUI.
        auto other = readDeploymentTexts({{"compose.yaml", "services:\n  open-webui:\n    image: nginx:1.27\n"}});
        QVERIFY(!other.has_value());
        QVERIFY(other.error().message.find("no Open WebUI") != std::string::npos);
    }

    void extendsCycleAcrossFilesEnds()
    {
        const fs::path dir = fs::temp_directory_path() / ("owui-extends-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        {
            std::ofstream(dir / "a.yaml") << "services:\n  w:\n    image: openwebui/open-webui\n"
                                             "    extends: {file: b.yaml, service: x}\n";
            std::ofstream(dir / "b.yaml") << "services:\n  x:\n    extends: {file: a.yaml, service: w}\n";
        }
        auto read = readDeployment({dir / "a.yaml"});
        fs::remove_all(dir);
        QVERIFY2(read.has_value(), read ? "" : read.error().describe().c_str());
        QVERIFY(hasNote(*read, "cycle"));
    }
};

QTEST_GUILESS_MAIN(TestImportCompose)
#include "tst_import_compose.moc"
