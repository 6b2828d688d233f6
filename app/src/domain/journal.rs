//! What changed between two versions of a record, field by field, for the audit journal.

use super::money::Wan;

/// A record's fields as people read them: stable field key and display value.
pub type Snapshot = Vec<(&'static str, String)>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// The fields whose values differ, in the order of `new`. A field missing from one side
/// counts as empty there.
pub fn diff(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let value_in = |snapshot: &Snapshot, field: &str| {
        snapshot
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut fields: Vec<&'static str> = new.iter().map(|(f, _)| *f).collect();
    fields.extend(
        old.iter()
            .map(|(f, _)| *f)
            .filter(|f| !new.iter().any(|(n, _)| n == f)),
    );
    fields
        .into_iter()
        .filter_map(|field| {
            let (old, new) = (value_in(old, field), value_in(new, field));
            (old != new).then_some(Change { field, old, new })
        })
        .collect()
}

/// Every field of a new record, as changes from nothing.
pub fn created(new: &Snapshot) -> Vec<Change> {
    diff(&Vec::new(), new)
}

/// One ledger month as the journal writes it: planned / completed, in 万元.
pub fn ledger_text(planned: Wan, completed: Wan) -> String {
    format!("{} / {}", planned.plain(), completed.plain())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(pairs: &[(&'static str, &str)]) -> Snapshot {
        pairs.iter().map(|(f, v)| (*f, v.to_string())).collect()
    }

    #[test]
    fn only_changed_fields_are_reported() {
        let old = snap(&[
            ("title", "政务云扩容"),
            ("weight", "1"),
            ("unit", "县大数据中心"),
        ]);
        let new = snap(&[
            ("title", "政务云二期扩容"),
            ("weight", "1"),
            ("unit", "县大数据中心"),
        ]);
        assert_eq!(
            diff(&old, &new),
            vec![Change {
                field: "title",
                old: "政务云扩容".into(),
                new: "政务云二期扩容".into()
            }]
        );
        assert!(diff(&old, &old).is_empty());
    }

    #[test]
    fn a_new_record_reports_its_non_empty_fields() {
        let new = snap(&[("title", "一张网升级"), ("description", "")]);
        let changes = created(&new);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "title");
        assert_eq!(changes[0].old, "");
    }

    #[test]
    fn a_field_that_disappears_is_a_change_to_empty() {
        let old = snap(&[("title", "a"), ("domain", "数字政府")]);
        let new = snap(&[("title", "a")]);
        assert_eq!(diff(&old, &new)[0].new, "");
    }
}
