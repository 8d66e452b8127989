/* libFuzzer target for the JSON parser and serializer (lib/json.c).
 *
 * For each input it checks that:
 *   - parsing the whole input either succeeds or gives an error message of
 *     the form "line L, column C: ...", and never crashes or leaks;
 *   - a value that parsed serializes (compact and pretty, sorted) to text
 *     that parses back to an equal value with an equal hash, and
 *     re-serializes to the same text;
 *   - feeding the same bytes to a parser one byte at a time gives the same
 *     result as feeding them at once;
 *   - in stream mode (no JSPF_WHOLE_INPUT) successive values can be taken
 *     from the input until it ends or an error occurs. */
#include <config.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_error(const char *error)
{
    unsigned long long line, column;
    if (sscanf(error, "line %llu, column %llu: ", &line, &column) != 2
        || !line || !column) {
        sluice_abort("bad error message: %s", error);
    }
}

/* Serializes JSON with FLAGS and checks that the text reads back equal. */
static void
check_serialization(const struct json *json, int flags)
{
    char *text = json_to_string(json, flags);
    struct json *again;
    char *error = json_from_string(text, &again);
    if (error) {
        sluice_abort("serialized text does not parse: %s: %s", error, text);
    }
    sluice_assert(json_equal(json, again));
    sluice_assert(json_hash(json, 0) == json_hash(again, 0));
    if (flags & JSSF_SORT) {
        char *text2 = json_to_string(again, flags);
        sluice_assert(!strcmp(text, text2));
        free(text2);
    }
    json_destroy(again);
    free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Whole input at once. */
    struct json *json;
    char *error = json_from_buffer(data, size, &json);
    if (error) {
        sluice_assert(!json);
        check_error(error);
    } else {
        check_serialization(json, 0);
        check_serialization(json, JSSF_SORT);
        check_serialization(json, JSSF_PRETTY | JSSF_SORT);
        struct json *copy = json_deep_clone(json);
        sluice_assert(json_equal(json, copy));
        json_destroy(copy);
    }

    /* One byte at a time: the same outcome. */
    struct json_parser *p = json_parser_create(JSPF_WHOLE_INPUT);
    for (size_t i = 0; i < size; i++) {
        if (!json_parser_feed(p, &data[i], 1)) {
            break;
        }
    }
    struct json *json2;
    char *error2 = json_parser_finish(p, &json2);
    if (error) {
        sluice_assert(error2 && !strcmp(error, error2));
    } else {
        sluice_assert(!error2 && json_equal(json, json2));
    }
    free(error2);
    json_destroy(json2);
    free(error);
    json_destroy(json);

    /* Stream mode: take values until the input ends or an error. */
    size_t ofs = 0;
    for (;;) {
        p = json_parser_create(0);
        ofs += json_parser_feed(p, data + ofs, size - ofs);
        if (!json_parser_is_done(p) && json_parser_is_idle(p)) {
            json_parser_abort(p);
            break;
        }
        error = json_parser_finish(p, &json);
        json_destroy(json);
        if (error) {
            check_error(error);
            free(error);
            break;
        }
    }
    return 0;
}
