// SPDX-License-Identifier: MIT
#include "cli.h"

#include "appsettings.h"
#include "cliconnect.h"
#include "clideliver.h"
#include "datalocation.h"
#include "qtext.h"
#include "exporters/bundle.h"
#include "exporters/migration.h"
#include "importers/audit.h"
#include "planner/evaluate.h"
#include "planner/planfile.h"
#include "remote/probe.h"
#include "remote/session.h"

#include <nlohmann/json.hpp>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>
#include <functional>
#include <iostream>
#include <optional>
#include <map>

#include <unistd.h>

namespace owui::cli {
namespace {

using planner::Severity;

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int exitCodeFor(const planner::Error &error)
{
    return error.code == planner::ErrorCode::Io ? ExitIo : ExitUsage;
}

int reportError(const planner::Error &error)
{
    err() << "owui-planner: " << qtext(error.describe()) << Qt::endl;
    return exitCodeFor(error);
}

int usageError(const QString &command, const QString &message)
{
    err() << "owui-planner" << (command.isEmpty() ? QString() : QLatin1Char(' ') + command) << ": " << message << Qt::endl
          << "Try 'owui-planner " << (command.isEmpty() ? QString() : command + QLatin1Char(' ')) << "--help'." << Qt::endl;
    return ExitUsage;
}

/** @brief A usage error for commands that take no positional argument, when one was given. */
std::optional<int> rejectArguments(const QString &command, const QCommandLineParser &parser)
{
    if (parser.positionalArguments().isEmpty())
        return std::nullopt;
    return usageError(command, QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
}

struct Command {
    QString name;
    QString summary;
    QString usage;
    std::function<void(QCommandLineParser &)> declare;
    std::function<int(QCommandLineParser &)> run;
};

/** @brief "1 worker", "3 workers": never "1 workers" nor "worker(s)". */
QString plural(long long count, const char *singular, const char *pluralForm)
{
    return QStringLiteral("%1 %2").arg(count).arg(QLatin1String(count == 1 ? singular : pluralForm));
}

const QString kExitCodes = QStringLiteral(
    "\nExit codes: 0 all well; 1 an error-level finding or a budget that does not fit;\n"
    "2 bad usage or invalid input; 3 a file could not be read or written, or (probe) the host\n"
    "refused, authentication failed, the host key is unknown or changed, or it timed out.\n");

QString helpFor(const Command &command, QCommandLineParser &parser)
{
    QString text = parser.helpText();
    // Qt's first line names only the program; ours names the subcommand and its arguments.
    const auto firstBreak = text.indexOf(QLatin1Char('\n'));
    text.replace(0, firstBreak, QStringLiteral("Usage: owui-planner ") + command.usage);
    return text + kExitCodes;
}

/** @brief An integer flag: absent keeps `fallback`; bad text or range is a usage error naming the flag. */
std::optional<int> intOption(QCommandLineParser &parser, const QString &name, int fallback, int min, int max,
                             QString &error)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const QString text = parser.value(name);
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < min || value > max) {
        error = QStringLiteral("--%1: must be a whole number from %2 to %3, not '%4'").arg(name).arg(min).arg(max).arg(text);
        return std::nullopt;
    }
    return static_cast<int>(value);
}

const QString kUnbounded = QStringLiteral("unbounded (NullPool)");
const QString kNone = QStringLiteral("none");

QString count(long long value)
{
    return QString::number(value);
}

/** @brief An inverse answer, or "none" when no valid value exists. */
QString answer(const std::optional<long long> &value)
{
    return value ? QString::number(*value) : kNone;
}

QString poolText(const std::optional<int> &size, int overflow, const QString &variable)
{
    if (!size)
        return QStringLiteral("pool unset: SQLAlchemy's 5 + 10");
    if (planner::isNullPool(size))
        return QStringLiteral("%1=%2: NullPool, one connection per concurrent query").arg(variable).arg(*size);
    return QStringLiteral("pool %1 + overflow %2").arg(*size).arg(overflow);
}

void printBudget(const planner::Plan &plan, const planner::ConnectionBudget &b)
{
    QTextStream &o = out();
    if (!b.applicable) {
        o << "PostgreSQL connection budget: not applicable (the plan uses SQLite)." << Qt::endl;
        return;
    }
    const auto line = [&o](const QString &label, const QString &value, const QString &detail = {}) {
        o << "  " << label.leftJustified(30) << value.rightJustified(7)
          << (detail.isEmpty() ? QString() : QStringLiteral("  ") + detail) << Qt::endl;
    };
    // A total with a NullPool engine in it has no bound: say so instead of printing a floor as the total.
    const auto total = [&b](long long value) { return b.unbounded ? kUnbounded : count(value); };
    const auto verdict = [&b](bool fits, const QString &over) {
        if (b.nothingAvailable)
            return QStringLiteral("NOTHING FITS: no connection is available");
        if (b.unbounded)
            return QStringLiteral("cannot be checked against max_connections");
        return fits ? QStringLiteral("fits") : over;
    };
    o << "PostgreSQL connection budget" << Qt::endl;
    line(QStringLiteral("processes"), count(b.processes),
         plural(plan.replicas, "replica", "replicas") + QStringLiteral(" × ") + plural(plan.workers, "worker", "workers"));
    line(QStringLiteral("main pool per process"), b.mainPoolUnbounded ? kUnbounded : count(b.mainPoolPerProcess),
         poolText(plan.database.poolSize, plan.database.maxOverflow, QStringLiteral("DATABASE_POOL_SIZE")));
    if (b.pgvectorPoolUnbounded || b.pgvectorPoolPerProcess > 0)
        line(QStringLiteral("pgvector pool per process"), b.pgvectorPoolUnbounded ? kUnbounded : count(b.pgvectorPoolPerProcess),
             QStringLiteral("same server; ") +
                 poolText(plan.vectorDb.pgvectorPoolSize, plan.vectorDb.pgvectorMaxOverflow, QStringLiteral("PGVECTOR_POOL_SIZE")));
    line(QStringLiteral("connections per process"), total(b.connectionsPerProcess));
    line(QStringLiteral("steady total"), total(b.totalConnections));
    line(QStringLiteral("available"), count(b.availableConnections),
         QStringLiteral("max_connections %1 − reserved %2 − other clients %3")
             .arg(b.maxConnections).arg(b.reservedConnections).arg(b.otherClientConnections));
    line(QStringLiteral("headroom"), total(b.headroom), verdict(b.fits, QStringLiteral("DOES NOT FIT")));
    line(QStringLiteral("rolling-update peak"), total(b.rollingPeakConnections),
         QStringLiteral("surge %1; %2").arg(b.surge).arg(qtext(planner::surgeReason(b.upgradeStrategy))));
    if (plan.autoscaling.enabled)
        line(QStringLiteral("autoscaling maximum"), total(b.autoscaleMaxConnections),
             plural(plan.autoscaling.maxReplicas, "replica", "replicas"));
    if (b.migrationJobConnections > 0)
        line(QStringLiteral("migration job"), count(b.migrationJobConnections), QStringLiteral("Alembic connects with NullPool"));
    line(QStringLiteral("worst case"), total(b.worstCaseConnections),
         verdict(b.worstCaseFits, QStringLiteral("OVER THE LIMIT")) +
             QStringLiteral("; async + sync engines%1 at the peak%2")
                 .arg(b.pgvectorPoolPerProcess > 0 || b.pgvectorPoolUnbounded ? QStringLiteral(" + pgvector") : QString(),
                      b.migrationJobConnections > 0 ? QStringLiteral(" + the migration job") : QString()));
    o << "Inverse answers" << Qt::endl;
    line(QStringLiteral("largest safe pool per process"), answer(b.largestSafePoolPerProcess), QStringLiteral("size + overflow, steady"));
    line(QStringLiteral("  ... for the worst case"), answer(b.largestSafePoolPerProcessWorstCase));
    line(QStringLiteral("smallest max_connections"), answer(b.smallestMaxConnections), QStringLiteral("steady"));
    line(QStringLiteral("  ... for the worst case"), answer(b.smallestMaxConnectionsWorstCase));
    line(QStringLiteral("most replicas that fit"), answer(b.mostReplicas));
}

void printRedisBudget(const planner::RedisBudget &r)
{
    if (!r.applicable)
        return;
    QTextStream &o = out();
    o << "Redis client budget (estimate): " << r.totalClients << " clients (" << r.clientsPerProcess
      << " per process × " << r.processes << " processes at the peak + " << r.otherClients << " other) of maxclients "
      << r.maxClients << (r.fits ? ": fits" : ": DOES NOT FIT") << Qt::endl;
    for (const auto &term : r.terms)
        o << "  " << qtext(term.label).leftJustified(60) << QString::number(term.perProcess).rightJustified(4) << "  "
          << qtext(term.source) << Qt::endl;
}

// --- budget ---------------------------------------------------------------------------------------------------

void declareBudget(QCommandLineParser &p)
{
    p.addOptions({
        {QStringLiteral("replicas"), QStringLiteral("Replicas (containers or pods). Default 1."), QStringLiteral("N")},
        {QStringLiteral("workers"), QStringLiteral("UVICORN_WORKERS per replica. Default 1."), QStringLiteral("N")},
        {QStringLiteral("pool-size"), QStringLiteral("DATABASE_POOL_SIZE. Unset: SQLAlchemy's 5 + 10; 0: NullPool (no cap)."), QStringLiteral("N")},
        {QStringLiteral("max-overflow"), QStringLiteral("DATABASE_POOL_MAX_OVERFLOW. Default 0."), QStringLiteral("N")},
        {QStringLiteral("max-connections"), QStringLiteral("PostgreSQL max_connections. Default 100."), QStringLiteral("N")},
        {QStringLiteral("reserved"), QStringLiteral("superuser_reserved_connections. Default 3."), QStringLiteral("N")},
        {QStringLiteral("other-clients"), QStringLiteral("Connections used by other clients. Default 0."), QStringLiteral("N")},
        {QStringLiteral("vector-db"), QStringLiteral("VECTOR_DB (pgvector adds its own pool on the same server). Default chroma."), QStringLiteral("NAME")},
        {QStringLiteral("pgvector-pool-size"), QStringLiteral("PGVECTOR_POOL_SIZE. Unset: 5 + 10; 0: NullPool (no cap)."), QStringLiteral("N")},
        {QStringLiteral("pgvector-max-overflow"), QStringLiteral("PGVECTOR_POOL_MAX_OVERFLOW. Default 0."), QStringLiteral("N")},
        {QStringLiteral("surge"), QStringLiteral("Extra replicas during a rolling update. Default 1."), QStringLiteral("N")},
        {QStringLiteral("upgrade-strategy"), QStringLiteral("rolling (new replicas start beside the old) or recreate (no overlap, no surge). Default rolling."), QStringLiteral("NAME")},
        {QStringLiteral("autoscale-max"), QStringLiteral("Autoscaling maximum replicas. Default: no autoscaling."), QStringLiteral("N")},
        {QStringLiteral("migration-job"), QStringLiteral("Migrations run as a one-shot job (one NullPool connection in the worst case).")},
        {QStringLiteral("json"), QStringLiteral("Print the budget as JSON.")},
    });
}

int runBudget(QCommandLineParser &p)
{
    if (const auto stray = rejectArguments(QStringLiteral("budget"), p))
        return *stray;
    planner::Plan plan;
    plan.database.kind = planner::DatabaseKind::Postgres;
    QString error;
    const auto replicas = intOption(p, QStringLiteral("replicas"), 1, 1, 1000, error);
    const auto workers = intOption(p, QStringLiteral("workers"), 1, 1, 64, error);
    const auto poolSize = intOption(p, QStringLiteral("pool-size"), -1, 0, 10000, error);
    const auto overflow = intOption(p, QStringLiteral("max-overflow"), 0, 0, 10000, error);
    const auto maxConnections = intOption(p, QStringLiteral("max-connections"), 100, 1, planner::kPostgresMaxConnectionsCeiling, error);
    const auto reserved = intOption(p, QStringLiteral("reserved"), 3, 0, planner::kPostgresMaxConnectionsCeiling, error);
    const auto other = intOption(p, QStringLiteral("other-clients"), 0, 0, planner::kPostgresMaxConnectionsCeiling, error);
    const auto pgvPool = intOption(p, QStringLiteral("pgvector-pool-size"), -1, 0, 10000, error);
    const auto pgvOverflow = intOption(p, QStringLiteral("pgvector-max-overflow"), 0, 0, 10000, error);
    const auto surge = intOption(p, QStringLiteral("surge"), 1, 0, 1000, error);
    const auto autoscaleMax = intOption(p, QStringLiteral("autoscale-max"), 0, 1, 1000, error);
    if (!error.isEmpty())
        return usageError(QStringLiteral("budget"), error);
    if (*reserved >= *maxConnections)
        return usageError(QStringLiteral("budget"), QStringLiteral("--reserved: must be less than --max-connections (%1)").arg(*maxConnections));
    plan.replicas = *replicas;
    plan.workers = *workers;
    if (*poolSize >= 0)
        plan.database.poolSize = *poolSize;
    plan.database.maxOverflow = *overflow;
    plan.database.maxConnections = *maxConnections;
    plan.database.superuserReservedConnections = *reserved;
    plan.database.otherClientConnections = *other;
    plan.rollingUpdateSurge = *surge;
    if (*autoscaleMax > 0) {
        plan.autoscaling = {true, 1, std::max(*autoscaleMax, plan.replicas)};
    }
    if (p.isSet(QStringLiteral("vector-db"))) {
        const auto kind = planner::enumFromString<planner::VectorDb>(p.value(QStringLiteral("vector-db")).toStdString());
        if (!kind) {
            QStringList names;
            for (auto n : planner::enumNames<planner::VectorDb>())
                names << qtext(n);
            return usageError(QStringLiteral("budget"), QStringLiteral("--vector-db: '%1' is not one of %2")
                                                            .arg(p.value(QStringLiteral("vector-db")), names.join(QStringLiteral(", "))));
        }
        plan.vectorDb.kind = *kind;
    }
    if (p.isSet(QStringLiteral("upgrade-strategy"))) {
        const auto strategy = planner::enumFromString<planner::UpgradeStrategy>(p.value(QStringLiteral("upgrade-strategy")).toStdString());
        if (!strategy)
            return usageError(QStringLiteral("budget"), QStringLiteral("--upgrade-strategy: '%1' is not one of rolling, recreate")
                                                            .arg(p.value(QStringLiteral("upgrade-strategy"))));
        plan.upgradeStrategy = *strategy;
    }
    if (*pgvPool >= 0)
        plan.vectorDb.pgvectorPoolSize = *pgvPool;
    plan.vectorDb.pgvectorMaxOverflow = *pgvOverflow;
    if (p.isSet(QStringLiteral("migration-job")))
        plan.migrations = planner::MigrationMode::Job;

    const auto budget = planner::connectionBudget(plan);
    if (p.isSet(QStringLiteral("json")))
        out() << qtext(planner::budgetToJson(budget).dump(2)) << Qt::endl;
    else
        printBudget(plan, budget);
    return budget.fits ? ExitOk : ExitFindings;
}

// --- check ----------------------------------------------------------------------------------------------------

void declareCheck(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("PLAN.json"), QStringLiteral("The plan file to check."));
    p.addOption({QStringLiteral("json"), QStringLiteral("Print findings, budget and scenario as JSON.")});
}

