// SPDX-License-Identifier: MIT
#include "clideliver.h"

#include "cliconnect.h"

#include "cli.h"
#include "qtext.h"
#include "remote/deliver.h"
#include "remote/shell.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace owui::cli {
namespace {

const QString kCommand = QStringLiteral("deliver");

void say(FILE *stream, const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stream);
    std::fflush(stream);
}

int usage(const QString &message)
{
    say(stderr, QStringLiteral("owui-planner deliver: ") + message);
    say(stderr, QStringLiteral("Try 'owui-planner deliver --help'."));
    return ExitUsage;
}

/** @brief A remote failure: its kind and reason; Usage is exit 2, every other kind exit 3. */
int failed(const remote::Failure &failure)
{
    say(stderr, QStringLiteral("owui-planner deliver: ") + qtext(failure.describe()));
    return failure.kind == remote::FailureKind::Usage ? ExitUsage : ExitIo;
}

QString modeText(std::uint32_t mode)
{
    return QStringLiteral("%1").arg(mode, 4, 8, QLatin1Char('0'));
}

} // namespace

void declareDeliver(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("BUNDLE_DIR"), QStringLiteral("The exported bundle folder."));
    p.addPositionalArgument(QStringLiteral("[user@]host[:port]:DIR"),
                            QStringLiteral("The folder to create on the host (absolute, or relative to the login folder)."));
    p.addOptions(connectionOptions());
    p.addOptions({
        {QStringLiteral("force"), QStringLiteral("Replace an existing DIR whole.")},
        {QStringLiteral("run"), QStringLiteral("Then run the bundle's deploy/TARGET.sh in DIR: compose, swarm or helm."),
         QStringLiteral("TARGET")},
        {QStringLiteral("yes"), QStringLiteral("Run without asking (for scripts); without a terminal --run needs it.")},
        {QStringLiteral("dry-run"), QStringLiteral("Print every file and command; connect to nothing.")},
    });
}

int runDeliver(QCommandLineParser &p)
{
    const QStringList args = p.positionalArguments();
    if (args.size() != 2)
        return usage(args.size() < 2 ? QStringLiteral("name the bundle folder and [user@]host[:port]:DIR")
                                     : QStringLiteral("unexpected argument '%1'").arg(args.at(2)));
    auto target = remote::parseRemoteDirectory(args.at(1).toStdString());
    if (!target)
        return failed(target.error());
    std::optional<remote::DeployTarget> run;
    if (p.isSet(QStringLiteral("run"))) {
        run = remote::deployTargetFromString(p.value(QStringLiteral("run")).toStdString());
        if (!run)
            return usage(QStringLiteral("--run: '%1' is not one of compose, swarm, helm").arg(p.value(QStringLiteral("run"))));
    }
    auto connect = connectOptionsFrom(p, target->endpoint);
    if (!connect)
        return failed(connect.error());

    const auto bundle = remote::scanBundle(args.at(0).toStdString());
    if (!bundle)
        return failed(bundle.error());
    if (run) {
        const std::string script = "deploy/" + std::string(remote::toString(*run)) + ".sh";
        const bool present = std::any_of(bundle->entries.begin(), bundle->entries.end(),
                                         [&script](const remote::BundleEntry &e) { return !e.directory && e.path == script; });
        if (!present)
            return usage(QStringLiteral("--run %1: the bundle has no %2 (export it with that target)")
                             .arg(qtext(remote::toString(*run)), qtext(script)));
    }
    const bool force = p.isSet(QStringLiteral("force"));
    if (p.isSet(QStringLiteral("dry-run"))) {
        for (const auto &line : remote::describeDelivery(*bundle, *target, force, run))
            say(stdout, qtext(line));
        say(stdout, QStringLiteral("Dry run: nothing was connected to or changed."));
        return ExitOk;
    }

    // Asked before anything touches the host, so a "no" leaves it as it was.
    if (run && !p.isSet(QStringLiteral("yes"))) {
        const QString command = qtext(remote::commandLine(remote::deployCommand(target->directory, *run)));
        if (!interactive())
            return usage(QStringLiteral("--run needs a confirmation: run it from a terminal, or add --yes. It would run: ") + command);
        if (!askYes(QStringLiteral("After the delivery, run on %1:\n  %2\n?").arg(qtext(target->endpoint.display()), command))) {
            say(stderr, QStringLiteral("owui-planner deliver: not confirmed; nothing was delivered or run."));
            return ExitUsage;
        }
    }

    auto session = remote::Session::connect(*connect);
    if (!session)
        return failed(session.error());

    remote::DeliverOptions options;
    options.targetDirectory = target->directory;
    options.force = force;
    int lastFile = 0;
    options.onProgress = [&lastFile](const remote::DeliverProgress &progress) {
        if (progress.filesDone == lastFile)
            return;
        lastFile = progress.filesDone;
        say(stderr, QStringLiteral("  [%1/%2] %3").arg(progress.filesDone).arg(progress.filesTotal).arg(qtext(progress.file)));
    };
    const auto report = remote::deliver(*session, *bundle, options);
    if (!report)
        return failed(remote::cleanUpAfterLostConnection(report.error(), *connect, target->directory));
    say(stdout, QStringLiteral("Delivered %1 files (%2 bytes) to %3:%4%5")
                    .arg(report->files)
                    .arg(report->bytes)
                    .arg(qtext(target->endpoint.display()), qtext(target->directory),
                         report->replaced ? QStringLiteral(", replacing the folder that was there") : QString()));
    for (const auto &entry : bundle->entries)
        if (!entry.directory && entry.mode != 0644)
            say(stdout, QStringLiteral("  %1 (mode %2)").arg(qtext(entry.path), modeText(entry.mode)));
    if (!run)
        return ExitOk;

    say(stderr, QStringLiteral("Running: ") + qtext(remote::commandLine(remote::deployCommand(target->directory, *run))));
    remote::RunOptions runOptions;
    runOptions.timeout = std::chrono::minutes(30); // a Helm deploy waits up to 15 minutes for its migration alone
    runOptions.onOutput = [](std::string_view chunk, bool isStderr) {
        FILE *stream = isStderr ? stderr : stdout;
        std::fwrite(chunk.data(), 1, chunk.size(), stream);
        std::fflush(stream);
    };
    const auto result = session->run(remote::deployCommand(target->directory, *run), runOptions);
    if (!result)
        return failed(result.error());
    if (result->exitStatus != 0) {
        say(stderr, QStringLiteral("owui-planner deliver: deploy/%1.sh failed on the host (exit status %2); the bundle is delivered.")
                        .arg(qtext(remote::toString(*run)))
                        .arg(result->exitStatus));
        return ExitFindings;
    }
    return ExitOk;
}

} // namespace owui::cli
