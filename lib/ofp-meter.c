/* ofp-meter: OpenFlow meters.  See ofp-meter.h. */
#include <config.h>
#include "ofp-meter.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-port.h"
#include "packets.h"
#include "util.h"

/* Wire formats (OpenFlow 1.3 to 1.5). */

struct meter_mod_wire {
    be16 command;
    be16 flags;
    be32 meter_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct meter_mod_wire) == 8);

/* Every band Sluice knows is 16 bytes: type, length, rate, burst size and
 * 4 bytes that are prec_level and padding for dscp_remark, padding for
 * drop. */
struct meter_band_wire {
    be16 type;
    be16 len;
    be32 rate;
    be32 burst_size;
    uint8_t prec_level;
    uint8_t pad[3];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct meter_band_wire) == 16);

struct meter_request_wire {
    be32 meter_id;
    uint8_t pad[4];
} SLUICE_PACKED;

struct meter_config_wire {
    be16 length;
    be16 flags;
    be32 meter_id;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct meter_config_wire) == 8);

struct meter_stats_wire {
    be32 meter_id;
    be16 len;
    uint8_t pad[6];
    be32 flow_count;
    be64 packet_in_count;
    be64 byte_in_count;
    be32 duration_sec;
    be32 duration_nsec;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct meter_stats_wire) == 40);

struct meter_band_stats_wire {
    be64 packet_band_count;
    be64 byte_band_count;
} SLUICE_PACKED;

struct meter_features_wire {
    be32 max_meter;
    be32 band_types;
    be32 capabilities;
    uint8_t max_bands;
    uint8_t max_color;
    uint8_t pad[2];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct meter_features_wire) == 16);

/* Meter configurations. */

void
ofp_meter_config_uninit(struct ofp_meter_config *config)
{
    if (config) {
        free(config->bands);
        config->bands = NULL;
        config->n_bands = 0;
    }
}

void
ofp_meter_config_add_band(struct ofp_meter_config *config,
                          const struct ofp_meter_band *band)
{
    config->bands = xrealloc(config->bands,
                             (config->n_bands + 1) * sizeof *config->bands);
    config->bands[config->n_bands++] = *band;
}

static const struct {
    uint32_t id;
    const char *name;
} meter_names[] = {
    { OFPM_ALL, "all" },
    { OFPM_CONTROLLER, "controller" },
    { OFPM_SLOWPATH, "slowpath" },
};

void
ofp_meter_id_format(struct ds *s, uint32_t id)
{
    for (size_t i = 0; i < ARRAY_SIZE(meter_names); i++) {
        if (meter_names[i].id == id) {
            ds_put_cstr(s, meter_names[i].name);
            return;
        }
    }
    ds_put_format(s, "%"PRIu32, id);
}

bool
ofp_meter_id_from_string(const char *s, uint32_t *id)
{
    unsigned int value;

    for (size_t i = 0; i < ARRAY_SIZE(meter_names); i++) {
        if (!strcmp(s, meter_names[i].name)) {
            *id = meter_names[i].id;
            return true;
        }
    }
    if (isdigit((unsigned char) s[0]) && str_to_uint(s, 0, &value)) {
        *id = value;
        return true;
    }
    return false;
}

static void
bands_encode(const struct ofp_meter_config *config, struct buffer *b)
{
    for (size_t i = 0; i < config->n_bands; i++) {
        const struct ofp_meter_band *band = &config->bands[i];
        struct meter_band_wire *w = buffer_put_zeros(b, sizeof *w);
        w->type = htons(band->type);
        w->len = htons(sizeof *w);
        w->rate = htonl(band->rate);
        w->burst_size = htonl(band->burst_size);
        if (band->type == OFP_MBT_DSCP_REMARK) {
            w->prec_level = band->prec_level;
        }
    }
}

