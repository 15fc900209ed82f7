//! What the spec format knows of the Moon: where a vehicle operates
//! (`[vehicle] regime`), the `[surface]` table of landers, rovers and
//! habitats, the `[mobility]` table of rovers, the `[power]` interfaces a
//! vehicle offers, and the `[[relays]]` (lunar relay and navigation
//! networks) it can use. Facts and sources: `shared/research/lunar.md`.
//!
//! Doc comments here become the descriptions of the JSON Schema.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use uom::si::f64 as si;

// The vocabulary macro's expansion names these.
use super::field::{Expected, Field, FieldValue, MAX_LIST, ReadError, describe};
use super::reach::{OrbitKind, Problem};
use super::values::{Range, VehicleKind};
use super::vehicle::{Eva, VehicleInfo};
use super::{SpecDocument, Vehicle};

super::values::vocabulary! {
    /// Where a vehicle operates. `[orbit].kind` names the one orbit a
    /// station or free-flyer is in; `regime` lists every place the vehicle
    /// works, and must include the orbit's kind when both are given.
    Regime, "an operating regime" {
        /// Low Earth orbit.
        Leo = "leo",
        /// Between Earth orbit and lunar orbit (translunar and trans-Earth
        /// flight).
        Cislunar = "cislunar",
        /// A near-rectilinear halo orbit about the Earth-Moon L2 point.
        Nrho = "nrho",
        /// Low lunar orbit.
        Llo = "llo",
        /// An orbit about the Moon whose kind is not published (Lanyue
        /// docks with Mengzhou "in lunar orbit").
        LunarOrbit = "lunar-orbit",
        /// On the lunar surface.
        LunarSurface = "lunar-surface",
    }
}

impl Regime {
    /// Whether the regime is at or around the Moon (or on the way there).
    pub fn is_lunar(self) -> bool {
        !matches!(self, Regime::Leo)
    }

    /// The regime an orbit of `kind` lies in.
    pub fn of_orbit(kind: OrbitKind) -> Regime {
        match kind {
            OrbitKind::Leo => Regime::Leo,
            OrbitKind::Nrho => Regime::Nrho,
            OrbitKind::Llo => Regime::Llo,
        }
    }

    /// Whether a vehicle listing `self` operates in `other`: a regime holds
    /// itself, and `lunar-orbit` (an orbit of unstated kind) holds every
    /// lunar orbit.
    pub fn covers(self, other: Regime) -> bool {
        self == other || (self == Regime::LunarOrbit && matches!(other, Regime::Nrho | Regime::Llo))
    }
}

super::values::vocabulary! {
    /// How a suited crew leaves and re-enters the pressurized volume.
    Egress, "an egress method" {
        /// A chamber depressurized on its own (Starship HLS has two).
        Airlock = "airlock",
        /// The whole cabin is vented (the Apollo LM).
        DepressurizableCabin = "depressurizable-cabin",
        /// A rear-entry suit docked to the outside of the hull; the crew
        /// climbs in from the cabin (Constellation's Lunar Electric Rover).
        Suitport = "suitport",
    }
}

super::values::vocabulary! {
    /// How a crew gets between the hatch and the ground.
    SurfaceAccess, "a way down to the surface" {
        Ladder = "ladder",
        /// A lift (Starship HLS: from the crew cabin down the hull).
        Elevator = "elevator",
    }
}

super::values::vocabulary! {
    /// Where a vehicle's electrical power comes from.
    PowerSource, "a power source" {
        Solar = "solar",
        FuelCell = "fuel-cell",
        /// Batteries (whether a rover's can be recharged is
        /// `mobility.charging.rechargeable`).
        Battery = "battery",
        Fission = "fission",
        Radioisotope = "radioisotope",
        /// A surface grid or another vehicle's power.
        External = "external",
    }
}

super::values::vocabulary! {
    /// A lunar relay or navigation network a vehicle can use. LunaNet is
    /// the interoperability framework (NASA's LCRNS, ESA's Moonlight and
    /// JAXA's LNSS implement it); name the provider in `provider`.
    RelayNetwork, "a relay network" {
        Lunanet = "lunanet",
        /// China's 鹊桥 relays (Queqiao-2 and the planned constellation).
        Queqiao = "queqiao",
        /// SSTL's Lunar Pathfinder (ESA anchor customer).
        LunarPathfinder = "lunar-pathfinder",
        /// No relay: links straight to ground stations on Earth.
        DirectToEarth = "direct-to-earth",
    }
}

