// SPDX-License-Identifier: MIT
// libFuzzer target: any bytes as a plan file's text. The loader must refuse or accept, never crash, hang or
// leak; what it accepts keeps the promises in common.h.
#include "common.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::controlRun();
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    auto plan = planner::planFromJson(text);
    if (!plan) {
        (void)plan.error().describe();
        return 0;
    }
    fuzz::checkAcceptedPlan(*plan);
    return 0;
}
