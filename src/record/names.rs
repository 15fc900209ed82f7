//! Checking a record against the specs it names.
//!
//! Vehicles, ports, radios, outlets and suits are named by the ids of the
//! specs beside the record (`specs/` for the bundled one): a name no spec
//! has is an error at its line and field, with a "did you mean". An event a
//! spec no longer supports (a field it rests on changed) is a warning:
//! the record keeps its history, the tool stops using it as evidence for
//! that spec, and `validate --strict` refuses it until it is bound again.

use std::path::{Path, PathBuf};

use super::FlightRecord;
use super::binding::{Side, Standing};
use super::model::{Demonstrated, Event};
use crate::spec::data::{Problem, diagnostics};
use crate::spec::field::{Field, Value};
use crate::spec::load::{self, Document, LoadContext, LoadErrors, LoadWarnings};
use crate::spec::{Standards, SuitDefinition, Vehicle};
use crate::text::{did_you_mean, escape_for_terminal};

/// The specs a record is checked against.
#[derive(Debug, Default)]
pub struct SpecLibrary {
    pub vehicles: Vec<Vehicle>,
    /// Suit files, and suits defined inline in a vehicle.
    pub suits: Vec<SuitDefinition>,
    /// Spec files that did not load (`validate` reports their problems).
    pub unreadable: Vec<PathBuf>,
}

impl SpecLibrary {
    /// Every vehicle, adapter and suit spec under `folder` (data files and
    /// files of other kinds skipped), read against the interface standards
    /// beside them.
    pub fn load_folder(folder: &Path) -> Self {
        let standards = match Standards::load_file(&folder.join(crate::spec::standards::FILE_NAME))
        {
            Ok((standards, _)) => standards,
            Err(_) => Standards::bundled().clone(),
        };
        let (paths, _) = load::collect_spec_paths(&[folder.to_path_buf()]);
        let mut library = SpecLibrary::default();
        for path in paths {
            if crate::spec::is_data_file(&path) || path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            match load::load_path_with(&path, LoadContext::new(&standards)) {
                Ok(document) => library.add(document),
                Err(_) => library.unreadable.push(path),
            }
        }
        library
    }

    fn add(&mut self, document: Document) {
        if let Document::Vehicle(vehicle) = document {
            self.suits
                .extend(vehicle.suits.iter().map(|s| s.suit.clone()));
            self.vehicles.push(*vehicle);
        } else if let Document::Suit(suit) = document {
            self.suits.push(suit.definition);
        }
    }

    pub fn vehicle(&self, id: &str) -> Option<&Vehicle> {
        self.vehicles.iter().find(|v| v.id == id)
    }

    pub fn suit(&self, id: &str) -> Option<&SuitDefinition> {
        self.suits
            .iter()
            .find(|s| s.id.get().is_some_and(|i| i == id))
    }
}

fn known(field: &Field<String>) -> Option<&str> {
    match &field.value {
        Value::Known(s) => Some(s.as_str()),
        _ => None,
    }
}

/// "did you mean 'poisk'?", else the ids there are.
fn suggest<'a>(word: &str, ids: impl Iterator<Item = &'a str> + Clone, what: &str) -> String {
    match did_you_mean(word, ids.clone()) {
        Some(s) => format!("did you mean '{}'?", escape_for_terminal(s)),
        None => {
            let all: Vec<String> = ids.map(escape_for_terminal).collect();
            if all.is_empty() {
                format!("it has no {what}")
            } else {
                format!("its {what}: {}", all.join(", "))
            }
        }
    }
}

/// The ids `vehicle` has of an element kind ("port", "radio", "outlet").
fn element_ids<'v>(vehicle: &'v Vehicle, kind: &str) -> Vec<&'v str> {
    let ids = |fields: Vec<&'v Field<String>>| fields.into_iter().filter_map(known).collect();
    match kind {
        "port" => ids(vehicle.ports.iter().map(|p| &p.id).collect()),
        "radio" => ids(vehicle.radios.iter().map(|r| &r.id).collect()),
        "outlet" => ids(vehicle.oxygen_outlets.iter().map(|o| &o.id).collect()),
        _ => Vec::new(),
    }
}

/// The problems of one side's names.
fn side_names(side: &dyn Side, library: &SpecLibrary, errors: &mut Vec<Problem>) {
    let vehicle_field = side.vehicle_field();
    let Some(id) = known(vehicle_field) else {
        return;
    };
    let Some(vehicle) = library.vehicle(id) else {
        let ids = library.vehicles.iter().map(|v| v.id.as_str());
        let mut help = suggest(id, ids, "vehicles");
        if !library.unreadable.is_empty() {
            help.push_str(&format!(
                "; {} spec file(s) there did not load (validate them)",
                library.unreadable.len()
            ));
        }
        errors.push(
            Problem::at(
                vehicle_field.span,
                format!(
                    "no vehicle '{}' among the specs beside the record",
                    escape_for_terminal(id)
                ),
            )
            .help(help),
        );
        return;
    };
    let Some((kind, element_field)) = side.element_field() else {
        return;
    };
    let Some(element) = known(element_field) else {
        return;
    };
    let ids = element_ids(vehicle, kind);
    if !ids.contains(&element) {
        errors.push(
            Problem::at(
                element_field.span,
                format!(
                    "{} has no {kind} '{}'",
                    escape_for_terminal(&vehicle.id),
                    escape_for_terminal(element)
                ),
            )
            .help(suggest(element, ids.iter().copied(), &format!("{kind}s"))),
        );
    }
}

