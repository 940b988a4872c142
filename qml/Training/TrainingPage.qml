// SPDX-License-Identifier: MIT
// Training mode: the presets step by step, and switches that turn on a classic mistake,
// each with the symptom users would see and the rule that catches it.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "../Components"

ScrollView {
    id: root

    required property PlanSession session
    property int presetStep: 0
    /** Asks before a modified plan is replaced (Main's UnsavedGuard); null runs at once. */
    property var guard: null

    function loadStep(step: int): void {
        const action = () => {
            root.presetStep = step
            root.session.loadPreset(root.session.presets[step].id)
        }
        if (root.guard)
            root.guard.run(qsTr("loading training step %1").arg(step + 1), action)
        else
            action()
    }

    contentWidth: availableWidth

    /** Whether a rule fires now: read from the findings model, decided by the core. */
    function fires(rule: string): bool {
        const model = root.session.findings
        for (let row = 0; row < model.count; ++row)
            if (model.data(model.index(row, 0), FindingsModel.RuleRole) === rule)
                return true
        return false
    }

    ColumnLayout {
        width: root.availableWidth
        spacing: 12

        Heading { text: qsTr("Training"); Layout.margins: 16; Layout.fillWidth: true }

        GroupBox {
            title: qsTr("The journey, preset by preset")
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            ColumnLayout {
                width: parent.width
                Label {
                    readonly property var preset: root.session.presets[root.presetStep]
                    text: preset ? qsTr("Step %1 of %2: %3").arg(root.presetStep + 1).arg(root.session.presets.length).arg(preset.name) : ""
                    font.bold: true
                }
                Label {
                    readonly property var preset: root.session.presets[root.presetStep]
                    text: preset ? preset.description : ""
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                RowLayout {
                    Button {
                        text: qsTr("Previous")
                        enabled: root.presetStep > 0
                        Accessible.name: qsTr("Previous preset")
                        onClicked: root.loadStep(root.presetStep - 1)
                    }
                    Button {
                        text: qsTr("Load this step")
                        Accessible.name: text
                        onClicked: root.loadStep(root.presetStep)
                    }
                    Button {
                        text: qsTr("Next")
                        enabled: root.presetStep + 1 < root.session.presets.length
                        Accessible.name: qsTr("Next preset")
                        onClicked: root.loadStep(root.presetStep + 1)
                    }
                }
            }
        }

        Label {
            text: qsTr("Break it: each button turns on one classic mistake as an undoable step. The symptom is what users would see; the rule is what the planner says.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
        }

        Repeater {
            model: root.session.breakages
            delegate: Frame {
                id: card
                required property var modelData
                objectName: "breakage-" + modelData.id
                readonly property bool caught: root.session.plan && root.fires(modelData.rule)
                Layout.fillWidth: true
                Layout.leftMargin: 16
                Layout.rightMargin: 16
                ColumnLayout {
                    width: parent.width
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            text: card.modelData.title
                            font.bold: true
                            Layout.fillWidth: true
                        }
                        Button {
                            objectName: "breakButton-" + card.modelData.id
                            text: qsTr("Break it")
                            Accessible.name: qsTr("Break it: %1").arg(card.modelData.title)
                            ToolTip.visible: hovered
                            ToolTip.text: qsTr("Apply this mistake to the current plan (Ctrl+Z undoes it)")
                            onClicked: root.session.breakIt(card.modelData.id)
                        }
                    }
                    Label {
                        text: qsTr("Symptom: %1").arg(card.modelData.symptom)
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Label {
                        objectName: "ruleLabel-" + card.modelData.id
                        text: (card.caught ? qsTr("Caught now by rule %1") : qsTr("Rule %1 (not firing)")).arg(card.modelData.rule)
                              + " — " + card.modelData.source
                        color: card.caught ? "#c62828" : palette.text
                        font.bold: card.caught
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }
}
