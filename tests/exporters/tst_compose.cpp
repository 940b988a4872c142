// SPDX-License-Identifier: MIT
// Skeleton: being written.
#include <QtTest>
class tst_compose : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(tst_compose)
#include "tst_compose.moc"
