"""Benchmark ``communique serve`` under load on loopback (not a test).

Starts ``communique serve`` (uvicorn, one process) on a free loopback port over a database of
at least 100k events (made by ``bench/make_big_db.py`` and cached), then loads each endpoint in
turn with C concurrent connections for D seconds (after two single requests that measure its
size and warm it up; between endpoints the server is left to finish what is still queued), and
reports per endpoint requests/s, p50 and p99 latency, errors and the response size (and its
gzip size when the server compresses). Endpoints that answer 404 are skipped with a note. The client is
Debian's ``wrk`` when installed (``apt-get install -y wrk``; it costs the server far less CPU
than a Python client on a 2-core box), else asyncio + httpx; an endpoint too slow for wrk to
finish two requests per connection within D is measured with httpx, which waits for the
requests in flight at the end. Requests carry
``Accept-Encoding: gzip`` as a browser's do (``--no-gzip`` to leave it out).

Bounded: each endpoint's run is cut at D + 30 s, the whole load test stops starting new
endpoints after ``--max-seconds``, and the server is killed at the end, on error or on SIGTERM.

    python bench/bench_serve.py [--db /tmp/communique-bench-big.duckdb] [-c 32] [-d 20]
        [--endpoint PATH ...] [--client auto|wrk|httpx] [--commit REV | --src CHECKOUT] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import math
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from make_big_db import DEFAULT_DB, ensure_big_db

ROOT = Path(__file__).resolve().parents[1]
ENDPOINTS = (
    "/",
    "/timeline",
    "/timeline.json",
    "/events.json",
    "/events.json?countries=LBY,USA",
    "/pair?a=USA&b=LBY",
    "/pair.json?a=USA&b=LBY",
)
GOAL_RPS, GOAL_P99_MS = 200.0, 250.0
REQUEST_TIMEOUT = 120.0  # seconds; a request slower than this counts as an error
IDLE_WAIT = 180.0  # seconds at most to let the server finish what a run left queued

# --uncached: every request a URL never asked before (a parameter the server ignores), so the
# response cache (communique.serve.response_cache) never answers and the queries run each time
WRK_MISS = """
counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "nocache=" .. counter)
end
"""
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- the server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(src: Path) -> dict[str, str]:
    """The environment that makes ``python -m communique`` import the checkout ``src``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    return env


