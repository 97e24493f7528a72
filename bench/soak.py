#!/usr/bin/env python3
"""A soak of `qamqor serve`: mixed good and bad requests at a steady rate, memory sampled.

Usage: bench/soak.py --url http://127.0.0.1:PORT --pid PID --db AUDIT.sqlite
                     [--minutes 30] [--rate 40] [--workers 4] [--samples samples]

Each worker sends requests on its own keep-alive connection, paced so that all of them together
send `--rate` requests a second. One request in three is good (a sample household decided, a round
ranked, the programme list); the rest are bad in the ways a careless or hostile client would be:
malformed or oversized bodies, duplicate keys, invalid UTF-8, dates out of range, an unknown
programme, a list of one programme repeated 100 000 times, a CSV round naming a file on the server,
an unknown route or method. Every 10 s the service's resident memory is read from /proc.

At the end the script checks, and exits 1 when one fails:
  - no answer was a 5xx, and none was dropped (no connection error or timeout);
  - every decision answered 200 has its audit id in the audit database;
  - every bad request was refused with the 4xx expected for it;
  - memory is flat: the last fifth of the samples is within 20 % of the second fifth.
"""
import argparse, collections, http.client, json, os, random, sqlite3, sys, threading, time, urllib.parse

def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--minutes", type=float, default=30)
    p.add_argument("--rate", type=float, default=40)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--samples", default="samples")
    return p.parse_args()

def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

