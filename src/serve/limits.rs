//! How many readers a server takes: in all, and from one address. A connection that has
//! not yet authenticated is a stranger, with places of its own (fewer, per address and in
//! all), so strangers that never say a word cannot take the readers' places; past those it
//! is closed at once. Once authenticated it needs a reader's place, held until it ends; one
//! over a limit is let in far enough to be told why and turned away, and past a small
//! number of those, closed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Connections being told they cannot come in, at most: past this, a connection over a
/// limit is closed before the handshake (a flood must not cost a handshake each).
pub const MOST_TURNED_AWAY: usize = 16;

/// Connections not yet authenticated, at most, from one address and in all. A stranger
/// needs more than `MOST_STRANGERS / MOST_STRANGERS_PER_ADDRESS` addresses to fill them,
/// and each place frees within the deadlines for the SSH hello and authentication.
pub const MOST_STRANGERS_PER_ADDRESS: usize = 4;
pub const MOST_STRANGERS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub sessions: usize,
    pub per_address: usize,
}

#[derive(Debug, Default)]
struct Counts {
    strangers: usize,
    strangers_from: HashMap<IpAddr, usize>,
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

/// What the gate says to a connection just accepted.
#[derive(Debug)]
pub enum Arrival {
    /// A stranger's place, until it authenticates or ends.
    In(Stranger),
    /// Too many strangers, from its address or in all: closed before the handshake.
    Dropped(&'static str),
}

/// A place among the strangers; given back when dropped.
#[derive(Debug)]
pub struct Stranger {
    gate: Gate,
    address: IpAddr,
}

impl Stranger {
    /// Authenticated: the stranger's place is given back for a reader's.
    pub fn admit(self) -> Admission {
        let (gate, address) = (self.gate.clone(), self.address);
        drop(self);
        gate.admit(address)
    }
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

    /// A connection just accepted, before its handshake.
    pub fn arrive(&self, address: IpAddr) -> Arrival {
        let mut counts = self.lock();
        let from_here = counts.strangers_from.get(&address).copied().unwrap_or(0);
        if from_here >= MOST_STRANGERS_PER_ADDRESS {
            return Arrival::Dropped("too many handshakes from the address");
        }
        if counts.strangers >= MOST_STRANGERS {
            return Arrival::Dropped("too many handshakes");
        }
        counts.strangers += 1;
        *counts.strangers_from.entry(address).or_default() += 1;
        Arrival::In(Stranger {
            gate: self.clone(),
            address,
        })
    }

    /// An authenticated connection, for a reader's place.
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

    /// Connections holding any place: strangers, tickets and those being turned away.
    pub fn connections(&self) -> usize {
        let counts = self.lock();
        counts.strangers + counts.sessions + counts.turned_away
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
        forget_one(&mut counts.per_address, self.address);
    }
}

impl Drop for Stranger {
    fn drop(&mut self) {
        let mut counts = self.gate.lock();
        counts.strangers = counts.strangers.saturating_sub(1);
        forget_one(&mut counts.strangers_from, self.address);
    }
}

/// One fewer from `address`; an address with none left is forgotten.
fn forget_one(counts: &mut HashMap<IpAddr, usize>, address: IpAddr) {
    if let Some(count) = counts.get_mut(&address) {
        *count = count.saturating_sub(1);
        if *count == 0 {
            counts.remove(&address);
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

    fn stranger(arrival: Arrival) -> Stranger {
        match arrival {
            Arrival::In(stranger) => stranger,
            other => panic!("not let in: {other:?}"),
        }
    }

    #[test]
    fn strangers_take_no_readers_place_and_have_their_own_limits() {
        let gate = Gate::new(Limits {
            sessions: 1,
            per_address: 1,
        });
        let mut strangers = Vec::new();
        for last in 2..=(MOST_STRANGERS / MOST_STRANGERS_PER_ADDRESS + 1) as u8 {
            for _ in 0..MOST_STRANGERS_PER_ADDRESS {
                strangers.push(stranger(gate.arrive(address(last))));
            }
            assert!(matches!(gate.arrive(address(last)), Arrival::Dropped(_)));
        }
        assert!(matches!(
            gate.arrive(address(2)),
            Arrival::Dropped(why) if why.contains("from the address")
        ));
        assert!(matches!(
            gate.arrive(address(1)),
            Arrival::Dropped("too many handshakes")
        ));
        assert_eq!(gate.lock().sessions, 0, "strangers hold no reader's place");
        // One authenticates: it gives back its stranger's place and takes the reader's.
        let reader = strangers.pop().unwrap();
        let _ticket = ticket(reader.admit());
        assert_eq!(gate.lock().strangers, MOST_STRANGERS - 1);
        let _newcomer = stranger(gate.arrive(address(1)));
        drop(strangers);
        assert!(gate.lock().strangers_from.keys().all(|a| *a == address(1)));
    }

    #[test]
    fn the_messages_say_which_limit_and_how_many() {
        assert!(Full::Sessions(100).message().contains("100 readers"));
        assert!(Full::Address(4).message().contains("4 sessions"));
        assert_ne!(Full::Sessions(1).reason(), Full::Address(1).reason());
    }
}
