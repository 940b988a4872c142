// SPDX-License-Identifier: MIT
// libFuzzer target: any bytes as a compose.yaml. The importers must refuse or accept, never crash, hang or leak;
// what they accept keeps the promises in importcommon.h.
#include "importcommon.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::controlRun();
    fuzz::readAndAudit({{"compose.yaml", std::string(reinterpret_cast<const char *>(data), size)}});
    return 0;
}
