// SPDX-License-Identifier: MIT
// Every preset's freshly exported bundle and every golden bundle (whatever folders tests/data/golden holds
// at run time), proven by the real validators: the Compose Specification's JSON schema (python3-jsonschema),
// docker-compose and docker stack config, the Kubernetes API schemas (npm kubernetes-models), nginx -t, and
// Debian's PostgreSQL and Redis servers started with the bundle's own flags and read back. Each validator
// also meets a broken copy it must reject in the same run, and a tool that is missing, does not start or
// does not answer in time fails the test: nothing here can pass by not running.
#include "../common/loopbackservers.h"
#include "../common/testplans.h"
#include "exporters/bundle.h"
#include "exporters/model.h"
#include "planner/planfile.h"

#include <nlohmann/json.hpp>

#include <yaml-cpp/yaml.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>
#include <optional>

#include <csignal>
#include <unistd.h>

namespace {

using loopback::findTool;
using loopback::freePort;
using loopback::kDeadlineMs;
using loopback::Run;
using loopback::runTool;
using loopback::Server;
using loopback::waitUntilReady;

const QString kValidatorDir = QStringLiteral(OWUI_VALIDATOR_DIR);

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

/**
 * @brief A validator's control: the intact copy passes, so the broken one's rejection (exit 1, naming
 * `expected`) is the validator reading the change, not a tool that refuses everything.
 */
void expectControl(const QString &program, const QString &script, const QString &intact, const QString &broken,
                   const QStringList &extraArguments, const QString &expected)
{
    const auto accepted = runTool(program, QStringList{script, intact} + extraArguments);
    QVERIFY2(accepted.exitedWith(0), accepted.describe());
    const auto rejected = runTool(program, QStringList{script, broken} + extraArguments);
    QVERIFY2(rejected.exitedWith(1), rejected.describe());
    QVERIFY2(rejected.output.contains(expected), rejected.describe());
}

/** @brief Declares `variable` as the tool's path; a missing tool fails the test (never skips it). */
#define REQUIRE_TOOL(variable, name)                                                                              \
    const QString variable = findTool(name);                                                                     \
    Q_UNUSED(variable)                                                                                           \
    QVERIFY2(!variable.isEmpty(), qPrintable(QStringLiteral("%1 is not installed (scripts/setup installs it)").arg(name)))

/** @brief Debian's python3: python3-yaml and python3-jsonschema are installed for it (a pyenv or venv python3
 * earlier on PATH may lack them or carry other versions). */
const QString kPython = QStringLiteral("/usr/bin/python3");

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

bool writeText(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text.toUtf8()) == text.toUtf8().size();
}

/**
 * @brief `text` with the first match of `pattern` replaced (\1... in `replacement` are its groups); empty when
 * nothing matches, since the control would then test nothing.
 */
QString replacedFirst(const QString &text, const QString &pattern, const QString &replacement)
{
    const auto match = QRegularExpression(pattern).match(text);
    if (!match.hasMatch())
        return {};
    QString after = replacement;
    for (int group = match.lastCapturedIndex(); group > 0; --group)
        after.replace(QLatin1Char('\\') + QString::number(group), match.captured(group));
    QString copy = text;
    return copy.replace(match.capturedStart(), match.capturedLength(), after);
}

/** @brief A setting's value, or a marker that cannot equal one, so a missing setting fails a comparison. */
std::string settingOf(const std::map<std::string, std::string> &settings, const std::string &name)
{
    const auto it = settings.find(name);
    return it == settings.end() ? "(" + name + " not set)" : it->second;
}

/** @brief The placeholders Compose needs for every ${NAME...} a file references (goldens have no .env). */
QProcessEnvironment composeEnvironment(const QString &composeText)
{
    auto environment = QProcessEnvironment::systemEnvironment();
    static const QRegularExpression reference(QStringLiteral("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)"));
    for (auto it = reference.globalMatch(composeText); it.hasNext();) {
        const auto name = it.next().captured(1);
        if (!environment.contains(name))
            environment.insert(name, QStringLiteral("placeholder-") + name);
    }
    return environment;
}

YAML::Node loadYaml(const QString &path)
{
    try {
        return YAML::LoadFile(path.toStdString());
    } catch (const YAML::Exception &) {
        return {};
    }
}

QStringList serviceNames(const YAML::Node &composeOrStack)
{
    QStringList names;
    for (const auto &service : composeOrStack["services"])
        names << q(service.first.as<std::string>());
    return names;
}

