#!/usr/bin/env bash
# Builds the Debian package of Roadmap: the self-contained release binary, a systemd unit with a
# `roadmap` service account and hardening, settings in /etc/roadmap/roadmap.env (a conffile, kept
# on upgrade), data in /var/lib/roadmap (never in the package, so upgrades and removal keep it).
#   scripts/package-deb.sh                      builds the release (scripts/build.sh), then the package
#   scripts/package-deb.sh --no-build           packages target/release/roadmap as it is
#   --version V (default: the workspace version)  --out FILE (default: target/deb/roadmap_V_ARCH.deb)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(awk -F'"' '/^\[workspace.package\]/ { p = 1 } p && /^version/ { print $2; exit }' Cargo.toml)
build=true
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --version) version="$2"; shift ;;
    --out) out="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
$build && scripts/build.sh
bin=target/release/roadmap
[ -x "$bin" ] || { echo "$bin is missing: run scripts/build.sh" >&2; exit 1; }

arch=$(dpkg --print-architecture)
out=${out:-target/deb/roadmap_${version}_${arch}.deb}
stage=$(mktemp -d)
chmod 755 "$stage"
trap 'rm -rf "$stage" "$stage.shlibs"' EXIT

install -D -m 0755 "$bin" "$stage/usr/bin/roadmap"
strip --strip-unneeded "$stage/usr/bin/roadmap"
install -D -m 0644 server/deb/roadmap.service "$stage/lib/systemd/system/roadmap.service"
install -D -m 0640 server/deb/roadmap.env "$stage/etc/roadmap/roadmap.env"
install -D -m 0644 README.md "$stage/usr/share/doc/roadmap/README.md"
install -d "$stage/DEBIAN"
install -m 0755 server/deb/postinst server/deb/prerm server/deb/postrm "$stage/DEBIAN/"
echo /etc/roadmap/roadmap.env > "$stage/DEBIAN/conffiles"

# The shared libraries the binary links (glibc, libgcc), with the versions its symbols need, as
# dpkg-shlibdeps reads them; it wants a debian/control beside it.
mkdir -p "$stage.shlibs/debian"
printf 'Source: roadmap\n\nPackage: roadmap\nArchitecture: any\n' > "$stage.shlibs/debian/control"
depends=$(cd "$stage.shlibs" && dpkg-shlibdeps -O "$stage/usr/bin/roadmap" 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')
rm -rf "$stage.shlibs"
[ -n "$depends" ] || { echo "dpkg-shlibdeps found no dependencies of the binary" >&2; exit 1; }
cat > "$stage/DEBIAN/control" <<CONTROL
Package: roadmap
Version: $version
Architecture: $arch
Maintainer: Roadmap maintainers <roadmap@localhost>
Section: web
Priority: optional
Depends: $depends, adduser
Recommends: fonts-noto-cjk, libreoffice-writer-nogui
Suggests: postgresql-client
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Description: county digital-transformation roadmap (县域数字化转型路线图)
 Roadmap runs a county big-data centre's five-year digital-transformation
 programme: phases, the provincial "五个一" pillars, milestones, units, major
 projects with their investment, progress against 序时进度, and the provincial
 reporting sheet. One self-contained binary with SQLite or PostgreSQL, served
 by systemd as the unprivileged user roadmap.
CONTROL

mkdir -p "$(dirname "$out")"
dpkg-deb --root-owner-group --build "$stage" "$out" >/dev/null
echo "$out"
