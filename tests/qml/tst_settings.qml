// SPDX-License-Identifier: MIT
// Every key a plan file holds has a control in the window: the test walks the plan's keys, finds the field
// bound to each JSON pointer, edits it with real key events, and undoes and redoes the edit with Ctrl+Z and
// Ctrl+Shift+Z. A key added to the plan file without a control fails here.
import QtQuick
import QtTest
import OwuiPlanner.Ui

TestCase {
    id: testCase
    name: "EverySetting"
    when: windowShown

    Component { id: mainComponent; Main {} }

    function typeText(text: string): void {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    /**
     * Keys that are not settings: the file format, the secret itself (generated, never typed), and the audit
     * record of a plan inferred by `audit` (what the audited files showed: the Review page lists it, no field
     * edits it, and applyChanges refuses an edit under it).
     */
    readonly property var notSettings: ["/format", "/secrets/webui_secret_key", "/audit"]
    /** What a dependent setting needs before its control applies (the test's setup, not the edit). */
    readonly property var preconditions: ({
        "/redis/sentinel_hosts": { "/redis/mode": "sentinel" },
        "/redis/sentinel_port": { "/redis/mode": "sentinel" },
        "/redis/sentinel_service": { "/redis/mode": "sentinel" },
        "/redis/socket_connect_timeout": { "/redis/mode": "sentinel" },
        "/redis/star_sessions": { "/redis/mode": "single" },
        "/secrets/external_secret_name": { "/secrets/key_mode": "external" },
        "/secrets/store_in_plan": { "/secrets/key_mode": "generated" },
        "/rolling_update_surge": { "/upgrade_strategy": "rolling" },
        "/storage/bucket": { "/storage/kind": "s3" },
        "/storage/region": { "/storage/kind": "s3" },
        "/storage/endpoint": { "/storage/kind": "s3" },
        "/storage/volume_size_gi": { "/storage/kind": "shared-volume" },
        "/autoscaling/min_replicas": { "/autoscaling/enabled": true },
        "/autoscaling/max_replicas": { "/autoscaling/enabled": true },
        "/embedding_model": { "/embeddings": "openai" },
        "/embedding_base_url": { "/embeddings": "openai" },
        "/vector_db/pgvector_same_server": { "/vector_db/kind": "pgvector" },
        "/vector_db/pgvector_pool_size": { "/vector_db/kind": "pgvector" },
        "/vector_db/pgvector_max_overflow": { "/vector_db/kind": "pgvector" },
    })
    /** A value each text field accepts, typed as a user would. */
    readonly property var typed: ({
        "/load_balancer/public_url": "https://chat.example.net",
        "/cors_allow_origins": "https://portal.example.net",
        "/redis/sentinel_hosts": "sentinel-9",
        "/otel/endpoint": "http://collector.example.net:4317",
        "/embedding_base_url": "https://embeddings.example.net/v1",
        "/vector_db/url": "http://qdrant.example.net:6333",
        "/storage/endpoint": "https://minio.example.net",
        "/image_tag": "0.11.1",
        "/redis/socket_connect_timeout": "7",
    })

    /** A group's settings apply once the group is on (PostgreSQL, some Redis, OpenTelemetry). */
    function preconditionsOf(pointer: string): var {
        const explicit = testCase.preconditions[pointer]
        if (explicit)
            return explicit
        if (pointer.startsWith("/database/") && pointer !== "/database/kind")
            return { "/database/kind": "postgresql" }
        if (pointer.startsWith("/redis/") && pointer !== "/redis/mode")
            return { "/redis/mode": "single" }
        if (pointer.startsWith("/otel/") && pointer !== "/otel/enabled")
            return { "/otel/enabled": true }
        return {}
    }

    function pointersOf(node: var, prefix: string, out: var): void {
        if (testCase.notSettings.indexOf(prefix) >= 0)
            return
        if (node !== null && typeof node === "object" && !Array.isArray(node)) {
            for (const key in node)
                pointersOf(node[key], prefix + "/" + key, out)
            return
        }
        out.push(prefix)
    }

    /** The field bound to `pointer` in `item`'s tree (the window's pages), or null. */
    function fieldFor(item: Item, pointer: string): var {
        if (item.pointer === pointer && item.session !== undefined)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = fieldFor(item.children[i], pointer)
            if (found)
                return found
        }
        if (item.contentItem && item.contentItem !== item && item.contentItem.parent === item) {
            const found = fieldFor(item.contentItem, pointer)
            if (found)
                return found
        }
        return null
    }

    /** Opens every page once (pages are created when first shown), then the first again; returns the pages. */
    function createEveryPage(window: var): Item {
        for (let i = 0; i < window.pageKeys.length; ++i)
            window.currentPage = i
        window.currentPage = 0
        return findChild(window, "pages")
    }

    function pageIndexOf(pages: Item, field: Item): int {
        for (let i = 0; i < pages.children.length; ++i) {
            for (let node = field; node; node = node.parent)
                if (node === pages.children[i])
                    return i
        }
        return -1
    }

    function value(pointer: string): string {
        return JSON.stringify(testSession.valueAt(pointer))
    }

    /** Edits `field` from the keyboard, the way its kind is edited. */
    function edit(field: var, pointer: string): void {
        if (field.comboBox !== undefined) {
            field.comboBox.forceActiveFocus()
            keyClick(field.comboBox.currentIndex + 1 < field.comboBox.count ? Qt.Key_Down : Qt.Key_Up)
        } else if (field.spinBox !== undefined) {
            if (!field.isSet) {
                // An unset optional number: the check box sets it first (an edit of its own).
                field.setCheckBox.forceActiveFocus()
                keyClick(Qt.Key_Space)
                return
            }
            field.spinBox.forceActiveFocus()
            keyClick(field.spinBox.value < field.spinBox.to ? Qt.Key_Up : Qt.Key_Down)
        } else if (field.addField !== undefined) {
            field.addField.forceActiveFocus()
            typeText(testCase.typed[pointer] ?? "walk-item")
            keyClick(Qt.Key_Return)
        } else if (field.control !== undefined) {
            field.control.forceActiveFocus()
            keyClick(Qt.Key_Space)
        } else if (field.field !== undefined) {
            field.field.forceActiveFocus()
            field.field.selectAll()
            typeText(testCase.typed[pointer] ?? "walk-" + pointer.split("/").pop().replace(/_/g, "-"))
            keyClick(Qt.Key_Return)
        } else {
            fail("no editor for " + pointer)
        }
    }

    function test_everyPlanKeyHasAControlThatUndoes(): void {
        verify(testSession.loadPreset("large-scale"))
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        window.width = 1280
        window.height = 800
        window.requestActivate()
        tryVerify(() => window.active)
        const pages = createEveryPage(window)

        const pointers = []
        pointersOf(testSession.plan, "", pointers)
        verify(pointers.length > 70, "the plan lists its keys: " + pointers.length)

        const missing = []
        for (const pointer of pointers) {
            const setup = preconditionsOf(pointer)
            for (const dependency in setup)
                verify(testSession.set(dependency, setup[dependency]), "precondition " + dependency)
            const field = fieldFor(pages, pointer)
            if (!field) {
                missing.push(pointer)
                continue
            }
            window.currentPage = pageIndexOf(pages, field)
            tryVerify(() => field.visible && field.enabled, 2000, pointer + " shown and enabled")
            const before = value(pointer)
            edit(field, pointer)
            tryVerify(() => value(pointer) !== before, 2000, pointer + " changes from " + before)
            const after = value(pointer)
            compare(field.errorText, "", pointer + " accepted")

            keyClick(Qt.Key_Z, Qt.ControlModifier)
            compare(value(pointer), before, pointer + " undone")
            keyClick(Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
            compare(value(pointer), after, pointer + " redone")
        }
        compare(missing, [], "keys without a control")
    }

    function test_theAuditRecordIsNotASetting(): void {
        // A plan inferred by `audit` holds the audited deployment under /audit: the walk above skips it, because
        // no field edits it and the core refuses an edit there (it records what the files showed).
        verify(testSession.openFile(testDataDir + "/import/origin/audited-plan.json"), testSession.errorText)
        verify(testSession.plan.audit !== undefined)
        const pointers = []
        pointersOf(testSession.plan, "", pointers)
        verify(pointers.length > 70)
        compare(pointers.filter(pointer => pointer.startsWith("/audit")), [])
        verify(!testSession.set("/audit/files/0", "elsewhere.yaml"))
        compare(testSession.plan.audit.files[0], "deploy/compose.yaml")
        verify(!testSession.modified)
    }

    function test_enumsShowDisplayNamesAndTheValueInTheTooltip(): void {
        verify(testSession.loadPreset("large-scale"))
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        window.requestActivate()
        tryVerify(() => window.active)
        const pages = createEveryPage(window)
        const field = fieldFor(pages, "/vector_db/kind")
        window.currentPage = pageIndexOf(pages, field)
        tryVerify(() => field.visible)
        compare(field.comboBox.currentText, "pgvector (PostgreSQL)")
        verify(field.toolTipText.indexOf("Plan value: pgvector") >= 0, field.toolTipText)
        // Every choice the core offers has a display name of its own, never the raw value with a dash.
        for (let i = 0; i < field.choices.length; ++i)
            verify(field.choices[i].label.length > 0)
        const migrations = fieldFor(pages, "/migrations")
        compare(migrations.comboBox.currentText, "A one-shot migration job")
    }

    function test_listEditorAddsEditsMovesAndRemoves(): void {
        verify(testSession.loadPreset("high-availability"))
        verify(testSession.set("/redis/mode", "sentinel"))
        verify(testSession.set("/redis/sentinel_hosts", []))
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        window.requestActivate()
        tryVerify(() => window.active)
        window.openPage("redis")
        const list = findChild(window, "sentinelHostsField")
        tryVerify(() => list.visible)
        waitForRendering(window.contentItem)

        // Add with the mouse (the button) and with the keyboard (Return in the field).
        mouseClick(list.addField)
        typeText("sentinel-a")
        verify(list.addButton.enabled)
        mouseClick(list.addButton)
        compare(testSession.plan.redis.sentinel_hosts, ["sentinel-a"])
        compare(list.addField.text, "")
        tryVerify(() => list.addField.activeFocus, 1000, "focus goes back to the add field for the next item")
        typeText("sentinel-b")
        keyClick(Qt.Key_Return)
        compare(testSession.plan.redis.sentinel_hosts, ["sentinel-a", "sentinel-b"])
        compare(list.errorText, "")

        // Reorder: the mouse on the arrow, then Alt+Up on the moved row, which keeps the focus.
        mouseClick(list.row(0).downButton)
        compare(testSession.plan.redis.sentinel_hosts, ["sentinel-b", "sentinel-a"])
        tryVerify(() => list.row(1).field.activeFocus)
        keyClick(Qt.Key_Up, Qt.AltModifier)
        compare(testSession.plan.redis.sentinel_hosts, ["sentinel-a", "sentinel-b"])

        // Edit a row in place.
        mouseClick(list.row(1).field)
        list.row(1).field.selectAll()
        typeText("sentinel-c")
        keyClick(Qt.Key_Return)
        compare(testSession.plan.redis.sentinel_hosts, ["sentinel-a", "sentinel-c"])

        // Remove, then undo brings it back; every step was one undoable edit. The click aims at the row as drawn.
        waitForRendering(window.contentItem)
        mouseClick(list.row(0).removeButton)
        compare(testSession.plan.redis.sentinel_hosts, ["sentinel-c"])
        keyClick(Qt.Key_Z, Qt.ControlModifier)
        compare(testSession.plan.redis.sentinel_hosts, ["sentinel-a", "sentinel-c"])
        compare(testSession.undoText, "Change " + list.label)
    }

    function test_saveAsSuggestsANameFromThePlan(): void {
        verify(testSession.loadPreset("large-scale"))
        const url = testSession.suggestedSaveUrl().toString()
        verify(url.endsWith("/large-scale.json"), url)
        verify(testSession.set("/name", "Ünïcode / ../ plan: 2026"))
        const odd = testSession.suggestedSaveUrl().toString()
        // Separators and dots never reach the name: the file stays in the folder the dialog shows.
        verify(decodeURIComponent(odd).endsWith("/ünïcode-plan-2026.json"), odd)
        verify(testSession.set("/name", "../.."))
        verify(testSession.suggestedSaveUrl().toString().endsWith("/plan.json"))

        // The window's Save as opens on that name, with a Save button.
        verify(testSession.set("/name", "Team pilot"))
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        window.requestActivate()
        tryVerify(() => window.active)
        verify(findChild(window, "saveDialog") === null) // made when first asked for
        mouseClick(findChild(window, "saveAsButton"))
        const dialog = findChild(window, "saveDialog")
        verify(dialog !== null)
        tryVerify(() => dialog.visible)
        verify(dialog.currentFile.toString().endsWith("/team-pilot.json"), dialog.currentFile)
        compare(dialog.acceptLabel, "Save")
        dialog.reject()
        tryVerify(() => !dialog.visible)
    }

    function test_ctrlZWithPendingTextTakesBackTheTyping(): void {
        verify(testSession.loadPreset("high-availability"))
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        window.requestActivate()
        tryVerify(() => window.active)
        window.openPage("postgresql")
        const host = findChild(window, "databaseHostField")
        tryVerify(() => host.visible)
        const before = testSession.plan.database.host
        mouseClick(host.field)
        host.field.selectAll()
        typeText("db-typed")
        // Not committed yet: Ctrl+Z commits the typing and takes it back, so the field shows the plan again.
        keyClick(Qt.Key_Z, Qt.ControlModifier)
        compare(testSession.plan.database.host, before)
        compare(host.field.text, before)
        verify(host.field.activeFocus, "focus stays in the field")
        keyClick(Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
        compare(testSession.plan.database.host, "db-typed")
        compare(host.field.text, "db-typed")

        // The same for a number typed into a spin box.
        const pool = findChild(window, "poolSizeField")
        const poolBefore = testSession.plan.database.pool_size
        pool.spinBox.contentItem.forceActiveFocus()
        pool.spinBox.contentItem.selectAll()
        typeText("42")
        keyClick(Qt.Key_Z, Qt.ControlModifier)
        compare(testSession.plan.database.pool_size, poolBefore)
        compare(pool.spinBox.value, poolBefore)
        keyClick(Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
        compare(testSession.plan.database.pool_size, 42)
    }

    /** Whether `item` lies inside the window's content, where a person can see it. */
    function inView(window: var, item: Item): bool {
        const at = item.mapToItem(null, 0, 0) // window coordinates: the header counts too
        return at.y >= -1 && at.y + Math.min(item.height, 20) <= window.height + 1 && at.x >= -1 && at.x < window.width
    }

    function test_keyboardOnlyJourney(): void {
        // A person with only a keyboard, at 1024×640: from Defaults, Tab reaches every control of a step and
        // then its Next button, always in view; Space goes on; Review leads on to Export.
        verify(testSession.loadPreset("large-scale"))
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        window.width = 1024
        window.height = 640
        window.requestActivate()
        tryVerify(() => window.active)
        window.openPage("defaults")
        const pages = findChild(window, "pages")
        const steps = ["defaults", "postgresql", "redis", "instances", "vectordb", "storage", "observability", "review"]
        for (const step of steps) {
            compare(window.pageKeys[window.currentPage], step)
            const page = pages.children[window.currentPage]
            const next = findChild(page, "nextButton")
            let presses = 0
            while (window.activeFocusItem !== next && presses < 200) {
                keyClick(Qt.Key_Tab)
                ++presses
                const focused = window.activeFocusItem
                verify(focused !== null, step + ": focus lost after " + presses + " Tab presses")
                waitForRendering(window.contentItem)
                verify(inView(window, focused), step + ": " + focused + " has focus but is out of view")
            }
            compare(window.activeFocusItem, next, step + ": Next reached by Tab")
            keyClick(Qt.Key_Space)
        }
        compare(window.pageKeys[window.currentPage], "export")
    }
}
