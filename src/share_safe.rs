//! Share-safe reports: a report one side can hand the other without
//! revealing the values it marked `restricted = true` (docs/trust.md).
//!
//! The guarantee: a share-safe report is a function of the specs' public
//! content and a key. Changing any restricted value (within the same
//! verdicts) changes no byte of it. That takes four things, done here for
//! every command (`check`, `matrix`, `plan`, `diff`, and any later one
//! through [`ShareSafe`]):
//!
//! * **Everything derived from a restricted field is withheld**, not only
//!   the field: a rule that read a restricted value while judging a
//!   direction ([`crate::spec::field::reading_restricted`]) has its findings
//!   of that direction redacted (message, evidence and mitigation; rule,
//!   severity, phase, field paths and the sign of each margin stay), as
//!   does a plan's change or procedure computed from one.
//! * **Files are named only by a digest**: specs and suit files by their
//!   digest, data files by their file name.
//! * **Digests and fingerprints are keyed** (HMAC-SHA256), so that hashing
//!   guesses (the bundled ids, a restricted seat count from 0 to 10,000)
//!   recovers nothing. With a party key both sides share, two reports give
//!   the same fingerprints and digests and findings can be matched; without
//!   one, a key is made for the report and forgotten. A file's digest covers
//!   its text with every restricted field's lines blanked, so it does not
//!   change when only a restricted value does.
//! * **Vehicles are named by label** (`spec A`, `spec S3`) in prose, and
//!   renderers quote no spec line and draw no picture.
//!
//! As a last pass, any restricted value as written and any vehicle name,
//! id or file path still present is replaced wherever it appears.

use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::report::CheckReport;
use crate::report::model::{DirectionReport, FileInfo, FindingReport, SpecInfo};
use crate::rules::EvidenceRole;
use crate::spec::SourceFile;

/// What replaces a withheld value.
pub const WITHHELD: &str = "restricted";

/// The prefix of a keyed digest.
pub const DIGEST_PREFIX: &str = "hmac-sha256:";

/// Fewest bytes a party key file holds.
pub const MIN_KEY_BYTES: usize = 16;

/// Most bytes a party key file may hold (it is a key, not a document).
const MAX_KEY_BYTES: u64 = 4096;

/// The key of a share-safe report, and what it is.
#[derive(Clone)]
pub struct ShareSafe {
    key: Vec<u8>,
    /// Read from a file both parties hold (`--share-key`), rather than made
    /// for this report.
    party: bool,
}

impl std::fmt::Debug for ShareSafe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key itself.
        f.debug_struct("ShareSafe")
            .field("key_id", &self.key_id())
            .field("party", &self.party)
            .finish()
    }
}

impl ShareSafe {
    /// A key made for one report: 32 bytes from the operating system,
    /// never written anywhere. Its digests match no other report's.
    pub fn per_report() -> Self {
        ShareSafe {
            key: random_key(),
            party: false,
        }
    }

