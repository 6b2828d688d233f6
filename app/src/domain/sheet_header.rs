//! Finding a spreadsheet's header row: offices put a title row or two above it, name columns in
//! their own words, and order them as they like. Each sheet format says which words name which
//! of its fields; this finds the row and where each field is.

use super::import_sheet::SheetError;

/// A heading as compared: without any whitespace (`"开始 日期"` is `"开始日期"`).
pub fn normalise(cell: &str) -> String {
    cell.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where a sheet's fields are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Field index → the column it is in, when the sheet has it.
    pub at: Vec<Option<usize>>,
    /// The grid's index of the header row.
    pub row: usize,
    /// Non-empty headings that name no field, as written.
    pub unknown: Vec<String>,
}

/// The first of the top `search_rows` rows in which `field_of` (given a normalised heading)
/// finds every one of the `required` fields. A field named twice in that row is an error.
pub fn find(
    grid: &[Vec<String>],
    search_rows: usize,
    fields: usize,
    required: &[usize],
    field_of: impl Fn(&str) -> Option<usize>,
) -> Result<Header, SheetError> {
    for (row, cells) in grid.iter().enumerate().take(search_rows) {
        let mut at = vec![None; fields];
        let mut unknown = Vec::new();
        for (col, cell) in cells.iter().enumerate() {
            let name = normalise(cell);
            match field_of(&name) {
                Some(field) if field < fields => {
                    if at[field].is_some() {
                        return Err(SheetError::DuplicateColumn(
                            cell.trim().to_string(),
                            row + 1,
                        ));
                    }
                    at[field] = Some(col);
                }
                _ if !name.is_empty() => unknown.push(cell.trim().to_string()),
                _ => {}
            }
        }
        if required
            .iter()
            .all(|f| at.get(*f).is_some_and(Option::is_some))
        {
            return Ok(Header { at, row, unknown });
        }
    }
    Err(SheetError::NoHeader(search_rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    fn field_of(name: &str) -> Option<usize> {
        ["日期", "名称", "备注"].iter().position(|h| *h == name)
    }

    #[test]
    fn the_header_is_the_first_row_naming_the_required_fields() {
        let sheet = grid(&[
            &["2026年台账"],
            &["名 称", "其他", "日期"],
            &["x", "y", "z"],
        ]);
        let header = find(&sheet, 5, 3, &[0, 1], field_of).unwrap();
        assert_eq!(header.row, 1);
        assert_eq!(header.at, vec![Some(2), Some(0), None]);
        assert_eq!(header.unknown, vec!["其他".to_string()]);
    }

    #[test]
    fn a_missing_or_repeated_heading_is_refused() {
        assert_eq!(
            find(&grid(&[&["名称"]]), 5, 3, &[0, 1], field_of),
            Err(SheetError::NoHeader(5))
        );
        assert_eq!(
            find(&grid(&[&["日期", "名称", "日期"]]), 5, 3, &[0, 1], field_of),
            Err(SheetError::DuplicateColumn("日期".into(), 1))
        );
    }
}
