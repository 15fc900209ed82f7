//! Loading a scenario file: the spec loader's machinery (spans, every
//! problem at once with line, column and field, "did you mean" from the
//! format's JSON Schema), then the specs and suit files the scenario names,
//! then the checks that tie them together (a rescuer crew no larger than
//! its seats, a station port that exists, ...).

use std::path::Path;
use std::sync::Arc;

use super::Scenario;
use super::file::{
    DistressedPart, LocationKind, RescuerPart, ScenarioDocument, SuitBrought, TransferMode, Wearer,
};
use crate::spec::load::{Checker, Diagnostic, Document, FORMAT_VERSION, LoadContext, LoadErrors};
use crate::spec::locate::Segment;
use crate::spec::{CarriedSuit, Field, SourceFile, Standards, Vehicle, VehicleKind};

/// Loads a scenario file against the bundled standards, its references
/// confined to its library ([`crate::spec::reference`]).
pub fn load_scenario(path: &Path) -> Result<Scenario, LoadErrors> {
    load_scenario_with(path, LoadContext::new(Standards::bundled()))
}

/// Loads a scenario file in a [`LoadContext`]: against the standards beside
/// the specs, with every file it names confined to the root.
pub fn load_scenario_with(path: &Path, context: LoadContext<'_>) -> Result<Scenario, LoadErrors> {
    match crate::spec::load::load_path_with(path, context)? {
        Document::Scenario(s) => Ok(*s),
        _ => Err(LoadErrors {
            diagnostics: vec![Diagnostic::file_level(
                path,
                "is not a scenario file (it has no [scenario] table)",
            )],
            files: vec![],
        }),
    }
}

/// Reads a scenario from its parsed TOML tree (the spec loader found a
/// top-level `[scenario]` table).
pub(crate) fn from_parsed(
    file: Arc<SourceFile>,
    root: Result<toml::Spanned<toml::de::DeTable<'_>>, toml::de::Error>,
    context: LoadContext<'_>,
) -> Result<Scenario, LoadErrors> {
    let mut checker = Checker::for_format(
        file.clone(),
        super::schema::scenario_schema(),
        crate::spec::limits::SCENARIO_ROOT,
    );
    checker.root = context.root.map(Path::to_path_buf);
    let doc: Option<ScenarioDocument> = checker.parse_from(root);
    let scenario = doc.and_then(|doc| {
        Builder {
            c: &mut checker,
            standards: context.standards,
            root: context.root,
        }
        .build(doc)
    });
    let clean = !checker.has_problems();
    checker.finish();
    match scenario {
        Some(s) if clean && checker.diagnostics.is_empty() => Ok(s),
        _ => {
            let mut files = vec![file];
            files.extend(checker.extra_files);
            Err(LoadErrors {
                diagnostics: checker.diagnostics,
                files,
            })
        }
    }
}

fn key(name: &str) -> Segment {
    Segment::Key(name.into())
}

struct Builder<'c> {
    c: &'c mut Checker,
    standards: &'c Standards,
    /// `--root`, for the specs the scenario names and their own references.
    root: Option<&'c Path>,
}

