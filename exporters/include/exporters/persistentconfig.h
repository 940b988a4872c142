// SPDX-License-Identifier: MIT
#pragma once

#include <span>
#include <string_view>

namespace exporters {

/**
 * @brief A variable Open WebUI declares with `PersistentConfig(...)` (backend/open_webui/config.py): the
 * environment seeds the database on the first start only; afterwards the database wins and the Admin UI
 * owns the value, unless `ENABLE_PERSISTENT_CONFIG=false` makes every start read the environment again.
 */
struct PersistentSetting {
    std::string_view variable;
    /** Where an administrator changes it on a running installation. */
    std::string_view adminPath;
    /**
     * True when the path was read in Open WebUI's own admin pages (Documents.svelte, General.svelte);
     * false when it comes from the docs only and the v0.11 page may name it differently.
     */
    bool pathReadInCode;
    /** Why the variable is here when it is not itself a PersistentConfig (empty otherwise). */
    std::string_view note = {};
};

/**
 * @brief Every variable the bundle can write that only seeds the database, checked one by one in
 * config.py. The bundle's other variables are read from the environment at every start (env.py or a
 * plain `os.environ.get` in config.py): CORS_ALLOW_ORIGIN, STORAGE_PROVIDER and the S3_/GCS_/AZURE_
 * variables, VECTOR_DB and its URLs, DATABASE_*, REDIS_*, WEBSOCKET_*, ENABLE_WEBSOCKET_SUPPORT,
 * THREAD_POOL_SIZE, the OTEL variables, ENABLE_ORJSON, ENABLE_COMPRESSION_MIDDLEWARE,
 * ENABLE_STAR_SESSIONS_MIDDLEWARE, ENABLE_DB_MIGRATIONS, UVICORN_WORKERS, WEBUI_SECRET_KEY.
 */
[[nodiscard]] std::span<const PersistentSetting> persistentSettings();

/** @brief The entry for a variable, or nullptr when the environment is read at every start. */
[[nodiscard]] const PersistentSetting *persistentSetting(std::string_view variable);

} // namespace exporters
