// SPDX-License-Identifier: MIT
// Journey step 4: file storage every instance sees.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../Components"
import "../Components/StepRules.js" as StepRules

JourneyPage {
    id: root

    readonly property string kind: root.session.plan.storage.kind
    readonly property bool cloud: root.kind === "s3" || root.kind === "gcs" || root.kind === "azure"

    title: qsTr("Step 4 — Use cloud storage")
    why: qsTr("Uploads land on the container's local disk by default. With several instances each one would only see its own files, so a file uploaded through one replica is missing on the next. A shared volume or an object store (S3 or compatible, Google Cloud Storage, Azure Blob) makes every upload visible to every instance.")
    source: qsTr("scaling-open-webui.md, Step 4")
    rules: StepRules.of("storage")

    ChoiceField {
        session: root.session; pointer: "/storage/kind"
        label: qsTr("Storage"); hint: qsTr("STORAGE_PROVIDER (local disk, a shared volume, s3, gcs or azure)")
    }
    TextSettingField {
        visible: root.cloud
        session: root.session; pointer: "/storage/bucket"
        label: qsTr("Bucket"); hint: qsTr("S3_BUCKET_NAME / GCS_BUCKET_NAME / AZURE_STORAGE_CONTAINER_NAME")
        placeholder: "my-openwebui-bucket"
    }
    TextSettingField {
        visible: root.kind === "s3"
        session: root.session; pointer: "/storage/region"
        label: qsTr("Region"); hint: qsTr("S3_REGION_NAME; on AWS the endpoint is derived from it")
        placeholder: "us-east-1"
    }
    TextSettingField {
        visible: root.kind === "s3" || root.kind === "azure"
        session: root.session; pointer: "/storage/endpoint"
        label: qsTr("Endpoint"); hint: qsTr("S3_ENDPOINT_URL (MinIO, R2 …) or AZURE_STORAGE_ENDPOINT (https://<account>.blob.core.windows.net)")
        placeholder: "https://s3.example.com"
    }
    NumberField {
        visible: !root.cloud
        session: root.session; pointer: "/storage/volume_size_gi"
        label: qsTr("Volume size (GiB)"); hint: qsTr("Size of the data volume")
        from: 1; to: 1000000
    }
}
