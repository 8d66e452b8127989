/*
 * json: JSON values, a streaming parser and a serializer (RFC 8259).
 *
 * Values.  A 'struct json' is null, false, true, an object (member names
 * to values, in a shash), an array, an integer (int64_t, exact), a real
 * (double) or a string (UTF-8, null-terminated).  The members of the
 * struct are public so that callers may switch on 'type' and read the
 * payload, but only the functions here may change them.
 *
 * Ownership.  Values are reference counted, because OVSDB shares subtrees
 * between rows, transactions and replies.  Every function that returns a
 * 'struct json *' hands the caller one reference, which the caller
 * releases with json_destroy().  json_clone() takes another reference to
 * the same value in O(1); json_deep_clone() copies it.  Functions that
 * take a 'struct json *' argument to store it (json_array_add(),
 * json_object_put() and the like) take over the caller's reference.  A
 * value that has more than one reference is shared and must not be
 * modified: modify a json_deep_clone() instead.  Objects do not keep the
 * order of their members; serialize with JSSF_SORT for a canonical text.
 *
 * Parsing.  The parser is iterative (no recursion), accepts any value at
 * the top level, validates UTF-8 per RFC 3629, joins \u escapes that form
 * surrogate pairs and rejects lone surrogates, rejects unescaped control
 * characters in strings, and limits nesting to JSON_MAX_DEPTH.  Decisions
 * where RFC 8259 leaves a choice:
 *
 *   - An integer literal (no fraction, no exponent) in the int64_t range
 *     becomes JSON_INTEGER with its exact value.  One outside that range
 *     (e.g. a uint64_t above INT64_MAX) becomes JSON_REAL with the nearest
 *     double, so callers that need an exact integer see the wrong type
 *     rather than a silently changed number.  "-0" is the integer 0.
 *   - A number whose magnitude does not fit a double ("1e400") is an
 *     error.
 *   - "\u0000" is an error, because strings are null-terminated.
 *   - A repeated member name in one object is an error.
 *   - A byte order mark is not skipped: it is an unexpected byte.
 *
 * Errors are messages of the form "line L, column C: REASON", where the
 * column counts bytes from 1, and name the place of the offending byte.
 *
 * Serializing.  Output is always valid JSON and UTF-8: control characters
 * are escaped as \n, \u001f and so on, other characters are written as is
 * (bytes of a string that are not valid UTF-8, which only a caller can put
 * there, become \ufffd).  Reals print with the fewest significant digits
 * (15, 16 or 17) that read back as the same double, and always contain a
 * '.' or an exponent, so they never read back as integers; NaN and
 * infinities, which JSON cannot express, print as null.
 *
 * Deep values.  Destroying, serializing, comparing, hashing and copying
 * are iterative too, so values of any depth are safe.
 *
 * Numbers are read and written in the "C" locale's format; Sluice programs
 * never change LC_NUMERIC.
 *
 * Thread safety: reference counts are not atomic, so a value (and all the
 * values it shares subtrees with) belongs to one thread at a time.
 * Distinct values and distinct parsers may be used by different threads
 * concurrently.
 */
#ifndef SLUICE_JSON_H
#define SLUICE_JSON_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "shash.h"
#include "util.h"

struct ds;

enum json_type {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_OBJECT,
    JSON_ARRAY,
    JSON_INTEGER,
    JSON_REAL,
    JSON_STRING,
    JSON_N_TYPES
};

/* Returns the name of TYPE as used in messages: "null", "false", "true",
 * "object", "array", "integer", "real" or "string". */
const char *json_type_to_string(enum json_type type);

struct json_array {
    size_t n;                   /* Number of elements. */
    size_t allocated;           /* Capacity of 'elems'. */
    struct json **elems;        /* Each element holds one reference. */
};

struct json {
    enum json_type type;
    unsigned int count;         /* Reference count. */
    union {
        struct shash object;    /* JSON_OBJECT: name -> struct json *. */
        struct json_array array;    /* JSON_ARRAY. */
        int64_t integer;        /* JSON_INTEGER. */
        double real;            /* JSON_REAL. */
        char *string;           /* JSON_STRING: UTF-8, null-terminated. */
    };
};

/* Maximum nesting of arrays and objects the parser accepts: "[[1]]" has
 * depth 2. */
#define JSON_MAX_DEPTH 1000

/* Constructors.  Each returns a new value with one reference. */
struct json *json_null_create(void);
struct json *json_boolean_create(bool value);
/* Returns a string value holding a copy of S, which must be UTF-8. */
struct json *json_string_create(const char *s);
/* Like json_string_create() but takes ownership of S (from malloc()). */
struct json *json_string_create_nocopy(char *s);
/* Returns a string value formatted as by printf(). */
struct json *json_string_create_format(const char *format, ...)
    SLUICE_PRINTF_FORMAT(1, 2);
struct json *json_integer_create(int64_t value);
/* Returns a real value.  A non-finite VALUE serializes as null. */
struct json *json_real_create(double value);
struct json *json_array_create_empty(void);
/* Returns an array of the N values in ELEMS, taking ownership of both the
 * references and the array ELEMS itself (which must come from malloc(),
 * and may be null if N is 0). */
struct json *json_array_create(struct json **elems, size_t n);
struct json *json_array_create_1(struct json *elem0);
struct json *json_array_create_2(struct json *elem0, struct json *elem1);
struct json *json_array_create_3(struct json *elem0, struct json *elem1,
                                 struct json *elem2);
struct json *json_object_create(void);

