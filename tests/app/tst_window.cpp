// SPDX-License-Identifier: MIT
// The desktop window starts offscreen, draws a non-blank first page and prints no QML warning.
#include <QCryptographicHash>
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class tst_window : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rendersFirstPage_data();
    void rendersFirstPage();
    void themeChangesTheColours();
    void commandLineSetsThisRunsView();
    void badWindowOptionsAreUsageErrors_data();
    void badWindowOptionsAreUsageErrors();
    void unopenablePlanIsAMessageNotAWindow_data();
    void unopenablePlanIsAMessageNotAWindow();
    void noDisplayIsAMessageNotAnAbort();
};

void tst_window::rendersFirstPage_data()
{
    QTest::addColumn<QStringList>("planArguments");
    QTest::newRow("default single-user plan") << QStringList{};
    QTest::newRow("a preset file") << QStringList{QStringLiteral(OWUI_PRESET_DIR "/large-scale.json")};
    // Every page, on a plan that raises findings, so lists, charts and fix buttons all have content.
    const QString demo = QStringLiteral(OWUI_PRESET_DIR "/high-availability.json");
    for (const char *page : {"start", "import", "defaults", "postgresql", "redis", "instances", "vectordb", "storage",
                             "observability", "review", "budget", "matrix", "topology", "export", "remote", "training"})
        QTest::newRow((std::string("page ") + page).c_str()) << QStringList{demo, QStringLiteral("--page=") + QLatin1String(page)};
}

void tst_window::rendersFirstPage()
{
    QFETCH(QStringList, planArguments);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("window.png"));
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(OWUI_PLANNER_BINARY), QStringList{QStringLiteral("--screenshot"), png} + planArguments);
    QVERIFY(process.waitForFinished(60000));
    const QString errors = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    // Any QML warning (binding errors, missing modules, type errors) names a .qml file.
    QVERIFY2(!errors.contains(QStringLiteral(".qml")), qPrintable(errors));

    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 640 && image.height() >= 480);
    // Not blank: the page has text and frames, so many distinct colours.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 8, qPrintable(QStringLiteral("only %1 colours").arg(colours.size())));

    // Each page really is another page: it must not draw what the start page draws.
    static QByteArray startPage;
    const QByteArray digest = QCryptographicHash::hash(
        QByteArrayView(reinterpret_cast<const char *>(image.constBits()), image.sizeInBytes()), QCryptographicHash::Sha256);
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    if (tag == QLatin1String("page start"))
        startPage = digest;
    else if (tag.startsWith(QLatin1String("page ")))
        QVERIFY2(!startPage.isEmpty() && digest != startPage, qPrintable(tag + QStringLiteral(" looks like the start page")));
}

namespace {

/** @brief The mean grey level of a picture, sampled every 8 pixels: 0 black, 1 white. */
double luminance(const QImage &image)
{
    double sum = 0;
    int samples = 0;
    for (int y = 0; y < image.height(); y += 8)
        for (int x = 0; x < image.width(); x += 8, ++samples)
            sum += qGray(image.pixel(x, y)) / 255.0;
    return samples ? sum / samples : -1;
}

/** @brief Mean luminance of a page drawn with the given theme (set in a fresh settings folder). */
double meanLuminance(const QString &theme)
{
    QTemporaryDir config;
    QDir(config.path()).mkpath(QStringLiteral("owui-planner"));
    QFile ini(config.filePath(QStringLiteral("owui-planner/owui-planner.conf")));
    if (!ini.open(QIODevice::WriteOnly))
        return -1;
    ini.write("[view]\ntheme=" + theme.toUtf8() + "\n");
    ini.close();
    const QString png = config.filePath(QStringLiteral("shot.png"));
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(OWUI_PLANNER_BINARY),
                  {QStringLiteral("--screenshot"), png, QStringLiteral(OWUI_PRESET_DIR "/high-availability.json"),
                   QStringLiteral("--page=postgresql")});
    if (!process.waitForFinished(60000) || process.exitCode() != 0 ||
        QString::fromUtf8(process.readAllStandardError()).contains(QStringLiteral(".qml")))
        return -1;
    return luminance(QImage(png));
}

} // namespace