    /// A party key: the bytes of `path` (a trailing line break ignored), at
    /// least [`MIN_KEY_BYTES`]. Both parties running with the same key get
    /// the same digests and fingerprints.
    pub fn with_key_file(path: &Path) -> Result<Self, String> {
        let shown = crate::text::escape_for_terminal(&path.display().to_string());
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("error: --share-key {shown}: cannot be read: {e}"))?;
        if !meta.is_file() || meta.len() > MAX_KEY_BYTES {
            return Err(format!(
                "error: --share-key {shown}: expected a regular file of at most {MAX_KEY_BYTES} bytes holding the key"
            ));
        }
        let mut key = std::fs::read(path)
            .map_err(|e| format!("error: --share-key {shown}: cannot be read: {e}"))?;
        while key.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
            key.pop();
        }
        if key.len() < MIN_KEY_BYTES {
            return Err(format!(
                "error: --share-key {shown}: the key is {} bytes; at least {MIN_KEY_BYTES} are needed \
                 (for example: head -c 32 /dev/urandom | base64 > {shown})",
                key.len()
            ));
        }
        Ok(ShareSafe { key, party: true })
    }

    /// The party key of `path` when given, else a key made for the report.
    pub fn new(key_file: Option<&Path>) -> Result<Self, String> {
        match key_file {
            Some(path) => ShareSafe::with_key_file(path),
            None => Ok(ShareSafe::per_report()),
        }
    }

    fn mac(&self, domain: &str, data: &[u8]) -> [u8; 32] {
        // HMAC takes a key of any length.
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.key) else {
            return [0; 32];
        };
        mac.update(domain.as_bytes());
        mac.update(b"\0");
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    /// A short name of the key that reveals nothing of it: two reports with
    /// the same key id were keyed alike.
    pub fn key_id(&self) -> String {
        hex(&self.mac("rescue-interop key id", b"")[..4])
    }

    /// How the report is keyed, as it says so (`keyed` in JSON).
    pub fn describe(&self) -> String {
        if self.party {
            format!("HMAC-SHA256, party key {}", self.key_id())
        } else {
            "HMAC-SHA256, a key for this report only".into()
        }
    }

    /// The keyed digest of a file: its text with the lines of every
    /// restricted field blanked, so that it does not change when only a
    /// restricted value does.
    pub fn digest(&self, file: &SourceFile) -> String {
        format!(
            "{DIGEST_PREFIX}{}",
            hex(&self.mac("rescue-interop file", masked_text(file).as_bytes()))
        )
    }

    /// A finding's fingerprint keyed: the same finding gets the same keyed
    /// fingerprint under the same key.
    pub fn fingerprint(&self, plain: &str) -> String {
        hex(&self.mac("rescue-interop finding", plain.as_bytes())[..8])
    }

    /// Redacts a `check` report for the other party. `files` are every file
    /// the report was built from: vehicle specs, suit files, data files.
    pub fn redact_check(&self, report: &mut CheckReport, files: &[&SourceFile]) {
        let names = Names::of_specs(&report.specs, files, self, |s| format!("spec {}", s.label));
        let restricted = restricted_fields(files);
        for spec in &mut report.specs {
            redact_spec(spec, &names, format!("spec {}", spec.label));
        }
        self.redact_files(&mut report.files, &names);
        let labels: Vec<(String, String)> = report
            .specs
            .iter()
            .map(|s| (s.label.clone(), format!("spec {}", s.label)))
            .collect();
        for direction in &mut report.directions {
            let name = |label: &str| {
                labels
                    .iter()
                    .find(|(l, _)| l == label)
                    .map_or_else(|| format!("spec {label}"), |(_, n)| n.clone())
            };
            let pair = [name(&direction.rescuer), name(&direction.distressed)];
            self.redact_direction(direction, &names, &restricted, [&pair[0], &pair[1]]);
        }
        if let Some(waivers) = &mut report.waivers {
            self.redact_waivers(waivers);
        }
        scrub(report, &names, &restricted);
        report.share_safe = true;
        report.keyed = Some(self.describe());
    }

    /// Redacts one direction (a `check` direction, a matrix cell's
    /// findings): findings derived from restricted fields withheld, files
    /// by digest, fingerprints keyed, vehicles by `pair` (rescuer,
    /// distressed) in the verdict's sentence.
    pub fn redact_direction(
        &self,
        direction: &mut DirectionReport,
        names: &Names,
        restricted: &[RestrictedField],
        pair: [&str; 2],
    ) {
        for finding in &mut direction.findings {
            let reads = finding.reads_restricted || reads_any(restricted, &finding.locations);
            for location in &mut finding.locations {
                location.file = names.digest_of(&location.file);
            }
            finding.fingerprint = self.fingerprint(&finding.fingerprint);
            if let Some(mark) = &mut finding.waived {
                mark.at = file_name(&mark.at);
            }
            if reads {
                withhold(finding);
            }
            finding.message = names.rename(&finding.message);
            finding.mitigation = finding.mitigation.as_deref().map(|m| names.rename(m));
            // A leg of a path names the two vehicles it joins.
            finding.step = finding.step.as_deref().map(|m| names.rename(m));
            for evidence in &mut finding.evidence {
                evidence.label = names.rename(&evidence.label);
                evidence.text = names.rename(&evidence.text);
            }
            // A cited flight names the specs' vehicles and elements by id.
            for cited in &mut finding.record {
                cited.evidence = match reads {
                    true => WITHHELD.to_string(),
                    false => names.rename(&cited.evidence),
                };
                cited.mission = names.rename(&cited.mission);
                // Event ids are made of vehicle ids; date and source stay.
                cited.event = WITHHELD.to_string();
            }
        }
        // The phases name their deciding and waived findings by the same
        // keyed fingerprints; the verdict is described afresh from the
        // findings as they now read.
        for mode in direction.phases.iter_mut().flat_map(|p| &mut p.modes) {
            for fingerprint in mode
                .deciding
                .iter_mut()
                .chain(mode.waived_findings.iter_mut())
            {
                *fingerprint = self.fingerprint(fingerprint);
            }
        }
        crate::report::model::redescribe_verdict(direction, pair);
    }

    /// A waivers section as a share-safe report lists it: the file by its
    /// name, fingerprints keyed.
    pub fn redact_waivers(&self, section: &mut crate::waivers::WaiverSection) {
        section.file = file_name(&section.file);
        for entry in section.expired.iter_mut().chain(section.unused.iter_mut()) {
            entry.at = file_name(&entry.at);
            if let Some(plain) = entry.matches.strip_prefix("fingerprint ") {
                entry.matches = format!("fingerprint {}", self.fingerprint(plain.trim()));
            }
        }
    }

    /// Files as a share-safe report lists them: specs and suit files by
    /// digest, data files by their file name, each with its keyed digest.
    pub fn redact_files(&self, files: &mut [FileInfo], names: &Names) {
        for file in files {
            let digest = names.digest_of(&file.path);
            file.sha256 = digest.trim_start_matches(DIGEST_PREFIX).to_string();
            file.path = if names.is_data_file(&file.path) {
                file_name(&file.path)
            } else {
                digest
            };
        }
    }
}

