//! The real binary in a real terminal (tmux): start, navigate, read, help, quit, and leave
//! the shell usable; and end promptly when the terminal goes away.

mod common;

use common::tmux::{Tmux, cpu_ticks, gone_within};
use std::time::Duration;

const PEEL: &str = env!("CARGO_BIN_EXE_peel");

fn walk_to_the_jigsaw_finding(width: u16, height: u16) {
    let Some(tmux) = Tmux::start(&format!("walk{width}"), width, height, "sh") else {
        return;
    };
    tmux.type_line("PS1='$ '; stty sane");
    tmux.type_line(&format!("{PEEL}; echo PEEL\"\"-EXITED"));

    // The tree with grades.
    tmux.wait_for_all(&["Investigating crime", "Inadequate", "Requires improvement"]);

    // 2017 and its six children, then 2024, its summaries, and eight areas down.
    tmux.keys(&["j"; 15]);
    tmux.keys(&["Enter", "j", "Enter", "j", "Enter"]);
    tmux.wait_for_all(&["Jigsaw", "The force isn't safely managing risks posed"]);
    if width >= 100 {
        // The tree stays beside the reader.
        tmux.wait_for_all(&["Jigsaw", "Managing offenders and suspects   "]);
    }

    tmux.keys(&["?"]);
    tmux.wait_for_all(&["Keys", "next finding of the same kind"]);
    tmux.keys(&["Escape"]);
    tmux.quit_until("PEEL-EXITED");
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );

    // The quoted halves keep the typed command itself from matching.
    tmux.type_line(
        r#"s=$(stty -a); case "$s" in *-icanon*|*" -echo "*) echo "RAW""-MODE";; *) echo "COOKED""-MODE";; esac; echo "STTY""-DONE""#,
    );
    let screen = tmux.wait_for("STTY-DONE");
    assert!(
        screen.contains("COOKED-MODE") && !screen.contains("RAW-MODE"),
        "line discipline restored:\n{screen}"
    );
}

#[test]
fn explorer_at_80x24_single_pane() {
    walk_to_the_jigsaw_finding(80, 24);
}

#[test]
fn explorer_at_60x20_single_pane() {
    walk_to_the_jigsaw_finding(60, 20);
}

#[test]
fn explorer_at_120x40_side_by_side() {
    walk_to_the_jigsaw_finding(120, 40);
}

#[test]
fn killing_the_terminal_ends_peel_within_two_seconds() {
    let Some(tmux) = Tmux::start("kill", 80, 24, PEEL) else {
        return;
    };
    tmux.wait_for("Managing offenders");
    let pid: u32 = tmux.display("#{pane_pid}").parse().expect("pane pid");
    tmux.kill_session();
    assert!(
        gone_within(pid, Duration::from_secs(2)),
        "peel (pid {pid}) still running 2 s after its terminal went away"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let Some(tmux) = Tmux::start("term", 80, 24, "sh") else {
        return;
    };
    tmux.type_line("PS1='$ '");
    tmux.type_line(&format!(
        "{PEEL} & PID=$!; sleep 0.5; fg; echo PEEL\"\"-EXITED"
    ));
    tmux.wait_for("Managing offenders");
    let pane = tmux.display("#{pane_pid}");
    let children = std::process::Command::new("pgrep")
        .args(["-P", &pane, "-f", PEEL])
        .output()
        .expect("pgrep");
    let pid: u32 = String::from_utf8_lossy(&children.stdout)
        .trim()
        .parse()
        .expect("peel pid");
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    tmux.wait_for("PEEL-EXITED");
    assert_eq!(tmux.display("#{alternate_on}"), "0");
}

#[test]
fn an_idle_explorer_uses_no_cpu() {
    let Some(tmux) = Tmux::start("idle", 80, 24, PEEL) else {
        return;
    };
    tmux.wait_for("Managing offenders");
    // The search index is built after the first frame: wait until a search answers, so
    // that what is measured is the idle explorer, not its start.
    tmux.keys(&["/", "j", "i", "g"]);
    tmux.wait_for("1 of ");
    tmux.keys(&["Escape"]);
    tmux.wait_for_gone("/ jig");
    let pid: u32 = tmux.display("#{pane_pid}").parse().expect("pane pid");
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(1));
    let after = cpu_ticks(pid);
    assert!(
        after - before <= 1,
        "peel used {} clock ticks of CPU while idle for a second",
        after - before
    );
}