super::values::vocabulary! {
    /// How a suit is put on.
    SuitEntry, "a suit entry" {
        /// Through a hatch in the back (the backpack hinges open); the
        /// entry a suitport needs.
        RearHatch = "rear-hatch",
        /// Upper and lower halves joined at the waist.
        Waist = "waist",
        /// A soft suit closed by a pressure-sealing zipper or lacing.
        Zipper = "zipper",
    }
}

/// What a companion's suit or vehicle can feed this suit through buddy
/// connectors.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct BuddyConnectors {
    /// Whether another life-support system can feed its oxygen (Apollo
    /// suits had a second set of gas connectors).
    pub oxygen: Field<bool>,
    /// Whether it can take cooling water from a companion's backpack
    /// (Apollo's Buddy Secondary Life Support System hoses).
    pub cooling_water: Field<bool>,
    /// Connector family: a label both sides use.
    pub connector: Field<String>,
}

/// A lander's, rover's or habitat's life on the lunar surface.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Surface {
    /// The planned surface stay with a crew aboard (the time a sortie or
    /// expedition lasts).
    pub stay: Field<Range<si::Time>>,
    /// How long the vehicle keeps its crew alive on the surface once its
    /// ascent is lost (consumables, power, thermal): the time a rescuer has.
    pub safe_haven: Field<Range<si::Time>>,
    /// The longest darkness the vehicle itself survives, to be usable
    /// afterwards (a south-pole site sees from a few hours to 150 h and
    /// more).
    pub lunar_night_survival: Field<Range<si::Time>>,
    /// The longest darkness it keeps a crew aboard alive through.
    pub lunar_night_with_crew: Field<Range<si::Time>>,
    /// Crew it can lift from the surface to orbit.
    pub ascent_seats: Field<u32>,
    /// Mass it can lift beyond its own crew and payload: room for rescued
    /// crew and their suits.
    pub ascent_spare_mass: Field<si::Mass>,
    /// How a suited crew leaves the pressurized volume. Must agree with
    /// `[eva].airlock` and `[eva].depressurizable_cabin` where both are
    /// given.
    pub egress: Field<Vec<Egress>>,
    /// How the crew gets between the hatch and the ground.
    pub surface_access: Field<Vec<SurfaceAccess>>,
    /// Suitports fitted; more than zero only with `suitport` in `egress`.
    pub suitports: Field<u32>,
}

impl Surface {
    /// Whether the table says anything at all.
    pub fn is_written(&self) -> bool {
        self.stay.is_written()
            || self.safe_haven.is_written()
            || self.lunar_night_survival.is_written()
            || self.lunar_night_with_crew.is_written()
            || self.ascent_seats.is_written()
            || self.ascent_spare_mass.is_written()
            || self.egress.is_written()
            || self.surface_access.is_written()
            || self.suitports.is_written()
    }
}

/// A rover's driving: who it carries, how far and how fast.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Mobility {
    /// Crew it carries on a drive (seated, suited or shirt-sleeved).
    pub crew: Field<u32>,
    /// The most it carries in an emergency: a rover that rescues another's
    /// crew brings its own crew home too.
    pub emergency_crew: Field<u32>,
    /// Whether the crew rides in a pressurized cabin. An unpressurized
    /// rover's crew rides in EVA suits; it has no cabin to dock to.
    pub pressurized: Field<bool>,
    /// Distance on one charge (or fill of its consumables), out and back.
    pub range_per_charge: Field<Range<si::Length>>,
    /// Highest speed.
    pub max_speed: Field<si::Velocity>,
    /// Longest drive with a crew aboard, out and back.
    pub sortie_duration: Field<si::Time>,
    /// Steepest slope it climbs.
    pub max_slope: Field<si::Angle>,
    /// Whether it can be driven with no crew aboard (from Earth or a
    /// habitat), as to a stranded crew.
    pub remote_operation: Field<bool>,
    /// How it is recharged.
    pub charging: Charging,
}

