//! The launch-sites data file: where crewed vehicles are launched from,
//! which azimuths and inclinations each site allows, which routes are
//! licensed for crews, and the constraints around them. Shipped as
//! `specs/launch-sites.toml` and built into the binary; every value cites a
//! source or is written "unknown", as in a spec.
//!
//! A vehicle's `reach.launch_sites` names sites of this file.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use schemars::JsonSchema;
use serde::Deserialize;
use uom::si::angle::degree;
use uom::si::f64 as si;
use uom::si::f64::Angle;

use super::data_file::{self, Finding};
use super::field::{Expected, Field, MAX_LIST};
use super::load::{LoadErrors, SourceFile};
use super::reach::{Latitude, Longitude};
use super::values::{Quantity, Range};
use crate::physics::orbit::{self, LaunchAzimuths};

/// The data file's name; `validate` checks a file of this name as launch
/// sites rather than as a vehicle spec, and fleets skip it.
pub const FILE_NAME: &str = "launch-sites.toml";

/// The data file shipped with the tool.
pub const BUNDLED: &str = include_str!("../../specs/launch-sites.toml");

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields, title = "rescue-interop launch sites")]
pub struct LaunchSitesDocument {
    /// Format version; this tool reads version 1.
    pub format: Field<u32>,
    pub sites: Vec<LaunchSite>,
}

/// One launch site.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct LaunchSite {
    /// Kebab-case id that vehicles name in `reach.launch_sites`: `baikonur`.
    pub id: Field<String>,
    pub name: Field<String>,
    /// The country the site is in (and who operates it, where that differs).
    pub country: Field<String>,
    /// Geodetic latitude of the crewed pad.
    pub latitude: Field<Latitude>,
    /// Longitude of the crewed pad (for launch-window timing).
    pub longitude: Field<Longitude>,
    /// Launch azimuths range safety allows, clockwise from north.
    pub azimuth_ranges: Field<Vec<Range<si::Angle>>>,
    /// Inclinations reachable by direct ascent, where these are published
    /// rather than azimuths.
    pub inclination_ranges: Field<Vec<Range<si::Angle>>>,
    /// Routes flown or licensed from the site, and whether for crews.
    pub routes: Vec<Route>,
    /// Why azimuths are limited (populated areas, spent stages).
    pub range_safety: Field<String>,
    /// Agreements the site's use depends on (drop zones, overflight, leases).
    pub political_constraints: Field<String>,
    /// Source keys the entry draws on (each listed in `docs/sources.md`).
    pub sources: Field<Vec<String>>,
}

/// A route out of a launch site: an inclination, and whether crews fly it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Route {
    /// Unique within the site: "iss".
    pub id: Field<String>,
    /// The inclination (or band) the route reaches.
    pub inclination: Field<Range<si::Angle>>,
    /// Whether the route is licensed (or has been flown) with a crew aboard.
    pub crewed: Field<bool>,
}

/// Whether a site reaches an orbit by direct ascent, and why.
#[derive(Debug, Clone, PartialEq)]
pub enum DirectAscent {
    /// It does: the azimuths that get there (those range safety allows,
    /// where the allowed ranges are given).
    Reaches { azimuths: Vec<Angle> },
    /// The orbit is below the site's latitude.
    BelowLatitude { minimum_inclination: Angle },
    /// The geometry allows it, but range safety or the published
    /// inclinations do not.
    OutsideAllowed {
        /// The azimuths the geometry needs.
        azimuths: Vec<Angle>,
        /// "azimuth_ranges" or "inclination_ranges".
        limit: &'static str,
    },
    /// The geometry allows it, but neither allowed azimuths nor
    /// inclinations are published: whether range safety allows it is
    /// unknown.
    LimitsUnknown { azimuths: Vec<Angle> },
    /// The site's latitude is not known.
    LatitudeUnknown,
}

impl LaunchSite {
    /// The lowest inclination the site reaches directly: its latitude.
    pub fn minimum_inclination(&self) -> Option<Angle> {
        orbit::minimum_inclination(self.latitude.value()?.0)
    }

