// SPDX-License-Identifier: MIT
// The bundle as a whole: secrets from the CSPRNG, .env at 0600, refusal of plans with errors,
// and atomic writing that leaves nothing behind when it fails.
#include "../common/testplans.h"
#include "durable.h"
#include "exporters/bundle.h"
#include "exporters/migration.h"
#include "exporters/model.h"
#include "exporters/persistentconfig.h"
#include "planner/evaluate.h"
#include "planner/planfile.h"

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <liburing.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace exporters;

using testplans::from;
using testplans::presetPlan;

namespace {

std::string readText(const fs::path &path)
{
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

mode_t modeOf(const fs::path &path)
{
    struct stat info {};
    ::stat(path.c_str(), &info);
    return info.st_mode & 0777;
}

/** @brief Every entry of a folder, hidden ones included: a failed write must leave none of its own. */
std::set<std::string> entriesOf(const fs::path &folder)
{
    std::set<std::string> names;
    for (const auto &entry : fs::directory_iterator(folder))
        names.insert(entry.path().filename().string());
    return names;
}

std::string readmeOf(const planner::Plan &plan, const ExportOptions &options = {})
{
    auto opts = options;
    opts.allowFindings = true;
    const auto files = buildBundle(plan, opts, generateSecrets(plan).value());
    if (!files)
        qFatal("buildBundle: %s", files.error().message.c_str());
    for (const auto &file : *files)
        if (file.path == "README.md")
            return file.content;
    return {};
}

/** @brief The text of one `## ` section of the runbook (up to the next one). */
std::string sectionOf(const std::string &readme, const std::string &title)
{
    const auto start = readme.find("\n## " + title + "\n");
    if (start == std::string::npos)
        return {};
    const auto end = readme.find("\n## ", start + 4);
    return readme.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/** @brief Empty when every step occurs in `text` in this order; else the first one missing. */
std::string inOrder(const std::string &text, std::initializer_list<const char *> steps)
{
    std::size_t from = 0;
    for (const char *step : steps) {
        const auto at = text.find(step, from);
        if (at == std::string::npos)
            return std::string("missing or out of order: ") + step;
        from = at + 1;
    }
    return {};
}

/** @brief Whether this kernel hands out an io_uring at all: the control for which way flushAll() must take. */
bool kernelGivesIoUring()
{
    io_uring ring{};
    if (::io_uring_queue_init(4, &ring, 0) != 0)
        return false;
    ::io_uring_queue_exit(&ring);
    return true;
}

/** @brief Three files and their folder, written but not flushed, as the bundle writer leaves them before flushing. */
std::vector<durable::Unflushed> unflushedFiles(const fs::path &folder)
{
    std::vector<durable::Unflushed> entries;
    for (const auto &[name, mode] : {std::pair{"a.yaml", 0644u}, std::pair{".env", 0600u}, std::pair{"run.sh", 0755u}}) {
        auto written = durable::writeNewFile(folder / name, std::string(name) + "\n", mode);
        if (!written)
            qFatal("writeNewFile: %s", written.error().describe().c_str());
        entries.push_back(std::move(*written));
    }
    entries.push_back(durable::openFolder(folder).value());
    return entries;
}

/** @brief A pipe: fsync refuses it (EINVAL) as it refuses a folder on a file system that cannot flush folders. */
struct Pipe {
    int ends[2] = {-1, -1};
    Pipe()
    {
        if (::pipe(ends) != 0)
            qFatal("pipe failed");
    }
    ~Pipe() { ::close(ends[1]); }
};

std::vector<BundleFile> sampleFiles()
{
    return {{"compose.yaml", "services: {}\n", false}, {"helm/values.yaml", "replicaCount: 1\n", false},
            {".env", "WEBUI_SECRET_KEY=abc\n", true}, {"deploy/compose.sh", "#!/bin/sh\n", false, true}};
}

} // namespace

class tst_bundle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomTokensAreLongAndDistinct();
    void secretsAreGeneratedWhereThePlannerOwnsThem();
    void storedKeyIsReused();
    void databaseUrlIsPercentEncoded();
    void envFileQuotesWhatComposeOrTheShellWouldRead();
    void bundleHasEnvAndRunbook();
    void refusesPlanWithErrors();
    void allowFindingsListsThemFirst();
    void secretsStayInEnvOnly_data();
    void secretsStayInEnvOnly();
    void writesModesAndFolders();
    void refusesExistingFolderWithoutForce();
    void forceReplacesTheWholeFolder();
    void failedWriteLeavesNothing();
    void unwritableParentLeavesNothing();
    void rejectsUnsafePaths();
    void flushesTogetherWhereTheKernelAllows();
    void flushesOneByOneWhenAsked();
    void aFileThatCannotBeFlushedIsNamed_data();
    void aFileThatCannotBeFlushedIsNamed();
    void aFolderThatCannotBeFlushedPasses_data();
    void moreEntriesThanTheRingHoldsGoInRounds();
    void aFolderThatCannotBeFlushedPasses();
    void persistentSettingsAreListedWithWhereToChangeThem();
    void authoritativeEnvironmentSaysSo();
    void upgradeStopsTheOldFleetFirst();
    void upgradeWithoutAMigrationUnit();
    void upgradeCommandsQuotePlanValues();
    void azureWithoutEndpointIsRefused();
    void assumptionsAndExternalsAreListed();
    void persistentTableMatchesTheModel();
    void auditedPlanSaysWhatMovingTakes();
};

void tst_bundle::randomTokensAreLongAndDistinct()
{
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const auto token = randomToken(48);
        QVERIFY(token.has_value());
        QCOMPARE(token->size(), std::size_t(64)); // 48 bytes = 384 bits, base64url without padding
        for (char ch : *token)
            QVERIFY(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_');
        QVERIFY2(seen.insert(*token).second, "a random token repeated");
    }
    QCOMPARE(randomToken(1)->size(), std::size_t(2));
    QCOMPARE(randomToken(2)->size(), std::size_t(3));
}

void tst_bundle::secretsAreGeneratedWhereThePlannerOwnsThem()
{
    const auto plan = presetPlan("large-scale");
    const auto secrets = generateSecrets(plan);
    QVERIFY(secrets.has_value());
    QVERIFY(secrets->at("WEBUI_SECRET_KEY").size() * 6 >= 256); // at least 256 bits of base64url
    const auto &password = secrets->at("POSTGRES_PASSWORD");
    QVERIFY(password.size() >= 43);
    QCOMPARE(secrets->at("DATABASE_URL"), "postgresql://openwebui:" + password + "@postgres:5432/openwebui");
    QVERIFY(generateSecrets(plan)->at("WEBUI_SECRET_KEY") != secrets->at("WEBUI_SECRET_KEY"));

    // An operator's own secret and an external database are theirs to fill in.
    auto external = plan;
    external.secrets.keyMode = planner::SecretKeyMode::External;
    external.secrets.externalSecretName = "corp-owui-key";
    external.database.host = "db.internal.example";
    const auto theirs = generateSecrets(external);
    QVERIFY(!theirs->count("WEBUI_SECRET_KEY"));
    QVERIFY(!theirs->count("DATABASE_URL"));
    QVERIFY(!theirs->count("POSTGRES_PASSWORD"));
}

void tst_bundle::storedKeyIsReused()
{
    auto plan = presetPlan("high-availability");
    plan.secrets.storeInPlan = true;
    plan.secrets.webuiSecretKey = "kept-in-the-plan-on-purpose";
    QCOMPARE(generateSecrets(plan)->at("WEBUI_SECRET_KEY"), std::string("kept-in-the-plan-on-purpose"));
}

void tst_bundle::databaseUrlIsPercentEncoded()
{
    // '@', ':' and '/' in a name would end the user, the password or the host; '%' would start an escape.
    auto plan = presetPlan("large-scale");
    plan.database.user = "o@w:n/er %41 é";
    plan.database.name = "web/ui?#db";
    const auto secrets = generateSecrets(plan);
    QVERIFY(secrets.has_value());
    const auto &password = secrets->at("POSTGRES_PASSWORD");
    QCOMPARE(secrets->at("DATABASE_URL"),
             "postgresql://o%40w%3An%2Fer%20%2541%20%C3%A9:" + password + "@postgres:5432/web%2Fui%3F%23db");
}

namespace {

std::string envFileOf(const planner::Plan &plan, const SecretValues &secrets)
{
    ExportOptions options;
    options.allowFindings = true;
    const auto files = buildBundle(plan, options, secrets);
    if (!files)
        return {};
    for (const auto &file : *files)
        if (file.path == ".env")
            return file.content;
    return {};
}

} // namespace

void tst_bundle::envFileQuotesWhatComposeOrTheShellWouldRead()
{
    auto plan = presetPlan("large-scale");
    plan.secrets.storeInPlan = true;
    plan.secrets.webuiSecretKey = "s$e $HOME `c` #5 é";
    plan.database.user = "owui\nWEBUI_SECRET_KEY=pwned"; // the issue's injection, were it ever to get past the reader
    auto secrets = *generateSecrets(plan);
    const auto env = envFileOf(plan, secrets);
    // Single quotes: literal for Compose v1 and v2 and for `. ./.env`; a plain token stays unquoted.
    QVERIFY2(env.find("\nWEBUI_SECRET_KEY='s$e $HOME `c` #5 é'\n") != std::string::npos, env.c_str());
    QVERIFY2(env.find("\nPOSTGRES_PASSWORD=" + secrets.at("POSTGRES_PASSWORD") + "\n") != std::string::npos, env.c_str());
    // The newline is percent-encoded inside DATABASE_URL: no second WEBUI_SECRET_KEY line.
    std::size_t keyLines = 0;
    for (std::size_t at = env.find("\nWEBUI_SECRET_KEY="); at != std::string::npos; at = env.find("\nWEBUI_SECRET_KEY=", at + 1))
        ++keyLines;
    QCOMPARE(keyLines, std::size_t(1));
    QVERIFY2(env.find("owui%0AWEBUI_SECRET_KEY%3Dpwned") != std::string::npos, env.c_str());

    // What no quoting carries unchanged for all three readers is left for the operator, never written half-quoted.
    secrets["WEBUI_SECRET_KEY"] = "it's\\";
    const auto refused = envFileOf(plan, secrets);
    QVERIFY2(refused.find("\nWEBUI_SECRET_KEY=\n") != std::string::npos, refused.c_str());
    QVERIFY(refused.find("it's") == std::string::npos);
    secrets["WEBUI_SECRET_KEY"] = "a${HOME}b";
    QVERIFY(envFileOf(plan, secrets).find("\nWEBUI_SECRET_KEY=\n") != std::string::npos);
}

void tst_bundle::bundleHasEnvAndRunbook()
{
    const auto plan = presetPlan("large-scale");
    const auto files = buildBundle(plan, {}, *generateSecrets(plan));
    QVERIFY(files.has_value());
    std::set<std::string> paths;
    for (const auto &f : *files) {
        paths.insert(f.path);
        QCOMPARE(f.secret, f.path == ".env");
    }
    for (const char *expected : {"compose.yaml", "nginx.conf", "stack.yaml", "helm/values.yaml", ".env", "README.md"})
        QVERIFY2(paths.count(expected), expected);

    ExportOptions onlyCompose;
    onlyCompose.formats = {Format::Compose};
    const auto composeOnly = buildBundle(plan, onlyCompose, {});
    for (const auto &f : *composeOnly)
        QVERIFY2(f.path != "stack.yaml" && f.path.rfind("helm/", 0) != 0, f.path.c_str());
}

void tst_bundle::refusesPlanWithErrors()
{
    planner::Plan plan; // 3 replicas on SQLite: the classic mistake
    plan.replicas = 3;
    const auto files = buildBundle(plan, {}, {});
    QVERIFY(!files.has_value());
    QVERIFY(files.error().message.find("external-database") != std::string::npos);
    QVERIFY(files.error().message.find("--allow-findings") != std::string::npos);
}

void tst_bundle::allowFindingsListsThemFirst()
{
    planner::Plan plan;
    plan.replicas = 3;
    ExportOptions options;
    options.allowFindings = true;
    const auto files = buildBundle(plan, options, {});
    QVERIFY(files.has_value());
    const auto readme = std::find_if(files->begin(), files->end(), [](const BundleFile &f) { return f.path == "README.md"; });
    QVERIFY(readme != files->end());
    const auto &text = readme->content;
    const auto firstSection = text.find("## ");
    QVERIFY(firstSection != std::string::npos);
    QVERIFY(text.substr(firstSection).rfind("## Error-level findings (read first)", 0) == 0);
    // external-database is among the errors listed before anything else.
    const auto listed = text.find("`external-database`");
    QVERIFY(listed != std::string::npos);
    QVERIFY(listed < text.find("## Files"));
}

void tst_bundle::secretsStayInEnvOnly_data()
{
    QTest::addColumn<QString>("preset");
    for (const char *id : {"single-user", "small-team", "multi-worker", "high-availability", "large-scale"})
        QTest::newRow(id) << QString::fromLatin1(id);
}

void tst_bundle::secretsStayInEnvOnly()
{
    QFETCH(QString, preset);
    const auto plan = presetPlan(preset.toLatin1().constData());
    const auto secrets = generateSecrets(plan);
    const auto files = buildBundle(plan, {}, *secrets);
    QVERIFY(files.has_value());
    QVERIFY(!secrets->empty());
    for (const auto &file : *files) {
        for (const auto &[name, value] : *secrets) {
            const bool present = file.content.find(value) != std::string::npos;
            QVERIFY2(present == (file.path == ".env"), (file.path + " and " + name).c_str());
        }
    }
}

void tst_bundle::writesModesAndFolders()
{
    QTemporaryDir tmp;
    const fs::path folder = fs::path(tmp.path().toStdString()) / "bundle";
    QVERIFY(writeBundle(sampleFiles(), folder, false).has_value());
    QCOMPARE(modeOf(folder / ".env"), mode_t(0600));
    QCOMPARE(modeOf(folder / "compose.yaml"), mode_t(0644));
    QCOMPARE(modeOf(folder / "deploy/compose.sh"), mode_t(0755));
    QCOMPARE(readText(folder / "helm/values.yaml"), std::string("replicaCount: 1\n"));
    // Nothing but the bundle itself is left beside it.
    QCOMPARE(entriesOf(tmp.path().toStdString()), std::set<std::string>{"bundle"});
}

void tst_bundle::refusesExistingFolderWithoutForce()
{
    QTemporaryDir tmp;
    const fs::path folder = fs::path(tmp.path().toStdString()) / "bundle";
    fs::create_directory(folder);
    std::ofstream(folder / "mine.txt") << "operator's notes";
    const auto result = writeBundle(sampleFiles(), folder, false);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().message, std::string(kFolderExistsMessage));
    QCOMPARE(readText(folder / "mine.txt"), std::string("operator's notes"));
    QVERIFY(!fs::exists(folder / "compose.yaml"));
}

