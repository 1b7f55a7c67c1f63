"""The dashboard shows what the API says: see dashboard-check.sh for usage."""
import json
import os
import shutil
import sys
import urllib.parse
from html.parser import HTMLParser

from cdp import Browser, CdpError

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


def api(page, path):
    """The API's answer to the signed-in user, fetched by the page itself (its token never leaves the browser)."""
    answer = page.evaluate(f"LakehouseAuth.fetch({json.dumps(path)}).then(async r => ({{status: r.status, "
                           f"body: await r.text()}}))")
    if answer["status"] != 200:
        fail(2, f"the API answered {path} with {answer['status']}: {answer['body'][:500]}")
    return json.loads(answer["body"])


def sign_in(page, url, user, password):
    """Opens the dashboard, which sends the browser to the issuer's login page; signs in there as a person would."""
    page.call("Page.navigate", url=url)
    page.wait_for("document.readyState === 'complete' && !!document.querySelector('input[name=password]')",
                  60, "the identity provider's login page")
    login_url = page.url()
    if urllib.parse.urlparse(login_url).netloc == urllib.parse.urlparse(url).netloc:
        fail(1, f"the login form is served by the dashboard's own host ({login_url}), not the identity provider")
    page.evaluate(f"""(() => {{
        document.querySelector('input[name=username]').value = {json.dumps(user)};
        document.querySelector('input[name=password]').value = {json.dumps(password)};
        const button = document.querySelector('#kc-login, [type=submit]');
        if (button) button.click(); else document.querySelector('form').submit();
        return true;
    }})()""")
    page.wait_for(f"location.href.startsWith({json.dumps(url.rstrip('/'))}) && document.body "
                  "&& ['ready', 'sign-in-failed'].includes(document.body.dataset.state)",
                  90, "the dashboard after signing in")
    state = page.evaluate("document.body.dataset.state")
    if state != "ready":
        banner = page.evaluate("document.getElementById('error').textContent")
        fail(1, f"the dashboard did not show data after signing in (state {state!r}): {banner}")
    return login_url


def product(prefix, p):
    """A product is shown by its catalog name (and category); by its id only while the catalog has not named it."""
    shown = {f"{prefix}-name": p["name"]} if p.get("name") else {f"{prefix}-product": p["productId"]}
    if p.get("category"):
        shown[f"{prefix}-category"] = p["category"]
    return shown


def expected(summary, lake, recommendations):
    """The figures the dashboard must show, derived from the API's answers on their own terms."""
    e = {}
    model = recommendations["model"] or {}
    for key, name in [("precisionAt10", "precision"), ("baselinePrecisionAt10", "baseline-precision"),
                      ("liftOverBaseline", "lift"), ("recallAt10", "recall"),
                      ("baselineRecallAt10", "baseline-recall")]:
        e[f"recs-{name}"] = model.get(key)
    for p in recommendations["popular"]:
        r = p["rank"]
        e.update({f"recs-popular-{r}-rank": r, f"recs-popular-{r}-product": p["productId"],
                  f"recs-popular-{r}-category": p["category"] or "—", f"recs-popular-{r}-score": p["score"]})
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
        e.update(product(f"top-{r}", p))
        e.update({f"top-{r}-rank": r, f"top-{r}-units": p["units"], f"top-{r}-orders": p["orders"]})
    for i, p in enumerate(summary["lowestStock"]["products"], start=1):
        e.update(product(f"stock-{i}", p))
        e.update({f"stock-{i}-quantity": p["quantityOnHand"], f"stock-{i}-warehouses": p["warehouses"]})
    value = summary["customerValue"]
    for s in value["segments"] if value["asOf"] else []:
        name = f"segment-{s['segment']}"
        e.update({f"{name}-customers": s["customers"], f"{name}-customer-share": s["customerShare"],
                  f"{name}-avg-orders": s["avgOrders"], f"{name}-avg-lifetime-revenue": s["avgLifetimeRevenue"],
                  f"{name}-revenue": s["revenue"], f"{name}-revenue-share": s["revenueShare"],
                  f"{name}-avg-recency-days": s["avgRecencyDays"]})
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
    user = os.environ.get("DASHBOARD_USER", "viewer")
    password = os.environ.get("DASHBOARD_PASSWORD", user)
    browser = Browser(chromium())
    try:
        page = browser.page()
        login_url = sign_in(page, url, user, password)
        print(f"dashboard-check: signed in as {user} on the identity provider's page {login_url.split('?')[0]}")
        diffs = []
        for _attempt in range(ATTEMPTS):
            before = expected(api(page, "/api/summary"), api(page, "/api/lake/tables"),
                              api(page, "/api/recommendations"))
            shown_at = page.evaluate("document.body.dataset.generatedAt")
            # The page's next refresh, so what it shows is fetched between our two reads.
            page.wait_for(f"document.body.dataset.generatedAt !== {json.dumps(shown_at)}", 30,
                          "the page's next refresh")
            dom = page.evaluate("document.documentElement.outerHTML")
            after = expected(api(page, "/api/summary"), api(page, "/api/lake/tables"),
                              api(page, "/api/recommendations"))
            shown = Figures()
            shown.feed(dom)
            if shown.state != "ready":
                diffs = [f"  the page never showed data (body data-state={shown.state!r};"
                         f" error banner: {shown.error!r})"]
                continue
            diffs = compare(shown.figures, before, after)
            if not diffs:
                break
        # The same signed-in user, in the same browser, asks for bronze: raw records are for nobody on the dashboard.
        bronze = page.evaluate("LakehouseAuth.fetch('/api/tables/bronze/events/rows?limit=1')"
                               ".then(async r => ({status: r.status, body: await r.text()}))")
        os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
        page.screenshot(os.path.abspath(screenshot))
    except CdpError as e:
        fail(2, f"cannot drive Chromium: {e}")
    finally:
        browser.close()
    if bronze["status"] != 403:
        fail(1, f"{user} read bronze through the dashboard's session: HTTP {bronze['status']} {bronze['body'][:300]}")
    print(f"dashboard-check: signed in as {user}, bronze is refused (403: {json.loads(bronze['body']).get('detail')})")
    if diffs:
        print(f"dashboard-check: the dashboard differs from the API ({len(diffs)} figures, {ATTEMPTS} attempts):",
              file=sys.stderr)
        print("\n".join(diffs), file=sys.stderr)
        sys.exit(1)
    figures = sum(len(v) for v in shown.figures.values())
    print(f"dashboard-check: {len(shown.figures)} figures ({figures} on the page) equal the API's;"
          f" screenshot {screenshot}")


if __name__ == "__main__":
    main()
