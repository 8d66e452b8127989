# sluice-vsctl does what ovs-vsctl does: the same script of commands
# (database commands with every operator of "find", --id=@name chains,
# map keys, output formats, bridge, port, bond, controller, fail-mode and
# manager commands, emer-reset, and commands that must fail) runs once
# with Open vSwitch's ovs-vsctl and once with sluice-vsctl, each against
# its own sluice-dbserver on a database that "ovsdb-tool create" made from
# Open vSwitch's schema, and every command prints the same on stdout and
# stderr and exits the same (UUIDs replaced by their order of appearance,
# log time stamps and the program name left out).  Then waiting: with a
# stand-in switch daemon that copies next_cfg to cur_cfg (and fails
# interfaces named bad*), both return once cur_cfg catches up and report
# the failed interface the same way; without it, --timeout=1 ends both
# the same way.  Last, one sluice-vsctl invocation adds 1,000 ports.
. "$abs_top_srcdir/tests/system/lib.sh"

SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
for p in ovs-vsctl ovsdb-tool; do
    if ! command -v $p >/dev/null 2>&1 || [ ! -r "$SCHEMA" ]; then
        echo "SKIP: $TEST_NAME: needs $p and $SCHEMA (openvswitch-switch)"
        test_failed=0
        exit 77
    fi
done

# Two servers: A for ovs-vsctl, B for sluice-vsctl.
start_db() {
    dir=$TESTDIR/$1
    mkdir -p "$dir"
    ovsdb-tool create "$dir/conf.db" "$SCHEMA"
    sluice-dbserver --detach --no-chdir --pidfile="$dir/db.pid" \
        --log-file="$SLUICE_LOGDIR/dbserver-$1.log" \
        --remote="punix:$dir/db.sock" "$dir/conf.db" \
        || fail "sluice-dbserver $1 did not start"
    TEST_PIDS="$TEST_PIDS $(cat "$dir/db.pid")"
}
start_db A
start_db B
ADB=$TESTDIR/A/db.sock
BDB=$TESTDIR/B/db.sock

normalize() {
    sed -E -e "s#$ADB#DB#g; s#$BDB#DB#g" \
        -e 's/^(ovs|sluice)-vsctl: /VSCTL: /' \
        -e 's/(The default log directory is) ".*"/\1 LOGDIR/' \
        -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\|[0-9]+\|/LOG|/' \
        | $SORT | number_uuids
}

N_CMDS=0 SORT=cat WAIT=--no-wait
# same ARGS...: the two programs against their servers.  same_any
# compares lines in any order: ovs-vsctl prints rows in the order of its
# hash table of UUIDs, which are random.
same_any() {
    SORT=sort
    same "$@"
    SORT=cat
}
same() {
    set +e
    ovs=$(ovs-vsctl --db="unix:$ADB" $WAIT --timeout=10 "$@" 2>&1)
    ovs_status=$?
    ours=$(sluice-vsctl --db="unix:$BDB" $WAIT --timeout=10 "$@" 2>&1)
    our_status=$?
    set -e
    ovs=$(printf '%s\n' "$ovs" | normalize)
    ours=$(printf '%s\n' "$ours" | normalize)
    N_CMDS=$((N_CMDS + 1))
    if [ "$ovs" != "$ours" ] || [ "$ovs_status" != "$our_status" ]; then
        printf '%s: "vsctl %s" differs\n--- ovs-vsctl (%s)\n%s\n--- sluice-vsctl (%s)\n%s\n' \
            "$TEST_NAME" "$*" "$ovs_status" "$ovs" "$our_status" "$ours" >&2
        exit 1
    fi
}

# Basics, as in ovs-vsctl-dbserver.sh.
same init
same_any show
same add-br br0
same add-port br0 vm1 -- set interface vm1 type=dpdkvhostuserclient \
    options:vhost-server-path=/tmp/vm1.sock