void tst_bundle::forceReplacesTheWholeFolder()
{
    QTemporaryDir tmp;
    const fs::path folder = fs::path(tmp.path().toStdString()) / "bundle";
    QVERIFY(writeBundle({{"stale.yaml", "old\n", false}}, folder, false).has_value());
    QVERIFY(writeBundle(sampleFiles(), folder, true).has_value());
    QVERIFY(!fs::exists(folder / "stale.yaml"));
    QVERIFY(fs::exists(folder / "compose.yaml"));
    QCOMPARE(entriesOf(tmp.path().toStdString()), std::set<std::string>{"bundle"});
}

void tst_bundle::failedWriteLeavesNothing()
{
    QTemporaryDir tmp;
    const fs::path folder = fs::path(tmp.path().toStdString()) / "bundle";
    // "x" is written as a file, so "x/y" cannot be created: the write fails half-way.
    std::vector<BundleFile> clash{{"a.yaml", "a\n", false}, {"x", "file\n", false}, {"x/y", "below a file\n", false}};
    const auto result = writeBundle(clash, folder, false);
    QVERIFY(!result.has_value());
    QCOMPARE(int(result.error().code), int(planner::ErrorCode::Io));
    QVERIFY(entriesOf(tmp.path().toStdString()).empty());

    // With --force, a failure keeps the previous bundle as it was.
    QVERIFY(writeBundle(sampleFiles(), folder, false).has_value());
    QVERIFY(!writeBundle(clash, folder, true).has_value());
    QCOMPARE(readText(folder / ".env"), std::string("WEBUI_SECRET_KEY=abc\n"));
    QCOMPARE(entriesOf(tmp.path().toStdString()), std::set<std::string>{"bundle"});
}