impl ShareSafe {
    /// Redacts a plan for the other party. `vehicles` are the rescuer, the
    /// distressed vehicle and every intermediate considered; `files` every
    /// file read. Vehicles become `A` (the rescuer), `B` and `V1`, `V2`...
    /// (the intermediates), named by digest; findings, procedures and
    /// changes computed from restricted values are withheld.
    pub fn redact_plan(
        &self,
        plan: &mut crate::plan::Plan,
        vehicles: &[&crate::spec::Vehicle],
        files: &[&SourceFile],
    ) {
        let mut names = Names::for_files(files, self);
        let labels: Vec<(String, String)> = vehicles
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let label = match i {
                    0 => "A".to_string(),
                    1 => "B".to_string(),
                    n => format!("V{}", n - 1),
                };
                (v.id.clone(), label)
            })
            .collect();
        for (v, (_, label)) in vehicles.iter().zip(&labels) {
            names.add_vehicle(&v.name, &v.id, &format!("spec {label}"));
        }
        let label_of = |id: &str| {
            labels
                .iter()
                .find(|(i, _)| i == id)
                .map_or_else(|| WITHHELD.to_string(), |(_, l)| l.clone())
        };
        let restricted = restricted_fields(files);
        for spec in &mut plan.specs {
            let label = label_of(&spec.id);
            redact_spec(spec, &names, format!("spec {label}"));
        }
        self.redact_files(&mut plan.files, &names);
        plan.rescuer = format!("spec {}", label_of(&plan.rescuer));
        plan.distressed = format!("spec {}", label_of(&plan.distressed));
        for id in &mut plan.intermediates {
            *id = label_of(id);
        }
        for left in &mut plan.left_out {
            left.id = label_of(&left.id);
            left.reason = names.rename(&left.reason);
        }
        let finding = |f: &mut crate::plan::PlanFinding| {
            let reads = f.reads_restricted || reads_any(&restricted, &f.locations);
            for l in &mut f.locations {
                l.file = names.digest_of(&l.file);
                l.spec = label_of(&l.spec);
            }
            f.fingerprint = f.fingerprint.as_deref().map(|p| self.fingerprint(p));
            if let Some(mark) = &mut f.waived {
                mark.at = file_name(&mark.at);
            }
            if reads {
                f.message = format!(
                    "{} {} ({WITHHELD}: derived from a restricted field)",
                    f.rule, f.severity
                );
                if f.mitigation.is_some() {
                    f.mitigation = Some(format!("{WITHHELD}: ask the other party ({})", f.rule));
                }
            } else {
                f.message = names.rename(&f.message);
                f.mitigation = f.mitigation.as_deref().map(|m| names.rename(m));
            }
            for cited in &mut f.record {
                cited.evidence = match reads {
                    true => WITHHELD.to_string(),
                    false => names.rename(&cited.evidence),
                };
                cited.mission = names.rename(&cited.mission);
                cited.event = WITHHELD.to_string();
            }
        };
        for path in &mut plan.paths {
            for id in &mut path.via {
                *id = label_of(id);
            }
            for step in &mut path.steps {
                step.description = names.rename(&step.description);
                step.from = label_of(&step.from);
                step.to = label_of(&step.to);
                step.findings.iter_mut().for_each(finding);
                step.conditions.iter_mut().for_each(finding);
            }
            path.conditions.iter_mut().for_each(finding);
            path.unknowns.iter_mut().for_each(finding);
            path.summary = names.rename(&crate::plan::path_summary(
                &path.verdict,
                &path.steps,
                path.blocking,
                &path.conditions,
                &path.unknowns,
            ));
        }
        for remedy in &mut plan.remedies {
            for change in &mut remedy.changes {
                change.vehicle = label_of(&change.vehicle);
                change.description = if change.reads_restricted
                    || restricted.iter().any(|r| r.path == change.field)
                {
                    format!(
                        "change {} ({WITHHELD}: derived from a restricted field)",
                        change.field
                    )
                } else {
                    names.rename(&change.description)
                };
            }
        }
        plan.stopped_early = plan.stopped_early.iter().map(|s| names.rename(s)).collect();
        if let Some(waivers) = &mut plan.waivers {
            self.redact_waivers(waivers);
        }
        // The last pass: restricted values as written, wherever they remain.
        let written = written_values(&restricted);
        if !written.is_empty() {
            let scrub_text = |text: &mut String| *text = withhold_written(text, &written);
            for path in &mut plan.paths {
                scrub_text(&mut path.summary);
                for step in &mut path.steps {
                    for f in step.findings.iter_mut().chain(step.conditions.iter_mut()) {
                        scrub_text(&mut f.message);
                    }
                }
                for f in path.conditions.iter_mut().chain(path.unknowns.iter_mut()) {
                    scrub_text(&mut f.message);
                }
            }
            for change in plan.remedies.iter_mut().flat_map(|r| &mut r.changes) {
                scrub_text(&mut change.description);
            }
        }
        plan.keyed = Some(self.describe());
    }

    /// Redacts a revision diff for the other party: the revised vehicle is
    /// `spec A` in both revisions, the fleet `F1`, `F2`...; fields marked
    /// restricted in either revision show no value, findings derived from
    /// one no message.
    pub fn redact_diff(
        &self,
        diff: &mut crate::diff::SpecDiff,
        revised: [&crate::spec::Vehicle; 2],
        fleet: &[&crate::spec::Vehicle],
        files: &[&SourceFile],
    ) {
        let mut names = Names::for_files(files, self);
        let mut labels: Vec<(String, String)> = Vec::new();
        for v in revised {
            names.add_vehicle(&v.name, &v.id, "spec A");
            labels.push((v.id.clone(), "A".into()));
        }
        for (i, v) in fleet.iter().enumerate() {
            let label = format!("F{}", i + 1);
            names.add_vehicle(&v.name, &v.id, &format!("spec {label}"));
            labels.push((v.id.clone(), label));
        }
        let restricted = restricted_fields(files);
        let written = written_values(&restricted);
        diff.old = names.digest_of(&diff.old);
        diff.new = names.digest_of(&diff.new);
        let [old, new] = revised.map(|v| crate::report::display_path(&v.file));
        for field in &mut diff.fields {
            let secret = restricted.iter().any(|r| {
                (r.file == old || r.file == new)
                    && (r.path == field.path
                        || field.path.starts_with(&format!("{}.", r.path))
                        || field.path.starts_with(&format!("{}[", r.path)))
            });
            if secret {
                for value in [&mut field.old, &mut field.new].into_iter().flatten() {
                    *value = serde_json::Value::String(WITHHELD.into());
                }
            }
        }
        // Which fields a lost event rested on is shown; their values are not.
        for lost in &mut diff.records_lost {
            lost.why = vec![WITHHELD.to_string()];
            lost.evidence = WITHHELD.to_string();
        }
        for pair in &mut diff.pairs {
            pair.against = labels
                .iter()
                .find(|(id, _)| *id == pair.against)
                .map_or_else(|| WITHHELD.to_string(), |(_, l)| format!("spec {l}"));
            for change in pair
                .gained
                .iter_mut()
                .chain(pair.lost.iter_mut())
                .chain(pair.changed.iter_mut())
            {
                change.fingerprint = self.fingerprint(&change.fingerprint);
                change.old_fingerprint = change
                    .old_fingerprint
                    .as_deref()
                    .map(|p| self.fingerprint(p));
                change.direction = names.rename(&change.direction);
                for message in [&mut change.old_message, &mut change.new_message]
                    .into_iter()
                    .flatten()
                {
                    *message = if change.reads_restricted {
                        format!(
                            "{} ({WITHHELD}: derived from a restricted field)",
                            change.rule
                        )
                    } else {
                        withhold_written(&names.rename(message), &written)
                    };
                }
            }
        }
        diff.keyed = Some(self.describe());
    }
}

