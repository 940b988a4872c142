// SPDX-License-Identifier: MIT
// libFuzzer target: any bytes as Helm values and Kubernetes manifests read together. A line `#---8<---` splits
// the input into values.yaml (before) and manifests.yaml (after), so values plus manifests are fuzzed as one
// deployment; without it the whole input is values.yaml. The promises are those in importcommon.h.
#include "importcommon.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    fuzz::controlRun();
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    constexpr std::string_view separator = "\n#---8<---\n";
    fuzz::NamedTexts texts;
    if (const auto at = input.find(separator); at != std::string_view::npos) {
        texts.emplace_back("values.yaml", std::string(input.substr(0, at + 1)));
        texts.emplace_back("manifests.yaml", std::string(input.substr(at + separator.size())));
    } else {
        texts.emplace_back("values.yaml", std::string(input));
    }
    fuzz::readAndAudit(texts);
    return 0;
}
