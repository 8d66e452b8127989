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
#include "unit-test.h"

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
