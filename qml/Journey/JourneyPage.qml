// SPDX-License-Identifier: MIT
// The frame of one journey step: why it exists (with its source), its settings, and its findings.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "../Components"
import "../Components/Theme.js" as Theme

ScrollView {
    id: root

    required property PlanSession session
    property string title
    property string why
    property string source
    /** Rule ids whose findings belong to this step; empty shows every finding. */
    property var rules: []
    property string findingsTitle: qsTr("Findings for this step")
    property bool hasNext: true
    /** The Next button's words; the last step leads on to the export. */
    property string nextText: qsTr("Next →")
    property bool hasBack: true
    default property alias content: settings.data
    readonly property alias findings: findingsList

    signal nextRequested()
    signal backRequested()

    padding: 24
    contentWidth: availableWidth
    // The bar stays visible while the page is taller than the window, so what lies below (Next, the
    // findings) never looks absent.
    ScrollBar.vertical.policy: root.contentHeight > root.availableHeight ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
    clip: true

    ColumnLayout {
        width: root.availableWidth
        spacing: 14

        Heading { text: root.title; Layout.fillWidth: true }
        Label {
            text: root.why
            wrapMode: Text.Wrap
            textFormat: Text.StyledText
            Layout.fillWidth: true
            Layout.maximumWidth: 900
        }
        Label {
            text: qsTr("Source: %1").arg(root.source)
            visible: root.source.length > 0
            font.italic: true
            opacity: 0.7
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        ColumnLayout {
            id: settings
            spacing: 8
            Layout.fillWidth: true
        }
        FindingsList {
            id: findingsList
            session: root.session
            rules: root.rules
            title: root.findingsTitle
            Layout.topMargin: 8
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: 8
            Button {
                visible: root.hasBack
                text: qsTr("← Back")
                Accessible.name: qsTr("Previous step")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Go to the previous step")
                onClicked: root.backRequested()
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "nextButton"
                visible: root.hasNext
                text: root.nextText
                highlighted: true
                Accessible.name: qsTr("Next step")
                ToolTip.visible: hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("Go to the next step")
                onClicked: root.nextRequested()
            }
        }
    }
}
