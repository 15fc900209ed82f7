use std::sync::OnceLock;

use uom::si::f64::{Length, Time};
use uom::si::length::{inch, millimeter};
use uom::si::time::day;

use super::names::{self, SpecLibrary};
use super::*;
use crate::spec::values::Role;
use crate::spec::vocabulary::{Modulation, Umbilical};
use crate::spec::{SeatLiners, SuitClass, Vehicle};

/// The bundled specs, loaded once for every test.
fn library() -> &'static SpecLibrary {
    static LIBRARY: OnceLock<SpecLibrary> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        SpecLibrary::load_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("specs"))
    })
}

fn vehicle(id: &str) -> Vehicle {
    library()
        .vehicle(id)
        .unwrap_or_else(|| panic!("no bundled vehicle {id}"))
        .clone()
}

fn suit(id: &str) -> crate::spec::SuitDefinition {
    library()
        .suit(id)
        .unwrap_or_else(|| panic!("no bundled suit {id}"))
        .clone()
}

fn record() -> &'static FlightRecord {
    FlightRecord::bundled()
}

fn parse(text: &str) -> Result<FlightRecord, LoadErrors> {
    FlightRecord::parse(Path::new("flight-record.toml"), text.to_string())
}

fn messages(errors: &LoadErrors) -> Vec<String> {
    errors.diagnostics.iter().map(|d| d.to_string()).collect()
}

fn ids(events: &[&Event]) -> Vec<String> {
    events.iter().map(|e| e.id().to_string()).collect()
}

fn port_mut<'a>(v: &'a mut Vehicle, id: &str) -> &'a mut crate::spec::Port {
    v.ports
        .iter_mut()
        .find(|p| p.id.get().is_some_and(|i| i == id))
        .unwrap_or_else(|| panic!("no port {id}"))
}

#[test]
fn the_bundled_record_loads_names_only_bundled_specs_and_is_bound_to_them() {
    let parsed = parse(BUNDLED).unwrap_or_else(|e| panic!("{:#?}", messages(&e)));
    assert_eq!(parsed.events.len(), record().events.len());
    assert!(
        library().unreadable.is_empty(),
        "{:?}",
        library().unreadable
    );
    let (errors, warnings) = names::check(record(), library());
    assert!(
        errors.is_none(),
        "{:#?}",
        errors.map(|e| messages(&e)).unwrap_or_default()
    );
    let shown: Vec<String> = warnings.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        shown.is_empty(),
        "events no longer bound:\n{}",
        shown.join("\n")
    );
    // Every kind the issue asks for is in the record, except an EVA
    // transfer: Soyuz 4/5 (1969) flew vehicles the library does not have.
    for kind in model::KINDS.iter().filter(|k| **k != "eva_transfer") {
        assert!(
            record()
                .events
                .iter()
                .any(|e| e.demonstrated().is_some_and(|d| d.key() == *kind)),
            "no {kind} event"
        );
    }
}

#[test]
fn a_docking_is_found_by_its_port_pair_in_either_order_and_cited_with_its_source() {
    let (soyuz, iss) = (vehicle("soyuz-ms"), vehicle("iss"));
    let found = record().docked(At::new(&soyuz, "forward"), At::new(&iss, "poisk"));
    assert_eq!(ids(&found), ["soyuz-ms-23-docks-to-poisk"]);
    assert_eq!(
        found[0].evidence(),
        "Soyuz MS-23: soyuz-ms port forward docked to iss port poisk, 26 Feb 2023 [MS23]"
    );
    let reversed = record().docked(At::new(&iss, "poisk"), At::new(&soyuz, "forward"));
    assert_eq!(ids(&reversed), ids(&found));
    // Rassvet saw two Soyuz MS dockings, in date order.
    let rassvet = record().docked(At::new(&soyuz, "forward"), At::new(&iss, "rassvet"));
    assert_eq!(
        ids(&rassvet),
        [
            "soyuz-ms-17-docks-to-rassvet",
            "soyuz-ms-22-docks-to-rassvet"
        ]
    );
    // A port nothing docked to answers nothing.
    assert!(
        record()
            .docked(At::new(&soyuz, "forward"), At::new(&iss, "zvezda-aft"))
            .is_empty()
    );
}

