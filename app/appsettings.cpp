// SPDX-License-Identifier: MIT
#include "appsettings.h"

#include <QFileInfo>

namespace {
const QString kRecent = QStringLiteral("recentFiles");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kPresenter = QStringLiteral("view/presenter");
const QString kTheme = QStringLiteral("view/theme");
} // namespace

AppSettings::AppSettings(const QString &file, QObject *parent)
    : QObject(parent), m_settings(file.isEmpty() ? std::make_unique<QSettings>()
                                                 : std::make_unique<QSettings>(file, QSettings::IniFormat))
{
}

QStringList AppSettings::recentFiles() const
{
    QStringList existing;
    // A file deleted since it was opened is not offered again.
    for (const QString &path : m_settings->value(kRecent).toStringList())
        if (QFileInfo::exists(path))
            existing << path;
    return existing;
}

void AppSettings::addRecentFile(const QString &path)
{
    if (path.isEmpty())
        return;
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    m_settings->setValue(kRecent, files);
    Q_EMIT recentFilesChanged();
}

void AppSettings::clearRecentFiles()
{
    m_settings->remove(kRecent);
    Q_EMIT recentFilesChanged();
}

QRect AppSettings::windowGeometry() const
{
    const QRect saved = m_settings->value(kGeometry, QRect(0, 0, 1280, 800)).toRect();
    return m_sizeOverride ? QRect(saved.topLeft(), *m_sizeOverride) : saved;
}

void AppSettings::setWindowGeometry(const QRect &geometry)
{
    // A minimised or collapsed window is not worth restoring; a size from the command line is not the user's.
    if (geometry == windowGeometry() || geometry.width() < 320 || geometry.height() < 240 || m_sizeOverride)
        return;
    m_settings->setValue(kGeometry, geometry);
    Q_EMIT windowGeometryChanged();
}

bool AppSettings::presenter() const
{
    return m_presenterOverride.value_or(m_settings->value(kPresenter, false).toBool());
}

void AppSettings::setPresenter(bool on)
{
    if (on == presenter())
        return;
    m_presenterOverride.reset();
    m_settings->setValue(kPresenter, on);
    Q_EMIT presenterChanged();
}

QString AppSettings::theme() const
{
    return m_themeOverride.value_or(m_settings->value(kTheme, QStringLiteral("system")).toString());
}

QStringList AppSettings::themes()
{
    return {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")};
}

QStringList AppSettings::pageKeys()
{
    return {QStringLiteral("start"),  QStringLiteral("import"),        QStringLiteral("defaults"),      QStringLiteral("postgresql"), QStringLiteral("redis"),
            QStringLiteral("instances"), QStringLiteral("vectordb"),   QStringLiteral("storage"),    QStringLiteral("observability"),
            QStringLiteral("review"), QStringLiteral("budget"),        QStringLiteral("matrix"),     QStringLiteral("topology"),
            QStringLiteral("export"), QStringLiteral("remote"), QStringLiteral("training")};
}

void AppSettings::setTheme(const QString &theme)
{
    if (theme == this->theme() || !themes().contains(theme))
        return;
    m_themeOverride.reset();
    m_settings->setValue(kTheme, theme);
    Q_EMIT themeChanged();
}

void AppSettings::overrideWindowSize(const QSize &size)
{
    m_sizeOverride = size;
    Q_EMIT windowGeometryChanged();
}

void AppSettings::overridePresenter(bool on)
{
    m_presenterOverride = on;
    Q_EMIT presenterChanged();
}

void AppSettings::overrideTheme(const QString &theme)
{
    if (!themes().contains(theme))
        return;
    m_themeOverride = theme;
    Q_EMIT themeChanged();
}
