#!/usr/bin/env bash
# Tests the .deb without touching this machine's system: lays it out as dpkg would (dpkg-deb -x into
# a scratch root) and runs its unit's ExecStart under the unit's own settings — an unprivileged user,
# its EnvironmentFile and WorkingDirectory, a read-only system with only the data folder writable
# (ProtectSystem=strict), a private /tmp, no new privileges. Then it upgrades the package over the
# same root, with the settings file edited as an operator would, and checks that the data survived.
# Needs root (for the mount namespace) and a release build (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[deb]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31m[deb] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Not under /tmp: the sandbox mounts a private /tmp over it.
mkdir -p target
work=$(mktemp -d -p "$PWD/target" deb-test.XXXXXX)
chmod 755 "$work"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
root="$work/root"
state="$root/var/lib/roadmap"
version=$(awk -F'"' '/^\[workspace.package\]/ { p = 1 } p && /^version/ { print $2; exit }' Cargo.toml)

log "building the packages $version~ci1 (installed first) and $version (the upgrade)"
old=$(scripts/package-deb.sh --no-build --version "$version~ci1" --out "$work/old.deb")
new=$(scripts/package-deb.sh --no-build --version "$version" --out "$work/new.deb")
dpkg --compare-versions "$version~ci1" lt "$version" || fail "the upgrade's version is not newer"

log "checking the package's metadata and contents"
info=$(dpkg-deb --info "$new")
grep -q "^ Package: roadmap$" <<< "$info" || fail "no Package: roadmap"
grep -q "^ Depends: .*libc6" <<< "$info" || fail "Depends does not name libc6: $info"
[ "$(dpkg-deb --ctrl-tarfile "$new" | tar -xO ./conffiles)" = /etc/roadmap/roadmap.env ] \
  || fail "the settings file is not a conffile"
contents=$(dpkg-deb --contents "$new" | awk '{ print $NF }')
for path in ./usr/bin/roadmap ./lib/systemd/system/roadmap.service ./etc/roadmap/roadmap.env; do
  grep -qx "$path" <<< "$contents" || fail "$path is not in the package"
done
! grep -q '^\./var/lib/roadmap' <<< "$contents" || fail "the package must not ship the data folder"
for script in postinst prerm postrm; do
  dpkg-deb --ctrl-tarfile "$new" | tar -xO "./$script" | sh -n || fail "$script is not valid sh"
done

dpkg-deb -x "$old" "$root"
unit="$root/lib/systemd/system/roadmap.service"
unit_value() { sed -n "s/^$1=//p" "$unit" | tail -n 1; }
for setting in User=roadmap NoNewPrivileges=yes PrivateTmp=yes ProtectSystem=strict ProtectHome=yes \
  StateDirectory=roadmap CapabilityBoundingSet= EnvironmentFile=/etc/roadmap/roadmap.env; do
  grep -qx "$setting" "$unit" || fail "the unit lacks $setting"
