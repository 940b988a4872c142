// SPDX-License-Identifier: MIT
#include "remote/shell.h"

namespace remote {

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
