// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Dialogs
import OwuiPlanner.Backend

/**
 * The window's "Open a plan" and "Save the plan as" dialogs. Main.qml loads this file the first time a
 * dialog is asked for: importing QtQuick.Dialogs at start-up cost a fifth of the first frame.
 */
Item {
    id: dialogs

    required property PlanSession session

    /** Save as ended: `saved` is false when it was cancelled or the file could not be written. */
    signal saveAsFinished(bool saved)
    /** A plan was opened from a file. */
    signal planOpened()

    /** Save as proposes a file name made from the plan's name, in the plan's folder (Documents for a new plan). */
    function saveAs(): void {
        const suggested = dialogs.session.suggestedSaveUrl()
        saveDialog.currentFolder = suggested.toString().substring(0, suggested.toString().lastIndexOf("/"))
        saveDialog.currentFile = suggested
        saveDialog.open()
    }

    function open(): void {
        openDialog.open()
    }

    FileDialog {
        id: saveDialog
        objectName: "saveDialog"
        title: qsTr("Save the plan as")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("Plan files (*.json)")]
        defaultSuffix: "json"
        acceptLabel: qsTr("Save")
        onAccepted: dialogs.saveAsFinished(dialogs.session.saveAs(selectedFile.toString()))
        onRejected: dialogs.saveAsFinished(false)
    }
    FileDialog {
        id: openDialog
        objectName: "openDialog"
        title: qsTr("Open a plan")
        fileMode: FileDialog.OpenFile
        nameFilters: [qsTr("Plan files (*.json)")]
        onAccepted: {
            if (dialogs.session.openFile(selectedFile.toString()))
                dialogs.planOpened()
        }
    }
}
