// SPDX-License-Identifier: MIT
// The Review page of a plan inferred by `audit`: where it came from, and the work beyond a redeploy that the
// core lists (exporters::changesFromAudit through PlanSession.auditOrigin); a plan without an origin shows none.
import QtQuick
import QtTest
import OwuiPlanner.Ui

TestCase {
    id: testCase
    name: "ReviewAuditOrigin"
    when: windowShown

    Component { id: mainComponent; Main {} }

    function openWindow(): var {
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        window.width = 1280
        window.height = 800
        window.requestActivate()
        tryVerify(() => window.active)
        return window
    }

    /** The Review page, reached as a person does: the scenario chip in the header. */
    function openReview(window: var): var {
        mouseClick(findChild(window, "scenarioChip"))
        tryCompare(window, "currentPage", window.pageKeys.indexOf("review"))
        return findChild(window, "pages").children[window.currentPage]
    }

    function workLines(block: var): var {
        const lines = []
        const repeater = findChild(block, "auditWork")
        for (let i = 0; i < repeater.count; ++i)
            lines.push(repeater.itemAt(i).children[0].text)
        return lines
    }

    function test_auditedPlanShowsWhereItCameFromAndTheWork(): void {
        verify(testSession.openFile(testDataDir + "/import/origin/audited-plan.json"), testSession.errorText)
        const window = openWindow()
        const review = openReview(window)
        const block = findChild(review, "auditOriginBlock")
        tryVerify(() => block.visible)
        compare(findChild(block, "auditFiles").text, "Read from: deploy/compose.yaml, deploy/compose.override.yaml")
        verify(findChild(block, "auditSummary").text.indexOf("3 other settings change with the redeploy") >= 0,
               findChild(block, "auditSummary").text)
        const lines = workLines(block)
        compare(lines, ["1. data migration, before the redeploy: /database/kind sqlite → postgresql",
                        "2. new secret key, before the redeploy: /secrets/key_mode unset → generated",
                        "3. copy uploads, before the redeploy: /storage/kind local-volume → shared-volume",
                        "4. re-index, after the redeploy: /vector_db/kind chroma → qdrant",
                        "5. PersistentConfig, after the redeploy: CONTENT_EXTRACTION_ENGINE docling → tika"])
        // Each item says what to do, in the core's words.
        const repeater = findChild(block, "auditWork")
        verify(repeater.itemAt(0).children[1].text.indexOf("does not move data") >= 0)
        verify(repeater.itemAt(3).children[1].text.indexOf("Reindex Knowledge Base Vectors") >= 0)
        waitForRendering(window.contentItem)
        verify(block.height > 100 && block.width > 400, "the block is laid out: " + block.width + "×" + block.height)

        // Back on the audited vector database, the re-index goes; Ctrl+Z brings it back.
        verify(testSession.set("/vector_db/kind", "chroma"))
        tryVerify(() => workLines(block).length === 4)
        verify(workLines(block).every(line => line.indexOf("re-index") < 0))
        keyClick(Qt.Key_Z, Qt.ControlModifier)
        tryVerify(() => workLines(block).length === 5)
    }

    function test_planWithoutAnOriginShowsNoBlock(): void {
        verify(testSession.loadPreset("high-availability"))
        const window = openWindow()
        const review = openReview(window)
        const block = findChild(review, "auditOriginBlock")
        verify(block !== null)
        verify(!block.visible)
        compare(Object.keys(testSession.auditOrigin).length, 0)
    }
}
