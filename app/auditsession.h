// SPDX-License-Identifier: MIT
#pragma once

#include "importers/audit.h"
#include "plansession.h"

#include <QAbstractListModel>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <optional>

/** @brief The lines of a file around one line, as the Import page shows them beside a finding. */
struct AuditExcerpt {
    /** [{number, text, decisive}]: at most kExcerptContext lines either side of the decisive one. */
    QVariantList lines;
    /** Why there is no excerpt ("compose.yaml cannot be read again"); empty when there is one. */
    QString note;
};

/** @brief The audit's findings, each with its place in the files and the lines around it. */
class AuditFindingsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AuditFindingsModel belongs to an AuditSession")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles {
        SeverityRole = Qt::UserRole + 1, ///< "error", "warning", "info"
        RuleRole,                        ///< the rule's id
        MessageRole,
        FixRole,
        SourceRole,                      ///< the documentation the rule rests on
        FileRole,                        ///< the file's name ("compose.yaml")
        FilePathRole,                    ///< the file as the audit named it (a full path)
        LineRole,                        ///< 1-based; 0 when the files do not say
        ColumnRole,
        PlaceRole,                       ///< "compose.yaml:12:7"
        RelatedRole,                     ///< [place]: other settings the rule read
        ExcerptRole,                     ///< [{number, text, decisive}]
        ExcerptNoteRole,
    };
    Q_ENUM(Roles)

    struct Row {
        QString severity, rule, message, fix, source, file, filePath, place, excerptNote;
        int line = 0;
        int column = 0;
        QStringList related;
        QVariantList excerpt;
    };

    using QAbstractListModel::QAbstractListModel;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    /** @brief One row as a map of its roles (tests, and QML outside a delegate). */
    Q_INVOKABLE QVariantMap get(int row) const;
    void reset(QList<Row> rows);

Q_SIGNALS:
    void countChanged();

private:
    QList<Row> m_rows;
};

/**
 * @brief The Import page's adapter: audits deployment files off the GUI thread and words what
 * importers::auditFiles found, so the page only draws it; continueAsPlan() hands the inferred plan to the
 * PlanSession.
 *
 * Each request (open, addFiles, removeFile) supersedes the one before: a report that arrives after a newer
 * request was made is dropped. The audit itself reads at most 16 MiB per file (the importers' bound); the
 * excerpts are read in the same worker, each file at most that much, at most kExcerptContext lines either
 * side of the decisive line and kExcerptLineChars characters per line, with tabs and control characters
 * made visible.
 */
class AuditSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    /** The user's plan, which continueAsPlan() replaces. */
    Q_PROPERTY(PlanSession *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    /** The importer's error for the files as they are (file and line), empty after a successful audit. */
    Q_PROPERTY(QString errorText READ errorText NOTIFY reportChanged)
    /** The files of the current request: [{path, name}]. */
    Q_PROPERTY(QVariantList files READ files NOTIFY filesChanged)
    /** Whether the last audit of the current files succeeded, so there is a plan to continue from. */
    Q_PROPERTY(bool hasReport READ hasReport NOTIFY reportChanged)
    Q_PROPERTY(AuditFindingsModel *findings READ findings CONSTANT)
    /** What the files show: [{subject, label, value, certainty, certaintyText, detail, place}]. */
    Q_PROPERTY(QVariantList facts READ facts NOTIFY reportChanged)
    /** Notes that are not rule findings: [{kind, kindText, severity, message, place, file, line, excerpt, excerptNote}]. */
    Q_PROPERTY(QVariantList notes READ notes NOTIFY reportChanged)
    /** Where Open WebUI was found, one sentence per workload, and the chart version in use. */
    Q_PROPERTY(QStringList found READ found NOTIFY reportChanged)
    Q_PROPERTY(int errorCount READ errorCount NOTIFY reportChanged)
    Q_PROPERTY(int warningCount READ warningCount NOTIFY reportChanged)
    Q_PROPERTY(int infoCount READ infoCount NOTIFY reportChanged)
    Q_PROPERTY(int noteCount READ noteCount NOTIFY reportChanged)
    /** "2 errors, 1 warning, 0 info, 3 notes", or empty without a report. */
    Q_PROPERTY(QString summary READ summary NOTIFY reportChanged)

public:
    /** What one request produced, worded in the worker thread (defined in auditsession.cpp). */
    struct Outcome;
    static constexpr int kExcerptContext = 3;
    static constexpr int kExcerptLineChars = 240;
    static constexpr qint64 kExcerptFileBytes = 16 * 1024 * 1024;

    explicit AuditSession(QObject *parent = nullptr);
    ~AuditSession() override;

    [[nodiscard]] PlanSession *session() const { return m_session; }
    void setSession(PlanSession *session);
    [[nodiscard]] bool busy() const { return m_busy; }
    [[nodiscard]] QString errorText() const { return m_errorText; }
    [[nodiscard]] QVariantList files() const;
    [[nodiscard]] bool hasReport() const { return m_report != nullptr; }
    [[nodiscard]] AuditFindingsModel *findings() { return &m_findings; }
    [[nodiscard]] QVariantList facts() const { return m_facts; }
    [[nodiscard]] QVariantList notes() const { return m_notes; }
    [[nodiscard]] QStringList found() const { return m_found; }
    [[nodiscard]] int errorCount() const { return m_counts[0]; }
    [[nodiscard]] int warningCount() const { return m_counts[1]; }
    [[nodiscard]] int infoCount() const { return m_counts[2]; }
    [[nodiscard]] int noteCount() const { return static_cast<int>(m_notes.size()); }
    [[nodiscard]] QString summary() const;
    /** @brief The report of the last successful audit, or null. */
    [[nodiscard]] const importers::AuditReport *report() const { return m_report.get(); }

    /** @brief Audits these files (file URLs or paths) as one deployment, instead of the files before. */
    Q_INVOKABLE void open(const QVariantList &urls);
    /** @brief Adds files (an override, manifests beside values) and audits them all together. */
    Q_INVOKABLE void addFiles(const QVariantList &urls);
    /** @brief Drops one file from the set and audits the rest. */
    Q_INVOKABLE void removeFile(int index);
    Q_INVOKABLE void clear();
    /**
     * @brief Makes the inferred plan the user's plan (new, unsaved). The page asks the unsaved-changes
     * question first. False without a report or a session.
     */
    Q_INVOKABLE bool continueAsPlan();

    /** @brief The lines around `line` of `path` (tests; the worker calls it for every finding and note). */
    [[nodiscard]] static AuditExcerpt excerpt(const QString &path, int line);
    /** @brief Text from an audited file made safe to show: tabs as →, control characters as their pictures. */
    [[nodiscard]] static QString visible(const QString &text);

Q_SIGNALS:
    void sessionChanged();
    void busyChanged();
    void filesChanged();
    void reportChanged();
    /** A request finished (its report or its error is shown); superseded requests never emit it. */
    void finished();

private:
    void start(QStringList paths);
    void apply(const std::shared_ptr<Outcome> &outcome);
    void setBusy(bool busy);

    QPointer<PlanSession> m_session;
    QStringList m_paths;
    quint64 m_generation = 0;
    bool m_busy = false;
    QString m_errorText;
    std::shared_ptr<const importers::AuditReport> m_report;
    AuditFindingsModel m_findings;
    QVariantList m_facts;
    QVariantList m_notes;
    QStringList m_found;
    int m_counts[3] = {0, 0, 0};
};
