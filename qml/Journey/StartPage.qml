// SPDX-License-Identifier: MIT
// Where a plan begins: a preset, an empty plan, or the edits recovered after a crash.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "../Components"
import "../Components/Theme.js" as Theme

ScrollView {
    id: root

    required property PlanSession session
    /** Recent plan files come from the app's settings; null in tests that do not need them. */
    property AppSettings settings: null

    /** Asks before a modified plan is replaced (Main's UnsavedGuard); null runs at once. */
    property var guard: null
    function replacePlan(description: string, action: var): void {
        if (root.guard)
            root.guard.run(description, action)
        else
            action()
    }

    signal started()
    signal openRequested()
    /** The user has deployment files rather than a plan: the Import page audits them. */
    signal importRequested()

    padding: 24
    contentWidth: availableWidth
    // The bar stays visible while the page is taller than the window, so what lies below (Next, the
    // findings) never looks absent.
    ScrollBar.vertical.policy: root.contentHeight > root.availableHeight ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
    clip: true

    ColumnLayout {
        width: root.availableWidth
        spacing: 14

        Heading { text: qsTr("Plan an Open WebUI deployment"); Layout.fillWidth: true }
        Label {
            text: qsTr("Start from the preset closest to your situation, or from Open WebUI's defaults, then walk through the scaling journey step by step. Every number shown is computed by the planner from your plan.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.maximumWidth: 900
        }

        Frame {
            objectName: "recoveryBanner"
            visible: root.session.recoveryAvailable
            Layout.fillWidth: true
            background: Rectangle {
                color: Qt.rgba(0.94, 0.42, 0, 0.15)
                border.color: "#ef6c00"
                radius: 4
            }
            RowLayout {
                width: parent.width
                Label {
                    text: qsTr("Unsaved edits from a session that did not end were kept.")
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Button {
                    text: qsTr("Recover")
                    highlighted: true
                    Accessible.name: qsTr("Recover the autosaved plan")
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("Open the autosaved plan with its unsaved edits")
                    onClicked: {
                        if (root.session.recover())
                            root.started()
                    }
                }
                Button {
                    text: qsTr("Discard")
                    Accessible.name: qsTr("Discard the autosaved plan")
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("Delete the autosaved edits")
                    onClicked: root.session.discardRecovery()
                }
            }
        }

        Label {
            objectName: "errorLine"
            visible: root.session.errorText.length > 0
            text: root.session.errorText
            color: "#d32f2f"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Accessible.role: Accessible.AlertMessage
            Accessible.name: root.session.errorText
        }

        Label {
            objectName: "currentPlanLine"
            text: qsTr("Current plan: <b>%1</b> — %2").arg(Theme.escaped(root.session.planName)).arg(Theme.escaped(root.session.scenarioLabel))
            textFormat: Text.StyledText
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        RowLayout {
            Layout.topMargin: 8
            Button {
                objectName: "openPlanButton"
                text: qsTr("Open a plan…")
                Accessible.name: qsTr("Open a plan file")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Open an owui-planner plan file (.json)")
                onClicked: root.openRequested()
            }
            Button {
                objectName: "auditFilesButton"
                text: qsTr("Audit existing deployment files…")
                Accessible.name: qsTr("Audit the files of a deployment you already run")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Check Compose files, Helm values or Kubernetes manifests against the same rules, then continue from them as a plan")
                onClicked: root.importRequested()
            }
        }

        Label {
            visible: recentRepeater.count > 0
            text: qsTr("Recent plans")
            font.bold: true
            Layout.topMargin: 8
        }
        Repeater {
            id: recentRepeater
            model: root.settings ? root.settings.recentFiles : []
            delegate: ItemDelegate {
                id: recent
                required property string modelData
                objectName: "recent_" + index
                required property int index
                text: recent.modelData
                Layout.fillWidth: true
                Accessible.name: qsTr("Open the recent plan %1").arg(recent.modelData)
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Open %1").arg(recent.modelData)
                onClicked: root.replacePlan(qsTr("opening %1").arg(recent.modelData), () => {
                    if (root.session.openFile(recent.modelData))
                        root.started()
                })
            }
        }

        Label { text: qsTr("Start from a preset"); font.bold: true; Layout.topMargin: 8 }
        Flow {
            spacing: 12
            Layout.fillWidth: true

            Repeater {
                model: root.session.presets
                delegate: Button {
                    id: card
                    required property var modelData
                    objectName: "preset_" + modelData.id
                    width: 280
                    height: 150
                    Accessible.name: qsTr("Start from the preset %1").arg(card.modelData.name)
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: card.modelData.description
                    onClicked: root.replacePlan(qsTr("loading the preset %1").arg(card.modelData.name), () => {
                        if (root.session.loadPreset(card.modelData.id))
                            root.started()
                    })
                    contentItem: ColumnLayout {
                        spacing: 4
                        Label {
                            text: card.modelData.name
                            font.bold: true
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        Label {
                            text: card.modelData.scenario
                            opacity: 0.7
                            Layout.fillWidth: true
                        }
                        Label {
                            text: card.modelData.description
                            wrapMode: Text.Wrap
                            elide: Text.ElideRight
                            maximumLineCount: 4
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            verticalAlignment: Text.AlignTop
                        }
                    }
                }
            }
        }

        RowLayout {
            Layout.topMargin: 8
            Button {
                objectName: "newPlanButton"
                text: qsTr("New plan (Open WebUI defaults)")
                Accessible.name: qsTr("New plan")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Start from an empty plan: one container, SQLite, one worker")
                onClicked: root.replacePlan(qsTr("starting a new plan"), () => {
                    root.session.newPlan()
                    root.started()
                })
            }
        }
    }
}
