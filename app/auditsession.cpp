// SPDX-License-Identifier: MIT
#include "auditsession.h"

#include "qtext.h"
#include "jobpool.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHash>
#include <QtConcurrent/QtConcurrentRun>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace {

QString localPath(const QVariant &item)
{
    const QUrl url = item.typeId() == QMetaType::QUrl ? item.toUrl() : QUrl(item.toString());
    return url.isLocalFile() ? url.toLocalFile() : item.toString();
}

QString fileName(const QString &file)
{
    const QString name = QFileInfo(file).fileName();
    return name.isEmpty() ? file : name;
}

/** "compose.yaml:12:7", with the file's name rather than its whole path (the path is in the file role). */
QString placeOf(const importers::SourceLocation &where)
{
    if (where.empty())
        return {};
    importers::SourceLocation shown = where;
    shown.file = fileName(owui::qtext(where.file)).toStdString();
    return AuditSession::visible(owui::qtext(shown.describe()));
}

QString severityName(planner::Severity severity)
{
    return owui::qtext(planner::toString(severity));
}

/** A file as read for excerpts: whole (up to the bound) or the reason it could not be read. */
struct LoadedFile {
    QByteArray bytes;
    QList<qsizetype> lineStarts;
    QString error;
    bool truncated = false;
};

LoadedFile loadFile(const QString &path)
{
    LoadedFile file;
    // Non-blocking and regular files only: a FIFO put in a file's place since the audit must not hang the worker.
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        file.error = QString::fromLocal8Bit(std::strerror(errno));
        return file;
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        file.error = QStringLiteral("not a regular file");
        return file;
    }
    const qint64 wanted = std::min<qint64>(static_cast<qint64>(info.st_size), AuditSession::kExcerptFileBytes);
    file.bytes.resize(static_cast<qsizetype>(std::max<qint64>(wanted, 0)));
    qsizetype got = 0;
    while (got < file.bytes.size()) {
        const ssize_t n = ::read(fd, file.bytes.data() + got, static_cast<size_t>(file.bytes.size() - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += n;
    }
    ::close(fd);
    file.bytes.truncate(got);
    file.truncated = static_cast<qint64>(info.st_size) > AuditSession::kExcerptFileBytes;
    file.lineStarts.append(0);
    for (qsizetype i = 0; i < file.bytes.size(); ++i)
        if (file.bytes.at(i) == '\n' && i + 1 < file.bytes.size())
            file.lineStarts.append(i + 1);
    return file;
}

AuditExcerpt excerptOf(const LoadedFile &file, const QString &name, int line)
{
    AuditExcerpt excerpt;
    if (line <= 0) {
        excerpt.note = QObject::tr("The files do not say which line.");
        return excerpt;
    }
    if (!file.error.isEmpty()) {
        excerpt.note = QObject::tr("%1 cannot be read again: %2").arg(AuditSession::visible(name), file.error);
        return excerpt;
    }
    if (line > file.lineStarts.size()) {
        excerpt.note = file.truncated ? QObject::tr("Line %1 of %2 lies beyond the first 16 MiB.").arg(line).arg(AuditSession::visible(name))
                                      : QObject::tr("%1 has no line %2 now: it changed since the audit.").arg(AuditSession::visible(name)).arg(line);
        return excerpt;
    }
    const int first = std::max(1, line - AuditSession::kExcerptContext);
    const int last = std::min(static_cast<int>(file.lineStarts.size()), line + AuditSession::kExcerptContext);
    for (int number = first; number <= last; ++number) {
        const qsizetype start = file.lineStarts.at(number - 1);
        qsizetype end = number < file.lineStarts.size() ? file.lineStarts.at(number) : file.bytes.size();
        if (end > start && file.bytes.at(end - 1) == '\n')
            --end;
        if (end > start && file.bytes.at(end - 1) == '\r')
            --end; // a CRLF file's line end, not a character worth showing
        // Only what is shown is decoded: a 16 MiB line costs a few hundred characters here.
        const qsizetype shownBytes = std::min<qsizetype>(end - start, AuditSession::kExcerptLineChars * 4);
        // A credential in the file is the user's, but an excerpt may be on a projector: its value is hidden.
        QString text = owui::qtext(importers::redactedLine(std::string_view(file.bytes.constData() + start, static_cast<std::size_t>(shownBytes))));
        const bool cut = shownBytes < end - start || text.size() > AuditSession::kExcerptLineChars;
        text.truncate(AuditSession::kExcerptLineChars);
        text = AuditSession::visible(text);
        if (cut)
            text += QChar(0x2026);
        excerpt.lines.append(QVariantMap{{QStringLiteral("number"), number},
                                         {QStringLiteral("text"), text},
                                         {QStringLiteral("decisive"), number == line}});
    }
    return excerpt;
}

/** The file a location names: as named when it is absolute, else beside one of the audited files. */
QString resolve(const QString &file, const QStringList &audited)
{
    if (QFileInfo(file).isAbsolute())
        return file;
    for (const QString &path : audited) {
        const QString beside = QFileInfo(path).dir().filePath(file);
        if (QFileInfo::exists(beside))
            return beside;
    }
    return file;
}

QString subjectLabel(const std::string &subject)
{
    static const QHash<QString, QString> labels{
        {QStringLiteral("expected_users"), QObject::tr("Expected users")},
        {QStringLiteral("replicas"), QObject::tr("Replicas")},
        {QStringLiteral("workers"), QObject::tr("Uvicorn workers")},
        {QStringLiteral("database"), QObject::tr("Database")},
        {QStringLiteral("redis"), QObject::tr("Redis")},
        {QStringLiteral("websockets"), QObject::tr("Websockets")},
        {QStringLiteral("storage"), QObject::tr("Storage")},
        {QStringLiteral("vector_db"), QObject::tr("Vector DB")},
        {QStringLiteral("migrations"), QObject::tr("Migrations")},
        {QStringLiteral("secret_key"), QObject::tr("Secret key")},
    };
    const QString key = owui::qtext(subject);
    return labels.value(key, AuditSession::visible(key));
}

QString plural(int count, const QString &singular, const QString &pluralForm)
{
    return count == 1 ? QStringLiteral("1 ") + singular : QString::number(count) + QLatin1Char(' ') + pluralForm;
}

} // namespace