#[test]
fn a_docking_with_roles_asked_for_answers_only_the_chaser_that_flew_in() {
    let (dm, soyuz) = (vehicle("astp-docking-module"), vehicle("soyuz-7k-tm-1975"));
    let (dm_apas, soyuz_apas) = (At::new(&dm, "apas-75"), At::new(&soyuz, "apas-75"));
    assert_eq!(
        ids(&record().docked_as(dm_apas, soyuz_apas)),
        ["astp-apollo-docks-to-soyuz-19"]
    );
    assert_eq!(
        ids(&record().docked_as(soyuz_apas, dm_apas)),
        ["astp-soyuz-19-redocks-as-chaser"]
    );
    assert_eq!(record().docked(dm_apas, soyuz_apas).len(), 2);
    let csm = vehicle("apollo-csm-1975");
    assert_eq!(
        ids(&record().docked(At::new(&csm, "forward"), At::new(&dm, "apollo-drogue"))),
        ["astp-csm-docks-to-docking-module"]
    );
}

#[test]
fn the_crew_9_and_starliner_dockings_name_the_harmony_ports_the_sources_name() {
    let (dragon, starliner, iss) = (vehicle("crew-dragon"), vehicle("starliner"), vehicle("iss"));
    assert_eq!(
        ids(&record().docked(At::new(&dragon, "nose"), At::new(&iss, "ida-2"))),
        ["crew-9-docks-to-harmony-forward"]
    );
    assert_eq!(
        ids(&record().docked(At::new(&dragon, "nose"), At::new(&iss, "ida-3"))),
        ["crew-9-relocates-to-harmony-zenith"]
    );
    assert_eq!(
        ids(&record().docked(At::new(&starliner, "docking-port"), At::new(&iss, "ida-2"))),
        ["starliner-cft-docks-to-harmony-forward"]
    );
}

#[test]
fn an_event_whose_source_names_no_port_answers_no_port_exact_question() {
    let (shenzhou, tiangong) = (vehicle("shenzhou"), vehicle("tiangong"));
    for port in ["tianhe-forward", "tianhe-nadir", "tianhe-aft"] {
        let found = record().docked(At::new(&shenzhou, "forward"), At::new(&tiangong, port));
        assert!(
            !ids(&found).contains(&"shenzhou-20-docks-to-tianhe".to_string()),
            "{port}"
        );
    }
    let forward = record().docked(
        At::new(&shenzhou, "forward"),
        At::new(&tiangong, "tianhe-forward"),
    );
    assert_eq!(
        ids(&forward),
        [
            "shenzhou-12-docks-to-tianhe-forward",
            "shenzhou-21-docks-to-tianhe-forward",
            "shenzhou-22-docks-to-tianhe-forward"
        ]
    );
    // It is history all the same, and the applicability says why it
    // decides nothing.
    assert!(ids(&record().naming("tiangong")).contains(&"shenzhou-20-docks-to-tianhe".to_string()));
    let standing = record().applicability(&tiangong);
    let not_exact: Vec<&str> = standing.not_exact.iter().map(|(e, _)| e.id()).collect();
    assert_eq!(not_exact, ["shenzhou-20-docks-to-tianhe"]);
    assert_eq!(
        standing.not_exact[0].1[0].to_string(),
        "the source does not say which port"
    );
    assert!(
        record()
            .get("shenzhou-20-docks-to-tianhe")
            .map(Event::evidence)
            .is_some_and(|e| e.contains("tiangong (port not stated)"))
    );
}

#[test]
fn a_changed_port_standard_drops_the_docking_and_says_what_changed() {
    let soyuz = vehicle("soyuz-ms");
    let mut iss = vehicle("iss");
    port_mut(&mut iss, "poisk").standard = Field::known("apas-95".to_string());
    assert!(
        record()
            .docked(At::new(&soyuz, "forward"), At::new(&iss, "poisk"))
            .is_empty()
    );
    let standing = record().applicability(&iss);
    let (event, reasons) = standing
        .dropped
        .iter()
        .find(|(e, _)| e.id() == "soyuz-ms-23-docks-to-poisk")
        .unwrap_or_else(|| panic!("not dropped"));
    assert_eq!(event.id(), "soyuz-ms-23-docks-to-poisk");
    assert_eq!(
        reasons[0].to_string(),
        "ports[poisk].standard was 'ssvp-g4000' when it flew; the spec now gives 'apas-95'"
    );
    // The other ports' events still apply.
    assert!(
        standing
            .applies
            .iter()
            .any(|(e, _)| e.id() == "soyuz-ms-17-docks-to-rassvet")
    );
}

