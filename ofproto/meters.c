/* meters: a switch's OpenFlow meter table.  See meters.h. */

#include <config.h>
#include "meters.h"

#include "ofproto-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "connmgr.h"
#include "datapath/dpif.h"
#include "hash.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "tables.h"
#include "timeval.h"
#include "upcall.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(meters);

/* Datapath meter ids in use, by every switch (main thread). */
static uint8_t dp_ids_used[DPIF_MAX_METERS / 8];
static uint32_t dp_ids_hint;

static bool
dp_id_alloc(uint32_t *id)
{
    for (uint32_t n = 0; n < DPIF_MAX_METERS; n++) {
        uint32_t i = (dp_ids_hint + n) % DPIF_MAX_METERS;
        if (!(dp_ids_used[i / 8] & (1u << (i % 8)))) {
            dp_ids_used[i / 8] |= 1u << (i % 8);
            dp_ids_hint = i + 1;
            *id = i;
            return true;
        }
    }
    return false;
}

static void
dp_id_free(uint32_t id)
{
    dp_ids_used[id / 8] &= ~(1u << (id % 8));
}

struct ofmeter *
ofmeter_find(const struct ofproto *ofproto, uint32_t meter_id)
{
    struct ofmeter *m;
    HMAP_FOR_EACH_WITH_HASH (m, node, hash_int(meter_id, 0),
                             &ofproto->meters) {
        if (m->config.meter_id == meter_id) {
            return m;
        }
    }
    return NULL;
}

/* Sets datapath meter DP_ID to CONFIG.  Returns 0 or an OpenFlow error. */
static enum ofperr
set_dp_meter(struct ofproto *ofproto, uint32_t dp_id,
             const struct ofp_meter_config *config)
{
    struct dpif_meter_band bands[DPIF_MAX_BANDS];
    uint32_t flags = 0;

    if (config->n_bands > DPIF_MAX_BANDS) {
        return OFPERR_OFPMMFC_OUT_OF_BANDS;
    }
    flags |= config->flags & OFP_MF_PKTPS ? DPIF_METER_PKTPS
                                          : DPIF_METER_KBPS;
    flags |= config->flags & OFP_MF_BURST ? DPIF_METER_BURST : 0;
    flags |= config->flags & OFP_MF_STATS ? DPIF_METER_STATS : 0;
    for (size_t i = 0; i < config->n_bands; i++) {
        const struct ofp_meter_band *b = &config->bands[i];
        bands[i] = (struct dpif_meter_band) {
            .type = (b->type == OFP_MBT_DSCP_REMARK
                     ? DPIF_METER_BAND_DSCP_REMARK : DPIF_METER_BAND_DROP),
            .rate = b->rate,
            .burst_size = config->flags & OFP_MF_BURST ? b->burst_size : 0,
            .prec_level = (b->type == OFP_MBT_DSCP_REMARK
                           ? b->prec_level : 0),
        };
    }

    char *err = NULL;
    int error = dpif_meter_set(ofproto->dpif, dp_id, flags, bands,
                               config->n_bands, &err);
    if (error) {
        VLOG_WARN("%s: meter %"PRIu32": %s", ofproto->name,
                  config->meter_id, err ? err : "rejected by the datapath");
        free(err);
        return OFPERR_OFPMMFC_BAD_BAND_VALUE;
    }
    return 0;
}

static void
copy_config(struct ofp_meter_config *dst, const struct ofp_meter_config *src)
{
    dst->meter_id = src->meter_id;
    dst->flags = src->flags;
    dst->n_bands = 0;
    dst->bands = NULL;
    for (size_t i = 0; i < src->n_bands; i++) {
        ofp_meter_config_add_band(dst, &src->bands[i]);
    }
}

static enum ofperr
add_meter(struct ofproto *ofproto, const struct ofp_meter_mod *mm)
{
    if (ofmeter_find(ofproto, mm->meter.meter_id)) {
        return OFPERR_OFPMMFC_METER_EXISTS;
    }
    uint32_t dp_id;
    if (!dp_id_alloc(&dp_id)) {
        return OFPERR_OFPMMFC_OUT_OF_METERS;
    }
    enum ofperr error = set_dp_meter(ofproto, dp_id, &mm->meter);
    if (error) {
        dp_id_free(dp_id);
        return error;
    }

    struct ofmeter *m = xzalloc(sizeof *m);
    copy_config(&m->config, &mm->meter);
    m->dp_meter_id = dp_id;
    m->created = time_msec();
    mutex_lock(&ofproto_mutex);
    hmap_insert(&ofproto->meters, &m->node, hash_int(m->config.meter_id, 0));
    mutex_unlock(&ofproto_mutex);
    return 0;
}

