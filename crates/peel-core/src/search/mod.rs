//! Fuzzy search over everything: titles, text, bullets, tables, recommendations, figures,
//! quotations and the glossary. Knows nothing of the terminal; the explorer and the
//! command line both call [`Searcher::search`].

mod groups;
mod highlight;
mod hits;
mod index;
mod lexicon_scan;
mod locate;
pub mod lru;
pub mod normal;
pub mod pack;
mod query;
mod rank;
mod snippet;

pub use groups::{Alternative, Group, groups};
pub use hits::{Lookup, SHARED_HITS_BYTES, SharedHits};
pub use index::{Anchor, Concept, Field, Lexicon, NodeInfo, Passage, SearchIndex};
pub use query::{FILTER_NAMES, Query, Term, fold, kind_names};
pub use rank::{Hit, Plans, Ranker, SHARED_PLAN_BYTES, SharedPlans, Via, Wanted};
pub use snippet::{Snippet, snippet};

use crate::model::Library;

/// The index and the matcher, behind one seam.
pub struct Searcher {
    pub index: SearchIndex,
    ranker: Ranker,
    /// Plans of what any reader of this index typed, for every other keystroke to reuse.
    pub shared_plans: SharedPlans,
    /// Hits of the queries any reader of this index typed lately.
    pub shared_hits: SharedHits,
    /// The widest node title, in terminal cells: result lists make room for it.
    pub widest_title: usize,
    /// The widest breadcrumb, its parts three cells apart: result headers make room for it.
    pub widest_breadcrumb: usize,
}

impl Searcher {
    pub fn new(library: &Library) -> Searcher {
        Searcher::from_index(SearchIndex::build(library))
    }

    /// For one query and no more (`peel search`): what only pays off over many keystrokes
    /// is not built.
    pub fn answer_once(mut self) -> Searcher {
        self.index.answer_once();
        // Plans are of the index as it was.
        self.shared_plans = SharedPlans::default();
        self.shared_hits = SharedHits::default();
        self
    }