void tst_bundle::unwritableParentLeavesNothing()
{
    QTemporaryDir tmp;
    // A parent that is a file cannot hold a folder (root ignores permission bits, so a read-only folder would not fail).
    const fs::path blocker = fs::path(tmp.path().toStdString()) / "not-a-folder";
    std::ofstream(blocker) << "x";
    const auto result = writeBundle(sampleFiles(), blocker / "bundle", false);
    QVERIFY(!result.has_value());
    QCOMPARE(int(result.error().code), int(planner::ErrorCode::Io));
    QCOMPARE(entriesOf(tmp.path().toStdString()), std::set<std::string>{"not-a-folder"});

    if (::geteuid() != 0) {
        // Not root: a read-only folder really refuses, and nothing is left in it.
        const fs::path readOnly = fs::path(tmp.path().toStdString()) / "read-only";
        fs::create_directory(readOnly);
        ::chmod(readOnly.c_str(), 0555);
        QVERIFY(!writeBundle(sampleFiles(), readOnly / "bundle", false).has_value());
        QVERIFY(entriesOf(readOnly).empty());
        ::chmod(readOnly.c_str(), 0755);
    }
}

void tst_bundle::rejectsUnsafePaths()
{
    QTemporaryDir tmp;
    const fs::path folder = fs::path(tmp.path().toStdString()) / "bundle";
    for (const char *path : {"../escape.yaml", "/etc/passwd", "a/../../b", ""})
        QVERIFY2(!writeBundle({{path, "x", false}}, folder, false).has_value(), path);
    QVERIFY(entriesOf(tmp.path().toStdString()).empty());
}