same add-port br0 vm2 -- set interface vm2 type=dpdkvhostuser
same set bridge br0 fail_mode=secure other_config:hwaddr=00:11:22:33:44:55
same set port vm1 tag=10 trunks=20,30
same set interface vm2 mtu_request=9000 ofport_request=7
same get bridge br0 fail_mode other_config name
same get interface vm1 options:vhost-server-path
same list-br
same list-ports br0
same list-ifaces br0
same port-to-br vm1
same iface-to-br vm2
same br-exists br0
same br-exists nope
same_any --columns=name,type,options list interface vm1
same_any --columns=name find interface type=dpdkvhostuser
same_any show
same add-br br0
same add-port br0 vm1
same del-port br0 nope
same --if-exists del-port br0 nope
same set bridge br0 fail_mode=bogus
same set-controller br0 tcp:127.0.0.1:6653 ptcp:6634
same get-controller br0
same del-controller br0
same set-fail-mode br0 standalone
same get-fail-mode br0
same add-br br1 -- set bridge br1 datapath_type=netdev
same list-br
same del-port br0 vm2
same list-ports br0
same clear bridge br0 other_config
same remove port vm1 trunks 20
same add port vm1 trunks 40
same get port vm1 trunks
same destroy bridge br1
same list-br
same del-br br1
same list-br
same_any show

# Database commands.
same list open_vswitch .
same --columns=name,tag,trunks list port vm1
same list bridge br0
same --if-exists list bridge nope
same list bridge nope
same list nosuchtable
same list i
same get bridge br0 _uuid
same get bridge nope name
same --if-exists get bridge nope name
same get bridge br0 nocolumn
same get bridge br0 name:x
same set bridge br0 other_config:a=1 'other_config:b="x y"' external_ids:k=v
same get bridge br0 other_config:a other_config:b external_ids
same get bridge br0 other_config:zz
same --if-exists get bridge br0 other_config:zz
same get br br0 other_config
same set bridge br0 name
same set bridge br0 name=x
same set bridge br0 nocol=1
same set open . cur_cfg=x
same clear bridge br0 name
same add bridge br0 name x
same remove bridge br0 ports x
same remove bridge br0 other_config a
same remove bridge br0 other_config b='"x y"'
same get bridge br0 other_config
same add bridge br0 other_config c=3 d=4
same add bridge br0 other_config c=5
same get bridge br0 other_config
same set port vm1 tag=[]
same set port vm1 tag=5000
same add port vm1 trunks 1,2,3
same get port vm1 trunks
same clear port vm1 trunks
same set port vm1 trunks=1-3,10-12
same get port vm1 trunks
same add port vm1 trunks 20-21
same get port vm1 trunks
same clear port vm1 trunks
same add port vm1 trunks 4096
same set port vm1 tag=7
same_any --columns=name find port tag=7
same_any --columns=name find port tag!=7
same_any --columns=name find port tag '<' 8
same_any --columns=name find port 'tag<8'
same_any --columns=name find port 'tag>6'
same_any --columns=name find port 'tag<=7'
same_any --columns=name find port 'tag>=8'
same set port vm1 trunks=1,2
same_any --columns=name find port trunks=1,2
same_any --columns=name find port 'trunks{=}[1,2]'
same_any --columns=name find port 'trunks{!=}[1,2]'
same_any --columns=name find port 'trunks{<=}[1,2,3]'
same_any --columns=name find port 'trunks{<}[1,2]'
same_any --columns=name find port 'trunks{>=}1'
same_any --columns=name find port 'trunks{>}1'
same_any --columns=name find bridge other_config:c=3
same_any --columns=name find bridge other_config:c!=3
same_any --columns=name find bridge other_config:zz=3
same_any --columns=name find bridge 'other_config{>=}c=3'
same_any --columns=name find bridge name=br0 fail_mode=standalone
same find bridge nope=1
same find port name:x=1
same_any --columns=name find interface
same wait-until bridge br0 fail_mode=standalone
same wait-until port vm1 tag=7 'trunks{>=}1'
same wait-until open . bridges!=[]

# create, destroy, --id and "--" chains.
same -- --id=@c create controller 'target="tcp:1.2.3.4:6653"' -- set bridge br0 controller=@c
same list controller
same get controller br0 target
same --id=@m create manager 'target="ptcp:6640"' -- add open . manager_options @m
same get-manager
same_any list manager
same --id=@q create qos type=linux-htb other_config:max-rate=1000000 -- set port vm1 qos=@q
same get qos vm1 type other_config:max-rate
same create qos type=linux-hfsc
same_any --columns=type list qos
same_any --all destroy qos
same_any --columns=type list qos
same --id=@q create qos type=linux-htb
same create bridge name=orphan
same --id=@a create bridge name=x -- --id=@a create bridge name=y
same --id=foo create bridge name=x
same set bridge br0 controller=@nowhere
same --id=@b get bridge br0 -- add open . bridges @b
same destroy bridge
same --all destroy bridge br0
same --if-exists destroy bridge nope
same destroy bridge nope
same destroy bridge br0
same list-br