int runCheck(QCommandLineParser &p)
{
    const QStringList files = p.positionalArguments();
    if (files.size() != 1)
        return usageError(QStringLiteral("check"), files.isEmpty() ? QStringLiteral("a plan file is required")
                                                                   : QStringLiteral("one plan file at a time"));
    const auto plan = planner::readPlanFile(files.first().toStdString());
    if (!plan)
        return reportError(plan.error());
    const auto evaluation = planner::evaluate(*plan);
    const bool failed = evaluation.hasErrors() || (evaluation.budget.applicable && !evaluation.budget.fits);
    if (p.isSet(QStringLiteral("json"))) {
        auto report = planner::evaluationToJson(evaluation);
        report["file"] = files.first().toStdString();
        report["ok"] = !failed;
        out() << qtext(report.dump(2)) << Qt::endl;
        return failed ? ExitFindings : ExitOk;
    }
    QTextStream &o = out();
    o << files.first() << ": " << qtext(planner::label(evaluation.scenario.scenario)) << " — " << qtext(evaluation.scenario.reason)
      << Qt::endl
      << Qt::endl;
    if (evaluation.findings.empty())
        o << "No findings." << Qt::endl;
    for (const auto &f : evaluation.findings) {
        o << qtext(planner::toString(f.severity)).toUpper() << " [" << qtext(f.rule) << "] " << qtext(f.message) << Qt::endl
          << "    fix: " << qtext(f.fix) << Qt::endl
          << "    source: " << qtext(f.source) << Qt::endl;
    }
    o << Qt::endl
      << plural(static_cast<long long>(evaluation.count(Severity::Error)), "error", "errors") << ", "
      << plural(static_cast<long long>(evaluation.count(Severity::Warning)), "warning", "warnings") << ", "
      << evaluation.count(Severity::Info) << " info" << Qt::endl
      << Qt::endl;
    printBudget(*plan, evaluation.budget);
    printRedisBudget(evaluation.redis);
    return failed ? ExitFindings : ExitOk;
}

