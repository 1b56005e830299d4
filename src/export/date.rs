//! The date a briefing says it was exported: today in UTC, or the moment that
//! `SOURCE_DATE_EPOCH` names (the reproducible-builds convention), so that the same
//! export made twice can be the same file.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Today's date in UTC as `YYYY-MM-DD`, or that of `SOURCE_DATE_EPOCH` where it is set to
/// a number of seconds.
pub fn today() -> String {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map(|seconds| UNIX_EPOCH + Duration::from_secs(seconds));
    date_of(epoch.unwrap_or_else(SystemTime::now))
}

/// The UTC date of `moment` as `YYYY-MM-DD`.
pub fn date_of(moment: SystemTime) -> String {
    // RFC 3339 in UTC starts with the date; a moment before 1970 is said as 1970-01-01.
    let moment = moment.max(UNIX_EPOCH);
    let stamp = humantime::format_rfc3339_seconds(moment).to_string();
    stamp.get(..10).unwrap_or("1970-01-01").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_is_dated_in_utc() {
        // 2024-08-01 23:30 UTC is still the first of August, whatever the local zone.
        let moment = UNIX_EPOCH + Duration::from_secs(1_722_555_000);
        assert_eq!(date_of(moment), "2024-08-01");
        assert_eq!(date_of(UNIX_EPOCH), "1970-01-01");
    }
}
