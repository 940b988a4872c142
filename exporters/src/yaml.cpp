// SPDX-License-Identifier: MIT
#include "exporters/yaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace exporters {
namespace {

// Words YAML 1.1 (PyYAML, which docker-compose uses) reads as booleans or null.
constexpr std::array kSpecialWords{"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"};

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
            if (needsQuotes(key))
                out << YAML::DoubleQuoted;
            out << key << YAML::Value;
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
        else if (needsQuotes(text))
            out << YAML::DoubleQuoted << text;
        else
            out << text;
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
