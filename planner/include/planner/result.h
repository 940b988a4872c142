// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <tl/expected.hpp>

namespace planner {

/** @brief What kind of failure an Error reports; the CLI maps it to an exit code. */
enum class ErrorCode {
    InvalidInput, ///< bad JSON, wrong type, unknown key, value out of range (exit 2)
    Io,           ///< the file could not be read or written (exit 3)
};

/**
 * @brief A failure that names where it happened.
 *
 * `where` is a JSON pointer ("/database/pool_size"), a CLI flag ("--replicas"),
 * or empty when the whole input is at fault. `file` and `line` are filled in
 * when the error comes from a file.
 */
struct Error {
    ErrorCode code = ErrorCode::InvalidInput;
    std::string message;
    std::string where;
    std::string file;
    int line = 0;

    /** @brief One line for people: "plan.json: /replicas: must be at least 1". */
    [[nodiscard]] std::string describe() const;
};

template <typename T>
using Result = tl::expected<T, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::string where = {})
{
    return tl::unexpected<Error>(Error{code, std::move(message), std::move(where), {}, 0});
}

} // namespace planner