void tst_bundle::persistentSettingsAreListedWithWhereToChangeThem()
{
    const auto plan = presetPlan("large-scale");
    const auto section = sectionOf(readmeOf(plan), "Settings that live in the database");
    QVERIFY2(!section.empty(), "no PersistentConfig section");
    QVERIFY(section.find("cannot change them") != std::string::npos);
    // Every PersistentConfig variable the bundle writes, with its value and its Admin UI path.
    for (const auto &var : deploymentModel(plan).app) {
        const auto *setting = persistentSetting(var.name);
        const bool listed = section.find("| `" + var.name + "` |") != std::string::npos;
        QVERIFY2(listed == (setting != nullptr), var.name.c_str());
        if (setting)
            QVERIFY2(section.find(std::string(setting->adminPath)) != std::string::npos, var.name.c_str());
    }
    QVERIFY(section.find("| `TIKA_SERVER_URL` | `http://tika:9998` | Admin Panel › Settings › Documents") != std::string::npos);
    QVERIFY(section.find("| `RAG_OPENAI_API_KEY` | (secret, from `.env`) |") != std::string::npos);
    QVERIFY(section.find("`CORS_ALLOW_ORIGIN`") == std::string::npos); // read at every start (config.py, plain environ)
    QVERIFY(section.find("persistent_config: false") != std::string::npos);
    // ENABLE_PERSISTENT_CONFIG keeps Open WebUI's default.
    QVERIFY(!deploymentModel(plan).find("ENABLE_PERSISTENT_CONFIG"));
}

