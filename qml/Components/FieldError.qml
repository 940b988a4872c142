// SPDX-License-Identifier: MIT
// The core's message for a refused value, shown under its field.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Label {
    id: root

    required property string message

    visible: root.message.length > 0
    text: root.message
    color: "#d32f2f"
    font.italic: true
    wrapMode: Text.Wrap
    Layout.fillWidth: true
    Accessible.role: Accessible.AlertMessage
    Accessible.name: root.message
}
