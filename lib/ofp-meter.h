/*
 * ofp-meter: OpenFlow meters: meter-mod, meter stats, meter config and
 * meter features requests and replies, their text form as ovs-ofctl
 * prints them, and the meter-mod syntax that "ovs-ofctl add-meter" takes
 * ("meter=1,kbps,burst,band=type=drop,rate=1000,burst_size=100").
 *
 * Meters exist from OpenFlow 1.3 on, with one wire form for 1.3 to 1.5, so
 * nothing here takes a version.  As in ofp-port.h, the encoders append a
 * message body to a struct buffer after the caller has put the message's
 * header (and multipart header) with ofp-msgs, the decoders pull a body
 * whose headers are already gone, and the *_format() functions append
 * what "ovs-ofctl ofp-print" prints after a message's "(xid=0x0):" label.
 *
 * Ownership: a struct ofp_meter_config or ofp_meter_stats owns its
 * malloc'ed band array; release it with ofp_meter_config_uninit() or
 * ofp_meter_stats_uninit().  Decoders and parsers initialize the object
 * they fill, also when they fail, so that uninit is always safe.
 *
 * Thread safety: every function here may be called from any thread; the
 * objects passed belong to the caller.
 */
#ifndef SLUICE_OFP_METER_H
#define SLUICE_OFP_METER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofp-errors.h"
#include "openflow.h"

struct buffer;
struct ds;

/* Meter-mod commands. */
enum ofp_meter_command {
    OFP_MC_ADD = 0,
    OFP_MC_MODIFY = 1,
    OFP_MC_DELETE = 2,
};

/* Meter flags. */
enum {
    OFP_MF_KBPS = 1 << 0,       /* Rates in kb/s. */
    OFP_MF_PKTPS = 1 << 1,      /* Rates in packets/s. */
    OFP_MF_BURST = 1 << 2,      /* Bands have burst sizes. */
    OFP_MF_STATS = 1 << 3,      /* Keep statistics. */
};
#define OFP_MF_ALL 0xfu

/* Band types (and, as 1 << type, the bits of a features reply's
 * 'band_types'). */
enum ofp_meter_band_type {
    OFP_MBT_DROP = 1,
    OFP_MBT_DSCP_REMARK = 2,
};

struct ofp_meter_band {
    enum ofp_meter_band_type type;
    uint32_t rate;              /* kb/s or packets/s, as the flags say. */
    uint32_t burst_size;        /* Used only with OFP_MF_BURST. */
    uint8_t prec_level;         /* OFP_MBT_DSCP_REMARK only. */
};

/* A meter's configuration: the body of a meter-mod after its command, and
 * one element of a meter config reply. */
struct ofp_meter_config {
    uint32_t meter_id;
    uint16_t flags;             /* OFP_MF_*. */
    size_t n_bands;
    struct ofp_meter_band *bands;   /* Malloc'ed, owned. */
};

struct ofp_meter_mod {
    enum ofp_meter_command command;
    struct ofp_meter_config meter;
};

/* Frees CONFIG's bands.  CONFIG may be NULL. */
void ofp_meter_config_uninit(struct ofp_meter_config *config);

/* Appends BAND to CONFIG's bands. */
void ofp_meter_config_add_band(struct ofp_meter_config *config,
                               const struct ofp_meter_band *band);

/* Appends ID to S as ovs-ofctl prints it: "all", "controller",
 * "slowpath" or the number. */
void ofp_meter_id_format(struct ds *s, uint32_t id);

/* Parses S as a meter id as ofp_meter_id_format() prints it.  Returns
 * false if S is not one. */
bool ofp_meter_id_from_string(const char *s, uint32_t *id);

/* Meter-mod. */

/* Appends the body of MM to B.  A delete carries no flags or bands. */
void ofp_meter_mod_encode(const struct ofp_meter_mod *mm, struct buffer *b);

/* Decodes the meter-mod body B into *MM.  Returns 0 or:
 * OFPERR_OFPBRC_BAD_LEN for a truncated body or a band not 16 bytes long,
 * OFPERR_OFPMMFC_BAD_COMMAND for an unknown command,
 * OFPERR_OFPMMFC_BAD_FLAGS for unknown flags,
 * OFPERR_OFPMMFC_BAD_BAND for a band type other than drop and
 * dscp_remark. */
enum ofperr ofp_meter_mod_decode(struct buffer *b, struct ofp_meter_mod *mm);

/* Checks MM as a switch must before applying it, against a switch that
 * has meters 1 to MAX_METERS and at most MAX_BANDS bands per meter.
 * Returns 0 or, in this order of checks:
 * OFPERR_OFPMMFC_INVALID_METER for meter 0, or a meter above OFPM_MAX
 * that is not "controller" or "slowpath" (or "all", for a delete);
 * OFPERR_OFPMMFC_OUT_OF_METERS to add an ordinary meter above MAX_METERS;
 * for an add or modify: OFPERR_OFPMMFC_BAD_FLAGS if both kbps and pktps
 * are set (neither means kbps), OFPERR_OFPMMFC_OUT_OF_BANDS for more than
 * MAX_BANDS bands (or none), OFPERR_OFPMMFC_BAD_RATE for a rate of 0,
 * OFPERR_OFPMMFC_BAD_BURST for a burst size without the burst flag, and
 * OFPERR_OFPMMFC_BAD_BAND_VALUE for a dscp_remark band with a
 * prec_level of 0. */
