# tshark decodes a whole session of the real ovs-ofctl (Open vSwitch 3.1)
# with sluice-vswitchd, message by message.
#
# sluice-vswitchd runs bridge br0 with two ports and a ptcp listener on
# 127.0.0.1; dumpcap captures the loopback device while ovs-ofctl, for each
# of OpenFlow 1.0, 1.3, 1.4 and 1.5, runs show, dump-desc, dump-ports,
# dump-ports-desc, dump-tables, add-flow with varied matches and actions,
# add-flows (with --bundle from 1.4), mod-flows, dump-flows,
# dump-aggregate, del-flows, packet-out, mod-port and get-frags.  Then
# tshark dissects the capture (openflow_v1, _v4, _v5, _v6) and:
#
#   - every byte that went over the OpenFlow connections belongs to a
#     message tshark decoded, and every message has a type tshark knows;
#   - no message from the switch draws an expert complaint of severity
#     error ("Malformed Packet" included), except the defects of this
#     tshark's own dissectors listed under KNOWN below;
#   - every request (a type or subtype named ..._REQUEST) gets a reply of
#     the matching type with its xid, and the switch sends no error;
#   - the replies this session must produce are all there.
#
# A summary counts the messages per version, direction and type.
# Complaints about ovs-ofctl's own requests are listed but are not
# Sluice's to fix.  The test runs in a network namespace of its own, when
# it can make one, so that the capture holds only this test's traffic.
#
# KNOWN defects of tshark 4.0's OpenFlow dissectors, tolerated:
#   oxm-7bit: openflow_v6 (OpenFlow 1.5) reads an OXM header's 7-bit field
#       with a call that cannot fetch 7 bits ("Trying to fetch an unsigned
#       integer with length 7") and then throws at the first OXM of a
#       match, so any 1.5 message that carries a match or OXM ids ends in
#       "Malformed Packet" right after an OXM class, whoever sent it.
#   of10-no-actions: openflow_v1 throws on a flow_mod without actions
#       (72 bytes), as ovs-ofctl sends for del-flows.

# Run in a private network namespace (loopback of our own) if possible.
if [ -z "${SLUICE_TSHARK_NETNS:-}" ] && [ "$(id -u)" = 0 ] \
        && unshare --net true 2>/dev/null; then
    SLUICE_TSHARK_NETNS=1 exec unshare --net "${SHELL:-/bin/sh}" "$0" "$@"
fi

. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

for prog in tshark dumpcap ovs-ofctl python3; do
    if ! command -v $prog >/dev/null; then
        echo "SKIP: $TEST_NAME: $prog not installed"
        test_failed=0
        exit 77
    fi
done

if [ -n "${SLUICE_TSHARK_NETNS:-}" ]; then
    ip link set lo up || fail "cannot bring up lo in the test's namespace"
fi

# A free TCP port on 127.0.0.1.
PORT=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
SW=tcp:127.0.0.1:$PORT
CAPTURE=$TESTDIR/openflow.pcapng

start_daemon sluice-vswitchd --dpdk-config="$DP_TEST_CONFIG" >/dev/null
check_output "" sluice-appctl bridge/add br0
check_output "1" sluice-appctl bridge/add-port br0 p1 type=dpdk \
    dpdk-devargs=net_ring0
check_output "2" sluice-appctl bridge/add-port br0 p2 type=dpdk \
    dpdk-devargs=net_ring1
check_output "" sluice-appctl bridge/set-listeners br0 "ptcp:$PORT:127.0.0.1"
wait_for 10 ovs-ofctl probe "$SW" || fail "nothing listens on $SW"

# Capture from here on.  dumpcap says "Capturing on" once it captures.
dumpcap -i lo -f "port $PORT" -w "$CAPTURE" \
    >"$TESTDIR/dumpcap.log" 2>&1 &
DUMPCAP_PID=$!
TEST_PIDS="$TEST_PIDS $DUMPCAP_PID"
wait_for 10 grep -q "Capturing on" "$TESTDIR/dumpcap.log" \
    || fail "dumpcap did not start: $(cat "$TESTDIR/dumpcap.log")"

FAILURES=""
# ofctl VERSION ARGS...: runs ovs-ofctl -O VERSION ARGS against the switch;
# a failure is recorded with its output.
ofctl() {
    v=$1; shift
    if ! out=$(ovs-ofctl -O "$v" "$@" 2>&1); then
        FAILURES="$FAILURES
  ovs-ofctl -O $v $*: $(echo "$out" | head -n 3)"
    fi
}

