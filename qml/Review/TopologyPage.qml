// SPDX-License-Identifier: MIT
// The deployment as a diagram, like the seed's "Putting it all together", drawn from session.plan:
// load balancer, one box per replica (capped), and the shared services below.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "../Components"

ScrollView {
    id: root

    required property PlanSession session
    readonly property var plan: root.session.plan
    readonly property int replicas: root.plan.replicas ?? 1
    readonly property int workers: root.plan.workers ?? 1
    readonly property bool loadBalancer: root.replicas > 1 || root.plan.load_balancer.kind !== "none"
    readonly property int maxDrawn: 8
    readonly property int drawn: Math.min(root.replicas, root.maxDrawn)
    readonly property int hidden: root.replicas - root.drawn
    readonly property int instanceBoxes: instances.count
    readonly property var services: {
        const p = root.plan
        let list = []
        if (p.database.kind === "postgresql")
            list.push({ kind: "postgresql", title: qsTr("PostgreSQL"), detail: qsTr("max_connections %1").arg(p.database.max_connections) })
        else
            list.push({ kind: "sqlite", title: qsTr("SQLite"), detail: qsTr("embedded file") })
        if (p.redis.mode !== "none")
            list.push({ kind: "redis", title: qsTr("Redis"), detail: p.redis.mode })
        list.push({ kind: "storage", title: qsTr("Storage"), detail: p.storage.kind })
        list.push({ kind: "vector", title: qsTr("Vector DB"), detail: p.vector_db.kind })
        if (p.otel.enabled)
            list.push({ kind: "otel", title: qsTr("OTEL collector"), detail: p.otel.protocol })
        return list
    }

    padding: 24
    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        width: root.availableWidth
        spacing: 12

        Heading { text: qsTr("Topology"); Layout.fillWidth: true }
        Label {
            text: qsTr("Stateless Open WebUI containers behind a load balancer, sharing one database, one Redis and one store for files. The drawing follows the plan as you edit it.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.maximumWidth: 900
        }
        Label {
            text: qsTr("Source: scaling-open-webui.md, Putting It All Together")
            font.italic: true
            opacity: 0.7
        }

        Item {
            id: diagram

            readonly property int boxW: 130
            readonly property int gap: 18
            readonly property int serviceW: 170
            readonly property int slots: root.drawn + (root.hidden > 0 ? 1 : 0)
            readonly property real rowW: slots * boxW + (slots - 1) * gap
            readonly property real rowX: (width - rowW) / 2
            readonly property real servicesW: root.services.length * serviceW + (root.services.length - 1) * gap
            readonly property real servicesX: (width - servicesW) / 2
            readonly property int topY: 0
            readonly property int bus1Y: 84
            readonly property int instY: 110
            readonly property int instH: 74
            readonly property int bus2Y: instY + instH + 30
            readonly property int servY: bus2Y + 26
            readonly property color line: palette.mid

            function slotCenter(i: int): real { return rowX + i * (boxW + gap) + boxW / 2 }
            function serviceCenter(i: int): real { return servicesX + i * (serviceW + gap) + serviceW / 2 }

            Layout.fillWidth: true
            Layout.preferredHeight: servY + 80
            Layout.minimumWidth: Math.max(rowW, servicesW)
            Accessible.role: Accessible.Graphic
            Accessible.name: qsTr("Topology: %1 replicas with %2 workers each").arg(root.replicas).arg(root.workers)

            // Entry: the load balancer, or users reaching the one container directly.
            Rectangle {
                id: entry
                objectName: "entryBox"
                x: (diagram.width - width) / 2
                y: diagram.topY
                width: Math.max(260, Math.min(diagram.rowW, 520))
                height: 58
                radius: 6
                color: root.loadBalancer ? Qt.rgba(0.12, 0.53, 0.9, 0.25) : "transparent"
                border.color: root.loadBalancer ? "#1e88e5" : diagram.line
                border.width: 2
                Column {
                    anchors.centerIn: parent
                    Label {
                        anchors.horizontalCenter: parent.horizontalCenter
                        text: root.loadBalancer ? qsTr("Load balancer") : qsTr("Users")
                        font.bold: true
                    }
                    Label {
                        anchors.horizontalCenter: parent.horizontalCenter
                        text: root.loadBalancer ? root.plan.load_balancer.kind + (root.plan.load_balancer.sticky_sessions ? qsTr(" · sticky") : "")
                                                : qsTr("straight to the container")
                        opacity: 0.75
                    }
                }
            }
            // Entry down to the first bus, and the bus across the instances.
            Rectangle { x: diagram.width / 2 - 1; y: entry.height; width: 2; height: diagram.bus1Y - entry.height; color: diagram.line }
            Rectangle {
                x: diagram.slotCenter(0)
                y: diagram.bus1Y
                width: diagram.slotCenter(diagram.slots - 1) - diagram.slotCenter(0) + 2
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
                        border.color: "#43a047"
                        border.width: 2
                        Column {
                            anchors.centerIn: parent
                            Label { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("Open WebUI"); font.bold: true }
                            Label { anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("pod %1").arg(instance.index + 1); opacity: 0.75 }
                            Label {
                                anchors.horizontalCenter: parent.horizontalCenter
                                text: root.workers === 1 ? qsTr("1 worker") : qsTr("%1 workers").arg(root.workers)
                                opacity: 0.75
                            }
                        }
                    }
                    Rectangle { x: parent.width / 2 - 1; y: diagram.instY - diagram.bus1Y + diagram.instH; width: 2; height: diagram.bus2Y - diagram.instY - diagram.instH; color: diagram.line }
                }
            }
            Rectangle {
                objectName: "moreBox"
                visible: root.hidden > 0
                x: diagram.rowX + root.drawn * (diagram.boxW + diagram.gap)
                y: diagram.instY
                width: diagram.boxW
                height: diagram.instH
                radius: 6
                color: "transparent"
                border.color: "#43a047"
                border.width: 2
                Label { anchors.centerIn: parent; text: qsTr("+%1 more").arg(root.hidden); font.bold: true }
            }

            // The second bus joins every instance to every shared service.
            Rectangle {
                readonly property real leftEdge: Math.min(diagram.slotCenter(0), diagram.serviceCenter(0))
                readonly property real rightEdge: Math.max(diagram.slotCenter(root.drawn - 1), diagram.serviceCenter(root.services.length - 1))
                x: leftEdge
                y: diagram.bus2Y
                width: rightEdge - leftEdge + 2
                height: 2
                color: diagram.line
            }
            Repeater {
                id: serviceBoxes
                model: root.services
                delegate: Item {
                    id: service
                    required property var modelData
                    required property int index
                    objectName: "service_" + service.modelData.kind
                    x: diagram.servicesX + service.index * (diagram.serviceW + diagram.gap)
                    y: diagram.bus2Y
                    width: diagram.serviceW
                    height: diagram.servY - diagram.bus2Y + 64
                    Rectangle { x: parent.width / 2 - 1; y: 0; width: 2; height: diagram.servY - diagram.bus2Y; color: diagram.line }
                    Rectangle {
                        y: diagram.servY - diagram.bus2Y
                        width: parent.width
                        height: 64
                        radius: 6
                        color: service.modelData.kind === "otel" ? Qt.rgba(0.56, 0.14, 0.67, 0.2) : Qt.rgba(0.98, 0.66, 0.15, 0.22)
                        border.color: service.modelData.kind === "otel" ? "#8e24aa" : "#f9a825"
                        border.width: 2
                        Column {
                            anchors.centerIn: parent
                            Label { anchors.horizontalCenter: parent.horizontalCenter; text: service.modelData.title; font.bold: true }
                            Label { anchors.horizontalCenter: parent.horizontalCenter; text: service.modelData.detail; opacity: 0.75 }
                        }
                    }
                }
            }
        }

        Label {
            text: qsTr("%1 replicas × %2 workers · scenario: %3")
                    .arg(root.replicas).arg(root.workers).arg(root.session.scenarioLabel)
            opacity: 0.8
            Layout.topMargin: 12
        }
    }
}
