// SPDX-License-Identifier: MIT
#include "appsettings.h"
#include "cli.h"
#include "exportcontroller.h"
#include "plansession.h"
#include "planundokeys.h"
#include "scenegraph.h"
#include "planner/planfile.h"

#include <QApplication>
#include <QCoreApplication>
#include <QQmlApplicationEngine>
#include <QDir>
#include <QFile>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QScreen>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>
#include <QUrl>
#include <QtMath>

#include <cstdio>
#include <optional>

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("owui-planner"));
    QCoreApplication::setOrganizationName(QStringLiteral("owui-planner"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OWUI_PLANNER_VERSION));
}

QStringList argumentsOf(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

/** @brief The window's own command-line options: they set this run's view and are never saved. */
struct WindowOptions
{
    QString screenshotPath;
    std::optional<QSize> size;
    std::optional<bool> presenter;
    std::optional<QString> theme;
    QString error;
};

/** @brief The value of `--NAME VALUE` or `--NAME=VALUE` at `at`, removing it from the arguments. */
std::optional<QString> takeValue(QStringList &arguments, qsizetype at, const QString &name, QString &error)
{
    const QString argument = arguments.at(at);
    if (argument.startsWith(name + QLatin1Char('='))) {
        arguments.remove(at);
        return argument.mid(name.size() + 1);
    }
    if (at + 1 >= arguments.size()) {
        error = QStringLiteral("%1 needs a value").arg(name);
        arguments.remove(at);
        return std::nullopt;
    }
    const QString value = arguments.at(at + 1);
    arguments.remove(at, 2);
    return value;
}

/** @brief "1024x640" as a size in pixels, within what a screen can show. */
std::optional<QSize> parseSize(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^(\\d{3,5})[xX](\\d{3,5})$"));
    const auto match = form.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QSize size(match.captured(1).toInt(), match.captured(2).toInt());
    if (size.width() < 320 || size.height() < 240 || size.width() > 16384 || size.height() > 16384)
        return std::nullopt;
    return size;
}

/** @brief Removes `--screenshot FILE`, `--size WxH`, `--presenter` and `--theme NAME` from the arguments. */
WindowOptions takeWindowOptions(QStringList &arguments)
{
    WindowOptions options;
    for (qsizetype i = 1; i < arguments.size();) {
        const QString &argument = arguments.at(i);
        const auto is = [&argument](const char *name) {
            return argument == QLatin1String(name) || argument.startsWith(QLatin1String(name) + QLatin1Char('='));
        };
        if (is("--screenshot")) {
            options.screenshotPath = takeValue(arguments, i, QStringLiteral("--screenshot"), options.error).value_or(QString());
        } else if (is("--size")) {
            const auto value = takeValue(arguments, i, QStringLiteral("--size"), options.error);
            options.size = value ? parseSize(*value) : std::nullopt;
            if (value && !options.size)
                options.error = QStringLiteral("--size needs WIDTHxHEIGHT in pixels between 320x240 and 16384x16384, "
                                               "e.g. --size 1024x640 (got '%1')").arg(*value);
        } else if (is("--page")) {
            // Left in the arguments: Main.qml reads --page=KEY. Checked here, so a typo is not the start page.
            const QString key = argument.mid(QStringLiteral("--page=").size());
            if (!argument.startsWith(QLatin1String("--page=")) || !AppSettings::pageKeys().contains(key))
                options.error = QStringLiteral("--page=PAGE needs one of %1 (got '%2')")
                                    .arg(AppSettings::pageKeys().join(QStringLiteral(", ")), argument);
            ++i;
        } else if (argument == QLatin1String("--presenter")) {
            options.presenter = true;
            arguments.remove(i);
        } else if (is("--theme")) {
            const auto value = takeValue(arguments, i, QStringLiteral("--theme"), options.error);
            if (value && AppSettings::themes().contains(*value))
                options.theme = *value;
            else if (value)
                options.error = QStringLiteral("--theme needs one of %1 (got '%2')")
                                    .arg(AppSettings::themes().join(QLatin1Char('|')), *value);
        } else {
            ++i;
        }
    }
    return options;
}

/**
 * @brief Saves the window once the page has settled, then quits: README screenshots and smoke tests.
 *
 * Settled means the render loop has nothing left to draw: a frame has been swapped and no new frame was
 * requested for three frame intervals. Everything that changes the picture asks for a frame (a pending
 * polish, i.e. a layout still to run, a running animation, a chart scene that changed), so a page that
 * is still laying out keeps restarting the wait. No fixed sleep: a slow machine only waits longer.
 */
class SettledGrabber : public QObject
{
public:
    SettledGrabber(QQuickWindow *window, QString path) : QObject(window), m_window(window), m_path(std::move(path))
    {
        const qreal refreshRate = window->screen() && window->screen()->refreshRate() > 1 ? window->screen()->refreshRate() : 60;
        m_quiet.setSingleShot(true);
        m_quiet.setInterval(qCeil(3 * 1000 / refreshRate));
        connect(&m_quiet, &QTimer::timeout, this, &SettledGrabber::grab);
        connect(window, &QQuickWindow::frameSwapped, &m_quiet, qOverload<>(&QTimer::start));
        window->installEventFilter(this);
        // A page that never settles (an endless animation) is a bug: report it rather than hang.
        QTimer::singleShot(60000, this, [] {
            qCritical("owui-planner: the window never settled; no screenshot taken");
            QCoreApplication::exit(3);
        });
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // A new frame is on its way: the page is not settled yet.
        if (watched == m_window && event->type() == QEvent::UpdateRequest)
            m_quiet.stop();
        return false;
    }

private:
    void grab()
    {
        const bool saved = m_window->grabWindow().save(m_path);
        if (!saved)
            qCritical("owui-planner: could not write the screenshot %s", qPrintable(m_path));
        QCoreApplication::exit(saved ? 0 : 3);
    }

    QQuickWindow *m_window;
    QString m_path;
    QTimer m_quiet;
};

/**
 * @brief For the start-up benchmark (tests/bench/bench_side_by_side.cpp, OWUI_PLANNER_BENCH_FIRST_FRAME set):
 * prints "first-frame<TAB>VmRSS KiB" on the first swapped frame and quits, as the reference window does.
 */
void reportFirstFrame(QQuickWindow *window)
{
    QObject::connect(
        window, &QQuickWindow::frameSwapped, QCoreApplication::instance(),
        [] {
            long residentKiB = -1;
            QFile status(QStringLiteral("/proc/self/status"));
            if (status.open(QIODevice::ReadOnly))
                for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine())
                    if (line.startsWith("VmRSS:"))
                        residentKiB = line.mid(6).trimmed().split(' ').first().toLong();
            std::printf("first-frame\t%ld\n", residentKiB);
            std::fflush(stdout);
            QCoreApplication::exit(0);
        },
        Qt::SingleShotConnection);
}

