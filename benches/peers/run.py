#!/usr/bin/env python3
"""Compares `wolkvox-ivr export` / `summary` with the pandas and polars scripts an
analyst would write, on the same diagram_11 response of N calls (default 1,000,000).

    python3 benches/peers/run.py [--runs 5] [--calls 1000000]

Needs the release build (`cargo build --release`); the response file is made once with
`cargo run --release --example make_response` and kept in target/peers/. Each command
runs alone, in turn, --runs times; wall time, CPU time and peak resident memory come
from the child's own resource usage (os.wait4). Prints one line per command and a last
line checking the budget: export ≥ 20× faster than pandas and ≥ 8× than polars, with
less peak memory than both. POSIX only; Python 3.11 standard library.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = ROOT / "target" / "release" / "wolkvox-ivr"
WORK = ROOT / "target" / "peers"

# How many times faster than each peer `export` must be.
BUDGET = {"pandas": 20.0, "polars": 8.0}
# How many times faster than the faster peer the workbook must be.
XLSX_BUDGET = 10.0


def measure(cmd, env, stdout):
    """Runs `cmd` to its end; returns (wall s, cpu s, peak RSS in MB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    # Reading stderr as it comes keeps a chatty child from blocking on a full pipe.
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        sys.stderr.write(err.decode("utf-8", "replace"))
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return wall, usage.ru_utime + usage.ru_stime, rss, proc.returncode


def make_response(calls):
    path = WORK / f"response-{calls}.json"
    if path.exists():
        return path
    print(f"making {path.relative_to(ROOT)} ({calls:,} calls)...", flush=True)
    part = path.with_suffix(".part")
    subprocess.run(
        ["cargo", "run", "--quiet", "--release", "--example", "make_response", "--", str(part), str(calls)],
        cwd=ROOT,
        check=True,
    )
    part.replace(path)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    ap.add_argument("--calls", type=int, default=1_000_000, help="calls in the response (default 1,000,000)")
    ap.add_argument("--xlsx-calls", type=int, default=200_000,
                    help="calls for the workbook job of the peers (default 200,000)")
    ap.add_argument("--python", default=sys.executable, help="interpreter for the pandas and polars scripts")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")

    if not BIN.exists():
        print("building the release binary...", flush=True)
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    response = make_response(args.calls)
    size_mb = response.stat().st_size / 1e6

    tmp = Path(tempfile.mkdtemp(prefix="wolkvox-peers-"))
    env = dict(os.environ, WOLKVOX_IVR_CONFIG_DIR=str(tmp / "config"), WOLKVOX_IVR_LOG_DIR=str(tmp / "logs"))
    commands = {
        "export": [str(BIN), "export", "--input", str(response), "--out", str(tmp / "export.csv")],
        "summary": [str(BIN), "summary", "--input", str(response), "--json"],
        "pandas": [args.python, str(HERE / "pandas_job.py"), str(response), str(tmp / "pandas.csv")],
        "polars": [args.python, str(HERE / "polars_job.py"), str(response), str(tmp / "polars.csv")],
    }
    labels = {
        "export": "wolkvox-ivr export (CSV)",
        "summary": "wolkvox-ivr summary --json",
        "pandas": "pandas script",
        "polars": "polars script",
    }

    print(f"{response.name}: {args.calls:,} calls, {size_mb:.0f} MB; {args.runs} runs each, in turn; "
          f"{os.cpu_count()} CPUs", flush=True)
    results = {name: [] for name in commands}
    key_numbers = {}
    try:
        for run in range(args.runs):
            for name, cmd in commands.items():
                out = tmp / f"{name}.stdout"
                with open(out, "wb") as stdout:
                    wall, cpu, rss, code = measure(cmd, env, stdout)
                if code != 0:
                    sys.exit(f"{name} failed with exit code {code}: {' '.join(cmd)}")
                results[name].append((wall, cpu, rss))
                print(f"  run {run + 1}/{args.runs} {name:8} {wall:7.2f} s {rss:8.0f} MB", flush=True)
                if name != "export" and run == 0:
                    key_numbers[name] = json.loads(out.read_text(encoding="utf-8"))
        report(results, labels, args.runs)
        check_agreement(key_numbers, tmp)
        workbooks(args, env, tmp, response)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(results, labels, runs):
    med = {n: statistics.median(w for w, _, _ in r) for n, r in results.items()}
    peak = {n: max(m for _, _, m in r) for n, r in results.items()}
    print()
    print(f"{'command':28} {'median s':>9} {'min-max s':>13} {'cpu s':>7} {'peak MB':>8} "
          f"{'time/export':>12} {'memory/export':>14}")
    for name, r in results.items():
        walls = [w for w, _, _ in r]
        cpu = statistics.median(c for _, c, _ in r)
        print(f"{labels[name]:28} {med[name]:9.2f} {min(walls):6.2f}-{max(walls):<6.2f} {cpu:7.2f} "
              f"{peak[name]:8.0f} {med[name] / med['export']:11.1f}× {peak[name] / peak['export']:13.1f}×")
    verdicts = []
    for peer, need in BUDGET.items():
        ratio = med[peer] / med["export"]
        verdicts.append(f"{ratio:.1f}× faster than {peer} (need ≥ {need:g}×)")
    leaner = all(peak["export"] < peak[p] for p in BUDGET)
    met = leaner and all(med[p] / med["export"] >= need for p, need in BUDGET.items())
    print(f"budget {'met' if met else 'NOT met'}: export " + ", ".join(verdicts) +
          f"; peak memory {peak['export']:.0f} MB vs {peak['pandas']:.0f} / {peak['polars']:.0f} MB "
          f"({'less' if leaner else 'not less'} than both); median of {runs} runs")


def workbooks(args, env, tmp, response):
    """The workbook job: ours and the peers' at --xlsx-calls calls, ours at --calls too."""
    small = make_response(args.xlsx_calls)
    n = f"{args.xlsx_calls:,}"
    commands = {
        f"export .xlsx, {n} calls": [str(BIN), "export", "--input", str(small), "--out", str(tmp / "ours.xlsx")],
        f"pandas to_excel, {n} calls": [args.python, str(HERE / "pandas_job.py"), str(small), str(tmp / "pandas.xlsx")],
        f"polars write_excel, {n} calls": [args.python, str(HERE / "polars_job.py"), str(small), str(tmp / "polars.xlsx")],
    }
    if args.calls != args.xlsx_calls:
        commands[f"export .xlsx, {args.calls:,} calls"] = [
            str(BIN), "export", "--input", str(response), "--out", str(tmp / "ours-big.xlsx")]
    print()
    print(f"workbook job ({args.runs} runs each, in turn):", flush=True)
    walls = {name: [] for name in commands}
    peak = {name: 0.0 for name in commands}
    for run in range(args.runs):
        for name, cmd in commands.items():
            with open(os.devnull, "wb") as stdout:
                wall, _, rss, code = measure(cmd, env, stdout)
            if code != 0:
                sys.exit(f"{name} failed with exit code {code}: {' '.join(cmd)}")
            walls[name].append(wall)
            peak[name] = max(peak[name], rss)
            print(f"  run {run + 1}/{args.runs} {name:34} {wall:7.2f} s {rss:8.0f} MB", flush=True)
    med = {name: statistics.median(w) for name, w in walls.items()}
    for name in commands:
        print(f"{name:34} {med[name]:9.2f} s {peak[name]:8.0f} MB")
    ours, pandas, polars = (med[k] for k in list(commands)[:3])
    faster_peer = min(pandas, polars)
    ratio = faster_peer / ours
    print(f"budget {'met' if ratio >= XLSX_BUDGET else 'NOT met'}: workbook {ratio:.1f}× faster than the "
          f"faster peer at {n} calls (need ≥ {XLSX_BUDGET:g}×); median of {args.runs} runs")


def check_agreement(key_numbers, tmp):
    """The scripts must do the same job: same key numbers as `summary`, same row count."""
    ours = key_numbers["summary"]
    keys = [("calls",), ("transferred",), ("retained",), ("unknown_transfer",),
            ("ivr_time", "median"), ("ivr_time", "p90"), ("long_ivr", "calls")]

    def get(d, path):
        for k in path:
            d = d.get(k) if isinstance(d, dict) else None
        return d

    for peer in ("pandas", "polars"):
        differ = [".".join(p) for p in keys if get(ours, p) != get(key_numbers[peer], p)]
        for p in [("agent_time_mean",), ("queue_time_mean",), ("retention_rate",)]:
            a, b = get(ours, p), get(key_numbers[peer], p)
            if (a is None) != (b is None) or (a is not None and abs(a - b) > 1e-6 * max(1.0, abs(a))):
                differ.append(".".join(p))
        print(f"{peer} key numbers {'agree with summary' if not differ else 'DIFFER in ' + ', '.join(differ)}")
    rows = {}
    for name in ("export", "pandas", "polars"):
        with open(tmp / f"{name}.csv", "rb") as f:
            rows[name] = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")) - 1
    print("CSV rows: " + ", ".join(f"{n} {r:,}" for n, r in rows.items()))


if __name__ == "__main__":
    main()
