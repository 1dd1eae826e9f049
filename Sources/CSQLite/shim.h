#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro that casts -1 to a function pointer, which Swift cannot import: SQLite
// copies a value bound with it before the call returns.
static inline sqlite3_destructor_type parcels_sqlite_transient(void) { return SQLITE_TRANSIENT; }
