// SPDX-License-Identifier: MIT
#pragma once
// What `probe` and `deliver` share: the connection options and the questions asked on a terminal.

#include "remote/session.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>

class QCommandLineParser;

namespace owui::cli {

/** @brief --identity, --known-hosts, --accept-new-host-key and --jump, worded once. */
[[nodiscard]] QList<QCommandLineOption> connectionOptions();

/**
 * @brief ConnectOptions for `endpoint` from those flags. An unknown host key is trusted with
 * --accept-new-host-key or a "yes" on the terminal, otherwise refused (the failure names its fingerprint);
 * a passphrase or password is read from the terminal without echo, never from anywhere else.
 * Fails (Usage) for a bad --jump.
 */
[[nodiscard]] remote::Result<remote::ConnectOptions> connectOptionsFrom(const QCommandLineParser &parser,
                                                                       const remote::Endpoint &endpoint);

/** @brief Both stdin and stderr are a terminal: a person can be asked. */
[[nodiscard]] bool interactive();

/** @brief A yes/no question on the terminal; anything but y or yes is no. */
[[nodiscard]] bool askYes(const QString &question);

} // namespace owui::cli
