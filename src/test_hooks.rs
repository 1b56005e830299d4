//! Deliberate failures that the end-to-end tests provoke in the real binary, to prove that
//! a panic restores the terminal and ends one SSH session alone. They exist only with the
//! `test-hooks` feature, which the tests turn on (peel's dev-dependency on itself in
//! Cargo.toml): a binary built for use reads no such variable and carries no such code.

/// Whether this run was asked to panic on purpose (`PEEL_TEST_PANIC` set, in a build with
/// the test hooks).
#[cfg(feature = "test-hooks")]
pub fn panic_requested() -> bool {
    std::env::var_os("PEEL_TEST_PANIC").is_some()
}

/// Whether this run was asked to panic on purpose: never, in a build without the test hooks.
#[cfg(not(feature = "test-hooks"))]
pub const fn panic_requested() -> bool {
    false
}