enum ofperr ofp_meter_mod_check(const struct ofp_meter_mod *mm,
                                uint32_t max_meters, size_t max_bands);

/* Appends the text of MM to S (" ADD meter=1 kbps burst bands=\n..."). */
void ofp_meter_mod_format(struct ds *s, const struct ofp_meter_mod *mm);

/* Parses S, in the syntax of "ovs-ofctl add-meter", "mod-meter" and
 * "del-meters" (fields separated by commas or spaces: "meter=ID", the
 * flags "kbps", "pktps", "burst" and "stats", then "band=" or "bands="
 * and the bands, each "type=drop" or "type=dscp_remark" followed by
 * "rate=N", "burst_size=N" and, for dscp_remark, "prec_level=N"), into
 * *MM for COMMAND.  An add or modify needs a meter and at least one band;
 * a delete takes only a meter, "all" if it names none.  Like ovs-ofctl,
 * sets only the flags named (no unit means kbps to a switch).  Returns
 * NULL, or a malloc'ed message that says what is wrong (the caller frees
 * it). */
char *ofp_meter_mod_from_string(const char *s,
                                enum ofp_meter_command command,
                                struct ofp_meter_mod *mm)
    SLUICE_WARN_UNUSED_RESULT;

/* Meter stats and meter config requests. */

/* Appends the body of a meter stats or meter config request for METER_ID
 * (OFPM_ALL for every meter) to B. */
void ofp_meter_request_encode(uint32_t meter_id, struct buffer *b);

/* Decodes the body B of a meter stats or meter config request.  Returns 0
 * or OFPERR_OFPBRC_BAD_LEN. */
enum ofperr ofp_meter_request_decode(struct buffer *b, uint32_t *meter_id);

/* Appends the text of either request for METER_ID (" meter=all"). */
void ofp_meter_request_format(struct ds *s, uint32_t meter_id);

/* Meter config reply. */

/* Appends CONFIG, one element of a meter config reply, to B. */
void ofp_meter_config_encode(const struct ofp_meter_config *config,
                             struct buffer *b);

/* Pulls one element of a meter config reply off B into *CONFIG.  Returns
 * 0, EOF if B is empty, OFPERR_OFPBRC_BAD_LEN, or OFPERR_OFPMMFC_BAD_BAND
 * as ofp_meter_mod_decode() does. */
int ofp_meter_config_pull(struct buffer *b, struct ofp_meter_config *config);

/* Appends the text of CONFIG ("meter=1 kbps bands=\ntype=drop ...\n"). */
void ofp_meter_config_format(struct ds *s,
                             const struct ofp_meter_config *config);

/* Decodes the meter config reply body B and appends its text to S.
 * Returns 0 or the decoding error (then S is unchanged). */
enum ofperr ofp_meter_config_reply_format(struct ds *s, struct buffer *b);

/* Meter stats reply. */

struct ofp_meter_band_stats {
    uint64_t packet_count;
    uint64_t byte_count;
};

struct ofp_meter_stats {
    uint32_t meter_id;
    uint32_t flow_count;
    uint64_t packet_in_count;
    uint64_t byte_in_count;
    uint32_t duration_sec, duration_nsec;
    size_t n_bands;
    struct ofp_meter_band_stats *bands;     /* Malloc'ed, owned. */
};

/* Frees STATS's bands.  STATS may be NULL. */
void ofp_meter_stats_uninit(struct ofp_meter_stats *stats);

/* Appends STATS, one element of a meter stats reply, to B. */
void ofp_meter_stats_encode(const struct ofp_meter_stats *stats,
                            struct buffer *b);

/* Pulls one element of a meter stats reply off B into *STATS.  Returns 0,
 * EOF if B is empty, or OFPERR_OFPBRC_BAD_LEN. */
int ofp_meter_stats_pull(struct buffer *b, struct ofp_meter_stats *stats);

/* Appends the text of STATS ("meter:1 flow_count:2 ... bands:\n..."). */
void ofp_meter_stats_format(struct ds *s,
                            const struct ofp_meter_stats *stats);

/* Decodes the meter stats reply body B and appends its text to S.
 * Returns 0 or the decoding error (then S is unchanged). */
enum ofperr ofp_meter_stats_reply_format(struct ds *s, struct buffer *b);

/* Meter features.  The request has an empty body. */

struct ofp_meter_features {
    uint32_t max_meters;
    uint32_t band_types;        /* 1 << OFP_MBT_*. */
    uint32_t capabilities;      /* OFP_MF_*. */
    uint8_t max_bands;
    uint8_t max_color;
};

/* Appends the body of a meter features reply for MF to B. */
void ofp_meter_features_encode(const struct ofp_meter_features *mf,
                               struct buffer *b);

/* Decodes the meter features reply body B.  Returns 0 or
 * OFPERR_OFPBRC_BAD_LEN. */
enum ofperr ofp_meter_features_decode(struct buffer *b,
                                      struct ofp_meter_features *mf);

/* Appends the text of MF ("\nmax_meter:65536 max_bands:8 ..."). */
void ofp_meter_features_format(struct ds *s,
                               const struct ofp_meter_features *mf);

#endif /* ofp-meter.h */
