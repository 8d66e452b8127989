/* IEEE 802.1ag continuity checks: see cfm.h for the contract. */
#include <config.h>
#include "cfm.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "hash.h"
#include "util.h"

/* Frame layout, in bytes.  Offsets within the CFM PDU, which starts
 * right after the ethertype. */
#define ETH_HDR_SIZE 14
#define VLAN_TAG_SIZE 4
#define CCM_OPCODE 1
#define CCM_FIRST_TLV_OFFSET 70
#define CCM_OFS_FLAGS 2
#define CCM_OFS_SEQ 4
#define CCM_OFS_MPID 8
#define CCM_OFS_MAID 10
#define CCM_MAID_SIZE 48
#define CCM_OFS_INTERVAL_MS 58      /* Extended mode. */
#define CCM_OFS_MPID64 60           /* Extended mode. */
#define CCM_OFS_OPDOWN 68           /* Extended mode. */
#define CCM_OFS_TLVS (4 + CCM_FIRST_TLV_OFFSET)
#define CCM_SIZE (CCM_OFS_TLVS + 1) /* With the End TLV. */
#define CCM_FLAG_RDI 0x80
#define CCM_FLAG_INTERVAL 0x07
#define CCM_MPID_MASK 0x1fff

/* Fault intervals per health refresh, and the CCMs expected in one. */
#define HEALTH_INTERVALS 6
#define HEALTH_EXPECTED_CCMS (HEALTH_INTERVALS * 7 / 2)

static const uint8_t std_dst[ETH_ADDR_LEN] = {
    0x01, 0x80, 0xc2, 0x00, 0x00, 0x30
};
static const uint8_t ext_dst[ETH_ADDR_LEN] = {
    0x01, 0x23, 0x20, 0x00, 0x00, 0x30
};

/* A remote MEP. */
struct cfm_remote_mp {
    uint64_t mpid;
    uint32_t seq;               /* Sequence number of its latest CCM. */
    int interval;               /* Interval of its latest CCM, ms. */
    bool rdi;                   /* Its latest CCM carried RDI. */
    bool opup;                  /* Its latest CCM said "up". */
    bool recv;                  /* A CCM arrived in this fault interval. */
    long long last_rx;          /* Time of its latest CCM. */
    unsigned int n_health_ccms; /* Healthy CCMs this health window. */
};

struct cfm {
    char *name;
    bool configured;
    struct cfm_settings s;
    int interval;               /* Effective interval, ms. */
    uint8_t interval_code;      /* 0: interval in the extended field. */
    uint8_t maid[CCM_MAID_SIZE];

    /* Timers; 'restart' means "start on the next cfm_run()". */
    bool restart;
    long long now;              /* Time of the latest cfm_run(). */
    long long next_tx;
    long long next_check;
    uint32_t tx_seq;
    uint32_t prng;              /* State for random VLAN IDs. */

    /* Remote MEPs, in no particular order. */
    struct cfm_remote_mp *rmps;
    size_t n_rmps;

    unsigned int rx_fault;      /* maid, loopback, overflow seen. */
    unsigned int fault;         /* As of the last fault evaluation. */
    int fault_override;
    int remote_opup;            /* As cfm_get_opup() returns. */
    int health;
    int health_interval;        /* Fault intervals in this window. */
    uint64_t flap_count;
    struct cfm_stats stats;
};

static const char *const fault_names[CFM_N_FAULT_REASONS] = {
    "recv", "rdi", "maid", "loopback", "overflow", "override",
};

/* Interval code N (1...7) in milliseconds; 3.33 ms is taken as 3. */
static int
code_to_ms(int code)
{
    static const int ms[8] = {
        0, 3, 10, 100, 1000, 10000, 60000, 600000
    };
    return code >= 1 && code <= 7 ? ms[code] : 0;
}

/* The largest standard interval code no longer than MS (at least 1). */
static int
ms_to_code(int ms)
{
    for (int code = 7; code > 1; code--) {
        if (code_to_ms(code) <= ms) {
            return code;
        }
    }
    return 1;
}

/* What OVS 3.1 puts in the 16-bit MPID field in extended mode: the low
 * 16 bits of a Murmur3 hash of the 64-bit MPID, added as two 32-bit
 * words (this reproduces the field in captures of OVS 3.1 with MPIDs 1,
 * 8191 and 4886718345, see tests/unit/test-cfm.c). */
static uint16_t
extended_mpid16(uint64_t mpid)
{
    uint32_t hash = hash_add(0, (uint32_t) mpid);
    hash = hash_add(hash, (uint32_t) (mpid >> 32));
    return hash_finish(hash, 8) & 0xffff;
}

