// SPDX-License-Identifier: MIT
// An enumerated setting: a ComboBox over the exact names the plan file accepts.
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
    property var choices: []
    readonly property var current: (root.session.revision, root.session.valueAt(root.pointer))
    readonly property string errorText: root.session.fieldErrors[root.pointer] ?? ""
    readonly property alias comboBox: combo

    spacing: 2
    Layout.fillWidth: true

    RowLayout {
        spacing: 8
        Layout.fillWidth: true
        FieldLabel { text: root.label }
        ComboBox {
            id: combo
            model: root.choices
            currentIndex: root.choices.indexOf(root.current)
            Layout.preferredWidth: 220
            Accessible.name: root.label
            ToolTip.visible: hovered
            ToolTip.delay: 600
            ToolTip.text: root.hint.length > 0 ? root.hint : root.label
            onActivated: index => root.session.set(root.pointer, root.choices[index], root.label)
        }
        Item { Layout.fillWidth: true }
    }
    FieldError {
        message: root.errorText
        Layout.leftMargin: 288
    }
}
