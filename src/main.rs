//! The `bilat` binary: all logic lives in the library; see `cli`.

/// mimalloc: the extraction allocates many small strings per sentence, and the system
/// allocator was a fifth of the profile. Built with `no_thp`: transparent huge pages
/// made every fresh 2 MiB of heap cost a full zeroed huge page (about 50 MB more peak
/// RSS and visible kernel page clearing in profiles), for no speed gain here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    bilat::cli::main()
}
