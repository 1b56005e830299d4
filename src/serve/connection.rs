//! One SSH connection: who may come in, the one thing they may do (read in the explorer,
//! which `explorers` starts), and everything else refused: commands, subsystems such as
//! sftp, port forwarding either way, agent and X11 forwarding, environment variables other
//! than the terminal's.

use super::explorers::{self, Access, Explorer, Shared, Terminal};
use super::limits::Full;
use super::log::{Reader, Record};
use super::session::terminal_size;
use crate::tui::input::Decoder;
use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Session};
use russh::{Channel, ChannelId, ChannelWriteHalf, Pty};
use std::sync::Arc;

pub struct Connection {
    shared: Arc<Shared>,
    record: Arc<Record>,
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

    /// A channel refused, recorded for the log.
    async fn prohibit(&self, what: &str, reply: ChannelOpenHandle) -> Result<(), russh::Error> {
        self.record.refused(what);
        reply
            .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
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
        let terminal = match (&self.turned_away, &self.pty) {
            (Some(full), _) => {
                self.record.ended(full.reason());
                return explorers::say_and_close(writer, &self.record, full.message());
            }
            (None, None) => {
                self.record.ended("no terminal");
                let message = "peel: the explorer needs a terminal; connect with `ssh -t`.";
                return explorers::say_and_close(writer, &self.record, message.to_owned());
            }
            (None, Some(terminal)) => terminal.clone(),
        };
        self.explorer = explorers::start(
            &self.shared,
            &self.record,
            writer,
            terminal,
            self.locale.clone(),
        );
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
