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
}
