//! REACH-001 direct-ascent: a launch site of the rescuer reaches the crew's
//! orbit plane by direct ascent.
//!
//! A rocket launched from latitude φ on azimuth β enters an orbit of
//! inclination i with cos i = cos φ sin β, so no direct ascent reaches an
//! inclination below the site's latitude, and range safety narrows the
//! azimuths further. Baikonur (45.96° N, launches to 51.6° and up) cannot
//! reach Tiangong's 41.5°, as Russian and Chinese officials have both said;
//! a plane change after insertion costs far more than a capsule carries
//! (REACH-002). Jiuquan (40.96° N) reaches the ISS's 51.6° by geometry, but
//! whether its range allows that azimuth with a crew is not published.

use uom::si::f64::Angle;

use super::{deg, launch_sites, site_field, target};
use crate::physics::orbit;
use crate::rules::helpers::named;
use crate::rules::{
    ANY_MODE, Context, Evidence, FieldRef, FindingBody, Measure, Party, Phase, Rule, RuleDocs,
    Severity, Sink,
};
use crate::spec::LaunchSites;
use crate::spec::launch_sites::{DirectAscent, LaunchSite};

pub static RULE: Rule = Rule {
    id: "REACH-001",
    name: "direct-ascent",
    phase: Phase::Reach,
    modes: ANY_MODE,
    default_severity: Severity::Blocking,
    symmetric: false,
    reference: "reach.md §2 (cos i = cos φ sin β: ORBW, CURTIS Eq. 6.24, SATOBS96; Baikonur and Tiangong: NASA-ISSQA, UNIV22, MEZHA22)",
    summary: "A launch site of the rescuer reaches the crew's orbit plane by direct ascent",
    docs: RuleDocs {
        what_it_checks: "For each site in the rescuer's reach.launch_sites (looked up in specs/launch-sites.toml), whether a launch reaches the inclination of the orbit the crew is in (the station's orbit.inclination when they wait at a station, else their vehicle's): first by geometry (no direct ascent reaches an inclination below the site's latitude), then within the site's published azimuth_ranges or inclination_ranges; a route of the site (routes[].inclination) flown to that inclination, within 0.1 deg, settles it. Passes when one site reaches it; blocking when every site is known not to; unknown, naming the fields, when a site's latitude or limits, the rescuer's launch sites or the crew's inclination are not given. Judged for a rescuer launched from the ground (a capsule or winged orbiter) toward a crew in Earth orbit; not judged when neither the crew's location has an [orbit] nor the rescuer a [reach] table.",
        why_it_blocks: "A rescuer that cannot be launched into the crew's orbit plane must change plane in orbit, and a plane change of a few degrees costs more than any crew capsule carries (REACH-002).",
        example: "Soyuz MS from Baikonur (45.96 deg N, launches to 51.6 deg and up) to Tiangong (41.5 deg): blocking, the site reaches no lower than 51.6 deg. Crew Dragon from Cape Canaveral (28.52 deg N, azimuths 35 to 120 deg) to Tiangong: passes, on an azimuth of about 58.5 deg. Shenzhou from Jiuquan (40.96 deg N) to the ISS (51.64 deg): unknown, the geometry allows it but the site's allowed azimuths are not published.",
        how_to_resolve: "Launch from another site whose latitude is at or below the target's inclination and whose range allows the azimuth (Roscosmos discussed Kourou for Tiangong in 2021, LED21), or rescue from an orbit that is in the crew's plane.",
        tolerances: "0.1 deg against a flown route's inclination (routes are published to a tenth of a degree); otherwise none: the inclinations are compared as computed from the published latitude and limits.",
    },
    check,
};

/// What one site does for the target inclination.
pub(crate) enum SiteAnswer<'a> {
    Reaches,
    /// Known not to: the lowest inclination it reaches (for the evidence)
    /// and why.
    Cannot {
        site: &'a LaunchSite,
        reason: DirectAscent,
    },
    /// Not known: the fields that would decide it.
    Unknown(Vec<FieldRef>),
}

