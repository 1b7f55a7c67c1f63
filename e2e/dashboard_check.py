"""The dashboard shows what the API says: see dashboard-check.sh for usage."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

BUDGET_MS = [8000, 20000, 40000]  # virtual time for the page to fetch and render; more on each retry
ATTEMPTS = 3                       # live data may move between the page's fetch and ours: compare again
AGE_TOLERANCE_S = 2.0              # ages ("-seconds") grow while we compare


def fail(code, message):
    print(f"dashboard-check: {message}", file=sys.stderr)
    sys.exit(code)


def chromium():
    for name in [os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]:
        if name and shutil.which(name):
            return shutil.which(name)
    fail(2, "no Chromium found: install it (Debian: apt-get install -y chromium) or set CHROMIUM=/path/to/chrome")


def run_browser(browser, url, budget_ms, extra):
    with tempfile.TemporaryDirectory(prefix="dashboard-check-") as profile:
        args = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--disable-extensions", f"--user-data-dir={profile}", "--window-size=1440,900",
                f"--virtual-time-budget={budget_ms}"] + extra + [url]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            fail(2, f"Chromium did not finish within 120 s: {' '.join(args)}")
        if done.returncode != 0:
            fail(2, f"Chromium failed ({done.returncode}): {done.stderr[-2000:]}")
        return done.stdout


class Figures(HTMLParser):
    """Every element with data-kpi: name -> list of data-value; and the body's data-state."""

    def __init__(self):
        super().__init__()
        self.figures = {}
        self.state = None
        self.error = None
        self._in_error = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.state = a.get("data-state")
        if "data-kpi" in a:
            self.figures.setdefault(a["data-kpi"], []).append(a.get("data-value", ""))
        if a.get("id") == "error" and "hidden" not in a:
            self._in_error = True

    def handle_data(self, data):
        if self._in_error and data.strip():
            self.error = data.strip()
            self._in_error = False


def api(base, path):
    url = urllib.parse.urljoin(base, path)
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)
    except (urllib.error.URLError, ValueError) as e:
        fail(2, f"cannot read {url}: {e}")


def expected(summary, lake):
    """The figures the dashboard must show, derived from the API's answers on their own terms."""
    e = {}
    revenue = summary["revenue"]
    totals = revenue["totals"]
    e["revenue-total"] = totals[0]["revenue"] if totals else None
    for t in totals[1:]:
        e[f"revenue-total-{t['currency']}"] = t["revenue"]
    e["orders-total"] = revenue["ordersTotal"] if revenue["newestMinute"] else None
    e["active-sessions"] = summary["activeSessions"]["activeSessions"]
    funnel = summary["funnel"]
    ft = funnel["totals"]
    e["funnel-order-rate"] = ft["orderRate"]
    e["funnel-product-views"] = ft["productViews"] if funnel["newestWindow"] else None
    if funnel["newestWindow"]:
        for key, name in [("sessions", "sessions"), ("carts", "carts"), ("checkouts", "checkouts"),
                          ("orders", "orders"), ("cartRate", "cart-rate"), ("checkoutRate", "checkout-rate")]:
            e[f"funnel-{name}"] = ft[key]
    for p in summary["topProducts"]["products"]:
        r = p["rank"]
        e.update({f"top-{r}-rank": r, f"top-{r}-product": p["productId"], f"top-{r}-units": p["units"],
                  f"top-{r}-orders": p["orders"]})
    for i, p in enumerate(summary["lowestStock"]["products"], start=1):
        e.update({f"stock-{i}-product": p["productId"], f"stock-{i}-quantity": p["quantityOnHand"],
                  f"stock-{i}-warehouses": p["warehouses"]})
    pipeline = summary["pipeline"]
    e["events-per-second"] = pipeline["rawEventsPerSecond"]
    e["dlq-per-second"] = pipeline["dlqEventsPerSecond"]
    e["dlq-percent"] = pipeline["dlqPercentOfRaw"]
    for t in pipeline["topics"]:
        e[f"topic-{t['topic']}-rate"] = t["eventsPerSecond"]
        e[f"topic-{t['topic']}-offset"] = t["endOffset"]
    for layer in pipeline["layers"]:
        e[f"freshness-{layer['layer']}-seconds"] = layer["freshnessSeconds"]
    for t in lake["tables"]:
        name = t["table"]
        e.update({f"lake-{name}-rows": t["rows"], f"lake-{name}-files": t["dataFiles"],
                  f"lake-{name}-snapshots": t["snapshots"], f"lake-{name}-age-seconds": t["freshnessSeconds"]})
    return e


def same(name, shown, candidates):
    """Shown (text from data-value) equals one of the API's values (from the fetches before and after)."""
    if shown == "":
        return any(c is None for c in candidates)
    values = [c for c in candidates if c is not None]
    if not values:
        return False
    if isinstance(values[0], str):
        return shown in values
    try:
        number = float(shown)
    except ValueError:
        return False
    if name.endswith("-seconds"):
        return min(values) - AGE_TOLERANCE_S <= number <= max(values) + AGE_TOLERANCE_S
    return any(abs(number - float(v)) < 1e-9 for v in values)


def compare(shown, before, after):
    diffs = []
    for name in sorted(set(before) | set(after) | set(shown)):
        candidates = [before.get(name), after.get(name)]
        if name not in shown:
            if name in before and name in after:
                diffs.append(f"  {name}: missing on the page (API: {before[name]!r})")
            continue
        if name not in before and name not in after:
            diffs.append(f"  {name}: on the page ({shown[name]}) but not in the API's answer")
            continue
        for value in shown[name]:
            if not same(name, value, candidates):
                diffs.append(f"  {name}: page shows {value!r}, API says {candidates[0]!r}"
                             + (f" (then {candidates[1]!r})" if candidates[1] != candidates[0] else ""))
    return diffs


def main():
    url, screenshot = sys.argv[1], sys.argv[2]
    browser = chromium()
    diffs = []
    for attempt in range(ATTEMPTS):
        before = expected(api(url, "/api/summary"), api(url, "/api/lake/tables"))
        dom = run_browser(browser, url, BUDGET_MS[min(attempt, len(BUDGET_MS) - 1)], ["--dump-dom"])
        after = expected(api(url, "/api/summary"), api(url, "/api/lake/tables"))
        page = Figures()
        page.feed(dom)
        if page.state != "ready":
            diffs = [f"  the page never showed data (body data-state={page.state!r}; error banner: {page.error!r})"]
            continue
        diffs = compare(page.figures, before, after)
        if not diffs:
            break
    os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
    run_browser(browser, url, BUDGET_MS[0], [f"--screenshot={os.path.abspath(screenshot)}"])
    if not os.path.exists(screenshot):
        fail(2, f"Chromium wrote no screenshot to {screenshot}")
    if diffs:
        print(f"dashboard-check: the dashboard differs from the API ({len(diffs)} figures, {ATTEMPTS} attempts):",
              file=sys.stderr)
        print("\n".join(diffs), file=sys.stderr)
        sys.exit(1)
    figures = sum(len(v) for v in page.figures.values())
    print(f"dashboard-check: {len(page.figures)} figures ({figures} on the page) equal the API's;"
          f" screenshot {screenshot}")


if __name__ == "__main__":
    main()
