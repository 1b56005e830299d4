//! One SSH connection: who may come in, the one thing they may do (read in the explorer),
//! and everything else refused: commands, subsystems such as sftp, port forwarding either
//! way, agent and X11 forwarding, environment variables other than the terminal's.

use super::limits::Full;
use super::log::{Reader, Record};
use super::session::{self, MOST_QUEUED_INPUTS, Outbox, Setup, terminal_size};
use crate::model::Library;
use crate::search::Searcher;
use crate::tui::event_loop::{Event, Exit, Urgent};
use crate::tui::input::{Decoder, Input, Key};
use crate::tui::theme::Theme;
use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Session};
use russh::{Channel, ChannelId, ChannelWriteHalf, Pty};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Who may come in.
pub enum Access {
    /// Anyone; a reader who offers a key keeps their place and bookmarks by it.
    Public,
    /// Only these keys, by fingerprint.
    Keys(HashSet<String>),
}

/// What every connection of one server shares: the content and its index (loaded once,
/// read by every session), the settings, and the sessions running now.
pub struct Shared {
    pub library: Arc<Library>,
    pub searcher: Arc<Searcher>,
    pub access: Access,
    pub no_color: bool,
    pub ascii: bool,
    pub mouse: bool,
    pub idle: Option<Duration>,
    /// Where each reader's state file goes (named by their key); none: no state kept.
    pub readers: Option<PathBuf>,
    /// The content source's name in a state file.
    pub source: String,
    pub panic_on_bang: bool,
    live: Mutex<HashMap<u64, Live>>,
}

/// A running explorer, as the server sees it: enough to stop it.
#[derive(Clone)]
struct Live {
    urgent: Arc<Urgent>,
    events: Sender<Event>,
}

impl Live {
    fn end(&self, how: impl Fn(&Urgent)) {
        how(&self.urgent);
        let _ = self.events.send(Event::Wake);
    }
}

impl Shared {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        library: Arc<Library>,
        searcher: Arc<Searcher>,
        access: Access,
        theme: (bool, bool),
        mouse: bool,
        idle: Option<Duration>,
        readers: Option<PathBuf>,
        source: String,
    ) -> Shared {
        Shared {
            library,
            searcher,
            access,
            no_color: theme.0,
            ascii: theme.1,
            mouse,
            idle,
            readers,
            source,
            panic_on_bang: std::env::var_os("PEEL_TEST_PANIC").is_some(),
            live: Mutex::default(),
        }
    }

    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Live>> {
        self.live
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Tells every explorer to say goodbye and end.
    pub fn stop_all(&self) {
        for live in self.live().values() {
            live.end(Urgent::stop);
        }
    }
}

/// The explorer of this connection, once it has started.
struct Explorer {
    live: Live,
    credit: Arc<tokio::sync::Semaphore>,
    outbox: Arc<Outbox>,
}

pub struct Connection {
    shared: Arc<Shared>,
    record: Arc<Record>,
    /// Over a limit: let in only to be told so.
    turned_away: Option<Full>,
    channel: Option<ChannelId>,
    writer: Option<ChannelWriteHalf<Msg>>,
    /// The terminal the client asked for: its type and size.
    pty: Option<(String, u16, u16)>,
    /// LC_ALL, LC_CTYPE and LANG, as the client sent them.
    locale: [Option<String>; 3],
    explorer: Option<Explorer>,
    decoder: Decoder,
}

impl Connection {
    pub fn new(shared: Arc<Shared>, record: Arc<Record>, turned_away: Option<Full>) -> Connection {
        Connection {
            shared,
            record,
            turned_away,
            channel: None,
            writer: None,
            pty: None,
            locale: Default::default(),
            explorer: None,
            decoder: Decoder::default(),
        }
    }

    fn methods(&self) -> russh::MethodSet {
        let mut methods = russh::MethodSet::empty();
        methods.push(russh::MethodKind::PublicKey);
        if matches!(self.shared.access, Access::Public) {
            // With no prompt: a reader without a key comes straight in.
            methods.push(russh::MethodKind::KeyboardInteractive);
        }
        methods
    }

    fn knows(&self, key: &PublicKey) -> bool {
        match &self.shared.access {
            Access::Public => true,
            Access::Keys(keys) => keys.contains(&super::keys::fingerprint(key)),
        }
    }

    fn reject(&self) -> Auth {
        Auth::Reject {
            proceed_with_methods: Some(self.methods()),
            partial_success: false,
        }
    }

    /// A refusal of a channel request, recorded for the log.
    fn refuse(&self, what: &str, channel: ChannelId, session: &mut Session) {
        self.record.refused(what);
        let _ = session.channel_failure(channel);
    }

