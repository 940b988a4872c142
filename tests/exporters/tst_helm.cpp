// SPDX-License-Identifier: MIT
// Skeleton: being written.
#include <QtTest>
class tst_helm : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(tst_helm)
#include "tst_helm.moc"
