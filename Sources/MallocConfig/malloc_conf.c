// jemalloc's options, read by jemalloc when the program starts (release builds link jemalloc; with
// the system malloc this variable is simply unused). Freed pages go back to the system after 300 ms
// instead of jemalloc's default 10 s: a city's report frees whole layers between phases, and keeping
// them would count toward its peak memory. Not 0: purging at once makes every worker's short-lived
// overlay garbage a madvise and a page fault (1M buildings: decay 0 took 35.1 s wall, 6.8 s system
// time, 735 MB; 300 ms 29.0 s, 3.2 s, 763 MB; 10 s, the default, 28.8 s, 2.9 s, 815 MB; MB = 2^20 bytes).
const char *malloc_conf = "dirty_decay_ms:300,muzzy_decay_ms:0";