/// A spec as a share-safe report lists it: by `name` (its label) and its
/// keyed digest.
pub fn redact_spec(spec: &mut SpecInfo, names: &Names, name: String) {
    let digest = names.digest_of(&spec.path);
    spec.id = name.clone();
    spec.name = name;
    spec.sha256 = digest.trim_start_matches(DIGEST_PREFIX).to_string();
    spec.path = digest;
}

/// Whether a finding at `locations` points at a restricted field (by its
/// path or the lines it is written on): a second net under the rules'
/// recorded reads.
fn reads_any(restricted: &[RestrictedField], locations: &[crate::report::model::Location]) -> bool {
    locations.iter().any(|l| {
        restricted
            .iter()
            .any(|r| r.is_read_by(&l.file, &l.field, l.line))
    })
}

/// `text` with every restricted value as written (`written`, longest
/// first) replaced where it stands alone.
fn withhold_written(text: &str, written: &[String]) -> String {
    let mut out = text.to_string();
    for old in written {
        if out.contains(old.as_str()) {
            out = replace_whole(&out, old, WITHHELD);
        }
    }
    out
}

/// Withholds what a finding derived from a restricted field says.
fn withhold(finding: &mut FindingReport) {
    finding.redacted = true;
    finding.message = format!(
        "{} {}: {} ({WITHHELD}: the finding reads a restricted field)",
        finding.rule, finding.name, finding.severity
    );
    if finding.mitigation.is_some() {
        finding.mitigation = Some(format!(
            "{WITHHELD}: ask the other party ({})",
            finding.rule
        ));
    }
    for evidence in &mut finding.evidence {
        let sign = match (evidence.role, evidence.value) {
            (EvidenceRole::Margin, Some(v)) if v < 0.0 => " (negative)",
            (EvidenceRole::Margin, Some(v)) if v > 0.0 => " (positive)",
            (EvidenceRole::Margin, Some(_)) => " (zero)",
            _ => "",
        };
        // Labels quote values too ("'vhf-voice' (121.75 MHz)").
        evidence.label = match evidence.role {
            EvidenceRole::Value => "value",
            EvidenceRole::Limit => "limit",
            EvidenceRole::Margin => "margin",
        }
        .to_string();
        evidence.text = format!("{WITHHELD}{sign}");
        evidence.value = None;
        evidence.unit = None;
    }
}

