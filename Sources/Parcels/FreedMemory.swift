// Freed memory returned to the system between a report's phases. jemalloc keeps freed pages for
// 300 ms (MallocConfig: less would make every worker's short-lived overlay garbage a system call), so
// where one phase's garbage is still resident while the next phase makes its data, the two add up:
// that moment is the report's peak. A purge there costs one system call per arena.
import MallocConfig

func returnFreedMemory() { parcels_return_freed_memory() }
