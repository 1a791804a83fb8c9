//! The figures printed at the end of a batch run.

use std::fmt;

use deboiler::Kind;

use super::input::ReadReport;
use super::record::{Done, Status};

/// Totals over a run.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    pub records: u64,
    pub cleaned: u64,
    pub skipped: u64,
    pub errors: u64,
    pub input_bytes: u64,
    pub seconds: f64,
    pub unreadable_inputs: u64,
    pub other_warc_records: u64,
    kept: u64,
    removed: [u64; Kind::ALL.len()],
}

impl Summary {
    pub(crate) fn add(&mut self, done: &Done) {
        self.records += 1;
        match done.status {
            Status::Cleaned => self.cleaned += 1,
            Status::Skipped => self.skipped += 1,
            Status::Error => self.errors += 1,
        }
        self.kept += done.text.kept;
        for (total, r) in self.removed.iter_mut().zip(done.text.removed) {
            *total += r;
        }
    }

    pub(crate) fn absorb(&mut self, report: ReadReport) {
        self.unreadable_inputs = report.unreadable_inputs;
        self.other_warc_records = report.other_warc_records;
    }
}

impl fmt::Display for Summary {
    /// ```text
    /// deboiler batch: 2000 records (1990 cleaned, 6 skipped, 4 errors) in 3.1 s
    ///   input 41.2 MB: 13.3 MB/s, 645 records/s
    ///   removed, as a share of the pages' text: navigation 20.1%, …
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.seconds.max(1e-9);
        writeln!(
            f,
            "deboiler batch: {} records ({} cleaned, {} skipped, {} errors) in {:.1} s",
            self.records, self.cleaned, self.skipped, self.errors, self.seconds
        )?;
        writeln!(
            f,
            "  input {}: {}/s, {:.0} records/s",
            human_bytes(self.input_bytes),
            human_bytes((self.input_bytes as f64 / secs) as u64),
            self.records as f64 / secs
        )?;
        if self.other_warc_records > 0 {
            writeln!(
                f,
                "  {} WARC records other than responses (request, metadata, ...) have no line",
                self.other_warc_records
            )?;
        }
        if self.unreadable_inputs > 0 {
            writeln!(f, "  {} inputs could not be read", self.unreadable_inputs)?;
        }
        let total = self.kept + self.removed.iter().sum::<u64>();
        if total > 0 {
            let mut shares: Vec<(Kind, u64)> = Kind::ALL
                .iter()
                .copied()
                .zip(self.removed)
                .filter(|&(_, bytes)| bytes > 0)
                .collect();
            shares.sort_by_key(|&(_, bytes)| std::cmp::Reverse(bytes));
            write!(f, "  removed, as a share of the pages' text:")?;
            if shares.is_empty() {
                write!(f, " nothing")?;
            }
            for (i, (kind, bytes)) in shares.iter().enumerate() {
                let sep = if i == 0 { " " } else { ", " };
                write!(
                    f,
                    "{sep}{kind} {:.1}%",
                    100.0 * *bytes as f64 / total as f64
                )?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// `1536` as `1.5 KB` (decimal units, as disks and network rates use).
pub(crate) fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_as_people_write_them() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1_500), "1.5 KB");
        assert_eq!(human_bytes(2_345_678_901), "2.3 GB");
    }
}
