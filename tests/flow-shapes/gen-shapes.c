/* gen-shapes: writes the flow extraction test shapes (see shapes.h) as a
 * pcap file, lists them, or writes each as a file for a fuzzing corpus. */
#include <config.h>

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "shapes.h"
#include "util.h"

static void
usage(void)
{
    printf("%s: writes the flow extraction test packets\n"
           "usage: %s FILE.pcap     write every shape, in order, to FILE\n"
           "       %s --list        print \"NUMBER NAME valid|malformed\" "
           "for each\n"
           "       %s --corpus DIR  write each shape to DIR/NAME\n",
           program_name, program_name, program_name, program_name);
}

static int
write_pcap(const char *file_name)
{
    pcap_t *pcap = pcap_open_dead(DLT_EN10MB, 65535);
    if (!pcap) {
        sluice_fatal(0, "pcap_open_dead failed");
    }
    pcap_dumper_t *dumper = pcap_dump_open(pcap, file_name);
    if (!dumper) {
        sluice_fatal(0, "%s: %s", file_name, pcap_geterr(pcap));
    }

    for (size_t i = 0; i < flow_shapes_count(); i++) {
        struct flow_shape_packet pkt;
        flow_shape_build(i, &pkt);

        struct pcap_pkthdr hdr;
        memset(&hdr, 0, sizeof hdr);
        hdr.ts.tv_sec = 1700000000 + i;
        hdr.caplen = pkt.size;
        hdr.len = pkt.size;
        pcap_dump((u_char *) dumper, &hdr, pkt.data);
    }

    int error = pcap_dump_flush(dumper) ? EIO : 0;
    pcap_dump_close(dumper);
    pcap_close(pcap);
    if (error) {
        sluice_fatal(error, "%s: write failed", file_name);
    }
    return 0;
}

static void
list_shapes(void)
{
    for (size_t i = 0; i < flow_shapes_count(); i++) {
        struct flow_shape_packet pkt;
        flow_shape_build(i, &pkt);
        printf("%zu %s %s\n", i + 1, pkt.name,
               pkt.malformed ? "malformed" : "valid");
    }
}

static void
write_corpus(const char *dir)
{
    if (mkdir(dir, 0777) && errno != EEXIST) {
        sluice_fatal(errno, "%s: could not create directory", dir);
    }
    for (size_t i = 0; i < flow_shapes_count(); i++) {
        struct flow_shape_packet pkt;
        flow_shape_build(i, &pkt);

        char *file_name = xasprintf("%s/%s", dir, pkt.name);
        FILE *file = fopen(file_name, "wb");
        if (!file) {
            sluice_fatal(errno, "%s: could not create", file_name);
        }
        if (fwrite(pkt.data, 1, pkt.size, file) != pkt.size
            || fclose(file)) {
            sluice_fatal(errno, "%s: write failed", file_name);
        }
        free(file_name);
    }
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    if (argc == 2 && (!strcmp(argv[1], "--help")
                      || !strcmp(argv[1], "-h"))) {
        usage();
    } else if (argc == 2 && !strcmp(argv[1], "--list")) {
        list_shapes();
    } else if (argc == 3 && !strcmp(argv[1], "--corpus")) {
        write_corpus(argv[2]);
    } else if (argc == 2 && argv[1][0] != '-') {
        write_pcap(argv[1]);
    } else {
        sluice_error(0, "bad arguments; use --help for help");
        return 2;
    }
    return 0;
}
