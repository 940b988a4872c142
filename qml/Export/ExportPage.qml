// SPDX-License-Identifier: MIT
// Export: choose targets and a folder, write the bundle, show each validator's verdict.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import OwuiPlanner.Backend
import "../Components"
import "../Components/Theme.js" as Theme

ScrollView {
    id: root

    required property PlanSession session
    required property ExportController exporter

    contentWidth: availableWidth
    // The bar stays visible while the page is taller than the window, so what lies below (Next, the
    // findings) never looks absent.
    ScrollBar.vertical.policy: root.contentHeight > root.availableHeight ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded

    function targets(): var {
        let chosen = []
        if (composeBox.checked) chosen.push("compose")
        if (swarmBox.checked) chosen.push("swarm")
        if (helmBox.checked) chosen.push("helm")
        return chosen
    }

    FolderDialog {
        id: folderDialog
        title: qsTr("Choose the folder that will hold the bundle")
        onAccepted: {
            folderField.text = decodeURIComponent(selectedFolder.toString().replace(/^file:\/\//, "")) + "/open-webui-bundle"
            root.exporter.clearError()
        }
    }

    ColumnLayout {
        width: root.availableWidth
        spacing: 12

        Heading { text: qsTr("Export the deployment bundle"); Layout.margins: 16; Layout.fillWidth: true }
        Label {
            text: qsTr("One plan becomes the files you deploy with: Docker Compose for one host, a Docker Swarm stack, and Helm values for the official open-webui chart 16.0.0 with the manifests it lacks. Secrets go only to .env (mode 0600). Each file is then checked by the real tools where they are installed: docker-compose and docker stack config, the Compose Specification's schema, the Kubernetes API schemas and nginx -t. \"unavailable\" means a tool is missing and the file was not checked.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
        }

        GroupBox {
            title: qsTr("Targets")
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            RowLayout {
                CheckBox {
                    id: composeBox
                    text: qsTr("Docker Compose")
                    checked: true
                    Accessible.name: text
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("compose.yaml (and nginx.conf in front of several replicas)")
                }
                CheckBox {
                    id: swarmBox
                    text: qsTr("Docker Swarm")
                    checked: true
                    Accessible.name: text
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("stack.yaml with external Docker secrets and a one-shot migration job")
                }
                CheckBox {
                    id: helmBox
                    text: qsTr("Helm (Kubernetes)")
                    checked: true
                    Accessible.name: text
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("helm/values.yaml for chart 16.0.0, a Secret template, PDB, HPA and the migration Job")
                }
            }
        }

        GroupBox {
            title: qsTr("Folder")
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            ColumnLayout {
                width: parent.width
                RowLayout {
                    Layout.fillWidth: true
                    TextField {
                        id: folderField
                        objectName: "folderField"
                        onTextEdited: root.exporter.clearError()
                        Layout.fillWidth: true
                        placeholderText: qsTr("/path/to/open-webui-bundle")
                        Accessible.name: qsTr("Bundle folder")
                        ToolTip.visible: hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.text: qsTr("A new folder; an existing one is replaced only with \"Replace\"")
                    }
                    Button {
                        text: qsTr("Choose…")
                        Accessible.name: qsTr("Choose the bundle folder")
                        onClicked: folderDialog.open()
                    }
                }
                Switch {
                    id: forceSwitch
                    text: qsTr("Replace an existing folder")
                    Accessible.name: text
                }
                Switch {
                    id: allowSwitch
                    visible: root.session.errorCount > 0
                    text: qsTr("Export despite %1 error-level finding(s); the README lists them first").arg(root.session.errorCount)
                    Accessible.name: qsTr("Export despite error-level findings")
                }
            }
        }

        RowLayout {
            Layout.leftMargin: 16
            Button {
                id: exportButton
                objectName: "exportButton"
                text: root.exporter.writing ? qsTr("Writing…") : root.exporter.busy ? qsTr("Checking…") : qsTr("Export")
                highlighted: true
                enabled: !root.exporter.busy && folderField.text.length > 0 && root.targets().length > 0
                Accessible.name: qsTr("Export the bundle")
                onClicked: root.exporter.exportTo(folderField.text, root.targets(), forceSwitch.checked, allowSwitch.checked)
            }
            Button {
                objectName: "cancelButton"
                text: qsTr("Cancel checks")
                // Not while the bundle is written: that is not stopped halfway, and no check runs yet.
                visible: root.exporter.busy && !root.exporter.writing
                Accessible.name: qsTr("Cancel the running checks")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Stop the tools still checking the bundle; their files stay unchecked")
                onClicked: root.exporter.cancel()
            }
            Button {
                text: qsTr("Open folder")
                enabled: root.exporter.files.length > 0
                Accessible.name: text
                onClicked: root.exporter.openFolder()
            }
            BusyIndicator {
                running: root.exporter.busy
                visible: running
                implicitHeight: exportButton.height
            }
        }

        Label {
            objectName: "exportError"
            visible: root.exporter.errorText.length > 0
            text: root.exporter.errorText
            color: "#c62828"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
        }

        Repeater {
            model: root.exporter.verdicts
            delegate: RowLayout {
                id: verdictRow
                required property var modelData
                Layout.leftMargin: 16
                Layout.rightMargin: 16
                Layout.fillWidth: true
                VerdictBadge {
                    objectName: "verdict-" + verdictRow.modelData.target
                    target: verdictRow.modelData.target
                    verdict: verdictRow.modelData.verdict
                    Layout.alignment: Qt.AlignTop
                }
                Label {
                    objectName: "verdictDetail-" + verdictRow.modelData.target
                    text: verdictRow.modelData.detail
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }
        }

        Label {
            visible: root.exporter.files.length > 0
            text: qsTr("Written to %1:").arg(root.exporter.folder)
            Layout.leftMargin: 16
        }
        Repeater {
            model: root.exporter.files
            delegate: Label {
                required property string modelData
                text: "  " + modelData
                font.family: "monospace"
                Layout.leftMargin: 16
            }
        }
    }
}
