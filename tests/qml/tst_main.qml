// SPDX-License-Identifier: MIT
// The main window: header state, undo/redo, the scenario chip, presenter mode, and every page renders.
import QtQuick
import QtTest
import OwuiPlanner.Ui

TestCase {
    id: testCase
    name: "MainWindow"
    when: windowShown

    Component { id: mainComponent; Main {} }

    function init(): void {
        verify(testSession.loadPreset("high-availability"))
    }

    function test_headerFollowsTheSession(): void {
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        verify(window !== null)
        const chip = findChild(window, "scenarioChip")
        const undo = findChild(window, "undoButton")
        verify(chip.text.indexOf(testSession.scenarioLabel) >= 0)
        verify(!undo.enabled)
        verify(testSession.set("/workers", 2))
        verify(undo.enabled)
        verify(window.title.indexOf("•") >= 0)
        mouseClick(undo)
        compare(testSession.plan.workers, 1)
        verify(!testSession.modified)
        verify(testSession.loadPreset("large-scale"))
        verify(chip.text.indexOf("Large scale") >= 0)
    }

    function test_everyPageOpens(): void {
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        for (let i = 0; i < window.pageKeys.length; ++i) {
            window.openPage(window.pageKeys[i])
            compare(window.currentPage, i)
            waitForRendering(window.contentItem)
        }
    }

    function test_presenterScalesFonts(): void {
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        const base = window.font.pointSize
        const toggle = findChild(window, "presenterSwitch")
        verify(toggle !== null)
        mouseClick(toggle)
        verify(window.presenter)
        verify(window.font.pointSize > base)
    }

    function test_ctrlZInAFocusedFieldUndoesThePlan(): void {
        // The SpinBox's text has focus: Ctrl+Z still undoes the plan, and Redo becomes possible.
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        window.requestActivate()
        tryVerify(() => window.active)
        window.openPage("postgresql")
        waitForRendering(window.contentItem)
        const field = findChild(window, "poolSizeField")
        verify(field !== null)
        const before = testSession.plan.database.pool_size
        field.spinBox.forceActiveFocus()
        keyClick(Qt.Key_Up)
        compare(testSession.plan.database.pool_size, before + 1)
        // The history names the setting as the field does, not by its JSON key.
        compare(testSession.undoText, "Change " + field.label)
        verify(field.spinBox.contentItem.activeFocus)
        keyClick(Qt.Key_Z, Qt.ControlModifier)
        compare(testSession.plan.database.pool_size, before)
        compare(field.spinBox.value, before)
        verify(testSession.canRedo)
        keyClick(Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
        compare(testSession.plan.database.pool_size, before + 1)
    }

    function openWindow(): var {
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        window.requestActivate()
        tryVerify(() => window.active)
        window.openPage("start")
        waitForRendering(window.contentItem)
        return window
    }

    function test_replacingAModifiedPlanAsksFirst(): void {
        const window = openWindow()
        verify(testSession.set("/workers", 3))
        verify(testSession.modified)
        const startPage = findChild(window, "pages").children[0]
        const card = findChild(startPage, "preset_large-scale")
        const guard = findChild(window, "unsavedGuard")
        verify(card !== null, "preset card")
        verify(guard !== null, "guard")

        // Cancel keeps the edited plan and its undo history.
        mouseClick(card)
        tryVerify(() => guard.opened)
        compare(testSession.plan.workers, 3)
        mouseClick(guard.cancelButton)
        tryVerify(() => !guard.visible)
        compare(testSession.plan.workers, 3)
        verify(testSession.canUndo)

        // Discard replaces it.
        mouseClick(card)
        tryVerify(() => guard.opened)
        mouseClick(guard.discardButton)
        tryVerify(() => !guard.visible)
        compare(testSession.scenarioId, "large-scale")
        verify(!testSession.modified)

        // An unmodified plan is replaced without a question.
        window.openPage("start")
        waitForRendering(window.contentItem)
        mouseClick(findChild(startPage, "newPlanButton"))
        verify(!guard.visible)
        compare(testSession.plan.replicas, 1)
    }

    function test_saveInTheQuestionSavesThenReplaces(): void {
        const window = openWindow()
        const path = testTempDir + "/guarded-" + Date.now() + ".json"
        verify(testSession.saveAs(path))
        verify(window.title.indexOf(path.split("/").pop()) >= 0, window.title)
        verify(testSession.set("/workers", 2))
        verify(window.title.endsWith(" •"), window.title)
        const guard = findChild(window, "unsavedGuard")
        mouseClick(findChild(window, "newPlanButton"))
        tryVerify(() => guard.opened)
        mouseClick(guard.saveButton)
        tryVerify(() => !guard.visible)
        compare(testSession.plan.workers, 1) // the new plan
        verify(testSession.openFile(path))
        compare(testSession.plan.workers, 2) // the saved edit
    }

    function test_reviewLeadsOnToExport(): void {
        const window = openWindow()
        window.openPage("review")
        waitForRendering(window.contentItem)
        const review = findChild(window, "pages").children[window.pageKeys.indexOf("review")]
        const next = findChild(review, "nextButton")
        verify(next.visible)
        verify(next.text.indexOf("Export") >= 0)
        mouseClick(next)
        compare(window.currentPage, window.pageKeys.indexOf("export"))
    }

    function test_planNameInTheHeaderAndTheQuestionIsPlainText(): void {
        // Labels guess rich text from tags; a shared plan's name must never be rendered as markup.
        const window = openWindow()
        verify(testSession.set("/name", "<b>Ops</b> <img src=\"http://example.org/x.png\">"))
        const title = findChild(window, "planTitle")
        compare(title.textFormat, Text.PlainText)
        verify(title.text.startsWith("<b>Ops</b>"))
        const startPage = findChild(window, "pages").children[0]
        mouseClick(findChild(startPage, "newPlanButton"))
        const guard = findChild(window, "unsavedGuard")
        tryVerify(() => guard.opened)
        compare(guard.contentItem.children[1].textFormat, Text.PlainText)
        verify(guard.contentItem.children[1].text.indexOf("<b>Ops</b>") >= 0)
        mouseClick(guard.cancelButton)
    }
}
