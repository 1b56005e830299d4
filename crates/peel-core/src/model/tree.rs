//! Navigation over the loaded reports: every node has a key (for code) and a readable id
//! path (for people), e.g. `2024/investigating-crime/cause-of-concern/crime-allocation`.
//!
//! Past 500 lines on purpose: `Library` is the one type the rest of peel reads the tree
//! through, and its ids, lookups, walks and counts stay together as one thing to learn.

use super::{
    Area, Assessment, Finding, FindingKind, Force, GlossaryTerm, Grade, Recommendation,
    SourceDocument, VocabularyTerm,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// Where a finding sits: directly under an assessment (`area: None`) or under an area.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct FindingAt {
    pub force: usize,
    pub assessment: usize,
    pub area: Option<usize>,
    pub finding: usize,
}

/// A position in the tree. Cheap to copy; valid for the `Library` it came from. Stored in
/// the search index's pack, hence serde.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum NodeKey {
    Force {
        force: usize,
    },
    Assessment {
        force: usize,
        assessment: usize,
    },
    Area {
        force: usize,
        assessment: usize,
        area: usize,
    },
    /// The group of findings of one kind under an assessment or area ("Causes of concern").
    Section {
        force: usize,
        assessment: usize,
        area: Option<usize>,
        kind: FindingKind,
    },
    Finding(FindingAt),
    Recommendation(FindingAt, usize),
    /// The glossary, a root of its own after the reports.
    Glossary,
    GlossaryTerm(usize),
}

impl NodeKey {
    /// The force a node belongs to; the glossary belongs to none (`None`).
    pub fn force(self) -> Option<usize> {
        Some(match self {
            NodeKey::Force { force }
            | NodeKey::Assessment { force, .. }
            | NodeKey::Area { force, .. }
            | NodeKey::Section { force, .. } => force,
            NodeKey::Finding(at) | NodeKey::Recommendation(at, _) => at.force,
            NodeKey::Glossary | NodeKey::GlossaryTerm(_) => return None,
        })
    }

    pub fn assessment(self) -> Option<(usize, usize)> {
        match self {
            NodeKey::Force { .. } | NodeKey::Glossary | NodeKey::GlossaryTerm(_) => None,
            NodeKey::Assessment { force, assessment }
            | NodeKey::Area {
                force, assessment, ..
            }
            | NodeKey::Section {
                force, assessment, ..
            } => Some((force, assessment)),
            NodeKey::Finding(at) | NodeKey::Recommendation(at, _) => {
                Some((at.force, at.assessment))
            }
        }
    }
}