impl Mobility {
    /// Whether the table says anything at all.
    pub fn is_written(&self) -> bool {
        self.crew.is_written()
            || self.emergency_crew.is_written()
            || self.pressurized.is_written()
            || self.range_per_charge.is_written()
            || self.max_speed.is_written()
            || self.sortie_duration.is_written()
            || self.max_slope.is_written()
            || self.remote_operation.is_written()
            || self.charging.is_written()
    }
}

/// How a rover takes a charge.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Charging {
    /// Whether it can be recharged at all (the Apollo LRV could not).
    pub rechargeable: Field<bool>,
    /// Voltage at its charging inlet.
    pub voltage: Field<si::ElectricPotential>,
    /// Connector family of its charging inlet: a label both sides use
    /// ("ispsis-120", "lunagrid").
    pub connector: Field<String>,
    /// Charging power it accepts.
    pub power: Field<si::Power>,
}

impl Charging {
    pub fn is_written(&self) -> bool {
        self.rechargeable.is_written()
            || self.voltage.is_written()
            || self.connector.is_written()
            || self.power.is_written()
    }
}

/// Electrical power a vehicle can share with another (a stranded lander, a
/// rover, a suit).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Power {
    /// Where its power comes from.
    pub generation: Field<Vec<PowerSource>>,
    /// Power it generates.
    pub generated_power: Field<si::Power>,
    /// Bus voltages it offers at its power interfaces (120 V DC is the
    /// interoperability figure a transcription of ISPSIS gives for
    /// vehicle-to-vehicle power; 28 V DC for small loads).
    pub bus_voltages: Field<Vec<si::ElectricPotential>>,
    /// Power it can hand to another vehicle, rover or suit.
    pub export_power: Field<si::Power>,
    /// Connector family of its power interface: a label both sides use.
    pub connector: Field<String>,
    /// Whether that connector is built to mate in lunar dust.
    pub dust_tolerant: Field<bool>,
}

impl Power {
    pub fn is_written(&self) -> bool {
        self.generation.is_written()
            || self.generated_power.is_written()
            || self.bus_voltages.is_written()
            || self.export_power.is_written()
            || self.connector.is_written()
            || self.dust_tolerant.is_written()
    }
}

/// A relay or navigation network the vehicle can use, as a user.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Relay {
    /// Unique within the vehicle: "lcrns".
    pub id: Field<String>,
    pub network: Field<RelayNetwork>,
    /// Who provides the service: "NASA LCRNS (Intuitive Machines)".
    pub provider: Field<String>,
    /// Bands the vehicle transmits in to the network.
    pub transmit_bands: Field<Vec<Range<si::Frequency>>>,
    /// Bands it receives the network in.
    pub receive_bands: Field<Vec<Range<si::Frequency>>>,
    /// Protocol stacks it speaks on the link: "ccsds-proximity-1",
    /// "dtn-bundle-protocol".
    pub protocols: Field<Vec<String>>,
    /// The navigation (PNT) signal it receives from the network.
    pub pnt_signal: PntSignal,
}

/// A navigation and timing broadcast.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct PntSignal {
    /// The signal's standard: "lsis-afs" (LunaNet Augmented Forward
    /// Signal).
    pub standard: Field<String>,
    /// Carrier frequency.
    pub carrier: Field<si::Frequency>,
    /// The band the signal lies in.
    pub band: Field<Range<si::Frequency>>,
}

impl Vehicle {
    /// Where the vehicle operates: `vehicle.regime` as written, else the
    /// regime of its `[orbit].kind`; `None` when neither is given.
    pub fn regimes(&self) -> Option<Vec<Regime>> {
        if let Some(list) = self.info.regime.get() {
            return Some(list.clone());
        }
        self.orbit.kind.value().map(|k| vec![Regime::of_orbit(k)])
    }

    /// Whether the vehicle is known to operate in `regime`; `None` when the
    /// spec does not say where it operates.
    pub fn operates_in(&self, regime: Regime) -> Option<bool> {
        self.regimes()
            .map(|list| list.iter().any(|r| r.covers(regime)))
    }