#[test]
fn a_revision_loses_exactly_the_events_resting_on_what_it_changed() {
    let old = vehicle("iss");
    let mut new = old.clone();
    port_mut(&mut new, "ida-2").roles = Field::known(vec![Role::Active, Role::Passive]);
    let lost = record().lost_by_revision(&old, &new);
    let lost_ids: Vec<&str> = lost.iter().map(|(e, _)| e.id()).collect();
    assert_eq!(
        lost_ids,
        [
            "starliner-cft-docks-to-harmony-forward",
            "crew-9-docks-to-harmony-forward"
        ]
    );
    assert!(
        lost[0].1[0]
            .to_string()
            .starts_with("ports[ida-2].roles was ['passive'] when it flew")
    );
    assert!(record().lost_by_revision(&old, &old).is_empty());
}

#[test]
fn changed_roles_a_removed_port_or_a_value_now_given_drop_the_event() {
    let soyuz = vehicle("soyuz-ms");
    let iss = vehicle("iss");
    let mut both_roles = soyuz.clone();
    port_mut(&mut both_roles, "forward").roles = Field::known(vec![Role::Active, Role::Passive]);
    assert!(
        record()
            .docked(At::new(&both_roles, "forward"), At::new(&iss, "poisk"))
            .is_empty()
    );
    let mut no_port = iss.clone();
    no_port
        .ports
        .retain(|p| p.id.get().is_none_or(|i| i != "poisk"));
    let standing = record().applicability(&no_port);
    let reasons: Vec<String> = standing
        .dropped
        .iter()
        .flat_map(|(_, r)| r.iter().map(ToString::to_string))
        .collect();
    assert_eq!(reasons, ["ports[poisk] is not in the spec any more"]);
    // A field bound to "unknown" that a revision now gives.
    let mut given = vehicle("apollo-csm-1975");
    given.consumables.o2_mass =
        Field::known(uom::si::f64::Mass::new::<uom::si::mass::kilogram>(100.0));
    assert!(
        record()
            .sustained(&given, 3, Time::new::<day>(9.0))
            .is_empty()
    );
    let dropped = record().applicability(&given).dropped;
    assert_eq!(
        dropped[0].1[0].to_string(),
        "consumables.o2_mass was unknown when it flew; the spec now gives '100 kg'"
    );
}

#[test]
fn a_new_revision_text_with_the_fields_unchanged_keeps_the_event_and_notes_it() {
    let mut soyuz = vehicle("soyuz-ms");
    soyuz.info.revision = Field::known("Soyuz MS, 2024 revision".to_string());
    let iss = vehicle("iss");
    assert_eq!(
        record()
            .docked(At::new(&soyuz, "forward"), At::new(&iss, "poisk"))
            .len(),
        1
    );
    let standing = record().applicability(&soyuz);
    let (_, notes) = standing
        .applies
        .iter()
        .find(|(e, _)| e.id() == "soyuz-ms-23-docks-to-poisk")
        .unwrap_or_else(|| panic!("dropped"));
    assert_eq!(
        notes[0].to_string(),
        "soyuz-ms flew at revision 'Soyuz MS, first flight MS-01 (7 Jul 2016)'; the spec is now 'Soyuz MS, 2024 revision', with the fields the event rests on unchanged"
    );
    // Shenzhou-12 flew when Tiangong was Tianhe alone: the port is the same.
    let tiangong = vehicle("tiangong");
    let applies = record().applicability(&tiangong).applies;
    let (_, notes) = applies
        .iter()
        .find(|(e, _)| e.id() == "shenzhou-12-docks-to-tianhe-forward")
        .unwrap_or_else(|| panic!("dropped"));
    assert_eq!(notes.len(), 1);
}

