// SPDX-License-Identifier: MIT
// Which renderer the window picks: Qt Quick's software renderer where no GPU is found, unless the user chose.
#include "scenegraph.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

class tst_scenegraph : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void softwareWithoutARenderNode();
    void qtsDefaultWithARenderNode();
    void theUsersChoiceStands();

private:
    static QProcessEnvironment environment(const QList<std::pair<QString, QString>> &variables)
    {
        QProcessEnvironment result;
        for (const auto &[name, value] : variables)
            result.insert(name, value);
        return result;
    }
};

void tst_scenegraph::softwareWithoutARenderNode()
{
    QTemporaryDir dri;
    QVERIFY(owui::wantsSoftwareSceneGraph({}, dri.path()));
    QVERIFY(owui::wantsSoftwareSceneGraph({}, dri.filePath(QStringLiteral("absent"))));
    // A display card's node without a render node (card0 only) is no GPU the renderer can use.
    QFile card(dri.filePath(QStringLiteral("card0")));
    QVERIFY(card.open(QIODevice::WriteOnly));
    card.close();
    QVERIFY(owui::wantsSoftwareSceneGraph({}, dri.path()));
}

void tst_scenegraph::qtsDefaultWithARenderNode()
{
    QTemporaryDir dri;
    QFile node(dri.filePath(QStringLiteral("renderD128")));
    QVERIFY(node.open(QIODevice::WriteOnly));
    node.close();
    QVERIFY(!owui::wantsSoftwareSceneGraph({}, dri.path()));
    // Mesa told to emulate the GPU anyway: the software renderer is the faster emulation.
    QVERIFY(owui::wantsSoftwareSceneGraph(environment({{QStringLiteral("LIBGL_ALWAYS_SOFTWARE"), QStringLiteral("1")}}), dri.path()));
    QVERIFY(!owui::wantsSoftwareSceneGraph(environment({{QStringLiteral("LIBGL_ALWAYS_SOFTWARE"), QStringLiteral("0")}}), dri.path()));
}

void tst_scenegraph::theUsersChoiceStands()
{
    QTemporaryDir noGpu;
    QVERIFY(!owui::wantsSoftwareSceneGraph(environment({{QStringLiteral("QT_QUICK_BACKEND"), QStringLiteral("rhi")}}), noGpu.path()));
    QVERIFY(!owui::wantsSoftwareSceneGraph(environment({{QStringLiteral("QSG_RHI_BACKEND"), QStringLiteral("opengl")}}), noGpu.path()));
    QVERIFY(!owui::wantsSoftwareSceneGraph(environment({{QStringLiteral("QT_QUICK_BACKEND"), QStringLiteral("software")},
                                                        {QStringLiteral("LIBGL_ALWAYS_SOFTWARE"), QStringLiteral("1")}}),
                                           noGpu.path()));
}

QTEST_GUILESS_MAIN(tst_scenegraph)
#include "tst_scenegraph.moc"
