//! Entry point: in the browser, mount the app; natively, the publishers' commands (`check`,
//! `compact`, `assemble`), each a thin shell over `domain::load` and `convert`.

#[cfg(target_arch = "wasm32")]
fn main() {
    // The same WebAssembly runs in the loader worker (src/worker.rs), which has no page to mount:
    // there it only serves `load_from`.
    if whole_place::ui::in_page() {
        whole_place::ui::start();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(cli::run(&args));
}

/// The command line: arguments parsed in two stages (raw words, then a [`cli::Command`]), each
/// command reading files, calling the library and printing. Exit codes: 0 done, 1 the data has
/// errors (nothing written), 2 usage or a file that cannot be read or written.
/// `println!` that ignores a closed output (`whole-place check big.json | head` must not panic
/// with "Broken pipe").
#[cfg(not(target_arch = "wasm32"))]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use rust_decimal::Decimal;
    use serde::Serialize;
    use whole_place::convert::assemble::{self, Input};
    use whole_place::convert::from_dataset::{self, Compacted, Refused, Summary};
    use whole_place::domain::load::{Loaded, load};
    use whole_place::domain::problem::{Problem, Problems, Severity};

    const USAGE: &str = "\
Whole Place runs in the browser (see README.md: tools/serve.sh builds and serves it).
For publishers, natively:
  whole-place check FILE [--json]                   check a data file; print its problems and totals
  whole-place compact IN OUT                        sum facts with identical keys and provenance
  whole-place assemble HEADER.json FACTS.ndjson... OUT
                                                    a header plus JSON-lines facts, compacted
Exit status: 0 done, 1 the data has errors (nothing written), 2 usage or a file problem.";

    /// A validated command line.
    #[derive(Debug, PartialEq, Eq)]
    enum Command {
        Check { file: String, json: bool },
        Compact { input: String, output: String },
        Assemble { header: String, parts: Vec<String>, output: String },
    }

    /// Why the command line was not understood (a sentence for stderr).
    fn parse(args: &[String]) -> Result<Command, String> {
        let (name, rest) = args.split_first().ok_or("no command given")?;
        let flags: Vec<&String> = rest.iter().filter(|a| a.starts_with("--")).collect();
        let words: Vec<String> = rest.iter().filter(|a| !a.starts_with("--")).cloned().collect();
        let no_flags = |command: &str| match flags.first() {
            Some(flag) => Err(format!("{command} has no option {flag}")),
            None => Ok(()),
        };
        match name.as_str() {
            "check" => {
                let json = match flags.as_slice() {
                    [] => false,
                    [flag] if flag.as_str() == "--json" => true,
                    _ => return Err(format!("check takes only --json, not {}", quoted(&flags))),
                };
                match words.as_slice() {
                    [file] => Ok(Command::Check { file: file.clone(), json }),
                    _ => Err("check takes one FILE".to_owned()),
                }
            }
            "compact" => {
                no_flags("compact")?;
                match words.as_slice() {
                    [input, output] => Ok(Command::Compact { input: input.clone(), output: output.clone() }),
                    _ => Err("compact takes IN and OUT".to_owned()),
                }
            }
            "assemble" => {
                no_flags("assemble")?;
                match words.as_slice() {
                    [header, parts @ .., output] if !parts.is_empty() => {
                        Ok(Command::Assemble { header: header.clone(), parts: parts.to_vec(), output: output.clone() })
                    }
                    _ => Err("assemble takes HEADER.json, at least one FACTS.ndjson, and OUT".to_owned()),
                }
            }
            "help" | "--help" | "-h" => Err(String::new()),
            other => Err(format!("unknown command \"{other}\"")),
        }
    }

    fn quoted(flags: &[&String]) -> String {
        flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// Runs a command line; returns the exit status.
    pub fn run(args: &[String]) -> i32 {
        let command = match parse(args) {
            Ok(command) => command,
            Err(why) => {
                if !why.is_empty() {
                    eprintln!("whole-place: {why}.");
                }
                eprintln!("{USAGE}");
                return 2;
            }
        };
        let outcome = match command {
            Command::Check { file, json } => check(&file, json),
            Command::Compact { input, output } => compact(&input, &output),
            Command::Assemble { header, parts, output } => assemble_files(&header, &parts, &output),
        };
        outcome.unwrap_or_else(|why| {
            eprintln!("whole-place: {why}");
            2
        })
    }

    fn read(path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}."))
    }

    fn check(file: &str, json: bool) -> Result<i32, String> {
        let bytes = read(file)?;
        let Loaded { dataset, problems } = load(&bytes);
        let summary = from_dataset::summary(dataset.as_deref());
        // Without a dataset nothing was counted: the counts are unknown, never 0.
        let counted = dataset.is_some();
        if json {
            out!("{}", check_json(&problems, &summary, counted).map_err(|e| format!("cannot write JSON: {e}."))?);
        } else if !counted {
            print_problems(&problems, &mut std::io::stdout());
            out!("{file}: no fact could be used; see the problems above.");
        } else {
            print_problems(&problems, &mut std::io::stdout());
            out!(
                "{file}: {} facts read, {} kept, {} left out; {} distinct tuples (keys, period, basis, source, note).",
                summary.facts_read,
                summary.facts_kept,
                summary.facts_left_out,
                summary.tuples
            );
            for (period, total) in &summary.totals {
                out!("  total {period}: {total}");
            }
            out!("{} errors, {} warnings.", problems.n_errors, problems.n_warnings);
        }
        Ok(if problems.n_errors > 0 { 1 } else { 0 })
    }

    /// The `check --json` object.
    /// `counted`: whether a dataset was loaded; without one the counts are `null` (unknown).
    fn check_json(problems: &Problems, summary: &Summary, counted: bool) -> Result<String, serde_json::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            problems: Vec<ProblemOut>,
            problems_not_listed: usize,
            facts_read: Option<usize>,
            facts_kept: Option<usize>,
            facts_left_out: Option<usize>,
            tuples: Option<usize>,
            totals: Totals<'a>,
        }
        #[derive(Serialize)]
        struct ProblemOut {
            severity: &'static str,
            code: String,
            location: String,
            message: String,
        }
        /// Period id → exact decimal text, in period order.
        struct Totals<'a>(&'a [(String, Decimal)]);
        impl Serialize for Totals<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|(period, total)| (period, total.to_string())))
            }
        }
        let out = Out {
            problems: problems
                .listed
                .iter()
                .map(|p| ProblemOut {
                    severity: match p.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    code: snake_case(&format!("{:?}", p.code)),
                    location: p.location.to_string(),
                    message: p.message.clone(),
                })
                .collect(),
            problems_not_listed: problems.n_not_listed,
            facts_read: counted.then_some(summary.facts_read),
            facts_kept: counted.then_some(summary.facts_kept),
            facts_left_out: counted.then_some(summary.facts_left_out),
            tuples: counted.then_some(summary.tuples),
            totals: Totals(&summary.totals),
        };
        serde_json::to_string(&out)
    }

    /// `UnknownReference` → `unknown_reference`.
    fn snake_case(name: &str) -> String {
        let mut out = String::with_capacity(name.len() + 4);
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    fn print_problems(problems: &Problems, out: &mut dyn std::io::Write) {
        for p in &problems.listed {
            let _ = writeln!(out, "{}: {}: {}", p.severity.as_str().to_lowercase(), p.location, p.message);
        }
        if problems.n_not_listed > 0 {
            let _ = writeln!(out, "… and {} more problems of the kinds above, not listed.", problems.n_not_listed);
        }
    }

    /// Refuses an output that is one of the inputs: a file with errors would be kept, but a
    /// good one would be replaced by its compacted form with no copy of the original left.
    fn not_an_input(output: &str, inputs: &[&str]) -> Result<(), String> {
        let Ok(out) = std::fs::canonicalize(output) else { return Ok(()) };
        match inputs.iter().find(|input| std::fs::canonicalize(input).is_ok_and(|i| i == out)) {
            Some(input) => Err(format!("{output} is also an input ({input}); write to another file.")),
            None => Ok(()),
        }
    }

    fn compact(input: &str, output: &str) -> Result<i32, String> {
        not_an_input(output, &[input])?;
        let bytes = read(input)?;
        let result = from_dataset::compact(&bytes);
        finish(result, input, bytes.len(), output, |p| p)
    }

    fn assemble_files(header: &str, parts: &[String], output: &str) -> Result<i32, String> {
        let inputs: Vec<&str> = std::iter::once(header).chain(parts.iter().map(String::as_str)).collect();
        not_an_input(output, &inputs)?;
        let header_bytes = read(header)?;
        let part_bytes = parts.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
        let inputs: Vec<Input<'_>> = parts.iter().zip(&part_bytes).map(|(name, bytes)| Input { name, bytes }).collect();
        let bytes_in = header_bytes.len() + part_bytes.iter().map(Vec::len).sum::<usize>();
        let assembled = match assemble::assemble(Input { name: header, bytes: &header_bytes }, &inputs) {
            Ok(assembled) => assembled,
            Err(problems) => {
                for p in &problems {
                    eprintln!("{}: {}: {}", p.severity.as_str().to_lowercase(), p.location, p.message);
                }
                eprintln!("whole-place: {output} was not written: the input has errors (above).");
                return Ok(1);
            }
        };
        let loaded = load(&assembled.bytes);
        let result = from_dataset::compact_loaded(loaded);
        finish(result, header, bytes_in, output, |p| assembled.relocate(p))
    }

    /// Writes a compacted file, or says why not; `relocate` places problems for a person.
    fn finish(
        result: Result<Compacted, Refused>,
        input: &str,
        bytes_in: usize,
        output: &str,
        relocate: impl Fn(Problem) -> Problem,
    ) -> Result<i32, String> {
        let relocated =
            |problems: Problems| Problems { listed: problems.listed.into_iter().map(&relocate).collect(), ..problems };
        match result {
            Ok(compacted) => {
                std::fs::write(output, &compacted.json).map_err(|e| format!("cannot write {output}: {e}."))?;
                out!(
                    "{input} → {output}: {} facts in, {} facts out, {bytes_in} bytes in, {} bytes out.",
                    compacted.n_facts_in,
                    compacted.n_facts_out,
                    compacted.json.len()
                );
                if compacted.problems.n_warnings > 0 {
                    eprintln!(
                        "{} warnings in the input (the figures are all kept); they follow.",
                        compacted.problems.n_warnings
                    );
                    print_problems(&relocated(compacted.problems), &mut std::io::stderr());
                }
                Ok(0)
            }
            Err(Refused::Errors(problems)) => {
                print_problems(&relocated(problems), &mut std::io::stderr());
                eprintln!(
                    "whole-place: {output} was not written: the input has errors (above), so facts were left \
                     out and compacting would lose them without a word. Correct them and run again."
                );
                Ok(1)
            }
            Err(Refused::Write(why)) => Err(format!("cannot write the compacted file: {why}.")),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn command_lines_parse_or_say_why_not() {
            let words = |line: &str| line.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
            let cases: [(&str, Result<Command, ()>); 9] = [
                ("check a.json", Ok(Command::Check { file: "a.json".into(), json: false })),
                ("check --json a.json", Ok(Command::Check { file: "a.json".into(), json: true })),
                ("check a.json --yaml", Err(())),
                ("check a.json b.json", Err(())),
                (
                    "compact in.json out.json",
                    Ok(Command::Compact { input: "in.json".into(), output: "out.json".into() }),
                ),
                ("compact in.json", Err(())),
                (
                    "assemble h.json a.ndjson b.ndjson out.json",
                    Ok(Command::Assemble {
                        header: "h.json".into(),
                        parts: vec!["a.ndjson".into(), "b.ndjson".into()],
                        output: "out.json".into(),
                    }),
                ),
                ("assemble h.json out.json", Err(())),
                ("frobnicate x", Err(())),
            ];
            for (line, expected) in cases {
                assert_eq!(parse(&words(line)).map_err(|_| ()), expected, "{line}");
            }
            assert_eq!(snake_case("UnknownReference"), "unknown_reference");
        }
    }
}