/** @brief A service's command in a Compose or Swarm file; nullopt when the file has no such service. */
std::optional<std::vector<std::string>> serviceCommand(const YAML::Node &document, const std::string &service)
{
    const auto node = document["services"][service];
    if (!node)
        return std::nullopt;
    return node["command"] ? node["command"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

/** @brief The Kubernetes manifests of a bundle: the YAML files in helm/ but the chart's values.yaml. */
QStringList manifestFiles(const QString &bundle)
{
    QStringList files;
    const QDir helm(bundle + QStringLiteral("/helm"));
    for (const auto &name : helm.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
        if (name != QStringLiteral("values.yaml"))
            files << helm.filePath(name);
    return files;
}

/** @brief The container arguments of the Deployment or StatefulSet `name` in the Helm manifests. */
std::optional<std::vector<std::string>> workloadArguments(const QString &bundle, const std::string &name)
{
    for (const auto &file : manifestFiles(bundle)) {
        std::vector<YAML::Node> documents;
        try {
            documents = YAML::LoadAllFromFile(file.toStdString());
        } catch (const YAML::Exception &) {
            continue;
        }
        for (const auto &document : documents) {
            const auto kind = document["kind"] ? document["kind"].as<std::string>() : std::string();
            if ((kind == "Deployment" || kind == "StatefulSet") && document["metadata"]["name"].as<std::string>() == name) {
                const auto container = document["spec"]["template"]["spec"]["containers"][0];
                const auto arguments = container["args"] ? container["args"] : container["command"];
                return arguments ? arguments.as<std::vector<std::string>>() : std::vector<std::string>{};
            }
        }
    }
    return std::nullopt;
}

/** @brief PostgreSQL's `-c name=value` and `--name=value` flags as settings; nullopt for any other form. */
std::optional<std::map<std::string, std::string>> postgresSettings(const std::vector<std::string> &flags)
{
    std::map<std::string, std::string> settings;
    for (std::size_t i = 0; i < flags.size(); ++i) {
        std::string pair;
        if (flags[i] == "-c" && i + 1 < flags.size())
            pair = flags[++i];
        else if (flags[i].rfind("--", 0) == 0)
            pair = flags[i].substr(2);
        const auto equals = pair.find('=');
        if (equals == std::string::npos || equals == 0)
            return std::nullopt;
        settings[pair.substr(0, equals)] = pair.substr(equals + 1);
    }
    return settings;
}

/** @brief redis-server's `--name value...` flags as settings (a value of several words is one setting). */
std::optional<std::map<std::string, std::string>> redisSettings(const std::vector<std::string> &flags)
{
    std::map<std::string, std::string> settings;
    std::string name;
    for (const auto &flag : flags) {
        if (flag.rfind("--", 0) == 0) {
            name = flag.substr(2);
            settings[name];
        } else if (name.empty()) {
            return std::nullopt;
        } else {
            auto &value = settings[name];
            value += (value.empty() ? "" : " ") + flag;
        }
    }
    return settings;
}

/**
 * @brief The strings of the hostile plan: every character the validation lets through that means something to a
 * shell, YAML, `.env`, Compose interpolation or a URL (quotes, `$`, `${...}`, backtick, `#`, `%`, `@`, space,
 * non-ASCII), each in a field that allows it. The signing key holds no quote or backslash (refused there).
 */
struct HostileStrings {
    std::string name = "Plan 'q' \"dq\" $HOME ${HOME} `id` #c %41 @ é 東京";
    std::string user = "o'w\"n$er ${HOME} `id` #1 %41@:/ é";
    std::string database = "d'b\"$x `y` #2 %25@/? ü";
    std::string model = "m'o\"d$e ${X} `l` #3 %@ ñ";
    std::string keyPrefix = "k'p\"$r `e` #4 %@ ø";
    std::string secretKey = "s$e $HOME `c` #5 %@ é"; ///< `${` is refused there: docker-compose v1 expands it in .env
};

/** @brief The small-team preset with the hostile strings, read through the plan-file reader (so validation allows them). */
std::string hostilePlanText(const HostileStrings &h)
{
    auto document = nlohmann::json::parse(planner::planToJson(testplans::presetPlan("small-team")).dump());
    document["name"] = h.name;
    document["description"] = h.name;
    document["database"]["user"] = h.user;
    document["database"]["name"] = h.database;
    document["embeddings"] = "openai";
    document["embedding_model"] = h.model;
    document["redis"]["key_prefix"] = h.keyPrefix;
    document["secrets"]["store_in_plan"] = true;
    document["secrets"]["webui_secret_key"] = h.secretKey;
    return document.dump(2);
}

/** @brief RFC 3986 percent-encoding by Qt (all but the unreserved characters): the exporter's is checked against it. */
std::string percentEncoded(const std::string &text)
{
    return QByteArray::fromStdString(text).toPercentEncoding().toStdString();
}

/** @brief Compose's and docker stack config's printed values: a literal `$` is printed `$$`. */
std::string unescapedDollars(std::string text)
{
    for (auto at = text.find("$$"); at != std::string::npos; at = text.find("$$", at + 1))
        text.erase(at, 1);
    return text;
}

/** @brief A value from `environment:` written as a map or as a NAME=value list; a marker when absent. */
std::string environmentValue(const YAML::Node &environment, const std::string &name)
{
    if (environment.IsMap())
        return environment[name] ? environment[name].as<std::string>() : "(" + name + " not set)";
    for (const auto &item : environment) {
        const auto text = item.as<std::string>();
        if (text.rfind(name + "=", 0) == 0)
            return text.substr(name.size() + 1);
    }
    return "(" + name + " not set)";
}

struct Bundle {
    QString folder;
    std::optional<planner::Plan> plan; ///< the preset it was made from (a golden folder named after one)
};

/** @brief How long each validator took per bundle, printed at the end. */
std::map<QString, std::vector<qint64>> g_timings;

void recordTiming(const QString &validator, qint64 ms)
{
    g_timings[validator].push_back(ms);
}

} // namespace

class tst_validators : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void composeSpecAcceptsTheFile_data();
    void composeSpecAcceptsTheFile();
    void composeSpecRejectsABrokenCopy_data();
    void composeSpecRejectsABrokenCopy();

    void dockerComposeAcceptsComposeFile_data() { bundleRows(); }
    void dockerComposeAcceptsComposeFile();
    void dockerStackAcceptsStackFile_data() { bundleRows(); }
    void dockerStackAcceptsStackFile();
    void dockerToolsRejectAWordForReplicas_data();
    void dockerToolsRejectAWordForReplicas();

    void kubernetesModelsAcceptEveryManifest_data() { bundleRows(); }
    void kubernetesModelsAcceptEveryManifest();
    void kubernetesModelsRejectABrokenCopy_data();
    void kubernetesModelsRejectABrokenCopy();

    void nginxAcceptsTheLoadBalancer_data() { bundleRows(); }
    void nginxAcceptsTheLoadBalancer();
    void nginxRejectsABrokenCopy_data();
    void nginxRejectsABrokenCopy();

    void serverFlagsAgreeAcrossTargets_data() { bundleRows(); }
    void serverFlagsAgreeAcrossTargets();
    void postgresRunsWithTheBundlesFlags_data() { bundleRows(); }
    void postgresRunsWithTheBundlesFlags();
    void postgresRefusesAnInvalidFlag();
    void redisRunsWithTheBundlesFlags_data() { bundleRows(); }
    void redisRunsWithTheBundlesFlags();
    void redisRefusesAnInvalidFlag();

    void hostileStringsResolveExactlyInCompose();
    void hostileStringsResolveExactlyInSwarm();
    void hostileStringsResolveExactlyInKubernetes();
    void hostileStringsResolveExactlyThroughTheShell();
    void postgresAcceptsThePercentEncodedUrl();

private:
    void bundleRows();
    const Bundle &bundle();
    QString controlFile(const QString &relative) const;
    QStringList postgresCommand(int port, const std::vector<std::string> &bundleFlags) const;
    Run psql(int port, const QString &sql) const;

    QTemporaryDir m_scratch;
    std::map<QString, Bundle> m_bundles; ///< by row name: "preset large-scale", "golden large-scale"
};

void tst_validators::initTestCase()
{
    QVERIFY(m_scratch.isValid());

    QElapsedTimer clock;
    QStringList presets = QDir(QStringLiteral(OWUI_PRESET_DIR)).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const auto &file : presets) {
        const auto id = QFileInfo(file).completeBaseName();
        const auto plan = testplans::presetPlan(id.toStdString());
        const auto folder = m_scratch.filePath(QStringLiteral("presets/") + id);
        QVERIFY(QDir().mkpath(m_scratch.filePath(QStringLiteral("presets"))));
        clock.start();
        // The same call the CLI and the export page make: fresh secrets, every target, written atomically.
        const auto written = exporters::exportPlan(plan, exporters::ExportOptions{}, folder.toStdString(), false);
        QVERIFY2(written.has_value(), written ? "" : written.error().describe().c_str());
        recordTiming(QStringLiteral("export (exportPlan)"), clock.elapsed());
        m_bundles[QStringLiteral("preset ") + id] = {folder, plan};
    }
    for (const char *id : {"single-user", "small-team", "multi-worker", "high-availability", "large-scale"})
        QVERIFY2(m_bundles.count(QStringLiteral("preset ") + QLatin1String(id)), id);
    // Every preset that can single out a primary, exported with migrations "primary" too: the open-webui-primary
    // container, Swarm's slot-named tasks and the StatefulSet's values go through the same validators.
    int primaries = 0;
    for (const auto &file : presets) {
        const auto id = QFileInfo(file).completeBaseName();
        auto plan = testplans::presetPlan(id.toStdString());
        if (plan.migrations == planner::MigrationMode::Primary)
            continue; // its own bundle already is one
        plan.migrations = planner::MigrationMode::Primary;
        if (!exporters::deploymentModel(plan).migratingPrimary())
            continue;
        const auto folder = m_scratch.filePath(QStringLiteral("primary/") + id);
        QVERIFY(QDir().mkpath(m_scratch.filePath(QStringLiteral("primary"))));
        const auto written = exporters::exportPlan(plan, exporters::ExportOptions{}, folder.toStdString(), false);
        QVERIFY2(written.has_value(), written ? "" : written.error().describe().c_str());
        m_bundles[QStringLiteral("primary ") + id] = {folder, plan};
        ++primaries;
    }
    QVERIFY(primaries >= 1);

    // The hostile plan goes through every validator above as well, and the tests below read its values back.
    const auto hostile = planner::planFromJson(hostilePlanText(HostileStrings{}));
    QVERIFY2(hostile.has_value(), hostile ? "" : hostile.error().describe().c_str());
    exporters::ExportOptions allowFindings;
    allowFindings.allowFindings = true;
    const auto hostileFolder = m_scratch.filePath(QStringLiteral("hostile"));
    const auto hostileWritten = exporters::exportPlan(*hostile, allowFindings, hostileFolder.toStdString(), false);
    QVERIFY2(hostileWritten.has_value(), hostileWritten ? "" : hostileWritten.error().describe().c_str());
    m_bundles[QStringLiteral("hostile strings")] = {hostileFolder, *hostile};

    const QDir golden(QStringLiteral(TEST_DATA_DIR "/golden"));
    const auto goldens = golden.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY2(!goldens.isEmpty(), qPrintable(golden.path()));
    for (const auto &name : goldens) {
        Bundle entry{golden.filePath(name), std::nullopt};
        if (QFile::exists(QStringLiteral(OWUI_PRESET_DIR "/") + name + QStringLiteral(".json")))
            entry.plan = testplans::presetPlan(name.toStdString());
        m_bundles[QStringLiteral("golden ") + name] = entry;
    }
}

