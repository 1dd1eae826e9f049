// jemalloc's options, read by jemalloc when the program starts (release builds link jemalloc; with
// the system malloc this variable is simply unused). Freed pages go back to the system after 300 ms
// instead of jemalloc's default 10 s: a city's report frees whole layers between phases, and keeping
// them would count toward its peak memory. Not 0: purging at once makes every worker's short-lived
// overlay garbage a madvise and a page fault (1M buildings: decay 0 took 35.1 s wall, 6.8 s system
// time, 735 MB; 300 ms 29.0 s, 3.2 s, 763 MB; 10 s, the default, 28.8 s, 2.9 s, 815 MB; MB = 2^20 bytes).
const char *malloc_conf = "dirty_decay_ms:300,muzzy_decay_ms:0";

#include <stddef.h>
#include <stdint.h>
#include "MallocConfig.h"

// jemalloc's control call: a weak reference, null when jemalloc is not linked.
extern int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen) __attribute__((weak));

// Called between a report's phases, where one phase's garbage (a survey read in batches, the claims'
// overlays) would otherwise still be resident when the next phase's data is made: the peak.
void parcels_return_freed_memory(void) {
    if (mallctl) mallctl("arena.4096.purge", NULL, NULL, NULL, 0);    // 4096: MALLCTL_ARENAS_ALL
}

// Bytes the program holds allocated now (jemalloc's `stats.allocated`, after an `epoch` refresh), or
// -1 without jemalloc: the live heap, where resident memory also counts freed pages not yet returned.
long long parcels_allocated_bytes(void) {
    if (!mallctl) return -1;
    uint64_t epoch = 1;
    size_t size = sizeof(epoch);
    mallctl("epoch", &epoch, &size, &epoch, size);
    size_t allocated = 0;
    size = sizeof(allocated);
    if (mallctl("stats.allocated", &allocated, &size, NULL, 0) != 0) return -1;
    return (long long)allocated;
}
