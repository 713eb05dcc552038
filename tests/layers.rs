//! The layers of `src/` (README, "How the code is laid out"): each module uses only the
//! modules of the layers below its own. A `crate::` path from a module to one of its own
//! layer or of a layer above fails here, with the file and line, and so does a module that
//! is in no layer.

use std::path::{Path, PathBuf};

/// The layers, from the bottom. A module is a file or a folder directly under `src/`;
/// `lib.rs` and `main.rs` are the program.
const LAYERS: &[(&str, &[&str])] = &[
    ("basics", &["ui", "rerun"]),
    ("what differs between operating systems", &["platform"]),
    (
        "basics that say things, and interrupts",
        &["time", "error", "signals"],
    ),
    ("the domain", &["bigcommerce"]),
    ("the profile's fields", &["profile"]),
    ("where things are kept", &["storage", "downloads"]),
    ("-v for the secret stores", &["trace"]),
    ("the process", &["context"]),
    ("reading a profile back", &["credentials"]),
    ("the work behind check and share", &["doctor", "handoff"]),
    ("the conversations", &["wizard"]),
    ("the command line", &["cli"]),
    ("clap glue", &["commands"]),
    ("the program", &["lib"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// The module a file of `src/` belongs to.
fn module_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .expect("a file under src/")
        .as_os_str()
        .to_string_lossy();
    match first.strip_suffix(".rs") {
        Some("main") => "lib".to_owned(),
        Some(name) => name.to_owned(),
        None => first.into_owned(),
    }
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The code of a file without its comments, line by line (a `//` inside a string may cut
/// the rest of that line: it can only hide a path, never invent one).
fn code_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let mut code = String::new();
        let mut rest = line;
        loop {
            if in_block {
                match rest.find("*/") {
                    Some(end) => {
                        in_block = false;
                        rest = &rest[end + 2..];
                    }
                    None => break,
                }
            } else {
                let line_comment = rest.find("//");
                let block = rest.find("/*");
                match (line_comment, block) {
                    (Some(l), Some(b)) if b < l => {
                        code.push_str(&rest[..b]);
                        in_block = true;
                        rest = &rest[b + 2..];
                    }
                    (Some(l), _) => {
                        code.push_str(&rest[..l]);
                        break;
                    }
                    (None, Some(b)) => {
                        code.push_str(&rest[..b]);
                        in_block = true;
                        rest = &rest[b + 2..];
                    }
                    (None, None) => {
                        code.push_str(rest);
                        break;
                    }
                }
            }
        }
        lines.push(code);
    }
    lines
}

/// The modules a line names after `crate::`, in `crate::a::b` and in `crate::{a, b::c}`.
fn used_modules(line: &str) -> Vec<String> {
    let mut used = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `$crate::` in a macro, or a name that merely ends in "crate".
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            let mut at_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        at_start = true;
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if at_start && depth == 0 {
                    if c.is_alphanumeric() || c == '_' {
                        item.push(c);
                    } else if !item.is_empty() {
                        used.push(std::mem::take(&mut item));
                        at_start = false;
                    }
                }
            }
            if at_start && !item.is_empty() {
                used.push(item);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                used.push(name);
            }
        }
    }
    used
}

fn each_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 20, "src/ read: {files:?}");
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = module_of(relative);
        let Some(own) = layer_of(&module) else {
            wrong.push(format!(
                "src/{}: the module `{module}` is in no layer; add it to LAYERS here and to \
                 the README's drawing",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in code_lines(&text).iter().enumerate() {
            for used in used_modules(line) {
                if used == module {
                    continue;
                }
                match layer_of(&used) {
                    Some(layer) if layer < own => {}
                    Some(layer) => wrong.push(format!(
                        "src/{}:{}: `{module}` ({}) uses `crate::{used}` ({}), which is not \
                         below it",
                        relative.display(),
                        number + 1,
                        LAYERS[own].0,
                        LAYERS[layer].0
                    )),
                    // The crate root's re-exports (`crate::Error`) are for the library's
                    // users; inside, a path names the module itself.
                    None => wrong.push(format!(
                        "src/{}:{}: `crate::{used}` is not a module of a layer; name the \
                         module it comes from",
                        relative.display(),
                        number + 1
                    )),
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn the_reader_finds_every_form_of_path() {
    assert_eq!(used_modules("use crate::storage::Paths;"), ["storage"]);
    assert_eq!(
        used_modules("use crate::{error::Error, ui::{Ui, printable}, time};"),
        ["error", "ui", "time"]
    );
    assert_eq!(
        used_modules("let x = crate::ui::printable(&crate::time::now());"),
        ["ui", "time"]
    );
    assert!(used_modules("use $crate::x; let notcrate::y = 1;").is_empty());
    let code = code_lines("a // crate::wizard\n/* crate::cli\n */ crate::ui::x /* crate::y */");
    assert_eq!(code.len(), 3);
    assert_eq!(used_modules(&code.concat()), ["ui"]);
}

crate::harness::tests! {
    each_module_uses_only_the_layers_below_it,
    the_reader_finds_every_form_of_path,
}
