// SPDX-License-Identifier: MIT
#include "remotesession.h"

#include "auditsession.h"
#include "qtext.h"

#include "planner/planfile.h"
#include "remote/deliver.h"
#include "remote/endpoint.h"
#include "remote/session.h"
#include "jobpool.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QLocale>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <mutex>

namespace {

using Operation = RemoteSession::Operation;

/** Everything a run needs, as plain values: the worker never reads the RemoteSession. */
struct Job {
    Operation operation = Operation::Probe;
    bool force = false;
    remote::ConnectOptions connect;
    std::optional<remote::HostKey> trusted;
    std::string postgresUrl, redisUrl, targetDirectory, bundleFolder;
};

QString bytes(std::uint64_t count)
{
    return QLocale().formattedDataSize(static_cast<qint64>(count), 1, QLocale::DataSizeTraditionalFormat);
}

/** "1 file", "3 files": the untranslated %n forms would read "3 file(s)". */
QString counted(int count, const QString &singular, const QString &plural)
{
    return QString::number(count) + QLatin1Char(' ') + (count == 1 ? singular : plural);
}

/** Text a host or a server returned: shown as written but with control characters made visible. */
QString shown(const std::string &text)
{
    return AuditSession::visible(owui::qtext(text));
}

QString localPath(const QString &pathOrUrl)
{
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

bool sameRequest(const remote::CredentialRequest &a, const remote::CredentialRequest &b)
{
    return a.kind == b.kind && a.subject == b.subject;
}

QVariantMap factRow(const QString &section, const QString &label, const QString &observed)
{
    return {{QStringLiteral("section"), section},     {QStringLiteral("label"), label},
            {QStringLiteral("observed"), observed},   {QStringLiteral("planned"), QString()},
            {QStringLiteral("pointer"), QString()},   {QStringLiteral("change"), QString()},
            {QStringLiteral("usable"), false},        {QStringLiteral("index"), -1}};
}

QString orNot(const std::optional<std::string> &version, const QString &absent)
{
    return version ? shown(*version) : absent;
}

QString number(const std::optional<int> &value)
{
    return value ? QString::number(*value) : QObject::tr("not reported");
}

/** Everything observed, worded: the host first, then PostgreSQL and Redis as the host sees them. */
QVariantList observedRows(const remote::ProbeReport &report)
{
    QVariantList rows;
    const QString host = QObject::tr("Host");
    const auto &m = report.machine;
    if (!m.operatingSystem.empty())
        rows.append(factRow(host, QObject::tr("Operating system"), shown(m.operatingSystem)));
    if (m.cpuCores)
        rows.append(factRow(host, QObject::tr("CPU"),
                            m.cpuModel.empty() ? counted(*m.cpuCores, QObject::tr("core"), QObject::tr("cores"))
                                               : QObject::tr("%1, %2").arg(counted(*m.cpuCores, QObject::tr("core"), QObject::tr("cores")), shown(m.cpuModel))));
    if (m.memoryTotalBytes)
        rows.append(factRow(host, QObject::tr("Memory"),
                            m.memoryAvailableBytes ? QObject::tr("%1, %2 available").arg(bytes(*m.memoryTotalBytes), bytes(*m.memoryAvailableBytes))
                                                   : bytes(*m.memoryTotalBytes)));
    if (m.diskTotalBytes)
        rows.append(factRow(host, m.diskPath.empty() ? QObject::tr("Disk") : QObject::tr("Disk at %1").arg(shown(m.diskPath)),
                            m.diskFreeBytes ? QObject::tr("%1, %2 free").arg(bytes(*m.diskTotalBytes), bytes(*m.diskFreeBytes))
                                            : bytes(*m.diskTotalBytes)));
    rows.append(factRow(host, QObject::tr("Docker engine"),
                        m.dockerVersion ? shown(*m.dockerVersion)
                                        : (m.dockerError.empty() ? QObject::tr("not available")
                                                                 : QObject::tr("not available: %1").arg(shown(m.dockerError)))));
    if (m.swarmState)
        rows.append(factRow(host, QObject::tr("Docker Swarm"),
                            m.swarmManager ? QObject::tr("%1 (this host is a manager)").arg(shown(*m.swarmState)) : shown(*m.swarmState)));
    rows.append(factRow(host, QObject::tr("kubectl"), orNot(m.kubectlVersion, QObject::tr("not installed"))));
    rows.append(factRow(host, QObject::tr("helm"), orNot(m.helmVersion, QObject::tr("not installed"))));

    if (report.postgres) {
        const QString section = QObject::tr("PostgreSQL");
        const auto &pg = *report.postgres;
        if (!pg.error.empty()) {
            rows.append(factRow(section, QObject::tr("Server"), QObject::tr("not reached: %1").arg(shown(pg.error))));
        } else {
            if (!pg.version.empty())
                rows.append(factRow(section, QObject::tr("Version"), shown(pg.version)));
            rows.append(factRow(section, QStringLiteral("max_connections"), number(pg.maxConnections)));
            rows.append(factRow(section, QStringLiteral("superuser_reserved_connections"), number(pg.superuserReservedConnections)));
            rows.append(factRow(section, QObject::tr("Connections in use"), number(pg.connectionsInUse)));
            for (const auto &group : pg.clients)
                rows.append(factRow(section,
                                    QObject::tr("Clients from %1, %2")
                                        .arg(group.clientAddress.empty() ? QObject::tr("the local socket") : shown(group.clientAddress),
                                             group.applicationName.empty() ? QObject::tr("no application name") : shown(group.applicationName)),
                                    QString::number(group.connections)));
        }
    }
    if (report.redis) {
        const QString section = QObject::tr("Redis");
        const auto &redis = *report.redis;
        if (!redis.error.empty()) {
            rows.append(factRow(section, QObject::tr("Server"), QObject::tr("not reached: %1").arg(shown(redis.error))));
        } else {
            if (!redis.version.empty())
                rows.append(factRow(section, QObject::tr("Version"), shown(redis.version)));
            rows.append(factRow(section, QStringLiteral("maxclients"), number(redis.maxClients)));
            rows.append(factRow(section, QStringLiteral("timeout"), number(redis.timeoutSeconds)));
            rows.append(factRow(section, QStringLiteral("maxmemory-policy"),
                                redis.maxmemoryPolicy.empty() ? QObject::tr("not reported") : shown(redis.maxmemoryPolicy)));
            rows.append(factRow(section, QObject::tr("Connected clients"), number(redis.connectedClients)));
        }
    }
    return rows;
}

QString describeFacts(const std::vector<remote::FactChange> &changes)
{
    QStringList parts;
    for (const auto &change : changes)
        parts.append(QObject::tr("%1 %2 → %3").arg(shown(change.label), shown(change.planned), shown(change.observed)));
    return parts.join(QStringLiteral(", "));
}

} // namespace

struct RemoteSession::RunState {
    std::mutex mutex;
    double progress = 0;
    QString text;
    bool changed = false;
    /** What the connection asked for last (the page asks the person when authentication then failed). */
    std::optional<remote::CredentialRequest> asked;
    /** The answer for this run only, to `answering`; reset (and wiped) when the run ends. */
    std::unique_ptr<remote::Secret> credential;
    std::optional<remote::CredentialRequest> answering;

