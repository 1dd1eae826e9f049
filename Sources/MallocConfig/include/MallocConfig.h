// MallocConfig: jemalloc's options (`malloc_conf`, malloc_conf.c) and one call.

/// Returns the pages of freed memory to the system now (jemalloc's `arena.<all>.purge`), rather than
/// after the 300 ms decay; a no-op under the system malloc (debug builds, sanitizers).
void parcels_return_freed_memory(void);

/// Bytes allocated and not yet freed (jemalloc's `stats.allocated`), or -1 under the system malloc.
long long parcels_allocated_bytes(void);