static enum ofperr
modify_meter(struct ofproto *ofproto, const struct ofp_meter_mod *mm)
{
    struct ofmeter *m = ofmeter_find(ofproto, mm->meter.meter_id);
    if (!m) {
        return OFPERR_OFPMMFC_UNKNOWN_METER;
    }
    enum ofperr error = set_dp_meter(ofproto, m->dp_meter_id, &mm->meter);
    if (error) {
        return error;
    }
    mutex_lock(&ofproto_mutex);
    ofp_meter_config_uninit(&m->config);
    copy_config(&m->config, &mm->meter);
    m->created = time_msec();
    mutex_unlock(&ofproto_mutex);
    return 0;
}

static bool
uses_meter(const void *ofpacts, size_t len, void *meter_id_)
{
    const uint32_t *meter_id = meter_id_;
    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (a->type == OFPACT_METER
            && ((const struct ofpact_meter *) a)->meter_id == *meter_id) {
            return true;
        }
    }
    return false;
}

static void
ofmeter_free(struct ofproto *ofproto, struct ofmeter *m)
{
    dpif_meter_del(ofproto->dpif, m->dp_meter_id, NULL);
    dp_id_free(m->dp_meter_id);
    ofp_meter_config_uninit(&m->config);
    free(m);
}

static void
delete_meter(struct ofproto *ofproto, struct ofmeter *m)
{
    uint32_t id = m->config.meter_id;
    tables_delete_if(&ofproto->tables, uses_meter, &id, OFPRR_METER_DELETE);
    mutex_lock(&ofproto_mutex);
    hmap_remove(&ofproto->meters, &m->node);
    mutex_unlock(&ofproto_mutex);
    /* Megaflows that still name the datapath meter pass packets unmetered
     * until revalidation removes them (their rules are gone). */
    upcall_request_revalidation();
    ofmeter_free(ofproto, m);
}

enum ofperr
meters_handle_mod(struct ofproto *ofproto, const struct ofp_header *oh)
{
    struct ofp_meter_mod mm;
    struct buffer b;
    enum ofpraw raw;

    memset(&mm, 0, sizeof mm);
    buffer_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (!error) {
        error = ofp_meter_mod_decode(&b, &mm);
    }
    if (!error) {
        error = ofp_meter_mod_check(&mm, OFPM_MAX, DPIF_MAX_BANDS);
    }
    if (!error && mm.command != OFP_MC_DELETE
        && mm.meter.meter_id > OFPM_MAX) {
        error = OFPERR_OFPMMFC_INVALID_METER;   /* controller, slowpath. */
    }
    if (!error) {
        switch (mm.command) {
        case OFP_MC_ADD:
            error = add_meter(ofproto, &mm);
            break;
        case OFP_MC_MODIFY:
            error = modify_meter(ofproto, &mm);
            break;
        case OFP_MC_DELETE:
            if (mm.meter.meter_id == OFPM_ALL) {
                struct ofmeter *m;
                HMAP_FOR_EACH_SAFE (m, node, &ofproto->meters) {
                    delete_meter(ofproto, m);
                }
            } else {
                struct ofmeter *m = ofmeter_find(ofproto, mm.meter.meter_id);
                if (m) {
                    delete_meter(ofproto, m);
                }
            }
            break;
        default:
            error = OFPERR_OFPMMFC_BAD_COMMAND;
            break;
        }
    }
    ofp_meter_config_uninit(&mm.meter);
    return error;
}

void
meters_destroy(struct ofproto *ofproto)
{
    struct ofmeter *m;
    mutex_lock(&ofproto_mutex);
    struct hmap meters = ofproto->meters;
    hmap_init(&ofproto->meters);
    hmap_moved(&meters);
    mutex_unlock(&ofproto_mutex);
    HMAP_FOR_EACH_POP (m, node, &meters) {
        ofmeter_free(ofproto, m);
    }
    hmap_destroy(&meters);
}

/* Requests. */

/* Returns the meters that METER_ID selects (OFPM_ALL: every one), sorted
 * by id, in a malloc'd array of *N. */
static struct ofmeter **
selected_meters(const struct ofproto *ofproto, uint32_t meter_id, size_t *n)
{
    struct ofmeter **meters = xmalloc((hmap_count(&ofproto->meters) + 1)
                                      * sizeof *meters);
    struct ofmeter *m;

    *n = 0;
    HMAP_FOR_EACH (m, node, &ofproto->meters) {
        if (meter_id == OFPM_ALL || m->config.meter_id == meter_id) {
            meters[(*n)++] = m;
        }
    }
    for (size_t i = 1; i < *n; i++) {      /* Insertion sort by id. */
        struct ofmeter *x = meters[i];
        size_t j = i;
        for (; j > 0 && meters[j - 1]->config.meter_id > x->config.meter_id;
             j--) {
            meters[j] = meters[j - 1];
        }
        meters[j] = x;
    }
    return meters;
}

