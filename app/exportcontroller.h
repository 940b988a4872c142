// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

class PlanSession;

/**
 * @brief The export page's adapter: writes the bundle of the session's plan (the same
 * exporters::exportPlan the CLI runs), then asks the real tools whether they accept it.
 *
 * Validators run as child processes, so the window stays responsive; `verdicts` fills in as they
 * finish: one row per target with "accepted", "rejected", "unavailable" (the tool is not installed)
 * or "checked" (Helm keys, checked by the exporter itself against chart 16.0.0).
 */
class ExportController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ExportController is created by the application")
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString folder READ folder NOTIFY finished)
    Q_PROPERTY(QVariantList verdicts READ verdicts NOTIFY verdictsChanged)
    Q_PROPERTY(QStringList files READ files NOTIFY finished)
    Q_PROPERTY(QString errorText READ errorText NOTIFY finished)

public:
    explicit ExportController(PlanSession *session, QObject *parent = nullptr);
    ~ExportController() override;

    [[nodiscard]] bool busy() const { return !m_running.empty(); }
    [[nodiscard]] QString folder() const { return m_folder; }
    [[nodiscard]] QVariantList verdicts() const { return m_verdicts; }
    [[nodiscard]] QStringList files() const { return m_files; }
    [[nodiscard]] QString errorText() const { return m_errorText; }

    /**
     * @brief Exports to `folderOrUrl` the targets named in `formats` ("compose", "swarm", "helm").
     * Refuses a plan with error-level findings unless `allowFindings`, and an existing folder unless `force`.
     */
    Q_INVOKABLE bool exportTo(const QString &folderOrUrl, const QStringList &formats, bool force, bool allowFindings);
    /** @brief Opens the last bundle's folder in the desktop's file manager. */
    Q_INVOKABLE bool openFolder() const;

Q_SIGNALS:
    void busyChanged();
    void verdictsChanged();
    /** @brief The bundle was written (or refused); validators may still be running. */
    void finished();
    /** @brief Every validator has answered. */
    void validated();

private:
    void validate(const QString &target, const QString &program, const QStringList &arguments);
    void setVerdict(const QString &target, const QString &verdict, const QString &detail);
    void retire(QProcess *process);

    PlanSession *m_session;
    QString m_folder;
    QStringList m_files;
    QString m_errorText;
    QVariantList m_verdicts;
    std::vector<std::unique_ptr<QProcess>> m_running;
};
