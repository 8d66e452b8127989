# NORMAL with VLANs, as Open vSwitch's Port vlan_mode, tag and trunks
# columns set them (here through sluice-appctl bridge/add-port and
# bridge/set-port): marked frames sent from network namespaces into the
# system ports of a standalone bridge come out of exactly the ports of
# their VLAN, tagged or untagged as each port's mode says.
#
#   v1, v2  access, VLAN 10
#   v3      access, VLAN 20
#   v4      trunk of VLANs 10 and 20
#   v5      native-untagged, native VLAN 20, trunks 10
#   v6      native-tagged, native VLAN 20, trunks 10
#
# Frames are sent and captured with tests/system/vlan-frames.py (the
# kernel here may lack 8021q for VLAN devices).  A frame must reach every
# port it should; the ports it must not reach are checked once it has
# reached the others and the switch has had a second more.  Also: tagged
# frames on access ports and VLANs a trunk does not carry are dropped;
# MAC learning is per VLAN (a unicast frame to a MAC learned in VLAN 10
# goes to its port alone in VLAN 10 and is flooded in VLAN 20);
# bridge/set-port moves a port to another VLAN; bad settings are
# refused with a clear error.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"
. "$abs_top_srcdir/tests/system/two-hosts-lib.sh"
two_hosts_setup ""
FRAMES="python3 $abs_top_srcdir/tests/system/vlan-frames.py"

for n in 3 4 5 6; do
    add_host $n ""
done

check_output "" sluice-appctl bridge/add br0
check_output "1" sluice-appctl bridge/add-port br0 v1 type=system tag=10
check_output "2" sluice-appctl bridge/add-port br0 v2 type=system tag=10
check_output "3" sluice-appctl bridge/add-port br0 v3 type=system \
    vlan_mode=access tag=20
check_output "4" sluice-appctl bridge/add-port br0 v4 type=system \
    vlan_mode=trunk trunks=10,20
check_output "5" sluice-appctl bridge/add-port br0 v5 type=system \
    vlan_mode=native-untagged tag=20 trunks=10
check_output "6" sluice-appctl bridge/add-port br0 v6 type=system \
    vlan_mode=native-tagged tag=20 trunks=10
sluice-appctl bridge/show br0 | grep -q "5: v5 (system, datapath port [0-9]*, native-untagged VLAN 20, trunk of VLANs 10)" \
    || fail "bridge/show: $(sluice-appctl bridge/show br0)"

for n in 1 2 3 4 5 6; do
    eval "ns=\$ns$n"
    ip netns exec "$ns" $FRAMES capture "e$n" "$TESTDIR/e$n" &
    TEST_PIDS="$TEST_PIDS $!"
done
for n in 1 2 3 4 5 6; do
    wait_for 10 grep -qs ready "$TESTDIR/e$n" || fail "capture on e$n not ready"
done

BCAST=ff:ff:ff:ff:ff:ff
# send N DST VLAN MARKER: host N sends a frame from 02:00:00:00:00:0N.
send() {
    eval "ns=\$ns$1"
    ip netns exec "$ns" $FRAMES send "e$1" "$2" "02:00:00:00:00:0$1" "$3" "$4"
}
# got N MARKER: the line host N captured for MARKER ("" if none).
got() {
    grep "^$2 " "$TESTDIR/e$1" | sed "s/^$2 //" || true
}
# expect MARKER SRC N=VLAN...: MARKER (sent by host SRC) reached each host
# N with VLAN tag VLAN ("none": untagged), once, and no other host.
expect() {
    marker=$1 src=$2; shift 2
    for want in "$@"; do
        n=${want%%=*} vlan=${want#*=}
        wait_for 10 sh -c "grep -q '^$marker ' '$TESTDIR/e$n'" \
            || fail "$marker did not reach e$n"
    done
    sleep 1
    for n in 1 2 3 4 5 6; do
        [ "$n" != "$src" ] || continue
        line=$(got $n "$marker")
        case " $* " in
            *" $n="*)
                vlan=$(printf '%s\n' " $* " | sed "s/.* $n=\([^ ]*\) .*/\1/")
                [ "$(printf '%s\n' "$line" | wc -l)" = 1 ] \
                    && [ "${line%% *}" = "vlan=$vlan" ] \
                    || fail "$marker at e$n: \"$line\", expected vlan=$vlan once"
                ;;
            *)
                [ -z "$line" ] || fail "$marker reached e$n: $line"
                ;;
        esac
    done
}

# Broadcasts: the VLAN's ports only, tagged as each port's mode says.
send 1 $BCAST none m1
expect m1 1 2=none 4=10 5=10 6=10
send 3 $BCAST none m2
expect m2 3 4=20 5=none 6=20
send 4 $BCAST 20 m3
expect m3 4 3=none 5=none 6=20
send 5 $BCAST none m4
expect m4 5 3=none 4=20 6=20
send 5 $BCAST 10 m5
expect m5 5 1=none 2=none 4=10 6=10
send 6 $BCAST 20 m6
expect m6 6 3=none 4=20 5=none

# Dropped: a tagged frame on an access port, an untagged one on a trunk
# that does not carry VLAN 0, a VLAN a trunk does not carry.
send 1 $BCAST 10 m7
send 4 $BCAST none m8
send 4 $BCAST 30 m9
send 5 $BCAST 30 m10
expect m7 1
expect m8 4
expect m9 4
expect m10 5

# Learning per VLAN: host 1's MAC was learned in VLAN 10 on port 1.
send 4 02:00:00:00:00:01 10 m11
expect m11 4 1=none
send 4 02:00:00:00:00:01 20 m12
expect m12 4 3=none 5=none 6=20
sluice-appctl fdb/show br0 | grep -Eq "^ +1 +10 +02:00:00:00:00:01 " \
    || fail "fdb/show: $(sluice-appctl fdb/show br0)"

# Moving port 3 to VLAN 10.
check_output "" sluice-appctl bridge/set-port br0 v3 tag=10
send 1 $BCAST none m13
expect m13 1 2=none 3=none 4=10 5=10 6=10

# Bad settings: refused, with the reason, and nothing changes.
appctl_fails "tag=5000: not a VLAN (0 to 4095)" bridge/set-port br0 v1 tag=5000
appctl_fails "vlan_mode=native-tagged needs a tag (the native VLAN)" \
    bridge/set-port br0 v1 vlan_mode=native-tagged
appctl_fails "trunks=1,x: x is not a VLAN (0 to 4095)" \
    bridge/set-port br0 v1 trunks=1,x
appctl_fails "vlan_mode=hybrid: not access, trunk, native-tagged or native-untagged" \
    bridge/set-port br0 v1 vlan_mode=hybrid
appctl_fails "mtu: unknown port setting (vlan_mode, tag, trunks)" \
    bridge/set-port br0 v1 mtu=9000
appctl_fails "tag=abc: not a VLAN (0 to 4095)" \
    bridge/add-port br0 v7 type=system tag=abc
send 2 $BCAST none m14
expect m14 2 1=none 3=none 4=10 5=10 6=10

check_output "" sluice-appctl bridge/del br0
pass