void tst_validators::cleanupTestCase()
{
    if (const auto initdbMs = loopback::PostgresCluster::shared().initdbMs())
        recordTiming(QStringLiteral("initdb (once)"), initdbMs);
    for (const auto &[validator, times] : g_timings) {
        auto sorted = times;
        std::sort(sorted.begin(), sorted.end());
        qInfo("timing: %-34s runs %2zu  min %5lld ms  median %5lld ms  max %5lld ms", qPrintable(validator), sorted.size(),
              static_cast<long long>(sorted.front()), static_cast<long long>(sorted[sorted.size() / 2]),
              static_cast<long long>(sorted.back()));
    }
}

void tst_validators::bundleRows()
{
    QTest::addColumn<QString>("bundle");
    for (const auto &[name, entry] : m_bundles)
        QTest::newRow(qPrintable(name)) << name;
}

const Bundle &tst_validators::bundle()
{
    QFETCH(QString, bundle);
    return m_bundles.at(bundle);
}

/** @brief A file of the large-scale preset's fresh bundle: the controls break copies of real files. */
QString tst_validators::controlFile(const QString &relative) const
{
    return readText(m_bundles.at(QStringLiteral("preset large-scale")).folder + QLatin1Char('/') + relative);
}

// ---------------------------------------------------------------- Compose Specification schema

void tst_validators::composeSpecAcceptsTheFile_data()
{
    QTest::addColumn<QString>("bundle");
    QTest::addColumn<QString>("file");
    for (const auto &[name, entry] : m_bundles)
        for (const char *file : {"compose.yaml", "stack.yaml"})
            QTest::newRow(qPrintable(name + QStringLiteral(": ") + QLatin1String(file))) << name << QString::fromLatin1(file);
}

void tst_validators::composeSpecAcceptsTheFile()
{
    QFETCH(QString, file);
    const auto &entry = bundle();
    REQUIRE_TOOL(python, kPython);
    const auto path = entry.folder + QLatin1Char('/') + file;
    QVERIFY2(QFile::exists(path), qPrintable(path));
    const auto run = runTool(python, {kValidatorDir + QStringLiteral("/compose-schema-check.py"), path});
    QVERIFY2(run.exitedWith(0), run.describe());
    QVERIFY2(run.output.contains(QStringLiteral("valid against the Compose Specification")), run.describe());
    recordTiming(QStringLiteral("compose-spec schema (python3)"), run.elapsedMs);
}

void tst_validators::composeSpecRejectsABrokenCopy_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown key") << QStringLiteral("compose.yaml") << QStringLiteral("\n  open-webui:\n")
                                 << QStringLiteral("\n  open-webui:\n    bogus_key: 1\n") << QStringLiteral("/services/open-webui: 'bogus_key'");
    // `replicas: two` is no control here: the schema allows a string wherever interpolation may put a number
    // (Compose converts it later); docker-compose and docker stack config reject it below.
    QTest::newRow("replicas not an integer") << QStringLiteral("compose.yaml") << QStringLiteral("\n      replicas: [0-9]+\n")
                                             << QStringLiteral("\n      replicas: 2.5\n")
                                             << QStringLiteral("/services/open-webui/deploy/replicas: 2.5 is not of type");
    QTest::newRow("duplicate key") << QStringLiteral("compose.yaml") << QStringLiteral("    restart: unless-stopped\n")
                                   << QStringLiteral("    restart: unless-stopped\n    restart: always\n")
                                   << QStringLiteral("found duplicate key 'restart'");
    QTest::newRow("not YAML") << QStringLiteral("compose.yaml") << QStringLiteral("\nservices:\n")
                              << QStringLiteral("\nservices: [\n") << QStringLiteral("not valid YAML");
    QTest::newRow("stack: unknown update_config key") << QStringLiteral("stack.yaml") << QStringLiteral("      update_config:\n")
                                                      << QStringLiteral("      update_config:\n        speed: fast\n")
                                                      << QStringLiteral("/update_config: ");
}

void tst_validators::composeSpecRejectsABrokenCopy()
{
    QFETCH(QString, file);
    QFETCH(QString, pattern);
    QFETCH(QString, replacement);
    QFETCH(QString, expected);
    REQUIRE_TOOL(python, kPython);
    const auto script = kValidatorDir + QStringLiteral("/compose-schema-check.py");
    const auto text = controlFile(file);
    const auto copy = replacedFirst(text, pattern, replacement);
    QVERIFY2(!copy.isEmpty(), qPrintable(QStringLiteral("the control needs /%1/ in %2").arg(pattern, file)));
    QTemporaryDir dir;
    const auto intact = dir.filePath(QStringLiteral("intact-") + file);
    const auto path = dir.filePath(file);
    QVERIFY(writeText(intact, text) && writeText(path, copy));
    // The same file unbroken passes, so the rejection below is the validator reading the change.
    expectControl(python, script, intact, path, {}, expected);
}

// ---------------------------------------------------------------- docker-compose, docker stack config

