// SPDX-License-Identifier: MIT
// A whole-number setting: a SpinBox (and optionally a Slider) bound to one plan-file pointer.
// Edits go to session.set(); a refused value keeps what was typed and shows the core's message.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OwuiPlanner.Backend
import "Theme.js" as Theme

ColumnLayout {
    id: root

    required property PlanSession session
    required property string pointer
    property string label
    property string hint
    property int from: 0
    property int to: 100
    property int stepSize: 1
    /** The setting may be unset (JSON null): a check box chooses "set" or the default. */
    property bool nullable: false
    property string nullText: qsTr("unset: Open WebUI's default")
    property bool slider: false
    /** Digits only, no thousands separator: ports and identifiers ("26379", not "26,379"). */
    property bool plainDigits: false
    property int sliderFrom: root.from
    property int sliderTo: root.to
    readonly property var current: (root.session.revision, root.session.valueAt(root.pointer))
    readonly property bool isSet: root.current !== null && root.current !== undefined
    /**
     * Whether the value (box and slider) is shown. Decided from the plan, not from `spin.visible`: that is
     * false while the page is hidden, and a slider made visible late was drawn at x = 0, over the label.
     */
    readonly property bool showsValue: !root.nullable || root.isSet
    readonly property string errorText: root.session.fieldErrors[root.pointer] ?? ""
    readonly property alias spinBox: spin
    readonly property alias sliderControl: slide
    readonly property alias setCheckBox: setBox

    spacing: 2
    Layout.fillWidth: true

    RowLayout {
        spacing: 8
        Layout.fillWidth: true

        FieldLabel { text: root.label }
        CheckBox {
            id: setBox
            visible: root.nullable
            checked: root.isSet
            text: checked ? qsTr("Set") : root.nullText
            Accessible.name: qsTr("Set %1 explicitly").arg(root.label)
            onToggled: root.session.set(root.pointer, checked ? spin.value : null, root.label)
            FocusFrame { control: setBox }
            BesideToolTip {
                target: setBox
                text: qsTr("Unchecked leaves %1 unset, so Open WebUI uses its default").arg(root.label)
            }
        }
        SpinBox {
            id: spin
            visible: root.showsValue
            editable: true
            from: root.from
            to: root.to
            stepSize: root.stepSize
            value: root.isSet ? root.current : root.from
            textFromValue: (value, locale) => root.plainDigits ? String(value) : Number(value).toLocaleString(locale, "f", 0)
            valueFromText: (text, locale) => root.plainDigits ? parseInt(text, 10) : Number.fromLocaleString(locale, text)
            Accessible.name: root.label
            onValueModified: root.session.set(root.pointer, value, root.label)
            // Beside the box, and never while typing in it, so it covers neither the number nor the label.
            BesideToolTip {
                target: spin
                shown: spin.hovered && !spin.activeFocus
                text: root.hint.length > 0 ? root.hint : root.label
            }
        }
        Slider {
            id: slide
            visible: root.slider && root.showsValue
            from: root.sliderFrom
            to: root.sliderTo
            stepSize: root.stepSize
            snapMode: Slider.SnapAlways
            value: root.isSet ? root.current : root.sliderFrom
            // A slider needs room to be dragged; below that, it is left out (the box still edits the value).
            Layout.fillWidth: true
            Layout.minimumWidth: 120
            Layout.maximumWidth: 360
            Accessible.name: qsTr("%1 slider").arg(root.label)
            onMoved: root.session.set(root.pointer, Math.round(value), root.label)
            FocusFrame { control: slide }
            BesideToolTip {
                target: slide
                below: true
                shown: slide.hovered || slide.pressed
                delay: slide.pressed ? 0 : Theme.toolTipDelay
                text: qsTr("%1: %2").arg(root.label).arg(Math.round(slide.value))
            }
        }
        Item { Layout.fillWidth: true; visible: !(root.slider && root.showsValue) }
    }
    FieldError {
        message: root.errorText
        Layout.leftMargin: 288
    }
}