    /// A rover whose crew rides outside in suits: it has no cabin, so the
    /// rules about cabins, hatches and docking do not apply to it.
    pub fn is_open_rover(&self) -> bool {
        self.kind == VehicleKind::Rover && self.mobility.pressurized.value() == Some(false)
    }
}

/// Checks what the value readers cannot: tables written on a kind they do
/// not fit, a regime that contradicts the orbit or the reach table, an
/// egress that contradicts `[eva]`, an emergency crew below the crew, too
/// many relays.
pub fn check(doc: &SpecDocument, info: &VehicleInfo) -> Vec<Problem> {
    let mut problems = Vec::new();
    let kind = info.kind.value();
    if let Some(kind) = kind {
        check_kind(doc, kind, &mut problems);
    }
    check_regime(doc, info, &mut problems);
    check_egress(&doc.surface, &doc.eva, &mut problems);
    let m = &doc.mobility;
    if let (Some(crew), Some(emergency)) = (m.crew.value(), m.emergency_crew.value()) {
        if emergency < crew {
            problems.push(at(
                &m.emergency_crew,
                "mobility.emergency_crew",
                format!("an emergency crew of {emergency}, below the crew of {crew}"),
                "the emergency crew counts everyone the rover can carry, its own crew included",
            ));
        }
    }
    if m.charging.rechargeable.value() == Some(false)
        && (m.charging.voltage.value().is_some()
            || m.charging.power.value().is_some()
            || m.charging.connector.get().is_some())
    {
        problems.push(at(
            &m.charging.rechargeable,
            "mobility.charging.rechargeable",
            "false, beside a charging voltage, power or connector".to_string(),
            "a rover that cannot be recharged has no charging inlet; remove one of the two",
        ));
    }
    check_relays(&doc.relays, &mut problems);
    problems
}

fn at<T>(field: &Field<T>, path: &str, found: String, help: &str) -> Problem {
    Problem {
        span: field.span,
        field: path.to_string(),
        found,
        expected: None,
        help: Some(help.to_string()),
    }
}

/// `[mobility]` is for rovers, `[surface]` for what stands on the Moon.
fn check_kind(doc: &SpecDocument, kind: VehicleKind, problems: &mut Vec<Problem>) {
    let on_surface = matches!(
        kind,
        VehicleKind::Lander | VehicleKind::Rover | VehicleKind::Habitat
    );
    if kind != VehicleKind::Rover && doc.mobility.is_written() {
        problems.push(Problem {
            span: mobility_span(&doc.mobility),
            field: "mobility".into(),
            found: format!(
                "a [mobility] table on a vehicle of kind '{}'",
                kind.as_str()
            ),
            expected: None,
            help: Some(
                "[mobility] is for kind = \"rover\"; a lander or habitat says how long it stays under [surface]".into(),
            ),
        });
    }
    if !on_surface && doc.surface.is_written() {
        problems.push(Problem {
            span: surface_span(&doc.surface),
            field: "surface".into(),
            found: format!("a [surface] table on a vehicle of kind '{}'", kind.as_str()),
            expected: None,
            help: Some(
                "[surface] is for what stands on the Moon: kind lander, rover or habitat".into(),
            ),
        });
    }
}

fn surface_span(s: &Surface) -> Option<super::Span> {
    [
        s.stay.span,
        s.safe_haven.span,
        s.lunar_night_survival.span,
        s.lunar_night_with_crew.span,
        s.ascent_seats.span,
        s.ascent_spare_mass.span,
        s.egress.span,
        s.surface_access.span,
        s.suitports.span,
    ]
    .into_iter()
    .flatten()
    .min_by_key(|s| s.start)
}

fn mobility_span(m: &Mobility) -> Option<super::Span> {
    [
        m.crew.span,
        m.emergency_crew.span,
        m.pressurized.span,
        m.range_per_charge.span,
        m.max_speed.span,
        m.sortie_duration.span,
        m.max_slope.span,
        m.remote_operation.span,
        m.charging.rechargeable.span,
        m.charging.voltage.span,
        m.charging.connector.span,
        m.charging.power.span,
    ]
    .into_iter()
    .flatten()
    .min_by_key(|s| s.start)
}

