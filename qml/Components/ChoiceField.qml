// SPDX-License-Identifier: MIT
// An enumerated setting: a ComboBox that shows the core's display names and writes the plan-file value
// (shown in the tooltip, as in the file and in Open WebUI's variable).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "Theme.js" as Theme

ColumnLayout {
    id: root

    required property PlanSession session
    required property string pointer
    property string label
    property string hint
    /** [{value, label}]: the core's choices for this pointer. */
    readonly property var choices: root.session.choicesOf(root.pointer)
    readonly property var current: (root.session.revision, root.session.valueAt(root.pointer))
    readonly property string errorText: root.session.fieldErrors[root.pointer] ?? ""
    readonly property alias comboBox: combo
    readonly property string toolTipText: (root.hint.length > 0 ? root.hint : root.label) + "\n" + qsTr("Plan value: %1").arg(root.current)

    function indexOfValue(value: var): int {
        for (let i = 0; i < root.choices.length; ++i)
            if (root.choices[i].value === value)
                return i
        return -1
    }

    spacing: 2
    Layout.fillWidth: true

    RowLayout {
        spacing: 8
        Layout.fillWidth: true
        FieldLabel { text: root.label }
        ComboBox {
            id: combo
            model: root.choices
            textRole: "label"
            valueRole: "value"
            currentIndex: root.indexOfValue(root.current)
            Layout.preferredWidth: 280
            Accessible.name: root.label
            Accessible.description: qsTr("Plan value: %1").arg(root.current)
            BesideToolTip {
                target: combo
                shown: combo.hovered && !combo.popup.visible
                text: root.toolTipText
            }
            onActivated: index => root.session.set(root.pointer, root.choices[index].value, root.label, false)
            delegate: ItemDelegate {
                id: choiceRow
                required property var modelData
                required property int index
                width: combo.width
                text: choiceRow.modelData.label
                highlighted: combo.highlightedIndex === choiceRow.index
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Plan value: %1").arg(choiceRow.modelData.value)
            }
        }
        Item { Layout.fillWidth: true }
    }
    FieldError {
        message: root.errorText
        Layout.leftMargin: 288
    }
}
