// SPDX-License-Identifier: MIT
// Export and training pages: an export writes the bundle and shows the validators' verdicts;
// "break it" turns on the mistake and shows the rule that catches it.
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
    Component { id: trainingComponent; TrainingPage {} }
    Component { id: startComponent; StartPage {} }

    SignalSpy { id: validatedSpy; target: testExporter; signalName: "validated" }

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

    function test_exportWritesAndValidates(): void {
        // Every secret generated: an operator's own (large-scale's OpenAI embedding key) stays empty in .env,
        // and docker-compose rightly stops at its ${...:?} until it is filled in.
        verify(testSession.set("/embeddings", "ollama"))
        const page = exportPage()
        findChild(page, "folderField").text = testTempDir + "/bundle-" + Date.now()
        const button = findChild(page, "exportButton")
        verify(button.enabled)
        mouseClick(button)
        compare(testExporter.errorText, "")
        verify(testExporter.files.indexOf("compose.yaml") >= 0)
        validatedSpy.wait(60000)
        verify(testExporter.verdicts.length >= 3)
        for (let i = 0; i < testExporter.verdicts.length; ++i)
            verify(["accepted", "checked"].indexOf(testExporter.verdicts[i].verdict) >= 0, JSON.stringify(testExporter.verdicts[i]))
    }

    function test_exportRefusalIsShown(): void {
        verify(testSession.breakIt("sqlite-three-replicas"))
        const page = exportPage()
        findChild(page, "folderField").text = testTempDir + "/refused-" + Date.now()
        mouseClick(findChild(page, "exportButton"))
        verify(testExporter.errorText.indexOf("external-database") >= 0)
        const shown = findChild(page, "exportError")
        verify(shown.visible)
        compare(shown.text, testExporter.errorText)
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

    function test_breakItShowsTheRule(): void {
        const page = createTemporaryObject(trainingComponent, testCase, { session: testSession, width: 1280, height: 2400 })
        verify(page !== null)
        const rule = findChild(page, "ruleLabel-sqlite-three-replicas")
        verify(rule.text.indexOf("not firing") >= 0)
        mouseClick(findChild(page, "breakButton-sqlite-three-replicas"))
        compare(testSession.plan.database.kind, "sqlite")
        tryVerify(() => rule.text.indexOf("Caught now by rule external-database") === 0)
        testSession.undo()
        tryVerify(() => rule.text.indexOf("not firing") >= 0)
    }
}
