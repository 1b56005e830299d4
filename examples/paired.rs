//! Paired whole-process timing: runs two commands alternately (A, B, A, B, …) so that a
//! noisy machine slows both alike, and prints each one's median wall time, its peak memory
//! and the ratio of A to B. Used by `scripts/search-vs-fzf.sh`.
//!
//! `paired [--runs N] [--warmup N] -- A... :: B...`; a command's first word `<FILE` gives
//! it FILE as its standard input. Output goes to /dev/null.

use std::fs::File;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Spec {
    argv: Vec<String>,
    stdin: Option<String>,
}

impl Spec {
    fn parse(words: &[String]) -> Spec {
        match words.split_first() {
            Some((first, rest)) if first.starts_with('<') => Spec {
                argv: rest.to_vec(),
                stdin: Some(first[1..].to_owned()),
            },
            _ => Spec {
                argv: words.to_vec(),
                stdin: None,
            },
        }
    }

    fn label(&self) -> String {
        let program = self.argv[0].rsplit('/').next().unwrap_or_default();
        std::iter::once(program)
            .chain(self.argv[1..].iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// One run: wall time and peak resident memory in KiB, from the child's own rusage.
    // The child is reaped by wait4, which std's `wait` cannot do: it drops the rusage.
    #[allow(clippy::zombie_processes)]
    fn run(&self) -> (Duration, i64) {
        let mut command = Command::new(&self.argv[0]);
        command
            .args(&self.argv[1..])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(path) = &self.stdin {
            command.stdin(File::open(path).expect("open the standard input file"));
        }
        let started = Instant::now();
        let child = command.spawn().expect("start the command");
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value; wait4 only writes into the two
        // places it is given, for a child of this process that has not been waited for.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
        let elapsed = started.elapsed();
        assert!(pid > 0, "wait for the command");
        assert!(
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1,
            "{} failed: {status}",
            self.label()
        );
        (elapsed, usage.ru_maxrss)
    }
}

fn median<T: Copy + Ord>(values: &mut [T]) -> T {
    values.sort_unstable();
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(default)
    };
    let (runs, warmup) = (flag("--runs", 21), flag("--warmup", 3));
    let Some(start) = args.iter().position(|a| a == "--") else {
        eprintln!("usage: paired [--runs N] [--warmup N] -- A... :: B...");
        std::process::exit(2);
    };
    let commands: Vec<Spec> = args[start + 1..]
        .split(|a| a == "::")
        .map(Spec::parse)
        .collect();
    let [a, b] = &commands[..] else {
        eprintln!("paired: give two commands, separated by ::");
        std::process::exit(2);
    };
    for _ in 0..warmup {
        a.run();
        b.run();
    }
    let (mut times_a, mut times_b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut peak_a, mut peak_b) = (0, 0);
    for run in 0..runs {
        // Alternate which goes first, so neither always runs on a cache the other warmed.
        let ((ta, ra), (tb, rb)) = if run % 2 == 0 {
            let first = a.run();
            (first, b.run())
        } else {
            let second = b.run();
            (a.run(), second)
        };
        times_a.push(ta);
        times_b.push(tb);
        ratios.push((ta.as_secs_f64() / tb.as_secs_f64() * 1000.0) as u64);
        peak_a = peak_a.max(ra);
        peak_b = peak_b.max(rb);
    }
    let (ma, mb) = (median(&mut times_a), median(&mut times_b));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  A {:>9.2} ms median {:>7.1} MB peak   {}",
        ms(ma),
        peak_a as f64 / 1024.0,
        a.label()
    );
    println!(
        "  B {:>9.2} ms median {:>7.1} MB peak   {}",
        ms(mb),
        peak_b as f64 / 1024.0,
        b.label()
    );
    println!(
        "  A/B {:.2} (ratio of medians), {:.2} (median of paired ratios), {runs} pairs",
        ma.as_secs_f64() / mb.as_secs_f64(),
        median(&mut ratios) as f64 / 1000.0
    );
}