static void
put_be16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static void
put_be32(uint8_t *p, uint32_t x)
{
    put_be16(p, x >> 16);
    put_be16(p + 2, x);
}

static void
put_be64(uint8_t *p, uint64_t x)
{
    put_be32(p, x >> 32);
    put_be32(p + 4, x);
}

static uint16_t
get_be16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

static uint32_t
get_be32(const uint8_t *p)
{
    return ((uint32_t) get_be16(p) << 16) | get_be16(p + 2);
}

static uint64_t
get_be64(const uint8_t *p)
{
    return ((uint64_t) get_be32(p) << 32) | get_be32(p + 4);
}

/* Fills MAID with OVS's MAID: MD name "ovs", short MA name "ovs", both
 * in the character-string formats (4 and 2). */
static void
make_maid(uint8_t maid[CCM_MAID_SIZE])
{
    static const uint8_t prefix[] = {
        4, 3, 'o', 'v', 's', 2, 3, 'o', 'v', 's'
    };
    memset(maid, 0, CCM_MAID_SIZE);
    memcpy(maid, prefix, sizeof prefix);
}

struct cfm *
cfm_create(const char *name)
{
    struct cfm *cfm = xzalloc(sizeof *cfm);
    cfm->name = xstrdup(name);
    cfm->prng = hash_string(name, 0) | 1;   /* Never 0. */
    cfm->s.interval = 1000;
    cfm->s.opup = true;
    cfm->interval = 1000;
    cfm->interval_code = 4;
    make_maid(cfm->maid);
    cfm->restart = true;
    cfm->fault_override = -1;
    cfm->remote_opup = -1;
    cfm->health = -1;
    return cfm;
}

void
cfm_destroy(struct cfm *cfm)
{
    if (cfm) {
        free(cfm->rmps);
        free(cfm->name);
        free(cfm);
    }
}

int
cfm_configure(struct cfm *cfm, const struct cfm_settings *settings)
{
    const struct cfm_settings *s = settings;
    if (s->interval <= 0 || s->ccm_vlan > 4095 || s->ccm_pcp > 7) {
        return EINVAL;
    }
    if (s->extended
        ? s->interval > CFM_MAX_EXTENDED_INTERVAL
        : s->mpid < 1 || s->mpid > CFM_MAX_STANDARD_MPID) {
        return EINVAL;
    }

    /* Extended mode uses the standard code too when the interval is one
     * of the standard ones, as OVS 3.1 does. */
    int code = ms_to_code(s->interval);
    int interval = code_to_ms(code);
    if (s->extended && interval != s->interval) {
        code = 0;
        interval = s->interval;
    }
    if (!cfm->configured || interval != cfm->interval
        || s->extended != cfm->s.extended) {
        cfm->restart = true;
    }
    cfm->s = *s;
    cfm->interval_code = code;
    cfm->interval = interval;
    cfm->configured = true;
    if (!s->extended) {
        cfm->remote_opup = -1;
    } else if (cfm->remote_opup < 0) {
        cfm->remote_opup = 1;
    }
    return 0;
}

static struct cfm_remote_mp *
find_rmp(struct cfm *cfm, uint64_t mpid)
{
    for (size_t i = 0; i < cfm->n_rmps; i++) {
        if (cfm->rmps[i].mpid == mpid) {
            return &cfm->rmps[i];
        }
    }
    return NULL;
}

/* Parses the CCM at PDU (SIZE bytes after the ethertype).  Returns false
 * if it is not a well-formed CCM. */
static bool
ccm_is_valid(const uint8_t *pdu, size_t size)
{
    if (size < CCM_SIZE
        || pdu[1] != CCM_OPCODE
        || pdu[3] != CCM_FIRST_TLV_OFFSET) {
        return false;
    }

    /* The TLVs must be well formed and end with the End TLV. */
    size_t ofs = CCM_OFS_TLVS;
    for (;;) {
        if (ofs >= size) {
            return false;
        }
        if (pdu[ofs] == 0) {
            return true;
        }
        if (size - ofs < 3) {
            return false;
        }
        size_t len = get_be16(pdu + ofs + 1);
        if (len > size - ofs - 3) {
            return false;
        }
        ofs += 3 + len;
    }
}

