// SPDX-License-Identifier: MIT
#pragma once
// Small text helpers the readers and the audit share.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace importers::detail {

/** @brief ASCII lowercase (image names, YAML booleans, enum spellings). */
inline std::string lowercase(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/** @brief The text without leading and trailing spaces, tabs and line ends. */
inline std::string trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

} // namespace importers::detail
