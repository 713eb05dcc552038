//! The OAuth scopes SynchUP needs on the store-level API account, as the control panel
//! names them. Every other scope may stay at None.

use std::fmt;

/// The access level picked for a scope in the control panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Modify,
    ReadOnly,
    Create,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Modify => "modify",
            Level::ReadOnly => "read-only",
            Level::Create => "create",
        })
    }
}

/// How the online check tells whether the token has a scope. Every probe is a read-only
/// request under the store's API path; 403 means the scope is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// A read of the store's own data (a count, a one-item list, a filter that matches
    /// nothing): 2xx with the scope.
    Get(&'static str),
    /// A read bound to an order or a checkout that need not exist: with the scope the answer
    /// is usually 404 (no such order) or 400 (a parameter left out). Such an answer gets past
    /// the scope check but does not prove the store: a wrong store hash may answer 404 too.
    OrderBound(&'static str),
    /// No safe read-only request exists; the reason is shown instead.
    None(&'static str),
}

impl Probe {
    /// The path to ask, under `/stores/{hash}`, if the scope has a probe.
    pub fn path(self) -> Option<&'static str> {
        match self {
            Probe::Get(path) | Probe::OrderBound(path) => Some(path),
            Probe::None(_) => None,
        }
    }
}

/// One scope: its control-panel name, the level to pick, its API name, and its probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub name: &'static str,
    pub level: Level,
    pub api_name: &'static str,
    pub probe: Probe,
    /// Another scope that also opens the probe's endpoint: a passing probe then shows the
    /// scope is present, or that this other one covers it.
    pub also_passes_with: Option<&'static str>,
    /// Where BigCommerce's scopes table names the scope otherwise than the SynchUP help
    /// article (whose name is [`Scope::name`]), so that it is found in either control panel.
    pub other_name: Option<&'static str>,
    /// Where that table gives another level than the help article's.
    pub other_level: Option<Level>,
}

const fn scope(name: &'static str, level: Level, api_name: &'static str, probe: Probe) -> Scope {
    Scope {
        name,
        level,
        api_name,
        probe,
        also_passes_with: None,
        other_name: None,
        other_level: None,
    }
}

impl Scope {
    const fn also_passes_with(mut self, other: &'static str) -> Scope {
        self.also_passes_with = Some(other);
        self
    }

    const fn also_named(mut self, name: &'static str) -> Scope {
        self.other_name = Some(name);
        self
    }

    const fn also_at(mut self, level: Level) -> Scope {
        self.other_level = Some(level);
        self
    }

    /// What to show beside the scope's name and level where BigCommerce's own table words
    /// them otherwise: `also named "..."`, `"modify" in some control panels`.
    pub fn aside(&self) -> Option<String> {
        let name = self.other_name.map(|name| format!("also named \"{name}\""));
        let level = self
            .other_level
            .map(|level| format!("\"{level}\" in some control panels"));
        match (name, level) {
            (Some(name), Some(level)) => Some(format!("{name}; {level}")),
            (one, other) => one.or(other),
        }
    }
}

/// The scopes from the SynchUP help article, in its order. A `GET` cannot tell
/// "modify" from "read-only", and writes are never sent, so only presence is checked.
pub const REQUIRED: &[Scope] = &[
    scope(
        "Customers",
        Level::Modify,
        "store_v2_customers",
        Probe::Get("/v3/customers?limit=1"),
    ),
    scope(
        "Marketing",
        Level::Modify,
        "store_v2_marketing",
        Probe::Get("/v2/coupons/count"),
    ),
    scope(
        "Orders",
        Level::Modify,
        "store_v2_orders",
        Probe::Get("/v2/orders/count"),
    ),
    // Order 1 rarely exists: a 404 still shows the request got past the scope check.
    scope(
        "Order Transactions",
        Level::Modify,
        "store_v2_transactions",
        Probe::OrderBound("/v3/orders/1/transactions"),
    ),
    // BigCommerce's scopes table gives "modify" where the help article and the endpoint
    // reference say "create".
    scope(
        "Create Payments",
        Level::Create,
        "store_payments_access_token_create",
        Probe::None("only a write request (POST) uses it"),
    )
    .also_at(Level::Modify),
    // Without an order_id the answer is 400 when the scope is there. The endpoint also
    // accepts a token with Create Payments alone, so a pass may come from that scope.
    scope(
        "Get Payment Methods",
        Level::ReadOnly,
        "store_payments_methods_read",
        Probe::OrderBound("/v3/payments/methods"),
    )
    .also_passes_with("Create Payments")
    // The name in BigCommerce's current scopes table.
    .also_named("Payments - Get accepted methods"),
    scope(
        "Stored Payment Instruments",
        Level::ReadOnly,
        "store_stored_payment_instruments_read_only",
        Probe::None("a read needs a customer ID"),
    ),
    scope(
        "Products",
        Level::Modify,
        "store_v2_products",
        Probe::Get("/v3/catalog/summary"),
    ),
    scope(
        "Store Locations",
        Level::ReadOnly,
        "store_locations_read_only",
        Probe::Get("/v3/inventory/locations?limit=1"),
    ),
    scope(
        "Store Inventory",
        Level::Modify,
        "store_inventory",
        Probe::Get("/v3/inventory/items?limit=1"),
    ),
    scope(
        "Fulfillment Methods",
        Level::ReadOnly,
        "store_fulfillment_methods_read_only",
        Probe::Get("/v3/pickup/methods?limit=1"),
    ),
    // The endpoint has no limit parameter; its reference documents two filters,
    // `order_id:in` and `pickup_id:in`. Its pickup IDs have a minimum of 1, so 0 matches
    // nothing and the answer stays small however many pickups the store has.
    scope(
        "Order Fulfillment",
        Level::Modify,
        "store_order_fulfillment_manage",
        Probe::Get("/v3/orders/pickups?pickup_id:in=0"),
    ),
];