// --- export -----------------------------------------------------------------------------------------------------

void declareExport(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("PLAN.json"), QStringLiteral("The plan to export."));
    p.addOptions({
        {QStringLiteral("out"), QStringLiteral("The bundle folder to create."), QStringLiteral("DIR")},
        {QStringLiteral("formats"), QStringLiteral("Targets, comma-separated: compose, swarm, helm. Default: all."),
         QStringLiteral("LIST")},
        {QStringLiteral("force"), QStringLiteral("Replace an existing bundle folder.")},
        {QStringLiteral("allow-findings"),
         QStringLiteral("Export a plan with error-level findings; its README lists them first.")},
    });
}

int runExport(QCommandLineParser &p)
{
    const QStringList files = p.positionalArguments();
    if (files.size() != 1)
        return usageError(QStringLiteral("export"), files.isEmpty() ? QStringLiteral("a plan file is required")
                                                                    : QStringLiteral("one plan file at a time"));
    if (!p.isSet(QStringLiteral("out")) || p.value(QStringLiteral("out")).isEmpty())
        return usageError(QStringLiteral("export"), QStringLiteral("--out: the bundle folder is required"));
    exporters::ExportOptions options;
    options.allowFindings = p.isSet(QStringLiteral("allow-findings"));
    if (p.isSet(QStringLiteral("formats"))) {
        options.formats.clear();
        for (const QString &name : p.value(QStringLiteral("formats")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const auto format = exporters::formatFromString(name.trimmed().toStdString());
            if (!format)
                return usageError(QStringLiteral("export"),
                                  QStringLiteral("--formats: '%1' is not one of compose, swarm, helm").arg(name));
            if (std::find(options.formats.begin(), options.formats.end(), *format) == options.formats.end())
                options.formats.push_back(*format);
        }
        if (options.formats.empty())
            return usageError(QStringLiteral("export"), QStringLiteral("--formats: name at least one target"));
    }

    const auto plan = planner::readPlanFile(files.first().toStdString());
    if (!plan)
        return reportError(plan.error());
    const auto evaluation = planner::evaluate(*plan);
    if (evaluation.hasErrors() && !options.allowFindings) {
        err() << "owui-planner export: " << files.first() << " has error-level findings; nothing was written:" << Qt::endl;
        for (const auto &f : evaluation.findings)
            if (f.severity == Severity::Error)
                err() << "  ERROR [" << qtext(f.rule) << "] " << qtext(f.message) << Qt::endl;
        err() << "Fix them, or export anyway with --allow-findings." << Qt::endl;
        return ExitFindings;
    }
    const QString folder = p.value(QStringLiteral("out"));
    const auto bundle = exporters::exportPlan(*plan, options, folder.toStdString(), p.isSet(QStringLiteral("force")));
    if (!bundle) {
        auto error = bundle.error();
        if (error.message == exporters::kFolderExistsMessage)
            error.message += " with --force";
        return reportError(error);
    }
    out() << "Wrote " << bundle->size() << " files to " << folder << ":" << Qt::endl;
    for (const auto &file : *bundle)
        out() << "  " << qtext(file.path) << (file.secret ? "  (mode 0600, secrets)" : file.executable ? "  (mode 0755)" : "") << Qt::endl;
    if (evaluation.hasErrors())
        out() << "The plan has error-level findings; README.md lists them first." << Qt::endl;
    return ExitOk;
}

// --- audit ------------------------------------------------------------------------------------------------------

void declareAudit(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("FILE"),
                            QStringLiteral("Deployment files: Compose files and overrides, Swarm stacks, Helm values, "
                                           "Chart.yaml, Kubernetes manifests, a Flux HelmRelease."),
                            QStringLiteral("FILE..."));
    p.addOptions({
        {QStringLiteral("json"), QStringLiteral("Print what the files show, the findings and the notes as JSON.")},
        {QStringLiteral("plan-out"), QStringLiteral("Write the inferred plan (unknowns at Open WebUI's defaults)."),
         QStringLiteral("PLAN.json")},
        {QStringLiteral("against"),
         QStringLiteral("List the changes from the audited deployment to this plan, marking the work beyond a redeploy."),
         QStringLiteral("PLAN.json")},
    });
}

