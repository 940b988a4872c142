// SPDX-License-Identifier: MIT
// The export page: an export writes the bundle and shows the validators' verdicts (training: tst_training.qml).
import QtQuick
import QtTest
import OwuiPlanner.Ui

TestCase {
    id: testCase
    name: "Deliver"
    when: windowShown
    visible: true
    width: 1280
    height: 900

    Component { id: exportComponent; ExportPage {} }
    Component { id: startComponent; StartPage {} }

    SignalSpy { id: validatedSpy; target: testExporter; signalName: "validated" }
    SignalSpy { id: writtenSpy; target: testExporter; signalName: "finished" }

    /** Clicks Export and waits for the bundle to be written (or refused): it is written off the GUI thread. */
    function clickExport(page: Item, exporter: QtObject): void {
        const spy = exporter === testExporter ? writtenSpy : slowWrittenSpy
        spy.clear()
        mouseClick(findChild(page, "exportButton"))
        if (spy.count === 0)
            spy.wait(30000)
    }
    SignalSpy { id: slowWrittenSpy; target: testSlowExporter; signalName: "finished" }

    function exportPage(): Item {
        const page = createTemporaryObject(exportComponent, testCase,
                                           { session: testSession, exporter: testExporter, width: 1280, height: 900 })
        verify(page !== null)
        return page
    }

    function init(): void {
        verify(testSession.loadPreset("large-scale"))
        validatedSpy.clear()
    }

    function test_buttonSaysWritingWhileTheBundleIsWritten(): void {
        const page = exportPage()
        findChild(page, "folderField").text = testTempDir + "/writing-" + Date.now()
        const button = findChild(page, "exportButton")
        writtenSpy.clear()
        mouseClick(button)
        // The click returns before the bundle is on disk; the window keeps drawing and says what it does.
        compare(button.text, "Writing…")
        verify(!button.enabled)
        verify(!findChild(page, "cancelButton").visible) // nothing to cancel yet
        writtenSpy.wait(30000)
        verify(button.text !== "Writing…")
        tryCompare(button, "text", "Export", 60000)
    }

    function test_exportWritesAndValidates(): void {
        // large-scale's OpenAI embedding key is the operator's: docker-compose checks with a placeholder for it.
        const page = exportPage()
        findChild(page, "folderField").text = testTempDir + "/bundle-" + Date.now()
        const button = findChild(page, "exportButton")
        verify(button.enabled)
        clickExport(page, testExporter)
        compare(testExporter.errorText, "")
        verify(testExporter.files.indexOf("compose.yaml") >= 0)
        validatedSpy.wait(60000)
        // Every check of a large-scale bundle, the schema checks included, in the order they started,
        // and each one shown on the page.
        compare(testExporter.verdicts.map(v => v.target),
                ["compose", "compose (schema)", "nginx.conf", "swarm", "swarm (schema)", "helm", "kubernetes manifests"])
        for (let i = 0; i < testExporter.verdicts.length; ++i) {
            const verdict = testExporter.verdicts[i]
            verify(["accepted", "checked"].indexOf(verdict.verdict) >= 0, JSON.stringify(verdict))
            const badge = findChild(page, "verdict-" + verdict.target)
            verify(badge !== null, verdict.target)
            compare(badge.text, "✓ " + verdict.target + ": " + verdict.verdict)
            compare(findChild(page, "verdictDetail-" + verdict.target).text, verdict.detail)
        }
        if (screenshotPath.length > 0) {
            waitForRendering(page)
            grabImage(page).save(screenshotPath) // returns nothing in Qt 6.4; a failure throws
        }
    }

    Component { id: badgeComponent; VerdictBadge {} }

    function test_unavailableNeverLooksAccepted(): void {
        const accepted = createTemporaryObject(badgeComponent, testCase, { target: "nginx.conf", verdict: "accepted" })
        const unavailable = createTemporaryObject(badgeComponent, testCase, { target: "nginx.conf", verdict: "unavailable" })
        const rejected = createTemporaryObject(badgeComponent, testCase, { target: "nginx.conf", verdict: "rejected" })
        verify(!Qt.colorEqual(unavailable.color, accepted.color))
        verify(!Qt.colorEqual(unavailable.color, rejected.color))
        verify(!Qt.colorEqual(rejected.color, accepted.color))
        compare(unavailable.text, "? nginx.conf: unavailable")
        compare(rejected.text, "✗ nginx.conf: rejected")
        compare(accepted.text, "✓ nginx.conf: accepted")
        const checking = createTemporaryObject(badgeComponent, testCase, { target: "nginx.conf", verdict: "checking" })
        verify(!Qt.colorEqual(checking.color, accepted.color))
        compare(checking.text, "… nginx.conf: checking")
    }

    function test_cancelStopsTheChecks(): void {
        // The schema checks of testSlowExporter sleep for two minutes: Cancel stops them, and they say so in grey.
        const page = createTemporaryObject(exportComponent, testCase,
                                           { session: testSession, exporter: testSlowExporter, width: 1280, height: 900 })
        findChild(page, "folderField").text = testTempDir + "/cancelled-" + Date.now()
        const cancel = findChild(page, "cancelButton")
        verify(!cancel.visible)
        clickExport(page, testSlowExporter)
        verify(testSlowExporter.busy)
        compare(testSlowExporter.verdicts.find(v => v.target === "compose (schema)").verdict, "checking")
        tryCompare(cancel, "visible", true)
        mouseClick(cancel)
        tryCompare(testSlowExporter, "busy", false, 10000)
        verify(!cancel.visible)
        const row = testSlowExporter.verdicts.find(v => v.target === "compose (schema)")
        compare(row.verdict, "cancelled")
        const badge = findChild(page, "verdict-compose (schema)")
        compare(badge.text, "– compose (schema): cancelled")
        const accepted = createTemporaryObject(badgeComponent, testCase, { target: "x", verdict: "accepted" })
        verify(!Qt.colorEqual(badge.color, accepted.color))
        compare(findChild(page, "verdictDetail-compose (schema)").text, row.detail)
    }

    function test_exportRefusalIsShown(): void {
        verify(testSession.breakIt("sqlite-three-replicas"))
        const page = exportPage()
        findChild(page, "folderField").text = testTempDir + "/refused-" + Date.now()
        clickExport(page, testExporter)
        verify(testExporter.errorText.indexOf("external-database") >= 0)
        const shown = findChild(page, "exportError")
        verify(shown.visible)
        compare(shown.text, testExporter.errorText)
    }

    function test_existingFolderNamesTheSwitchAndClearsOnANewFolder(): void {
        const page = exportPage()
        const folder = findChild(page, "folderField")
        folder.text = testTempDir + "/twice-" + Date.now()
        clickExport(page, testExporter)
        validatedSpy.wait(60000)
        compare(testExporter.errorText, "")
        clickExport(page, testExporter) // the same folder again
        verify(testExporter.errorText.indexOf("Replace an existing folder") >= 0, testExporter.errorText)
        verify(testExporter.errorText.indexOf("--force") < 0)
        verify(findChild(page, "exportError").visible)
        // Typing another folder clears the message.
        mouseClick(folder)
        keyClick(Qt.Key_End)
        keyClick("2")
        compare(testExporter.errorText, "")
        verify(!findChild(page, "exportError").visible)
    }

    function test_recentPlanOpens(): void {
        const path = testTempDir + "/recent-" + Date.now() + ".json"
        verify(testSession.saveAs(path))
        testSettings.addRecentFile(path)
        verify(testSession.loadPreset("single-user"))
        const page = createTemporaryObject(startComponent, testCase,
                                           { session: testSession, settings: testSettings, width: 1280, height: 1600 })
        const recent = findChild(page, "recent_0")
        verify(recent !== null)
        compare(recent.text, path)
        mouseClick(recent)
        compare(testSession.filePath, path)
        compare(testSession.scenarioId, "large-scale")
    }
}
