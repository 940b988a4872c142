// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <string_view>

namespace owui {

/** @brief The core's UTF-8 text as a QString. */
[[nodiscard]] inline QString qtext(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace owui