    void report(double fraction, QString words)
    {
        const std::lock_guard lock(mutex);
        progress = fraction;
        text = std::move(words);
        changed = true;
    }
};

struct RemoteSession::Outcome {
    Operation operation = Operation::Probe;
    std::optional<remote::Failure> failure;
    std::optional<remote::ProbeReport> report;
    std::optional<remote::DeliverReport> delivered;
    std::optional<remote::CredentialRequest> asked;
    QString host;
    qint64 elapsedMs = 0;
};

namespace {

std::shared_ptr<RemoteSession::Outcome> runInWorker(const std::shared_ptr<Job> &job, const std::shared_ptr<RemoteSession::RunState> &state,
                                                    std::stop_token stop)
{
    auto outcome = std::make_shared<RemoteSession::Outcome>();
    outcome->operation = job->operation;
    outcome->host = owui::qtext(job->connect.endpoint.display());
    QElapsedTimer clock;
    clock.start();
    const auto finish = [&](std::optional<remote::Failure> failure) {
        {
            const std::lock_guard lock(state->mutex);
            state->credential.reset(); // the Secret wipes itself: the answer lives no longer than its run
            outcome->asked = state->asked;
        }
        if (failure && stop.stop_requested() && failure->kind != remote::FailureKind::Usage)
            failure->kind = remote::FailureKind::Cancelled;
        outcome->failure = std::move(failure);
        outcome->elapsedMs = clock.elapsed();
        return outcome;
    };

    std::optional<remote::LocalBundle> bundle;
    if (job->operation == Operation::Deliver) {
        // The local bundle is read first: a missing folder is said before any connection is made.
        auto scanned = remote::scanBundle(job->bundleFolder);
        if (!scanned)
            return finish(scanned.error());
        bundle = std::move(*scanned);
    }

    remote::ConnectOptions options = job->connect;
    if (job->trusted)
        options.trustUnknownHostKey = [key = *job->trusted](const remote::HostKey &seen) { return seen == key; };
    options.askCredential = [state](const remote::CredentialRequest &request) -> std::optional<remote::Secret> {
        const std::lock_guard lock(state->mutex);
        // Recorded even when answered: a wrong answer fails authentication, and the page asks again.
        state->asked = request;
        if (state->credential && state->answering && sameRequest(*state->answering, request)) {
            state->answering.reset(); // one answer, one use: a refused password is asked for again
            return state->credential->copy();
        }
        return std::nullopt;
    };
    state->report(0.05, QObject::tr("Connecting to %1…").arg(outcome->host));
    auto session = remote::Session::connect(options, stop);
    if (!session)
        return finish(session.error());

    if (job->operation == Operation::Probe) {
        remote::ProbeRequest request;
        request.diskPath = job->targetDirectory;
        if (!job->postgresUrl.empty()) {
            auto target = remote::parsePostgresUrl(job->postgresUrl);
            if (!target)
                return finish(target.error());
            request.postgres = std::move(*target);
        }
        if (!job->redisUrl.empty()) {
            auto target = remote::parseRedisUrl(job->redisUrl);
            if (!target)
                return finish(target.error());
            request.redis = std::move(*target);
        }
        state->report(0.3, QObject::tr("Reading %1…").arg(outcome->host));
        auto report = remote::probe(*session, request, stop);
        if (!report)
            return finish(report.error());
        outcome->report = std::move(*report);
        state->report(1.0, QObject::tr("Read %1.").arg(outcome->host));
        return finish(std::nullopt);
    }

    remote::DeliverOptions deliverOptions;
    deliverOptions.targetDirectory = job->targetDirectory;
    deliverOptions.force = job->force;
    deliverOptions.onProgress = [state](const remote::DeliverProgress &p) {
        const double fraction = p.bytesTotal > 0 ? static_cast<double>(p.bytesDone) / static_cast<double>(p.bytesTotal)
                                                 : (p.filesTotal > 0 ? static_cast<double>(p.filesDone) / p.filesTotal : 0.0);
        state->report(0.1 + 0.9 * fraction, QObject::tr("Uploading %1 (file %2 of %3, %4 of %5)")
                                                .arg(shown(p.file))
                                                .arg(std::min(p.filesDone + 1, std::max(p.filesTotal, 1)))
                                                .arg(p.filesTotal)
                                                .arg(bytes(p.bytesDone), bytes(p.bytesTotal)));
    };
    state->report(0.1, QObject::tr("Uploading to %1…").arg(owui::qtext(job->targetDirectory)));
    auto delivered = remote::deliver(*session, *bundle, deliverOptions, stop);
    if (!delivered)
        return finish(remote::cleanUpAfterLostConnection(delivered.error(), options, job->targetDirectory, stop));
    outcome->delivered = std::move(*delivered);
    return finish(std::nullopt);
}

} // namespace

RemoteSession::RemoteSession(QObject *parent) : QObject(parent)
{
    m_progressTimer.setInterval(50);
    connect(&m_progressTimer, &QTimer::timeout, this, &RemoteSession::pollProgress);
}

RemoteSession::~RemoteSession()
{
    // A run still going stops (its socket is shut); its result, if any, goes nowhere.
    m_stop.request_stop();
}

void RemoteSession::setSession(PlanSession *session)
{
    if (session == m_session)
        return;
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session)
        connect(m_session, &PlanSession::planChanged, this, &RemoteSession::holdAgainstPlan);
    holdAgainstPlan();
    Q_EMIT sessionChanged();
}