QString printable(std::string_view text);

nlohmann::ordered_json changesToJson(const std::vector<exporters::MigrationChange> &changes)
{
    auto list = nlohmann::ordered_json::array();
    for (const auto &change : changes)
        list.push_back({{"pointer", change.pointer},
                        {"variable", change.variable},
                        {"from", change.from},
                        {"to", change.to},
                        {"work", exporters::toString(change.work)},
                        {"when", exporters::toString(exporters::stepOf(change.work))},
                        {"what_to_do", change.whatToDo}});
    return list;
}

void printChanges(const QString &planFile, const std::vector<exporters::MigrationChange> &changes)
{
    QTextStream &o = out();
    o << Qt::endl << "From the audited deployment to " << printable(planFile.toStdString()) << ":" << Qt::endl;
    if (changes.empty())
        o << "  Nothing changes." << Qt::endl;
    for (const auto &change : changes)
        o << "  " << printable(exporters::toString(change)) << Qt::endl;
    const auto work = std::count_if(changes.begin(), changes.end(),
                                    [](const auto &c) { return c.work != exporters::MigrationWork::Redeploy; });
    o << "  " << plural(static_cast<long long>(work), "item needs", "items need") << " work beyond a redeploy." << Qt::endl;
}

/** @brief Text read from audited files, made safe for a terminal: control characters shown, never sent. */
QString printable(std::string_view text)
{
    QString shown = qtext(text);
    for (QChar &c : shown)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || (c.unicode() >= 0x80 && c.unicode() < 0xa0))
            c = QChar(0xfffd);
    return shown;
}

QString placeText(const importers::SourceLocation &where)
{
    return where.empty() ? QString() : printable(where.describe());
}

QString certaintyWords(importers::Certainty certainty)
{
    switch (certainty) {
    case importers::Certainty::Known:
        return QString();
    case importers::Certainty::ChartDefault:
        return QStringLiteral(" (chart default)");
    case importers::Certainty::Unknown:
        return QStringLiteral(" (unknown)");
    }
    return QString();
}

