// SPDX-License-Identifier: MIT
#include "exportcontroller.h"

#include "datalocation.h"
#include "exporters/model.h"
#include "jobpool.h"
#include "plansession.h"
#include "qtext.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <memory>

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

namespace {

/** @brief Debian's python3, which python3-yaml and python3-jsonschema install for; a pyenv or venv python3
 * earlier on PATH may lack them. Any python3 on PATH otherwise. */
QString python3()
{
    const QString debian = QStringLiteral("/usr/bin/python3");
    return QFileInfo(debian).isExecutable() ? debian : QStringLiteral("python3");
}

/** @brief The Compose services nginx.conf's upstream names must resolve to (empty if compose.yaml does not parse). */
QStringList composeServiceNames(const std::string &composeText)
{
    QStringList names;
    try {
        for (const auto &service : YAML::Load(composeText)["services"])
            names << owui::qtext(service.first.as<std::string>());
    } catch (const YAML::Exception &) {
        // The schema check reports an unreadable compose.yaml; nginx then resolves no service name.
    }
    return names;
}

} // namespace

ExportController::ExportController(PlanSession *session, QObject *parent) : QObject(parent), m_session(session) {}

ExportController::~ExportController()
{
    for (auto &process : m_running) {
        process->disconnect(this);
        process->kill();
        process->waitForFinished(1000);
    }
}

bool ExportController::exportTo(const QString &folderOrUrl, const QStringList &formats, bool force, bool allowFindings)
{
    if (busy())
        return false;
    const QUrl url(folderOrUrl);
    m_folder = url.isLocalFile() ? url.toLocalFile() : folderOrUrl;
    m_files.clear();
    m_verdicts.clear();
    Q_EMIT verdictsChanged();

    exporters::ExportOptions options;
    options.allowFindings = allowFindings;
    options.formats.clear();
    for (const QString &name : formats)
        if (const auto format = exporters::formatFromString(name.toStdString()))
            options.formats.push_back(*format);
    if (options.formats.empty()) {
        m_errorText = tr("Choose at least one target.");
        Q_EMIT finished();
        return false;
    }
    using Written = planner::Result<std::vector<exporters::BundleFile>>;
    m_writing = true;
    Q_EMIT busyChanged();
    auto *watcher = new QFutureWatcher<Written>(this);
    connect(watcher, &QFutureWatcher<Written>::finished, this, [this, watcher, formats] {
        watcher->deleteLater();
        m_writing = false;
        written(watcher->result(), formats);
        Q_EMIT busyChanged();
        if (!busy())
            Q_EMIT validated();
    });
    // The plan and options are copied into the job: the user may edit the plan while it is written.
    watcher->setFuture(QtConcurrent::run(&owui::jobPool(), [plan = m_session->currentPlan(), options, folder = m_folder.toStdString(), force] {
        return exporters::exportPlan(plan, options, folder, force);
    }));
    return true;
}

