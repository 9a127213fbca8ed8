//! ink! contracts from their metadata file: the standard ink! 5 metadata JSON (what
//! `cargo contract` writes, and `scripts/ink-metadata.sh` for our contracts) parsed into
//! constructors, messages and events with their selectors and argument types
//! ([`metadata`]), and SCALE values encoded from command-line strings and decoded to JSON by
//! those types ([`scale`]).
//!
//! ```
//! use taochain_sdk::ink::scale;
//! assert_eq!(scale::compact(300), vec![0xb1, 0x04]);
//! ```

pub mod metadata;
pub mod scale;

#[cfg(test)]
mod tests;

pub use metadata::{Arg, EventSpec, InkMetadata, MessageSpec, TypeDef, TypeInfo};

/// What can go wrong with a metadata file, an argument or an output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InkError {
    /// The metadata file is not ink! metadata we understand.
    #[error("bad ink! metadata: {0}")]
    Metadata(String),
    /// The metadata is of another ink! metadata version.
    #[error(
        "ink! metadata version {found} is not supported (only version 5; rebuild the contract with ink! 5)"
    )]
    Version {
        /// The `version` field found.
        found: String,
    },
    /// No message (or constructor) of that name.
    #[error("the contract has no {what} `{name}` (it has: {known})")]
    UnknownName {
        /// `"message"` or `"constructor"`.
        what: &'static str,
        /// The name asked for.
        name: String,
        /// The names it has, comma-separated.
        known: String,
    },
    /// The number of arguments does not match.
    #[error("`{name}` takes {expected} argument(s) ({signature}), {given} given")]
    ArgCount {
        /// The message or constructor.
        name: String,
        /// How many it takes.
        expected: usize,
        /// How many were given.
        given: usize,
        /// `label: Type, ...`.
        signature: String,
    },
    /// An argument string does not parse as its type.
    #[error("argument `{label}`: `{value}` is not a {ty}{hint}")]
    BadArg {
        /// The argument's label.
        label: String,
        /// The string given.
        value: String,
        /// The expected type's name.
        ty: String,
        /// How to write it, with a leading separator (or empty).
        hint: String,
    },
    /// A type the command line cannot write or the decoder cannot read.
    #[error("type {ty} is not supported here ({why})")]
    Unsupported {
        /// The type's name.
        ty: String,
        /// Why.
        why: String,
    },
    /// A type id that is not in the registry.
    #[error("type id {0} is not in the metadata's type registry")]
    UnknownType(u32),
    /// Output bytes that do not decode as their type.
    #[error("cannot decode {ty} at byte {at}: {why}")]
    Decode {
        /// The type being decoded.
        ty: String,
        /// The byte offset.
        at: usize,
        /// What was wrong.
        why: String,
    },
}
