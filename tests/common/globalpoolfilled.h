// SPDX-License-Identifier: MIT
#pragma once
// Fills Qt's global thread pool with jobs that wait, for as long as the object lives: what a job of the
// window's queued there behind them would wait for (Qt Gui's image conversions run there, and the GUI
// thread waits for them).

#include <QSemaphore>
#include <QThreadPool>

class GlobalPoolFilled
{
public:
    GlobalPoolFilled() : m_count(QThreadPool::globalInstance()->maxThreadCount())
    {
        for (int i = 0; i < m_count; ++i)
            QThreadPool::globalInstance()->start([this] { m_release.acquire(); });
    }
    ~GlobalPoolFilled()
    {
        m_release.release(m_count);
        QThreadPool::globalInstance()->waitForDone();
    }
    GlobalPoolFilled(const GlobalPoolFilled &) = delete;
    GlobalPoolFilled &operator=(const GlobalPoolFilled &) = delete;

private:
    const int m_count;
    QSemaphore m_release;
};
