// SPDX-License-Identifier: MIT
// The end of the journey: the scenario, what it requires, and every finding in one list.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../Components"

JourneyPage {
    id: root

    title: qsTr("Review")
    why: qsTr("Putting it all together: a production deployment is a load balancer, stateless Open WebUI containers, and the shared PostgreSQL, Redis and storage behind them. Here is everything the planner still finds, errors first. Fix buttons change the setting for you; each fix is one step you can undo.")
    source: qsTr("scaling-open-webui.md, Putting It All Together; Quick Reference")
    findingsTitle: qsTr("All findings")
    nextText: qsTr("Export the bundle →")
    rules: []

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
}