void tst_validators::dockerComposeAcceptsComposeFile()
{
    const auto &entry = bundle();
    REQUIRE_TOOL(compose, QStringLiteral("docker-compose"));
    const auto text = readText(entry.folder + QStringLiteral("/compose.yaml"));
    QVERIFY(!text.isEmpty());
    const auto run = runTool(compose, {QStringLiteral("-f"), QStringLiteral("compose.yaml"), QStringLiteral("config"), QStringLiteral("-q")},
                             entry.folder, composeEnvironment(text));
    QVERIFY2(run.exitedWith(0), run.describe());
    recordTiming(QStringLiteral("docker-compose config -q"), run.elapsedMs);
}

void tst_validators::dockerStackAcceptsStackFile()
{
    const auto &entry = bundle();
    REQUIRE_TOOL(docker, QStringLiteral("docker"));
    const auto run = runTool(docker, {QStringLiteral("stack"), QStringLiteral("config"), QStringLiteral("-c"), QStringLiteral("stack.yaml")},
                             entry.folder);
    QVERIFY2(run.exitedWith(0), run.describe());
    QVERIFY2(run.output.contains(QStringLiteral("services:")), run.describe());
    recordTiming(QStringLiteral("docker stack config"), run.elapsedMs);
}

void tst_validators::dockerToolsRejectAWordForReplicas_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("docker-compose config -q") << QStringLiteral("compose.yaml");
    QTest::newRow("docker stack config") << QStringLiteral("stack.yaml");
}

void tst_validators::dockerToolsRejectAWordForReplicas()
{
    QFETCH(QString, file);
    const bool compose = file == QStringLiteral("compose.yaml");
    REQUIRE_TOOL(program, compose ? QStringLiteral("docker-compose") : QStringLiteral("docker"));
    const QStringList arguments = compose ? QStringList{QStringLiteral("-f"), file, QStringLiteral("config"), QStringLiteral("-q")}
                                          : QStringList{QStringLiteral("stack"), QStringLiteral("config"), QStringLiteral("-c"), file};
    const auto text = controlFile(file);
    const auto copy = replacedFirst(text, QStringLiteral("\n      replicas: [0-9]+\n"), QStringLiteral("\n      replicas: two\n"));
    QVERIFY2(!copy.isEmpty(), qPrintable(file));
    QTemporaryDir dir;
    QVERIFY(writeText(dir.filePath(file), text));
    const auto accepted = runTool(program, arguments, dir.path(), composeEnvironment(text));
    QVERIFY2(accepted.exitedWith(0), accepted.describe());
    QVERIFY(writeText(dir.filePath(file), copy));
    const auto rejected = runTool(program, arguments, dir.path(), composeEnvironment(text));
    // Exit code > 0, not merely non-zero: a tool that did not start or crashed is no rejection.
    QVERIFY2(rejected.started && rejected.finished && rejected.exitCode > 0, rejected.describe());
    QVERIFY2(rejected.output.contains(QStringLiteral("replicas")) || rejected.output.contains(QStringLiteral("\"two\"")),
             rejected.describe());
}

// ---------------------------------------------------------------- Kubernetes API schemas

void tst_validators::kubernetesModelsAcceptEveryManifest()
{
    const auto &entry = bundle();
    REQUIRE_TOOL(node, QStringLiteral("node"));
    const auto manifests = manifestFiles(entry.folder);
    QVERIFY2(!manifests.isEmpty(), qPrintable(entry.folder)); // every bundle has at least the Secret template
    const auto run = runTool(node, {kValidatorDir + QStringLiteral("/k8s-manifest-check.js"), entry.folder + QStringLiteral("/helm")});
    QVERIFY2(run.exitedWith(0), run.describe());
    // Nothing slipped through unread: every manifest is named, and every document was found valid.
    for (const auto &file : manifests)
        QVERIFY2(run.output.contains(file + QStringLiteral("#1 ")), qPrintable(file + QStringLiteral("\n") + run.output));
    for (const auto &line : run.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        QVERIFY2(line.endsWith(QStringLiteral(": valid")), qPrintable(line));
    QVERIFY(!run.output.contains(QStringLiteral("values.yaml")));
    recordTiming(QStringLiteral("kubernetes-models (node)"), run.elapsedMs);
}

void tst_validators::kubernetesModelsRejectABrokenCopy_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<QString>("expected");
    QTest::newRow("Job named by a number") << QStringLiteral("helm/migration-job.yaml") << QStringLiteral("\n  name: open-webui-migrate\n")
                                           << QStringLiteral("\n  name: 1\n") << QStringLiteral("data/metadata/name must be string");
    QTest::newRow("Deployment without spec.selector")
        << QStringLiteral("helm/redis.yaml") << QStringLiteral("(kind: Deployment\n(?:.*\n)*?)  selector:\n(?:    .*\n)+")
        << QStringLiteral("\\1") << QStringLiteral("Deployment \"redis\": data/spec must have required property selector");
    QTest::newRow("unknown kind") << QStringLiteral("helm/pdb.yaml") << QStringLiteral("kind: PodDisruptionBudget\n")
                                  << QStringLiteral("kind: PodDisruptionBudgit\n") << QStringLiteral("kind PodDisruptionBudgit is unknown in policy/v1");
    QTest::newRow("unknown apiVersion") << QStringLiteral("helm/pdb.yaml") << QStringLiteral("apiVersion: policy/v1\n")
                                        << QStringLiteral("apiVersion: policy/v7\n") << QStringLiteral("apiVersion policy/v7 is unknown");
    QTest::newRow("unknown field (a typo)") << QStringLiteral("helm/tika.yaml") << QStringLiteral("\n  replicas: 1\n")
                                            << QStringLiteral("\n  replica: 1\n") << QStringLiteral("data/spec/replica is not a field of Deployment");
    QTest::newRow("YAML 1.1 boolean where a string belongs")
        << QStringLiteral("helm/migration-job.yaml") << QStringLiteral("value: redis\n") << QStringLiteral("value: yes\n")
        << QStringLiteral("/value must be string");
    QTest::newRow("comments only") << QStringLiteral("helm/pdb.yaml") << QStringLiteral("(?s)\\A.*\\z")
                                   << QStringLiteral("# nothing but a comment\n") << QStringLiteral("holds no Kubernetes object");
}

void tst_validators::kubernetesModelsRejectABrokenCopy()
{
    QFETCH(QString, file);
    QFETCH(QString, pattern);
    QFETCH(QString, replacement);
    QFETCH(QString, expected);
    REQUIRE_TOOL(node, QStringLiteral("node"));
    const auto script = kValidatorDir + QStringLiteral("/k8s-manifest-check.js");
    const auto text = controlFile(file);
    const auto copy = replacedFirst(text, pattern, replacement);
    QVERIFY2(!copy.isEmpty(), qPrintable(QStringLiteral("the control needs /%1/ in %2").arg(pattern, file)));
    QTemporaryDir dir;
    const auto intact = dir.filePath(QStringLiteral("intact.yaml"));
    const auto path = dir.filePath(QStringLiteral("broken.yaml"));
    QVERIFY(writeText(intact, text) && writeText(path, copy));
    expectControl(node, script, intact, path, {}, expected);
}

