//! One Yuma epoch offline, on a case file: the same `tao_yuma::run_epoch` that
//! `taochain epoch --input FILE` and the chain run (bit-exact fixed point), on the JSON format of
//! `docs/epoch-format.md`. No node is needed.

use crate::{Error, Result};
use std::path::Path;
pub use tao_yuma::{EpochInput, EpochOutput};

/// Parses an epoch case (JSON) and runs it. A malformed case or one the epoch refuses
/// (vector lengths, uids out of range, ...) is [`Error::InvalidInput`] saying what is wrong.
///
/// ```
/// let out = taochain_sdk::epoch::run_json(r#"{ "stake": [1, 3], "emission": 100 }"#)?;
/// assert_eq!(out.stake_weight_u16, vec![16383, 49151]);
/// # Ok::<(), taochain_sdk::Error>(())
/// ```
pub fn run_json(text: &str) -> Result<EpochOutput> {
    let case: EpochInput = serde_json::from_str(text).map_err(|e| {
        Error::InvalidInput(format!(
            "not an epoch case: {e} (the format is in docs/epoch-format.md)"
        ))
    })?;
    tao_yuma::run_epoch(&case).map_err(|e| Error::InvalidInput(format!("invalid epoch case: {e}")))
}

/// [`run_json`] on a file (`-` reads standard input).
///
/// ```no_run
/// let out = taochain_sdk::epoch::run_file(std::path::Path::new("case.json"))?;
/// println!("{:?}", out.incentive_u16);
/// # Ok::<(), taochain_sdk::Error>(())
/// ```
pub fn run_file(path: &Path) -> Result<EpochOutput> {
    let io = |e: std::io::Error| Error::InvalidInput(format!("reading {}: {e}", path.display()));
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(io)?
    } else {
        std::fs::read_to_string(path).map_err(io)?
    };
    run_json(&text).map_err(|e| match e {
        Error::InvalidInput(m) => Error::InvalidInput(format!("{}: {m}", path.display())),
        other => other,
    })
}
