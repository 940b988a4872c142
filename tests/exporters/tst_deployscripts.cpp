// SPDX-License-Identifier: MIT
// The bundle's deploy/<target>.sh: the runbook's commands verbatim, valid for the real sh and dash, runnable under
// `set -eu` (against stand-in docker/kubectl/helm that only record their arguments), and plan text in them stays
// one argument.
#include "../common/testplans.h"
#include "exporters/bundle.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace exporters;
using testplans::from;
using testplans::presetPlan;

namespace {

const char *const kPresets[] = {"single-user", "small-team", "multi-worker", "high-availability", "large-scale"};

SecretValues fixedSecrets(const planner::Plan &plan)
{
    auto secrets = generateSecrets(plan);
    if (!secrets)
        qFatal("%s", secrets.error().describe().c_str());
    return *secrets;
}

const BundleFile *fileAt(const std::vector<BundleFile> &files, const std::string &path)
{
    for (const auto &file : files)
        if (file.path == path)
            return &file;
    return nullptr;
}

/** @brief The script's commands: everything after the blank line that ends its header. */
std::string scriptBody(const std::string &script)
{
    const auto start = script.find("\n\n");
    return start == std::string::npos ? std::string() : script.substr(start + 2);
}

std::string readText(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeExecutable(const fs::path &path, const std::string &text)
{
    std::ofstream(path, std::ios::binary) << text;
    fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
}

struct Run {
    int exitCode = -1;
    QString output;
};

Run runProcess(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment = {},
               const QString &directory = {})
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    if (!directory.isEmpty())
        process.setWorkingDirectory(directory);
    process.start(program, arguments);
    process.closeWriteChannel(); // the stand-ins read stdin to its end, as `docker secret create -` does
    if (!process.waitForFinished(30'000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput())};
}

/**
 * @brief Stand-ins for the tools the scripts call, in a folder to put first on PATH: each appends its name and
 * arguments (one per line, then "--") to $TOOL_LOG and succeeds; envsubst copies its input.
 */
fs::path fakeTools(const fs::path &folder)
{
    fs::create_directories(folder);
    const std::string recorder = "#!/bin/sh\n"
                                 "{ printf '%s\\n' \"${0##*/}\"; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; echo --; } >> \"$TOOL_LOG\"\n"
                                 "cat >/dev/null 2>&1 || true\n";
    for (const char *tool : {"docker", "kubectl", "helm"})
        writeExecutable(folder / tool, recorder);
    writeExecutable(folder / "envsubst", "#!/bin/sh\nexec cat\n");
    return folder;
}

} // namespace

class tst_deployscripts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyTargetHasAnExecutableScript_data();
    void everyTargetHasAnExecutableScript();
    void scriptsAreTheRunbookCommands_data();
    void scriptsAreTheRunbookCommands();
    void shellsAcceptEveryScript_data();
    void shellsAcceptEveryScript();
    void scriptsRunUnderSetEuFromAnywhere_data();
    void scriptsRunUnderSetEuFromAnywhere();
    void planTextStaysOneArgument();
    void onlyExportedTargetsGetScripts();
};

void tst_deployscripts::everyTargetHasAnExecutableScript_data()
{
    QTest::addColumn<QString>("preset");
    for (const char *id : kPresets)
        QTest::newRow(id) << QString::fromLatin1(id);
}

void tst_deployscripts::everyTargetHasAnExecutableScript()
{
    QFETCH(QString, preset);
    const auto plan = presetPlan(preset.toStdString());
    const auto files = buildBundle(plan, {}, fixedSecrets(plan));
    QVERIFY(files.has_value());
    for (const auto target : {Format::Compose, Format::Swarm, Format::Helm}) {
        const auto *script = fileAt(*files, deployScriptPath(target));
        QVERIFY2(script, deployScriptPath(target).c_str());
        QVERIFY(script->executable);
        QCOMPARE(bundleFileMode(*script), 0755u);
        QVERIFY(script->content.rfind("#!/bin/sh\n", 0) == 0);
        QVERIFY(script->content.find("\nset -eu\n") != std::string::npos);
    }
    QCOMPARE(bundleFileMode(*fileAt(*files, ".env")), 0600u);
    QCOMPARE(bundleFileMode(*fileAt(*files, "compose.yaml")), 0644u);
}

void tst_deployscripts::scriptsAreTheRunbookCommands_data()
{
    everyTargetHasAnExecutableScript_data();
}

void tst_deployscripts::scriptsAreTheRunbookCommands()
{
    QFETCH(QString, preset);
    const auto plan = presetPlan(preset.toStdString());
    const auto files = buildBundle(plan, {}, fixedSecrets(plan));
    QVERIFY(files.has_value());
    const std::string &runbook = fileAt(*files, "README.md")->content;
    for (const auto target : {Format::Compose, Format::Swarm, Format::Helm}) {
        const std::string body = scriptBody(fileAt(*files, deployScriptPath(target))->content);
        QVERIFY(body.size() > 20);
        QVERIFY2(runbook.find("```sh\n" + body + "```\n") != std::string::npos, deployScriptPath(target).c_str());
        QVERIFY(runbook.find("`sh " + deployScriptPath(target) + "`") != std::string::npos);
    }
    QVERIFY(runbook.find("docker compose up -d") != std::string::npos);
    QVERIFY(runbook.find("docker stack deploy -c stack.yaml open-webui") != std::string::npos);
    QVERIFY(runbook.find("helm upgrade --install open-webui") != std::string::npos);
}

void tst_deployscripts::shellsAcceptEveryScript_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<QString>("preset");
    for (const char *shell : {"/bin/sh", "/usr/bin/dash"})
        for (const char *id : kPresets)
            QTest::addRow("%s %s", shell, id) << QString::fromLatin1(shell) << QString::fromLatin1(id);
}

