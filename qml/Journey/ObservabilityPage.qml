// SPDX-License-Identifier: MIT
// Journey step 5: OpenTelemetry.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../Components"
import "../Components/StepRules.js" as StepRules

JourneyPage {
    id: root

    readonly property bool otel: root.session.plan.otel.enabled === true

    title: qsTr("Step 5 — Add observability")
    why: qsTr("At scale you need to see what the deployment does: request latency, slow database queries, error rates. Open WebUI exports traces, metrics and logs with OpenTelemetry to a collector, and from there to Grafana, Datadog, New Relic or similar.")
    source: qsTr("scaling-open-webui.md, Step 5")
    rules: StepRules.of("observability")

    SwitchField {
        session: root.session; pointer: "/otel/enabled"
        label: qsTr("OpenTelemetry"); hint: qsTr("ENABLE_OTEL")
    }
    ColumnLayout {
        enabled: root.otel
        spacing: 8
        Layout.fillWidth: true
        TextSettingField {
            session: root.session; pointer: "/otel/endpoint"
            label: qsTr("Collector endpoint"); hint: qsTr("OTEL_EXPORTER_OTLP_ENDPOINT")
            placeholder: "http://otel-collector:4317"
        }
        ChoiceField {
            session: root.session; pointer: "/otel/protocol"
            label: qsTr("Protocol"); hint: qsTr("OTEL_EXPORTER_OTLP_PROTOCOL: grpc (port 4317) or http (port 4318)")
        }
        SwitchField {
            session: root.session; pointer: "/otel/traces"
            label: qsTr("Traces"); hint: qsTr("ENABLE_OTEL_TRACES")
        }
        SwitchField {
            session: root.session; pointer: "/otel/metrics"
            label: qsTr("Metrics"); hint: qsTr("ENABLE_OTEL_METRICS")
        }
        SwitchField {
            session: root.session; pointer: "/otel/logs"
            label: qsTr("Logs"); hint: qsTr("ENABLE_OTEL_LOGS")
        }
        SwitchField {
            session: root.session; pointer: "/otel/insecure"
            label: qsTr("Plain connection (no TLS)"); hint: qsTr("OTEL_EXPORTER_OTLP_INSECURE: on for a collector in the same network without TLS")
        }
        NumberField {
            session: root.session; pointer: "/otel/metrics_export_interval_ms"
            label: qsTr("Metrics export interval (ms)"); hint: qsTr("OTEL_METRIC_EXPORT_INTERVAL")
            from: 1000; to: 3600000; stepSize: 1000
        }
    }
}
