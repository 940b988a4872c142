// SPDX-License-Identifier: MIT
// The name of a setting, in the left column of every field.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Label {
    Layout.preferredWidth: 280
    Layout.maximumWidth: 280
    wrapMode: Text.Wrap
}
