/// mimalloc: a request's many small allocations cost about half of what they cost in glibc's
/// allocator (issue 28: 2,577 → 3,976 GraphQL answers a second at 16 connections in one run).
/// Without transparent huge pages (the `no_thp` feature) it keeps less resident than glibc,
/// which after one argon2id hash (19 MiB, at start-up and per token request) keeps blocks of
/// that size in its heaps. Freed memory goes back to the system after [`PURGE_MS`].
#[global_allocator]
static ALOKATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v3): how long freed memory waits before it is given
/// back to the system, when the allocator is next busy.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// At once, for the memory bound under 64 connections (issue 28, one session: at once 38.4 MiB,
/// 10 ms 38.3 and 39.9 MiB, the library's default 46-50 MiB). 10 ms costs the national total a
/// tenth to a quarter less CPU (fewer page faults and TLB shootdowns): where memory is
/// plentiful, mimalloc's own `MIMALLOC_PURGE_DELAY=10` chooses it, and decides whenever set.
const PURGE_MS: std::ffi::c_long = 0;

fn main() -> std::process::ExitCode {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's tuning options, before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_MS) };
    }
    api::main()
}
