// SPDX-License-Identifier: MIT
// The program against a reference, measured interleaved in one invocation so that a noisy shared machine
// slows both alike (scripts/bench turns the lines into BENCHMARKS.md). One subject per call:
//
//   bench_side_by_side startup RUNS OWUI_PLANNER REFERENCE_WINDOW   first frame and VmRSS (the current QPA)
//   bench_side_by_side export RUNS                                 exportPlan(large-scale) vs docker stack config
//   bench_side_by_side audit RUNS SERVICES                         audit vs docker-compose config -q, at 1x/10x/100x
//   bench_side_by_side probe RUNS                                  libssh probe vs one OpenSSH ssh call
//
// Prints `name<TAB>value<TAB>unit` lines, each value the median of RUNS; asserts nothing.
#include "../common/loopbacksshd.h"

#include "exporters/bundle.h"
#include "importers/audit.h"
#include "planner/planfile.h"
#include "remote/probe.h"
#include "remote/session.h"
#include "remote/shell.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <vector>

namespace {

double median(std::vector<double> values)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

void printFigure(const char *name, double value, const char *unit)
{
    std::printf("%s\t%.3f\t%s\n", name, value, unit);
    std::fflush(stdout);
}

void missing(const char *name, const QString &why)
{
    std::printf("%s\tmissing\t%s\n", name, qPrintable(why.simplified()));
    std::fflush(stdout);
}

/** @brief Milliseconds a function takes; it returns false when the run failed (then -1). */
double timed(const std::function<bool()> &run)
{
    QElapsedTimer clock;
    clock.start();
    const bool ok = run();
    return ok ? clock.nsecsElapsed() / 1e6 : -1;
}

constexpr int kDefaultDeadlineMs = 300000;

/**
 * @brief Runs a program to completion within `deadlineMs`; true when it exited 0. `error` gets stderr
 * otherwise, and `overran` (when given) says the program was stopped at the deadline rather than failing.
 */
bool runProcess(const QString &program, const QStringList &arguments, const QString &directory, QString *error = nullptr,
                int deadlineMs = kDefaultDeadlineMs, bool *overran = nullptr)
{
    QProcess process;
    process.setWorkingDirectory(directory);
    process.start(program, arguments);
    const bool started = process.waitForStarted(30000);
    const bool finished = started && process.waitForFinished(deadlineMs);
    if (!finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    if (overran)
        *overran = started && !finished;
    const bool ok = finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    if (!ok && error && !(overran && *overran))
        *error = program + QStringLiteral(": ") + process.errorString() + QLatin1Char(' ') +
                 QString::fromLocal8Bit(process.readAllStandardError()).left(300);
    return ok;
}

/**
 * @brief The control: a reference that accepts broken input (a stand-in, a wrapper that always succeeds) would
 * time nothing, so each is first shown a broken input it must refuse. Empty when it did; otherwise why not.
 */
QString referenceControl(const QString &program, const QStringList &arguments, const QString &directory)
{
    if (runProcess(program, arguments, directory))
        return program + QStringLiteral(" accepted a broken input (") + arguments.join(QLatin1Char(' ')) +
               QStringLiteral("): it cannot be the reference");
    return {};
}

planner::Plan preset(const char *id)
{
    const auto plan = planner::readPlanFile(std::filesystem::path(OWUI_PRESET_DIR) / (std::string(id) + ".json"));
    if (!plan)
        qFatal("%s", plan.error().describe().c_str());
    return *plan;
}

/**
 * @brief Start-up to the first swapped frame, and VmRSS then: each program is started with
 * OWUI_PLANNER_BENCH_FIRST_FRAME=1, prints "first-frame<TAB>RSS_KIB" on its first frameSwapped and quits.
 * The time is from QProcess::start to that line, so loading the libraries counts for both.
 */
int startup(int runs, const QString &program, const QString &reference)
{
    QTemporaryDir home; // no saved settings or autosave of the person running the benchmark
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("OWUI_PLANNER_BENCH_FIRST_FRAME"), QStringLiteral("1"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    struct Sample { double ms = -1; double rssKiB = -1; };
    const auto once = [&](const QString &binary, QString &error) {
        QProcess process;
        process.setProcessEnvironment(environment);
        QElapsedTimer clock;
        clock.start();
        process.start(binary, {});
        Sample sample;
        while (process.waitForReadyRead(60000) || process.canReadLine()) {
            if (!process.canReadLine())
                continue;
            const auto fields = process.readLine().trimmed().split('\t');
            if (fields.size() == 2 && fields[0] == "first-frame") {
                sample = {clock.nsecsElapsed() / 1e6, fields[1].toDouble()};
                break;
            }
        }
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished(5000);
        }
        if (sample.ms < 0)
            error = binary + QStringLiteral(" printed no first-frame line: ") +
                    QString::fromLocal8Bit(process.readAllStandardError()).left(300);
        return sample;
    };
    std::vector<double> programMs, programRss, referenceMs, referenceRss;
    QString error;
    for (int i = 0; i < runs; ++i) {
        const Sample ours = once(program, error);
        const Sample theirs = once(reference, error);
        if (ours.ms < 0 || theirs.ms < 0)
            break;
        programMs.push_back(ours.ms);
        programRss.push_back(ours.rssKiB);
        referenceMs.push_back(theirs.ms);
        referenceRss.push_back(theirs.rssKiB);
    }
    if (!error.isEmpty()) {
        missing("startup.first_frame", error);
        missing("startup.rss", error);
        return 0;
    }
    printFigure("startup.first_frame.program", median(programMs), "ms");
    printFigure("startup.first_frame.reference", median(referenceMs), "ms");
    printFigure("startup.rss.program", median(programRss) / 1024, "MiB");
    printFigure("startup.rss.reference", median(referenceRss) / 1024, "MiB");
    return 0;
}

/** @brief The whole large-scale bundle written to disk, against `docker stack config` reading its stack.yaml. */
int exportBundle(int runs)
{
    const QString docker = QStandardPaths::findExecutable(QStringLiteral("docker"));
    if (docker.isEmpty()) {
        missing("export", QStringLiteral("no docker CLI for docker stack config"));
        return 0;
    }
    QTemporaryDir dir;
    std::ofstream(dir.filePath(QStringLiteral("broken-stack.yaml")).toStdString()) << "services:\n  web: [\n";
    if (const auto refused = referenceControl(docker, {QStringLiteral("stack"), QStringLiteral("config"), QStringLiteral("-c"),
                                                       QStringLiteral("broken-stack.yaml")},
                                              dir.path());
        !refused.isEmpty()) {
        missing("export", refused);
        return 0;
    }
    const planner::Plan plan = preset("large-scale");
    exporters::ExportOptions options;
    options.allowFindings = true; // time the whole bundle, never a refusal
    QString error;
    std::vector<double> ours, theirs;
    for (int i = 0; i < runs && error.isEmpty(); ++i) {
        // A new folder each run, as a first export writes it; the folders go with `dir` after the timings.
        const std::filesystem::path folder = dir.filePath(QStringLiteral("bundle-%1").arg(i)).toStdString();
        ours.push_back(timed([&] {
            const auto written = exporters::exportPlan(plan, options, folder, false);
            if (!written)
                error = QString::fromStdString(written.error().describe());
            return bool(written);
        }));
        theirs.push_back(timed([&] {
            return runProcess(docker, {QStringLiteral("stack"), QStringLiteral("config"), QStringLiteral("-c"), QStringLiteral("stack.yaml")},
                              QString::fromStdString(folder.string()), &error);
        }));
    }
    if (!error.isEmpty()) {
        missing("export", error);
        return 0;
    }
    printFigure("export.program", median(ours), "ms");
    printFigure("export.reference", median(theirs), "ms");
    return 0;
}

/**
 * @brief A real-shaped Compose file: `groups` copies of an Open WebUI deployment (the app with its
 * environment, PostgreSQL, Redis, an nginx front), each service with healthcheck, volumes and depends_on.
 */
std::string generatedCompose(int groups)
{
    std::string text = "services:\n";
    std::string volumes = "volumes:\n";
    for (int g = 0; g < groups; ++g) {
        const std::string n = std::to_string(g);
        text += "  open-webui-" + n + ":\n"
                "    image: ghcr.io/open-webui/open-webui:v0.6.5\n"
                "    restart: unless-stopped\n"
                "    environment:\n"
                "      DATABASE_URL: postgresql://owui:secret@postgres-" + n + ":5432/owui\n"
                "      DATABASE_POOL_SIZE: \"10\"\n"
                "      DATABASE_POOL_MAX_OVERFLOW: \"10\"\n"
                "      REDIS_URL: redis://redis-" + n + ":6379/0\n"
                "      WEBSOCKET_MANAGER: redis\n"
                "      ENABLE_WEBSOCKET_SUPPORT: \"true\"\n"
                "      WEBSOCKET_REDIS_URL: redis://redis-" + n + ":6379/1\n"
                "      UVICORN_WORKERS: \"2\"\n"
                "      WEBUI_SECRET_KEY: change-me-" + n + "\n"
                "      VECTOR_DB: pgvector\n"
                "    volumes:\n"
                "      - owui-data-" + n + ":/app/backend/data\n"
                "    depends_on:\n"
                "      - postgres-" + n + "\n"
                "      - redis-" + n + "\n"
                "    healthcheck:\n"
                "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/health\"]\n"
                "      interval: 30s\n"
                "  postgres-" + n + ":\n"
                "    image: pgvector/pgvector:pg16\n"
                "    command: [\"postgres\", \"-c\", \"max_connections=200\"]\n"
                "    environment:\n"
                "      POSTGRES_USER: owui\n"
                "      POSTGRES_PASSWORD: secret\n"
                "      POSTGRES_DB: owui\n"
                "    volumes:\n"
                "      - pg-data-" + n + ":/var/lib/postgresql/data\n"
                "  redis-" + n + ":\n"
                "    image: redis:7-alpine\n"
                "    command: [\"redis-server\", \"--maxclients\", \"10000\"]\n"
                "  nginx-" + n + ":\n"
                "    image: nginx:1.27-alpine\n"
                "    ports:\n"
                "      - \"" + std::to_string(20000 + g) + ":80\"\n"
                "    depends_on:\n"
                "      - open-webui-" + n + "\n";
        volumes += "  owui-data-" + n + ":\n  pg-data-" + n + ":\n";
    }
    return text + volumes;
}

// The 100x reference runs once, stopped here if it has not finished (then its figure is a lower bound).
constexpr int kAuditReferenceDeadlineMs = 120000;

/** @brief importers::auditFiles against `docker-compose config -q`, on generated files of 1x, 10x and 100x `services`. */
int auditCompose(int runs, int services)
{
    const QString compose = QStandardPaths::findExecutable(QStringLiteral("docker-compose"));
    if (compose.isEmpty()) {
        missing("audit", QStringLiteral("no docker-compose"));
        return 0;
    }
    QTemporaryDir dir;
    std::ofstream(dir.filePath(QStringLiteral("broken-compose.yaml")).toStdString()) << "services:\n  web:\n    image: [\n";
    if (const auto refused = referenceControl(compose, {QStringLiteral("-f"), dir.filePath(QStringLiteral("broken-compose.yaml")),
                                                        QStringLiteral("config"), QStringLiteral("-q")},
                                              dir.path());
        !refused.isEmpty()) {
        missing("audit", refused);
        return 0;
    }
    for (const int scale : {1, 10, 100}) {
        const int groups = std::max(1, services * scale / 4);
        const QString path = dir.filePath(QStringLiteral("compose-%1.yaml").arg(scale));
        std::ofstream(path.toStdString()) << generatedCompose(groups);
        QString error;
        std::vector<double> ours, theirs;
        bool overran = false;
        for (int i = 0; i < runs && error.isEmpty(); ++i) {
            ours.push_back(timed([&] {
                const auto report = importers::auditFiles({path.toStdString()});
                if (!report)
                    error = QString::fromStdString(report.error().describe());
                return bool(report);
            }));
            // docker-compose 1.29 grows faster than the file (2,000 services: ~8 s; 20,000: past 5 minutes), so
            // at 100x it runs once, and a run stopped at the deadline still bounds the ratio from above. It runs
            // after the program's runs: two minutes of its growing heap would otherwise weigh on theirs.
            if (scale == 100 && i != runs - 1)
                continue;
            const int deadline = scale == 100 ? kAuditReferenceDeadlineMs : kDefaultDeadlineMs;
            theirs.push_back(timed([&] {
                return runProcess(compose, {QStringLiteral("-f"), path, QStringLiteral("config"), QStringLiteral("-q")},
                                  dir.path(), &error, deadline, &overran);
            }));
            if (overran)
                theirs.back() = deadline;
        }
        const QByteArray name = "audit.x" + QByteArray::number(scale);
        if (!error.isEmpty()) {
            missing(name.constData(), error);
            continue;
        }
        printFigure((name + ".services").constData(), groups * 4, "count");
        printFigure((name + ".program").constData(), median(ours), "ms");
        printFigure((name + ".reference").constData(), median(theirs), "ms");
        if (overran) // the reference figure is a lower bound: the program was stopped there
            printFigure((name + ".reference_stopped").constData(), 1, "flag");
    }
    return 0;
}

/**
 * @brief A full probe of the machine (no database asked for) over libssh, connection included, against the
 * same exec array joined by remote::commandLine in one `ssh` call of the OpenSSH client; same loopback sshd.
 */
int probeOverSsh(int runs)
{
    LoopbackSshd sshd;
    if (!sshd.start()) {
        missing("probe", sshd.error());
        return 0;
    }
    remote::ConnectOptions options;
    options.endpoint = {sshd.user().toStdString(), "127.0.0.1", sshd.port()};
    options.identity = sshd.userKey().toStdString();
    options.knownHosts = sshd.knownHostsFile().toStdString();
    const remote::ProbeRequest request;
    const auto command = remote::probeCommand(request);
    if (!command) {
        missing("probe", QString::fromStdString(command.error().describe()));
        return 0;
    }
    const QStringList sshArguments{QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), QStringLiteral("-n"),
                                   QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=") + sshd.knownHostsFile(),
                                   QStringLiteral("-i"), sshd.userKey(), QStringLiteral("-p"), QString::number(sshd.port()),
                                   sshd.user() + QStringLiteral("@127.0.0.1"),
                                   QString::fromStdString(remote::commandLine(command->argv))};
    // The control: the same call with a key the server does not accept must fail.
    QStringList refusedArguments = sshArguments;
    refusedArguments[refusedArguments.indexOf(sshd.userKey())] = sshd.unauthorizedKey();
    if (const auto refused = referenceControl(QStringLiteral("ssh"), refusedArguments, QDir::tempPath()); !refused.isEmpty()) {
        missing("probe", refused);
        return 0;
    }
    QString error;
    std::vector<double> ours, theirs;
    for (int i = 0; i < runs && error.isEmpty(); ++i) {
        ours.push_back(timed([&] {
            auto session = remote::Session::connect(options);
            if (!session) {
                error = QString::fromStdString(session.error().describe());
                return false;
            }
            const auto report = remote::probe(*session, request);
            if (!report)
                error = QString::fromStdString(report.error().describe());
            return bool(report);
        }));
        theirs.push_back(timed([&] { return runProcess(QStringLiteral("ssh"), sshArguments, QDir::tempPath(), &error); }));
    }
    if (!error.isEmpty()) {
        missing("probe", error);
        return 0;
    }
    printFigure("probe.program", median(ours), "ms");
    printFigure("probe.reference", median(theirs), "ms");
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const QString subject = arguments.value(1);
    const int runs = std::max(1, arguments.value(2, QStringLiteral("5")).toInt());
    if (subject == QLatin1String("startup") && arguments.size() == 5)
        return startup(runs, arguments[3], arguments[4]);
    if (subject == QLatin1String("export"))
        return exportBundle(runs);
    if (subject == QLatin1String("audit"))
        return auditCompose(runs, std::max(4, arguments.value(3, QStringLiteral("400")).toInt()));
    if (subject == QLatin1String("probe"))
        return probeOverSsh(runs);
    std::fprintf(stderr, "usage: bench_side_by_side startup|export|audit|probe RUNS [...]\n");
    return 2;
}
