//! One line per session on stderr, written when it ends: when it began, who (peer address,
//! key fingerprint or "public"), for how long, the bytes each way, the frames drawn, what
//! was refused, and why it ended. Fields are `name=value`, values with spaces quoted, so
//! that a log reader or `grep` takes them apart; every value a client chose is neutralised.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// Who a session's reader is, as far as the server knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reader {
    /// Not (yet) authenticated.
    Unknown,
    /// Admitted by `--public` without a key.
    Public,
    /// Authenticated by a key: its SHA-256 fingerprint.
    Key(String),
}

/// What the log says of one connection, filled in as it goes.
#[derive(Debug)]
pub struct Record {
    pub number: u64,
    pub peer: SocketAddr,
    began: SystemTime,
    clock: Instant,
    pub bytes_in: AtomicU64,
    pub bytes_out: AtomicU64,
    pub frames: AtomicU64,
    /// The explorer (or a line saying why not) was started on the connection's channel.
    started: std::sync::atomic::AtomicBool,
    /// Told when that channel has closed.
    closed: tokio::sync::Notify,
    details: Mutex<Details>,
}

/// Refusals a connection may collect before it is closed: a client that keeps asking for
/// what is never given is not a reader.
pub const MOST_REFUSALS: u64 = 64;
/// Of each kind of refusal, the log keeps this many examples (a subsystem's name), each
/// cut to `EXAMPLE_CHARS`; the rest are only counted.
const EXAMPLES: usize = 3;
const EXAMPLE_CHARS: usize = 32;
/// A user name or terminal type as kept and logged, at most.
pub const NAME_CHARS: usize = 64;

#[derive(Debug)]
struct Details {
    user: String,
    reader: Reader,
    /// Each kind refused, in the order first asked for.
    refused: Vec<Refusals>,
    ended: Option<String>,
}

/// One kind of request refused: how often, and a few examples.
#[derive(Debug)]
struct Refusals {
    kind: &'static str,
    count: u64,
    examples: Vec<String>,
}

/// `text` neutralised and cut to at most `most` characters (an ellipsis marks a cut).
pub fn shortened(text: &str, most: usize) -> String {
    let mut kept: String = text.chars().take(most + 1).collect();
    if kept.chars().count() > most {
        kept = kept.chars().take(most.saturating_sub(1)).collect();
        kept.push('…');
    }
    crate::content::neutralise(&kept).into_owned()
}

impl Record {
    pub fn new(number: u64, peer: SocketAddr) -> Record {
        Record {
            number,
            peer,
            began: SystemTime::now(),
            clock: Instant::now(),
            bytes_in: AtomicU64::new(0),
            bytes_out: AtomicU64::new(0),
            frames: AtomicU64::new(0),
            started: Default::default(),
            closed: tokio::sync::Notify::new(),
            details: Mutex::new(Details {
                user: String::new(),
                reader: Reader::Unknown,
                refused: Vec::new(),
                ended: None,
            }),
        }
    }

    fn details(&self) -> std::sync::MutexGuard<'_, Details> {
        self.details
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn admitted(&self, user: &str, reader: Reader) {
        let mut details = self.details();
        details.user = shortened(user, NAME_CHARS);
        details.reader = reader;
    }

    pub fn start(&self) {
        self.started.store(true, Ordering::SeqCst);
    }

    pub fn started(&self) -> bool {
        self.started.load(Ordering::SeqCst)
    }

    /// The session's channel has closed.
    pub fn close(&self) {
        self.closed.notify_one();
    }

    /// Waits until the session's channel has closed.
    pub async fn finished(&self) {
        self.closed.notified().await;
    }

    pub fn reader(&self) -> Reader {
        self.details().reader.clone()
    }

    /// Something the client asked for and was refused (`exec`, `subsystem`, `port
    /// forwarding`), with what exactly where it says something (a subsystem's name). The
    /// refusals so far, of every kind.
    pub fn refused(&self, kind: &'static str, example: Option<&str>) -> u64 {
        let mut details = self.details();
        let at = match details.refused.iter().position(|r| r.kind == kind) {
            Some(at) => at,
            None => {
                details.refused.push(Refusals {
                    kind,
                    count: 0,
                    examples: Vec::new(),
                });
                details.refused.len() - 1
            }
        };
        let refusals = &mut details.refused[at];
        refusals.count += 1;
        if let Some(example) = example
            && refusals.examples.len() < EXAMPLES
        {
            let example = shortened(example, EXAMPLE_CHARS);
            if !refusals.examples.contains(&example) {
                refusals.examples.push(example);
            }
        }
        details.refused.iter().map(|r| r.count).sum()
    }

    /// Why the session ended; the first reason given stands.
    pub fn ended(&self, why: &str) {
        let mut details = self.details();
        if details.ended.is_none() {
            details.ended = Some(why.to_owned());
        }
    }

    pub fn count_in(&self, bytes: usize) {
        self.bytes_in.fetch_add(bytes as u64, Ordering::Relaxed);
    }