void tst_window::themeChangesTheColours()
{
    const double light = meanLuminance(QStringLiteral("light"));
    const double dark = meanLuminance(QStringLiteral("dark"));
    QVERIFY2(light > 0.7, qPrintable(QString::number(light)));
    QVERIFY2(dark >= 0 && dark < 0.3, qPrintable(QString::number(dark)));
}

namespace {

struct Shot
{
    int exitCode = -1;
    QString errors;
    QImage image;
};

/** @brief Runs the window offscreen with `arguments` after `--screenshot FILE`, in the settings folder `config`. */
Shot screenshot(const QString &config, const QStringList &arguments)
{
    const QString png = QDir(config).filePath(QStringLiteral("shot.png"));
    QFile::remove(png);
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(OWUI_PLANNER_BINARY), QStringList{QStringLiteral("--screenshot"), png} + arguments);
    Shot shot;
    if (!process.waitForFinished(60000))
        return shot;
    shot.exitCode = process.exitCode();
    shot.errors = QString::fromUtf8(process.readAllStandardError());
    shot.image = QImage(png);
    return shot;
}

} // namespace

void tst_window::commandLineSetsThisRunsView()
{
    QTemporaryDir config;
    QVERIFY(config.isValid());
    const QString plan = QStringLiteral(OWUI_PRESET_DIR "/high-availability.json");

    // --size: the picture has exactly that size; --theme light|dark: the colours follow.
    const Shot light = screenshot(config.path(), {plan, QStringLiteral("--page=budget"), QStringLiteral("--size"),
                                                  QStringLiteral("1024x640"), QStringLiteral("--theme"), QStringLiteral("light")});
    QCOMPARE(light.exitCode, 0);
    QVERIFY2(!light.errors.contains(QStringLiteral(".qml")), qPrintable(light.errors));
    QCOMPARE(light.image.size(), QSize(1024, 640));
    const Shot dark = screenshot(config.path(), {plan, QStringLiteral("--page=budget"), QStringLiteral("--size=1280x720"),
                                                 QStringLiteral("--theme=dark"), QStringLiteral("--presenter")});
    QCOMPARE(dark.exitCode, 0);
    QVERIFY2(!dark.errors.contains(QStringLiteral(".qml")), qPrintable(dark.errors));
    QCOMPARE(dark.image.size(), QSize(1280, 720));
    QVERIFY2(luminance(light.image) > 0.7, qPrintable(QString::number(luminance(light.image))));
    QVERIFY2(luminance(dark.image) < 0.3, qPrintable(QString::number(luminance(dark.image))));

    // --presenter draws larger text: the same page at the same size differs from the plain one.
    const Shot plain = screenshot(config.path(), {plan, QStringLiteral("--page=budget"), QStringLiteral("--size=1280x720"),
                                                  QStringLiteral("--theme=dark")});
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(plain.image != dark.image);

    // None of it was saved: a run without flags is back to the defaults (light, 1280x800, no presenter).
    const Shot after = screenshot(config.path(), {plan, QStringLiteral("--page=budget")});
    QCOMPARE(after.exitCode, 0);
    QCOMPARE(after.image.size(), QSize(1280, 800));
    QFile ini(QDir(config.path()).filePath(QStringLiteral("owui-planner/owui-planner.conf")));
    if (ini.open(QIODevice::ReadOnly)) {
        const QByteArray saved = ini.readAll();
        QVERIFY2(!saved.contains("dark") && !saved.contains("presenter=true") && !saved.contains("1024"), saved.constData());
    }
}

