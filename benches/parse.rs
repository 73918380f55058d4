//! Parse + type a response body at 10k, 100k and 1M rows (budget: at least 200 MB/s).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use wolkvox_ivr::fake::{large_calls, response_body};
use wolkvox_ivr::report::Report;

fn body(rows: usize) -> Vec<u8> {
    let calls = large_calls(rows);
    assert_eq!(calls.len(), rows, "the generator gave too few rows");
    response_body(&calls, false)
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    for rows in [10_000usize, 100_000, 1_000_000] {
        let bytes = body(rows);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(rows), &bytes, |b, bytes| {
            b.iter(|| {
                let mut r = Report::new();
                r.ingest(bytes).map(|_| r.len()).unwrap_or(0)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