    pub fn count_out(&self, bytes: usize) {
        self.bytes_out.fetch_add(bytes as u64, Ordering::Relaxed);
    }

    /// The line, as it reads once the session is over (`fallback`: why, if nothing said).
    pub fn line(&self, fallback: &str) -> String {
        self.line_after(self.clock.elapsed(), fallback)
    }

    fn line_after(&self, duration: Duration, fallback: &str) -> String {
        let details = self.details();
        let mut line = String::new();
        let _ = write!(
            line,
            "{} session={} peer={}",
            humantime::format_rfc3339_seconds(self.began),
            self.number,
            self.peer
        );
        if !details.user.is_empty() {
            let _ = write!(line, " user={}", quoted(&details.user));
        }
        let reader = match &details.reader {
            Reader::Unknown => "none".to_owned(),
            Reader::Public => "public".to_owned(),
            Reader::Key(fingerprint) => fingerprint.clone(),
        };
        let _ = write!(
            line,
            " key={} duration={:.1}s in={}B out={}B frames={}",
            reader,
            duration.as_secs_f64(),
            self.bytes_in.load(Ordering::Relaxed),
            self.bytes_out.load(Ordering::Relaxed),
            self.frames.load(Ordering::Relaxed),
        );
        if !details.refused.is_empty() {
            let refused: Vec<String> = details.refused.iter().map(Refusals::shown).collect();
            let _ = write!(line, " refused={}", quoted(&refused.join(",")));
        }
        let ended = details.ended.as_deref().unwrap_or(fallback);
        let _ = write!(line, " ended={}", quoted(ended));
        line
    }
}

impl Refusals {
    /// `subsystem sftp`, or `subsystem x3 (sftp|a|b)` for several, for the log.
    fn shown(&self) -> String {
        let mut shown = self.kind.to_owned();
        if self.count > 1 {
            let _ = write!(shown, " x{}", self.count);
        }
        match self.examples.as_slice() {
            [] => {}
            [one] if self.count == 1 => {
                let _ = write!(shown, " {one}");
            }
            examples => {
                let _ = write!(shown, " ({})", examples.join("|"));
            }
        }
        shown
    }
}

/// A value as one field: quoted where it holds a space, a quote or nothing.
fn quoted(value: &str) -> String {
    if value.is_empty() || value.contains([' ', '"', '=']) {
        format!("\"{}\"", value.replace('"', "'"))
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record::new(7, "127.0.0.1:50122".parse().unwrap())
    }

    #[test]
    fn a_line_has_every_field_in_order() {
        let record = record();
        record.admitted("analyst", Reader::Key("SHA256:abc".into()));
        record.count_in(12);
        record.count_in(3);
        record.count_out(4000);
        record.frames.fetch_add(2, Ordering::Relaxed);
        record.refused("exec", None);
        record.refused("port forwarding", None);
        record.refused("exec", None);
        record.ended("quit");
        record.ended("client gone");
        let line = record.line_after(Duration::from_millis(12_340), "unknown");
        let fields: Vec<&str> = line.splitn(2, ' ').collect();
        assert!(fields[0].ends_with('Z'), "{line}");
        assert_eq!(
            fields[1],
            "session=7 peer=127.0.0.1:50122 user=analyst key=SHA256:abc duration=12.3s \
             in=15B out=4000B frames=2 refused=\"exec x2,port forwarding\" ended=quit"
        );
    }

    #[test]
    fn an_anonymous_session_that_said_nothing_ends_with_the_fallback() {
        let record = record();
        assert!(
            record
                .line("client gone")
                .ends_with("key=none duration=0.0s in=0B out=0B frames=0 ended=\"client gone\"")
        );
        record.admitted("", Reader::Public);
        assert!(!record.line("x").contains("user="));
        assert!(record.line("x").contains("key=public"));
        assert_eq!(record.reader(), Reader::Public);
    }

    #[test]
    fn a_flood_of_refusals_is_counted_and_a_few_short_examples_kept() {
        let record = record();
        let long = "s".repeat(32 * 1024);
        let mut total = 0;
        for n in 0..10_000 {
            total = record.refused("subsystem", Some(&format!("{n}{long}")));
        }
        record.refused("subsystem", Some("sftp"));
        assert_eq!(total, 10_000);
        record.admitted(&"u".repeat(100_000), Reader::Public);
        let line = record.line("x");
        assert!(line.len() < 400, "{} bytes: {line}", line.len());
        assert!(line.contains("refused=\"subsystem x10001 (0sss"), "{line}");
        assert_eq!(line.matches('…').count(), 4, "{line}");
    }

    #[test]
    fn what_a_client_chose_is_neutralised_and_cannot_break_the_line() {
        let record = record();
        record.admitted("a\x1b[2Jb \"c\"", Reader::Unknown);
        record.refused("subsystem", Some("exec\n"));
        let line = record.line("x");
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert!(line.contains("user=\"a␛[2Jb 'c'\""), "{line}");
        assert_eq!(quoted(""), "\"\"");
        assert_eq!(quoted("a=b"), "\"a=b\"");
    }
}
