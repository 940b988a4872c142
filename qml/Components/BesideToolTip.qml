// SPDX-License-Identifier: MIT
// A field's tooltip, shown beside its control (or below it) after the common delay, so it never covers
// the control itself nor the field's label. Put it inside the control: BesideToolTip { target: spin }.
import QtQuick
import QtQuick.Controls
import "Theme.js" as Theme

ToolTip {
    id: tip

    required property Item target // a Control or a TextField (which is not a Control)
    /** When it shows; by default while the pointer rests on the control. */
    property bool shown: tip.target.hovered
    /** Below the control instead of to its right (a slider's value, which moves sideways). */
    property bool below: false

    parent: tip.target
    visible: tip.shown && tip.text.length > 0
    delay: Theme.toolTipDelay
    x: tip.below ? (tip.target.width - tip.width) / 2 : tip.target.width + 8
    y: tip.below ? tip.target.height + 4 : (tip.target.height - tip.height) / 2
}