    /// The explorer, on the client's terminal; or, for a connection over a limit, or one
    /// with no terminal, a line saying why not.
    fn start(&mut self, channel: ChannelId, session: &mut Session) {
        let Some(writer) = self.writer.take().filter(|_| Some(channel) == self.channel) else {
            self.refuse("a second shell", channel, session);
            return;
        };
        let _ = session.channel_success(channel);
        self.record.start();
        let refusal = match (&self.turned_away, &self.pty) {
            (Some(full), _) => Some((full.message(), full.reason())),
            (None, None) => Some((
                "peel: the explorer needs a terminal; connect with `ssh -t`.".to_owned(),
                "no terminal",
            )),
            (None, Some(_)) => None,
        };
        if let Some((message, reason)) = refusal {
            self.record.ended(reason);
            tokio::spawn(async move {
                let _ = writer
                    .data_bytes(format!("{message}\r\n").into_bytes())
                    .await;
                let _ = writer.exit_status(1).await;
                let _ = writer.eof().await;
                let _ = writer.close().await;
            });
            return;
        }
        let Some((term, width, height)) = self.pty.clone() else {
            return;
        };
        let shared = &self.shared;
        let reader = self.record.reader();
        let state = match (&shared.readers, &reader) {
            (Some(dir), Reader::Key(fingerprint)) => Some((
                dir.join(state_file_name(fingerprint)),
                shared.source.clone(),
            )),
            _ => None,
        };
        let setup = Setup {
            library: Arc::clone(&shared.library),
            searcher: Arc::clone(&shared.searcher),
            theme: Theme::choose(
                shared.no_color,
                shared.ascii,
                Some(&term),
                self.locale.clone(),
            ),
            mouse: shared.mouse,
            size: (width, height),
            idle: shared.idle,
            state,
        };
        let outbox = Arc::new(Outbox::default());
        let urgent = Arc::new(Urgent::default());
        let credit = Arc::new(tokio::sync::Semaphore::new(MOST_QUEUED_INPUTS));
        let (events, receiver) = std::sync::mpsc::channel();
        let live = Live {
            urgent: Arc::clone(&urgent),
            events: events.clone(),
        };
        let number = self.record.number;
        shared.live().insert(number, live.clone());
        let thread = {
            let (shared, outbox, credit, record) = (
                Arc::clone(shared),
                Arc::clone(&outbox),
                Arc::clone(&credit),
                Arc::clone(&self.record),
            );
            std::thread::Builder::new()
                .name(format!("session-{number}"))
                .spawn(move || {
                    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        session::run(setup, receiver, &urgent, Arc::clone(&outbox), credit)
                    }));
                    if ran.is_err() {
                        record.ended("panic");
                        outbox.finish(1, Exit::HangUp);
                    }
                    shared.live().remove(&number);
                })
        };
        if thread.is_err() {
            shared.live().remove(&number);
            self.record.ended("no thread for the session");
            let record = Arc::clone(&self.record);
            tokio::spawn(async move {
                let _ = writer.close().await;
                record.close();
            });
            return;
        }
        tokio::spawn(forward(
            Arc::clone(&outbox),
            writer,
            events,
            Arc::clone(&self.record),
        ));
        self.explorer = Some(Explorer {
            live,
            credit,
            outbox,
        });
    }
}

/// A reader's state file, named by their key's fingerprint (its base64 made safe).
fn state_file_name(fingerprint: &str) -> String {
    let safe: String = fingerprint
        .trim_start_matches("SHA256:")
        .chars()
        .map(|c| match c {
            '/' => '_',
            '+' => '-',
            c if c.is_ascii_alphanumeric() => c,
            _ => '.',
        })
        .collect();
    format!("{safe}.json")
}

