// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

/**
 * @brief Sends Undo and Redo to the plan wherever focus is.
 *
 * A focused text field or SpinBox claims Ctrl+Z for its own text history, so the window's Undo shortcut
 * never fires and the field reverts only its text while the plan keeps the value. Installed on the
 * application, this filter lets the window's shortcuts have those keys: one undo history, the plan's.
 * The fields re-read the plan after an undo, so pending text is dropped consistently.
 */
class PlanUndoKeys : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    /** @brief Installs one filter on the running application (the GUI and the QML test runner). */
    static void install();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};
