// SPDX-License-Identifier: MIT
// The Remote page with real events: typing into its fields, Probe with the mouse and with Return, Tab through
// the form, and the host-key question raised by a real unknown key (tst_qml.cpp's testSshd is a real OpenSSH
// sshd on loopback; the page's RemoteSession connects to it with libssh as the window does).
import QtQuick
import QtQuick.Controls
import QtTest
import OwuiPlanner.Backend
import OwuiPlanner.Ui

TestCase {
    id: testCase
    name: "Remote"
    when: windowShown
    visible: true
    width: 1024
    height: 640

    function typeText(text: string): void {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    Component { id: pageComponent; RemotePage { remote: RemoteSession { session: testSession } } }

    function initTestCase(): void {
        verify(testSshd.start(), testSshd.error())
    }

    function init(): void {
        verify(testSession.loadPreset("high-availability"))
    }

    function remotePage(): Item {
        const page = createTemporaryObject(pageComponent, testCase, { session: testSession, width: 1024, height: 640 })
        verify(page !== null)
        waitForRendering(page)
        return page
    }

    /** Clicks into a field, clears it and types `text` key by key. */
    function typeInto(page: Item, name: string, text: string): void {
        const field = findChild(page, name)
        verify(field !== null, name)
        mouseClick(field)
        verify(field.activeFocus, name)
        field.selectAll()
        keyClick(Qt.Key_Delete)
        typeText(text)
        compare(field.text, text)
    }

    function runDone(page: Item): void {
        tryVerify(() => !page.remote.busy, 20000)
        waitForRendering(page)
    }

    /** The page pointed at the test's sshd, with a known_hosts that does not hold its key. */
    function pointAtSshd(page: Item): string {
        const knownHosts = testSshd.freshKnownHosts()
        typeInto(page, "hostField", testSshd.endpoint())
        typeInto(page, "identityField", testSshd.userKey())
        typeInto(page, "knownHostsField", knownHosts)
        return knownHosts
    }

    function test_typingAHostAndPressingProbeShowsTheFailure(): void {
        const page = remotePage()
        const port = testSshd.closedPort()
        typeInto(page, "hostField", "127.0.0.1:" + port)
        compare(page.remote.host, "127.0.0.1:" + port)
        const probe = findChild(page, "probeButton")
        mouseClick(probe)
        runDone(page)
        const error = findChild(page, "remoteError")
        verify(error.visible)
        verify(error.text.indexOf("refused") >= 0, error.text)
        verify(error.text.indexOf(String(port)) >= 0, error.text)
        verify(findChild(page, "remoteStatus").text.indexOf("failed") >= 0)
        verify(!page.hostKeyPopup.opened)
    }

    function test_aBadHostIsSaidWithoutConnecting(): void {
        const page = remotePage()
        typeInto(page, "hostField", "db1;reboot")
        keyClick(Qt.Key_Return) // Return in a field probes
        verify(!page.remote.busy)
        const error = findChild(page, "remoteError")
        verify(error.visible)
        verify(error.text.indexOf("usage") === 0, error.text)
    }

    function test_tabReachesEveryFieldAndTheButtons(): void {
        const page = remotePage()
        const host = findChild(page, "hostField")
        mouseClick(host)
        verify(host.activeFocus)
        const wanted = ["hostField", "identityField", "identityBrowseButton", "knownHostsField", "knownHostsBrowseButton",
                        "jumpHostField", "postgresUrlField", "redisUrlField", "targetDirectoryField", "bundleFolderField",
                        "bundleBrowseButton", "probeButton", "deliverButton", "replaceBox"]
        const reached = ["hostField"]
        for (let i = 0; i < 20 && reached.length < wanted.length; ++i) {
            keyClick(Qt.Key_Tab)
            const focused = testCase.Window.window.activeFocusItem
            if (focused && focused.objectName.length > 0)
                reached.push(focused.objectName)
        }
        compare(JSON.stringify(reached), JSON.stringify(wanted))
        // The password-carrying URLs are masked.
        compare(findChild(page, "postgresUrlField").echoMode, TextInput.Password)
        compare(findChild(page, "redisUrlField").echoMode, TextInput.Password)
    }

    function test_returnOnTheFocusedProbeButtonProbes(): void {
        const page = remotePage()
        typeInto(page, "hostField", "127.0.0.1:" + testSshd.closedPort())
        const probe = findChild(page, "probeButton")
        probe.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Return)
        runDone(page)
        verify(findChild(page, "remoteError").text.indexOf("refused") >= 0)
    }

    function test_unknownHostKeyTrustedWithTheMouse(): void {
        const page = remotePage()
        const knownHosts = pointAtSshd(page)
        mouseClick(findChild(page, "probeButton"))
        runDone(page)
        const popup = page.hostKeyPopup
        tryVerify(() => popup.opened)
        compare(findChild(popup.contentItem, "hostKeyFingerprint").text, testSshd.fingerprint())
        compare(findChild(popup.contentItem, "hostKeyType").text, "ssh-ed25519")
        compare(findChild(popup.contentItem, "hostKeyHost").text, testSshd.knownHostsName())
        verify(!findChild(popup.contentItem, "hostKeyWarning").visible)
        compare(testSshd.read(knownHosts), "") // asked, not recorded
        mouseClick(findChild(popup.contentItem, "trustHostKeyButton"))
        tryVerify(() => !popup.visible)
        runDone(page)
        verify(page.remote.errorText === "", page.remote.errorText)
        verify(page.remote.hasReport)
        verify(testSshd.read(knownHosts).indexOf(testSshd.knownHostsName()) === 0, testSshd.read(knownHosts))
        // The host's facts are drawn.
        verify(findChild(page, "remoteFact_0") !== null)
    }

    function test_unknownHostKeyCancelledWithTheMouseConnectsNowhere(): void {
        const page = remotePage()
        const knownHosts = pointAtSshd(page)
        mouseClick(findChild(page, "probeButton"))
        runDone(page)
        const popup = page.hostKeyPopup
        tryVerify(() => popup.opened)
        mouseClick(findChild(popup.contentItem, "rejectHostKeyButton"))
        tryVerify(() => !popup.visible)
        verify(!page.remote.busy)
        compare(Object.keys(page.remote.hostKeyQuestion).length, 0)
        compare(testSshd.read(knownHosts), "")
        verify(!page.remote.hasReport)
    }

    function test_unknownHostKeyAnsweredWithTheKeyboard(): void {
        const page = remotePage()
        const knownHosts = pointAtSshd(page)
        keyClick(Qt.Key_Return) // from the known_hosts field
        runDone(page)
        const popup = page.hostKeyPopup
        tryVerify(() => popup.opened)
        const trust = findChild(popup.contentItem, "trustHostKeyButton")
        const reject = findChild(popup.contentItem, "rejectHostKeyButton")
        tryVerify(() => trust.activeFocus)
        // Tab moves to Cancel and Return presses it: nothing is recorded.
        keyClick(Qt.Key_Tab)
        verify(reject.activeFocus)
        keyClick(Qt.Key_Return)
        tryVerify(() => !popup.visible)
        compare(testSshd.read(knownHosts), "")
        // Asked again; Escape also declines.
        mouseClick(findChild(page, "probeButton"))
        runDone(page)
        tryVerify(() => popup.opened)
        keyClick(Qt.Key_Escape)
        tryVerify(() => !popup.visible)
        compare(testSshd.read(knownHosts), "")
        // Asked again; Return on the focused "Trust and connect" trusts it.
        mouseClick(findChild(page, "probeButton"))
        runDone(page)
        tryVerify(() => popup.opened)
        tryVerify(() => trust.activeFocus)
        keyClick(Qt.Key_Return)
        runDone(page)
        verify(page.remote.hasReport, page.remote.errorText)
        verify(testSshd.read(knownHosts).indexOf(testSshd.knownHostsName()) === 0)
    }

    function test_aChangedHostKeyIsAWarningWithNoWayToAccept(): void {
        const page = remotePage()
        const knownHosts = testSshd.changedKnownHosts()
        const before = testSshd.read(knownHosts)
        verify(before.length > 0)
        typeInto(page, "hostField", testSshd.endpoint())
        typeInto(page, "identityField", testSshd.userKey())
        typeInto(page, "knownHostsField", knownHosts)
        mouseClick(findChild(page, "probeButton"))
        runDone(page)
        const popup = page.hostKeyPopup
        tryVerify(() => popup.opened)
        const warning = findChild(popup.contentItem, "hostKeyWarning")
        verify(warning.visible)
        verify(warning.color.r - warning.color.g > 0.3 && warning.color.r - warning.color.b > 0.3, String(warning.color)) // red, in either theme
        verify(!findChild(popup.contentItem, "trustHostKeyButton").visible)
        compare(findChild(popup.contentItem, "hostKeyFingerprint").text, testSshd.fingerprint())
        const close = findChild(popup.contentItem, "rejectHostKeyButton")
        tryVerify(() => close.activeFocus)
        keyClick(Qt.Key_Return)
        tryVerify(() => !popup.visible)
        verify(!page.remote.busy)
        compare(testSshd.read(knownHosts), before)
        verify(findChild(page, "remoteError").text.indexOf("host-key-changed") === 0)
    }

    function test_aKeyPassphraseIsAskedInAMaskedFieldAndUsedOnce(): void {
        const page = remotePage()
        typeInto(page, "hostField", testSshd.endpoint())
        typeInto(page, "identityField", testSshd.passphraseKey())
        typeInto(page, "knownHostsField", testSshd.knownHostsFile())
        mouseClick(findChild(page, "probeButton"))
        runDone(page)
        const popup = page.credentialPopup
        tryVerify(() => popup.opened)
        const field = findChild(popup.contentItem, "credentialField")
        compare(field.echoMode, TextInput.Password)
        tryVerify(() => field.activeFocus)
        verify(findChild(popup.contentItem, "credentialPrompt").text.indexOf(testSshd.passphraseKey()) >= 0)
        typeText(testSshd.passphrase())
        keyClick(Qt.Key_Return)
        tryVerify(() => !popup.visible)
        compare(field.text, "") // the typed secret does not stay in the field
        runDone(page)
        verify(page.remote.hasReport, page.remote.errorText)
        // Cancel with the mouse declines: nothing connects.
        mouseClick(findChild(page, "probeButton"))
        runDone(page)
        tryVerify(() => popup.opened)
        typeText("typed but not sent")
        mouseClick(findChild(popup.contentItem, "credentialCancelButton"))
        tryVerify(() => !popup.visible)
        compare(field.text, "")
        verify(!page.remote.busy)
        compare(Object.keys(page.remote.credentialQuestion).length, 0)
    }

    function test_cancelStopsASlowProbe(): void {
        const page = remotePage()
        typeInto(page, "hostField", "127.0.0.1:" + testSshd.silentPort())
        typeInto(page, "knownHostsField", testSshd.freshKnownHosts())
        const cancel = findChild(page, "cancelButton")
        verify(!cancel.enabled)
        mouseClick(findChild(page, "probeButton"))
        verify(page.remote.busy)
        verify(findChild(page, "remoteProgress").visible)
        // The control: the host never answers, so the run is still going a second later.
        wait(1000)
        verify(page.remote.busy)
        verify(cancel.enabled)
        const started = Date.now()
        mouseClick(cancel)
        tryVerify(() => !page.remote.busy, 3000)
        verify(Date.now() - started < 2000, String(Date.now() - started))
        const status = findChild(page, "remoteStatus")
        tryVerify(() => status.visible)
        verify(status.text.indexOf("Cancelled") === 0, status.text)
        verify(!findChild(page, "remoteError").visible)
    }

    function test_pageScrollsAtTheSmallestWindow(): void {
        const page = remotePage()
        const scroll = findChild(page, "remoteScroll")
        // At 1024×640 the form and the buttons fit side by side; what lies below scrolls.
        const probe = findChild(page, "probeButton")
        verify(probe.width > 0 && probe.mapToItem(page, 0, 0).x + probe.width <= page.width)
        verify(scroll.contentHeight > 0)
    }

    Component { id: mainComponent; Main {} }

    // A real probe in the real window: the host's facts and a real Redis's maxclients beside the plan's, the
    // findings against the plan, and "Use this value" clicked with the mouse (Ctrl+Z puts the plan back).
    function test_probeShowsFactsAndUseThisValueTakesOne(): void {
        const redisUrl = testSshd.startRedis(1234)
        verify(redisUrl.length > 0, testSshd.redisError())
        const window = createTemporaryObject(mainComponent, null,
                                             { session: testSession, exporter: testExporter, settings: testSettings, width: 1280, height: 800 })
        window.requestActivate()
        tryVerify(() => window.active)
        window.openPage("remote")
        const page = findChild(window, "remotePage")
        verify(page !== null)
        waitForRendering(window.contentItem)
        typeInto(page, "hostField", testSshd.endpoint())
        typeInto(page, "identityField", testSshd.userKey())
        typeInto(page, "knownHostsField", testSshd.knownHostsFile())
        typeInto(page, "redisUrlField", redisUrl)
        const planned = testSession.plan.redis.maxclients
        verify(planned !== 1234, "the preset must differ from the server for this test to mean anything")
        mouseClick(findChild(page, "probeButton"))
        tryVerify(() => !page.remote.busy, 30000)
        waitForRendering(window.contentItem)
        compare(page.remote.errorText, "")

        // The first rows differ from the plan: Redis's maxclients, the server's figure beside the plan's.
        let row = null
        for (let i = 0; i < page.remote.facts.length; ++i) {
            const candidate = findChild(page, "remoteFact_" + i)
            if (!row && candidate && findChild(candidate, "factObserved").text === "1234")
                row = candidate
        }
        verify(row !== null, "a fact row shows maxclients 1234")
        compare(findChild(row, "factPlanned").text, "plan: " + planned)
        verify(findChild(page, "remoteFinding_0") !== null, "the probe is held against the plan")
        if (screenshotPath.length > 0) {
            findChild(page, "remoteScroll").contentItem.contentY = Math.max(0, row.mapToItem(findChild(page, "remoteScroll").contentItem, 0, 0).y - 160)
            waitForRendering(window.contentItem)
            grabImage(window.contentItem.parent).save(screenshotPath) // the parent holds the header too
        }
        const useButton = findChild(row, "useValueButton")
        verify(useButton.visible)
        mouseClick(useButton)
        compare(testSession.plan.redis.maxclients, 1234)
        keyClick(Qt.Key_Z, Qt.ControlModifier)
        compare(testSession.plan.redis.maxclients, planned)
    }
}