class Client:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port
        self.conn = None

    def send(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                r = self.conn.getresponse()
                data = r.read()
                if r.getheader("connection", "").lower() == "close":
                    self.conn.close(); self.conn = None
                return r.status, data
            except (ConnectionError, http.client.HTTPException, OSError):
                # The server may close a kept-alive connection (idle timeout, or after refusing a
                # body too large): one retry on a new connection, as a client would.
                if self.conn: self.conn.close()
                self.conn = None
                if attempt == 2: raise

def costly_program():
    """A programme whose condition nests list functions five deep: refused by the checker."""
    nested = "is_child"
    for _ in range(5): nested = f"count(members, {nested}) > 0"
    return ("program: zz_costly\ntitle: {kk: т, ru: т, en: t}\nsource: law\neligible:\n  all:\n"
            f"    - id: c\n      label: {{kk: а, ru: а, en: a}}\n      when: \"{nested}\"\n").encode()

def chained_definitions(n=8000):
    """Definitions chained n deep, each using the next: refused by the checker, never a crash."""
    lines = ["definitions:", "  household:"]
    for i in range(n):
        lines += [f"    chain_{i}:", "      label: {kk: c, ru: c, en: c}", f"      expr: {'1' if i == n - 1 else f'chain_{i + 1} + 1'}"]
    return ("\n".join(lines) + "\n").encode()

def requests(samples_dir, households, draft):
    """(name, method, path, body, headers, expected statuses) for each kind of request."""
    good_json = json.dumps(households[0]).encode()
    round_path = os.path.join(samples_dir, "rounds", "isker-ana-2025.jsonl")
    with open(round_path, "rb") as f:
        round_lines = f.read().splitlines()[:60]
    round_body = b"\n".join(round_lines) + b"\n"
    dup = good_json[:-1] + b', "application": {"date": "2025-03-01"}}'
    year_one = json.loads(good_json); year_one.setdefault("application", {})["date"] = "0001-01-15"
    future = json.loads(good_json); future.setdefault("application", {})["date"] = "9999-12-31"
    repeated = json.dumps({"household": households[0], "programs": ["ata"] * 100_000}).encode()
    csv_file = b"id,household\nA1,/etc/passwd\nA2,../../rules/schema.yaml\n"
    J = {"content-type": "application/json"}
    return [
        # Good: the answers users need.
        ("decide", "POST", "/v1/decisions?lang=kk", None, J, {200}),
        ("decide-envelope", "POST", "/v1/decisions", None, J, {200}),
        ("rank", "POST", "/v1/rankings?program=isker_ana&lang=ru", round_body, {"content-type": "application/x-ndjson"}, {200}),
        ("programs", "GET", "/v1/programs?lang=en", None, {}, {200}),
        ("healthz", "GET", "/healthz", None, {}, {200}),
        # Bad: each must be refused with a 4xx, never a 5xx, never bring the service down.
        ("malformed", "POST", "/v1/decisions", b'{"members": [', J, {400, 422}),
        ("duplicate-key", "POST", "/v1/decisions", dup, J, {400, 422}),
        ("invalid-utf8", "POST", "/v1/decisions", good_json.replace(b'"', b'"\xff', 1), J, {400, 422}),
        ("year-one", "POST", "/v1/decisions", json.dumps(year_one).encode(), J, {422}),
        ("year-9999", "POST", "/v1/decisions", json.dumps(future).encode(), J, {422}),
        ("too-large", "POST", "/v1/decisions", b"[" + b"1," * (1 << 20) + b"1]", J, {413}),
        ("repeated-programme", "POST", "/v1/decisions", repeated, J, {200, 413}),
        ("unknown-programme", "POST", "/v1/decisions?program=atta", good_json, J, {404}),
        ("bad-lang", "GET", "/v1/programs?lang=xx", None, {}, {400}),
        ("csv-file-reference", "POST", "/v1/rankings?program=isker_ana", csv_file, {"content-type": "text/csv"}, {422}),
        ("unknown-route", "GET", "/v1/../../etc/passwd", None, {}, {404}),
        ("wrong-method", "DELETE", "/v1/decisions", None, {}, {404, 405}),
        ("empty-body", "POST", "/v1/decisions", b"", J, {400}),
        # Hostile to the pages and the workbench: another site's page, rebound names, rules that
        # cost too much.
        ("rebound-host", "POST", "/v1/decisions", good_json, {"content-type": "text/plain", "Host": "evil.example", "Origin": "http://evil.example"}, {421}),
        ("cross-origin-draft", "POST", "/v1/drafts?name=x", None, {"Origin": "http://evil.example"}, {403}),
        ("text-plain-household", "POST", "/v1/decisions", good_json, {"content-type": "text/plain"}, {415}),
        ("costly-rules", "POST", f"/v1/drafts/{draft}/check?path=programs/zz_costly.yaml", costly_program(), {"content-type": "text/plain"}, {200}),
        ("chained-definitions", "POST", f"/v1/drafts/{draft}/check?path=definitions.yaml", chained_definitions(), {"content-type": "text/plain"}, {200}),
    ]

def refused_every_row(data):
    """A round whose households name files is refused with both rows' reasons, nothing read."""
    e = json.loads(data)["error"]
    return e["code"] == "no-applications" and len(e["details"]) == 2 and b"root:" not in data

# How often each kind is sent, out of the total weight: a third good, two thirds bad.
WEIGHTS = {"decide": 10, "decide-envelope": 4, "rank": 1, "programs": 2, "healthz": 1,
           "malformed": 3, "duplicate-key": 3, "invalid-utf8": 3, "year-one": 3, "year-9999": 3,
           "too-large": 1, "repeated-programme": 1, "unknown-programme": 3, "bad-lang": 3,
           "csv-file-reference": 3, "unknown-route": 3, "wrong-method": 3, "empty-body": 3,
           "rebound-host": 3, "cross-origin-draft": 3, "text-plain-household": 3, "costly-rules": 1, "chained-definitions": 1}

def main():
    a = parse()
    boot = Client(a.url)
    status, data = boot.send("GET", "/v1/samples")
    names = [n for n in json.loads(data)["samples"]]
    households = []
    for n in names:
        s, d = boot.send("GET", "/v1/samples/" + urllib.parse.quote(n))
        if s == 200: households.append(json.loads(d))
    if not households: sys.exit("no sample households from the service")
    status, data = boot.send("POST", "/v1/drafts?name=soak")
    if status not in (200, 201): sys.exit(f"cannot make a draft for the rules checks: {status} {data[:200]!r}")
    kinds = requests(a.samples, households, json.loads(data)["id"])
    table = {k[0]: k for k in kinds}
    population = [k for k, w in WEIGHTS.items() for _ in range(w)]

    stop = time.monotonic() + a.minutes * 60
    lock = threading.Lock()
    counts = collections.Counter()           # (kind, status)
    latencies = collections.defaultdict(list)
    wrong, failures, audit_ids = [], [], []
    interval = a.workers / a.rate

    def worker(n):
        rnd = random.Random(n)
        c = Client(a.url)
        next_at = time.monotonic() + rnd.random() * interval
        while True:
            now = time.monotonic()
            if now >= stop: return
            if next_at > now: time.sleep(next_at - now)
            next_at += interval
            kind = rnd.choice(population)
            name, method, path, body, headers, expected = table[kind]
            if name == "decide":
                body = json.dumps(rnd.choice(households)).encode()
            elif name == "decide-envelope":
                body = json.dumps({"as_of": "2025-06-01", "lang": rnd.choice(["kk", "ru", "en"]),
                                   "household": rnd.choice(households), "programs": ["ata", "large_family"]}).encode()
            t0 = time.monotonic()
            try:
                status, data = c.send(method, path, body, headers)
            except Exception as e:  # a dropped request counts against the service
                with lock: failures.append(f"{name}: {type(e).__name__}: {e}")
                continue
            dt = time.monotonic() - t0
            with lock:
                counts[(name, status)] += 1
                latencies[name].append(dt)
                if status not in expected: wrong.append(f"{name}: {status} {data[:200]!r}")
                elif name == "csv-file-reference" and not refused_every_row(data):
                    wrong.append(f"{name}: a row naming a file was not refused: {data[-300:]!r}")
                elif name == "costly-rules" and b'"too-costly"' not in data:
                    wrong.append(f"{name}: rules nesting five list functions were not refused: {data[:300]!r}")
                elif name == "chained-definitions" and b'"too-deep"' not in data:
                    wrong.append(f"{name}: 8 000 chained definitions were not refused: {data[:300]!r}")
                if status == 200 and path.startswith("/v1/decisions"):
                    audit_ids.append(json.loads(data)["audit_id"])

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(a.workers)]
    started = time.monotonic()
    for t in threads: t.start()
    samples = []
    print("minute  rss_mb  requests", flush=True)
    while any(t.is_alive() for t in threads):
        try:
            samples.append((time.monotonic() - started, rss_kb(a.pid)))
        except FileNotFoundError:
            failures.append("the service process is gone"); break
        with lock: total = sum(counts.values())
        print(f"{samples[-1][0] / 60:6.1f}  {samples[-1][1] / 1024:6.1f}  {total}", flush=True)
        for t in threads: t.join(timeout=10 / len(threads))
    elapsed = time.monotonic() - started

    # Every decision answered 200 has its row (the service commits before it answers).
    db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    present = set()
    for i in range(0, len(audit_ids), 500):
        chunk = audit_ids[i:i + 500]
        present |= {r[0] for r in db.execute(f"SELECT id FROM decisions WHERE id IN ({','.join('?' * len(chunk))})", chunk)}
    missing = [i for i in audit_ids if i not in present]

    total = sum(counts.values())
    server_errors = sum(v for (k, s), v in counts.items() if s >= 500)
    print(f"\nrequests {total} in {elapsed:.0f} s ({total / elapsed:.1f}/s), dropped {len(failures)}, 5xx {server_errors}")
    print(f"{'kind':22} {'sent':>7} {'statuses':24} {'p50 ms':>8} {'p99 ms':>8}")
    for name in WEIGHTS:
        sts = {s: v for (k, s), v in counts.items() if k == name}
        lat = sorted(latencies[name]) or [0]
        print(f"{name:22} {sum(sts.values()):7} {' '.join(f'{s}×{v}' for s, v in sorted(sts.items())):24} "
              f"{lat[len(lat) // 2] * 1000:8.1f} {lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000:8.1f}")
    rss = [r for _, r in samples]
    fifth = max(1, len(rss) // 5)
    early, late = rss[fifth:2 * fifth] or rss, rss[-fifth:]
    early_mean, late_mean = sum(early) / len(early), sum(late) / len(late)
    print(f"RSS: first {rss[0] / 1024:.1f} MB, min {min(rss) / 1024:.1f}, max {max(rss) / 1024:.1f}, "
          f"second fifth mean {early_mean / 1024:.1f}, last fifth mean {late_mean / 1024:.1f} ({len(rss)} samples)")
    print(f"decisions answered 200: {len(audit_ids)}, audited: {len(audit_ids) - len(missing)}")
    ok = True
    for label, items in [("dropped", failures), ("unexpected status", wrong), ("not audited", missing)]:
        if items:
            ok = False
            print(f"FAIL {label}: {len(items)}; first: {items[:3]}")
    if server_errors: ok = False; print("FAIL: 5xx answers")
    if late_mean > early_mean * 1.2: ok = False; print("FAIL: memory grew by more than 20 %")
    print("soak passed" if ok else "soak FAILED")
    sys.exit(0 if ok else 1)

if __name__ == "__main__":
    main()
