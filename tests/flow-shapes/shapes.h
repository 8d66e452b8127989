/*
 * shapes: a fixed set of packets, one per protocol combination that flow
 * extraction handles, plus truncated and malformed variants.
 *
 * The same packets feed the unit tests (tests/unit/test-flow.c), the pcap
 * that the tshark comparison decodes (gen-shapes, flow-dump,
 * tests/system/flow-tshark.sh) and the benchmark (bench/flow-extract.c).
 * Every packet is built from scratch with correct lengths and checksums,
 * then, for malformed shapes, broken in exactly one documented way.
 *
 * Thread safety: flow_shape_build() is reentrant.
 */
#ifndef SLUICE_TESTS_FLOW_SHAPES_H
#define SLUICE_TESTS_FLOW_SHAPES_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FLOW_SHAPE_MAX_SIZE 512

struct flow_shape_packet {
    const char *name;           /* Unique, e.g. "ipv4-tcp-syn". */
    bool malformed;             /* Deliberately truncated or invalid. */
    uint8_t data[FLOW_SHAPE_MAX_SIZE];
    size_t size;
};

/* Returns the number of shapes. */
size_t flow_shapes_count(void);

/* Builds shape IDX (less than flow_shapes_count()) into *PKT. */
void flow_shape_build(size_t idx, struct flow_shape_packet *pkt);

/* Builds the shape named NAME into *PKT.  Returns false if there is no
 * such shape. */
bool flow_shape_build_by_name(const char *name, struct flow_shape_packet *);

#endif /* shapes.h */
