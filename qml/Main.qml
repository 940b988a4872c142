// SPDX-License-Identifier: MIT
// The main window: header (plan, history, save, scenario, presenter), the journey's steps on the left,
// one page per step. Pages only display PlanSession and call it; every figure comes from the core.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "Components"
import "Components/Theme.js" as Theme
import "Components/Scrolling.js" as Scrolling
import "Components/StepRules.js" as StepRules

ApplicationWindow {
    id: root

    required property PlanSession session
    required property ExportController exporter
    required property AppSettings settings
    property bool presenter: root.settings.presenter
    readonly property bool trainingShown: stack.currentIndex === root.pageKeys.indexOf("training")
    /** Set once the user has answered the unsaved-changes question, so the window may close. */
    property bool closeConfirmed: false
    readonly property real baseFontSize: Qt.application.font.pointSize > 0 ? Qt.application.font.pointSize : 10
    /**
     * The pages in navigation order. `step` is the seed's step number (1 to 5); the planner's own pages
     * have none. `--page=KEY` on the command line opens that page first.
     */
    readonly property var steps: [
        { key: "start", title: qsTr("Start"), step: 0, section: qsTr("Plan") },
        { key: "import", title: qsTr("Import / audit"), step: 0, section: qsTr("Plan") },
        { key: "defaults", title: qsTr("Defaults"), step: 0, section: qsTr("Journey") },
        { key: "postgresql", title: qsTr("PostgreSQL"), step: 1, section: qsTr("Journey") },
        { key: "redis", title: qsTr("Redis"), step: 2, section: qsTr("Journey") },
        { key: "instances", title: qsTr("Multiple instances"), step: 3, section: qsTr("Journey") },
        { key: "vectordb", title: qsTr("Vector DB"), step: 0, section: qsTr("Journey") },
        { key: "storage", title: qsTr("Storage"), step: 4, section: qsTr("Journey") },
        { key: "observability", title: qsTr("Observability"), step: 5, section: qsTr("Journey") },
        { key: "review", title: qsTr("Review"), step: 0, section: qsTr("Journey") },
        { key: "budget", title: qsTr("Connection budget"), step: 0, section: qsTr("Insight") },
        { key: "matrix", title: qsTr("Requirements matrix"), step: 0, section: qsTr("Insight") },
        { key: "topology", title: qsTr("Topology"), step: 0, section: qsTr("Insight") },
        { key: "export", title: qsTr("Export"), step: 0, section: qsTr("Deliver") },
        { key: "remote", title: qsTr("Remote host"), step: 0, section: qsTr("Deliver") },
        { key: "training", title: qsTr("Training"), step: 0, section: qsTr("Deliver") }
    ]
    readonly property var pageKeys: root.steps.map(page => page.key)
    property alias currentPage: stack.currentIndex

    function openPage(key: string): void {
        const at = root.pageKeys.indexOf(key)
        if (at >= 0)
            stack.currentIndex = at
    }

    x: root.settings.windowGeometry.x
    y: root.settings.windowGeometry.y
    width: root.settings.windowGeometry.width
    height: root.settings.windowGeometry.height
    visible: true
    // The file's name tells two plans with the same name apart; "•" marks unsaved edits.
    title: qsTr("owui-planner — %1%2%3").arg(root.session.planName)
               .arg(root.session.filePath.length > 0 ? " (" + root.session.filePath.split("/").pop() + ")" : "")
               .arg(root.session.modified ? " •" : "")
    font.pointSize: root.presenter ? root.baseFontSize * 1.35 : root.baseFontSize

    // Light follows the desktop's palette; dark replaces it. Every control inherits the window's palette.
    readonly property bool dark: root.settings.theme === "dark"
    SystemPalette { id: desktop; colorGroup: SystemPalette.Active }
    // Text roles are set per colour group: a role set for all groups would also paint disabled text bright.
    palette.window: root.dark ? "#2b2d30" : desktop.window
    palette.base: root.dark ? "#1f2022" : desktop.base
    palette.alternateBase: root.dark ? "#333538" : desktop.alternateBase
    palette.button: root.dark ? "#3a3d41" : desktop.button
    palette.highlight: root.dark ? "#4285f4" : desktop.highlight
    palette.highlightedText: root.dark ? "#ffffff" : desktop.highlightedText
    palette.light: root.dark ? "#4a4d51" : desktop.light
    palette.midlight: root.dark ? "#3f4246" : desktop.midlight
    palette.mid: root.dark ? "#55585c" : desktop.mid
    palette.dark: root.dark ? "#18191b" : desktop.dark
    palette.shadow: root.dark ? "#000000" : desktop.shadow
    palette.placeholderText: root.dark ? "#9aa0a6" : desktop.placeholderText
    palette.toolTipBase: root.dark ? "#3a3d41" : desktop.toolTipBase
    palette.toolTipText: root.dark ? "#e8eaed" : desktop.toolTipText
    palette.active.windowText: root.dark ? "#e8eaed" : desktop.windowText
    palette.active.text: root.dark ? "#e8eaed" : desktop.text
    palette.active.buttonText: root.dark ? "#e8eaed" : desktop.buttonText
    palette.inactive.windowText: root.dark ? "#e8eaed" : desktop.windowText
    palette.inactive.text: root.dark ? "#e8eaed" : desktop.text
    palette.inactive.buttonText: root.dark ? "#e8eaed" : desktop.buttonText
    palette.disabled.windowText: root.dark ? "#6f757a" : "#a0a0a0"
    palette.disabled.text: root.dark ? "#6f757a" : "#a0a0a0"
    palette.disabled.buttonText: root.dark ? "#6f757a" : "#a0a0a0"

    // Unsaved edits are never lost silently: closing asks first, like every other way of replacing the plan.
    onClosing: function(close) {
        if (root.session.modified && !root.closeConfirmed) {
            close.accepted = false
            unsavedGuard.run(qsTr("closing"), () => {
                root.closeConfirmed = true
                root.close()
            })
            return
        }
        root.settings.windowGeometry = Qt.rect(root.x, root.y, root.width, root.height)
    }

    UnsavedGuard {
        id: unsavedGuard
        session: root.session
        parent: Overlay.overlay
        onSaveAsRequested: {
            root.saveAsContinues = true
            root.openSaveAs()
        }
    }
    /** A Save-as opened by the guard carries on with what the guard was asked to do. */
    property bool saveAsContinues: false

    /** Training's sandbox: a plan of its own, so nothing on the training page touches the user's plan. */
    TrainingSession { id: trainingSession }
    /** The Import page's audit of deployment files; it replaces the user's plan only through "Continue as a plan". */
    AuditSession { id: auditSession; session: root.session }
    /** The Remote page's SSH work (probe, deliver); its facts change the plan only through "Use this value". */
    RemoteSession { id: remoteSession; session: root.session; exporter: root.exporter }

    Component.onCompleted: {
        const args = Qt.application.arguments
        for (let i = 0; i < args.length; ++i)
            if (args[i].startsWith("--page="))
                root.openPage(args[i].substring(7))
    }

    /**
     * Undo and redo act on the plan wherever focus is. A field's text not yet committed is committed first
     * (focus leaves the field, which commits text and spin boxes alike), so Ctrl+Z takes back the typing as
     * one step and Ctrl+Shift+Z brings it back, instead of the field and the plan disagreeing.
     */
    function commitPendingEdit(): void {
        const focused = root.activeFocusItem
        if (!focused)
            return
        focusSink.forceActiveFocus()
        focused.forceActiveFocus()
    }
    // Tab to a control below the fold scrolls its page to it.
    onActiveFocusItemChanged: Scrolling.ensureVisible(root.activeFocusItem)

    /** Takes focus for a moment so a field commits its text (a FocusScope would hand focus straight back). */
    Item { id: focusSink }
    Shortcut {
        sequence: "Ctrl+Z"
        // On the training page the keys would undo the user's plan unseen; breaks there are undone with Reset.
        enabled: !root.trainingShown
        onActivated: {
            root.commitPendingEdit()
            if (root.session.canUndo)
                root.session.undo()
        }
    }
    Shortcut {
        sequences: ["Ctrl+Shift+Z", "Ctrl+Y"]
        enabled: !root.trainingShown
        onActivated: {
            root.commitPendingEdit()
            if (root.session.canRedo)
                root.session.redo()
        }
    }
    Shortcut {
        sequence: "Ctrl+S"
        onActivated: {
            if (root.session.filePath.length > 0)
                root.session.save()
            else
                root.openSaveAs()
        }
    }
    Shortcut {
        sequence: "Ctrl+O"
        onActivated: root.openPlanFile()
    }

    /** Save as proposes a file name made from the plan's name, in the plan's folder (Documents for a new plan). */
    function openSaveAs(): void {
        root.planFileDialogs().saveAs()
    }

    function openPlanFile(): void {
        unsavedGuard.run(qsTr("opening another plan"), () => root.planFileDialogs().open())
    }

    /** The file dialogs, created when first asked for (see PlanFileDialogs.qml). */
    function planFileDialogs(): Item {
        // A URL, not the type: naming the type would import QtQuick.Dialogs with Main.qml.
        if (!fileDialogsLoader.item)
            fileDialogsLoader.setSource(Qt.resolvedUrl("Components/PlanFileDialogs.qml"), { session: root.session })
        return fileDialogsLoader.item
    }

    Loader { id: fileDialogsLoader }
    Connections {
        target: fileDialogsLoader.item
        function onSaveAsFinished(saved: bool): void {
            if (root.saveAsContinues)
                unsavedGuard.saved(saved)
            root.saveAsContinues = false
        }
        function onPlanOpened(): void {
            root.openPage("defaults")
        }
    }

    /** One theme in the "⋯" menu: checked while it is the theme in use. */
    component ThemeMenuItem: MenuItem {
        id: themeItem
        required property string key
        objectName: "menuTheme_" + themeItem.key
        checkable: true
        checked: root.settings.theme === themeItem.key
        onTriggered: {
            root.settings.theme = themeItem.key
            themeItem.checked = Qt.binding(() => root.settings.theme === themeItem.key)
        }
    }

    header: ToolBar {
        id: toolBar

        /**
         * The header folds from the right as the window narrows, so no control ever leaves it: first the
         * view controls (presenter, theme) go into the "⋯" menu, then the file actions too, and Undo and
         * Redo keep only their arrows. Widths are the controls' implicit widths, which do not depend on
         * what is shown, so the choice cannot feed back into itself.
         */
        readonly property real spare: root.width - 24 - 8 * row.spacing - Math.min(planTitle.implicitWidth, 24 * root.font.pointSize) - chip.implicitWidth
                                      - 3 * 12 /* separators */ - 24 /* the spacer's least width */
        readonly property real fileWidth: openButton.implicitWidth + saveButton.implicitWidth + saveAsButton.implicitWidth
        readonly property real historyWidth: undoButton.implicitWidth + redoButton.implicitWidth
        readonly property real viewWidth: presenterSwitch.implicitWidth + themeBox.implicitWidth
        readonly property bool foldView: spare < fileWidth + historyWidth + viewWidth
        readonly property bool foldFile: spare < fileWidth + historyWidth + moreButton.implicitWidth
        readonly property bool shortHistory: spare < historyWidth + moreButton.implicitWidth

        RowLayout {
            id: row
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12
            spacing: 6

            Label {
                id: planTitle
                objectName: "planTitle"
                text: root.session.planName + (root.session.modified ? " •" : "")
                textFormat: Text.PlainText // a plan's name is shown as written, never as markup
                font.bold: true
                elide: Label.ElideRight
                Layout.maximumWidth: 24 * root.font.pointSize
                Layout.minimumWidth: 4 * root.font.pointSize
                Layout.fillWidth: toolBar.foldFile
                Accessible.name: root.session.modified ? qsTr("%1, unsaved changes").arg(root.session.planName) : root.session.planName
            }
            ToolSeparator { visible: !toolBar.foldFile }
            ToolButton {
                id: openButton
                objectName: "openButton"
                visible: !toolBar.foldFile
                text: qsTr("Open…")
                Accessible.name: qsTr("Open a plan file")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Open a plan file (Ctrl+O)")
                onClicked: root.openPlanFile()
            }
            ToolButton {
                id: saveButton
                objectName: "saveButton"
                visible: !toolBar.foldFile
                text: qsTr("Save")
                enabled: root.session.filePath.length > 0
                Accessible.name: qsTr("Save the plan")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: root.session.filePath.length > 0 ? qsTr("Save to %1 (Ctrl+S)").arg(root.session.filePath)
                                                              : qsTr("The plan has no file yet: use Save as…")
                onClicked: root.session.save()
            }
            ToolButton {
                id: saveAsButton
                objectName: "saveAsButton"
                visible: !toolBar.foldFile
                text: qsTr("Save as…")
                Accessible.name: qsTr("Save the plan as a new file")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Save the plan to a file you choose")
                onClicked: root.openSaveAs()
            }
            ToolSeparator {}
            ToolButton {
                id: undoButton
                objectName: "undoButton"
                text: toolBar.shortHistory ? "↶" : qsTr("↶ Undo")
                enabled: root.session.canUndo
                Accessible.name: qsTr("Undo %1").arg(root.session.undoText)
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: root.session.canUndo ? qsTr("Undo: %1 (Ctrl+Z)").arg(root.session.undoText) : qsTr("Nothing to undo")
                onClicked: root.session.undo()
            }
            ToolButton {
                id: redoButton
                objectName: "redoButton"
                text: toolBar.shortHistory ? "↷" : qsTr("↷ Redo")
                enabled: root.session.canRedo
                Accessible.name: qsTr("Redo %1").arg(root.session.redoText)
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: root.session.canRedo ? qsTr("Redo: %1 (Ctrl+Shift+Z)").arg(root.session.redoText) : qsTr("Nothing to redo")
                onClicked: root.session.redo()
            }
            Item { Layout.fillWidth: !toolBar.foldFile; Layout.minimumWidth: 0 }
            ToolButton {
                id: chip
                objectName: "scenarioChip"
                text: qsTr("%1  ·  %2  ·  %3").arg(root.session.scenarioLabel)
                                            .arg(Theme.plural(root.session.errorCount, qsTr("error"), qsTr("errors")))
                                            .arg(Theme.plural(root.session.warningCount, qsTr("warning"), qsTr("warnings")))
                Accessible.name: qsTr("Scenario %1, %2, %3").arg(root.session.scenarioLabel)
                                     .arg(Theme.plural(root.session.errorCount, qsTr("error"), qsTr("errors")))
                                     .arg(Theme.plural(root.session.warningCount, qsTr("warning"), qsTr("warnings")))
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: root.session.scenarioReason + qsTr("\nClick to review every finding.")
                background: Rectangle {
                    radius: height / 2
                    color: root.session.errorCount > 0 ? Qt.rgba(0.83, 0.18, 0.18, 0.22)
                         : root.session.warningCount > 0 ? Qt.rgba(0.94, 0.42, 0, 0.22) : Qt.rgba(0.26, 0.63, 0.28, 0.22)
                    border.color: root.session.errorCount > 0 ? "#d32f2f" : root.session.warningCount > 0 ? "#ef6c00" : "#43a047"
                    border.width: chip.visualFocus ? 2 : 1
                }
                onClicked: root.openPage("review")
            }
            ToolSeparator { visible: !toolBar.foldView }
            Switch {
                id: presenterSwitch
                objectName: "presenterSwitch"
                visible: !toolBar.foldView
                text: qsTr("Presenter")
                checked: root.presenter
                Accessible.name: qsTr("Presenter mode: larger text")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Larger text for a projector or a screen share")
                onToggled: root.settings.presenter = checked
                FocusFrame { control: presenterSwitch }
            }
            ComboBox {
                id: themeBox
                objectName: "themeBox"
                visible: !toolBar.foldView
                readonly property var themes: ["system", "light", "dark"]
                model: [qsTr("System"), qsTr("Light"), qsTr("Dark")]
                currentIndex: Math.max(0, themes.indexOf(root.settings.theme))
                // As wide as its longest choice, so no choice is ever cut off.
                implicitContentWidthPolicy: ComboBox.WidestText
                Accessible.name: qsTr("Theme")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("The desktop's colours, light or dark")
                onActivated: index => root.settings.theme = themes[index]
            }
            ToolButton {
                id: moreButton
                objectName: "moreButton"
                visible: toolBar.foldView
                text: "⋯"
                Accessible.name: qsTr("More: file, presenter mode and theme")
                ToolTip.visible: hovered && !(moreMenuLoader.item && moreMenuLoader.item.visible)
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("More: presenter mode and theme (the window is too narrow to show them)")
                onClicked: {
                    moreMenuLoader.active = true
                    const menu = moreMenuLoader.item
                    menu.visible ? menu.close() : menu.open()
                }
                // Created the first time it opens: its items cost the window's start about 20 ms.
                Loader {
                    id: moreMenuLoader
                    active: false
                    sourceComponent: Component {
                        Menu {
                            id: moreMenu
                            objectName: "moreMenu"
                            parent: moreButton
                            y: moreButton.height
                            x: moreButton.width - width
                            MenuItem {
                                objectName: "menuOpen"
                                visible: toolBar.foldFile
                                height: visible ? implicitHeight : 0
                                text: qsTr("Open… (Ctrl+O)")
                                onTriggered: root.openPlanFile()
                            }
                            MenuItem {
                                objectName: "menuSave"
                                visible: toolBar.foldFile
                                height: visible ? implicitHeight : 0
                                enabled: root.session.filePath.length > 0
                                text: qsTr("Save (Ctrl+S)")
                                onTriggered: root.session.save()
                            }
                            MenuItem {
                                objectName: "menuSaveAs"
                                visible: toolBar.foldFile
                                height: visible ? implicitHeight : 0
                                text: qsTr("Save as…")
                                onTriggered: root.openSaveAs()
                            }
                            MenuSeparator { visible: toolBar.foldFile; height: visible ? implicitHeight : 0 }
                            MenuItem {
                                objectName: "menuPresenter"
                                text: qsTr("Presenter mode")
                                checkable: true
                                checked: root.presenter
                                onTriggered: {
                                    root.settings.presenter = checked
                                    checked = Qt.binding(() => root.presenter)
                                }
                            }
                            MenuSeparator {}
                            ThemeMenuItem { key: "system"; text: qsTr("System theme") }
                            ThemeMenuItem { key: "light"; text: qsTr("Light theme") }
                            ThemeMenuItem { key: "dark"; text: qsTr("Dark theme") }
                        }
                    }
                }
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Pane {
            padding: 0
            background: Rectangle { color: palette.base }
            Layout.fillHeight: true
            Layout.preferredWidth: Math.round(15 * root.font.pointSize + 90)

            ListView {
                id: nav
                objectName: "navigation"
                anchors.fill: parent
                anchors.topMargin: 8
                clip: true
                keyNavigationEnabled: true
                activeFocusOnTab: true
                highlightMoveDuration: 0
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Steps")
                ScrollBar.vertical: ScrollBar { policy: nav.contentHeight > nav.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff }
                // Each page with whether it opens a section and the rules it counts, so the delegate reads only its own model data.
                model: root.steps.map((page, at) => Object.assign({ first: at === 0 || root.steps[at - 1].section !== page.section,
                                                                 rules: StepRules.of(page.key) }, page))
                Component.onCompleted: nav.currentIndex = stack.currentIndex
                Connections {
                    target: stack
                    function onCurrentIndexChanged() { nav.currentIndex = stack.currentIndex }
                }
                delegate: Column {
                    id: step
                    required property var modelData
                    required property int index
                    readonly property int count: StepRules.countIn(root.session.findings.ruleCounts, step.modelData.rules)
                    readonly property string spoken: step.modelData.step > 0 ? qsTr("Step %1: %2").arg(step.modelData.step).arg(step.modelData.title)
                                                                             : step.modelData.title
                    width: nav.width

                    Label {
                        visible: step.modelData.first
                        text: step.modelData.section
                        font.bold: true
                        font.capitalization: Font.AllUppercase
                        font.pointSize: stepButton.font.pointSize * 0.85
                        opacity: 0.6
                        leftPadding: 14
                        topPadding: 10
                        bottomPadding: 2
                    }
                    ItemDelegate {
                        id: stepButton
                        objectName: "step_" + step.modelData.key
                        width: nav.width
                        highlighted: nav.currentIndex === step.index
                        // The list takes the focus, so arrows and Return move through the steps from here.
                        focusPolicy: Qt.NoFocus
                        leftPadding: 14
                        Accessible.name: step.count > 0 ? qsTr("%1, %2").arg(step.spoken)
                                                                   .arg(Theme.plural(step.count, qsTr("finding"), qsTr("findings")))
                                                        : step.spoken
                        ToolTip.visible: hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.text: qsTr("Open %1").arg(step.spoken)
                        onClicked: {
                            nav.forceActiveFocus(Qt.MouseFocusReason)
                            stack.currentIndex = step.index
                        }
                        contentItem: RowLayout {
                            spacing: 8
                            // A numbered step of the seed shows its number in a disc; the other pages leave it empty.
                            Rectangle {
                                Layout.preferredWidth: numberLabel.implicitHeight + 4
                                Layout.preferredHeight: numberLabel.implicitHeight + 4
                                radius: width / 2
                                visible: step.modelData.step > 0
                                color: "transparent"
                                border.width: 1
                                border.color: stepButton.highlighted ? palette.highlightedText : palette.windowText
                                Label {
                                    id: numberLabel
                                    anchors.centerIn: parent
                                    text: step.modelData.step
                                    font.pointSize: stepButton.font.pointSize * 0.85
                                    font.bold: true
                                    color: stepButton.highlighted ? palette.highlightedText : palette.windowText
                                }
                            }
                            Item {
                                visible: step.modelData.step === 0 && step.modelData.section === qsTr("Journey")
                                Layout.preferredWidth: numberLabel.implicitHeight + 4
                            }
                            Label {
                                text: step.modelData.title
                                elide: Text.ElideRight
                                color: stepButton.highlighted ? palette.highlightedText : palette.windowText
                                Layout.fillWidth: true
                            }
                            Label {
                                visible: step.count > 0 && step.modelData.section === qsTr("Journey") && step.modelData.key !== "review"
                                text: step.count
                                opacity: 0.7
                                color: stepButton.highlighted ? palette.highlightedText : palette.windowText
                            }
                        }
                        // The list's keyboard focus, drawn on the current step.
                        Rectangle {
                            objectName: "focusFrame"
                            anchors.fill: parent
                            anchors.margins: 2
                            visible: nav.activeFocus && stepButton.highlighted
                            color: "transparent"
                            radius: 3
                            border.width: 2
                            border.color: palette.highlightedText
                        }
                    }
                }
                Keys.onReturnPressed: stack.currentIndex = nav.currentIndex
                onCurrentIndexChanged: if (activeFocus) stack.currentIndex = currentIndex
            }
        }
        ToolSeparator { orientation: Qt.Vertical; Layout.fillHeight: true; padding: 0 }

        StackLayout {
            id: stack
            objectName: "pages"
            Layout.fillWidth: true
            Layout.fillHeight: true

            // Each page is created the first time it is shown, then kept (its scroll position and half-typed
            // text stay): the window starts with one page, and a change of plan wakes only the pages opened.
            function createCurrent(): void {
                const slot = stack.children[stack.currentIndex] as PageSlot
                if (slot)
                    slot.create()
            }
            onCurrentIndexChanged: stack.createCurrent()
            Component.onCompleted: stack.createCurrent()

            PageSlot {
                page: Qt.resolvedUrl("Journey/StartPage.qml")
                initial: ({ session: root.session, settings: root.settings, guard: unsavedGuard })
                onStarted: root.openPage("defaults")
                onOpenRequested: root.openPlanFile()
                onImportRequested: root.openPage("import")
            }
            PageSlot {
                page: Qt.resolvedUrl("Import/ImportPage.qml")
                initial: ({ objectName: "importPage", session: root.session, audit: auditSession, guard: unsavedGuard })
                onContinued: root.openPage("defaults")
            }
            PageSlot {
                page: Qt.resolvedUrl("Journey/DefaultsPage.qml")
                initial: ({ session: root.session })
                onNextRequested: root.currentPage += 1
            }
            PageSlot {
                page: Qt.resolvedUrl("Journey/PostgresPage.qml")
                initial: ({ session: root.session })
                onNextRequested: root.currentPage += 1
                onBackRequested: root.currentPage -= 1
            }
            PageSlot {
                page: Qt.resolvedUrl("Journey/RedisPage.qml")
                initial: ({ session: root.session })
                onNextRequested: root.currentPage += 1
                onBackRequested: root.currentPage -= 1
            }
            PageSlot {
                page: Qt.resolvedUrl("Journey/InstancesPage.qml")
                initial: ({ session: root.session })
                onNextRequested: root.currentPage += 1
                onBackRequested: root.currentPage -= 1
            }
            PageSlot {
                page: Qt.resolvedUrl("Journey/VectorDbPage.qml")
                initial: ({ session: root.session })
                onNextRequested: root.currentPage += 1
                onBackRequested: root.currentPage -= 1
            }
            PageSlot {
                page: Qt.resolvedUrl("Journey/StoragePage.qml")
                initial: ({ session: root.session })
                onNextRequested: root.currentPage += 1
                onBackRequested: root.currentPage -= 1
            }
            PageSlot {
                page: Qt.resolvedUrl("Journey/ObservabilityPage.qml")
                initial: ({ session: root.session })
                onNextRequested: root.currentPage += 1
                onBackRequested: root.currentPage -= 1
            }
            PageSlot {
                page: Qt.resolvedUrl("Journey/ReviewPage.qml")
                initial: ({ session: root.session })
                onBackRequested: root.currentPage -= 1
                onNextRequested: root.openPage("export")
            }
            PageSlot {
                page: Qt.resolvedUrl("Budget/BudgetPage.qml")
                initial: ({ session: root.session })
            }
            PageSlot {
                page: Qt.resolvedUrl("Review/MatrixPage.qml")
                initial: ({ session: root.session })
            }
            PageSlot {
                page: Qt.resolvedUrl("Review/TopologyPage.qml")
                initial: ({ session: root.session })
            }
            PageSlot {
                page: Qt.resolvedUrl("Export/ExportPage.qml")
                initial: ({ session: root.session, exporter: root.exporter })
            }
            PageSlot {
                page: Qt.resolvedUrl("Remote/RemotePage.qml")
                initial: ({ objectName: "remotePage", session: root.session, remote: remoteSession })
            }
            PageSlot {
                page: Qt.resolvedUrl("Training/TrainingPage.qml")
                initial: ({ session: root.session, training: trainingSession })
            }
        }
    }
}
