#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the .deb, validates it (desktop-file-validate, appstreamcli, lintian), installs it with dpkg into a
# root of its own, runs the installed copy (CLI, an export, the GUI offscreen, from the install root, not the
# build tree), and leaves the machine as it found it: the machine's /usr and package database are never
# touched, so a copy of owui-planner the user installed stays, and a package manager lock held by another
# program (apt, unattended-upgrades) does not matter. The test holds that lock itself while dpkg runs, and
# compares the machine's owui-planner (package status, /usr/bin/owui-planner) before and after.
# Needs root (CI runs as root) or sudo, for dpkg's ownership of the installed files and for the lock.
set -euo pipefail
build=$1
cd "$build"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
fail() { echo "FAIL: $*" >&2; exit 1; }

# What the user has: the package's status and version, and the binary's checksum. Must not change.
machine_copy() {
  dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' owui-planner 2>/dev/null || echo "package not installed"
  sha256sum /usr/bin/owui-planner 2>/dev/null || echo "no /usr/bin/owui-planner"
}
machine_before=$(machine_copy)

cpack -G DEB >/dev/null
deb=$(ls -t packages/owui-planner_*_amd64.deb | head -n 1)
[ -f "$deb" ] || fail "no .deb was built"

work=$(mktemp -d)
trap 'touch "$work/lock.release" 2>/dev/null || true; $sudo rm -rf "$work"' EXIT
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

# Another program holds the package manager's lock while dpkg installs: this test holds it itself, as apt does
# (fcntl locks on lock-frontend, then lock; flock(1) takes a different kind of lock that dpkg ignores), or
# finds it already held by someone else after a bounded wait. Either way the install below must not care.
lock_holder=$(cat <<'PY'
import fcntl, os, sys, time
ready, release = sys.argv[1], sys.argv[2]
held = []
for path in ("/var/lib/dpkg/lock-frontend", "/var/lib/dpkg/lock"):
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o640)
    deadline = time.monotonic() + 30
    while True:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held.append(path)
            break
        except OSError:
            if time.monotonic() > deadline:
                break  # another program holds it: the case under test all the same
            time.sleep(0.2)
with open(ready, "w") as out:
    out.write(" ".join(held))
deadline = time.monotonic() + 300
while not os.path.exists(release) and time.monotonic() < deadline:
    time.sleep(0.1)
PY
)
$sudo python3 -c "$lock_holder" "$work/lock.ready" "$work/lock.release" &
for _ in $(seq 600); do [ -e "$work/lock.ready" ] && break; sleep 0.1; done
[ -e "$work/lock.ready" ] || fail "the lock holder did not start"
# The control: apt is refused the machine's lock now (`apt-get check` only reads once it has it), so the
# install below really runs while the lock is held.
if $sudo apt-get -o DPkg::Lock::Timeout=0 check > "$work/locked.txt" 2>&1; then
  fail "apt-get took the package manager's lock although it is held"
fi
grep -q 'Could not get lock' "$work/locked.txt" || fail "apt-get failed for another reason than the lock: $(cat "$work/locked.txt")"

# The package's own root (--instdir) with a package database of its own (--admindir). The database starts as
# this machine's list of installed packages less any owui-planner, so dpkg still checks the .deb's
# dependencies against what is really installed, yet it locks, reads and writes only its own copy.
root=$work/installroot
admin=$work/dpkg
mkdir -p "$root" "$admin/info" "$admin/updates" "$admin/triggers"
awk 'BEGIN { RS = ""; ORS = "\n\n" } $0 !~ /^Package: owui-planner\n/' /var/lib/dpkg/status > "$admin/status"
touch "$admin/available"
$sudo dpkg --instdir="$root" --admindir="$admin" -i "$deb" > "$work/dpkg.txt" 2>&1 || { cat "$work/dpkg.txt" >&2; fail "dpkg -i"; }
dpkg-query --admindir="$admin" -W -f='${db:Status-Abbrev}' owui-planner | grep -q '^ii' || fail "dpkg did not record owui-planner as installed"
touch "$work/lock.release"
[ "$(machine_copy)" = "$machine_before" ] || fail "the machine's owui-planner changed while installing: before: $machine_before; after: $(machine_copy)"
installed=$root/usr/bin/owui-planner
[ -x "$installed" ] || fail "$installed missing"
# The installed copy must find its data under its own usr/share, whatever the environment says.
unset OWUI_PLANNER_DATA_DIR
cd "$work"
"$installed" --version | grep -q '^owui-planner [0-9]' || fail "--version"
"$installed" preset large-scale > plan.json || fail "preset large-scale"
"$installed" export plan.json --out bundle >/dev/null || fail "export"
for f in compose.yaml stack.yaml helm/values.yaml .env README.md; do [ -f "bundle/$f" ] || fail "export wrote no $f"; done
[ "$(stat -c %a bundle/.env)" = 600 ] || fail ".env is not 0600"
# The export page's validators run from the install: the schema check finds its schema there, and the
# Kubernetes check, without node_modules in a package, says it could not check (3), not "valid".
validators=$root/usr/share/owui-planner/validators
/usr/bin/python3 "$validators/compose-schema-check.py" bundle/compose.yaml bundle/stack.yaml >/dev/null || fail "installed compose-schema-check"
status=0; node "$validators/k8s-manifest-check.js" bundle/helm >/dev/null 2>&1 || status=$?
[ "$status" -eq 3 ] || fail "installed k8s-manifest-check without node_modules exited $status, not 3"
QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$work/config" "$installed" --screenshot shot.png 2> gui.err || fail "GUI"
grep -q '\.qml' gui.err && fail "QML warnings: $(cat gui.err)"
[ "$(stat -c %s shot.png)" -gt 10000 ] || fail "the GUI drew nothing"
MANPATH=$root/usr/share/man man -w owui-planner | grep -q "^$root/" || fail "no man page"
[ -f "$root/usr/share/bash-completion/completions/owui-planner" ] || fail "no bash completion"

[ "$(machine_copy)" = "$machine_before" ] || fail "the machine's owui-planner changed: before: $machine_before; after: $(machine_copy)"
echo "installed $(basename "$deb") into its own root under a held package manager lock, ran it there, left the machine's copy as it was"
