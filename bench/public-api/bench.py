#!/usr/bin/env python3
"""Public content API benchmark: latency of cache misses and hits, throughput, eviction delay.

Needs a running host with demo data (./run.sh). Creates N published articles on the demo site
"pankow" through the staff API (as the demo editor), then measures with keep-alive connections.
Usage: bench.py [base-url] [articles] [second-host-url]
With a second host on the same database, it also measures how long after a publication in the
first host the second serves the change (LISTEN/NOTIFY eviction).
"""
import http.client, json, random, statistics, sys, threading, time, urllib.parse

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5080"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
SECOND = sys.argv[3] if len(sys.argv) > 3 else None
SITE = "pankow"
url = urllib.parse.urlparse(BASE)


def conn(base=None):
    u = urllib.parse.urlparse(base) if base else url
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30)


def call(c, method, path, body=None, headers=None):
    h = {"Content-Type": "application/json"} if body is not None else {}
    h.update(headers or {})
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse()
    data = r.read()
    return r.status, dict(r.getheaders()), data


def login():
    c = conn()
    s, _, d = call(c, "POST", "/api/auth/login", {"userName": "redaktion", "password": "demo-redaktion-2026"})
    assert s == 200, d
    return json.loads(d)["accessToken"]


def seed(token):
    c = conn()
    s, _, d = call(c, "GET", f"/api/public/v1/sites/{SITE}/articles?pageSize=1&fields=id")
    have = json.loads(d)["total"]
    auth = {"Authorization": f"Bearer {token}"}
    todo = list(range(have, N))
    words = ["Bürgerbeteiligung", "Nachbarschaft", "Beschäftigung", "Gründung", "Stadtteilarbeit", "Quartier", "Weiterbildung"]

    def work(chunk):
        c = conn()
        for i in chunk:
            w = words[i % len(words)]
            s, _, d = call(c, "POST", "/api/content/articles", {
                "title": f"Benchmark-Meldung {i:05d} zur {w}", "sites": [SITE],
                "fields": {"teaser": f"Kurzfassung {i} über {w} im Bezirk.",
                           "body": f"## {w}\n\nText {i} mit **Markdown** über {w}, Bürgerinnen und Bürger, Vereine und Träger. " * 8,
                           "tags": [w, "Benchmark"], "regionCodes": ["0301" if i % 2 else "0307"]}}, auth)
            assert s == 201, d
            item = json.loads(d)["id"]
            s, _, d = call(c, "POST", f"/api/content/items/{item}/publish", None, auth)
            assert s == 200, d

    threads = [threading.Thread(target=work, args=(todo[k::4],)) for k in range(4)]
    t0 = time.perf_counter()
    [t.start() for t in threads]
    [t.join() for t in threads]
    if todo:
        print(f"seeded {len(todo)} articles in {time.perf_counter() - t0:.1f} s ({len(todo) / (time.perf_counter() - t0):.0f} create+publish/s)")


def measure(name, paths, expect=200):
    c = conn()
    times, cache = [], {}
    for p in paths:
        t0 = time.perf_counter()
        s, h, _ = call(c, "GET", p)
        times.append((time.perf_counter() - t0) * 1000)
        assert s == expect, (s, p)
        cache[h.get("X-Cache")] = cache.get(h.get("X-Cache"), 0) + 1
    q = statistics.quantiles(times, n=100)
    print(f"| {name} | {len(times)} | {statistics.median(times):.2f} | {q[94]:.2f} | {q[98]:.2f} | {cache} |")


def throughput(name, path_of, threads=8, seconds=10):
    done = [0] * threads
    stop = time.perf_counter() + seconds

    def work(k):
        c = conn()
        i = 0
        while time.perf_counter() < stop:
            s, _, _ = call(c, "GET", path_of(k, i))
            assert s == 200
            i += 1
        done[k] = i

    ts = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    t0 = time.perf_counter()
    [t.start() for t in ts]
    [t.join() for t in ts]
    print(f"| {name} | {threads} | {sum(done) / (time.perf_counter() - t0):.0f} |")


def eviction_delay(token):
    """Publish a change and poll the list until it shows (same host; a notification round trip)."""
    c = conn()
    auth = {"Authorization": f"Bearer {token}"}
    path = f"/api/public/v1/sites/{SITE}/articles?pageSize=1&fields=title"
    call(c, "GET", path)
    s, _, d = call(c, "POST", "/api/content/articles", {"title": f"Eilmeldung {time.time()}", "sites": [SITE],
                                                          "fields": {"teaser": "eilig", "body": "eilig"}}, auth)
    item = json.loads(d)["id"]
    t0 = time.perf_counter()
    call(c, "POST", f"/api/content/items/{item}/publish", None, auth)
    published = time.perf_counter()
    while True:
        _, _, body = call(c, "GET", path)
        if "Eilmeldung" in body.decode():
            break
    print(f"publish call {1000 * (published - t0):.1f} ms; list fresh {1000 * (time.perf_counter() - published):.1f} ms after it returned")


