//! Hierarchy limits: named presets that reproduce each billing system's rules, and
//! custom policies.

use crate::common::error::{BilltreeError, ErrorCode};
use crate::common::text::{join, Quoted};
use crate::input::json_text::{ReadError, Reader};
use crate::input::read_json::{json_object, ReadJson, Shape};
use serde::Serialize;

/// The longest custom policy name, in characters: it is quoted in messages and shown
/// in every report.
pub const MAX_POLICY_NAME_CHARS: usize = 64;

/// A resolved set of hierarchy limits. `null` means "no limit". Structural rules (no
/// cycles, same tenant, no archived parents) apply under every policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// The preset's name (`"fynn"`…), or the custom policy's name (`"custom"` by default).
    pub name: String,
    /// Deepest level allowed, the root being level 1: 3 allows root → child → grandchild.
    pub max_depth: Option<u32>,
    /// Most direct children one customer may have.
    pub max_children: Option<u32>,
    /// Most customers one hierarchy (a root and all its subordinates) may hold.
    pub max_hierarchy_size: Option<u32>,
}

/// The systems whose hierarchy limits billtree reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum PresetName {
    /// Fynn: 3 levels.
    Fynn,
    /// Chargebee: 5 levels, 250 direct children. billtree's default.
    Chargebee,
    /// Zuora: 5 levels.
    Zuora,
    /// Orb: 2 levels (a parent cannot itself be a child), 100 children.
    Orb,
    /// Metronome: 2 levels, 10 customers per hierarchy.
    Metronome,
    /// Recurly: 2 levels.
    Recurly,
    /// m3ter: 2 levels, 999 children.
    M3ter,
}

impl PresetName {
    /// Every preset, in the order they are listed to users.
    pub const ALL: [PresetName; 7] = [
        PresetName::Chargebee,
        PresetName::Fynn,
        PresetName::Zuora,
        PresetName::Orb,
        PresetName::Metronome,
        PresetName::Recurly,
        PresetName::M3ter,
    ];

    /// The policy used when the caller names none.
    pub const DEFAULT: PresetName = PresetName::Chargebee;

    /// The name callers use, e.g. `"chargebee"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PresetName::Fynn => "fynn",
            PresetName::Chargebee => "chargebee",
            PresetName::Zuora => "zuora",
            PresetName::Orb => "orb",
            PresetName::Metronome => "metronome",
            PresetName::Recurly => "recurly",
            PresetName::M3ter => "m3ter",
        }
    }

    /// Looks a preset up by name (exact, lowercase).
    pub fn from_name(name: &str) -> Option<PresetName> {
        PresetName::ALL
            .into_iter()
            .find(|preset| preset.as_str() == name)
    }

    /// The limits of this preset.
    pub fn policy(self) -> Policy {
        let (max_depth, max_children, max_hierarchy_size) = match self {
            PresetName::Fynn => (Some(3), None, None),
            PresetName::Chargebee => (Some(5), Some(250), None),
            PresetName::Zuora => (Some(5), None, None),
            PresetName::Orb => (Some(2), Some(100), None),
            PresetName::Metronome => (Some(2), None, Some(10)),
            PresetName::Recurly => (Some(2), None, None),
            PresetName::M3ter => (Some(2), Some(999), None),
        };
        Policy {
            name: self.as_str().to_owned(),
            max_depth,
            max_children,
            max_hierarchy_size,
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        PresetName::DEFAULT.policy()
    }
}

/// Limits chosen by the caller; an absent or `null` limit means "no limit".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields = nullable, rename_all = "camelCase"))]
pub struct CustomPolicy {
    /// Shown in reports; `"custom"` when absent.
    pub name: Option<String>,
    /// Deepest level allowed (at least 1; the root is level 1).
    pub max_depth: Option<u32>,
    /// Most direct children of one customer (0 forbids children).
    pub max_children: Option<u32>,
    /// Most customers in one hierarchy (at least 1).
    pub max_hierarchy_size: Option<u32>,
}

const POLICY_FIELDS: [&str; 4] = ["name", "maxDepth", "maxChildren", "maxHierarchySize"];

/// How a caller names a policy: a preset's name, or custom limits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(untagged))]
pub enum PolicySpec {
    /// A preset's name; resolved (and checked) by [`Policy::resolve`].
    Preset(#[cfg_attr(test, ts(type = "PresetName"))] String),
    /// Custom limits.
    Custom(CustomPolicy),
}

/// What a policy is, for an error about a value that is neither a name nor an object.
const POLICY_SPEC: &str = "a preset name (\"chargebee\", \"fynn\", …) or a custom policy object";

impl ReadJson for PolicySpec {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        match reader.peek() {
            Some(b'"') => Ok(PolicySpec::Preset(String::read_json(reader)?)),
            Some(b'{') => {
                let shape = Shape {
                    expected: POLICY_SPEC,
                    keys: &POLICY_FIELDS,
                    slots: &[],
                    names: &[],
                    required: &[],
                };
                let mut custom = CustomPolicy::default();
                reader.object(&shape, |reader, slot| {
                    match slot {
                        0 => custom.name = ReadJson::read_json(reader)?,
                        1 => custom.max_depth = ReadJson::read_json(reader)?,
                        2 => custom.max_children = ReadJson::read_json(reader)?,
                        _ => custom.max_hierarchy_size = ReadJson::read_json(reader)?,
                    }
                    Ok(())
                })?;
                Ok(PolicySpec::Custom(custom))
            }
            _ => Err(reader.wrong_kind(&POLICY_SPEC)),
        }
    }
}