void printAudit(const importers::AuditReport &report)
{
    QTextStream &o = out();
    const auto &deployment = report.deployment;
    QStringList names;
    for (const auto &file : deployment.files)
        names << printable(file);
    o << "Audited " << names.join(QStringLiteral(", ")) << Qt::endl;
    for (const auto &workload : deployment.workloads)
        o << "  Open WebUI: " << printable(workload.name) << " (" << printable(workload.image) << ") at "
          << placeText(workload.where) << Qt::endl;
    if (deployment.chart)
        o << "  Chart " << printable(deployment.chart->version)
          << (deployment.chart->assumed ? QStringLiteral(": no Chart.yaml or HelmRelease says which, so its defaults are assumed")
                                        : QStringLiteral(" (") + placeText(deployment.chart->where) + QLatin1Char(')'))
          << Qt::endl;
    o << Qt::endl << "What the files show:" << Qt::endl;
    for (const auto &fact : report.facts) {
        o << "  " << qtext(fact.subject).leftJustified(15) << printable(fact.value) << certaintyWords(fact.certainty) << Qt::endl;
        QString detail = printable(fact.detail);
        if (!fact.where.empty())
            detail += (detail.isEmpty() ? QString() : QStringLiteral(" — ")) + placeText(fact.where);
        if (!detail.isEmpty())
            o << QString(17, QLatin1Char(' ')) << detail << Qt::endl;
    }
    o << Qt::endl;
    if (report.findings.empty())
        o << "No findings." << Qt::endl;
    for (const auto &placed : report.findings) {
        const auto &f = placed.finding;
        o << qtext(planner::toString(f.severity)).toUpper() << " [" << qtext(f.rule) << "] " << placeText(placed.where) << ": "
          << printable(f.message) << Qt::endl
          << "    fix: " << printable(f.fix) << Qt::endl;
        for (const auto &where : placed.related)
            o << "    see also: " << placeText(where) << Qt::endl;
        o << "    source: " << qtext(f.source) << Qt::endl;
    }
    if (!report.notes.empty())
        o << Qt::endl << "Notes:" << Qt::endl;
    for (const auto &note : report.notes) {
        o << "  " << qtext(planner::toString(note.severity)).toUpper() << " " << placeText(note.where)
          << (note.where.empty() ? QString() : QStringLiteral(": ")) << printable(note.message) << Qt::endl;
    }
    const auto count = [&report](Severity severity) {
        return static_cast<long long>(std::count_if(report.findings.begin(), report.findings.end(),
                                                    [severity](const auto &f) { return f.finding.severity == severity; }));
    };
    o << Qt::endl
      << plural(count(Severity::Error), "error", "errors") << ", " << plural(count(Severity::Warning), "warning", "warnings")
      << ", " << count(Severity::Info) << " info, " << plural(static_cast<long long>(report.notes.size()), "note", "notes")
      << Qt::endl;
    const auto &origin = report.plan.auditOrigin;
    const auto unknown = [&origin](const char *pointer) {
        return origin && std::find(origin->unknown.begin(), origin->unknown.end(), pointer) != origin->unknown.end();
    };
    if (report.plan.isPostgres()) {
        o << Qt::endl;
        if (unknown("/database/max_connections") || unknown("/database/host"))
            o << "PostgreSQL connection budget: not computable, the server's max_connections is not in the files." << Qt::endl;
        else
            printBudget(report.plan, report.evaluation.budget);
    }
    if (report.plan.hasRedis()) {
        if (unknown("/redis/maxclients") || unknown("/redis/host"))
            o << "Redis client budget: not computable, the server's maxclients is not in the files." << Qt::endl;
        else
            printRedisBudget(report.evaluation.redis);
    }
}

int runAudit(QCommandLineParser &p)
{
    const QStringList files = p.positionalArguments();
    if (files.isEmpty())
        return usageError(QStringLiteral("audit"), QStringLiteral("name the deployment files to audit"));
    if (p.isSet(QStringLiteral("plan-out")) && p.value(QStringLiteral("plan-out")).isEmpty())
        return usageError(QStringLiteral("audit"), QStringLiteral("--plan-out: the plan file to write is required"));
    if (p.isSet(QStringLiteral("against")) && p.value(QStringLiteral("against")).isEmpty())
        return usageError(QStringLiteral("audit"), QStringLiteral("--against: the target plan file is required"));
    // The target is read first: a bad plan file is a usage problem of this run, found before any audit output.
    std::optional<planner::Plan> target;
    if (p.isSet(QStringLiteral("against"))) {
        auto read = planner::readPlanFile(p.value(QStringLiteral("against")).toStdString());
        if (!read)
            return reportError(read.error());
        target = std::move(*read);
    }
    std::vector<std::filesystem::path> paths;
    for (const QString &file : files)
        paths.emplace_back(file.toStdString());
    const auto report = importers::auditFiles(paths);
    if (!report)
        return reportError(report.error());
    std::vector<exporters::MigrationChange> changes;
    if (target)
        changes = exporters::changesFromAudit(importers::auditOrigin(*report), *target);
    if (p.isSet(QStringLiteral("json"))) {
        auto json = importers::auditToJson(*report);
        if (target)
            json["changes"] = changesToJson(changes);
        json["ok"] = !report->hasErrors();
        out() << qtext(json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) << Qt::endl;
    } else {
        printAudit(*report);
        if (target)
            printChanges(p.value(QStringLiteral("against")), changes);
    }
    if (p.isSet(QStringLiteral("plan-out"))) {
        const QString planFile = p.value(QStringLiteral("plan-out"));
        if (const auto written = planner::writePlanFile(planFile.toStdString(), report->plan); !written)
            return reportError(written.error());
        (p.isSet(QStringLiteral("json")) ? err() : out()) << "Wrote the inferred plan to " << planFile << Qt::endl;
    }
    return report->hasErrors() ? ExitFindings : ExitOk;
}

// --- probe ------------------------------------------------------------------------------------------------------

void declareProbe(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("HOST"), QStringLiteral("The host to probe over SSH."), QStringLiteral("[user@]host[:port]"));
    p.addOptions(connectionOptions());
    p.addOptions({
        {QStringLiteral("postgres"), QStringLiteral("PostgreSQL as the host reaches it, e.g. postgresql://user@db:5432/openwebui."),
         QStringLiteral("URL")},
        {QStringLiteral("redis"), QStringLiteral("Redis as the host reaches it, e.g. redis://redis:6379/0."), QStringLiteral("URL")},
        {QStringLiteral("plan"), QStringLiteral("Hold the facts against this plan: findings as 'check' prints them."), QStringLiteral("PLAN.json")},
        {QStringLiteral("plan-out"), QStringLiteral("Write the --plan with the servers' facts taken into it."), QStringLiteral("PLAN.json")},
        {QStringLiteral("json"), QStringLiteral("Print the facts under the servers' own names, and the findings, as JSON.")},
    });
}

