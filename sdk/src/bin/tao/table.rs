//! Output: aligned plain-text tables for people, JSON for scripts.

/// Prints a line on stdout.
pub fn out(line: &str) {
    println!("{line}");
}

/// Prints JSON on stdout, pretty.
pub fn print_json(v: &serde_json::Value) {
    match serde_json::to_string_pretty(v) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: encoding JSON: {e}"),
    }
}

/// A table with a header row; columns are padded to their widest cell.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Self { header: header.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                if i >= w.len() {
                    w.push(0);
                }
                w[i] = w[i].max(c.chars().count());
            }
        }
        w
    }

    fn line(cells: &[String], widths: &[usize]) -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let width = widths.get(i).copied().unwrap_or(0);
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<width$}  "));
            }
        }
        s.trim_end().to_owned()
    }

    /// The rows without the header (key/value lists).
    pub fn render_plain(&self) -> String {
        let w = self.widths();
        self.rows.iter().map(|r| Self::line(r, &w) + "\n").collect()
    }

    /// The header, a rule and the rows.
    pub fn render(&self) -> String {
        let w = self.widths();
        let mut s = Self::line(&self.header, &w) + "\n";
        let total: usize = w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
        s.push_str(&"-".repeat(total));
        s.push('\n');
        s.push_str(&self.render_plain());
        s
    }

    pub fn print(&self) {
        print!("{}", self.render());
    }
}

/// The first characters of an SS58 id, for narrow columns.
pub fn short_id(id: &taochain_sdk::AccountId) -> String {
    let s = id.to_ss58();
    format!("{}…", s.chars().take(10).collect::<String>())
}

/// A JSON value as people read it: strings bare, and the 32-byte ids of fields named after a
/// key (`hotkey`, `owner_coldkey`, `dest_coldkey`, ...) in SS58.
pub fn human(key: &str, v: &serde_json::Value) -> String {
    let Some(s) = v.as_str() else { return v.to_string() };
    if (key.ends_with("hotkey") || key.ends_with("coldkey"))
        && let Ok(id) = s.parse::<taochain_sdk::AccountId>()
    {
        return id.to_ss58();
    }
    s.to_owned()
}