/// The regime list against `[orbit].kind` and `reach.cislunar`.
fn check_regime(doc: &SpecDocument, info: &VehicleInfo, problems: &mut Vec<Problem>) {
    let Some(regimes) = info.regime.get() else {
        return;
    };
    let listed = regimes
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(kind) = doc.orbit.kind.value() {
        let needed = Regime::of_orbit(kind);
        if !regimes.iter().any(|r| r.covers(needed)) {
            problems.push(at(
                &doc.orbit.kind,
                "orbit.kind",
                format!(
                    "an orbit of kind '{}', which vehicle.regime ({listed}) does not list",
                    kind.as_str()
                ),
                "the orbit the vehicle flies is one of the places it operates: add it to vehicle.regime",
            ));
        }
    }
    let lunar = regimes.iter().any(|r| r.is_lunar());
    if lunar && doc.reach.cislunar.value() == Some(false) {
        problems.push(at(
            &doc.reach.cislunar,
            "reach.cislunar",
            format!("false, while vehicle.regime lists lunar regimes ({listed})"),
            "reach.cislunar says whether the vehicle can reach lunar orbit; it cannot be false for a vehicle that operates there",
        ));
    }
}

/// `[surface].egress` against `[eva]` and the suitport count.
fn check_egress(surface: &Surface, eva: &Eva, problems: &mut Vec<Problem>) {
    if let Some(egress) = surface.egress.get() {
        for (method, flag, name) in [
            (Egress::Airlock, &eva.airlock, "eva.airlock"),
            (
                Egress::DepressurizableCabin,
                &eva.depressurizable_cabin,
                "eva.depressurizable_cabin",
            ),
        ] {
            let listed = egress.contains(&method);
            if let Some(said) = flag.value() {
                if said != listed {
                    problems.push(at(
                        &surface.egress,
                        "surface.egress",
                        format!(
                            "'{}' {} while {name} is {said}",
                            method.as_str(),
                            if listed { "listed" } else { "not listed" },
                        ),
                        "[surface].egress and [eva] describe the same hatches: make them agree",
                    ));
                }
            }
        }
        let has_suitport = egress.contains(&Egress::Suitport);
        if let Some(count) = surface.suitports.value() {
            if (count > 0) != has_suitport {
                problems.push(at(
                    &surface.suitports,
                    "surface.suitports",
                    format!(
                        "{count} suitport(s), while surface.egress {} 'suitport'",
                        if has_suitport {
                            "lists"
                        } else {
                            "does not list"
                        }
                    ),
                    "give the suitports as an egress method and count them, or neither",
                ));
            }
        }
    }
}

