# Helpers for system tests with real Linux guests: QEMU under TCG (KVM is
# not usable on the test machines) boots Debian's cloud kernel with a
# busybox initramfs whose /init is tests/system/qemu-guest-init.sh, and
# whose one NIC is a virtio-net device on a vhost-user socket.  Source after
# lib.sh (and dpctl-lib.sh).
#
# The kernel, Debian's linux-image-cloud-amd64 and the versioned package it
# depends on, is downloaded with "apt-get download" on first use and kept
# unpacked in $abs_top_builddir/tests/guest-cache/linux, so later runs need
# no network.  Without the Debian archive (apt knows no such package) the
# test is skipped; a download that fails fails the test, with apt's error.
#
# A guest's serial console goes to $SLUICE_LOGDIR/GUEST.log (lib.sh prints
# its end when a test fails) and QEMU's own messages to
# $SLUICE_LOGDIR/GUEST-qemu.log.  Guests are killed by PID at the end of the
# test.  (The helpers' own variables start with "qg_".)

QG_CACHE="$abs_top_builddir/tests/guest-cache"
QG_KERNEL_PKG=linux-image-cloud-amd64

# The memory of a guest, in MB, shared with the switch through /dev/shm.
QG_MEM_MB=256

# The modules that the guests' /init loads, in this order.
QG_MODULES="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev
            virtio_pci failover net_failover virtio_net"

qg_skip() {
    echo "SKIP: $TEST_NAME: $*"
    test_failed=0
    exit 77
}

# qemu_guest_check_tools: skips the test unless QEMU, a static busybox and
# cpio are installed (Debian: qemu-system-x86, busybox-static, cpio; see
# build-aux/install-deps.sh).  Sets QG_BUSYBOX.
qemu_guest_check_tools() {
    command -v qemu-system-x86_64 >/dev/null 2>&1 \
        || qg_skip "qemu-system-x86_64 is not installed (qemu-system-x86)"
    command -v cpio >/dev/null 2>&1 || qg_skip "cpio is not installed"
    QG_BUSYBOX=""
    for qg_bb in /bin/busybox /usr/bin/busybox; do
        if [ -x "$qg_bb" ] && ! ldd "$qg_bb" >/dev/null 2>&1; then
            QG_BUSYBOX=$qg_bb
            break
        fi
    done
    [ -n "$QG_BUSYBOX" ] \
        || qg_skip "no statically linked busybox (busybox-static)"
    qg_shm=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
    [ "${qg_shm:-0}" -ge $((2 * QG_MEM_MB * 1024)) ] \
        || qg_skip "/dev/shm has ${qg_shm:-no} kB free, two guests need" \
                   "$((2 * QG_MEM_MB)) MB"
}

# What to check when the download fails.
QG_FETCH_HINT="from the Debian archive (no network? stale package"
QG_FETCH_HINT="$QG_FETCH_HINT lists: apt-get update)"

# qg_fetch_kernel DIR: downloads the kernel packages and unpacks them into
# DIR, which must not exist; fails with apt's error if it cannot.
qg_fetch_kernel() {
    qg_dir=$1
    command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 \
        || qg_skip "no apt-get and dpkg-deb to fetch the guest kernel"
    apt-cache show "$QG_KERNEL_PKG" >/dev/null 2>&1 \
        || qg_skip "apt knows no package $QG_KERNEL_PKG (not Debian, or no" \
                   "package lists: apt-get update)"
    mkdir -p "$QG_CACHE"
    qg_tmp=$(mktemp -d "$QG_CACHE/fetch.XXXXXX")
    qg_log="$SLUICE_LOGDIR/apt-get-download.log"
    echo "$TEST_NAME: downloading the guest kernel ($QG_KERNEL_PKG)"
    # apt-get warns when it cannot drop privileges to its _apt user for a
    # directory that user cannot write: harmless.
    (cd "$qg_tmp" && apt-get download "$QG_KERNEL_PKG") >"$qg_log" 2>&1 \
        || { rm -rf "$qg_tmp"; fail "could not download $QG_KERNEL_PKG" \
             "$QG_FETCH_HINT: $(grep -v unsandboxed "$qg_log")"; }
    # The metapackage depends on exactly one versioned image package,
    # "linux-image-VERSION-cloud-amd64 (= DEBIAN-VERSION)".
    qg_dep=$(dpkg-deb -f "$qg_tmp"/"$QG_KERNEL_PKG"_*.deb Depends \
             | tr ',' '\n' | sed -n \
             's/^ *\(linux-image-[^ ]*\) *(= *\([^ )]*\)).*/\1=\2/p' \
             | head -n 1)
    [ -n "$qg_dep" ] \
        || { rm -rf "$qg_tmp"; fail "$QG_KERNEL_PKG depends on no" \
             "versioned linux-image package"; }
    (cd "$qg_tmp" && apt-get download "$qg_dep") >>"$qg_log" 2>&1 \
        || { rm -rf "$qg_tmp"; fail "could not download $qg_dep" \
             "$QG_FETCH_HINT: $(grep -v unsandboxed "$qg_log")"; }
    dpkg-deb -x "$qg_tmp/${qg_dep%%=*}"_*.deb "$qg_tmp/linux" \
        || { rm -rf "$qg_tmp"; fail "could not unpack $qg_dep"; }
    echo "${qg_dep%%=*} ${qg_dep#*=}" > "$qg_tmp/linux/PACKAGE"
    # Another test may have fetched it meanwhile: keep the first.
    mv -T "$qg_tmp/linux" "$qg_dir" 2>/dev/null || true
    rm -rf "$qg_tmp"
    [ -f "$qg_dir/PACKAGE" ] || fail "could not store the kernel in $qg_dir"
}