// ---------------------------------------------------------------- nginx -t

void tst_validators::nginxAcceptsTheLoadBalancer()
{
    const auto &entry = bundle();
    const auto compose = loadYaml(entry.folder + QStringLiteral("/compose.yaml"));
    QVERIFY(compose["services"].IsMap());
    const auto conf = entry.folder + QStringLiteral("/nginx.conf");
    const bool balanced = bool(compose["services"]["load-balancer"]);
    QCOMPARE(QFile::exists(conf), balanced);
    if (entry.plan)
        QCOMPARE(balanced, exporters::deploymentModel(*entry.plan).services.loadBalancer);
    if (!balanced)
        return; // one container publishes its own port: nothing for nginx to check (asserted above)

    REQUIRE_TOOL(nginx, QStringLiteral("nginx"));
    REQUIRE_TOOL(sh, QStringLiteral("/bin/sh"));
    // The names nginx must resolve are the Compose services it runs among.
    const auto run = runTool(sh, QStringList{kValidatorDir + QStringLiteral("/nginx-conf-check.sh"), conf} + serviceNames(compose));
    QVERIFY2(run.exitedWith(0), run.describe());
    QVERIFY2(run.output.contains(QStringLiteral("is valid")), run.describe());
    recordTiming(QStringLiteral("nginx -t (private namespace)"), run.elapsedMs);
}

void tst_validators::nginxRejectsABrokenCopy_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<QString>("expected");
    QTest::newRow("syntax error") << QStringLiteral("listen 80;") << QStringLiteral("listen 80")
                                  << QStringLiteral("invalid parameter \"client_max_body_size\"");
    QTest::newRow("upstream that is no Compose service") << QStringLiteral("server open-webui:8080;")
                                                         << QStringLiteral("server open-webui-typo:8080;")
                                                         << QStringLiteral("host not found in upstream \"open-webui-typo:8080\"");
}

void tst_validators::nginxRejectsABrokenCopy()
{
    QFETCH(QString, pattern);
    QFETCH(QString, replacement);
    QFETCH(QString, expected);
    REQUIRE_TOOL(nginx, QStringLiteral("nginx"));
    REQUIRE_TOOL(sh, QStringLiteral("/bin/sh"));
    const auto script = kValidatorDir + QStringLiteral("/nginx-conf-check.sh");
    const auto text = controlFile(QStringLiteral("nginx.conf"));
    const auto copy = replacedFirst(text, pattern, replacement);
    QVERIFY2(!copy.isEmpty(), qPrintable(pattern));
    const auto names = serviceNames(loadYaml(m_bundles.at(QStringLiteral("preset large-scale")).folder + QStringLiteral("/compose.yaml")));
    QVERIFY(names.contains(QStringLiteral("open-webui")));
    QTemporaryDir dir;
    QVERIFY(writeText(dir.filePath(QStringLiteral("intact.conf")), text) && writeText(dir.filePath(QStringLiteral("broken.conf")), copy));
    expectControl(sh, script, dir.filePath(QStringLiteral("intact.conf")), dir.filePath(QStringLiteral("broken.conf")), names,
                  expected);
}

// ---------------------------------------------------------------- PostgreSQL and Redis with the bundle's flags

void tst_validators::serverFlagsAgreeAcrossTargets()
{
    const auto &entry = bundle();
    const auto compose = loadYaml(entry.folder + QStringLiteral("/compose.yaml"));
    const auto stack = loadYaml(entry.folder + QStringLiteral("/stack.yaml"));
    QVERIFY(compose["services"].IsMap() && stack["services"].IsMap());
    static const std::pair<std::string, std::string> servers[] = {{"postgres", "postgres"}, {"redis", "redis-server"}};
    for (const auto &[service, program] : servers) {
        const auto inCompose = serviceCommand(compose, service);
        const auto inStack = serviceCommand(stack, service);
        const auto inHelm = workloadArguments(entry.folder, service);
        QVERIFY2(inCompose == inStack, service.c_str());
        QVERIFY2(inCompose == inHelm, service.c_str());
        if (entry.plan) {
            const auto bundled = exporters::deploymentModel(*entry.plan).services;
            QCOMPARE(inCompose.has_value(), service == "postgres" ? bundled.postgres : bundled.redis);
        }
        if (inCompose) {
            QVERIFY2(inCompose->size() > 1, service.c_str());
            QCOMPARE(inCompose->front(), program);
        }
    }
}

/** @brief postgres on 127.0.0.1:`port` with the bundle's flags after the test's own (port, address, socket). */
QStringList tst_validators::postgresCommand(int port, const std::vector<std::string> &bundleFlags) const
{
    QStringList flags;
    for (const auto &flag : bundleFlags)
        flags << q(flag);
    return loopback::PostgresCluster::shared().serverCommand(port, flags);
}

Run tst_validators::psql(int port, const QString &sql) const
{
    return loopback::PostgresCluster::shared().psql(port, sql);
}

void tst_validators::postgresRunsWithTheBundlesFlags()
{
    const auto &entry = bundle();
    const auto command = serviceCommand(loadYaml(entry.folder + QStringLiteral("/compose.yaml")), "postgres");
    if (entry.plan)
        QCOMPARE(command.has_value(), exporters::deploymentModel(*entry.plan).services.postgres);
    if (!command)
        return; // no bundled PostgreSQL (asserted against the plan above; the other targets agree, see serverFlagsAgreeAcrossTargets)

    const auto ready = loopback::PostgresCluster::shared().prepare();
    QVERIFY2(ready == QStringLiteral("ok"), qPrintable(ready));
    QVERIFY(!command->empty() && command->front() == "postgres");
    const std::vector<std::string> flags(command->begin() + 1, command->end());
    const auto settings = postgresSettings(flags);
    QVERIFY2(settings.has_value(), "a postgres flag in a form this test does not read: teach postgresSettings() about it");
    QVERIFY(!settings->empty());
    for (const char *own : {"port", "listen_addresses", "unix_socket_directories", "data_directory"})
        QVERIFY2(!settings->count(own), own); // the test's own flags would otherwise be overridden
    if (entry.plan) {
        QCOMPARE(settingOf(*settings, "max_connections"), std::to_string(entry.plan->database.maxConnections));
        QCOMPARE(settingOf(*settings, "superuser_reserved_connections"), std::to_string(entry.plan->database.superuserReservedConnections));
    }

    const int port = freePort();
    QVERIFY(port > 0);
    auto arguments = postgresCommand(port, flags);
    const auto program = arguments.takeFirst();
    QElapsedTimer clock;
    clock.start();
    Server server(program, arguments, loopback::PostgresCluster::shared().scratchPath());
    QVERIFY2(server.start(), qPrintable(program));
    const bool up = waitUntilReady(server, [&] { return psql(port, QStringLiteral("SELECT 1")).exitedWith(0); });
    QVERIFY2(up, qPrintable(server.output()));
    recordTiming(QStringLiteral("postgres start to ready"), clock.elapsed());
    // Each setting the bundle passes is what the running server reports.
    for (const auto &[name, value] : *settings) {
        QVERIFY2(QRegularExpression(QStringLiteral("^[a-z_.]+$")).match(q(name)).hasMatch(), name.c_str());
        const auto shown = psql(port, QStringLiteral("SHOW ") + q(name));
        QVERIFY2(shown.exitedWith(0), shown.describe());
        QCOMPARE(shown.output.trimmed(), q(value));
    }
    QVERIFY2(server.stop(SIGINT), qPrintable(server.output())); // fast shutdown, by pid
}