#[test]
fn the_same_value_in_other_units_or_order_is_no_change() {
    let mut csm = vehicle("apollo-csm-1975");
    let dm = vehicle("astp-docking-module");
    // "32 in" written as 812.8 mm.
    port_mut(&mut csm, "forward").passage_diameter = Field::known(Length::new::<millimeter>(812.8));
    assert!(record().applicability(&csm).dropped.is_empty());
    let mut soyuz = vehicle("soyuz-7k-tm-1975");
    port_mut(&mut soyuz, "apas-75").roles = Field::known(vec![Role::Passive, Role::Active]);
    assert_eq!(
        record()
            .docked(At::new(&soyuz, "apas-75"), At::new(&dm, "apas-75"))
            .len(),
        2
    );
    // 33 in is another passage.
    port_mut(&mut csm, "forward").passage_diameter = Field::known(Length::new::<inch>(33.0));
    let dropped = record().applicability(&csm).dropped;
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert_eq!(dropped[0].0.id(), "astp-crossing-csm-tunnel");
}

#[test]
fn a_crossing_answers_only_the_way_its_source_states() {
    let (dm, soyuz) = (vehicle("astp-docking-module"), vehicle("soyuz-7k-tm-1975"));
    // The ASTP sources do not say what the crews wore: no way is answered.
    for way in [Way::ShirtSleeved, Way::Suited, Way::Stretcher] {
        assert!(
            record()
                .crossed(
                    At::new(&dm, "apas-75"),
                    At::new(&soyuz, "apas-75"),
                    way,
                    None
                )
                .is_empty()
        );
    }
    let text = BUNDLED.replace(
        "way = { value = \"unknown\", note = \"the sources read do not say what the crews wore through the Docking Module\" }\n\n[events.crossing.a]\nvehicle = \"astp-docking-module\"",
        "way = \"suited\"\nsuit = \"sokol-kv2\"\n\n[events.crossing.a]\nvehicle = \"astp-docking-module\"",
    );
    let suited = parse(&text).unwrap_or_else(|e| panic!("{:#?}", messages(&e)));
    let (a, b) = (At::new(&dm, "apas-75"), At::new(&soyuz, "apas-75"));
    assert_eq!(
        ids(&suited.crossed(b, a, Way::Suited, Some("sokol-kv2"))),
        ["astp-crossing-apas-75"]
    );
    assert_eq!(suited.crossed(a, b, Way::Suited, None).len(), 1);
    assert!(suited.crossed(a, b, Way::Suited, Some("emu")).is_empty());
    assert!(suited.crossed(a, b, Way::ShirtSleeved, None).is_empty());
    assert!(suited.get("astp-crossing-apas-75").is_some_and(|e| {
        e.evidence()
            .contains("crew crossed suited (sokol-kv2) between astp-docking-module port apas-75")
    }));
    // A passage that changed drops the crossing.
    let mut wider = soyuz.clone();
    port_mut(&mut wider, "apas-75").passage_diameter =
        Field::known(Length::new::<millimeter>(800.0));
    assert!(
        suited
            .crossed(a, At::new(&wider, "apas-75"), Way::Suited, None)
            .is_empty()
    );
}

#[test]
fn a_voice_link_is_found_by_its_radios_and_dropped_by_a_changed_channel() {
    let (csm, soyuz) = (vehicle("apollo-csm-1975"), vehicle("soyuz-7k-tm-1975"));
    let (a, b) = (
        At::new(&csm, "vhf-air-to-air"),
        At::new(&soyuz, "air-to-air"),
    );
    let found = record().voice(b, a);
    assert_eq!(ids(&found), ["astp-voice-apollo-soyuz"]);
    assert!(found[0].evidence().ends_with(", 17 Jul 1975 [SP4209-CH11]"));
    assert!(record().voice(At::new(&csm, "vhf-am"), b).is_empty());
    let mut am = csm.clone();
    if let Some(radio) = am
        .radios
        .iter_mut()
        .find(|r| r.id.get().is_some_and(|i| i == "vhf-air-to-air"))
    {
        radio.modulation = Field::known(Modulation::new("am").unwrap_or_else(|| panic!("am")));
    }
    assert!(record().voice(At::new(&am, "vhf-air-to-air"), b).is_empty());
    // A frequency now published where the record was bound to unknown.
    let mut given = soyuz.clone();
    if let Some(radio) = given.radios.first_mut() {
        radio.tx_frequencies = Field::known(vec![uom::si::f64::Frequency::new::<
            uom::si::frequency::megahertz,
        >(121.75)]);
    }
    let dropped = record().applicability(&given).dropped;
    assert_eq!(dropped.len(), 1);
    assert!(
        dropped[0].1[0]
            .to_string()
            .starts_with("radios[air-to-air].tx_frequencies was unknown when it flew")
    );
}

