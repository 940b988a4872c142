// SPDX-License-Identifier: MIT
// Budget charts follow the plan; the matrix marks the plan's row; the topology draws one box per replica.
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
        compare(findChild(budget, "surgeValue").text, "0 replica(s)") // recreate: no surge
        compare(findChild(budget, "migrationJobValue").text, "1 connection(s)")
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

    function test_topologyServicesFollowThePlan(): void {
        const page = createPage(topologyComponent)
        verify(testSession.set("/otel/enabled", true))
        verify(findChild(page, "service_otel") !== null)
        verify(testSession.set("/redis/mode", "none"))
        compare(findChild(page, "service_redis"), null)
    }
}