def raise_limits():
    """The demo site allows 120 anonymous requests a minute; a benchmark needs more."""
    c = conn()
    s, _, d = call(c, "POST", "/api/auth/login", {"userName": "admin", "password": "demo-admin-2026"})
    auth = {"Authorization": f"Bearer {json.loads(d)['accessToken']}"}
    site = next(x for x in json.loads(call(c, "GET", "/api/content/sites", None, auth)[2]) if x["slug"] == SITE)
    s, _, d = call(c, "PUT", f"/api/content/sites/{SITE}", {"name": site["name"], "baseUrl": site["baseUrl"], "corsOrigins": site["corsOrigins"],
                                                           "anonymousRateLimit": 100000, "apiKeyRateLimit": 1000000}, auth)
    assert s == 200, d


def cross_host_delay(token, rounds=20):
    """Host B caches the list; host A publishes; how long until B answers with the new item."""
    a, b = conn(), conn(SECOND)
    auth = {"Authorization": f"Bearer {token}"}
    path = f"/api/public/v1/sites/{SITE}/articles?pageSize=1&fields=title"
    delays = []
    for r in range(rounds):
        call(b, "GET", path)
        assert call(b, "GET", path)[1].get("X-Cache") == "HIT"
        title = f"Mehrhost-Meldung {time.time()}"
        _, _, d = call(a, "POST", "/api/content/articles", {"title": title, "sites": [SITE], "fields": {"teaser": "t", "body": "b"}}, auth)
        item = json.loads(d)["id"]
        s, _, _ = call(a, "POST", f"/api/content/items/{item}/publish", None, auth)
        published = time.perf_counter()
        while title not in call(b, "GET", path)[2].decode():
            time.sleep(0.0005)
        delays.append(1000 * (time.perf_counter() - published))
    print(f"second host fresh after publish returned in host A: p50 {statistics.median(delays):.1f} ms, max {max(delays):.1f} ms ({rounds} rounds)")


token = login()
raise_limits()
seed(token)
api = f"/api/public/v1/sites/{SITE}"
# A from-date no item precedes, different in every run: misses stay misses after an earlier run.
RUN = f"from=19{random.randint(10, 99)}-0{random.randint(1, 9)}-1{random.randint(0, 9)}"
print("| request | n | p50 ms | p95 ms | p99 ms | X-Cache |")
print("| --- | --- | --- | --- | --- | --- |")
measure("list, 20 per page, pages 1-50 (miss)", [f"{api}/articles?{RUN}&page={k}&pageSize=20" for k in range(1, 51)])
measure("list, 20 per page (hit)", [f"{api}/articles?{RUN}&page=1&pageSize=20"] * 500)
measure("list, 100 per page + include (miss)", [f"{api}/articles?{RUN}&page={k}&pageSize=100&include=images,downloads" for k in range(1, 11)])
measure("list, tag+region filter (miss)", [f"{api}/articles?{RUN}&tag=quartier&region=0301&page={k}&pageSize=5" for k in range(1, 16)])
s = conn()
crawl, cursor, pages, t0 = [], None, 0, time.perf_counter()
while True:
    _, _, d = call(s, "GET", f"{api}/articles?{RUN}&pageSize=100&fields=id&sort=title" + (f"&cursor={cursor}" if cursor else ""))
    j = json.loads(d)
    crawl += [i["id"] for i in j["items"]]
    pages += 1
    cursor = j["nextCursor"]
    if not cursor:
        break
print(f"cursor crawl: {len(crawl)} items ({len(set(crawl))} distinct) in {pages} pages, {1000 * (time.perf_counter() - t0):.0f} ms")
measure("detail (miss)", [f"{api}/articles/{i['slug']}" for i in
                          json.loads(call(conn(), "GET", f"{api}/articles?pageSize=100&fields=slug&page=3")[2])["items"]])
measure("detail (hit)", [f"{api}/articles/{json.loads(call(conn(), 'GET', f'{api}/articles?pageSize=1&fields=slug')[2])['items'][0]['slug']}"] * 500)
measure("search q=Buerger, all match, pages 1-50 (miss)", [f"{api}/search?{RUN}&q=Buerger&page={k}" for k in range(1, 51)])
measure("search q=Bürgerbeteiligung OR quartier (miss)", [f"{api}/search?{RUN}&q=B%C3%BCrgerbeteiligung%20OR%20quartier&pageSize={k}" for k in range(1, 51)])
measure("feed.rss (hit)", [f"{api}/feed.rss"] * 200)
measure("sitemap.xml (miss then hit)", [f"{api}/sitemap.xml"] * 20)
print()
print("| throughput | threads | req/s |")
print("| --- | --- | --- |")
throughput("list hit", lambda k, i: f"{api}/articles?{RUN}&page=1&pageSize=20")
throughput("list miss (always a new page/pageSize)", lambda k, i: f"{api}/articles?{RUN}&page={1 + i % 10}&pageSize={(k * 1000 + i) % 97 + 3}&fields=title,slug,publishedAt")
print()
eviction_delay(token)
if SECOND:
    cross_host_delay(token)
