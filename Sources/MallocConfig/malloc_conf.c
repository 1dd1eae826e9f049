// jemalloc's options, read by jemalloc when the program starts (release builds link jemalloc; with
// the system malloc this variable is simply unused). Freed pages go back to the system at once
// instead of after jemalloc's default 10 s: a city's report frees whole layers between phases, and
// keeping them would count toward its peak memory (−22 MB at 1M buildings, no measurable time).
const char *malloc_conf = "dirty_decay_ms:0,muzzy_decay_ms:0";