void RemoteSession::setExporter(ExportController *exporter)
{
    if (exporter == m_exporter)
        return;
    if (m_exporter)
        disconnect(m_exporter, nullptr, this, nullptr);
    m_exporter = exporter;
    if (m_exporter)
        connect(m_exporter, &ExportController::finished, this, [this] {
            if (m_bundleFolder.isEmpty())
                Q_EMIT bundleFolderChanged();
        });
    Q_EMIT exporterChanged();
    Q_EMIT bundleFolderChanged();
}

QString RemoteSession::bundleFolder() const
{
    if (!m_bundleFolder.isEmpty() || !m_exporter)
        return m_bundleFolder;
    return m_exporter->folder();
}

void RemoteSession::setBundleFolder(const QString &value)
{
    const QString path = localPath(value);
    if (path == m_bundleFolder)
        return;
    m_bundleFolder = path;
    Q_EMIT bundleFolderChanged();
}

void RemoteSession::setConnectTimeout(int milliseconds)
{
    if (milliseconds <= 0 || milliseconds == m_connectTimeout)
        return;
    m_connectTimeout = milliseconds;
    Q_EMIT settingsChanged();
}

void RemoteSession::setText(QString &field, const QString &value)
{
    if (field == value)
        return;
    field = value;
    Q_EMIT settingsChanged();
}

