// SPDX-License-Identifier: MIT
// A text setting, or a list (comma separated), or an optional number (empty = unset).
// The value goes to the core as typed; the core decides whether it is valid.
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
    property string placeholder
    /** "text", "list" (JSON array of strings) or "number" (optional number; empty is null). */
    property string kind: "text"
    readonly property var current: (root.session.revision, root.session.valueAt(root.pointer))
    readonly property string shown: root.current === null || root.current === undefined ? ""
                                   : root.kind === "list" ? root.current.join(", ") : String(root.current)
    readonly property string errorText: root.session.fieldErrors[root.pointer] ?? ""
    readonly property alias field: input

    function commit(): void {
        if (input.text === root.shown && root.errorText.length === 0)
            return
        const text = input.text.trim()
        let value = text
        if (root.kind === "list")
            value = text.length === 0 ? [] : text.split(",").map(s => s.trim()).filter(s => s.length > 0)
        else if (root.kind === "number")
            value = text.length === 0 ? null : (isNaN(Number(text)) ? text : Number(text))
        root.session.set(root.pointer, value, root.label, false)
    }

    spacing: 2
    Layout.fillWidth: true

    RowLayout {
        spacing: 8
        Layout.fillWidth: true
        FieldLabel { text: root.label }
        TextField {
            id: input
            text: root.shown
            placeholderText: root.placeholder
            selectByMouse: true
            Layout.fillWidth: true
            Layout.maximumWidth: 520
            Accessible.name: root.label
            BesideToolTip {
                target: input
                below: true
                shown: input.hovered && !input.activeFocus
                text: root.hint.length > 0 ? root.hint : root.label
            }
            onEditingFinished: root.commit()
            // A long value shows its beginning, not the end the cursor was left at.
            onTextChanged: if (!activeFocus) cursorPosition = 0
        }
    }
    FieldError {
        message: root.errorText
        Layout.leftMargin: 288
    }
}