void tst_validators::postgresRefusesAnInvalidFlag()
{
    const auto ready = loopback::PostgresCluster::shared().prepare();
    QVERIFY2(ready == QStringLiteral("ok"), qPrintable(ready));
    const auto command = serviceCommand(loadYaml(m_bundles.at(QStringLiteral("preset large-scale")).folder + QStringLiteral("/compose.yaml")),
                                        "postgres");
    QVERIFY(command && command->size() > 1);
    std::vector<std::string> flags(command->begin() + 1, command->end());
    const auto setting = std::find_if(flags.begin(), flags.end(), [](const std::string &f) { return f.rfind("max_connections=", 0) == 0; });
    QVERIFY(setting != flags.end());
    *setting = "max_connections=abc";
    const int port = freePort();
    auto arguments = postgresCommand(port, flags);
    const auto program = arguments.takeFirst();
    Server server(program, arguments, loopback::PostgresCluster::shared().scratchPath());
    QVERIFY2(server.start(), qPrintable(program));
    QVERIFY2(server.waitForExit(kDeadlineMs), "postgres kept running with max_connections=abc");
    QVERIFY2(server.exitCode() > 0, qPrintable(server.output()));
    QVERIFY2(server.output().contains(QStringLiteral("invalid value for parameter \"max_connections\": \"abc\"")), qPrintable(server.output()));
}

void tst_validators::redisRunsWithTheBundlesFlags()
{
    const auto &entry = bundle();
    const auto command = serviceCommand(loadYaml(entry.folder + QStringLiteral("/compose.yaml")), "redis");
    if (entry.plan)
        QCOMPARE(command.has_value(), exporters::deploymentModel(*entry.plan).services.redis);
    if (!command)
        return; // no bundled Redis (asserted against the plan above)

    REQUIRE_TOOL(redisServer, QStringLiteral("redis-server"));
    REQUIRE_TOOL(redisCli, QStringLiteral("redis-cli"));
    QVERIFY(!command->empty() && command->front() == "redis-server");
    const std::vector<std::string> flags(command->begin() + 1, command->end());
    const auto settings = redisSettings(flags);
    QVERIFY2(settings.has_value(), "a redis-server argument in a form this test does not read");
    QVERIFY(!settings->empty());
    for (const char *own : {"port", "bind", "dir", "daemonize"})
        QVERIFY2(!settings->count(own), own);
    if (entry.plan) {
        const auto &redis = entry.plan->redis;
        QCOMPARE(settingOf(*settings, "maxclients"), std::to_string(redis.maxClients));
        QCOMPARE(settingOf(*settings, "timeout"), std::to_string(redis.timeoutSeconds));
        QCOMPARE(settingOf(*settings, "maxmemory-policy"), redis.maxmemoryPolicy);
    }

    const int port = freePort();
    QVERIFY(port > 0);
    QTemporaryDir dir; // appendonly and save write here
    QStringList arguments{QStringLiteral("--port"), QString::number(port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                          QStringLiteral("--dir"), dir.path(), QStringLiteral("--daemonize"), QStringLiteral("no")};
    for (const auto &flag : flags)
        arguments << q(flag);
    QElapsedTimer clock;
    clock.start();
    Server server(redisServer, arguments, dir.path());
    QVERIFY(server.start());
    const auto cli = [&](const QStringList &words) {
        return runTool(redisCli, QStringList{QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port),
                                             QStringLiteral("--raw")} + words);
    };
    QVERIFY2(waitUntilReady(server, [&] { const auto r = cli({QStringLiteral("PING")}); return r.exitedWith(0) && r.output.trimmed() == QStringLiteral("PONG"); }),
             qPrintable(server.output()));
    recordTiming(QStringLiteral("redis-server start to ready"), clock.elapsed());
    for (const auto &[name, value] : *settings) {
        const auto shown = cli({QStringLiteral("CONFIG"), QStringLiteral("GET"), q(name)});
        QVERIFY2(shown.exitedWith(0), shown.describe());
        const auto lines = shown.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() == 2 && lines[0] == q(name), shown.describe());
        // The OS's open-file limit can lower maxclients; that would show here as a mismatch.
        QCOMPARE(lines[1], q(value));
    }
    QVERIFY2(server.stop(SIGTERM), qPrintable(server.output()));
}

void tst_validators::redisRefusesAnInvalidFlag()
{
    REQUIRE_TOOL(redisServer, QStringLiteral("redis-server"));
    const auto command = serviceCommand(loadYaml(m_bundles.at(QStringLiteral("preset large-scale")).folder + QStringLiteral("/compose.yaml")),
                                        "redis");
    QVERIFY(command && command->size() > 1);
    std::vector<std::string> flags(command->begin() + 1, command->end());
    const auto name = std::find(flags.begin(), flags.end(), "--maxclients");
    QVERIFY(name != flags.end() && name + 1 != flags.end());
    *(name + 1) = "abc";
    QTemporaryDir dir;
    QStringList arguments{QStringLiteral("--port"), QString::number(freePort()), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                          QStringLiteral("--dir"), dir.path(), QStringLiteral("--daemonize"), QStringLiteral("no")};
    for (const auto &flag : flags)
        arguments << q(flag);
    Server server(redisServer, arguments, dir.path());
    QVERIFY(server.start());
    QVERIFY2(server.waitForExit(kDeadlineMs), "redis-server kept running with --maxclients abc");
    QVERIFY2(server.exitCode() > 0, qPrintable(server.output()));
    QVERIFY2(server.output().contains(QStringLiteral("maxclients \"abc\"")), qPrintable(server.output()));
}

QTEST_GUILESS_MAIN(tst_validators)
#include "tst_validators.moc"

// ---------------------------------------------------------------- hostile strings come out exact

