// SPDX-License-Identifier: MIT
// The journey pages edit the plan through PlanSession.set(), show refused values at the field,
// and apply fixes with the Fix button.
import QtQuick
import QtTest
import OwuiPlanner.Ui

TestCase {
    id: testCase
    name: "Journey"
    when: windowShown
    visible: true // TestCase is hidden by default; the pages under test must be visible
    width: 1280
    height: 2400

    function typeText(text: string): void {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    Component { id: startComponent; StartPage {} }
    Component { id: postgresComponent; PostgresPage {} }
    Component { id: storageComponent; StoragePage {} }
    Component { id: defaultsComponent; DefaultsPage {} }
    Component { id: instancesComponent; InstancesPage {} }
    Component { id: vectorDbComponent; VectorDbPage {} }
    Component { id: redisComponent; RedisPage {} }

    function createPage(component: Component): Item {
        const page = createTemporaryObject(component, testCase, { session: testSession, width: 1280, height: 2400 })
        verify(page !== null)
        waitForRendering(page)
        return page
    }

    function init(): void {
        verify(testSession.loadPreset("high-availability"))
    }

    function test_presetButtonLoadsPreset(): void {
        const page = createPage(startComponent)
        const button = findChild(page, "preset_large-scale")
        verify(button !== null)
        let started = 0
        page.started.connect(() => ++started)
        mouseClick(button)
        compare(testSession.scenarioId, "large-scale")
        verify(testSession.scenarioLabel.indexOf("Large scale") >= 0)
        compare(started, 1)
    }

    function test_errorLineShowsOpenFailure(): void {
        const page = createPage(startComponent)
        verify(!testSession.openFile("/nonexistent/plan.json"))
        verify(testSession.errorText.length > 0)
        const line = findChild(page, "errorLine")
        verify(line.visible)
        compare(line.text, testSession.errorText)
    }

    function test_poolSpinBoxEditsThePlan(): void {
        const page = createPage(postgresComponent)
        const field = findChild(page, "poolSizeField")
        verify(field !== null)
        const before = testSession.plan.database.pool_size
        verify(before !== null)
        field.spinBox.forceActiveFocus()
        keyClick(Qt.Key_Up)
        compare(testSession.plan.database.pool_size, before + 1)
        compare(field.spinBox.value, before + 1)
        verify(testSession.canUndo)
        testSession.undo()
        compare(testSession.plan.database.pool_size, before)
        compare(field.spinBox.value, before)
    }

    function test_poolSliderEditsThePlan(): void {
        const page = createPage(postgresComponent)
        const field = findChild(page, "poolSizeField")
        const before = testSession.plan.database.pool_size
        field.sliderControl.forceActiveFocus()
        keyClick(Qt.Key_Right)
        keyClick(Qt.Key_Right)
        compare(testSession.plan.database.pool_size, before + 2)
        // Both key presses merge into one undoable step.
        testSession.undo()
        compare(testSession.plan.database.pool_size, before)
    }

    function test_refusedValueShowsFieldError(): void {
        const page = createPage(postgresComponent)
        const field = findChild(page, "reservedField")
        const max = testSession.plan.database.max_connections
        const before = testSession.plan.database.superuser_reserved_connections
        field.spinBox.forceActiveFocus()
        field.spinBox.contentItem.selectAll()
        typeText(String(max + 5))
        keyClick(Qt.Key_Return)
        compare(testSession.plan.database.superuser_reserved_connections, before)
        verify(field.errorText.length > 0)
        compare(field.errorText, testSession.fieldErrors["/database/superuser_reserved_connections"])
        verify(field.errorText.indexOf("max_connections") >= 0)
        // A valid value clears the message.
        field.spinBox.contentItem.selectAll()
        typeText("4")
        keyClick(Qt.Key_Return)
        compare(testSession.plan.database.superuser_reserved_connections, 4)
        compare(field.errorText, "")
    }

    function test_invalidImageTagShowsFieldError(): void {
        const page = createPage(defaultsComponent)
        const before = testSession.plan.image_tag
        verify(testSession.set("/image_tag", "not a tag!") === false)
        compare(testSession.plan.image_tag, before)
        verify(String(testSession.fieldErrors["/image_tag"]).length > 0)
    }

    function test_fixButtonClearsFinding(): void {
        verify(testSession.set("/storage/kind", "local"))
        const page = createPage(storageComponent)
        const card = findChild(page, "finding_shared-storage")
        verify(card !== null)
        verify(card.visible)
        verify(card.hasFix)
        const button = findChild(card, "fixButton")
        verify(button.visible)
        mouseClick(button)
        verify(testSession.plan.storage.kind !== "local")
        tryVerify(() => { const c = findChild(page, "finding_shared-storage"); return c === null || !c.visible })
        compare(page.findings.shownCount, 0)
    }

    function test_fixButtonSaysWhatItChangesThenReportsIt(): void {
        // high-availability: 3 replicas × (15 + 20); 50 leaves 47 of them available, far below the 105 needed.
        verify(testSession.set("/database/max_connections", 50))
        const page = createPage(postgresComponent)
        const card = findChild(page, "finding_connection-budget")
        verify(card !== null && card.visible)
        const button = findChild(card, "fixButton")
        verify(button.visible)
        // Before acting: the setting, its current value and the value the fix sets, worked out by the adapter.
        verify(button.text.startsWith("Fix: max_connections 50 → "), button.text)
        const target = Number(button.text.split("→ ")[1])
        verify(target > 50)
        const report = findChild(page, "fixReport")
        verify(!report.visible)

        mouseClick(button)
        compare(testSession.plan.database.max_connections, target)
        // After acting: the card is gone, and the list says what changed, with a way back.
        tryVerify(() => report.visible)
        compare(findChild(page, "fixReportText").text, "Changed max_connections 50 → " + target)
        verify(testSession.undoText.indexOf("max_connections 50 → " + target) >= 0, testSession.undoText)
        // The raise leaves room for the worst case too: no budget finding follows the fix.
        for (const rule of ["connection-budget", "connection-budget-peak", "no-connections-available"]) {
            const left = findChild(page, "finding_" + rule)
            verify(left === null || !left.visible, rule)
        }

        mouseClick(findChild(page, "undoFixButton"))
        compare(testSession.plan.database.max_connections, 50)
        verify(!report.visible)
        tryVerify(() => { const c = findChild(page, "finding_connection-budget"); return c !== null && c.visible })
    }

    function test_switchingTheVectorDbShowsTheNewKindsUrl(): void {
        // high-availability uses Qdrant at http://qdrant:6333.
        const page = createPage(vectorDbComponent)
        const kind = findChild(page, "vectorDbKindField")
        const url = findChild(page, "vectorDbUrlField")
        compare(url.field.text, "http://qdrant:6333")
        // Pick pgvector from the open list with the mouse.
        mouseClick(kind.comboBox)
        tryVerify(() => kind.comboBox.popup.opened)
        const list = kind.comboBox.popup.contentItem
        const pgvector = list.itemAtIndex(kind.indexOfValue("pgvector"))
        verify(pgvector !== null)
        mouseClick(pgvector)
        compare(testSession.plan.vector_db.kind, "pgvector")
        // Qdrant's address is not pgvector's: the field is empty, with no Qdrant hint either.
        compare(testSession.plan.vector_db.url, "")
        compare(url.field.text, "")
        compare(url.field.placeholderText, "")
        // Chroma over HTTP: still empty, hinting at the address the bundle then uses.
        mouseClick(kind.comboBox)
        tryVerify(() => kind.comboBox.popup.opened)
        mouseClick(list.itemAtIndex(kind.indexOfValue("chroma-http")))
        compare(testSession.plan.vector_db.kind, "chroma-http")
        compare(url.field.text, "")
        compare(url.field.placeholderText, "http://chromadb:8000")
        // One undo per switch; the first switch comes back with Qdrant's URL in one step.
        testSession.undo()
        testSession.undo()
        compare(testSession.plan.vector_db.kind, "qdrant")
        compare(url.field.text, "http://qdrant:6333")
    }

    function test_upgradeCompressionAndOrjsonByMouseAndKeyboard(): void {
        const page = createPage(instancesComponent)
        // The switches toggle with a click and with the space bar.
        const orjson = findChild(page, "orjsonField")
        const before = testSession.plan.orjson
        mouseClick(orjson.control)
        compare(testSession.plan.orjson, !before)
        orjson.control.forceActiveFocus()
        keyClick(Qt.Key_Space)
        compare(testSession.plan.orjson, before)

        verify(testSession.set("/compression_middleware", true))
        mouseClick(findChild(page, "proxyCompressesField").control)
        compare(testSession.plan.load_balancer.compresses, true)
        const middleware = findChild(page, "compressionMiddlewareField")
        middleware.control.forceActiveFocus()
        keyClick(Qt.Key_Space)
        compare(testSession.plan.compression_middleware, false)

        // The strategy is a ComboBox driven from the keyboard; recreate hides the surge, which no longer applies.
        const start = testSession.plan.upgrade_strategy
        const other = start === "rolling" ? "recreate" : "rolling"
        const strategy = findChild(page, "upgradeStrategyField")
        strategy.comboBox.forceActiveFocus()
        keyClick(start === "rolling" ? Qt.Key_Down : Qt.Key_Up)
        compare(testSession.plan.upgrade_strategy, other)
        testSession.undo()
        compare(testSession.plan.upgrade_strategy, start)
    }

    function test_embeddingModelTypedIntoTheField(): void {
        verify(testSession.set("/embeddings", "local"))
        const page = createPage(vectorDbComponent)
        const engine = findChild(page, "embeddingsField")
        engine.comboBox.forceActiveFocus()
        keyClick(Qt.Key_Down)
        compare(testSession.plan.embeddings, "openai")
        const model = findChild(page, "embeddingModelField")
        tryVerify(() => model.visible)
        mouseClick(model.field)
        model.field.selectAll()
        typeText("text-embedding-3-large")
        keyClick(Qt.Key_Return)
        compare(testSession.plan.embedding_model, "text-embedding-3-large")
    }

    function test_persistentConfigSwitch(): void {
        const page = createPage(defaultsComponent)
        const field = findChild(page, "persistentConfigField")
        compare(testSession.plan.persistent_config, true)
        mouseClick(field.control)
        compare(testSession.plan.persistent_config, false)
    }

    function typeIntoField(field: Item, text: string): void {
        mouseClick(field.field)
        field.field.selectAll()
        typeText(text)
        keyClick(Qt.Key_Return)
    }

    function test_listSettingsAcceptTypedValues(): void {
        // CORS origins: one row per origin; the original value typed again is accepted, and a new one is added.
        const page = createPage(instancesComponent)
        const cors = findChild(page, "corsOriginsField")
        const original = testSession.plan.cors_allow_origins.slice()
        verify(original.length > 0)
        mouseClick(cors.row(0).field)
        cors.row(0).field.selectAll()
        typeText(original[0])
        keyClick(Qt.Key_Return)
        compare(cors.errorText, "")
        compare(testSession.plan.cors_allow_origins, original)
        mouseClick(cors.addField)
        typeText("https://chat.example.com")
        keyClick(Qt.Key_Return)
        compare(cors.errorText, "")
        compare(testSession.plan.cors_allow_origins, original.concat(["https://chat.example.com"]))

        // Sentinel hosts, on the Redis page, typed one after another.
        verify(testSession.set("/redis/mode", "sentinel"))
        const redis = createPage(redisComponent)
        const hosts = findChild(redis, "sentinelHostsField")
        tryVerify(() => hosts.visible)
        for (const host of ["sentinel-a", "sentinel-b", "sentinel-c"]) {
            mouseClick(hosts.addField)
            typeText(host)
            keyClick(Qt.Key_Return)
        }
        compare(hosts.errorText, "")
        compare(testSession.plan.redis.sentinel_hosts, ["sentinel-a", "sentinel-b", "sentinel-c"])
    }

    function test_autoscalingSwitchFillsTheRangeInOneStep(): void {
        // high-availability runs 3 replicas with autoscaling off and the range at 1..1.
        verify(testSession.set("/autoscaling/enabled", false))
        compare(testSession.plan.replicas, 3)
        const page = createPage(instancesComponent)
        const toggle = findChild(page, "autoscalingField")
        mouseClick(toggle.control)
        compare(testSession.plan.autoscaling.enabled, true)
        compare(testSession.plan.autoscaling.min_replicas, 3)
        compare(testSession.plan.autoscaling.max_replicas, 6)
        compare(Object.keys(testSession.fieldErrors).length, 0)
        // One undo takes the switch and the range back together.
        testSession.undo()
        compare(testSession.plan.autoscaling.enabled, false)
        compare(testSession.plan.autoscaling.min_replicas, 1)
        compare(testSession.plan.autoscaling.max_replicas, 1)
    }

    function test_refusedEditErrorClearsWithItsCause(): void {
        // Raising the autoscaling minimum above the replicas is refused at /replicas, where the conflict is;
        // a valid minimum clears that error even though it was shown at another field.
        createPage(instancesComponent)
        verify(testSession.set("/autoscaling/enabled", true))
        compare(testSession.plan.autoscaling.min_replicas, 3)
        verify(!testSession.set("/autoscaling/min_replicas", 4))
        verify(String(testSession.fieldErrors["/replicas"]).indexOf("min_replicas") >= 0)
        verify(testSession.set("/autoscaling/min_replicas", 2))
        compare(Object.keys(testSession.fieldErrors).length, 0)
    }

    function test_planTextIsNeverMarkup(): void {
        // "< 50 users" keeps its "<", and a plan named like markup is shown as written, not rendered.
        verify(testSession.loadPreset("small-team"))
        verify(testSession.set("/name", "<b>Ops</b> & <img src=\"http://example.org/x.png\">"))
        const defaults = createPage(defaultsComponent)
        const scenario = findChild(defaults, "scenarioLine")
        verify(testSession.scenarioLabel.indexOf("<") >= 0)
        verify(scenario.text.indexOf("&lt; 50") >= 0, scenario.text)
        const start = createPage(startComponent)
        const line = findChild(start, "currentPlanLine")
        verify(line.text.indexOf("&lt;img src=&quot;http://example.org/x.png&quot;&gt;") >= 0, line.text)
        verify(line.text.indexOf("<img") < 0)
    }
}
