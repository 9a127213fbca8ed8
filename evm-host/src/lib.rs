//! evm-host
