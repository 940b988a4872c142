// SPDX-License-Identifier: MIT
// Delivery of a bundle: the local listing within bounds, the deploy command through a real sh, the dry run, and
// the upload itself against a real OpenSSH sshd on loopback (tests/common/loopbacksshd.h).
#include "../common/loopbacksshd.h"

#include "remote/deliver.h"
#include "remote/shell.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace remote;
using loopback::LoopbackSshd;

namespace {

void writeFile(const fs::path &path, const std::string &content, fs::perms perms = fs::perms::owner_read | fs::perms::owner_write |
                                                                                     fs::perms::group_read | fs::perms::others_read)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    fs::permissions(path, perms);
}

std::string readText(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/** @brief A small bundle as the exporter writes it: .env 0600, a script 0755, a subfolder. */
fs::path sampleBundle(const fs::path &root)
{
    const fs::path bundle = root / "bundle";
    writeFile(bundle / "compose.yaml", "services: {}\n");
    writeFile(bundle / ".env", "WEBUI_SECRET_KEY=abc\n", fs::perms::owner_read | fs::perms::owner_write);
    writeFile(bundle / "helm/values.yaml", "replicaCount: 1\n");
    writeFile(bundle / "deploy/compose.sh", "#!/bin/sh\nset -eu\npwd > ran-here.txt\necho deployed-from-script\necho to-stderr >&2\n",
              fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    for (const fs::path &folder : {bundle, bundle / "helm", bundle / "deploy"})
        fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                                    fs::perms::others_exec);
    return bundle;
}

const BundleEntry *entryAt(const LocalBundle &bundle, const std::string &path)
{
    for (const auto &entry : bundle.entries)
        if (entry.path == path)
            return &entry;
    return nullptr;
}

/** @brief Every name in a folder, hidden ones included: a delivery must leave nothing beside its target. */
std::set<std::string> namesIn(const fs::path &folder)
{
    std::set<std::string> names;
    for (const auto &entry : fs::directory_iterator(folder))
        names.insert(entry.path().filename().string());
    return names;
}

/** @brief Every file below `folder` with its bytes and mode, by relative path. */
std::map<std::string, std::pair<std::string, unsigned>> filesBelow(const fs::path &folder)
{
    std::map<std::string, std::pair<std::string, unsigned>> files;
    for (const auto &entry : fs::recursive_directory_iterator(folder)) {
        struct stat info {};
        ::lstat(entry.path().c_str(), &info);
        if (S_ISREG(info.st_mode))
            files[fs::relative(entry.path(), folder).string()] = {readText(entry.path()), unsigned(info.st_mode & 0777)};
    }
    return files;
}

} // namespace

class tst_deliver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scanListsFoldersBeforeTheirFilesWithModes();
    void scanRefusesWhatIsNotAFileOrFolder_data();
    void scanRefusesWhatIsNotAFileOrFolder();
    void scanIsBounded_data();
    void scanIsBounded();
    void deployTargetNames();
    void deployCommandRunsTheScriptInHostileFolders_data();
    void deployCommandRunsTheScriptInHostileFolders();
    void dryRunNamesEveryFileAndCommand();

    // Over SSH, against the loopback sshd.
    void initTestCase();
    void deliversEveryFileWithItsBytesAndMode();
    void refusesAMissingParentFolder();
    void existingTargetRefusedWithoutForce();
    void forceReplacesTheTargetWhole();
    void serverDyingMidUploadLeavesNoTarget();
    void cancelMidUploadLeavesNothing();
    void hostileTargetPathsAreLiteral_data();
    void hostileTargetPathsAreLiteral();

private:
    [[nodiscard]] ConnectOptions connectOptions() const;
    Session connect();
    Result<DeliverReport> deliverTo(const fs::path &target, bool force, std::function<void(const DeliverProgress &)> onProgress = {},
                                    std::stop_token stop = {});

    LoopbackSshd m_sshd;
    QTemporaryDir m_scratch;
    LocalBundle m_bundle;
    std::map<std::string, std::pair<std::string, unsigned>> m_bundleFiles;
    int m_round = 0;
};

