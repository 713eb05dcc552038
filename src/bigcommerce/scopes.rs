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

/// One scope: its control-panel name, the level to pick, and its API name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub name: &'static str,
    pub level: Level,
    pub api_name: &'static str,
}

const fn scope(name: &'static str, level: Level, api_name: &'static str) -> Scope {
    Scope {
        name,
        level,
        api_name,
    }
}

/// The twelve scopes from the SynchUP help article, in its order.
pub const REQUIRED: [Scope; 12] = [
    scope("Customers", Level::Modify, "store_v2_customers"),
    scope("Marketing", Level::Modify, "store_v2_marketing"),
    scope("Orders", Level::Modify, "store_v2_orders"),
    scope("Order Transactions", Level::Modify, "store_v2_transactions"),
    scope(
        "Create Payments",
        Level::Create,
        "store_payments_access_token_create",
    ),
    scope(
        "Get Payment Methods",
        Level::ReadOnly,
        "store_payments_methods_read",
    ),
    scope(
        "Stored Payment Instruments",
        Level::ReadOnly,
        "store_stored_payment_instruments_read_only",
    ),
    scope("Products", Level::Modify, "store_v2_products"),
    scope(
        "Store Locations",
        Level::ReadOnly,
        "store_locations_read_only",
    ),
    scope("Store Inventory", Level::Modify, "store_inventory"),
    scope(
        "Fulfillment Methods",
        Level::ReadOnly,
        "store_fulfillment_methods_read_only",
    ),
    scope(
        "Order Fulfillment",
        Level::Modify,
        "store_order_fulfillment_manage",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_distinct_scopes_matching_the_help_article() {
        let mut names: Vec<_> = REQUIRED.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 12);
        let levels = |level| REQUIRED.iter().filter(|s| s.level == level).count();
        assert_eq!(levels(Level::Modify), 7);
        assert_eq!(levels(Level::ReadOnly), 4);
        assert_eq!(levels(Level::Create), 1);
        assert_eq!(REQUIRED[4].name, "Create Payments");
        assert_eq!(REQUIRED[4].level.to_string(), "create");
    }
}
