// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QRect>
#include <QSettings>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <QSize>

#include <memory>
#include <optional>

/**
 * @brief What the desktop app remembers between runs (QSettings): recent plan files, the window's
 * geometry, presenter mode and the theme.
 */
class AppSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AppSettings is created by the application")
    Q_PROPERTY(QStringList recentFiles READ recentFiles NOTIFY recentFilesChanged)
    Q_PROPERTY(QRect windowGeometry READ windowGeometry WRITE setWindowGeometry NOTIFY windowGeometryChanged)
    Q_PROPERTY(bool presenter READ presenter WRITE setPresenter NOTIFY presenterChanged)
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(QStringList pageKeys READ pageKeys CONSTANT)

public:
    /** @param file an INI file for tests; empty uses the platform's user settings. */
    explicit AppSettings(const QString &file = {}, QObject *parent = nullptr);

    static constexpr int kMaxRecentFiles = 8;

    [[nodiscard]] QStringList recentFiles() const;
    [[nodiscard]] QRect windowGeometry() const;
    [[nodiscard]] bool presenter() const;
    [[nodiscard]] QString theme() const;

    void setWindowGeometry(const QRect &geometry);
    void setPresenter(bool on);
    /** @brief "system", "light" or "dark"; anything else is ignored. */
    void setTheme(const QString &theme);

    /** @brief The theme names setTheme() accepts. */
    static QStringList themes();

    /**
     * @brief The window's pages in navigation order, as `--page=KEY` names them. Main.qml's `steps` list the
     * same keys (tst_main.qml compares them), so the command line refuses a page the window does not have.
     */
    static QStringList pageKeys();

    /**
     * @name This run only (the command line's --size, --presenter, --theme)
     * An override is what the getter returns until the user changes that setting in the window; it is
     * never written. While the size is overridden, the window's geometry is not saved either.
     */
    ///@{
    void overrideWindowSize(const QSize &size);
    void overridePresenter(bool on);
    void overrideTheme(const QString &theme);
    ///@}

    /** @brief Moves `path` to the top of the recent files (existing files only, at most kMaxRecentFiles). */
    Q_INVOKABLE void addRecentFile(const QString &path);
    Q_INVOKABLE void clearRecentFiles();

Q_SIGNALS:
    void recentFilesChanged();
    void windowGeometryChanged();
    void presenterChanged();
    void themeChanged();

private:
    std::unique_ptr<QSettings> m_settings;
    std::optional<QSize> m_sizeOverride;
    std::optional<bool> m_presenterOverride;
    std::optional<QString> m_themeOverride;
};
