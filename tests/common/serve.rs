//! `peel serve` on 127.0.0.1 for the end-to-end tests, and the real OpenSSH client
//! against it: keys generated for the run, a HOME and state folder of the server's own, its
//! log read as it comes, its threads and file descriptors counted from /proc.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    pub dir: Arc<tempfile::TempDir>,
    pub port: u16,
    log: Arc<Mutex<String>>,
}

/// Waits (bounded) for `child` to exit; its status code.
fn exit_code(child: &mut Child, within: Duration) -> Option<i32> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// A key pair made for the run: `reader` is authorized, `stranger` is not.
pub fn key(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    if !path.exists() {
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
            .arg(&path)
            .status()
            .expect("ssh-keygen");
        assert!(status.success(), "ssh-keygen failed");
    }
    path
}

/// A fingerprint as ssh-keygen prints it, `SHA256:…`.
pub fn fingerprint(key: &Path) -> String {
    let output = Command::new("ssh-keygen")
        .args(["-l", "-E", "sha256", "-f"])
        .arg(key.with_extension("pub"))
        .output()
        .expect("ssh-keygen -l");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .nth(1)
        .expect("a fingerprint")
        .to_owned()
}

impl Server {
    /// A server with the `reader` key authorized (unless `args` say otherwise), listening
    /// on a free port of 127.0.0.1; `None` when OpenSSH is missing and PEEL_SKIP asks to
    /// skip (see `common::needs`).
    pub fn start(args: &[&str]) -> Option<Server> {
        Server::start_with(args, &[])
    }

    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Option<Server> {
        if !super::needs("ssh") {
            return None;
        }
        let dir = Arc::new(tempfile::tempdir().expect("temporary folder"));
        Server::start_in(dir, args, env)
    }

