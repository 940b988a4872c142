// SPDX-License-Identifier: MIT
// One page of the window, created the first time it is shown and then kept (its scroll position and
// half-typed text stay). Its file is read only then, too: the window starts with the first page's type alone.
import QtQuick

Loader {
    id: slot

    /** The page's QML file: Qt.resolvedUrl("…") where the slot is declared, or it would resolve against this file. */
    required property url page
    /** The page's properties, given when it is created (its required properties among them). */
    property var initial: ({})

    // The pages' own signals, passed on so the window can answer them where it lists the page.
    signal nextRequested()
    signal backRequested()
    signal started()
    signal openRequested()
    signal importRequested()
    signal continued()

    /** Creates the page unless it exists. */
    function create(): void {
        if (slot.status === Loader.Null)
            slot.setSource(slot.page, slot.initial)
    }

    Connections {
        target: slot.item
        ignoreUnknownSignals: true
        function onNextRequested() { slot.nextRequested() }
        function onBackRequested() { slot.backRequested() }
        function onStarted() { slot.started() }
        function onOpenRequested() { slot.openRequested() }
        function onImportRequested() { slot.importRequested() }
        function onContinued() { slot.continued() }
    }
}
