//! Radio arithmetic the contact rules share: whether two radios, one on
//! each side, share a channel, and how far apart they are when not.
//!
//! A channel is shared when a transmit frequency of each radio lies inside a
//! receive band of the other (both directions), the modulations are the
//! same, and the protocol stacks have a protocol in common. Whatever is not
//! given leaves the answer unknown, never "compatible".
//!
//! "Inside" allows a channel tolerance ([`tolerance`]): two quotations of
//! one channel (the ISS VHF-2 channel is quoted as 130.165 and 130.167 MHz,
//! docs/disagreements.md D20) must not read as two channels.

use uom::si::f64::Frequency;

use crate::spec::{Radio, RadioPurpose, Range};

/// One direction of a pair: the transmit frequency of one radio closest to
/// a receive band of the other, the gap between them in Hz (zero when
/// inside), and the tolerance within which the gap is no gap.
#[derive(Debug, Clone, Copy)]
pub struct OneWay<'a> {
    pub gap_hz: f64,
    pub tx: Frequency,
    /// The receive band (of the other radio's spec) the gap is measured to.
    pub band: &'a Range<Frequency>,
    pub tolerance: Tolerance,
}

impl OneWay<'_> {
    /// Whether the transmitter is heard on the band: inside it, or outside
    /// by no more than the tolerance.
    pub fn heard(&self) -> bool {
        self.gap_hz <= self.tolerance.hz
    }

    /// The gap beyond the tolerance (zero when heard).
    pub fn miss_hz(&self) -> f64 {
        (self.gap_hz - self.tolerance.hz).max(0.0)
    }
}

/// A default channel tolerance for the frequencies of one band: half the
/// channel spacing of the band's published channel plan, since two figures
/// closer than half a channel cannot name two channels of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandTolerance {
    pub band: &'static str,
    pub low_hz: f64,
    pub high_hz: f64,
    pub tolerance_hz: f64,
    /// Why, with the source keys.
    pub why: &'static str,
}

/// The documented default tolerances, by band. A frequency in no band here
/// has none: it must lie inside the receive band.
pub static BAND_TOLERANCES: &[BandTolerance] = &[
    BandTolerance {
        band: "117.975-137 MHz (aeronautical VHF)",
        low_hz: 117.975e6,
        high_hz: 137e6,
        tolerance_hz: 8.333_333e3 / 2.0,
        why: "half the 8.33 kHz ICAO channel spacing (ICAO-A10V5, SKYBRARY-833)",
    },
    BandTolerance {
        band: "390-405 MHz (Proximity-1 UHF return)",
        low_hz: 390e6,
        high_hz: 405e6,
        tolerance_hz: 10e3,
        why: "half the 20 kHz Proximity-1 channel step (R53)",
    },
    BandTolerance {
        band: "435-450 MHz (Proximity-1 UHF forward)",
        low_hz: 435e6,
        high_hz: 450e6,
        tolerance_hz: 10e3,
        why: "half the 20 kHz Proximity-1 channel step (R53)",
    },
];

/// Where a channel tolerance comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ToleranceOrigin {
    /// The radios' own `frequency_tolerance` (the larger of the two).
    Spec,
    /// The default of a band.
    Band(&'static BandTolerance),
    /// Neither: the frequency must lie inside the band.
    None,
}

/// How far a transmit frequency may lie outside a receive band and still
/// be heard on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    pub hz: f64,
    pub origin: ToleranceOrigin,
}

impl Tolerance {
    /// "4.167 kHz (default of 117.975-137 MHz ...)", for evidence.
    pub fn describe(&self) -> String {
        let amount = if self.hz < 1e6 {
            format!("{} kHz", crate::units::format_number(self.hz / 1e3))
        } else {
            gap_text(self.hz)
        };
        match self.origin {
            ToleranceOrigin::Spec => format!("{amount} (the radios' frequency_tolerance)"),
            ToleranceOrigin::Band(b) => format!("{amount}, the default of {}: {}", b.band, b.why),
            ToleranceOrigin::None => {
                "none (no default for this band; give frequency_tolerance)".into()
            }
        }
    }
}

