// SPDX-License-Identifier: MIT
// One validator's verdict: colour, symbol and word agree, so "unavailable" (the file was not checked)
// never looks like "accepted".
import QtQuick
import QtQuick.Controls
import "../Components/Theme.js" as Theme

Rectangle {
    id: root

    required property string target
    required property string verdict
    readonly property alias text: label.text

    radius: 4
    implicitWidth: label.implicitWidth + 12
    implicitHeight: label.implicitHeight + 6
    color: Theme.verdictColor(verdict)
    Accessible.role: Accessible.StaticText
    Accessible.name: target + ": " + verdict

    Label {
        id: label
        anchors.centerIn: parent
        text: Theme.verdictSymbol(root.verdict) + " " + root.target + ": " + root.verdict
        color: "white"
    }
}
