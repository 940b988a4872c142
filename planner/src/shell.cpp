// SPDX-License-Identifier: MIT
#include "planner/shell.h"

#include <algorithm>
#include <cctype>

namespace planner {

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

std::string shellWord(std::string_view word)
{
    const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
        return std::isalnum(c) || std::string_view("_-./:=@%+,").find(char(c)) != std::string_view::npos;
    });
    return plain ? std::string(word) : shellQuote(word);
}

} // namespace planner
