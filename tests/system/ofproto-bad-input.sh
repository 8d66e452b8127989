# Malformed OpenFlow against a running switch: each message of the table
# below goes to a bridge's management socket (tests/system/ofp-send.py, in
# OpenFlow 1.0, 1.3 or 1.5), and the switch must answer exactly the error
# type and code given, with the request's xid, and then still answer an
# echo request on the same connection.
#
# The expected answers are literals: what the OpenFlow specification of
# the version gives, which is what Open vSwitch 3.1 answers to the same
# bytes (checked against ovs-vswitchd with a netdev bridge), except where
# a comment says otherwise.  Open vSwitch accepts some messages that look
# malformed (output to port 0, a packet-out from port 0, OpenFlow 1.1's
# standard match in 1.3), so they are not here.  A message whose length
# field is beyond what is sent is not here either: on a stream the switch
# rightly waits for the rest.
#
# Every mismatch is reported, and the test fails at the end if there was
# one.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

command -v python3 >/dev/null || fail "python3 is needed for ofp-send.py"
SEND="$abs_top_srcdir/tests/system/ofp-send.py"

start_switch_daemon "$DP_TEST_CONFIG"
check_output "" sluice-appctl bridge/add br0 fail_mode=secure
SOCK=$SLUICE_RUNDIR/br0.mgmt
wait_for 10 test -S "$SOCK" || fail "no $SOCK"