/* Decodes meter stats or config request OH: a meter that does not exist
 * is OFPMMFC_UNKNOWN_METER, as in Open vSwitch. */
static enum ofperr
decode_meter_request(const struct ofproto *ofproto,
                     const struct ofp_header *oh, uint32_t *meter_id)
{
    struct buffer b;
    enum ofpraw raw;

    buffer_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (!error) {
        error = ofp_meter_request_decode(&b, meter_id);
    }
    if (!error && *meter_id != OFPM_ALL && !ofmeter_find(ofproto, *meter_id)) {
        error = OFPERR_OFPMMFC_UNKNOWN_METER;
    }
    return error;
}

/* Answers meter request OH on OFPROTO's connection OFCONN with a
 * multipart reply that APPEND fills with each meter that the request
 * selects, in order of id. */
static enum ofperr
reply_per_meter(struct ofproto *ofproto, struct ofconn *ofconn,
                const struct ofp_header *oh,
                void (*append)(struct ofproto *, const struct ofmeter *,
                               struct buffer *))
{
    uint32_t meter_id;
    enum ofperr error = decode_meter_request(ofproto, oh, &meter_id);
    if (error) {
        return error;
    }

    struct list replies;
    size_t n;
    ofpmp_init(&replies, oh);
    struct ofmeter **meters = selected_meters(ofproto, meter_id, &n);
    for (size_t i = 0; i < n; i++) {
        struct buffer *reply = ofpmp_reserve(
            &replies, 40 + 16 * meters[i]->config.n_bands);
        size_t start = reply->size;
        append(ofproto, meters[i], reply);
        ofpmp_postappend(&replies, start);
    }
    free(meters);
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

static void
append_meter_stats(struct ofproto *ofproto, const struct ofmeter *m,
                   struct buffer *reply)
{
    uint32_t id = m->config.meter_id;
    long long int now = time_msec();
    struct dpif_meter_stats ds;

    memset(&ds, 0, sizeof ds);
    dpif_meter_get(ofproto->dpif, m->dp_meter_id, &ds);

    struct ofp_meter_band_stats bands[DPIF_MAX_BANDS];
    struct ofp_meter_stats ms = {
        .meter_id = id,
        .flow_count = tables_count_if(&ofproto->tables, uses_meter, &id),
        .packet_in_count = ds.n_packets,
        .byte_in_count = ds.n_bytes,
        .duration_sec = (now - m->created) / 1000,
        .duration_nsec = ((now - m->created) % 1000) * 1000000,
        .n_bands = m->config.n_bands,
        .bands = bands,
    };
    for (size_t j = 0; j < m->config.n_bands; j++) {
        bands[j].packet_count = j < ds.n_bands ? ds.bands[j].n_packets : 0;
        bands[j].byte_count = j < ds.n_bands ? ds.bands[j].n_bytes : 0;
    }
    ofp_meter_stats_encode(&ms, reply);
}

static void
append_meter_config(struct ofproto *ofproto SLUICE_UNUSED,
                    const struct ofmeter *m, struct buffer *reply)
{
    ofp_meter_config_encode(&m->config, reply);
}

enum ofperr
meters_handle_stats(struct ofproto *ofproto, struct ofconn *ofconn,
                    const struct ofp_header *oh)
{
    return reply_per_meter(ofproto, ofconn, oh, append_meter_stats);
}

enum ofperr
meters_handle_config(struct ofproto *ofproto, struct ofconn *ofconn,
                     const struct ofp_header *oh)
{
    return reply_per_meter(ofproto, ofconn, oh, append_meter_config);
}

enum ofperr
meters_handle_features(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_meter_features mf = {
        .max_meters = DPIF_MAX_METERS,
        .band_types = (1u << OFP_MBT_DROP) | (1u << OFP_MBT_DSCP_REMARK),
        .capabilities = OFP_MF_ALL,
        .max_bands = DPIF_MAX_BANDS,
        .max_color = 0,
    };
    struct buffer *reply = ofpraw_alloc_stats_reply(oh, 16);
    ofp_meter_features_encode(&mf, reply);
    ofpmsg_update_length(reply);
    ofconn_send_reply(ofconn, reply);
    return 0;
}
