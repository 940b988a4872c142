// SPDX-License-Identifier: MIT
// Budget charts follow the plan; the matrix marks the plan's row; the topology draws the exporters' model
// (session.topology): one box per replica, the load balancer and services it says, text inside its boxes.
import QtQuick
import QtTest
import OwuiPlanner.Ui

TestCase {
    id: testCase
    name: "Insight"
    when: windowShown
    visible: true // TestCase is hidden by default; the pages under test must be visible
    width: 1280
    height: 900

    Component { id: budgetComponent; BudgetPage {} }
    Component { id: postgresComponent; PostgresPage {} }
    Component { id: matrixComponent; MatrixPage {} }
    Component { id: topologyComponent; TopologyPage {} }

    function createPage(component: Component): Item {
        const page = createTemporaryObject(component, testCase, { session: testSession, width: 1280, height: 900 })
        verify(page !== null)
        return page
    }

    function init(): void {
        verify(testSession.loadPreset("high-availability"))
    }

    function pointAt(series, x: int): var {
        for (let i = 0; i < series.count; ++i)
            if (series.at(i).x === x)
                return series.at(i)
        return null
    }

    function test_chartsFollowThePoolSpinBox(): void {
        const budget = createPage(budgetComponent)
        const postgres = createPage(postgresComponent)
        compare(budget.steadySeries.count, budget.sweepReplicas)
        compare(budget.worstSeries.count, budget.sweepReplicas)
        compare(budget.availableSeries.count, 2)
        compare(budget.currentSeries.count, 1)
        const replicas = testSession.plan.replicas
        compare(pointAt(budget.steadySeries, replicas).y, testSession.budget.total_connections)
        const totalBefore = testSession.budget.total_connections
        const updatesBefore = budget.updates

        const field = findChild(postgres, "poolSizeField")
        field.spinBox.forceActiveFocus()
        keyClick(Qt.Key_Up)

        verify(budget.updates > updatesBefore)
        verify(testSession.budget.total_connections > totalBefore)
        compare(budget.steadySeries.count, budget.sweepReplicas)
        compare(pointAt(budget.steadySeries, replicas).y, testSession.budget.total_connections)
        compare(budget.currentSeries.at(0).y, testSession.budget.total_connections)
        const bars = budget.perProcessSeries.at(0) // main pool
        compare(bars.at(0), testSession.budget.main_pool_per_process)
    }

    function test_sweepLengthFollowsReplicas(): void {
        const budget = createPage(budgetComponent)
        verify(testSession.set("/replicas", 30))
        compare(budget.sweepReplicas, 60)
        compare(budget.steadySeries.count, 60)
        compare(budget.currentSeries.at(0).x, 30)
    }

    // Nulls from the core read as what they mean: "unbounded (NullPool)" for totals, "none" for inverse answers.
    function test_budgetSaysUnboundedAndNone(): void {
        const budget = createPage(budgetComponent)
        verify(!findChild(budget, "unboundedNote").visible)
        verify(testSession.set("/database/pool_size", 0), JSON.stringify(testSession.fieldErrors))
        compare(testSession.budget.total_connections, null)
        verify(findChild(budget, "unboundedNote").visible)
        compare(findChild(budget, "steadyValue").text, "unbounded (NullPool)")
        compare(findChild(budget, "headroomValue").text, "unbounded (NullPool)")
        compare(findChild(budget, "mostReplicasValue").text, "none")
        compare(budget.steadySeries.count, 0)
        compare(budget.currentSeries.count, 0)

        verify(testSession.set("/database/pool_size", 10))
        verify(testSession.set("/database/other_client_connections", testSession.plan.database.max_connections))
        verify(findChild(budget, "nothingFitsNote").visible)
        verify(!findChild(budget, "unboundedNote").visible)
        verify(findChild(budget, "largestPoolValue").text.startsWith("none steady"))
        compare(findChild(budget, "mostReplicasValue").text, "none")
    }

    function test_budgetShowsSurgeJobAndRedisTerms(): void {
        verify(testSession.loadPreset("large-scale"))
        const budget = createPage(budgetComponent)
        compare(findChild(budget, "surgeValue").text, "0 replicas") // recreate: no surge
        compare(findChild(budget, "migrationJobValue").text, "1 connection")
        const terms = findChild(budget, "redisTerms")
        verify(terms !== null)
        compare(testSession.redisBudget.terms.length, 6)
        // Three columns of labels, one row per term.
        compare(terms.children.length - 3, 3 * testSession.redisBudget.terms.length)
    }

    function test_matrixHighlightsCurrentRow(): void {
        verify(testSession.loadPreset("large-scale"))
        const page = createPage(matrixComponent)
        waitForRendering(page)
        const row = testSession.matrix.currentRow
        compare(page.currentRow, row)
        const current = page.cellAt(row, 0)
        verify(current !== null)
        verify(current.current)
        compare(current.border.width, 3)
        const other = page.cellAt(0, 0)
        verify(other !== null)
        verify(!other.current)
        compare(other.border.width, 1)

        verify(testSession.loadPreset("single-user"))
        compare(page.currentRow, 0)
        tryVerify(() => page.cellAt(0, 0).current)
        verify(!page.cellAt(row, 0).current)
    }

    function test_topologyDrawsOneBoxPerReplica(): void {
        const page = createPage(topologyComponent)
        verify(testSession.set("/replicas", 3))
        compare(page.instanceBoxes, 3)
        compare(findChild(page, "moreBox").visible, false)
        verify(testSession.set("/replicas", 12))
        compare(page.instanceBoxes, 8)
        const more = findChild(page, "moreBox")
        verify(more.visible)
        verify(testSession.set("/autoscaling/enabled", false))
        verify(testSession.set("/replicas", 1), JSON.stringify(testSession.fieldErrors))
        verify(testSession.set("/load_balancer/kind", "none"))
        compare(page.instanceBoxes, 1)
        compare(page.loadBalancer, false)
    }

    function test_topologyMarksTheMigratingPod(): void {
        // high-availability migrates in pod 0 of a StatefulSet: the first box says so, the others do not.
        const page = createPage(topologyComponent)
        // Every drawn instance's name line, left to right.
        const names = () => {
            const boxes = []
            const walk = item => {
                if (item.objectName === "instanceBox")
                    boxes.push(item)
                for (let i = 0; i < item.children.length; ++i)
                    walk(item.children[i])
            }
            walk(page)
            boxes.sort((a, b) => a.x - b.x)
            return boxes.map(box => findChild(box, "instanceName").text)
        }
        compare(names(), ["pod 1 · migrates", "pod 2", "pod 3"])
        verify(findChild(page, "migrationsLine").text.indexOf("pod 1 (open-webui-0, the StatefulSet's first) migrates at start") >= 0)
        // A job marks no pod.
        verify(testSession.set("/migrations", "job"))
        compare(names(), ["pod 1", "pod 2", "pod 3"])
        verify(findChild(page, "migrationsLine").text.indexOf("a Job, before the pods") >= 0)
    }

    function test_topologyServicesFollowThePlan(): void {
        const page = createPage(topologyComponent)
        verify(testSession.set("/otel/enabled", true))
        verify(findChild(page, "service_telemetry") !== null)
        verify(testSession.set("/redis/mode", "none"))
        compare(findChild(page, "service_redis"), null)
        // The page draws the list the core hands it, in its order.
        compare(page.services.length, testSession.topology.services.length)
    }

    function test_topologyLoadBalancerAtTheAutoscalingPeak(): void {
        // One replica that autoscales to four: the exporters write a load balancer, so the drawing has one.
        const page = createPage(topologyComponent)
        verify(testSession.set("/load_balancer/kind", "none"))
        verify(testSession.set("/replicas", 1))
        verify(testSession.set("/autoscaling/enabled", true))
        verify(testSession.set("/autoscaling/min_replicas", 1))
        verify(testSession.set("/autoscaling/max_replicas", 4))
        compare(page.instanceBoxes, 1)
        compare(page.loadBalancer, true)
        compare(findChild(page, "entryTitle").text, "Load balancer")
        verify(findChild(page, "scaleLine").text.indexOf("autoscaling between 1 and 4") >= 0)
        verify(testSession.set("/autoscaling/enabled", false))
        compare(page.loadBalancer, false)
        compare(findChild(page, "entryTitle").text, "Users")
    }

    function test_topologyPgvectorInsidePostgres(): void {
        verify(testSession.loadPreset("large-scale"))
        const page = createPage(topologyComponent)
        const database = findChild(page, "service_database")
        verify(database !== null)
        verify(findChild(database, "inside_pgvector") !== null)
        compare(findChild(page, "service_vector-db"), null)
        compare(findChild(database, "serviceDetail").text, "max_connections 700")
        verify(findChild(page, "service_embeddings") !== null)
        verify(findChild(page, "service_storage") !== null)
    }

    function checkTextFits(page: Item, id: string): void {
        const service = findChild(page, "service_" + id)
        verify(service !== null, id)
        const box = findChild(service, "serviceBox")
        const text = findChild(service, "serviceText")
        const placement = findChild(service, "servicePlacement")
        // The texts stay inside the box, above the placement line, and inside its width.
        verify(text.y + text.height <= placement.y, id + ": text runs into the placement line")
        verify(placement.y + placement.height <= box.height, id + ": placement line below the box")
        for (let i = 0; i < text.children.length; ++i) {
            const label = text.children[i]
            if (label.objectName !== "serviceTitle" && label.objectName !== "serviceDetail")
                continue
            verify(label.width <= box.width - 16 + 0.5, id + " " + label.objectName)
            verify(label.contentWidth <= label.width + 0.5, id + " " + label.objectName + " '" + label.text + "' is wider than the box")
        }
    }

    function test_topologyTextStaysInsideItsBoxes_data(): var {
        return [{ tag: "large-scale", preset: "large-scale" }, { tag: "high-availability", preset: "high-availability" },
                { tag: "multi-worker", preset: "multi-worker" }, { tag: "single-user", preset: "single-user" },
                { tag: "large-scale, presenter-sized text", preset: "large-scale", larger: true }]
    }

    function test_topologyTextStaysInsideItsBoxes(data): void {
        verify(testSession.loadPreset(data.preset))
        const page = createPage(topologyComponent)
        if (data.larger) {
            if (page.font.pointSize > 0)
                page.font.pointSize = page.font.pointSize * 1.35
            else
                page.font.pixelSize = Math.round(page.font.pixelSize * 1.35)
        }
        waitForRendering(page)
        for (const service of testSession.topology.services)
            checkTextFits(page, service.id)
        // "max_connections 700" and its like show whole, on one line.
        const detail = findChild(findChild(page, "service_database"), "serviceDetail")
        verify(!detail.truncated, detail.text)
        compare(detail.lineCount, 1)
    }

    function test_topologyLongPlanTextIsElided(): void {
        verify(testSession.loadPreset("large-scale"))
        verify(testSession.set("/database/host", "a-very-long-database-host-name.internal.example.org"))
        verify(testSession.set("/storage/bucket", "an-extraordinarily-long-bucket-name-for-uploaded-files"))
        verify(testSession.set("/otel/enabled", true))
        verify(testSession.set("/content_extraction", "docling"))
        const page = createPage(topologyComponent)
        waitForRendering(page)
        for (const service of testSession.topology.services)
            checkTextFits(page, service.id)
    }
}
