# Flow extraction agrees with tshark's decoding, field by field, for every
# packet shape in tests/flow-shapes (one per protocol combination, plus
# truncated and malformed variants), tshark finds the checksums that
# lib/csum.c computed for those packets good, and the comparison notices a
# single wrong field.
. "$abs_top_srcdir/tests/system/lib.sh"

command -v tshark >/dev/null \
    || fail "tshark is not installed (apt-get install tshark)"
shapes=$abs_top_builddir/tests/flow-shapes
compare="python3 $abs_top_srcdir/tests/flow-shapes/compare.py"

"$shapes/gen-shapes" "$TESTDIR/shapes.pcap" || fail "gen-shapes failed"
"$shapes/gen-shapes" --list > "$TESTDIR/shapes.list"
n=$(wc -l < "$TESTDIR/shapes.list")
[ "$n" -ge 30 ] || fail "only $n shapes, at least 30 needed"
"$shapes/flow-dump" "$TESTDIR/shapes.pcap" > "$TESTDIR/sluice.txt" \
    || fail "flow-dump failed"

set --
for field in $($compare --fields); do
    set -- "$@" -e "$field"
done
tshark -n -r "$TESTDIR/shapes.pcap" \
    -o ip.defragment:FALSE -o ipv6.defragment:FALSE \
    -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
    -o udp.check_checksum:TRUE -o sctp.checksum:CRC-32C \
    -o tcp.analyze_sequence_numbers:FALSE \
    -T fields -E header=y -E separator='|' -E aggregator=';' \
    -E occurrence=a "$@" > "$TESTDIR/tshark.txt" 2> "$TESTDIR/tshark.err" \
    || fail "tshark failed: $(cat "$TESTDIR/tshark.err")"

$compare "$TESTDIR/tshark.txt" "$TESTDIR/sluice.txt" "$TESTDIR/shapes.list" \
    || fail "Sluice's flow keys and tshark's decoding disagree"

# The comparison can fail: give one packet a wrong source port.
num=$(awk '$2 == "ipv4-tcp-syn" { print $1 }' "$TESTDIR/shapes.list")
sed "${num}s/ tp_src=[0-9]* / tp_src=1 /" "$TESTDIR/sluice.txt" \
    > "$TESTDIR/broken.txt"
! cmp -s "$TESTDIR/sluice.txt" "$TESTDIR/broken.txt" \
    || fail "could not alter packet $num of the flow-dump output"
if $compare "$TESTDIR/tshark.txt" "$TESTDIR/broken.txt" \
        "$TESTDIR/shapes.list" > "$TESTDIR/broken.out"; then
    fail "the comparison did not notice a wrong tp_src"
fi
grep -q "^packet $num (ipv4-tcp-syn, valid): tp_src: Sluice has 1," \
    "$TESTDIR/broken.out" \
    || fail "unexpected comparison output: $(cat "$TESTDIR/broken.out")"

pass
