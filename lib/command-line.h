/*
 * command-line: helpers for getopt_long()-based option parsing.
 *
 * long_options_to_short_options() derives the short-option string for
 * getopt_long() from the long option table, so each option is declared
 * once.  print_options() prints the long options, for "--options", which
 * shell completion uses.  Main thread only.
 */
#ifndef SLUICE_COMMAND_LINE_H
#define SLUICE_COMMAND_LINE_H 1

#include <getopt.h>

/* Returns a newly allocated short-options string for OPTIONS: every entry
 * whose 'val' is a printable character, followed by ':' for a required and
 * "::" for an optional argument. */
char *long_options_to_short_options(const struct option *options);

/* Prints each of OPTIONS as "--name", one a line. */
void print_options(const struct option *options);

/* Arranges for the process to die with SIGALRM after SECS seconds (0:
 * never), for a command-line tool's --timeout. */
void ctl_timeout_setup(unsigned int secs);

#endif /* command-line.h */