void tst_bundle::authoritativeEnvironmentSaysSo()
{
    const auto plan = from(presetPlan("large-scale"), [](planner::Plan &p) { p.persistentConfig = false; });
    const auto model = deploymentModel(plan);
    QVERIFY(model.find("ENABLE_PERSISTENT_CONFIG"));
    QCOMPARE(model.find("ENABLE_PERSISTENT_CONFIG")->value, std::string("false"));
    const auto section = sectionOf(readmeOf(plan), "Settings that live in the database");
    QVERIFY(section.find("the environment is authoritative") != std::string::npos);
    QVERIFY(section.find("lost at the next restart") != std::string::npos);
    QVERIFY(section.find("cannot change them") == std::string::npos);
    QVERIFY(section.find("| `RAG_EMBEDDING_MODEL` | `text-embedding-3-small` |") != std::string::npos);
}

void tst_bundle::upgradeStopsTheOldFleetFirst()
{
    // A migration job, rolling here; recreate below.
    const auto plan = from(presetPlan("large-scale"), [](planner::Plan &p) { p.upgradeStrategy = planner::UpgradeStrategy::Rolling; });
    const auto section = sectionOf(readmeOf(plan), "Upgrading safely");
    const auto order = [&section](std::initializer_list<const char *> steps) { return inOrder(section, steps); };
    const auto compose = order({"### Docker Compose", "docker compose stop open-webui ", "docker compose pull open-webui migrate\n", "docker compose run --rm migrate",
                                "docker compose up -d"});
    QVERIFY2(compose.empty(), compose.c_str());
    const auto swarm = order({"### Docker Swarm", "docker service scale open-webui_open-webui=0",
                              "IMAGE=ghcr.io/open-webui/open-webui:0.11.0\n",
                              "docker service update --detach --image \"$IMAGE\" open-webui_migrate",
                              "until docker service ps open-webui_migrate", "grep -q ' Complete'",
                              "docker service update --detach --image \"$IMAGE\" open-webui_open-webui",
                              "docker service scale open-webui_open-webui=6\n", "docker stack deploy -c stack.yaml open-webui"});
    QVERIFY2(swarm.empty(), swarm.c_str());
    const auto helm = order({"### Kubernetes", "kubectl -n open-webui scale deployment/open-webui --replicas=0",
                             "while kubectl -n open-webui get pods -l app.kubernetes.io/instance=open-webui,"
                             "app.kubernetes.io/component=open-webui -o name | grep -q .; do sleep 5; done",
                             "kubectl -n open-webui delete job open-webui-migrate --ignore-not-found",
                             "kubectl -n open-webui apply -f helm/migration-job.yaml",
                             "kubectl -n open-webui wait --for=condition=complete job/open-webui-migrate",
                             "helm upgrade open-webui open-webui/open-webui --version 16.0.0"});
    QVERIFY2(helm.empty(), helm.c_str());
    QVERIFY(section.find("autoscaler leaves a workload at 0 replicas alone") != std::string::npos);
    QVERIFY(section.find("upgrade strategy is **rolling**") != std::string::npos);

    const auto recreate = sectionOf(readmeOf(from(plan, [](planner::Plan &p) {
                                        p.upgradeStrategy = planner::UpgradeStrategy::Recreate;
                                    })),
                                    "Upgrading safely");
    QVERIFY(recreate.find("upgrade strategy is **recreate**") != std::string::npos);
    QVERIFY(recreate.find("`strategy: Recreate`") != std::string::npos);

    // Only the targets in the bundle.
    ExportOptions onlyHelm;
    onlyHelm.formats = {Format::Helm};
    const auto helmOnly = sectionOf(readmeOf(plan, onlyHelm), "Upgrading safely");
    QVERIFY(helmOnly.find("### Kubernetes") != std::string::npos);
    QVERIFY(helmOnly.find("### Docker") == std::string::npos);
}

