#!/bin/sh
# Installs the Debian packages Sluice builds and tests with.  Idempotent and
# quiet when everything is already there.
set -eu
PKGS="build-essential autoconf automake libtool pkg-config
      libdpdk-dev dpdk dpdk-dev libpcap-dev libssl-dev libunwind-dev libcmocka-dev
      tshark clang libclang-rt-14-dev python3 iproute2 procps openssl
      openvswitch-common openvswitch-switch openvswitch-testcontroller
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
# Open vSwitch is a reference peer for the interop tests, which run it in
# private sandboxes: keep its packages from starting system services.
policy=/usr/sbin/policy-rc.d
added_policy=
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod +x "$policy"
    added_policy=1
fi
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
[ -z "$added_policy" ] || $SUDO rm -f "$policy"
