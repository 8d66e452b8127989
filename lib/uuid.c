/* uuid: universally unique identifiers.  See uuid.h. */
#include <config.h>
#include "uuid.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "hash.h"
#include "util.h"

/* Reads SIZE bytes from /dev/urandom into BUF.  Returns 0 or an errno
 * value. */
static int
read_urandom(void *buf, size_t size)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }

    char *p = buf;
    int error = 0;
    while (size > 0) {
        ssize_t n = read(fd, p, size);
        if (n > 0) {
            p += n;
            size -= n;
        } else if (n == 0) {
            error = EIO;
            break;
        } else if (errno != EINTR) {
            error = errno;
            break;
        }
    }
    close(fd);
    return error;
}

/* Fills the SIZE bytes at BUF with random bytes, or aborts. */
static void
get_random_bytes(void *buf, size_t size)
{
    char *p = buf;
    size_t left = size;
    while (left > 0) {
        ssize_t n = getrandom(p, left, 0);
        if (n > 0) {
            p += n;
            left -= n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            /* No getrandom() (old kernel, seccomp filter): fall back to
             * the device, which gives the same kind of bytes. */
            int error = read_urandom(p, left);
            if (error) {
                sluice_abort("uuid: no source of random numbers: "
                             "getrandom() failed and /dev/urandom could "
                             "not be read: %s", sluice_strerror(error));
            }
            return;
        }
    }
}

void
uuid_generate(struct uuid *uuid)
{
    get_random_bytes(uuid->parts, sizeof uuid->parts);

    /* Version 4 (random) in the top four bits of the third group, and the
     * RFC 4122 variant (binary 10) in the top two bits of the fourth. */
    uuid->parts[1] = (uuid->parts[1] & ~UINT32_C(0xf000)) | 0x4000;
    uuid->parts[2] = (uuid->parts[2] & UINT32_C(0x3fffffff)) | 0x80000000;
}

void
uuid_zero(struct uuid *uuid)
{
    memset(uuid, 0, sizeof *uuid);
}

bool
uuid_is_zero(const struct uuid *uuid)
{
    return !(uuid->parts[0] | uuid->parts[1] | uuid->parts[2]
             | uuid->parts[3]);
}

bool
uuid_equals(const struct uuid *a, const struct uuid *b)
{
    return (a->parts[0] == b->parts[0]
            && a->parts[1] == b->parts[1]
            && a->parts[2] == b->parts[2]
            && a->parts[3] == b->parts[3]);
}

int
uuid_compare(const struct uuid *a, const struct uuid *b)
{
    for (size_t i = 0; i < ARRAY_SIZE(a->parts); i++) {
        if (a->parts[i] != b->parts[i]) {
            return a->parts[i] < b->parts[i] ? -1 : 1;
        }
    }
    return 0;
}

uint32_t
uuid_hash(const struct uuid *uuid)
{
    return hash_words(uuid->parts, ARRAY_SIZE(uuid->parts), 0);
}

char *
uuid_to_string(const struct uuid *uuid, char *buf)
{
    snprintf(buf, UUID_STRING_SIZE, UUID_FMT, UUID_ARGS(uuid));
    return buf;
}


bool
uuid_from_string(struct uuid *uuid, const char *s)
{
    uuid_zero(uuid);

    struct uuid parsed;
    uuid_zero(&parsed);
    int n_digits = 0;
    for (size_t i = 0; i < UUID_STRING_LEN; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') {
                return false;
            }
            continue;
        }

        int value = hexit_value(s[i]);
        if (value < 0) {
            /* Also stops at the null terminator of a short string. */
            return false;
        }
        uint32_t *part = &parsed.parts[n_digits / 8];
        *part = (*part << 4) | value;
        n_digits++;
    }
    if (s[UUID_STRING_LEN] != '\0') {
        return false;
    }

    *uuid = parsed;
    return true;
}