/// A suit named by id must be one of the library's suits.
fn suit_name(field: &Field<String>, library: &SpecLibrary, errors: &mut Vec<Problem>) {
    let Some(id) = known(field) else {
        return;
    };
    if library.suit(id).is_none() {
        let ids = library.suits.iter().filter_map(|s| known(&s.id));
        errors.push(
            Problem::at(
                field.span,
                format!(
                    "no suit '{}' among the specs beside the record",
                    escape_for_terminal(id)
                ),
            )
            .help(suggest(id, ids, "suits")),
        );
    }
}

fn event_names(event: &Event, library: &SpecLibrary, errors: &mut Vec<Problem>) {
    match event.demonstrated() {
        Some(Demonstrated::Crossing(k)) if k.suit.is_written() => {
            suit_name(&k.suit, library, errors);
        }
        Some(Demonstrated::SuitConnection(k)) => suit_name(&k.suit.id, library, errors),
        Some(Demonstrated::EvaTransfer(k)) => suit_name(&k.suit.id, library, errors),
        _ => {}
    }
    for side in event.sides() {
        side_names(side, library, errors);
    }
}

/// Why an event no longer covers the specs it names: one line per vehicle
/// or suit that changed.
fn dropped_reasons(event: &Event, library: &SpecLibrary) -> Vec<String> {
    let mut reasons = Vec::new();
    let mut named: Vec<&str> = event
        .sides()
        .iter()
        .filter_map(|s| s.vehicle_id())
        .collect();
    named.dedup();
    for id in named {
        let Some(vehicle) = library.vehicle(id) else {
            continue;
        };
        if let Some(Standing::Dropped(why)) = event.standing(vehicle) {
            let why: Vec<String> = why.iter().map(ToString::to_string).collect();
            reasons.push(format!("{}: {}", escape_for_terminal(id), why.join("; ")));
        }
    }
    let suit_changes = |id: &Field<String>, bind: &dyn Fn(&SuitDefinition) -> Option<String>| {
        known(id).and_then(|id| library.suit(id)).and_then(bind)
    };
    let suit_reason = match event.demonstrated() {
        Some(Demonstrated::SuitConnection(k)) => suit_changes(&k.suit.id, &|suit| {
            k.suit
                .bind(suit, &format!("suit {}", k.suit.suit_id().unwrap_or("?")))
                .err()
                .map(|e| e.to_string())
        }),
        Some(Demonstrated::EvaTransfer(k)) => suit_changes(&k.suit.id, &|suit| {
            k.suit
                .bind(suit, &format!("suit {}", k.suit.suit_id().unwrap_or("?")))
                .err()
                .map(|e| e.to_string())
        }),
        _ => None,
    };
    reasons.extend(suit_reason);
    reasons
}

/// The record checked against `library`: errors for names no spec has,
/// warnings for events a spec no longer supports.
pub fn check(record: &FlightRecord, library: &SpecLibrary) -> (Option<LoadErrors>, LoadWarnings) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for event in &record.events {
        let before = errors.len();
        event_names(event, library, &mut errors);
        if errors.len() > before {
            continue;
        }
        let reasons = dropped_reasons(event, library);
        if !reasons.is_empty() {
            warnings.push(
                Problem::at(
                    event.id.span,
                    format!(
                        "event '{}' no longer applies: {}",
                        escape_for_terminal(event.id()),
                        reasons.join(" | ")
                    ),
                )
                .help(
                    "bind it again (write the values the specs give now in rests_on, and the revision) if the hardware that flew is the one specified; otherwise leave it as history",
                ),
            );
        }
    }
    let errors = (!errors.is_empty()).then(|| diagnostics(&record.file, errors));
    let warnings = if warnings.is_empty() {
        LoadWarnings::default()
    } else {
        let placed = diagnostics(&record.file, warnings);
        LoadWarnings {
            diagnostics: placed.diagnostics,
            files: placed.files,
        }
    };
    (errors, warnings)
}

/// `validate` of a record file: read it, then check its names against the
/// specs in its folder (and below).
pub fn validate_file(path: &Path) -> (Result<(), LoadErrors>, LoadWarnings) {
    let record = match FlightRecord::load(path) {
        Ok(record) => record,
        Err(errors) => return (Err(errors), LoadWarnings::default()),
    };
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let library = SpecLibrary::load_folder(folder);
    let (errors, warnings) = check(&record, &library);
    (errors.map_or(Ok(()), Err), warnings)
}