# Flows every version can carry (OpenFlow 1.0 reaches IPv6 through
# Nicira extensions), then flows with OpenFlow 1.1+ instructions.
cat >"$TESTDIR/flows-common.txt" <<'EOF'
priority=100,in_port=1,actions=output:2
priority=90,dl_src=00:11:22:33:44:55,dl_dst=66:77:88:99:aa:bb,actions=output:1
priority=80,dl_vlan=10,actions=strip_vlan,output:2
priority=70,ip,nw_src=10.0.0.0/8,nw_dst=10.1.1.1,actions=mod_nw_dst:10.1.1.2,1
priority=60,tcp,tp_dst=80,actions=mod_tp_dst:8080,output:2
priority=50,udp,nw_tos=32,tp_src=53,actions=mod_vlan_vid:20,output:1
priority=40,arp,arp_tpa=10.0.0.1,actions=drop
priority=30,cookie=0x42,idle_timeout=60,hard_timeout=90,icmp,actions=controller
priority=20,ipv6,actions=output:2
priority=10,actions=NORMAL
EOF
cat >"$TESTDIR/flows-of13.txt" <<'EOF'
table=1,priority=10,ip,actions=push_vlan:0x8100,mod_vlan_vid:5,output:2
priority=5,tcp6,ipv6_src=2001:db8::/32,tp_dst=443,actions=dec_ttl,goto_table:1
priority=4,in_port=2,actions=write_metadata:0x1/0xff,goto_table:1
table=1,priority=3,metadata=0x1/0xff,ip,actions=dec_ttl,output:1
EOF
cat >"$TESTDIR/flows-file.txt" <<'EOF'
table=2,priority=7,in_port=1,dl_type=0x0800,nw_proto=17,actions=output:2
table=2,priority=6,in_port=2,actions=output:1
table=2,priority=5,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=drop
EOF
PACKET=505400000001505400000002080045000014000000004011f98a0a0000010a000002

# Only dump-flows looks names up (ovs-ofctl fetches the port descriptions
# and, from OpenFlow 1.3, the table features, 400 kB, for each command
# that does), so that the capture stays small.
for v in OpenFlow10 OpenFlow13 OpenFlow14 OpenFlow15; do
    ofctl $v show "$SW"
    ofctl $v dump-desc "$SW"
    ofctl $v dump-ports "$SW"
    ofctl $v dump-ports-desc "$SW"
    ofctl $v dump-tables "$SW"
    ofctl $v get-frags "$SW"
    while read -r flow; do
        ofctl $v --no-names add-flow "$SW" "$flow"
    done <"$TESTDIR/flows-common.txt"
    if [ $v != OpenFlow10 ]; then
        while read -r flow; do
            ofctl $v --no-names add-flow "$SW" "$flow"
        done <"$TESTDIR/flows-of13.txt"
    fi
    case $v in
        OpenFlow10|OpenFlow13) bundle="" ;;
        *) bundle=--bundle ;;
    esac
    ofctl $v --no-names $bundle add-flows "$SW" "$TESTDIR/flows-file.txt"
    ofctl $v --no-names mod-flows "$SW" "ip,actions=output:1"
    ofctl $v --no-names --strict mod-flows "$SW" \
        "priority=60,tcp,tp_dst=80,actions=output:1"
    ofctl $v dump-flows "$SW"
    ofctl $v --no-names dump-flows "$SW" "ip"
    ofctl $v --no-names dump-aggregate "$SW"
    ofctl $v --no-names dump-aggregate "$SW" "tcp"
    ofctl $v --no-names packet-out "$SW" \
        "in_port=1 packet=$PACKET actions=output:2"
    ofctl $v mod-port "$SW" p1 down
    ofctl $v mod-port "$SW" p1 up
    ofctl $v --no-names --strict del-flows "$SW" "priority=100,in_port=1"
    ofctl $v --no-names del-flows "$SW" "tcp"
    ofctl $v --no-names del-flows "$SW"
done

