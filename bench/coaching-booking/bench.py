#!/usr/bin/env python3
"""Bookings per second against a running host (started by run.sh on a throwaway database).

Cases, each with WORKERS threads on keep-alive connections:
  distinct-slots-20-coaches  every request books a different slot, spread over 20 coaches
  distinct-slots-one-coach   every request books a different slot of the same coach
  contended-individual-slot  rounds: all workers fire at one slot at once (barrier); one may win
  contended-group-slot       the same for a workshop with 5 seats
Checks every answer is 201 or 409, that each contended round had exactly 1 (or 5) winners, and
prints a markdown table row per case.
"""
import http.client, json, statistics, sys, threading, time, urllib.parse, uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

BASE = urllib.parse.urlparse(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5091")
WORKERS = int(sys.argv[2]) if len(sys.argv) > 2 else 16
DISTINCT = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
ROUNDS = int(sys.argv[4]) if len(sys.argv) > 4 else 150
BERLIN = ZoneInfo("Europe/Berlin")
INDIVIDUAL, GROUP = "bench-einzel", "bench-gruppe"


def coach(n):
    return f"00000000-0000-4000-8000-{n:012d}"


def slot(day, index, minutes=30):
    """The index-th slot from 06:00 Berlin on the day-th day from today, as UTC ISO 8601."""
    base = datetime.now(BERLIN).date() + timedelta(days=day)
    local = datetime(base.year, base.month, base.day, 6, 0, tzinfo=BERLIN) + timedelta(minutes=minutes * index)
    return local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def body(session_type, coach_id, start):
    return json.dumps({"sessionType": session_type, "coach": coach_id, "start": start, "name": "Bench Gründerin",
                       "email": f"b-{uuid.uuid4().hex}@example.org", "stage": "idea", "consent": True})


class Client:
    def __init__(self):
        self.c = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=60)

    def book(self, payload):
        t0 = time.perf_counter()
        self.c.request("POST", "/api/public/v1/coaching/bookings", body=payload, headers={"Content-Type": "application/json"})
        r = self.c.getresponse()
        r.read()
        return r.status, (time.perf_counter() - t0) * 1000


def run_distinct(name, payloads):
    results, lock = [], threading.Lock()

    def work(chunk):
        client, mine = Client(), []
        for p in chunk:
            mine.append(client.book(p))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=work, args=(payloads[k::WORKERS],)) for k in range(WORKERS)]
    t0 = time.perf_counter()
    [t.start() for t in threads]
    [t.join() for t in threads]
    return report(name, results, time.perf_counter() - t0)


def run_contended(name, session_type, coach_id, minutes, seats):
    results, lock, winners = [], threading.Lock(), []
    barrier = threading.Barrier(WORKERS)

    def work(k):
        client = Client()
        for r in range(ROUNDS):
            start = slot(200 + r // 16, r % 16, minutes)
            barrier.wait()
            status, ms = client.book(body(session_type, coach_id, start))
            with lock:
                results.append((status, ms))
                if status == 201:
                    winners.append(r)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(WORKERS)]
    t0 = time.perf_counter()
    [t.start() for t in threads]
    [t.join() for t in threads]
    elapsed = time.perf_counter() - t0
    per_round = [winners.count(r) for r in range(ROUNDS)]
    assert all(w == seats for w in per_round), f"{name}: winners per round {sorted(set(per_round))}, expected {seats}"
    return report(name, results, elapsed)


def report(name, results, elapsed):
    statuses = {}
    for s, _ in results:
        statuses[s] = statuses.get(s, 0) + 1
    assert set(statuses) <= {201, 409}, f"{name}: unexpected statuses {statuses}"
    ms = [m for _, m in results]
    q = statistics.quantiles(ms, n=100)
    row = (f"| {name} | {WORKERS} | {len(results)} | {statuses.get(201, 0)} | {statuses.get(409, 0)} | "
           f"{statuses.get(201, 0) / elapsed:.1f} | {len(results) / elapsed:.1f} | {statistics.median(ms):.1f} | {q[98]:.1f} |")
    print(row, flush=True)
    return row


def main():
    # Warm-up: JIT, connection pool, plans.
    run_distinct("warm-up", [body(INDIVIDUAL, coach(1 + i % 20), slot(1, i // 20)) for i in range(WORKERS * 10)])
    rows = [
        run_distinct("distinct-slots-20-coaches",
                     [body(INDIVIDUAL, coach(1 + i % 20), slot(2 + (i // 20) // 32, (i // 20) % 32)) for i in range(DISTINCT)]),
        run_distinct("distinct-slots-one-coach",
                     [body(INDIVIDUAL, coach(0), slot(2 + i // 32, i % 32)) for i in range(DISTINCT // 2)]),
        run_contended("contended-individual-slot", INDIVIDUAL, coach(1), 30, 1),
        run_contended("contended-group-slot-5-seats", GROUP, coach(2), 60, 5),
    ]
    with open(sys.argv[5] if len(sys.argv) > 5 else "/dev/null", "w") as out:
        out.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
