//! Timestamps as the config stores them (RFC 3339, UTC, whole seconds) and as people read
//! them ("3 days ago").

use jiff::{Timestamp, Unit};

/// Now, as written in `updated_at`.
pub fn now() -> String {
    Timestamp::now()
        .round(Unit::Second)
        .unwrap_or_else(|_| Timestamp::now())
        .to_string()
}

/// A stored timestamp for people: `2026-11-20 14:03 UTC (5 days ago)`. Text that is not a
/// timestamp is shown as it is.
pub fn describe(stored: &str) -> String {
    describe_at(stored, Timestamp::now())
}

fn describe_at(stored: &str, now: Timestamp) -> String {
    let Ok(at) = stored.parse::<Timestamp>() else {
        return crate::ui::printable(stored);
    };
    let when = at.strftime("%Y-%m-%d %H:%M UTC");
    match ago_at(at, now) {
        Some(ago) => format!("{when} ({ago})"),
        None => when.to_string(),
    }
}

/// How long ago a file was written: `2 minutes ago`; `just now` for a time in the future
/// (a clock that is off).
pub fn ago(at: std::time::SystemTime) -> String {
    Timestamp::try_from(at)
        .ok()
        .and_then(|at| ago_at(at, Timestamp::now()))
        .unwrap_or_else(|| "just now".to_owned())
}

fn ago_at(at: Timestamp, now: Timestamp) -> Option<String> {
    let ago = match now.duration_since(at).as_secs() {
        s if s < 0 => return None,
        s if s < 60 => "just now".to_owned(),
        s if s < 3600 => plural(s / 60, "minute"),
        s if s < 86_400 => plural(s / 3600, "hour"),
        s => plural(s / 86_400, "day"),
    };
    Some(ago)
}

fn plural(count: i64, unit: &str) -> String {
    let s = if count == 1 { "" } else { "s" };
    format!("{count} {unit}{s} ago")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_rfc3339_in_whole_seconds() {
        let text = now();
        assert!(text.parse::<Timestamp>().is_ok(), "{text}");
        assert!(text.ends_with('Z') && !text.contains('.'), "{text}");
    }

    #[test]
    fn descriptions() {
        let now: Timestamp = "2026-11-25T17:00:00Z".parse().unwrap();
        let cases = [
            ("2026-11-25T16:59:30Z", "2026-11-25 16:59 UTC (just now)"),
            (
                "2026-11-25T16:59:00Z",
                "2026-11-25 16:59 UTC (1 minute ago)",
            ),
            ("2026-11-25T15:00:00Z", "2026-11-25 15:00 UTC (2 hours ago)"),
            ("2026-11-20T14:03:00Z", "2026-11-20 14:03 UTC (5 days ago)"),
            ("2026-11-26T00:00:00Z", "2026-11-26 00:00 UTC"),
            ("yesterday", "yesterday"),
        ];
        for (stored, want) in cases {
            assert_eq!(describe_at(stored, now), want);
        }
    }
}
