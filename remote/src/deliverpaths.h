// SPDX-License-Identifier: MIT
#pragma once
// The names delivery gives the target's siblings, shared by the dry run (deliver.cpp) and the upload (upload.cpp).

#include <string>
#include <string_view>

namespace remote::detail {

/** @brief A target folder split for its siblings: "srv/owui" → parent "srv", name "owui", prefix "srv/". */
struct DeliveryPaths {
    std::string parent; ///< "." for a name relative to the login directory
    std::string name;
    std::string prefix; ///< what joins the parent to a sibling's name ("" for ".")
};

[[nodiscard]] DeliveryPaths deliveryPaths(const std::string &directory);

/** @brief ".owui.owui-upload-": the start of every sibling of one purpose ("upload", "old"). */
[[nodiscard]] std::string siblingPrefix(const DeliveryPaths &paths, std::string_view purpose);

/** @brief The sibling's path: prefix, siblingPrefix and the suffix ("srv/.owui.owui-upload-3f9a..."). */
[[nodiscard]] std::string siblingPath(const DeliveryPaths &paths, std::string_view purpose, std::string_view suffix);

} // namespace remote::detail