/* Appends ELEM to ARRAY, taking over the caller's reference to ELEM. */
void json_array_add(struct json *array, struct json *elem);
/* Sets member NAME of OBJECT to VALUE, taking over the caller's reference
 * to VALUE.  A member already named NAME is replaced (and released). */
void json_object_put(struct json *object, const char *name,
                     struct json *value);
/* Like json_object_put() but takes ownership of NAME (from malloc()). */
void json_object_put_nocopy(struct json *object, char *name,
                            struct json *value);
/* Sets member NAME of OBJECT to a string value holding a copy of VALUE. */
void json_object_put_string(struct json *object, const char *name,
                            const char *value);
/* Removes member NAME from OBJECT and releases it.  Returns true if there
 * was such a member. */
bool json_object_delete(struct json *object, const char *name);

/* Reference counting. */

/* Returns JSON with one more reference (the same pointer).  A null JSON
 * gives null. */
struct json *json_clone(const struct json *json);
/* Returns a new, unshared copy of JSON and all its descendants.  A null
 * JSON gives null. */
struct json *json_deep_clone(const struct json *json);
/* Releases one reference to JSON, freeing it (and releasing its elements
 * or members) when none remain.  A null JSON is a no-op. */
void json_destroy(struct json *json);
/* Returns true if JSON has more than one reference. */
bool json_is_shared(const struct json *json);

/* Accessors.  Each asserts that JSON has the type it reads, so a caller
 * that has not checked the type of untrusted input must check it first. */
const char *json_string(const struct json *json);
int64_t json_integer(const struct json *json);
/* Returns the value of a JSON_REAL, or of a JSON_INTEGER as a double. */
double json_real(const struct json *json);
bool json_boolean(const struct json *json);
const struct json_array *json_array(const struct json *json);
struct shash *json_object(const struct json *json);
/* Returns member NAME of OBJECT (which must be an object), or null if
 * there is none.  The caller does not get a reference. */
struct json *json_object_get(const struct json *object, const char *name);

/* Returns true if A and B hold the same value: the same type (an integer
 * never equals a real), the same scalar (reals compared with ==), arrays
 * with equal elements in the same order, objects with the same names
 * mapped to equal values.  Two null pointers are equal. */
bool json_equal(const struct json *a, const struct json *b);
/* Returns a hash of JSON that is equal for json_equal() values: object
 * members contribute independently of their order. */
uint32_t json_hash(const struct json *json, uint32_t basis);

/* Serializing. */
enum {
    JSSF_PRETTY = 1 << 0,       /* One member or element per line,
                                 * indented by 2 spaces per level. */
    JSSF_SORT = 1 << 1          /* Object members in strcmp() order of
                                 * their names. */
};

/* Returns JSON serialized per FLAGS (JSSF_*), in a string the caller
 * frees.  The output has no trailing new-line. */
char *json_to_string(const struct json *json, int flags);
/* Appends JSON serialized per FLAGS (JSSF_*) to DS. */
void json_to_ds(const struct json *json, int flags, struct ds *ds);
/* Appends S as a quoted JSON string (with escapes) to DS. */
void json_string_escape(const char *s, struct ds *ds);

/* Parsing whole documents.  Each returns null on success, storing the
 * value in *JSONP; otherwise it returns an error message (which the caller
 * frees) and stores null in *JSONP.  The input must hold exactly one value,
 * optionally surrounded by white space. */
char *json_from_string(const char *s, struct json **jsonp)
    SLUICE_WARN_UNUSED_RESULT;
char *json_from_buffer(const void *data, size_t size, struct json **jsonp)
    SLUICE_WARN_UNUSED_RESULT;
/* Reads FILE_NAME.  Error messages start with the file name. */
char *json_from_file(const char *file_name, struct json **jsonp)
    SLUICE_WARN_UNUSED_RESULT;

/* Streaming parser.
 *
 * Feed it bytes as they arrive with json_parser_feed(), in chunks of any
 * size; when json_parser_is_done() says so, call json_parser_finish() for
 * the value or the error.  Without JSPF_WHOLE_INPUT, the parser stops
 * right after one complete value, so that successive values can be taken
 * from one byte stream with one parser each: json_parser_feed() then
 * returns fewer bytes than offered, and the rest belongs to the next value.
 * (A top-level number is complete only when the byte after it arrives, or
 * at json_parser_finish(); that byte is not consumed.) */
enum {
    /* The input is one value followed only by white space: the parser
     * consumes everything and reports anything else after the value as an
     * error.  json_parser_is_done() is then true only after an error. */
    JSPF_WHOLE_INPUT = 1 << 0
};

struct json_parser;

/* Returns a new parser with FLAGS (JSPF_*). */
struct json_parser *json_parser_create(int flags);
/* Parses up to N bytes from DATA and returns the number consumed.  This
 * is N, except that it stops after a complete value (see above) or at an
 * error; once json_parser_is_done() is true it consumes nothing. */
size_t json_parser_feed(struct json_parser *, const void *data, size_t n);
/* Returns true if the parser will consume no more input, because it has a
 * complete value (without JSPF_WHOLE_INPUT) or found an error. */
bool json_parser_is_done(const struct json_parser *);
/* Returns true if the parser has consumed nothing but white space. */
bool json_parser_is_idle(const struct json_parser *);
/* Ends the input and destroys the parser.  Returns null and stores the
 * value in *JSONP, or returns an error message (which the caller frees)
 * and stores null in *JSONP.  Incomplete input is an error. */
char *json_parser_finish(struct json_parser *, struct json **jsonp)
    SLUICE_WARN_UNUSED_RESULT;
/* Destroys the parser and whatever it has parsed.  Null is a no-op. */
void json_parser_abort(struct json_parser *);

#endif /* json.h */
