//! One file per subcommand; each only wires stages together.

pub mod eval;
pub mod run;
pub mod tone;
