/*
 * ofctl-print: whole OpenFlow messages as text, as "ovs-ofctl" prints
 * them: a label ("OFPST_PORT reply (OF1.3) (xid=0x2):"), the statistics
 * flags of a multipart message, and the body's text as the codec module of
 * that message (ofp-switch, ofp-port, ofp-table, ofp-meter, ofp-queue,
 * ofp-bundle) formats it.  An error message prints its error's name and
 * then the offending request it carries, itself as a whole message (so a
 * request truncated to 64 bytes prints as "(***truncated to 64 bytes from
 * N***)" and a hex dump).  A message whose body cannot be decoded prints
 * "***decode error: NAME***" and a hex dump of the whole message; a
 * message type whose body no Sluice module formats yet prints its label
 * and a hex dump of its body.
 *
 * This is the message printer of sluice-ofctl; it belongs in lib/ as
 * ofp-print once the flow, action, group and packet codecs exist, so that
 * the daemon's logs can use it too.
 *
 * Thread safety: reentrant; the message belongs to the caller.
 */
#ifndef SLUICE_OFCTL_PRINT_H
#define SLUICE_OFCTL_PRINT_H 1

#include <stddef.h>

struct ds;

/* Appends the text of the OpenFlow message at DATA, of which the caller
 * holds SIZE bytes, to S, ending with a newline.  VERBOSITY as ovs-ofctl's
 * (1 for replies it prints, 2 for errors); at 5 and above a hex dump of
 * the whole message follows the text. */
void ofctl_format_msg(struct ds *s, const void *data, size_t size,
                      int verbosity);

/* Returns the text of the message at DATA (SIZE bytes) as
 * ofctl_format_msg() appends it; the caller frees it. */
char *ofctl_msg_to_string(const void *data, size_t size, int verbosity);

#endif /* ofctl-print.h */