/// Sends what a session draws down its channel, one batch at a time: each waits for the
/// channel's window (the client has read the last), so a slow client holds the session's
/// frames back instead of piling them up. Closes the channel when the session ends.
async fn forward(
    outbox: Arc<Outbox>,
    writer: ChannelWriteHalf<Msg>,
    events: Sender<Event>,
    record: Arc<Record>,
) {
    loop {
        let bytes = outbox.take();
        if !bytes.is_empty() {
            record.count_out(bytes.len());
            if writer.data_bytes(bytes).await.is_err() {
                // The connection is gone; the session hears so from the connection.
                outbox.sent();
                return;
            }
            outbox.sent();
            let _ = events.send(Event::Sent);
            continue;
        }
        if let Some((status, exit)) = outbox.finished() {
            record.frames.store(
                outbox.frames.load(std::sync::atomic::Ordering::Relaxed),
                std::sync::atomic::Ordering::Relaxed,
            );
            record.ended(&exit.reason());
            let _ = writer.exit_status(status).await;
            let _ = writer.eof().await;
            let _ = writer.close().await;
            record.close();
            return;
        }
        outbox.ready.notified().await;
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if let Some(explorer) = &self.explorer {
            explorer.live.end(Urgent::hang_up);
        }
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(self.reject())
    }

    async fn auth_password(&mut self, _user: &str, _password: &str) -> Result<Auth, Self::Error> {
        Ok(self.reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(if self.knows(offer.public_key) {
            Auth::Accept
        } else {
            self.reject()
        })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        if !self.knows(key.public_key) {
            return Ok(self.reject());
        }
        let fingerprint = super::keys::fingerprint(key.public_key);
        self.record.admitted(user, Reader::Key(fingerprint));
        Ok(Auth::Accept)
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        if matches!(self.shared.access, Access::Public) {
            self.record.admitted(user, Reader::Public);
            return Ok(Auth::Accept);
        }
        Ok(self.reject())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() {
            // One explorer per connection: a multiplexing client opens another connection.
            self.record.refused("a second session");
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        self.channel = Some(channel.id());
        // Incoming data reaches the handler; the read half, never read, would fill and
        // hold the connection up, so it goes.
        let (_read, write) = channel.split();
        self.writer = Some(write);
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _address: &str,
        _port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.record.refused("x11");
        reply
            .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host: &str,
        _port: u32,
        _from: &str,
        _from_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.record.refused("local port forwarding");
        reply
            .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_forwarded_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host: &str,
        _port: u32,
        _from: &str,
        _from_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.record.refused("forwarded port");
        reply
            .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.record.refused("socket forwarding");
        reply
            .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.record.refused("remote port forwarding");
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.record.refused("remote socket forwarding");
        Ok(false)
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.record.refused("agent forwarding");
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("x11", channel, session);
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let value = crate::content::neutralise(value).into_owned();
        let slot = match name {
            "LC_ALL" => Some(0),
            "LC_CTYPE" => Some(1),
            "LANG" => Some(2),
            _ => None,
        };
        match slot {
            Some(slot) => {
                self.locale[slot] = Some(value);
                let _ = session.channel_success(channel);
            }
            // The rest of the locale says nothing peel uses; it is harmless to take.
            _ if name.starts_with("LC_") => {
                let _ = session.channel_success(channel);
            }
            _ if name == "TERM" => {
                if let Some(pty) = self.pty.as_mut() {
                    pty.0 = value;
                }
                let _ = session.channel_success(channel);
            }
            _ => self.refuse("environment", channel, session),
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        columns: u32,
        rows: u32,
        _pixel_width: u32,
        _pixel_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.explorer.is_some() {
            self.refuse("a second terminal", channel, session);
            return Ok(());
        }
        let (width, height) = terminal_size(columns, rows);
        let term = crate::content::neutralise(term).into_owned();
        self.pty = Some((term, width, height));
        let _ = session.channel_success(channel);
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.start(channel, session);
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        command: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // `ssh -t server peel` is the explorer too; nothing else runs.
        if String::from_utf8_lossy(command).trim() == "peel" {
            self.start(channel, session);
        } else {
            self.refuse("exec", channel, session);
        }
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(&format!("subsystem {name}"), channel, session);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        columns: u32,
        rows: u32,
        _pixel_width: u32,
        _pixel_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (width, height) = terminal_size(columns, rows);
        if let Some(pty) = self.pty.as_mut() {
            (pty.1, pty.2) = (width, height);
        }
        if let Some(explorer) = &self.explorer {
            let _ = explorer.live.events.send(Event::Resize(width, height));
        }
        Ok(())
    }

    async fn data(
        &mut self,
        _channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.record.count_in(data.len());
        let Some(explorer) = &self.explorer else {
            return Ok(());
        };
        for input in self.decoder.feed(data, false) {
            if input == Input::Key(Key::ctrl('c')) {
                explorer.live.urgent.interrupt();
            }
            if self.shared.panic_on_bang && input == Input::Key(Key::char('!')) {
                explorer
                    .outbox
                    .panic_requested
                    .store(true, std::sync::atomic::Ordering::SeqCst);
            }
            // Waits while the session has its most inputs queued: the connection stops
            // reading, and SSH's flow control holds the client back.
            match explorer.credit.acquire().await {
                Ok(permit) => permit.forget(),
                Err(_) => return Ok(()),
            }
            if explorer.live.events.send(Event::Input(input)).is_err() {
                return Ok(());
            }
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The client's input has ended: as a local terminal that goes away.
        if let Some(explorer) = &self.explorer {
            explorer.live.end(Urgent::hang_up);
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(explorer) = &self.explorer {
            explorer.live.end(Urgent::hang_up);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_file_is_named_by_the_key_and_safe_as_a_file_name() {
        assert_eq!(state_file_name("SHA256:ab+c/d9=="), "ab-c_d9...json");
    }
}