void ExportController::written(const planner::Result<std::vector<exporters::BundleFile>> &result, const QStringList &formats)
{
    if (!result) {
        m_errorText = owui::qtext(result.error().describe());
        if (result.error().message == exporters::kFolderExistsMessage)
            m_errorText += tr(" (switch on \"Replace an existing folder\")");
        Q_EMIT finished();
        return;
    }
    m_errorText.clear();
    std::string composeText;
    for (const auto &file : *result) {
        m_files << owui::qtext(file.path);
        if (file.path == "compose.yaml")
            composeText = file.content;
    }
    Q_EMIT finished();

    if (formats.contains(QStringLiteral("compose"))) {
        // Compose refuses a `${NAME:?}` whose value is still empty in .env. A secret the operator supplies
        // is empty until they fill it in, so the file is checked with a placeholder for it, and the verdict says so.
        QProcessEnvironment placeholders;
        QStringList operatorSecrets;
        for (const auto &secret : exporters::deploymentModel(m_session->currentPlan()).secrets) {
            if (secret.generated)
                continue;
            placeholders.insert(owui::qtext(secret.name), QStringLiteral("owui-planner-placeholder"));
            operatorSecrets << owui::qtext(secret.name);
        }
        const QString accepted = operatorSecrets.isEmpty()
                                     ? tr("docker-compose config accepts it.")
                                     : tr("docker-compose config accepts it, with placeholders for %1: fill them in .env before deploying.")
                                           .arg(operatorSecrets.join(QStringLiteral(", ")));
        validate({QStringLiteral("compose"), QStringLiteral("docker-compose"),
                  {QStringLiteral("-f"), QStringLiteral("compose.yaml"), QStringLiteral("config"), QStringLiteral("-q")},
                  ExitCodes::NonZeroRejects, accepted, placeholders});
        validateWithScript(QStringLiteral("compose (schema)"), python3(), QStringLiteral("compose-schema-check.py"),
                           {QStringLiteral("compose.yaml")}, tr("Valid against the Compose Specification's JSON schema."));
        if (m_files.contains(QStringLiteral("nginx.conf")))
            validateWithScript(QStringLiteral("nginx.conf"), QStringLiteral("/bin/sh"), QStringLiteral("nginx-conf-check.sh"),
                               QStringList{QStringLiteral("nginx.conf")} + composeServiceNames(composeText),
                               tr("nginx -t accepts it, with the Compose services as upstream hosts."));
    }
    if (formats.contains(QStringLiteral("swarm"))) {
        validate({QStringLiteral("swarm"), QStringLiteral("docker"),
                  {QStringLiteral("stack"), QStringLiteral("config"), QStringLiteral("-c"), QStringLiteral("stack.yaml")},
                  ExitCodes::NonZeroRejects, tr("docker stack config accepts it.")});
        validateWithScript(QStringLiteral("swarm (schema)"), python3(), QStringLiteral("compose-schema-check.py"),
                           {QStringLiteral("stack.yaml")}, tr("Valid against the Compose Specification's JSON schema."));
    }
    if (formats.contains(QStringLiteral("helm"))) {
        setVerdict(QStringLiteral("helm"), QStringLiteral("checked"),
                   tr("Every key exists in the open-webui chart 16.0.0 (no helm binary is run)."));
        validateWithScript(QStringLiteral("kubernetes manifests"), QStringLiteral("node"), QStringLiteral("k8s-manifest-check.js"),
                           {QStringLiteral("helm")}, tr("Every manifest is valid against the Kubernetes API schemas (kubernetes-models)."));
    }
}

void ExportController::validateWithScript(const QString &target, const QString &interpreter, const QString &script,
                                          const QStringList &arguments, const QString &acceptedText)
{
    const QString folder = m_validatorDirectory.isEmpty() ? owui::dataDirectory() + QStringLiteral("/validators") : m_validatorDirectory;
    const QString path = folder + QLatin1Char('/') + script;
    if (!QFileInfo::exists(path)) {
        setVerdict(target, QStringLiteral("unavailable"), tr("%1 is missing; the file was not checked.").arg(path));
        return;
    }
    validate({target, interpreter, QStringList{path} + arguments, ExitCodes::Script, acceptedText});
}

