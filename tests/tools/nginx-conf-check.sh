# SPDX-License-Identifier: MIT
# Usage: sh nginx-conf-check.sh NGINX.CONF [NAME...]
# Runs Debian's `nginx -t` on a generated nginx.conf as it will be loaded inside the Compose network.
# nginx resolves every upstream server name while loading, and there the names are Compose services
# (open-webui), so NAME... resolve to 127.0.0.1 through a hosts file bind-mounted over /etc/hosts in a
# private mount namespace: the machine's own /etc/hosts is never touched. -t also writes a pid file and
# creates temp folders, and opens the default logs: all of them go to a scratch folder.
# Exit codes: 0 nginx accepts the file, 1 nginx rejects it, 3 the check could not run (message says why).
set -u
# nginx lives in /usr/sbin, which a desktop user's PATH on Debian leaves out.
PATH="$PATH:/usr/sbin:/sbin"

unavailable() { echo "nginx-conf-check: $*" >&2; exit 3; }

[ $# -ge 1 ] || unavailable "usage: sh nginx-conf-check.sh NGINX.CONF [NAME...]"
conf=$(readlink -f -- "$1") || unavailable "cannot resolve $1"
shift
[ -f "$conf" ] || unavailable "no such file: $conf"
nginx=$(command -v nginx || true)
[ -n "$nginx" ] || unavailable "nginx is not installed (Debian: apt-get install nginx)"
command -v unshare >/dev/null || unavailable "unshare (util-linux) is not installed"

scratch=$(mktemp -d) || unavailable "cannot create a scratch folder"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/log" "$scratch/lib" "$scratch/prefix"
{
    echo "127.0.0.1 localhost"
    for name in "$@"; do echo "127.0.0.1 $name"; done
} > "$scratch/hosts"

# -t also binds the listen ports: a private network namespace keeps port 80 free of the machine's own
# servers and of parallel checks. As root that is enough. Anyone else gets both inside a user namespace,
# mapped to root there; nginx then runs as that root (`user root;`), since nobody does not exist in it.
namespace="--mount --net"
globals="pid $scratch/nginx.pid;"
if [ "$(id -u)" -ne 0 ]; then
    namespace="--mount --net --map-root-user"
    globals="$globals user root;"
fi

# The inner script is constant: every path reaches it as a positional argument.
# shellcheck disable=SC2016,SC2086
unshare $namespace --propagation private -- sh -c '
    mount --bind "$1" /etc/hosts || exit 3
    [ -d /var/log/nginx ] && { mount --bind "$2" /var/log/nginx || exit 3; }
    [ -d /var/lib/nginx ] && { mount --bind "$3" /var/lib/nginx || exit 3; }
    "$4" -t -q -c "$5" -p "$6/" -e "$7" -g "$8" && exit 0
    exit 41
' sh "$scratch/hosts" "$scratch/log" "$scratch/lib" "$nginx" "$conf" "$scratch/prefix" "$scratch/error.log" "$globals"
status=$?
# 41 is nginx saying no; anything else (unshare or mount failing) means nginx never judged the file.
case $status in
    0) echo "nginx -t: $conf is valid" ;;
    41) exit 1 ;;
    *) unavailable "nginx -t could not run in a private mount namespace (exit $status)" ;;
esac
