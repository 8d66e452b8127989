/*
 * ovsdb-error: the error objects of the OVSDB protocol (RFC 7047).
 *
 * Every function in ovsdb/ that can fail returns a 'struct ovsdb_error *':
 * null on success, otherwise an error that the caller owns and must either
 * pass up to its own caller or release with ovsdb_error_destroy().  Such
 * functions are marked SLUICE_WARN_UNUSED_RESULT so that an error cannot
 * be dropped by accident.
 *
 * An error has
 *
 *   - a tag, the short category that RFC 7047 puts in the "error" member
 *     of a reply: "syntax error", "constraint violation", "referential
 *     integrity violation", "resources exhausted", "I/O error" and so on;
 *
 *   - details, a sentence for people that names the object and the reason
 *     ("column ports: type: \"max\" must be at least 1");
 *
 *   - optionally, for syntax errors, the JSON text that was wrong.
 *
 * ovsdb_error_to_json() gives the RFC 7047 form,
 *
 *     {"error": TAG, "details": DETAILS, "syntax": JSON-TEXT}
 *
 * and ovsdb_error_to_string() the form for command-line users,
 * "TAG: DETAILS".
 *
 * Thread safety: an error belongs to one thread at a time; distinct errors
 * may be used from different threads concurrently.
 */
#ifndef SLUICE_OVSDB_ERROR_H
#define SLUICE_OVSDB_ERROR_H 1

#include <stdarg.h>
#include "util.h"

struct json;

/* Returns a new error with TAG (which must not be null) and details
 * formatted as by printf() from FORMAT. */
struct ovsdb_error *ovsdb_error_create(const char *tag,
                                       const char *format, ...)
    SLUICE_PRINTF_FORMAT(2, 3) SLUICE_WARN_UNUSED_RESULT;

/* Like ovsdb_error_create() with the arguments in ARGS. */
struct ovsdb_error *ovsdb_error_create_valist(const char *tag,
                                              const char *format,
                                              va_list args)
    SLUICE_PRINTF_FORMAT(2, 0) SLUICE_WARN_UNUSED_RESULT;

/* Returns a new error that says JSON (which may be null, and is not
 * consumed) is malformed: TAG, or "syntax error" if TAG is null, details
 * formatted as by printf() from FORMAT, and the serialized JSON as the
 * error's syntax. */
struct ovsdb_error *ovsdb_syntax_error(const struct json *json,
                                       const char *tag,
                                       const char *format, ...)
    SLUICE_PRINTF_FORMAT(3, 4) SLUICE_WARN_UNUSED_RESULT;

/* Puts the context formatted as by printf() from FORMAT, followed by ": ",
 * in front of the details of ERROR, and returns ERROR.  For callers that
 * pass an error up and know which object it concerns:
 * ovsdb_error_wrap(error, "table %s", name).  A null ERROR is returned as
 * is. */
struct ovsdb_error *ovsdb_error_wrap(struct ovsdb_error *error,
                                     const char *format, ...)
    SLUICE_PRINTF_FORMAT(2, 3) SLUICE_WARN_UNUSED_RESULT;

/* Returns a "syntax error" that names the first member of OBJECT, a JSON
 * object, in name order, that is not in the null-terminated list ALLOWED:
 * 'unexpected member "NAME" in WHAT'.  Returns null if every member is
 * allowed.  For the parsers of RFC 7047 objects, which reject members
 * they do not know. */
struct ovsdb_error *ovsdb_error_check_members(const struct json *object,
                                              const char *const *allowed,
                                              const char *what)
    SLUICE_WARN_UNUSED_RESULT;

/* Returns a new error equal to ERROR, or null if ERROR is null. */
struct ovsdb_error *ovsdb_error_clone(const struct ovsdb_error *error)
    SLUICE_WARN_UNUSED_RESULT;

/* Frees ERROR.  A null ERROR is a no-op. */
void ovsdb_error_destroy(struct ovsdb_error *error);

/* Returns the tag of ERROR, e.g. "constraint violation".  The string
 * belongs to ERROR. */
const char *ovsdb_error_get_tag(const struct ovsdb_error *error);

/* Returns the details of ERROR.  The string belongs to ERROR. */
const char *ovsdb_error_get_details(const struct ovsdb_error *error);

/* Returns the JSON text that ERROR says is wrong, or null if there is
 * none.  The string belongs to ERROR. */
const char *ovsdb_error_get_syntax(const struct ovsdb_error *error);

/* Returns ERROR as the RFC 7047 error object {"error": TAG, "details":
 * DETAILS} with a "syntax" member holding the JSON text if ERROR has one.
 * The caller owns the returned value. */
struct json *ovsdb_error_to_json(const struct ovsdb_error *error);

/* Returns ERROR as a line of text for people, "TAG: DETAILS", followed by
 * " (in JSON TEXT)" with the start of the offending JSON text if ERROR has
 * one.  The caller frees the string. */
char *ovsdb_error_to_string(const struct ovsdb_error *error);

#endif /* ovsdb-error.h */
