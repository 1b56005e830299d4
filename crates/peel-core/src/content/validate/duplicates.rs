//! Ids given twice: an assessment, area or node id is one place in a library.

use super::{Checker, Origins};
use crate::content::locate::YamlPath;
use crate::model::Library;
use crate::model::NodeKey;

pub(super) fn check_duplicates(check: &mut Checker, library: &Library, origins: &Origins) {
    for &key in library.duplicate_ids() {
        let id = library.id(key);
        let message = format!("duplicate id `{id}`; every node needs its own id");
        let located = match key {
            NodeKey::Area {
                force,
                assessment,
                area,
            } => origins
                .assessments
                .get(&(force, assessment))
                .map(|&file| (file, YamlPath::root().key("areas").index(area))),
            NodeKey::Finding(at) | NodeKey::Recommendation(at, _) => {
                let file = match at.area {
                    Some(area) => origins.areas.get(&(at.force, at.assessment, area)),
                    None => origins.assessments.get(&(at.force, at.assessment)),
                };
                let finding = YamlPath::root().key("findings").index(at.finding);
                let path = match key {
                    NodeKey::Recommendation(_, r) => {
                        finding.key("recommendations").index(r).key("id")
                    }
                    _ => finding.key("id"),
                };
                file.map(|&file| (file, path))
            }
            NodeKey::Assessment { force, assessment } => origins
                .force_files
                .get(force)
                .map(|&file| (file, YamlPath::root().key("assessments").index(assessment))),
            NodeKey::GlossaryTerm(index) => origins
                .glossary_file
                .map(|file| (file, YamlPath::root().key("terms").index(index).key("term"))),
            NodeKey::Force { .. } | NodeKey::Section { .. } | NodeKey::Glossary => None,
        };
        if let Some((file, path)) = located {
            check.problem(file, path, message);
        }
    }
}
