//! The node binary's integration tests, one binary: crash safety across SIGKILLs and the
//! offline `taochain epoch` tool.

mod crash;
mod epoch_cli;
