#!/usr/bin/env bash
# Installs one HAProxy line (3.4 by default) from Debian's own packages without touching the system.
#
# Why this dance: Debian bookworm ships HAProxy 2.6, which has no dynamic backends. Debian experimental carries 3.4,
# but it is linked against a newer glibc and OpenSSL than bookworm's, so it cannot be apt-get installed here. It runs
# unchanged through the newer loader and libraries unpacked beside it. Everything lands under one cache folder per
# line (outside the clone) and a wrapper script named `haproxy` execs the unpacked loader. The older lines, for a
# version matrix, come the same way from other suites (the table in line_recipe).
#
# Usage: install-haproxy.sh [LINE [DIR]]   -> prints the path of the wrapper on stdout (last line)
#   LINE  3.4 (default), 3.2, 3.0 or 2.6. Asked explicitly, `haproxy -v` must report exactly that line; with no LINE
#         (today's default) any 3.4 or later is accepted, as before.
#   DIR   the install folder; default ~/.cache/haproxyruntime/haproxy-LINE ($HAPROXY_CACHE_DIR for 3.4, as before).
#   A single argument that is a path (install-haproxy.sh CACHE_DIR, the old form) installs 3.4 there.
# Idempotent: a folder already holding that line only gets its wrapper rewritten. Linux amd64 only (the loader's name).
set -euo pipefail

exact=true
case "${1:-}" in
  '') exact=false; line=3.4; D="${HAPROXY_CACHE_DIR:-}" ;;
  */*) exact=false; line=3.4; D="$1" ;;            # the old form: install-haproxy.sh CACHE_DIR
  *) line="$1"; D="${2:-}"; if [ -z "$D" ] && [ "$line" = 3.4 ]; then D="${HAPROXY_CACHE_DIR:-}"; fi ;;
esac

# Debian's libraries for a binary built on trixie or later (glibc >= 2.38, OpenSSL >= 3.2): the whole closure, loader
# included, from the binary's own suite.
T64_LIBS="libc6 libcrypt1 libjemalloc2 liblua5.4-0 libopentracing-c-wrapper0t64 libopentracing1 libpcre2-8-0
          libssl3t64 libstdc++6 libgcc-s1 zlib1g libzstd1"

# The lines. sources: the private sources.list ("<archive> <suite>" per line; archive debian or debian-security,
# signed by Debian's archive key); package: what `apt-get download` asks for (experimental is never a candidate
# unless named); libs: unpacked beside it; run: loader = exec the unpacked ld-linux with the unpacked libraries only
# (the binary needs a newer glibc than the host's), ldpath = the host's loader with LD_LIBRARY_PATH (a bookworm
# binary: the libraries a bookworm host lacks, and OpenSSL so that it runs on the one it was built with).
# Verified 2026-12-07; the archive moves on, hence the version check after every install.
line_recipe() {
  case "$1" in
    3.4) sources=$'debian experimental\ndebian sid'; package=haproxy/experimental; libs=$T64_LIBS; run=loader ;;
    3.2) sources='debian sid'; package=haproxy; libs=$T64_LIBS; run=loader ;;
    3.0) sources=$'debian trixie\ndebian-security trixie-security'; package=haproxy; libs=$T64_LIBS; run=loader ;;
    2.6) sources=$'debian bookworm\ndebian-security bookworm-security'; package=haproxy
         libs='liblua5.3-0 libopentracing-c-wrapper0 libopentracing1 libssl3'; run=ldpath ;;
    2.8) echo "HAProxy 2.8 is in no Debian suite (checked 2026-12-07: bookworm and trixie ship 2.6 and 3.0, sid 3.2," \
              "experimental 3.4; bookworm-backports and trixie-backports carry no haproxy). Point HAPROXY_BIN at a" \
              "2.8 of your own instead." >&2
         exit 2 ;;
    *) echo "Unknown HAProxy line '$1': use 3.4, 3.2, 3.0 or 2.6 (an install folder is the second argument)." >&2
       exit 2 ;;
  esac
}
line_recipe "$line"
from="$package from $(cut -d' ' -f2 <<<"$sources" | paste -sd' ')"   # "haproxy from trixie trixie-security"

D="${D:-$HOME/.cache/haproxyruntime/haproxy-$line}"
wrapper="$D/bin/haproxy"
L="$D/root/usr/lib/x86_64-linux-gnu"

reported_line() { "$1" -v 2>/dev/null | sed -n 's/^HAProxy version \([0-9]*\.[0-9]*\).*/\1/p'; }

