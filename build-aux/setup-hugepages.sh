#!/bin/sh
# Makes sure 2 MB hugepages are reserved and hugetlbfs is mounted on
# /dev/hugepages, for the tests and benchmarks that run DPDK with
# hugepages.  Idempotent; quiet when already set up.  Needs root.
set -eu
want=${1:-1024}
[ "$(id -u)" -eq 0 ] || { echo "setup-hugepages: needs root" >&2; exit 1; }
have=$(awk '/HugePages_Total/ {print $2}' /proc/meminfo)
if [ "$have" -lt "$want" ]; then
    echo "$want" > /proc/sys/vm/nr_hugepages
fi
mkdir -p /dev/hugepages
if ! mountpoint -q /dev/hugepages; then
    mount -t hugetlbfs none /dev/hugepages
fi
