//! `-v`: what was asked of the secret stores, said as it happens. A decorator around each
//! [`SecretStore`], so the stores themselves stay unaware of it. A token is never shown,
//! not even masked: only whether one was there.

use std::path::Path;
use std::time::Instant;

use crate::bigcommerce::values::AccessToken;
use crate::storage::secrets::{Location, Owner, SecretError, SecretStore, SecretStoreKind, Slot};
use crate::ui::Ui;

/// A secret store that reports each request on a verbose [`Ui`].
pub struct Traced {
    inner: Box<dyn SecretStore>,
    ui: Ui,
}

impl Traced {
    pub fn new(inner: Box<dyn SecretStore>, ui: Ui) -> Traced {
        Traced { inner, ui }
    }

    fn report<T>(
        &self,
        action: &str,
        slot: &Slot,
        started: Instant,
        result: &Result<T, SecretError>,
        outcome: impl Fn(&T) -> &'static str,
    ) {
        let said = match result {
            Ok(value) => outcome(value).to_owned(),
            Err(err) => format!("failed: {}", err.message()),
        };
        let mut ui = self.ui.clone();
        ui.trace(
            self.inner.kind().as_str(),
            format!(
                "{action} {}: {said} ({} ms)",
                self.inner.locate(slot),
                started.elapsed().as_millis()
            ),
        );
    }
}

impl SecretStore for Traced {
    fn kind(&self) -> SecretStoreKind {
        self.inner.kind()
    }

    fn locate(&self, slot: &Slot) -> Location {
        self.inner.locate(slot)
    }

    fn read(&self, slot: &Slot) -> Result<Option<AccessToken>, SecretError> {
        let started = Instant::now();
        let result = self.inner.read(slot);
        self.report("read", slot, started, &result, |token| match token {
            Some(_) => "a token is there",
            None => "no token there",
        });
        result
    }

    fn write(&self, slot: &Slot, token: &AccessToken, owner: &Path) -> Result<(), SecretError> {
        let started = Instant::now();
        let result = self.inner.write(slot, token, owner);
        self.report("write", slot, started, &result, |_| "stored");
        result
    }

    fn delete(&self, slot: &Slot) -> Result<bool, SecretError> {
        let started = Instant::now();
        let result = self.inner.delete(slot);
        self.report("delete", slot, started, &result, |deleted| {
            if *deleted {
                "deleted"
            } else {
                "nothing to delete"
            }
        });
        result
    }

    fn owner(&self, slot: &Slot) -> Result<Option<Owner>, SecretError> {
        let started = Instant::now();
        let result = self.inner.owner(slot);
        self.report(
            "read the owner of",
            slot,
            started,
            &result,
            |owner| match owner {
                Some(_) => "recorded",
                None => "none recorded",
            },
        );
        result
    }

    fn same_place(&self, a: &Slot, b: &Slot) -> bool {
        self.inner.same_place(a, b)
    }

    fn delete_command(&self, slot: &Slot) -> String {
        self.inner.delete_command(slot)
    }

    fn tidy(&self) -> Result<usize, SecretError> {
        self.inner.tidy()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::secrets::file::FileStore;

    #[test]
    fn tracing_a_store_keeps_it_tidying() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        std::fs::write(dir.path().join(".credentials.toml.x1.tmp"), "copy").unwrap();
        let (ui, _) = Ui::capture();
        let traced = Traced::new(Box::new(FileStore::new(path)), ui);
        assert_eq!(traced.tidy().unwrap(), 1);
    }
}
