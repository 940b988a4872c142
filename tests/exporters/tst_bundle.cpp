// SPDX-License-Identifier: MIT
// Skeleton: being written.
#include <QtTest>
class tst_bundle : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(tst_bundle)
#include "tst_bundle.moc"
