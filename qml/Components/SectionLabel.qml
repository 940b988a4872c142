// SPDX-License-Identifier: MIT
// A group of fields within a page ("Secret key", "Runtime"): smaller than the page's Heading.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Label {
    font.bold: true
    Layout.topMargin: 10
    Layout.fillWidth: true
    Accessible.role: Accessible.Heading
}
