// What both native benchmarks share: their arguments and their timer. Included with
// `#[path]`, so it is compiled into each benchmark.

use std::time::Instant;

/// `<out-dir> [rounds]` from the command line (cargo adds `--bench`), the folder
/// created: where inputs are written for Node to measure the same bytes.
pub fn arguments() -> (String, usize) {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let out = args
        .first()
        .cloned()
        .unwrap_or_else(|| "target/bench-data".into());
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    std::fs::create_dir_all(&out).expect("create the output folder");
    (out, rounds)
}

/// Median and best of `rounds` timed runs after one warm-up, as a JSON object in ms.
pub fn time_ms(rounds: usize, mut run: impl FnMut()) -> String {
    run(); // warm-up
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    format!(
        "{{\"median\":{:.3},\"best\":{:.3}}}",
        times[times.len() / 2],
        times[0]
    )
}