void tst_deployscripts::shellsAcceptEveryScript()
{
    QFETCH(QString, shell);
    QFETCH(QString, preset);
    QTemporaryDir tmp;
    const fs::path folder(tmp.path().toStdString());
    // The control: this shell's -n rejects a script with a syntax error.
    std::ofstream(folder / "broken.sh") << "set -eu\nif docker compose ps; then\n  echo 'unterminated\nfi\n";
    const auto broken = runProcess(shell, {QStringLiteral("-n"), QString::fromStdString((folder / "broken.sh").string())});
    QVERIFY2(broken.exitCode > 0, qPrintable(broken.output));

    const auto plan = presetPlan(preset.toStdString());
    const auto files = buildBundle(plan, {}, fixedSecrets(plan));
    QVERIFY(files.has_value());
    for (const auto target : {Format::Compose, Format::Swarm, Format::Helm}) {
        const fs::path path = folder / (std::string(toString(target)) + ".sh");
        std::ofstream(path, std::ios::binary) << fileAt(*files, deployScriptPath(target))->content;
        const auto checked = runProcess(shell, {QStringLiteral("-n"), QString::fromStdString(path.string())});
        QVERIFY2(checked.exitCode == 0, qPrintable(QString::fromStdString(deployScriptPath(target)) + u": "_qs + checked.output));
    }
}

void tst_deployscripts::scriptsRunUnderSetEuFromAnywhere_data()
{
    everyTargetHasAnExecutableScript_data();
}

