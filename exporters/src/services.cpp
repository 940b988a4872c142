// SPDX-License-Identifier: MIT
// Pieces that Compose, Swarm and Helm share, so each is decided once.
#include "internal.h"

#include <algorithm>
#include <cctype>

namespace exporters {

std::string imageOf(const DeploymentModel &model)
{
    return std::string(kImageRepository) + ":" + model.imageTag;
}

std::vector<std::string> redisServerArguments(const planner::Plan &plan)
{
    const auto &r = plan.redis;
    return {"redis-server",
            "--timeout", std::to_string(r.timeoutSeconds),
            "--maxclients", std::to_string(r.maxClients),
            "--maxmemory-policy", r.maxmemoryPolicy,
            // Token revocations and locks survive a restart (the docs' persistence settings).
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "30 1"};
}

std::vector<std::string> migrationCommand()
{
    // Open WebUI has no migrate-only switch; this is the manual procedure of its docs: Alembic, once.
    return {"bash", "-c", "cd /app/backend/open_webui && alembic upgrade head"};
}

std::vector<std::string> imageStartCommand()
{
    return {"bash", "start.sh"};
}

std::vector<std::string> primaryOnlyStartCommand(std::string_view shellTest)
{
    // Alembic runs at import (config.py), before the server listens: once this instance is healthy, the schema is current.
    return {"bash", "-c",
            "cd /app/backend; if " + std::string(shellTest) + "; then export ENABLE_DB_MIGRATIONS=true; fi; exec bash start.sh"};
}

std::string oneLine(std::string text)
{
    std::replace_if(text.begin(), text.end(), [](unsigned char c) { return std::iscntrl(c); }, ' ');
    return text;
}

std::string percentEncoded(std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : text) {
        const auto byte = static_cast<unsigned char>(ch);
        if (std::isalnum(byte) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
            out += ch;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        }
    }
    return out;
}

std::string postgresUrl(const std::string &user, const std::string &password, const std::string &host, int port,
                        const std::string &database)
{
    return "postgresql://" + percentEncoded(user) + ":" + percentEncoded(password) + "@" + host + ":" + std::to_string(port) +
           "/" + percentEncoded(database);
}

std::optional<std::string> envFileLine(const std::string &name, const std::string &value)
{
    const bool plain = std::all_of(value.begin(), value.end(), [](unsigned char c) {
        return std::isalnum(c) || std::string_view("_-./:@%+,=~").find(char(c)) != std::string_view::npos;
    });
    if (plain)
        return name + "=" + value;
    const bool quotable = std::none_of(value.begin(), value.end(), [](unsigned char c) {
        return c < 0x20 || c == 0x7f || c == '\'' || c == '\\';
    });
    // docker-compose v1 (python-dotenv) expands ${NAME} even in single quotes, and has no escape for it.
    if (!quotable || value.find("${") != std::string::npos)
        return std::nullopt;
    return name + "='" + value + "'";
}

std::string dockerSecretKey(const std::string &variable)
{
    std::string lower = variable;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return "owui_" + lower;
}

std::string dockerSecretName(const planner::Plan &plan, const std::string &variable)
{
    if (variable == "WEBUI_SECRET_KEY" && plan.secrets.keyMode == planner::SecretKeyMode::External &&
        !plan.secrets.externalSecretName.empty())
        return plan.secrets.externalSecretName;
    return dockerSecretKey(variable);
}

void escapeDollars(nlohmann::ordered_json &document)
{
    if (document.is_string())
        document = literal(document.get<std::string>());
    else if (document.is_structured())
        for (auto &item : document)
            escapeDollars(item);
}

std::string literal(const std::string &value)
{
    std::string out;
    for (char ch : value) {
        out += ch;
        if (ch == '$')
            out += '$';
    }
    return out;
}

nlohmann::ordered_json healthcheck(nlohmann::ordered_json test, const std::string &interval, int retries,
                                   const std::string &startPeriod)
{
    return {{"test", std::move(test)}, {"interval", interval}, {"timeout", "5s"}, {"retries", retries},
            {"start_period", startPeriod}};
}

nlohmann::ordered_json openWebuiHealthcheck()
{
    // /health touches nothing but the process; the first start downloads models, hence the long start period.
    return healthcheck(nlohmann::ordered_json::array({"CMD-SHELL", "curl --silent --fail http://localhost:8080/health || exit 1"}),
                       "30s", 3, "60s");
}

std::vector<BundledService> bundledServices(const planner::Plan &plan, const DeploymentModel &model)
{
    using json = nlohmann::ordered_json;
    const auto &s = model.services;
    const auto &db = plan.database;
    std::vector<BundledService> services;
    if (s.postgres)
        services.push_back({
            .name = "postgres",
            .image = s.pgvectorImage ? "pgvector/pgvector:pg16" : "postgres:16-alpine",
            // The server's connection ceiling is part of the plan's connection budget.
            .command = {"postgres", "-c", "max_connections=" + std::to_string(db.maxConnections), "-c",
                        "superuser_reserved_connections=" + std::to_string(db.superuserReservedConnections)},
            .environment = {{"POSTGRES_USER", db.user}, {"POSTGRES_DB", db.name}},
            .passwordSecret = "POSTGRES_PASSWORD",
            .volume = "postgres-data",
            .dataPath = "/var/lib/postgresql/data",
            // An exec array: the plan's names reach pg_isready as arguments, never through a shell.
            .healthcheck = healthcheck(json::array({"CMD", "pg_isready", "-U", db.user, "-d", db.name}), "10s", 5, "30s"),
        });
    if (s.redis)
        services.push_back({.name = "redis",
                            .image = "redis:7-alpine",
                            .command = redisServerArguments(plan),
                            .volume = "redis-data",
                            .dataPath = "/data",
                            .healthcheck = healthcheck(json::array({"CMD", "redis-cli", "ping"}), "5s", 5, "5s")});
    if (s.vectorDb && plan.vectorDb.kind == planner::VectorDb::Qdrant)
        services.push_back({.name = "qdrant", .image = "qdrant/qdrant:v1.12.4", .volume = "qdrant-data", .dataPath = "/qdrant/storage"});
    else if (s.vectorDb)
        services.push_back({.name = "chromadb", .image = "chromadb/chroma:0.5.15", .volume = "chroma-data", .dataPath = "/chroma/chroma"});
    if (s.tika)
        services.push_back({.name = "tika", .image = "apache/tika:latest-full"});
    if (s.docling)
        services.push_back({.name = "docling", .image = "quay.io/docling-project/docling-serve:latest"});
    if (s.otelCollector)
        // grafana/otel-lgtm bundles Grafana on 3000; 3001 keeps it clear of Open WebUI's 3000.
        services.push_back({.name = "otel-collector", .image = "grafana/otel-lgtm:latest", .publishedPort = 3001, .containerPort = 3000});
    return services;
}

} // namespace exporters