def start_server(db: str, src: Path, port: int, logfile: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "communique", "serve", "--db", db, "--port", str(port)]
    with logfile.open("wb") as out:
        return subprocess.Popen(cmd, cwd=src, env=server_env(src), stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip


def wait_ready(proc: subprocess.Popen[bytes], base: str, logfile: Path, timeout: float) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}):\n{logfile.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(base + "/openapi.json", timeout=5).status_code == 200:
                return time.perf_counter() - t0
        time.sleep(0.2)
    raise RuntimeError(f"server not ready after {timeout:.0f} s:\n{logfile.read_text()[-2000:]}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server started here (its own process group), whatever state it is in."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


# -- the clients -------------------------------------------------------------------------


def probe(url: str, uncached: bool = False) -> dict[str, Any]:
    """Two requests, one after the other: the status, the body's size, its gzip size if the
    server compresses, and the second request's time with nothing else in flight (a URL
    not asked before when ``uncached``)."""
    plain = httpx.get(url, headers={"Accept-Encoding": "identity"}, timeout=60)
    t0 = time.perf_counter()
    gz = httpx.get(miss(url, 0) if uncached else url, headers={"Accept-Encoding": "gzip"},
                   timeout=60)  # fmt: skip
    alone = (time.perf_counter() - t0) * 1000
    t1 = time.perf_counter()
    again = httpx.get(url, headers={"Accept-Encoding": "gzip"}, timeout=60)  # a repeat
    hit = (time.perf_counter() - t1) * 1000 if again.headers.get("x-cache") == "hit" else None
    compressed = gz.headers.get("content-encoding") == "gzip"
    return {"status": plain.status_code, "bytes": len(plain.content), "alone_ms": alone,
            "hit_ms": hit,
            "gzip_bytes": gz.num_bytes_downloaded if compressed else None}  # fmt: skip


def miss(url: str, n: int) -> str:
    """``url`` made new with the ignored parameter ``nocache=n``."""
    return f"{url}{'&' if '?' in url else '?'}nocache={n}"


def run_wrk(url: str, conns: int, seconds: float, headers: dict[str, str],
            uncached: bool = False) -> dict[str, Any]:  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write((WRK_MISS if uncached else "") + WRK_SCRIPT)
    try:
        cmd = ["wrk", "-t1", f"-c{conns}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
               "-s", f.name, *[a for k, v in headers.items() for a in ("-H", f"{k}: {v}")], url]  # fmt: skip
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30, check=True)
    finally:
        os.unlink(f.name)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("JSON "))
    r = json.loads(line[5:])
    errors = sum(r[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {"requests": r["requests"], "seconds": r["duration_us"] / 1e6, "errors": errors,
            "p50_ms": r["p50_us"] / 1000, "p99_ms": r["p99_us"] / 1000,
            "max_ms": r["max_us"] / 1000}  # fmt: skip


async def _httpx_load(url: str, conns: int, seconds: float, headers: dict[str, str],
                      uncached: bool = False) -> dict[str, Any]:  # fmt: skip
    latencies: list[float] = []
    errors = 0
    sent = 0
    limits = httpx.Limits(max_connections=conns, max_keepalive_connections=conns)
    timeout = httpx.Timeout(REQUEST_TIMEOUT)
    async with httpx.AsyncClient(limits=limits, timeout=timeout, headers=headers) as client:
        t0 = time.perf_counter()
        deadline = t0 + seconds

        async def worker() -> None:
            nonlocal errors, sent
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                sent += 1
                try:
                    r = await client.get(miss(url, sent) if uncached else url)
                    await r.aread()
                    ok = r.status_code < 400
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - start)
                errors += not ok

        await asyncio.gather(*(worker() for _ in range(conns)))
        elapsed = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    n = len(latencies)
    return {"requests": n, "seconds": elapsed, "errors": errors,
            "p50_ms": pct(50) if n else 0.0, "p99_ms": pct(99) if n else 0.0,
            "max_ms": latencies[-1] * 1000 if n else 0.0}  # fmt: skip


def run_httpx(url: str, conns: int, seconds: float, headers: dict[str, str],
              uncached: bool = False) -> dict[str, Any]:  # fmt: skip
    """C clients, each requesting until ``seconds`` have passed; the requests in flight then
    are waited for (at most REQUEST_TIMEOUT) and counted, with the time they took."""
    load = _httpx_load(url, conns, seconds, headers, uncached)
    return asyncio.run(asyncio.wait_for(load, seconds + REQUEST_TIMEOUT + 10))


# -- the report --------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem = int(Path("/proc/meminfo").read_text().split()[1]) // 2**20
    return {"cores": len(os.sched_getaffinity(0)), "cpu": model, "memory_gib": mem,
            "python": platform.python_version()}  # fmt: skip


def code_version(src: Path) -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(src), *args], capture_output=True, text=True,
                              check=False).stdout.strip()  # fmt: skip

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return str(src)
    dirty = git("status", "--porcelain", "--", "communique")
    return commit + (" + uncommitted changes under communique/" if dirty else "")