# Options and argument counts.
same list-br extra
same add-br
same add-br a b c d
same add-br a b
same bogus-cmd
same --if-exists list-br
same -- --if-exists list-br
same -- --id get bridge br0
same -- --may-exist=3 add-br br0
same -- list-br --
same --oneline list-br -- list-ports br0 -- get bridge br0 name
same --dry-run add-br brx
same list-br
same -f table --columns=name,tag,trunks list port vm1
same -f csv --columns=name,other_config list bridge
same -f html --columns=name,other_config list bridge
same -f json --columns=name,other_config list bridge
same --format=table --no-headings --columns=name,fail_mode list bridge
same -d json --columns=name,other_config list bridge
same --data=bare --columns=name,other_config list bridge
same --bare --columns=name,trunks list port vm1
same -f csv -d bare --columns=name,other_config list bridge

# Bridges, fake bridges, ports, bonds.
same add-br br2
same add-br fk br2 100
same add-br fk2 fk 10
same add-br fk3 nope 10
same add-br fk4 br2 4096
same --may-exist add-br fk br2 100
same --may-exist add-br fk br2 101
same --may-exist add-br fk br0 100
same --may-exist add-br fk
same --may-exist add-br br2 br0 10
same --may-exist add-br br2
same list-br
same --real list-br
same --fake list-br
same br-to-vlan fk
same br-to-parent fk
same br-to-vlan br2
same br-to-parent br2
same br-to-vlan nope
same add-port fk p1
same get port p1 tag
same list-ports fk
same list-ports br2
same port-to-br p1
same add-port br2 p2 tag=9 other_config:x=y
same get port p2 tag other_config
same add-port br2 p3 -- set interface p3 type=internal
same add-port br2 p1
same add-port br9 p9
same add-port br2 fk
same add-port br2 br0
same --may-exist add-port br2 p2
same --may-exist add-port br0 p2
same add-bond br2 bond0 e1 e2 lacp=active
same add-bond br2 bond1 e3
same add-bond br2 bond1 e1 e4
same --fake-iface add-bond br2 bond2 e5 e6
same get port bond0 lacp
same get port bond2 bond_fake_iface
same --may-exist add-bond br2 bond0 e1 e2
same --may-exist add-bond br2 bond0 e1 e7
same list-ports br2
same list-ifaces br2
same iface-to-br e1
same port-to-br e1
same iface-to-br nope
same del-port br2 e1
same --with-iface del-port br2 e1
same list-ifaces br2
same del-port fk p2
same del-port br2 p1
same del-port p3
same --with-iface del-port e5
same list-ports br2
same set-controller fk tcp:10.0.0.1:6653
same get-controller br2
same get-fail-mode fk
same set-fail-mode fk secure
same get-fail-mode br2
same set-fail-mode br2 bogus
same del-fail-mode br2
same get-fail-mode br2
same_any show
same del-br fk
same list-br
same list-ports br2
same del-br nope
same --if-exists del-br nope
same del-br br2
same list-br
same_any show

# Managers and emer-reset.
same set-manager ptcp:6640 tcp:127.0.0.1:6641
same get-manager
same del-manager
same get-manager
same set-manager ptcp:6641
same set-controller br0 tcp:1.1.1.1:6653
same set bridge br0 other_config:hwaddr=00:11:22:33:44:55 other_config:foo=bar flood_vlans=5
same set port vm1 other_config:a=b
same set interface vm1 ingress_policing_rate=100
same emer-reset
same get-manager
same get-controller br0
same get bridge br0 other_config flood_vlans fail_mode
same get port vm1 other_config
same get interface vm1 ingress_policing_rate
same_any show
echo "$TEST_NAME: $N_CMDS commands printed the same with ovs-vsctl and sluice-vsctl"