#[test]
fn a_suit_connection_is_found_by_suit_and_outlet_and_dropped_by_either_changing() {
    let dragon = vehicle("crew-dragon");
    let spacex = suit("spacex-iva");
    let outlet = At::new(&dragon, "seat-umbilicals");
    assert_eq!(
        ids(&record().suit_plugged(&spacex, outlet)),
        ["crew-9-returns-cft-crew-in-spacex-suits"]
    );
    assert!(
        record()
            .suit_plugged(&suit("boeing-blue"), outlet)
            .is_empty()
    );
    let mut other = spacex.clone();
    other.umbilical = Field::known(Umbilical::new("x-new-hose").unwrap_or_else(|| panic!("x-")));
    assert!(record().suit_plugged(&other, outlet).is_empty());
    let mut changed = dragon.clone();
    if let Some(o) = changed.oxygen_outlets.first_mut() {
        o.connector = Field::known(Umbilical::new("x-new-hose").unwrap_or_else(|| panic!("x-")));
    }
    assert!(
        record()
            .suit_plugged(&spacex, At::new(&changed, "seat-umbilicals"))
            .is_empty()
    );
    let dropped = record().applicability(&changed).dropped;
    assert_eq!(dropped.len(), 1);
    // The suit Dragon carries is checked with it.
    let mut carried = dragon.clone();
    if let Some(s) = carried.suits.first_mut() {
        s.suit.umbilical =
            Field::known(Umbilical::new("x-new-hose").unwrap_or_else(|| panic!("x-")));
    }
    let dropped = record().applicability(&carried).dropped;
    assert!(
        dropped[0].1[0]
            .to_string()
            .starts_with("suits[spacex-iva].umbilical was 'spacex-thigh'")
    );
}

#[test]
fn sustained_answers_at_least_the_crew_and_time_it_flew() {
    let csm = vehicle("apollo-csm-1975");
    let nine = Time::new::<day>(9.0);
    assert_eq!(
        ids(&record().sustained(&csm, 3, nine)),
        ["astp-apollo-sustains-three"]
    );
    assert_eq!(record().sustained(&csm, 2, nine).len(), 1);
    assert!(record().sustained(&csm, 4, nine).is_empty());
    assert!(
        record()
            .sustained(&csm, 3, Time::new::<day>(9.1))
            .is_empty()
    );
    let soyuz = vehicle("soyuz-7k-tm-1975");
    assert!(record().sustained(&soyuz, 2, nine).is_empty());
    assert_eq!(
        record().sustained(&soyuz, 2, Time::new::<day>(5.9)).len(),
        1
    );
}

#[test]
fn a_liner_move_is_directed_and_rests_on_both_seat_policies() {
    let (soyuz, dragon) = (vehicle("soyuz-ms"), vehicle("crew-dragon"));
    let found = record().liner_moved(&soyuz, &dragon);
    assert_eq!(ids(&found), ["rubio-liner-to-crew-5-dragon"]);
    assert_eq!(
        found[0].evidence(),
        "Soyuz MS-22 contingency (Crew-5 Dragon Endurance): seat liner moved from soyuz-ms into crew-dragon, between 17 Jan and 18 Jan 2023 [ROS-MS22]"
    );
    assert!(record().liner_moved(&dragon, &soyuz).is_empty());
    assert_eq!(
        ids(&record().liner_moved(&soyuz, &soyuz)),
        ["ms-22-liners-to-ms-23"]
    );
    let mut universal = dragon.clone();
    universal.crew.seat_liners = Field::known(SeatLiners::Universal);
    assert!(record().liner_moved(&soyuz, &universal).is_empty());
}

