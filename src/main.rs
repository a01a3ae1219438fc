/// mimalloc: a request's many small allocations cost about half of what they cost in glibc's
/// allocator (issue 28: 2,577 → 3,976 GraphQL answers a second at 16 connections in one run).
/// Without transparent huge pages (the `no_thp` feature) and purging freed memory at once, it
/// keeps less resident than glibc, which after one argon2id hash (19 MiB, at start-up and per
/// token request) keeps blocks of that size in its heaps.
#[global_allocator]
static ALOKATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v3): how long freed memory waits before it is given
/// back to the system (default 10 ms, and only when the allocator is next busy).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // SAFETY: sets one of mimalloc's tuning options, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    api::main()
}