# Waiting for the switch: a stand-in daemon per server copies next_cfg to
# cur_cfg and gives each new interface an ofport, -1 with an error for
# those named bad*.
fake_switch() {
    PYTHONPATH="$abs_top_srcdir/tests/system" python3 - "$1" <<'PY' &
import sys, time
from ovsdb_client import Client
c = Client(sys.argv[1])
while True:
    r, _ = c.call("transact", ["Open_vSwitch",
        {"op": "select", "table": "Open_vSwitch", "where": [],
         "columns": ["_uuid", "next_cfg", "cur_cfg"]},
        {"op": "select", "table": "Interface", "where": [],
         "columns": ["_uuid", "name", "ofport"]}])
    ops = ["Open_vSwitch"]
    for i in r["result"][1]["rows"]:
        if i["ofport"] == ["set", []]:
            bad = i["name"].startswith("bad")
            row = {"ofport": -1 if bad else 1}
            if bad:
                row["error"] = "could not open network device %s (No such device)" % i["name"]
            ops.append({"op": "update", "table": "Interface",
                        "where": [["_uuid", "==", i["_uuid"]]], "row": row})
    for o in r["result"][0]["rows"]:
        if o["cur_cfg"] != o["next_cfg"]:
            ops.append({"op": "update", "table": "Open_vSwitch",
                        "where": [["_uuid", "==", o["_uuid"]]],
                        "row": {"cur_cfg": o["next_cfg"]}})
    if len(ops) > 1:
        c.call("transact", ops)
    time.sleep(0.05)
PY
}
fake_switch "$ADB"
fake_a=$!
fake_switch "$BDB"
fake_b=$!
TEST_PIDS="$TEST_PIDS $fake_a $fake_b"
WAIT=
same add-port br0 w1
same get interface w1 ofport
same add-port br0 bad0
same add-br brw -- add-bond brw bond9 bad1 w2
same get open . cur_cfg next_cfg
same list-br
same set bridge br0 other_config:w=1
same get open . cur_cfg next_cfg
# The daemons stop: nothing catches up any more.
kill "$fake_a" "$fake_b"
wait "$fake_a" "$fake_b" 2>/dev/null || true
set +e
ours=$(sluice-vsctl --db="unix:$BDB" --timeout=1 add-br brt 2>&1)
our_status=$?
ovs=$(ovs-vsctl --db="unix:$ADB" --timeout=1 add-br brt 2>&1)
ovs_status=$?
set -e
ovs=$(printf '%s\n' "$ovs" | normalize)
ours=$(printf '%s\n' "$ours" | normalize)
[ "$ovs" = "$ours" ] && [ "$ovs_status" = "$our_status" ] \
    || fail "--timeout=1: ovs-vsctl ($ovs_status): $ovs; sluice-vsctl ($our_status): $ours"
[ "$our_status" = 142 ] || fail "--timeout=1 exited with $our_status, not 142"
N_CMDS=$((N_CMDS + 1))
WAIT=--no-wait
same list-br
echo "$TEST_NAME: $N_CMDS commands in all printed the same, waiting included"

# Scale: 1,000 ports in one invocation.
args=""
i=0
while [ $i -lt 1000 ]; do
    args="$args -- add-port br0 p$i"
    i=$((i + 1))
done
start=$(date +%s.%N)
sluice-vsctl --db="unix:$BDB" --no-wait --timeout=120 $args \
    || fail "adding 1,000 ports failed"
end=$(date +%s.%N)
n=$(sluice-vsctl --db="unix:$BDB" --no-wait list-ports br0 | grep -c '^p[0-9]')
[ "$n" = 1000 ] || fail "list-ports br0 shows $n of the 1,000 ports"
echo "$TEST_NAME: one sluice-vsctl invocation added 1,000 ports in" \
    "$(echo "$end - $start" | bc) s"

# Concurrency: invocations that race on br0's ports each replace the
# whole set, so only the check that nothing changed under them (and the
# retry when something did) keeps every port.
pids=""
j=0
while [ $j -lt 10 ]; do
    sluice-vsctl --db="unix:$BDB" --no-wait --timeout=60 \
        add-port br0 c$j-0 -- add-port br0 c$j-1 -- add-port br0 c$j-2 \
        -- add-port br0 c$j-3 -- add-port br0 c$j-4 &
    pids="$pids $!"
    j=$((j + 1))
done
for pid in $pids; do
    wait "$pid" || fail "a concurrent sluice-vsctl failed"
done
n=$(sluice-vsctl --db="unix:$BDB" --no-wait list-ports br0 | grep -c '^c')
[ "$n" = 50 ] || fail "after 10 concurrent invocations of 5 add-ports, $n ports"
echo "$TEST_NAME: 10 concurrent invocations added all their 50 ports"

pass
