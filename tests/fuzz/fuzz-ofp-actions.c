/* libFuzzer target for OpenFlow actions and instructions
 * (lib/ofp-actions.c).
 *
 * The first byte of the input picks the mode (its value modulo 3) and,
 * for the binary modes, the OpenFlow version ((its value / 3) modulo 6,
 * plus 1); the rest is the data:
 *   0: actions in ovs-ofctl text.  If they parse, they must print, the
 *      printed text must parse, and that must print the same.
 *   1: OpenFlow actions on the wire; 2: OpenFlow instructions.  Decoding
 *      must not read outside the data.  If it succeeds, the list must
 *      print, and its encoding in the same version must decode again and
 *      print the same as the first encoding's decoding does when encoded
 *      once more (encoding is stable after one round). */
#include <config.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-actions.h"
#include "ofp-errors.h"
#include "openflow.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
format(const struct buffer *b)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    ofpacts_format(b->data, b->size, &ds);
    return ds_steal_cstr(&ds);
}

static void
fuzz_text(const char *s)
{
    struct buffer a, b;
    buffer_init(&a, 0);
    buffer_init(&b, 0);

    char *error = ofpacts_parse(s, &a);
    if (error) {
        free(error);
        goto out;
    }
    char *printed = format(&a);
    error = ofpacts_parse(printed, &b);
    if (error) {
        sluice_abort("\"%s\" does not parse back: %s", printed, error);
    }
    char *printed2 = format(&b);
    if (strcmp(printed, printed2)) {
        sluice_abort("\"%s\" prints back as \"%s\"", printed, printed2);
    }
    free(printed);
    free(printed2);
out:
    buffer_uninit(&a);
    buffer_uninit(&b);
}

static enum ofperr
decode(const void *data, size_t size, enum ofp_version version,
       bool instructions, struct buffer *out)
{
    return (instructions
            ? ofpacts_decode_instructions(data, size, version, out)
            : ofpacts_decode_actions(data, size, version, out));
}

static void
encode(const struct buffer *ofpacts, enum ofp_version version,
       bool instructions, struct buffer *out)
{
    if (instructions) {
        ofpacts_encode_instructions(ofpacts->data, ofpacts->size, version,
                                    out);
    } else {
        ofpacts_encode_actions(ofpacts->data, ofpacts->size, version, out);
    }
}

static void
fuzz_wire(const uint8_t *data, size_t size, enum ofp_version version,
          bool instructions)
{
    struct buffer a, wire, b, wire2, c;
    buffer_init(&a, 0);
    buffer_init(&wire, 0);
    buffer_init(&b, 0);
    buffer_init(&wire2, 0);
    buffer_init(&c, 0);

    /* A private copy, so that reading beyond it is caught. */
    void *copy = xmemdup(data, size);
    if (decode(copy, size, version, instructions, &a)) {
        goto out;
    }
    free(format(&a));

    encode(&a, version, instructions, &wire);
    enum ofperr error = decode(wire.data, wire.size, version, instructions,
                               &b);
    if (error) {
        sluice_abort("re-encoded list does not decode: %s",
                     ofperr_get_name(error));
    }
    encode(&b, version, instructions, &wire2);
    error = decode(wire2.data, wire2.size, version, instructions, &c);
    if (error) {
        sluice_abort("twice re-encoded list does not decode: %s",
                     ofperr_get_name(error));
    }
    char *pb = format(&b);
    char *pc = format(&c);
    if (strcmp(pb, pc)) {
        sluice_abort("\"%s\" re-encodes as \"%s\"", pb, pc);
    }
    free(pb);
    free(pc);
out:
    free(copy);
    buffer_uninit(&a);
    buffer_uninit(&wire);
    buffer_uninit(&b);
    buffer_uninit(&wire2);
    buffer_uninit(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) {
        return 0;
    }
    unsigned int mode = data[0] % 3;
    enum ofp_version version = OFP10_VERSION + (data[0] / 3) % 6;
    data++;
    size--;

    if (mode == 0) {
        char *s = xmemdup0((const char *) data, size);
        fuzz_text(s);
        free(s);
    } else {
        fuzz_wire(data, size, version, mode == 2);
    }
    return 0;
}
