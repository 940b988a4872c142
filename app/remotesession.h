// SPDX-License-Identifier: MIT
#pragma once

#include "exportcontroller.h"
#include "findingsmodel.h"
#include "plansession.h"

#include "remote/failure.h"
#include "remote/probe.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <optional>
#include <stop_token>
#include <vector>

/**
 * @brief The Remote page's adapter: probes a host over SSH (remote::probe) and delivers the exported bundle
 * there (remote::deliver), off the GUI thread, and words what came back so the page only draws it.
 *
 * Each request (probe, deliver, and their re-runs after a host-key or credential answer) supersedes the one
 * before: the older one is stopped and its result dropped. cancel() triggers the run's std::stop_source; the
 * core shuts its socket, so the work stops rather than being forgotten. The worker touches no QObject: it
 * gets plain values, reports progress through a locked struct the GUI thread polls, and returns an outcome.
 *
 * A host key known_hosts does not hold is asked about (hostKeyQuestion); acceptHostKey() re-runs with a trust
 * callback that accepts exactly the fingerprint the user saw. A changed key is shown and never accepted.
 * A password or passphrase the connection asks for is asked about (credentialQuestion); provideCredential()
 * re-runs with it, and it lives only in that run's memory (remote::Secret, wiped after), never in settings.
 *
 * The probe's report is held against the user's plan again whenever the plan changes (findings and the facts
 * that differ), so "Use this value" rows disappear once the plan agrees and come back with undo.
 */
class RemoteSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    /** The user's plan: the probe is held against it, and useValue() changes it (undoable). */
    Q_PROPERTY(PlanSession *session READ session WRITE setSession NOTIFY sessionChanged)
    /** Knows the last exported folder, the default bundle folder. */
    Q_PROPERTY(ExportController *exporter READ exporter WRITE setExporter NOTIFY exporterChanged)
    Q_PROPERTY(QString host READ host WRITE setHost NOTIFY settingsChanged)
    Q_PROPERTY(QString identity READ identity WRITE setIdentity NOTIFY settingsChanged)
    Q_PROPERTY(QString knownHosts READ knownHosts WRITE setKnownHosts NOTIFY settingsChanged)
    Q_PROPERTY(QString jumpHost READ jumpHost WRITE setJumpHost NOTIFY settingsChanged)
    Q_PROPERTY(QString postgresUrl READ postgresUrl WRITE setPostgresUrl NOTIFY settingsChanged)
    Q_PROPERTY(QString redisUrl READ redisUrl WRITE setRedisUrl NOTIFY settingsChanged)
    Q_PROPERTY(QString targetDirectory READ targetDirectory WRITE setTargetDirectory NOTIFY settingsChanged)
    /** The bundle to deliver; until set, the folder of the last export. */
    Q_PROPERTY(QString bundleFolder READ bundleFolder WRITE setBundleFolder NOTIFY bundleFolderChanged)
    /** Connect deadline in milliseconds (10 s; the tests shorten it). */
    Q_PROPERTY(int connectTimeout READ connectTimeout WRITE setConnectTimeout NOTIFY settingsChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    /** 0..1 for the run in progress. */
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString progressText READ progressText NOTIFY progressChanged)
    /** What the last run did ("Probed alice@db1 in 0.4 s"), or "Cancelled."; empty while none finished. */
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusChanged)
    /** Why the last run failed (remote::Failure::describe), empty when it did not. */
    Q_PROPERTY(QString errorText READ errorText NOTIFY statusChanged)
    /** The failure's kind ("refused", "host-key-unknown", ..., remote::toString), empty when none. */
    Q_PROPERTY(QString errorKind READ errorKind NOTIFY statusChanged)
    /** {host, type, fingerprint, changed}: a key to trust (or, when changed, to warn about); empty map when none. */
    Q_PROPERTY(QVariantMap hostKeyQuestion READ hostKeyQuestion NOTIFY hostKeyQuestionChanged)
    /** {kind: "passphrase"|"password", subject, prompt}: what the connection asked for; empty map when none. */
    Q_PROPERTY(QVariantMap credentialQuestion READ credentialQuestion NOTIFY credentialQuestionChanged)
    /** Whether a probe report is shown. */
    Q_PROPERTY(bool hasReport READ hasReport NOTIFY reportChanged)
    /**
     * [{section, label, observed, planned, pointer, change, usable, index}]: first the server facts the plan
     * could take (usable, `index` for useValue), then everything else observed (host, PostgreSQL, Redis).
     */
    Q_PROPERTY(QVariantList facts READ facts NOTIFY reportChanged)
    /** How many facts differ from the plan (the rows useValue takes). */
    Q_PROPERTY(int changeCount READ changeCount NOTIFY reportChanged)
    /** remote::holdAgainstPlan(report, plan), in the plan's findings' roles. */
    Q_PROPERTY(FindingsModel *findings READ findings CONSTANT)

