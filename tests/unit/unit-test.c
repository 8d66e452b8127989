/* unit-test: helpers shared by the unit tests.  See unit-test.h. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mempool.h>
#include "dp-packet.h"
#include "unit-test.h"
#include "util.h"

void
check_aborts_all(void (*function)(void), const char *const *expected)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);

    pid_t pid = fork();
    assert_true(pid >= 0);
    if (!pid) {
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        function();
        _exit(0);
    }
    close(fds[1]);

    char output[4096];
    size_t n = 0;
    ssize_t retval;
    while (n < sizeof output - 1
           && (retval = read(fds[0], output + n,
                             sizeof output - 1 - n)) > 0) {
        n += retval;
    }
    output[n] = '\0';
    close(fds[0]);

    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT) {
        fail_msg("child did not abort (status %d); stderr: %s",
                 status, output);
    }
    for (; *expected; expected++) {
        if (!strstr(output, *expected)) {
            fail_msg("\"%s\" missing from stderr: %s", *expected, output);
        }
    }
}

int
unit_test_eal_setup(const char *name, unsigned int n_mbufs,
                    unsigned int data_room, struct rte_mempool **poolp)
{
    char *prefix = xasprintf("--file-prefix=%s", name);
    char *args[] = {
        (char *) name, "--no-huge", "-m", "64", "--no-pci", prefix,
        "--log-level=error", "--no-shconf", NULL,
    };
    int argc = ARRAY_SIZE(args) - 1;
    int retval = rte_eal_init(argc, args);
    free(prefix);
    if (retval < 0) {
        fprintf(stderr, "rte_eal_init failed: %s\n",
                rte_strerror(rte_errno));
        return -1;
    }

    char *pool_name = xasprintf("%s-pool", name);
    int error = dp_packet_pool_create(pool_name, n_mbufs, 0, data_room,
                                      SOCKET_ID_ANY, poolp);
    free(pool_name);
    if (error) {
        fprintf(stderr, "dp_packet_pool_create failed: %s\n",
                strerror(error));
        return -1;
    }
    return 0;
}

void
unit_test_eal_teardown(struct rte_mempool *pool)
{
    rte_mempool_free(pool);
    rte_eal_cleanup();
}