QString gibText(std::uint64_t bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0), 'f', 1) + QStringLiteral(" GiB");
}

QString orUnknown(const std::optional<int> &value)
{
    return value ? QString::number(*value) : QStringLiteral("unknown");
}

void printProbe(const remote::ProbeReport &report, const remote::ProbeRequest &request)
{
    QTextStream &o = out();
    const auto &m = report.machine;
    o << "Host " << printable(report.host) << Qt::endl;
    o << "  CPU                 " << orUnknown(m.cpuCores) << " cores" << (m.cpuModel.empty() ? QString() : QStringLiteral(", ") + printable(m.cpuModel))
      << Qt::endl;
    o << "  memory              "
      << (m.memoryTotalBytes ? gibText(*m.memoryTotalBytes) + QStringLiteral(" total") : QStringLiteral("unknown"))
      << (m.memoryAvailableBytes ? QStringLiteral(", ") + gibText(*m.memoryAvailableBytes) + QStringLiteral(" available") : QString())
      << Qt::endl;
    o << "  disk                " << printable(m.diskPath) << ": "
      << (m.diskTotalBytes ? gibText(*m.diskTotalBytes) : QStringLiteral("unknown"))
      << (m.diskFreeBytes ? QStringLiteral(", ") + gibText(*m.diskFreeBytes) + QStringLiteral(" free") : QString()) << Qt::endl;
    o << "  OS                  " << (m.operatingSystem.empty() ? QStringLiteral("unknown") : printable(m.operatingSystem)) << Qt::endl;
    o << "  Docker engine       "
      << (m.dockerVersion ? printable(*m.dockerVersion) : QStringLiteral("none (") + printable(m.dockerError) + QLatin1Char(')')) << Qt::endl;
    if (m.swarmState)
        o << "  Swarm               " << printable(*m.swarmState) << (m.swarmManager ? ", manager" : "") << Qt::endl;
    o << "  kubectl             " << (m.kubectlVersion ? printable(*m.kubectlVersion) : QStringLiteral("not installed")) << Qt::endl;
    o << "  helm                " << (m.helmVersion ? printable(*m.helmVersion) : QStringLiteral("not installed")) << Qt::endl;
    if (report.postgres && request.postgres) {
        const auto &pg = *report.postgres;
        o << "PostgreSQL " << printable(request.postgres->host) << ":" << request.postgres->port << Qt::endl;
        if (!pg.error.empty()) {
            o << "  not reached: " << printable(pg.error) << Qt::endl;
        } else {
            o << "  server_version                  " << printable(pg.version) << Qt::endl
              << "  max_connections                 " << orUnknown(pg.maxConnections) << Qt::endl
              << "  superuser_reserved_connections  " << orUnknown(pg.superuserReservedConnections) << Qt::endl
              << "  connections in use              " << orUnknown(pg.connectionsInUse) << "  (the probe's own left out)" << Qt::endl;
            for (const auto &group : pg.clients)
                o << "    " << QString::number(group.connections).rightJustified(4) << "  from "
                  << (group.clientAddress.empty() ? QStringLiteral("a local socket") : printable(group.clientAddress))
                  << (group.applicationName.empty() ? QStringLiteral(", no application_name")
                                                    : QStringLiteral(", application_name \"") + printable(group.applicationName) + QLatin1Char('"'))
                  << Qt::endl;
        }
    }
    if (report.redis && request.redis) {
        const auto &redis = *report.redis;
        o << "Redis " << printable(request.redis->host) << ":" << request.redis->port << Qt::endl;
        if (!redis.error.empty()) {
            o << "  not reached: " << printable(redis.error) << Qt::endl;
        } else {
            o << "  redis_version       " << printable(redis.version) << Qt::endl
              << "  maxclients          " << orUnknown(redis.maxClients) << Qt::endl
              << "  timeout             " << orUnknown(redis.timeoutSeconds) << Qt::endl
              << "  maxmemory-policy    " << printable(redis.maxmemoryPolicy) << Qt::endl
              << "  connected_clients   " << orUnknown(redis.connectedClients) << "  (the probe's own included)" << Qt::endl;
        }
    }
}

/** @brief A remote failure: exit 2 for an argument the remote work cannot use, 3 for everything else, with its reason. */
int remoteFailure(const remote::Failure &failure)
{
    if (failure.kind == remote::FailureKind::Usage)
        return usageError(QStringLiteral("probe"), qtext(failure.message));
    err() << "owui-planner probe: " << qtext(failure.describe()) << Qt::endl;
    if (failure.kind == remote::FailureKind::HostKeyUnknown)
        err() << "The host presented " << qtext(failure.hostKey.type) << " key " << qtext(failure.hostKey.fingerprint)
              << "; if that is the host's key, run again with --accept-new-host-key." << Qt::endl;
    if (failure.kind == remote::FailureKind::HostKeyChanged)
        err() << "WARNING: the host's key is not the one known_hosts holds (now " << qtext(failure.hostKey.fingerprint)
              << "). Someone may be impersonating the host; remove the old entry only if you know why it changed." << Qt::endl;
    return failure.kind == remote::FailureKind::Usage ? ExitUsage : ExitIo;
}