void tst_bundle::upgradeWithoutAMigrationUnit()
{
    // One process migrates itself as it starts; the old one still stops first.
    const auto section = sectionOf(readmeOf(presetPlan("small-team")), "Upgrading safely");
    const auto compose = inOrder(section, {"docker compose stop open-webui ", "docker compose pull open-webui\n",
                                           "docker compose up -d ", "the new version migrates as it starts"});
    QVERIFY2(compose.empty(), compose.c_str());
    QVERIFY(section.find("run --rm migrate") == std::string::npos);
    QVERIFY(section.find("docker service scale open-webui_open-webui=0") != std::string::npos);
    QVERIFY(section.find("open-webui_migrate") == std::string::npos);
    QVERIFY(section.find("migration-job.yaml") == std::string::npos);
    QVERIFY(section.find("helm upgrade open-webui") != std::string::npos);
}

void tst_bundle::upgradeCommandsQuotePlanValues()
{
    const auto plan = from(presetPlan("large-scale"), [](planner::Plan &p) { p.imageTag = "0.11.0'; rm -rf / #"; });
    const auto section = sectionOf(readmeOf(plan), "Upgrading safely");
    QVERIFY2(section.find("IMAGE='ghcr.io/open-webui/open-webui:0.11.0'\\''; rm -rf / #'\n") != std::string::npos,
             section.c_str());
    // The tag shown in prose cannot end its code span either.
    const auto ticks = from(plan, [](planner::Plan &p) { p.imageTag = "a`b"; });
    QVERIFY(sectionOf(readmeOf(ticks), "Upgrading safely").find("``a`b``") != std::string::npos);
}

void tst_bundle::azureWithoutEndpointIsRefused()
{
    // Open WebUI builds the Azure client at start; without an endpoint no target could run.
    const auto plan = from(presetPlan("large-scale"), [](planner::Plan &p) {
        p.storage = {planner::StorageKind::Azure, "owui", {}, {}, 2};
    });
    ExportOptions options;
    options.allowFindings = true;
    const auto files = buildBundle(plan, options, {});
    QVERIFY(!files.has_value());
    QCOMPARE(files.error().where, std::string("/storage/endpoint"));
    QVERIFY(files.error().message.find("AZURE_STORAGE_ENDPOINT") != std::string::npos);
    const auto withEndpoint = from(plan, [](planner::Plan &p) { p.storage.endpoint = "https://acct.blob.core.windows.net"; });
    QVERIFY(buildBundle(withEndpoint, options, {}).has_value());
}

void tst_bundle::assumptionsAndExternalsAreListed()
{
    const auto plan = from(presetPlan("large-scale"), [](planner::Plan &p) {
        p.embeddings = planner::EmbeddingEngine::Ollama;
        p.embeddingModel.clear();
        p.storage.region.clear();
    });
    const auto readme = readmeOf(plan);
    const auto filled = sectionOf(readme, "Filled in for this plan");
    QVERIFY2(filled.find("RAG_EMBEDDING_MODEL=nomic-embed-text") != std::string::npos, filled.c_str());
    QVERIFY(filled.find("RAG_OLLAMA_BASE_URL=http://host.docker.internal:11434") != std::string::npos);
    QVERIFY(filled.find("S3_REGION_NAME=us-east-1") != std::string::npos);
    const auto steps = sectionOf(readme, "In order");
    QVERIFY(steps.find("`https://s3.us-east-1.amazonaws.com`") != std::string::npos);
    QVERIFY(steps.find("credential chain") != std::string::npos);
    QVERIFY(steps.find("an Ollama with the embedding model at `http://host.docker.internal:11434`") != std::string::npos);
    QVERIFY(sectionOf(readme, "The same variables in every target").find("ENABLE_OLLAMA_API=False") != std::string::npos);
    // A plan that chooses everything has nothing filled in.
    QVERIFY(sectionOf(readmeOf(presetPlan("high-availability")), "Filled in for this plan").find("S3_") == std::string::npos);
}