    /// Whether a launch from this site reaches `inclination` directly,
    /// first by geometry (cos i = cos φ sin β), then inside the allowed
    /// azimuths or inclinations where the file gives them. Routes licensed
    /// for crews are not consulted here: a rule reads them with the crew it
    /// launches.
    pub fn direct_ascent(&self, inclination: Angle) -> DirectAscent {
        let Some(latitude) = self.latitude.value() else {
            return DirectAscent::LatitudeUnknown;
        };
        let azimuths = match orbit::launch_azimuths(latitude.0, inclination) {
            Some(LaunchAzimuths::Two {
                northerly,
                southerly,
            }) => vec![northerly, southerly],
            Some(LaunchAzimuths::One(azimuth)) => vec![azimuth],
            Some(LaunchAzimuths::Unreachable {
                minimum_inclination,
            }) => {
                return DirectAscent::BelowLatitude {
                    minimum_inclination,
                };
            }
            None => return DirectAscent::LatitudeUnknown,
        };
        if let Some(ranges) = self.azimuth_ranges.get() {
            let allowed: Vec<Angle> = azimuths
                .iter()
                .copied()
                .filter(|a| ranges.iter().any(|r| r.contains(*a)))
                .collect();
            return if allowed.is_empty() {
                DirectAscent::OutsideAllowed {
                    azimuths,
                    limit: "azimuth_ranges",
                }
            } else {
                DirectAscent::Reaches { azimuths: allowed }
            };
        }
        if let Some(ranges) = self.inclination_ranges.get() {
            return if ranges.iter().any(|r| r.contains(inclination)) {
                DirectAscent::Reaches { azimuths }
            } else {
                DirectAscent::OutsideAllowed {
                    azimuths,
                    limit: "inclination_ranges",
                }
            };
        }
        DirectAscent::LimitsUnknown { azimuths }
    }

    /// The next direct-ascent launch window from this site into the plane of
    /// `orbit`, searching from `from`: when the site next lies in the
    /// plane, the node carried to `from` by its J2 drift
    /// ([`orbit::next_in_plane_window`]). Phasing within the plane is the
    /// rendezvous profile's part of the time to arrive.
    ///
    /// `Err` names the fields that would decide it when they are not known
    /// (`sites[jiuquan].longitude`, `orbit.raan`), or says the plane never
    /// passes over the site.
    pub fn next_window(
        &self,
        orbit: &super::reach::Orbit,
        from: super::elements::Epoch,
    ) -> Result<orbit::InPlaneWindow, WindowUnknown> {
        let site = self.id.get().map_or("?", String::as_str);
        // A plane that never passes over the site needs no dates to say so.
        if let (Some(latitude), Some(inclination)) = (self.latitude.value(), orbit.inclination()) {
            if matches!(
                orbit::launch_azimuths(latitude.0, inclination),
                Some(LaunchAzimuths::Unreachable { .. })
            ) {
                return Err(WindowUnknown::NeverInPlane);
            }
        }
        let mut missing = Vec::new();
        if self.latitude.value().is_none() {
            missing.push(format!("sites[{site}].latitude"));
        }
        if self.longitude.value().is_none() {
            missing.push(format!("sites[{site}].longitude"));
        }
        if orbit.inclination().is_none() {
            missing.push("orbit.inclination".to_string());
        }
        let node = orbit.node_at(from);
        if node.is_none() {
            missing.push("orbit.tle (or orbit.raan with orbit.epoch)".to_string());
        }
        let rate = orbit.node_rate();
        if rate.is_none() && node.is_some() {
            missing.push("orbit.altitude".to_string());
        }
        let (Some(latitude), Some(longitude), Some(inclination), Some(node), Some(rate)) = (
            self.latitude.value(),
            self.longitude.value(),
            orbit.inclination(),
            node,
            rate,
        ) else {
            return Err(WindowUnknown::Missing(missing));
        };
        orbit::next_in_plane_window(
            latitude.0,
            longitude.0,
            inclination,
            node,
            rate,
            from.sidereal_angle(),
        )
        .ok_or(WindowUnknown::NeverInPlane)
    }

    /// The routes flown or licensed with a crew aboard.
    pub fn crewed_routes(&self) -> impl Iterator<Item = &Route> {
        self.routes
            .iter()
            .filter(|r| r.crewed.value() == Some(true))
    }
}

