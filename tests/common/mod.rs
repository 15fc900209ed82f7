//! Helpers shared by the property tests.

use rescue_interop::check::DirectionResult;
use rescue_interop::rules::Party;

/// A finding reduced to what must not depend on the direction: rule,
/// severity, and the fields named by vehicle (A or B) rather than party.
pub type Shape = (String, String, Vec<(String, String)>);

pub fn shapes(result: &DirectionResult, rescuer: &str, distressed: &str, rule: &str) -> Vec<Shape> {
    let mut shapes: Vec<Shape> = result
        .findings
        .iter()
        .filter(|f| f.rule.id == rule)
        .map(|f| {
            let mut fields: Vec<(String, String)> = f
                .body
                .fields
                .iter()
                .map(|field| {
                    let vehicle = match field.party {
                        Party::Rescuer => rescuer,
                        Party::Distressed => distressed,
                    };
                    (vehicle.to_string(), field.path.clone())
                })
                .collect();
            fields.sort();
            fields.dedup();
            (f.rule.id.to_string(), f.severity.to_string(), fields)
        })
        .collect();
    shapes.sort();
    shapes
}
