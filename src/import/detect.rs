//! Which kind of PEEL page a text is, told from its words, and what each kind is expected
//! to say, in that kind's own words, for the messages of a text that is not one.

use super::markup::{self, Line};
use super::names;

/// The kinds of page `peel import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A PEEL 2021/22 or 2023–25 (or 2025–27) report: the web page's text, the saved page,
    /// or the PDF's text: overall summary, our judgments, then one section per area.
    Report,
    /// A PEEL pillar page of 2014–2019 ("Kent PEEL 2018", "Efficiency"), or its
    /// "Detailed findings" page: the pillar's grade, then its questions with their grades.
    Pillar,
    /// A force's overview page of 2014–2019 ("West Midlands 2017"): each pillar's judgment
    /// in a sentence, then a section per pillar.
    Overview,
}

impl Layout {
    pub fn from_name(name: &str) -> Option<Layout> {
        Some(match name {
            "report" | "web" | "pdf" | "2023-25" | "2025-27" | "2021-22" | "2023"
            | "peel-2023-25" => Layout::Report,
            "pillar" | "2014" | "2015" | "2016" | "2017" | "2018" | "2018-19" | "peel-2017" => {
                Layout::Pillar
            }
            "overview" => Layout::Overview,
            _ => return None,
        })
    }

    /// The names `--format` takes, for its message.
    pub const NAMES: &'static str = "report (2021/22, 2023–25: the web page or the PDF's text), pillar (2014–2019 pillar pages), overview (2014–2019 force overview pages)";

    pub fn name(self) -> &'static str {
        match self {
            Layout::Report => "PEEL 2021/22 or 2023–25 report",
            Layout::Pillar => "PEEL 2014–2019 pillar page",
            Layout::Overview => "PEEL 2014–2019 force overview page",
        }
    }

    /// What a page of this kind says at its top, in its own words.
    pub fn expected(self) -> &'static str {
        match self {
            Layout::Report => {
                "“Overall summary”, “Our judgments”, “Our inspection assessed how good <force> is in nine areas of policing …” (the web page), or “PEEL 2023–25” … “An inspection of <force>” (the PDF's text)"
            }
            Layout::Pillar => {
                "“<Force> PEEL 2017”, the pillar (“Effectiveness”), its question (“How effective is the force at keeping people safe and reducing crime?”), “Last updated …”, its grade, then “Questions for Effectiveness”"
            }
            Layout::Overview => {
                "“<Force> 2017”, “… assessment of <force>”, and “The extent to which the force is effective at keeping people safe and reducing crime is good.”"
            }
        }
    }
}

/// Which kind of page the text reads as, from its first 400 lines.
pub fn detect(text: &str) -> Option<Layout> {
    let all = markup::lines(text);
    let lines: Vec<&Line> = all.iter().take(400).collect();
    let has = |p: &dyn Fn(&str) -> bool| lines.iter().any(|l| p(l.text.as_str()));
    let report = has(&|l| l.contains("Our inspection assessed how good"))
        || (has(&|l| l.starts_with("An inspection of ")) && has(&|l| l.contains("PEEL 20")))
        || (has(&|l| l == "Overall summary") && has(&|l| l == "Our judgments"))
        || lines.iter().any(|l| {
            matches!(l.kind, markup::LineKind::Heading { level: 1, .. })
                && l.text.starts_with("PEEL 20")
        });
    if report {
        return Some(Layout::Report);
    }
    let titles: Vec<names::Title> = lines
        .iter()
        .take(60)
        .filter_map(|l| names::title_of(&l.text))
        .collect();
    if titles.iter().any(|t| t.pillar_page) {
        return Some(Layout::Pillar);
    }
    if !titles.is_empty() && has(&|l| l.to_lowercase().starts_with("the extent to which ")) {
        return Some(Layout::Overview);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_page_is_told_by_its_words() {
        assert_eq!(
            detect(
                "Overall summary\nOur judgments\nOur inspection assessed how good Kent Police is in nine areas"
            ),
            Some(Layout::Report)
        );
        assert_eq!(
            detect("# PEEL 2023–25\n\nAn inspection of the Metropolitan Police Service"),
            Some(Layout::Report)
        );
        assert_eq!(
            detect("Skip to content\n\nKent PEEL 2018\n\nHow efficiently does the force operate?"),
            Some(Layout::Pillar)
        );
        assert_eq!(
            detect(
                "Kent 2017\n\nThe extent to which the force is effective at keeping people safe and reducing crime is good."
            ),
            Some(Layout::Overview)
        );
        assert_eq!(detect("Dear Sir,\nI write about the police in 2017."), None);
        for name in ["report", "2023-25", "pillar", "2017", "2018-19", "overview"] {
            assert!(Layout::from_name(name).is_some(), "{name}");
        }
    }
}