// --- AuditFindingsModel ------------------------------------------------------------------------------------------

int AuditFindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant AuditFindingsModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid));
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case SeverityRole: return row.severity;
    case RuleRole: return row.rule;
    case MessageRole: return row.message;
    case FixRole: return row.fix;
    case SourceRole: return row.source;
    case FileRole: return row.file;
    case FilePathRole: return row.filePath;
    case LineRole: return row.line;
    case ColumnRole: return row.column;
    case PlaceRole: return row.place;
    case RelatedRole: return row.related;
    case ExcerptRole: return row.excerpt;
    case ExcerptNoteRole: return row.excerptNote;
    default: return {};
    }
}

QHash<int, QByteArray> AuditFindingsModel::roleNames() const
{
    return {{SeverityRole, "severity"}, {RuleRole, "rule"},         {MessageRole, "message"},   {FixRole, "fix"},
            {SourceRole, "source"},     {FileRole, "file"},         {FilePathRole, "filePath"}, {LineRole, "line"},
            {ColumnRole, "column"},     {PlaceRole, "place"},       {RelatedRole, "related"},   {ExcerptRole, "excerpt"},
            {ExcerptNoteRole, "excerptNote"}};
}

QVariantMap AuditFindingsModel::get(int row) const
{
    QVariantMap map;
    if (row < 0 || row >= rowCount())
        return map;
    const auto names = roleNames();
    for (auto it = names.begin(); it != names.end(); ++it)
        map.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return map;
}