/// Whether the site `id` reaches `inclination` by direct ascent.
pub(crate) fn site_answer<'a>(
    sites: &'a LaunchSites,
    id: &str,
    site: Option<&'a LaunchSite>,
    inclination: Angle,
    rescuer: &crate::spec::Vehicle,
) -> SiteAnswer<'a> {
    let Some(site) = site else {
        // The loader checks ids against the bundled file; a site missing
        // here is one a user's file does not hold.
        return SiteAnswer::Unknown(vec![FieldRef::new(
            Party::Rescuer,
            "reach.launch_sites",
            &rescuer.reach.launch_sites,
        )]);
    };
    // A route flown from the site to this inclination settles it, whatever
    // the published limits say (inclinations are published to 0.1 deg).
    let tolerance = Angle::new::<uom::si::angle::degree>(0.1);
    let flown = site.routes.iter().any(|r| {
        r.inclination.value().is_some_and(|band| {
            band.min.is_none_or(|m| inclination >= m - tolerance)
                && band.max.is_none_or(|m| inclination <= m + tolerance)
        })
    });
    if flown {
        return SiteAnswer::Reaches;
    }
    match site.direct_ascent(inclination) {
        DirectAscent::Reaches { .. } => SiteAnswer::Reaches,
        DirectAscent::LatitudeUnknown => {
            SiteAnswer::Unknown(vec![site_field(sites, id, "latitude", &site.latitude)])
        }
        DirectAscent::LimitsUnknown { .. } => SiteAnswer::Unknown(vec![
            site_field(sites, id, "azimuth_ranges", &site.azimuth_ranges),
            site_field(sites, id, "inclination_ranges", &site.inclination_ranges),
        ]),
        reason @ (DirectAscent::BelowLatitude { .. } | DirectAscent::OutsideAllowed { .. }) => {
            SiteAnswer::Cannot { site, reason }
        }
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let Some(target) = target(ctx) else {
        out.not_applicable();
        return;
    };
    let sites = LaunchSites::bundled();
    let inclination = target.inclination();
    let rescuer_sites = launch_sites(ctx.rescuer, sites);
    let (Some(inclination), Some(rescuer_sites)) = (inclination, rescuer_sites) else {
        out.emit(Severity::Unknown, || {
            let mut body = FindingBody::new(format!(
                "cannot say whether {} is launched into the plane of {}: its launch sites or the orbit's inclination are not given",
                named(ctx, Party::Rescuer),
                target.name()
            ))
            .mitigation("give the rescuer's reach.launch_sites and the orbit.inclination of where the crew is");
            if inclination.is_none() {
                body.fields.push(target.field_ref(
                    "orbit.inclination",
                    &target.vehicle.orbit.inclination,
                ));
            }
            if ctx.rescuer.reach.launch_sites.get().is_none() {
                body.fields.push(FieldRef::new(
                    Party::Rescuer,
                    "reach.launch_sites",
                    &ctx.rescuer.reach.launch_sites,
                ));
            }
            body
        });
        return;
    };
    let mut unknown = false;
    let mut any = false;
    for (id, site) in rescuer_sites {
        any = true;
        match site_answer(sites, id, site, inclination, ctx.rescuer) {
            SiteAnswer::Reaches => return,
            SiteAnswer::Unknown(_) => unknown = true,
            SiteAnswer::Cannot { .. } => {}
        }
    }
    if !any {
        // An empty list: the vehicle is launched from nowhere.
        out.emit(Severity::Blocking, || {
            FindingBody::new(format!(
                "{} lists no launch site",
                named(ctx, Party::Rescuer)
            ))
            .field(FieldRef::new(
                Party::Rescuer,
                "reach.launch_sites",
                &ctx.rescuer.reach.launch_sites,
            ))
            .mitigation("give the sites the vehicle is launched from")
        });
        return;
    }
    let severity = if unknown {
        Severity::Unknown
    } else {
        Severity::Blocking
    };
    out.emit(severity, || {
        describe(ctx, sites, inclination, &target, severity)
    });
}