void RemoteSession::probe()
{
    start({Operation::Probe, false}, std::nullopt, nullptr, std::nullopt);
}

void RemoteSession::deliver(bool force)
{
    start({Operation::Deliver, force}, std::nullopt, nullptr, std::nullopt);
}

void RemoteSession::start(Pending request, std::optional<remote::HostKey> trusted, std::unique_ptr<remote::Secret> credential,
                          std::optional<remote::CredentialRequest> answering)
{
    m_last = request;
    setHostKeyQuestion({});
    setCredentialQuestion({});
    m_questionKey.reset();
    m_questionCredential.reset();

    // Usage errors are said at once, without a run: nothing to wait for.
    auto job = std::make_shared<Job>();
    job->operation = request.operation;
    job->force = request.force;
    job->trusted = std::move(trusted);
    auto endpoint = remote::parseEndpoint(m_host.trimmed().toStdString());
    if (!endpoint)
        return failBeforeStart(endpoint.error());
    job->connect.endpoint = *endpoint;
    if (!m_jumpHost.trimmed().isEmpty()) {
        auto jump = remote::parseEndpoint(m_jumpHost.trimmed().toStdString());
        if (!jump) {
            remote::Failure failure = jump.error();
            failure.message = tr("jump host: %1").arg(owui::qtext(failure.message)).toStdString();
            return failBeforeStart(failure);
        }
        job->connect.jump = *jump;
    }
    job->connect.identity = QFile::encodeName(localPath(m_identity.trimmed())).toStdString();
    job->connect.knownHosts = QFile::encodeName(localPath(m_knownHosts.trimmed())).toStdString();
    job->connect.connectTimeout = std::chrono::milliseconds(m_connectTimeout);
    job->postgresUrl = m_postgresUrl.trimmed().toStdString();
    job->redisUrl = m_redisUrl.trimmed().toStdString();
    job->targetDirectory = m_targetDirectory.trimmed().toStdString();
    if (request.operation == Operation::Deliver) {
        if (job->targetDirectory.empty())
            return failBeforeStart(remote::Failure{remote::FailureKind::Usage, tr("no target directory on the host").toStdString(), {}, -1});
        const QString folder = bundleFolder();
        if (folder.isEmpty())
            return failBeforeStart(remote::Failure{remote::FailureKind::Usage, tr("no bundle folder: export the plan first, or choose a folder").toStdString(), {}, -1});
        job->bundleFolder = QFile::encodeName(folder).toStdString();
    }

    // A newer request supersedes the one before: that one is stopped, and its result will be dropped.
    m_stop.request_stop();
    m_stop = std::stop_source();
    const quint64 generation = ++m_generation;
    auto state = std::make_shared<RunState>();
    state->credential = std::move(credential);
    state->answering = std::move(answering);
    m_run = state;
    m_progress = 0;
    m_progressText = request.operation == Operation::Probe ? tr("Starting the probe…") : tr("Starting the delivery…");
    Q_EMIT progressChanged();
    setStatus(QString(), QString(), QString());
    setBusy(true);
    m_progressTimer.start();

    auto *watcher = new QFutureWatcher<std::shared_ptr<Outcome>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // superseded by a newer request
        pollProgress();
        m_progressTimer.stop();
        m_run.reset();
        apply(watcher->result());
        setBusy(false);
        Q_EMIT finished();
    });
    watcher->setFuture(QtConcurrent::run(&owui::jobPool(), runInWorker, job, state, m_stop.get_token()));
}

