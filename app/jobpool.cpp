// SPDX-License-Identifier: MIT
#include "jobpool.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

#include <algorithm>

namespace owui {

QThreadPool &jobPool()
{
    // Owned by the application (asked for only while it exists), so its threads are joined before it goes; jobs mostly wait on
    // a network or a disk, so a few run at once even on one core (a superseded run finishing, the new one,
    // an audit).
    static QThreadPool *const pool = [] {
        auto *created = new QThreadPool(QCoreApplication::instance());
        created->setMaxThreadCount(std::max(4, QThread::idealThreadCount()));
        return created;
    }();
    return *pool;
}

} // namespace owui