// Each script, run from another folder by its path, finds its bundle, reads .env under `set -u` and calls every
// step's tool in order; the first command recorded is the first step's.
void tst_deployscripts::scriptsRunUnderSetEuFromAnywhere()
{
    QFETCH(QString, preset);
    QTemporaryDir tmp;
    const fs::path root(tmp.path().toStdString());
    const auto plan = presetPlan(preset.toStdString());
    const auto files = buildBundle(plan, {}, fixedSecrets(plan));
    QVERIFY(files.has_value());
    QVERIFY(writeBundle(*files, root / "bundle", false).has_value());
    const fs::path tools = fakeTools(root / "bin");
    const fs::path elsewhere = root / "elsewhere";
    fs::create_directories(elsewhere);
    const std::pair<Format, const char *> firstCalls[] = {
        {Format::Compose, "docker\ncompose\nconfig\n-q\n--\n"},
        {Format::Swarm, "docker\nsecret\ninspect\n"},
        {Format::Helm, "kubectl\nget\nnamespace\nopen-webui\n--\n"},
    };
    for (const auto &[target, firstCall] : firstCalls) {
        const fs::path log = root / (std::string(toString(target)) + ".log");
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"PATH"_qs, QString::fromStdString(tools.string()) + u":/usr/bin:/bin"_qs);
        environment.insert(u"TOOL_LOG"_qs, QString::fromStdString(log.string()));
        const auto run = runProcess(u"/bin/sh"_qs, {QString::fromStdString((root / "bundle" / deployScriptPath(target)).string())},
                                    environment, QString::fromStdString(elsewhere.string()));
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        const std::string calls = readText(log);
        QVERIFY2(calls.rfind(firstCall, 0) == 0, calls.c_str());
        QVERIFY(calls.find(target == Format::Compose ? "docker\ncompose\nup\n-d\n--\n"
                           : target == Format::Swarm ? "docker\nstack\ndeploy\n-c\nstack.yaml\nopen-webui\n--\n"
                                                     : "helm\nupgrade\n--install\n") != std::string::npos);
    }
}

// Plan text reaches a script only shell-quoted: an operator's Swarm secret named like a command substitution is
// one argument of `docker secret inspect`, and nothing it names runs.
void tst_deployscripts::planTextStaysOneArgument()
{
    QTemporaryDir tmp;
    const fs::path root(tmp.path().toStdString());
    const std::string hostile = "key'; touch " + (root / "quote-ran").string() + "; '$(touch " + (root / "subst-ran").string() +
                                ")`touch " + (root / "tick-ran").string() + "` \"x\"";
    const auto plan = from(presetPlan("high-availability"), [&](planner::Plan &p) {
        p.secrets.keyMode = planner::SecretKeyMode::External;
        p.secrets.externalSecretName = hostile;
    });
    const auto files = buildBundle(plan, {}, fixedSecrets(plan));
    QVERIFY(files.has_value());
    QVERIFY(writeBundle(*files, root / "bundle", false).has_value());
    const fs::path tools = fakeTools(root / "bin");
    const fs::path log = root / "swarm.log";
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PATH"_qs, QString::fromStdString(tools.string()) + u":/usr/bin:/bin"_qs);
    environment.insert(u"TOOL_LOG"_qs, QString::fromStdString(log.string()));
    const auto run = runProcess(u"/bin/sh"_qs, {QString::fromStdString((root / "bundle/deploy/swarm.sh").string())}, environment);
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    QVERIFY2(readText(log).find("docker\nsecret\ninspect\n--\n" + hostile + "\n--\n") != std::string::npos, readText(log).c_str());
    for (const char *marker : {"quote-ran", "subst-ran", "tick-ran"})
        QVERIFY2(!fs::exists(root / marker), marker);
    // The control: the same text unquoted in a script does run (so the markers above could have appeared).
    std::ofstream(root / "unquoted.sh") << "docker secret inspect -- " << hostile << "\n";
    runProcess(u"/bin/sh"_qs, {QString::fromStdString((root / "unquoted.sh").string())}, environment);
    QVERIFY(fs::exists(root / "subst-ran"));
}

void tst_deployscripts::onlyExportedTargetsGetScripts()
{
    const auto plan = presetPlan("small-team");
    ExportOptions options;
    options.formats = {Format::Helm};
    const auto files = buildBundle(plan, options, fixedSecrets(plan));
    QVERIFY(files.has_value());
    QVERIFY(fileAt(*files, "deploy/helm.sh"));
    QVERIFY(!fileAt(*files, "deploy/compose.sh"));
    QVERIFY(!fileAt(*files, "deploy/swarm.sh"));
    QVERIFY(fileAt(*files, "README.md")->content.find("deploy/compose.sh") == std::string::npos);
}

QTEST_GUILESS_MAIN(tst_deployscripts)
#include "tst_deployscripts.moc"