namespace {

/** @brief The hostile bundle's folder with a changed copy of one file, for the controls. */
QString brokenCopy(const QString &folder, const QString &file, const QString &from, const QString &to, QTemporaryDir &dir)
{
    for (const auto &name : QDir(folder).entryList(QDir::Files | QDir::Hidden))
        QFile::copy(folder + QLatin1Char('/') + name, dir.filePath(name));
    auto text = readText(folder + QLatin1Char('/') + file);
    if (!text.contains(from))
        return {};
    QFile::remove(dir.filePath(file));
    return writeText(dir.filePath(file), text.replace(from, to)) ? dir.path() : QString();
}

/** @brief `docker-compose config` of a folder with its own `.env` (no placeholders from the test), parsed. */
YAML::Node composeConfig(const QString &compose, const QString &folder, Run &run)
{
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("HOME")); // a ${HOME} in a value must not resolve to anything
    environment.remove(QStringLiteral("X"));
    // Secrets the operator fills in (empty in .env) get placeholders; every other value comes from .env itself.
    static const QRegularExpression empty(QStringLiteral("(?m)^([A-Z_][A-Z0-9_]*)=$"));
    for (auto it = empty.globalMatch(readText(folder + QStringLiteral("/.env"))); it.hasNext();)
        environment.insert(it.next().captured(1), QStringLiteral("placeholder"));
    run = runTool(compose, {QStringLiteral("-f"), QStringLiteral("compose.yaml"), QStringLiteral("config")}, folder, environment);
    // Warnings ("The x variable is not set") come first on stderr, merged into the output: the document starts at services:.
    const auto start = run.output.startsWith(QStringLiteral("services:")) ? 0 : run.output.indexOf(QStringLiteral("\nservices:"));
    try {
        return run.exitedWith(0) && start >= 0 ? YAML::Load(run.output.mid(start).toStdString()) : YAML::Node();
    } catch (const YAML::Exception &) {
        return {};
    }
}

} // namespace

void tst_validators::hostileStringsResolveExactlyInCompose()
{
    const HostileStrings h;
    const auto folder = m_bundles.at(QStringLiteral("hostile strings")).folder;
    REQUIRE_TOOL(compose, QStringLiteral("docker-compose"));
    Run run;
    const auto config = composeConfig(compose, folder, run);
    QVERIFY2(config["services"], run.describe());
    const auto webui = config["services"]["open-webui"]["environment"];
    const auto postgres = config["services"]["postgres"];
    // What Compose hands the containers, interpolated from compose.yaml and .env.
    QCOMPARE(unescapedDollars(environmentValue(postgres["environment"], "POSTGRES_USER")), h.user);
    QCOMPARE(unescapedDollars(environmentValue(postgres["environment"], "POSTGRES_DB")), h.database);
    QCOMPARE(unescapedDollars(environmentValue(webui, "REDIS_KEY_PREFIX")), h.keyPrefix);
    QCOMPARE(unescapedDollars(environmentValue(webui, "RAG_EMBEDDING_MODEL")), h.model);
    QCOMPARE(unescapedDollars(environmentValue(webui, "WEBUI_SECRET_KEY")), h.secretKey);
    const auto url = unescapedDollars(environmentValue(webui, "DATABASE_URL"));
    QVERIFY2(url.rfind("postgresql://" + percentEncoded(h.user) + ":", 0) == 0, url.c_str());
    QVERIFY2(url.ends_with("@postgres:5432/" + percentEncoded(h.database)), url.c_str());
    const std::vector<std::string> probe{"CMD", "pg_isready", "-U", h.user, "-d", h.database};
    std::vector<std::string> test;
    for (const auto &word : postgres["healthcheck"]["test"])
        test.push_back(unescapedDollars(word.as<std::string>()));
    QCOMPARE(test, probe);

    // Control: the same reading sees a value change when one `$$` of compose.yaml loses its escape.
    QTemporaryDir dir;
    const auto broken = brokenCopy(folder, QStringLiteral("compose.yaml"), QStringLiteral("$$x"), QStringLiteral("$x"), dir);
    QVERIFY(!broken.isEmpty());
    Run brokenRun;
    const auto brokenConfig = composeConfig(compose, broken, brokenRun);
    QVERIFY2(brokenConfig["services"], brokenRun.describe());
    QVERIFY(unescapedDollars(environmentValue(brokenConfig["services"]["postgres"]["environment"], "POSTGRES_DB")) != h.database);
    // Control for .env: the same value unquoted is read differently (an unquoted ` #` starts a comment).
    QTemporaryDir envDir;
    const auto unquoted = brokenCopy(folder, QStringLiteral(".env"), QStringLiteral("WEBUI_SECRET_KEY='"), QStringLiteral("WEBUI_SECRET_KEY="), envDir);
    QVERIFY(!unquoted.isEmpty());
    Run unquotedRun;
    const auto unquotedConfig = composeConfig(compose, unquoted, unquotedRun);
    QVERIFY2(unquotedConfig["services"], unquotedRun.describe());
    QVERIFY(unescapedDollars(environmentValue(unquotedConfig["services"]["open-webui"]["environment"], "WEBUI_SECRET_KEY")) != h.secretKey);
}

void tst_validators::hostileStringsResolveExactlyInSwarm()
{
    const HostileStrings h;
    const auto folder = m_bundles.at(QStringLiteral("hostile strings")).folder;
    REQUIRE_TOOL(docker, QStringLiteral("docker"));
    const auto configOf = [&docker](const QString &at, Run &run) {
        run = runTool(docker, {QStringLiteral("stack"), QStringLiteral("config"), QStringLiteral("-c"), QStringLiteral("stack.yaml")}, at);
        try {
            return run.exitedWith(0) ? YAML::Load(run.output.toStdString()) : YAML::Node();
        } catch (const YAML::Exception &) {
            return YAML::Node();
        }
    };
    Run run;
    const auto config = configOf(folder, run);
    QVERIFY2(config["services"], run.describe());
    const auto postgres = config["services"]["postgres"];
    const auto webui = config["services"]["open-webui"]["environment"];
    QCOMPARE(unescapedDollars(environmentValue(postgres["environment"], "POSTGRES_USER")), h.user);
    QCOMPARE(unescapedDollars(environmentValue(postgres["environment"], "POSTGRES_DB")), h.database);
    QCOMPARE(unescapedDollars(environmentValue(webui, "REDIS_KEY_PREFIX")), h.keyPrefix);
    QCOMPARE(unescapedDollars(environmentValue(webui, "RAG_EMBEDDING_MODEL")), h.model);
    std::vector<std::string> test;
    for (const auto &word : postgres["healthcheck"]["test"])
        test.push_back(unescapedDollars(word.as<std::string>()));
    QCOMPARE(test, (std::vector<std::string>{"CMD", "pg_isready", "-U", h.user, "-d", h.database}));

    // Control: an unescaped `$` in a copy is interpolated by the same tool, so the value read back differs.
    QTemporaryDir dir;
    const auto broken = brokenCopy(folder, QStringLiteral("stack.yaml"), QStringLiteral("$$x"), QStringLiteral("$x"), dir);
    QVERIFY(!broken.isEmpty());
    Run brokenRun;
    const auto brokenConfig = configOf(broken, brokenRun);
    QVERIFY2(brokenConfig["services"], brokenRun.describe());
    QVERIFY(unescapedDollars(environmentValue(brokenConfig["services"]["postgres"]["environment"], "POSTGRES_DB")) != h.database);
}