impl Builder<'_> {
    fn build(mut self, doc: ScenarioDocument) -> Option<Scenario> {
        if let Some(version) = doc.format.value() {
            if version != FORMAT_VERSION {
                self.c.push(
                    doc.format.span,
                    "format".into(),
                    format!("format version {version}; this tool reads version {FORMAT_VERSION}"),
                    None,
                    None,
                );
            }
        }
        let info = doc.scenario.clone().unwrap_or_default();
        for name in ["id", "name"] {
            let written = match name {
                "id" => info.id.is_written(),
                _ => info.name.is_written(),
            };
            if !written {
                self.c.push_missing(&[key("scenario")], name);
            }
        }
        if let Some(id) = info.id.get() {
            self.c.check_id(id, info.id.span, "scenario.id");
        }
        let (Some(distressed_part), Some(rescuer_part)) =
            (doc.distressed.clone(), doc.rescuer.clone())
        else {
            for (part, given) in [
                ("distressed", doc.distressed.is_some()),
                ("rescuer", doc.rescuer.is_some()),
            ] {
                if !given && !self.c.shape_was_wrong(&[key(part)]) {
                    self.c.push(
                        None,
                        part.into(),
                        format!("the required table [{part}] is missing"),
                        None,
                        Some(format!(
                            "a scenario names the {part} vehicle: [{part}] vehicle = \"../vehicles/<id>.toml\""
                        )),
                    );
                }
            }
            return None;
        };
        if distressed_part.crew.value() == Some(0) {
            self.c.push(
                distressed_part.crew.span,
                "distressed.crew".into(),
                "0: no one to rescue".into(),
                None,
                Some("give how many are to be rescued (at least 1)".into()),
            );
        }
        let distressed = self.vehicle(&distressed_part.vehicle, "distressed");
        let rescuer = self.vehicle(&rescuer_part.vehicle, "rescuer");
        let station = self.location(&distressed_part, distressed.as_ref());
        let people_suits = self.people(&distressed_part, distressed.as_ref());
        if let Some(rescuer) = &rescuer {
            self.rescuer_crew(&rescuer_part, rescuer);
        }
        let (suits_for_rescued, suits_for_crew) = self.carried_suits(&rescuer_part);
        let adapters = self.adapters(&rescuer_part);
        self.transfer(&doc, station.is_some(), rescuer.as_ref());
        let (rescuer, distressed) = (rescuer?, distressed?);
        Some(Scenario {
            id: info.id.get().cloned().unwrap_or_default(),
            name: info.name.get().cloned().unwrap_or_default(),
            file: self.c.file.clone(),
            doc,
            rescuer,
            distressed,
            station,
            people_suits: people_suits?,
            suits_for_rescued: suits_for_rescued?,
            suits_for_crew: suits_for_crew?,
            adapters: adapters?,
        })
    }

    /// Loads the vehicle spec a field names (`distressed.vehicle`).
    fn vehicle(&mut self, field: &Field<String>, part: &str) -> Option<Vehicle> {
        let shown = format!("{part}.vehicle");
        if !field.is_written() {
            self.c.push_missing(&[key(part)], "vehicle");
            return None;
        }
        self.spec_at(field, &shown, "the vehicle spec")
    }

    /// Loads a spec named by a field, reporting at the field a file that
    /// cannot be read or is no vehicle spec, and the spec's own problems in
    /// its file.
    fn spec_at(&mut self, field: &Field<String>, shown: &str, what: &str) -> Option<Vehicle> {
        let (path, _) = self.c.resolve_reference(field, shown, what)?;
        let context = LoadContext {
            standards: self.standards,
            root: self.root,
        };
        match crate::spec::load::load_spec_path_with(&path, context) {
            Ok(Document::Vehicle(v)) => Some(*v),
            Ok(_) => {
                self.c.push(
                    field.span,
                    shown.into(),
                    format!("{} is a suit file, not a vehicle spec", path.display()),
                    None,
                    Some("name a vehicle, station or adapter spec".into()),
                );
                None
            }
            Err(errors) => {
                match errors.diagnostics.as_slice() {
                    // The file itself cannot be read (missing, a folder, too large).
                    [only] if only.line == 0 && errors.files.is_empty() => {
                        let only = only.clone();
                        self.c
                            .refuse_reference(field, shown, what, only.found, only.help);
                    }
                    _ => {
                        self.c.push(
                            field.span,
                            shown.into(),
                            format!("{what} {} has problems (listed with it)", path.display()),
                            None,
                            None,
                        );
                        self.c.diagnostics.extend(errors.diagnostics);
                        self.c.extra_files.extend(errors.files);
                    }
                }
                None
            }
        }
    }

    /// The station the crew is docked at, and its port: the station spec
    /// loads and the port exists.
    fn location(
        &mut self,
        part: &DistressedPart,
        distressed: Option<&Vehicle>,
    ) -> Option<(Vehicle, Option<usize>)> {
        let location = &part.location;
        let at = location.at.value().or_else(|| {
            location
                .station
                .is_written()
                .then_some(LocationKind::Station)
        })?;
        if at == LocationKind::FreeFlying {
            for (name, field) in [("station", &location.station), ("port", &location.port)] {
                if field.is_written() {
                    self.c.push(
                        field.span,
                        format!("distressed.location.{name}"),
                        format!("a {name} for a crew that is free-flying"),
                        None,
                        Some("write at = \"station\" for a crew docked at a station".into()),
                    );
                }
            }
            return None;
        }
        if !location.station.is_written() {
            self.c
                .push_missing(&[key("distressed"), key("location")], "station");
            return None;
        }
        let station = self.spec_at(
            &location.station,
            "distressed.location.station",
            "the station spec",
        )?;
        if station.kind != crate::spec::VehicleKind::Station {
            self.c.push(
                location.station.span,
                "distressed.location.station".into(),
                format!(
                    "{} is a {} spec, not a station",
                    crate::text::escape_for_terminal(&station.id),
                    station.kind.as_str()
                ),
                None,
                Some("name a spec with kind = \"station\"".into()),
            );
            return None;
        }
        let port = match location.port.get() {
            None if !location.port.is_written() => {
                self.c
                    .push_missing(&[key("distressed"), key("location")], "port");
                None
            }
            None => None,
            Some(id) => {
                let index = station.ports.iter().position(|p| p.id.get() == Some(id));
                match index {
                    None => {
                        let ids: Vec<&str> = station
                            .ports
                            .iter()
                            .filter_map(|p| p.id.get().map(String::as_str))
                            .collect();
                        let help = match crate::text::did_you_mean(id, ids.iter().copied()) {
                            Some(s) => format!("did you mean '{s}'?"),
                            None if ids.is_empty() => {
                                format!("{} lists no ports", station.id)
                            }
                            None => format!("ports of {}: {}", station.id, ids.join(", ")),
                        };
                        self.c.push(
                            location.port.span,
                            "distressed.location.port".into(),
                            format!(
                                "'{}', which is no port of the station {}",
                                crate::text::escape_for_terminal(id),
                                crate::text::escape_for_terminal(&station.id)
                            ),
                            None,
                            Some(help),
                        );
                    }
                    Some(i) => {
                        if let Some(d) = distressed {
                            self.port_fits(location, &station, i, d);
                        }
                    }
                }
                index
            }
        };
        Some((station, port))
    }

    /// The crew's vehicle has a port whose standard mates the station
    /// port's (when both are given): a scenario cannot dock it where it
    /// does not fit.
    fn port_fits(
        &mut self,
        location: &super::file::Location,
        station: &Vehicle,
        port: usize,
        distressed: &Vehicle,
    ) {
        let Some(theirs) = station.ports.get(port).and_then(|p| p.standard.get()) else {
            return;
        };
        let mine: Vec<&String> = distressed
            .ports
            .iter()
            .filter_map(|p| p.standard.get())
            .collect();
        if mine.len() < distressed.ports.len() || mine.is_empty() {
            return;
        }
        if mine
            .iter()
            .any(|m| self.standards.mate(m, theirs).is_some())
        {
            return;
        }
        self.c.push(
            location.port.span,
            "distressed.location.port".into(),
            format!(
                "the port is {theirs}, which no port of {} mates ({})",
                crate::text::escape_for_terminal(&distressed.id),
                mine.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None,
            Some("name the station port the crew's vehicle is docked to".into()),
        );
    }

    /// The people to rescue: unique ids, no more than the crew, their suit
    /// files loaded (one entry per suit file, counting its wearers).
    fn people(
        &mut self,
        part: &DistressedPart,
        distressed: Option<&Vehicle>,
    ) -> Option<Vec<CarriedSuit>> {
        let list = [key("distressed"), key("people")];
        self.c
            .check_unique_ids(part.people.iter().map(|p| &p.id), &list);
        let crew = part
            .crew
            .value()
            .or_else(|| distressed.and_then(|d| d.crew.nominal.value()));
        if let Some(crew) = crew {
            if part.people.len() > crew as usize {
                self.c.push_at_path(
                    &list,
                    format!(
                        "{} people listed for a crew of {crew} to rescue",
                        part.people.len()
                    ),
                    None,
                    Some("list at most the crew to rescue (distressed.crew)".into()),
                );
            }
        }
        let mut suits: Vec<CarriedSuit> = Vec::new();
        let mut ok = true;
        for person in &part.people {
            if !person.suit.is_written() {
                continue;
            }
            let shown = format!(
                "distressed.people[{}].suit",
                crate::text::escape_for_terminal(
                    person.id.get().map(String::as_str).unwrap_or("?")
                )
            );
            match self.c.load_suit_file(&person.suit, &shown) {
                Some((suit, file)) => {
                    match suits
                        .iter_mut()
                        .find(|s| s.file.as_ref().is_some_and(|f| f.path == file.path))
                    {
                        Some(entry) => {
                            let n = entry.count.value().unwrap_or(0) + 1;
                            entry.count = wearers(n);
                        }
                        None => suits.push(CarriedSuit {
                            id: suit.id.get().cloned().unwrap_or_default(),
                            count: wearers(1),
                            suit,
                            file: Some(file),
                        }),
                    }
                }
                None => ok = person.suit.get().is_none(),
            }
        }
        ok.then_some(suits)
    }

    /// The rescuer's crew fits the seats fitted, the seats fit the vehicle,
    /// and the vehicle can fly with that crew.
    fn rescuer_crew(&mut self, part: &RescuerPart, rescuer: &Vehicle) {
        let seats = part.seats.value().or(rescuer.crew.seats.value());
        let seats_from = if part.seats.value().is_some() {
            "rescuer.seats"
        } else {
            "its crew.seats"
        };
        if let (Some(fitted), Some(max)) = (part.seats.value(), rescuer.crew.max_seats.value()) {
            if fitted > max {
                self.c.push(
                    part.seats.span,
                    "rescuer.seats".into(),
                    format!(
                        "{fitted} seats fitted, above the {max} that {} takes (crew.max_seats)",
                        crate::text::escape_for_terminal(&rescuer.id)
                    ),
                    None,
                    Some(format!("fit at most {max} seats")),
                );
            }
        }
        let Some(crew) = part.crew.value() else {
            return;
        };
        if let Some(seats) = seats {
            if crew > seats {
                self.c.push(
                    part.crew.span,
                    "rescuer.crew".into(),
                    format!("a crew of {crew} for {seats} seats ({seats_from})"),
                    None,
                    Some("the rescuer's crew needs a seat each; fit more seats (rescuer.seats) or fly fewer".into()),
                );
            }
        }
        if crew == 0 && rescuer.crew.flies_uncrewed.value() == Some(false) {
            self.c.push(
                part.crew.span,
                "rescuer.crew".into(),
                format!(
                    "an uncrewed rescuer, but {} cannot fly uncrewed (crew.flies_uncrewed = false)",
                    crate::text::escape_for_terminal(&rescuer.id)
                ),
                None,
                None,
            );
        }
        if let Some(minimum) = rescuer.crew.minimum.value() {
            if crew > 0 && crew < minimum {
                self.c.push(
                    part.crew.span,
                    "rescuer.crew".into(),
                    format!(
                        "a crew of {crew}, below the {minimum} that {} needs (crew.minimum)",
                        crate::text::escape_for_terminal(&rescuer.id)
                    ),
                    None,
                    None,
                );
            }
        }
    }

    /// The suits the rescuer carries up, by who wears them.
    #[allow(clippy::type_complexity)]
    fn carried_suits(
        &mut self,
        part: &RescuerPart,
    ) -> (Option<Vec<CarriedSuit>>, Option<Vec<CarriedSuit>>) {
        let list = [key("rescuer"), key("carries"), key("suits")];
        self.c
            .check_unique_ids(part.carries.suits.iter().map(|s| &s.id), &list);
        let mut rescued = Vec::new();
        let mut crew = Vec::new();
        let mut ok = true;
        for (index, entry) in part.carries.suits.iter().enumerate() {
            match self.carried_suit(entry, index) {
                Some(suit) if entry.worn_by.value() == Some(Wearer::Crew) => crew.push(suit),
                Some(suit) => rescued.push(suit),
                None => ok = false,
            }
        }
        (ok.then_some(rescued), ok.then_some(crew))
    }

    fn carried_suit(&mut self, entry: &SuitBrought, index: usize) -> Option<CarriedSuit> {
        let item = [
            key("rescuer"),
            key("carries"),
            key("suits"),
            Segment::Index(index),
        ];
        if !entry.file.is_written() {
            self.c.push_missing(&item, "file");
            return None;
        }
        if !entry.count.is_written() {
            self.c.push_missing(&item, "count");
        }
        let id = entry.id.get().cloned().unwrap_or_default();
        let shown = format!(
            "rescuer.carries.suits[{}].file",
            crate::text::escape_for_terminal(&id)
        );
        let (suit, file) = self.c.load_suit_file(&entry.file, &shown)?;
        Some(CarriedSuit {
            id: if id.is_empty() {
                suit.id.get().cloned().unwrap_or_default()
            } else {
                id
            },
            count: entry.count.clone(),
            suit,
            file: Some(file),
        })
    }

    /// The adapters the rescuer carries: adapter specs.
    fn adapters(&mut self, part: &RescuerPart) -> Option<Vec<Vehicle>> {
        let field = &part.carries.adapters;
        let Some(paths) = field.get() else {
            return Some(Vec::new());
        };
        let mut out = Vec::new();
        let mut ok = true;
        for relative in paths {
            // Each path is reported at the list's span.
            let one = Field {
                value: crate::spec::Value::Known(relative.clone()),
                span: field.span,
                ..Field::default()
            };
            match self.spec_at(&one, "rescuer.carries.adapters", "the adapter spec") {
                Some(v) if v.kind == VehicleKind::Adapter => out.push(v),
                Some(v) => {
                    self.c.push(
                        field.span,
                        "rescuer.carries.adapters".into(),
                        format!(
                            "{} is a {}, not an adapter",
                            crate::text::escape_for_terminal(&v.id),
                            v.kind.as_str()
                        ),
                        None,
                        Some("carry adapter specs (kind = \"adapter\")".into()),
                    );
                    ok = false;
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// The transfer: modes the location allows, EVA figures that make sense.
    fn transfer(&mut self, doc: &ScenarioDocument, at_station: bool, rescuer: Option<&Vehicle>) {
        let transfer = &doc.transfer;
        if let Some(modes) = transfer.modes.get() {
            if modes.is_empty() {
                self.c.push(
                    transfer.modes.span,
                    "transfer.modes".into(),
                    "an empty list: no way to cross".into(),
                    None,
                    Some("name at least one of docked, via-station, eva".into()),
                );
            }
            if modes.contains(&TransferMode::ViaStation) && !at_station {
                self.c.push(
                    transfer.modes.span,
                    "transfer.modes".into(),
                    "via-station for a crew that is not at a station".into(),
                    None,
                    Some(
                        "give distressed.location with at = \"station\", the station and its port"
                            .into(),
                    ),
                );
            }
        }
        let eva = &transfer.eva;
        if eva.crossings_per_suit.value() == Some(0) {
            self.c.push(
                eva.crossings_per_suit.span,
                "transfer.eva.crossings_per_suit".into(),
                "0 crossings per suit".into(),
                None,
                Some("a suit serves at least one crossing".into()),
            );
        }
        let crew = doc
            .rescuer
            .as_ref()
            .and_then(|r| r.crew.value())
            .or_else(|| rescuer.and_then(|r| r.crew.nominal.value()));
        let crossing = eva.crossing.value();
        if crossing == Some(super::file::EvaCrossing::WithHelp) && crew == Some(0) {
            self.c.push(
                eva.crossing.span,
                "transfer.eva.crossing".into(),
                "with-help, but the rescuer flies uncrewed".into(),
                None,
                Some("an uncrewed rescuer takes the crew alone or into its airlock".into()),
            );
        }
        if let (Some(helpers), Some(crew)) = (eva.helpers.value(), crew) {
            if helpers > crew {
                self.c.push(
                    eva.helpers.span,
                    "transfer.eva.helpers".into(),
                    format!("{helpers} helpers from a rescuer crew of {crew}"),
                    None,
                    None,
                );
            }
        }
    }
}

/// A count of people wearing a suit, for a suit a scenario's people name.
fn wearers(n: u32) -> Field<u32> {
    Field {
        note: Some("people of the scenario who wear it".into()),
        ..Field::known(n)
    }
}
