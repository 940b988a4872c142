#!/bin/sh
# Deploys this bundle with Docker Swarm: the commands of its README.md, written from the same steps by owui-planner.
# `owui-planner deliver --run swarm` runs it on the host after asking.
set -eu
cd -- "$(dirname -- "$0")/.."   # the bundle's folder, wherever it is run from

set -a; . ./.env; set +a          # the secrets' values, for the commands below
docker secret inspect owui_webui_secret_key >/dev/null 2>&1 || printf %s "$WEBUI_SECRET_KEY" | docker secret create owui_webui_secret_key -
docker secret inspect owui_database_url >/dev/null 2>&1 || printf %s "$DATABASE_URL" | docker secret create owui_database_url -
docker secret inspect owui_rag_openai_api_key >/dev/null 2>&1 || printf %s "$RAG_OPENAI_API_KEY" | docker secret create owui_rag_openai_api_key -   # fill it in .env first
docker secret inspect owui_postgres_password >/dev/null 2>&1 || printf %s "$POSTGRES_PASSWORD" | docker secret create owui_postgres_password -
docker stack config -c stack.yaml >/dev/null   # check the stack file
docker stack deploy -c stack.yaml open-webui   # the migrate service runs Alembic once