/* Pulls the bands in the SIZE bytes at the front of B into CONFIG. */
static enum ofperr
bands_pull(struct buffer *b, size_t size, struct ofp_meter_config *config)
{
    if (size % sizeof(struct meter_band_wire) || size > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    for (size_t i = 0; i < size / sizeof(struct meter_band_wire); i++) {
        const struct meter_band_wire *w = buffer_pull(b, sizeof *w);
        uint16_t type = ntohs(w->type);

        if (ntohs(w->len) != sizeof *w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (type != OFP_MBT_DROP && type != OFP_MBT_DSCP_REMARK) {
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        struct ofp_meter_band band = {
            .type = type,
            .rate = ntohl(w->rate),
            .burst_size = ntohl(w->burst_size),
            .prec_level = type == OFP_MBT_DSCP_REMARK ? w->prec_level : 0,
        };
        ofp_meter_config_add_band(config, &band);
    }
    return 0;
}

static const char *const flag_names[] = { "kbps", "pktps", "burst", "stats" };

void
ofp_meter_config_format(struct ds *s, const struct ofp_meter_config *config)
{
    ds_put_cstr(s, "meter=");
    ofp_meter_id_format(s, config->meter_id);
    for (size_t i = 0; i < ARRAY_SIZE(flag_names); i++) {
        if (config->flags & (1u << i)) {
            ds_put_format(s, " %s", flag_names[i]);
        }
    }
    ds_put_cstr(s, " bands=");
    for (size_t i = 0; i < config->n_bands; i++) {
        const struct ofp_meter_band *band = &config->bands[i];
        ds_put_cstr(s, "\ntype=");
        ds_put_cstr(s, (band->type == OFP_MBT_DROP ? "drop"
                        : "dscp_remark"));
        ds_put_format(s, " rate=%"PRIu32, band->rate);
        if (config->flags & OFP_MF_BURST) {
            ds_put_format(s, " burst_size=%"PRIu32, band->burst_size);
        }
        if (band->type == OFP_MBT_DSCP_REMARK) {
            ds_put_format(s, " prec_level=%u", band->prec_level);
        }
    }
    ds_put_char(s, '\n');
}

/* Meter-mod. */

void
ofp_meter_mod_encode(const struct ofp_meter_mod *mm, struct buffer *b)
{
    struct meter_mod_wire *w = buffer_put_zeros(b, sizeof *w);
    w->command = htons(mm->command);
    w->meter_id = htonl(mm->meter.meter_id);
    if (mm->command != OFP_MC_DELETE) {
        w->flags = htons(mm->meter.flags);
        bands_encode(&mm->meter, b);
    }
}

enum ofperr
ofp_meter_mod_decode(struct buffer *b, struct ofp_meter_mod *mm)
{
    memset(mm, 0, sizeof *mm);

    const struct meter_mod_wire *w = buffer_try_pull(b, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    uint16_t command = ntohs(w->command);
    if (command > OFP_MC_DELETE) {
        return OFPERR_OFPMMFC_BAD_COMMAND;
    }
    mm->command = command;
    mm->meter.meter_id = ntohl(w->meter_id);
    mm->meter.flags = ntohs(w->flags);
    if (mm->meter.flags & ~OFP_MF_ALL) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    enum ofperr error = bands_pull(b, b->size, &mm->meter);
    if (error) {
        ofp_meter_config_uninit(&mm->meter);
    }
    return error;
}

enum ofperr
ofp_meter_mod_check(const struct ofp_meter_mod *mm, uint32_t max_meters,
                    size_t max_bands)
{
    const struct ofp_meter_config *m = &mm->meter;
    uint32_t id = m->meter_id;

    if (!id
        || (id > OFPM_MAX && id != OFPM_CONTROLLER && id != OFPM_SLOWPATH
            && !(id == OFPM_ALL && mm->command == OFP_MC_DELETE))) {
        return OFPERR_OFPMMFC_INVALID_METER;
    }
    if (mm->command == OFP_MC_ADD && id <= OFPM_MAX && id > max_meters) {
        return OFPERR_OFPMMFC_OUT_OF_METERS;
    }
    if (mm->command == OFP_MC_DELETE) {
        return 0;
    }

    /* Neither unit means kbps, as Open vSwitch takes it: "ovs-ofctl
     * add-meter" sends no unit unless told. */
    if ((m->flags & OFP_MF_KBPS) && (m->flags & OFP_MF_PKTPS)) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    if (!m->n_bands || m->n_bands > max_bands) {
        return OFPERR_OFPMMFC_OUT_OF_BANDS;
    }
    for (size_t i = 0; i < m->n_bands; i++) {
        const struct ofp_meter_band *band = &m->bands[i];
        if (!band->rate) {
            return OFPERR_OFPMMFC_BAD_RATE;
        }
        if (band->burst_size && !(m->flags & OFP_MF_BURST)) {
            return OFPERR_OFPMMFC_BAD_BURST;
        }
        if (band->type == OFP_MBT_DSCP_REMARK && !band->prec_level) {
            return OFPERR_OFPMMFC_BAD_BAND_VALUE;
        }
    }
    return 0;
}

void
ofp_meter_mod_format(struct ds *s, const struct ofp_meter_mod *mm)
{
    ds_put_cstr(s, (mm->command == OFP_MC_ADD ? " ADD "
                    : mm->command == OFP_MC_MODIFY ? " MOD "
                    : " DEL "));
    ofp_meter_config_format(s, &mm->meter);
}

/* Parses VALUE, the value of KEY, as a 32-bit number into *N.  Returns
 * NULL or an error message. */
static char *
parse_u32(const char *key, const char *value, uint32_t *n)
{
    unsigned int x;
    if (!isdigit((unsigned char) value[0]) || !str_to_uint(value, 0, &x)) {
        return xasprintf("%s: \"%s\" is not a number", key, value);
    }
    *n = x;
    return NULL;
}

static char *
meter_mod_parse__(char *string, enum ofp_meter_command command,
                  struct ofp_meter_mod *mm)
{
    bool has_meter = false;
    bool in_bands = false;
    struct ofp_meter_band *band = NULL;
    char *save_ptr = NULL;

    for (char *token = strtok_r(string, ", \t", &save_ptr); token;
         token = strtok_r(NULL, ", \t", &save_ptr)) {
        char *value = strchr(token, '=');
        if (value) {
            *value++ = '\0';
        }

        if (!in_bands && (!strcmp(token, "band")
                          || !strcmp(token, "bands"))) {
            if (command == OFP_MC_DELETE) {
                return xstrdup("deleting a meter takes no bands");
            }
            in_bands = true;
            if (!value || !*value) {
                continue;
            }
            /* "band=type=drop": the rest of the token is the first key. */
            token = value;
            value = strchr(token, '=');
            if (value) {
                *value++ = '\0';
            }
        }

        if (in_bands) {
            if (!value) {
                return xasprintf("band field \"%s\" needs a value", token);
            }
            if (!strcmp(token, "type")) {
                struct ofp_meter_band new_band = { .type = 0 };
                if (!strcmp(value, "drop")) {
                    new_band.type = OFP_MBT_DROP;
                } else if (!strcmp(value, "dscp_remark")) {
                    new_band.type = OFP_MBT_DSCP_REMARK;
                } else {
                    return xasprintf("unknown meter band type \"%s\"",
                                     value);
                }
                ofp_meter_config_add_band(&mm->meter, &new_band);
                band = &mm->meter.bands[mm->meter.n_bands - 1];
                continue;
            }
            if (!band) {
                return xasprintf("band field \"%s\" before the band's "
                                 "\"type\"", token);
            }
            uint32_t n = 0;
            char *error = parse_u32(token, value, &n);
            if (error) {
                return error;
            }
            if (!strcmp(token, "rate")) {
                band->rate = n;
            } else if (!strcmp(token, "burst_size")) {
                band->burst_size = n;
            } else if (!strcmp(token, "prec_level")
                       && band->type == OFP_MBT_DSCP_REMARK) {
                if (n > UINT8_MAX) {
                    return xasprintf("prec_level %"PRIu32" is above 255",
                                     n);
                }
                band->prec_level = n;
            } else {
                return xasprintf("unknown meter band field \"%s\"", token);
            }
        } else if (!strcmp(token, "meter")) {
            if (!value
                || !ofp_meter_id_from_string(value, &mm->meter.meter_id)) {
                return xasprintf("meter: \"%s\" is not a meter id",
                                 value ? value : "");
            }
            has_meter = true;
        } else if (!value && command != OFP_MC_DELETE
                   && (!strcmp(token, "kbps") || !strcmp(token, "pktps")
                       || !strcmp(token, "burst")
                       || !strcmp(token, "stats"))) {
            for (size_t i = 0; i < ARRAY_SIZE(flag_names); i++) {
                if (!strcmp(token, flag_names[i])) {
                    mm->meter.flags |= 1u << i;
                }
            }
        } else {
            return xasprintf("unknown meter field \"%s\"", token);
        }
    }

    if (command == OFP_MC_DELETE) {
        if (!has_meter) {
            mm->meter.meter_id = OFPM_ALL;
        }
        return NULL;
    }
    if (!has_meter) {
        return xstrdup("must specify a meter (meter=ID)");
    }
    if (!mm->meter.n_bands) {
        return xstrdup("must specify bands (band=type=drop,rate=N)");
    }
    return NULL;
}

char *
ofp_meter_mod_from_string(const char *s, enum ofp_meter_command command,
                          struct ofp_meter_mod *mm)
{
    memset(mm, 0, sizeof *mm);
    mm->command = command;

    char *string = xstrdup(s);
    char *error = meter_mod_parse__(string, command, mm);
    free(string);
    if (error) {
        ofp_meter_config_uninit(&mm->meter);
    }
    return error;
}

/* Meter stats and config requests. */

void
ofp_meter_request_encode(uint32_t meter_id, struct buffer *b)
{
    struct meter_request_wire *w = buffer_put_zeros(b, sizeof *w);
    w->meter_id = htonl(meter_id);
}

enum ofperr
ofp_meter_request_decode(struct buffer *b, uint32_t *meter_id)
{
    if (b->size != sizeof(struct meter_request_wire)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    const struct meter_request_wire *w = buffer_pull(b, sizeof *w);
    *meter_id = ntohl(w->meter_id);
    return 0;
}

void
ofp_meter_request_format(struct ds *s, uint32_t meter_id)
{
    ds_put_cstr(s, " meter=");
    ofp_meter_id_format(s, meter_id);
}

/* Meter config reply. */

void
ofp_meter_config_encode(const struct ofp_meter_config *config,
                        struct buffer *b)
{
    struct meter_config_wire *w = buffer_put_zeros(b, sizeof *w);
    w->length = htons(sizeof *w
                      + config->n_bands * sizeof(struct meter_band_wire));
    w->flags = htons(config->flags);
    w->meter_id = htonl(config->meter_id);
    bands_encode(config, b);
}

int
ofp_meter_config_pull(struct buffer *b, struct ofp_meter_config *config)
{
    memset(config, 0, sizeof *config);
    if (!b->size) {
        return EOF;
    }
    const struct meter_config_wire *w = buffer_at(b, 0, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t len = ntohs(w->length);
    if (len < sizeof *w || len > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    config->flags = ntohs(w->flags);
    config->meter_id = ntohl(w->meter_id);

    struct buffer bands;
    buffer_use_const(&bands, (const uint8_t *) w + sizeof *w,
                     len - sizeof *w);
    enum ofperr error = bands_pull(&bands, bands.size, config);
    if (error) {
        ofp_meter_config_uninit(config);
        return error;
    }
    buffer_pull(b, len);
    return 0;
}

enum ofperr
ofp_meter_config_reply_format(struct ds *s, struct buffer *b)
{
    struct ds body = DS_EMPTY_INITIALIZER;

    for (;;) {
        struct ofp_meter_config config;
        int error = ofp_meter_config_pull(b, &config);
        if (error == EOF) {
            break;
        } else if (error) {
            ds_destroy(&body);
            return error;
        }
        ds_put_char(&body, '\n');
        ofp_meter_config_format(&body, &config);
        ofp_meter_config_uninit(&config);
    }
    ds_put_buffer(s, body.string ? body.string : "", body.length);
    ds_destroy(&body);
    return 0;
}

/* Meter stats reply. */

void
ofp_meter_stats_uninit(struct ofp_meter_stats *stats)
{
    if (stats) {
        free(stats->bands);
        stats->bands = NULL;
        stats->n_bands = 0;
    }
}

void
ofp_meter_stats_encode(const struct ofp_meter_stats *stats,
                       struct buffer *b)
{
    struct meter_stats_wire *w = buffer_put_zeros(b, sizeof *w);
    w->meter_id = htonl(stats->meter_id);
    w->len = htons(sizeof *w
                   + stats->n_bands * sizeof(struct meter_band_stats_wire));
    w->flow_count = htonl(stats->flow_count);
    w->packet_in_count = htonll(stats->packet_in_count);
    w->byte_in_count = htonll(stats->byte_in_count);
    w->duration_sec = htonl(stats->duration_sec);
    w->duration_nsec = htonl(stats->duration_nsec);
    for (size_t i = 0; i < stats->n_bands; i++) {
        struct meter_band_stats_wire *bw = buffer_put_zeros(b, sizeof *bw);
        bw->packet_band_count = htonll(stats->bands[i].packet_count);
        bw->byte_band_count = htonll(stats->bands[i].byte_count);
    }
}

int
ofp_meter_stats_pull(struct buffer *b, struct ofp_meter_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    if (!b->size) {
        return EOF;
    }
    const struct meter_stats_wire *w = buffer_at(b, 0, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t len = ntohs(w->len);
    size_t band_size = sizeof(struct meter_band_stats_wire);
    if (len < sizeof *w || len > b->size || (len - sizeof *w) % band_size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    stats->meter_id = ntohl(w->meter_id);
    stats->flow_count = ntohl(w->flow_count);
    stats->packet_in_count = ntohll(w->packet_in_count);
    stats->byte_in_count = ntohll(w->byte_in_count);
    stats->duration_sec = ntohl(w->duration_sec);
    stats->duration_nsec = ntohl(w->duration_nsec);
    stats->n_bands = (len - sizeof *w) / band_size;
    stats->bands = xmalloc(stats->n_bands * sizeof *stats->bands + 1);

    const struct meter_band_stats_wire *bw = (const void *) (w + 1);
    for (size_t i = 0; i < stats->n_bands; i++) {
        stats->bands[i].packet_count = ntohll(bw[i].packet_band_count);
        stats->bands[i].byte_count = ntohll(bw[i].byte_band_count);
    }
    buffer_pull(b, len);
    return 0;
}

void
ofp_meter_stats_format(struct ds *s, const struct ofp_meter_stats *stats)
{
    ds_put_cstr(s, "meter:");
    ofp_meter_id_format(s, stats->meter_id);
    ds_put_format(s, " flow_count:%"PRIu32" packet_in_count:%"PRIu64
                  " byte_in_count:%"PRIu64" duration:",
                  stats->flow_count, stats->packet_in_count,
                  stats->byte_in_count);
    ofp_format_duration(s, stats->duration_sec, stats->duration_nsec);
    ds_put_cstr(s, " bands:\n");
    for (size_t i = 0; i < stats->n_bands; i++) {
        ds_put_format(s, "%zu: packet_count:%"PRIu64" byte_count:%"PRIu64
                      "\n", i, stats->bands[i].packet_count,
                      stats->bands[i].byte_count);
    }
}

enum ofperr
ofp_meter_stats_reply_format(struct ds *s, struct buffer *b)
{
    struct ds body = DS_EMPTY_INITIALIZER;

    for (;;) {
        struct ofp_meter_stats stats;
        int error = ofp_meter_stats_pull(b, &stats);
        if (error == EOF) {
            break;
        } else if (error) {
            ds_destroy(&body);
            return error;
        }
        ds_put_char(&body, '\n');
        ofp_meter_stats_format(&body, &stats);
        ofp_meter_stats_uninit(&stats);
    }
    ds_put_buffer(s, body.string ? body.string : "", body.length);
    ds_destroy(&body);
    return 0;
}

/* Meter features. */

void
ofp_meter_features_encode(const struct ofp_meter_features *mf,
                          struct buffer *b)
{
    struct meter_features_wire *w = buffer_put_zeros(b, sizeof *w);
    w->max_meter = htonl(mf->max_meters);
    w->band_types = htonl(mf->band_types);
    w->capabilities = htonl(mf->capabilities);
    w->max_bands = mf->max_bands;
    w->max_color = mf->max_color;
}

enum ofperr
ofp_meter_features_decode(struct buffer *b, struct ofp_meter_features *mf)
{
    if (b->size != sizeof(struct meter_features_wire)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    const struct meter_features_wire *w = buffer_pull(b, sizeof *w);
    mf->max_meters = ntohl(w->max_meter);
    mf->band_types = ntohl(w->band_types);
    mf->capabilities = ntohl(w->capabilities);
    mf->max_bands = w->max_bands;
    mf->max_color = w->max_color;
    return 0;
}

void
ofp_meter_features_format(struct ds *s, const struct ofp_meter_features *mf)
{
    static const char *const band_names[] = { NULL, "drop", "dscp_remark" };

    ds_put_format(s, "\nmax_meter:%"PRIu32" max_bands:%u max_color:%u\n",
                  mf->max_meters, mf->max_bands, mf->max_color);
    ds_put_cstr(s, "band_types: ");
    ofp_format_bit_names(s, mf->band_types, band_names,
                         ARRAY_SIZE(band_names));
    ds_put_cstr(s, "\ncapabilities: ");
    ofp_format_bit_names(s, mf->capabilities, flag_names,
                         ARRAY_SIZE(flag_names));
    ds_put_char(s, '\n');
}