#[test]
fn a_panic_restores_the_terminal_and_prints_the_message() {
    let Some(tmux) = Tmux::start("panic", 80, 24, "sh") else {
        return;
    };
    tmux.type_line("PS1='$ '");
    tmux.type_line(&format!(
        "RUST_BACKTRACE=0 PEEL_TEST_PANIC=1 {PEEL}; echo PEEL\"\"-EXITED"
    ));
    let screen = tmux.wait_for("PEEL-EXITED");
    assert!(
        screen.contains("a deliberate panic (test hook) to test terminal restoration"),
        "{screen}"
    );
    assert_eq!(tmux.display("#{alternate_on}"), "0");
    tmux.type_line(r#"s=$(stty -a); case "$s" in *-icanon*|*" -echo "*) echo "RAW""-MODE";; *) echo "COOKED""-MODE";; esac"#);
    let screen = tmux.wait_for_all(&["COOKED-MODE"]);
    assert!(!screen.contains("RAW-MODE"), "{screen}");
}

#[test]
fn search_jumps_to_the_jigsaw_passage() {
    for (width, height) in [(80, 24), (120, 40)] {
        let Some(tmux) = Tmux::start(&format!("search{width}"), width, height, PEEL) else {
            return;
        };
        tmux.wait_for("Managing offenders");
        tmux.keys(&["/"]);
        tmux.wait_for("type to search");
        for key in ["j", "i", "g", "s", "a", "w"] {
            tmux.keys(&[key]);
        }
        tmux.wait_for_all(&["/ jigsaw", "1 of 6", "Workloads in Jigsaw teams"]);
        // First the cause of concern whose text discusses the Jigsaw teams.
        tmux.keys(&["Enter"]);
        tmux.wait_for_all(&["Jigsaw teams, who", "Result 1 of 6"]);
        // n steps to the next result, the finding named after the teams.
        tmux.keys(&["n"]);
        tmux.wait_for_all(&[
            "jigsaw-workloads",
            "ratio of offender",
            "between 1:38",
            "Result 2 of 6",
        ]);
    }
}

#[test]
fn escape_cancels_a_search_and_returns_to_where_you_were() {
    let Some(tmux) = Tmux::start("cancel", 120, 40, PEEL) else {
        return;
    };
    tmux.wait_for("Managing offenders");
    tmux.keys(&["j", "j"]);
    tmux.wait_for(" 2017/investigating-crime ");
    tmux.keys(&["/", "d", "i", "v", "e", "r", "t"]);
    tmux.wait_for("divert-mobile-app");
    tmux.keys(&["Escape"]);
    tmux.wait_for_all(&[" 2017/investigating-crime ", "3/24"]);
}

#[test]
fn compare_shows_2017_requires_improvement_beside_2024_inadequate() {
    for (width, height) in [(80, 24), (120, 40)] {
        let Some(tmux) = Tmux::start(&format!("compare{width}"), width, height, PEEL) else {
            return;
        };
        tmux.wait_for("Managing offenders");
        // "Investigating crime" of 2024: thirteen rows down.
        tmux.keys(&["j"; 13]);
        tmux.keys(&["c"]);
        tmux.wait_for_all(&[
            "Investigating crime and the service to victims",
            "2017  Requires improvement",
            "2024  Inadequate",
        ]);
        tmux.keys(&["Escape"]);
        tmux.wait_for("Managing offenders");
    }
}

/// Content with escape sequences (window title, colour, clear screen, cursor moves, an OSC
/// 52 clipboard write), 8-bit CSI, bidi overrides and zero-width spaces: on screen it must
/// all show as visible stand-ins and change nothing.
#[test]
fn hostile_content_is_shown_inert() {
    let fixture = common::fixture("hostile");
    let command = format!("{PEEL} --content {}", fixture.display());
    let Some(tmux) = Tmux::start_with("hostile", 100, 30, &command, &["NO_COLOR=1"]) else {
        return;
    };
    tmux.wait_for("Investigating");
    let title_before = tmux.display("#{pane_title}");
    tmux.keys(&["/"]);
    for key in ["H", "O", "S", "T", "I", "L", "E"] {
        tmux.keys(&[key]);
    }
    tmux.wait_for("/ HOSTILE");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_all(&["␛]0;pwned-title", "Body ␛[5;10Hmoved"]);
    assert!(screen.contains("<U+202E>evil"), "{screen}");
    assert!(screen.contains("zero<U+200B>width"), "{screen}");
    assert_eq!(
        tmux.display("#{pane_title}"),
        title_before,
        "the window title did not change"
    );
    assert!(
        tmux.run(&["list-buffers"]).trim().is_empty(),
        "nothing reached the clipboard"
    );
    // With NO_COLOR peel draws no colours at all, so any colour on screen would be injected.
    let styled = tmux.run(&["capture-pane", "-e", "-p", "-t", "main"]);
    for sequence in styled
        .split('\u{1b}')
        .skip(1)
        .filter_map(|s| s.strip_prefix('['))
    {
        let Some(end) = sequence.find(|c: char| c.is_ascii_alphabetic()) else {
            continue;
        };
        if &sequence[end..=end] != "m" {
            continue;
        }
        for parameter in sequence[..end]
            .split(';')
            .filter_map(|p| p.parse::<u16>().ok())
        {
            let colour = matches!(parameter, 30..=38 | 40..=48 | 90..=97 | 100..=107);
            assert!(
                !colour,
                "a colour (SGR {parameter}) reached the screen:\n{styled}"
            );
        }
    }
    // The cursor-move sequence moved nothing: "moved" is still on the body's line.
    assert!(
        screen
            .lines()
            .any(|line| line.contains("Body ␛[5;10Hmoved ␛]52;c;ZXZpbA==␇ clipboard")),
        "{screen}"
    );
}

/// The forces grid on the 43-force synthetic corpus, written as `examples/synth_corpus`
/// writes it: `o` shows forces and their grades; the year and the sort change on screen.
#[test]
fn the_forces_grid_opens_on_43_forces() {
    let corpus = tempfile::tempdir().unwrap();
    let template = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, corpus.path(), 43, 2024).unwrap();
    let command = format!("{PEEL} --content {}", corpus.path().display());
    let Some(tmux) = Tmux::start_with("grid", 80, 24, &command, &["NO_COLOR=1"]) else {
        return;
    };
    tmux.wait_for("Amberley Police (synthetic)");
    tmux.keys(&["o"]);
    // With NO_COLOR, grades are told apart by their text: bracketed initials here. Waited
    // for with the rest, not asserted on the first capture that has the title: tmux can be
    // caught with the grid's frame half painted over the tree.
    tmux.wait_for_all(&[
        "Forces: grades in 2024",
        "Amberley Police (synthetic)",
        "Ashby Vale Police (synthetic)",
        "43 forces",
        "more ▸",
        "[O]",
        "[G]",
        "[A]",
        "[RI]",
        "[I]",
    ]);
    tmux.keys(&["<"]);
    tmux.wait_for("Forces: grades in 2021");
    tmux.keys(&["l", "s"]);
    tmux.wait_for("by Preventing crime and antisocial behaviour, best first");
    tmux.keys(&["f"]);
    tmux.run(&["send-keys", "-t", "main", "-l", "ashby"]);
    tmux.wait_for("1 of 43 forces");
    tmux.keys(&["Escape"]);
    // Gone, not "43 forces" (which "1 of 43 forces" holds too): two Escapes sent together
    // read as one Alt-Escape, and the grid would stay.
    tmux.wait_for_gone("1 of 43 forces");
    tmux.wait_for("43 forces");
    tmux.keys(&["Escape"]);
    tmux.wait_for_gone("Forces: grades");
}