void tst_deliver::scanListsFoldersBeforeTheirFilesWithModes()
{
    QTemporaryDir tmp;
    const fs::path bundle = sampleBundle(tmp.path().toStdString());
    fs::permissions(bundle / ".env", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
    const auto scanned = scanBundle(bundle);
    QVERIFY2(scanned.has_value(), scanned ? "" : scanned.error().describe().c_str());
    QCOMPARE(scanned->root, bundle);
    std::vector<std::string> paths;
    for (const auto &entry : scanned->entries)
        paths.push_back(entry.path);
    QCOMPARE(paths, (std::vector<std::string>{".env", "compose.yaml", "deploy", "deploy/compose.sh", "helm", "helm/values.yaml"}));
    // A copy that widened .env (0644 here) still sends it 0600; the others keep their own modes.
    QCOMPARE(entryAt(*scanned, ".env")->mode, 0600u);
    QCOMPARE(entryAt(*scanned, "deploy/compose.sh")->mode, 0755u);
    QCOMPARE(entryAt(*scanned, "compose.yaml")->mode, 0644u);
    QVERIFY(entryAt(*scanned, "helm")->directory);
    QCOMPARE(entryAt(*scanned, "helm/values.yaml")->size, std::uint64_t(16));
    QCOMPARE(scanned->totalBytes, std::uint64_t(fs::file_size(bundle / ".env") + fs::file_size(bundle / "compose.yaml") +
                                                fs::file_size(bundle / "helm/values.yaml") +
                                                fs::file_size(bundle / "deploy/compose.sh")));
}

void tst_deliver::scanRefusesWhatIsNotAFileOrFolder_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("symbolic link") << u"symlink"_qs << u"symbolic link"_qs;
    QTest::newRow("FIFO") << u"fifo"_qs << u"FIFO"_qs;
    QTest::newRow("socket") << u"socket"_qs << u"socket"_qs;
    QTest::newRow("control character in a name") << u"control"_qs << u"control character"_qs;
    QTest::newRow("missing folder") << u"missing"_qs << u"not a folder"_qs;
}

void tst_deliver::scanRefusesWhatIsNotAFileOrFolder()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QTemporaryDir tmp;
    fs::path bundle = sampleBundle(tmp.path().toStdString());
    std::string named;
    if (kind == u"symlink"_qs) {
        fs::create_symlink("/etc/passwd", bundle / "helm/passwd");
        named = (bundle / "helm/passwd").string();
    } else if (kind == u"fifo"_qs) {
        QCOMPARE(::mkfifo((bundle / "pipe").c_str(), 0600), 0);
        named = (bundle / "pipe").string();
    } else if (kind == u"socket"_qs) {
        // A listening socket file, made by the real tool that makes them.
        QCOMPARE(QProcess::execute(u"python3"_qs, {u"-c"_qs, u"import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])"_qs,
                                                  QString::fromStdString((bundle / "sock").string())}),
                 0);
        named = (bundle / "sock").string();
    } else if (kind == u"control"_qs) {
        writeFile(bundle / "deploy/evil\nname", "x");
        named = (bundle / "deploy").string();
    } else {
        bundle = bundle / "absent";
        named = bundle.string();
    }
    // The control: before the odd entry (or for the missing folder, a real one) the scan succeeds.
    const auto result = scanBundle(bundle);
    QVERIFY(!result.has_value());
    QVERIFY2(result.error().kind == FailureKind::Usage, result.error().describe().c_str());
    QVERIFY2(QString::fromStdString(result.error().message).contains(expected), result.error().message.c_str());
    QVERIFY2(result.error().message.find(named) != std::string::npos, result.error().message.c_str());
    QVERIFY(scanBundle(sampleBundle(fs::path(tmp.path().toStdString()) / "control")).has_value());
}

void tst_deliver::scanIsBounded_data()
{
    QTest::addColumn<QString>("limit");
    QTest::addColumn<bool>("overLimit");
    QTest::newRow("10,000 entries") << u"entries"_qs << false;
    QTest::newRow("10,001 entries") << u"entries"_qs << true;
    QTest::newRow("depth 16") << u"depth"_qs << false;
    QTest::newRow("depth 17") << u"depth"_qs << true;
    QTest::newRow("1 GiB") << u"bytes"_qs << false;
    QTest::newRow("1 GiB + 1 byte") << u"bytes"_qs << true;
}