/// The channel tolerance for `tx` transmitting at `f` to `rx`: the larger
/// `frequency_tolerance` the two radios give, else the default of the band
/// `f` lies in, else none.
pub fn tolerance(tx: &Radio, rx: &Radio, f: Frequency) -> Tolerance {
    let own = [tx, rx]
        .iter()
        .filter_map(|r| r.frequency_tolerance.value())
        .map(|t| t.value)
        .reduce(f64::max);
    if let Some(hz) = own {
        return Tolerance {
            hz,
            origin: ToleranceOrigin::Spec,
        };
    }
    band_tolerance(f)
}

/// The default tolerance of the band `f` lies in.
pub fn band_tolerance(f: Frequency) -> Tolerance {
    match BAND_TOLERANCES
        .iter()
        .find(|b| (b.low_hz..=b.high_hz).contains(&f.value))
    {
        Some(b) => Tolerance {
            hz: b.tolerance_hz,
            origin: ToleranceOrigin::Band(b),
        },
        None => Tolerance {
            hz: 0.0,
            origin: ToleranceOrigin::None,
        },
    }
}

/// Whether two radios agree on a property (modulation, protocols).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    Same,
    Different,
    NotGiven,
}

/// Distance in Hz from a frequency to a band (zero when inside).
pub fn gap_hz(f: Frequency, band: &Range<Frequency>) -> f64 {
    let below = band.min.map_or(0.0, |m| (m.value - f.value).max(0.0));
    let above = band.max.map_or(0.0, |m| (f.value - m.value).max(0.0));
    below.max(above)
}

/// Up to this many frequency-band comparisons, a radio pair is compared
/// directly; beyond, through a [`BandIndex`] (a spec may list 1,000
/// frequencies and 1,000 bands per radio).
const DIRECT_COMPARISONS: usize = 64;

/// A radio's receive bands sorted by their edges, so that the gap from a
/// frequency to the nearest band takes two binary searches rather than a
/// pass over every band.
struct BandIndex {
    /// Lower edges, ascending (an open edge is minus infinity).
    mins: Vec<f64>,
    /// Upper edges, ascending (an open edge is plus infinity).
    maxes: Vec<f64>,
}

impl BandIndex {
    /// `None` when a band's lower edge is above its upper edge (the loader
    /// refuses those; a spec built in code may hold one): then the bands
    /// are compared directly.
    fn new(bands: &[Range<Frequency>]) -> Option<Self> {
        let mut mins = Vec::with_capacity(bands.len());
        let mut maxes = Vec::with_capacity(bands.len());
        for band in bands {
            let min = band.min.map_or(f64::NEG_INFINITY, |m| m.value);
            let max = band.max.map_or(f64::INFINITY, |m| m.value);
            if min.is_nan() || max.is_nan() || min > max {
                return None;
            }
            mins.push(min);
            maxes.push(max);
        }
        mins.sort_by(f64::total_cmp);
        maxes.sort_by(f64::total_cmp);
        Some(BandIndex { mins, maxes })
    }

    /// The least [`gap_hz`] from `f` to any band, by the same arithmetic:
    /// zero when some band holds `f` (every band lies above `f`, below it,
    /// or holds it), else the nearer of the lowest edge above and the
    /// highest edge below.
    fn gap(&self, f: Frequency) -> f64 {
        let x = f.value;
        let above = self.mins.len() - self.mins.partition_point(|m| *m <= x);
        let below = self.maxes.partition_point(|m| *m < x);
        if above + below < self.mins.len() {
            return 0.0;
        }
        let up = self
            .mins
            .get(self.mins.len() - above)
            .map_or(f64::INFINITY, |m| (m - x).max(0.0));
        let down = below
            .checked_sub(1)
            .and_then(|i| self.maxes.get(i))
            .map_or(f64::INFINITY, |m| (x - m).max(0.0));
        up.min(down)
    }
}

