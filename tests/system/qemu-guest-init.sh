#!/bin/busybox sh
# /init of the QEMU guests of the system tests (see qemu-guest-lib.sh, which
# puts it into a busybox initramfs with the guest kernel's virtio modules).
# It takes its settings from the kernel command line:
#
#     sluice.ip=ADDR/LEN      the address of eth0 (required)
#     sluice.ping=ADDR        ping ADDR, report, power off; without it the
#                             guest stays up, answering, until it is killed
#     sluice.count=N          echo requests of the reported ping (3)
#
# Every line meant for the test starts with "SLUICE-GUEST: " on the serial
# console: "up ADDR" once eth0 has its address, "PING-RESULT: N
# transmitted, M received" (the summary of the reported ping, whose
# requests all had their time to be answered), "PROBES: N" (the single
# echo requests sent before the peer answered one), "ERROR: REASON" when
# something went wrong, "done" before a guest powers itself off.

/bin/busybox mkdir -p /proc /sys /dev /bin /sbin /tmp
/bin/busybox mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys

report() {
    echo "SLUICE-GUEST: $*"
}

# Fatal errors are reported and power the guest off, which ends QEMU.
die() {
    report "ERROR: $*"
    poweroff -f
    sleep 3600
}

ip=""
peer=""
count=3
for arg in $(cat /proc/cmdline); do
    case $arg in
        sluice.ip=*) ip=${arg#sluice.ip=} ;;
        sluice.ping=*) peer=${arg#sluice.ping=} ;;
        sluice.count=*) count=${arg#sluice.count=} ;;
    esac
done
[ -n "$ip" ] || die "no sluice.ip= on the kernel command line"

# The modules in dependency order; those that are built into the kernel
# are not in the initramfs.
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev \
         virtio_pci failover net_failover virtio_net; do
    if [ -f "/lib/modules/$m.ko" ]; then
        insmod "/lib/modules/$m.ko" || die "insmod $m.ko failed"
    fi
done

# The driver binds asynchronously.
tries=0
while [ ! -e /sys/class/net/eth0 ]; do
    tries=$((tries + 1))
    [ "$tries" -le 300 ] || die "no eth0 after 30 s"
    sleep 0.1
done
ip link set lo up
ip link set eth0 up || die "ip link set eth0 up failed"
ip addr add "$ip" dev eth0 || die "ip addr add $ip failed"
report "up ${ip%/*}"

if [ -z "$peer" ]; then
    while :; do
        sleep 3600
    done
fi

# Wait, bounded, until the peer answers a single echo request; then the
# reported ping, whose requests go to a peer known to be up.
probes=0
until ping -c 1 -W 1 "$peer" >/dev/null 2>&1; do
    probes=$((probes + 1))
    [ "$probes" -lt 120 ] || die "$peer did not answer $probes pings"
done
report "PROBES: $((probes + 1))"
summary=$(ping -c "$count" -W 2 "$peer" | grep 'packets transmitted')
tx=$(echo "$summary" | sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p')
rx=$(echo "$summary" | sed -n 's/.* \([0-9]*\) packets received.*/\1/p')
[ -n "$tx" ] && [ -n "$rx" ] || die "unexpected ping summary: $summary"
report "PING-RESULT: $tx transmitted, $rx received"
report "done"
poweroff -f
sleep 3600
