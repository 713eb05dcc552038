//! The BigCommerce side: what the three values look like, where the store hash hides in a
//! pasted address, the credentials file BigCommerce downloads, and the scopes SynchUP needs.

pub mod api_path;
pub mod client;
pub mod control_panel;
pub mod credentials_file;
pub mod label;
pub mod scopes;
pub mod values;
pub mod verify;