/// The finding: each site's answer, with its evidence in degrees.
fn describe(
    ctx: &Context<'_>,
    sites: &LaunchSites,
    inclination: Angle,
    target: &super::Target<'_>,
    severity: Severity,
) -> FindingBody {
    let mut parts = Vec::new();
    let mut body = FindingBody::default();
    body.evidence.push(Evidence::limit(
        format!("inclination of {}", target.name()),
        deg(inclination),
    ));
    body.fields
        .push(target.field_ref("orbit.inclination", &target.vehicle.orbit.inclination));
    for (id, site) in launch_sites(ctx.rescuer, sites).into_iter().flatten() {
        let id_text = crate::text::escape_for_terminal(id);
        match site_answer(sites, id, site, inclination, ctx.rescuer) {
            SiteAnswer::Reaches => {}
            SiteAnswer::Unknown(fields) => {
                let site_text = site.and_then(|s| s.latitude.value()).map_or_else(
                    || format!("{id_text}: not known"),
                    |lat| {
                        format!(
                            "{id_text} ({} N) reaches it by geometry, but its allowed launch azimuths are not published",
                            crate::units::format_number(lat.0.get::<uom::si::angle::degree>())
                        )
                    },
                );
                parts.push(site_text);
                body.fields.extend(fields);
            }
            SiteAnswer::Cannot { site, reason } => {
                if let Some(lat) = site.latitude.value() {
                    body.evidence.push(Evidence::value(
                        format!("latitude of {id_text}"),
                        deg(lat.0),
                    ));
                }
                body.fields
                    .push(site_field(sites, id, "latitude", &site.latitude));
                match reason {
                    DirectAscent::BelowLatitude {
                        minimum_inclination,
                    } => {
                        let lowest = lowest_allowed(site).map_or(minimum_inclination, |l| {
                            if l > minimum_inclination {
                                l
                            } else {
                                minimum_inclination
                            }
                        });
                        body.evidence.push(Evidence::value(
                            format!("lowest inclination from {id_text}"),
                            deg(lowest),
                        ));
                        body.evidence.push(Evidence::margin(
                            format!("inclination short from {id_text}"),
                            deg(inclination - lowest),
                        ));
                        parts.push(format!(
                            "{id_text} reaches no lower than {} by direct ascent",
                            Measure::display(&deg(lowest))
                        ));
                    }
                    DirectAscent::OutsideAllowed { azimuths, limit } => {
                        let needed: Vec<String> = azimuths
                            .iter()
                            .map(|a| Measure::display(&deg(*a)))
                            .collect();
                        body.evidence.push(Evidence::value(
                            format!("azimuths needed from {id_text}"),
                            Measure::Text(needed.join(" or ")),
                        ));
                        let field = if limit == "azimuth_ranges" {
                            &site.azimuth_ranges
                        } else {
                            &site.inclination_ranges
                        };
                        body.fields.push(site_field(sites, id, limit, field));
                        parts.push(format!(
                            "{id_text} would need an azimuth of {}, outside its {limit}",
                            needed.join(" or ")
                        ));
                    }
                    DirectAscent::Reaches { .. }
                    | DirectAscent::LimitsUnknown { .. }
                    | DirectAscent::LatitudeUnknown => {}
                }
            }
        }
    }
    body.message = format!(
        "{} {} launched into the {} plane of {}: {}",
        named(ctx, Party::Rescuer),
        if severity == Severity::Blocking {
            "cannot be"
        } else {
            "may not be"
        },
        Measure::display(&deg(inclination)),
        target.name(),
        parts.join("; ")
    );
    body.mitigation = Some(
        "launch from a site whose latitude is at or below the orbit's inclination and whose range allows the azimuth, or give the site's azimuth_ranges where they are published".into(),
    );
    body
}

