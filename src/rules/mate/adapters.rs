//! The adapter library: specs of kind `adapter` with two ports (the IDA, the
//! ASTP Docking Module), and the search for one that bridges two vehicles.
//!
//! The library shipped under `specs/adapters/` is built into the binary and
//! is what [`crate::rules::Environment::default`] holds; the command line
//! replaces it with the `adapters` folder found next to the specs it is given
//! (see [`find_dir`]).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::spec::{LoadErrors, Port, Role, Standards, Vehicle, VehicleKind};

/// The adapter specs shipped with the tool, by file name.
const BUNDLED: &[(&str, &str)] = &[
    (
        "specs/adapters/ida.toml",
        include_str!("../../../specs/adapters/ida.toml"),
    ),
    (
        "specs/adapters/astp-docking-module.toml",
        include_str!("../../../specs/adapters/astp-docking-module.toml"),
    ),
];

/// The bundled adapters (a test keeps them loadable).
pub fn bundled() -> Arc<[Vehicle]> {
    static ADAPTERS: OnceLock<Arc<[Vehicle]>> = OnceLock::new();
    ADAPTERS
        .get_or_init(|| {
            BUNDLED
                .iter()
                .filter_map(|(path, text)| crate::spec::vehicle_from_str(path, text).ok())
                .filter(is_adapter)
                .collect()
        })
        .clone()
}

fn is_adapter(v: &Vehicle) -> bool {
    v.kind == VehicleKind::Adapter
}

/// The adapter folder for specs at `spec_paths`: `adapters/` beside a spec,
/// or beside its folder (`specs/vehicles/x.toml` finds `specs/adapters/`).
pub fn find_dir(spec_paths: &[&Path]) -> Option<PathBuf> {
    find_beside(spec_paths, "adapters", Path::is_dir)
}

/// The first `name` beside one of `spec_paths` or beside its folder that
/// `found` accepts: where the data a fleet brings with it (adapters, crew
/// envelopes) is looked for.
pub fn find_beside(spec_paths: &[&Path], name: &str, found: fn(&Path) -> bool) -> Option<PathBuf> {
    spec_paths.iter().find_map(|path| {
        let parent = path.parent()?;
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        [parent.join(name), parent.join("..").join(name)]
            .into_iter()
            .find(|candidate| found(candidate))
    })
}

/// Loads every `*.toml` of kind `adapter` in `dir`, in file-name order.
/// Specs of another kind are skipped; a spec that fails to load is an error.
pub fn load_dir(
    dir: &Path,
    context: crate::spec::load::LoadContext<'_>,
) -> Result<Vec<Vehicle>, LoadErrors> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let vehicle = crate::spec::load_vehicle_with(&path, context)?;
        if is_adapter(&vehicle) {
            out.push(vehicle);
        }
    }
    Ok(out)
}

/// Whether two ports can be joined at all: their standards mate and one
/// can be active while the other is passive (an adapter is mounted on its
/// host, so neither side needs to fly).
fn joinable(standards: &Standards, a: &Port, b: &Port) -> bool {
    let (Some(sa), Some(sb)) = (a.standard.get(), b.standard.get()) else {
        return false;
    };
    let can = |p: &Port, r: Role| p.roles.get().is_some_and(|roles| roles.contains(&r));
    standards.mate(sa, sb).is_some()
        && ((can(a, Role::Active) && can(b, Role::Passive))
            || (can(a, Role::Passive) && can(b, Role::Active)))
}

/// An adapter that bridges two vehicles: which of its ports faces which.
#[derive(Debug, Clone, Copy)]
pub struct Bridge<'a> {
    pub adapter: &'a Vehicle,
    pub first_side: &'a Port,
    pub second_side: &'a Port,
}

/// Adapters with one port joinable to a port of `first` and another port
/// joinable to a port of `second`.
pub fn bridges<'a>(
    standards: &Standards,
    adapters: &'a [Vehicle],
    first: &Vehicle,
    second: &Vehicle,
) -> Vec<Bridge<'a>> {
    let mut out = Vec::new();
    for adapter in adapters {
        let mut found = None;
        for (i, p) in adapter.ports.iter().enumerate() {
            for (j, q) in adapter.ports.iter().enumerate() {
                if i == j || found.is_some() {
                    continue;
                }
                let faces_first = first.ports.iter().any(|f| joinable(standards, f, p));
                let faces_second = second.ports.iter().any(|s| joinable(standards, s, q));
                if faces_first && faces_second {
                    found = Some(Bridge {
                        adapter,
                        first_side: p,
                        second_side: q,
                    });
                }
            }
        }
        out.extend(found);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_adapters_load() {
        let adapters = bundled();
        let ids: Vec<&str> = adapters.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["ida", "astp-docking-module"]);
        assert!(adapters.iter().all(|a| a.ports.len() == 2));
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/adapters");
        assert_eq!(
            load_dir(
                &dir,
                crate::spec::load::LoadContext::new(Standards::bundled())
            )
            .map(|v| v.len())
            .ok(),
            Some(2)
        );
    }

    #[test]
    fn finds_the_adapter_folder_beside_the_vehicles() {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/vehicles/iss.toml");
        let dir = find_dir(&[spec.as_path()]).map(|d| d.join("ida.toml"));
        assert!(dir.is_some_and(|d| d.is_file()));
    }

    #[test]
    fn the_ida_bridges_an_apas_95_port_to_an_idss_chaser() {
        let pma = crate::spec::vehicle_from_str(
            "pma.toml",
            "format = 1\n[vehicle]\nid = \"pma\"\nname = \"PMA\"\nkind = \"station\"\nmaneuverable = false\n[[ports]]\nid = \"pma-2\"\nstandard = \"apas-95\"\nroles = [\"passive\"]\n",
        )
        .expect("pma loads");
        let dragon = crate::rules::mate::pairing::fixtures::bundled("crew-dragon");
        let adapters = bundled();
        let found = bridges(Standards::bundled(), &adapters, &dragon, &pma);
        let ids: Vec<&str> = found.iter().map(|b| b.adapter.id.as_str()).collect();
        assert_eq!(ids, ["ida"]);
        let soyuz = crate::rules::mate::pairing::fixtures::bundled("soyuz-ms");
        assert!(bridges(Standards::bundled(), &adapters, &soyuz, &dragon).is_empty());
    }
}