/// Why no launch window could be found.
#[derive(Debug, Clone, PartialEq)]
pub enum WindowUnknown {
    /// These fields would decide it.
    Missing(Vec<String>),
    /// The plane never passes over the site (its inclination is below the
    /// site's latitude).
    NeverInPlane,
}

/// The loaded file.
#[derive(Debug, Clone)]
pub struct LaunchSites {
    pub sites: Vec<LaunchSite>,
    /// The file read (reports name it with its SHA-256).
    pub file: Arc<SourceFile>,
}

impl LaunchSites {
    /// Reads a launch-sites file's text; `path` names it in messages.
    pub fn parse(path: &Path, text: String) -> Result<Self, LoadErrors> {
        let (document, file) = data_file::load(path, text, schema(), check)?;
        Ok(LaunchSites {
            sites: document.sites,
            file,
        })
    }

    /// Reads a launch-sites file (the spec reader's limits apply).
    pub fn load(path: &Path) -> Result<Self, LoadErrors> {
        let text = super::load::read_text(path).map_err(|d| LoadErrors {
            diagnostics: vec![d],
            files: vec![],
        })?;
        Self::parse(path, text)
    }

    /// The bundled file; a test keeps it valid.
    pub fn bundled() -> &'static LaunchSites {
        static SITES: OnceLock<LaunchSites> = OnceLock::new();
        SITES.get_or_init(|| {
            let path = Path::new("specs").join(FILE_NAME);
            Self::parse(&path, BUNDLED.to_string()).unwrap_or_else(|_| LaunchSites {
                sites: Vec::new(),
                file: Arc::new(SourceFile::new(path, String::new())),
            })
        })
    }

    pub fn get(&self, id: &str) -> Option<&LaunchSite> {
        self.sites
            .iter()
            .find(|s| s.id.get().is_some_and(|i| i == id))
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.sites
            .iter()
            .filter_map(|s| s.id.get().map(String::as_str))
    }
}

/// The JSON Schema of the file (for "did you mean" and for editors).
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(data_file::schema_of::<LaunchSitesDocument>)
}

/// The schema as `rescue-interop schema --of launch-sites` prints it and
/// `docs/launch-sites.schema.json` commits it.
pub fn schema_with_id() -> serde_json::Value {
    data_file::with_id(schema(), "launch-sites.schema.json")
}

