//! taochain node library
