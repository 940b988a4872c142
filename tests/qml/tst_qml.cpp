// SPDX-License-Identifier: MIT
// Runs the QML TestCase files of tests/qml against the real pages and a real PlanSession.
// QtCharts draws through Graphics View, so the runner needs a QApplication before quick_test_main.
#include "appsettings.h"
#include "exportcontroller.h"
#include "plansession.h"
#include "planundokeys.h"

#include "../common/loopbackservers.h"
#include "../common/loopbacksshd.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <QApplication>
#include <QQmlContext>
#include <QQmlEngine>
#include <QtQuickTest>

/**
 * @brief A real OpenSSH sshd on loopback for the Remote page's tests (tests/common/loopbacksshd.h), started
 * only when a test asks (start()), stopped by its pid when the file's engine goes.
 */
class QmlSshd : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    Q_INVOKABLE bool start() { return m_sshd.start(); }
    /** @brief A real redis-server on loopback with this maxclients; its redis:// URL, or "" (then redisError()). */
    Q_INVOKABLE QString startRedis(int maxClients)
    {
        m_redis = std::make_unique<loopback::LoopbackRedis>(QStringList{QStringLiteral("--maxclients"), QString::number(maxClients)});
        m_redisError = m_redis->start();
        return m_redisError.isEmpty() ? QStringLiteral("redis://127.0.0.1:%1/0").arg(m_redis->port()) : QString();
    }
    Q_INVOKABLE QString redisError() const { return m_redisError; }
    Q_INVOKABLE QString error() const { return m_sshd.error(); }
    Q_INVOKABLE QString endpoint() const { return m_sshd.endpoint(); }
    Q_INVOKABLE QString userKey() const { return m_sshd.userKey(); }
    Q_INVOKABLE QString passphraseKey() const { return m_sshd.passphraseKey(); }
    Q_INVOKABLE QString passphrase() const { return m_sshd.passphrase(); }
    Q_INVOKABLE QString knownHostsFile() const { return m_sshd.knownHostsFile(); }
    Q_INVOKABLE QString knownHostsName() const { return m_sshd.knownHostsName(); }
    Q_INVOKABLE QString fingerprint() const { return m_sshd.hostKeyFingerprint(); }
    /** @brief A path for a known_hosts file that does not exist yet (so the server's key is unknown). */
    Q_INVOKABLE QString freshKnownHosts() { return m_sshd.directory() + QStringLiteral("/known_hosts_%1").arg(++m_files); }
    /** @brief A known_hosts that names this server with another key (the user key's public half): a changed key. */
    Q_INVOKABLE QString changedKnownHosts()
    {
        const QString path = freshKnownHosts();
        QFile other(m_sshd.userKey() + QStringLiteral(".pub"));
        QFile file(path);
        if (!other.open(QIODevice::ReadOnly) || !file.open(QIODevice::WriteOnly))
            return QString();
        const auto fields = other.readAll().trimmed().split(' ');
        file.write(m_sshd.knownHostsName().toUtf8() + ' ' + fields.value(0) + ' ' + fields.value(1) + '\n');
        return path;
    }
    /** @brief What a known_hosts file holds now (empty when it does not exist). */
    Q_INVOKABLE QString read(const QString &path) const
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }
    /**
     * @brief A loopback port that accepts connections (the kernel completes them) and never says a word: a
     * host so slow that only Cancel ends the run. Open until the engine goes.
     */
    Q_INVOKABLE int silentPort()
    {
        if (m_silent < 0) {
            m_silent = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            socklen_t length = sizeof address;
            if (m_silent < 0 || ::bind(m_silent, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(m_silent, 8) != 0 ||
                ::getsockname(m_silent, reinterpret_cast<sockaddr *>(&address), &length) != 0)
                return 0;
            m_silentPort = ntohs(address.sin_port);
        }
        return m_silentPort;
    }
    ~QmlSshd() override
    {
        if (m_silent >= 0)
            ::close(m_silent);
    }
    /** @brief A loopback port nothing listens on. */
    Q_INVOKABLE int closedPort() const { return loopback::freePort(); }

private:
    std::unique_ptr<loopback::LoopbackRedis> m_redis;
    QString m_redisError;
    LoopbackSshd m_sshd;
    int m_files = 0;
    int m_silent = -1;
    int m_silentPort = 0;
};

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // The UI module's qmldir and QML files are compiled into the binary's resources.
        engine->addImportPath(QStringLiteral("qrc:/"));
        // PlanSession is uncreatable in QML; the harness owns one per engine (no autosave file).
        auto *session = new PlanSession(QString(), engine);
        engine->rootContext()->setContextProperty(QStringLiteral("testSession"), session);
        engine->rootContext()->setContextProperty(QStringLiteral("testExporter"), new ExportController(session, engine));
        engine->rootContext()->setContextProperty(QStringLiteral("testTempDir"), m_settingsDir.path());
        // Plan files the tests open as a user would (tests/data).
        engine->rootContext()->setContextProperty(QStringLiteral("testDataDir"),
                                                  QDir::cleanPath(QStringLiteral(QUICK_TEST_SOURCE_DIR "/../data")));
        // An exporter whose schema checks never answer (a script that sleeps): what Cancel is for.
        QFile sleeper(m_settingsDir.filePath(QStringLiteral("slow-validators/compose-schema-check.py")));
        if (QDir().mkpath(m_settingsDir.filePath(QStringLiteral("slow-validators"))) && sleeper.open(QIODevice::WriteOnly))
            sleeper.write("import time\ntime.sleep(120)\n");
        sleeper.close();
        auto *slowExporter = new ExportController(session, engine);
        slowExporter->setValidatorDirectory(m_settingsDir.filePath(QStringLiteral("slow-validators")));
        engine->rootContext()->setContextProperty(QStringLiteral("testSlowExporter"), slowExporter);
        // scripts/screenshots asks for a picture of a page in a state only a test reaches (after an export).
        engine->rootContext()->setContextProperty(QStringLiteral("screenshotPath"),
                                                  qEnvironmentVariable("OWUI_EXPORT_SCREENSHOT"));
        engine->rootContext()->setContextProperty(QStringLiteral("testSshd"), new QmlSshd(engine));
        // Settings in a throw-away file, so tests never touch the user's own.
        engine->rootContext()->setContextProperty(
            QStringLiteral("testSettings"), new AppSettings(m_settingsDir.filePath(QStringLiteral("settings.ini")), engine));
    }

private:
    QTemporaryDir m_settingsDir;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    PlanUndoKeys::install();
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "owui_qml", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "tst_qml.moc"