/// The checks a value reader cannot make alone.
fn check(document: &LaunchSitesDocument) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut push = |span, field: String, found: String, expected: Option<Expected>| {
        findings.push(Finding {
            span,
            field,
            found,
            expected,
            help: None,
        });
    };
    if let Some(version) = document.format.value() {
        if version != super::load::FORMAT_VERSION {
            push(
                document.format.span,
                "format".into(),
                format!(
                    "format version {version}; this tool reads version {}",
                    super::load::FORMAT_VERSION
                ),
                None,
            );
        }
    }
    if document.sites.is_empty() {
        push(
            None,
            "sites".into(),
            "no [[sites]]: a launch-sites file lists at least one site".into(),
            None,
        );
    }
    if document.sites.len() > MAX_LIST {
        push(
            None,
            "sites".into(),
            format!(
                "{} sites (at most {MAX_LIST} are accepted)",
                document.sites.len()
            ),
            None,
        );
        return findings;
    }
    let kebab = Expected::new(
        "a kebab-case id of lowercase letters, digits and hyphens (at most 64)",
        "baikonur",
    );
    let mut seen = std::collections::HashSet::new();
    for (index, site) in document.sites.iter().enumerate() {
        let name = site
            .id
            .get()
            .map(|s| crate::text::escape_for_terminal(s))
            .unwrap_or_else(|| index.to_string());
        let at = |field: &str| format!("sites[{name}].{field}");
        match site.id.get() {
            None => push(
                None,
                format!("sites[{index}].id"),
                "the required field 'id' is missing".into(),
                None,
            ),
            Some(id) if !is_kebab(id) => push(
                site.id.span,
                at("id"),
                format!("'{name}'"),
                Some(kebab.clone()),
            ),
            Some(id) if !seen.insert(id.clone()) => push(
                site.id.span,
                at("id"),
                format!("the id '{name}' is used twice"),
                None,
            ),
            Some(_) => {}
        }
        if !site.name.is_written() {
            push(
                site.id.span,
                at("name"),
                "the required field 'name' is missing".into(),
                None,
            );
        }
        if !site.latitude.is_written() {
            push(
                site.id.span,
                at("latitude"),
                "the required field 'latitude' is missing (write \"unknown\" if it is)".into(),
                None,
            );
        }
        for (field, value, limit) in [
            ("azimuth_ranges", &site.azimuth_ranges, 360.0),
            ("inclination_ranges", &site.inclination_ranges, 180.0),
        ] {
            for range in value.get().into_iter().flatten() {
                if let Some(angle) = beyond(range, limit) {
                    push(
                        value.span,
                        at(field),
                        format!("{}, beyond {limit} deg", angle.display()),
                        None,
                    );
                }
            }
        }
        if site.routes.len() > MAX_LIST {
            push(
                site.id.span,
                at("routes"),
                format!(
                    "{} routes (at most {MAX_LIST} are accepted)",
                    site.routes.len()
                ),
                None,
            );
            continue;
        }
        let mut route_ids = std::collections::HashSet::new();
        for (r, route) in site.routes.iter().enumerate() {
            match route.id.get() {
                None => push(
                    site.id.span,
                    format!("sites[{name}].routes[{r}].id"),
                    "the required field 'id' is missing".into(),
                    None,
                ),
                Some(id) if !is_kebab(id) => push(
                    route.id.span,
                    format!("sites[{name}].routes[{r}].id"),
                    format!("'{}'", crate::text::escape_for_terminal(id)),
                    Some(kebab.clone()),
                ),
                Some(id) if !route_ids.insert(id.clone()) => push(
                    route.id.span,
                    format!("sites[{name}].routes[{r}].id"),
                    format!(
                        "the id '{}' is used twice",
                        crate::text::escape_for_terminal(id)
                    ),
                    None,
                ),
                Some(_) => {}
            }
            if let Some(angle) = route.inclination.get().and_then(|r| beyond(r, 180.0)) {
                push(
                    route.inclination.span,
                    format!("sites[{name}].routes[{r}].inclination"),
                    format!("{}, beyond 180 deg", angle.display()),
                    None,
                );
            }
        }
    }
    findings
}

