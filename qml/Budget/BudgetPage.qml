// SPDX-License-Identifier: MIT
// The connection budget in charts and numbers: per process by pool, total as replicas grow,
// the inverse answers, and Redis clients term by term. Every figure comes from session.budget /
// redisBudget / replicaSweep(); the charts are fed in place (clear/append/replace) whenever the plan
// changes. A null from the core is shown as what it means: "unbounded (NullPool)" for a total a
// NullPool leaves without a bound, "none" for an inverse answer with no valid value.
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
    readonly property bool unbounded: root.budget.unbounded === true
    readonly property bool nothingFits: root.budget.nothing_fits === true
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

    /** A total, or what its null means. */
    function total(value: var): string {
        return value === null || value === undefined ? qsTr("unbounded (NullPool)") : String(value)
    }
    /** An inverse answer, or "none" when the core found no valid value. */
    function answer(value: var): string {
        return value === null || value === undefined ? qsTr("none") : String(value)
    }
    /** Red for a verdict the core says is false; a null verdict (unknowable) keeps the text colour. */
    function verdictColor(fits: var, warning: var): var {
        return fits === false ? warning : palette.text
    }

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

        // An unbounded budget has no totals to draw: the lines stay empty and a note says why.
        const sweep = root.unbounded ? [] : root.session.replicaSweep(root.sweepReplicas)
        steadyLine.clear()
        worstLine.clear()
        let top = Math.max(0, b.available_connections ?? 0)
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
        if (!root.unbounded)
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
        Label {
            objectName: "unboundedNote"
            visible: root.applicable && root.unbounded
            text: qsTr("Unbounded (NullPool): %1 0 turns pooling off, so every concurrent query opens its own connection with no upper bound. No total can be checked against max_connections; set a pool, or put PgBouncer in front.")
                    .arg(root.budget.main_pool_unbounded === true && root.budget.pgvector_pool_unbounded === true
                         ? "DATABASE_POOL_SIZE and PGVECTOR_POOL_SIZE"
                         : root.budget.main_pool_unbounded === true ? "DATABASE_POOL_SIZE" : "PGVECTOR_POOL_SIZE")
            font.bold: true
            color: "#d32f2f"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.maximumWidth: 900
        }
        Label {
            objectName: "nothingFitsNote"
            visible: root.applicable && root.nothingFits
            text: qsTr("Nothing fits: max_connections %1 − reserved %2 − other clients %3 leaves %4 connections, so no Open WebUI process can connect.")
                    .arg(root.budget.max_connections ?? 0).arg(root.budget.reserved_connections ?? 0)
                    .arg(root.budget.other_client_connections ?? 0).arg(root.budget.available_connections ?? 0)
            font.bold: true
            color: "#d32f2f"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.maximumWidth: 900
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

                Label {
                    visible: root.unbounded
                    anchors.centerIn: parent
                    text: qsTr("unbounded (NullPool): no total to draw")
                    font.bold: true
                }
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
                text: root.total(root.budget.total_connections)
                font.bold: true
                color: root.verdictColor(root.budget.fits, "#d32f2f")
            }
            Label { text: qsTr("Headroom (steady)") }
            Label {
                objectName: "headroomValue"
                text: root.total(root.budget.headroom)
                font.bold: true
                color: root.verdictColor(root.budget.fits, "#d32f2f")
            }

            Label { text: qsTr("Rolling update peak") }
            Label { text: root.total(root.budget.rolling_update_peak_connections); font.bold: true }
            Label { text: qsTr("Autoscaling maximum") }
            Label { text: root.total(root.budget.autoscaling_max_connections); font.bold: true }

            Label { text: qsTr("Upgrade surge (%1)").arg(root.budget.upgrade_strategy ?? "rolling") }
            Label {
                objectName: "surgeValue"
                text: qsTr("%1 replica(s)").arg(root.budget.surge ?? 0)
                font.bold: true
                ToolTip.visible: surgeHover.hovered
                ToolTip.text: root.budget.surge_reason ?? ""
                HoverHandler { id: surgeHover }
            }
            Label { text: qsTr("Migration job (Alembic, NullPool)") }
            Label {
                objectName: "migrationJobValue"
                text: qsTr("%1 connection(s)").arg(root.budget.migration_job_connections ?? 0)
                font.bold: true
            }

            Label { text: qsTr("Worst case") }
            Label {
                text: root.total(root.budget.worst_case_connections)
                font.bold: true
                color: root.verdictColor(root.budget.worst_case_fits, "#ef6c00")
            }
            Label { text: qsTr("Headroom (worst case)") }
            Label {
                text: root.total(root.budget.worst_case_headroom)
                font.bold: true
                color: root.verdictColor(root.budget.worst_case_fits, "#ef6c00")
            }
        }
        Label {
            visible: root.applicable
            text: root.budget.surge_reason ?? ""
            opacity: 0.75
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.maximumWidth: 900
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
                objectName: "largestPoolValue"
                text: qsTr("%1 steady · %2 worst case").arg(root.answer(root.budget.largest_safe_pool_per_process))
                                                        .arg(root.answer(root.budget.largest_safe_pool_per_process_worst_case))
                font.bold: true
            }
            Label { text: qsTr("Smallest max_connections that fits") }
            Label {
                text: qsTr("%1 steady · %2 worst case").arg(root.answer(root.budget.smallest_max_connections))
                                                        .arg(root.answer(root.budget.smallest_max_connections_worst_case))
                font.bold: true
            }
            Label { text: qsTr("Most replicas at this pool and worker count") }
            Label { objectName: "mostReplicasValue"; text: root.answer(root.budget.most_replicas); font.bold: true }
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
            GridLayout {
                objectName: "redisTerms"
                columns: 3
                columnSpacing: 18
                rowSpacing: 2
                Layout.fillWidth: true
                Accessible.name: qsTr("Redis connections per process, term by term")

                Repeater {
                    model: root.redis.terms ?? []
                    delegate: Label {
                        required property var modelData
                        required property int index
                        Layout.row: index
                        Layout.column: 0
                        text: modelData.label
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }
                Repeater {
                    model: root.redis.terms ?? []
                    delegate: Label {
                        required property var modelData
                        required property int index
                        Layout.row: index
                        Layout.column: 1
                        text: modelData.per_process
                        font.bold: true
                    }
                }
                Repeater {
                    model: root.redis.terms ?? []
                    delegate: Label {
                        required property var modelData
                        required property int index
                        Layout.row: index
                        Layout.column: 2
                        text: modelData.source
                        font.italic: true
                        opacity: 0.7
                    }
                }
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
            rules: ["no-connections-available", "null-pool", "pgvector-null-pool", "connection-budget",
                    "connection-budget-peak", "pool-per-process", "pool-settings", "pgvector-pool",
                    "upgrade-procedure", "redis-client-budget", "redis-maxclients"]
            title: qsTr("Budget findings")
            Layout.topMargin: 8
        }
    }
}