/// A borrowed view of one node, whatever its level.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Force(&'a Force),
    Assessment(&'a Assessment),
    Area(&'a Area),
    Section { kind: FindingKind, count: usize },
    Finding(&'a Finding),
    Recommendation(&'a Recommendation),
    Glossary { count: usize },
    GlossaryTerm(&'a GlossaryTerm),
}

impl<'a> Node<'a> {
    pub fn title(&self) -> &'a str {
        match self {
            Node::Force(force) => &force.name,
            Node::Assessment(assessment) => &assessment.title,
            Node::Area(area) => &area.title,
            Node::Section { kind, .. } => kind.section_title(),
            Node::Finding(finding) => &finding.title,
            Node::Recommendation(recommendation) => &recommendation.text,
            Node::Glossary { .. } => "Glossary",
            Node::GlossaryTerm(term) => &term.term,
        }
    }

    /// The kind word used in JSON output and search filters.
    pub fn kind_key(&self) -> &'static str {
        match self {
            Node::Force(_) => "force",
            Node::Assessment(_) => "assessment",
            Node::Area(_) => "area",
            Node::Section { .. } => "section",
            Node::Finding(finding) => finding.kind.key(),
            Node::Recommendation(_) => "recommendation",
            Node::Glossary { .. } => "glossary",
            Node::GlossaryTerm(_) => "glossary-term",
        }
    }

    pub fn grade(&self) -> Option<Grade> {
        match self {
            Node::Assessment(assessment) => Some(assessment.grade),
            Node::Area(area) => Some(area.grade),
            _ => None,
        }
    }
}

/// How much content is loaded, for `peel check` and the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub forces: usize,
    pub assessments: usize,
    pub areas: usize,
    pub findings: BTreeMap<FindingKind, usize>,
    pub recommendations: usize,
    pub figures: usize,
    pub themes: usize,
    pub recurring: usize,
    pub glossary: usize,
}

impl Counts {
    pub fn findings_total(&self) -> usize {
        self.findings.values().sum()
    }
}

/// Everything loaded, with an index from id path to node.
#[derive(Debug, Clone)]
pub struct Library {
    forces: Vec<Force>,
    glossary: Vec<GlossaryTerm>,
    sources: Vec<SourceDocument>,
    vocabulary: Vec<VocabularyTerm>,
    /// Built on first use: at 43 forces it costs more than a first frame may take, and
    /// that frame needs none of it.
    ids: OnceLock<Ids>,
}

/// Every node by its id path, and the nodes whose path an earlier node already took.
#[derive(Debug, Clone, Default)]
struct Ids {
    by_path: HashMap<String, NodeKey>,
    duplicates: Vec<NodeKey>,
}

impl Library {
    pub fn new(
        forces: Vec<Force>,
        glossary: Vec<GlossaryTerm>,
        sources: Vec<SourceDocument>,
    ) -> Self {
        Library {
            forces,
            glossary,
            sources,
            vocabulary: Vec::new(),
            ids: OnceLock::new(),
        }
    }

    fn id_index(&self) -> &Ids {
        self.ids.get_or_init(|| {
            let mut ids = Ids::default();
            for key in self.preorder() {
                if ids.by_path.insert(self.id(key), key).is_some() {
                    ids.duplicates.push(key);
                }
            }
            ids
        })
    }

    /// The same library, with the acronyms and short names search expands.
    pub fn with_vocabulary(mut self, vocabulary: Vec<VocabularyTerm>) -> Self {
        self.vocabulary = vocabulary;
        self
    }

    pub fn forces(&self) -> &[Force] {
        &self.forces
    }
    pub fn vocabulary(&self) -> &[VocabularyTerm] {
        &self.vocabulary
    }
    pub fn glossary(&self) -> &[GlossaryTerm] {
        &self.glossary
    }
    pub fn sources(&self) -> &[SourceDocument] {
        &self.sources
    }
    pub fn source_document(&self, file: &str) -> Option<&SourceDocument> {
        self.sources.iter().find(|doc| doc.file == file)
    }

    /// Nodes whose id path was already taken by an earlier node.
    pub fn duplicate_ids(&self) -> &[NodeKey] {
        &self.id_index().duplicates
    }

    /// The force level appears only when there is more than one force to tell apart.
    pub fn shows_forces(&self) -> bool {
        self.forces.len() > 1
    }

    pub fn roots(&self) -> Vec<NodeKey> {
        let mut roots = if self.shows_forces() {
            (0..self.forces.len())
                .map(|force| NodeKey::Force { force })
                .collect()
        } else if self.forces.is_empty() {
            Vec::new()
        } else {
            self.children(NodeKey::Force { force: 0 })
        };
        if !self.glossary.is_empty() {
            roots.push(NodeKey::Glossary);
        }
        roots
    }

    pub fn children(&self, key: NodeKey) -> Vec<NodeKey> {
        match key {
            NodeKey::Force { force } => (0..self.forces[force].assessments.len())
                .map(|assessment| NodeKey::Assessment { force, assessment })
                .collect(),
            NodeKey::Assessment { force, assessment } => {
                // Summaries open the assessment, its areas follow, then anything else
                // (improvements recognised, press coverage), as a reader meets them.
                let a = &self.forces[force].assessments[assessment];
                let (summaries, others): (Vec<NodeKey>, Vec<NodeKey>) =
                    sections(&a.findings, force, assessment, None)
                        .into_iter()
                        .partition(|key| {
                            matches!(
                                key,
                                NodeKey::Section {
                                    kind: FindingKind::Summary,
                                    ..
                                }
                            )
                        });
                let areas = (0..a.areas.len()).map(|area| NodeKey::Area {
                    force,
                    assessment,
                    area,
                });
                summaries.into_iter().chain(areas).chain(others).collect()
            }
            NodeKey::Area {
                force,
                assessment,
                area,
            } => {
                let findings = &self.forces[force].assessments[assessment].areas[area].findings;
                sections(findings, force, assessment, Some(area))
            }
            NodeKey::Section {
                force,
                assessment,
                area,
                kind,
            } => self
                .findings_in(force, assessment, area)
                .iter()
                .enumerate()
                .filter(|(_, finding)| finding.kind == kind)
                .map(|(finding, _)| {
                    NodeKey::Finding(FindingAt {
                        force,
                        assessment,
                        area,
                        finding,
                    })
                })
                .collect(),
            NodeKey::Finding(at) => (0..self.finding(at).recommendations.len())
                .map(|index| NodeKey::Recommendation(at, index))
                .collect(),
            NodeKey::Recommendation(..) | NodeKey::GlossaryTerm(_) => Vec::new(),
            NodeKey::Glossary => (0..self.glossary.len())
                .map(NodeKey::GlossaryTerm)
                .collect(),
        }
    }

    pub fn parent(&self, key: NodeKey) -> Option<NodeKey> {
        let parent = match key {
            NodeKey::Force { .. } | NodeKey::Glossary => return None,
            NodeKey::GlossaryTerm(_) => NodeKey::Glossary,
            NodeKey::Assessment { force, .. } => NodeKey::Force { force },
            NodeKey::Area {
                force, assessment, ..
            } => NodeKey::Assessment { force, assessment },
            NodeKey::Section {
                force,
                assessment,
                area: None,
                ..
            } => NodeKey::Assessment { force, assessment },
            NodeKey::Section {
                force,
                assessment,
                area: Some(area),
                ..
            } => NodeKey::Area {
                force,
                assessment,
                area,
            },
            NodeKey::Finding(at) => NodeKey::Section {
                force: at.force,
                assessment: at.assessment,
                area: at.area,
                kind: self.finding(at).kind,
            },
            NodeKey::Recommendation(at, _) => NodeKey::Finding(at),
        };
        // With one force the force node is not part of the visible tree.
        match parent {
            NodeKey::Force { .. } if !self.shows_forces() => None,
            parent => Some(parent),
        }
    }

    /// The chain from the top of the visible tree down to `key`, inclusive.
    pub fn ancestry(&self, key: NodeKey) -> Vec<NodeKey> {
        let mut chain = vec![key];
        let mut current = key;
        while let Some(parent) = self.parent(current) {
            chain.push(parent);
            current = parent;
        }
        chain.reverse();
        chain
    }

    /// The short labels of the nodes above `key`, top first: "2024 › Investigating crime ›
    /// Causes of concern". Assessments by year, areas by their short title.
    pub fn breadcrumb(&self, key: NodeKey) -> Vec<String> {
        let mut chain = self.ancestry(key);
        chain.pop();
        chain
            .into_iter()
            .map(|k| match self.node(k) {
                Node::Assessment(a) => a.year.to_string(),
                Node::Area(area) => area.label().to_owned(),
                node => node.title().to_owned(),
            })
            .collect()
    }

    pub fn node(&self, key: NodeKey) -> Node<'_> {
        match key {
            NodeKey::Force { force } => Node::Force(&self.forces[force]),
            NodeKey::Assessment { force, assessment } => {
                Node::Assessment(&self.forces[force].assessments[assessment])
            }
            NodeKey::Area {
                force,
                assessment,
                area,
            } => Node::Area(&self.forces[force].assessments[assessment].areas[area]),
            NodeKey::Section {
                force,
                assessment,
                area,
                kind,
            } => Node::Section {
                kind,
                count: self
                    .findings_in(force, assessment, area)
                    .iter()
                    .filter(|finding| finding.kind == kind)
                    .count(),
            },
            NodeKey::Finding(at) => Node::Finding(self.finding(at)),
            NodeKey::Recommendation(at, index) => {
                Node::Recommendation(&self.finding(at).recommendations[index])
            }
            NodeKey::Glossary => Node::Glossary {
                count: self.glossary.len(),
            },
            NodeKey::GlossaryTerm(index) => Node::GlossaryTerm(&self.glossary[index]),
        }
    }

    pub fn finding(&self, at: FindingAt) -> &Finding {
        &self.findings_in(at.force, at.assessment, at.area)[at.finding]
    }

    fn findings_in(&self, force: usize, assessment: usize, area: Option<usize>) -> &[Finding] {
        let a = &self.forces[force].assessments[assessment];
        match area {
            None => &a.findings,
            Some(area) => &a.areas[area].findings,
        }
    }

    pub fn assessment_of(&self, key: NodeKey) -> Option<&Assessment> {
        key.assessment()
            .map(|(force, assessment)| &self.forces[force].assessments[assessment])
    }

    /// The grade of an assessment or area, or "No grade" and why; `None` for other nodes.
    pub fn standing(&self, key: NodeKey) -> Option<super::Standing> {
        let grade = self.node(key).grade()?;
        let assessment = self.assessment_of(key)?;
        Some(super::Standing::of(grade, assessment, &self.sources))
    }

    pub fn year(&self, key: NodeKey) -> Option<u16> {
        self.assessment_of(key).map(|a| a.year)
    }

    /// The readable, stable id path of a node.
    pub fn id(&self, key: NodeKey) -> String {
        match key {
            NodeKey::Force { force } => self.forces[force].id.clone(),
            NodeKey::Assessment { force, assessment } => {
                let id = &self.forces[force].assessments[assessment].id;
                if self.shows_forces() {
                    format!("{}/{id}", self.forces[force].id)
                } else {
                    id.clone()
                }
            }
            NodeKey::Area {
                force,
                assessment,
                area,
            } => format!(
                "{}/{}",
                self.id(NodeKey::Assessment { force, assessment }),
                self.forces[force].assessments[assessment].areas[area].id
            ),
            NodeKey::Section { kind, .. } => match self.parent(key) {
                Some(parent) => format!("{}/{}", self.id(parent), kind.key()),
                None => kind.key().to_owned(),
            },
            NodeKey::Finding(at) => {
                let section = self.parent(key).map(|s| self.id(s)).unwrap_or_default();
                format!("{section}/{}", self.finding(at).id)
            }
            NodeKey::Recommendation(at, index) => format!(
                "{}/recommendation/{}",
                self.id(NodeKey::Finding(at)),
                self.finding(at).recommendations[index].id
            ),
            NodeKey::Glossary => "glossary".to_owned(),
            NodeKey::GlossaryTerm(index) => {
                format!("glossary/{}", super::ids::slug(&self.glossary[index].term))
            }
        }
    }

    /// Resolves an id path. Inside a force (themes, recurring issues) ids are written
    /// without the force prefix; `resolve_in_force` adds it when several forces are loaded.
    pub fn find(&self, id: &str) -> Option<NodeKey> {
        self.id_index().by_path.get(id).copied()
    }

    /// As `find`, but walking down the tree along the id instead of indexing every node's
    /// id first (about 7 ms at 43 forces): for the few lookups made before the first frame
    /// (a saved place, its bookmarks). Each node's id extends its parent's by `/`, so only
    /// the branches whose ids start the wanted one are visited; where two nodes share an id
    /// the one later in reading order is found, as `find` finds it.
    pub fn locate(&self, id: &str) -> Option<NodeKey> {
        if let Some(ids) = self.ids.get() {
            return ids.by_path.get(id).copied();
        }
        let mut found = None;
        let mut stack = self.roots();
        stack.reverse();
        while let Some(key) = stack.pop() {
            let own = self.id(key);
            if own == id {
                found = Some(key);
            } else if id
                .strip_prefix(own.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
            {
                let mut children = self.children(key);
                children.reverse();
                stack.extend(children);
            }
        }
        found
    }

    pub fn resolve_in_force(&self, force: usize, relative_id: &str) -> Option<NodeKey> {
        if self.shows_forces() {
            self.find(&format!("{}/{relative_id}", self.forces[force].id))
        } else {
            self.find(relative_id)
        }
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.id_index().by_path.keys().map(String::as_str)
    }

    /// Every node of the visible tree, parents before children, in reading order.
    pub fn preorder(&self) -> Vec<NodeKey> {
        let mut out = Vec::new();
        let mut stack: Vec<NodeKey> = self.roots();
        stack.reverse();
        while let Some(key) = stack.pop() {
            out.push(key);
            let mut children = self.children(key);
            children.reverse();
            stack.extend(children);
        }
        out
    }

    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            forces: self.forces.len(),
            glossary: self.glossary.len(),
            ..Counts::default()
        };
        for force in &self.forces {
            counts.themes += force.themes.len();
            counts.recurring += force.recurring.len();
            counts.assessments += force.assessments.len();
            for assessment in &force.assessments {
                counts.areas += assessment.areas.len();
                let area_findings = assessment.areas.iter().flat_map(|a| &a.findings);
                for finding in assessment.findings.iter().chain(area_findings) {
                    *counts.findings.entry(finding.kind).or_default() += 1;
                    counts.recommendations += finding.recommendations.len();
                    counts.figures += finding.figures.len();
                }
            }
        }
        counts
    }
}

/// One section per kind present, in the report's order of kinds.
fn sections(
    findings: &[Finding],
    force: usize,
    assessment: usize,
    area: Option<usize>,
) -> Vec<NodeKey> {
    let mut kinds: Vec<FindingKind> = findings.iter().map(|f| f.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| NodeKey::Section {
            force,
            assessment,
            area,
            kind,
        })
        .collect()
}
