# ovsdb/: the OVSDB data model, transactions, journal and server
# (RFC 7047).  It knows nothing of bridges; programs link $(OVSDB_LIBS)
# before $(SLUICE_LIBS).  Each section belongs to one area; add files to
# your own.
noinst_LIBRARIES += ovsdb/libovsdb.a
ovsdb_libovsdb_a_SOURCES =

# The data model: errors, types, atoms and datums, schemas.
ovsdb_libovsdb_a_SOURCES += \
	ovsdb/ovsdb-error.c \
	ovsdb/ovsdb-error.h \
	ovsdb/ovsdb-types.c \
	ovsdb/ovsdb-types.h \
	ovsdb/ovsdb-data.c \
	ovsdb/ovsdb-data.h \
	ovsdb/ovsdb-schema.c \
	ovsdb/ovsdb-schema.h

# Storage: the journal of a database file.
ovsdb_libovsdb_a_SOURCES += \
	ovsdb/ovsdb-log.c \
	ovsdb/ovsdb-log.h

# The database in memory: rows, tables, transactions, "transact".
ovsdb_libovsdb_a_SOURCES += \
	ovsdb/ovsdb-db.c \
	ovsdb/ovsdb-db.h \
	ovsdb/ovsdb-txn.c \
	ovsdb/ovsdb-txn.h \
	ovsdb/ovsdb-exec.c \
	ovsdb/ovsdb-exec.h

# A database kept in its file; the JSON-RPC server.
ovsdb_libovsdb_a_SOURCES += \
	ovsdb/ovsdb-file.c \
	ovsdb/ovsdb-file.h \
	ovsdb/ovsdb-server.c \
	ovsdb/ovsdb-server.h

# The client side: a replica of a remote database.
ovsdb_libovsdb_a_SOURCES += \
	ovsdb/ovsdb-idl.c \
	ovsdb/ovsdb-idl.h

# sluice-dbserver.
sbin_PROGRAMS += ovsdb/sluice-dbserver
ovsdb_sluice_dbserver_SOURCES = ovsdb/sluice-dbserver.c
ovsdb_sluice_dbserver_LDADD = $(OVSDB_LIBS) $(SLUICE_LIBS)
