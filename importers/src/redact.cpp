// SPDX-License-Identifier: MIT
#include "importers/audit.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace importers {

namespace {

constexpr std::string_view kHidden = "••••••";

std::string upper(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

bool namesACredential(std::string_view name)
{
    // `key:` in a secretKeyRef names an entry of a Secret, and `existingSecret*` names a Secret: neither is a value.
    if (name == "key" || name.starts_with("existingSecret"))
        return false;
    const std::string key = upper(name);
    if (key.ends_with("_FILE") || key.starts_with("ENABLE_") || key.ends_with("_PROVIDER"))
        return false;
    constexpr std::array kWords{std::string_view("KEY"), std::string_view("SECRET"), std::string_view("PASSWORD"),
                                std::string_view("PASSWD"), std::string_view("TOKEN"), std::string_view("CREDENTIALS")};
    return std::any_of(kWords.begin(), kWords.end(), [&key](std::string_view word) { return key.find(word) != std::string::npos; });
}

/** @brief Hide the password of every `scheme://user:password@` in the text. */
std::string withoutUrlPasswords(std::string text)
{
    std::size_t from = 0;
    while ((from = text.find("://", from)) != std::string::npos) {
        const std::size_t authority = from + 3;
        const std::size_t end = text.find_first_of("/ \t\"'", authority);
        const std::size_t at = text.rfind('@', end == std::string::npos ? text.size() : end);
        if (at != std::string::npos && at > authority) {
            const std::size_t colon = text.find(':', authority);
            if (colon != std::string::npos && colon < at) {
                text.replace(colon + 1, at - colon - 1, kHidden);
                from = colon + 1 + kHidden.size();
                continue;
            }
        }
        from = authority;
    }
    return text;
}

} // namespace

std::string redactedLine(std::string_view line)
{
    std::string text(line);
    // The name starts after indentation and an optional list dash; it ends at ':' or '=' (YAML map or env entry).
    std::size_t start = text.find_first_not_of(" \t");
    if (start != std::string::npos && text.compare(start, 2, "- ") == 0)
        start = text.find_first_not_of(" \t", start + 2);
    if (start != std::string::npos) {
        if (text[start] == '"' || text[start] == '\'')
            ++start;
        const std::size_t separator = text.find_first_of(":=", start);
        if (separator != std::string::npos) {
            std::string name = text.substr(start, separator - start);
            while (!name.empty() && (name.back() == '"' || name.back() == '\'' || name.back() == ' '))
                name.pop_back();
            const std::size_t value = text.find_first_not_of(" \t", separator + 1);
            const bool plainName = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
                return std::isalnum(c) || c == '_' || c == '-' || c == '.';
            });
            if (plainName && namesACredential(name) && value != std::string::npos && text[value] != '#' &&
                text.compare(value, 2, "${") != 0 && text[value] != '{' && text[value] != '|' && text[value] != '>')
                return text.substr(0, value) + std::string(kHidden);
        }
    }
    return withoutUrlPasswords(std::move(text));
}

} // namespace importers
