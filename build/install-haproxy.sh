#!/usr/bin/env bash
# Installs HAProxy >= 3.4 from Debian's own packages without touching the system.
#
# Why this dance: Debian bookworm ships HAProxy 2.6, which has no dynamic backends. Debian experimental carries 3.4,
# but it is linked against a newer glibc and OpenSSL than bookworm's, so it cannot be apt-get installed here. It runs
# unchanged through the newer loader and libraries unpacked beside it. Everything lands under one cache folder
# (outside the clone) and a wrapper script named `haproxy` execs the unpacked loader.
#
# Usage: install-haproxy.sh [CACHE_DIR]   -> prints the path of the wrapper on stdout (last line)
set -euo pipefail

D="${1:-${HAPROXY_CACHE_DIR:-$HOME/.cache/haproxyruntime/haproxy-3.4}}"
wrapper="$D/bin/haproxy"

version_ok() {
  # "HAProxy version 3.4.7-1 ..." -> accept major.minor >= 3.4
  local v
  v=$("$1" -v 2>/dev/null | sed -n 's/^HAProxy version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p' | head -n1)
  [ -n "$v" ] || return 1
  set -- $v
  [ "$1" -gt 3 ] || { [ "$1" -eq 3 ] && [ "$2" -ge 4 ]; }
}

write_wrapper() {
  mkdir -p "$D/bin"
  # --argv0: HAProxy re-executes its argv[0] on a master-worker reload; that must be this wrapper (the bare binary
  # cannot start without the unpacked loader), or the first reload kills master and worker.
  cat > "$wrapper" <<WRAP
#!/bin/sh
# HAProxy 3.4 from Debian experimental, run through its own unpacked loader (see build/install-haproxy.sh).
L="$D/root/usr/lib/x86_64-linux-gnu"
exec "\$L/ld-linux-x86-64.so.2" --library-path "\$L" --argv0 "\$0" "$D/root/usr/sbin/haproxy" "\$@"
WRAP
  chmod +x "$wrapper"
}

if [ -x "$D/root/usr/sbin/haproxy" ]; then
  write_wrapper # cheap, and keeps a wrapper written by an older version of this script up to date
  if version_ok "$wrapper"; then
    echo "$wrapper"
    exit 0
  fi
fi

echo "Installing HAProxy 3.4 from Debian experimental into $D" >&2
rm -rf "$D/root" "$D/debs"
mkdir -p "$D/apt/lists/partial" "$D/apt/cache/archives/partial" "$D/debs" "$D/root" "$D/bin"
cat > "$D/apt/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian experimental main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
SRC
apt_opts=(-o "Dir::Etc::SourceList=$D/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$D/apt/lists" -o "Dir::Cache=$D/apt/cache" -o Debug::NoLocking=1)
apt-get "${apt_opts[@]}" -qq update >&2
( cd "$D/debs" && apt-get "${apt_opts[@]}" -qq download haproxy/experimental libc6 libcrypt1 libjemalloc2 \
    liblua5.4-0 libopentracing-c-wrapper0t64 libopentracing1 libpcre2-8-0 libssl3t64 libstdc++6 libgcc-s1 \
    zlib1g libzstd1 >&2 2> >(grep -v '_apt' >&2) )
for f in "$D"/debs/*.deb; do dpkg -x "$f" "$D/root"; done

write_wrapper
version_ok "$wrapper" || { echo "installed HAProxy is not >= 3.4: $("$wrapper" -v 2>&1 | head -n1)" >&2; exit 1; }
"$wrapper" -v | head -n1 >&2
echo "$wrapper"
