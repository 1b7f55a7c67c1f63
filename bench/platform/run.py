#!/usr/bin/env python3
"""Measures the platform as a user runs it, with ./lakehouse run on the default scenario:

* time from the run command to the first KPI on the dashboard (warm machine: built, artifacts cached);
* steady-state CPU (cores) and RSS of each process at the default event rate;
* freshness, event produced -> visible through the API: every few seconds, the age of the newest event
  the API shows in silver (real-time scenario: an event's time is the moment it was produced).

Writes bench/results/platform.json. Uses its own folder and ports (offset 900), so a running platform
is left alone. Python standard library only.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=int, default=120, help="length of the steady-state sample (default 120)")
    p.add_argument("--warmup", type=int, default=60, help="seconds after the first KPI before sampling (default 60)")
    p.add_argument("--port-offset", type=int, default=900, help="port offset of the measured platform (default 900)")
    p.add_argument("--dir", default=str(ROOT / "bench/.platform"), help="its data folder (deleted first)")
    p.add_argument("--result", help="where the JSON goes (default: bench/results/platform.json for a full run, "
                   "that is one with the default --seconds and --warmup; target/bench/platform.json otherwise)")
    args = p.parse_args()
    # Only a full run may publish its figures (bench/results.sh says the same for the shell benchmarks).
    args.full_run = args.seconds == p.get_default("seconds") and args.warmup == p.get_default("warmup")
    if args.result is None:
        args.result = str(ROOT / ("bench/results" if args.full_run else "target/bench") / "platform.json")
    return args


ISSUER = None  # the measured run's Keycloak realm, set in main()


def token(user):
    """An access token from the run's Keycloak (the local realm's test users: password = user name)."""
    form = urllib.parse.urlencode({"grant_type": "password", "client_id": "lakehouse-cli", "username": user,
                                   "password": user}).encode()
    with urllib.request.urlopen(f"{ISSUER}/protocol/openid-connect/token", data=form, timeout=10) as r:
        return json.load(r)["access_token"]


def get_json(url):
    """GET with a token of the role the endpoint admits: operators for the generator, analysts for the rest."""
    user = "operator" if "/generator/" in url else "analyst"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token(user)}"})
    with urllib.request.urlopen(request, timeout=10) as r:
        return json.load(r)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def processes(data_dir):
    """The run's processes by part, from the pid files the stack and the run command write."""
    parts = {}
    for name in ("kafka", "registry", "s3", "keycloak", "app", "spark"):
        f = Path(data_dir, name + ".pid")
        if f.exists():
            parts[name] = int(f.read_text().strip())
    return parts


def percentile(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else None


def newest_event_age(app):
    """Seconds between now and the newest event the API shows in silver."""
    tables = get_json(f"{app}/api/lake/tables")["tables"]
    newest = [t.get("newestEventTime") for t in tables if t["layer"] == "silver" and t.get("newestEventTime")]
    if not newest:
        return None
    latest = max(datetime.fromisoformat(n.replace("Z", "+00:00")) for n in newest)
    return (datetime.now(UTC) - latest).total_seconds()


def main():
    args = parse_args()
    app = f"http://127.0.0.1:{8080 + args.port_offset}"
    global ISSUER
    ISSUER = f"http://127.0.0.1:{8088 + args.port_offset}/realms/lakehouse"
    log_path = Path(args.dir + ".log")
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    print(f"bench: starting ./lakehouse run --fresh (log {log_path})", flush=True)
    start = time.monotonic()
    with open(log_path, "w") as log:
        run = subprocess.Popen([str(ROOT / "lakehouse"), "run", "--fresh", "--dir", args.dir,
                                "--port-offset", str(args.port_offset)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        first_kpi = None
        while first_kpi is None:
            if run.poll() is not None:
                sys.exit(f"bench: the run command ended (exit {run.returncode}); see {log_path}")
            m = re.search(r"first KPI on the dashboard after (\d+) s", log_path.read_text())
            if m:
                first_kpi = time.monotonic() - start
            time.sleep(1)
        print(f"bench: first KPI after {first_kpi:.0f} s; warming up {args.warmup} s", flush=True)
        time.sleep(args.warmup)

        pids = processes(args.dir)
        cpu0 = {n: cpu_seconds(p) for n, p in pids.items()}
        rss_peak = {n: 0.0 for n in pids}
        ages = []
        t0 = time.monotonic()
        while time.monotonic() - t0 < args.seconds:
            for n, p in pids.items():
                rss_peak[n] = max(rss_peak[n], rss_mb(p))
            try:
                age = newest_event_age(app)
                if age is not None:
                    ages.append(age)
            except OSError as e:
                print(f"bench: API sample failed: {e}", flush=True)
            time.sleep(2)
        wall = time.monotonic() - t0
        per_process = {n: {"cpu_cores": round((cpu_seconds(p) - cpu0[n]) / wall, 2), "rss_mb": round(rss_peak[n])}
                       for n, p in pids.items()}
        status = get_json(f"{app}/generator/status")
    finally:
        # SIGTERM, not SIGINT: a shell started in the background ignores SIGINT and cannot trap it, so the
        # run command would not stop its parts (this left Spark and the app running once).
        run.send_signal(signal.SIGTERM)
        try:
            run.wait(timeout=180)
        except subprocess.TimeoutExpired:
            run.kill()

    result = {
        "full_run": args.full_run,
        "sample_seconds": args.seconds,
        "warmup_seconds": args.warmup,
        "start_to_first_kpi_s": round(first_kpi, 1),
        "events_per_s": round(status.get("eventsPerSecond", 0), 1),
        "freshness_p50_s": round(percentile(ages, 0.5), 1) if ages else None,
        "freshness_p95_s": round(percentile(ages, 0.95), 1) if ages else None,
        "freshness_samples": len(ages),
        "processes": per_process,
        "total_rss_mb": round(sum(p["rss_mb"] for p in per_process.values())),
        "load_average": os.getloadavg()[0],
        "cores": os.cpu_count(),
    }
    Path(args.result).parent.mkdir(parents=True, exist_ok=True)
    Path(args.result).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