FAILURES=0
N_CASES=0
# check VERSION NAME EXPECTED HEX...: sends the messages HEX in one
# connection in OpenFlow VERSION; what the switch answers to them, but for
# the echo replies, joined by "; ", must be EXPECTED, and every message
# must be followed by an answered echo.
check() {
    version=$1 name=$2 expected=$3
    shift 3
    N_CASES=$((N_CASES + 1))
    set +e
    out=$(python3 "$SEND" --version "$version" "$SOCK" "$@" 2>&1)
    status=$?
    set -e
    n_echo=$(printf '%s\n' "$out" | grep -c ': echo ok$' || true)
    actual=$(printf '%s\n' "$out" | grep -v ': echo ok$' \
             | sed 's/^MSG [0-9]*: //' | paste -s -d ';' - | sed 's/;/; /g')
    if [ "$status" -ne 0 ] || [ "$n_echo" -ne $# ] \
            || [ "$actual" != "$expected" ]; then
        FAILURES=$((FAILURES + 1))
        printf '%s: OpenFlow %s, %s:\n  expected: %s\n  actual:   %s\n' \
            "$TEST_NAME" "$version" "$name" "$expected" \
            "$(printf '%s\n' "$out" | paste -s -d ';' - | sed 's/;/; /g')" >&2
    fi
}

# OpenFlow 1.0.
# Unknown message type: OFPBRC_BAD_TYPE.
check 1.0 "unknown message type" \
    "error type=1 code=1 xid=0x101" \
    "0130000800000101"
# Set_config without body: OFPBRC_BAD_LEN.
check 1.0 "set_config without body" \
    "error type=1 code=6 xid=0x102" \
    "0109000800000102"
# Truncated flow_mod: OFPBRC_BAD_LEN.
check 1.0 "truncated flow_mod" \
    "error type=1 code=6 xid=0x103" \
    "010e003c00000103
     003fffff00000000000000000000000000000000000000000000000000000000
     0000000000000000000000000000000000000000"
# Unknown stats type: OFPBRC_BAD_STAT.
check 1.0 "unknown stats type" \
    "error type=1 code=2 xid=0x104" \
    "0110000c00000104
     00200000"
# Unknown vendor: OFPBRC_BAD_VENDOR.
check 1.0 "unknown vendor" \
    "error type=1 code=3 xid=0x105" \
    "0104001000000105
     00abcdef00000000"
# Unknown Nicira subtype: OFPBRC_BAD_SUBTYPE.
check 1.0 "unknown Nicira subtype" \
    "error type=1 code=4 xid=0x106" \
    "0104001000000106
     000023200000fffe"
# Flow_mod bad command: OFPFMFC_BAD_COMMAND.
check 1.0 "flow_mod bad command" \
    "error type=3 code=4 xid=0x107" \
    "010e004800000107
     003fffff00000000000000000000000000000000000000000000000000000000
     000000000000000000000000000000000007000000008000ffffffffffff0000"
# Unknown action type: OFPBAC_BAD_TYPE.
check 1.0 "unknown action type" \
    "error type=2 code=0 xid=0x108" \
    "010e005000000108
     003fffff00000000000000000000000000000000000000000000000000000000
     000000000000000000000000000000000000000000008000ffffffffffff0000
     00ee000800000000"
# Action length 4: OFPBAC_BAD_LEN.
check 1.0 "action length 4" \
    "error type=2 code=1 xid=0x109" \
    "010e005000000109
     003fffff00000000000000000000000000000000000000000000000000000000
     000000000000000000000000000000000000000000008000ffffffffffff0000
     0000000400010000"
# Action over message end: OFPBAC_BAD_LEN.
check 1.0 "action over message end" \
    "error type=2 code=1 xid=0x10a" \
    "010e00500000010a
     003fffff00000000000000000000000000000000000000000000000000000000
     000000000000000000000000000000000000000000008000ffffffffffff0000
     0000001000010000"
# Output to port 0xff00: OFPBAC_BAD_OUT_PORT.
check 1.0 "output to port 0xff00" \
    "error type=2 code=4 xid=0x10b" \
    "010e00500000010b
     003fffff00000000000000000000000000000000000000000000000000000000
     000000000000000000000000000000000000000000008000ffffffffffff0000
     00000008ff00ffff"
# Packet_out bad in_port: OFPBRC_BAD_PORT as Nicira vendor error.
check 1.0 "packet_out bad in_port" \
    "error type=1 code=514 exp=0x2320 xid=0x10c" \
    "010d00260000010c
     ffffffffff00000800000008fffdffff0000000000000000000000000000"
# Flow stats request without body: OFPBRC_BAD_LEN.
check 1.0 "flow stats request without body" \
    "error type=1 code=6 xid=0x10d" \
    "0110000c0000010d
     00010000"
# Packet_out actions_len over message: OFPBRC_BAD_LEN.
check 1.0 "packet_out actions_len over message" \
    "error type=1 code=6 xid=0x10e" \
    "010d00180000010e
     fffffffffffd0040000000080001ffff"

# OpenFlow 1.3.
# Unknown message type: OFPBRC_BAD_TYPE.
check 1.3 "unknown message type" \
    "error type=1 code=1 xid=0x301" \
    "0440000800000301"
# Unknown multipart type: OFPBRC_BAD_MULTIPART.
check 1.3 "unknown multipart type" \
    "error type=1 code=2 xid=0x302" \
    "0412001000000302
     0030000000000000"
# Unknown experimenter: OFPBRC_BAD_EXPERIMENTER.
check 1.3 "unknown experimenter" \
    "error type=1 code=3 xid=0x303" \
    "0404001000000303
     00abcdef00000000"
# Truncated flow_mod: OFPBRC_BAD_LEN.
check 1.3 "truncated flow_mod" \
    "error type=1 code=6 xid=0x304" \
    "040e002800000304
     000000000000000000000000000000000000000000008000ffffffffffffffff"
# Flow_mod bad command: OFPFMFC_BAD_COMMAND.
check 1.3 "flow_mod bad command" \
    "error type=5 code=6 xid=0x305" \
    "040e003800000305
     000000000000000000000000000000000006000000008000ffffffffffffffff
     ffffffff000000000001000400000000"
# Flow_mod table 255 add: OFPFMFC_BAD_TABLE_ID.
check 1.3 "flow_mod table 255 add" \
    "error type=5 code=2 xid=0x306" \
    "040e003800000306
     00000000000000000000000000000000ff00000000008000ffffffffffffffff
     ffffffff000000000001000400000000"
# Unknown OXM field: OFPBMC_BAD_FIELD.
check 1.3 "unknown OXM field" \
    "error type=4 code=6 xid=0x308" \
    "040e004000000308
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff000000000001000c8000fe040000000100000000"
# OXM in_port length 3: OFPBMC_BAD_FIELD.
check 1.3 "OXM in_port length 3" \
    "error type=4 code=6 xid=0x309" \
    "040e004000000309
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff000000000001000b800000030000010000000000"
# Masked in_port: OFPBMC_BAD_MASK.
check 1.3 "masked in_port" \
    "error type=4 code=8 xid=0x30a" \
    "040e00400000030a
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff00000000000100108000010800000001000000ff"
# Ipv4_src without eth_type: OFPBMC_BAD_PREREQ.
check 1.3 "ipv4_src without eth_type" \
    "error type=4 code=9 xid=0x30b" \
    "040e00400000030b
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff000000000001000c800016040a00000100000000"
# Duplicate in_port: OFPBMC_DUP_FIELD.
check 1.3 "duplicate in_port" \
    "error type=4 code=10 xid=0x30c" \
    "040e00480000030c
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff00000000000100148000000400000001800000040000000200000000"
# Vlan_vid over 13 bits: OFPBMC_BAD_VALUE.
check 1.3 "vlan_vid over 13 bits" \
    "error type=4 code=7 xid=0x30d" \
    "040e00400000030d
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff000000000001000a80000c023fff000000000000"
# Match length over message: OFPBMC_BAD_LEN.
check 1.3 "match length over message" \
    "error type=4 code=1 xid=0x30e" \
    "040e00380000030e
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff00000000000100c800000000"
# Unknown instruction: OFPBIC_UNKNOWN_INST.
check 1.3 "unknown instruction" \
    "error type=3 code=0 xid=0x30f" \
    "040e00400000030f
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff0000000000010004000000000009000800000000"
# Apply_actions length 4: OFPBIC_BAD_LEN.
check 1.3 "apply_actions length 4" \
    "error type=3 code=7 xid=0x310" \
    "040e004000000310
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff0000000000010004000000000004000400000000"
# Goto_table backwards: OFPBIC_BAD_TABLE_ID.
check 1.3 "goto_table backwards" \
    "error type=3 code=2 xid=0x311" \
    "040e004000000311
     000000000000000000000000000000000500000000008000ffffffffffffffff
     ffffffff0000000000010004000000000001000803000000"
# Goto_table own table: OFPBIC_BAD_TABLE_ID.
check 1.3 "goto_table own table" \
    "error type=3 code=2 xid=0x312" \
    "040e004000000312
     000000000000000000000000000000000500000000008000ffffffffffffffff
     ffffffff0000000000010004000000000001000805000000"
# Unknown action type: OFPBAC_BAD_TYPE.
check 1.3 "unknown action type" \
    "error type=2 code=0 xid=0x313" \
    "040e004800000313
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff000000000001000400000000000400100000000000ee000800000000"
# Output to port 0xffffff00: OFPBAC_BAD_OUT_PORT.
check 1.3 "output to port 0xffffff00" \
    "error type=2 code=4 xid=0x314" \
    "040e005000000314
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff000000000001000400000000000400180000000000000010ffffff00
     ffff000000000000"
# Action length 12: OFPBRC_BAD_LEN.
check 1.3 "action length 12" \
    "error type=1 code=6 xid=0x315" \
    "040e004c00000315
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff00000000000100040000000000040014000000000000000c00000001
     00000000"
# Set_field ipv4_src without ip match: OFPBAC_MATCH_INCONSISTENT.
check 1.3 "set_field ipv4_src without ip match" \
    "error type=2 code=10 xid=0x316" \
    "040e005000000316
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff00000000000100040000000000040018000000000019001080001604
     0a00000100000000"
# Group_mod bad command: OFPGMFC_BAD_COMMAND.
check 1.3 "group_mod bad command" \
    "error type=6 code=11 xid=0x317" \
    "040f001000000317
     0010000000000001"
# Packet_out in_port over max: OFPBRC_BAD_PORT.
check 1.3 "packet_out in_port over max" \
    "error type=1 code=11 xid=0x319" \
    "040d003600000319
     ffffffffffffff00001000000000000000000010fffffffdffff000000000000
     0000000000000000000000000000"
# Meter_mod bad command: OFPMMFC_BAD_COMMAND.
check 1.3 "meter_mod bad command" \
    "error type=12 code=4 xid=0x31a" \
    "041d00100000031a
     0007000100000001"
# Table_mod internal table 254: OFPTMFC_EPERM.
check 1.3 "table_mod internal table 254" \
    "error type=8 code=2 xid=0x31b" \
    "041100100000031b
     fe000000000000ff"
# Port_mod no such port: OFPPMFC_BAD_PORT.
check 1.3 "port_mod no such port" \
    "error type=7 code=0 xid=0x31c" \
    "041000280000031c
     0000004d00000000000000000000000000000001000000010000000000000000"

# OpenFlow 1.5.
# Unknown message type: OFPBRC_BAD_TYPE.
check 1.5 "unknown message type" \
    "error type=1 code=1 xid=0x501" \
    "0650000800000501"
# Tcp_dst without ip_proto: OFPBMC_BAD_PREREQ.
check 1.5 "tcp_dst without ip_proto" \
    "error type=4 code=9 xid=0x502" \
    "060e004000000502
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff000000000001001080000a02080080001c020050"
# Goto_table backwards: OFPBIC_BAD_TABLE_ID.
check 1.5 "goto_table backwards" \
    "error type=3 code=2 xid=0x503" \
    "060e004000000503
     000000000000000000000000000000000900000000008000ffffffffffffffff
     ffffffff0000000000010004000000000001000801000000"
# Bundle commit unknown id: OFPBFC_BAD_ID.
check 1.5 "bundle commit unknown id" \
    "error type=17 code=2 xid=0x504" \
    "0621001000000504
     0000004d00040000"
# Bundle control bad type: OFPBFC_BAD_TYPE.
check 1.5 "bundle control bad type" \
    "error type=17 code=6 xid=0x505" \
    "0621001000000505
     0000004e00090000"
# Bundle open bad flags: OFPBFC_BAD_FLAGS.
check 1.5 "bundle open bad flags" \
    "error type=17 code=7 xid=0x506" \
    "0621001000000506
     0000004f00000010"
# Bundle open twice: OFPBFC_BAD_ID.
check 1.5 "bundle open twice" \
    "type=33 xid=0x507; error type=17 code=2 xid=0x508" \
    "0621001000000507
     0000005000000000" \
    "0621001000000508
     0000005000000000"
# Bundle add xid mismatch: OFPBFC_MSG_BAD_XID.
check 1.5 "bundle add xid mismatch" \
    "type=33 xid=0x509; error type=17 code=9 xid=0x50a" \
    "0621001000000509
     0000005100000000" \
    "062200480000050a
     0000005100000000060e00380000099900000000000000000000000000000000
     0000000000008000ffffffffffffffffffffffff000000000001000400000000"
# Bundle add echo: OFPBFC_MSG_UNSUP.
check 1.5 "bundle add echo" \
    "type=33 xid=0x50b; error type=17 code=10 xid=0x50c" \
    "062100100000050b
     0000005200000000" \
    "062200180000050c
     0000005200000000060200080000050c"
# Bundle add to closed bundle: OFPBFC_BUNDLE_CLOSED.
check 1.5 "bundle add to closed bundle" \
    "type=33 xid=0x50d; type=33 xid=0x50e; error type=17 code=4 xid=0x50f" \
    "062100100000050d
     0000005300000000" \
    "062100100000050e
     0000005300020000" \
    "062200480000050f
     0000005300000000060e00380000050f00000000000000000000000000000000
     0000000000008000ffffffffffffffffffffffff000000000001000400000000"
# Packet_out match with eth_type: OFPBRC_PIPELINE_FIELDS_ONLY.
check 1.5 "packet_out match with eth_type" \
    "error type=1 code=17 xid=0x510" \
    "060d004600000510
     ffffffff001000000001001280000004fffffffd80000a020800000000000000
     0000001000000001ffff0000000000000000000000000000000000000000"
# Packet_out in_port over max: OFPBRC_BAD_PORT.
check 1.5 "packet_out in_port over max" \
    "error type=1 code=11 xid=0x511" \
    "060d003e00000511
     ffffffff001000000001000c80000004ffffff00000000000000001000000001
     ffff0000000000000000000000000000000000000000"
# Bundle add version mismatch: NXBFC_BAD_VERSION (Nicira experimenter error).
check 1.5 "bundle add version mismatch" \
    "type=33 xid=0x512; error type=65535 code=22 exp=0x2320 xid=0x513" \
    "0621001000000512
     0000005400000000" \
    "0622004800000513
     0000005400000000040e00380000051300000000000000000000000000000000
     0000000000008000ffffffffffffffffffffffff000000000001000400000000"

# The connection still works for ordinary requests: a flow goes in.
check 1.3 "a good flow_mod after all that" "" \
    "040e003800000600
     000000000000000000000000000000000000000000008000ffffffffffffffff
     ffffffff000000000001000400000000"
ovs-ofctl -O OpenFlow13 --no-stats dump-flows "unix:$SOCK" \
    | grep -qx ' actions=drop' || fail "the good flow_mod was lost"

[ "$(sluice-appctl bridge/show br0 | grep -c '^br0:')" -ge 1 ] \
    || fail "bridge br0 went away"
[ "$FAILURES" -eq 0 ] || fail "$FAILURES of $N_CASES cases answered wrongly"
check_output "" sluice-appctl exit
pass