done
if systemd-analyze --version >/dev/null 2>&1; then
  # The unit as systemd reads it, in a root holding the package and this machine's targets; systemd
  # only warns about an unknown key or a bad value, so any output fails the test.
  verify="$work/verify"
  cp -a "$root" "$verify"
  cp -an /lib/systemd/system/*.target /lib/systemd/system/*.slice /lib/systemd/system/*.socket \
    "$verify/lib/systemd/system/" 2>/dev/null || true
  complaints=$(systemd-analyze verify --root="$verify" /lib/systemd/system/roadmap.service 2>&1) \
    || fail "systemd-analyze verify rejects the unit: $complaints"
  [ -z "$complaints" ] || fail "systemd-analyze verify complains about the unit: $complaints"
else
  log "systemd-analyze is not installed: the unit's syntax is not checked"
fi

exec_start=$(unit_value ExecStart)
env_file="$root$(unit_value EnvironmentFile)"
workdir="$root$(unit_value WorkingDirectory)"
[ "$workdir" = "$state" ] || fail "WorkingDirectory is not the data folder"
port=$(free_port)
base="http://127.0.0.1:$port"

# What postinst does for the roadmap account; `nobody` stands in for it here.
install -d -o nobody -g nogroup -m 0750 "$state"

# The command line that runs "$@" as the unit runs ExecStart, in the array `service`. Its process
# becomes the command itself (each step execs the next), so its PID is the server's.
service_command() {
  local -a service_env=(PATH=/usr/bin:/bin)
  while IFS= read -r line; do
    case "$line" in '' | '#'*) continue ;; esac
    # The settings file's paths point into the scratch root.
    service_env+=("${line//\/var\/lib\/roadmap/$state}")
  done < "$env_file"
  service_env+=("ROADMAP_ADDR=127.0.0.1:$port" "RUST_LOG=warn")
  service=(unshare --mount --propagation private -- env -i "${service_env[@]}" ROOT="$root" STATE="$state" sh -ec '
    mount --bind "$STATE" "$STATE"
    mount -o remount,bind,ro /
    mount -o remount,bind,ro "$(findmnt -no TARGET -T "$ROOT")"
    mount -t tmpfs -o mode=1777 tmpfs /tmp
    cd "$STATE"
    unset ROOT STATE
    exec setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs -- "$@"
  ' as-service "$@")
}
as_service() {
  service_command "$@"
  "${service[@]}"
}

start_service() {
  # shellcheck disable=SC2086 # ExecStart is a command line: program and arguments
  service_command $root$exec_start
  "${service[@]}" &
  server=$!
  for _ in $(seq 1 100); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || fail "the service exited at start"
    sleep 0.2
  done
  fail "the service did not answer /healthz"
}

stop_service() {
  kill -TERM "$server"
  wait "$server" || fail "the service did not stop cleanly on SIGTERM"
  server=""
}

# The session cookie of a sign-in (awk reads every line: stopping early would fail curl under pipefail).
sign_in() {
  curl -s -o /dev/null -D - -H "Origin: $base" --data "username=ops&password=$1&next=/" "$base/login" \
    | awk -F'[: ;]+' 'tolower($1) == "set-cookie" && !found { print $2; found = 1 }' | tr -d '\r'
}

log "installing $version~ci1 and starting it under the unit's settings"
as_service touch "$root/usr/bin/escape" 2>/dev/null && fail "the sandbox let the service write outside its data folder"
echo 'Correct-horse-1' | as_service "$root/usr/bin/roadmap" user add ops --role admin >/dev/null \
  || fail "roadmap user add failed as the service user"
start_service
cookie=$(sign_in 'Correct-horse-1')
[ -n "$cookie" ] || fail "sign-in failed"
# The initial password is the one the operator typed: it is changed at the first sign-in.
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base/")
[ "$status" = 303 ] || fail "the initial password did not have to be changed first (HTTP $status)"
curl -fs -o /dev/null -H "Cookie: $cookie" -H "Origin: $base" \
  --data 'current=Correct-horse-1&new=Battery-staple-2&confirm=Battery-staple-2' "$base/api/change_password" \
  || fail "the first password change failed"
page=$(curl -fs -H "Cookie: $cookie" "$base/")
grep -q '总览' <<< "$page" || fail "the dashboard did not render"
wasm_type=$(curl -fs -o "$work/served.wasm" -w '%{content_type}' "$base/pkg/roadmap.wasm")
[ "$wasm_type" = application/wasm ] || fail "the bundle is served as $wasm_type"
cmp -s "$work/served.wasm" target/site/pkg/roadmap.wasm || fail "the served bundle is not the built one"
encoding=$(curl -fs -o /dev/null -D - -H 'Accept-Encoding: br' "$base/pkg/roadmap.wasm" \
  | awk -F': *' 'tolower($1) == "content-encoding" { print $2 }' | tr -d '\r')
[ "$encoding" = br ] || fail "the precompressed bundle was not served (Content-Encoding: '$encoding')"
stop_service

log "upgrading to $version with the settings file edited, as dpkg keeps a changed conffile"
sed -i 's/^ROADMAP_SESSION_IDLE_MINUTES=.*/ROADMAP_SESSION_IDLE_MINUTES=30/' "$env_file"
cp "$env_file" "$work/roadmap.env.edited"
dpkg-deb -x "$new" "$root"
cp "$work/roadmap.env.edited" "$env_file"
start_service
cookie=$(sign_in 'Battery-staple-2')
[ -n "$cookie" ] || fail "the account made before the upgrade is gone"
page=$(curl -fs -H "Cookie: $cookie" "$base/")
grep -q '总览' <<< "$page" || fail "the dashboard did not render after the upgrade"
stop_service
[ -s "$state/roadmap.db" ] || fail "the database is not in the data folder"
log "the package installs, serves under its unit's settings and keeps its data across an upgrade"
