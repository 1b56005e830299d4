//! peel over a real SSH connection: a private sshd on 127.0.0.1 (tests/common/sshd.rs),
//! `ssh -tt` inside tmux, and peel on the far side. Fails when OpenSSH is missing, naming the
//! package, unless PEEL_SKIP=ssh asks to skip; CI installs it.

mod common;

use common::sshd::{Sshd, shell_quote};
use common::tmux::{Tmux, cpu_ticks, gone_within};
use std::time::Duration;

const PEEL: &str = env!("CARGO_BIN_EXE_peel");

fn server() -> Option<Sshd> {
    Sshd::start()
}

/// The command the far side runs: peel in a known, minimal environment, its pid written
/// down so the test can watch the remote process itself.
fn remote_peel(sshd: &Sshd, term: &str, lang: Option<&str>) -> String {
    let scratch = sshd.scratch();
    let lang = lang.map(|l| format!("LANG={l}")).unwrap_or_default();
    let inner = format!(
        "echo $$ > {pid}; exec env -i PATH=/usr/bin:/bin HOME={home} TERM={term} {lang} {PEEL}",
        pid = scratch.join("remote.pid").display(),
        home = scratch.display(),
    );
    format!("sh -c {}", shell_quote(&inner))
}

fn remote_pid(sshd: &Sshd) -> u32 {
    std::fs::read_to_string(sshd.scratch().join("remote.pid"))
        .expect("the remote side wrote its pid")
        .trim()
        .parse()
        .expect("a pid")
}

/// Start, walk to the Jigsaw cause of concern, search, quit: the session a reader has.
fn session(term: &str, lang: Option<&str>) -> Option<String> {
    let sshd = server()?;
    let name = format!("ssh-{term}-{}", lang.unwrap_or("unset"));
    let tmux = Tmux::start(&name, 80, 24, "sh")?;
    tmux.type_line("PS1='$ '");
    tmux.type_line(&format!(
        "{}; echo PEEL\"\"-EXITED-$?",
        sshd.ssh_command(&remote_peel(&sshd, term, lang))
    ));
    let first = tmux.wait_for_all(&["Managing offenders", "Inadequate"]);

    tmux.keys(&["j"; 15]);
    tmux.keys(&["Enter", "j", "Enter", "j", "Enter"]);
    tmux.wait_for("The force isn't safely managing risks posed");
    tmux.keys(&["/"]);
    tmux.run(&["send-keys", "-t", "main", "-l", "thrive"]);
    tmux.wait_for("THRIVE");
    tmux.keys(&["Enter"]);
    tmux.wait_for("THRIVE");
    tmux.quit_until("PEEL-EXITED-0");
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    Some(first)
}

#[test]
fn over_ssh_with_xterm_256color() {
    if let Some(screen) = session("xterm-256color", Some("C.UTF-8")) {
        assert!(
            screen.contains('│'),
            "UTF-8 borders in a UTF-8 locale:\n{screen}"
        );
    }
}

#[test]
fn over_ssh_with_screen_256color() {
    session("screen-256color", Some("C.UTF-8"));
}

#[test]
fn over_ssh_with_tmux_256color() {
    session("tmux-256color", Some("C.UTF-8"));
}

#[test]
fn over_ssh_with_vt100() {
    session("vt100", Some("C.UTF-8"));
}

#[test]
fn over_ssh_with_lang_unset_draws_in_ascii() {
    if let Some(screen) = session("xterm-256color", None) {
        assert!(screen.is_ascii(), "ASCII only in the C locale:\n{screen}");
        assert!(screen.contains('|') && screen.contains('+'), "{screen}");
    }
}

#[test]
fn a_dropped_connection_ends_the_remote_peel_within_two_seconds() {
    let Some(sshd) = server() else { return };
    let remote = remote_peel(&sshd, "xterm-256color", Some("C.UTF-8"));
    let Some(tmux) = Tmux::start(
        "ssh-drop",
        80,
        24,
        &format!("exec {}", sshd.ssh_command(&remote)),
    ) else {
        return;
    };
    tmux.wait_for("Managing offenders");
    tmux.keys(&["j", "j", "Enter"]);
    let peel = remote_pid(&sshd);
    let client: u32 = tmux.display("#{pane_pid}").parse().expect("ssh client pid");
    let before = cpu_ticks(peel);
    // The link dies without a goodbye: the client is killed outright.
    let _ = std::process::Command::new("kill")
        .args(["-KILL", &client.to_string()])
        .status();
    std::thread::sleep(Duration::from_millis(300));
    if let Ok(stat) = std::fs::read_to_string(format!("/proc/{peel}/stat"))
        && !stat.contains(") Z")
    {
        let spent = cpu_ticks(peel) - before;
        assert!(
            spent <= 10,
            "peel spun: {spent} ticks in 0.3 s after the drop"
        );
    }
    assert!(
        gone_within(peel, Duration::from_millis(1700)),
        "the remote peel (pid {peel}) outlived its connection by 2 s"
    );
}
