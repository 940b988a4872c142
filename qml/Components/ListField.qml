// SPDX-License-Identifier: MIT
// A list of strings (Sentinel hosts, CORS origins): one row per item to edit, move or remove, and a field
// to add one. Every change writes the whole list as one undoable step; the core validates each item.
pragma ComponentBehavior: Bound
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
    readonly property var current: (root.session.revision, root.session.valueAt(root.pointer))
    readonly property var items: Array.isArray(root.current) ? root.current : []
    readonly property string errorText: root.session.fieldErrors[root.pointer] ?? ""
    readonly property alias addField: addInput
    readonly property alias addButton: addAction
    readonly property alias rows: rowRepeater

    /** The row editor at `index` (its field, and its move and remove buttons), for keyboard focus and tests. */
    function row(index: int): Item {
        return rowRepeater.itemAt(index)
    }

    /** Writes `list`; on success puts focus back on row `focusIndex` (-1: the add field). */
    function write(list: var, focusIndex: int): bool {
        const ok = root.session.set(root.pointer, list, root.label, false)
        if (ok)
            Qt.callLater(() => {
                const target = focusIndex >= 0 ? root.row(focusIndex) : null
                if (target)
                    target.field.forceActiveFocus()
                else if (focusIndex < 0)
                    addInput.forceActiveFocus()
            })
        return ok
    }
    function replaced(index: int, text: string): var {
        const list = root.items.slice()
        if (text.length === 0)
            list.splice(index, 1)
        else
            list[index] = text
        return list
    }
    function moved(index: int, by: int): var {
        const list = root.items.slice()
        const item = list.splice(index, 1)[0]
        list.splice(index + by, 0, item)
        return list
    }
    function add(): void {
        const text = addInput.text.trim()
        if (text.length === 0)
            return
        if (root.write(root.items.concat([text]), -1))
            addInput.clear()
    }

    spacing: 2
    Layout.fillWidth: true

    RowLayout {
        spacing: 8
        Layout.fillWidth: true
        FieldLabel {
            text: root.label
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: 8
        }
        ColumnLayout {
            spacing: 4
            Layout.fillWidth: true
            Layout.maximumWidth: 520

            Repeater {
                id: rowRepeater
                model: root.items
                delegate: RowLayout {
                    id: itemRow
                    required property string modelData
                    required property int index
                    readonly property alias field: itemField
                    readonly property alias upButton: up
                    readonly property alias downButton: down
                    readonly property alias removeButton: remove
                    spacing: 2
                    Layout.fillWidth: true

                    TextField {
                        id: itemField
                        text: itemRow.modelData
                        selectByMouse: true
                        Layout.fillWidth: true
                        Accessible.name: qsTr("%1, item %2 of %3").arg(root.label).arg(itemRow.index + 1).arg(root.items.length)
                        BesideToolTip {
                            target: itemField
                            below: true
                            shown: itemField.hovered && !itemField.activeFocus
                            text: qsTr("Edit; empty removes it. Alt+Up and Alt+Down move it.")
                        }
                        onEditingFinished: {
                            const text = itemField.text.trim()
                            if (text !== itemRow.modelData)
                                root.write(root.replaced(itemRow.index, text), Math.min(itemRow.index, root.items.length - 2))
                        }
                        Keys.onPressed: event => {
                            if (!(event.modifiers & Qt.AltModifier))
                                return
                            if (event.key === Qt.Key_Up && up.enabled) {
                                up.clicked()
                                event.accepted = true
                            } else if (event.key === Qt.Key_Down && down.enabled) {
                                down.clicked()
                                event.accepted = true
                            }
                        }
                    }
                    ToolButton {
                        id: up
                        text: "↑"
                        enabled: itemRow.index > 0
                        Accessible.name: qsTr("Move %1 up").arg(itemRow.modelData)
                        ToolTip.visible: hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.text: Accessible.name
                        onClicked: root.write(root.moved(itemRow.index, -1), itemRow.index - 1)
                    }
                    ToolButton {
                        id: down
                        text: "↓"
                        enabled: itemRow.index + 1 < root.items.length
                        Accessible.name: qsTr("Move %1 down").arg(itemRow.modelData)
                        ToolTip.visible: hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.text: Accessible.name
                        onClicked: root.write(root.moved(itemRow.index, 1), itemRow.index + 1)
                    }
                    ToolButton {
                        id: remove
                        text: "✕"
                        Accessible.name: qsTr("Remove %1").arg(itemRow.modelData)
                        ToolTip.visible: hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.text: Accessible.name
                        onClicked: root.write(root.replaced(itemRow.index, ""), -1)
                    }
                }
            }
            RowLayout {
                spacing: 4
                Layout.fillWidth: true
                TextField {
                    id: addInput
                    placeholderText: root.placeholder
                    selectByMouse: true
                    Layout.fillWidth: true
                    Accessible.name: qsTr("New item for %1").arg(root.label)
                    BesideToolTip {
                        target: addInput
                        below: true
                        shown: addInput.hovered && !addInput.activeFocus
                        text: root.hint.length > 0 ? root.hint : root.label
                    }
                    onAccepted: root.add()
                }
                Button {
                    id: addAction
                    text: qsTr("Add")
                    enabled: addInput.text.trim().length > 0
                    Accessible.name: qsTr("Add to %1").arg(root.label)
                    onClicked: root.add()
                }
            }
            Label {
                visible: root.items.length === 0
                text: qsTr("None yet.")
                opacity: 0.7
            }
        }
    }
    FieldError {
        message: root.errorText
        Layout.leftMargin: 288
    }
}
