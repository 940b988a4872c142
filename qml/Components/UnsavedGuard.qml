// SPDX-License-Identifier: MIT
// Nothing is lost without a question: anything that replaces a modified plan (a preset, a new plan, a
// training step, Open, a recent file, closing the window) runs through run(), which asks Save / Discard /
// Cancel first. Save on a plan that has no file yet asks for one (saveAsRequested) and carries on only
// once the save succeeded.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend

Popup {
    id: root

    required property PlanSession session
    /** What to do once the user has answered (or at once when nothing is unsaved). */
    property var pending: null
    /** A description of what will replace the plan, for the question. */
    property string what: ""


    /** Emitted when Save needs a file name first; call saved(ok) when the Save-as dialog finishes. */
    signal saveAsRequested()

    function run(description: string, action: var): void {
        if (!root.session.modified) {
            action()
            return
        }
        root.what = description
        root.pending = action
        root.open()
        saveButton.forceActiveFocus()
    }

    /** The Save-as dialog's answer: carry on only after a successful save. */
    function saved(ok: bool): void {
        if (ok && !root.session.modified)
            root.proceed()
        else
            root.pending = null
    }

    function proceed(): void {
        const action = root.pending
        root.pending = null
        root.close()
        if (action)
            action()
    }

    objectName: "unsavedGuard"
    modal: true
    focus: true
    x: parent ? Math.round((parent.width - width) / 2) : 0
    y: parent ? Math.round(parent.height / 4) : 0
    padding: 16
    closePolicy: Popup.CloseOnEscape
    onClosed: if (!root.continuing) root.pending = null

    /** True while Save waits for a Save-as answer: closing then keeps the pending action. */
    property bool continuing: false

    readonly property alias saveButton: saveButton
    readonly property alias discardButton: discardButton
    readonly property alias cancelButton: cancelButton

    contentItem: ColumnLayout {
        spacing: 12
        Label {
            text: qsTr("Unsaved changes")
            font.bold: true
        }
        Label {
            objectName: "guardQuestion"
            text: qsTr("The plan \"%1\" has unsaved changes. Save them before %2?").arg(root.session.planName).arg(root.what)
            textFormat: Text.PlainText // the plan's name and a recent file's path are shown as written
            wrapMode: Text.Wrap
            Layout.preferredWidth: 460
        }
        RowLayout {
            spacing: 8
            Layout.alignment: Qt.AlignRight
            Button {
                id: saveButton
                text: qsTr("Save")
                highlighted: true
                onClicked: {
                    if (root.session.filePath.length === 0) {
                        root.continuing = true
                        root.close()
                        root.continuing = false
                        root.saveAsRequested()
                    } else if (root.session.save()) {
                        root.proceed()
                    }
                }
            }
            Button {
                id: discardButton
                text: qsTr("Discard")
                onClicked: root.proceed()
            }
            Button {
                id: cancelButton
                text: qsTr("Cancel")
                onClicked: root.close()
            }
        }
    }
}