# qemu_guest_kernel: makes sure the guest kernel is in the cache, fetching
# it if need be.  Sets QG_KERNEL (the image), QG_MODDIR (its modules
# directory) and QG_KVERSION.
qemu_guest_kernel() {
    qg_dir="$QG_CACHE/linux"
    [ -f "$qg_dir/PACKAGE" ] || qg_fetch_kernel "$qg_dir"
    set -- "$qg_dir"/boot/vmlinuz-*
    [ "$#" -eq 1 ] && [ -f "$1" ] \
        || fail "$qg_dir: not exactly one boot/vmlinuz-* (remove it to" \
                "fetch again)"
    QG_KERNEL=$1
    QG_KVERSION=${QG_KERNEL##*/vmlinuz-}
    QG_MODDIR="$qg_dir/lib/modules/$QG_KVERSION"
    [ -d "$QG_MODDIR" ] || fail "$QG_MODDIR is missing"
}

# qemu_guest_initramfs FILE: builds the guests' initramfs (an uncompressed
# newc cpio archive) into FILE: the static busybox, /init and the modules
# of $QG_MODULES that are not built into the kernel, decompressed.
qemu_guest_initramfs() {
    qg_root="$TESTDIR/initramfs"
    rm -rf "$qg_root"
    mkdir -p "$qg_root/bin" "$qg_root/lib/modules" "$qg_root/dev" \
        "$qg_root/proc" "$qg_root/sys"
    cp "$QG_BUSYBOX" "$qg_root/bin/busybox"
    cp "$abs_top_srcdir/tests/system/qemu-guest-init.sh" "$qg_root/init"
    chmod 755 "$qg_root/init" "$qg_root/bin/busybox"
    for qg_m in $QG_MODULES; do
        qg_ko=$(find "$QG_MODDIR/kernel" -name "$qg_m.ko" -o \
                -name "$qg_m.ko.xz" -o -name "$qg_m.ko.zst" | head -n 1)
        case $qg_ko in
            *.ko) cp "$qg_ko" "$qg_root/lib/modules/$qg_m.ko" ;;
            *.ko.xz) xz -dc "$qg_ko" > "$qg_root/lib/modules/$qg_m.ko" \
                         || fail "could not decompress $qg_ko" ;;
            *.ko.zst) zstd -qdc "$qg_ko" > "$qg_root/lib/modules/$qg_m.ko" \
                          || fail "could not decompress $qg_ko" ;;
            "") grep -q "/$qg_m.ko\$" "$QG_MODDIR/modules.builtin" \
                    || fail "kernel $QG_KVERSION has no module $qg_m" ;;
        esac
    done
    (cd "$qg_root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) \
        > "$1" || fail "could not build the initramfs $1"
}

