#!/bin/sh
# Deploys this bundle with Kubernetes (Helm): the commands of its README.md, written from the same steps by owui-planner.
# `owui-planner deliver --run helm` runs it on the host after asking.
set -eu
cd -- "$(dirname -- "$0")/.."   # the bundle's folder, wherever it is run from

kubectl get namespace open-webui >/dev/null 2>&1 || kubectl create namespace open-webui
set -a; . ./.env; set +a          # the secrets' values, for envsubst
envsubst < helm/secret.template.yaml | kubectl -n open-webui apply -f -   # never apply the template without envsubst
kubectl -n open-webui apply -f helm/postgres.yaml
kubectl -n open-webui apply -f helm/redis.yaml
kubectl -n open-webui apply -f helm/tika.yaml
helm repo add open-webui https://helm.openwebui.com/
helm upgrade --install open-webui open-webui/open-webui --version 16.0.0 -n open-webui -f helm/values.yaml
