//! peel in a pseudo-terminal of our own, to count exactly what it writes: the bytes of each
//! frame, and the time from launch to the first painted frame.
//!
//! A frame ends with the end of its synchronized update (`CSI ? 2026 l`), which peel writes
//! after every frame, so "the bytes of one frame" is everything up to and including it.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub const FRAME_END: &[u8] = b"\x1b[?2026l";
/// Words only the loading frame shows.
pub const LOADING_MARK: &[u8] = b"The reports appear once every file has been checked";

pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    // Kept so the terminal stays open (and its size set) for as long as peel runs; taken
    // away to make the terminal vanish.
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    output: Receiver<Vec<u8>>,
    pending: Vec<u8>,
    pub launched: Instant,
    /// HOME, and so the XDG state and cache folders, unless `env` says otherwise.
    pub home: tempfile::TempDir,
}

impl Pty {
    /// Launches `program args` in a fresh `cols`x`rows` terminal with a plain, UTF-8,
    /// colour environment; `env` adds to or overrides it.
    pub fn launch(program: &str, args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env_clear();
        command.env("PATH", std::env::var("PATH").unwrap_or_default());
        let home = tempfile::tempdir().expect("temporary home");
        command.env("HOME", home.path());
        command.env("TERM", "xterm-256color");
        command.env("LANG", "C.UTF-8");
        for (name, value) in env {
            command.env(name, value);
        }
        let launched = Instant::now();
        let child = pair.slave.spawn_command(command).expect("spawn in the pty");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (sender, output) = channel();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 65536];
            while let Ok(read) = reader.read(&mut buffer) {
                if read == 0 || sender.send(buffer[..read].to_vec()).is_err() {
                    return;
                }
            }
        });
        Pty {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            output,
            pending: Vec::new(),
            launched,
            home,
        }
    }

    /// Everything written up to the end of the next frame, or None if no frame ends within
    /// `timeout` (peel exited, or is stuck).
    pub fn next_frame(&mut self, timeout: Duration) -> Option<Vec<u8>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(end) = find(&self.pending, FRAME_END) {
                let rest = self.pending.split_off(end + FRAME_END.len());
                return Some(std::mem::replace(&mut self.pending, rest));
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.output.recv_timeout(left) {
                Ok(chunk) => self.pending.extend_from_slice(&chunk),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// The first frame of the explorer itself: past the loading frames a content folder
    /// may show while it is read (each painted whole, so each holds its last line).
    pub fn first_view(&mut self, timeout: Duration) -> Option<Vec<u8>> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let frame = self.next_frame(left)?;
            if find(&frame, LOADING_MARK).is_none() {
                return Some(frame);
            }
        }
    }

    pub fn send(&mut self, keys: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    /// The terminal goes away, as when a window is closed or a connection drops.
    pub fn close_terminal(&mut self) {
        self.writer = None;
        self.master = None;
    }

    /// Resizes the terminal (peel gets SIGWINCH).
    pub fn resize(&self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Everything peel writes until `timeout` passes with nothing new (or `limit` in all).
    pub fn drain(&mut self, quiet: Duration, limit: Duration) -> Vec<u8> {
        let deadline = Instant::now() + limit;
        let mut all = std::mem::take(&mut self.pending);
        while Instant::now() < deadline {
            match self.output.recv_timeout(quiet) {
                Ok(chunk) => all.extend_from_slice(&chunk),
                Err(_) => break,
            }
        }
        all
    }

    /// The exit status, once peel has exited.
    pub fn exit_code(&mut self) -> Option<u32> {
        self.child
            .try_wait()
            .ok()
            .flatten()
            .map(|status| status.exit_code())
    }

    /// Sends `keys` and returns the frame they caused.
    pub fn frame_after(&mut self, keys: &[u8]) -> Vec<u8> {
        self.send(keys);
        self.next_frame(Duration::from_secs(10))
            .unwrap_or_else(|| panic!("no frame after {:?}", String::from_utf8_lossy(keys)))
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Sends a signal to peel.
    pub fn signal(&self, signal: &str) {
        if let Some(pid) = self.pid() {
            let _ = std::process::Command::new("kill")
                .args([&format!("-{signal}"), &pid.to_string()])
                .status();
        }
    }

    /// Leaves peel the way a reader does: `q` goes back one level at a time and quits from
    /// the tree, so it is pressed until peel exits (a few times at most). True if it did.
    pub fn quit(&mut self) -> bool {
        for _ in 0..5 {
            self.send(b"q");
            if self.exited_within(Duration::from_millis(500)) {
                return true;
            }
        }
        false
    }

    /// Waits (bounded) for peel to exit; true if it did.
    pub fn exited_within(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The text a terminal shows after `bytes`, row by row: cursor moves (`ESC [ r ; c H`) and
/// printable characters are applied, every other sequence is skipped. Enough to read what a
/// frame left on screen where a diff wrote only the cells that changed.
pub fn screen_text(bytes: &[u8], cols: usize, rows: usize) -> Vec<String> {
    let mut grid = vec![vec![' '; cols]; rows];
    let (mut row, mut col) = (0usize, 0usize);
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                Some('[') => {
                    let mut params = String::new();
                    let end = loop {
                        match chars.next() {
                            Some(p) if ('\x30'..='\x3f').contains(&p) => params.push(p),
                            Some(p) if ('\x20'..='\x2f').contains(&p) => {}
                            other => break other,
                        }
                    };
                    if end == Some('H') {
                        let mut parts = params.split(';').map(|n| n.parse::<usize>().unwrap_or(1));
                        row = parts.next().unwrap_or(1).saturating_sub(1);
                        col = parts.next().unwrap_or(1).saturating_sub(1);
                    }
                }
                // OSC and other strings run to BEL or ESC \.
                Some(']' | 'P' | '_') => {
                    while let Some(s) = chars.next() {
                        if s == '\x07' || (s == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\r' => col = 0,
            '\n' => row += 1,
            c if !c.is_control() => {
                if let Some(cell) = grid.get_mut(row).and_then(|r| r.get_mut(col)) {
                    *cell = c;
                }
                col += 1;
            }
            _ => {}
        }
    }
    grid.into_iter().map(|r| r.into_iter().collect()).collect()
}
