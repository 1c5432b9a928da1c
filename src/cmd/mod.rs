//! One file per subcommand; each only wires stages together.

pub mod aggregate;
pub mod eval;
pub mod extract;
pub mod report;
pub mod run;
pub mod tone;
