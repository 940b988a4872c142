// SPDX-License-Identifier: MIT
// The end of the journey: the scenario, what it requires, and every finding in one list.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../Components"
import "../Components/StepRules.js" as StepRules

JourneyPage {
    id: root

    title: qsTr("Review")
    why: qsTr("Putting it all together: a production deployment is a load balancer, stateless Open WebUI containers, and the shared PostgreSQL, Redis and storage behind them. Here is everything the planner still finds, errors first. Fix buttons change the setting for you; each fix is one step you can undo.")
    source: qsTr("scaling-open-webui.md, Putting It All Together; Quick Reference")
    findingsTitle: qsTr("All findings")
    nextText: qsTr("Export the bundle →")
    rules: StepRules.of("review")

    GridLayout {
        columns: 2
        columnSpacing: 16
        rowSpacing: 4
        Label { text: qsTr("Scenario") }
        Label { text: root.session.scenarioLabel; font.bold: true }
        Label { text: qsTr("Why") }
        Label { text: root.session.scenarioReason; wrapMode: Text.Wrap; Layout.fillWidth: true }
        Label { text: qsTr("Errors / warnings") }
        Label { text: qsTr("%1 / %2").arg(root.session.errorCount).arg(root.session.warningCount) }
        Label { text: qsTr("Processes") }
        Label { text: (root.session.plan.replicas === 1 ? qsTr("1 replica") : qsTr("%1 replicas").arg(root.session.plan.replicas))
                           + " × " + (root.session.plan.workers === 1 ? qsTr("1 worker") : qsTr("%1 workers").arg(root.session.plan.workers)) }
        Label { text: qsTr("Database connections"); visible: root.session.budget.applicable === true }
        Label {
            visible: root.session.budget.applicable === true
            text: root.session.budget.unbounded === true
                  ? qsTr("unbounded (NullPool), %1 available").arg(root.session.budget.available_connections)
                  : qsTr("%1 steady, %2 worst case, %3 available")
                        .arg(root.session.budget.total_connections)
                        .arg(root.session.budget.worst_case_connections)
                        .arg(root.session.budget.available_connections)
        }
    }

    // A plan inferred by `audit`: what it was read from, and the work beyond a redeploy (the core's list).
    ColumnLayout {
        id: auditBlock
        objectName: "auditOriginBlock"
        readonly property var origin: root.session.auditOrigin
        visible: auditBlock.origin.files !== undefined
        spacing: 6
        Layout.fillWidth: true
        Layout.topMargin: 8
        Layout.maximumWidth: 900

        Label { text: qsTr("From the audited deployment"); font.bold: true; font.pixelSize: 16 }
        Label {
            objectName: "auditFiles"
            textFormat: Text.PlainText
            text: qsTr("Read from: %1").arg((auditBlock.origin.files ?? []).join(", "))
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "auditSummary"
            readonly property int plain: auditBlock.origin.redeployCount ?? 0
            readonly property string plainText: plain === 1 ? qsTr("1 other setting changes") : qsTr("%1 other settings change").arg(plain)
            text: (auditBlock.origin.work ?? []).length === 0
                  ? qsTr("No work beyond a redeploy; %1 with it (the bundle's README lists them).").arg(plainText)
                  : qsTr("Work beyond a redeploy, in order; %1 with the redeploy itself (the bundle's README lists them).").arg(plainText)
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Repeater {
            objectName: "auditWork"
            model: auditBlock.origin.work ?? []
            delegate: ColumnLayout {
                id: workItem
                required property var modelData
                required property int index
                spacing: 2
                Layout.fillWidth: true
                Label {
                    text: qsTr("%1. %2, %3: %4 %5 → %6").arg(workItem.index + 1).arg(workItem.modelData.work)
                              .arg(workItem.modelData.step).arg(workItem.modelData.subject)
                              .arg(workItem.modelData.from).arg(workItem.modelData.to)
                    font.bold: true
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label {
                    text: workItem.modelData.whatToDo
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                    Layout.leftMargin: 16
                }
            }
        }
    }
}