bool
cfm_process_packet(struct cfm *cfm, const void *frame, size_t size)
{
    const uint8_t *p = frame;
    size_t ofs = 2 * ETH_ADDR_LEN;

    if (size < ETH_HDR_SIZE) {
        goto error;
    }
    uint16_t type = get_be16(p + ofs);
    if (type == 0x8100 || type == 0x88a8) {
        ofs += VLAN_TAG_SIZE;
        if (size < ofs + 2) {
            goto error;
        }
        type = get_be16(p + ofs);
    }
    ofs += 2;
    if (type != CFM_ETH_TYPE || !ccm_is_valid(p + ofs, size - ofs)) {
        goto error;
    }

    const uint8_t *ccm = p + ofs;
    uint8_t flags = ccm[CCM_OFS_FLAGS];
    uint64_t mpid;
    bool opup = true;
    if (cfm->s.extended) {
        mpid = get_be64(ccm + CCM_OFS_MPID64);
        opup = !(ccm[CCM_OFS_OPDOWN] & 1);
    } else {
        mpid = get_be16(ccm + CCM_OFS_MPID) & CCM_MPID_MASK;
        if (!mpid) {
            goto error;
        }
    }
    cfm->stats.rx_ccms++;

    if (memcmp(ccm + CCM_OFS_MAID, cfm->maid, CCM_MAID_SIZE)) {
        cfm->rx_fault |= CFM_FAULT_MAID;
        return true;
    }
    if (mpid == cfm->s.mpid) {
        cfm->rx_fault |= CFM_FAULT_LOOPBACK;
        return true;
    }

    uint32_t seq = get_be32(ccm + CCM_OFS_SEQ);
    bool rdi = (flags & CCM_FLAG_RDI) != 0;
    struct cfm_remote_mp *rmp = find_rmp(cfm, mpid);
    bool in_sequence = true;
    if (rmp) {
        in_sequence = seq == rmp->seq + 1;
    } else if (cfm->n_rmps >= CFM_MAX_REMOTE_MPS) {
        cfm->rx_fault |= CFM_FAULT_OVERFLOW;
        return true;
    } else {
        cfm->rmps = xrealloc(cfm->rmps,
                             (cfm->n_rmps + 1) * sizeof *cfm->rmps);
        rmp = &cfm->rmps[cfm->n_rmps++];
        memset(rmp, 0, sizeof *rmp);
        rmp->mpid = mpid;
    }
    rmp->seq = seq;
    rmp->interval = (flags & CCM_FLAG_INTERVAL
                     ? code_to_ms(flags & CCM_FLAG_INTERVAL)
                     : get_be16(ccm + CCM_OFS_INTERVAL_MS));
    rmp->rdi = rdi;
    rmp->opup = opup;
    rmp->recv = true;
    rmp->last_rx = cfm->now;
    if (!rdi && in_sequence) {
        rmp->n_health_ccms++;
    }
    return true;

error:
    cfm->stats.rx_errors++;
    return false;
}

/* Returns a pseudo-random VLAN ID, 1...4095 (xorshift32: VLANs need
 * variety, not unpredictability). */
static uint16_t
random_vid(struct cfm *cfm)
{
    uint32_t x = cfm->prng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    cfm->prng = x;
    return 1 + x % 4095;
}

/* Composes a CCM into FRAME, which has room for one, and returns its
 * size. */
static size_t
compose_ccm(struct cfm *cfm, uint8_t *frame)
{
    const struct cfm_settings *s = &cfm->s;
    size_t ofs = 0;

    memcpy(frame, s->extended ? ext_dst : std_dst, ETH_ADDR_LEN);
    memcpy(frame + ETH_ADDR_LEN, s->hw_addr.ea, ETH_ADDR_LEN);
    ofs = 2 * ETH_ADDR_LEN;
    if (s->ccm_vlan || s->ccm_pcp || s->ccm_vlan_random) {
        uint16_t vid = s->ccm_vlan_random ? random_vid(cfm) : s->ccm_vlan;
        put_be16(frame + ofs, 0x8100);
        put_be16(frame + ofs + 2, (s->ccm_pcp << 13) | vid);
        ofs += VLAN_TAG_SIZE;
    }
    put_be16(frame + ofs, CFM_ETH_TYPE);
    ofs += 2;

    uint8_t *ccm = frame + ofs;
    memset(ccm, 0, CCM_SIZE);
    ccm[1] = CCM_OPCODE;
    /* As in 802.1ag's presentRDI, a remote MEP's RDI alone does not set
     * ours: two MEPs would otherwise hold each other in fault forever. */
    bool rdi = (cfm->fault & ~CFM_FAULT_RDI) != 0;
    ccm[CCM_OFS_FLAGS] = cfm->interval_code | (rdi ? CCM_FLAG_RDI : 0);
    ccm[3] = CCM_FIRST_TLV_OFFSET;
    put_be32(ccm + CCM_OFS_SEQ, cfm->tx_seq++);
    memcpy(ccm + CCM_OFS_MAID, cfm->maid, CCM_MAID_SIZE);
    if (s->extended) {
        put_be16(ccm + CCM_OFS_MPID, extended_mpid16(s->mpid));
        if (!cfm->interval_code) {
            put_be16(ccm + CCM_OFS_INTERVAL_MS, cfm->interval);
        }
        put_be64(ccm + CCM_OFS_MPID64, s->mpid);
        ccm[CCM_OFS_OPDOWN] = !s->opup;
    } else {
        put_be16(ccm + CCM_OFS_MPID, s->mpid);
    }
    return ofs + CCM_SIZE;
}