void tst_window::badWindowOptionsAreUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named");
    QTest::newRow("size without a height") << QStringList{QStringLiteral("--size"), QStringLiteral("1024")} << QStringLiteral("--size");
    QTest::newRow("size in words") << QStringList{QStringLiteral("--size=big")} << QStringLiteral("--size");
    QTest::newRow("size too small") << QStringList{QStringLiteral("--size=100x100")} << QStringLiteral("--size");
    QTest::newRow("size with no value") << QStringList{QStringLiteral("--size")} << QStringLiteral("--size");
    QTest::newRow("unknown theme") << QStringList{QStringLiteral("--theme"), QStringLiteral("blue")} << QStringLiteral("--theme");
    // An unknown page is not silently the start page: the message lists the pages there are.
    QTest::newRow("unknown page") << QStringList{QStringLiteral("--page=bogus")}
                                  << QStringLiteral("--page=PAGE needs one of start, import, defaults, postgresql, redis, instances, "
                                                    "vectordb, storage, observability, review, budget, matrix, topology, "
                                                    "export, remote, training (got '--page=bogus')");
    QTest::newRow("page without =") << QStringList{QStringLiteral("--page"), QStringLiteral("budget")}
                                    << QStringLiteral("--page=PAGE needs one of start, import, defaults");
}

void tst_window::badWindowOptionsAreUsageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, named);
    QTemporaryDir config;
    const Shot shot = screenshot(config.path(), arguments);
    QCOMPARE(shot.exitCode, 2);
    QVERIFY2(shot.errors.contains(named), qPrintable(shot.errors));
    QVERIFY(shot.image.isNull());
}

namespace {

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QString errors;
};

/** @brief Runs the window with `arguments`; `display` false removes every display (no QT_QPA_PLATFORM either). */
Run runWindow(const QStringList &arguments, bool display, const QString &folder = {})
{
    QProcess process;
    process.setWorkingDirectory(folder);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    if (display)
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    else
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(OWUI_PLANNER_BINARY), arguments);
    Run run;
    // A window that opened would wait for ever: a few seconds decide.
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.finished = process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.errors = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

void tst_window::unopenablePlanIsAMessageNotAWindow_data()
{
    QTest::addColumn<QString>("plan");
    QTest::addColumn<bool>("display");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    for (const bool display : {true, false}) {
        const QByteArray where = display ? " (offscreen display)" : " (no display)";
        QTest::newRow("missing file" + where) << QStringLiteral("missing.json") << display << 3
                                              << QStringLiteral("owui-planner: missing.json: cannot open: No such file or directory\n");
        QTest::newRow("invalid content" + where) << QStringLiteral("invalid.json") << display << 2
                                                 << QStringLiteral("owui-planner: invalid.json: /replicas: must be between 1 and 1000, not 0\n");
        QTest::newRow("empty path" + where) << QString() << display << 3
                                            << QStringLiteral("owui-planner: (empty path): cannot open: No such file or directory\n");
        QTest::newRow("a device" + where) << QStringLiteral("/dev/zero") << display << 3
                                          << QStringLiteral("owui-planner: /dev/zero: not a regular file (a character device); "
                                                            "save the plan to a file first\n");
    }
}

void tst_window::unopenablePlanIsAMessageNotAWindow()
{
    QFETCH(QString, plan);
    QFETCH(bool, display);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("shot.png"));
    QFile invalid(dir.filePath(QStringLiteral("invalid.json")));
    QVERIFY(invalid.open(QIODevice::WriteOnly));
    invalid.write(R"({"format": 1, "replicas": 0})");
    invalid.close();
    // With a display the window would open (and --screenshot would save it): the plan is refused first.
    const QStringList arguments = display ? QStringList{QStringLiteral("--screenshot"), png, plan} : QStringList{plan};
    const Run run = runWindow(arguments, display, dir.path());
    QVERIFY2(run.finished, "the window opened, hung or aborted");
    QCOMPARE(run.exitCode, exitCode);
    QCOMPARE(run.errors, message);
    QVERIFY(!QFile::exists(png));
}

void tst_window::noDisplayIsAMessageNotAnAbort()
{
    // A good plan and no display at all: Qt would abort (exit 134); the program says why and how else to run.
    const Run run = runWindow({QStringLiteral(OWUI_PRESET_DIR "/large-scale.json")}, false);
    QVERIFY2(run.finished, "aborted or hung");
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errors.startsWith(QStringLiteral("owui-planner: no display to open the window on")), qPrintable(run.errors));
    QVERIFY2(run.errors.contains(QStringLiteral("owui-planner check PLAN.json")), qPrintable(run.errors));
}

QTEST_GUILESS_MAIN(tst_window)
#include "tst_window.moc"
