// SPDX-License-Identifier: MIT
// The Import page: deployment files audited, the findings with their place and the file's lines, keyboard
// through them, and "Continue as a plan" into the journey (asking first when the plan was edited).
// Files come in through ImportPage.receiveFiles, the function the file dialog's accepted handler and the drop
// area's onDropped both call: a test can drive neither the desktop's native dialog nor a drag from another
// application, so it drives the function they share.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtTest
import OwuiPlanner.Backend
import OwuiPlanner.Ui

TestCase {
    id: testCase
    name: "Import"
    when: windowShown
    visible: true
    width: 1024
    height: 640

    readonly property url composeFile: Qt.resolvedUrl("../data/import/page/compose.yaml")
    readonly property url notDeployment: Qt.resolvedUrl("../data/import/page/not-a-deployment.yaml")

    // The page owns its AuditSession here, so both go together when a test ends.
    Component { id: pageComponent; ImportPage { audit: AuditSession { session: testSession } } }
    Component { id: mainComponent; Main {} }

    function init(): void {
        verify(testSession.loadPreset("high-availability"))
    }

    function importPage(): Item {
        const page = createTemporaryObject(pageComponent, testCase, { session: testSession, width: 1024, height: 640 })
        verify(page !== null)
        return page
    }

    function auditDone(page: Item): void {
        tryVerify(() => !page.audit.busy, 10000)
        waitForRendering(page)
    }

    function test_aFileThatIsNotADeploymentSaysSoAndNamesIt(): void {
        const page = importPage()
        const before = testSession.planName
        page.receiveFiles([testCase.notDeployment], true)
        auditDone(page)
        const error = findChild(page, "importError")
        verify(error.visible)
        verify(error.text.indexOf("not-a-deployment.yaml") >= 0, error.text)
        verify(error.text.indexOf("no Open WebUI found") >= 0, error.text)
        compare(findChild(page, "auditedFile_0").visible, true)
        const continueButton = findChild(page, "continueButton")
        verify(!continueButton.enabled)
        mouseClick(continueButton)
        compare(testSession.planName, before)
        compare(page.audit.findings.count, 0)
    }

    function test_anUnreadableFileShowsTheErrorNamingTheFile(): void {
        const page = importPage()
        page.receiveFiles(["file://" + testTempDir + "/no-such-compose.yaml"], true)
        auditDone(page)
        const error = findChild(page, "importError")
        verify(error.visible)
        verify(error.text.indexOf("no-such-compose.yaml") >= 0, error.text)
        verify(!findChild(page, "continueButton").enabled)
    }

    function test_removeTakesAFileOutWithMouseAndWithKeyboard(): void {
        const page = importPage()
        page.receiveFiles([testCase.notDeployment], true)
        page.receiveFiles([testCase.composeFile, "file://" + testTempDir + "/gone.yaml"], false)
        compare(page.audit.files.length, 3)
        auditDone(page)
        mouseClick(findChild(page, "removeFileButton_2"))
        compare(page.audit.files.length, 2)
        auditDone(page)
        const remove = findChild(page, "removeFileButton_0")
        remove.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Space)
        compare(page.audit.files.length, 1)
        compare(page.audit.files[0].name, "compose.yaml")
        auditDone(page)
    }

    function test_openFilesReplacesAndTheDropAddsThroughTheSameFunction(): void {
        const page = importPage()
        page.receiveFiles([testCase.notDeployment], true)
        page.receiveFiles([testCase.composeFile], false)
        compare(page.audit.files.length, 2)
        page.receiveFiles([testCase.composeFile], true)
        compare(page.audit.files.length, 1)
        compare(page.audit.files[0].name, "compose.yaml")
        auditDone(page)
        // Open files… asks the desktop for files: a real dialog with several files and YAML filters.
        const dialog = findChild(page, "importFileDialog")
        verify(dialog !== null)
        compare(dialog.fileMode, FileDialog.OpenFiles)
        verify(dialog.nameFilters[0].indexOf("*.yaml") >= 0)
        verify(dialog.nameFilters[dialog.nameFilters.length - 1].indexOf("(*)") >= 0)
    }

    function openWindow(): var {
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        window.requestActivate()
        tryVerify(() => window.active)
        window.openPage("start")
        waitForRendering(window.contentItem)
        return window
    }

    function test_startPageAndStepListLeadToImport(): void {
        const window = openWindow()
        const startPage = findChild(window, "pages").children[0]
        const button = findChild(startPage, "auditFilesButton")
        verify(button !== null)
        mouseClick(button)
        compare(window.currentPage, window.pageKeys.indexOf("import"))
        window.openPage("start")
        button.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Space)
        compare(window.currentPage, window.pageKeys.indexOf("import"))
        // And the step list names it in the Plan section.
        const nav = findChild(window, "navigation")
        nav.forceActiveFocus(Qt.TabFocusReason)
        compare(nav.currentIndex, window.pageKeys.indexOf("import"))
        compare(window.steps[nav.currentIndex].section, "Plan")
    }

    /** The row of the findings model whose rule is `rule`, or -1. */
    function rowOf(audit: var, rule: string): int {
        for (let row = 0; row < audit.findings.count; ++row)
            if (audit.findings.get(row).rule === rule)
                return row
        return -1
    }

    /** The field of a page bound to `pointer` (a NumberField's spin box shows the plan's value). */
    function fieldOf(item: var, pointer: string): var {
        if (item.pointer === pointer && item.spinBox !== undefined)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = fieldOf(item.children[i], pointer)
            if (found)
                return found
        }
        return null
    }

    function test_findingsShowTheirPlaceAndTheLinesAroundIt(): void {
        const page = importPage()
        page.receiveFiles([testCase.composeFile], true)
        auditDone(page)
        verify(page.audit.hasReport)
        verify(!findChild(page, "importError").visible)
        verify(page.audit.errorCount >= 2)
        compare(findChild(page, "summaryLine").text, page.audit.summary)
        verify(findChild(page, "summaryLine").text.startsWith(page.audit.errorCount + " errors, "))

        // SQLite under three replicas is decided by `replicas: 3`, line 10 column 17 of the file.
        const row = rowOf(page.audit, "external-database")
        verify(row >= 0)
        const card = findChild(page, "auditFinding_" + row)
        compare(findChild(card, "findingPlace").text, "compose.yaml:10:17")
        verify(findChild(card, "findingMessage").text.indexOf("SQLite") >= 0)
        verify(findChild(card, "findingRelated").text.indexOf("compose.yaml:13:24") >= 0)
        const excerpt = findChild(card, "findingExcerpt")
        verify(excerpt.visible)
        compare(excerpt.lines.length, 7)
        compare(excerpt.lines[0].number, 7)
        compare(excerpt.lines[6].number, 13)
        const decisive = findChild(excerpt, "decisiveLine")
        verify(decisive !== null)
        compare(findChild(decisive, "excerptText").text, "      replicas: 3")
        compare(findChild(decisive, "excerptText").font.family, "monospace")
        // Line 12 holds the secret key: the excerpt shows that it is set, never its value.
        compare(excerpt.lines[5].number, 12)
        compare(excerpt.lines[5].text, "      WEBUI_SECRET_KEY: ••••••")

        // What the files show, each with how sure and where.
        const replicas = findChild(page, "fact_replicas")
        compare(findChild(replicas, "factValue").text, "3")
        compare(findChild(replicas, "factCertainty").text, "known")
        verify(findChild(replicas, "factPlace").text.indexOf("compose.yaml:10:17") >= 0)
        // The misspelt variable is a note naming the real one, at its line.
        const notes = page.audit.notes
        const misspelt = notes.filter(n => n.kind === "misspelling")
        compare(misspelt.length, 1)
        compare(misspelt[0].place, "compose.yaml:14:32")
        verify(misspelt[0].message.indexOf("ENABLE_WEBSOCKET_SUPPORT") >= 0)
        verify(findChild(page, "continueButton").enabled)
    }

    function test_keyboardMovesThroughTheFindingsAndThePageFollows(): void {
        const page = importPage()
        page.receiveFiles([testCase.composeFile], true)
        auditDone(page)
        const count = page.audit.findings.count
        verify(count > 3)
        const continueButton = findChild(page, "continueButton")
        continueButton.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Tab)
        const first = findChild(page, "auditFinding_0")
        verify(first.activeFocus, "Tab from Continue reaches the first finding")
        verify(findChild(first, "focusFrame").visible)
        const scroll = findChild(page, "importScroll")
        for (let i = 1; i < count; ++i)
            keyClick(Qt.Key_Down)
        const last = findChild(page, "auditFinding_" + (count - 1))
        verify(last.activeFocus)
        verify(scroll.contentItem.contentY > 0, "the page scrolled to the focused finding")
        const top = last.mapToItem(scroll, 0, 0).y
        verify(top >= 0 && top < scroll.height, "the focused finding is in view: " + top)
        keyClick(Qt.Key_Up)
        verify(findChild(page, "auditFinding_" + (count - 2)).activeFocus)
        keyClick(Qt.Key_Backtab)
        verify(findChild(page, "auditFinding_" + (count - 3)).activeFocus)
    }

    function continueInWindow(byKeyboard: bool): var {
        const window = openWindow()
        window.width = 1024
        window.height = 640
        window.openPage("import")
        const page = findChild(window, "importPage")
        page.receiveFiles([testCase.composeFile], true)
        auditDone(page)
        if (screenshotPath.length > 0 && !byKeyboard) {
            // The README's picture: the first finding focused, so the page shows it with the lines around it.
            findChild(page, "continueButton").forceActiveFocus(Qt.TabFocusReason)
            keyClick(Qt.Key_Tab)
            waitForRendering(window.contentItem)
            grabImage(window.contentItem).save(screenshotPath)
            findChild(page, "continueButton").forceActiveFocus(Qt.TabFocusReason) // and back up to the button
            waitForRendering(window.contentItem)
        }
        const continueButton = findChild(page, "continueButton")
        if (byKeyboard) {
            continueButton.forceActiveFocus(Qt.TabFocusReason)
            keyClick(Qt.Key_Space)
        } else {
            mouseClick(continueButton)
        }
        return window
    }

    function checkJourneyShowsTheInferredPlan(window: var): void {
        compare(window.currentPage, window.pageKeys.indexOf("defaults"))
        compare(testSession.plan.replicas, 3)
        compare(testSession.plan.workers, 2)
        verify(testSession.modified, "the inferred plan is new and unsaved")
        compare(testSession.filePath, "")
        compare(testSession.planName, "Audited compose.yaml")
        const defaults = findChild(window, "pages").children[window.pageKeys.indexOf("defaults")]
        const field = fieldOf(defaults, "/replicas")
        verify(field !== null)
        compare(field.spinBox.value, 3)
    }

    function test_continueAsAPlanWithTheMouseOpensTheJourney(): void {
        checkJourneyShowsTheInferredPlan(continueInWindow(false))
    }

    function test_continueAsAPlanWithTheKeyboardOpensTheJourney(): void {
        checkJourneyShowsTheInferredPlan(continueInWindow(true))
    }

    function test_anEditedPlanIsNotReplacedWithoutAsking(): void {
        const window = openWindow()
        window.openPage("import")
        const page = findChild(window, "importPage")
        page.receiveFiles([testCase.composeFile], true)
        auditDone(page)
        verify(testSession.set("/workers", 5))
        const guard = findChild(window, "unsavedGuard")
        const continueButton = findChild(page, "continueButton")
        mouseClick(continueButton)
        tryVerify(() => guard.opened)
        verify(guard.contentItem.children[1].text.indexOf("continuing from the audited files") >= 0)
        mouseClick(guard.cancelButton)
        tryVerify(() => !guard.visible)
        compare(testSession.plan.workers, 5)
        compare(window.currentPage, window.pageKeys.indexOf("import"))
        mouseClick(continueButton)
        tryVerify(() => guard.opened)
        mouseClick(guard.discardButton)
        tryVerify(() => !guard.visible)
        checkJourneyShowsTheInferredPlan(window)
    }
}
