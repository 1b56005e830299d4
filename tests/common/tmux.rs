//! A private tmux server for end-to-end tests: start, type, read the screen, clean up.

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
    /// Each session's own XDG state and cache folders, so no test sees another's saved
    /// place or the developer's own.
    home: tempfile::TempDir,
}

impl Tmux {
    /// A new server with one session of the given size running `command`; `None` when
    /// tmux is missing and PEEL_SKIP asks to skip (see `common::needs`).
    pub fn start(name: &str, width: u16, height: u16, command: &str) -> Option<Tmux> {
        Tmux::start_with(name, width, height, command, &[])
    }

    /// As `start`, with extra environment variables for the session.
    pub fn start_with(
        name: &str,
        width: u16,
        height: u16,
        command: &str,
        env: &[&str],
    ) -> Option<Tmux> {
        if !super::needs("tmux") {
            return None;
        }
        let tmux = Tmux {
            socket: format!("peel-test-{}-{name}", std::process::id()),
            home: tempfile::tempdir().expect("temporary folder"),
        };
        // The shell in the session keeps its history in HOME, peel its state and cache
        // under XDG: all in the session's own folder.
        let own_home: Vec<String> = super::own_home(tmux.home.path())
            .iter()
            .flat_map(|(name, path)| ["-e".to_owned(), format!("{name}={}", path.display())])
            .collect();
        let status = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "main",
            ])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args(["-e", "LANG=C.UTF-8", "-e", "LC_ALL=", "-e", "NO_COLOR="])
            .args(&own_home)
            .args(env.iter().flat_map(|variable| ["-e", variable]))
            .arg(command)
            .status()
            .expect("start tmux");
        assert!(status.success(), "tmux new-session failed");
        Some(tmux)
    }

    pub fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "main", key]);
        }
    }

    pub fn type_line(&self, text: &str) {
        self.run(&["send-keys", "-t", "main", "-l", text]);
        self.run(&["send-keys", "-t", "main", "Enter"]);
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "main"])
    }

    /// Polls the screen until `wanted` appears; bounded, panics with the screen if not.
    pub fn wait_for(&self, wanted: &str) -> String {
        self.wait_for_all(&[wanted])
    }

    /// Polls until every one of `wanted` is on screen at once (a frame may be caught half
    /// drawn, so single checks after one wait could race).
    pub fn wait_for_all(&self, wanted: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if wanted.iter().all(|w| screen.contains(w)) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {wanted:?}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Polls until `gone` is no longer on screen; bounded, panics with the screen if not.
    #[allow(dead_code)]
    pub fn wait_for_gone(&self, gone: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.screen().contains(gone) {
            assert!(
                Instant::now() < deadline,
                "{gone:?} stayed; the screen was:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Presses `q` until `marker` (printed by the shell after peel) shows: q goes back one
    /// level at a time and quits from the tree. Bounded; panics with the screen if not.
    pub fn quit_until(&self, marker: &str) -> String {
        for _ in 0..6 {
            self.keys(&["q"]);
            let deadline = Instant::now() + Duration::from_millis(800);
            while Instant::now() < deadline {
                let screen = self.screen();
                if screen.contains(marker) {
                    return screen;
                }
                std::thread::sleep(Duration::from_millis(40));
            }
        }
        panic!("q never quit peel; the screen was:\n{}", self.screen());
    }

    pub fn display(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "main", format])
            .trim()
            .to_owned()
    }

    /// The XDG state folder peel in this session saves its place in.
    pub fn state_home(&self) -> std::path::PathBuf {
        self.home.path().join("state")
    }

    pub fn kill_session(&self) {
        self.run(&["kill-session", "-t", "main"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// CPU time (user + system, in clock ticks) a process has used so far.
pub fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("process is running");
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    // After the command name: state is field 3, utime 14 and stime 15 (1-based).
    fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0)
}

/// Waits until a process is gone; bounded by `limit`.
pub fn gone_within(pid: u32, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() || is_zombie(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            stat.rsplit(')')
                .next()
                .is_some_and(|rest| rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(true)
}