public:
    enum class Operation { Probe, Deliver };
    /** What a run produced, in the worker's plain values (defined in remotesession.cpp). */
    struct Outcome;
    /** The shared state of one run: progress, the credential asked for and the one supplied. */
    struct RunState;

    explicit RemoteSession(QObject *parent = nullptr);
    ~RemoteSession() override;

    [[nodiscard]] PlanSession *session() const { return m_session; }
    void setSession(PlanSession *session);
    [[nodiscard]] ExportController *exporter() const { return m_exporter; }
    void setExporter(ExportController *exporter);
    [[nodiscard]] QString host() const { return m_host; }
    void setHost(const QString &value) { setText(m_host, value); }
    [[nodiscard]] QString identity() const { return m_identity; }
    void setIdentity(const QString &value) { setText(m_identity, value); }
    [[nodiscard]] QString knownHosts() const { return m_knownHosts; }
    void setKnownHosts(const QString &value) { setText(m_knownHosts, value); }
    [[nodiscard]] QString jumpHost() const { return m_jumpHost; }
    void setJumpHost(const QString &value) { setText(m_jumpHost, value); }
    [[nodiscard]] QString postgresUrl() const { return m_postgresUrl; }
    void setPostgresUrl(const QString &value) { setText(m_postgresUrl, value); }
    [[nodiscard]] QString redisUrl() const { return m_redisUrl; }
    void setRedisUrl(const QString &value) { setText(m_redisUrl, value); }
    [[nodiscard]] QString targetDirectory() const { return m_targetDirectory; }
    void setTargetDirectory(const QString &value) { setText(m_targetDirectory, value); }
    [[nodiscard]] QString bundleFolder() const;
    void setBundleFolder(const QString &value);
    [[nodiscard]] int connectTimeout() const { return m_connectTimeout; }
    void setConnectTimeout(int milliseconds);
    [[nodiscard]] bool busy() const { return m_busy; }
    [[nodiscard]] double progress() const { return m_progress; }
    [[nodiscard]] QString progressText() const { return m_progressText; }
    [[nodiscard]] QString statusText() const { return m_statusText; }
    [[nodiscard]] QString errorText() const { return m_errorText; }
    [[nodiscard]] QString errorKind() const { return m_errorKind; }
    [[nodiscard]] QVariantMap hostKeyQuestion() const { return m_hostKeyQuestion; }
    [[nodiscard]] QVariantMap credentialQuestion() const { return m_credentialQuestion; }
    [[nodiscard]] bool hasReport() const { return m_report.has_value(); }
    [[nodiscard]] QVariantList facts() const { return m_facts; }
    [[nodiscard]] int changeCount() const { return static_cast<int>(m_changes.size()); }
    [[nodiscard]] FindingsModel *findings() { return &m_findings; }
    /** @brief The last probe's report (tests), or null. */
    [[nodiscard]] const remote::ProbeReport *report() const { return m_report ? &*m_report : nullptr; }

    /** @brief Reads the host (and the servers named) read-only and holds the facts against the plan. */
    Q_INVOKABLE void probe();
    /** @brief Uploads the bundle folder to the target directory; `force` replaces an existing target whole. */
    Q_INVOKABLE void deliver(bool force);
    /** @brief Stops the run in progress; it ends as "Cancelled." and leaves nothing half done. */
    Q_INVOKABLE void cancel();
    /** @brief Trusts the unknown key of hostKeyQuestion (only that fingerprint) and runs the last request again. */
    Q_INVOKABLE bool acceptHostKey();
    /** @brief Forgets the host-key or credential question without connecting. */
    Q_INVOKABLE void dismissQuestion();
    /** @brief Answers credentialQuestion for one run of the last request; the text is never stored. */
    Q_INVOKABLE bool provideCredential(const QString &text);
    /** @brief Puts the observed value of facts row `index` (a usable row) into the plan, as one undoable step. */
    Q_INVOKABLE bool useValue(int index);
    /** @brief Puts every differing value into the plan, as one undoable step. */
    Q_INVOKABLE bool useAllValues();

Q_SIGNALS:
    void sessionChanged();
    void exporterChanged();
    void settingsChanged();
    void bundleFolderChanged();
    void busyChanged();
    void progressChanged();
    void statusChanged();
    void hostKeyQuestionChanged();
    void credentialQuestionChanged();
    void reportChanged();
    /** A run ended (done, failed or cancelled); superseded runs never emit it. */
    void finished();

private:
    struct Pending {
        Operation operation = Operation::Probe;
        bool force = false;
    };
    void setText(QString &field, const QString &value);
    void start(Pending request, std::optional<remote::HostKey> trusted, std::unique_ptr<remote::Secret> credential,
               std::optional<remote::CredentialRequest> answering);
    void apply(const std::shared_ptr<Outcome> &outcome);
    void failBeforeStart(const remote::Failure &failure);
    void holdAgainstPlan();
    void pollProgress();
    void setBusy(bool busy);
    void setStatus(const QString &status, const QString &error, const QString &kind);
    void setHostKeyQuestion(QVariantMap question);
    void setCredentialQuestion(QVariantMap question);
    bool applyChanges(const std::vector<remote::FactChange> &changes);

    QPointer<PlanSession> m_session;
    QPointer<ExportController> m_exporter;
    QString m_host, m_identity, m_knownHosts, m_jumpHost, m_postgresUrl, m_redisUrl, m_targetDirectory, m_bundleFolder;
    int m_connectTimeout = 10'000;
    quint64 m_generation = 0;
    std::stop_source m_stop;
    std::shared_ptr<RunState> m_run;
    Pending m_last;
    std::optional<remote::HostKey> m_questionKey;
    std::optional<remote::CredentialRequest> m_questionCredential;
    bool m_busy = false;
    double m_progress = 0;
    QString m_progressText, m_statusText, m_errorText, m_errorKind;
    QVariantMap m_hostKeyQuestion, m_credentialQuestion;
    std::optional<remote::ProbeReport> m_report;
    std::vector<remote::FactChange> m_changes;
    QVariantList m_facts;
    FindingsModel m_findings;
    QTimer m_progressTimer;
};