void tst_bundle::persistentTableMatchesTheModel()
{
    // Read in config.py: these are declared with PersistentConfig(...), or seed one (OPENAI_API_BASE_URL).
    std::set<std::string> names;
    for (const auto &setting : persistentSettings()) {
        names.insert(std::string(setting.variable));
        QVERIFY2(setting.adminPath.rfind("Admin Panel › Settings › ", 0) == 0, std::string(setting.variable).c_str());
    }
    QCOMPARE(names, (std::set<std::string>{"WEBUI_URL", "ENABLE_OLLAMA_API", "OPENAI_API_BASE_URL",
                                            "CONTENT_EXTRACTION_ENGINE", "TIKA_SERVER_URL", "DOCLING_SERVER_URL",
                                            "RAG_EMBEDDING_ENGINE", "RAG_EMBEDDING_MODEL", "RAG_OPENAI_API_BASE_URL",
                                            "RAG_OPENAI_API_KEY", "RAG_OLLAMA_BASE_URL"}));
    // Environment-only, checked one by one in config.py and env.py.
    for (const char *name : {"CORS_ALLOW_ORIGIN", "STORAGE_PROVIDER", "S3_ENDPOINT_URL", "VECTOR_DB", "THREAD_POOL_SIZE",
                             "ENABLE_ORJSON", "ENABLE_COMPRESSION_MIDDLEWARE", "ENABLE_STAR_SESSIONS_MIDDLEWARE",
                             "ENABLE_WEBSOCKET_SUPPORT", "DATABASE_URL"})
        QVERIFY2(!persistentSetting(name), name);
}

void tst_bundle::auditedPlanSaysWhatMovingTakes()
{
    // Presets have no origin: their runbooks (and the goldens) have no such section.
    QVERIFY(sectionOf(readmeOf(presetPlan("large-scale")), "Moving from the audited deployment").empty());

    auto plan = presetPlan("large-scale");
    planner::AuditOrigin origin;
    origin.files = {"deploy/values.yaml", "odd`name|\nwith a break.yaml"};
    origin.settings = {{"/database/kind", "\"sqlite\""},     {"/vector_db/kind", "\"chroma\""},
                       {"/storage/kind", "\"local-volume\""}, {"/secrets/key_mode", "\"unset\""},
                       {"/replicas", "1"},                    {"/image_tag", "\"0.10.2\""}};
    origin.persistentConfig = {{"RAG_EMBEDDING_MODEL", "sentence-transformers/all-MiniLM-L6-v2"}};
    plan.auditOrigin = origin;
    const auto secrets = generateSecrets(plan);
    QVERIFY(secrets.has_value());
    ExportOptions options;
    options.allowFindings = true;
    const auto files = buildBundle(plan, options, *secrets);
    QVERIFY(files.has_value());
    std::string readme;
    for (const auto &file : *files)
        if (file.path == "README.md")
            readme = file.content;

    const auto section = sectionOf(readme, "Moving from the audited deployment");
    QVERIFY2(!section.empty(), "no section for the audited deployment");
    // It comes before the deploy commands: the work before the redeploy must be read first.
    QVERIFY(readme.find("## Moving from the audited deployment") < readme.find("## Docker Compose"));
    QVERIFY(sectionOf(readme, "In order").find("once the work \"Moving from the audited deployment\" lists") != std::string::npos);
    QVERIFY(section.find("`deploy/values.yaml`") != std::string::npos);
    // A hostile file name stays one line, inside one code span.
    QVERIFY(section.find("``odd`name\\| with a break.yaml``") != std::string::npos);

    // Every change of the core's list is there, work first, in the core's order, before and after the redeploy.
    const auto changes = changesFromAudit(origin, plan);
    QCOMPARE(changes.size(), std::size_t(7));
    QCOMPARE(inOrder(section, {"### Before the redeploy", "**data migration**: `/database/kind` `sqlite` → `postgresql`",
                               "**new secret key**: `/secrets/key_mode`", "**copy uploads**: `/storage/kind`",
                               "### After the redeploy", "**re-index**: `/vector_db/kind` `chroma` → `pgvector`",
                               "**PersistentConfig**: `RAG_EMBEDDING_MODEL`", "### Applied by the redeploy",
                               "- `/replicas`: `1` → `6`", "- `/image_tag`: `0.10.2`"}),
             std::string());
    for (const auto &change : changes)
        if (!change.whatToDo.empty())
            QVERIFY2(section.find(change.whatToDo.substr(0, 60)) != std::string::npos, change.whatToDo.c_str());

    // The checks every runbook passes: no secret value outside .env, plan text never breaks a line.
    for (const auto &[name, value] : *secrets)
        QVERIFY2(readme.find(value) == std::string::npos, name.c_str());
    QVERIFY(readme.find("with a break.yaml``") != std::string::npos);
    QVERIFY(readme.find("\nwith a break") == std::string::npos);

    // A plan that matches what was audited says so.
    auto same = presetPlan("large-scale");
    same.auditOrigin = planner::AuditOrigin{{"compose.yaml"}, {{"/replicas", "6"}}, {}, {}};
    QVERIFY(sectionOf(readmeOf(same), "Moving from the audited deployment").find("Nothing differs") != std::string::npos);
}

