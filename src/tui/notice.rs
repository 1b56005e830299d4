//! A notice for the status bar: neutralised once, when it is made, so every view that
//! measures or draws it (the status bar, the help, the pane memo) has the same inert text
//! and none neutralises it again.

use std::fmt;

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Notice(String);

impl Notice {
    pub fn new(text: &str) -> Notice {
        Notice(crate::content::neutralise(text).into_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Notice {
    fn from(text: String) -> Notice {
        Notice::new(&text)
    }
}

impl From<&str> for Notice {
    fn from(text: &str) -> Notice {
        Notice::new(text)
    }
}

impl std::ops::Deref for Notice {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_is_inert_from_the_moment_it_is_made() {
        let notice = Notice::from("Saved \u{1b}[2J to \u{202e}txt.exe".to_owned());
        assert!(!notice.contains('\u{1b}'));
        assert!(!notice.contains('\u{202e}'));
        assert_eq!(
            Notice::from(notice.as_str()),
            notice,
            "neutralised once is enough"
        );
    }
}
