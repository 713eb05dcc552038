//! What `show`, `check` and `token` share: finding the profile's values, and naming where
//! each comes from, in words and in JSON.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::context::Context;
use crate::credentials::Source;
use crate::error::Result;
use crate::storage::Storage;

pub use crate::credentials::{LookedUp, source_warnings};

/// Reads the config and looks up the profile the context names.
pub fn look_up(cx: &Context, storage: &Storage) -> Result<LookedUp> {
    crate::credentials::look_up(storage, &cx.target, &cx.env)
}

/// Where a value comes from, for JSON: `{"kind": ..., ...}` with the place's coordinates.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct SourceJson(Map<String, Value>);

impl SourceJson {
    pub fn new(source: &Source) -> Self {
        let mut map = Map::new();
        let mut put = |key: &str, value: String| {
            map.insert(key.to_owned(), Value::String(value));
        };
        match source {
            Source::Env(var) => {
                put("kind", "env".into());
                put("variable", (*var).to_owned());
            }
            Source::Config(path) => {
                put("kind", "config".into());
                put("path", path.display().to_string());
            }
            Source::Secret(location) => {
                put("kind", location.kind.as_str().to_owned());
                for (key, value) in &location.fields {
                    put(key, value.clone());
                }
            }
        }
        SourceJson(map)
    }
}
