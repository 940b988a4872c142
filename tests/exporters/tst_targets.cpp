// SPDX-License-Identifier: MIT
// Skeleton: being written.
#include <QtTest>
class tst_targets : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(tst_targets)
#include "tst_targets.moc"