/// The transmit frequency of `tx` closest to a receive band of `rx`, beyond
/// its tolerance; `None` when either list is not given (or empty). Ties go
/// to the first frequency, then the first band, in the order the specs list
/// them. A frequency's tolerance does not depend on the band, so the band
/// nearest a frequency is also the one it misses by least.
pub fn closest<'r>(tx: &Radio, rx: &'r Radio) -> Option<OneWay<'r>> {
    let freqs = tx.tx_frequencies.get()?;
    let bands = rx.rx_bands.get()?;
    let index = (freqs.len().saturating_mul(bands.len()) > DIRECT_COMPARISONS)
        .then(|| BandIndex::new(bands))
        .flatten();
    let better = |a: &OneWay<'_>, b: &OneWay<'_>| {
        a.miss_hz()
            .total_cmp(&b.miss_hz())
            .then(a.gap_hz.total_cmp(&b.gap_hz))
    };
    let Some(index) = index else {
        return freqs
            .iter()
            .flat_map(|f| {
                let tolerance = tolerance(tx, rx, *f);
                bands.iter().map(move |b| OneWay {
                    gap_hz: gap_hz(*f, b),
                    tx: *f,
                    band: b,
                    tolerance,
                })
            })
            .min_by(better);
    };
    let mut best: Option<(f64, Frequency, Tolerance)> = None;
    for f in freqs {
        let gap = index.gap(*f);
        let tolerance = tolerance(tx, rx, *f);
        let miss = (gap - tolerance.hz).max(0.0);
        let wins = best.is_none_or(|(g, _, t)| {
            let best_miss = (g - t.hz).max(0.0);
            miss.total_cmp(&best_miss).then(gap.total_cmp(&g)).is_lt()
        });
        if wins {
            best = Some((gap, *f, tolerance));
        }
    }
    let (gap, tx, tolerance) = best?;
    let band = bands
        .iter()
        .find(|b| gap_hz(tx, b).total_cmp(&gap).is_eq())?;
    Some(OneWay {
        gap_hz: gap,
        tx,
        band,
        tolerance,
    })
}

/// Every transmit frequency of `tx` heard in a receive band of `rx`
/// (within the channel tolerance).
pub fn in_band_frequencies(tx: &Radio, rx: &Radio) -> Vec<Frequency> {
    let (Some(freqs), Some(bands)) = (tx.tx_frequencies.get(), rx.rx_bands.get()) else {
        return Vec::new();
    };
    let index = (freqs.len().saturating_mul(bands.len()) > DIRECT_COMPARISONS)
        .then(|| BandIndex::new(bands))
        .flatten();
    freqs
        .iter()
        .filter(|f| {
            let tolerance = tolerance(tx, rx, **f);
            match &index {
                Some(index) => index.gap(**f) <= tolerance.hz,
                None => bands.iter().any(|b| gap_hz(**f, b) <= tolerance.hz),
            }
        })
        .copied()
        .collect()
}

/// Modulations agree when they are the same term of the vocabulary (case
/// and aliases were resolved when the specs were read).
pub fn modulation(a: &Radio, b: &Radio) -> Agreement {
    match (a.modulation.get(), b.modulation.get()) {
        (Some(x), Some(y)) if x == y => Agreement::Same,
        (Some(_), Some(_)) => Agreement::Different,
        _ => Agreement::NotGiven,
    }
}

/// Protocol stacks agree when they have a protocol in common.
pub fn protocols(a: &Radio, b: &Radio) -> Agreement {
    match (a.protocols.get(), b.protocols.get()) {
        (Some(x), Some(y)) => {
            if x.iter().any(|p| y.contains(p)) {
                Agreement::Same
            } else {
                Agreement::Different
            }
        }
        _ => Agreement::NotGiven,
    }
}

/// Two radios, `a` on one side and `b` on the other, compared.
#[derive(Debug, Clone, Copy)]
pub struct Pairing<'a> {
    pub a: &'a Radio,
    pub b: &'a Radio,
    /// `a` transmitting to `b`.
    pub ab: Option<OneWay<'a>>,
    /// `b` transmitting to `a`.
    pub ba: Option<OneWay<'a>>,
    pub modulation: Agreement,
    pub protocols: Agreement,
}

impl<'a> Pairing<'a> {
    pub fn new(a: &'a Radio, b: &'a Radio) -> Self {
        Pairing {
            a,
            b,
            ab: closest(a, b),
            ba: closest(b, a),
            modulation: modulation(a, b),
            protocols: protocols(a, b),
        }
    }

