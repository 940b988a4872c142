// SPDX-License-Identifier: MIT
// Remote: a host the plan is for, reached over SSH. Probe reads the host (and the PostgreSQL and Redis it
// uses) and holds the facts against the plan; Deliver uploads the exported bundle. RemoteSession does the work
// off the GUI thread and words everything; the page draws it and asks the questions it raises (an unknown host
// key, a password or passphrase).
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import OwuiPlanner.Backend
import "../Components"
import "../Components/Theme.js" as Theme

// A Control rather than an Item: it carries the window's palette and font to what it holds.
Control {
    id: root

    required property PlanSession session
    required property RemoteSession remote
    readonly property bool dark: Theme.isDark(palette.window)
    readonly property alias hostKeyPopup: hostKeyPopup
    readonly property alias credentialPopup: credentialPopup

    FontMetrics { id: metrics; font: root.font }

    /** A button that Return and Enter press too, with a visible focus ring. */
    component PageButton: Button {
        id: pageButton
        Keys.onReturnPressed: pageButton.clicked()
        Keys.onEnterPressed: pageButton.clicked()
        FocusFrame { control: pageButton }
    }

    /** One setting of the connection: a label and a field that writes `remote[key]` as the user types. */
    component RemoteField: TextField {
        id: remoteField
        required property string key
        required property string label
        objectName: remoteField.key + "Field"
        text: root.remote[remoteField.key]
        selectByMouse: true
        Layout.fillWidth: true
        Accessible.name: remoteField.label
        onTextEdited: root.remote[remoteField.key] = remoteField.text
        Keys.onReturnPressed: root.remote.probe()
        Keys.onEnterPressed: root.remote.probe()
    }

    FileDialog {
        id: identityDialog
        title: qsTr("Choose the private key")
        onAccepted: root.remote.identity = decodeURIComponent(identityDialog.selectedFile.toString().replace(/^file:\/\//, ""))
    }
    FileDialog {
        id: knownHostsDialog
        title: qsTr("Choose the known_hosts file")
        onAccepted: root.remote.knownHosts = decodeURIComponent(knownHostsDialog.selectedFile.toString().replace(/^file:\/\//, ""))
    }
    FolderDialog {
        id: bundleDialog
        title: qsTr("Choose the bundle folder to deliver")
        onAccepted: root.remote.bundleFolder = decodeURIComponent(bundleDialog.selectedFolder.toString().replace(/^file:\/\//, ""))
    }

    // The questions a connection raises open as the session asks them and close when it no longer does.
    Connections {
        target: root.remote
        function onHostKeyQuestionChanged(): void {
            if (root.remote.hostKeyQuestion.fingerprint !== undefined) {
                hostKeyPopup.open()
                if (root.remote.hostKeyQuestion.changed)
                    closeKeyButton.forceActiveFocus(Qt.TabFocusReason)
                else
                    trustButton.forceActiveFocus(Qt.TabFocusReason)
            } else {
                hostKeyPopup.close()
            }
        }
        function onCredentialQuestionChanged(): void {
            if (root.remote.credentialQuestion.kind !== undefined) {
                credentialField.text = ""
                credentialPopup.open()
                credentialField.forceActiveFocus(Qt.TabFocusReason)
            } else {
                credentialPopup.close()
            }
        }
    }

    Popup {
        id: hostKeyPopup
        objectName: "hostKeyPopup"
        readonly property bool changed: root.remote.hostKeyQuestion.changed === true
        parent: Overlay.overlay
        modal: true
        focus: true
        x: parent ? Math.round((parent.width - width) / 2) : 0
        y: parent ? Math.round(parent.height / 5) : 0
        padding: 16
        closePolicy: Popup.CloseOnEscape
        onClosed: if (root.remote.hostKeyQuestion.fingerprint !== undefined) root.remote.dismissQuestion()

        contentItem: ColumnLayout {
            spacing: 10
            Label {
                text: hostKeyPopup.changed ? qsTr("The host key has CHANGED") : qsTr("Unknown host key")
                font.bold: true
                color: hostKeyPopup.changed ? Theme.alertText(root.dark) : palette.windowText
            }
            Label {
                objectName: "hostKeyWarning"
                visible: hostKeyPopup.changed
                text: qsTr("known_hosts holds another key for this host. Someone may be impersonating it, or the host was reinstalled. The planner will not connect; if the change is expected, remove the old line from known_hosts (ssh-keygen -R) and probe again.")
                color: Theme.alertText(root.dark)
                font.bold: true
                wrapMode: Text.Wrap
                Layout.preferredWidth: 52 * metrics.averageCharacterWidth
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            Label {
                visible: !hostKeyPopup.changed
                text: qsTr("The host's key is not in known_hosts. Compare the fingerprint with the one the host's administrator gives you (ssh-keygen -lf on the host) before you trust it.")
                wrapMode: Text.Wrap
                Layout.preferredWidth: 52 * metrics.averageCharacterWidth
            }
            GridLayout {
                columns: 2
                columnSpacing: 12
                rowSpacing: 4
                Label { text: qsTr("Host"); opacity: 0.75 }
                Label { objectName: "hostKeyHost"; text: root.remote.hostKeyQuestion.host ?? ""; textFormat: Text.PlainText }
                Label { text: qsTr("Type"); opacity: 0.75 }
                Label { objectName: "hostKeyType"; text: root.remote.hostKeyQuestion.type ?? ""; textFormat: Text.PlainText }
                Label { text: qsTr("Fingerprint"); opacity: 0.75 }
                Label {
                    objectName: "hostKeyFingerprint"
                    text: root.remote.hostKeyQuestion.fingerprint ?? ""
                    textFormat: Text.PlainText
                    font.family: "monospace"
                    wrapMode: Text.WrapAnywhere
                    Layout.maximumWidth: 44 * metrics.averageCharacterWidth
                }
            }
            RowLayout {
                spacing: 8
                Layout.alignment: Qt.AlignRight
                PageButton {
                    id: trustButton
                    objectName: "trustHostKeyButton"
                    visible: !hostKeyPopup.changed
                    text: qsTr("Trust and connect")
                    highlighted: true
                    Accessible.name: qsTr("Trust this host key, record it in known_hosts and connect")
                    // The answer first: closing the popup on its own counts as declining.
                    onClicked: {
                        root.remote.acceptHostKey()
                        hostKeyPopup.close()
                    }
                }
                PageButton {
                    id: closeKeyButton
                    objectName: "rejectHostKeyButton"
                    text: hostKeyPopup.changed ? qsTr("Close") : qsTr("Cancel")
                    Accessible.name: qsTr("Do not connect")
                    onClicked: hostKeyPopup.close()
                }
            }
        }
    }

    Popup {
        id: credentialPopup
        objectName: "credentialPopup"
        parent: Overlay.overlay
        modal: true
        focus: true
        x: parent ? Math.round((parent.width - width) / 2) : 0
        y: parent ? Math.round(parent.height / 5) : 0
        padding: 16
        closePolicy: Popup.CloseOnEscape
        onClosed: {
            credentialField.text = "" // typed secrets never outlive the question
            if (root.remote.credentialQuestion.kind !== undefined)
                root.remote.dismissQuestion()
        }

        function submit(): void {
            const text = credentialField.text
            credentialField.text = ""
            root.remote.provideCredential(text) // before closing, which on its own declines
            credentialPopup.close()
        }

        contentItem: ColumnLayout {
            spacing: 10
            Label {
                text: root.remote.credentialQuestion.kind === "passphrase" ? qsTr("Key passphrase") : qsTr("Password")
                font.bold: true
            }
            Label {
                objectName: "credentialPrompt"
                text: root.remote.credentialQuestion.prompt ?? ""
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                Layout.preferredWidth: 44 * metrics.averageCharacterWidth
            }
            TextField {
                id: credentialField
                objectName: "credentialField"
                echoMode: TextInput.Password
                Layout.fillWidth: true
                Accessible.name: root.remote.credentialQuestion.prompt ?? qsTr("Password")
                Keys.onReturnPressed: credentialPopup.submit()
                Keys.onEnterPressed: credentialPopup.submit()
            }
            Label {
                text: qsTr("Used for this connection only; never saved.")
                opacity: 0.7
            }
            RowLayout {
                spacing: 8
                Layout.alignment: Qt.AlignRight
                PageButton {
                    objectName: "credentialConnectButton"
                    text: qsTr("Connect")
                    highlighted: true
                    onClicked: credentialPopup.submit()
                }
                PageButton {
                    objectName: "credentialCancelButton"
                    text: qsTr("Cancel")
                    onClicked: credentialPopup.close()
                }
            }
        }
    }

    ScrollView {
        id: scroll
        objectName: "remoteScroll"
        anchors.fill: parent
        padding: 24
        contentWidth: availableWidth
        ScrollBar.vertical.policy: scroll.contentHeight > scroll.availableHeight ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
        clip: true

        ColumnLayout {
            width: scroll.availableWidth
            spacing: 12

            Heading { text: qsTr("Remote host"); Layout.fillWidth: true }
            Label {
                text: qsTr("Reach the host this plan is for over SSH. Probe only reads: the machine, Docker, kubectl and helm, and the PostgreSQL and Redis it uses; their facts are held against the plan and can become the plan's figures. Deliver uploads the exported bundle into the target directory, whole or not at all.")
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                Layout.maximumWidth: 900
            }

            GridLayout {
                columns: 3
                columnSpacing: 10
                rowSpacing: 6
                Layout.fillWidth: true
                Layout.maximumWidth: 900

                Label { text: qsTr("Host") }
                RemoteField { key: "host"; label: qsTr("Host: user@host:port"); placeholderText: qsTr("user@host:port") }
                Item { implicitWidth: 1 }

                Label { text: qsTr("Private key") }
                RemoteField { key: "identity"; label: qsTr("Private key file"); placeholderText: qsTr("the SSH agent, then ~/.ssh's keys") }
                PageButton {
                    objectName: "identityBrowseButton"
                    text: qsTr("Choose…")
                    Accessible.name: qsTr("Choose the private key file")
                    onClicked: identityDialog.open()
                }

                Label { text: qsTr("known_hosts") }
                RemoteField { key: "knownHosts"; label: qsTr("known_hosts file"); placeholderText: "~/.ssh/known_hosts" }
                PageButton {
                    objectName: "knownHostsBrowseButton"
                    text: qsTr("Choose…")
                    Accessible.name: qsTr("Choose the known_hosts file")
                    onClicked: knownHostsDialog.open()
                }

                Label { text: qsTr("Jump host") }
                RemoteField { key: "jumpHost"; label: qsTr("Jump host: user@host:port"); placeholderText: qsTr("optional: user@bastion:port") }
                Item { implicitWidth: 1 }

                Label { text: qsTr("PostgreSQL URL") }
                RemoteField {
                    key: "postgresUrl"
                    label: qsTr("PostgreSQL URL, as the host reaches it")
                    echoMode: TextInput.Password // it may carry the password
                    placeholderText: "postgresql://user:password@host:5432/db"
                }
                Item { implicitWidth: 1 }

                Label { text: qsTr("Redis URL") }
                RemoteField {
                    key: "redisUrl"
                    label: qsTr("Redis URL, as the host reaches it")
                    echoMode: TextInput.Password
                    placeholderText: "redis://:password@host:6379/0"
                }
                Item { implicitWidth: 1 }

                Label { text: qsTr("Target directory") }
                RemoteField { key: "targetDirectory"; label: qsTr("Target directory on the host"); placeholderText: qsTr("/srv/open-webui") }
                Item { implicitWidth: 1 }

                Label { text: qsTr("Bundle folder") }
                RemoteField { key: "bundleFolder"; label: qsTr("Bundle folder to deliver"); placeholderText: qsTr("the last exported folder") }
                PageButton {
                    objectName: "bundleBrowseButton"
                    text: qsTr("Choose…")
                    Accessible.name: qsTr("Choose the bundle folder")
                    onClicked: bundleDialog.open()
                }
            }

            RowLayout {
                spacing: 8
                Layout.fillWidth: true
                PageButton {
                    id: probeButton
                    objectName: "probeButton"
                    text: qsTr("Probe")
                    highlighted: true
                    enabled: !root.remote.busy
                    Accessible.name: qsTr("Probe the host, read-only")
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("Read the host and its servers and hold the facts against the plan; changes nothing there")
                    onClicked: root.remote.probe()
                }
                PageButton {
                    id: deliverButton
                    objectName: "deliverButton"
                    text: qsTr("Deliver")
                    enabled: !root.remote.busy
                    Accessible.name: qsTr("Deliver the bundle to the target directory")
                    ToolTip.visible: hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("Upload the bundle folder beside the target, then move it into place")
                    onClicked: root.remote.deliver(replaceBox.checked)
                }
                CheckBox {
                    id: replaceBox
                    objectName: "replaceBox"
                    text: qsTr("Replace an existing target")
                    Accessible.name: qsTr("Replace an existing target directory whole")
                    FocusFrame { control: replaceBox }
                }
                PageButton {
                    objectName: "cancelButton"
                    text: qsTr("Cancel")
                    enabled: root.remote.busy
                    Accessible.name: qsTr("Cancel the run in progress")
                    onClicked: root.remote.cancel()
                }
                Item { Layout.fillWidth: true }
            }

            RowLayout {
                visible: root.remote.busy
                spacing: 10
                Layout.fillWidth: true
                ProgressBar {
                    objectName: "remoteProgress"
                    from: 0
                    to: 1
                    value: root.remote.progress
                    Layout.preferredWidth: 240
                }
                Label {
                    objectName: "progressText"
                    text: root.remote.progressText
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }

            Label {
                objectName: "remoteStatus"
                visible: root.remote.statusText.length > 0 && !root.remote.busy
                text: root.remote.statusText
                textFormat: Text.PlainText
                font.bold: true
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label {
                id: errorLine
                objectName: "remoteError"
                visible: root.remote.errorText.length > 0 && !root.remote.busy
                text: root.remote.errorText
                textFormat: Text.PlainText // the host's and libssh's words
                color: Theme.alertText(root.dark)
                font.bold: true
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                Accessible.role: Accessible.AlertMessage
                Accessible.name: errorLine.text
            }

            RowLayout {
                visible: root.remote.hasReport
                spacing: 12
                Layout.fillWidth: true
                SectionLabel { text: qsTr("What the host shows"); Layout.fillWidth: true }
                PageButton {
                    objectName: "useAllButton"
                    visible: root.remote.changeCount > 0
                    text: qsTr("Use all values (%1)").arg(root.remote.changeCount)
                    Accessible.name: qsTr("Put every value the host shows into the plan")
                    onClicked: root.remote.useAllValues()
                }
            }
            Repeater {
                id: factsRepeater
                model: root.remote.facts
                delegate: ColumnLayout {
                    id: factRow
                    required property var modelData
                    required property int index
                    readonly property bool newSection: factRow.index === 0 || root.remote.facts[factRow.index - 1].section !== factRow.modelData.section
                    objectName: "remoteFact_" + factRow.index
                    spacing: 4
                    Layout.fillWidth: true
                    Label {
                        visible: factRow.newSection
                        text: factRow.modelData.section
                        font.bold: true
                        opacity: 0.8
                        Layout.topMargin: factRow.index === 0 ? 0 : 6
                    }
                    RowLayout {
                        spacing: 12
                        Layout.fillWidth: true
                        Label {
                            text: factRow.modelData.label
                            textFormat: Text.PlainText
                            wrapMode: Text.Wrap
                            Layout.preferredWidth: 26 * metrics.averageCharacterWidth
                            Layout.alignment: Qt.AlignTop
                        }
                        Label {
                            objectName: "factObserved"
                            text: factRow.modelData.observed
                            textFormat: Text.PlainText
                            font.bold: factRow.modelData.usable
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                            Layout.alignment: Qt.AlignTop
                        }
                        Label {
                            objectName: "factPlanned"
                            visible: factRow.modelData.usable
                            text: qsTr("plan: %1").arg(factRow.modelData.planned)
                            textFormat: Text.PlainText
                            opacity: 0.8
                            Layout.alignment: Qt.AlignTop
                        }
                        PageButton {
                            objectName: "useValueButton"
                            visible: factRow.modelData.usable
                            text: qsTr("Use this value")
                            Accessible.name: qsTr("Use %1 = %2 in the plan").arg(factRow.modelData.label).arg(factRow.modelData.observed)
                            onClicked: root.remote.useValue(factRow.modelData.index)
                        }
                    }
                }
            }

            SectionLabel {
                visible: root.remote.hasReport
                text: qsTr("Held against the plan (%1)").arg(findingsRepeater.count)
            }
            Label {
                visible: root.remote.hasReport && findingsRepeater.count === 0
                text: qsTr("The host agrees with the plan.")
                opacity: 0.75
            }
            Repeater {
                id: findingsRepeater
                model: root.remote.findings
                delegate: Frame {
                    id: card
                    required property int index
                    required property string severity
                    required property string rule
                    required property string message
                    required property string fix
                    objectName: "remoteFinding_" + card.index
                    padding: 10
                    Layout.fillWidth: true
                    Accessible.role: Accessible.ListItem
                    Accessible.name: qsTr("%1: %2").arg(card.severity).arg(card.message)
                    RowLayout {
                        width: parent.width
                        spacing: 10
                        Rectangle {
                            color: Theme.severityColor(card.severity)
                            radius: 2
                            Layout.preferredWidth: 5
                            Layout.fillHeight: true
                        }
                        ColumnLayout {
                            spacing: 4
                            Layout.fillWidth: true
                            RowLayout {
                                spacing: 8
                                Label { text: card.severity.toUpperCase(); color: Theme.severityColor(card.severity); font.bold: true }
                                Label { text: card.rule; opacity: 0.7 }
                            }
                            Label {
                                objectName: "remoteFindingMessage"
                                text: card.message
                                textFormat: Text.PlainText
                                wrapMode: Text.Wrap
                                Layout.fillWidth: true
                            }
                            Label {
                                visible: card.fix.length > 0
                                text: qsTr("Fix: %1").arg(card.fix)
                                textFormat: Text.PlainText
                                wrapMode: Text.Wrap
                                opacity: 0.85
                                Layout.fillWidth: true
                            }
                        }
                    }
                }
            }
        }
    }
}