/// The names a share-safe report must not print, and what replaces them:
/// vehicle names and ids by their label, file paths by their digest.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// (name or id as written, label), longest first.
    renames: Vec<(String, String)>,
    /// (path as reports print it, keyed digest, whether a data file).
    files: Vec<(String, String, bool)>,
}

impl Names {
    /// The names of `specs` (labelled by `label`) and the digests of every
    /// file in `files`.
    pub fn of_specs(
        specs: &[SpecInfo],
        files: &[&SourceFile],
        keys: &ShareSafe,
        label: impl Fn(&SpecInfo) -> String,
    ) -> Self {
        let mut names = Names::for_files(files, keys);
        for spec in specs {
            names.add_vehicle(&spec.name, &spec.id, &label(spec));
        }
        names
    }

    /// The digests of every file in `files`; vehicles are added with
    /// [`Names::add_vehicle`].
    pub fn for_files(files: &[&SourceFile], keys: &ShareSafe) -> Self {
        let data_files = [
            crate::spec::standards::FILE_NAME,
            crate::rules::mate::crew_envelopes::FILE_NAME,
            crate::spec::launch_sites::FILE_NAME,
            crate::record::FILE_NAME,
        ];
        let mut out = Names::default();
        for file in files {
            let shown = crate::report::display_path(file);
            if out.files.iter().any(|(p, _, _)| *p == shown) {
                continue;
            }
            let is_data = file
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| data_files.contains(&n));
            out.files.push((shown, keys.digest(file), is_data));
        }
        out
    }

    /// A vehicle whose `name` and `id` become `label` in prose.
    pub fn add_vehicle(&mut self, name: &str, id: &str, label: &str) {
        for old in [name, id] {
            // A one-letter name would eat every word it starts.
            if old.chars().count() >= 2 && !self.renames.iter().any(|(o, _)| o == old) {
                self.renames.push((old.to_string(), label.to_string()));
            }
        }
        self.renames
            .sort_by_key(|(old, _)| std::cmp::Reverse(old.len()));
    }

    /// The digest naming the file reports print as `path` (a path no file
    /// of the report has is withheld whole).
    pub fn digest_of(&self, path: &str) -> String {
        self.files
            .iter()
            .find(|(p, _, _)| p == path)
            .map_or_else(|| WITHHELD.to_string(), |(_, d, _)| d.clone())
    }

    fn is_data_file(&self, path: &str) -> bool {
        self.files.iter().any(|(p, _, data)| p == path && *data)
    }

    /// `text` with every vehicle name and id, standing alone, replaced by
    /// its label, and every file path by its digest.
    pub fn rename(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (path, digest, _) in &self.files {
            if out.contains(path.as_str()) {
                out = out.replace(path.as_str(), digest);
            }
        }
        for (old, new) in &self.renames {
            if out.contains(old.as_str()) {
                out = replace_whole(&out, old, new);
            }
        }
        out
    }
}

