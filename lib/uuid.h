/*
 * uuid: 128-bit universally unique identifiers (RFC 4122), as OVSDB uses
 * them for row identities and references (RFC 7047).
 *
 * A 'struct uuid' is a plain value: copy it with '=', compare it with
 * uuid_equals() or uuid_compare().  Its text form is the canonical
 * lowercase 8-4-4-4-12 hexadecimal form,
 * "550e8400-e29b-41d4-a716-446655440000"; parts[0] holds the first eight
 * hexadecimal digits, parts[1] the next eight and so on, so that the order
 * of uuid_compare() is the order of the strings.
 *
 * uuid_generate() makes random (version 4) UUIDs from the kernel's random
 * number generator.
 *
 * Ownership: nothing here allocates memory; uuid_to_string() writes into a
 * buffer of UUID_STRING_SIZE bytes that the caller provides.
 *
 * Thread safety: every function may be called from any thread.
 */
#ifndef SLUICE_UUID_H
#define SLUICE_UUID_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct uuid {
    uint32_t parts[4];
};

/* Length of the text form, not counting the null terminator. */
#define UUID_STRING_LEN 36

/* Size of a buffer for uuid_to_string(), counting the null terminator. */
#define UUID_STRING_SIZE (UUID_STRING_LEN + 1)

/* printf() support: printf("uuid " UUID_FMT "\n", UUID_ARGS(&uuid)) prints
 * UUID in its canonical form. */
#define UUID_FMT "%08x-%04x-%04x-%04x-%04x%08x"
#define UUID_ARGS(UUID)                             \
    ((unsigned int) ((UUID)->parts[0])),            \
    ((unsigned int) ((UUID)->parts[1] >> 16)),      \
    ((unsigned int) ((UUID)->parts[1] & 0xffff)),   \
    ((unsigned int) ((UUID)->parts[2] >> 16)),      \
    ((unsigned int) ((UUID)->parts[2] & 0xffff)),   \
    ((unsigned int) ((UUID)->parts[3]))

/* Stores a new random version 4 UUID in UUID.  The random bits come from
 * getrandom(), or from /dev/urandom where getrandom() is not available;
 * if neither works the process aborts with a message, because a switch
 * that hands out predictable or repeated row identities would corrupt its
 * database. */
void uuid_generate(struct uuid *uuid);

/* Sets UUID to the all-zero UUID, which OVSDB uses as the default value of
 * a "uuid" atom and which uuid_generate() never returns. */
void uuid_zero(struct uuid *uuid);

/* Returns true if UUID is the all-zero UUID. */
bool uuid_is_zero(const struct uuid *uuid);

/* Returns true if A and B are the same UUID. */
bool uuid_equals(const struct uuid *a, const struct uuid *b);

/* Returns a negative number, zero or a positive number as A sorts before,
 * equal to or after B.  The order is total and matches the strcmp() order
 * of the canonical text forms. */
int uuid_compare(const struct uuid *a, const struct uuid *b);

/* Returns a hash of UUID; equal UUIDs hash equally. */
uint32_t uuid_hash(const struct uuid *uuid);

/* Writes the canonical text form of UUID, a null-terminated string of
 * UUID_STRING_LEN lowercase characters, into BUF, which must have room for
 * UUID_STRING_SIZE bytes.  Returns BUF. */
char *uuid_to_string(const struct uuid *uuid, char *buf);

/* Parses S, which must be exactly a UUID in the 8-4-4-4-12 hexadecimal form
 * (either case, no surrounding white space or braces), into *UUID.
 * Returns true if successful; otherwise stores the all-zero UUID in *UUID
 * and returns false. */
bool uuid_from_string(struct uuid *uuid, const char *s);

#endif /* uuid.h */
