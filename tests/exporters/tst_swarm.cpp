// SPDX-License-Identifier: MIT
// Skeleton: being written.
#include <QtTest>
class tst_swarm : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(tst_swarm)
#include "tst_swarm.moc"
