//! The reach data of the bundled specs: every vehicle carries a `[reach]`
//! table and every station an `[orbit]` (rovers a `[mobility]` instead, and
//! habitats in orbit an `[orbit]`), and the facts the reach issue
//! starts from come out of the data and the physics as published.

use rescue_interop::physics::orbit::{self, LaunchAzimuths};
use rescue_interop::spec::launch_sites::DirectAscent;
use rescue_interop::spec::{LaunchSites, Regime, Vehicle, VehicleKind, load_vehicle};
use uom::si::angle::degree;
use uom::si::f64::Time;
use uom::si::length::kilometer;
use uom::si::time::{day, hour};
use uom::si::velocity::{kilometer_per_second, meter_per_second};

fn vehicle(id: &str) -> Vehicle {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("specs/vehicles")
        .join(format!("{id}.toml"));
    load_vehicle(&path).unwrap_or_else(|e| panic!("{id}: {:?}", e.diagnostics))
}

fn bundled() -> Vec<Vehicle> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/vehicles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("specs/vehicles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| load_vehicle(p).unwrap_or_else(|e| panic!("{}: {:?}", p.display(), e.diagnostics)))
        .collect()
}

#[test]
fn every_bundled_vehicle_says_how_it_reaches_a_crew() {
    for v in bundled() {
        // A rover is delivered by a lander and drives: no launch, orbit or
        // docking of its own (its [mobility] says how it moves).
        if v.kind == VehicleKind::Rover {
            assert!(
                v.mobility.is_written(),
                "{}: a rover without [mobility]",
                v.id
            );
            continue;
        }
        // A habitat in orbit is a station's part: where it flies and how
        // long it can shelter a crew.
        if v.kind == VehicleKind::Habitat {
            if v.operates_in(Regime::LunarSurface) != Some(true) {
                assert!(v.orbit.kind.value().is_some(), "{}: orbit.kind", v.id);
                assert!(
                    v.orbit.altitude_band().is_some(),
                    "{}: orbit altitudes",
                    v.id
                );
            }
            assert!(v.reach.safe_haven_endurance.is_written(), "{}", v.id);
            continue;
        }
        if v.kind == VehicleKind::Station {
            assert!(
                v.orbit.inclination().is_some(),
                "{}: orbit.inclination",
                v.id
            );
            assert!(
                v.orbit.altitude_band().is_some(),
                "{}: orbit altitudes",
                v.id
            );
            assert!(v.reach.safe_haven_endurance.is_written(), "{}", v.id);
            continue;
        }
        let r = &v.reach;
        for (name, written) in [
            ("launch_sites", r.launch_sites.is_written()),
            ("delta_v", r.delta_v.is_written()),
            ("delta_v_reserved", r.delta_v_reserved.is_written()),
            ("rendezvous", r.rendezvous.is_written()),
            ("readiness", r.readiness.is_written()),
            ("standby", r.standby.is_written()),
            ("docked_endurance", r.docked_endurance.is_written()),
            (
                "free_flight_endurance",
                r.free_flight_endurance.is_written(),
            ),
            ("cislunar", r.cislunar.is_written()),
        ] {
            assert!(
                written,
                "{}: reach.{name} is neither given nor written unknown",
                v.id
            );
        }
        // No vehicle's reserve is published (reach.md fact 42).
        assert!(r.delta_v_reserved.is_unknown(), "{}", v.id);
        assert!(r.delta_v_reserved.note.is_some(), "{}", v.id);
    }
}

#[test]
fn soyuz_from_baikonur_cannot_reach_tiangong() {
    // UNIV22: Russian spacecraft "simply cannot physically reach" the
    // Chinese station; the site's latitude is above its inclination.
    let soyuz = vehicle("soyuz-ms");
    let tiangong = vehicle("tiangong");
    let sites = LaunchSites::bundled();
    let site_id = &soyuz.reach.launch_sites.get().expect("launch sites")[0];
    let site = sites.get(site_id).expect("site listed");
    let inclination = tiangong
        .orbit
        .inclination()
        .expect("Tiangong's inclination");
    match site.direct_ascent(inclination) {
        DirectAscent::BelowLatitude {
            minimum_inclination,
        } => {
            assert!(minimum_inclination > inclination);
            assert!((minimum_inclination.get::<degree>() - 45.96).abs() < 1e-9);
        }
        other => panic!("{other:?}"),
    }
    // From the ISS's plane the best case (nodes aligned) is a 10 deg plane
    // change, about 1.35 km/s: over three times the Soyuz's 390 m/s.
    let iss = vehicle("iss");
    let theta = orbit::plane_angle(
        iss.orbit.inclination().expect("ISS"),
        orbit::degrees(0.0),
        inclination,
        orbit::degrees(0.0),
    )
    .expect("angle");
    let speed = orbit::circular_speed(
        tiangong
            .orbit
            .altitude_band()
            .and_then(|b| b.typical())
            .expect("altitude"),
    )
    .expect("speed");
    let needed = orbit::plane_change_delta_v(speed, theta).expect("dv");
    assert!(
        (needed.get::<kilometer_per_second>() - 1.35).abs() < 0.03,
        "{needed:?}"
    );
    let budget = soyuz.reach.delta_v_budget().expect("budget").delta_v();
    assert!((budget.get::<meter_per_second>() - 390.0).abs() < 1e-9);
    assert!(needed > budget * 3.0);
}