void RemoteSession::failBeforeStart(const remote::Failure &failure)
{
    // A run still going is left alone: this request never started.
    setStatus(tr("Nothing was started."), owui::qtext(failure.describe()), owui::qtext(remote::toString(failure.kind)));
    Q_EMIT finished();
}

void RemoteSession::pollProgress()
{
    if (!m_run)
        return;
    const std::lock_guard lock(m_run->mutex);
    if (!m_run->changed)
        return;
    m_run->changed = false;
    m_progress = m_run->progress;
    m_progressText = m_run->text;
    Q_EMIT progressChanged();
}

void RemoteSession::apply(const std::shared_ptr<Outcome> &outcome)
{
    const bool probing = outcome->operation == Operation::Probe;
    if (!outcome->failure) {
        const QString seconds = QLocale().toString(static_cast<double>(outcome->elapsedMs) / 1000.0, 'f', 1);
        if (probing) {
            m_report = std::move(outcome->report);
            holdAgainstPlan();
            setStatus(tr("Probed %1 in %2 s.").arg(outcome->host, seconds), QString(), QString());
        } else {
            const auto &d = *outcome->delivered;
            setStatus((d.replaced ? tr("Delivered %1 (%2) to %3 on %4, replacing what was there, in %5 s.")
                                  : tr("Delivered %1 (%2) to %3 on %4 in %5 s."))
                          .arg(counted(d.files, tr("file"), tr("files")), bytes(d.bytes), shown(d.targetDirectory), outcome->host, seconds),
                      QString(), QString());
        }
        m_progress = 1;
        Q_EMIT progressChanged();
        return;
    }

    const remote::Failure &failure = *outcome->failure;
    const QString kind = owui::qtext(remote::toString(failure.kind));
    if (failure.kind == remote::FailureKind::Cancelled) {
        setStatus(probing ? tr("Cancelled: the probe stopped.")
                          : tr("Cancelled: the upload stopped; the target on the host is as it was."),
                  QString(), kind);
        return;
    }
    setStatus(probing ? tr("The probe failed.") : tr("The delivery failed."), owui::qtext(failure.describe()), kind);
    if (failure.kind == remote::FailureKind::HostKeyUnknown || failure.kind == remote::FailureKind::HostKeyChanged) {
        const bool changed = failure.kind == remote::FailureKind::HostKeyChanged;
        if (!changed)
            m_questionKey = failure.hostKey;
        setHostKeyQuestion({{QStringLiteral("host"), shown(failure.hostKey.host)},
                            {QStringLiteral("type"), shown(failure.hostKey.type)},
                            {QStringLiteral("fingerprint"), shown(failure.hostKey.fingerprint)},
                            {QStringLiteral("changed"), changed}});
    } else if (failure.kind == remote::FailureKind::AuthenticationFailed && outcome->asked) {
        const auto &asked = *outcome->asked;
        m_questionCredential = asked;
        const bool passphrase = asked.kind == remote::CredentialRequest::Kind::KeyPassphrase;
        setCredentialQuestion({{QStringLiteral("kind"), passphrase ? QStringLiteral("passphrase") : QStringLiteral("password")},
                               {QStringLiteral("subject"), shown(asked.subject)},
                               {QStringLiteral("prompt"), passphrase ? tr("The passphrase of the key %1").arg(shown(asked.subject))
                                                                     : tr("The password of %1").arg(shown(asked.subject))}});
    }
}