/// The first end of `range` beyond `limit` degrees, if any.
fn beyond(range: &Range<si::Angle>, limit: f64) -> Option<Angle> {
    [range.min, range.max, range.nominal]
        .into_iter()
        .flatten()
        .find(|a| a.get::<degree>() > limit)
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    fn parse(text: &str) -> Result<LaunchSites, LoadErrors> {
        LaunchSites::parse(Path::new("launch-sites.toml"), text.to_string())
    }

    fn messages(errors: &LoadErrors) -> Vec<String> {
        errors.diagnostics.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn the_bundled_file_is_valid() {
        let sites = parse(BUNDLED).unwrap_or_else(|e| panic!("{:?}", messages(&e)));
        for id in [
            "baikonur",
            "cape-canaveral",
            "jiuquan",
            "wenchang",
            "sriharikota",
            "vostochny",
        ] {
            assert!(sites.get(id).is_some(), "{id}");
        }
        assert_eq!(LaunchSites::bundled().sites.len(), sites.sites.len());
    }

    #[test]
    fn baikonur_cannot_reach_tiangong_and_jiuquan_can_reach_the_iss_by_geometry() {
        let sites = LaunchSites::bundled();
        let baikonur = sites.get("baikonur").unwrap();
        match baikonur.direct_ascent(orbit::degrees(41.47)) {
            DirectAscent::BelowLatitude {
                minimum_inclination,
            } => {
                assert!(minimum_inclination.get::<degree>() > 45.0);
            }
            other => panic!("{other:?}"),
        }
        // Baikonur to the ISS: inside the published minimum of 51.6 deg.
        assert!(matches!(
            baikonur.direct_ascent(orbit::degrees(51.64)),
            DirectAscent::Reaches { .. }
        ));
        // Jiuquan to the ISS: geometry allows it, the azimuth limits are not
        // published.
        let jiuquan = sites.get("jiuquan").unwrap();
        assert!(matches!(
            jiuquan.direct_ascent(orbit::degrees(51.64)),
            DirectAscent::LimitsUnknown { .. }
        ));
        // The Cape to Tiangong: the NE azimuth 58.5 deg is inside 35-120.
        let cape = sites.get("cape-canaveral").unwrap();
        match cape.direct_ascent(orbit::degrees(41.47)) {
            DirectAscent::Reaches { azimuths } => {
                assert_eq!(azimuths.len(), 1);
                assert_abs_diff_eq!(azimuths[0].get::<degree>(), 58.5, epsilon = 0.1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_line_and_field() {
        let text = "format = 1\n\n[[sites]]\nid = \"Bad_Id\"\nname = \"X\"\nlatitude = \"95 deg N\"\nlatitdue = \"1 deg\"\n\n[[sites]]\nid = \"y\"\nname = \"Y\"\nlatitude = \"10 deg N\"\nazimuth_ranges = [{ min = \"35 deg\", max = \"400 deg\" }]\n[[sites.routes]]\nid = \"r\"\ninclination = \"51.6 km\"\n";
        let errors = parse(text).unwrap_err();
        let shown = messages(&errors);
        let find = |needle: &str| {
            shown
                .iter()
                .find(|m| m.contains(needle))
                .unwrap_or_else(|| panic!("no '{needle}' in {shown:#?}"))
                .clone()
        };
        assert!(find("latitude: '95 deg N', beyond 90 deg").contains("launch-sites.toml:6:"));
        assert!(find("unknown field 'latitdue'").contains("did you mean 'latitude'"));
        assert!(find("sites[Bad_Id].id").contains(":4:"));
        assert!(find("400 deg, beyond 360 deg").contains("sites[y].azimuth_ranges"));
        assert!(find("'51.6 km' is a length").contains("sites[y].routes[r].inclination"));
    }

    #[test]
    fn the_next_window_from_jiuquan_into_a_dated_tiangong_plane() {
        use super::super::elements::ElementSet;
        use super::super::reach::Orbit;
        // The Tiangong element set of May 2022 (CSS-TLE, a test vector).
        let set = ElementSet::from_tle(
            "1 48274U 21035A   22124.10046060  .00017391  00000-0  20651-3 0  9992
2 48274  41.4717 126.9752 0012679 269.9836 141.3263 15.60681266 57880",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let orbit = Orbit {
            tle: Field::known(set.clone()),
            ..Orbit::default()
        };
        let sites = LaunchSites::bundled();
        let jiuquan = sites.get("jiuquan").unwrap_or_else(|| panic!("jiuquan"));
        let window = jiuquan
            .next_window(&orbit, set.epoch)
            .unwrap_or_else(|e| panic!("{e:?}"));
        // At most a day away: the plane sweeps over the site twice a day.
        let hours = window.wait.value / 3600.0;
        assert!((0.0..24.0).contains(&hours), "{hours}");
        // Baikonur is north of the plane: never in it, whatever its
        // longitude. Wenchang's longitude is not published: the window is
        // unknown, naming the fields that would decide it.
        let baikonur = sites.get("baikonur").unwrap_or_else(|| panic!("baikonur"));
        assert_eq!(
            baikonur.next_window(&orbit, set.epoch),
            Err(WindowUnknown::NeverInPlane)
        );
        let wenchang = sites.get("wenchang").unwrap_or_else(|| panic!("wenchang"));
        let undated = Orbit {
            inclination: Field::known(orbit::degrees(41.5)),
            ..Orbit::default()
        };
        assert_eq!(
            wenchang.next_window(&undated, set.epoch),
            Err(WindowUnknown::Missing(vec![
                "sites[wenchang].longitude".into(),
                "orbit.tle (or orbit.raan with orbit.epoch)".into()
            ]))
        );
        let mut north = jiuquan.clone();
        north.latitude = Field::known(Latitude(orbit::degrees(45.96)));
        assert_eq!(
            north.next_window(&orbit, set.epoch),
            Err(WindowUnknown::NeverInPlane)
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let errors = parse("[[sites]]\nid = \n").unwrap_err();
        assert_eq!(errors.diagnostics.len(), 1);
        assert_eq!(errors.diagnostics[0].line, 2);
    }
}