#[test]
fn shenzhou_from_jiuquan_reaches_the_iss_plane_by_geometry_but_range_limits_are_unknown() {
    let shenzhou = vehicle("shenzhou");
    let iss = vehicle("iss");
    let sites = LaunchSites::bundled();
    let site = sites
        .get(&shenzhou.reach.launch_sites.get().expect("sites")[0])
        .expect("Jiuquan listed");
    assert!((site.latitude.value().expect("latitude").0.get::<degree>() - 40.96).abs() < 0.01);
    match site.direct_ascent(iss.orbit.inclination().expect("ISS")) {
        DirectAscent::LimitsUnknown { azimuths } => {
            // reach.md fact 19 (derived): 55.2 or 124.8 deg.
            assert_eq!(azimuths.len(), 2);
            assert!((azimuths[0].get::<degree>() - 55.2).abs() < 0.2);
        }
        other => panic!("{other:?}"),
    }
    assert!(site.azimuth_ranges.is_unknown() && site.azimuth_ranges.is_written());
    // Shenzhou's own 380 m/s cannot make up the plane change either.
    let budget = shenzhou.reach.delta_v_budget().expect("budget").delta_v();
    assert!(budget.get::<meter_per_second>() < 400.0);
}

#[test]
fn the_cape_reaches_both_stations_and_vostochny_misses_the_iss_by_a_quarter_degree() {
    let sites = LaunchSites::bundled();
    let cape = sites.get("cape-canaveral").expect("cape");
    for inclination in [51.64, 41.5] {
        assert!(
            matches!(
                cape.direct_ascent(orbit::degrees(inclination)),
                DirectAscent::Reaches { .. }
            ),
            "{inclination}"
        );
    }
    let vostochny = sites.get("vostochny").expect("vostochny");
    assert!(matches!(
        vostochny.direct_ascent(orbit::degrees(51.64)),
        DirectAscent::BelowLatitude { .. }
    ));
    // The Vostochny ISS route is licensed for automatic vehicles only.
    assert_eq!(vostochny.crewed_routes().count(), 0);
    assert!(matches!(
        orbit::launch_azimuths(orbit::degrees(51.88), orbit::degrees(51.64)),
        Some(LaunchAzimuths::Unreachable { .. })
    ));
}

#[test]
fn shenzhou_standby_arrives_in_about_nine_days_soyuz_in_about_six_weeks() {
    // Readiness + rendezvous + dock to hatch, the launch window taken as
    // known: Shenzhou's standby (8.5-9 d) against Shenzhou-22's 11 days from
    // the crew losing its ride home to the replacement docking (SZ22).
    let shenzhou = vehicle("shenzhou")
        .reach
        .time_to_arrive(Some(Time::new::<hour>(0.0)));
    let total = shenzhou.total().expect("all steps known").get::<day>();
    assert!(total > 8.5 && total < 11.0, "{shenzhou}");
    // Soyuz MS-23: 44 d from the decision to launch, then docking 2 d later
    // on the slow profile; the spec's nominal profile gives about 44.3 d.
    let soyuz = vehicle("soyuz-ms")
        .reach
        .time_to_arrive(Some(Time::new::<hour>(0.0)));
    let total = soyuz.total().expect("all steps known").get::<day>();
    assert!(total > 44.0 && total < 46.5, "{soyuz}");
    // Starliner's readiness is not published: the sum stays open.
    let starliner = vehicle("starliner").reach.time_to_arrive(None);
    assert_eq!(starliner.total(), None);
}

#[test]
fn stations_orbits_come_out_as_published() {
    let tiangong = vehicle("tiangong");
    let band = tiangong.orbit.altitude_band().expect("band");
    assert_eq!(band.min.map(|l| l.get::<kilometer>().round()), Some(340.0));
    assert_eq!(band.max.map(|l| l.get::<kilometer>().round()), Some(450.0));
    // The node drifts west about 6 deg a day at Tiangong's altitude band.
    let rate = tiangong.orbit.node_rate().expect("rate");
    let per_day = rate.value.to_degrees() * 86_400.0;
    assert!(per_day < -5.5 && per_day > -6.5, "{per_day}");
    let iss = vehicle("iss");
    assert!((iss.orbit.inclination().expect("ISS").get::<degree>() - 51.64).abs() < 1e-9);
}
