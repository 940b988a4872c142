// SPDX-License-Identifier: MIT
// A title that scales with the window's font (presenter mode grows it with everything else).
import QtQuick
import QtQuick.Controls

Control {
    id: root

    property string text
    property real scale: 1.6

    Accessible.role: Accessible.Heading
    Accessible.name: root.text

    contentItem: Label {
        text: root.text
        font.pointSize: root.font.pointSize * root.scale
        font.bold: true
        wrapMode: Text.Wrap
    }
}
