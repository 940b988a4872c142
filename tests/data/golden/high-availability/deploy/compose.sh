#!/bin/sh
# Deploys this bundle with Docker Compose: the commands of its README.md, written from the same steps by owui-planner.
# `owui-planner deliver --run compose` runs it on the host after asking.
set -eu
cd -- "$(dirname -- "$0")/.."   # the bundle's folder, wherever it is run from

docker compose config -q          # check the file and .env
docker compose up -d              # open-webui-primary migrates as it starts; the others wait until it is healthy
docker compose ps