/// A record with one EVA transfer, for the kind the bundled record lacks.
const EVA: &str = r#"
format = 1
[[events]]
id = "eva-test"
date = "1969-01-16"
mission = "A test transfer"
source = "RP1357"
[events.eva_transfer]
crew = 2
[events.eva_transfer.from]
vehicle = "iss"
revision = "after IDA-3 installation (Aug 2019)"
rests_on = { airlock = true, depressurizable_cabin = "unknown", hatch_diameter = "1 m" }
[events.eva_transfer.to]
vehicle = "apollo-csm-1975"
revision = "Block II CSM flown 15-24 Jul 1975 (ASTP), the last Apollo flight"
rests_on = { airlock = false, depressurizable_cabin = true, hatch_diameter = "unknown" }
[events.eva_transfer.suit]
id = "orlan-mks"
rests_on = { class = "eva", self_contained_endurance = "7 h", min_passage_diameter = "unknown" }
"#;

#[test]
fn an_eva_transfer_rests_on_both_egresses_and_the_suit() {
    let eva = parse(EVA).unwrap_or_else(|e| panic!("{:#?}", messages(&e)));
    let mut iss = vehicle("iss");
    iss.eva.airlock = Field::known(true);
    iss.eva.depressurizable_cabin = Field::default();
    iss.eva.hatch_diameter = Field::known(Length::new::<millimeter>(1000.0));
    let mut csm = vehicle("apollo-csm-1975");
    csm.eva.airlock = Field::known(false);
    csm.eva.depressurizable_cabin = Field::known(true);
    csm.eva.hatch_diameter = Field::default();
    let mut orlan = suit("orlan-mks");
    orlan.class = Field::known(SuitClass::Eva);
    orlan.self_contained_endurance = Field::known(Time::new::<uom::si::time::hour>(7.0));
    orlan.min_passage_diameter = Field::default();
    assert_eq!(ids(&eva.eva_transfer(&iss, &csm, &orlan)), ["eva-test"]);
    assert!(eva.eva_transfer(&csm, &iss, &orlan).is_empty());
    let mut iva = orlan.clone();
    iva.class = Field::known(SuitClass::Iva);
    assert!(eva.eva_transfer(&iss, &csm, &iva).is_empty());
    let mut narrow = iss.clone();
    narrow.eva.hatch_diameter = Field::known(Length::new::<millimeter>(700.0));
    assert!(eva.eva_transfer(&narrow, &csm, &orlan).is_empty());
    assert!(eva.events[0].evidence().starts_with(
        "A test transfer: EVA transfer from iss to apollo-csm-1975 in orlan-mks suits, 16 Jan 1969"
    ));
}

#[test]
fn every_problem_of_a_record_comes_with_its_line_and_field() {
    let text = r#"format = 1

[[events]]
id = "Bad_Id"
date = "2023-02-30"
mission = "X"
source = "ms23"
[events.docking.chaser]
vehicle = "soyuz-ms"
revision = "r"
port = "forward"
rest_on = { standard = "ssvp-g4000", roles = ["active"] }
[events.docking.target]
vehicle = "iss"
revision = "r"
port = "poisk"
rests_on = { standard = "ssvp-g4000" }

[[events]]
id = "two"
mission = "Y"
source = "MS23"
[events.voice.a]
vehicle = "iss"
revision = "r"
radio = { value = "unknown" }
[events.sustained]
vehicle = "iss"
revision = "r"
crew = 0
duration = "3 d"

[[events]]
id = "two"
date = "2023-01-01"
mission = "Z"
source = "MS23"
[events.crossing]
way = "shirt-sleeved"
suit = "sokol-kv2"
[events.crossing.a]
vehicle = "soyuz-ms"
revision = "r"
port = "forward"
rests_on = { standard = "ssvp-g4000", passage_diameter = "800 m/s" }

[[events]]
id = "nothing"
date = "2023-01-01"
mission = "Z"
source = "MS23"
"#;
    let errors = parse(text).unwrap_err();
    let shown = messages(&errors);
    let find = |needle: &str| {
        shown
            .iter()
            .find(|m| m.contains(needle))
            .unwrap_or_else(|| panic!("no '{needle}' in {shown:#?}"))
            .clone()
    };
    assert!(find("unknown field 'rest_on'").contains("did you mean 'rests_on'"));
    assert!(find("unknown field 'rest_on'").contains("flight-record.toml:12:"));
    assert!(find("'2023-02-30', not a calendar date").contains(":5:"));
    assert!(find("events[Bad_Id].id").contains("kebab-case"));
    assert!(find("'ms23'").contains("events[Bad_Id].source"));
    assert!(
        find("rests_on does not give roles").contains("events[Bad_Id].docking.target.rests_on")
    );
    assert!(find("required field 'date' is missing").contains("events[two].date"));
    assert!(find("2 kinds (voice, sustained)").contains("events[two]"));
    assert!(find("'radio' is \"unknown\" without a note").contains("events[two].voice.a.radio"));
    assert!(find("0; a flown event counts at least one").contains("events[two].sustained.crew"));
    assert!(find("the id 'two' is used twice").contains(":34:"));
    assert!(
        find("a suit is named for a crew that crossed shirt-sleeved").contains("crossing.suit")
    );
    assert!(find("'800 m/s' is a speed").contains("crossing.a.rests_on.passage_diameter"));
    assert!(find("says nothing it demonstrated").contains("events[nothing]"));
}

