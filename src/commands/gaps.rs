//! `gaps`: the unknown fields of a fleet, ranked (see [`crate::gaps`]).

use std::path::{Path, PathBuf};

use super::matrix::{Fleet, load_fleet};
use super::{Failure, Judge, JudgeArgs};
use crate::output::{print_err, write_stdout};

/// The formats of `gaps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapsFormat {
    Text,
    Markdown,
    Json,
}

pub struct GapsArgs<'a> {
    pub paths: &'a [PathBuf],
    pub format: GapsFormat,
    /// Fields shown per vehicle and per operator (text and markdown).
    pub top: usize,
    pub root: Option<&'a Path>,
    pub judge: JudgeArgs<'a>,
}

/// Runs `gaps`: 0, or 2 when some spec could not be read (the others are
/// ranked all the same).
pub fn run(args: &GapsArgs<'_>) -> Result<u8, Failure> {
    let judge = Judge::load(&args.judge)?;
    let Fleet {
        vehicles,
        adapters,
        problems,
        library,
    } = load_fleet(args.paths, false, args.root)?;
    if !problems.is_empty() {
        print_err(&crate::text::escape_lines_for_terminal(&problems));
    }
    let mut env = judge.environment(&library)?;
    // As `matrix`: the adapters named are routed through first.
    if !adapters.is_empty() {
        let mut routed = adapters.clone();
        routed.extend(
            env.adapters
                .iter()
                .filter(|a| adapters.iter().all(|named| named.id != a.id))
                .cloned(),
        );
        env.adapters = routed.into();
    }
    let report = crate::gaps::gaps(&vehicles, &env, &judge.selection);
    let text = match args.format {
        GapsFormat::Text => crate::gaps::render_text(&report, args.top),
        GapsFormat::Markdown => crate::gaps::render_markdown(&report, args.top),
        GapsFormat::Json => crate::text::json::document(&report),
    };
    write_stdout(&text)?;
    Ok(if problems.is_empty() { 0 } else { 2 })
}
