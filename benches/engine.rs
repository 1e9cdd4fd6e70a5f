//! Engine benchmarks: parse + validate (whole, and as it arrives in chunks), a two-way slice, and its displayed figures (controlled
//! rounding included), at 10^4, 10^5 and 10^6 facts.
//!
//! Run with `cargo bench --bench engine` (or `bash tools/bench.sh` for these plus the browser
//! figures). Datasets come from the deterministic generator, so every run measures the same input.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use whole_place::domain::aggregate::aggregate;
use whole_place::domain::format;
use whole_place::domain::load::incremental::IncrementalLoad;
use whole_place::domain::load::load;
use whole_place::domain::url;
use whole_place::generator::{DEFAULT_SEED, scaled_facts, to_json};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

fn dataset_json(n_facts: usize) -> Vec<u8> {
    to_json(&scaled_facts(DEFAULT_SEED, n_facts), DEFAULT_SEED).into_bytes()
}

fn engine(c: &mut Criterion) {
    let mut parse = c.benchmark_group("parse_and_validate");
    parse.sample_size(10).measurement_time(Duration::from_secs(8));
    let inputs: Vec<(usize, Vec<u8>)> = SIZES.iter().map(|n| (*n, dataset_json(*n))).collect();
    for (n_facts, bytes) in &inputs {
        parse.throughput(Throughput::Bytes(bytes.len() as u64));
        parse.bench_with_input(BenchmarkId::from_parameter(n_facts), bytes, |b, bytes| {
            b.iter(|| load(black_box(bytes)));
        });
    }
    parse.finish();

    // The same, fed in 64 KiB chunks as the loader worker receives a download
    // (IncrementalLoad): each fact is read as its last byte arrives.
    let mut chunked = c.benchmark_group("parse_and_validate_as_it_arrives_64k_chunks");
    chunked.sample_size(10).measurement_time(Duration::from_secs(8));
    for (n_facts, bytes) in &inputs {
        chunked.throughput(Throughput::Bytes(bytes.len() as u64));
        chunked.bench_with_input(BenchmarkId::from_parameter(n_facts), bytes, |b, bytes| {
            b.iter(|| {
                let mut loading = IncrementalLoad::new(bytes.len(), None);
                for chunk in bytes.chunks(64 * 1024) {
                    loading.push(black_box(chunk));
                }
                loading.finish()
            });
        });
    }
    chunked.finish();

    let mut slice = c.benchmark_group("two_way_slice_place_by_activity");
    slice.sample_size(10).measurement_time(Duration::from_secs(5));
    let query = url::parse("by=place&then=activity").query;
    for (n_facts, bytes) in &inputs {
        let Some(dataset) = load(bytes).dataset else { continue };
        slice.throughput(Throughput::Elements(*n_facts as u64));
        slice.bench_with_input(BenchmarkId::from_parameter(n_facts), &dataset, |b, dataset| {
            b.iter(|| aggregate(black_box(dataset), black_box(&query)));
        });
    }
    slice.finish();

    // What every click adds after the slice: rounding the two-way table to margins that equal
    // the one-way views (a max-flow problem) and formatting every figure.
    let mut shown = c.benchmark_group("displayed_figures_place_by_activity");
    shown.sample_size(10).measurement_time(Duration::from_secs(3));
    for (n_facts, bytes) in &inputs {
        let Some(dataset) = load(bytes).dataset else { continue };
        let breakdown = aggregate(&dataset, &query);
        let currency = dataset.metadata.currency.clone();
        shown.bench_with_input(BenchmarkId::from_parameter(n_facts), &breakdown, |b, breakdown| {
            b.iter(|| format::figures(black_box(breakdown), black_box(&currency)));
        });
    }
    shown.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