# qemu_guest_start GUEST INITRAMFS CHARDEV MAC CMDLINE: boots guest GUEST
# with INITRAMFS; its NIC has address MAC and its vhost-user socket is
# "-chardev socket,CHARDEV" (e.g. "path=SOCK" to connect to the switch,
# "path=SOCK,server=on" to listen: QEMU then waits for the switch before it
# boots).  CMDLINE is added to the kernel command line (the sluice.*
# settings of qemu-guest-init.sh).  If QG_CORE is set, the guest runs on
# that core.  Records the PID in TEST_PIDS and qg_pid_GUEST.
qemu_guest_start() {
    qg_pin=""
    if [ -n "${QG_CORE:-}" ]; then
        qg_pin="taskset -c $QG_CORE"
    fi
    rm -f "$SLUICE_LOGDIR/$1.log"
    # The switch maps the guest's memory: it must be a shared file.
    qg_mem="memory-backend-file,id=mem,size=${QG_MEM_MB}M"
    qg_mem="$qg_mem,mem-path=/dev/shm,share=on"
    $qg_pin qemu-system-x86_64 -machine pc,accel=tcg -smp 1 -m "$QG_MEM_MB" \
        -object "$qg_mem" -numa node,memdev=mem \
        -nodefaults -display none -no-reboot -monitor none \
        -serial "file:$SLUICE_LOGDIR/$1.log" \
        -kernel "$QG_KERNEL" -initrd "$2" \
        -append "console=ttyS0 quiet ipv6.disable=1 panic=-1 $5" \
        -chardev "socket,id=c0,$3" -netdev vhost-user,id=n0,chardev=c0 \
        -device "virtio-net-pci,romfile=,vectors=0,netdev=n0,mac=$4" \
        > "$SLUICE_LOGDIR/$1-qemu.log" 2>&1 &
    eval "qg_pid_$1=$!"
    TEST_PIDS="$TEST_PIDS $!"
}

# qg_alive PID: whether process PID runs (a child that exited is a zombie
# until the shell reaps it, and "kill -0" still finds it).
qg_alive() {
    [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"
}

# qg_console GUEST: guest GUEST's console output, without the carriage
# returns of the serial line.
qg_console() {
    tr -d '\r' < "$SLUICE_LOGDIR/$1.log" 2>/dev/null
}

# qemu_guest_wait GUEST SECONDS LINE: waits until guest GUEST printed LINE
# (after "SLUICE-GUEST: ") on its console; fails if it reports an error,
# if its QEMU exits, or after SECONDS.
qemu_guest_wait() {
    eval "qg_pid=\$qg_pid_$1"
    qg_tries=$(($2 * 5))
    while ! qg_console "$1" | grep -Fqx "SLUICE-GUEST: $3"; do
        if qg_console "$1" | grep -q '^SLUICE-GUEST: ERROR'; then
            fail "guest $1: $(qg_console "$1" | grep '^SLUICE-GUEST: ERROR')"
        fi
        if ! qg_alive "$qg_pid"; then
            fail "guest $1 exited before \"$3\": $(cat \
                 "$SLUICE_LOGDIR/$1-qemu.log")"
        fi
        qg_tries=$((qg_tries - 1))
        [ "$qg_tries" -gt 0 ] || fail "guest $1: no \"$3\" after $2 s"
        sleep 0.2
    done
}

# qemu_guest_value GUEST KEY: prints the value of the line "KEY: VALUE"
# that guest GUEST reported (the last one).
qemu_guest_value() {
    qg_console "$1" | sed -n "s/^SLUICE-GUEST: $2: //p" | tail -n 1
}

# qg_gone PID SECONDS: waits until process PID is gone; fails (returns 1)
# after SECONDS.
qg_gone() {
    qg_tries=$(($2 * 10))
    while qg_alive "$1"; do
        qg_tries=$((qg_tries - 1))
        [ "$qg_tries" -gt 0 ] || return 1
        sleep 0.1
    done
}

# qemu_guest_exit GUEST SECONDS: waits until guest GUEST's QEMU exits (the
# guest powered off), bounded.
qemu_guest_exit() {
    eval "qg_pid=\$qg_pid_$1"
    qg_gone "$qg_pid" "$2" || fail "guest $1 did not power off in $2 s"
}

# qemu_guest_kill GUEST: ends guest GUEST's QEMU and waits for it.
qemu_guest_kill() {
    eval "qg_pid=\$qg_pid_$1"
    kill -TERM "$qg_pid" 2>/dev/null || true
    qg_gone "$qg_pid" 10 || fail "guest $1 did not exit on SIGTERM"
}
