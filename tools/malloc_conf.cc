// jemalloc settings baked into the executables that link jemalloc (the server and benchmarks).
//
// RocksDB allocates each memtable's arena afresh and frees it after a flush; with jemalloc's
// default decay the freed pages go back to the kernel at once and the next memtable faults them
// in again (measured: ~13% of PutItem time in page faults). Keeping freed pages for 10 seconds
// lets the next memtable reuse them, while memory still returns to the system when idle.
extern "C" {
// NOLINTNEXTLINE: the name is jemalloc's.
const char* malloc_conf = "background_thread:true,dirty_decay_ms:10000,muzzy_decay_ms:10000";
}