void tst_validators::hostileStringsResolveExactlyInKubernetes()
{
    const HostileStrings h;
    const auto folder = m_bundles.at(QStringLiteral("hostile strings")).folder;
    // The manifests pass the Kubernetes API schemas (kubernetesModelsAcceptEveryManifest runs on this bundle too);
    // here each value is read back from them and from the chart's values.
    YAML::Node container;
    for (const auto &document : YAML::LoadAllFromFile((folder + QStringLiteral("/helm/postgres.yaml")).toStdString()))
        if (document["kind"] && document["kind"].as<std::string>() == "StatefulSet")
            container = document["spec"]["template"]["spec"]["containers"][0];
    QVERIFY(container);
    std::map<std::string, std::string> env;
    for (const auto &item : container["env"])
        if (item["value"])
            env[item["name"].as<std::string>()] = item["value"].as<std::string>();
    QCOMPARE(settingOf(env, "POSTGRES_USER"), h.user);
    QCOMPARE(settingOf(env, "POSTGRES_DB"), h.database);
    // An exec probe: the names are arguments, no shell reads them.
    QCOMPARE(container["readinessProbe"]["exec"]["command"].as<std::vector<std::string>>(),
             (std::vector<std::string>{"pg_isready", "-U", h.user, "-d", h.database}));
    const auto values = YAML::LoadFile((folder + QStringLiteral("/helm/values.yaml")).toStdString());
    std::map<std::string, std::string> extra;
    for (const auto &item : values["extraEnvVars"])
        if (item["value"])
            extra[item["name"].as<std::string>()] = item["value"].as<std::string>();
    QCOMPARE(settingOf(extra, "REDIS_KEY_PREFIX"), h.keyPrefix);
    QCOMPARE(settingOf(extra, "RAG_EMBEDDING_MODEL"), h.model);
}

void tst_validators::hostileStringsResolveExactlyThroughTheShell()
{
    // The runbook's way to Swarm and Kubernetes secrets: `.env` sourced by sh, then envsubst into the Secret template.
    const HostileStrings h;
    const auto folder = m_bundles.at(QStringLiteral("hostile strings")).folder;
    REQUIRE_TOOL(sh, QStringLiteral("sh"));
    REQUIRE_TOOL(envsubst, QStringLiteral("envsubst"));
    const auto sourced = [&sh](const QString &at) {
        return runTool(sh, {QStringLiteral("-c"), QStringLiteral("set -a; . ./.env; set +a; printf %s \"$WEBUI_SECRET_KEY\"")}, at);
    };
    const auto run = sourced(folder);
    QVERIFY2(run.exitedWith(0), run.describe());
    QCOMPARE(run.output.toStdString(), h.secretKey);
    const auto secret = runTool(sh, {QStringLiteral("-c"),
                                     QStringLiteral("set -a; . ./.env; set +a; envsubst < helm/secret.template.yaml")}, folder);
    QVERIFY2(secret.exitedWith(0), secret.describe());
    const auto document = YAML::Load(secret.output.toStdString());
    QCOMPARE(document["stringData"]["WEBUI_SECRET_KEY"].as<std::string>(), h.secretKey);
    QVERIFY(document["stringData"]["DATABASE_URL"].as<std::string>().ends_with("/" + percentEncoded(h.database)));

    // Control: the same value in double quotes is expanded by the shell.
    QTemporaryDir dir;
    const auto broken = brokenCopy(folder, QStringLiteral(".env"), QStringLiteral("WEBUI_SECRET_KEY='") + q(h.secretKey) + QLatin1Char('\''),
                                   QStringLiteral("WEBUI_SECRET_KEY=\"") + q(h.secretKey) + QLatin1Char('"'), dir);
    QVERIFY(!broken.isEmpty());
    const auto expanded = sourced(broken);
    QVERIFY2(expanded.exitedWith(0) || expanded.finished, expanded.describe());
    QVERIFY2(expanded.output.toStdString() != h.secretKey, expanded.describe());
}

void tst_validators::postgresAcceptsThePercentEncodedUrl()
{
    const HostileStrings h;
    const auto folder = m_bundles.at(QStringLiteral("hostile strings")).folder;
    const auto ready = loopback::PostgresCluster::shared().prepare();
    QVERIFY2(ready == QStringLiteral("ok"), qPrintable(ready));
    const int port = freePort();
    QVERIFY(port > 0);
    auto arguments = postgresCommand(port, {});
    const auto program = arguments.takeFirst();
    Server server(program, arguments, loopback::PostgresCluster::shared().scratchPath());
    QVERIFY2(server.start(), qPrintable(program));
    QVERIFY2(waitUntilReady(server, [&] { return psql(port, QStringLiteral("SELECT 1")).exitedWith(0); }), qPrintable(server.output()));

    // The role and database named as the plan names them; psql's :"name" quotes the identifiers.
    QTemporaryDir dir;
    const auto script = dir.filePath(QStringLiteral("create.sql"));
    QVERIFY(writeText(script, QStringLiteral("DROP DATABASE IF EXISTS :\"db\";\nDROP ROLE IF EXISTS :\"owner\";\n"
                                             "CREATE ROLE :\"owner\" LOGIN;\nCREATE DATABASE :\"db\" OWNER :\"owner\";\n")));
    const auto created = runTool(loopback::PostgresCluster::shared().psqlProgram(),
                                 {QStringLiteral("-X"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"),
                                  QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port), QStringLiteral("-U"),
                                  QStringLiteral("postgres"), QStringLiteral("-d"), QStringLiteral("postgres"), QStringLiteral("-v"),
                                  QStringLiteral("owner=") + q(h.user), QStringLiteral("-v"), QStringLiteral("db=") + q(h.database),
                                  QStringLiteral("-f"), script});
    QVERIFY2(created.exitedWith(0), created.describe());

    // DATABASE_URL as the bundle's .env holds it (read by sh, as the runbook does), pointed at this server.
    const auto sourced = runTool(findTool(QStringLiteral("sh")),
                                 {QStringLiteral("-c"), QStringLiteral("set -a; . ./.env; set +a; printf %s \"$DATABASE_URL\"")}, folder);
    QVERIFY2(sourced.exitedWith(0), sourced.describe());
    auto url = sourced.output;
    QVERIFY2(url.contains(QStringLiteral("@postgres:5432/")), qPrintable(url));
    url.replace(QStringLiteral("@postgres:5432/"), QStringLiteral("@127.0.0.1:%1/").arg(port));
    const auto whoAmI = [&](const QString &connection) {
        return runTool(loopback::PostgresCluster::shared().psqlProgram(), {QStringLiteral("-X"), QStringLiteral("-At"), QStringLiteral("-d"), connection,
                                                         QStringLiteral("-c"), QStringLiteral("SELECT current_user || '|' || current_database()")});
    };
    const auto connected = whoAmI(url);
    QVERIFY2(connected.exitedWith(0), connected.describe());
    QCOMPARE(connected.output.trimmed().toStdString(), h.user + "|" + h.database);

    // Control: the URL joined without encoding (the old way) does not reach that user and database.
    const auto joined = QStringLiteral("postgresql://") + q(h.user) + QStringLiteral(":pw@127.0.0.1:%1/").arg(port) + q(h.database);
    const auto refused = whoAmI(joined);
    QVERIFY2(!refused.exitedWith(0) || refused.output.trimmed().toStdString() != h.user + "|" + h.database, refused.describe());
    QVERIFY2(server.stop(SIGINT), qPrintable(server.output()));
}
