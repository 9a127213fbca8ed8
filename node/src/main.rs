//! taochain binary
fn main() {}