/// The list of relays within its limit (their ids are checked by the loader
/// like every list's).
fn check_relays(relays: &[Relay], problems: &mut Vec<Problem>) {
    if relays.len() > MAX_LIST {
        problems.push(Problem {
            span: relays.first().and_then(|r| r.id.span),
            field: "relays".into(),
            found: format!(
                "a list of {} tables (at most {MAX_LIST} are accepted)",
                relays.len()
            ),
            expected: None,
            help: Some("see the limits in docs/spec-format.md".into()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::vehicle_from_str;

    fn load(extra: &str) -> Result<Vehicle, Vec<String>> {
        vehicle_from_str(
            "specs/vehicles/test.toml",
            &format!("format = 1\n[vehicle]\nid = \"test\"\nname = \"Test\"\n{extra}"),
        )
        .map_err(|e| e.diagnostics.iter().map(|d| d.message()).collect())
    }

    #[test]
    fn lunar_orbit_covers_the_lunar_orbits_and_nothing_else() {
        assert!(Regime::LunarOrbit.covers(Regime::Nrho));
        assert!(Regime::LunarOrbit.covers(Regime::Llo));
        assert!(!Regime::LunarOrbit.covers(Regime::LunarSurface));
        assert!(!Regime::Nrho.covers(Regime::Llo));
        assert!(!Regime::Leo.is_lunar());
        assert!(Regime::Cislunar.is_lunar());
    }

    #[test]
    fn the_regime_falls_back_on_the_orbit_kind() {
        let v = load("kind = \"station\"\n[orbit]\nkind = \"nrho\"\n").unwrap();
        assert_eq!(v.regimes(), Some(vec![Regime::Nrho]));
        assert_eq!(v.operates_in(Regime::Nrho), Some(true));
        assert_eq!(v.operates_in(Regime::LunarSurface), Some(false));
        let silent = load("kind = \"capsule\"\n").unwrap();
        assert_eq!(silent.operates_in(Regime::Leo), None);
    }

    #[test]
    fn an_orbit_must_be_among_the_regimes() {
        let ok = load(
            "kind = \"capsule\"\nregime = [\"cislunar\", \"lunar-orbit\"]\n[orbit]\nkind = \"llo\"\n",
        );
        assert!(ok.is_ok(), "{ok:?}");
        let errors =
            load("kind = \"capsule\"\nregime = [\"leo\"]\n[orbit]\nkind = \"nrho\"\n").unwrap_err();
        assert!(
            errors.iter().any(|e| e.starts_with("orbit.kind")),
            "{errors:?}"
        );
    }

    #[test]
    fn surface_and_mobility_belong_to_their_kinds() {
        assert!(
            load("kind = \"rover\"\n[mobility]\ncrew = 2\n[surface]\nstay = \"8 h\"\n").is_ok()
        );
        assert!(load("kind = \"habitat\"\n[surface]\nstay = \"30 d\"\n").is_ok());
        let errors = load("kind = \"habitat\"\n[mobility]\ncrew = 2\n").unwrap_err();
        assert!(
            errors.iter().any(|e| e.starts_with("mobility")),
            "{errors:?}"
        );
        let errors = load("kind = \"station\"\n[surface]\nstay = \"30 d\"\n").unwrap_err();
        assert!(
            errors.iter().any(|e| e.starts_with("surface")),
            "{errors:?}"
        );
        // Written unknown still counts as written.
        let errors = load("kind = \"capsule\"\n[mobility]\ncrew = \"unknown\"\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn egress_agrees_with_eva_and_suitports() {
        let ok = load(
            "kind = \"lander\"\n[eva]\nairlock = true\ndepressurizable_cabin = false\n[surface]\negress = [\"airlock\", \"suitport\"]\nsuitports = 2\n",
        );
        assert!(ok.is_ok(), "{ok:?}");
        let errors = load(
            "kind = \"lander\"\n[eva]\ndepressurizable_cabin = true\n[surface]\negress = [\"airlock\"]\n",
        )
        .unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.contains("'depressurizable-cabin' not listed")),
            "{errors:?}"
        );
        let errors = load("kind = \"lander\"\n[surface]\negress = [\"suitport\"]\nsuitports = 0\n")
            .unwrap_err();
        assert!(
            errors.iter().any(|e| e.starts_with("surface.suitports")),
            "{errors:?}"
        );
    }

    #[test]
    fn only_a_rover_known_to_be_unpressurized_is_open() {
        let open = load("kind = \"rover\"\n[mobility]\npressurized = false\n").unwrap();
        assert!(open.is_open_rover());
        let closed = load("kind = \"rover\"\n[mobility]\npressurized = true\n").unwrap();
        assert!(!closed.is_open_rover());
        let unsaid = load("kind = \"rover\"\n").unwrap();
        assert!(!unsaid.is_open_rover(), "not known to be open");
    }

    #[test]
    fn relays_are_listed_with_unique_ids_and_bounded() {
        let ok = load(
            "kind = \"lander\"\n[[relays]]\nid = \"lcrns\"\nnetwork = \"lunanet\"\nreceive_bands = [{ min = \"2025 MHz\", max = \"2110 MHz\" }]\n[relays.pnt_signal]\nstandard = \"lsis-afs\"\nband = { min = \"2483.5 MHz\", max = \"2500 MHz\" }\n",
        )
        .unwrap();
        assert_eq!(ok.relays.len(), 1);
        let mut many = String::from("kind = \"lander\"\n");
        for i in 0..=MAX_LIST {
            many.push_str(&format!("[[relays]]\nid = \"r{i}\"\n"));
        }
        let errors = load(&many).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("relays: a list of 1001 tables")),
            "{errors:?}"
        );
    }
}
