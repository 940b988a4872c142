// SPDX-License-Identifier: MIT
// A first window: the plan's scenario, connection budget and findings.
// The guided journey replaces it (issue 4); every figure here comes from PlanSession.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend

ApplicationWindow {
    id: root

    required property PlanSession session

    width: 960
    height: 680
    visible: true
    title: qsTr("owui-planner — %1").arg(root.session.planName)

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12

            Label {
                text: root.session.planName
                font.bold: true
                Layout.fillWidth: true
                elide: Label.ElideRight
            }
            Label { text: qsTr("Preset:") }
            ComboBox {
                id: presetBox
                model: root.session.presets
                textRole: "id"
                currentIndex: -1
                displayText: currentIndex < 0 ? qsTr("Choose…") : currentText
                Accessible.name: qsTr("Start from a preset")
                onActivated: root.session.loadPreset(currentText)
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 12

        Label {
            visible: root.session.errorText.length > 0
            text: root.session.errorText
            color: "#b00020"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        GroupBox {
            title: qsTr("Scenario")
            Layout.fillWidth: true
            ColumnLayout {
                width: parent.width
                Label {
                    text: root.session.scenarioLabel
                    font.pixelSize: 20
                }
                Label {
                    text: root.session.scenarioReason
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }
        }

        GroupBox {
            title: qsTr("PostgreSQL connection budget")
            Layout.fillWidth: true
            ColumnLayout {
                width: parent.width
                GridLayout {
                    columns: 2
                    visible: root.session.budget.applicable
                    Label { text: qsTr("Processes (replicas × workers)") }
                    Label { text: root.session.budget.processes }
                    Label { text: qsTr("Connections per process") }
                    Label { text: root.session.budget.connections_per_process }
                    Label { text: qsTr("Steady total") }
                    Label {
                        text: qsTr("%1 of %2 available").arg(root.session.budget.total_connections)
                                                         .arg(root.session.budget.available_connections)
                        color: root.session.budget.fits ? palette.text : "#b00020"
                        font.bold: !root.session.budget.fits
                    }
                    Label { text: qsTr("Worst case") }
                    Label {
                        text: root.session.budget.worst_case_connections
                        color: root.session.budget.worst_case_fits ? palette.text : "#b26a00"
                    }
                }
                Label {
                    visible: !root.session.budget.applicable
                    text: qsTr("Not applicable: the plan uses SQLite.")
                }
            }
        }

        GroupBox {
            title: qsTr("Findings (%1)").arg(root.session.findings.count)
            Layout.fillWidth: true
            Layout.fillHeight: true
            ListView {
                id: findingList
                anchors.fill: parent
                clip: true
                spacing: 8
                model: root.session.findings
                ScrollBar.vertical: ScrollBar {}
                delegate: ColumnLayout {
                    required property string severity
                    required property string rule
                    required property string message
                    required property string fix
                    width: findingList.width - 16
                    Label {
                        text: "%1  [%2]".arg(severity.toUpperCase()).arg(rule)
                        font.bold: true
                        color: severity === "error" ? "#b00020"
                             : severity === "warning" ? "#b26a00" : palette.text
                    }
                    Label {
                        text: message
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Label {
                        text: qsTr("Fix: %1").arg(fix)
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                        opacity: 0.8
                    }
                }
            }
        }
    }
}