/// A field a spec file marks restricted.
#[derive(Debug, Clone, PartialEq)]
pub struct RestrictedField {
    /// The file as reports print it.
    pub file: String,
    /// `atmosphere.pressure`, `ports[forward].passage_diameter`.
    pub path: String,
    /// 1-based lines the field's written form covers.
    pub lines: std::ops::RangeInclusive<usize>,
    /// The value as written (`"101.3 kPa"`, `"NDS"`), when a scalar.
    pub written: Option<String>,
}

impl RestrictedField {
    /// Whether a finding location (`file`, `field`, `line`) reads it.
    fn is_read_by(&self, file: &str, field: &str, line: Option<usize>) -> bool {
        if self.file != file {
            return false;
        }
        let nested = |outer: &str, inner: &str| {
            inner == outer
                || inner
                    .strip_prefix(outer)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        };
        nested(&self.path, field)
            || nested(field, &self.path)
            || line.is_some_and(|l| self.lines.contains(&l))
    }
}

/// Every restricted field of `files` (vehicle specs and suit files).
pub fn restricted_fields(files: &[&SourceFile]) -> Vec<RestrictedField> {
    let mut out = Vec::new();
    for file in files {
        if let Ok(root) = DeTable::parse(&file.text) {
            let display = crate::report::display_path(file);
            walk_table(root.get_ref(), "", file, &display, &mut out, 0);
        }
    }
    out
}

