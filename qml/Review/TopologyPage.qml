// SPDX-License-Identifier: MIT
// The deployment as a diagram, like the seed's "Putting it all together". Everything drawn comes from
// session.topology, the model the exporters write the bundle from: whether a load balancer fronts the
// instances, how many there are, and which services run where. This page only lays it out.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "../Components"
import "../Components/Theme.js" as Theme

ScrollView {
    id: root

    required property PlanSession session
    /** Node ids drawn with a marked border (training: where a break's symptom shows); "instances", "load-balancer" or a service id. */
    property var highlightedNodes: []
    /** The heading and the paragraph above the drawing; training shows the drawing alone. */
    property bool showIntro: true
    readonly property var topology: root.session.topology
    readonly property int replicas: root.topology.replicas ?? 1
    readonly property int workers: root.topology.workers ?? 1
    readonly property bool loadBalancer: root.topology.load_balancer ?? false
    readonly property var services: root.topology.services ?? []
    readonly property int maxDrawn: 8
    readonly property int drawn: Math.min(root.replicas, root.maxDrawn)
    readonly property int hidden: root.replicas - root.drawn
    readonly property int instanceBoxes: instances.count

    function isHighlighted(id: string): bool {
        return root.highlightedNodes.indexOf(id) >= 0
    }

    /** The widest of some lines at the page's font, in pixels (the bold title font is the wider one). */
    function widest(lines: var): real {
        let most = 0
        for (let i = 0; i < lines.length; ++i)
            most = Math.max(most, boldMetrics.advanceWidth(String(lines[i])))
        return most
    }
    /** The widest line any service box has to hold: its title, each part of its detail, its placement. */
    function widestServiceLine(): real {
        let lines = []
        for (let i = 0; i < root.services.length; ++i) {
            const service = root.services[i]
            lines.push(service.label, root.placementText(service.placement))
            lines = lines.concat(String(service.detail).split(" · ").slice(0, 2))
        }
        return root.widest(lines)
    }

    function mostDetailLines(): int {
        let most = 0
        for (let i = 0; i < root.services.length; ++i)
            most = Math.max(most, String(root.services[i].detail).split(" · ").slice(0, 2).filter(part => part.length > 0).length)
        return most
    }
    function anyInside(): bool {
        for (let i = 0; i < root.services.length; ++i)
            if ((root.services[i].inside ?? []).length > 0)
                return true
        return false
    }

    function placementText(placement: string): string {
        switch (placement) {
        case "bundled": return qsTr("in the bundle")
        case "external": return qsTr("yours, external")
        case "in-process": return qsTr("in each process")
        }
        return placement
    }
    function placementColor(placement: string): color {
        switch (placement) {
        case "external": return "#5c6bc0"
        case "in-process": return "#43a047"
        }
        return "#f9a825"
    }
    function placementFill(placement: string): color {
        switch (placement) {
        case "external": return Qt.rgba(0.36, 0.42, 0.75, 0.2)
        case "in-process": return Qt.rgba(0.26, 0.63, 0.28, 0.2)
        }
        return Qt.rgba(0.98, 0.66, 0.15, 0.22)
    }

    padding: 24
    contentWidth: availableWidth
    // The bar stays visible while the page is taller than the window, so what lies below (Next, the
    // findings) never looks absent.
    ScrollBar.vertical.policy: root.contentHeight > root.availableHeight ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
    clip: true

    FontMetrics { id: metrics; font: root.font }
    FontMetrics { id: boldMetrics; font.family: root.font.family; font.pointSize: root.font.pointSize; font.bold: true }

    ColumnLayout {
        width: root.availableWidth
        spacing: 12

        Heading { visible: root.showIntro; text: qsTr("Topology"); Layout.fillWidth: true }
        Label {
            visible: root.showIntro
            text: qsTr("Stateless Open WebUI containers behind a load balancer, sharing one database, one Redis and one store for files. The drawing is the deployment the export writes, and follows the plan as you edit it.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.maximumWidth: 900
        }
        Label {
            visible: root.showIntro
            text: qsTr("Source: scaling-open-webui.md, Putting It All Together")
            font.italic: true
            opacity: 0.7
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        Item {
            id: diagram

            // Every size follows the text it holds, so presenter mode grows the boxes with their words.
            readonly property real em: metrics.height
            readonly property int boxW: Math.ceil(Math.max(8 * em, root.widest([qsTr("Open WebUI"), qsTr("%1 workers").arg(root.workers),
                                                                            (root.topology.instance_label ?? "") + " " + root.drawn]) + 20))
            readonly property int gap: Math.round(em)
            readonly property int count: Math.max(1, root.services.length)
            // A service box is as wide as its widest line ("max_connections 700"), and the boxes wrap onto
            // further rows when one row cannot hold them at that width.
            readonly property real serviceW: Math.min(width, Math.max(8 * em, root.widestServiceLine() + 20))
            readonly property int perRow: Math.max(1, Math.min(count, Math.floor((width + gap) / (serviceW + gap))))
            readonly property int serviceRows: Math.ceil(count / perRow)
            // The title, the detail's lines (at most two), a line of inside-chips where any service has them,
            // and the placement line: as tall as the fullest box needs.
            readonly property int serviceLines: 2 + root.mostDetailLines() + (root.anyInside() ? 1 : 0)
            readonly property int serviceH: Math.ceil(serviceLines * em + 12 + (root.anyInside() ? 6 : 0) + 12)
            readonly property int slots: root.drawn + (root.hidden > 0 ? 1 : 0)
            readonly property real rowW: slots * boxW + (slots - 1) * gap
            readonly property real rowX: (width - rowW) / 2
            readonly property real servicesW: perRow * serviceW + (perRow - 1) * gap
            readonly property real servicesX: (width - servicesW) / 2
            readonly property int topY: 0
            readonly property int entryH: Math.ceil(2 * em + 18)
            readonly property int bus1Y: entryH + Math.round(1.5 * em)
            readonly property int instY: bus1Y + Math.round(1.5 * em)
            readonly property int instH: Math.ceil(3 * em + 16)
            readonly property int bus2Y: instY + instH + Math.round(1.5 * em)
            readonly property int servY: bus2Y + Math.round(1.5 * em)
            readonly property int rowStep: serviceH + Math.round(2 * em)
            readonly property color line: palette.mid

            // Lines are placed from properties, not function calls, so no binding calls into a page being torn down.
            readonly property real firstSlotCenter: rowX + boxW / 2
            readonly property real lastSlotCenter: rowX + (slots - 1) * (boxW + gap) + boxW / 2
            readonly property real lastInstanceCenter: rowX + (root.drawn - 1) * (boxW + gap) + boxW / 2
            readonly property real firstServiceCenter: servicesX + serviceW / 2
            readonly property real lastServiceCenterInFirstRow: servicesX + (Math.min(count, perRow) - 1) * (serviceW + gap) + serviceW / 2
            /** Where the line down to the second and later rows of services runs: left of the first column. */
            readonly property real trunkX: Math.max(1, servicesX - gap / 2)

            Layout.fillWidth: true
            Layout.preferredHeight: servY + (serviceRows - 1) * rowStep + serviceH + 8
            Layout.minimumWidth: rowW
            Accessible.role: Accessible.Graphic
            Accessible.name: qsTr("Topology: %1 with %2 each").arg(Theme.plural(root.replicas, qsTr("replica"), qsTr("replicas")))
                                .arg(Theme.plural(root.workers, qsTr("worker"), qsTr("workers")))

            // Entry: the load balancer, or users reaching the one instance directly.
            Rectangle {
                id: entry
                objectName: "entryBox"
                readonly property bool highlighted: root.isHighlighted("load-balancer")
                x: (diagram.width - width) / 2
                y: diagram.topY
                width: Math.min(diagram.width, Math.max(22 * diagram.em, Math.min(diagram.rowW, 40 * diagram.em),
                                                         root.widest([root.topology.entry_label ?? "", root.topology.entry_detail ?? ""]) + 24))
                height: diagram.entryH
                radius: 6
                color: root.loadBalancer ? Qt.rgba(0.12, 0.53, 0.9, 0.25) : "transparent"
                border.color: entry.highlighted ? Theme.highlightBorder(Theme.isDark(palette.window))
                                                : root.loadBalancer ? "#1e88e5" : diagram.line
                border.width: entry.highlighted ? 5 : 2
                Column {
                    anchors.centerIn: parent
                    width: parent.width - 16
                    Label {
                        objectName: "entryTitle"
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        text: root.topology.entry_label ?? ""
                        font.bold: true
                        elide: Text.ElideRight
                    }
                    Label {
                        objectName: "entryDetail"
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        text: root.topology.entry_detail ?? ""
                        elide: Text.ElideRight
                        opacity: 0.75
                    }
                }
            }
            // Entry down to the first bus, and the bus across the instances.
            Rectangle { x: diagram.width / 2 - 1; y: entry.height; width: 2; height: diagram.bus1Y - entry.height; color: diagram.line }
            Rectangle {
                x: diagram.firstSlotCenter
                y: diagram.bus1Y
                width: diagram.lastSlotCenter - diagram.firstSlotCenter + 2
                height: 2
                color: diagram.line
            }

            Repeater {
                id: instances
                model: root.drawn
                delegate: Item {
                    id: instance
                    required property int index
                    objectName: "instanceBox"
                    readonly property bool highlighted: root.isHighlighted("instances")
                    x: diagram.rowX + instance.index * (diagram.boxW + diagram.gap)
                    y: diagram.bus1Y
                    width: diagram.boxW
                    height: diagram.bus2Y - diagram.bus1Y
                    Rectangle { x: parent.width / 2 - 1; y: 0; width: 2; height: diagram.instY - diagram.bus1Y; color: diagram.line }
                    Rectangle {
                        y: diagram.instY - diagram.bus1Y
                        width: parent.width
                        height: diagram.instH
                        radius: 6
                        color: Qt.rgba(0.26, 0.63, 0.28, 0.22)
                        border.color: instance.highlighted ? Theme.highlightBorder(Theme.isDark(palette.window)) : "#43a047"
                        border.width: instance.highlighted ? 5 : 2
                        Column {
                            anchors.centerIn: parent
                            Label { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("Open WebUI"); font.bold: true }
                            Label {
                                anchors.horizontalCenter: parent.horizontalCenter
                                objectName: "instanceName"
                                // The primary of "primary" migrations is the first instance (pod 0, task 1, the primary container).
                                text: instance.index + 1 === (root.topology.migrating_instance ?? 0)
                                      ? qsTr("%1 %2 · migrates").arg(root.topology.instance_label ?? "").arg(instance.index + 1)
                                      : qsTr("%1 %2").arg(root.topology.instance_label ?? "").arg(instance.index + 1)
                                opacity: 0.75
                            }
                            Label {
                                anchors.horizontalCenter: parent.horizontalCenter
                                text: Theme.plural(root.workers, qsTr("worker"), qsTr("workers"))
                                opacity: 0.75
                            }
                        }
                    }
                    Rectangle { x: parent.width / 2 - 1; y: diagram.instY - diagram.bus1Y + diagram.instH; width: 2; height: diagram.bus2Y - diagram.instY - diagram.instH; color: diagram.line }
                }
            }
            Rectangle {
                objectName: "moreBox"
                readonly property bool highlighted: root.isHighlighted("instances")
                visible: root.hidden > 0
                x: diagram.rowX + root.drawn * (diagram.boxW + diagram.gap)
                y: diagram.instY
                width: diagram.boxW
                height: diagram.instH
                radius: 6
                color: "transparent"
                border.color: highlighted ? Theme.highlightBorder(Theme.isDark(palette.window)) : "#43a047"
                border.width: highlighted ? 5 : 2
                Label { anchors.centerIn: parent; text: qsTr("+%1 more").arg(root.hidden); font.bold: true }
            }

            // The second bus joins every instance to every shared service.
            Rectangle {
                readonly property real leftEdge: Math.min(diagram.firstSlotCenter, diagram.serviceRows > 1 ? diagram.trunkX : diagram.firstServiceCenter)
                readonly property real rightEdge: Math.max(diagram.lastInstanceCenter, diagram.lastServiceCenterInFirstRow)
                x: leftEdge
                y: diagram.bus2Y
                width: rightEdge - leftEdge + 2
                height: 2
                color: diagram.line
            }
            // Further rows of services hang off a trunk left of the first column, one bus per row.
            Rectangle {
                visible: diagram.serviceRows > 1
                x: diagram.trunkX
                y: diagram.bus2Y
                width: 2
                height: (diagram.serviceRows - 1) * diagram.rowStep + 2
                color: diagram.line
            }
            Repeater {
                model: diagram.serviceRows - 1
                delegate: Rectangle {
                    required property int index
                    readonly property int servicesInRow: Math.min(diagram.perRow, diagram.count - (index + 1) * diagram.perRow)
                    x: diagram.trunkX
                    y: diagram.bus2Y + (index + 1) * diagram.rowStep
                    width: diagram.servicesX + (servicesInRow - 1) * (diagram.serviceW + diagram.gap) + diagram.serviceW / 2 - diagram.trunkX + 2
                    height: 2
                    color: diagram.line
                }
            }
            Repeater {
                id: serviceBoxes
                model: root.services
                delegate: Item {
                    id: service
                    required property var modelData
                    required property int index
                    objectName: "service_" + service.modelData.id
                    readonly property bool highlighted: root.isHighlighted(service.modelData.id)
                    readonly property string placement: service.modelData.placement
                    readonly property var inside: service.modelData.inside
                    x: diagram.servicesX + (service.index % diagram.perRow) * (diagram.serviceW + diagram.gap)
                    y: diagram.bus2Y + Math.floor(service.index / diagram.perRow) * diagram.rowStep
                    width: diagram.serviceW
                    height: diagram.servY - diagram.bus2Y + diagram.serviceH
                    Rectangle { x: parent.width / 2 - 1; y: 0; width: 2; height: diagram.servY - diagram.bus2Y; color: diagram.line }
                    Rectangle {
                        id: serviceBox
                        objectName: "serviceBox"
                        y: diagram.servY - diagram.bus2Y
                        width: parent.width
                        height: diagram.serviceH
                        radius: 6
                        color: root.placementFill(service.placement)
                        border.color: service.highlighted ? Theme.highlightBorder(Theme.isDark(palette.window))
                                                          : root.placementColor(service.placement)
                        border.width: service.highlighted ? 5 : 2
                        clip: true
                        Column {
                            id: serviceText
                            objectName: "serviceText"
                            x: 8
                            y: 6
                            width: parent.width - 16
                            spacing: 2
                            Label {
                                objectName: "serviceTitle"
                                width: parent.width
                                horizontalAlignment: Text.AlignHCenter
                                text: service.modelData.label
                                font.bold: true
                                // Shrinks rather than runs out of a narrow box (presenter mode), elided at the last.
                                fontSizeMode: Text.HorizontalFit
                                minimumPointSize: 6
                                minimumPixelSize: 8
                                elide: Text.ElideRight
                            }
                            // One line per part of the detail ("bucket · endpoint"), each fitted to the box.
                            Repeater {
                                model: String(service.modelData.detail).split(" · ").slice(0, 2)
                                delegate: Label {
                                    required property string modelData
                                    objectName: "serviceDetail"
                                    width: serviceText.width
                                    horizontalAlignment: Text.AlignHCenter
                                    text: modelData
                                    fontSizeMode: Text.HorizontalFit
                                    minimumPointSize: 6
                                    minimumPixelSize: 8
                                    elide: Text.ElideRight
                                    opacity: 0.8
                                }
                            }
                            // What runs inside this server (pgvector in PostgreSQL) is drawn within its box.
                            Repeater {
                                model: service.inside
                                delegate: Rectangle {
                                    id: chip
                                    required property string modelData
                                    objectName: "inside_" + chip.modelData
                                    // Placed from the delegate's own ids: `parent` is null while the page is torn down.
                                    x: (serviceText.width - width) / 2
                                    width: Math.min(serviceText.width, insideLabel.implicitWidth + 12)
                                    height: insideLabel.implicitHeight + 4
                                    radius: 4
                                    clip: true
                                    color: "transparent"
                                    border.color: root.placementColor(service.placement)
                                    Label {
                                        id: insideLabel
                                        anchors.centerIn: parent
                                        text: chip.modelData
                                    }
                                }
                            }
                        }
                        Label {
                            objectName: "servicePlacement"
                            anchors.bottom: parent.bottom
                            anchors.bottomMargin: 4
                            x: 8
                            width: parent.width - 16
                            horizontalAlignment: Text.AlignHCenter
                            text: root.placementText(service.placement)
                            elide: Text.ElideRight
                            font.italic: true
                            opacity: 0.7
                        }
                    }
                }
            }
        }

        Label {
            id: scaleLine
            objectName: "scaleLine"
            readonly property string instancesText: root.replicas === 1
                                                ? qsTr("1 %1").arg(root.topology.instance_label ?? "")
                                                : qsTr("%1 %2s").arg(root.replicas).arg(root.topology.instance_label ?? "")
            readonly property string workersText: Theme.plural(root.workers, qsTr("worker"), qsTr("workers"))
            text: root.topology.autoscaling
                  ? qsTr("%1 at the start, autoscaling between %2 and %3 · %4 each · scenario: %5")
                        .arg(scaleLine.instancesText).arg(root.topology.min_replicas).arg(root.topology.max_replicas)
                        .arg(scaleLine.workersText).arg(root.session.scenarioLabel)
                  : qsTr("%1 × %2 · scenario: %3").arg(scaleLine.instancesText).arg(scaleLine.workersText)
                        .arg(root.session.scenarioLabel)
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            opacity: 0.8
            Layout.topMargin: 12
        }
        Label {
            objectName: "migrationsLine"
            text: qsTr("Migrations: %1").arg(root.topology.migrations ?? "")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            opacity: 0.8
        }
    }
}
