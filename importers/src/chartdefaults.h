// SPDX-License-Identifier: MIT
#pragma once
// What the official open-webui chart renders by default, per chart version.

#include <optional>
#include <string>
#include <string_view>

namespace importers::detail {

/** @brief The chart version assumed when no Chart.yaml dependency or HelmRelease names one (the reference). */
inline constexpr std::string_view kAssumedChartVersion = "16.0.0";
/** @brief The oldest chart version whose defaults the table below knows. */
inline constexpr std::string_view kOldestKnownChartVersion = "8.0.0";

struct Version {
    int major = 0;
    int minor = 0;
    int patch = 0;
    auto operator<=>(const Version &) const = default;
    [[nodiscard]] std::string text() const;
};

/** @brief "16.0.0", "v8.2", "10" (missing parts are 0); nullopt when it does not start with a number. */
[[nodiscard]] std::optional<Version> parseVersion(std::string_view text);
/**
 * @brief The lowest version a Helm/semver constraint allows: ">=8.0.0" → 8.0.0, "~10.2.0" → 10.2.0,
 * "^9" → 9.0.0, "6.x" → 6.0.0, "8.0.0 - 9.0.0" → 8.0.0; nullopt for "*", "" or no version at all.
 * A "<" or "!=" part alone does not set the lowest version.
 */
[[nodiscard]] std::optional<Version> lowestAllowedVersion(std::string_view constraint);

/** @brief The defaults and rendering that changed across chart versions (see chartdefaults.cpp for sources). */
struct ChartFacts {
    bool websocketEnabledByDefault = true;  ///< `websocket.enabled`: false up to 8.22.1, true from 9.0.0
    std::string websocketUrlDefault;        ///< "redis://open-webui-redis:6379/0" before 12.0.0, "" (auto-built) after
    bool rendersRedisUrl = true;            ///< REDIS_URL beside WEBSOCKET_REDIS_URL from 10.2.1
    bool hasWebsocketExistingSecret = true; ///< `websocket.existingSecret` from 13.2.0
    bool rendersWebsocketFalse = true;      ///< ENABLE_WEBSOCKET_SUPPORT="False" when disabled, from 13.3.1
    bool emptyManagerIsInMemory = true;     ///< `websocket.manager: ""` renders no WEBSOCKET_MANAGER from 14.9.0
    bool hasWorkloadKind = true;            ///< `workload.kind` from 8.20.0
    bool redisNamedByFullname = true;       ///< bundled Redis `<fullname>-redis` from 12.0.0 (`websocket.redis.name` before)
};

[[nodiscard]] ChartFacts chartFacts(const Version &chartVersion);
/** @brief The chart's appVersion (the image tag when `image.tag` is empty), when the table knows the version. */
[[nodiscard]] std::optional<std::string> chartAppVersion(const Version &chartVersion);

} // namespace importers::detail
