// SPDX-License-Identifier: MIT
#pragma once

class QThreadPool;

namespace owui {

/**
 * @brief The pool the window's own jobs run in (audits, SSH probes and deliveries), apart from Qt's global
 * pool. Qt Gui splits large image conversions (every chart redraw) over the global pool and the GUI thread
 * waits for them: a delivery there, minutes on a slow link, would hold up each redraw behind it, and on a
 * one-core machine (a global pool of one thread) freeze the window until it ends.
 */
QThreadPool &jobPool();

} // namespace owui