    /// A searcher over an index built before (`pack`).
    pub fn from_index(index: SearchIndex) -> Searcher {
        let widest_title = index
            .nodes
            .iter()
            .map(|node| unicode_width::UnicodeWidthStr::width(node.title.as_str()))
            .max()
            .unwrap_or(0);
        let widest_breadcrumb = index
            .nodes
            .iter()
            .map(|node| {
                let parts = node.breadcrumb.iter();
                parts
                    .map(|part| unicode_width::UnicodeWidthStr::width(part.as_str()) + 3)
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0);
        Searcher {
            index,
            ranker: Ranker::default(),
            shared_plans: SharedPlans::default(),
            shared_hits: SharedHits::default(),
            widest_title,
            widest_breadcrumb,
        }
    }

    pub fn search(&self, query: &Query) -> Vec<Hit> {
        self.ranker.search(&self.index, query, None)
    }

    /// The search a keystroke runs: among the `previous` hits when the query only narrowed
    /// them, else everywhere; reusing the plans of terms already searched for, here or by
    /// any other search of this searcher (`shared_plans`), and the very hits where any
    /// reader searched for this query lately (`shared_hits`).
    pub fn search_as_typed(
        &self,
        query: &Query,
        previous: Option<(&Query, &[Hit])>,
        plans: &mut Plans,
    ) -> Vec<Hit> {
        if self.index.answers_once() {
            return self.search_typed(query, previous, plans);
        }
        // The same hits whoever typed the query and whatever came before it.
        let key = format!("{query:?}");
        match self.shared_hits.lookup(&key) {
            Lookup::Found(hits) => hits.to_vec(),
            Lookup::Flying(flight) => match flight.wait() {
                Some(hits) => hits.to_vec(),
                None => self.search_typed(query, previous, plans),
            },
            Lookup::Claimed(claim) => {
                let hits = self.search_typed(query, previous, plans);
                claim.land(&hits);
                hits
            }
        }
    }

    fn search_typed(
        &self,
        query: &Query,
        previous: Option<(&Query, &[Hit])>,
        plans: &mut Plans,
    ) -> Vec<Hit> {
        match previous {
            Some((earlier, hits)) if self.narrows(query, earlier) => {
                let nodes: Vec<usize> = hits.iter().map(|hit| hit.node).collect();
                let shared = Some(&self.shared_plans);
                self.ranker
                    .search_sharing(&self.index, query, Some(&nodes), plans, shared)
            }
            _ => {
                let shared = Some(&self.shared_plans);
                self.ranker
                    .search_sharing(&self.index, query, None, plans, shared)
            }
        }
    }

    /// Searches only the nodes of `previous` hits: valid when `query.narrows(old_query)`.
    pub fn search_within(&self, query: &Query, previous: &[Hit]) -> Vec<Hit> {
        let nodes: Vec<usize> = previous.iter().map(|hit| hit.node).collect();
        self.ranker.search(&self.index, query, Some(&nodes))
    }

    /// The id and name of the force a hit belongs to, when the content holds more than one
    /// (with one, nothing needs saying).
    pub fn force_of(&self, hit: &Hit) -> Option<&(String, String)> {
        if self.index.forces.len() < 2 {
            return None;
        }
        self.node(hit)
            .key
            .force()
            .and_then(|f| self.index.forces.get(f))
    }

    pub fn node(&self, hit: &Hit) -> &NodeInfo {
        &self.index.nodes[hit.node]
    }

    pub fn passage(&self, hit: &Hit) -> &Passage {
        &self.index.passages[hit.passage]
    }

    /// Char indices in the hit's passage to highlight.
    pub fn highlights(&self, hit: &Hit, query: &Query) -> Vec<usize> {
        highlight::highlights(&self.index, hit, query)
    }

    /// The words `highlights` marks in the hit's passage, folded, each once, in the order
    /// they first come: what a view showing the passage its own way (the explorer's
    /// reader) marks, so it marks what the results list marks (an acronym's expansion, a
    /// stem, a near miss) and never re-matches the query by a rule of its own.
    pub fn highlighted_words(&self, hit: &Hit, query: &Query) -> Vec<String> {
        highlight::marked_words(&self.passage(hit).text, &self.highlights(hit, query))
    }

    /// How a hit matched where not as typed: "RSO → registered sex offender", "jigsw →
    /// Jigsaw"; `None` for a match as typed. The bare form, for `--json`'s `matched_via`.
    /// What was typed is echoed, so it is neutralised: a query may hold an escape.
    pub fn explain(&self, hit: &Hit, query: &Query) -> Option<String> {
        let via = highlight::explain(&self.index, query, hit)?;
        Some(crate::content::neutralise(&via).into_owned())
    }

    /// The one wording of how a hit matched, for people: "matched as RSO → registered sex
    /// offender" (`peel search` and the explorer's status bar).
    pub fn matched_as(&self, hit: &Hit, query: &Query) -> Option<String> {
        self.explain(hit, query)
            .map(|via| format!("matched as {via}"))
    }

    /// Whether every result of `query` must also be a result of `earlier`, so that only
    /// those need searching: a longer word or another word, and no word that other names
    /// (an acronym's expansion, a joined compound) could match where the shorter could not.
    /// A word matched as text (`'`, `S&S`) and the same word grown into one matched by its
    /// words (`'a`) find different things, so neither narrows the other.
    pub fn narrows(&self, query: &Query, earlier: &Query) -> bool {
        if !query.narrows(earlier) {
            return false;
        }
        let (now, before) = (groups(&self.index, query), groups(&self.index, earlier));
        let simple = |groups: &[Group]| groups.iter().all(Group::is_simple);
        // A word that grows can change its spelling's one form (`eighbou`, `eighbour` is
        // `eighbor`): only a form that grows as typed keeps the earlier results a superset.
        let grows =
            |before: &Group, now: &Group| match (&before.alternatives[0], &now.alternatives[0]) {
                (Alternative::Text(_), Alternative::Text(_)) => true,
                (Alternative::Words { words: old, .. }, Alternative::Words { words: new, .. }) => {
                    new.join(" ").starts_with(&old.join(" "))
                }
                _ => false,
            };
        simple(&now)
            && simple(&before)
            && before.len() <= now.len()
            && before.iter().zip(&now).all(|(b, n)| grows(b, n))
    }
}
