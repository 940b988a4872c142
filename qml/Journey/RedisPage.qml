// SPDX-License-Identifier: MIT
// Journey step 2: Redis, the shared state every process needs once there is more than one.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../Components"
import "../Components/StepRules.js" as StepRules

JourneyPage {
    id: root

    readonly property string mode: root.session.plan.redis.mode

    title: qsTr("Step 2 — Add Redis")
    why: qsTr("As soon as there are two workers or two instances, they must agree on sessions, websocket connections and configuration. Redis is that shared state store; without it a user sees different things depending on which process answers. A single process does not need it. Keep idle clients closed (timeout) and allow enough clients (maxclients) for every process.")
    source: qsTr("scaling-open-webui.md, Step 2")
    rules: StepRules.of("redis")

    SwitchField {
        session: root.session; pointer: "/websocket_support"
        label: qsTr("Websockets"); hint: qsTr("ENABLE_WEBSOCKET_SUPPORT with WEBSOCKET_MANAGER=redis: live updates across processes need Redis")
    }
    ChoiceField {
        session: root.session; pointer: "/redis/mode"
        label: qsTr("Redis mode"); hint: qsTr("none, one server (REDIS_URL), Sentinel (REDIS_SENTINEL_HOSTS) or Cluster (REDIS_CLUSTER)")
    }
    ColumnLayout {
        enabled: root.mode !== "none"
        spacing: 8
        Layout.fillWidth: true

        TextSettingField {
            visible: root.mode !== "sentinel"
            session: root.session; pointer: "/redis/host"
            label: qsTr("Host"); hint: qsTr("The host part of REDIS_URL")
            placeholder: "redis"
        }
        NumberField {
            visible: root.mode !== "sentinel"
            session: root.session; pointer: "/redis/port"
            label: qsTr("Port"); hint: qsTr("The port in REDIS_URL")
            from: 1; to: 65535; plainDigits: true
        }
        NumberField {
            visible: root.mode === "sentinel"
            session: root.session; pointer: "/redis/sentinel_port"
            label: qsTr("Sentinel port"); hint: qsTr("REDIS_SENTINEL_PORT")
            from: 1; to: 65535; plainDigits: true
        }
        TextSettingField {
            visible: root.mode === "sentinel"
            session: root.session; pointer: "/redis/sentinel_service"
            label: qsTr("Sentinel master name"); hint: qsTr("The service name in REDIS_URL (redis://:password@mymaster:6379/0)")
            placeholder: "mymaster"
        }
        NumberField {
            session: root.session; pointer: "/redis/maxclients"
            label: qsTr("Server maxclients"); hint: qsTr("Redis maxclients (10000+ recommended)")
            from: 1; to: 10000000; stepSize: 100
        }
        NumberField {
            session: root.session; pointer: "/redis/timeout"
            label: qsTr("Server idle timeout (s)"); hint: qsTr("Redis timeout (1800 recommended; 0 never closes idle clients)")
            from: 0; to: 31536000; stepSize: 60
        }
        ChoiceField {
            objectName: "maxmemoryPolicyField"
            session: root.session; pointer: "/redis/maxmemory_policy"
            label: qsTr("Eviction policy"); hint: qsTr("Redis maxmemory-policy: an evicting policy drops sessions and locks when memory runs out")
        }
        SwitchField {
            session: root.session; pointer: "/redis/shared_with_other_installations"
            label: qsTr("Shared with other installations"); hint: qsTr("Another Open WebUI uses the same Redis: each needs its own key prefix")
        }
        NumberField {
            session: root.session; pointer: "/redis/other_clients"
            label: qsTr("Other programs' clients"); hint: qsTr("Clients other programs keep open on the same Redis, counted against maxclients")
            from: 0; to: 10000000
        }
        TextSettingField {
            session: root.session; pointer: "/redis/key_prefix"
            label: qsTr("Key prefix"); hint: qsTr("REDIS_KEY_PREFIX: one per installation sharing a Redis")
            placeholder: "open-webui"
        }
        NumberField {
            objectName: "redisAllowanceField"
            session: root.session; pointer: "/redis/pool_allowance_per_process"
            label: qsTr("Extra connections per process"); hint: qsTr("Planning allowance above the 5 named clients each process opens: redis-py pools grow with concurrency")
            from: 0; to: 1000
        }
        SwitchField {
            visible: root.mode === "single"
            session: root.session; pointer: "/redis/star_sessions"
            label: qsTr("StarSessions store"); hint: qsTr("ENABLE_STAR_SESSIONS_MIDDLEWARE: experimental, plain Redis only, one more client per process")
        }
        ListField {
            objectName: "sentinelHostsField"
            visible: root.mode === "sentinel"
            session: root.session; pointer: "/redis/sentinel_hosts"
            label: qsTr("Sentinel hosts"); hint: qsTr("REDIS_SENTINEL_HOSTS: at least three Sentinels, in order")
            placeholder: "sentinel-1"
        }
        TextSettingField {
            visible: root.mode === "sentinel"
            session: root.session; pointer: "/redis/socket_connect_timeout"
            label: qsTr("Socket connect timeout (s)"); hint: qsTr("REDIS_SOCKET_CONNECT_TIMEOUT; 5 prevents hangs during failover. Empty = unset")
            kind: "number"; placeholder: qsTr("unset")
        }
    }
    Label {
        visible: root.session.redisBudget.applicable === true
        text: qsTr("Redis clients: <b>%1</b> of maxclients %2 (headroom %3)")
                .arg(root.session.redisBudget.total_clients)
                .arg(root.session.redisBudget.maxclients)
                .arg(root.session.redisBudget.headroom)
        textFormat: Text.StyledText
        Layout.topMargin: 6
    }
}
