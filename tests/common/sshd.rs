//! A private OpenSSH server on 127.0.0.1 for the end-to-end tests: a free high port, a host
//! key and a user key generated for the run, public-key login only, and a config file of
//! its own (nothing of the machine's sshd set-up is used or changed).

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SSHD: &str = "/usr/sbin/sshd";

pub struct Sshd {
    dir: tempfile::TempDir,
    port: u16,
    server: Child,
}

impl Sshd {
    /// A running server; `None` when OpenSSH is missing and PEEL_SKIP asks to skip (see
    /// `common::needs`). Any other failure to start one fails the test, with why.
    pub fn start() -> Option<Sshd> {
        if !super::needs("ssh") {
            return None;
        }
        Some(Sshd::launch().unwrap_or_else(|why| panic!("cannot start a private sshd: {why}")))
    }

    fn launch() -> Result<Sshd, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        for key in ["host_key", "user_key"] {
            let status = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", "peel-test", "-f"])
                .arg(dir.path().join(key))
                .status()
                .map_err(|e| format!("ssh-keygen: {e}"))?;
            if !status.success() {
                return Err("ssh-keygen failed".into());
            }
        }
        std::fs::copy(
            dir.path().join("user_key.pub"),
            dir.path().join("authorized_keys"),
        )
        .map_err(|e| e.to_string())?;
        // sshd refuses to start without its privilege-separation folder.
        let _ = std::fs::create_dir_all("/run/sshd");
        let port = free_port().map_err(|e| format!("no free port: {e}"))?;
        let config = dir.path().join("sshd_config");
        std::fs::write(&config, config_text(dir.path(), port)).map_err(|e| e.to_string())?;
        let server = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start sshd: {e}"))?;
        let mut sshd = Sshd { dir, port, server };
        sshd.wait_until_listening()?;
        Ok(sshd)
    }

    /// A shell command that opens an interactive session (`ssh -tt`) running
    /// `remote_command` on this server, for a tmux pane.
    pub fn ssh_command(&self, remote_command: &str) -> String {
        let key = self.dir.path().join("user_key");
        format!(
            "ssh -tt -F /dev/null -i {key} -p {port} \
             -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no \
             -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
             {user}@127.0.0.1 {remote}",
            key = key.display(),
            port = self.port,
            user = whoami(),
            remote = shell_quote(remote_command),
        )
    }

    /// A folder private to this server's run, for files the remote side writes.
    pub fn scratch(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let address = SocketAddr::from(([127, 0, 0, 1], self.port));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.server.try_wait() {
                return Err(format!("sshd exited at start-up: {status}"));
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err("sshd did not listen within 10 s".into())
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

fn config_text(dir: &Path, port: u16) -> String {
    format!(
        "Port {port}\n\
         ListenAddress 127.0.0.1\n\
         HostKey {dir}/host_key\n\
         PidFile {dir}/sshd.pid\n\
         AuthorizedKeysFile {dir}/authorized_keys\n\
         AuthenticationMethods publickey\n\
         PubkeyAuthentication yes\n\
         PasswordAuthentication no\n\
         KbdInteractiveAuthentication no\n\
         PermitRootLogin prohibit-password\n\
         StrictModes no\n\
         UsePAM no\n\
         PrintMotd no\n\
         PrintLastLog no\n\
         LogLevel ERROR\n",
        dir = dir.display()
    )
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn whoami() -> String {
    Command::new("id")
        .arg("-un")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|_| "root".into())
}

pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}
