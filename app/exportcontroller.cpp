// SPDX-License-Identifier: MIT
#include "exportcontroller.h"

#include "exporters/bundle.h"
#include "plansession.h"
#include "qtext.h"

#include <QDesktopServices>
#include <QDir>
#include <QStandardPaths>
#include <QUrl>

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
    const auto written = exporters::exportPlan(m_session->currentPlan(), options, m_folder.toStdString(), force);
    if (!written) {
        m_errorText = owui::qtext(written.error().describe());
        Q_EMIT finished();
        return false;
    }
    m_errorText.clear();
    for (const auto &file : *written)
        m_files << owui::qtext(file.path);
    Q_EMIT finished();

    if (formats.contains(QStringLiteral("compose")))
        validate(QStringLiteral("compose"), QStringLiteral("docker-compose"),
                 {QStringLiteral("-f"), QStringLiteral("compose.yaml"), QStringLiteral("config"), QStringLiteral("-q")});
    if (formats.contains(QStringLiteral("swarm")))
        validate(QStringLiteral("swarm"), QStringLiteral("docker"),
                 {QStringLiteral("stack"), QStringLiteral("config"), QStringLiteral("-c"), QStringLiteral("stack.yaml")});
    if (formats.contains(QStringLiteral("helm")))
        setVerdict(QStringLiteral("helm"), QStringLiteral("checked"),
                   tr("Every key exists in the open-webui chart 16.0.0 (no helm binary is run)."));
    if (!busy())
        Q_EMIT validated();
    return true;
}

void ExportController::validate(const QString &target, const QString &program, const QStringList &arguments)
{
    if (QStandardPaths::findExecutable(program).isEmpty()) {
        setVerdict(target, QStringLiteral("unavailable"), tr("%1 is not installed; the file was not checked.").arg(program));
        return;
    }
    auto process = std::make_unique<QProcess>();
    process->setWorkingDirectory(m_folder);
    process->setProcessChannelMode(QProcess::MergedChannels);
    QProcess *raw = process.get();
    connect(raw, &QProcess::finished, this, [this, raw, target, program](int exitCode, QProcess::ExitStatus status) {
        const QString output = QString::fromUtf8(raw->readAll()).trimmed();
        const bool accepted = status == QProcess::NormalExit && exitCode == 0;
        setVerdict(target, accepted ? QStringLiteral("accepted") : QStringLiteral("rejected"),
                   accepted ? tr("%1 accepts it.").arg(program) : output.left(2000));
        retire(raw);
    });
    connect(raw, &QProcess::errorOccurred, this, [this, raw, target, program](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return; // a crash or a timeout still ends in finished()
        setVerdict(target, QStringLiteral("unavailable"), tr("%1 could not be started: %2").arg(program, raw->errorString()));
        retire(raw);
    });
    const bool wasBusy = busy();
    m_running.push_back(std::move(process));
    raw->start(program, arguments);
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
    m_verdicts.append(QVariantMap{{QStringLiteral("target"), target},
                                  {QStringLiteral("verdict"), verdict},
                                  {QStringLiteral("detail"), detail}});
    Q_EMIT verdictsChanged();
}

bool ExportController::openFolder() const
{
    return !m_folder.isEmpty() && QDir(m_folder).exists() && QDesktopServices::openUrl(QUrl::fromLocalFile(m_folder));
}
