// SPDX-License-Identifier: MIT
// Which rules' findings each page lists. The step list counts them without creating the page, so the
// grouping lives here, once, for both.
.pragma library

const byPage = {
    defaults: ["scenario-requirements", "image-tag-pinned", "shared-secret-key", "secret-key-reference",
               "secret-key-persistence", "upgrade-procedure", "thread-pool-size", "user-active-status-interval",
               "pip-install-frontmatter", "external-content-extraction", "external-embeddings", "embedding-model",
               "persistent-config"],
    postgresql: ["external-database", "postgres-recommended", "sqlite-network-storage", "no-connections-available",
                 "null-pool", "connection-budget", "connection-budget-peak", "pool-per-process", "pool-settings",
                 "session-sharing"],
    redis: ["redis-websockets", "redis-config-sync", "redis-token-revocation", "redis-sentinel-hosts",
            "redis-sentinel-connect-timeout", "redis-server-timeout", "redis-maxclients", "redis-client-budget",
            "redis-eviction-policy", "redis-key-prefix", "redis-cluster", "star-sessions-redis-mode"],
    instances: ["one-worker-per-container", "single-migrator", "load-balancer", "load-balancer-websocket",
                "sticky-sessions", "cors-origins", "autoscaling-orchestrator", "connection-budget-peak",
                "upgrade-procedure", "orjson", "compression-middleware"],
    vectordb: ["external-vector-db", "pgvector-pool", "pgvector-null-pool", "external-embeddings", "embedding-model",
               "embedding-base-url"],
    storage: ["shared-storage", "storage-settings", "storage-endpoint", "sqlite-network-storage"],
    observability: ["otel-signals", "otel-protocol-port"],
    review: [], // every finding
    budget: ["no-connections-available", "null-pool", "pgvector-null-pool", "connection-budget",
             "connection-budget-peak", "pool-per-process", "pool-settings", "pgvector-pool",
             "upgrade-procedure", "redis-client-budget", "redis-maxclients"]
}

/** The rule ids page `key` lists (empty: every finding), or null when the page lists no findings. */
function of(key) {
    return byPage.hasOwnProperty(key) ? byPage[key] : null
}

/** How many findings of `rules` (null: none, empty: all) there are, from FindingsModel.ruleCounts. */
function countIn(counts, rules) {
    if (!rules)
        return 0
    let n = 0
    if (rules.length === 0) {
        for (const rule in counts)
            n += counts[rule]
        return n
    }
    for (const rule of rules)
        n += counts[rule] || 0
    return n
}
