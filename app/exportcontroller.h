// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include "exporters/bundle.h"

#include <memory>
#include <vector>

class PlanSession;

/**
 * @brief The export page's adapter: writes the bundle of the session's plan (the same
 * exporters::exportPlan the CLI runs), then asks the real tools whether they accept it.
 *
 * The bundle is written in owui::jobPool(), off the GUI thread: every file is flushed to disk, which on a
 * slow or network disk can take seconds, and the window must keep drawing meanwhile. `writing` is true
 * until it is written (or refused), then `finished` is emitted.
 *
 * Validators run as child processes, each with a deadline, so the window stays responsive;
 * `verdicts` fills in as they finish, one row per check:
 * - "compose", "swarm": docker-compose config, docker stack config;
 * - "compose (schema)", "swarm (schema)": the Compose Specification's JSON schema (python3-jsonschema);
 * - "nginx.conf": nginx -t, when the bundle has a load balancer;
 * - "kubernetes manifests": the Kubernetes API schemas (npm kubernetes-models);
 * - "helm": "checked", every key against chart 16.0.0, by the exporter itself.
 * A verdict is "checking" while the tool runs, then "accepted", "rejected" (with the tool's message),
 * "unavailable" (the tool or its script is missing, did not start or did not answer in time: the file
 * was NOT checked), "cancelled" (the user stopped it: not checked either) or "checked". Each target keeps
 * one row, in the order the checks started. A tool's output is kept up to kMaxOutputBytes (the rest is
 * read and dropped, and the detail says "output truncated"), so a chatty or hostile tool cannot fill memory.
 * The scripts live in `<data>/validators` (owui::dataDirectory()), as staged in the build tree and installed.
 */
class ExportController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ExportController is created by the application")
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool writing READ writing NOTIFY busyChanged)
    Q_PROPERTY(QString folder READ folder NOTIFY finished)
    Q_PROPERTY(QVariantList verdicts READ verdicts NOTIFY verdictsChanged)
    Q_PROPERTY(QStringList files READ files NOTIFY finished)
    Q_PROPERTY(QString errorText READ errorText NOTIFY finished)

public:
    explicit ExportController(PlanSession *session, QObject *parent = nullptr);
    ~ExportController() override;

    [[nodiscard]] bool busy() const { return m_writing || !m_running.empty(); }
    [[nodiscard]] bool writing() const { return m_writing; }
    [[nodiscard]] QString folder() const { return m_folder; }
    [[nodiscard]] QVariantList verdicts() const { return m_verdicts; }
    [[nodiscard]] QStringList files() const { return m_files; }
    [[nodiscard]] QString errorText() const { return m_errorText; }

    /**
     * @brief Starts exporting to `folderOrUrl` the targets named in `formats` ("compose", "swarm", "helm"):
     * false when it cannot start (busy, or no target; `errorText` says why), else true, and `finished` follows.
     * The export refuses a plan with error-level findings unless `allowFindings`, and an existing folder unless
     * `force`; `errorText` then says so.
     */
    Q_INVOKABLE bool exportTo(const QString &folderOrUrl, const QStringList &formats, bool force, bool allowFindings);
    /** @brief Opens the last bundle's folder in the desktop's file manager. */
    Q_INVOKABLE bool openFolder() const;
    /** @brief Forgets the last error (the user changed what it was about, e.g. chose another folder). */
    Q_INVOKABLE void clearError();
    /** @brief Stops every running validator (killed); their verdicts become "cancelled". */
    Q_INVOKABLE void cancel();

    /** @brief How much of a validator's output is kept (64 KiB). */
    static constexpr qint64 kMaxOutputBytes = 64 * 1024;

    /** @brief How long a validator may run before it is killed and its verdict is "unavailable" (60 s). */
    void setValidatorDeadline(int milliseconds) { m_deadlineMs = milliseconds; }
    /** @brief Where the validator scripts are; `<data>/validators` when empty (tests point it elsewhere). */
    void setValidatorDirectory(const QString &folder) { m_validatorDirectory = folder; }

Q_SIGNALS:
    void busyChanged();
    void verdictsChanged();
    /** @brief The bundle was written (or refused); validators may still be running. */
    void finished();
    /** @brief Every validator has answered. */
    void validated();

private:
    /** @brief How a validator's exit code reads. */
    enum class ExitCodes {
        NonZeroRejects, ///< docker tools: 0 accepts, anything else rejects
        Script,         ///< our validator scripts: 0 accepts, 1 rejects, anything else means they could not check
    };
    struct Check {
        QString target;
        QString program;
        QStringList arguments;
        ExitCodes exitCodes = ExitCodes::NonZeroRejects;
        QString acceptedText;
        /** Variables added to the validator's environment (placeholders for secrets the operator fills in). */
        QProcessEnvironment extraEnvironment = QProcessEnvironment();
    };
    /** @brief What follows a write: the files and error shown, then the validators started. */
    void written(const planner::Result<std::vector<exporters::BundleFile>> &result, const QStringList &formats);
    void validate(const Check &check);
    /** @brief A validator script of `<data>/validators`, run by `interpreter`; "unavailable" if it is missing. */
    void validateWithScript(const QString &target, const QString &interpreter, const QString &script,
                            const QStringList &arguments, const QString &acceptedText);
    void setVerdict(const QString &target, const QString &verdict, const QString &detail);
    void retire(QProcess *process);

    PlanSession *m_session;
    QString m_folder;
    QStringList m_files;
    QString m_errorText;
    QVariantList m_verdicts;
    std::vector<std::unique_ptr<QProcess>> m_running;
    bool m_writing = false;
    int m_deadlineMs = 60000;
    QString m_validatorDirectory;
};
