//! Radio arithmetic the contact rules share: whether two radios, one on
//! each side, share a channel, and how far apart they are when not.
//!
//! A channel is shared when a transmit frequency of each radio lies inside a
//! receive band of the other (both directions), the modulations are the
//! same, and the protocol stacks have a protocol in common. Whatever is not
//! given leaves the answer unknown, never "compatible".

use uom::si::f64::Frequency;

use crate::spec::{Radio, RadioPurpose, Range};

/// One direction of a pair: the transmit frequency of one radio closest to
/// a receive band of the other, and the gap between them in Hz (zero when
/// inside).
#[derive(Debug, Clone, Copy)]
pub struct OneWay<'a> {
    pub gap_hz: f64,
    pub tx: Frequency,
    /// The receive band (of the other radio's spec) the gap is measured to.
    pub band: &'a Range<Frequency>,
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

/// The transmit frequency of `tx` closest to a receive band of `rx`; `None`
/// when either list is not given (or empty). Ties go to the first
/// frequency, then the first band, in the order the specs list them.
pub fn closest<'r>(tx: &Radio, rx: &'r Radio) -> Option<OneWay<'r>> {
    let freqs = tx.tx_frequencies.get()?;
    let bands = rx.rx_bands.get()?;
    let index = (freqs.len().saturating_mul(bands.len()) > DIRECT_COMPARISONS)
        .then(|| BandIndex::new(bands))
        .flatten();
    let Some(index) = index else {
        return freqs
            .iter()
            .flat_map(|f| {
                bands.iter().map(move |b| OneWay {
                    gap_hz: gap_hz(*f, b),
                    tx: *f,
                    band: b,
                })
            })
            .min_by(|a, b| a.gap_hz.total_cmp(&b.gap_hz));
    };
    let mut best: Option<(f64, Frequency)> = None;
    for f in freqs {
        let gap = index.gap(*f);
        if best.is_none_or(|(b, _)| gap.total_cmp(&b).is_lt()) {
            best = Some((gap, *f));
        }
    }
    let (gap, tx) = best?;
    let band = bands
        .iter()
        .find(|b| gap_hz(tx, b).total_cmp(&gap).is_eq())?;
    Some(OneWay {
        gap_hz: gap,
        tx,
        band,
    })
}

/// Every transmit frequency of `tx` that lies in a receive band of `rx`.
pub fn in_band_frequencies(tx: &Radio, rx: &Radio) -> Vec<Frequency> {
    let (Some(freqs), Some(bands)) = (tx.tx_frequencies.get(), rx.rx_bands.get()) else {
        return Vec::new();
    };
    let index = (freqs.len().saturating_mul(bands.len()) > DIRECT_COMPARISONS)
        .then(|| BandIndex::new(bands))
        .flatten();
    freqs
        .iter()
        .filter(|f| match &index {
            Some(index) => index.gap(**f) == 0.0,
            None => bands.iter().any(|b| gap_hz(**f, b) == 0.0),
        })
        .copied()
        .collect()
}

pub fn modulation(a: &Radio, b: &Radio) -> Agreement {
    match (a.modulation.get(), b.modulation.get()) {
        (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => Agreement::Same,
        (Some(_), Some(_)) => Agreement::Different,
        _ => Agreement::NotGiven,
    }
}

/// Protocol stacks agree when they have a protocol in common.
pub fn protocols(a: &Radio, b: &Radio) -> Agreement {
    match (a.protocols.get(), b.protocols.get()) {
        (Some(x), Some(y)) => {
            if x.iter()
                .any(|p| y.iter().any(|q| p.eq_ignore_ascii_case(q)))
            {
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
        let misses = |w: Option<OneWay<'_>>| w.is_some_and(|w| w.gap_hz > 0.0);
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
            (Some(ab), Some(ba)) => Some(if ab.gap_hz >= ba.gap_hz {
                (ab, true)
            } else {
                (ba, false)
            }),
            (Some(ab), None) if ab.gap_hz > 0.0 => Some((ab, true)),
            (None, Some(ba)) if ba.gap_hz > 0.0 => Some((ba, false)),
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
    use uom::si::frequency::megahertz;

    fn mhz_f(x: f64) -> Frequency {
        Frequency::new::<megahertz>(x)
    }

    fn radio(tx: &[f64], rx: (f64, f64), modulation: &str, protocols: &[&str]) -> Radio {
        Radio {
            tx_frequencies: Field::known(tx.iter().map(|f| mhz_f(*f)).collect()),
            rx_bands: Field::known(vec![Range::between(mhz_f(rx.0), mhz_f(rx.1))]),
            modulation: Field::known(modulation.into()),
            protocols: Field::known(protocols.iter().map(|p| p.to_string()).collect()),
            ..Radio::default()
        }
    }

    #[test]
    fn a_shared_channel_needs_band_modulation_and_protocol() {
        let uhf = radio(&[414.2], (410.0, 420.0), "bpsk", &["sscs"]);
        let same = radio(&[417.1], (410.0, 420.0), "BPSK", &["SSCS", "x"]);
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

    /// The direct comparison, as `closest` did before the index.
    fn closest_directly<'r>(tx: &Radio, rx: &'r Radio) -> Option<OneWay<'r>> {
        let freqs = tx.tx_frequencies.get()?;
        let bands = rx.rx_bands.get()?;
        freqs
            .iter()
            .flat_map(|f| {
                bands.iter().map(move |b| OneWay {
                    gap_hz: gap_hz(*f, b),
                    tx: *f,
                    band: b,
                })
            })
            .min_by(|a, b| a.gap_hz.total_cmp(&b.gap_hz))
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
                    rx.rx_bands
                        .get()
                        .into_iter()
                        .flatten()
                        .any(|b| gap_hz(**f, b) == 0.0)
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

    #[test]
    fn the_gap_is_the_worse_direction() {
        let uhf = radio(&[414.2, 417.1], (410.0, 420.0), "x", &["x"]);
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
}