def export_commit(rev: str, dest: Path) -> str:
    """The tree of commit ``rev`` of this checkout written to ``dest``; its short hash."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev],
                         capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", sha],
                         capture_output=True, check=True).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        t.extractall(dest, filter="data")
    return sha


def meets(r: dict[str, Any]) -> bool:
    ok = r["requests"] > 0 and r["errors"] == 0 and r["status"] < 400
    return ok and r["rps"] >= GOAL_RPS and r["p99_ms"] < GOAL_P99_MS


def markdown(report: dict[str, Any]) -> str:
    m, db, c = report["machine"], report["database"], report["client"]
    n = db["counts"]
    lines = [
        f"machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, Python {m['python']}; "
        f"load average {report['load_before']:.2f} when the run began",
        f"database: {db['path']}: {n['events']:,} events, {n['timeline']:,} timeline entries, "
        f"{n['documents']:,} documents, {db['file_mb']} MB",
        f"server: communique serve (uvicorn, one process), code {report['code']}",
        f"client: {c['name']}, {c['connections']} connections, {c['seconds']:g} s per endpoint "
        f"after two warm-up requests; Accept-Encoding: {c['accept_encoding'] or '(none)'}; "
        + (
            "every request a new URL (response cache missed)"
            if c.get("uncached")
            else "the same URL repeated (response cache answers after the first)"
        ),
        "",
        "| endpoint | requests/s | p50 ms | p99 ms | errors | bytes | gzip bytes | alone ms | repeat ms | goal |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        if "note" in r:
            lines.append(f"| `{r['endpoint']}` | — | — | — | — | — | — | — | — | {r['note']} |")
            continue
        gz = f"{r['gzip_bytes']:,}" if r["gzip_bytes"] is not None else "not compressed"
        repeat = f"{r['hit_ms']:.1f}" if r.get("hit_ms") is not None else "—"
        goal = "meets" if meets(r) else "misses"
        if r["status"] >= 400:
            goal += f" (HTTP {r['status']})"
        if not r["requests"]:
            goal += f" (no request done in {report['client']['seconds']:g} s)"
        if r.get("wrk_requests") is not None:
            goal += " ‡"
        lines.append(
            f"| `{r['endpoint']}` | {r['rps']:,.{1 if r['rps'] < 100 else 0}f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['errors']} | {r['bytes']:,} | {gz} | {r['alone_ms']:.0f} | {repeat} | {goal} |"
        )
    lines.append("")
    lines.append(f"goal: ≥ {GOAL_RPS:.0f} requests/s and p99 < {GOAL_P99_MS:.0f} ms")
    if any(r.get("wrk_requests") is not None for r in report["results"]):
        lines.append(
            "‡ too slow for wrk (fewer than two requests per connection done within the run, "
            "or foreseeably so from the time of one request alone): measured with asyncio + "
            "httpx, which waits for the requests in flight at the end (the requests/s count "
            "them over the whole time taken)"
        )
    return "\n".join(lines)


# -- main ----------------------------------------------------------------------------------


def measure(
    url: str, args: argparse.Namespace, client: str, headers: dict[str, str], pid: int
) -> dict[str, Any]:
    """One endpoint: its sizes (the two probe requests also warm it up), then the load.

    wrk counts only the requests done within its D seconds: when it saw fewer than two per
    connection (an endpoint slower than D/2 under load), the endpoint is measured again, once
    the server is idle, with the httpx client, which waits for the requests in flight at D.
    When the time of one request alone says wrk would see that few, httpx is used at once."""
    try:
        row = probe(url, args.uncached)
    except httpx.HTTPError as exc:
        return {"note": f"probe failed: {type(exc).__name__}"}
    if row["status"] == 404:
        return {**row, "note": "404: no such route in this version"}
    # at one request at a time (the alone time each), would wrk finish two per connection?
    one = row["alone_ms"] if args.uncached or row["hit_ms"] is None else row["hit_ms"]
    if client == "wrk" and one / 1000 * args.concurrency > args.duration / 2:
        client = "httpx"  # no: spare the server a wrk run whose requests would all be left over
    try:
        res: dict[str, Any] = {"client": client}
        if client == "wrk":
            res.update(run_wrk(url, args.concurrency, args.duration, headers, args.uncached))
        if client == "httpx" or res["requests"] < 2 * args.concurrency:
            if client == "wrk":
                wait_idle(pid, IDLE_WAIT)
            res = {"client": "httpx", "wrk_requests": res.get("requests", 0)}
            res.update(run_httpx(url, args.concurrency, args.duration, headers, args.uncached))
    except (subprocess.SubprocessError, TimeoutError, StopIteration) as exc:
        return {**row, "note": f"client failed: {type(exc).__name__}"}
    res["rps"] = res["requests"] / res["seconds"] if res["seconds"] else 0.0
    return {**row, **res}


def wait_idle(pid: int, limit: float) -> float:
    """Wait (at most ``limit`` seconds) until the process ``pid`` uses under 5% of a core."""
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime, all threads

    t0 = time.perf_counter()
    with contextlib.suppress(OSError):
        while time.perf_counter() - t0 < limit:
            before = cpu()
            time.sleep(0.5)
            if cpu() - before < 0.025:
                break
    return time.perf_counter() - t0


class Capped(Exception):
    """The load test's hard cap (--max-seconds) was reached."""


def _capped(signum: int, frame: Any) -> None:
    raise Capped


