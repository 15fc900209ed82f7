//! A seeded generator of synthetic fleets, for benchmarks and scale tests.
//!
//! Each synthetic vehicle is a bundled vehicle spec (round-robin over
//! `specs/vehicles/`) with a new id and, drawn from a small xorshift
//! generator seeded by the caller, varied interfaces so every rule has
//! something to decide:
//!
//! * ports: each port's docking standard (one of the bundled standards)
//!   and roles (active, passive or both);
//! * atmosphere: nominal cabin pressure and O2 fraction from a list of
//!   flown and plausible values, sometimes "unknown";
//! * suits: each suit entry points at one of the bundled suit files;
//! * radios: each radio's receive band and transmit frequency from the
//!   bands crewed vehicles use (UHF proximity, VHF voice, S-band), or
//!   "unknown".
//!
//! Values keep the source keys of the spec they came from: a synthetic
//! fleet is a load test, not a description of real vehicles. The same
//! `(count, seed)` always gives the same fleet.

/// Bundled vehicle specs the fleet is drawn from: (file stem, text).
const BASES: &[(&str, &str)] = &[
    (
        "apollo-csm-1975",
        include_str!("../specs/vehicles/apollo-csm-1975.toml"),
    ),
    (
        "crew-dragon",
        include_str!("../specs/vehicles/crew-dragon.toml"),
    ),
    (
        "gaganyaan",
        include_str!("../specs/vehicles/gaganyaan.toml"),
    ),
    ("iss", include_str!("../specs/vehicles/iss.toml")),
    ("orion", include_str!("../specs/vehicles/orion.toml")),
    ("shenzhou", include_str!("../specs/vehicles/shenzhou.toml")),
    (
        "soyuz-7k-tm-1975",
        include_str!("../specs/vehicles/soyuz-7k-tm-1975.toml"),
    ),
    ("soyuz-ms", include_str!("../specs/vehicles/soyuz-ms.toml")),
    (
        "starliner",
        include_str!("../specs/vehicles/starliner.toml"),
    ),
    (
        "starship-hls",
        include_str!("../specs/vehicles/starship-hls.toml"),
    ),
    ("tiangong", include_str!("../specs/vehicles/tiangong.toml")),
    (
        "apollo-lm",
        include_str!("../specs/vehicles/apollo-lm.toml"),
    ),
    (
        "apollo-lrv",
        include_str!("../specs/vehicles/apollo-lrv.toml"),
    ),
    (
        "blue-moon-mk2",
        include_str!("../specs/vehicles/blue-moon-mk2.toml"),
    ),
    (
        "gateway-halo",
        include_str!("../specs/vehicles/gateway-halo.toml"),
    ),
    (
        "jaxa-pressurized-rover",
        include_str!("../specs/vehicles/jaxa-pressurized-rover.toml"),
    ),
    ("lanyue", include_str!("../specs/vehicles/lanyue.toml")),
    ("ltv", include_str!("../specs/vehicles/ltv.toml")),
    (
        "mengzhou-lunar",
        include_str!("../specs/vehicles/mengzhou-lunar.toml"),
    ),
    ("tansuo", include_str!("../specs/vehicles/tansuo.toml")),
];

/// Bundled suit files: (id, text); written beside the fleet.
pub const SUITS: &[(&str, &str)] = &[
    (
        "boeing-blue",
        include_str!("../specs/suits/boeing-blue.toml"),
    ),
    ("emu", include_str!("../specs/suits/emu.toml")),
    ("feitian", include_str!("../specs/suits/feitian.toml")),
    ("ocss", include_str!("../specs/suits/ocss.toml")),
    ("orlan-mks", include_str!("../specs/suits/orlan-mks.toml")),
    (
        "shenzhou-iva",
        include_str!("../specs/suits/shenzhou-iva.toml"),
    ),
    ("sokol-kv2", include_str!("../specs/suits/sokol-kv2.toml")),
    ("spacex-iva", include_str!("../specs/suits/spacex-iva.toml")),
    ("axemu", include_str!("../specs/suits/axemu.toml")),
    ("wangyu", include_str!("../specs/suits/wangyu.toml")),
    ("a7lb", include_str!("../specs/suits/a7lb.toml")),
];

const STANDARDS: &[&str] = &[
    "idss",
    "ssvp-g4000",
    "apas-75",
    "chinese-docking-mechanism",
    "cbm",
    "apollo-probe-drogue",
];
const PRESSURES: &[&str] = &[
    "14.7 psia",
    "14.5 psia",
    "101.3 kPa",
    "5 psia",
    "34.5 kPa",
    "70 kPa",
    "unknown",
];
const O2_FRACTIONS: &[&str] = &["21 %", "26.5 %", "40 %", "100 %", "unknown"];
/// (rx band min, max, a tx frequency inside it).
const BANDS: &[(&str, &str, &str)] = &[
    ("410 MHz", "420 MHz", "414.2 MHz"),
    ("143.625 MHz", "143.625 MHz", "143.625 MHz"),
    ("121 MHz", "122 MHz", "121.75 MHz"),
    ("2200 MHz", "2300 MHz", "2287.5 MHz"),
    ("130 MHz", "131 MHz", "130.165 MHz"),
];

