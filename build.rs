// The built-in content is embedded with include_dir, which cannot see files added after the
// last build; asking Cargo to watch the folder makes a new or edited file rebuild the binary.
fn main() {
    println!("cargo:rerun-if-changed=content");
}
