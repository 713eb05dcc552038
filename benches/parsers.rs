//! The parsers and the config at agency scale: `cargo bench`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use synchup_setup::bigcommerce::api_path::StoreHash;
use synchup_setup::bigcommerce::credentials_file;
use synchup_setup::bigcommerce::values::{AccessToken, ClientId};
use synchup_setup::profile::fields::{ACCOUNT_NAME, CLIENT_ID, STORE};
use synchup_setup::storage::config::{ConfigFile, Profile};

const CREDENTIALS: &str = "ACCESS TOKEN: abcdefghijklmnopqrstuvwxyz01234\r\n\
    CLIENT NAME: SynchUP\r\nAPI PATH: https://api.bigcommerce.com/stores/et7xe3pz/v3/\r\n\
    CLIENT ID: k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov\r\n\
    CLIENT SECRET: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n";

/// A config with `count` profiles, as an agency that sets up many stores has.
fn agency_config(count: usize) -> String {
    let mut config = ConfigFile::parse(Path::new("config.toml"), b"# agency\n".to_vec()).unwrap();
    for i in 0..count {
        let hash = format!("s{i:07}");
        config
            .set_profile(
                &Profile {
                    updated_at: Some("2026-11-25T17:20:25Z".into()),
                    ..Profile::new(&format!("store-{i}"))
                }
                .with(&STORE, &hash)
                .with(&CLIENT_ID, "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov")
                .with(&ACCOUNT_NAME, &format!("Store {i}")),
            )
            .unwrap();
    }
    config.to_text()
}

fn values(c: &mut Criterion) {
    let forms = [
        "et7xe3pz",
        "store-et7xe3pz",
        "https://api.bigcommerce.com/stores/et7xe3pz/v3/",
        "https://store-et7xe3pz.mybigcommerce.com/manage/dashboard",
        "https://example.com/stores/et7xe3pz/v3/",
    ];
    c.bench_function("store hash from every pasted form", |b| {
        b.iter(|| {
            for form in forms {
                let _ = black_box(StoreHash::parse(black_box(form)));
            }
        })
    });
    c.bench_function("client id and token checks", |b| {
        b.iter(|| {
            let _ = black_box(ClientId::parse(black_box(
                "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov",
            )));
            let _ = black_box(AccessToken::parse(black_box(
                "abcdefghijklmnopqrstuvwxyz01234",
            )));
        })
    });
    c.bench_function("credentials file", |b| {
        b.iter(|| black_box(credentials_file::parse(black_box(CREDENTIALS)).unwrap()))
    });
}

fn config(c: &mut Criterion) {
    let text = agency_config(1000);
    let path = Path::new("config.toml");
    c.bench_function("load a 1000-profile config", |b| {
        b.iter(|| ConfigFile::parse(path, black_box(text.clone().into_bytes())).unwrap())
    });
    c.bench_function("list 1000 profiles", |b| {
        let config = ConfigFile::parse(path, text.clone().into_bytes()).unwrap();
        b.iter(|| black_box(config.profiles().unwrap()))
    });
    c.bench_function("update one of 1000 profiles and render", |b| {
        let mut config = ConfigFile::parse(path, text.clone().into_bytes()).unwrap();
        let profile = config
            .profile("store-500")
            .unwrap()
            .unwrap()
            .with(&CLIENT_ID, "another0client0id0value00000000");
        b.iter(|| {
            config.set_profile(&profile).unwrap();
            black_box(config.to_text())
        })
    });
}

criterion_group!(benches, values, config);
criterion_main!(benches);