int runProbe(QCommandLineParser &p)
{
    const QString command = QStringLiteral("probe");
    const QStringList hosts = p.positionalArguments();
    if (hosts.size() != 1)
        return usageError(command, hosts.isEmpty() ? QStringLiteral("name the host to probe: [user@]host[:port]")
                                                   : QStringLiteral("one host at a time"));
    for (const char *option : {"identity", "known-hosts", "jump", "postgres", "redis", "plan", "plan-out"})
        if (p.isSet(QLatin1String(option)) && p.value(QLatin1String(option)).isEmpty())
            return usageError(command, QStringLiteral("--%1: a value is required").arg(QLatin1String(option)));
    if (p.isSet(QStringLiteral("plan-out")) && !p.isSet(QStringLiteral("plan")))
        return usageError(command, QStringLiteral("--plan-out: give the plan the facts fill with --plan"));

    auto endpoint = remote::parseEndpoint(hosts.first().toStdString());
    if (!endpoint)
        return remoteFailure(endpoint.error());
    auto options = connectOptionsFrom(p, *endpoint);
    if (!options)
        return remoteFailure(options.error());
    remote::ProbeRequest request;
    if (p.isSet(QStringLiteral("postgres"))) {
        auto target = remote::parsePostgresUrl(p.value(QStringLiteral("postgres")).toStdString());
        if (!target)
            return remoteFailure(target.error());
        request.postgres = std::move(*target);
    }
    if (p.isSet(QStringLiteral("redis"))) {
        auto target = remote::parseRedisUrl(p.value(QStringLiteral("redis")).toStdString());
        if (!target)
            return remoteFailure(target.error());
        request.redis = std::move(*target);
    }
    // The plan is read before connecting: a bad plan file is a usage problem of this run.
    std::optional<planner::Plan> plan;
    if (p.isSet(QStringLiteral("plan"))) {
        auto read = planner::readPlanFile(p.value(QStringLiteral("plan")).toStdString());
        if (!read)
            return reportError(read.error());
        plan = std::move(*read);
    }
    auto session = remote::Session::connect(*options);
    if (!session)
        return remoteFailure(session.error());
    auto report = remote::probe(*session, request);
    if (!report)
        return remoteFailure(report.error());

    std::vector<planner::Finding> findings;
    if (plan)
        findings = remote::holdAgainstPlan(*report, *plan);
    const bool failed = std::any_of(findings.begin(), findings.end(), [](const auto &f) { return f.severity == Severity::Error; });
    if (p.isSet(QStringLiteral("json"))) {
        auto json = remote::probeToJson(*report, plan ? &findings : nullptr);
        if (plan)
            json["ok"] = !failed;
        out() << qtext(json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) << Qt::endl;
    } else {
        printProbe(*report, request);
        if (plan) {
            QTextStream &o = out();
            o << Qt::endl << "Against " << p.value(QStringLiteral("plan")) << ":" << Qt::endl << Qt::endl;
            if (findings.empty())
                o << "No findings." << Qt::endl;
            for (const auto &f : findings) // exactly as `check` prints them
                o << qtext(planner::toString(f.severity)).toUpper() << " [" << qtext(f.rule) << "] " << printable(f.message) << Qt::endl
                  << "    fix: " << printable(f.fix) << Qt::endl
                  << "    source: " << qtext(f.source) << Qt::endl;
            const auto countOf = [&findings](Severity severity) {
                return static_cast<long long>(
                    std::count_if(findings.begin(), findings.end(), [severity](const auto &f) { return f.severity == severity; }));
            };
            o << Qt::endl
              << plural(countOf(Severity::Error), "error", "errors") << ", " << plural(countOf(Severity::Warning), "warning", "warnings")
              << ", " << countOf(Severity::Info) << " info" << Qt::endl;
        }
    }
    if (p.isSet(QStringLiteral("plan-out"))) {
        std::vector<planner::SettingChange> changes;
        for (const auto &fact : remote::factChanges(*report, *plan))
            changes.push_back(fact.change);
        const auto updated = planner::applyChanges(*plan, changes);
        if (!updated)
            return reportError(updated.error());
        const QString planFile = p.value(QStringLiteral("plan-out"));
        if (const auto written = planner::writePlanFile(planFile.toStdString(), *updated); !written)
            return reportError(written.error());
        (p.isSet(QStringLiteral("json")) ? err() : out())
            << "Wrote the plan with " << plural(static_cast<long long>(changes.size()), "fact", "facts") << " from the host to " << planFile
            << Qt::endl;
    }
    return failed ? ExitFindings : ExitOk;
}

// --- presets, preset, rules -----------------------------------------------------------------------------------

void declareJsonOnly(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("json"), QStringLiteral("Print as JSON.")});
}

int runPresets(QCommandLineParser &p)
{
    if (const auto stray = rejectArguments(QStringLiteral("presets"), p))
        return *stray;
    const auto presets = loadPresets();
    if (!presets)
        return reportError(presets.error());
    if (p.isSet(QStringLiteral("json"))) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &preset : *presets)
            list.push_back({{"id", preset.id.toStdString()},
                            {"name", preset.plan.name},
                            {"description", preset.plan.description},
                            {"scenario", planner::toString(planner::classify(preset.plan).scenario)}});
        out() << qtext(list.dump(2)) << Qt::endl;
        return ExitOk;
    }
    for (const auto &preset : *presets)
        out() << preset.id.leftJustified(20) << qtext(preset.plan.description) << Qt::endl;
    return ExitOk;
}

void declarePreset(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("A preset from 'owui-planner presets'."));
}

int runPreset(QCommandLineParser &p)
{
    const QStringList names = p.positionalArguments();
    if (names.size() != 1)
        return usageError(QStringLiteral("preset"), QStringLiteral("name one preset (see 'owui-planner presets')"));
    const auto preset = loadPreset(names.first());
    if (!preset)
        return reportError(preset.error());
    out() << qtext(planner::planToJsonText(preset->plan));
    out().flush();
    return ExitOk;
}

int runRules(QCommandLineParser &p)
{
    if (const auto stray = rejectArguments(QStringLiteral("rules"), p))
        return *stray;
    const auto &rules = planner::ruleCatalogue();
    if (p.isSet(QStringLiteral("json"))) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &rule : rules)
            list.push_back({{"rule", rule.id}, {"title", rule.title}, {"source", rule.source}});
        out() << qtext(list.dump(2)) << Qt::endl;
        return ExitOk;
    }
    for (const auto &rule : rules)
        out() << qtext(rule.id).leftJustified(32) << qtext(rule.title) << Qt::endl << QString(34, QLatin1Char(' ')) << qtext(rule.source) << Qt::endl;
    return ExitOk;
}