    /// Whether each transmits inside a receive band of the other. One
    /// direction known to miss is enough for `false`; otherwise `None` when
    /// frequencies or bands are not given.
    pub fn in_band(&self) -> Option<bool> {
        let misses = |w: Option<OneWay<'_>>| w.is_some_and(|w| !w.heard());
        if misses(self.ab) || misses(self.ba) {
            return Some(false);
        }
        Some(self.ab.is_some() && self.ba.is_some()).filter(|both| *both)
    }

    /// The worse of the two one-way gaps, with its direction (`true` when
    /// it is `a` transmitting to `b`). With one direction unknown, the
    /// known one when it misses.
    pub fn worst(&self) -> Option<(OneWay<'a>, bool)> {
        match (self.ab, self.ba) {
            (Some(ab), Some(ba)) => Some(if ab.miss_hz() >= ba.miss_hz() {
                (ab, true)
            } else {
                (ba, false)
            }),
            (Some(ab), None) if !ab.heard() => Some((ab, true)),
            (None, Some(ba)) if !ba.heard() => Some((ba, false)),
            _ => None,
        }
    }

    /// Whether the two share a channel: both directions in band, same
    /// modulation, a protocol in common. `None` when undecidable.
    pub fn shares_channel(&self) -> Option<bool> {
        match self.in_band() {
            Some(false) => return Some(false),
            None => return None,
            Some(true) => {}
        }
        if self.modulation == Agreement::Different || self.protocols == Agreement::Different {
            return Some(false);
        }
        if self.modulation == Agreement::NotGiven || self.protocols == Agreement::NotGiven {
            return None;
        }
        Some(true)
    }
}

/// Whether a radio carries traffic (as opposed to only ranging or beacons).
/// A radio whose purpose is not given is taken to carry traffic.
/// Every rescuer radio against every distressed radio, rescuer radios in
/// the outer order, computed once per direction: four contact rules look
/// at the same pairs.
pub fn shared_pairings<'c, 'a>(ctx: &'c crate::rules::Context<'a>) -> &'c [Pairing<'a>] {
    ctx.radio_pairings.get_or_init(|| {
        ctx.rescuer
            .radios
            .iter()
            .flat_map(|a| {
                ctx.distressed
                    .radios
                    .iter()
                    .map(move |b| Pairing::new(a, b))
            })
            .collect()
    })
}

pub fn carries_traffic(radio: &Radio) -> bool {
    radio.purpose.get().is_none_or(|p| {
        p.iter()
            .any(|x| !matches!(x, RadioPurpose::Ranging | RadioPurpose::Beacon))
    })
}

/// Whether a radio's purposes include `purpose`; `None` when not given.
pub fn has_purpose(radio: &Radio, purpose: RadioPurpose) -> Option<bool> {
    radio.purpose.get().map(|p| p.contains(&purpose))
}

/// The radio's id, escaped for a terminal.
pub fn id(radio: &Radio) -> String {
    id_of(&radio.id)
}

/// An item's id, escaped for a terminal ("?" when not given).
pub fn id_of(id: &crate::spec::Field<String>) -> String {
    crate::text::escape_for_terminal(id.get().map(String::as_str).unwrap_or("?"))
}

/// A frequency in MHz with up to four decimals, trailing zeros trimmed:
/// channel plans need "143.625" and "130.165", which the report's general
/// four-significant-figure formatting would round away.
fn mhz_number(hz: f64) -> String {
    let text = format!("{:.4}", hz / 1e6);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".into() } else { text }
}

/// A frequency as a report prints it: "143.625 MHz".
pub fn mhz(f: Frequency) -> String {
    format!("{} MHz", mhz_number(f.value))
}

/// A gap in Hz as a report prints it: "21.875 MHz".
pub fn gap_text(gap_hz: f64) -> String {
    format!("{} MHz", mhz_number(gap_hz))
}

/// A receive band: "410 to 420 MHz", or "121.75 MHz" for a single channel.
pub fn band_text(band: &Range<Frequency>) -> String {
    match (band.min, band.max) {
        (Some(a), Some(b)) if a.value == b.value => mhz(a),
        (Some(a), Some(b)) => format!("{} to {}", mhz_number(a.value), mhz(b)),
        (Some(a), None) => format!("at least {}", mhz(a)),
        (None, Some(b)) => format!("at most {}", mhz(b)),
        (None, None) => band.nominal.map_or_else(|| "unknown".into(), mhz),
    }
}

