// SPDX-License-Identifier: MIT
// Journey step 3: several instances (or workers), how they are updated, scaled and reached.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../Components"
import "../Components/StepRules.js" as StepRules

JourneyPage {
    id: root

    readonly property bool autoscaling: root.session.plan.autoscaling.enabled === true

    title: qsTr("Step 3 — Run multiple instances")
    why: qsTr("Open WebUI keeps no state in the container, so more users or high availability means more identical copies behind a load balancer. Under an orchestrator keep one worker per container and let the orchestrator scale; only one process may run the database migrations. Without an orchestrator, several workers in one container is the simpler alternative. Every extra process also costs database and Redis connections.")
    source: qsTr("scaling-open-webui.md, Step 3 (Options A and B)")
    rules: StepRules.of("instances")

    NumberField {
        objectName: "replicasField"
        session: root.session; pointer: "/replicas"
        label: qsTr("Replicas"); hint: qsTr("Identical Open WebUI containers")
        from: 1; to: 1000; slider: true; sliderTo: 20
    }
    NumberField {
        session: root.session; pointer: "/workers"
        label: qsTr("Workers per container"); hint: qsTr("UVICORN_WORKERS (keep 1 under an orchestrator)")
        from: 1; to: 64
    }
    ChoiceField {
        session: root.session; pointer: "/migrations"
        label: qsTr("Database migrations"); hint: qsTr("ENABLE_DB_MIGRATIONS: on every instance, on one primary, or as a separate job")
    }
    ChoiceField {
        objectName: "upgradeStrategyField"
        session: root.session; pointer: "/upgrade_strategy"
        label: qsTr("Upgrades"); hint: qsTr("rolling: new replicas start while old ones serve; recreate: stop the old fleet, migrate once, start the new version (never two versions on one database)")
    }
    NumberField {
        visible: root.session.plan.upgrade_strategy !== "recreate"
        session: root.session; pointer: "/rolling_update_surge"
        label: qsTr("Rolling update surge"); hint: qsTr("Extra replicas started during an update (maxSurge)")
        from: 0; to: 1000
    }
    SwitchField {
        objectName: "autoscalingField"
        session: root.session; pointer: "/autoscaling/enabled"
        label: qsTr("Autoscaling"); hint: qsTr("A horizontal autoscaler between min and max replicas")
    }
    NumberField {
        visible: root.autoscaling
        session: root.session; pointer: "/autoscaling/min_replicas"
        label: qsTr("Autoscaling min replicas"); from: 1; to: 1000
    }
    NumberField {
        visible: root.autoscaling
        session: root.session; pointer: "/autoscaling/max_replicas"
        label: qsTr("Autoscaling max replicas"); from: 1; to: 1000
    }
    ChoiceField {
        session: root.session; pointer: "/load_balancer/kind"
        label: qsTr("Load balancer"); hint: qsTr("What sits in front of the containers")
    }
    SwitchField {
        session: root.session; pointer: "/load_balancer/sticky_sessions"
        label: qsTr("Sticky sessions"); hint: qsTr("Session affinity at the load balancer")
    }
    SwitchField {
        session: root.session; pointer: "/load_balancer/websocket_upgrade"
        label: qsTr("Websocket upgrade"); hint: qsTr("The load balancer passes Upgrade and Connection headers (and long timeouts) for /ws/socket.io")
    }
    SwitchField {
        objectName: "proxyCompressesField"
        session: root.session; pointer: "/load_balancer/compresses"
        label: qsTr("Proxy compresses"); hint: qsTr("The load balancer already gzip/brotli-compresses responses")
    }
    SwitchField {
        objectName: "compressionMiddlewareField"
        session: root.session; pointer: "/compression_middleware"
        label: qsTr("Open WebUI compression"); hint: qsTr("ENABLE_COMPRESSION_MIDDLEWARE: turn off when the proxy compresses")
    }
    SwitchField {
        objectName: "orjsonField"
        session: root.session; pointer: "/orjson"
        label: qsTr("orjson"); hint: qsTr("ENABLE_ORJSON (v0.11+): faster JSON, in the scaling docs' minimum set for Redis-backed fleets")
    }
    TextSettingField {
        session: root.session; pointer: "/load_balancer/public_url"
        label: qsTr("Public URL"); hint: qsTr("WEBUI_URL: the address users open")
        placeholder: "https://chat.example.com"
    }
    ListField {
        objectName: "corsOriginsField"
        session: root.session; pointer: "/cors_allow_origins"
        label: qsTr("CORS origins"); hint: qsTr("CORS_ALLOW_ORIGIN: the origins browsers may call from (written joined with ';')")
        placeholder: "https://chat.example.com"
    }
}