void tst_deliver::scanIsBounded()
{
    QFETCH(QString, limit);
    QFETCH(bool, overLimit);
    QTemporaryDir tmp;
    const fs::path bundle = fs::path(tmp.path().toStdString()) / "bundle";
    fs::create_directories(bundle);
    if (limit == u"entries"_qs) {
        const int count = overLimit ? 10'001 : 10'000;
        for (int i = 0; i < count; ++i)
            std::ofstream(bundle / ("f" + std::to_string(i)));
    } else if (limit == u"depth"_qs) {
        fs::path folder = bundle;
        for (int level = 1; level <= (overLimit ? 17 : 16); ++level)
            folder /= "d";
        fs::create_directories(folder);
    } else {
        // Sparse: the size the scan counts, without the disk.
        std::ofstream(bundle / "big");
        fs::resize_file(bundle / "big", (std::uintmax_t(1) << 30) + (overLimit ? 1 : 0));
    }
    const auto result = scanBundle(bundle);
    QCOMPARE(result.has_value(), !overLimit);
    if (overLimit) {
        QVERIFY2(result.error().kind == FailureKind::Usage, result.error().describe().c_str());
        QVERIFY2(result.error().message.find(bundle.string()) != std::string::npos, result.error().message.c_str());
    }
}

void tst_deliver::deployTargetNames()
{
    for (const auto target : {DeployTarget::Compose, DeployTarget::Swarm, DeployTarget::Helm})
        QCOMPARE(deployTargetFromString(toString(target)), std::optional(target));
    QCOMPARE(toString(DeployTarget::Helm), std::string_view("helm"));
    QVERIFY(!deployTargetFromString("compose.sh"));
    QVERIFY(!deployTargetFromString("../x"));
}

void tst_deliver::deployCommandRunsTheScriptInHostileFolders_data()
{
    QTest::addColumn<QString>("folder");
    QTest::newRow("plain") << u"bundle"_qs;
    QTest::newRow("quote and space") << u"it's a bundle"_qs;
    QTest::newRow("double quotes") << u"say \"hi\""_qs;
    QTest::newRow("semicolon") << u"a;touch INJECTED;b"_qs;
    QTest::newRow("command substitution") << u"$(touch INJECTED)"_qs;
    QTest::newRow("backticks") << u"`touch INJECTED`"_qs;
    QTest::newRow("leading dash") << u"-n"_qs;
}