version_ok() {
  # "HAProxy version 3.2.26-1 ..." -> "3.2": exactly the line asked for, or (no line asked) 3.4 or later
  local v
  v=$(reported_line "$1")
  [ -n "$v" ] || return 1
  if $exact; then [ "$v" = "$line" ]; else [ "$(printf '%s\n' "$line" "$v" | sort -V | head -n1)" = "$line" ]; fi
}

write_wrapper() {
  mkdir -p "$D/bin"
  if [ "$run" = loader ]; then
    # --argv0: HAProxy re-executes its argv[0] on a master-worker reload; that must be this wrapper (the bare binary
    # cannot start without the unpacked loader), or the first reload kills master and worker.
    cat > "$wrapper" <<WRAP
#!/bin/sh
# HAProxy $line ($from), run through its own unpacked loader (see build/install-haproxy.sh).
L="$L"
exec "\$L/ld-linux-x86-64.so.2" --library-path "\$L" --argv0 "\$0" "$D/root/usr/sbin/haproxy" "\$@"
WRAP
  else
    # The host's loader: a reload re-executes the bare binary, which still finds the libraries (the master inherits
    # LD_LIBRARY_PATH).
    cat > "$wrapper" <<WRAP
#!/bin/sh
# HAProxy $line ($from), with the libraries the host lacks unpacked beside it (see build/install-haproxy.sh).
LD_LIBRARY_PATH="$L\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
exec "$D/root/usr/sbin/haproxy" "\$@"
WRAP
  fi
  chmod +x "$wrapper"
}

mkdir -p "$D"
# Two runs for one folder (parallel CI jobs) take turns: the second finds the first's install.
exec 9>"$D/.install.lock"
flock 9

if [ -x "$D/root/usr/sbin/haproxy" ]; then
  write_wrapper # cheap, and keeps a wrapper written by an older version of this script up to date
  if version_ok "$wrapper"; then
    echo "$wrapper"
    exit 0
  fi
fi

echo "Installing HAProxy $line ($from) into $D" >&2
rm -rf "$D/root" "$D/debs"
mkdir -p "$D/apt/lists/partial" "$D/apt/cache/archives/partial" "$D/debs" "$D/root" "$D/bin"
while read -r archive suite; do
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/$archive $suite main"
done <<<"$sources" > "$D/apt/sources.list"
# Read after the host's apt.conf.d: none of the host's update hooks (appstreamcli refresh, PackageKit) runs for these
# private lists, no AppStream metadata is fetched for them, and apt does not try (and warn about) its _apt sandbox
# user, who cannot enter a cache folder under root's home.
cat > "$D/apt/apt.conf" <<CONF
#clear APT::Update::Post-Invoke-Success;
#clear APT::Update::Post-Invoke;
#clear APT::Update::Pre-Invoke;
Acquire::IndexTargets::deb::DEP-11::DefaultEnabled "false";
Acquire::Languages "none";
APT::Sandbox::User "root";
CONF
apt_opts=(-c "$D/apt/apt.conf" -o "Dir::Etc::SourceList=$D/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$D/apt/lists" -o "Dir::Cache=$D/apt/cache" -o Debug::NoLocking=1)
apt-get "${apt_opts[@]}" -qq update >&2
# shellcheck disable=SC2086 # libs is a word list
( cd "$D/debs" && apt-get "${apt_opts[@]}" -qq download "$package" $libs >&2 )
for f in "$D"/debs/*.deb; do dpkg -x "$f" "$D/root"; done

write_wrapper
if ! version_ok "$wrapper"; then
  wanted=$($exact && echo "HAProxy $line" || echo "HAProxy $line or later")
  echo "The installed HAProxy is not $wanted ($from; Debian's archive moves on: update line_recipe in" \
       "build/install-haproxy.sh). '$wrapper -v' said: $("$wrapper" -v 2>&1 | sed -n 1,3p)" >&2
  exit 1
fi
"$wrapper" -v | sed -n 1p >&2
echo "$wrapper"