const std::vector<Command> &commands()
{
    static const std::vector<Command> list = {
        {QStringLiteral("budget"), QStringLiteral("Compute the PostgreSQL connection budget from flags."),
         QStringLiteral("budget [--replicas N] [--workers N] [--pool-size N] [--max-overflow N] [--max-connections N] "
                        "[--reserved N] [--other-clients N] [--vector-db NAME] [--pgvector-pool-size N] [--surge N] "
                        "[--upgrade-strategy NAME] [--autoscale-max N] [--migration-job] [--json]"),
         declareBudget, runBudget},
        {QStringLiteral("audit"), QStringLiteral("Audit existing deployment files against the same rules, with file and line."),
         QStringLiteral("audit FILE... [--json] [--plan-out PLAN.json] [--against PLAN.json]"), declareAudit, runAudit},
        {QStringLiteral("check"), QStringLiteral("Check a plan file: scenario, findings and budgets."),
         QStringLiteral("check PLAN.json [--json]"), declareCheck, runCheck},
        {QStringLiteral("export"), QStringLiteral("Write the deployment bundle: Compose, Swarm stack, Helm values."),
         QStringLiteral("export PLAN.json --out DIR [--formats compose,swarm,helm] [--force] [--allow-findings]"),
         declareExport, runExport},
        {QStringLiteral("deliver"), QStringLiteral("Upload a bundle to a host over SSH; optionally run its deploy script."),
         QStringLiteral("deliver BUNDLE_DIR [user@]host[:port]:DIR [--identity KEY] [--known-hosts FILE] "
                        "[--accept-new-host-key] [--jump HOST] [--force] [--run compose|swarm|helm] [--yes] [--dry-run]"),
         declareDeliver, runDeliver},
        {QStringLiteral("probe"), QStringLiteral("Read a host and its PostgreSQL and Redis over SSH (read-only); hold them against a plan."),
         QStringLiteral("probe [user@]host[:port] [--identity KEY] [--known-hosts FILE] [--accept-new-host-key] [--jump HOST] "
                        "[--postgres URL] [--redis URL] [--plan PLAN.json] [--plan-out PLAN.json] [--json]"),
         declareProbe, runProbe},
        {QStringLiteral("presets"), QStringLiteral("List the built-in presets, one per scenario."),
         QStringLiteral("presets [--json]"), declareJsonOnly, runPresets},
        {QStringLiteral("preset"), QStringLiteral("Print a built-in preset as a plan file."),
         QStringLiteral("preset NAME"), declarePreset, runPreset},
        {QStringLiteral("rules"), QStringLiteral("List every rule the planner checks, with its source."),
         QStringLiteral("rules [--json]"), declareJsonOnly, runRules},
    };
    return list;
}

/** @brief `text` broken at spaces into lines of at most 80 columns, each after the first indented by `indent`. */
QString wrapped(const QString &text, int indent)
{
    QString result;
    int column = indent;
    for (const QString &word : text.split(QLatin1Char(' '))) {
        if (column + 1 + word.size() > 80 && column > indent) {
            result += QLatin1Char('\n') + QString(indent, QLatin1Char(' '));
            column = indent;
        } else if (!result.isEmpty()) {
            result += QLatin1Char(' ');
            ++column;
        }
        result += word;
        column += static_cast<int>(word.size());
    }
    return result;
}

QString mainHelp()
{
    QString text = QStringLiteral(
        "Usage: owui-planner [PLAN.json]            open the desktop planner (on PLAN.json)\n"
        "       owui-planner COMMAND [options]      run a command without a display\n"
        "\nPlans Open WebUI deployments from one user to 1000+: connection budgets, required\n"
        "components and the multi-replica checklist.\n\nCommands:\n");
    for (const auto &command : commands())
        text += QStringLiteral("  %1%2\n").arg(command.name.leftJustified(10), command.summary);
    text += QStringLiteral("\n'owui-planner COMMAND --help' describes a command.\n"
                           "  -h, --help     Show this help.\n"
                           "  -v, --version  Show the version.\n"
                           "\nWindow options (this run only, never saved):\n"
                           "  --page=PAGE          %1\n"
                           "  --size WxH           Window size in pixels, e.g. --size 1024x640.\n"
                           "  --presenter          Presenter mode: larger text for a projector.\n"
                           "  --theme THEME        system, light or dark.\n"
                           "  --screenshot FILE    Save the window as FILE (PNG) once the page has settled, then\n"
                           "                       quit; with QT_QPA_PLATFORM=offscreen it needs no display.\n")
                .arg(wrapped(QStringLiteral("Open PAGE first: %1.").arg(AppSettings::pageKeys().join(QStringLiteral(", "))), 23));
    return text + kExitCodes;
}

} // namespace

bool wantsCli(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return false;
    const QString &first = arguments.at(1);
    // An empty argument is a plan path, which the window refuses with "(empty path)": not an unknown command.
    if (first.isEmpty())
        return false;
    // The window's own options (--page=NAME opens a page first) are not commands.
    if (first.startsWith(QLatin1String("--page=")))
        return false;
    if (first.startsWith(QLatin1Char('-')))
        return true;
    for (const auto &command : commands())
        if (command.name == first)
            return true;
    // Neither a command nor a plan file: a mistyped command gets a usage error, not a window (or, without a display, an abort).
    return !first.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) && !QFileInfo::exists(first);
}

int run(const QStringList &arguments)
{
    const QString first = arguments.value(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        out() << mainHelp();
        return ExitOk;
    }
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        out() << "owui-planner " << QCoreApplication::applicationVersion() << Qt::endl;
        return ExitOk;
    }
    for (const auto &command : commands()) {
        if (command.name != first)
            continue;
        QCommandLineParser parser;
        parser.setApplicationDescription(command.summary);
        parser.addHelpOption();
        command.declare(parser);
        QStringList rest = arguments.mid(2);
        rest.prepend(arguments.first());
        if (!parser.parse(rest))
            return usageError(command.name, parser.errorText());
        if (parser.isSet(QStringLiteral("help"))) {
            out() << helpFor(command, parser);
            return ExitOk;
        }
        return command.run(parser);
    }
    return usageError(QString(), first.startsWith(QLatin1Char('-')) ? QStringLiteral("unknown option '%1'").arg(first)
                                                                   : QStringLiteral("unknown command '%1'").arg(first));
}

} // namespace owui::cli
