// SPDX-License-Identifier: MIT
// One finding: severity stripe, message, the fix in words, and a button when the fix is a setting, which
// says what it changes before it acts ("max_connections 210 → 260", worked out by the adapter).
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "Theme.js" as Theme

Frame {
    id: root

    property string rule
    property string severity
    property string message
    property string fix
    property string source
    property bool hasFix
    /** The fix's settings, before → after. */
    property string changes

    signal fixRequested()

    padding: 10
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("%1: %2").arg(root.severity).arg(root.message)

    RowLayout {
        width: parent.width
        spacing: 10

        Rectangle {
            color: Theme.severityColor(root.severity)
            radius: 2
            Layout.preferredWidth: 5
            Layout.fillHeight: true
        }
        ColumnLayout {
            spacing: 4
            Layout.fillWidth: true

            RowLayout {
                spacing: 8
                Layout.fillWidth: true
                Label {
                    text: root.severity.toUpperCase()
                    color: Theme.severityColor(root.severity)
                    font.bold: true
                }
                Label {
                    text: root.rule
                    opacity: 0.7
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                Button {
                    objectName: "fixButton"
                    visible: root.hasFix
                    text: qsTr("Fix: %1").arg(root.changes)
                    Accessible.name: qsTr("Apply the fix for %1: %2").arg(root.rule).arg(root.changes)
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("Changes %1. %2").arg(root.changes).arg(root.fix)
                    onClicked: root.fixRequested()
                }
            }
            Label {
                text: root.message
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Fix: %1").arg(root.fix)
                visible: root.fix.length > 0
                wrapMode: Text.Wrap
                opacity: 0.85
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Source: %1").arg(root.source)
                visible: root.source.length > 0
                wrapMode: Text.Wrap
                font.italic: true
                opacity: 0.6
                Layout.fillWidth: true
            }
        }
    }
}
