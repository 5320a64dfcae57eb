//! billtree's JSON reader (src/input/reader.rs) against the JSON grammar: every kind of
//! value and escape, each syntax error as `INVALID_JSON` with its line and column,
//! bounded nesting, numbers refused by their text, lone surrogates refused at their path.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use billtree::{from_json_str, BilltreeError, ErrorCode};
use serde_json::Value;

fn read(json: &str) -> Result<Value, BilltreeError> {
    from_json_str::<Value>(json)
}

#[test]
fn reads_every_kind_of_value_and_escape() {
    let value = read(
        r#" { "a": [1, -2, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {} } "#,
    )
    .unwrap();
    assert_eq!(
        value,
        serde_json::json!({"a": [1, -2, true, false, null, "x\"\\/\u{8}\u{c}\n\r\t\u{e9}\u{1f600}"], "b": {}})
    );
}

#[test]
fn malformed_text_is_invalid_json_with_its_position() {
    for (json, message) in [
        ("", "EOF while parsing a value"),
        ("[1,]", "trailing comma"),
        (r#"{"a":1,}"#, "trailing comma"),
        ("[1 2]", "expected `,` or `]`"),
        (r#"{"a" 1}"#, "expected `:`"),
        ("{1: 2}", "key must be a string"),
        ("[01]", "invalid number"),
        ("[-]", "invalid number"),
        ("[1.]", "invalid number"),
        ("nul", "expected value"),
        ("[1] x", "trailing characters"),
        ("\"a\u{1}\"", "control character"),
        (r#""\x""#, "invalid escape"),
        ("\"abc", "EOF while parsing a string"),
    ] {
        let error = read(json).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidJson, "{json}: {error:?}");
        assert!(
            error.message.starts_with(message),
            "{json}: {}",
            error.message
        );
        assert!(error.details.line.is_some() && error.details.column.is_some());
    }
    let error = read("[1,\n  2,\n  x]").unwrap_err();
    assert_eq!(
        (error.details.line, error.details.column),
        (Some(3), Some(3))
    );
}

#[test]
fn nesting_is_bounded_without_exhausting_the_stack() {
    let deep = "[".repeat(100_000);
    let error = read(&deep).unwrap_err();
    assert!(
        error.message.starts_with("recursion limit exceeded"),
        "{}",
        error.message
    );
    let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(read(&fine).is_ok());
}

#[test]
fn fractions_and_huge_numbers_are_refused_by_their_text() {
    let error = read("[12.5]").unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(
        error.message.contains("floating point `12.5`"),
        "{}",
        error.message
    );
    assert_eq!(error.details.path.as_deref(), Some("[0]"));
    let error = read("[1e3]").unwrap_err();
    assert!(error.message.contains("`1e3`"), "{}", error.message);
    let error = read("[123456789012345678901234567890]").unwrap_err();
    assert!(
        error.message.contains("`123456789012345678901234567890`"),
        "{}",
        error.message
    );
    assert_eq!(
        read("[18446744073709551615, -9223372036854775808]").unwrap()[1],
        -9223372036854775808i64
    );
}

#[test]
fn a_lone_surrogate_escape_is_refused_but_a_pair_is_read() {
    for json in [
        r#"["\ud800"]"#,
        r#"["\udc00"]"#,
        r#"["\ud800\u0041"]"#,
        r#"["\ud800x"]"#,
    ] {
        let error = read(json).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{json}");
        assert!(
            error.message.contains("lone surrogate"),
            "{json}: {}",
            error.message
        );
        assert_eq!(error.details.path.as_deref(), Some("[0]"), "{json}");
    }
}

#[test]
fn long_strings_are_read_exactly_wherever_their_escapes_fall() {
    for length in 0..24 {
        for at in 0..=length {
            let plain = "é".repeat(length / 2) + &"a".repeat(length - length / 2);
            let (head, tail) =
                plain.split_at(plain.char_indices().nth(at).map_or(plain.len(), |(i, _)| i));
            let escaped = format!(r#"["{head}\"{tail}", "{head}\\{tail}"]"#);
            let value = read(&escaped).unwrap();
            assert_eq!(value[0], format!("{head}\"{tail}"));
            assert_eq!(value[1], format!("{head}\\{tail}"));
            let control = format!("[\"{head}\u{1f}{tail}\"]");
            assert_eq!(
                read(&control).unwrap_err().code,
                ErrorCode::InvalidJson,
                "{control:?}"
            );
            let unterminated = format!("[\"{head}{tail}");
            assert_eq!(
                read(&unterminated).unwrap_err().code,
                ErrorCode::InvalidJson
            );
        }
    }
}

/// The billing input's shape errors: each names its path and says what is wrong in the
/// same words whichever reader reads the type (serde's derive, or billtree's own
/// `input::read_json`, which replaced it for the billing input to save module size).
#[test]
fn billing_input_shape_errors_name_their_path() {
    use billtree::BillingInput;
    let period = r#""period":{"start":"2026-11-01","end":"2026-12-01"}"#;
    let cases: &[(String, &str, &str)] = &[
        (r#"{}"#.into(), "", "missing field `period`"),
        (format!(r#"{{{period},"bogus":1}}"#), "bogus", "unknown field `bogus`, expected one of `period`, `currencyPolicy`, `prices`"),
        (format!(r#"{{{period},{period}}}"#), "period", "duplicate field `period`"),
        (r#"{"period":{"start":"2026-11-01"}}"#.into(), "period", "missing field `end`"),
        (r#"{"period":[]}"#.into(), "period", "invalid type: sequence, expected struct PeriodInput"),
        (format!(r#"{{{period},"prices":null}}"#), "prices", "invalid type: null, expected a sequence"),
        (format!(r#"{{{period},"prices":{{}}}}"#), "prices", "invalid type: map, expected a sequence"),
        (format!(r#"{{{period},"currencyPolicy":"split"}}"#), "currencyPolicy", "unknown variant `split`, expected `mismatch` or `splitByCurrency`"),
        (format!(r#"{{{period},"currencyPolicy":3}}"#), "currencyPolicy", "invalid type: integer `3`, expected enum CurrencyPolicy"),
        (format!(r#"{{{period},"prices":[{{"id":"p","currency":"EUR","model":"flat","amount":"1"}},{{"id":"q","currency":"EUR","model":"tiered"}}]}}"#), "prices[1].model", "unknown variant `tiered`, expected one of `flat`, `perUnit`, `package`, `graduated`, `volume`"),
        (format!(r#"{{{period},"prices":[{{"id":"q","currency":"EUR","model":"graduated","tiers":[{{"upTo":"10"}}]}}]}}"#), "prices[0].tiers[0]", "missing field `unitAmount`"),
        (format!(r#"{{{period},"prices":[{{"id":"q","currency":"EUR","model":"graduated","tiers":[{{"unitAmount":0.5}}]}}]}}"#), "prices[0].tiers[0].unitAmount", "invalid type: floating point `0.5`, expected a price as a decimal string"),
        (format!(r#"{{{period},"charges":[{{"id":"c","customerId":"a","description":"x","amount":"1.2.3"}}]}}"#), "charges[0].amount", "a money amount: "),
        (format!(r#"{{{period},"usageTotals":[{{"customerId":"a","meter":"m","quantity":"-1"}}]}}"#), "usageTotals[0].quantity", "a quantity: must not be negative"),
        (format!(r#"{{{period},"usage":[{{"customerId":"a","meter":"m","quantity":"1","timestamp":5}}]}}"#), "usage[0].timestamp", "invalid type: integer `5`, expected a string"),
        (format!(r#"{{{period},"subscriptions":[{{"id":"s","customerId":"a","priceIds":["p",null]}}]}}"#), "subscriptions[0].priceIds[1]", "invalid type: null, expected a string"),
        (format!(r#"{{{period},"subscriptions":[{{"id":"s","customerId":"a","rollup":null,"rollup":"pooled"}}]}}"#), "subscriptions[0].rollup", "duplicate field `rollup`"),
        (format!(r#"{{{period},"taxRates":[{{"customerId":"a"}}]}}"#), "taxRates[0]", "missing field `percent`"),
        (format!(r#"{{{period},"credits":[{{"customerId":"a","amount":"1","currency":"EUR","x":1}}]}}"#), "credits[0].x", "unknown field `x`, expected one of `customerId`, `amount`, `currency`"),
        ("[]".into(), "", "invalid type: sequence, expected struct BillingInput"),
    ];
    for (json, path, message) in cases {
        let error = from_json_str::<BillingInput>(json).expect_err(json);
        assert_eq!(error.code, ErrorCode::InvalidInput, "{json}: {error}");
        let path = Some(*path).filter(|path| !path.is_empty());
        assert_eq!(error.details.path.as_deref(), path, "{json}: {error}");
        assert!(error.message.contains(message), "{json}: {error}");
    }
    // Absent lists and policies are their defaults; null is refused above, not defaulted.
    let read = from_json_str::<BillingInput>(&format!("{{{period}}}")).unwrap();
    assert!(read.prices.is_empty() && read.usage.is_empty());
}

/// A recorded case: what is read, the JSON, and the error's path and message (`None`:
/// it reads).
type Case = (
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);

/// Checks one recorded case's result: read when none was recorded, else exactly the
/// recorded path (empty: the top level) and message.
fn check_case(json: &str, result: Result<(), BilltreeError>, expected: &Option<(&str, &str)>) {
    match (result, expected) {
        (Ok(()), None) => {}
        (Err(error), Some((path, message))) => {
            assert_eq!(error.code, ErrorCode::InvalidInput, "{json}");
            let path = Some(*path).filter(|path| !path.is_empty());
            assert_eq!(error.details.path.as_deref(), path, "{json}");
            assert_eq!(error.message, *message, "{json}");
        }
        (result, _) => panic!("{json}: {result:?}"),
    }
}

/// Hierarchy documents, billing settings and edits: every shape error keeps the path
/// and the words serde's derive gave them before billtree's own reader took over
/// (recorded from the serde version, byte for byte).
#[test]
fn hierarchy_input_shape_errors_keep_their_words() {
    use billtree::{parse_hierarchy_json, BillingSettings, HierarchyEdit};
    let cases: &[Case] = &[
        (
            "settings",
            r#"{"childAccountAccess":{"x":1}}"#,
            Some((
                "childAccountAccess.x",
                r#"childAccountAccess.x: unknown field `x`, expected one of `portalEditChildSubscriptions`, `portalEditSubscriptions`, `portalDownloadChildInvoices`, `portalDownloadInvoices`, `sendSubscriptionEmails`, `sendInvoiceEmails`, `sendPaymentEmails` at line 1 column 27"#,
            )),
        ),
        (
            "settings",
            r#"{"childAccountAccess":{"portalEditSubscriptions":"yes","portalEditChildSubscriptions":"no"}}"#,
            Some((
                "childAccountAccess.portalEditChildSubscriptions",
                r#"childAccountAccess.portalEditChildSubscriptions: duplicate field `portalEditSubscriptions` at line 1 column 87"#,
            )),
        ),
        (
            "settings",
            r#"{"billTo":"me"}"#,
            Some((
                "billTo",
                r#"billTo: unknown variant `me`, expected one of `self`, `parent`, `root` at line 1 column 15"#,
            )),
        ),
        (
            "settings",
            r#"{"childAccountAccess":{"portalEditSubscriptions":"maybe"}}"#,
            Some((
                "childAccountAccess.portalEditSubscriptions",
                r#"childAccountAccess.portalEditSubscriptions: unknown variant `maybe`, expected one of `no`, `viewOnly`, `view_only`, `yes` at line 1 column 57"#,
            )),
        ),
        (
            "settings",
            r#"{"childAccountAccess":{"sendInvoiceEmails":"yes"}}"#,
            Some((
                "childAccountAccess.sendInvoiceEmails",
                r#"childAccountAccess.sendInvoiceEmails: invalid type: string "yes", expected a boolean at line 1 column 49"#,
            )),
        ),
        (
            "settings",
            r#"{"invoiceOwnerId":5}"#,
            Some((
                "invoiceOwnerId",
                r#"invoiceOwnerId: invalid type: integer `5`, expected a string at line 1 column 20"#,
            )),
        ),
        ("settings", r#"{"invoiceOwnerId":" a"}"#, None),
        (
            "edit",
            r#"{"op":"setParent","customerId":"a"}"#,
            Some((
                "",
                r#"setParent needs a parentId string at line 1 column 36"#,
            )),
        ),
        (
            "edit",
            r#"{"op":"jump","customerId":"a"}"#,
            Some((
                "op",
                r#"op: unknown variant `jump`, expected one of `setParent`, `removeParent`, `moveSubtree`, `archive`, `unarchive`, `setBillingSettings` at line 1 column 13"#,
            )),
        ),
        (
            "edit",
            r#"{"op":"setParent","customerId":"a","parentId":"b","x":1}"#,
            Some((
                "x",
                r#"x: unknown field `x`, expected one of `op`, `customerId`, `parentId`, `settings` at line 1 column 54"#,
            )),
        ),
        (
            "edit",
            r#"{"op":"moveSubtree","customerId":"a","parentId":null}"#,
            None,
        ),
        (
            "edit",
            r#"{"op":"archive","customerId":"a","parentId":null}"#,
            Some((
                "",
                r#"only setParent and moveSubtree take a parentId at line 1 column 50"#,
            )),
        ),
        (
            "edit",
            r#"{"customerId":"a"}"#,
            Some(("", r#"missing field `op` at line 1 column 19"#)),
        ),
        (
            "edit",
            r#"[{"op":"archive","customerId":"a"}, {"op":"archive","customerId":"a","settings":{}}]"#,
            Some((
                "[1]",
                r#"[1]: only setBillingSettings takes settings at line 1 column 84"#,
            )),
        ),
        (
            "hier",
            r#"{"customers":[{"id":"a","name":"A","x":1}]}"#,
            Some((
                "customers[0].x",
                r#"customers[0].x: unknown field `x`, expected one of `id`, `name`, `tenantId`, `parentId`, `archived`, `currency`, `invoiceOwnerId`, `paymentOwnerId`, `billTo`, `payer`, `invoicingDelegateId`, `parentAccountAccess`, `childAccountAccess` at line 1 column 39"#,
            )),
        ),
        (
            "hier",
            r#"{"customer":[]}"#,
            Some((
                "customer",
                r#"customer: unknown field `customer`, expected `customers` at line 1 column 12"#,
            )),
        ),
        (
            "hier",
            r#""x""#,
            Some((
                "",
                r#"invalid type: string "x", expected an object with a `customers` array, or an array of customers at line 1 column 4"#,
            )),
        ),
        (
            "hier",
            r#"[{"id":"a","name":"A","archived":"yes"}]"#,
            Some((
                "[0].archived",
                r#"[0].archived: invalid type: string "yes", expected a boolean at line 1 column 39"#,
            )),
        ),
        (
            "hier",
            r#"[{"id":"a","name":"A","billTo":"parent","billTo":"root"}]"#,
            Some((
                "[0].billTo",
                r#"[0].billTo: duplicate field `billTo` at line 1 column 50"#,
            )),
        ),
        (
            "hier",
            r#"[{"id":"a","name":"A","invoiceOwnerId":""}]"#,
            Some((
                "[0].invoiceOwnerId",
                r#"[0].invoiceOwnerId: an owner id is empty at line 1 column 42"#,
            )),
        ),
        (
            "hier",
            r#"[{"id":"a"}]"#,
            Some(("[0]", r#"[0]: missing field `name` at line 1 column 12"#)),
        ),
        (
            "hier",
            r#"[{"id":"a","name":"A","tenantId":3}]"#,
            Some((
                "[0].tenantId",
                r#"[0].tenantId: invalid type: integer `3`, expected a string at line 1 column 35"#,
            )),
        ),
        (
            "hier",
            r#"[{"id":"a","name":"A","parentId":[]}]"#,
            Some((
                "[0].parentId",
                r#"[0].parentId: invalid type: sequence, expected a string at line 1 column 35"#,
            )),
        ),
        (
            "hier",
            r#"[{"id":"a","name":"A","childAccountAccess":{"portalDownloadInvoices":"view_only"}}]"#,
            None,
        ),
    ];
    for (kind, json, expected) in cases {
        let result = match *kind {
            "settings" => from_json_str::<BillingSettings>(json).map(drop),
            "edit" if json.starts_with('[') => from_json_str::<Vec<HierarchyEdit>>(json).map(drop),
            "edit" => from_json_str::<HierarchyEdit>(json).map(drop),
            _ => parse_hierarchy_json(json).map(drop),
        };
        check_case(json, result, expected);
    }
}

/// Policies, validation options and customer filters: their shape errors keep the path
/// and words they had under serde's derive (recorded from it), u32 limits included.
#[test]
fn option_shape_errors_keep_their_words() {
    use billtree::{CustomerFilter, PolicySpec, ValidateOptions};
    let cases: &[Case] = &[
        (
            "spec",
            r#"{"name":"x","maxDepth":-1}"#,
            Some((
                "maxDepth",
                r#"maxDepth: invalid value: integer `-1`, expected u32 at line 1 column 26"#,
            )),
        ),
        (
            "spec",
            r#"{"maxDept":3}"#,
            Some((
                "maxDept",
                r#"maxDept: unknown field `maxDept`, expected one of `name`, `maxDepth`, `maxChildren`, `maxHierarchySize` at line 1 column 11"#,
            )),
        ),
        (
            "spec",
            r#"{"maxDepth":1.5}"#,
            Some((
                "maxDepth",
                r#"maxDepth: invalid type: floating point `1.5`, expected u32 at line 1 column 16"#,
            )),
        ),
        (
            "spec",
            r#"{"maxDepth":5000000000}"#,
            Some((
                "maxDepth",
                r#"maxDepth: invalid value: integer `5000000000`, expected u32 at line 1 column 23"#,
            )),
        ),
        (
            "spec",
            r#"{"maxDepth":"3"}"#,
            Some((
                "maxDepth",
                r#"maxDepth: invalid type: string "3", expected u32 at line 1 column 16"#,
            )),
        ),
        (
            "spec",
            r#"{"maxDepth":3,"maxDepth":4}"#,
            Some((
                "maxDepth",
                r#"maxDepth: duplicate field `maxDepth` at line 1 column 26"#,
            )),
        ),
        ("spec", r#"{"maxChildren":null,"name":null}"#, None),
        (
            "spec",
            r#"3"#,
            Some((
                "",
                r#"invalid type: integer `3`, expected a preset name ("chargebee", "fynn", …) or a custom policy object at line 1 column 2"#,
            )),
        ),
        (
            "spec",
            r#"["orb"]"#,
            Some((
                "",
                r#"invalid type: sequence, expected a preset name ("chargebee", "fynn", …) or a custom policy object at line 1 column 2"#,
            )),
        ),
        ("spec", r#""fynn""#, None),
        (
            "spec",
            r#"null"#,
            Some((
                "",
                r#"invalid type: null, expected a preset name ("chargebee", "fynn", …) or a custom policy object at line 1 column 5"#,
            )),
        ),
        ("opts", r#"{"policy":"orb"}"#, None),
        ("opts", r#"{"policy":null}"#, None),
        (
            "opts",
            r#"{"polic":null}"#,
            Some((
                "polic",
                r#"polic: unknown field `polic`, expected `policy` at line 1 column 9"#,
            )),
        ),
        (
            "opts",
            r#"["orb"]"#,
            Some((
                "",
                r#"invalid type: sequence, expected struct ValidateOptions at line 1 column 2"#,
            )),
        ),
        (
            "opts",
            r#"{"policy":{"name":"x","maxDepth":[2]}}"#,
            Some((
                "policy.maxDepth",
                r#"policy.maxDepth: invalid type: sequence, expected u32 at line 1 column 35"#,
            )),
        ),
        (
            "filter",
            r#"{"isParent":true,"limit":3,"offset":-1}"#,
            Some((
                "offset",
                r#"offset: invalid value: integer `-1`, expected u32 at line 1 column 39"#,
            )),
        ),
        (
            "filter",
            r#"{"isParent":"yes"}"#,
            Some((
                "isParent",
                r#"isParent: invalid type: string "yes", expected a boolean at line 1 column 18"#,
            )),
        ),
        (
            "filter",
            r#"{"parentCustomerId":5}"#,
            Some((
                "parentCustomerId",
                r#"parentCustomerId: invalid type: integer `5`, expected a string at line 1 column 22"#,
            )),
        ),
        (
            "filter",
            r#"{"x":5}"#,
            Some((
                "x",
                r#"x: unknown field `x`, expected one of `isParent`, `hasParent`, `parentCustomerId`, `search`, `offset`, `limit` at line 1 column 5"#,
            )),
        ),
        (
            "filter",
            r#"[true]"#,
            Some((
                "",
                r#"invalid type: sequence, expected struct CustomerFilter at line 1 column 2"#,
            )),
        ),
        (
            "filter",
            r#"{"limit":4294967296}"#,
            Some((
                "limit",
                r#"limit: invalid value: integer `4294967296`, expected u32 at line 1 column 20"#,
            )),
        ),
        ("filter", r#"{"limit":4294967295,"hasParent":null}"#, None),
    ];
    for (kind, json, expected) in cases {
        let result = match *kind {
            "spec" => from_json_str::<PolicySpec>(json).map(drop),
            "opts" => from_json_str::<ValidateOptions>(json).map(drop),
            _ => from_json_str::<CustomerFilter>(json).map(drop),
        };
        check_case(json, result, expected);
    }
}
