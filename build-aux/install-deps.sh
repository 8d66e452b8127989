#!/bin/sh
# Installs the Debian packages Sluice builds and tests with.  Idempotent and
# quiet when everything is already there.
set -eu
PKGS="build-essential autoconf automake libtool pkg-config
      libdpdk-dev dpdk dpdk-dev libpcap-dev libssl-dev libunwind-dev libcmocka-dev
      tshark clang libclang-rt-14-dev python3 iproute2 procps openssl
      openvswitch-common
      qemu-system-x86 busybox-static cpio xz-utils"

missing=
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# tshark asks whether non-root users may capture; answer no.
echo "wireshark-common wireshark-common/install-setuid boolean false" \
    | $SUDO debconf-set-selections 2>/dev/null || true
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