void ExportController::validate(const Check &check)
{
    const QString program = QDir::isAbsolutePath(check.program)
                                ? (QFileInfo(check.program).isExecutable() ? check.program : QString())
                                : QStandardPaths::findExecutable(check.program);
    if (program.isEmpty()) {
        setVerdict(check.target, QStringLiteral("unavailable"), tr("%1 is not installed; the file was not checked.").arg(check.program));
        return;
    }
    auto process = std::make_unique<QProcess>();
    process->setWorkingDirectory(m_folder);
    if (!check.extraEnvironment.isEmpty()) {
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(check.extraEnvironment);
        process->setProcessEnvironment(environment);
    }
    process->setProcessChannelMode(QProcess::MergedChannels);
    QProcess *raw = process.get();
    // The deadline: a validator that hangs is killed, and says so, instead of keeping the page busy.
    auto *deadline = new QTimer(raw);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, raw, [raw] {
        raw->setProperty("timedOut", true);
        raw->kill();
    });
    // The output is kept up to kMaxOutputBytes as it arrives; the rest is read and dropped.
    auto kept = std::make_shared<QByteArray>();
    auto truncated = std::make_shared<bool>(false);
    const auto collect = [raw, kept, truncated] {
        const QByteArray chunk = raw->readAll();
        const qint64 room = kMaxOutputBytes - kept->size();
        if (chunk.size() > room)
            *truncated = true;
        kept->append(chunk.left(std::max<qint64>(room, 0)));
    };
    connect(raw, &QProcess::readyRead, raw, collect);
    connect(raw, &QProcess::finished, this, [this, raw, deadline, check, collect, kept, truncated](int exitCode, QProcess::ExitStatus status) {
        deadline->stop();
        collect();
        // The page shows the start of the message; a longer one says it was cut rather than ending mid-sentence unseen.
        const QString fullOutput = QString::fromUtf8(*kept).trimmed();
        QString output = fullOutput.left(2000);
        if (*truncated || fullOutput.size() > output.size())
            output += tr(" … (output truncated)");
        const QString tool = QFileInfo(check.program).fileName();
        if (raw->property("cancelled").toBool())
            setVerdict(check.target, QStringLiteral("cancelled"), tr("Cancelled; the file was not checked."));
        else if (raw->property("timedOut").toBool())
            setVerdict(check.target, QStringLiteral("unavailable"),
                       tr("%1 did not answer within %2 s and was stopped; the file was not checked.").arg(tool).arg(m_deadlineMs / 1000.0));
        else if (status != QProcess::NormalExit)
            setVerdict(check.target, QStringLiteral("unavailable"), tr("%1 stopped unexpectedly; the file was not checked. %2").arg(tool, output));
        else if (exitCode == 0)
            setVerdict(check.target, QStringLiteral("accepted"), check.acceptedText);
        else if (check.exitCodes == ExitCodes::NonZeroRejects || exitCode == 1)
            setVerdict(check.target, QStringLiteral("rejected"), output);
        else
            setVerdict(check.target, QStringLiteral("unavailable"), tr("The check could not run: %1").arg(output));
        retire(raw);
    });
    connect(raw, &QProcess::errorOccurred, this, [this, raw, check](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return; // a crash or a timeout still ends in finished()
        setVerdict(check.target, QStringLiteral("unavailable"), tr("%1 could not be started: %2").arg(check.program, raw->errorString()));
        retire(raw);
    });
    setVerdict(check.target, QStringLiteral("checking"), tr("%1 is checking the file…").arg(QFileInfo(program).fileName()));
    const bool wasBusy = busy();
    m_running.push_back(std::move(process));
    raw->start(program, check.arguments);
    deadline->start(m_deadlineMs);
    if (!wasBusy)
        Q_EMIT busyChanged();
}

void ExportController::retire(QProcess *process)
{
    // Deleted later: this runs inside the process's own signal.
    process->deleteLater();
    const auto it = std::find_if(m_running.begin(), m_running.end(), [process](const auto &p) { return p.get() == process; });
    if (it != m_running.end()) {
        it->release();
        m_running.erase(it);
    }
    Q_EMIT busyChanged();
    if (!busy())
        Q_EMIT validated();
}

void ExportController::setVerdict(const QString &target, const QString &verdict, const QString &detail)
{
    const QVariantMap row{{QStringLiteral("target"), target}, {QStringLiteral("verdict"), verdict}, {QStringLiteral("detail"), detail}};
    // A target keeps its row ("checking" first, then the answer), so the rows stay in the order the checks started.
    const auto existing = std::find_if(m_verdicts.begin(), m_verdicts.end(), [&target](const QVariant &v) {
        return v.toMap().value(QStringLiteral("target")).toString() == target;
    });
    if (existing != m_verdicts.end())
        *existing = row;
    else
        m_verdicts.append(row);
    Q_EMIT verdictsChanged();
}

void ExportController::cancel()
{
    // Each kill ends in finished(), which gives the verdict and retires the process.
    for (const auto &process : m_running) {
        process->setProperty("cancelled", true);
        process->kill();
    }
}

void ExportController::clearError()
{
    if (m_errorText.isEmpty())
        return;
    m_errorText.clear();
    Q_EMIT finished();
}

bool ExportController::openFolder() const
{
    return !m_folder.isEmpty() && QDir(m_folder).exists() && QDesktopServices::openUrl(QUrl::fromLocalFile(m_folder));
}
