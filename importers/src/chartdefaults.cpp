// SPDX-License-Identifier: MIT
#include "chartdefaults.h"

#include <array>
#include <cctype>
#include <utility>

namespace importers::detail {

std::string Version::text() const
{
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<Version> parseVersion(std::string_view text)
{
    if (!text.empty() && (text.front() == 'v' || text.front() == 'V'))
        text.remove_prefix(1);
    std::array<int, 3> parts{0, 0, 0};
    std::size_t at = 0;
    for (std::size_t part = 0; part < parts.size(); ++part) {
        if (at >= text.size() || !std::isdigit(static_cast<unsigned char>(text[at]))) {
            if (part == 0)
                return std::nullopt;
            break; // "6.x", "10", "8.2": the missing parts are the lowest
        }
        long long value = 0;
        while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
            value = value * 10 + (text[at] - '0');
            if (value > 1'000'000)
                return std::nullopt;
            ++at;
        }
        parts[part] = static_cast<int>(value);
        if (at < text.size() && text[at] == '.')
            ++at;
        else
            break;
    }
    return Version{parts[0], parts[1], parts[2]};
}

std::optional<Version> lowestAllowedVersion(std::string_view constraint)
{
    // Alternatives ("||"): the lowest of their lowest versions. Within one, the first bound that is not an
    // upper bound or an exclusion gives the lowest version (">=8.0.0 <9", "~10.2.0", "8.0.0 - 9.0.0").
    std::optional<Version> lowest;
    std::size_t start = 0;
    while (start <= constraint.size()) {
        const std::size_t bar = constraint.find("||", start);
        const std::string_view alternative = constraint.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
        std::size_t at = 0;
        while (at < alternative.size()) {
            while (at < alternative.size() && (alternative[at] == ' ' || alternative[at] == ','))
                ++at;
            const std::size_t end = std::min(alternative.find_first_of(" ,", at), alternative.size());
            std::string_view token = alternative.substr(at, end - at);
            at = end;
            if (token.empty())
                continue;
            if (token.starts_with("<") || token.starts_with("!="))
                continue;
            if (token.starts_with(">") && !token.starts_with(">=")) {
                // ">8.0.0" allows 8.0.1 at the lowest; Helm charts are never 8.0.0.1, so next patch.
                if (auto version = parseVersion(token.substr(1))) {
                    ++version->patch;
                    if (!lowest || *version < *lowest)
                        lowest = version;
                    break;
                }
                continue;
            }
            while (!token.empty() && (token.front() == '>' || token.front() == '=' || token.front() == '~' || token.front() == '^'))
                token.remove_prefix(1);
            if (auto version = parseVersion(token)) {
                if (!lowest || *version < *lowest)
                    lowest = version;
                break;
            }
        }
        if (bar == std::string_view::npos)
            break;
        start = bar + 2;
    }
    return lowest;
}

// Source: open-webui/helm-charts, charts/open-webui at the release tags open-webui-8.0.0 … open-webui-16.0.0
// (values.yaml, templates/workload-manager.yaml, templates/_helpers.tpl, Chart.yaml), read from git at
// a6305e70. Each row is the first chart version in which the fact holds.
namespace {
constexpr Version kWorkloadKindKey{8, 20, 0};       // `workload.kind` added
constexpr Version kWebsocketOnByDefault{9, 0, 0};    // websocket.enabled: false → true ("enable websockets by default")
constexpr Version kRedisUrlRendered{10, 2, 1};       // REDIS_URL rendered from websocket.url (PR #334)
constexpr Version kAutoBuiltRedisUrl{12, 0, 0};      // websocket.url "" → redis://<fullname>-redis.<ns>.svc…; Redis named <fullname>-redis
constexpr Version kWebsocketExistingSecret{13, 2, 0}; // websocket.existingSecret / existingSecretKey
constexpr Version kExplicitWebsocketFalse{13, 3, 1}; // ENABLE_WEBSOCKET_SUPPORT="False" rendered when disabled
constexpr Version kInMemoryManager{14, 9, 0};        // websocket.manager "" → no WEBSOCKET_MANAGER (PR #405)

// Chart.yaml appVersion per release (the image tag when image.tag is empty).
constexpr std::pair<std::string_view, std::string_view> kAppVersions[] = {
    {"8.0.0", "0.6.26"}, {"8.1.0", "0.6.26"}, {"8.2.0", "0.6.26"}, {"8.3.0", "0.6.27"}, {"8.4.0", "0.6.28"},
    {"8.5.0", "0.6.29"}, {"8.6.0", "0.6.30"}, {"8.7.0", "0.6.31"}, {"8.8.0", "0.6.32"}, {"8.9.0", "0.6.32"},
    {"8.10.0", "0.6.33"}, {"8.11.0", "0.6.33"}, {"8.12.0", "0.6.34"}, {"8.12.1", "0.6.34"}, {"8.12.2", "0.6.34"},
    {"8.12.3", "0.6.34"}, {"8.13.0", "0.6.35"}, {"8.14.0", "0.6.36"}, {"8.15.0", "0.6.37"}, {"8.16.0", "0.6.38"},
    {"8.17.0", "0.6.39"}, {"8.18.0", "0.6.40"}, {"8.19.0", "0.6.41"}, {"8.20.0", "0.6.41"}, {"8.21.0", "0.6.42"},
    {"8.22.0", "0.6.43"}, {"8.22.1", "0.6.43"}, {"9.0.0", "0.6.43"}, {"10.0.0", "0.7.0"}, {"10.1.0", "0.7.1"},
    {"10.2.0", "0.7.2"}, {"10.2.1", "0.7.2"}, {"11.0.0", "0.8.0"}, {"11.1.0", "0.8.0"}, {"12.0.0", "0.8.0"},
    {"12.0.1", "0.8.0"}, {"12.1.0", "0.8.1"}, {"12.1.1", "0.8.1"}, {"12.2.0", "0.8.2"}, {"12.3.0", "0.8.3"},
    {"12.4.0", "0.8.4"}, {"12.5.0", "0.8.5"}, {"12.6.0", "0.8.6"}, {"12.7.0", "0.8.7"}, {"12.8.0", "0.8.8"},
    {"12.8.1", "0.8.8"}, {"12.9.0", "0.8.9"}, {"12.10.0", "0.8.10"}, {"12.11.0", "0.8.11"}, {"12.12.0", "0.8.11"},
    {"12.13.0", "0.8.12"}, {"13.0.0", "0.8.12"}, {"13.0.1", "0.8.12"}, {"13.1.0", "0.8.12"}, {"13.1.1", "0.8.12"},
    {"13.1.2", "0.8.12"}, {"13.2.0", "0.8.12"}, {"13.2.1", "0.8.12"}, {"13.3.0", "0.8.12"}, {"13.3.1", "0.8.12"},
    {"14.0.0", "0.9.0"}, {"14.1.0", "0.9.1"}, {"14.2.0", "0.9.2"}, {"14.3.0", "0.9.3"}, {"14.4.0", "0.9.4"},
    {"14.5.0", "0.9.5"}, {"14.6.0", "0.9.5"}, {"14.7.0", "0.9.5"}, {"14.8.0", "0.9.6"}, {"14.9.0", "0.9.6"},
    {"14.10.0", "0.9.6"}, {"14.11.0", "0.9.6"}, {"15.0.0", "0.10.0"}, {"15.1.0", "0.10.1"}, {"15.2.0", "0.10.2"},
    {"15.2.1", "0.11.0"}, {"16.0.0", "0.11.0"},
};
} // namespace

ChartFacts chartFacts(const Version &chartVersion)
{
    ChartFacts facts;
    facts.hasWorkloadKind = chartVersion >= kWorkloadKindKey;
    facts.websocketEnabledByDefault = chartVersion >= kWebsocketOnByDefault;
    facts.rendersRedisUrl = chartVersion >= kRedisUrlRendered;
    facts.redisNamedByFullname = chartVersion >= kAutoBuiltRedisUrl;
    facts.websocketUrlDefault = facts.redisNamedByFullname ? "" : "redis://open-webui-redis:6379/0";
    facts.hasWebsocketExistingSecret = chartVersion >= kWebsocketExistingSecret;
    facts.rendersWebsocketFalse = chartVersion >= kExplicitWebsocketFalse;
    facts.emptyManagerIsInMemory = chartVersion >= kInMemoryManager;
    return facts;
}

std::optional<std::string> chartAppVersion(const Version &chartVersion)
{
    for (const auto &[chart, app] : kAppVersions) {
        if (parseVersion(chart) == chartVersion)
            return std::string(app);
    }
    return std::nullopt;
}

} // namespace importers::detail
