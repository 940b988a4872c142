// SPDX-License-Identifier: MIT
#pragma once

#include "planner/result.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace planner {

/**
 * @brief Read a whole regular file of at most `maxBytes`, for input the planner does not trust.
 *
 * A folder, pipe, FIFO, socket or device is refused without blocking (the open does not wait for a FIFO's
 * writer), and at most `maxBytes` are read whatever the file claims, so a file growing while it is read is
 * refused too. Errors name the file ("(empty path)" for an empty one); `whatItShouldBe` ("plan file") ends
 * the refusals ("is a folder, not a plan file").
 */
[[nodiscard]] Result<std::string> readBoundedRegularFile(const std::filesystem::path &path, std::size_t maxBytes,
                                                         std::string_view whatItShouldBe);

} // namespace planner
