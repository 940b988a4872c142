// SPDX-License-Identifier: MIT
#include "cliconnect.h"

#include "qtext.h"

#include <QCommandLineParser>

#include <cstdio>
#include <iostream>
#include <string>

#include <termios.h>
#include <unistd.h>

namespace owui::cli {
namespace {

void ask(const QString &prompt)
{
    std::fputs(prompt.toUtf8().constData(), stderr);
    std::fflush(stderr);
}

/** @brief One line from the terminal, without echo; nullopt at end of input. */
std::optional<remote::Secret> readHiddenLine()
{
    termios saved{};
    const bool restore = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (restore) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool read = static_cast<bool>(std::getline(std::cin, line));
    if (restore)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputc('\n', stderr);
    remote::Secret secret(std::move(line));
    if (!read)
        return std::nullopt;
    return secret;
}

} // namespace

QList<QCommandLineOption> connectionOptions()
{
    return {
        {QStringLiteral("identity"), QStringLiteral("Private key file; default: the SSH agent, then ~/.ssh's keys."),
         QStringLiteral("KEY")},
        {QStringLiteral("known-hosts"), QStringLiteral("known_hosts file to check and record in; default: ~/.ssh/known_hosts."),
         QStringLiteral("FILE")},
        {QStringLiteral("accept-new-host-key"),
         QStringLiteral("Trust and record a host key known_hosts does not hold yet (a changed key is always refused).")},
        {QStringLiteral("jump"), QStringLiteral("Connect through this host first."), QStringLiteral("[user@]host[:port]")},
    };
}

bool interactive()
{
    return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1;
}

bool askYes(const QString &question)
{
    ask(question + QStringLiteral(" [y/N] "));
    std::string answer;
    if (!std::getline(std::cin, answer))
        return false;
    const auto word = QString::fromStdString(answer).trimmed().toLower();
    return word == QLatin1String("y") || word == QLatin1String("yes");
}

remote::Result<remote::ConnectOptions> connectOptionsFrom(const QCommandLineParser &parser, const remote::Endpoint &endpoint)
{
    remote::ConnectOptions options;
    options.endpoint = endpoint;
    if (parser.isSet(QStringLiteral("jump"))) {
        auto jump = remote::parseEndpoint(parser.value(QStringLiteral("jump")).toStdString());
        if (!jump)
            return tl::unexpected(jump.error());
        options.jump = *jump;
    }
    options.identity = parser.value(QStringLiteral("identity")).toStdString();
    options.knownHosts = parser.value(QStringLiteral("known-hosts")).toStdString();
    const bool acceptNew = parser.isSet(QStringLiteral("accept-new-host-key"));
    options.trustUnknownHostKey = [acceptNew](const remote::HostKey &key) {
        if (acceptNew) {
            ask(QStringLiteral("Recording the host key of %1 in known_hosts: %2 %3\n")
                    .arg(qtext(key.host), qtext(key.type), qtext(key.fingerprint)));
            return true;
        }
        if (!interactive())
            return false;
        ask(QStringLiteral("The authenticity of host %1 can't be established.\n%2 key fingerprint is %3.\n")
                .arg(qtext(key.host), qtext(key.type), qtext(key.fingerprint)));
        return askYes(QStringLiteral("Trust it and record it in known_hosts?"));
    };
    options.askCredential = [](const remote::CredentialRequest &request) -> std::optional<remote::Secret> {
        if (!interactive())
            return std::nullopt;
        ask((request.kind == remote::CredentialRequest::Kind::KeyPassphrase ? QStringLiteral("Passphrase for %1: ")
                                                                             : QStringLiteral("Password for %1: "))
                .arg(qtext(request.subject)));
        return readHiddenLine();
    };
    return options;
}

} // namespace owui::cli
