//! The `bilat` binary: all logic lives in the library; see `cli`.

fn main() -> std::process::ExitCode {
    bilat::cli::main()
}
