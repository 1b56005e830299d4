//! The minimum Rust a newcomer is told to have is the real one: no locked dependency needs a
//! newer compiler than Cargo.toml's `rust-version` (clippy's `incompatible_msrv` holds peel's
//! own code to it), and the README says the same version.

use std::path::Path;
use std::process::Command;

fn version(text: &str) -> (u32, u32) {
    let mut parts = text.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// The platform this test runs on: peel is built for Unix terminals, and the crates other
/// platforms would need are neither built nor, on a fresh machine, downloaded.
fn host() -> String {
    let output = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc -vV");
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc names its host")
        .to_owned()
}

#[test]
fn the_stated_minimum_rust_is_what_the_locked_crates_need() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host()])
        .current_dir(root)
        .output()
        .expect("cargo metadata");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "peel")
        .and_then(|p| p["rust_version"].as_str())
        .expect("Cargo.toml states a rust-version");
    let (name, needed) = packages
        .iter()
        .filter(|p| p["name"] != "peel")
        .filter_map(|p| Some((p["name"].as_str()?, p["rust_version"].as_str()?)))
        .max_by_key(|(_, v)| version(v))
        .unwrap();
    assert!(
        version(needed) <= version(ours),
        "{name} needs Rust {needed}, but Cargo.toml says {ours}"
    );
    let (major, minor) = version(ours);
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let stated = format!("Rust toolchain, {major}.{minor} or newer");
    assert!(
        readme.contains(&stated),
        "README.md should say \"{stated}\""
    );
}