/// The extra scope for B2B Edition stores. It appears in the control panel only when B2B
/// Edition is enabled; it is checked against the B2B API, not a store path.
pub const B2B_EDITION: Scope = scope(
    "B2B Edition",
    Level::Modify,
    "store_b2b_edition",
    Probe::None("checked against the B2B Edition API"),
);

/// The scopes to set for a store, with B2B Edition's when it is enabled.
pub fn for_store(b2b: bool) -> Vec<Scope> {
    let mut scopes = REQUIRED.to_vec();
    if b2b {
        scopes.push(B2B_EDITION);
    }
    scopes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scope_once_with_its_names_and_level() {
        let mut names: Vec<_> = REQUIRED.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REQUIRED.len());
        let mut api_names: Vec<_> = REQUIRED.iter().map(|s| s.api_name).collect();
        api_names.sort_unstable();
        api_names.dedup();
        assert_eq!(api_names.len(), REQUIRED.len());
        assert!(REQUIRED.iter().all(|s| s.api_name.starts_with("store_")));
        // Only Create Payments is set to "create" in the control panel.
        let create: Vec<_> = REQUIRED
            .iter()
            .filter(|s| s.level == Level::Create)
            .map(|s| s.name)
            .collect();
        assert_eq!(create, ["Create Payments"]);
        assert_eq!(Level::Create.to_string(), "create");
    }

    #[test]
    fn the_help_articles_labels_with_the_docs_other_names_beside_them() {
        let find = |name: &str| REQUIRED.iter().find(|s| s.name == name).unwrap();
        let methods = find("Get Payment Methods");
        assert_eq!(
            methods.aside().as_deref(),
            Some("also named \"Payments - Get accepted methods\"")
        );
        let create = find("Create Payments");
        assert_eq!(create.level, Level::Create, "the help article's level");
        assert_eq!(
            create.aside().as_deref(),
            Some("\"modify\" in some control panels")
        );
        let with_asides: Vec<_> = REQUIRED
            .iter()
            .filter(|s| s.aside().is_some())
            .map(|s| s.name)
            .collect();
        assert_eq!(with_asides, ["Create Payments", "Get Payment Methods"]);
    }

    #[test]
    fn probes_are_read_only_paths_where_safe() {
        let unprobed: Vec<_> = REQUIRED
            .iter()
            .filter(|s| matches!(s.probe, Probe::None(_)))
            .map(|s| s.name)
            .collect();
        assert_eq!(unprobed, ["Create Payments", "Stored Payment Instruments"]);
        for scope in REQUIRED {
            if let Some(path) = scope.probe.path() {
                assert!(
                    path.starts_with("/v2/") || path.starts_with("/v3/"),
                    "{path}"
                );
            }
        }
        let order_bound: Vec<_> = REQUIRED
            .iter()
            .filter(|s| matches!(s.probe, Probe::OrderBound(_)))
            .map(|s| s.name)
            .collect();
        assert_eq!(order_bound, ["Order Transactions", "Get Payment Methods"]);
        assert_eq!(for_store(false).len(), REQUIRED.len());
        assert_eq!(for_store(true).last(), Some(&B2B_EDITION));
    }

    #[test]
    fn list_probes_ask_for_one_item_at_most() {
        // A store with thousands of customers or pickups must not send them all back.
        for scope in REQUIRED {
            let Probe::Get(path) = scope.probe else {
                continue;
            };
            let bounded = path.ends_with("/count")
                || path.ends_with("/summary")
                || path.contains("limit=1")
                || path.contains(":in=0");
            assert!(bounded, "{}: {path}", scope.name);
        }
        let covered: Vec<_> = REQUIRED
            .iter()
            .filter_map(|s| s.also_passes_with.map(|other| (s.name, other)))
            .collect();
        assert_eq!(covered, [("Get Payment Methods", "Create Payments")]);
    }
}
