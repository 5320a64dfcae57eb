//! The TypeScript declarations of every type that crosses the wasm boundary, generated
//! from the Rust types themselves and compared with the committed
//! `src/wasm/types.generated.d.ts` (which the boundary embeds in the package's `.d.ts`).
//! Change a type without regenerating and this test fails:
//! `BILLTREE_UPDATE_TYPES=1 cargo test --lib typescript` rewrites the file.

use super::*;
use ts_rs::{Config, TS};

/// Declarations that describe JS-side facts no Rust type has: the accepted input forms
/// and the shape of a thrown error.
const HAND_WRITTEN: &str = r#"
/** What the hierarchy entry points accept: JSON text (fastest for large inputs), `{ customers }`, or an array of customers. */
export type HierarchySource = string | HierarchyInput | Array<Customer>;

/** The `Error` every billtree function throws for a contract violation: branch on `code`, never on `message`. */
export interface BilltreeErrorObject extends Error {
  name: "BilltreeError";
  code: ErrorCode;
  details: ErrorDetails;
}
"#;

fn declaration<T: TS>(config: &Config) -> String {
    let raw = format!(
        "{}export {}\n",
        T::docs().unwrap_or_default(),
        T::decl(config)
    );
    layout(&raw)
}

/// ts-rs puts a closing brace at the end of a field's line (`x: T, };`); wasm-bindgen
/// indents the custom section by braces at line starts and ends, so without this the
/// package's `.d.ts` drifts further right with every type. One field a line, braces
/// opening and closing lines, two spaces a level.
fn layout(raw: &str) -> String {
    let broken = raw
        .replace(", } | { ", ",\n} | {\n")
        .replace("{ \"op\": ", "{\n\"op\": ")
        .replace("{ \"type\": ", "{\n\"type\": ")
        .replace(", };", ",\n};");
    let mut depth = 0usize;
    let mut out = String::new();
    for line in broken.lines().map(str::trim) {
        if line.starts_with('}') {
            depth = depth.saturating_sub(1);
        }
        let indent = if line.starts_with('*') { 1 } else { 0 };
        out.push_str(&" ".repeat(depth * 2 + indent));
        out.push_str(line);
        out.push('\n');
        if line.ends_with('{') {
            depth += 1;
        }
    }
    out
}