def load_test(args: argparse.Namespace, db: dict[str, Any], src: Path, code: str) -> dict[str, Any]:
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "httpx"
    headers = {} if args.no_gzip else {"Accept-Encoding": "gzip"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    deadline = started + args.max_seconds
    logfile = Path(tempfile.gettempdir()) / f"communique-bench-serve-{port}.log"
    report: dict[str, Any] = {
        "machine": machine(),
        "database": db,
        "code": code,
        "client": {
            "name": "wrk" if client == "wrk" else "asyncio + httpx",
            "connections": args.concurrency,
            "seconds": args.duration,
            "accept_encoding": headers.get("Accept-Encoding"),
            "uncached": args.uncached,
        },  # fmt: skip
        "load_before": os.getloadavg()[0],
        "results": [],
    }
    imported = subprocess.run(
        [sys.executable, "-c", "import communique; print(communique.__file__)"],
        cwd=src, env=server_env(src), capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    log(f"serving the package at {Path(imported).parent}")
    endpoints = args.endpoint or ENDPOINTS
    proc = start_server(db["path"], src, port, logfile)
    signal.signal(signal.SIGALRM, _capped)
    signal.alarm(math.ceil(args.max_seconds))
    try:
        ready = wait_ready(proc, base, logfile, timeout=min(120, args.max_seconds))
        log(f"server ready on {base} in {ready:.1f} s (pid {proc.pid})")
        for endpoint in endpoints:
            row: dict[str, Any] = {"endpoint": endpoint}
            report["results"].append(row)
            if time.perf_counter() + args.duration + 40 > deadline:
                row["note"] = f"not run: past --max-seconds {args.max_seconds:g}"
                continue
            row.update(measure(base + endpoint, args, client, headers, proc.pid))
            if "note" not in row:
                log(f"{endpoint}: {row['rps']:.1f} requests/s, p50 {row['p50_ms']:.1f} ms, "
                    f"p99 {row['p99_ms']:.1f} ms, {row['errors']} errors")  # fmt: skip
            else:
                log(f"{endpoint}: {row['note']}")
            if proc.poll() is not None:
                raise RuntimeError(f"server died:\n{logfile.read_text()[-2000:]}")
            # requests still queued when the client stopped must not eat into the next run
            left = max(0.0, deadline - time.perf_counter())
            row["drain_s"] = round(wait_idle(proc.pid, min(IDLE_WAIT, left)), 1)
    except Capped:
        done = {r["endpoint"] for r in report["results"]}
        report["results"] += [{"endpoint": e} for e in endpoints if e not in done]
        for row in report["results"]:
            if "rps" not in row and "note" not in row:
                row["note"] = f"cut: --max-seconds {args.max_seconds:g} reached"
        log(f"stopped: --max-seconds {args.max_seconds:g} reached")
    finally:
        signal.alarm(0)
        stop_server(proc)
    report["load_after"] = os.getloadavg()[0]
    report["seconds"] = round(time.perf_counter() - started, 1)
    logfile.unlink(missing_ok=True)
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", default=DEFAULT_DB, help="the big database (made and cached here)")
    ap.add_argument("--min-events", type=int, default=100_000)
    ap.add_argument("-c", "--concurrency", type=int, default=32)
    ap.add_argument("-d", "--duration", type=float, default=20, help="seconds per endpoint")
    ap.add_argument("--endpoint", action="append", help=f"repeatable (default: {ENDPOINTS})")
    ap.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto")
    ap.add_argument("--no-gzip", action="store_true", help="send no Accept-Encoding: gzip")
    ap.add_argument("--uncached", action="store_true",
                    help="every request a new URL (nocache=N): the response cache never answers")  # fmt: skip
    ap.add_argument("--src", default=str(ROOT), help="the checkout whose communique is served")
    ap.add_argument("--commit", help="serve this commit of the checkout instead (git archive)")
    ap.add_argument("--max-seconds", type=float, default=900, help="hard cap on the load test")
    ap.add_argument("--json", action="store_true", help="one JSON report on stdout")
    args = ap.parse_args()
    if args.client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install -y wrk, or --client httpx")
    # SIGTERM (a timeout's kill) unwinds like Ctrl-C, so the server is stopped on the way out
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t0 = time.perf_counter()
    db = ensure_big_db(args.db, args.min_events, log=log)
    log(f"database ready in {time.perf_counter() - t0:.1f} s")
    with tempfile.TemporaryDirectory(prefix="communique-bench-src-") as tmp:
        if args.commit:
            src = Path(tmp)
            code = f"commit {export_commit(args.commit, src)} (git archive)"
        else:
            src = Path(args.src).resolve()
            code = code_version(src)
        report = load_test(args, db, src, code)
    print(json.dumps(report, indent=2) if args.json else markdown(report))


if __name__ == "__main__":
    main()