impl Policy {
    /// Turns what the caller wrote into a policy, refusing unknown presets and limits
    /// that cannot work (`INVALID_POLICY`).
    pub fn resolve(spec: &PolicySpec) -> Result<Policy, BilltreeError> {
        match spec {
            PolicySpec::Preset(name) => PresetName::from_name(name)
                .map(PresetName::policy)
                .ok_or_else(|| {
                    let expected: Vec<String> = PresetName::ALL
                        .iter()
                        .map(|p| p.as_str().to_owned())
                        .collect();
                    let mut error = BilltreeError::new(
                        ErrorCode::InvalidPolicy,
                        format!(
                            "unknown policy preset {}; expected one of {}",
                            Quoted(name),
                            join(&expected, ", ")
                        ),
                    );
                    error.details.expected = Some(expected);
                    error
                }),
            PolicySpec::Custom(custom) => {
                for (field, value) in [
                    ("maxDepth", custom.max_depth),
                    ("maxHierarchySize", custom.max_hierarchy_size),
                ] {
                    if value == Some(0) {
                        let mut error = BilltreeError::new(
                            ErrorCode::InvalidPolicy,
                            format!("{field} must be at least 1 (or null for no limit)"),
                        );
                        error.details.path = Some(field.to_owned());
                        return Err(error);
                    }
                }
                if let Some(name) = custom
                    .name
                    .as_deref()
                    .filter(|name| name.chars().count() > MAX_POLICY_NAME_CHARS)
                {
                    let mut error = BilltreeError::new(
                        ErrorCode::InvalidPolicy,
                        format!(
                            "the policy name {} is longer than {MAX_POLICY_NAME_CHARS} characters",
                            Quoted(name)
                        ),
                    );
                    error.details.path = Some("name".to_owned());
                    error.details.limit = Some(MAX_POLICY_NAME_CHARS as u32);
                    return Err(error);
                }
                Ok(Policy {
                    name: custom.name.clone().unwrap_or_else(|| "custom".to_owned()),
                    max_depth: custom.max_depth,
                    max_children: custom.max_children,
                    max_hierarchy_size: custom.max_hierarchy_size,
                })
            }
        }
    }

    /// Resolves an optional spec, falling back to [`PresetName::DEFAULT`].
    pub fn resolve_or_default(spec: Option<&PolicySpec>) -> Result<Policy, BilltreeError> {
        spec.map_or_else(|| Ok(Policy::default()), Policy::resolve)
    }

    /// Every preset's policy, for pickers and documentation.
    pub fn presets() -> Vec<Policy> {
        PresetName::ALL
            .into_iter()
            .map(PresetName::policy)
            .collect()
    }
}

/// Options of a validation or a session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields = nullable, rename_all = "camelCase"))]
pub struct ValidateOptions {
    /// The limits to check; `"chargebee"` when absent.
    pub policy: Option<PolicySpec>,
}

json_object!(ValidateOptions, "struct ValidateOptions" {
    policy: "policy" default,
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::from_json_str;

    #[test]
    fn presets_resolve_by_name_and_unknown_names_list_the_choices() {
        let fynn = Policy::resolve(&PolicySpec::Preset("fynn".into())).unwrap();
        assert_eq!(fynn.max_depth, Some(3));
        let error = Policy::resolve(&PolicySpec::Preset("stripe".into())).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidPolicy);
        assert!(error.details.expected.unwrap().contains(&"orb".to_owned()));
    }

    #[test]
    fn custom_policies_parse_and_refuse_unusable_limits() {
        let spec: PolicySpec = from_json_str(r#"{"name":"strict","maxDepth":2}"#).unwrap();
        let policy = Policy::resolve(&spec).unwrap();
        assert_eq!(policy.name, "strict");
        assert_eq!((policy.max_depth, policy.max_children), (Some(2), None));
        let zero: PolicySpec = from_json_str(r#"{"maxDepth":0}"#).unwrap();
        assert_eq!(
            Policy::resolve(&zero).unwrap_err().code,
            ErrorCode::InvalidPolicy
        );
        let negative = from_json_str::<PolicySpec>(r#"{"maxDepth":-1}"#).unwrap_err();
        assert_eq!(negative.code, ErrorCode::InvalidInput);
        let typo = from_json_str::<PolicySpec>(r#"{"maxDept":3}"#).unwrap_err();
        assert!(typo.message.contains("maxDept"), "{}", typo.message);
        let long = PolicySpec::Custom(CustomPolicy {
            name: Some("n".repeat(MAX_POLICY_NAME_CHARS + 1)),
            ..CustomPolicy::default()
        });
        let error = Policy::resolve(&long).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidPolicy);
        assert_eq!(error.details.path.as_deref(), Some("name"));
        let fits = PolicySpec::Custom(CustomPolicy {
            name: Some("é".repeat(MAX_POLICY_NAME_CHARS)),
            ..CustomPolicy::default()
        });
        assert!(Policy::resolve(&fits).is_ok());
    }
}
