// SPDX-License-Identifier: MIT
#include "exporters/yaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ostream>

namespace exporters {
namespace {

// Words YAML 1.1 (PyYAML, which docker-compose uses) reads as booleans or null.
constexpr std::array kSpecialWords{"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"};
constexpr std::size_t kLongestSpecialWord = [] {
    std::size_t longest = 0;
    for (const char *word : kSpecialWords)
        longest = std::max(longest, std::char_traits<char>::length(word));
    return longest;
}();

bool isPlainIdentifier(const std::string &value)
{
    if (value.empty() || !(std::isalpha(static_cast<unsigned char>(value.front())) || value.front() == '_' ||
                           value.front() == '/'))
        return false;
    return std::all_of(value.begin(), value.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return std::isalnum(c) || ch == '_' || ch == '-' || ch == '.' || ch == '/';
    });
}

/** @brief A string needsQuotes() already found to be a plain identifier, streamed as it is. */
struct PlainScalar {
    const std::string &text;
};

std::ostream &operator<<(std::ostream &stream, const PlainScalar &scalar)
{
    return stream << scalar.text;
}

// yaml-cpp switches a key longer than this to the explicit "? key" form; such strings keep its own path.
constexpr std::size_t kLongestSimpleKey = 1024;

/**
 * @brief Writes a string scalar through yaml-cpp, quoted where needsQuotes() says so.
 *
 * yaml-cpp's Write(std::string) in Auto format runs its plain-scalar regex over every character, which was
 * most of an export's time. A plain identifier ([A-Za-z_/][A-Za-z0-9_./-]*, not a YAML 1.1 word) is always a
 * valid plain scalar, so it goes through the emitter's streamable path instead: the same indentation and
 * structure, the same bytes, without the regex. (WriteIntegralType only adds decimal-base flags to the stream,
 * which a string ignores; WriteStreamable would need std::isnan on the type.)
 */
void emitString(YAML::Emitter &out, const std::string &text)
{
    if (needsQuotes(text))
        out << YAML::DoubleQuoted << text;
    else if (text.size() <= kLongestSimpleKey)
        out.WriteIntegralType(PlainScalar{text});
    else
        out << text;
}

void emit(YAML::Emitter &out, const nlohmann::ordered_json &value)
{
    switch (value.type()) {
    case nlohmann::ordered_json::value_t::object:
        if (value.empty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            return;
        }
        out << YAML::BeginMap;
        for (const auto &[key, item] : value.items()) {
            out << YAML::Key;
            emitString(out, key);
            out << YAML::Value;
            emit(out, item);
        }
        out << YAML::EndMap;
        return;
    case nlohmann::ordered_json::value_t::array:
        if (value.empty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            return;
        }
        out << YAML::BeginSeq;
        for (const auto &item : value)
            emit(out, item);
        out << YAML::EndSeq;
        return;
    case nlohmann::ordered_json::value_t::string: {
        const auto &text = value.get_ref<const std::string &>();
        if (text.find('\n') != std::string::npos)
            out << YAML::Literal << text;
        else
            emitString(out, text);
        return;
    }
    case nlohmann::ordered_json::value_t::boolean:
        out << value.get<bool>();
        return;
    case nlohmann::ordered_json::value_t::number_integer:
        out << value.get<long long>();
        return;
    case nlohmann::ordered_json::value_t::number_unsigned:
        out << value.get<unsigned long long>();
        return;
    case nlohmann::ordered_json::value_t::number_float:
        out << value.get<double>();
        return;
    case nlohmann::ordered_json::value_t::null:
    case nlohmann::ordered_json::value_t::discarded:
    case nlohmann::ordered_json::value_t::binary:
        out << YAML::Null;
        return;
    }
}

} // namespace

bool needsQuotes(const std::string &value)
{
    if (!isPlainIdentifier(value))
        return true;
    if (value.size() > kLongestSpecialWord)
        return false;
    std::string lower(value);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return std::find(kSpecialWords.begin(), kSpecialWords.end(), lower) != kSpecialWords.end();
}

std::string toYaml(const nlohmann::ordered_json &document)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    emit(out, document);
    return std::string(out.c_str()) + "\n";
}

} // namespace exporters
