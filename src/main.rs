//! The `bilat` binary: all logic lives in the library; see `cli`.

/// mimalloc: the extraction allocates many small strings per sentence, and the system
/// allocator was a fifth of the profile. Built with `no_thp`: transparent huge pages
/// made every fresh 2 MiB of heap cost a full zeroed huge page (about 50 MB more peak
/// RSS and visible kernel page clearing in profiles), for no speed gain here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_t` (`mimalloc.h`); the Rust
/// bindings have no constant for it.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// How long (ms) mimalloc keeps freed memory before handing it back to the OS. Its
/// default, 1000 ms, kept each finished part's freed articles resident while the next
/// part filled: the peak RSS at 10× input was about 30 MB higher (worst 271 MB against
/// 240). 10 ms saved a few MB more but cost about 1.5% wall at 10× in page faults and
/// `madvise` calls; 50 ms costs next to nothing.
const PURGE_DELAY_MS: std::ffi::c_long = 50;

extern "C" {
    /// Part of the mimalloc library the allocator above links in.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    /// The C library's `_exit`: ends the process at once, without `atexit` handlers.
    fn _exit(status: std::ffi::c_int) -> !;
}

fn main() -> std::process::ExitCode {
    // an explicit MIMALLOC_PURGE_DELAY in the environment wins (mimalloc reads it itself)
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option; mimalloc allows this at any time.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
    let code = bilat::cli::status();
    // mimalloc prints its statistics from its exit handler: let it run when asked to
    if std::env::var_os("MIMALLOC_SHOW_STATS").is_some() || std::env::var_os("MIMALLOC_VERBOSE").is_some() {
        return std::process::ExitCode::from(code);
    }
    exit_now(code)
}

/// End the process without the C library's exit handlers. The one that costs is
/// mimalloc's: it hands every freed page back to the OS (a `madvise` per span, a few
/// ms after a 1× run) just before the OS takes the whole address space back anyway.
/// By now every command has written, flushed, synced and closed its files and joined
/// the threads it started (the rayon and polars pools only idle); only Rust's buffered
/// stdout may still hold output, so it is flushed here first (stderr is unbuffered).
fn exit_now(code: u8) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    // SAFETY: `_exit` only ends the process; nothing runs after it.
    unsafe { _exit(std::ffi::c_int::from(code)) }
}
