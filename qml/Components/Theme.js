// SPDX-License-Identifier: MIT
// Display helpers only: colours for the core's words, and reading a value by its JSON pointer.
.pragma library

/** The value at a plan-file JSON pointer ("/database/pool_size") in the plan map; undefined when absent. */
function at(plan, pointer) {
    let node = plan
    const parts = pointer.split("/").slice(1)
    for (let i = 0; i < parts.length; ++i) {
        if (node === null || node === undefined)
            return undefined
        node = node[parts[i]]
    }
    return node
}

/** Text for a rich-text label: a plan's strings (a name, "< 50 users") are shown as written, never as markup. */
function escaped(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
}

function severityColor(severity) {
    if (severity === "error") return "#d32f2f"
    if (severity === "warning") return "#ef6c00"
    return "#1e88e5"
}

/** Matrix cells: the core's need words to a fill colour (alpha keeps them readable in light and dark). */
function needColor(need) {
    switch (need) {
    case "required": return "#c62828"
    case "strongly-recommended": return "#ef6c00"
    case "recommended": return "#f9a825"
    case "optional": return "#1e88e5"
    default: return "#9e9e9e"
    }
}

function needLabel(need) {
    switch (need) {
    case "required": return qsTr("Required")
    case "strongly-recommended": return qsTr("Strongly rec.")
    case "recommended": return qsTr("Recommended")
    case "optional": return qsTr("Optional")
    case "not-needed": return "✗"
    default: return need
    }
}

/** A validator's verdict: green only for a file a tool checked and accepted; "unavailable" (not checked) is grey. */
function verdictColor(verdict) {
    switch (verdict) {
    case "accepted":
    case "checked": return "#2e7d32"
    case "rejected": return "#c62828"
    default: return "#616161"
    }
}

/** The same verdict as a symbol, so it does not rest on colour alone. */
function verdictSymbol(verdict) {
    switch (verdict) {
    case "accepted":
    case "checked": return "✓"
    case "rejected": return "✗"
    case "checking": return "…"
    case "cancelled": return "–"
    default: return "?"
    }
}

/** Whether a window colour is dark (the dark theme, or a dark desktop): pick the light variant of a colour. */
function isDark(windowColor) {
    return 0.2126 * windowColor.r + 0.7152 * windowColor.g + 0.0722 * windowColor.b < 0.5
}

/**
 * Text that must stand out (a rule caught, a budget over its limit), at least 4.5:1 against the window in
 * both themes: 5.7:1 on the light #efefef, 6.0:1 on the dark #2b2d30.
 */
function alertText(dark) {
    return dark ? "#ff8a80" : "#b71c1c"
}

/** The border of a box where a symptom shows (the alert colour, drawn thick). */
function highlightBorder(dark) {
    return alertText(dark)
}

/** How long the pointer rests on a control before its tooltip shows (ms); one value for every tooltip. */
const toolTipDelay = 600

/**
 * The charts' palette, defined once: each series keeps one colour meaning in both themes (blue the
 * steady/main pool, purple the sync engine, amber pgvector, orange the worst case, red the limit, green
 * this plan), in a lighter shade on the dark background so it keeps its contrast.
 */
function seriesColor(role, dark) {
    const palette = {
        "main":      ["#1565c0", "#64b5f6"],
        "sync":      ["#7b1fa2", "#ce93d8"],
        "pgvector":  ["#b7791f", "#ffd54f"],
        "steady":    ["#1565c0", "#64b5f6"],
        "worst":     ["#e65100", "#ffb74d"],
        "available": ["#c62828", "#ef5350"],
        "current":   ["#2e7d32", "#81c784"]
    }
    const pair = palette[role] ?? ["#616161", "#bdbdbd"]
    return pair[dark ? 1 : 0]
}

/** A gauge's fill: green while there is room, orange from 80 %, red when full. */
function gaugeColor(fraction, dark) {
    if (fraction >= 1) return dark ? "#ef5350" : "#c62828"
    if (fraction >= 0.8) return dark ? "#ffb74d" : "#e65100"
    return dark ? "#81c784" : "#2e7d32"
}

/** "1 worker", "3 workers": a count with the noun in the form it takes (never "1 workers"). */
function plural(count, singular, pluralForm) {
    return count === 1 ? "1 " + singular : count + " " + pluralForm
}
