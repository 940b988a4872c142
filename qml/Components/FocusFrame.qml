// SPDX-License-Identifier: MIT
// A plain, always visible keyboard-focus ring around a control (the style's own is a faint colour change).
// Put it inside the control: FocusFrame { control: theSwitch }.
import QtQuick
import QtQuick.Controls
import QtQuick.Templates as T

Rectangle {
    required property T.Control control

    objectName: "focusFrame"
    parent: control
    anchors.fill: parent
    anchors.margins: -2
    z: 10
    visible: control.visualFocus
    color: "transparent"
    radius: 4
    border.width: 2
    border.color: control.palette.highlight
}
