// SPDX-License-Identifier: MIT
// The connection budget in charts and numbers: per process by pool, total as replicas grow,
// the inverse answers, and Redis clients term by term. Every figure comes from session.budget /
// redisBudget / fillReplicaSweep(); the charts are fed in place (the sweep lines replaced in one call) whenever the plan
// changes. A null from the core is shown as what it means: "unbounded (NullPool)" for a total a
// NullPool leaves without a bound, "none" for an inverse answer with no valid value.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import OwuiPlanner.Backend
import "../Components"
import "../Components/StepRules.js" as StepRules
import "../Components/Theme.js" as Theme

ScrollView {
    id: root

    required property PlanSession session
    readonly property var budget: root.session.budget
    readonly property var redis: root.session.redisBudget
    readonly property bool applicable: root.budget.applicable === true
    readonly property bool unbounded: root.budget.unbounded === true
    readonly property bool nothingFits: root.budget.nothing_fits === true
    readonly property bool dark: palette.window.hslLightness < 0.5
    /** Text in the charts grows with the window's font (presenter mode), like every other text. */
    readonly property real textScale: root.font.pointSize / (Qt.application.font.pointSize > 0 ? Qt.application.font.pointSize : 10)
    /** How far the sweep goes: twice the plan's replicas, at least 10, rounded up to a tick (a display choice). */
    readonly property int sweepReplicas: root.niceCeiling(Math.min(200, Math.max(10, 2 * (root.session.plan.replicas ?? 1),
                                                                                 (root.session.plan.autoscaling.max_replicas ?? 1) + 2)))
    /** The replicas axis's tick step: about ten ticks, on 1, 2 or 5 times a power of ten. */
    readonly property int sweepStep: root.niceStep(root.sweepReplicas / 10)
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

    /** The smallest of 1, 2, 5, 10, 20, 50… that is at least `value`. */
    function niceStep(value: real): int {
        const power = Math.pow(10, Math.floor(Math.log10(Math.max(1, value))))
        for (const multiple of [1, 2, 5])
            if (multiple * power >= value)
                return multiple * power
        return 10 * power
    }
    /** `value` rounded up to a multiple of its tick step, so the axis ends on a tick and on the data. */
    function niceCeiling(value: int): int {
        const step = root.niceStep(value / 10)
        return Math.ceil(value / step) * step
    }

    /**
     * Theme, palette and fonts, in that order: QtCharts' built-in themes repaint every series and reset
     * every font when applied, so the one palette (Theme.js) and the scaled fonts go on after it.
     */
    function applyLook(): void {
        const charts = [perProcessChart, sweepChart]
        for (let i = 0; i < charts.length; ++i) {
            const chart = charts[i]
            chart.theme = root.dark ? ChartView.ChartThemeDark : ChartView.ChartThemeLight
            chart.backgroundColor = palette.base
            chart.titleColor = palette.text
            chart.legend.labelColor = palette.text
            chart.titleFont = Qt.font({ family: root.font.family, pointSize: root.font.pointSize * 1.15, bold: true })
            chart.legend.font = Qt.font({ family: root.font.family, pointSize: root.font.pointSize })
        }
        const axes = [perProcess.axisX, perProcessAxis, sweepX, sweepY]
        for (let j = 0; j < axes.length; ++j) {
            axes[j].labelsFont = Qt.font({ family: root.font.family, pointSize: root.font.pointSize * 0.9 })
            axes[j].titleFont = Qt.font({ family: root.font.family, pointSize: root.font.pointSize * 0.9 })
        }
        mainSet.color = Theme.seriesColor("main", root.dark)
        syncSet.color = Theme.seriesColor("sync", root.dark)
        vectorSet.color = Theme.seriesColor("pgvector", root.dark)
        mainSet.borderColor = mainSet.color
        syncSet.borderColor = syncSet.color
        vectorSet.borderColor = vectorSet.color
        steadyLine.color = Theme.seriesColor("steady", root.dark)
        worstLine.color = Theme.seriesColor("worst", root.dark)
        availableLine.color = Theme.seriesColor("available", root.dark)
        currentPoint.color = Theme.seriesColor("current", root.dark)
        currentPoint.borderColor = currentPoint.color
        // The built-in theme also resets line widths and styles.
        steadyLine.width = 3
        worstLine.width = 3
        worstLine.style = Qt.DashLine
        availableLine.width = 2
        root.looks += 1
    }
    /** How many times the look was applied, for tests. */
    property int looks: 0
    onDarkChanged: root.applyLook()
    onTextScaleChanged: root.applyLook()

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
        // Each line is replaced in one call from C++: appending point by point redraws the chart per point.
        const worstTop = root.session.fillReplicaSweep(steadyLine, worstLine, root.unbounded ? 0 : root.sweepReplicas)
        const top = Math.max(0, b.available_connections ?? 0, worstTop)
        availableLine.clear()
        // The replicas axis spans the data exactly (the sweep's first to last point), ticks on nice steps.
        const first = steadyLine.count > 0 ? steadyLine.at(0).x : 1
        const last = steadyLine.count > 0 ? steadyLine.at(steadyLine.count - 1).x : root.sweepReplicas
        availableLine.append(first, b.available_connections ?? 0)
        availableLine.append(last, b.available_connections ?? 0)
        currentPoint.clear()
        if (!root.unbounded)
            currentPoint.append(root.session.plan.replicas, b.total_connections ?? 0)
        sweepX.min = first
        sweepX.max = last
        sweepY.max = Math.max(10, top * 1.1)
        sweepY.applyNiceNumbers()
        root.updates += 1
    }

    padding: 24
    contentWidth: availableWidth
    // The bar stays visible while the page is taller than the window, so what lies below (Next, the
    // findings) never looks absent.
    ScrollBar.vertical.policy: root.contentHeight > root.availableHeight ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
    clip: true

    Component.onCompleted: {
        root.applyLook()
        root.refresh()
    }

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
            text: qsTr("Nothing fits: max_connections %1 − reserved %2 − other clients %3 leaves %4, so no Open WebUI process can connect.")
                    .arg(root.budget.max_connections ?? 0).arg(root.budget.reserved_connections ?? 0)
                    .arg(root.budget.other_client_connections ?? 0)
                    .arg(Theme.plural(root.budget.available_connections ?? 0, qsTr("connection"), qsTr("connections")))
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
                Layout.fillWidth: true
                Layout.preferredHeight: 320 * root.textScale
                Layout.minimumWidth: 360
                Accessible.name: qsTr("Connections per process, steady and worst case, stacked by pool")

                StackedBarSeries {
                    id: perProcess
                    axisX: BarCategoryAxis { categories: [qsTr("Steady"), qsTr("Worst case")] }
                    axisY: ValueAxis { id: perProcessAxis; min: 0; max: 40; labelFormat: "%d" }
                    BarSet { id: mainSet; label: qsTr("main (async)"); values: [0, 0] }
                    BarSet { id: syncSet; label: qsTr("sync engine"); values: [0, 0] }
                    BarSet { id: vectorSet; label: qsTr("pgvector"); values: [0, 0] }
                }
            }

            ChartView {
                id: sweepChart
                objectName: "sweepChart"
                title: qsTr("Total connections as replicas grow")
                antialiasing: true
                legend.alignment: Qt.AlignBottom
                Layout.fillWidth: true
                Layout.preferredHeight: 320 * root.textScale
                Layout.minimumWidth: 360
                Accessible.name: qsTr("Steady and worst-case total connections against replicas, with the available connections")

                ValueAxis {
                    id: sweepX
                    objectName: "sweepAxisX"
                    min: 1
                    max: 10
                    // Ticks on whole multiples of a nice step, whatever the data's first replica count.
                    tickType: ValueAxis.TicksDynamic
                    tickAnchor: 0
                    tickInterval: root.sweepStep
                    labelFormat: "%d"
                    titleText: qsTr("replicas")
                }
                ValueAxis { id: sweepY; min: 0; max: 100; labelFormat: "%d"; titleText: qsTr("connections") }
                LineSeries { id: steadyLine; name: qsTr("steady"); axisX: sweepX; axisY: sweepY }
                LineSeries { id: worstLine; name: qsTr("worst case"); axisX: sweepX; axisY: sweepY }
                LineSeries { id: availableLine; name: qsTr("available"); axisX: sweepX; axisY: sweepY }
                ScatterSeries { id: currentPoint; name: qsTr("this plan"); axisX: sweepX; axisY: sweepY; markerSize: 14 * root.textScale }

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
                text: Theme.plural(root.budget.surge ?? 0, qsTr("replica"), qsTr("replicas"))
                font.bold: true
                ToolTip.visible: surgeHover.hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: root.budget.surge_reason ?? ""
                HoverHandler { id: surgeHover }
            }
            Label { text: qsTr("Migration job (Alembic, NullPool)") }
            Label {
                objectName: "migrationJobValue"
                text: Theme.plural(root.budget.migration_job_connections ?? 0, qsTr("connection"), qsTr("connections"))
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
                text: qsTr("%1 (%2 × %3 + %4 others) of maxclients %5; headroom %6; room for %7")
                        .arg(Theme.plural(root.redis.total_clients ?? 0, qsTr("client"), qsTr("clients")))
                        .arg(Theme.plural(root.redis.processes ?? 0, qsTr("process"), qsTr("processes")))
                        .arg(root.redis.clients_per_process ?? 0).arg(root.redis.other_clients ?? 0)
                        .arg(root.redis.maxclients ?? 0).arg(root.redis.headroom ?? 0)
                        .arg(Theme.plural(root.redis.most_processes ?? 0, qsTr("process"), qsTr("processes")))
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
                        // The figures stay next to their words, not at the far edge of a wide window.
                        Layout.maximumWidth: 36 * root.font.pointSize
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
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }
            }
            // A meter: the clients the plan opens against Redis' maxclients, with the figure written beside it,
            // so even a small share reads as a reading rather than an empty box.
            RowLayout {
                id: redisGauge
                objectName: "redisGauge"
                readonly property real fraction: Math.min(1, (root.redis.total_clients ?? 0) / Math.max(1, root.redis.maxclients ?? 1))
                spacing: 10
                Layout.fillWidth: true
                Layout.topMargin: 4
                Accessible.role: Accessible.ProgressBar
                Accessible.name: qsTr("Redis clients: %1 of maxclients %2").arg(root.redis.total_clients ?? 0).arg(root.redis.maxclients ?? 0)

                Label { text: "0"; opacity: 0.7 }
                Rectangle {
                    id: gaugeTrack
                    Layout.fillWidth: true
                    Layout.maximumWidth: 600
                    Layout.preferredHeight: Math.round(1.2 * root.font.pointSize)
                    radius: height / 2
                    color: Qt.rgba(palette.text.r, palette.text.g, palette.text.b, 0.12)
                    border.color: palette.mid
                    Rectangle {
                        objectName: "redisGaugeFill"
                        // Never thinner than a visible sliver while there is at least one client.
                        width: Math.max(redisGauge.fraction > 0 ? parent.height : 0, parent.width * redisGauge.fraction)
                        height: parent.height
                        radius: parent.radius
                        color: Theme.gaugeColor(redisGauge.fraction, root.dark)
                    }
                    // Quarter marks, like a meter's scale.
                    Repeater {
                        model: 3
                        delegate: Rectangle {
                            required property int index
                            x: gaugeTrack.width * (index + 1) / 4
                            width: 1
                            height: gaugeTrack.height
                            color: palette.mid
                        }
                    }
                }
                Label { text: root.redis.maxclients ?? 0; opacity: 0.7 }
                Label {
                    objectName: "redisGaugeFigure"
                    text: qsTr("%1 of %2 (%3 %)").arg(root.redis.total_clients ?? 0).arg(root.redis.maxclients ?? 0)
                                                   .arg((100 * (root.redis.total_clients ?? 0) / Math.max(1, root.redis.maxclients ?? 1)).toFixed(1))
                    font.bold: true
                }
            }
        }

        FindingsList {
            session: root.session
            rules: StepRules.of("budget")
            title: qsTr("Budget findings")
            Layout.topMargin: 8
        }
    }
}
