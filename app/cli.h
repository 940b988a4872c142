// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace owui::cli {

/** @brief The CLI's exit codes, as documented in `--help` and the README. */
enum ExitCode {
    ExitOk = 0,       ///< all well
    ExitFindings = 1, ///< an error-level finding, or a budget that does not fit
    ExitUsage = 2,    ///< bad usage or invalid input
    ExitIo = 3,       ///< a file could not be read or written
};

/** @brief True when the arguments ask for the CLI (a subcommand, --help, --version), not the window. */
[[nodiscard]] bool wantsCli(const QStringList &arguments);

/** @brief Runs one CLI command; `arguments` starts with the program name. Needs a QCoreApplication. */
[[nodiscard]] int run(const QStringList &arguments);

} // namespace owui::cli
