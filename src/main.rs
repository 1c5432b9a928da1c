//! The `bilat` binary: all logic lives in the library; see `cli`.

/// mimalloc: the extraction allocates many small strings per sentence, and the system
/// allocator was a fifth of the profile.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    bilat::cli::main()
}
