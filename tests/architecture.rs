//! Keeps the layering honest: the pure domain never names the browser, the UI framework, the
//! clock or randomness (ARCHITECTURE.md, "Invariants").

use std::fs;
use std::path::Path;

const FORBIDDEN: &[&str] = &[
    "leptos",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "gloo",
    "SystemTime",
    "Instant::",
    "rand::",
    "crate::ui",
    "f32",
    "to_f64",
    "as f64",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn domain_is_pure() {
    let mut files = Vec::new();
    rust_files(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/domain")), &mut files);
    assert!(files.len() >= 10, "found the domain modules");
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            // Comments may talk about what the code avoids; only code lines are checked.
            let code = line.split("//").next().unwrap_or("");
            for word in FORBIDDEN {
                assert!(!code.contains(word), "{}:{} names `{word}`: {line}", file.display(), n + 1);
            }
        }
    }
}

#[test]
fn every_module_says_what_it_owns() {
    let mut files = Vec::new();
    rust_files(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut files);
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_default();
        assert!(text.starts_with("//!"), "{} should open with a //! line", file.display());
    }
}

/// Every stylesheet's braces balance outside comments: one lost `}` (a bad merge) makes the
/// browser swallow every later rule, including the phone layout, without an error anywhere.
#[test]
fn stylesheets_have_balanced_braces() {
    for entry in fs::read_dir("style").into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "css") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap_or_default();
        let (mut depth, mut line, mut rest) = (0i32, 1usize, text.as_str());
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("/*") {
                let end = rest.find("*/").map_or(rest.len(), |i| i + 2);
                line += rest[..end].matches('\n').count();
                rest = &rest[end..];
                continue;
            }
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                '\n' => line += 1,
                _ => {}
            }
            assert!(depth >= 0, "{}:{line}: a `}}` closes nothing", path.display());
            rest = &rest[c.len_utf8()..];
        }
        assert_eq!(depth, 0, "{}: {depth} block(s) never closed", path.display());
    }
}
