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

    function test_pageKeysAgreeWithTheCommandLine(): void {
        // `--page=KEY` is checked in C++ against AppSettings.pageKeys: the same keys, in the same order.
        const window = createTemporaryObject(mainComponent, null, { session: testSession, exporter: testExporter, settings: testSettings })
        compare(JSON.stringify(window.pageKeys), JSON.stringify(testSettings.pageKeys))
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
        // And back: the window is then torn down at its usual size (a window destroyed in presenter mode
        // made Qt's own style delegates re-read the font of controls already gone).
        testSettings.presenter = false
        compare(window.font.pointSize, base)
        waitForRendering(window.contentItem)
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

    function test_saveInTheQuestionOfAnUntitledPlanAsksWhereThenReplaces(): void {
        const window = openWindow()
        verify(testSession.set("/workers", 2))
        verify(testSession.filePath.length === 0)
        verify(findChild(window, "saveDialog") === null) // the dialogs are made when first asked for
        const guard = findChild(window, "unsavedGuard")
        mouseClick(findChild(window, "newPlanButton"))
        tryVerify(() => guard.opened)
        mouseClick(guard.saveButton)
        const dialog = findChild(window, "saveDialog")
        verify(dialog !== null)
        tryVerify(() => dialog.visible)
        compare(testSession.plan.workers, 2) // nothing replaced while the dialog asks where
        // Cancelled: nothing replaced, nothing saved, the question gone.
        dialog.reject()
        tryVerify(() => !dialog.visible)
        verify(!guard.visible)
        compare(testSession.plan.workers, 2)
        verify(testSession.modified)

        // Chosen: saved there, then replaced. Qt 6.4's own dialog re-reads its file list on accept(), so the
        // choice is given as the dialog reports it: selectedFile, then the accepted signal.
        mouseClick(findChild(window, "newPlanButton"))
        tryVerify(() => guard.opened)
        mouseClick(guard.saveButton)
        tryVerify(() => dialog.visible)
        const path = testTempDir + "/untitled-" + Date.now() + ".json"
        dialog.selectedFile = "file://" + path
        dialog.accepted()
        dialog.close()
        tryVerify(() => testSession.plan.workers === 1) // then the new plan
        verify(testSession.openFile(path))
        compare(testSession.plan.workers, 2) // and the edit was saved there
    }

    function test_ctrlOAsksForAPlanFile(): void {
        const window = openWindow()
        keyClick(Qt.Key_O, Qt.ControlModifier)
        const dialog = findChild(window, "openDialog")
        verify(dialog !== null)
        tryVerify(() => dialog.visible)
        compare(dialog.title, "Open a plan")
        dialog.reject()
        tryVerify(() => !dialog.visible)
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

    function cleanup(): void {
        // The settings outlive each test: leave them as the next test expects them.
        testSettings.presenter = false
        testSettings.theme = "system"
    }

    /** Whether `item` lies wholly inside `window`'s content, in window coordinates. */
    function insideWindow(item: var, window: var): bool {
        const topLeft = item.mapToItem(null, 0, 0)
        const bottomRight = item.mapToItem(null, item.width, item.height)
        return topLeft.x >= 0 && topLeft.y >= 0 && bottomRight.x <= window.width + 0.5 && bottomRight.y <= window.height + 0.5
    }

    function menuItem(menu: var, name: string): var {
        for (let i = 0; i < menu.count; ++i)
            if (menu.itemAt(i).objectName === name)
                return menu.itemAt(i)
        return null
    }

    function test_headerFitsAt1024x640InPresenterMode(): void {
        testSettings.presenter = true
        const window = openWindow()
        window.width = 1024
        window.height = 640
        waitForRendering(window.contentItem)
        verify(window.presenter)
        const names = ["planTitle", "openButton", "saveButton", "saveAsButton", "undoButton", "redoButton", "scenarioChip",
                       "presenterSwitch", "themeBox", "moreButton"]
        let shown = 0
        for (const name of names) {
            const item = findChild(window, name)
            verify(item !== null, name)
            if (!item.visible)
                continue
            ++shown
            verify(item.width > 0 && item.height > 0, name)
            verify(insideWindow(item, window), name + " lies outside the window")
            // Not squeezed below what its text needs (the theme box clipped its text before).
            if (name !== "planTitle")
                verify(item.width >= item.implicitWidth - 1, name + " is narrower than its content")
        }
        verify(shown >= 5, "header controls shown: " + shown)
        // At this size the view controls fold into the "⋯" menu, which is itself in the window.
        const more = findChild(window, "moreButton")
        verify(more.visible)
        verify(!findChild(window, "presenterSwitch").visible)

        // Mouse: the menu's Presenter item turns presenter mode off.
        verify(findChild(window, "moreMenu") === null, "the menu is created when it first opens")
        mouseClick(more)
        const menu = findChild(window, "moreMenu")
        verify(menu !== null)
        tryVerify(() => menu.opened)
        const presenterItem = menuItem(menu, "menuPresenter")
        verify(presenterItem !== null && presenterItem.checked)
        verify(insideWindow(presenterItem, window), "menu item outside the window")
        mouseClick(presenterItem)
        tryVerify(() => !menu.visible)
        verify(!window.presenter)
        verify(!testSettings.presenter)

        // Keyboard: Tab reaches the menu button, Space opens it; arrows and Return choose the dark theme.
        testSettings.presenter = true
        waitForRendering(window.contentItem)
        verify(more.visible)
        more.forceActiveFocus(Qt.TabFocusReason)
        verify(more.activeFocus)
        keyClick(Qt.Key_Space)
        tryVerify(() => menu.opened)
        const dark = menuItem(menu, "menuTheme_dark")
        verify(dark !== null)
        for (let i = 0; i < 12 && !dark.highlighted; ++i)
            keyClick(Qt.Key_Down)
        verify(dark.highlighted)
        keyClick(Qt.Key_Return)
        tryVerify(() => !menu.visible)
        compare(testSettings.theme, "dark")
        verify(window.dark)
        // And presenter mode off again, by keyboard.
        keyClick(Qt.Key_Space)
        tryVerify(() => menu.opened)
        const presenter = menuItem(menu, "menuPresenter")
        for (let i = 0; i < 12 && !presenter.highlighted; ++i)
            keyClick(Qt.Key_Down)
        verify(presenter.highlighted)
        keyClick(Qt.Key_Return)
        tryVerify(() => !menu.visible)
        verify(!window.presenter)
    }

    function test_wideHeaderShowsEveryControl(): void {
        const window = openWindow()
        window.width = 1920
        window.height = 1080
        waitForRendering(window.contentItem)
        for (const name of ["openButton", "saveAsButton", "undoButton", "presenterSwitch", "themeBox"]) {
            const item = findChild(window, name)
            verify(item.visible, name)
            verify(insideWindow(item, window), name)
        }
        verify(!findChild(window, "moreButton").visible)
        // The theme box shows its longest choice whole.
        const box = findChild(window, "themeBox")
        verify(box.width >= box.implicitWidth - 1)
        // Mouse and keyboard on the switch itself.
        const toggle = findChild(window, "presenterSwitch")
        mouseClick(toggle)
        verify(window.presenter)
        waitForRendering(window.contentItem)
        // Tab from the scenario chip reaches the switch, which shows its focus ring.
        findChild(window, "scenarioChip").forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Tab)
        verify(toggle.activeFocus)
        verify(toggle.visualFocus)
        verify(findChild(toggle, "focusFrame").visible)
        keyClick(Qt.Key_Space)
        verify(!window.presenter)
        // Tab on to the theme box; the arrow keys choose the theme.
        keyClick(Qt.Key_Tab)
        verify(box.activeFocus)
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Down)
        tryCompare(testSettings, "theme", "dark")
    }

    /** The item with keyboard focus, climbing to the control that owns it (a SpinBox's text field). */
    function focusedControl(window: var): var {
        let item = window.activeFocusItem
        while (item && item.visualFocus === undefined)
            item = item.parent
        return item
    }

    function test_tabShowsWhereTheFocusIs(): void {
        // Real Tab presses through a page of switches, check boxes, sliders and spin boxes: wherever the
        // focus lands on a switch, check box or slider, its focus ring is drawn.
        const window = openWindow()
        window.width = 1280
        window.height = 720
        window.openPage("postgresql")
        waitForRendering(window.contentItem)
        const nav = findChild(window, "navigation")
        // Clicking a step gives the step list the focus, and the list draws it.
        mouseClick(stepButton(window, "redis"))
        compare(window.currentPage, window.pageKeys.indexOf("redis"))
        verify(nav.activeFocus)
        const stepFrame = findChild(stepButton(window, "redis"), "focusFrame")
        verify(stepFrame !== null && stepFrame.visible)
        keyClick(Qt.Key_Down)
        compare(window.currentPage, window.pageKeys.indexOf("instances"))
        keyClick(Qt.Key_Up)
        keyClick(Qt.Key_Up)
        compare(window.currentPage, window.pageKeys.indexOf("postgresql"))
        waitForRendering(window.contentItem)

        const seen = {}
        for (let i = 0; i < 60; ++i) {
            keyClick(Qt.Key_Tab)
            const control = focusedControl(window)
            verify(control !== null, "Tab " + i + " left the focus nowhere")
            const kind = String(control).split("(")[0].replace(/_QML.*$/, "")
            if (/^(Switch|CheckBox|Slider)/.test(kind)) {
                verify(control.visualFocus, kind + " without visual focus")
                const frame = findChild(control, "focusFrame")
                verify(frame !== null, kind + " has no focus ring")
                verify(frame.visible && frame.width > control.width, kind + " focus ring not drawn")
                seen[kind.replace(/[^A-Za-z].*$/, "")] = true
            }
        }
        verify(seen["Switch"] || seen["CheckBox"], JSON.stringify(seen))
        verify(seen["Slider"], JSON.stringify(seen))
    }

    /** A step of the step list (a ListView delegate, so not found by findChild). */
    function stepButton(window: var, key: string): var {
        const rows = findChild(window, "navigation").contentItem.children
        for (let i = 0; i < rows.length; ++i)
            for (let j = 0; j < rows[i].children.length; ++j)
                if (rows[i].children[j].objectName === "step_" + key)
                    return rows[i].children[j]
        return null
    }

    function test_stepsAreNumberedAsTheSeedNumbersThem(): void {
        const window = openWindow()
        const expected = { "postgresql": 1, "redis": 2, "instances": 3, "storage": 4, "observability": 5 }
        for (const key of window.pageKeys) {
            const step = stepButton(window, key)
            verify(step !== null, key)
            if (expected[key] !== undefined)
                verify(step.Accessible.name.startsWith("Step " + expected[key] + ": "), step.Accessible.name)
            else
                verify(step.Accessible.name.indexOf("Step ") !== 0, key + " is not one of the seed's steps")
        }
    }

    function test_pagesAreCreatedWhenFirstShownAndThenKept(): void {
        const window = openWindow()
        const pages = findChild(window, "pages")
        const created = () => window.pageKeys.filter((key, at) => pages.children[at].item !== null)
        compare(created(), ["start"], "the window starts with its first page only")

        // The list's step opens a page with the mouse; it is created then, and the same page comes back later.
        mouseClick(stepButton(window, "redis"))
        compare(created(), ["start", "redis"])
        const redis = pages.children[window.pageKeys.indexOf("redis")].item
        verify(redis.visible)
        // With the keyboard: Down moves through the list, which opens the next step.
        keyClick(Qt.Key_Down)
        compare(window.pageKeys[window.currentPage], "instances")
        compare(created(), ["start", "redis", "instances"])
        mouseClick(stepButton(window, "redis"))
        compare(pages.children[window.pageKeys.indexOf("redis")].item, redis, "a page shown again is the same page")
        verify(redis.visible)
    }

    function test_stepListCountsFindingsOfPagesNotYetCreated(): void {
        const window = openWindow()
        const pages = findChild(window, "pages")
        verify(testSession.set("/database/max_connections", 20)) // far below the pools: connection-budget fires
        const postgres = stepButton(window, "postgresql")
        const badge = postgres.Accessible.name
        verify(/, \d+ findings?$/.test(badge), badge)
        verify(pages.children[window.pageKeys.indexOf("postgresql")].item === null, "counted without the page")

        mouseClick(postgres)
        const findings = pages.children[window.pageKeys.indexOf("postgresql")].item.findings
        compare(postgres.Accessible.name, badge)
        verify(badge.endsWith(", " + findings.shownCount + (findings.shownCount === 1 ? " finding" : " findings")),
               badge + " against the page's " + findings.shownCount)
        // The count follows the plan: the fix of the budget takes its finding off the page and the list together.
        const before = findings.shownCount
        verify(testSession.set("/database/max_connections", 5000))
        verify(findings.shownCount < before)
        compare(postgres.Accessible.name.indexOf(before + " finding"), -1)
    }
}
