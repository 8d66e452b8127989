/* latch: cross-thread wakeups over an eventfd.  See latch.h. */
#include <config.h>
#include "latch.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "poll-loop.h"
#include "util.h"

void
latch_init(struct latch *latch)
{
    latch->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (latch->fd < 0) {
        sluice_abort("eventfd failed (%s)", sluice_strerror(errno));
    }
}

void
latch_destroy(struct latch *latch)
{
    if (latch && latch->fd >= 0) {
        close(latch->fd);
        latch->fd = -1;
    }
}

bool
latch_poll(struct latch *latch)
{
    uint64_t value;
    return read(latch->fd, &value, sizeof value) == sizeof value;
}

void
latch_set(struct latch *latch)
{
    uint64_t one = 1;
    ignore(write(latch->fd, &one, sizeof one) == sizeof one);
}

bool
latch_is_set(const struct latch *latch)
{
    struct pollfd pfd = { .fd = latch->fd, .events = POLLIN };
    int retval;
    do {
        retval = poll(&pfd, 1, 0);
    } while (retval < 0 && errno == EINTR);
    return pfd.revents & POLLIN;
}

void
latch_wait_at(const struct latch *latch, const char *where)
{
    poll_fd_wait_at(latch->fd, POLLIN, where);
}