/// One synthetic vehicle spec: its file name and TOML text. Suit entries
/// refer to `../suits/<id>.toml`, so write the specs to `<dir>/vehicles/`
/// and [`SUITS`] to `<dir>/suits/`.
#[derive(Debug, Clone)]
pub struct SynthSpec {
    pub file_name: String,
    pub text: String,
}

/// A deterministic xorshift64* generator: benchmarks need the same fleet
/// on every run, not statistical quality.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(self.below(items.len()))
            .copied()
            .unwrap_or("unknown")
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// `count` synthetic vehicle specs from `seed`.
pub fn fleet(count: usize, seed: u64) -> Vec<SynthSpec> {
    let mut rng = Rng::new(seed);
    (0..count)
        .filter_map(|index| {
            let (stem, text) = BASES.get(index % BASES.len())?;
            let mut doc: toml::Table = text.parse().ok()?;
            let id = format!("{stem}-{index:05}");
            vary(&mut doc, &id, &mut rng);
            Some(SynthSpec {
                file_name: format!("{id}.toml"),
                text: toml::to_string(&doc).ok()?,
            })
        })
        .collect()
}

/// Writes a fleet to `<dir>/vehicles/` and the suits to `<dir>/suits/`;
/// returns the vehicle directory.
pub fn write_fleet(
    dir: &std::path::Path,
    count: usize,
    seed: u64,
) -> std::io::Result<std::path::PathBuf> {
    let vehicles = dir.join("vehicles");
    let suits = dir.join("suits");
    std::fs::create_dir_all(&vehicles)?;
    std::fs::create_dir_all(&suits)?;
    for (id, text) in SUITS {
        std::fs::write(suits.join(format!("{id}.toml")), text)?;
    }
    for spec in fleet(count, seed) {
        std::fs::write(vehicles.join(&spec.file_name), spec.text)?;
    }
    Ok(vehicles)
}

fn set_value(table: Option<&mut toml::Value>, key: &str, value: toml::Value) {
    if let Some(toml::Value::Table(t)) = table {
        t.insert(key.to_string(), value);
    }
}

fn vary(doc: &mut toml::Table, id: &str, rng: &mut Rng) {
    set_value(doc.get_mut("vehicle"), "id", id.into());
    if let Some(toml::Value::Table(atmosphere)) = doc.get_mut("atmosphere") {
        if rng.chance(60) {
            let pressure = rng.pick(PRESSURES);
            let field = if pressure == "unknown" {
                toml::Table::from_iter([("value".to_string(), pressure.into())])
            } else {
                toml::Table::from_iter([("nominal".to_string(), pressure.into())])
            };
            atmosphere.insert("pressure".into(), toml::Value::Table(field));
        }
        if rng.chance(50) {
            let o2 = rng.pick(O2_FRACTIONS);
            let key = if o2 == "unknown" { "value" } else { "nominal" };
            atmosphere.insert(
                "o2_fraction".into(),
                toml::Value::Table(toml::Table::from_iter([(key.to_string(), o2.into())])),
            );
        }
    }
    if let Some(toml::Value::Array(ports)) = doc.get_mut("ports") {
        for port in ports.iter_mut() {
            if rng.chance(50) {
                set_value(Some(port), "standard", rng.pick(STANDARDS).into());
            }
            if rng.chance(50) {
                let roles: &[&str] = match rng.below(3) {
                    0 => &["active"],
                    1 => &["passive"],
                    _ => &["active", "passive"],
                };
                let roles: Vec<toml::Value> = roles.iter().map(|r| (*r).into()).collect();
                set_value(Some(port), "roles", roles.into());
            }
        }
    }
    if let Some(toml::Value::Array(suits)) = doc.get_mut("suits") {
        let mut used: Vec<String> = suits
            .iter()
            .filter_map(|s| s.get("id")?.as_str().map(str::to_string))
            .collect();
        for suit in suits.iter_mut() {
            // Inline suit specs stay inline: a file reference beside one is an error.
            let has_file = suit.get("file").is_some();
            if has_file && rng.chance(50) {
                let index = rng.below(SUITS.len());
                if let Some((suit_id, _)) = SUITS.get(index)
                    && !used.iter().any(|u| u == suit_id)
                {
                    used.push((*suit_id).to_string());
                    set_value(Some(suit), "id", (*suit_id).into());
                    set_value(
                        Some(suit),
                        "file",
                        format!("../suits/{suit_id}.toml").into(),
                    );
                }
            }
        }
    }
    if let Some(toml::Value::Array(radios)) = doc.get_mut("radios") {
        for radio in radios.iter_mut() {
            if rng.chance(60) {
                let (min, max, tx) = BANDS
                    .get(rng.below(BANDS.len()))
                    .copied()
                    .unwrap_or_default();
                let band = toml::Table::from_iter([
                    ("min".to_string(), min.into()),
                    ("max".to_string(), max.into()),
                ]);
                let rx: Vec<toml::Value> = vec![toml::Value::Table(band)];
                set_value(Some(radio), "rx_bands", rx.into());
                let tx: Vec<toml::Value> = vec![tx.into()];
                set_value(Some(radio), "tx_frequencies", tx.into());
            }
        }
    }
}