/// A file's text with the lines of its restricted fields blanked: what its
/// keyed digest covers.
pub fn masked_text(file: &SourceFile) -> String {
    let fields = restricted_fields(&[file]);
    if fields.is_empty() {
        return file.text.clone();
    }
    file.text
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            if fields.iter().any(|f| f.lines.contains(&(i + 1))) {
                WITHHELD
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const MAX_DEPTH: usize = 64;

fn walk_table(
    table: &DeTable<'_>,
    prefix: &str,
    file: &SourceFile,
    display: &str,
    out: &mut Vec<RestrictedField>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for (key, value) in table.iter() {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        let key_line = file.line_col(key.span().start as u32).0;
        walk_value(value, &path, key_line, file, display, out, depth + 1);
    }
}

fn walk_value(
    value: &Spanned<DeValue<'_>>,
    path: &str,
    key_line: usize,
    file: &SourceFile,
    display: &str,
    out: &mut Vec<RestrictedField>,
    depth: usize,
) {
    match value.get_ref() {
        DeValue::Table(table) => {
            let restricted = table.iter().any(|(k, v)| {
                k.get_ref() == "restricted" && matches!(v.get_ref(), DeValue::Boolean(true))
            });
            if restricted {
                let end_line = file.line_col(value.span().end as u32).0;
                let written = table
                    .iter()
                    .find(|(k, _)| k.get_ref() == "value")
                    .and_then(|(_, v)| scalar_text(v.get_ref()));
                out.push(RestrictedField {
                    file: display.to_string(),
                    path: path.to_string(),
                    lines: key_line..=end_line.max(key_line),
                    written,
                });
            }
            walk_table(table, path, file, display, out, depth);
        }
        DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let name = item
                    .get_ref()
                    .as_table()
                    .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == "id"))
                    .and_then(|(_, v)| v.get_ref().as_str().map(str::to_string))
                    .unwrap_or_else(|| index.to_string());
                let item_line = file.line_col(item.span().start as u32).0;
                walk_value(
                    item,
                    &format!("{path}[{name}]"),
                    item_line,
                    file,
                    display,
                    out,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

fn scalar_text(value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) => Some(i.as_str().to_string()),
        DeValue::Float(f) => Some(f.as_str().to_string()),
        DeValue::Datetime(d) => Some(d.to_string()),
        _ => None,
    }
}

/// The last pass over a whole report: names, paths and restricted values
/// as written, wherever they still appear.
fn scrub(report: &mut CheckReport, names: &Names, restricted: &[RestrictedField]) {
    let Ok(mut value) = serde_json::to_value(&*report) else {
        return;
    };
    scrub_value(&mut value, names, &written_values(restricted));
    if let Ok(scrubbed) = serde_json::from_value::<CheckReport>(value) {
        // The bookkeeping the JSON does not carry is kept.
        let mut scrubbed = scrubbed;
        for (new, old) in scrubbed
            .directions
            .iter_mut()
            .flat_map(|d| &mut d.findings)
            .zip(report.directions.iter().flat_map(|d| &d.findings))
        {
            new.reads_restricted = old.reads_restricted;
        }
        *report = scrubbed;
    }
}

/// The restricted values as written, longest first.
pub fn written_values(restricted: &[RestrictedField]) -> Vec<String> {
    let mut values: Vec<String> = restricted
        .iter()
        .filter_map(|r| r.written.clone())
        .filter(|w| w.trim().len() >= 2)
        .collect();
    values.sort_by_key(|w| std::cmp::Reverse(w.len()));
    values.dedup();
    values
}

/// [`scrub`] over any JSON value (a plan, a diff): names, paths and the
/// restricted values as written replaced in every string but digests and
/// enumerations.
pub fn scrub_value(value: &mut serde_json::Value, names: &Names, written: &[String]) {
    match value {
        serde_json::Value::String(s) => {
            if s.starts_with(DIGEST_PREFIX) {
                return;
            }
            *s = withhold_written(&names.rename(s), written);
        }
        serde_json::Value::Array(items) => {
            for item in items {
                scrub_value(item, names, written);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                // Hashes and enumerations are not prose.
                if matches!(
                    key.as_str(),
                    "fingerprint"
                        | "sha256"
                        | "phase"
                        | "modes"
                        | "mode"
                        | "severity"
                        | "worst"
                        | "kind"
                        | "role"
                        | "party"
                        | "keyed"
                        | "rule"
                        | "name"
                        | "reference"
                ) {
                    continue;
                }
                scrub_value(item, names, written);
            }
        }
        _ => {}
    }
}

/// Replaces `old` in `text` where it stands alone: not inside a word
/// (the id "iss" in "tissue" stays).
fn replace_whole(text: &str, old: &str, new: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(at) = rest.find(old) {
        let (before, from) = rest.split_at(at);
        let after = from.get(old.len()..).unwrap_or_default();
        let left = before.chars().next_back().or(previous);
        let alone = !left.is_some_and(word) && !after.chars().next().is_some_and(word);
        out.push_str(before);
        out.push_str(if alone { new } else { old });
        previous = old.chars().next_back();
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The last component of a path as reports print it (`waivers.toml:3`
/// from `/home/x/waivers.toml:3`).
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `N` random bytes from the operating system's generator; where there is
/// none, from the standard library's randomly seeded hasher and the clock.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    use std::io::Read;
    let mut bytes = [0u8; N];
    let from_os = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if from_os.is_err() {
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_usize(i);
            hasher.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            let word = hasher.finish().to_le_bytes();
            chunk.copy_from_slice(word.get(..chunk.len()).unwrap_or(&[]));
        }
    }
    bytes
}

/// A key made for one report: 32 random bytes.
fn random_key() -> Vec<u8> {
    random_bytes::<32>().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_replaced_only_where_they_stand_alone() {
        assert_eq!(
            replace_whole("tissue N2 of iss", "iss", "spec B"),
            "tissue N2 of spec B"
        );
        assert_eq!(replace_whole("iss-2 and iss.", "iss", "B"), "iss-2 and B.");
        assert_eq!(
            replace_whole("101.3 kPa", "101.3 kPa", "restricted"),
            "restricted"
        );
    }

    fn key(text: &str) -> ShareSafe {
        ShareSafe {
            key: text.as_bytes().to_vec(),
            party: true,
        }
    }

    #[test]
    fn digests_are_keyed_and_blind_to_restricted_values() {
        let spec = |seats: &str| {
            SourceFile::new(
                "a.toml".into(),
                format!(
                    "[vehicle]\nid = \"a\"\n[crew]\nseats = {{ value = {seats}, restricted = true }}\nnominal = 3\n"
                ),
            )
        };
        let (one, other) = (
            key("a party key of 16+ bytes"),
            key("another key of 16+ bytes"),
        );
        assert_eq!(one.digest(&spec("3")), one.digest(&spec("7")));
        assert_ne!(one.digest(&spec("3")), other.digest(&spec("3")));
        let public = SourceFile::new("a.toml".into(), "[crew]\nnominal = 3\n".into());
        let changed = SourceFile::new("a.toml".into(), "[crew]\nnominal = 4\n".into());
        assert_ne!(one.digest(&public), one.digest(&changed));
        // The plain SHA-256 of the file is not what is printed.
        let plain = public.sha256();
        assert!(!one.digest(&public).contains(&plain));
        assert_eq!(one.fingerprint("f430f84eca72748e").len(), 16);
        assert_ne!(one.fingerprint("x"), other.fingerprint("x"));
        assert_ne!(
            ShareSafe::per_report().key_id(),
            ShareSafe::per_report().key_id()
        );
    }
}
