//! Writes the illustrative Shropshire dataset (or a scaled copy for benchmarks) as JSON.
//!
//! `cargo run --example generate -- [--facts N] [--seed S] [--out FILE]`; without `--facts`
//! it writes the shipped default, without `--out` to standard output.

use std::process::ExitCode;
use whole_place::generator::{self, DEFAULT_SEED};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut n_facts = None;
    let mut seed = DEFAULT_SEED;
    let mut out = None;
    while let Some(flag) = args.next() {
        let value = args.next();
        match (flag.as_str(), value) {
            ("--facts", Some(v)) => match v.replace('_', "").parse::<f64>() {
                // Accepts 1e6 as well as 1000000; a count, not money.
                Ok(n) if (1.0..=1e8).contains(&n) => n_facts = Some(n as usize),
                _ => return usage(&format!("--facts wants a count from 1 to 1e8, not {v}")),
            },
            ("--seed", Some(v)) => match v.parse() {
                Ok(s) => seed = s,
                Err(_) => return usage(&format!("--seed wants a whole number, not {v}")),
            },
            ("--out", Some(v)) => out = Some(v),
            _ => return usage(&format!("unknown or incomplete option {flag}")),
        }
    }
    let facts = match n_facts {
        Some(n) => generator::scaled_facts(seed, n),
        None => generator::base_facts(seed),
    };
    let json = generator::to_json(&facts, seed);
    match out {
        Some(path) => {
            if let Err(error) = std::fs::write(&path, json) {
                eprintln!("could not write {path}: {error}");
                return ExitCode::FAILURE;
            }
            eprintln!("wrote {} facts to {path}", facts.len());
        }
        None => print!("{json}"),
    }
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("{problem}\nusage: cargo run --example generate -- [--facts N] [--seed S] [--out FILE]");
    ExitCode::from(2)
}