// The command as an SSH server runs it: the login shell parses commandLine(argv). It changes into the folder named
// literally, runs the script there, and nothing in the name runs.
void tst_deliver::deployCommandRunsTheScriptInHostileFolders()
{
    QFETCH(QString, folder);
    QTemporaryDir tmp;
    const fs::path home(tmp.path().toStdString());
    const fs::path bundle = home / folder.toStdString();
    fs::rename(sampleBundle(home), bundle);
    const auto argv = deployCommand(folder.toStdString(), DeployTarget::Compose);
    QCOMPARE(argv.front(), std::string("sh"));
    QVERIFY(std::find(argv.begin(), argv.end(), folder.toStdString()) != argv.end());
    QVERIFY(argv.at(2).find(folder.toStdString()) == std::string::npos); // the script is fixed text

    QProcess shell;
    shell.setWorkingDirectory(tmp.path());
    shell.start(u"/bin/sh"_qs, {u"-c"_qs, QString::fromStdString(commandLine(argv))});
    QVERIFY(shell.waitForFinished(10'000));
    QCOMPARE(shell.exitCode(), 0);
    QCOMPARE(shell.readAllStandardOutput(), QByteArray("deployed-from-script\n"));
    QCOMPARE(readText(bundle / "ran-here.txt"), fs::canonical(bundle).string() + "\n");
    QVERIFY(!fs::exists(home / "INJECTED"));
    QVERIFY(!fs::exists(bundle / "INJECTED"));
    if (folder.contains(u"INJECTED"_qs)) {
        // The control: the same name pasted into a command line unquoted does run its command.
        QProcess naive;
        naive.setWorkingDirectory(tmp.path());
        naive.start(u"/bin/sh"_qs, {u"-c"_qs, u"cd -- "_qs + folder + u" 2>/dev/null; true"_qs});
        QVERIFY(naive.waitForFinished(10'000));
        QVERIFY(fs::exists(home / "INJECTED"));
    }
}

void tst_deliver::dryRunNamesEveryFileAndCommand()
{
    QTemporaryDir tmp;
    const auto bundle = scanBundle(sampleBundle(tmp.path().toStdString()));
    QVERIFY(bundle.has_value());
    const auto target = parseRemoteDirectory("deploy@host.example:2222:/srv/it's owui");
    QVERIFY(target.has_value());
    const auto lines = describeDelivery(*bundle, *target, true, DeployTarget::Compose);
    std::string text;
    for (const auto &line : lines)
        text += line + "\n";
    for (const char *expected : {"connect to deploy@host.example:2222", "file   .env (mode 0600, 21 bytes)",
                                 "file   deploy/compose.sh (mode 0755,", "file   compose.yaml (mode 0644, 13 bytes)",
                                 "folder helm/ (mode 0755)", "'/srv/.it'\\''s owui.owui-upload-", "replaced whole",
                                 "'/srv/.it'\\''s owui.owui-old-", "rename ", "4 files,"})
        QVERIFY2(text.find(expected) != std::string::npos, (std::string(expected) + "\n---\n" + text).c_str());
    QVERIFY(text.find(commandLine(deployCommand("/srv/it's owui", DeployTarget::Compose))) != std::string::npos);
    const auto plain = describeDelivery(*bundle, *target, false, std::nullopt);
    std::string plainText;
    for (const auto &line : plain)
        plainText += line + "\n";
    QVERIFY(plainText.find("refuse if") != std::string::npos);
    QVERIFY(plainText.find("run ") == std::string::npos);
    QVERIFY(plainText.find("owui-old") == std::string::npos);
}

void tst_deliver::initTestCase()
{
    ::umask(022); // sshd and its SFTP inherit it; the modes below are the bundle's, not a umask's
    QVERIFY2(m_sshd.start(), qPrintable(m_sshd.error()));
    QVERIFY(m_scratch.isValid());
    const fs::path bundle = sampleBundle(fs::path(m_scratch.path().toStdString()) / "local");
    // Over 32 KiB, so one file takes several writes (and progress calls) before the next.
    writeFile(bundle / "helm/big.yaml", std::string(100'000, 'x') + "\n");
    auto scanned = scanBundle(bundle);
    QVERIFY(scanned.has_value());
    m_bundle = std::move(*scanned);
    m_bundleFiles = filesBelow(bundle);
    QCOMPARE(m_bundleFiles.size(), std::size_t(5));
}

ConnectOptions tst_deliver::connectOptions() const
{
    ConnectOptions options;
    options.endpoint = {m_sshd.user().toStdString(), m_sshd.host().toStdString(), m_sshd.port()};
    options.identity = m_sshd.userKey().toStdString();
    options.knownHosts = m_sshd.knownHostsFile().toStdString();
    return options;
}

Session tst_deliver::connect()
{
    auto session = Session::connect(connectOptions());
    if (!session)
        qFatal("connect: %s", session.error().describe().c_str());
    return std::move(*session);
}

Result<DeliverReport> tst_deliver::deliverTo(const fs::path &target, bool force, std::function<void(const DeliverProgress &)> onProgress,
                                             std::stop_token stop)
{
    auto session = connect();
    DeliverOptions options;
    options.targetDirectory = target.string();
    options.force = force;
    options.onProgress = std::move(onProgress);
    return deliver(session, m_bundle, options, std::move(stop));
}

void tst_deliver::deliversEveryFileWithItsBytesAndMode()
{
    const fs::path parent = fs::path(m_scratch.path().toStdString()) / ("srv" + std::to_string(++m_round));
    fs::create_directories(parent);
    std::vector<DeliverProgress> seen;
    const auto report = deliverTo(parent / "owui", false, [&seen](const DeliverProgress &p) { seen.push_back(p); });
    QVERIFY2(report.has_value(), report ? "" : report.error().describe().c_str());
    QCOMPARE(report->files, 5);
    QCOMPARE(report->bytes, m_bundle.totalBytes);
    QVERIFY(!report->replaced);
    QCOMPARE(filesBelow(parent / "owui"), m_bundleFiles); // bytes and modes: .env 0600, the script 0755
    QCOMPARE(filesBelow(parent / "owui").at(".env").second, 0600u);
    QCOMPARE(namesIn(parent), std::set<std::string>{"owui"});
    QVERIFY(seen.size() > 5); // the 100 kB file reported part by part
    QCOMPARE(seen.back().filesDone, 5);
    QCOMPARE(seen.back().bytesDone, m_bundle.totalBytes);
}

void tst_deliver::refusesAMissingParentFolder()
{
    const fs::path parent = fs::path(m_scratch.path().toStdString()) / "absent";
    const auto report = deliverTo(parent / "owui", false);
    QVERIFY(!report.has_value());
    QVERIFY2(report.error().kind == FailureKind::Usage, report.error().describe().c_str());
    QVERIFY2(report.error().message.find(parent.string() + ": no such folder") != std::string::npos, report.error().message.c_str());
    QVERIFY(!fs::exists(parent));
}

void tst_deliver::existingTargetRefusedWithoutForce()
{
    const fs::path parent = fs::path(m_scratch.path().toStdString()) / ("srv" + std::to_string(++m_round));
    writeFile(parent / "owui/mine.txt", "operator's notes\n");
    const auto report = deliverTo(parent / "owui", false);
    QVERIFY(!report.has_value());
    QVERIFY2(report.error().kind == FailureKind::TargetExists, report.error().describe().c_str());
    QVERIFY(report.error().message.find("--force") != std::string::npos);
    QCOMPARE(namesIn(parent / "owui"), std::set<std::string>{"mine.txt"});
    QCOMPARE(readText(parent / "owui/mine.txt"), std::string("operator's notes\n"));
    QCOMPARE(namesIn(parent), std::set<std::string>{"owui"});
}

void tst_deliver::forceReplacesTheTargetWhole()
{
    const fs::path parent = fs::path(m_scratch.path().toStdString()) / ("srv" + std::to_string(++m_round));
    writeFile(parent / "owui/old-only.txt", "from the last bundle\n");
    writeFile(parent / "owui/helm/old-manifest.yaml", "kind: Old\n");
    const auto report = deliverTo(parent / "owui", true);
    QVERIFY2(report.has_value(), report ? "" : report.error().describe().c_str());
    QVERIFY(report->replaced);
    QCOMPARE(filesBelow(parent / "owui"), m_bundleFiles); // no old file survives
    QCOMPARE(namesIn(parent), std::set<std::string>{"owui"});
}

// The server dies after the first file (killSessions kills the per-connection sshd, so SFTP goes with it): the target
// is never created; the upload folder stays behind until a new connection removes it (cleanUpAfterLostConnection, or
// the next delivery).
void tst_deliver::serverDyingMidUploadLeavesNoTarget()
{
    const fs::path parent = fs::path(m_scratch.path().toStdString()) / ("srv" + std::to_string(++m_round));
    fs::create_directories(parent);
    int killed = 0;
    const auto report = deliverTo(parent / "owui", false, [&](const DeliverProgress &p) {
        if (p.filesDone == 1 && killed == 0)
            killed = m_sshd.killSessions();
    });
    QVERIFY(killed > 0);
    QVERIFY(!report.has_value());
    QVERIFY2(report.error().kind == FailureKind::Protocol || report.error().kind == FailureKind::Transfer,
             report.error().describe().c_str());
    QVERIFY(!fs::exists(parent / "owui"));
    const auto left = namesIn(parent);
    QCOMPARE(left.size(), std::size_t(1));
    QVERIFY2(left.begin()->rfind(".owui.owui-upload-", 0) == 0, left.begin()->c_str());
    QVERIFY(filesBelow(parent / *left.begin()).size() < m_bundleFiles.size()); // a half bundle, never at the target

    // The front ends then connect again and remove it: nothing is left beside the target.
    const auto cleaned = remote::cleanUpAfterLostConnection(report.error(), connectOptions(), (parent / "owui").string());
    QVERIFY2(cleaned.message.find("partial upload beside it was removed") != std::string::npos, cleaned.message.c_str());
    QCOMPARE(namesIn(parent), std::set<std::string>{});
    // A failure that is not a lost connection is left as it is (deliver cleaned up on the live connection).
    remote::Failure refused{FailureKind::TargetExists, "x: exists", {}, -1};
    QCOMPARE(remote::cleanUpAfterLostConnection(refused, connectOptions(), (parent / "owui").string()).message, std::string("x: exists"));

    const auto next = deliverTo(parent / "owui", false);
    QVERIFY2(next.has_value(), next ? "" : next.error().describe().c_str());
    QCOMPARE(namesIn(parent), std::set<std::string>{"owui"});
    QCOMPARE(filesBelow(parent / "owui"), m_bundleFiles);
}

void tst_deliver::cancelMidUploadLeavesNothing()
{
    const fs::path parent = fs::path(m_scratch.path().toStdString()) / ("srv" + std::to_string(++m_round));
    writeFile(parent / "owui/mine.txt", "kept\n");
    std::stop_source stop;
    int progressCalls = 0;
    const auto report = deliverTo(
        parent / "owui", true,
        [&](const DeliverProgress &p) {
            ++progressCalls;
            if (p.filesDone == 1)
                stop.request_stop();
        },
        stop.get_token());
    QVERIFY(!report.has_value());
    QVERIFY2(report.error().kind == FailureKind::Cancelled, report.error().describe().c_str());
    QCOMPARE(progressCalls, 1); // nothing was written after the stop
    QCOMPARE(namesIn(parent), std::set<std::string>{"owui"});
    QCOMPARE(namesIn(parent / "owui"), std::set<std::string>{"mine.txt"}); // the old target, untouched

    const auto next = deliverTo(parent / "owui", true);
    QVERIFY2(next.has_value(), next ? "" : next.error().describe().c_str());
    QCOMPARE(namesIn(parent), std::set<std::string>{"owui"});
    QCOMPARE(filesBelow(parent / "owui"), m_bundleFiles);
}

void tst_deliver::hostileTargetPathsAreLiteral_data()
{
    deployCommandRunsTheScriptInHostileFolders_data();
    QTest::newRow("leading space") << u" lead space"_qs;
}

// The folder is created by the name given, and --run's command runs the script in it, its output streamed; nothing
// in the name runs, on the way in or on the way out.
void tst_deliver::hostileTargetPathsAreLiteral()
{
    QFETCH(QString, folder);
    const fs::path parent = fs::path(m_scratch.path().toStdString()) / ("srv" + std::to_string(++m_round));
    fs::create_directories(parent);
    const fs::path target = parent / folder.toStdString();
    auto session = connect();
    DeliverOptions options;
    options.targetDirectory = target.string();
    const auto report = deliver(session, m_bundle, options);
    QVERIFY2(report.has_value(), report ? "" : report.error().describe().c_str());
    QCOMPARE(namesIn(parent), std::set<std::string>{folder.toStdString()});
    QCOMPARE(filesBelow(target), m_bundleFiles);

    std::string streamedOut, streamedErr;
    RunOptions run;
    run.timeout = std::chrono::seconds(30);
    run.onOutput = [&](std::string_view chunk, bool isStderr) { (isStderr ? streamedErr : streamedOut) += chunk; };
    const auto result = session.run(deployCommand(target.string(), DeployTarget::Compose), run);
    QVERIFY2(result.has_value(), result ? "" : result.error().describe().c_str());
    QCOMPARE(result->exitStatus, 0);
    QCOMPARE(streamedOut, std::string("deployed-from-script\n"));
    QCOMPARE(streamedErr, std::string("to-stderr\n"));
    QCOMPARE(readText(target / "ran-here.txt"), fs::canonical(target).string() + "\n");
    QCOMPARE(namesIn(parent), std::set<std::string>{folder.toStdString()});
    QVERIFY(!fs::exists(target / "INJECTED"));
    QVERIFY(!fs::exists(fs::path(QDir::homePath().toStdString()) / "INJECTED"));
}

QTEST_GUILESS_MAIN(tst_deliver)
#include "tst_deliver.moc"