static int
compare_rmp_mpids(const void *a_, const void *b_)
{
    const struct cfm_remote_mp *a = a_;
    const struct cfm_remote_mp *b = b_;
    return a->mpid < b->mpid ? -1 : a->mpid > b->mpid;
}

static int
compare_mpids(const void *a_, const void *b_)
{
    const uint64_t *a = a_;
    const uint64_t *b = b_;
    return *a < *b ? -1 : *a > *b;
}

/* Re-evaluates the fault at the end of a fault interval. */
static void
check_fault(struct cfm *cfm)
{
    unsigned int fault = cfm->rx_fault;
    bool all_up = true;
    size_t n = 0;

    cfm->rx_fault = 0;
    for (size_t i = 0; i < cfm->n_rmps; i++) {
        struct cfm_remote_mp *rmp = &cfm->rmps[i];
        if (!rmp->recv) {
            continue;
        }
        rmp->recv = false;
        if (rmp->rdi) {
            fault |= CFM_FAULT_RDI;
        }
        if (!rmp->opup) {
            all_up = false;
        }
        cfm->rmps[n++] = *rmp;
    }
    cfm->n_rmps = n;
    if (!n) {
        fault |= CFM_FAULT_RECV;
    }
    cfm->remote_opup = cfm->s.extended ? all_up : -1;

    if (++cfm->health_interval >= HEALTH_INTERVALS) {
        if (n == 1) {
            unsigned int pct = cfm->rmps[0].n_health_ccms * 100
                               / HEALTH_EXPECTED_CCMS;
            cfm->health = pct > 100 ? 100 : pct;
        } else {
            cfm->health = n ? -1 : 0;
        }
        for (size_t i = 0; i < n; i++) {
            cfm->rmps[i].n_health_ccms = 0;
        }
        cfm->health_interval = 0;
    }

    if (!fault != !cfm->fault) {
        cfm->flap_count++;
    }
    cfm->fault = fault;
}

void
cfm_run(struct cfm *cfm, long long now, cfm_send_cb *send, void *aux)
{
    if (!cfm->configured) {
        return;
    }
    cfm->now = now;
    long long fault_interval = (long long) cfm->interval * 7 / 2;
    if (cfm->restart) {
        cfm->restart = false;
        cfm->next_tx = now;
        cfm->next_check = now + fault_interval;
    }

    if (now >= cfm->next_check) {
        check_fault(cfm);
        cfm->next_check += fault_interval;
        if (cfm->next_check <= now) {
            cfm->next_check = now + fault_interval;
        }
    }

    if (now >= cfm->next_tx) {
        uint8_t frame[ETH_HDR_SIZE + VLAN_TAG_SIZE + CCM_SIZE];
        size_t size = compose_ccm(cfm, frame);
        cfm->stats.tx_ccms++;
        send(aux, frame, size);
        cfm->next_tx += cfm->interval;
        if (cfm->next_tx <= now) {
            cfm->next_tx = now + cfm->interval;
        }
    }
}

long long
cfm_next_wakeup(const struct cfm *cfm)
{
    if (!cfm->configured) {
        return LLONG_MAX;
    }
    if (cfm->restart) {
        return LLONG_MIN;
    }
    return MIN(cfm->next_tx, cfm->next_check);
}

unsigned int
cfm_get_fault(const struct cfm *cfm)
{
    if (cfm->fault_override >= 0) {
        return cfm->fault_override ? CFM_FAULT_OVERRIDE : 0;
    }
    return cfm->fault;
}

void
cfm_set_fault_override(struct cfm *cfm, int override)
{
    cfm->fault_override = override < 0 ? -1 : override > 0;
}

int
cfm_get_interval(const struct cfm *cfm)
{
    return cfm->interval;
}

