# Microbenchmarks: built by "make", run by hand (see bench/README.md),
# never by "make check".

# Flow extraction.
noinst_PROGRAMS += bench/flow-extract
bench_flow_extract_SOURCES = bench/flow-extract.c \
	tests/flow-shapes/shapes.c tests/flow-shapes/shapes.h
bench_flow_extract_LDADD = $(SLUICE_LIBS)
EXTRA_DIST += bench/README.md