    /// As `start`, in a folder of an earlier server (its host key, its readers' state).
    pub fn start_in(
        dir: Arc<tempfile::TempDir>,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Option<Server> {
        let reader = key(dir.path(), "reader");
        key(dir.path(), "stranger");
        let authorized = dir.path().join("authorized_keys");
        std::fs::copy(reader.with_extension("pub"), &authorized).expect("authorized_keys");
        let mut command = Command::new(env!("CARGO_BIN_EXE_peel"));
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(super::own_home(dir.path()))
            .envs(env.iter().copied())
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"]);
        if !args.contains(&"--public") && !args.contains(&"--authorized-keys") {
            command.arg("--authorized-keys").arg(&authorized);
        }
        let mut child = command
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start peel serve");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("the server's stderr");
        let filling = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                let mut log = filling.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut server = Server {
            child,
            dir,
            port: 0,
            log,
        };
        let line = server.wait_for_log("listening on 127.0.0.1:");
        let listening = line
            .lines()
            .find(|l| l.contains("listening on"))
            .expect("the listening line");
        server.port = listening
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|port| port.parse().ok())
            .expect("a port");
        Some(server)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits (bounded) until the log holds `wanted`; the whole log.
    pub fn wait_for_log(&self, wanted: &str) -> String {
        self.wait_for_log_count(wanted, 1)
    }

    /// Waits (bounded) until the log holds `wanted` at least `count` times.
    pub fn wait_for_log_count(&self, wanted: &str, count: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let log = self.log();
            if log.matches(wanted).count() >= count {
                return log;
            }
            assert!(
                Instant::now() < deadline,
                "the server never logged {wanted:?} {count} times; its log:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The session lines of the log (one per connection that has ended).
    pub fn sessions_ended(&self) -> Vec<String> {
        self.log()
            .lines()
            .filter(|line| line.contains(" session=") && line.contains(" ended="))
            .map(str::to_owned)
            .collect()
    }

    pub fn threads(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/task", self.pid()))
            .map(|entries| entries.count())
            .unwrap_or(0)
    }

    pub fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
            .map(|entries| entries.count())
            .unwrap_or(0)
    }

    /// Resident memory, in kB.
    pub fn rss_kb(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse().ok())
            .unwrap_or(0)
    }

    pub fn signal(&self, signal: &str) {
        let _ = Command::new("kill")
            .args([&format!("-{signal}"), &self.pid().to_string()])
            .status();
    }

    /// Waits (bounded) for the server to exit; its status code.
    pub fn exit_code(&mut self, within: Duration) -> Option<i32> {
        exit_code(&mut self.child, within)
    }

    /// The OpenSSH client's arguments for this server: no config file, no known hosts, and
    /// `key` (or none at all) as its only identity (the clients run here have no agent
    /// unless a test gives them one).
    pub fn ssh_args(&self, key: Option<&Path>) -> Vec<String> {
        let mut args = vec![
            "-F".to_owned(),
            "/dev/null".to_owned(),
            "-p".to_owned(),
            self.port.to_string(),
            "-o".to_owned(),
            "StrictHostKeyChecking=no".to_owned(),
            "-o".to_owned(),
            "UserKnownHostsFile=/dev/null".to_owned(),
            "-o".to_owned(),
            "LogLevel=ERROR".to_owned(),
        ];
        match key {
            Some(key) => args.extend([
                "-o".to_owned(),
                "BatchMode=yes".to_owned(),
                "-o".to_owned(),
                "IdentitiesOnly=yes".to_owned(),
                "-i".to_owned(),
                key.display().to_string(),
            ]),
            // Without a key, `--public` lets a reader in by keyboard-interactive with no
            // prompt, which BatchMode would turn off; any other method is off.
            None => args.extend([
                "-o".to_owned(),
                "PubkeyAuthentication=no".to_owned(),
                "-o".to_owned(),
                "PasswordAuthentication=no".to_owned(),
                "-o".to_owned(),
                "KbdInteractiveAuthentication=yes".to_owned(),
            ]),
        }
        args
    }

    /// The reader key's path.
    pub fn reader(&self) -> PathBuf {
        self.dir.path().join("reader")
    }

    pub fn stranger(&self) -> PathBuf {
        self.dir.path().join("stranger")
    }

    /// `ssh` run to its end with `extra` arguments (no terminal); its status, stdout, stderr.
    pub fn ssh_once(&self, key: Option<&Path>, extra: &[&str]) -> (Option<i32>, String, String) {
        let output = Command::new("ssh")
            .args(self.ssh_args(key))
            .args(extra)
            .env("HOME", self.dir.path())
            .env_remove("SSH_AUTH_SOCK")
            .stdin(Stdio::null())
            .output()
            .expect("run ssh");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// An interactive session (`ssh -tt`) fed from a pipe, its output gathered as it
    /// comes (or, with `read_later`, only once `Client::start_reading` is called).
    pub fn client(&self, key: Option<&Path>, extra: &[&str]) -> Client {
        self.client_with(key, extra, &[])
    }

    /// As `client`, with variables for ssh's own environment (an agent, a display).
    pub fn client_with(&self, key: Option<&Path>, extra: &[&str], env: &[(&str, &str)]) -> Client {
        let mut child = Command::new("ssh")
            .args(self.ssh_args(key))
            .arg("-tt")
            .args(extra)
            .arg("127.0.0.1")
            .env("HOME", self.dir.path())
            .env_remove("SSH_AUTH_SOCK")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ssh");
        let input = child.stdin.take();
        Client {
            stdout: child.stdout.take(),
            stderr: child.stderr.take(),
            child,
            input,
            output: Arc::default(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Client {
    child: Child,
    input: Option<ChildStdin>,
    stdout: Option<std::process::ChildStdout>,
    stderr: Option<std::process::ChildStderr>,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Client {
    /// Gathers the session's output (stdout and stderr together) from now on.
    pub fn start_reading(&mut self) -> &mut Client {
        for stream in [
            self.stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            self.stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let output = Arc::clone(&self.output);
            let mut stream = stream;
            std::thread::spawn(move || {
                let mut buffer = [0u8; 65536];
                while let Ok(read) = stream.read(&mut buffer) {
                    if read == 0 {
                        return;
                    }
                    output.lock().unwrap().extend_from_slice(&buffer[..read]);
                }
            });
        }
        self
    }

    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    pub fn bytes(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// Waits (bounded) until the output holds `wanted`.
    pub fn wait_for(&self, wanted: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let output = self.output();
            if output.contains(wanted) {
                return output;
            }
            assert!(
                Instant::now() < deadline,
                "the session never showed {wanted:?}; it showed:\n{}",
                output
                    .chars()
                    .rev()
                    .take(3000)
                    .collect::<String>()
                    .chars()
                    .rev()
                    .collect::<String>()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        if let Some(input) = self.input.as_mut() {
            let _ = input.write_all(bytes);
            let _ = input.flush();
        }
    }

    /// Waits (bounded) for ssh to exit; its status code.
    pub fn exit_code(&mut self, within: Duration) -> Option<i32> {
        exit_code(&mut self.child, within)
    }

    pub fn kill_hard(&mut self) {
        let _ = Command::new("kill")
            .args(["-9", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
