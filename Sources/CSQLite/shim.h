#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro that casts -1 to a function pointer, which Swift cannot import: SQLite
// copies a value bound with it before the call returns.
static inline sqlite3_destructor_type parcels_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic, which Swift cannot call. Memory statistics off: with them on, every
// allocation SQLite makes takes a process-wide mutex (7 % of writing a city's results.gpkg). Only
// before SQLite is initialised; SQLITE_MISUSE (and nothing changed) after.
static inline int parcels_sqlite_without_memory_statistics(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
