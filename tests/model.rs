//! A model of what every profile must read, checked against the real stores after each step
//! of random sequences: setups and updates (some killed between two writes), saves that keep
//! the token, copies and moves of a config, duplicated profile sections and removals, across
//! configs that share one directory (and so the file store). After each step every profile
//! reads the token it last saved itself; one that came by a copy reads that token, or says
//! plainly that it has none. Nothing else may happen to a token: never another profile's,
//! never an error.
//!
//! A kill is a panic raised (without the panic hook, so quietly) just after the store
//! finished its n-th write or delete: nothing of the save's own clean-up runs, the lock is let
//! go as a dying process's is, and the files are as a kill would leave them.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use synchup_setup::bigcommerce::values::AccessToken;
use synchup_setup::profile::fields::{ACCOUNT_NAME, CLIENT_ID, STORE};
use synchup_setup::storage::config::{ConfigFile, Profile};
use synchup_setup::storage::secrets::{
    Location, Owner, SecretError, SecretStore, SecretStoreKind, Slot, StoreOptions,
};
use synchup_setup::storage::{Paths, Storage};

use crate::common::{HASH, ID};

/// How many configs the steps move between (one directory), and how many profile names.
const CONFIGS: usize = 3;
const PROFILES: usize = 2;

#[derive(Debug, Clone)]
enum Op {
    /// A save of a new token (`new`) or of the saved one kept; `kill` stops it after that
    /// many writes or deletes in the stores.
    Save {
        config: usize,
        profile: usize,
        new: bool,
        kill: Option<u32>,
    },
    Copy {
        from: usize,
        to: usize,
    },
    Move {
        from: usize,
        to: usize,
    },
    Duplicate {
        config: usize,
        from: usize,
        to: usize,
    },
    Remove {
        config: usize,
        profile: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let c = 0..CONFIGS;
    let p = 0..PROFILES;
    prop_oneof![
        4 => (c.clone(), p.clone(), any::<bool>(), prop::option::weighted(0.3, 1..5u32)).prop_map(
            |(config, profile, new, kill)| Op::Save { config, profile, new, kill }
        ),
        1 => (c.clone(), c.clone()).prop_map(|(from, to)| Op::Copy { from, to }),
        1 => (c.clone(), c.clone()).prop_map(|(from, to)| Op::Move { from, to }),
        1 => (c.clone(), p.clone(), p.clone())
            .prop_map(|(config, from, to)| Op::Duplicate { config, from, to }),
        1 => (c, p).prop_map(|(config, profile)| Op::Remove { config, profile }),
    ]
}

/// What one profile may read.
#[derive(Debug, Clone)]
struct Expect {
    /// The tokens it may read (two after a killed save: the old and the new).
    tokens: Vec<String>,
    /// It saved the token itself: it must read it. A profile that came by a copy (of the
    /// config, or of a section) may also have none, when the original moved on.
    own: bool,
    /// A killed first save may have left no profile at all.
    may_be_absent: bool,
}

/// The stand-in for a kill: raised after the n-th change to a store.
struct Killed;

/// A store that dies after `left` more writes or deletes.
struct Dying {
    inner: Box<dyn SecretStore>,
    left: Rc<Cell<Option<u32>>>,
}

impl Dying {
    fn count(&self) {
        if let Some(left) = self.left.get() {
            if left <= 1 {
                self.left.set(None);
                resume_unwind(Box::new(Killed));
            }
            self.left.set(Some(left - 1));
        }
    }
}

impl SecretStore for Dying {
    fn kind(&self) -> SecretStoreKind {
        self.inner.kind()
    }
    fn locate(&self, slot: &Slot) -> Location {
        self.inner.locate(slot)
    }
    fn read(&self, slot: &Slot) -> Result<Option<AccessToken>, SecretError> {
        self.inner.read(slot)
    }
    fn write(&self, slot: &Slot, token: &AccessToken, owner: &Path) -> Result<(), SecretError> {
        let done = self.inner.write(slot, token, owner);
        self.count();
        done
    }
    fn owner(&self, slot: &Slot) -> Result<Option<Owner>, SecretError> {
        self.inner.owner(slot)
    }
    fn delete_command(&self, slot: &Slot) -> String {
        self.inner.delete_command(slot)
    }
    fn same_place(&self, a: &Slot, b: &Slot) -> bool {
        self.inner.same_place(a, b)
    }
    fn delete(&self, slot: &Slot) -> Result<bool, SecretError> {
        let done = self.inner.delete(slot);
        self.count();
        done
    }
    fn tidy(&self) -> Result<usize, SecretError> {
        self.inner.tidy()
    }
}

struct World {
    dir: PathBuf,
    kind: SecretStoreKind,
    names: Vec<String>,
    model: BTreeMap<usize, BTreeMap<String, Expect>>,
    tokens: usize,
}

impl World {
    fn path(&self, config: usize) -> PathBuf {
        self.dir.join(format!("c{config}.toml"))
    }

