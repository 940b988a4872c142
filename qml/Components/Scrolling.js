// SPDX-License-Identifier: MIT
// Keeps the control that has keyboard focus in view: Tab to a field below the fold scrolls the page to it.
.pragma library

/** Scrolls the nearest scrolling page that holds `item` so that the item is in view (with a margin). */
function ensureVisible(item) {
    if (!item)
        return
    for (let node = item.parent; node; node = node.parent) {
        const scrolls = node.contentY !== undefined && node.contentHeight !== undefined && node.flickableDirection !== undefined
        if (!scrolls)
            continue
        // Lists (the step list, a drop-down's popup) position their own current item.
        if (node.currentIndex !== undefined)
            return
        const margin = 16
        const top = item.mapToItem(node.contentItem, 0, 0).y
        const bottom = top + item.height
        const lowest = Math.max(0, node.contentHeight - node.height)
        if (top - margin < node.contentY)
            node.contentY = Math.max(0, top - margin)
        else if (bottom + margin > node.contentY + node.height)
            node.contentY = Math.min(lowest, bottom + margin - node.height)
        return
    }
}
