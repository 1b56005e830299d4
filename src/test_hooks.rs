//! Deliberate failures and timings that the end-to-end tests provoke in the real binary,
//! to prove that a panic restores the terminal and ends one SSH session alone, and that
//! Ctrl-c wins a race with the end of a load. They exist only with the
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

/// Whether a content folder's load is to be held back until Ctrl-c or a signal has been
/// raised (`PEEL_TEST_HOLD_LOAD` set, in a build with the test hooks): the load then ends
/// at the moment the race between the two is closest.
#[cfg(feature = "test-hooks")]
pub fn load_held_until_interrupted() -> bool {
    std::env::var_os("PEEL_TEST_HOLD_LOAD").is_some()
}

/// Never, in a build without the test hooks.
#[cfg(not(feature = "test-hooks"))]
pub const fn load_held_until_interrupted() -> bool {
    false
}