#[test]
fn names_no_spec_has_are_errors_with_a_suggestion() {
    let text = BUNDLED
        .replacen("port = \"poisk\"", "port = \"poisc\"", 1)
        .replacen("vehicle = \"crew-dragon\"", "vehicle = \"crew-dargon\"", 1)
        .replacen("id = \"spacex-iva\"", "id = \"spacex-eva\"", 1);
    let broken = parse(&text).unwrap_or_else(|e| panic!("{:#?}", messages(&e)));
    let (errors, _) = names::check(&broken, library());
    let shown = errors.map(|e| messages(&e)).unwrap_or_default();
    let find = |needle: &str| {
        shown
            .iter()
            .find(|m| m.contains(needle))
            .unwrap_or_else(|| panic!("no '{needle}' in {shown:#?}"))
            .clone()
    };
    let poisk = find("iss has no port 'poisc'");
    assert!(poisk.contains("did you mean 'poisk'"), "{poisk}");
    assert!(poisk.contains("events[soyuz-ms-23-docks-to-poisk].docking.target.port"));
    assert!(find("no vehicle 'crew-dargon'").contains("did you mean 'crew-dragon'"));
    assert!(find("no suit 'spacex-eva'").contains("did you mean 'spacex-iva'"));
}

#[test]
fn a_spec_that_no_longer_supports_an_event_is_a_warning_naming_the_field() {
    let mut changed = SpecLibrary {
        vehicles: library().vehicles.clone(),
        suits: library().suits.clone(),
        ..SpecLibrary::default()
    };
    if let Some(iss) = changed.vehicles.iter_mut().find(|v| v.id == "iss") {
        port_mut(iss, "ida-2").roles = Field::known(vec![Role::Active, Role::Passive]);
    }
    let (errors, warnings) = names::check(record(), &changed);
    assert!(errors.is_none());
    let shown: Vec<String> = warnings.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(shown[0].contains(
        "event 'starliner-cft-docks-to-harmony-forward' no longer applies: iss: ports[ida-2].roles was ['passive'] when it flew; the spec now gives ['active', 'passive']"
    ));
}

#[test]
fn an_empty_record_decides_nothing_and_the_record_beside_the_specs_is_used() {
    let empty =
        parse("format = 1\nevents = []\n").unwrap_or_else(|e| panic!("{:#?}", messages(&e)));
    assert!(empty.events.is_empty());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vehicles = dir.path().join("vehicles");
    std::fs::create_dir(&vehicles).unwrap_or_else(|e| panic!("{e}"));
    let spec = vehicles.join("x.toml");
    assert!(FlightRecord::find(&[spec.as_path()]).is_none());
    let bundled = FlightRecord::for_specs(&[spec.as_path()]).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(bundled.events.len(), record().events.len());
    std::fs::write(dir.path().join(FILE_NAME), "format = 1\nevents = []\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let beside = FlightRecord::for_specs(&[spec.as_path()]).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(beside.events.is_empty());
    std::fs::write(dir.path().join(FILE_NAME), "format = 2\n").unwrap_or_else(|e| panic!("{e}"));
    let errors = FlightRecord::for_specs(&[spec.as_path()]).unwrap_err();
    assert!(messages(&errors)[0].contains("format version 2"));
}
