// SPDX-License-Identifier: MIT
// Journey step 0: the defaults Open WebUI starts from, and the size of the deployment.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../Components"
import "../Components/Theme.js" as Theme

JourneyPage {
    id: root

    title: qsTr("Understanding the defaults")
    why: qsTr("Out of the box Open WebUI is one container with an embedded SQLite file, one Uvicorn worker and nothing else to run. That is right for one person or a trial. Everything later in this journey is a reaction to outgrowing one of these defaults, so start by saying how many people will use it, where it will run and how many copies you expect.")
    source: qsTr("scaling-open-webui.md, Understanding the Defaults")
    hasBack: false
    rules: ["scenario-requirements", "image-tag-pinned", "shared-secret-key", "secret-key-reference",
            "secret-key-persistence", "upgrade-procedure", "thread-pool-size", "user-active-status-interval",
            "pip-install-frontmatter", "external-content-extraction", "external-embeddings", "embedding-model", "persistent-config"]

    Label {
        objectName: "scenarioLine"
        text: qsTr("Scenario: <b>%1</b> (%2)").arg(Theme.escaped(root.session.scenarioLabel)).arg(Theme.escaped(root.session.scenarioReason))
        textFormat: Text.StyledText
        wrapMode: Text.Wrap
        Layout.fillWidth: true
        Layout.bottomMargin: 6
    }
    NumberField {
        session: root.session; pointer: "/expected_users"
        label: qsTr("Expected users"); hint: qsTr("How many people will use this deployment; it picks the scenario")
        from: 1; to: 10000000
    }
    ChoiceField {
        session: root.session; pointer: "/orchestrator"
        label: qsTr("Orchestrator"); hint: qsTr("Where the containers run")
        choices: ["compose", "swarm", "kubernetes"]
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
}
