// SPDX-License-Identifier: MIT
#include "planundokeys.h"

#include <QCoreApplication>
#include <QKeyEvent>

void PlanUndoKeys::install()
{
    auto *app = QCoreApplication::instance();
    app->installEventFilter(new PlanUndoKeys(app));
}

bool PlanUndoKeys::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
            // Not overridden: the shortcut map hands the key to the window's Undo/Redo shortcut.
            event->ignore();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}