/// The lowest inclination a site's published inclination ranges allow.
pub(crate) fn lowest_allowed(site: &LaunchSite) -> Option<Angle> {
    site.inclination_ranges
        .get()?
        .iter()
        .filter_map(|r| r.min)
        .min_by(|a, b| a.value.total_cmp(&b.value))
}

/// The inclination nearest `inclination` that `site` reaches by direct
/// ascent within its published limits (by geometry alone where none are
/// published): the plane a rescuer launched from there must change from.
pub(crate) fn nearest_reachable(site: &LaunchSite, inclination: Angle) -> Option<Angle> {
    let latitude = orbit::minimum_inclination(site.latitude.value()?.0)?;
    let highest = Angle::new::<uom::si::angle::degree>(180.0) - latitude;
    let clamp = |a: Angle, low: Angle, high: Angle| {
        if a < low {
            low
        } else if a > high {
            high
        } else {
            a
        }
    };
    let mut bands: Vec<(Angle, Angle)> = Vec::new();
    if let Some(ranges) = site.inclination_ranges.get() {
        for r in ranges {
            let low = r
                .min
                .map_or(latitude, |m| if m > latitude { m } else { latitude });
            let high = r
                .max
                .map_or(highest, |m| if m < highest { m } else { highest });
            if low <= high {
                bands.push((low, high));
            }
        }
    } else if let Some(ranges) = site.azimuth_ranges.get() {
        for r in ranges {
            let (Some(a), Some(b)) = (r.min, r.max) else {
                continue;
            };
            let lat = site.latitude.value()?.0;
            let mut incl: Vec<Angle> = [a, b]
                .iter()
                .filter_map(|az| orbit::inclination_from_azimuth(lat, *az))
                .collect();
            let east = Angle::new::<uom::si::angle::degree>(90.0);
            if r.contains(east) {
                incl.push(latitude);
            }
            let low = incl
                .iter()
                .copied()
                .min_by(|x, y| x.value.total_cmp(&y.value));
            let high = incl
                .iter()
                .copied()
                .max_by(|x, y| x.value.total_cmp(&y.value));
            if let (Some(low), Some(high)) = (low, high) {
                bands.push((low, high));
            }
        }
    } else {
        bands.push((latitude, highest));
    }
    bands
        .into_iter()
        .map(|(low, high)| clamp(inclination, low, high))
        .min_by(|x, y| {
            (*x - inclination)
                .abs()
                .value
                .total_cmp(&(*y - inclination).abs().value)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::physics::orbit::degrees;

    fn site(id: &str) -> &'static LaunchSite {
        LaunchSites::bundled().get(id).expect("bundled site")
    }

    #[test]
    fn baikonur_reaches_nothing_below_its_iss_route() {
        let nearest = nearest_reachable(site("baikonur"), degrees(41.5)).unwrap();
        assert!((nearest.get::<uom::si::angle::degree>() - 51.6).abs() < 1e-9);
        assert!(matches!(
            site("baikonur").direct_ascent(degrees(41.5)),
            DirectAscent::BelowLatitude { .. }
        ));
    }

    #[test]
    fn the_cape_reaches_tiangong_within_its_azimuths() {
        let nearest = nearest_reachable(site("cape-canaveral"), degrees(41.5)).unwrap();
        assert!((nearest.get::<uom::si::angle::degree>() - 41.5).abs() < 1e-9);
    }

    #[test]
    fn jiuquan_reaches_the_iss_by_geometry_alone() {
        assert!(matches!(
            site("jiuquan").direct_ascent(degrees(51.64)),
            DirectAscent::LimitsUnknown { .. }
        ));
        let nearest = nearest_reachable(site("jiuquan"), degrees(51.64)).unwrap();
        assert!((nearest.get::<uom::si::angle::degree>() - 51.64).abs() < 1e-9);
    }
}