# dumpcap lags behind and drops what it has not read when it is stopped:
# send it a UDP datagram to the same port as the end marker, and stop it
# once the capture file has it.
marker_seen() {
    python3 -c 'import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
    b"end of session", ("127.0.0.1", int(sys.argv[1])))' "$PORT"
    tshark -n -r "$CAPTURE" -Y "udp.dstport == $PORT" 2>/dev/null \
        | grep -q .
}
wait_for 30 marker_seen || fail "dumpcap did not capture the end marker"
kill -TERM "$DUMPCAP_PID"
wait "$DUMPCAP_PID" || :
check_output "" sluice-appctl bridge/del br0

cat >"$TESTDIR/analyze.py" <<'EOF'
# analyze.py PDML PORT FLAGGED SENT: checks and summarizes the OpenFlow
# messages that tshark decoded (see tshark-openflow.sh) into PDML ("-" for
# standard input) from a capture of OpenFlow over TCP port PORT.  Prints
# the summary; prints problems to stderr, writes the numbers of the frames
# with switch messages that tshark flags to FLAGGED, one a line, and the
# bytes the switch sent, connection after connection, to SENT; exits 1 if
# there are problems.
import collections
import re
import sys
import xml.etree.ElementTree as ET

pdml, port, flagged, sent = sys.argv[1:5]
if pdml == "-":
    pdml = sys.stdin
VERSIONS = {"openflow_v1": "1.0", "openflow_v4": "1.3",
            "openflow_v5": "1.4", "openflow_v6": "1.5"}
SEV_ERROR = 0x800000
problems = []
flagged_frames = set()
notes = collections.Counter()
msgs = []
payload = collections.Counter()
streams = collections.defaultdict(bytearray)


def type_name(showname):
    m = re.match(r"Type: (\S+)", showname or "")
    return m.group(1) if m else "?"


for _, pkt in ET.iterparse(pdml):
    if pkt.tag != "packet":
        continue
    frame = pkt.find("proto[@name='geninfo']/field[@name='num']").get("show")
    tcp = {}
    last = None
    for proto in pkt.findall("proto"):
        name = proto.get("name")
        if name == "tcp":
            for f in proto.iter("field"):
                if f.get("name") in ("tcp.srcport", "tcp.stream", "tcp.len",
                                     "tcp.seq", "tcp.payload"):
                    tcp.setdefault(f.get("name"), f.get("show"))
            if "tcp.payload" in tcp:
                data = bytes.fromhex(tcp["tcp.payload"].replace(":", ""))
                key = tcp["tcp.stream"], tcp["tcp.srcport"] == port
                seq = int(tcp["tcp.seq"]) - 1
                buf = streams[key]
                if len(buf) < seq + len(data):
                    buf.extend(bytes(seq + len(data) - len(buf)))
                buf[seq:seq + len(data)] = data
            # The data sent so far, counted by sequence number, so that
            # a retransmission does not count twice.
            if int(tcp.get("tcp.len", "0")) > 0:
                key = tcp["tcp.stream"], tcp["tcp.srcport"] == port
                payload[key] = max(payload[key], int(tcp["tcp.seq"])
                                   + int(tcp["tcp.len"]) - 1)
        elif name in VERSIONS:
            m = {"ver": VERSIONS[name], "frame": frame,
                 "stream": tcp["tcp.stream"], "size": int(proto.get("size")),
                 "pos": int(proto.get("pos")),
                 "switch": tcp["tcp.srcport"] == port,
                 "type": "?", "sub": "", "xid": None, "errors": [],
                 "warnings": []}
            for f in proto:
                n = f.get("name") or ""
                if n.endswith(".type") and m["type"] == "?":
                    m["type"] = type_name(f.get("showname"))
                elif n.endswith(".xid") and m["xid"] is None:
                    m["xid"] = f.get("show")
                elif (n.endswith("multipart_request.type")
                      or n.endswith("multipart_reply.type")
                      or n.endswith("bundle_control.type")):
                    m["sub"] = type_name(f.get("showname"))
            fields = [f.get("name") for f in proto.iter("field")
                      if not (f.get("name") or "").startswith("_ws")]
            m["last"] = fields[-1] if fields else ""
            last = m
            msgs.append(m)
        elif name != "_ws.malformed":
            continue
        if last is None:
            continue
        for e in proto.iter("field"):
            if e.get("name") != "_ws.expert":
                continue
            text = sev = None
            for f in e:
                if f.get("name") == "_ws.expert.message":
                    text = f.get("show")
                elif f.get("name") == "_ws.expert.severity":
                    sev = int(f.get("show"))
            if text is None:
                text = e.get("showname")
            if sev is not None and sev >= SEV_ERROR:
                last["errors"].append(text)
            else:
                last["warnings"].append(text)
    pkt.clear()

