//! Shared helpers for the scenario tests in `tests/tests/`.
