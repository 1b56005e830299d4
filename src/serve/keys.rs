//! The server's host key (made on first start, kept private to its owner) and the
//! authorized keys of its readers, by their SHA-256 fingerprints.

use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::ssh_key::{AuthorizedKeys, LineEnding};
use russh::keys::{HashAlg, PrivateKey, PublicKey};
use std::collections::HashSet;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{path}: {why}")]
    HostKey { path: String, why: String },
    #[error("{path}:{line}: {why}")]
    Authorized {
        path: String,
        line: usize,
        why: String,
    },
    #[error("{path}: {why}")]
    AuthorizedFile { path: String, why: String },
}

fn shown(path: &Path) -> String {
    crate::content::neutralise(&path.display().to_string()).into_owned()
}

/// A key's fingerprint as OpenSSH prints it (`SHA256:…`).
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The host key, and whether it was made just now.
pub struct HostKey {
    pub key: PrivateKey,
    pub path: PathBuf,
    pub created: bool,
}

impl HostKey {
    pub fn fingerprint(&self) -> String {
        fingerprint(self.key.public_key())
    }
}

/// Loads the host key at `path`, or makes an Ed25519 one there (mode 0600) if there is
/// none. A key others can read is refused, as sshd refuses one: it is no longer secret.
pub fn host_key(path: &Path) -> Result<HostKey, KeyError> {
    let error = |why: String| KeyError::HostKey {
        path: shown(path),
        why,
    };
    match std::fs::metadata(path) {
        Ok(metadata) => {
            let mode = metadata.permissions().mode();
            if mode & 0o077 != 0 {
                return Err(error(format!(
                    "the host key can be read by others (mode {:o}); `chmod 600` it, or remove it for a new one",
                    mode & 0o777
                )));
            }
            let key = russh::keys::load_secret_key(path, None)
                .map_err(|e| error(format!("not a private key peel can read: {e}")))?;
            Ok(HostKey {
                key,
                path: path.to_path_buf(),
                created: false,
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed)
                .map_err(|e| error(format!("no randomness to make a key: {e}")))?;
            let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
            let text = key
                .to_openssh(LineEnding::LF)
                .map_err(|e| error(format!("cannot encode the new key: {e}")))?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| error(format!("cannot make its folder: {e}")))?;
            }
            // Made with its final mode and never over an existing file (another server
            // starting at the same moment keeps its own).
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map_err(|e| error(format!("cannot write the new key: {e}")))?;
            file.write_all(text.as_bytes())
                .and_then(|_| file.sync_all())
                .map_err(|e| error(format!("cannot write the new key: {e}")))?;
            Ok(HostKey {
                key,
                path: path.to_path_buf(),
                created: true,
            })
        }
        Err(e) => Err(error(format!("cannot read it: {e}"))),
    }
}

/// The fingerprints of the keys in an authorized-keys file (OpenSSH's format; options
/// such as `command=` are not honoured, since peel serves nothing but the explorer).
pub fn authorized(path: &Path) -> Result<HashSet<String>, KeyError> {
    let text = std::fs::read_to_string(path).map_err(|e| KeyError::AuthorizedFile {
        path: shown(path),
        why: format!("cannot read it: {e}"),
    })?;
    let mut keys = HashSet::new();
    for (number, line) in text.lines().enumerate() {
        let wanted = line.split('#').next().unwrap_or("").trim();
        if wanted.is_empty() {
            continue;
        }
        match parse_entry(wanted) {
            Some(Ok(key)) => {
                keys.insert(fingerprint(&key));
            }
            Some(Err(e)) => {
                return Err(KeyError::Authorized {
                    path: shown(path),
                    line: number + 1,
                    why: format!(
                        "not a public key line ({e}); expected e.g. `ssh-ed25519 AAAA… name`"
                    ),
                });
            }
            None => {}
        }
    }
    if keys.is_empty() {
        return Err(KeyError::AuthorizedFile {
            path: shown(path),
            why: "holds no keys, so nobody could come in; add readers' public keys, or serve with --public".into(),
        });
    }
    Ok(keys)
}

/// The key of one authorized-keys line. ssh-key takes a line of one or two spaces for a
/// key with no options, so `restrict ssh-ed25519 AAAA…` is retried from its key type.
fn parse_entry(line: &str) -> Option<Result<PublicKey, russh::keys::ssh_key::Error>> {
    let error = match AuthorizedKeys::new(line).next()? {
        Ok(entry) => return Some(Ok(entry.public_key().clone())),
        Err(error) => error,
    };
    let key_type = [" ssh-", " ecdsa-sha2-", " sk-ssh-", " sk-ecdsa-"]
        .iter()
        .filter_map(|start| line.find(start))
        .min();
    match key_type {
        Some(at) => Some(line[at + 1..].parse::<PublicKey>()),
        None => Some(Err(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_key_is_made_private_once_and_then_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("serve/host_ed25519");
        let made = host_key(&path).unwrap();
        assert!(made.created);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let again = host_key(&path).unwrap();
        assert!(!again.created);
        assert_eq!(again.fingerprint(), made.fingerprint());
        assert!(made.fingerprint().starts_with("SHA256:"));
    }

    #[test]
    fn a_host_key_others_can_read_is_refused_and_so_is_rubbish() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host");
        host_key(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let refused = host_key(&path).err().unwrap().to_string();
        assert!(refused.contains("chmod 600"), "{refused}");
        std::fs::write(&path, "not a key").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(host_key(&path).is_err());
    }

    #[test]
    fn authorized_keys_are_read_by_fingerprint_with_bad_lines_placed() {
        let dir = tempfile::tempdir().unwrap();
        let key = host_key(&dir.path().join("k")).unwrap();
        let line = key.key.public_key().to_openssh().unwrap();
        let path = dir.path().join("authorized_keys");
        std::fs::write(
            &path,
            format!("# readers\n\n{line} analyst@desk\nrestrict {line}\n"),
        )
        .unwrap();
        let keys = authorized(&path).unwrap();
        assert_eq!(keys, HashSet::from([key.fingerprint()]));

        std::fs::write(&path, format!("{line}\nssh-ed25519 garbage\n")).unwrap();
        let error = authorized(&path).err().unwrap().to_string();
        assert!(error.contains("authorized_keys:2:"), "{error}");

        std::fs::write(&path, "# nobody yet\n").unwrap();
        let error = authorized(&path).err().unwrap().to_string();
        assert!(error.contains("--public"), "{error}");
        assert!(authorized(&dir.path().join("missing")).is_err());
    }
}
