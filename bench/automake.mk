# Microbenchmarks: built by "make", run by hand (see bench/README.md),
# never by "make check".

# Flow extraction.
noinst_PROGRAMS += bench/flow-extract
bench_flow_extract_SOURCES = bench/flow-extract.c \
	tests/flow-shapes/shapes.c tests/flow-shapes/shapes.h
bench_flow_extract_LDADD = $(SLUICE_LIBS)
EXTRA_DIST += bench/README.md bench/vsctl-bench.sh

# Flow lookups: the exact-match cache, the signature-match cache and the
# megaflow classifier (datapath/emc.h, smc.h, dpcls.h).
noinst_PROGRAMS += bench/dpcls-lookup
bench_dpcls_lookup_SOURCES = bench/dpcls-lookup.c
bench_dpcls_lookup_LDADD = $(DATAPATH_LIBS) $(SLUICE_LIBS)

# The OpenFlow classifier: insertion, lookups and memory with 1,000,000
# rules (lib/classifier.h).
noinst_PROGRAMS += bench/classifier-bench
bench_classifier_bench_SOURCES = bench/classifier-bench.c
bench_classifier_bench_LDADD = $(SLUICE_LIBS)