void AuditFindingsModel::reset(QList<Row> rows)
{
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

// --- AuditSession ------------------------------------------------------------------------------------------------

/** What one request produced, worded in the worker so the GUI thread only swaps it in. */
struct AuditSession::Outcome {
    quint64 generation = 0;
    std::shared_ptr<const importers::AuditReport> report;
    QString errorText;
    QList<AuditFindingsModel::Row> findings;
    QVariantList facts;
    QVariantList notes;
    QStringList found;
    int counts[3] = {0, 0, 0};
};

namespace {

std::shared_ptr<AuditSession::Outcome> auditInWorker(const QStringList &paths, quint64 generation)
{
    auto outcome = std::make_shared<AuditSession::Outcome>();
    outcome->generation = generation;
    std::vector<std::filesystem::path> files;
    for (const QString &path : paths)
        files.emplace_back(QFile::encodeName(path).toStdString());
    auto audited = importers::auditFiles(files);
    if (!audited) {
        outcome->errorText = AuditSession::visible(owui::qtext(audited.error().describe()));
        return outcome;
    }
    auto report = std::make_shared<const importers::AuditReport>(std::move(*audited));

    QHash<QString, LoadedFile> loaded;
    const auto excerptAt = [&](const importers::SourceLocation &where) {
        const QString name = owui::qtext(where.file);
        const QString path = resolve(name, paths);
        auto it = loaded.find(path);
        if (it == loaded.end())
            it = loaded.insert(path, loadFile(path));
        return excerptOf(*it, fileName(name), where.line);
    };

    for (const auto &placed : report->findings) {
        const auto &f = placed.finding;
        AuditFindingsModel::Row row;
        row.severity = severityName(f.severity);
        row.rule = owui::qtext(f.rule);
        row.message = AuditSession::visible(owui::qtext(f.message));
        row.fix = AuditSession::visible(owui::qtext(f.fix));
        row.source = owui::qtext(f.source);
        row.filePath = AuditSession::visible(owui::qtext(placed.where.file));
        row.file = fileName(row.filePath);
        row.line = placed.where.line;
        row.column = placed.where.column;
        row.place = placeOf(placed.where);
        for (const auto &where : placed.related)
            row.related.append(placeOf(where));
        if (placed.where.empty()) {
            row.excerptNote = QObject::tr("The files do not say where.");
        } else {
            const auto excerpt = excerptAt(placed.where);
            row.excerpt = excerpt.lines;
            row.excerptNote = excerpt.note;
        }
        ++outcome->counts[f.severity == planner::Severity::Error ? 0 : f.severity == planner::Severity::Warning ? 1 : 2];
        outcome->findings.append(std::move(row));
    }
    for (const auto &fact : report->facts) {
        QString certainty, certaintyText;
        switch (fact.certainty) {
        case importers::Certainty::Known:
            certainty = QStringLiteral("known");
            certaintyText = QObject::tr("known");
            break;
        case importers::Certainty::ChartDefault:
            certainty = QStringLiteral("chart-default");
            certaintyText = QObject::tr("chart default");
            break;
        case importers::Certainty::Unknown:
            certainty = QStringLiteral("unknown");
            certaintyText = QObject::tr("unknown");
            break;
        }
        outcome->facts.append(QVariantMap{{QStringLiteral("subject"), owui::qtext(fact.subject)},
                                          {QStringLiteral("label"), subjectLabel(fact.subject)},
                                          {QStringLiteral("value"), AuditSession::visible(owui::qtext(fact.value))},
                                          {QStringLiteral("certainty"), certainty},
                                          {QStringLiteral("certaintyText"), certaintyText},
                                          {QStringLiteral("detail"), AuditSession::visible(owui::qtext(fact.detail))},
                                          {QStringLiteral("place"), placeOf(fact.where)}});
    }
    for (const auto &note : report->notes) {
        QString kind, kindText;
        switch (note.kind) {
        case importers::AuditNote::Kind::Misspelling:
            kind = QStringLiteral("misspelling");
            kindText = QObject::tr("Misspelt variable");
            break;
        case importers::AuditNote::Kind::Unknown:
            kind = QStringLiteral("unknown");
            kindText = QObject::tr("Not in the files");
            break;
        case importers::AuditNote::Kind::Reading:
            kind = QStringLiteral("reading");
            kindText = QObject::tr("While reading");
            break;
        }
        AuditExcerpt excerpt;
        if (!note.where.empty() && note.where.line > 0)
            excerpt = excerptAt(note.where);
        outcome->notes.append(QVariantMap{{QStringLiteral("kind"), kind},
                                          {QStringLiteral("kindText"), kindText},
                                          {QStringLiteral("severity"), severityName(note.severity)},
                                          {QStringLiteral("message"), AuditSession::visible(owui::qtext(note.message))},
                                          {QStringLiteral("place"), placeOf(note.where)},
                                          {QStringLiteral("file"), fileName(AuditSession::visible(owui::qtext(note.where.file)))},
                                          {QStringLiteral("line"), note.where.line},
                                          {QStringLiteral("excerpt"), excerpt.lines},
                                          {QStringLiteral("excerptNote"), excerpt.note}});
    }
    for (const auto &workload : report->deployment.workloads)
        outcome->found.append(QObject::tr("Open WebUI: %1 (%2) at %3")
                                  .arg(AuditSession::visible(owui::qtext(workload.name)),
                                       AuditSession::visible(owui::qtext(workload.image)), placeOf(workload.where)));
    if (const auto &chart = report->deployment.chart) {
        const QString version = AuditSession::visible(owui::qtext(chart->version));
        outcome->found.append(chart->assumed
                                  ? QObject::tr("Chart %1: no Chart.yaml or HelmRelease says which, so its defaults are assumed").arg(version)
                                  : QObject::tr("Chart %1 (%2)").arg(version, placeOf(chart->where)));
    }
    outcome->report = std::move(report);
    return outcome;
}

} // namespace

AuditSession::AuditSession(QObject *parent) : QObject(parent) {}

AuditSession::~AuditSession() = default;

void AuditSession::setSession(PlanSession *session)
{
    if (m_session == session)
        return;
    m_session = session;
    Q_EMIT sessionChanged();
}

QVariantList AuditSession::files() const
{
    QVariantList list;
    for (const QString &path : m_paths)
        list.append(QVariantMap{{QStringLiteral("path"), visible(path)}, {QStringLiteral("name"), visible(fileName(path))}});
    return list;
}

QString AuditSession::summary() const
{
    if (!m_report)
        return {};
    return tr("%1, %2, %3 info, %4")
        .arg(plural(errorCount(), tr("error"), tr("errors")), plural(warningCount(), tr("warning"), tr("warnings")))
        .arg(infoCount())
        .arg(plural(noteCount(), tr("note"), tr("notes")));
}

void AuditSession::open(const QVariantList &urls)
{
    QStringList paths;
    for (const QVariant &url : urls) {
        const QString path = localPath(url);
        if (!path.isEmpty() && !paths.contains(path))
            paths.append(path);
    }
    if (paths.isEmpty())
        clear();
    else
        start(std::move(paths));
}

void AuditSession::addFiles(const QVariantList &urls)
{
    QStringList paths = m_paths;
    for (const QVariant &url : urls) {
        const QString path = localPath(url);
        if (!path.isEmpty() && !paths.contains(path))
            paths.append(path);
    }
    if (paths != m_paths || !m_busy)
        start(std::move(paths));
}

void AuditSession::removeFile(int index)
{
    if (index < 0 || index >= m_paths.size())
        return;
    QStringList paths = m_paths;
    paths.removeAt(index);
    if (paths.isEmpty())
        clear();
    else
        start(std::move(paths));
}

void AuditSession::clear()
{
    ++m_generation; // a request still running is dropped when it arrives
    m_paths.clear();
    Q_EMIT filesChanged();
    auto empty = std::make_shared<Outcome>();
    empty->generation = m_generation;
    apply(empty);
    setBusy(false);
}

void AuditSession::start(QStringList paths)
{
    const quint64 generation = ++m_generation;
    if (paths != m_paths) {
        m_paths = std::move(paths);
        Q_EMIT filesChanged();
    }
    setBusy(true);
    auto *watcher = new QFutureWatcher<std::shared_ptr<Outcome>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // superseded by a newer request
        apply(watcher->result());
        setBusy(false);
        Q_EMIT finished();
    });
    watcher->setFuture(QtConcurrent::run(&owui::jobPool(), auditInWorker, m_paths, generation));
}

