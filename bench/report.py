"""The benchmark's outputs: results.json, results.md (the table) and bench.png."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Row = dict[str, Any]


def progress_line(row: Row) -> str:
    lat = row["latency_ms"]
    return (
        f"  {row['scenario']:<8} {row['side']:<10} {row['level']:>4} calls at once: "
        f"{row['completed']}/{row['attempted']} completed, {row['failed']} failed, "
        f"visits {row['visits']}, p99 {lat['p99']} ms "
        f"(after #: {_p99(row, '#')}, after a menu key: {_p99(row, 'menu')}), "
        f"CPU/call {row['cpu_ms_per_call']} ms ({row['seconds']} s)"
    )


def _p99(row: Row, ended_by: str) -> float | None:
    by_end = row.get("latency_ms_by_entry_end", {})
    return by_end.get(ended_by, {}).get("p99")


def _highest_clean(rows: list[Row], side: str) -> int:
    clean = [r["level"] for r in rows if r["side"] == side and r["zero_failures"]]
    failed = [r["level"] for r in rows if r["side"] == side and not r["zero_failures"]]
    # The highest level below the first failing one.
    limit = min(failed) if failed else None
    below = [level for level in clean if limit is None or level < limit]
    return max(below) if below else 0


def ratios(rows: list[Row]) -> dict[str, Any]:
    call_in = [r for r in rows if r["scenario"] == "call-in"]
    by_level: dict[str, float | None] = {}
    for row in call_in:
        if row["side"] != "controller":
            continue
        base = next(
            (b for b in call_in if b["side"] == "baseline" and b["level"] == row["level"]), None
        )
        if base and base["cpu_ms_per_call"]:
            by_level[str(row["level"])] = round(row["cpu_ms_per_call"] / base["cpu_ms_per_call"], 2)
    ours, baseline = _highest_clean(call_in, "controller"), _highest_clean(call_in, "baseline")
    return {
        "cpu_per_call_vs_baseline": by_level,
        "highest_zero_failure_level": {"controller": ours, "baseline": baseline},
        "highest_zero_failure_ratio": round(ours / baseline, 2) if baseline else None,
    }


def markdown(meta: dict[str, Any], rows: list[Row], summary: dict[str, Any]) -> str:
    lines = [
        f"Benchmark {meta['stamp']} (git {meta['git']}, {meta['cpus']} CPUs, load average at "
        f"the end {meta['load_average_end']}); call-in ≈ {meta['call_in_seconds']} s, "
        f"call-out ≈ {meta['call_out_seconds']} s per call.",
        "",
        "| scenario | side | calls at once | attempted | completed | failed | visits | "
        "latency p50 / p95 / p99 / max (ms) | p99 after # / after a menu key (ms) | "
        "CPU ms/call Asterisk | CPU ms/call controller | "
        "CPU ms/call total | × baseline | peak RSS MB Asterisk / controller | load before |",
        "|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---|---|",
    ]
    ratio = summary["cpu_per_call_vs_baseline"]
    for r in rows:
        lat = r["latency_ms"]
        ours = r["side"] == "controller"
        x = ratio.get(str(r["level"])) if ours and r["scenario"] == "call-in" else None
        controller = r["controller_cpu_ms_per_call"]
        lines.append(
            f"| {r['scenario']} | {r['side']} | {r['level']} | {r['attempted']} | "
            f"{r['completed']} | {r['failed']} | {'—' if r['visits'] is None else r['visits']} | "
            f"{lat['p50']} / {lat['p95']} / {lat['p99']} / {lat['max']} | "
            f"{_p99(r, '#')} / {_p99(r, 'menu')} | "
            f"{r['asterisk_cpu_ms_per_call']} | "
            f"{controller if ours else f'(idle) {controller}'} | "
            f"{r['cpu_ms_per_call']} | {'' if x is None else x} | "
            f"{r['asterisk_peak_rss_mb']} / {r['controller_peak_rss_mb']} | "
            f"{r['load_average_before'][0]} |"
        )
    high = summary["highest_zero_failure_level"]
    lines += [
        "",
        f"Highest concurrency with zero failures (call-in): controller {high['controller']}, "
        f"baseline {high['baseline']} (ratio {summary['highest_zero_failure_ratio']}).",
        "",
        "Latency: ChannelDtmfReceived of the digit that ends an entry → start of the next "
        "prompt (PlaybackStarted for the controller; ChannelDialplan entering Read/Playback "
        "for the dialplan baseline), Asterisk's own event timestamps (ms resolution), read by "
        "a separate ARI subscriber. After a menu key the controller waits 0.4 s on purpose "
        "(a second key that soon is a mashed press, not an answer); after # it does not. "
        "CPU: /proc utime+stime over the run (including ramp and "
        "teardown) divided by completed calls; the baseline's total counts Asterisk only.",
    ]
    return "\n".join(lines) + "\n"


def plot(path: Path, rows: list[Row]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {"controller": ("tab:blue", "ARI controller"), "baseline": ("tab:gray", "dialplan")}
    for side, (color, label) in styles.items():
        picked = sorted(
            (r for r in rows if r["side"] == side and r["scenario"] == "call-in"),
            key=lambda r: r["level"],
        )
        if not picked:
            continue
        levels = [r["level"] for r in picked]
        for key, style in (("p50", ":"), ("p95", "--"), ("p99", "-")):
            values = [r["latency_ms"][key] or 0 for r in picked]
            left.plot(levels, values, style, color=color, marker="o", label=f"{label} {key}")
        right.plot(
            levels, [r["cpu_ms_per_call"] for r in picked], "-", color=color, marker="o",
            label=f"{label} (Asterisk{' + controller' if side == 'controller' else ''})",
        )  # fmt: skip
        if side == "controller":
            right.plot(
                levels, [r["asterisk_cpu_ms_per_call"] for r in picked], "--", color=color,
                marker="x", label="of which Asterisk",
            )  # fmt: skip
    left.set(title="EVV call-in: reaction latency", xlabel="simultaneous calls", ylabel="ms")
    right.set(title="CPU per call", xlabel="simultaneous calls", ylabel="CPU ms per call")
    for axis in (left, right):
        axis.grid(alpha=0.3)
        axis.legend(fontsize=7)
        axis.set_ylim(bottom=0)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_all(out: Path, meta: dict[str, Any], rows: list[Row]) -> str:
    summary = ratios(rows)
    (out / "results.json").write_text(
        json.dumps({"meta": meta, "summary": summary, "runs": rows}, indent=2) + "\n"
    )
    table = markdown(meta, rows, summary)
    (out / "results.md").write_text(table)
    try:
        plot(out / "bench.png", rows)
    except ImportError:
        table += "\n(matplotlib is missing: no plot; `pip install -e '.[bench]'`)\n"
    return table
