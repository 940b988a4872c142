// SPDX-License-Identifier: MIT
// The bundle as a whole: secrets from the CSPRNG, .env at 0600, refusal of plans with errors,
// and atomic writing that leaves nothing behind when it fails.
#include "../common/testplans.h"
#include "exporters/bundle.h"
#include "exporters/model.h"
#include "planner/evaluate.h"
#include "planner/planfile.h"

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <set>
#include <sys/stat.h>

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

std::vector<BundleFile> sampleFiles()
{
    return {{"compose.yaml", "services: {}\n", false}, {"helm/values.yaml", "replicaCount: 1\n", false},
            {".env", "WEBUI_SECRET_KEY=abc\n", true}};
}

} // namespace

class tst_bundle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomTokensAreLongAndDistinct();
    void secretsAreGeneratedWhereThePlannerOwnsThem();
    void storedKeyIsReused();
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
    QVERIFY(result.error().message.find("--force") != std::string::npos);
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

QTEST_GUILESS_MAIN(tst_bundle)
#include "tst_bundle.moc"