void AuditSession::apply(const std::shared_ptr<Outcome> &outcome)
{
    m_report = outcome->report;
    m_errorText = outcome->errorText;
    m_findings.reset(outcome->findings);
    m_facts = outcome->facts;
    m_notes = outcome->notes;
    m_found = outcome->found;
    std::copy(std::begin(outcome->counts), std::end(outcome->counts), std::begin(m_counts));
    Q_EMIT reportChanged();
}

void AuditSession::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

bool AuditSession::continueAsPlan()
{
    if (!m_report || !m_session || m_busy)
        return false;
    QStringList names;
    for (const QString &path : m_paths)
        names.append(fileName(path));
    const QString name = names.size() <= 2 ? tr("Audited %1").arg(names.join(tr(" and ")))
                                           : tr("Audited %1 and %2 more").arg(names.first()).arg(names.size() - 1);
    m_session->adoptPlan(m_report->plan, name);
    return true;
}

AuditExcerpt AuditSession::excerpt(const QString &path, int line)
{
    return excerptOf(loadFile(path), fileName(path), line);
}

QString AuditSession::visible(const QString &text)
{
    QString shown;
    shown.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\t')
            shown += QChar(0x2192); // →: YAML refuses tabs for indentation, so one in the file is worth seeing
        else if (u < 0x20)
            shown += QChar(0x2400 + u); // the control picture: ␛ for ESC, ␀ for NUL
        else if (u == 0x7f)
            shown += QChar(0x2421);
        else if ((u >= 0x80 && u < 0xa0) || u == 0x061c || u == 0x200e || u == 0x200f || (u >= 0x2028 && u <= 0x202e) ||
                 (u >= 0x2066 && u <= 0x2069))
            shown += QChar(0xfffd); // C1 controls, line separators and bidirectional overrides never act on the page
        else
            shown += c;
    }
    return shown;
}