void
cfm_get_remote_mpids(const struct cfm *cfm, uint64_t **mpidsp,
                     size_t *n_mpidsp)
{
    uint64_t *mpids = xmalloc((cfm->n_rmps ? cfm->n_rmps : 1)
                              * sizeof *mpids);
    for (size_t i = 0; i < cfm->n_rmps; i++) {
        mpids[i] = cfm->rmps[i].mpid;
    }
    qsort(mpids, cfm->n_rmps, sizeof *mpids, compare_mpids);
    *mpidsp = mpids;
    *n_mpidsp = cfm->n_rmps;
}

size_t
cfm_get_remote_mps(const struct cfm *cfm, struct cfm_remote_mp_info **mpsp)
{
    size_t n = cfm->n_rmps;
    struct cfm_remote_mp_info *mps = xmalloc((n ? n : 1) * sizeof *mps);
    for (size_t i = 0; i < n; i++) {
        const struct cfm_remote_mp *rmp = &cfm->rmps[i];
        mps[i] = (struct cfm_remote_mp_info) {
            .mpid = rmp->mpid,
            .interval = rmp->interval,
            .rdi = rmp->rdi,
            .opup = rmp->opup,
            .last_rx = rmp->last_rx,
        };
    }
    /* 'mpid' comes first, so comparing as uint64_t sorts by MPID. */
    qsort(mps, n, sizeof *mps, compare_mpids);
    *mpsp = mps;
    return n;
}

int
cfm_get_health(const struct cfm *cfm)
{
    return cfm->health;
}

int
cfm_get_opup(const struct cfm *cfm)
{
    return cfm->s.extended ? cfm->remote_opup : -1;
}

uint64_t
cfm_get_flap_count(const struct cfm *cfm)
{
    return cfm->flap_count;
}

void
cfm_get_stats(const struct cfm *cfm, struct cfm_stats *stats)
{
    *stats = cfm->stats;
}

const char *
cfm_fault_reason_to_string(enum cfm_fault_reason reason)
{
    for (int i = 0; i < CFM_N_FAULT_REASONS; i++) {
        if ((unsigned int) reason == 1u << i) {
            return fault_names[i];
        }
    }
    return NULL;
}

void
cfm_format_fault(unsigned int fault, struct ds *ds)
{
    bool first = true;
    for (int i = 0; i < CFM_N_FAULT_REASONS; i++) {
        if (fault & (1u << i)) {
            if (!first) {
                ds_put_char(ds, ' ');
            }
            ds_put_cstr(ds, fault_names[i]);
            first = false;
        }
    }
}

void
cfm_format(const struct cfm *cfm, long long now, struct ds *ds)
{
    unsigned int fault = cfm_get_fault(cfm);

    ds_put_format(ds, "---- %s ----\n", cfm->name);
    ds_put_format(ds, "MPID %llu:", (unsigned long long) cfm->s.mpid);
    if (cfm->s.extended) {
        ds_put_cstr(ds, " extended");
    }
    if (cfm->fault_override >= 0) {
        ds_put_cstr(ds, " fault_override");
    }
    ds_put_char(ds, '\n');
    if (fault) {
        ds_put_cstr(ds, "  fault: ");
        cfm_format_fault(fault, ds);
        ds_put_char(ds, '\n');
    }
    if (cfm->health < 0) {
        ds_put_cstr(ds, "  average health: undefined\n");
    } else {
        ds_put_format(ds, "  average health: %d\n", cfm->health);
    }
    ds_put_format(ds, "  opstate: %s\n", cfm->s.opup ? "up" : "down");
    ds_put_format(ds, "  remote_opstate: %s\n",
                  cfm->remote_opup == 0 ? "down" : "up");
    ds_put_format(ds, "  interval: %dms\n", cfm->interval);
    if (cfm->configured && !cfm->restart) {
        ds_put_format(ds, "  next CCM tx: %lldms\n",
                      MAX(cfm->next_tx - now, 0));
        ds_put_format(ds, "  next fault check: %lldms\n",
                      MAX(cfm->next_check - now, 0));
    }

    if (!cfm->n_rmps) {
        return;
    }
    struct cfm_remote_mp *sorted = xmemdup(cfm->rmps,
                                           cfm->n_rmps * sizeof *sorted);
    qsort(sorted, cfm->n_rmps, sizeof *sorted, compare_rmp_mpids);
    for (size_t i = 0; i < cfm->n_rmps; i++) {
        const struct cfm_remote_mp *rmp = &sorted[i];
        ds_put_format(ds, "Remote MPID %llu\n",
                      (unsigned long long) rmp->mpid);
        ds_put_format(ds, "  recv since check: %s\n",
                      rmp->recv ? "true" : "false");
        ds_put_format(ds, "  opstate: %s\n", rmp->opup ? "up" : "down");
    }
    free(sorted);
}
