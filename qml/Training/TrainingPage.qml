// SPDX-License-Identifier: MIT
// Training mode, for a class: the seed's journey step by step with talking points, and switches that turn
// on a classic mistake. Everything happens in a sandbox (TrainingSession), never in the user's plan; each
// break says what it changed and how it met earlier breaks, and the sandbox's topology and budget show the
// symptom. The page only displays TrainingSession and calls it.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "../Components"
import "../Components/Theme.js" as Theme
import "../Review"

ScrollView {
    id: root

    /** The user's plan: only read, by "Start from my plan". */
    required property PlanSession session
    required property TrainingSession training
    readonly property bool dark: Theme.isDark(palette.window)
    readonly property var journey: root.training.journey
    /** The journey step shown in guided mode (the first one while the sandbox holds a copy of the user's plan). */
    readonly property int shownStep: Math.max(0, root.training.step)
    readonly property var shownJourneyStep: root.journey[root.shownStep]
    readonly property bool guided: modeBar.currentIndex === 0

    function nextStep(): void {
        if (root.training.step + 1 < root.journey.length)
            root.training.loadStep(root.training.step + 1)
    }
    function previousStep(): void {
        if (root.training.step > 0)
            root.training.loadStep(root.training.step - 1)
    }

    padding: 16
    contentWidth: availableWidth
    // A bar that shows whenever there is more below, so nothing looks absent.
    ScrollBar.vertical.policy: root.contentHeight > root.availableHeight ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded

    // A presenter's remote sends Page Up / Page Down.
    Shortcut {
        sequence: StandardKey.MoveToNextPage
        enabled: root.visible && root.guided
        onActivated: root.nextStep()
    }
    Shortcut {
        sequence: StandardKey.MoveToPreviousPage
        enabled: root.visible && root.guided
        onActivated: root.previousStep()
    }

    ColumnLayout {
        width: root.availableWidth
        spacing: 10

        Heading { text: qsTr("Training"); Layout.fillWidth: true }
        Label {
            objectName: "sandboxLabel"
            text: qsTr("Sandbox: %1. Nothing here changes your plan “%2”.").arg(root.training.startLabel).arg(root.session.planName)
            textFormat: Text.PlainText // a plan's name is shown as written
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        RowLayout {
            spacing: 8
            Button {
                objectName: "startFromPlanButton"
                text: qsTr("Start from my plan")
                Accessible.name: qsTr("Copy my plan into the sandbox")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Copy your current plan into the sandbox; your plan stays as it is")
                onClicked: root.training.startFromPlan(root.session)
            }
            Button {
                objectName: "resetButton"
                text: qsTr("Reset")
                Accessible.name: qsTr("Reset the sandbox")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Back to %1, every break off").arg(root.training.startLabel)
                onClicked: root.training.reset()
            }
        }

        TabBar {
            id: modeBar
            objectName: "modeBar"
            Layout.fillWidth: true
            TabButton { objectName: "guidedTab"; text: qsTr("Guided journey"); font.bold: checked }
            TabButton { objectName: "breakTab"; text: qsTr("Break it"); font.bold: checked }
        }

        StackLayout {
            currentIndex: modeBar.currentIndex
            Layout.fillWidth: true
            Layout.preferredHeight: currentIndex === 0 ? guidedPane.implicitHeight : breakPane.implicitHeight

            ColumnLayout {
                id: guidedPane
                objectName: "guidedPane"
                spacing: 8

                Heading {
                    objectName: "stepTitle"
                    scale: 1.3
                    text: root.shownJourneyStep ? qsTr("Step %1 of %2 · %3").arg(root.shownStep + 1).arg(root.journey.length)
                                                                        .arg(root.shownJourneyStep.name) : ""
                    Layout.fillWidth: true
                }
                Label {
                    text: root.shownJourneyStep ? qsTr("In the seed: %1").arg(root.shownJourneyStep.seedStep) : ""
                    font.italic: true
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label {
                    text: root.shownJourneyStep ? root.shownJourneyStep.description : ""
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Repeater {
                    model: root.shownJourneyStep ? root.shownJourneyStep.points : []
                    delegate: ColumnLayout {
                        id: point
                        required property var modelData
                        required property int index
                        objectName: "talkingPoint"
                        spacing: 0
                        Layout.fillWidth: true
                        Label {
                            objectName: "talkingPointText"
                            text: "• " + point.modelData.text
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Label {
                            text: point.modelData.source
                            font.italic: true
                            opacity: 0.75
                            leftPadding: 14
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                }
                RowLayout {
                    spacing: 8
                    Button {
                        objectName: "previousStepButton"
                        text: qsTr("◀ Previous")
                        enabled: root.training.step > 0
                        Accessible.name: qsTr("Previous journey step")
                        ToolTip.visible: hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.text: qsTr("Load the previous step into the sandbox (Page Up)")
                        onClicked: root.previousStep()
                    }
                    Button {
                        objectName: "nextStepButton"
                        text: qsTr("Next ▶")
                        enabled: root.training.step + 1 < root.journey.length
                        Accessible.name: qsTr("Next journey step")
                        ToolTip.visible: hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.text: qsTr("Load the next step into the sandbox (Page Down)")
                        onClicked: root.nextStep()
                    }
                    Label {
                        text: qsTr("Page Up / Page Down, or Tab and Space")
                        opacity: 0.7
                    }
                }
            }

            ColumnLayout {
                id: breakPane
                objectName: "breakPane"
                spacing: 8

                Label {
                    text: qsTr("Each button turns on one classic mistake in the sandbox. The card says what it changed; the topology below marks where the symptom shows.")
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Repeater {
                    model: root.training.breakages
                    delegate: Frame {
                        id: card
                        required property var modelData
                        objectName: "breakage-" + modelData.id
                        readonly property bool caught: root.training.firingRules.indexOf(card.modelData.rule) >= 0
                        readonly property var result: root.training.results[card.modelData.id]
                        Layout.fillWidth: true
                        ColumnLayout {
                            width: parent.width
                            RowLayout {
                                Layout.fillWidth: true
                                Label {
                                    text: card.modelData.title
                                    font.bold: true
                                    wrapMode: Text.Wrap
                                    Layout.fillWidth: true
                                }
                                Button {
                                    objectName: "breakButton-" + card.modelData.id
                                    text: qsTr("Break it")
                                    Accessible.name: qsTr("Break it: %1").arg(card.modelData.title)
                                    ToolTip.visible: hovered
                                    ToolTip.delay: Theme.toolTipDelay
                                    ToolTip.text: qsTr("Turn this mistake on in the sandbox (Reset turns every break off)")
                                    onClicked: root.training.breakIt(card.modelData.id)
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
                                color: card.caught ? Theme.alertText(root.dark) : palette.windowText
                                font.bold: card.caught
                                wrapMode: Text.Wrap
                                Layout.fillWidth: true
                            }
                            Label {
                                objectName: "changes-" + card.modelData.id
                                visible: card.result !== undefined
                                text: !card.result ? ""
                                      : card.result.undoneBy ? qsTr("%1 Undone since by “%2”.").arg(card.result.summary).arg(card.result.undoneBy)
                                      : card.result.summary
                                wrapMode: Text.Wrap
                                Layout.fillWidth: true
                            }
                            Repeater {
                                model: card.result ? card.result.notes : []
                                delegate: Label {
                                    required property string modelData
                                    objectName: "note-" + card.modelData.id
                                    text: "↺ " + modelData
                                    font.bold: true
                                    wrapMode: Text.Wrap
                                    Layout.fillWidth: true
                                }
                            }
                        }
                    }
                }
            }
        }

        MenuSeparator { Layout.fillWidth: true }
        Label {
            text: qsTr("What the class sees: the sandbox")
            font.bold: true
        }
        Label {
            id: budgetLine
            objectName: "budgetLine"
            // The window destroys its TrainingSession before this page when it closes.
            readonly property bool over: root.training ? root.training.budgetOver : false
            text: root.training ? root.training.budgetLine : ""
            color: budgetLine.over ? Theme.alertText(root.dark) : palette.windowText
            font.bold: budgetLine.over
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        TopologyPage {
            id: topology
            objectName: "sandboxTopology"
            session: root.training.sandbox
            highlightedNodes: root.training.highlightedNodes
            showIntro: false
            padding: 0
            Layout.fillWidth: true
            Layout.preferredHeight: topology.contentHeight + 8
        }
    }
}
