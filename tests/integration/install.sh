#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the .deb, validates it (desktop-file-validate, appstreamcli, lintian), installs it on this
# machine, runs the installed copy (CLI, an export, the GUI offscreen, from the install prefix, not the
# build tree), and removes it again. Needs root (CI runs as root) or sudo.
set -euo pipefail
build=$1
cd "$build"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack -G DEB >/dev/null
deb=$(ls -t packages/owui-planner_*_amd64.deb | head -n 1)
[ -f "$deb" ] || fail "no .deb was built"

work=$(mktemp -d)
trap '$sudo dpkg -r owui-planner >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/owui-planner.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/"*.metainfo.xml >/dev/null || fail "appstreamcli validate"
# Errors and warnings fail; installers/README.md explains any tag that may be left (none today).
lintian --fail-on error,warning "$deb" > "$work/lintian.txt" 2>&1 || { cat "$work/lintian.txt" >&2; fail "lintian"; }

# The tarball runs where it is unpacked: resources beside the binary, not in the build tree.
cpack -G TGZ >/dev/null
tarball=$(ls -t packages/owui-planner-*.tar.gz | head -n 1)
mkdir "$work/unpacked" && tar xzf "$tarball" -C "$work/unpacked"
unpacked=$(ls -d "$work"/unpacked/owui-planner-*)
(unset OWUI_PLANNER_DATA_DIR; "$unpacked/bin/owui-planner" presets) | grep -q '^large-scale' || fail "the tarball's copy finds no presets"
[ -f "$unpacked/share/owui-planner/validators/compose-spec/compose-spec.json" ] || fail "the tarball has no Compose schema"

$sudo dpkg -i "$deb" >/dev/null || fail "dpkg -i"
installed=/usr/bin/owui-planner
[ -x "$installed" ] || fail "$installed missing"
# The installed copy must find its data under /usr/share, whatever the environment says.
unset OWUI_PLANNER_DATA_DIR
cd "$work"
"$installed" --version | grep -q '^owui-planner [0-9]' || fail "--version"
"$installed" preset large-scale > plan.json || fail "preset large-scale"
"$installed" export plan.json --out bundle >/dev/null || fail "export"
for f in compose.yaml stack.yaml helm/values.yaml .env README.md; do [ -f "bundle/$f" ] || fail "export wrote no $f"; done
[ "$(stat -c %a bundle/.env)" = 600 ] || fail ".env is not 0600"
# The export page's validators run from the install: the schema check finds its schema there, and the
# Kubernetes check, without node_modules in a package, says it could not check (3), not "valid".
validators=/usr/share/owui-planner/validators
/usr/bin/python3 "$validators/compose-schema-check.py" bundle/compose.yaml bundle/stack.yaml >/dev/null || fail "installed compose-schema-check"
status=0; node "$validators/k8s-manifest-check.js" bundle/helm >/dev/null 2>&1 || status=$?
[ "$status" -eq 3 ] || fail "installed k8s-manifest-check without node_modules exited $status, not 3"
QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$work/config" "$installed" --screenshot shot.png 2> gui.err || fail "GUI"
grep -q '\.qml' gui.err && fail "QML warnings: $(cat gui.err)"
[ "$(stat -c %s shot.png)" -gt 10000 ] || fail "the GUI drew nothing"
man -w owui-planner >/dev/null || fail "no man page"
[ -f /usr/share/bash-completion/completions/owui-planner ] || fail "no bash completion"

$sudo dpkg -r owui-planner >/dev/null || fail "dpkg -r"
[ ! -e "$installed" ] || fail "$installed left after removal"
echo "installed, ran and removed $(basename "$deb")"
