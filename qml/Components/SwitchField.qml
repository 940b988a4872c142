// SPDX-License-Identifier: MIT
// A yes/no setting.
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
    readonly property bool current: (root.session.revision, root.session.valueAt(root.pointer)) === true
    readonly property string errorText: root.session.fieldErrors[root.pointer] ?? ""
    readonly property alias control: toggle

    spacing: 2
    Layout.fillWidth: true

    RowLayout {
        spacing: 8
        Layout.fillWidth: true
        FieldLabel { text: root.label }
        Switch {
            id: toggle
            checked: root.current
            text: checked ? qsTr("On") : qsTr("Off")
            Accessible.name: root.label
            onToggled: root.session.set(root.pointer, checked, root.label, false)
            FocusFrame { control: toggle }
            BesideToolTip {
                target: toggle
                text: root.hint.length > 0 ? root.hint : root.label
            }
        }
        Item { Layout.fillWidth: true }
    }
    FieldError {
        message: root.errorText
        Layout.leftMargin: 288
    }
}