/// The radio's transmit frequencies: "414.2, 417.1 MHz" or "unknown".
pub fn tx_list(radio: &Radio) -> String {
    match radio.tx_frequencies.get() {
        Some(fs) if !fs.is_empty() => {
            let mut numbers: Vec<String> = fs.iter().map(|f| mhz_number(f.value)).collect();
            numbers.dedup();
            format!("{} MHz", numbers.join(", "))
        }
        _ => "unknown".into(),
    }
}

/// The radio's receive bands: "410 to 420 MHz" or "unknown".
pub fn rx_list(radio: &Radio) -> String {
    match radio.rx_bands.get() {
        Some(bands) if !bands.is_empty() => {
            bands.iter().map(band_text).collect::<Vec<_>>().join(", ")
        }
        _ => "unknown".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Field;
    use crate::spec::vocabulary::Term;
    use uom::si::frequency::megahertz;

    fn mhz_f(x: f64) -> Frequency {
        Frequency::new::<megahertz>(x)
    }

    fn radio(tx: &[f64], rx: (f64, f64), modulation: &str, protocols: &[&str]) -> Radio {
        Radio {
            tx_frequencies: Field::known(tx.iter().map(|f| mhz_f(*f)).collect()),
            rx_bands: Field::known(vec![Range::between(mhz_f(rx.0), mhz_f(rx.1))]),
            modulation: Field::known(Term::new(modulation).expect("a modulation")),
            protocols: Field::known(
                protocols
                    .iter()
                    .map(|p| Term::new(p).expect("a protocol"))
                    .collect(),
            ),
            ..Radio::default()
        }
    }

    #[test]
    fn a_shared_channel_needs_band_modulation_and_protocol() {
        let uhf = radio(&[414.2], (410.0, 420.0), "bpsk", &["sscs"]);
        let same = radio(&[417.1], (410.0, 420.0), "BPSK", &["SSCS", "x-other"]);
        assert_eq!(Pairing::new(&uhf, &same).shares_channel(), Some(true));
        let other_protocol = radio(&[417.1], (410.0, 420.0), "bpsk", &["ccsds-proximity-1"]);
        assert_eq!(
            Pairing::new(&uhf, &other_protocol).shares_channel(),
            Some(false)
        );
        let other_modulation = radio(&[417.1], (410.0, 420.0), "fm", &["sscs"]);
        assert_eq!(
            Pairing::new(&uhf, &other_modulation).shares_channel(),
            Some(false)
        );
        let mut unknown_tx = uhf.clone();
        unknown_tx.tx_frequencies = Field::default();
        let vhf = radio(&[121.75], (121.75, 121.75), "fm", &["analog-voice"]);
        // One direction known to miss decides, whatever the other.
        assert_eq!(
            Pairing::new(&unknown_tx, &vhf).shares_channel(),
            Some(false)
        );
        assert_eq!(Pairing::new(&unknown_tx, &same).shares_channel(), None);
        let mut no_protocols = same.clone();
        no_protocols.protocols = Field::default();
        assert_eq!(Pairing::new(&uhf, &no_protocols).shares_channel(), None);
    }

    #[test]
    fn two_quotations_of_one_vhf_channel_are_one_channel() {
        // docs/disagreements.md D20: 130.167 MHz against a 130.165 MHz channel.
        let quoted = radio(&[130.167], (130.167, 130.167), "fm", &["analog-voice"]);
        let iss = radio(&[130.165], (130.165, 130.165), "fm", &["analog-voice"]);
        let p = Pairing::new(&quoted, &iss);
        assert_eq!(p.in_band(), Some(true));
        let ab = p.ab.expect("a to b");
        assert!((ab.gap_hz - 2e3).abs() < 1e-3);
        assert!(matches!(ab.tolerance.origin, ToleranceOrigin::Band(_)));
        // A whole channel apart (8.33 kHz) is another channel.
        let next = radio(&[130.175], (130.175, 130.175), "fm", &["analog-voice"]);
        assert_eq!(Pairing::new(&next, &iss).in_band(), Some(false));
        // Outside any band with a default: exact.
        let uhf = radio(&[414.2005], (414.2005, 414.2005), "fm", &["analog-voice"]);
        let other = radio(&[414.2], (414.2, 414.2), "fm", &["analog-voice"]);
        assert_eq!(Pairing::new(&uhf, &other).in_band(), Some(false));
        // The spec's own tolerance decides when given, on either radio.
        let mut tolerant = other.clone();
        tolerant.frequency_tolerance = Field::known(Frequency::new::<megahertz>(0.001));
        assert_eq!(Pairing::new(&uhf, &tolerant).in_band(), Some(true));
    }

    #[test]
    fn the_gap_is_the_worse_direction() {
        let uhf = radio(&[414.2, 417.1], (410.0, 420.0), "x-mod", &["x-stack"]);
        let vhf = radio(&[121.75], (121.75, 121.75), "fm", &["analog-voice"]);
        let p = Pairing::new(&uhf, &vhf);
        assert_eq!(p.in_band(), Some(false));
        let (worst, a_to_b) = p.worst().unwrap();
        assert!(a_to_b);
        assert!((worst.gap_hz - 292.45e6).abs() < 1.0);
        assert_eq!(tx_list(&uhf), "414.2, 417.1 MHz");
        assert_eq!(rx_list(&uhf), "410 to 420 MHz");
        assert_eq!(rx_list(&vhf), "121.75 MHz");
        assert_eq!(gap_text(21.875e6), "21.875 MHz");
    }

    /// The direct comparison, as `closest` did before the index.
    fn closest_directly<'r>(tx: &Radio, rx: &'r Radio) -> Option<OneWay<'r>> {
        let freqs = tx.tx_frequencies.get()?;
        let bands = rx.rx_bands.get()?;
        freqs
            .iter()
            .flat_map(|f| {
                let tolerance = tolerance(tx, rx, *f);
                bands.iter().map(move |b| OneWay {
                    gap_hz: gap_hz(*f, b),
                    tx: *f,
                    band: b,
                    tolerance,
                })
            })
            .min_by(|a, b| {
                a.miss_hz()
                    .total_cmp(&b.miss_hz())
                    .then(a.gap_hz.total_cmp(&b.gap_hz))
            })
    }

    #[test]
    fn the_band_index_finds_what_a_full_comparison_finds() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for round in 0..300 {
            // Coarse values so that ties and shared edges are frequent.
            let mut pick = |n: u64| next(n);
            let freq = |k: u64| mhz_f(100.0 + k as f64 * 2.5);
            let freqs: Vec<Frequency> = (0..1 + round % 23).map(|_| freq(pick(40))).collect();
            let bands: Vec<Range<Frequency>> = (0..1 + round % 17)
                .map(|_| {
                    let (a, b) = (freq(pick(40)), freq(pick(40)));
                    let (lo, hi) = if a.value <= b.value { (a, b) } else { (b, a) };
                    match pick(6) {
                        0 => Range {
                            min: None,
                            max: Some(hi),
                            nominal: None,
                        },
                        1 => Range {
                            min: Some(lo),
                            max: None,
                            nominal: None,
                        },
                        _ => Range::between(lo, hi),
                    }
                })
                .collect();
            let tx = Radio {
                tx_frequencies: Field::known(freqs),
                ..Radio::default()
            };
            let rx = Radio {
                rx_bands: Field::known(bands),
                ..Radio::default()
            };
            let (fast, slow) = (closest(&tx, &rx), closest_directly(&tx, &rx));
            let key = |w: Option<OneWay<'_>>| {
                w.map(|w| (w.gap_hz, w.tx.value, std::ptr::from_ref(w.band) as usize))
            };
            assert_eq!(key(fast), key(slow), "round {round}");
            let directly: Vec<f64> = tx
                .tx_frequencies
                .get()
                .into_iter()
                .flatten()
                .filter(|f| {
                    let tolerance = tolerance(&tx, &rx, **f);
                    rx.rx_bands
                        .get()
                        .into_iter()
                        .flatten()
                        .any(|b| gap_hz(**f, b) <= tolerance.hz)
                })
                .map(|f| f.value)
                .collect();
            let indexed: Vec<f64> = in_band_frequencies(&tx, &rx)
                .iter()
                .map(|f| f.value)
                .collect();
            assert_eq!(indexed, directly, "round {round}");
        }
    }
}
