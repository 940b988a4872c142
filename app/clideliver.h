// SPDX-License-Identifier: MIT
#pragma once
// `owui-planner deliver`: kept apart from cli.cpp so the remote subcommands merge without touching each other.

class QCommandLineParser;

namespace owui::cli {

void declareDeliver(QCommandLineParser &parser);

/**
 * @brief Uploads a bundle folder to `[user@]host[:port]:DIR` over SFTP, optionally runs its deploy script.
 * Exit 0 delivered (and run); 1 the deploy script ran and failed; 2 bad usage or --run not confirmed;
 * 3 a remote or local failure, printed with its kind.
 */
[[nodiscard]] int runDeliver(QCommandLineParser &parser);

} // namespace owui::cli