if not msgs:
    print("no OpenFlow message in the capture", file=sys.stderr)
    sys.exit(1)


def label(m):
    return m["type"] + ("/" + m["sub"] if m["sub"] else "")


def who(m):
    return "switch" if m["switch"] else "ovs-ofctl"


def known_defect(m):
    """The tshark defect (see KNOWN in the script) that explains m's
    errors, or None."""
    if (m["ver"] == "1.5"
            and (m["last"] == "openflow_v6.oxm.class"
                 or "Trying to fetch an unsigned integer with length 7"
                 in m["warnings"])
            and all(e.startswith(("Malformed Packet", "Length is too short"))
                    for e in m["errors"])):
        # The misread header shifts everything after it, so later
        # lengths come out wrong too.
        return "oxm-7bit"
    if (m["ver"] == "1.0" and m["type"] == "OFPT_FLOW_MOD"
            and m["size"] == 72 and not m["switch"]):
        return "of10-no-actions"
    return None


# Every payload byte belongs to a decoded message.
decoded = collections.Counter()
for m in msgs:
    decoded[m["stream"], m["switch"]] += m["size"]
for key in sorted(set(payload) | set(decoded)):
    if payload[key] != decoded[key]:
        problems.append("stream %s from %s: %d payload bytes, %d in decoded "
                        "messages" % (key[0], "switch" if key[1] else
                                      "ovs-ofctl", payload[key],
                                      decoded[key]))

# Types known, errors explained.
for m in msgs:
    if m["type"] in ("?", "Unknown") or "nknown" in label(m):
        problems.append("frame %s: OpenFlow %s message from %s of a type "
                        "tshark does not know: %s"
                        % (m["frame"], m["ver"], who(m), label(m)))
    for w in set(m["warnings"]):
        notes["warning: OpenFlow %s %s from %s: %s"
              % (m["ver"], label(m), who(m), w)] += 1
    if not m["errors"]:
        continue
    known = known_defect(m)
    if known:
        notes["known tshark defect %s: OpenFlow %s %s from %s"
              % (known, m["ver"], label(m), who(m))] += 1
    elif m["switch"]:
        flagged_frames.add(m["frame"])
        problems.append("frame %s: OpenFlow %s %s (%d bytes at offset %d) "
                        "from the switch: %s"
                        % (m["frame"], m["ver"], label(m), m["size"],
                           m["pos"], "; ".join(sorted(set(m["errors"])))))
    else:
        notes["tshark complains about ovs-ofctl's OpenFlow %s %s: %s"
              % (m["ver"], label(m), "; ".join(sorted(set(m["errors"]))))] \
            += 1

# Requests get replies with their xid; the switch sends no error.
by_xid = collections.defaultdict(list)
for m in msgs:
    by_xid[m["stream"], m["switch"], m["xid"]].append(m)
for m in msgs:
    if m["switch"] and m["type"] == "OFPT_ERROR":
        problems.append("frame %s: the switch sent an error (OpenFlow %s, "
                        "xid %s)" % (m["frame"], m["ver"], m["xid"]))
    if "REQUEST" not in label(m):
        continue
    want = label(m).replace("REQUEST", "REPLY")
    got = [label(r) for r in by_xid[m["stream"], not m["switch"], m["xid"]]]
    if want not in got:
        problems.append("frame %s: OpenFlow %s %s from %s (xid %s) has no "
                        "%s, only: %s" % (m["frame"], m["ver"], label(m),
                                          who(m), m["xid"], want,
                                          ", ".join(got) or "nothing"))

