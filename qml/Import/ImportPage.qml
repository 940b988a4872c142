// SPDX-License-Identifier: MIT
// Import: deployment files the user already runs (Compose, Helm values, manifests), audited against Open
// WebUI's own rules. The page shows what AuditSession worded: what the files show and how sure that is, each
// finding at the line that decides it with the lines around it, the notes; "Continue as a plan" makes the
// inferred plan the user's plan (after the unsaved-changes question) and opens the journey.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import OwuiPlanner.Backend
import "../Components"
import "../Components/Theme.js" as Theme
import "../Components/Scrolling.js" as Scrolling

// A Control rather than an Item: it carries the window's palette and font to what it holds.
Control {
    id: root

    required property PlanSession session
    required property AuditSession audit
    /** Asks before a modified plan is replaced (Main's UnsavedGuard); null runs at once. */
    property var guard: null
    readonly property bool dark: Theme.isDark(palette.window)
    readonly property int fileCount: root.audit.files.length

    /** The inferred plan is now the user's plan: the window opens the journey. */
    signal continued()

    /**
     * The one way files come in: the file dialog's accepted handler and a drop both call it, so a test that
     * cannot drive the desktop's dialog or a drag from another application still drives the same path.
     * `replace` starts a new set of files; otherwise they join the files already listed.
     */
    function receiveFiles(urls: var, replace: bool): void {
        const list = []
        for (let i = 0; i < urls.length; ++i)
            list.push(urls[i])
        if (list.length === 0)
            return
        if (replace)
            root.audit.open(list)
        else
            root.audit.addFiles(list)
    }

    function continueAsPlan(): void {
        if (!root.audit.hasReport || root.audit.busy)
            return
        const go = () => {
            if (root.audit.continueAsPlan())
                root.continued()
        }
        if (root.guard)
            root.guard.run(qsTr("continuing from the audited files"), go)
        else
            go()
    }

    function openDialog(replacing: bool): void {
        fileDialog.replacing = replacing
        fileDialog.open()
    }

    /** Moves the keyboard focus to the finding at `row` (arrow keys); the page scrolls to it. */
    function focusFinding(row: int): void {
        const card = findingsRepeater.itemAt(row)
        if (card)
            card.forceActiveFocus(Qt.TabFocusReason)
    }

    FontMetrics { id: metrics; font: root.font }

    /** Lines of an audited file around the decisive one, numbered, that line marked; text shown as written. */
    component Excerpt: Control {
        id: excerptBlock
        property var lines: []
        property color mark: "#1e88e5"
        property real numberWidth: 40
        padding: 4
        Accessible.role: Accessible.StaticText
        Accessible.name: excerptBlock.lines.map(l => l.number + ": " + l.text).join("\n")
        background: Rectangle {
            color: excerptBlock.palette.base
            border.color: excerptBlock.palette.mid
            radius: 3
        }
        contentItem: Column {
            id: excerptColumn
            Repeater {
                model: excerptBlock.lines
                delegate: Rectangle {
                    id: excerptLine
                    required property var modelData
                    objectName: excerptLine.modelData.decisive ? "decisiveLine" : "excerptLine"
                    width: excerptColumn.width
                    height: lineText.implicitHeight
                    color: excerptLine.modelData.decisive ? Qt.rgba(excerptBlock.mark.r, excerptBlock.mark.g, excerptBlock.mark.b, 0.22)
                                                          : "transparent"
                    Label {
                        id: lineNumber
                        width: excerptBlock.numberWidth
                        horizontalAlignment: Text.AlignRight
                        text: (excerptLine.modelData.decisive ? "▶ " : "") + excerptLine.modelData.number
                        font.family: "monospace"
                        font.bold: excerptLine.modelData.decisive
                        opacity: excerptLine.modelData.decisive ? 1 : 0.6
                    }
                    Label {
                        id: lineText
                        objectName: "excerptText"
                        anchors.left: lineNumber.right
                        anchors.leftMargin: 10
                        anchors.right: parent.right
                        text: excerptLine.modelData.text
                        textFormat: Text.PlainText // the file's text, never markup
                        font.family: "monospace"
                        font.bold: excerptLine.modelData.decisive
                        wrapMode: Text.WrapAnywhere
                    }
                }
            }
        }
    }

    FileDialog {
        id: fileDialog
        objectName: "importFileDialog"
        property bool replacing: true
        title: fileDialog.replacing ? qsTr("Open deployment files") : qsTr("Add deployment files")
        fileMode: FileDialog.OpenFiles
        nameFilters: [qsTr("YAML files (*.yaml *.yml)"), qsTr("All files (*)")]
        onAccepted: root.receiveFiles(fileDialog.selectedFiles, fileDialog.replacing)
    }

    DropArea {
        id: dropArea
        objectName: "importDropArea"
        anchors.fill: parent
        onEntered: drag => drag.accepted = drag.hasUrls
        onDropped: drop => {
            if (!drop.hasUrls)
                return
            root.receiveFiles(drop.urls, false)
            drop.accept(Qt.CopyAction)
        }
    }

    ScrollView {
        id: scroll
        objectName: "importScroll"
        anchors.fill: parent
        padding: 24
        contentWidth: availableWidth
        // The bar stays visible while the page is taller than the window, so what lies below never looks absent.
        ScrollBar.vertical.policy: scroll.contentHeight > scroll.availableHeight ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
        clip: true

        ColumnLayout {
            width: scroll.availableWidth
            spacing: 12

            Heading { text: qsTr("Import and audit a deployment"); Layout.fillWidth: true }
            Label {
                text: qsTr("Open the files of an Open WebUI you already run, or drop them on this page: Compose files and their overrides, Swarm stacks, Helm values with the Chart.yaml beside them, Kubernetes manifests, a Flux HelmRelease. The files are read together as one deployment and checked against the same rules as a plan; each finding points at the line that decides it. Your files are only read.")
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                Layout.maximumWidth: 900
            }

            RowLayout {
                spacing: 8
                Layout.fillWidth: true
                Button {
                    id: openFilesButton
                    objectName: "openFilesButton"
                    text: qsTr("Open files…")
                    Accessible.name: qsTr("Open deployment files to audit")
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("Choose one or more files; they replace the files listed")
                    onClicked: root.openDialog(true)
                    FocusFrame { control: openFilesButton }
                }
                Button {
                    id: addFilesButton
                    objectName: "addFilesButton"
                    text: qsTr("Add files…")
                    enabled: root.fileCount > 0
                    Accessible.name: qsTr("Add deployment files to the audit")
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("Add an override, values or manifests to the files listed; all are read as one deployment")
                    onClicked: root.openDialog(false)
                    FocusFrame { control: addFilesButton }
                }
                BusyIndicator {
                    objectName: "auditBusy"
                    running: root.audit.busy
                    visible: root.audit.busy
                    Layout.preferredHeight: openFilesButton.height
                    Layout.preferredWidth: openFilesButton.height
                }
                Label {
                    visible: root.audit.busy
                    text: qsTr("Reading the files…")
                    opacity: 0.75
                }
                Item { Layout.fillWidth: true }
            }

            // Before any file: where to drop them.
            Rectangle {
                objectName: "dropHint"
                visible: root.fileCount === 0
                Layout.fillWidth: true
                Layout.preferredHeight: dropHintText.implicitHeight + 48
                color: dropArea.containsDrag ? Qt.rgba(palette.highlight.r, palette.highlight.g, palette.highlight.b, 0.15) : "transparent"
                border.color: dropArea.containsDrag ? palette.highlight : palette.mid
                border.width: 2
                radius: 6
                Label {
                    id: dropHintText
                    anchors.centerIn: parent
                    width: parent.width - 32
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("Drop deployment files here (several at once), or use Open files…")
                    wrapMode: Text.Wrap
                    opacity: 0.8
                }
            }

            Label {
                id: errorLine
                objectName: "importError"
                visible: root.audit.errorText.length > 0
                text: qsTr("Cannot audit these files: %1").arg(root.audit.errorText)
                textFormat: Text.PlainText // the importer's words quote the files
                color: Theme.alertText(root.dark)
                font.bold: true
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                Accessible.role: Accessible.AlertMessage
                Accessible.name: errorLine.text
            }

            Label {
                visible: root.fileCount > 0
                text: qsTr("Files (%1)").arg(root.fileCount)
                font.bold: true
            }
            Repeater {
                id: filesRepeater
                model: root.audit.files
                delegate: RowLayout {
                    id: fileRow
                    required property var modelData
                    required property int index
                    objectName: "auditedFile_" + fileRow.index
                    spacing: 8
                    Layout.fillWidth: true
                    Label {
                        text: fileRow.modelData.name
                        textFormat: Text.PlainText
                        font.bold: true
                    }
                    Label {
                        text: fileRow.modelData.path
                        textFormat: Text.PlainText
                        elide: Text.ElideMiddle
                        opacity: 0.7
                        Layout.fillWidth: true
                    }
                    Button {
                        id: removeButton
                        objectName: "removeFileButton_" + fileRow.index
                        text: qsTr("Remove")
                        Accessible.name: qsTr("Remove %1 from the audit").arg(fileRow.modelData.name)
                        ToolTip.visible: hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.text: qsTr("Audit the other files without this one")
                        onClicked: root.audit.removeFile(fileRow.index)
                        FocusFrame { control: removeButton }
                    }
                }
            }

            Repeater {
                model: root.audit.found
                delegate: Label {
                    required property string modelData
                    objectName: "foundLine"
                    text: modelData
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }

            RowLayout {
                visible: root.audit.hasReport || root.fileCount > 0
                spacing: 12
                Layout.fillWidth: true
                Layout.topMargin: 4
                Label {
                    objectName: "summaryLine"
                    text: root.audit.hasReport ? root.audit.summary : ""
                    font.bold: true
                    color: root.audit.errorCount > 0 ? Theme.alertText(root.dark) : palette.windowText
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Button {
                    id: continueButton
                    objectName: "continueButton"
                    text: qsTr("Continue as a plan →")
                    highlighted: true
                    enabled: root.audit.hasReport && !root.audit.busy
                    Accessible.name: qsTr("Continue from the audited deployment as a plan")
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("Open what the files show as a new plan in the journey; what they cannot show starts at Open WebUI's defaults")
                    onClicked: root.continueAsPlan()
                    FocusFrame { control: continueButton }
                }
            }

            SectionLabel {
                visible: root.audit.facts.length > 0
                text: qsTr("What the files show")
            }
            Repeater {
                id: factsRepeater
                model: root.audit.facts
                delegate: RowLayout {
                    id: factRow
                    required property var modelData
                    objectName: "fact_" + factRow.modelData.subject
                    spacing: 12
                    Layout.fillWidth: true
                    Label {
                        text: factRow.modelData.label
                        font.bold: true
                        wrapMode: Text.Wrap
                        Layout.preferredWidth: 17 * metrics.averageCharacterWidth
                        Layout.alignment: Qt.AlignTop
                    }
                    Label {
                        objectName: "factValue"
                        text: factRow.modelData.value
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        Layout.preferredWidth: 22 * metrics.averageCharacterWidth
                        Layout.alignment: Qt.AlignTop
                    }
                    Label {
                        objectName: "factCertainty"
                        text: factRow.modelData.certaintyText
                        font.italic: factRow.modelData.certainty !== "known"
                        font.bold: factRow.modelData.certainty === "unknown"
                        color: factRow.modelData.certainty === "unknown" ? Theme.alertText(root.dark) : palette.windowText
                        Layout.preferredWidth: 12 * metrics.averageCharacterWidth
                        Layout.alignment: Qt.AlignTop
                    }
                    Label {
                        objectName: "factPlace"
                        text: [factRow.modelData.place, factRow.modelData.detail].filter(s => s.length > 0).join(" — ")
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        opacity: 0.8
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignTop
                    }
                }
            }

            SectionLabel {
                visible: root.audit.hasReport
                text: qsTr("Findings (%1)").arg(findingsRepeater.count)
            }
            Label {
                visible: root.audit.hasReport && findingsRepeater.count === 0
                text: qsTr("No rule finds a problem in these files.")
                opacity: 0.75
            }
            Label {
                visible: findingsRepeater.count > 1
                text: qsTr("Tab, or ↑ and ↓ on a finding, moves through them.")
                opacity: 0.65
            }
            Repeater {
                id: findingsRepeater
                model: root.audit.findings
                delegate: Frame {
                    id: card
                    required property int index
                    required property string severity
                    required property string rule
                    required property string message
                    required property string fix
                    required property string source
                    required property string place
                    required property var related
                    required property var excerpt
                    required property string excerptNote
                    readonly property color severityColor: Theme.severityColor(card.severity)

                    objectName: "auditFinding_" + card.index
                    focusPolicy: Qt.StrongFocus
                    activeFocusOnTab: true
                    padding: 10
                    Layout.fillWidth: true
                    Accessible.role: Accessible.ListItem
                    Accessible.name: qsTr("%1 at %2: %3").arg(card.severity).arg(card.place).arg(card.message)
                    Accessible.focusable: true
                    Keys.onDownPressed: root.focusFinding(card.index + 1)
                    Keys.onUpPressed: root.focusFinding(card.index - 1)
                    onActiveFocusChanged: if (card.activeFocus) Scrolling.ensureVisible(card)
                    FocusFrame { control: card }

                    RowLayout {
                        width: parent.width
                        spacing: 10
                        Rectangle {
                            color: card.severityColor
                            radius: 2
                            Layout.preferredWidth: 5
                            Layout.fillHeight: true
                        }
                        ColumnLayout {
                            spacing: 4
                            Layout.fillWidth: true
                            RowLayout {
                                spacing: 8
                                Layout.fillWidth: true
                                Label {
                                    text: card.severity.toUpperCase()
                                    color: card.severityColor
                                    font.bold: true
                                }
                                Label {
                                    text: card.rule
                                    opacity: 0.7
                                    elide: Text.ElideRight
                                    Layout.fillWidth: true
                                }
                                Label {
                                    objectName: "findingPlace"
                                    text: card.place
                                    textFormat: Text.PlainText
                                    font.family: "monospace"
                                    font.bold: true
                                    elide: Text.ElideMiddle
                                    Layout.maximumWidth: card.availableWidth / 2
                                }
                            }
                            Label {
                                objectName: "findingMessage"
                                text: card.message
                                textFormat: Text.PlainText
                                wrapMode: Text.Wrap
                                Layout.fillWidth: true
                            }
                            Label {
                                text: qsTr("Fix: %1").arg(card.fix)
                                textFormat: Text.PlainText
                                visible: card.fix.length > 0
                                wrapMode: Text.Wrap
                                opacity: 0.85
                                Layout.fillWidth: true
                            }
                            Label {
                                objectName: "findingRelated"
                                visible: card.related.length > 0
                                text: qsTr("Also read: %1").arg(card.related.join(", "))
                                textFormat: Text.PlainText
                                wrapMode: Text.Wrap
                                opacity: 0.8
                                Layout.fillWidth: true
                            }
                            Excerpt {
                                objectName: "findingExcerpt"
                                visible: card.excerpt.length > 0
                                lines: card.excerpt
                                mark: card.severityColor
                                numberWidth: 7 * metrics.averageCharacterWidth
                                Layout.fillWidth: true
                                Layout.preferredHeight: implicitHeight
                            }
                            Label {
                                visible: card.excerptNote.length > 0
                                text: card.excerptNote
                                textFormat: Text.PlainText
                                font.italic: true
                                opacity: 0.7
                                wrapMode: Text.Wrap
                                Layout.fillWidth: true
                            }
                            Label {
                                text: qsTr("Source: %1").arg(card.source)
                                visible: card.source.length > 0
                                wrapMode: Text.Wrap
                                font.italic: true
                                opacity: 0.6
                                Layout.fillWidth: true
                            }
                        }
                    }
                }
            }

            SectionLabel {
                visible: root.audit.notes.length > 0
                text: qsTr("Notes (%1): what the files cannot show, names that look wrong").arg(root.audit.notes.length)
            }
            Repeater {
                id: notesRepeater
                model: root.audit.notes
                delegate: Frame {
                    id: note
                    required property var modelData
                    required property int index
                    objectName: "auditNote_" + note.index
                    padding: 8
                    Layout.fillWidth: true
                    Accessible.role: Accessible.ListItem
                    Accessible.name: qsTr("%1 at %2: %3").arg(note.modelData.kindText).arg(note.modelData.place).arg(note.modelData.message)
                    ColumnLayout {
                        width: parent.width
                        spacing: 4
                        RowLayout {
                            spacing: 8
                            Layout.fillWidth: true
                            Label {
                                text: note.modelData.kindText
                                font.bold: true
                                color: Theme.severityColor(note.modelData.severity)
                            }
                            Label {
                                text: note.modelData.place
                                textFormat: Text.PlainText
                                font.family: "monospace"
                                opacity: 0.8
                                elide: Text.ElideMiddle
                                Layout.fillWidth: true
                            }
                        }
                        Label {
                            objectName: "noteMessage"
                            text: note.modelData.message
                            textFormat: Text.PlainText
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Excerpt {
                            visible: note.modelData.excerpt.length > 0
                            lines: note.modelData.excerpt
                            mark: Theme.severityColor(note.modelData.severity)
                            numberWidth: 7 * metrics.averageCharacterWidth
                            Layout.fillWidth: true
                            Layout.preferredHeight: implicitHeight
                        }
                    }
                }
            }
        }
    }

    // While files are dragged over the page: the whole page takes them.
    Rectangle {
        objectName: "dropOverlay"
        anchors.fill: parent
        anchors.margins: 4
        visible: dropArea.containsDrag
        color: Qt.rgba(palette.highlight.r, palette.highlight.g, palette.highlight.b, 0.12)
        border.color: palette.highlight
        border.width: 3
        radius: 8
        Label {
            anchors.centerIn: parent
            text: root.fileCount > 0 ? qsTr("Drop to add these files to the audit") : qsTr("Drop to audit these files")
            font.bold: true
            font.pointSize: root.font.pointSize * 1.3
        }
    }
}