void tst_bundle::flushesTogetherWhereTheKernelAllows()
{
    QTemporaryDir tmp;
    const fs::path folder = tmp.path().toStdString();
    auto entries = unflushedFiles(folder);
    const auto flushed = durable::flushAll(entries);
    QVERIFY2(flushed.has_value(), flushed ? "" : flushed.error().describe().c_str());
    // Where the kernel refuses io_uring (a seccomp sandbox), the fsyncs must still happen, one by one.
    QCOMPARE(*flushed, kernelGivesIoUring() ? durable::FlushWay::Together : durable::FlushWay::OneByOne);
    for (const auto &entry : entries)
        QCOMPARE(entry.handle.fd(), -1); // each one closed once flushed
    QCOMPARE(readText(folder / ".env"), std::string(".env\n"));
    QCOMPARE(modeOf(folder / ".env"), mode_t(0600));
    QCOMPARE(modeOf(folder / "run.sh"), mode_t(0755));
}

void tst_bundle::flushesOneByOneWhenAsked()
{
    QTemporaryDir tmp;
    auto entries = unflushedFiles(tmp.path().toStdString());
    const auto flushed = durable::flushAll(entries, durable::FlushWay::OneByOne);
    QVERIFY(flushed.has_value());
    QCOMPARE(*flushed, durable::FlushWay::OneByOne);
    for (const auto &entry : entries)
        QCOMPARE(entry.handle.fd(), -1);
}

void tst_bundle::aFileThatCannotBeFlushedIsNamed_data()
{
    QTest::addColumn<durable::FlushWay>("way");
    QTest::newRow("together") << durable::FlushWay::Together;
    QTest::newRow("one by one") << durable::FlushWay::OneByOne;
}

void tst_bundle::aFileThatCannotBeFlushedIsNamed()
{
    QFETCH(durable::FlushWay, way);
    QTemporaryDir tmp;
    auto entries = unflushedFiles(tmp.path().toStdString());
    Pipe pipe;
    entries.insert(entries.begin() + 1, durable::Unflushed{durable::OpenFile(pipe.ends[0]), "the-pipe", false});
    const auto flushed = durable::flushAll(entries, way);
    QVERIFY(!flushed.has_value());
    QCOMPARE(int(flushed.error().code), int(planner::ErrorCode::Io));
    QCOMPARE(flushed.error().file, std::string("the-pipe"));
    QCOMPARE(flushed.error().message, std::string("flush failed: ") + std::strerror(EINVAL));
}

void tst_bundle::aFolderThatCannotBeFlushedPasses_data()
{
    aFileThatCannotBeFlushedIsNamed_data();
}

void tst_bundle::aFolderThatCannotBeFlushedPasses()
{
    QFETCH(durable::FlushWay, way);
    QTemporaryDir tmp;
    auto entries = unflushedFiles(tmp.path().toStdString());
    Pipe pipe;
    entries.push_back(durable::Unflushed{durable::OpenFile(pipe.ends[0]), "a-fuse-folder", true});
    const auto flushed = durable::flushAll(entries, way);
    QVERIFY2(flushed.has_value(), flushed ? "" : flushed.error().describe().c_str());
    for (const auto &entry : entries)
        QCOMPARE(entry.handle.fd(), -1);
}

void tst_bundle::moreEntriesThanTheRingHoldsGoInRounds()
{
    QTemporaryDir tmp;
    const fs::path folder = tmp.path().toStdString();
    std::vector<durable::Unflushed> entries;
    for (int i = 0; i < 150; ++i)
        entries.push_back(durable::writeNewFile(folder / ("f" + std::to_string(i)), "x\n", 0644).value());
    Pipe pipe; // in the third round: its failure must still be the one reported
    entries.insert(entries.begin() + 140, durable::Unflushed{durable::OpenFile(pipe.ends[0]), "late-pipe", false});
    const auto failed = durable::flushAll(entries);
    QVERIFY(!failed.has_value());
    QCOMPARE(failed.error().file, std::string("late-pipe"));

    // The same thread's next flush, after a failure, still goes together and reports its own results only.
    std::vector<durable::Unflushed> rest;
    for (int i = 150; i < 300; ++i)
        rest.push_back(durable::writeNewFile(folder / ("f" + std::to_string(i)), "x\n", 0644).value());
    const auto flushed = durable::flushAll(rest);
    QVERIFY2(flushed.has_value(), flushed ? "" : flushed.error().describe().c_str());
    QCOMPARE(*flushed, kernelGivesIoUring() ? durable::FlushWay::Together : durable::FlushWay::OneByOne);
    for (const auto &entry : rest)
        QCOMPARE(entry.handle.fd(), -1);
}

QTEST_GUILESS_MAIN(tst_bundle)
#include "tst_bundle.moc"
