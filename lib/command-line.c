/* command-line: option helpers.  See command-line.h. */
#include <config.h>
#include "command-line.h"

#include <ctype.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include "dynamic-string.h"
#include "util.h"

char *
long_options_to_short_options(const struct option *options)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    for (; options->name; options++) {
        const struct option *o = options;
        if (o->flag == NULL && o->val > 0 && o->val <= UCHAR_MAX
            && isprint(o->val)) {
            ds_put_char(&s, o->val);
            if (o->has_arg == required_argument) {
                ds_put_char(&s, ':');
            } else if (o->has_arg == optional_argument) {
                ds_put_cstr(&s, "::");
            }
        }
    }
    return ds_steal_cstr(&s);
}

void
print_options(const struct option *options)
{
    for (; options->name; options++) {
        printf("--%s%s\n", options->name,
               options->has_arg == required_argument ? "=ARG"
               : options->has_arg == optional_argument ? "[=ARG]" : "");
    }
}

void
ctl_timeout_setup(unsigned int secs)
{
    if (secs) {
        /* SIGALRM's default action terminates the process. */
        signal(SIGALRM, SIG_DFL);
        alarm(secs);
    }
}
