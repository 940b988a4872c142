// SPDX-License-Identifier: MIT
// The findings that belong to one page, picked by rule id; an empty rule list shows them all.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "StepRules.js" as StepRules

ColumnLayout {
    id: root

    required property PlanSession session
    property var rules: []
    property string title: qsTr("Findings for this step")
    /** How many rows of the findings model this page shows. */
    readonly property int shownCount: StepRules.countIn(root.session.findings.ruleCounts, root.rules)

    function belongs(rule: string): bool {
        return root.rules.length === 0 || root.rules.indexOf(rule) >= 0
    }

    spacing: 8
    Layout.fillWidth: true

    Label {
        text: qsTr("%1 (%2)").arg(root.title).arg(root.shownCount)
        font.bold: true
    }
    RowLayout {
        objectName: "fixReport"
        // What the last fix button on this page changed; its card may be gone, so the list says it.
        visible: root.session.lastFix.length > 0 && root.belongs(root.session.lastFixRule)
        spacing: 8
        Layout.fillWidth: true
        Label {
            objectName: "fixReportText"
            text: root.session.lastFix
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Button {
            objectName: "undoFixButton"
            text: qsTr("Undo")
            Accessible.name: qsTr("Undo: %1").arg(root.session.lastFix)
            onClicked: root.session.undo()
        }
    }
    Label {
        visible: root.shownCount === 0
        text: qsTr("Nothing to report: the planner finds no problem here.")
        opacity: 0.75
    }
    Repeater {
        id: repeater
        model: root.session.findings
        delegate: FindingCard {
            required property int index
            required rule
            required severity
            required message
            required fix
            required source
            required hasFix
            required changes

            objectName: "finding_" + rule
            visible: root.belongs(rule)
            Layout.fillWidth: true
            onFixRequested: root.session.applyFix(index)
        }
    }
}