fn declarations() -> String {
    let config = Config::default();
    let mut out =
        String::from("// Generated from the Rust types by src/typescript.rs. Do not edit.\n");
    out.push_str(HAND_WRITTEN);
    for decl in [
        declaration::<BillTo>(&config),
        declaration::<Payer>(&config),
        declaration::<BillingWay>(&config),
        declaration::<Access>(&config),
        declaration::<AccountAccess>(&config),
        declaration::<BillingSettings>(&config),
        declaration::<Customer>(&config),
        declaration::<HierarchyInput>(&config),
        declaration::<ErrorCode>(&config),
        declaration::<ErrorDetails>(&config),
        declaration::<PresetName>(&config),
        declaration::<Policy>(&config),
        declaration::<CustomPolicy>(&config),
        declaration::<PolicySpec>(&config),
        declaration::<ValidateOptions>(&config),
        declaration::<IssueCode>(&config),
        declaration::<PolicyRule>(&config),
        declaration::<IdProblemKind>(&config),
        declaration::<BillingField>(&config),
        declaration::<OwnerRole>(&config),
        declaration::<TwoLevelRule>(&config),
        declaration::<IssueDetails>(&config),
        declaration::<Issue>(&config),
        declaration::<ValidationReport>(&config),
        declaration::<MigrationReport>(&config),
        declaration::<CustomerSummary>(&config),
        declaration::<TreeNode>(&config),
        declaration::<HierarchyTree>(&config),
        declaration::<ChildList>(&config),
        declaration::<CustomerFilter>(&config),
        declaration::<CustomerPage>(&config),
        declaration::<HierarchyEdit>(&config),
        declaration::<HierarchyEvent>(&config),
        declaration::<UnresolvedReason>(&config),
        declaration::<UnresolvedOwner>(&config),
        declaration::<OwnerPair>(&config),
        declaration::<CustomerOwners>(&config),
        declaration::<OwnersReport>(&config),
        declaration::<OwnerChange>(&config),
        declaration::<HierarchyRecord>(&config),
        declaration::<OverdueReach>(&config),
        declaration::<OverdueAffected>(&config),
        declaration::<OverdueCascade>(&config),
        declaration::<OwnedCustomers>(&config),
        declaration::<StepRule>(&config),
        declaration::<ExplanationStep>(&config),
        declaration::<OwnerExplanation>(&config),
        declaration::<AccessVia>(&config),
        declaration::<InvoiceScope>(&config),
        declaration::<InvoiceAccess>(&config),
        declaration::<Visibility>(&config),
        declaration::<EditPreview>(&config),
        declaration::<Money>(&config),
        declaration::<Quantity>(&config),
        declaration::<UnitAmount>(&config),
        declaration::<Percent>(&config),
        declaration::<PeriodInput>(&config),
        declaration::<CurrencyPolicy>(&config),
        declaration::<PriceModel>(&config),
        declaration::<RollupMode>(&config),
        declaration::<PriceTier>(&config),
        declaration::<PriceInput>(&config),
        declaration::<SubscriptionInput>(&config),
        declaration::<UsageRow>(&config),
        declaration::<UsageTotal>(&config),
        declaration::<ChargeInput>(&config),
        declaration::<DiscountInput>(&config),
        declaration::<CommitmentInput>(&config),
        declaration::<TaxRateInput>(&config),
        declaration::<CreditInput>(&config),
        declaration::<LifecycleAction>(&config),
        declaration::<SubscriptionAction>(&config),
        declaration::<DatedChange>(&config),
        declaration::<UsageTotalsSplit>(&config),
        declaration::<BillingInput>(&config),
        declaration::<LineKind>(&config),
        declaration::<TierCharge>(&config),
        declaration::<Contribution>(&config),
        declaration::<PoolShare>(&config),
        declaration::<LineDiscount>(&config),
        declaration::<Line>(&config),
        declaration::<Totals>(&config),
        declaration::<Section>(&config),
        declaration::<AppliedDiscount>(&config),
        declaration::<AppliedCredit>(&config),
        declaration::<InvoiceKind>(&config),
        declaration::<PaymentShare>(&config),
        declaration::<Invoice>(&config),
        declaration::<CreditBalance>(&config),
        declaration::<BillingIssueCode>(&config),
        declaration::<BillingIssue>(&config),
        declaration::<SubPeriodSummary>(&config),
        declaration::<InheritedSubscription>(&config),
        declaration::<LifecycleEvent>(&config),
        declaration::<InvoicePreview>(&config),
        declaration::<ModeChange>(&config),
        declaration::<InvoiceWhatIf>(&config),
        declaration::<ChangedInvoice>(&config),
        declaration::<InvoiceWhatIfResult>(&config),
        declaration::<UsageQuery>(&config),
        declaration::<UsageInPart>(&config),
        declaration::<CustomerUsage>(&config),
        declaration::<MeterUsage>(&config),
        declaration::<UsageAnalytics>(&config),
        declaration::<ChildWithSubscriptions>(&config),
        declaration::<ChildrenWithSubscriptions>(&config),
        declaration::<SubscriptionView>(&config),
        declaration::<BillingBelow>(&config),
    ] {
        out.push('\n');
        out.push_str(&decl);
    }
    out
}

#[test]
fn generated_typescript_matches_the_committed_declarations() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/wasm/types.generated.d.ts");
    let generated = declarations();
    if std::env::var_os("BILLTREE_UPDATE_TYPES").is_some() {
        assert!(
            std::fs::write(path, &generated).is_ok(),
            "cannot write {path}"
        );
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "src/wasm/types.generated.d.ts is stale: run `BILLTREE_UPDATE_TYPES=1 cargo test --lib typescript` and commit it"
    );
}