void RemoteSession::cancel()
{
    if (!m_busy)
        return;
    m_stop.request_stop();
    m_progressText = tr("Cancelling…");
    Q_EMIT progressChanged();
}

bool RemoteSession::acceptHostKey()
{
    if (!m_questionKey || m_busy)
        return false; // a changed key never gets here: m_questionKey is only set for an unknown one
    const remote::HostKey key = *m_questionKey;
    start(m_last, key, nullptr, std::nullopt);
    return true;
}

void RemoteSession::dismissQuestion()
{
    m_questionKey.reset();
    m_questionCredential.reset();
    setHostKeyQuestion({});
    setCredentialQuestion({});
}

bool RemoteSession::provideCredential(const QString &text)
{
    if (!m_questionCredential || m_busy)
        return false;
    QByteArray utf8 = text.toUtf8();
    auto secret = std::make_unique<remote::Secret>(std::string(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    utf8.fill('\0'); // our copy of the bytes; QML's string is the field's, cleared by the page
    const remote::CredentialRequest asked = *m_questionCredential;
    // An accepted host key stays accepted: it is in known_hosts now, so the re-run needs no trust callback.
    start(m_last, std::nullopt, std::move(secret), asked);
    return true;
}

void RemoteSession::holdAgainstPlan()
{
    if (!m_report) {
        if (!m_facts.isEmpty() || !m_changes.empty() || m_findings.rowCount() > 0) {
            m_facts.clear();
            m_changes.clear();
            m_findings.setFindings({}, nlohmann::ordered_json::object());
            Q_EMIT reportChanged();
        }
        return;
    }
    QVariantList rows;
    m_changes.clear();
    if (m_session) {
        const planner::Plan &plan = m_session->currentPlan();
        m_changes = remote::factChanges(*m_report, plan);
        m_findings.setFindings(remote::holdAgainstPlan(*m_report, plan), planner::planToJson(plan));
    }
    for (std::size_t i = 0; i < m_changes.size(); ++i) {
        const auto &c = m_changes[i];
        QVariantMap row = factRow(tr("Differs from the plan"), shown(c.label), shown(c.observed));
        row[QStringLiteral("planned")] = shown(c.planned);
        row[QStringLiteral("pointer")] = owui::qtext(c.change.pointer);
        row[QStringLiteral("change")] = owui::qtext(c.change.value);
        row[QStringLiteral("usable")] = true;
        row[QStringLiteral("index")] = static_cast<int>(i);
        rows.append(row);
    }
    rows.append(observedRows(*m_report));
    m_facts = rows;
    Q_EMIT reportChanged();
}

bool RemoteSession::useValue(int index)
{
    if (index < 0 || static_cast<std::size_t>(index) >= m_changes.size())
        return false;
    return applyChanges({m_changes[static_cast<std::size_t>(index)]});
}

bool RemoteSession::useAllValues()
{
    if (m_changes.empty())
        return false;
    return applyChanges(m_changes);
}

bool RemoteSession::applyChanges(const std::vector<remote::FactChange> &changes)
{
    if (!m_session || !m_report)
        return false;
    std::vector<planner::SettingChange> settings;
    for (const auto &c : changes)
        settings.push_back(c.change);
    // The plan file's validation decides (applyChanges): a value the plan cannot hold is refused at its pointer.
    return m_session->applyChanges(settings, tr("Use %1's values: %2").arg(owui::qtext(m_report->host), describeFacts(changes)));
}

void RemoteSession::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

void RemoteSession::setStatus(const QString &status, const QString &error, const QString &kind)
{
    if (status == m_statusText && error == m_errorText && kind == m_errorKind)
        return;
    m_statusText = status;
    m_errorText = error;
    m_errorKind = kind;
    Q_EMIT statusChanged();
}

void RemoteSession::setHostKeyQuestion(QVariantMap question)
{
    if (question == m_hostKeyQuestion)
        return;
    m_hostKeyQuestion = std::move(question);
    Q_EMIT hostKeyQuestionChanged();
}

void RemoteSession::setCredentialQuestion(QVariantMap question)
{
    if (question == m_credentialQuestion)
        return;
    m_credentialQuestion = std::move(question);
    Q_EMIT credentialQuestionChanged();
}
