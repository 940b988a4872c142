// SPDX-License-Identifier: MIT
#include "exporters/persistentconfig.h"

#include <algorithm>
#include <array>

namespace exporters {
namespace {

// Paths read in Documents.svelte and General.svelte (the section and field labels of the admin pages);
// the Connections paths come from the docs. Docling's field is newer than the Documents page that was read.
constexpr std::array kSettings{
    PersistentSetting{"WEBUI_URL", "Admin Panel › Settings › General › WebUI URL", true},
    PersistentSetting{"ENABLE_OLLAMA_API", "Admin Panel › Settings › Connections › Ollama API (switch)", false},
    PersistentSetting{"OPENAI_API_BASE_URL", "Admin Panel › Settings › Connections › OpenAI API (connections)", false,
                      "seeds OPENAI_API_BASE_URLS, which is the PersistentConfig"},
    PersistentSetting{"CONTENT_EXTRACTION_ENGINE", "Admin Panel › Settings › Documents › General › Content Extraction Engine",
                      true},
    PersistentSetting{"TIKA_SERVER_URL",
                      "Admin Panel › Settings › Documents › General › Content Extraction Engine (Tika) › Tika Server URL",
                      true},
    PersistentSetting{"DOCLING_SERVER_URL",
                      "Admin Panel › Settings › Documents › General › Content Extraction Engine (Docling) › Docling Server URL",
                      false},
    PersistentSetting{"RAG_EMBEDDING_ENGINE", "Admin Panel › Settings › Documents › Embedding › Embedding Model Engine", true},
    PersistentSetting{"RAG_EMBEDDING_MODEL", "Admin Panel › Settings › Documents › Embedding › Embedding Model", true},
    PersistentSetting{"RAG_OPENAI_API_BASE_URL",
                      "Admin Panel › Settings › Documents › Embedding › Embedding Model Engine (OpenAI) › API Base URL", true},
    PersistentSetting{"RAG_OPENAI_API_KEY",
                      "Admin Panel › Settings › Documents › Embedding › Embedding Model Engine (OpenAI) › API Key", true},
    PersistentSetting{"RAG_OLLAMA_BASE_URL",
                      "Admin Panel › Settings › Documents › Embedding › Embedding Model Engine (Ollama) › API Base URL", true},
};

} // namespace

std::span<const PersistentSetting> persistentSettings()
{
    return kSettings;
}

const PersistentSetting *persistentSetting(std::string_view variable)
{
    const auto it = std::find_if(kSettings.begin(), kSettings.end(),
                                 [variable](const PersistentSetting &s) { return s.variable == variable; });
    return it == kSettings.end() ? nullptr : &*it;
}

} // namespace exporters
