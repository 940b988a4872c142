// SPDX-License-Identifier: MIT
// The connection budget in charts and numbers: per process by pool, total as replicas grow,
// the inverse answers, and Redis clients. Every figure comes from session.budget / redisBudget /
// replicaSweep(); the charts are fed in place (clear/append/replace) whenever the plan changes.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import OwuiPlanner.Backend
import "../Components"

ScrollView {
    id: root

    required property PlanSession session
    readonly property var budget: root.session.budget
    readonly property var redis: root.session.redisBudget
    readonly property bool applicable: root.budget.applicable === true
    readonly property bool dark: palette.window.hslLightness < 0.5
    /** How far the sweep goes: twice the plan's replicas, at least 10 (a display choice). */
    readonly property int sweepReplicas: Math.min(200, Math.max(10, 2 * (root.session.plan.replicas ?? 1),
                                                                  (root.session.plan.autoscaling.max_replicas ?? 1) + 2))
    readonly property alias perProcessSeries: perProcess
    readonly property alias steadySeries: steadyLine
    readonly property alias worstSeries: worstLine
    readonly property alias availableSeries: availableLine
    readonly property alias currentSeries: currentPoint
    property int updates: 0

    function refresh(): void {
        const b = root.budget
        mainSet.replace(0, b.main_pool_per_process ?? 0)
        mainSet.replace(1, b.main_pool_per_process ?? 0)
        syncSet.replace(0, 0)
        syncSet.replace(1, b.sync_pool_per_process ?? 0)
        vectorSet.replace(0, b.pgvector_pool_per_process ?? 0)
        vectorSet.replace(1, b.pgvector_pool_per_process ?? 0)
        perProcessAxis.max = Math.max(10, (b.worst_case_per_process ?? 0) * 1.15)
        perProcessAxis.applyNiceNumbers()

        const sweep = root.session.replicaSweep(root.sweepReplicas)
        steadyLine.clear()
        worstLine.clear()
        let top = b.available_connections ?? 0
        for (let i = 0; i < sweep.length; ++i) {
            steadyLine.append(sweep[i].replicas, sweep[i].steady)
            worstLine.append(sweep[i].replicas, sweep[i].worstCase)
            top = Math.max(top, sweep[i].worstCase)
        }
        availableLine.clear()
        // The axis ends on a multiple of ten so that its eleven ticks fall on whole replica counts.
        const axisMax = Math.ceil(root.sweepReplicas / 10) * 10
        availableLine.append(0, b.available_connections ?? 0)
        availableLine.append(axisMax, b.available_connections ?? 0)
        currentPoint.clear()
        currentPoint.append(root.session.plan.replicas, b.total_connections ?? 0)
        sweepX.max = axisMax
        sweepY.max = Math.max(10, top * 1.1)
        sweepY.applyNiceNumbers()
        root.updates += 1
    }

    padding: 24
    contentWidth: availableWidth
    clip: true

    Component.onCompleted: root.refresh()

    Connections {
        target: root.session
        function onPlanChanged() { root.refresh() }
    }

    ColumnLayout {
        width: root.availableWidth
        spacing: 12

        Heading { text: qsTr("Connection budget"); Layout.fillWidth: true }
        Label {
            text: qsTr("Every Open WebUI process keeps its own pool, so PostgreSQL sees pool × processes connections, more while a rolling update or the autoscaler runs extra replicas. The worst case also counts the sync engine, which uses the same pool settings.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.maximumWidth: 900
        }
        Label {
            text: qsTr("Source: scaling-open-webui.md, Step 1; multi-replica-troubleshooting.md § 8, Connection Pool Sizing")
            font.italic: true
            opacity: 0.7
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            visible: !root.applicable
            text: qsTr("Not applicable: the plan uses SQLite, which has no connection pool to budget.")
            font.bold: true
        }

        GridLayout {
            columns: root.availableWidth > 1000 ? 2 : 1
            columnSpacing: 12
            rowSpacing: 12
            Layout.fillWidth: true

            ChartView {
                id: perProcessChart
                objectName: "perProcessChart"
                title: qsTr("Connections per process, by pool")
                antialiasing: true
                legend.alignment: Qt.AlignBottom
                theme: root.dark ? ChartView.ChartThemeDark : ChartView.ChartThemeLight
                backgroundColor: palette.base
                Layout.fillWidth: true
                Layout.preferredHeight: 320
                Layout.minimumWidth: 360
                Accessible.name: qsTr("Connections per process, steady and worst case, stacked by pool")

                StackedBarSeries {
                    id: perProcess
                    axisX: BarCategoryAxis { categories: [qsTr("Steady"), qsTr("Worst case")] }
                    axisY: ValueAxis { id: perProcessAxis; min: 0; max: 40; labelFormat: "%d" }
                    BarSet { id: mainSet; label: qsTr("main (async)"); values: [0, 0]; color: "#1e88e5" }
                    BarSet { id: syncSet; label: qsTr("sync engine"); values: [0, 0]; color: "#8e24aa" }
                    BarSet { id: vectorSet; label: qsTr("pgvector"); values: [0, 0]; color: "#f9a825" }
                }
            }

            ChartView {
                id: sweepChart
                objectName: "sweepChart"
                title: qsTr("Total connections as replicas grow")
                antialiasing: true
                legend.alignment: Qt.AlignBottom
                theme: root.dark ? ChartView.ChartThemeDark : ChartView.ChartThemeLight
                backgroundColor: palette.base
                Layout.fillWidth: true
                Layout.preferredHeight: 320
                Layout.minimumWidth: 360
                Accessible.name: qsTr("Steady and worst-case total connections against replicas, with the available connections")

                ValueAxis { id: sweepX; min: 0; max: 10; tickCount: 11; labelFormat: "%d"; titleText: qsTr("replicas") }
                ValueAxis { id: sweepY; min: 0; max: 100; labelFormat: "%d"; titleText: qsTr("connections") }
                LineSeries { id: steadyLine; name: qsTr("steady"); axisX: sweepX; axisY: sweepY; width: 3; color: "#1e88e5" }
                LineSeries { id: worstLine; name: qsTr("worst case"); axisX: sweepX; axisY: sweepY; width: 3; style: Qt.DashLine; color: "#ef6c00" }
                LineSeries { id: availableLine; name: qsTr("available"); axisX: sweepX; axisY: sweepY; color: "#d32f2f"; width: 2 }
                ScatterSeries { id: currentPoint; name: qsTr("this plan"); axisX: sweepX; axisY: sweepY; markerSize: 14; color: "#43a047"; borderColor: "#43a047" }
            }
        }

        GridLayout {
            visible: root.applicable
            columns: root.availableWidth > 1000 ? 4 : 2
            columnSpacing: 18
            rowSpacing: 6
            Layout.fillWidth: true

            Label { text: qsTr("Processes (replicas × workers)") }
            Label { text: root.budget.processes ?? 0; font.bold: true }
            Label { text: qsTr("Available (max − reserved − others)") }
            Label { text: root.budget.available_connections ?? 0; font.bold: true }

            Label { text: qsTr("Steady total") }
            Label {
                objectName: "steadyValue"
                text: root.budget.total_connections ?? 0
                font.bold: true
                color: root.budget.fits ? palette.text : "#d32f2f"
            }
            Label { text: qsTr("Headroom (steady)") }
            Label { text: root.budget.headroom ?? 0; font.bold: true; color: (root.budget.headroom ?? 0) < 0 ? "#d32f2f" : palette.text }

            Label { text: qsTr("Rolling update peak") }
            Label { text: root.budget.rolling_update_peak_connections ?? 0; font.bold: true }
            Label { text: qsTr("Autoscaling maximum") }
            Label { text: root.budget.autoscaling_max_connections ?? 0; font.bold: true }

            Label { text: qsTr("Worst case") }
            Label {
                text: root.budget.worst_case_connections ?? 0
                font.bold: true
                color: root.budget.worst_case_fits ? palette.text : "#ef6c00"
            }
            Label { text: qsTr("Headroom (worst case)") }
            Label { text: root.budget.worst_case_headroom ?? 0; font.bold: true; color: (root.budget.worst_case_headroom ?? 0) < 0 ? "#ef6c00" : palette.text }
        }

        Label { visible: root.applicable; text: qsTr("The inverse answers"); font.bold: true; Layout.topMargin: 8 }
        GridLayout {
            visible: root.applicable
            columns: 2
            columnSpacing: 18
            rowSpacing: 6
            Layout.fillWidth: true

            Label { text: qsTr("Largest pool (size + overflow) per process that fits") }
            Label {
                text: qsTr("%1 steady · %2 worst case").arg(root.budget.largest_safe_pool_per_process ?? 0)
                                                        .arg(root.budget.largest_safe_pool_per_process_worst_case ?? 0)
                font.bold: true
            }
            Label { text: qsTr("Smallest max_connections that fits") }
            Label {
                text: qsTr("%1 steady · %2 worst case").arg(root.budget.smallest_max_connections ?? 0)
                                                        .arg(root.budget.smallest_max_connections_worst_case ?? 0)
                font.bold: true
            }
            Label { text: qsTr("Most replicas at this pool and worker count") }
            Label { text: root.budget.most_replicas ?? 0; font.bold: true }
        }

        Label { text: qsTr("Redis clients"); font.bold: true; Layout.topMargin: 8 }
        Label {
            visible: root.redis.applicable !== true
            text: qsTr("Not applicable: the plan has no Redis.")
        }
        ColumnLayout {
            visible: root.redis.applicable === true
            spacing: 4
            Layout.fillWidth: true
            Label {
                objectName: "redisValue"
                text: qsTr("%1 clients (%2 processes × %3 + %4 others) of maxclients %5; headroom %6; room for %7 processes")
                        .arg(root.redis.total_clients ?? 0).arg(root.redis.processes ?? 0)
                        .arg(root.redis.clients_per_process ?? 0).arg(root.redis.other_clients ?? 0)
                        .arg(root.redis.maxclients ?? 0).arg(root.redis.headroom ?? 0)
                        .arg(root.redis.most_processes ?? 0)
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            ProgressBar {
                from: 0
                to: Math.max(1, root.redis.maxclients ?? 1)
                value: Math.min(to, root.redis.total_clients ?? 0)
                Layout.fillWidth: true
                Layout.maximumWidth: 600
                Accessible.name: qsTr("Redis clients against maxclients")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("%1 of %2").arg(root.redis.total_clients ?? 0).arg(root.redis.maxclients ?? 0)
            }
        }

        FindingsList {
            session: root.session
            rules: ["connection-budget", "connection-budget-peak", "pool-per-process", "pool-settings",
                    "pgvector-pool", "redis-client-budget", "redis-maxclients"]
            title: qsTr("Budget findings")
            Layout.topMargin: 8
        }
    }
}