/**
 * @brief Why the window cannot open here, if it cannot: Qt's X11 and Wayland plugins abort the program
 * (exit 134) when they find no display, so the absence is spotted before QApplication is made.
 */
std::optional<QString> missingDisplay(const QStringList &arguments)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (arguments.contains(QStringLiteral("-platform")))
        return std::nullopt;
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM");
    const bool needsDisplay = platform.isEmpty() || platform == QLatin1String("xcb") || platform == QLatin1String("wayland");
    if (needsDisplay && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        return QStringLiteral("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); run a command "
                              "instead, e.g. 'owui-planner check PLAN.json', or see 'owui-planner --help'");
#else
    Q_UNUSED(arguments)
#endif
    return std::nullopt;
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments = argumentsOf(argc, argv);
    const WindowOptions options = takeWindowOptions(arguments);

    // The CLI needs no display: it runs under a QCoreApplication (and refuses the window's options).
    if (options.screenshotPath.isEmpty() && owui::cli::wantsCli(arguments)) {
        QCoreApplication app(argc, argv);
        describeApplication();
        return owui::cli::run(QCoreApplication::arguments());
    }
    if (!options.error.isEmpty()) {
        QTextStream(stderr) << "owui-planner: " << options.error << "\nTry 'owui-planner --help'.\n";
        return 2;
    }

    // The plan file is the first argument that is not one of the window's own options (--page=NAME).
    std::optional<QString> planArgument;
    for (const QString &argument : arguments.mid(1))
        if (!argument.startsWith(QLatin1String("--")) && !planArgument)
            planArgument = argument;
    // A plan that cannot be opened is said on the terminal with the CLI's exit codes, display or not,
    // before any window appears.
    if (planArgument) {
        const QUrl url(*planArgument); // a file:// URL opens too, as in the window's own dialogs
        const auto plan = planner::readPlanFile((url.isLocalFile() ? url.toLocalFile() : *planArgument).toStdString());
        if (!plan) {
            QTextStream(stderr) << "owui-planner: " << QString::fromStdString(plan.error().describe()) << Qt::endl;
            return plan.error().code == planner::ErrorCode::Io ? owui::cli::ExitIo : owui::cli::ExitUsage;
        }
    }
    if (const auto reason = missingDisplay(arguments)) {
        QTextStream(stderr) << "owui-planner: " << *reason << Qt::endl;
        return owui::cli::ExitUsage;
    }

    // QtCharts draws through Graphics View, so the GUI needs a QApplication, not a QGuiApplication.
    QApplication app(argc, argv);
    describeApplication();
    if (owui::wantsSoftwareSceneGraph(QProcessEnvironment::systemEnvironment()))
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);

    const QString stateDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(stateDir);
    PlanSession session(stateDir + QStringLiteral("/autosave.json"));
    AppSettings settings;
    // This run's view from the command line; the saved settings stay as they are.
    if (options.size)
        settings.overrideWindowSize(*options.size);
    if (options.presenter)
        settings.overridePresenter(*options.presenter);
    if (options.theme)
        settings.overrideTheme(*options.theme);
    ExportController exporter(&session);
    QObject::connect(&session, &PlanSession::fileChanged, &settings, [&] { settings.addRecentFile(session.filePath()); });
    if (planArgument)
        session.openFile(*planArgument); // read once more: a change since the check above shows in the error line
    else
        session.loadPreset(QStringLiteral("single-user"));

    PlanUndoKeys::install();
    QQmlApplicationEngine engine;
    engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)},
                                 {QStringLiteral("exporter"), QVariant::fromValue(&exporter)},
                                 {QStringLiteral("settings"), QVariant::fromValue(&settings)}});
    const QUrl url(QStringLiteral("qrc:/OwuiPlanner/Ui/Main.qml"));
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreated, &app,
        [url](QObject *object, const QUrl &objectUrl) {
            if (!object && url == objectUrl)
                QCoreApplication::exit(-1);
        },
        Qt::QueuedConnection);
    engine.load(url);
    if (qEnvironmentVariableIsSet("OWUI_PLANNER_BENCH_FIRST_FRAME")) {
        if (auto *window = engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(engine.rootObjects().first()))
            reportFirstFrame(window);
    }
    if (!options.screenshotPath.isEmpty()) {
        auto *window = engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(engine.rootObjects().first());
        if (!window)
            return 3;
        new SettledGrabber(window, options.screenshotPath);
    }
    return app.exec();
}
