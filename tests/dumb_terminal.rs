//! A terminal that cannot position the cursor (`TERM=dumb`) gets one line saying why the
//! explorer cannot run there, not a stream of escape sequences: locally and over SSH.

mod common;

use common::pty::{Pty, find};
use common::serve::Server;
use std::time::Duration;

const PEEL: &str = env!("CARGO_BIN_EXE_peel");
const WHY: &str = "cannot position the cursor";

#[test]
fn locally_term_dumb_is_refused_with_one_line() {
    let mut peel = Pty::launch(PEEL, &["--no-state"], 80, 24, &[("TERM", "dumb")]);
    assert!(
        peel.exited_within(Duration::from_secs(10)),
        "peel kept running"
    );
    let output = peel.drain(Duration::from_millis(200), Duration::from_secs(2));
    let text = String::from_utf8_lossy(&output);
    assert!(text.contains(WHY), "{text:?}");
    assert!(
        find(&output, b"\x1b[").is_none(),
        "escape sequences: {text:?}"
    );
    assert_eq!(peel.exit_code(), Some(1));
}

#[test]
fn over_ssh_term_dumb_is_told_so_and_the_session_ends() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let mut client = server.client_with(Some(&server.reader()), &[], &[("TERM", "dumb")]);
    let output = client.start_reading().wait_for(WHY);
    assert!(!output.contains("\x1b[?1049h"), "{output:?}");
    assert_eq!(client.exit_code(Duration::from_secs(10)), Some(1));
    server.wait_for_log("ended=\"dumb terminal\"");
}
