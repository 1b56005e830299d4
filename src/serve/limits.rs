//! How many readers a server takes: in all, and from one address. A connection holds a
//! ticket from the moment it is accepted (a handshake costs the server too) until it
//! ends; one over a limit is let in far enough to be told why and turned away, and past a
//! small number of those, dropped at once.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Connections being told they cannot come in, at most: past this, a connection over a
/// limit is closed before the handshake (a flood must not cost a handshake each).
pub const MOST_TURNED_AWAY: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub sessions: usize,
    pub per_address: usize,
}

#[derive(Debug, Default)]
struct Counts {
    sessions: usize,
    per_address: HashMap<IpAddr, usize>,
    turned_away: usize,
}

/// The counts, shared by every connection.
#[derive(Debug, Clone)]
pub struct Gate {
    limits: Limits,
    counts: Arc<Mutex<Counts>>,
}

/// Why a connection cannot come in, in the words it is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Full {
    Sessions(usize),
    Address(usize),
}

impl Full {
    pub fn message(&self) -> String {
        match self {
            Full::Sessions(most) => format!(
                "peel: this server is showing the explorer to {most} readers already, the most it takes; please try again later."
            ),
            Full::Address(most) => format!(
                "peel: {most} sessions are open from your address already, the most one address may have; close one and try again."
            ),
        }
    }

    /// For the log.
    pub fn reason(&self) -> &'static str {
        match self {
            Full::Sessions(_) => "server full",
            Full::Address(_) => "address full",
        }
    }
}

/// What the gate says to a new connection.
#[derive(Debug)]
pub enum Admission {
    In(Ticket),
    /// Over a limit: let in only to be told so, holding a ticket of its own.
    TurnedAway(Full, TurnAway),
    /// Over a limit, with too many already being turned away.
    Dropped(Full),
}

/// A place taken; given back when dropped.
#[derive(Debug)]
pub struct Ticket {
    gate: Gate,
    address: IpAddr,
}

/// A place among those being turned away; given back when dropped.
#[derive(Debug)]
pub struct TurnAway {
    gate: Gate,
}

impl Gate {
    pub fn new(limits: Limits) -> Gate {
        Gate {
            limits,
            counts: Arc::default(),
        }
    }

    pub fn admit(&self, address: IpAddr) -> Admission {
        let mut counts = self.lock();
        let from_here = counts.per_address.get(&address).copied().unwrap_or(0);
        let full = if counts.sessions >= self.limits.sessions {
            Some(Full::Sessions(self.limits.sessions))
        } else if from_here >= self.limits.per_address {
            Some(Full::Address(self.limits.per_address))
        } else {
            None
        };
        match full {
            None => {
                counts.sessions += 1;
                *counts.per_address.entry(address).or_default() += 1;
                Admission::In(Ticket {
                    gate: self.clone(),
                    address,
                })
            }
            Some(full) if counts.turned_away < MOST_TURNED_AWAY => {
                counts.turned_away += 1;
                Admission::TurnedAway(full, TurnAway { gate: self.clone() })
            }
            Some(full) => Admission::Dropped(full),
        }
    }

    /// Connections holding any place: tickets and those being turned away.
    pub fn connections(&self) -> usize {
        let counts = self.lock();
        counts.sessions + counts.turned_away
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        // The counts stay consistent whatever panicked while holding them: every change
        // is one statement.
        self.counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut counts = self.gate.lock();
        counts.sessions = counts.sessions.saturating_sub(1);
        if let Some(count) = counts.per_address.get_mut(&self.address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                counts.per_address.remove(&self.address);
            }
        }
    }
}

impl Drop for TurnAway {
    fn drop(&mut self) {
        let mut counts = self.gate.lock();
        counts.turned_away = counts.turned_away.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(last: u8) -> IpAddr {
        IpAddr::from([127, 0, 0, last])
    }

    fn ticket(admission: Admission) -> Ticket {
        match admission {
            Admission::In(ticket) => ticket,
            other => panic!("not let in: {other:?}"),
        }
    }

    fn turned_away(admission: Admission) -> (Full, TurnAway) {
        match admission {
            Admission::TurnedAway(full, place) => (full, place),
            other => panic!("not turned away: {other:?}"),
        }
    }

    #[test]
    fn a_server_takes_its_most_sessions_and_turns_the_next_away() {
        let gate = Gate::new(Limits {
            sessions: 2,
            per_address: 5,
        });
        let first = ticket(gate.admit(address(1)));
        let _second = ticket(gate.admit(address(2)));
        assert_eq!(gate.lock().sessions, 2);
        let (full, _place) = turned_away(gate.admit(address(3)));
        assert_eq!(full, Full::Sessions(2));
        assert_eq!(gate.connections(), 3);
        drop(first);
        assert_eq!(gate.lock().sessions, 1);
        let _third = ticket(gate.admit(address(3)));
    }

    #[test]
    fn one_address_takes_its_most_and_others_still_come_in() {
        let gate = Gate::new(Limits {
            sessions: 10,
            per_address: 2,
        });
        let first = ticket(gate.admit(address(1)));
        let _second = ticket(gate.admit(address(1)));
        let (full, _) = turned_away(gate.admit(address(1)));
        assert_eq!(full, Full::Address(2));
        let _elsewhere = ticket(gate.admit(address(2)));
        drop(first);
        let _again = ticket(gate.admit(address(1)));
    }

    #[test]
    fn past_a_few_turned_away_the_rest_are_dropped_and_places_come_back() {
        let gate = Gate::new(Limits {
            sessions: 0,
            per_address: 0,
        });
        let places: Vec<_> = (0..MOST_TURNED_AWAY)
            .map(|_| turned_away(gate.admit(address(1))).1)
            .collect();
        assert!(matches!(
            gate.admit(address(1)),
            Admission::Dropped(Full::Sessions(0))
        ));
        drop(places);
        assert_eq!(gate.connections(), 0);
        turned_away(gate.admit(address(1)));
    }

    #[test]
    fn an_address_with_no_sessions_left_is_forgotten() {
        let gate = Gate::new(Limits {
            sessions: 3,
            per_address: 3,
        });
        drop(ticket(gate.admit(address(7))));
        assert!(gate.lock().per_address.is_empty());
    }

    #[test]
    fn the_messages_say_which_limit_and_how_many() {
        assert!(Full::Sessions(100).message().contains("100 readers"));
        assert!(Full::Address(4).message().contains("4 sessions"));
        assert_ne!(Full::Sessions(1).reason(), Full::Address(1).reason());
    }
}
