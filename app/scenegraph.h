// SPDX-License-Identifier: MIT
#pragma once

#include <QDir>
#include <QProcessEnvironment>
#include <QString>

namespace owui {

/**
 * @brief Whether the window should draw with Qt Quick's software renderer rather than Qt's default (OpenGL).
 *
 * Without a GPU (a VM, Xvfb, a remote desktop) Mesa emulates OpenGL with llvmpipe, and the window then
 * costs twice the memory and several times the time per frame of the software renderer (README, Tests and
 * benchmarks).
 * A choice the user made through Qt's own variables (QT_QUICK_BACKEND, QSG_RHI_BACKEND) always stands.
 * Header-only and Qt Core only, so the start-up benchmark's reference window makes the same choice.
 *
 * @param renderNodes the folder of the kernel's GPU render nodes (renderD128, ...)
 */
inline bool wantsSoftwareSceneGraph(const QProcessEnvironment &environment,
                                    const QString &renderNodes = QStringLiteral("/dev/dri"))
{
#if defined(Q_OS_LINUX)
    if (environment.contains(QStringLiteral("QT_QUICK_BACKEND")) || environment.contains(QStringLiteral("QSG_RHI_BACKEND")))
        return false;
    const QString forced = environment.value(QStringLiteral("LIBGL_ALWAYS_SOFTWARE"));
    if (forced == QLatin1String("1") || forced.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
        return true;
    return QDir(renderNodes).entryList({QStringLiteral("renderD*")}, QDir::System | QDir::Files).isEmpty();
#else
    Q_UNUSED(environment)
    Q_UNUSED(renderNodes)
    return false;
#endif
}

} // namespace owui
