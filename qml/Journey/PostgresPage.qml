// SPDX-License-Identifier: MIT
// Journey step 1: PostgreSQL and the connection pool every process keeps.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../Components"
import "../Components/StepRules.js" as StepRules

JourneyPage {
    id: root

    readonly property bool postgres: root.session.plan.database.kind === "postgresql"

    title: qsTr("Step 1 — Switch to PostgreSQL")
    why: qsTr("SQLite is a single file and copes badly with writes from several processes at once, so a second worker or instance needs a real database server. Each Open WebUI process keeps its own connection pool, which means the server sees pool size × processes connections: size the pool here against max_connections, and watch the budget on the Budget page.")
    source: qsTr("scaling-open-webui.md, Step 1")
    rules: StepRules.of("postgresql")

    ChoiceField {
        session: root.session; pointer: "/database/kind"
        label: qsTr("Database"); hint: qsTr("DATABASE_URL: sqlite (embedded) or postgresql")
    }
    Label {
        visible: !root.postgres
        text: qsTr("The pool settings below apply once the database is PostgreSQL.")
        opacity: 0.75
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
    ColumnLayout {
        enabled: root.postgres
        spacing: 8
        Layout.fillWidth: true

        TextSettingField {
            objectName: "databaseHostField"
            session: root.session; pointer: "/database/host"
            label: qsTr("Host"); hint: qsTr("postgres: the bundle runs PostgreSQL; any other host is your own server")
            placeholder: "postgres"
        }
        NumberField {
            session: root.session; pointer: "/database/port"
            label: qsTr("Port"); hint: qsTr("The port in DATABASE_URL")
            from: 1; to: 65535; plainDigits: true
        }
        TextSettingField {
            session: root.session; pointer: "/database/name"
            label: qsTr("Database name"); hint: qsTr("The database in DATABASE_URL")
            placeholder: "openwebui"
        }
        TextSettingField {
            session: root.session; pointer: "/database/user"
            label: qsTr("User"); hint: qsTr("The user in DATABASE_URL; its password is a secret in the bundle")
            placeholder: "openwebui"
        }
        NumberField {
            objectName: "poolSizeField"
            session: root.session; pointer: "/database/pool_size"
            label: qsTr("Pool size per process"); hint: qsTr("DATABASE_POOL_SIZE (0 = no pooling, NullPool)")
            from: 0; to: 10000; nullable: true; slider: true; sliderTo: 100
        }
        NumberField {
            session: root.session; pointer: "/database/max_overflow"
            label: qsTr("Pool overflow"); hint: qsTr("DATABASE_POOL_MAX_OVERFLOW")
            from: 0; to: 10000; slider: true; sliderTo: 100
        }
        NumberField {
            session: root.session; pointer: "/database/pool_timeout"
            label: qsTr("Pool timeout (s)"); hint: qsTr("DATABASE_POOL_TIMEOUT")
            from: 1; to: 3600
        }
        NumberField {
            session: root.session; pointer: "/database/pool_recycle"
            label: qsTr("Pool recycle (s)"); hint: qsTr("DATABASE_POOL_RECYCLE (-1 = never)")
            from: -1; to: 86400
        }
        SwitchField {
            session: root.session; pointer: "/database/session_sharing"
            label: qsTr("Share database sessions"); hint: qsTr("DATABASE_ENABLE_SESSION_SHARING")
        }
        NumberField {
            objectName: "maxConnectionsField"
            session: root.session; pointer: "/database/max_connections"
            label: qsTr("Server max_connections"); hint: qsTr("PostgreSQL max_connections (default 100)")
            from: 1; to: 262143; slider: true; sliderFrom: 10; sliderTo: 1000
        }
        NumberField {
            objectName: "reservedField"
            session: root.session; pointer: "/database/superuser_reserved_connections"
            label: qsTr("Reserved for superusers"); hint: qsTr("superuser_reserved_connections (default 3)")
            from: 0; to: 262143
        }
        NumberField {
            session: root.session; pointer: "/database/other_client_connections"
            label: qsTr("Other clients' connections"); hint: qsTr("Connections other programs keep open on the same server")
            from: 0; to: 262143
        }
    }
    Label {
        visible: root.postgres && root.session.budget.applicable === true
        // Null totals come from a NullPool: the core has no bound to show.
        text: root.session.budget.unbounded === true
              ? qsTr("Steady total: <b>unbounded (NullPool)</b> · %1 available")
                    .arg(root.session.budget.available_connections)
              : qsTr("Steady total: <b>%1</b> of %2 available · worst case %3")
                    .arg(root.session.budget.total_connections)
                    .arg(root.session.budget.available_connections)
                    .arg(root.session.budget.worst_case_connections)
        textFormat: Text.StyledText
        Layout.topMargin: 6
    }
}