    fn storage(&self, config: usize, kill: Option<u32>) -> Storage {
        let paths = Paths::new(self.path(config));
        let left = Rc::new(Cell::new(kill));
        let stores = SecretStoreKind::all()
            .map(|kind| {
                let inner = (kind.provider().open)(&paths, &StoreOptions::default());
                Box::new(Dying {
                    inner,
                    left: left.clone(),
                }) as Box<dyn SecretStore>
            })
            .collect();
        Storage::with_stores(paths, stores)
    }

    fn token(&mut self) -> String {
        self.tokens += 1;
        format!("modeltoken{:021}", self.tokens)
    }

    fn step(&mut self, op: &Op) {
        match *op {
            Op::Save {
                config,
                profile,
                new,
                kill,
            } => {
                let name = self.names[profile].clone();
                let before = self.model.get(&config).and_then(|m| m.get(&name)).cloned();
                if !new && before.is_none() {
                    return;
                }
                let text = new.then(|| self.token());
                let token = text
                    .as_deref()
                    .map(|t| AccessToken::parse(t).unwrap().value);
                let mut saved = Profile::new(&name)
                    .with(&STORE, HASH)
                    .with(&CLIENT_ID, ID)
                    .with(&ACCOUNT_NAME, &format!("run {}", self.tokens));
                saved.secret_store = self.kind;
                let storage = self.storage(config, kill);
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    storage.save(saved, token.as_ref(), false, || {})
                }));
                let entry = self.model.entry(config).or_default();
                match outcome {
                    Ok(Ok(_)) => {
                        let tokens = match text {
                            Some(text) => vec![text],
                            None => before.expect("a kept token had a profile").tokens,
                        };
                        // Keeping a token a copy had already lost (the slot it named is
                        // gone) saves the other values: it still has none.
                        let own = !tokens.is_empty();
                        entry.insert(
                            name,
                            Expect {
                                tokens,
                                own,
                                may_be_absent: false,
                            },
                        );
                    }
                    // Keeping a token a copy no longer has: said plainly, nothing changes.
                    Ok(Err(err)) => {
                        assert!(
                            !new && before.as_ref().is_some_and(|b| !b.own),
                            "{op:?}: {err}"
                        );
                    }
                    Err(payload) => {
                        assert!(payload.is::<Killed>(), "{op:?} panicked");
                        let mut tokens = before
                            .as_ref()
                            .map(|b| b.tokens.clone())
                            .unwrap_or_default();
                        tokens.extend(text);
                        entry.insert(
                            name,
                            Expect {
                                tokens,
                                own: before.as_ref().is_none_or(|b| b.own),
                                may_be_absent: before.is_none(),
                            },
                        );
                    }
                }
            }
            Op::Copy { from, to } | Op::Move { from, to } => {
                if from == to || !self.model.contains_key(&from) {
                    return;
                }
                let moving = matches!(op, Op::Move { .. });
                if moving {
                    std::fs::rename(self.path(from), self.path(to)).unwrap();
                } else {
                    std::fs::copy(self.path(from), self.path(to)).unwrap();
                }
                let mut profiles = self.model[&from].clone();
                if !moving {
                    for expect in profiles.values_mut() {
                        expect.own = false;
                    }
                } else {
                    self.model.remove(&from);
                }
                self.model.insert(to, profiles);
            }
            Op::Duplicate { config, from, to } => {
                let (from, to) = (self.names[from].clone(), self.names[to].clone());
                if from == to {
                    return;
                }
                let Some(expect) = self.model.get(&config).and_then(|m| m.get(&from)).cloned()
                else {
                    return;
                };
                let mut file = ConfigFile::load(&self.path(config)).unwrap();
                let Some(mut twin) = file.profile(&from).unwrap() else {
                    // A killed first save left no profile: nothing to copy.
                    return;
                };
                twin.name = to.clone();
                file.set_profile(&twin).unwrap();
                file.write().unwrap();
                // The keychain finds an entry by the profile's name too: the section may
                // lead back to what the name held before.
                let profiles = self.model.get_mut(&config).unwrap();
                let mut tokens = expect.tokens;
                if let Some(before) = profiles.get(&to) {
                    tokens.extend(before.tokens.iter().cloned());
                }
                profiles.insert(
                    to,
                    Expect {
                        tokens,
                        own: false,
                        may_be_absent: false,
                    },
                );
            }
            Op::Remove { config, profile } => {
                let name = self.names[profile].clone();
                if !self.model.contains_key(&config) {
                    return;
                }
                self.storage(config, None).remove(&name).unwrap();
                self.model.get_mut(&config).unwrap().remove(&name);
            }
        }
    }

    /// Every profile reads what the model allows; what it read becomes what it holds.
    fn check(&mut self, after: &Op) {
        let mut model = std::mem::take(&mut self.model);
        for (&config, profiles) in model.iter_mut() {
            let storage = self.storage(config, None);
            let file = storage.load().unwrap();
            // A killed first save may have left no profile: it is then not there at all.
            profiles.retain(|name, expect| {
                let there = file.profile(name).unwrap().is_some();
                assert!(
                    there || expect.may_be_absent,
                    "after {after:?}: c{config} lost {name}"
                );
                there
            });
            for (name, expect) in profiles.iter_mut() {
                let profile = file.profile(name).unwrap().expect("kept above");
                let read = storage
                    .store(profile.secret_store)
                    .read(&profile.slot())
                    .unwrap_or_else(|err| panic!("after {after:?}: c{config}/{name}: {err}"))
                    .map(|t| t.expose().to_owned());
                match read {
                    Some(token) => {
                        assert!(
                            expect.tokens.contains(&token),
                            "after {after:?}: c{config}/{name} reads {token}, not one of {:?}",
                            expect.tokens
                        );
                        expect.tokens = vec![token];
                    }
                    None => {
                        assert!(
                            !expect.own,
                            "after {after:?}: c{config}/{name} lost the token it saved ({:?})",
                            expect.tokens
                        );
                        expect.tokens.clear();
                    }
                }
                expect.may_be_absent = false;
            }
        }
        self.model = model;
    }

    /// Removes every profile, so that the keychain keeps nothing of the test.
    fn clear(&mut self) {
        for (&config, profiles) in &self.model {
            let storage = self.storage(config, None);
            for name in profiles.keys() {
                let _ = storage.remove(name);
            }
        }
    }
}

fn run_model(kind: SecretStoreKind, cases: u32, steps: usize) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(op(), 1..steps), |ops| {
            let dir = tempfile::tempdir().unwrap();
            let unique = crate::keychain::unique_profile("model");
            let mut world = World {
                dir: dir.path().join("synchup"),
                kind,
                names: (0..PROFILES).map(|i| format!("{unique}-{i}")).collect(),
                model: BTreeMap::new(),
                tokens: 0,
            };
            std::fs::create_dir(&world.dir).unwrap();
            for op in &ops {
                world.step(op);
                world.check(op);
            }
            world.clear();
            Ok(())
        })
        .unwrap();
}

/// The file store, shared by every config of the directory.
fn every_profile_reads_its_own_token_in_the_file_store() {
    run_model(SecretStoreKind::FILE, 48, 14);
}

/// The real keychain, fewer and shorter sequences: each request is a D-Bus round trip.
fn every_profile_reads_its_own_token_in_the_keychain() {
    run_model(SecretStoreKind::KEYCHAIN, 12, 10);
}

crate::harness::tests! {
    every_profile_reads_its_own_token_in_the_file_store,
    every_profile_reads_its_own_token_in_the_keychain needs(Keychain),
}