# The replies this session must draw from the switch.
REQUIRED = {
    "1.0": ["OFPT_FEATURES_REPLY", "OFPT_GET_CONFIG_REPLY",
            "OFPT_STATS_REPLY", "OFPT_BARRIER_REPLY"],
    "1.3": ["OFPT_FEATURES_REPLY", "OFPT_GET_CONFIG_REPLY",
            "OFPT_BARRIER_REPLY", "OFPT_MULTIPART_REPLY/OFPMP_DESC",
            "OFPT_MULTIPART_REPLY/OFPMP_PORT_STATS",
            "OFPT_MULTIPART_REPLY/OFPMP_PORT_DESC",
            "OFPT_MULTIPART_REPLY/OFPMP_TABLE",
            "OFPT_MULTIPART_REPLY/OFPMP_FLOW",
            "OFPT_MULTIPART_REPLY/OFPMP_AGGREGATE"],
}
REQUIRED["1.4"] = REQUIRED["1.3"] + [
    "OFPT_BUNDLE_CONTROL/OFPBCT_OPEN_REPLY",
    "OFPT_BUNDLE_CONTROL/OFPBCT_COMMIT_REPLY"]
REQUIRED["1.5"] = [r.replace("OFPMP_FLOW", "OFPMP_FLOW_DESC")
                   .replace("OFPMP_AGGREGATE", "OFPMP_AGGREGATE_STATS")
                   .replace("OFPMP_TABLE", "OFPMP_TABLE_STATS")
                   for r in REQUIRED["1.4"]]
seen = {(m["ver"], label(m)) for m in msgs if m["switch"]}
for ver, labels in sorted(REQUIRED.items()):
    for lab in labels:
        if (ver, lab) not in seen:
            problems.append("OpenFlow %s: no %s from the switch"
                            % (ver, lab))

# Summary.
count = collections.Counter((m["ver"], who(m), label(m)) for m in msgs)
print("OpenFlow messages decoded: %d" % len(msgs))
for (ver, src, lab), n in sorted(count.items()):
    print("  %s %-9s %-50s %5d" % (ver, src, lab, n))
for note, n in sorted(notes.items()):
    print("  note: %s (%d)" % (note, n))
for p in problems:
    print("PROBLEM: " + p, file=sys.stderr)
with open(sent, "wb") as f:
    for key in sorted(streams, key=lambda k: int(k[0])):
        if key[1]:
            f.write(streams[key])
with open(flagged, "w") as f:
    for frame in sorted(flagged_frames, key=int):
        print(frame, file=f)
sys.exit(1 if problems else 0)
EOF
# Dissect.  PDML keeps the messages of one segment apart, each with its
# expert information and any "Malformed Packet" after it.
{
    tshark -n -r "$CAPTURE" -d "tcp.port==$PORT,openflow" \
        -Y "tcp.len > 0" -T pdml 2>"$TESTDIR/tshark.err"
    echo $? >"$TESTDIR/tshark.status"
} | python3 "$TESTDIR/analyze.py" - "$PORT" "$TESTDIR/flagged.txt" \
        "$TESTDIR/switch.bin" \
    || FAILURES="$FAILURES
  tshark's decoding (above; capture $CAPTURE)"
[ "$(cat "$TESTDIR/tshark.status")" = 0 ] \
    || fail "tshark failed: $(cat "$TESTDIR/tshark.err")"
if [ -s "$TESTDIR/flagged.txt" ]; then
    frames=$(paste -s -d , "$TESTDIR/flagged.txt")
    tshark -n -r "$CAPTURE" -d "tcp.port==$PORT,openflow" \
        -Y "frame.number in {$frames}" -V -x >"$TESTDIR/flagged-frames.txt" \
        2>&1
    echo "$TEST_NAME: flagged frames, decoded, with bytes:" \
        "$TESTDIR/flagged-frames.txt" >&2
fi

# tshark cannot decode all of what the switch says (see KNOWN): the real
# ovs-ofctl decodes it all, every message the switch sent, in order.
ovs-ofctl ofp-parse "$TESTDIR/switch.bin" >"$TESTDIR/switch.txt" 2>&1 \
    || FAILURES="$FAILURES
  ovs-ofctl ofp-parse of the switch's messages failed"
if grep -q '^\*\*\*' "$TESTDIR/switch.txt"; then
    grep -A 3 '^\*\*\*' "$TESTDIR/switch.txt" | head -n 20 >&2
    FAILURES="$FAILURES
  ovs-ofctl cannot decode messages from the switch ($TESTDIR/switch.txt)"
fi
n=$(grep -c '^OFP\|^NXT\|^NXST\|^ONF' "$TESTDIR/switch.txt" || :)
echo "$TEST_NAME: ovs-ofctl ofp-parse decodes the switch's $n messages"

if [ -n "$FAILURES" ]; then
    fail "failures:$FAILURES"
fi
pass
