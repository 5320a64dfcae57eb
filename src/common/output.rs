//! Bounded output: every result is charged against a budget before it is built, so an
//! input cannot make billtree build a result larger than it can hand back. Without it,
//! a 2 MB input whose 1,000 issues each name a 2 MB parent id asks for 4 GB and traps
//! the wasm module.

use crate::common::error::{BilltreeError, ErrorCode};
use serde::Serialize;

/// The most a result may take, in bytes of its JSON form: within what every JS engine
/// can hold in one string (V8's limit is 2^29 − 24 UTF-16 units), and with room to
/// spare in wasm's 4 GiB next to the largest input billtree accepts.
pub const MAX_OUTPUT_BYTES: usize = 256 * 1024 * 1024;

/// What a JSON object costs beyond its strings: keys, quotes, punctuation, numbers.
/// Estimates err on the large side, so the real JSON is smaller unless strings need
/// escaping (which the boundary checks once more on the final text).
pub const OBJECT_OVERHEAD: usize = 160;

/// What one string costs beyond its bytes: quotes and a comma.
pub const STRING_OVERHEAD: usize = 3;

/// The error for a result over [`MAX_OUTPUT_BYTES`].
pub fn output_too_large() -> BilltreeError {
    let mut error = BilltreeError::new(
        ErrorCode::OutputTooLarge,
        format!(
            "the result would take more than {MAX_OUTPUT_BYTES} bytes of JSON; ask for less at once"
        ),
    );
    error.details.limit = Some(u32::try_from(MAX_OUTPUT_BYTES).unwrap_or(u32::MAX));
    error
}

/// The running size of one result.
#[derive(Debug, Default)]
pub struct OutputBudget {
    used: usize,
}

impl OutputBudget {
    /// A budget with nothing spent.
    pub fn new() -> OutputBudget {
        OutputBudget::default()
    }

    /// Spends `bytes`, or refuses with `OUTPUT_TOO_LARGE` once the total passes
    /// [`MAX_OUTPUT_BYTES`].
    pub fn charge(&mut self, bytes: usize) -> Result<(), BilltreeError> {
        self.used = self.used.saturating_add(bytes);
        if self.used > MAX_OUTPUT_BYTES {
            return Err(output_too_large());
        }
        Ok(())
    }

    /// Spends an object with these strings.
    pub fn charge_object<'a>(
        &mut self,
        strings: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), BilltreeError> {
        let text: usize = strings
            .into_iter()
            .map(|text| text.len() + STRING_OVERHEAD)
            .sum();
        self.charge(OBJECT_OVERHEAD + text)
    }
}

/// A result as JSON text, refused with `OUTPUT_TOO_LARGE` past [`MAX_OUTPUT_BYTES`]
/// (the core sized it before building it; escaping can still make the text longer).
pub fn to_json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, BilltreeError> {
    let text =
        serde_json::to_string(value).map_err(|error| BilltreeError::invalid_input("", error))?;
    if text.len() > MAX_OUTPUT_BYTES {
        return Err(output_too_large());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_cap_and_stays_refused() {
        let mut budget = OutputBudget::new();
        assert!(budget.charge(MAX_OUTPUT_BYTES).is_ok());
        let error = budget.charge(1).unwrap_err();
        assert_eq!(error.code, ErrorCode::OutputTooLarge);
        assert_eq!(error.details.limit, Some(MAX_OUTPUT_BYTES as u32));
        assert!(budget.charge(0).is_err());
        assert!(OutputBudget::new().charge(usize::MAX).is_err());
    }
}
