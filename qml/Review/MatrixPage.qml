// SPDX-License-Identifier: MIT
// The quick-reference matrix: what each scenario needs, both revisions, the plan's own row marked.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "../Components"
import "../Components/Theme.js" as Theme

Pane {
    id: root

    required property PlanSession session
    // The session goes before the page when the window closes: no read through a null.
    readonly property int currentRow: root.session?.matrix?.currentRow ?? -1
    readonly property alias table: table
    readonly property real em: metrics.height
    // The model's shape (fixed: one row per scenario, one column per component). TableView's own rows and
    // columns change while it lays out, so sizes bound to them loop.
    readonly property int modelRows: root.session?.matrix?.rowCount() ?? 0
    readonly property int modelColumns: root.session?.matrix?.columnCount() ?? 0
    /** Row labels take about a quarter of the width, at least 12 lines high of text wide. */
    readonly property int rowHeaderWidth: Math.round(Math.max(12 * root.em, Math.min(22 * root.em, 0.3 * scroller.availableWidth)))
    /**
     * Columns share the width left of the row labels, but never get narrower than their longest word
     * ("PostgreSQL") or a need ("Recommended"): a word is never broken; the table scrolls sideways instead.
     */
    readonly property int cellMinimum: Math.ceil(root.widestWord() + 16)
    readonly property int cellWidth: Math.max(root.cellMinimum, Math.floor((scroller.availableWidth - root.rowHeaderWidth) / Math.max(1, root.modelColumns)) - 2)
    readonly property int rowHeight: Math.ceil(2 * root.em + 14)
    readonly property int headerHeight: Math.ceil(2 * boldMetrics.height + 12)

    /** The widest single word of the column titles (bold) and of the need labels. */
    function widestWord(): real {
        const model = root.session?.matrix
        let most = 0
        const words = []
        for (let c = 0; model && c < root.modelColumns; ++c)
            words.push(...String(model.headerData(c, Qt.Horizontal, Qt.DisplayRole)).split(/\s+/))
        for (let i = 0; i < words.length; ++i)
            most = Math.max(most, boldMetrics.advanceWidth(words[i]))
        for (const need of ["required", "strongly-recommended", "recommended", "optional"])
            most = Math.max(most, boldMetrics.advanceWidth("✓ " + Theme.needLabel(need) + " †"))
        return most
    }

    // The providers above are asked again only when told to.
    onCellWidthChanged: table.forceLayout()
    onRowHeightChanged: table.forceLayout()

    FontMetrics { id: metrics; font: root.font }
    FontMetrics { id: boldMetrics; font.family: root.font.family; font.pointSize: root.font.pointSize; font.bold: true }

    /** The delegate of a cell, for tests: objectName "cell_<row>_<column>". */
    function cellAt(row: int, column: int): Item {
        const kids = table.contentItem.children
        for (let i = 0; i < kids.length; ++i)
            if (kids[i].objectName === "cell_" + row + "_" + column)
                return kids[i]
        return null
    }

    padding: 0

    ScrollView {
        id: scroller
        anchors.fill: parent
        padding: 24
        contentWidth: availableWidth
        clip: true
        // Visible whenever the page is taller than the window, so the legend below never looks absent.
        ScrollBar.vertical.policy: scroller.contentHeight > scroller.availableHeight ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded

    ColumnLayout {
        width: scroller.availableWidth
        spacing: 12

        Heading { text: qsTr("When do I need what?"); Layout.fillWidth: true }
        Label {
            text: qsTr("One row per scenario, one column per component. The planner follows the newer revision of the table where it differs from the seed; hover a cell marked † to read why. Your plan's row is highlighted, with ✓ where the plan already has the component.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.maximumWidth: 900
        }
        Label {
            text: qsTr("Source: scaling-open-webui.md, Quick Reference; quick-reference-matrix.md (newer revision)")
            font.italic: true
            opacity: 0.7
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("Your plan: <b>%1</b>").arg(Theme.escaped(root.session.scenarioLabel))
            textFormat: Text.StyledText
        }

        GridLayout {
            columns: 2
            rowSpacing: 0
            columnSpacing: 0
            Layout.fillWidth: true

            Item { Layout.preferredWidth: root.rowHeaderWidth; Layout.maximumWidth: root.rowHeaderWidth; Layout.preferredHeight: root.headerHeight }
            HorizontalHeaderView {
                id: columnHeader
                syncView: table
                clip: true
                Layout.fillWidth: true
                // Not its content's width (which moves while the table lays out, a polish loop): what is left.
                Layout.preferredWidth: scroller.availableWidth - root.rowHeaderWidth
                Layout.preferredHeight: root.headerHeight
                delegate: Item {
                    id: columnLabel
                    required property var display
                    implicitWidth: root.cellWidth
                    implicitHeight: root.headerHeight
                    Label {
                        anchors.fill: parent
                        text: columnLabel.display
                        font.bold: true
                        wrapMode: Text.WordWrap
                        elide: Text.ElideRight
                        horizontalAlignment: Text.AlignHCenter
                        verticalAlignment: Text.AlignVCenter
                        padding: 4
                    }
                }
            }
            VerticalHeaderView {
                id: rowHeader
                syncView: table
                clip: true
                Layout.preferredWidth: root.rowHeaderWidth
                Layout.maximumWidth: root.rowHeaderWidth
                Layout.preferredHeight: table.Layout.preferredHeight
                delegate: Rectangle {
                    id: rowLabel
                    required property var display
                    required property int row
                    // The page goes before its delegates when the window closes: no read through a null.
                    readonly property bool isCurrent: rowLabel.row === (root?.currentRow ?? -1)
                    implicitWidth: root.rowHeaderWidth
                    implicitHeight: root.rowHeight + 2
                    color: rowLabel.isCurrent ? palette.highlight : "transparent"
                    Label {
                        anchors.fill: parent
                        anchors.margins: 6
                        text: (rowLabel.isCurrent ? "▶ " : "") + rowLabel.display
                        color: rowLabel.isCurrent ? palette.highlightedText : palette.text
                        font.bold: rowLabel.isCurrent
                        wrapMode: Text.WordWrap
                        elide: Text.ElideRight
                        verticalAlignment: Text.AlignVCenter
                    }
                }
            }
            TableView {
                id: table
                objectName: "matrixTable"
                model: root.session.matrix
                clip: true
                columnSpacing: 2
                rowSpacing: 2
                columnWidthProvider: () => root.cellWidth
                rowHeightProvider: () => root.rowHeight
                boundsBehavior: Flickable.StopAtBounds
                flickableDirection: Flickable.HorizontalFlick
                Layout.fillWidth: true
                Layout.preferredWidth: scroller.availableWidth - root.rowHeaderWidth
                // Every row shows: the page scrolls up and down, the table only sideways.
                Layout.preferredHeight: root.modelRows * (root.rowHeight + 2)
                ScrollBar.horizontal: horizontalBar
                Accessible.role: Accessible.Table
                Accessible.name: qsTr("Requirements matrix")

                delegate: Rectangle {
                    id: cell
                    required property int row
                    required property int column
                    required property string need
                    required property string seedNeed
                    required property string newerNeed
                    required property string note
                    required property bool current
                    required property bool satisfied
                    required property string scenarioLabel
                    required property string componentLabel
                    readonly property bool differs: cell.note.length > 0

                    objectName: "cell_" + row + "_" + column
                    implicitWidth: root.cellWidth
                    implicitHeight: root.rowHeight
                    radius: 3
                    color: Qt.rgba(0, 0, 0, 0) // filled by the layer below, so the need shows in light and dark
                    border.width: cell.current ? 3 : 1
                    border.color: cell.current ? palette.highlight : palette.mid
                    Accessible.role: Accessible.Cell
                    Accessible.name: qsTr("%1, %2: %3").arg(cell.scenarioLabel).arg(cell.componentLabel).arg(cell.need)

                    Rectangle {
                        anchors.fill: parent
                        anchors.margins: cell.border.width
                        radius: 2
                        color: Theme.needColor(cell.need)
                        opacity: cell.need === "not-needed" ? 0.15 : (cell.current ? 0.55 : 0.3)
                    }
                    Label {
                        anchors.centerIn: parent
                        width: parent.width - 8
                        horizontalAlignment: Text.AlignHCenter
                        text: (cell.current && cell.satisfied ? "✓ " : "") + Theme.needLabel(cell.need) + (cell.differs ? " †" : "")
                        font.bold: cell.current
                        elide: Text.ElideRight
                    }
                    HoverHandler { id: hover }
                    ToolTip.visible: hover.hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: cell.differs
                                  ? qsTr("Seed: %1 · newer: %2\n%3").arg(cell.seedNeed.length > 0 ? cell.seedNeed : qsTr("no column")).arg(cell.newerNeed).arg(cell.note)
                                  : qsTr("%1: %2").arg(cell.componentLabel).arg(cell.need)
                }
            }
            Item { Layout.preferredWidth: root.rowHeaderWidth; Layout.maximumWidth: root.rowHeaderWidth }
            // The last columns are off to the right when the window is narrow: the bar says so.
            ScrollBar {
                id: horizontalBar
                objectName: "matrixScrollBar"
                orientation: Qt.Horizontal
                // Always in the layout (its row keeps its height), drawn only when the columns overflow.
                policy: table.contentWidth > table.width + 1 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                Layout.fillWidth: true
                // A fixed height: the bar's own implicit height changes with its policy, which fed back
                // into the page's layout (a polish loop).
                Layout.preferredHeight: 12
                Layout.maximumHeight: 12
            }
        }

        // A grid rather than a Flow: a Flow's height follows its width inside a layout, which looped.
        GridLayout {
            columns: scroller.availableWidth > 45 * root.em ? 5 : 3
            columnSpacing: 14
            rowSpacing: 4
            Repeater {
                model: ["required", "strongly-recommended", "recommended", "optional", "not-needed"]
                delegate: RowLayout {
                    id: legendItem
                    required property string modelData
                    spacing: 4
                    Rectangle {
                        Layout.preferredWidth: 14
                        Layout.preferredHeight: 14
                        radius: 2
                        color: Theme.needColor(legendItem.modelData)
                        opacity: legendItem.modelData === "not-needed" ? 0.3 : 0.7
                    }
                    Label { text: Theme.needLabel(legendItem.modelData) === "✗" ? qsTr("✗ Not needed") : Theme.needLabel(legendItem.modelData) }
                }
            }
        }
        Label { text: qsTr("✓ the plan has it · † revisions differ"); opacity: 0.8 }
    }
    }
}
