// SPDX-License-Identifier: MIT
// Journey step 0: the defaults Open WebUI starts from, and the size of the deployment.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../Components"
import "../Components/StepRules.js" as StepRules
import "../Components/Theme.js" as Theme

JourneyPage {
    id: root

    title: qsTr("Understanding the defaults")
    why: qsTr("Out of the box Open WebUI is one container with an embedded SQLite file, one Uvicorn worker and nothing else to run. That is right for one person or a trial. Everything later in this journey is a reaction to outgrowing one of these defaults, so start by saying how many people will use it, where it will run and how many copies you expect.")
    source: qsTr("scaling-open-webui.md, Understanding the Defaults")
    hasBack: false
    rules: StepRules.of("defaults")

    Label {
        objectName: "scenarioLine"
        text: qsTr("Scenario: <b>%1</b> (%2)").arg(Theme.escaped(root.session.scenarioLabel)).arg(Theme.escaped(root.session.scenarioReason))
        textFormat: Text.StyledText
        wrapMode: Text.Wrap
        Layout.fillWidth: true
        Layout.bottomMargin: 6
    }
    TextSettingField {
        objectName: "planNameField"
        session: root.session; pointer: "/name"
        label: qsTr("Plan name"); hint: qsTr("Shown in the title bar and the bundle's README")
        placeholder: qsTr("Our Open WebUI")
    }
    TextSettingField {
        session: root.session; pointer: "/description"
        label: qsTr("Description"); hint: qsTr("One line on what this plan is for")
    }
    NumberField {
        session: root.session; pointer: "/expected_users"
        label: qsTr("Expected users"); hint: qsTr("How many people will use this deployment; it picks the scenario")
        from: 1; to: 10000000
    }
    ChoiceField {
        session: root.session; pointer: "/orchestrator"
        label: qsTr("Orchestrator"); hint: qsTr("Where the containers run")
    }
    NumberField {
        session: root.session; pointer: "/replicas"
        label: qsTr("Replicas (instances)"); hint: qsTr("Open WebUI containers behind one address")
        from: 1; to: 1000; slider: true; sliderTo: 20
    }
    NumberField {
        session: root.session; pointer: "/workers"
        label: qsTr("Uvicorn workers per container"); hint: qsTr("UVICORN_WORKERS")
        from: 1; to: 64
    }
    SwitchField {
        objectName: "persistentConfigField"
        session: root.session; pointer: "/persistent_config"
        label: qsTr("Settings live in the database"); hint: qsTr("ENABLE_PERSISTENT_CONFIG: on (default), many variables only seed the database on the first start and the Admin UI owns them afterwards; off, the environment wins on every start")
    }
    TextSettingField {
        session: root.session; pointer: "/image_tag"
        label: qsTr("Image tag"); hint: qsTr("ghcr.io/open-webui/open-webui:<tag>; pin a version in production")
        placeholder: "v0.6.5"
    }

    SectionLabel { text: qsTr("Secret key") }
    ChoiceField {
        objectName: "secretKeyModeField"
        session: root.session; pointer: "/secrets/key_mode"
        label: qsTr("WEBUI_SECRET_KEY"); hint: qsTr("Signs sessions: every instance needs the same key, or users are logged out in a loop")
    }
    TextSettingField {
        visible: root.session.plan.secrets.key_mode === "external"
        session: root.session; pointer: "/secrets/external_secret_name"
        label: qsTr("Existing secret's name"); hint: qsTr("The Kubernetes Secret or Docker secret that already holds the key")
        placeholder: "open-webui-secret"
    }
    SwitchField {
        visible: root.session.plan.secrets.key_mode === "generated"
        session: root.session; pointer: "/secrets/store_in_plan"
        label: qsTr("Keep the key in the plan file"); hint: qsTr("Off (recommended): the key is written only into the bundle's secret files, mode 0600. On: the plan file holds it too and is saved with mode 0600")
    }

    SectionLabel { text: qsTr("Runtime") }
    NumberField {
        session: root.session; pointer: "/thread_pool_size"
        label: qsTr("Thread pool size"); hint: qsTr("THREAD_POOL_SIZE: threads for blocking work in each process (Open WebUI's default 40 is low for many users)")
        from: 1; to: 100000; nullable: true
    }
    NumberField {
        session: root.session; pointer: "/user_active_status_update_interval"
        label: qsTr("Active-status update interval (s)"); hint: qsTr("USER_ACTIVE_STATUS_UPDATE_INTERVAL: how often each user's last-active time is written; raise it to spare the database")
        from: 0; to: 86400; nullable: true
    }
    SwitchField {
        session: root.session; pointer: "/pip_install_frontmatter"
        label: qsTr("pip installs from tools' front matter"); hint: qsTr("ENABLE_PIP_INSTALL_FRONTMATTER_REQUIREMENTS: every process installs packages at start, each on its own")
    }
}
