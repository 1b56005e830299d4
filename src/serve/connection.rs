//! One SSH connection: who may come in, the one thing they may do (read in the explorer,
//! which `explorers` starts), and everything else refused: commands, subsystems such as
//! sftp, port forwarding either way, agent and X11 forwarding, environment variables other
//! than the terminal's.

use super::explorers::{self, Access, Explorer, Shared, Terminal};
use super::limits::{Admission, Full, Stranger, Ticket, TurnAway};
use super::log::{MOST_REFUSALS, NAME_CHARS, Reader, Record, shortened};
use super::session::terminal_size;
use crate::tui::input::Decoder;
use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Session};
use russh::{Channel, ChannelId, ChannelWriteHalf, Pty};
use std::sync::Arc;

/// The place a connection holds: a stranger's until it authenticates, then a reader's (or
/// one among those turned away); given back when the connection ends.
#[expect(
    dead_code,
    reason = "each place is held only for its Drop, which gives it back"
)]
enum Place {
    Stranger(Stranger),
    Reader(Ticket),
    TurnedAway(TurnAway),
    None,
}

pub struct Connection {
    shared: Arc<Shared>,
    record: Arc<Record>,
    place: Place,
    /// Over a limit: let in only to be told so.
    turned_away: Option<Full>,
    channel: Option<ChannelId>,
    writer: Option<ChannelWriteHalf<Msg>>,
    /// The terminal the client asked for: its type and size.
    pty: Option<Terminal>,
    /// LC_ALL, LC_CTYPE and LANG, as the client sent them.
    locale: [Option<String>; 3],
    explorer: Option<Explorer>,
    decoder: Decoder,
}

impl Connection {
    pub fn new(shared: Arc<Shared>, record: Arc<Record>, stranger: Stranger) -> Connection {
        Connection {
            shared,
            record,
            place: Place::Stranger(stranger),
            turned_away: None,
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

    /// Authenticated: the stranger's place is traded for a reader's; over a limit, the
    /// reader is let in to be told so, or, with too many being told, the connection ends.
    fn enter(&mut self, user: &str, reader: Reader) -> Result<Auth, russh::Error> {
        self.record.admitted(user, reader);
        if let Place::Stranger(stranger) = std::mem::replace(&mut self.place, Place::None) {
            self.place = match stranger.admit() {
                Admission::In(ticket) => Place::Reader(ticket),
                Admission::TurnedAway(full, place) => {
                    self.turned_away = Some(full);
                    Place::TurnedAway(place)
                }
                Admission::Dropped(full) => {
                    self.record.ended(full.reason());
                    return Err(russh::Error::Disconnect);
                }
            };
        }
        Ok(Auth::Accept)
    }

    fn reject(&self) -> Auth {
        Auth::Reject {
            proceed_with_methods: Some(self.methods()),
            partial_success: false,
        }
    }

    /// A refusal, counted for the log; past the most a connection may collect, the
    /// connection ends.
    fn count_refusal(&self, kind: &'static str, example: Option<&str>) -> Result<(), russh::Error> {
        if self.record.refused(kind, example) > MOST_REFUSALS {
            self.record.ended("too many refused requests");
            return Err(russh::Error::Disconnect);
        }
        Ok(())
    }

    /// A channel refused, recorded for the log.
    async fn prohibit(
        &self,
        kind: &'static str,
        reply: ChannelOpenHandle,
    ) -> Result<(), russh::Error> {
        reply
            .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        self.count_refusal(kind, None)
    }

    /// A refusal of a channel request, recorded for the log.
    fn refuse(
        &self,
        kind: &'static str,
        example: Option<&str>,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        let _ = session.channel_failure(channel);
        self.count_refusal(kind, example)
    }

    /// The explorer, on the client's terminal; or, for a connection over a limit, or one
    /// with no terminal, a line saying why not.
    fn start(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), russh::Error> {
        let Some(writer) = self.writer.take().filter(|_| Some(channel) == self.channel) else {
            return self.refuse("a second shell", None, channel, session);
        };
        let _ = session.channel_success(channel);
        self.record.start();
        let terminal = match (&self.turned_away, &self.pty) {
            (Some(full), _) => {
                self.record.ended(full.reason());
                explorers::say_and_close(writer, &self.record, full.message());
                return Ok(());
            }
            (None, None) => {
                self.record.ended("no terminal");
                let message = "peel: the explorer needs a terminal; connect with `ssh -t`.";
                explorers::say_and_close(writer, &self.record, message.to_owned());
                return Ok(());
            }
            (None, Some(terminal)) => terminal.clone(),
        };
        if let Some(why) = crate::tui::unusable(Some(&terminal.0)) {
            self.record.ended("dumb terminal");
            explorers::say_and_close(writer, &self.record, format!("peel: {why}."));
            return Ok(());
        }
        self.explorer = explorers::start(
            &self.shared,
            &self.record,
            writer,
            terminal,
            self.locale.clone(),
        );
        Ok(())
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if let Some(explorer) = &self.explorer {
            explorer.hang_up();
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
        self.enter(user, Reader::Key(fingerprint))
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        if matches!(self.shared.access, Access::Public) {
            return self.enter(user, Reader::Public);
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
            return self.prohibit("a second session", reply).await;
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
        self.prohibit("x11", reply).await
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
        self.prohibit("local port forwarding", reply).await
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
        self.prohibit("forwarded port", reply).await
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.prohibit("socket forwarding", reply).await
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.count_refusal("remote port forwarding", None)?;
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.count_refusal("remote socket forwarding", None)?;
        Ok(false)
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.count_refusal("agent forwarding", None)?;
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
        self.refuse("x11", None, channel, session)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let value = shortened(value, NAME_CHARS);
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
            _ => return self.refuse("environment", Some(name), channel, session),
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
            return self.refuse("a second terminal", None, channel, session);
        }
        let (width, height) = terminal_size(columns, rows);
        let term = shortened(term, NAME_CHARS);
        self.pty = Some((term, width, height));
        let _ = session.channel_success(channel);
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.start(channel, session)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        command: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // `ssh -t server peel` is the explorer too; nothing else runs.
        if String::from_utf8_lossy(command).trim() == "peel" {
            self.start(channel, session)
        } else {
            self.refuse("exec", None, channel, session)
        }
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("subsystem", Some(name), channel, session)
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
            explorer.resize(width, height);
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
            explorer.input(input, self.shared.panic_on_bang).await;
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
            explorer.hang_up();
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(explorer) = &self.explorer {
            explorer.hang_up();
        }
        Ok(())
    }
}
