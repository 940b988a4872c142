// SPDX-License-Identifier: MIT
#include "remote/shell.h"

namespace remote {

std::string shellQuote(std::string_view argument)
{
    std::string quoted;
    quoted.reserve(argument.size() + 2);
    quoted += '\'';
    for (const char c : argument) {
        if (c == '\'')
            quoted += "'\\''"; // close, an escaped quote, reopen
        else
            quoted += c;
    }
    quoted += '\'';
    return quoted;
}

std::string commandLine(const std::vector<std::string> &argv)
{
    std::string line;
    for (const auto &argument : argv) {
        if (!line.empty())
            line += ' ';
        line += shellQuote(argument);
    }
    return line;
}

} // namespace remote
