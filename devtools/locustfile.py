"""The clients of the HTTP benchmark (run by devtools/http_bench.py: `locust -f devtools/locustfile.py --headless`).

The plan comes as JSON in the file named by BENCH_HTTP_PLAN:
    {"mode": "phases" | "mixed", "clients": 4, "seconds": 5, "roles": [{"who", "username", "password",
     "pages": [[label, url, expected status], ...]}], "burst": {"logins_per_second": 10} | null}

Every client logs in through the real login form (GET the form, POST with its CSRF token), then all start
together. "phases": the clients (all of one role) open one page for `seconds`, then the next page, so each
page's requests per second are its own. "mixed": client n takes role n mod roles and walks through that
role's pages from a different starting page, for `seconds`; with "burst", extra users sign in
`logins_per_second` times a second meanwhile, each in a new session. Requests are named "<who> | <page>".
"""

import json
import os
import re
import time

import gevent
from locust import HttpUser, constant, constant_pacing, task

PLAN = json.load(open(os.environ["BENCH_HTTP_PLAN"], encoding="utf-8"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATE = {"spawned": 0, "ready": 0, "t0": None, "finished": 0, "stopping": False}
BURST = PLAN.get("burst") or {}


def log_in(client, username: str, password: str, name: str) -> bool:
    form = client.get("/accounts/login/", name=f"{name}: login form")
    match = CSRF.search(form.text or "")
    with client.post("/accounts/login/", name=f"{name}: login", allow_redirects=False, catch_response=True,
                     data={"username": username, "password": password,
                           "csrfmiddlewaretoken": match.group(1) if match else ""}) as response:
        if response.status_code != 302:
            response.failure(f"login answered {response.status_code}, not a redirect")
            return False
    return True


def elapsed() -> float:
    return time.time() - STATE["t0"]


def finish(user) -> None:
    """A client is through its pages; the run ends with the last one, so no request still on its way is lost."""
    if not getattr(user, "finished", False):
        user.finished = True
        STATE["finished"] += 1
    if STATE["finished"] >= PLAN["clients"] and not STATE["stopping"]:
        STATE["stopping"] = True
        gevent.spawn(user.environment.runner.quit)
    gevent.sleep(0.5)


class PageUser(HttpUser):
    fixed_count = PLAN["clients"]
    wait_time = constant(0)

    def on_start(self):
        n = STATE["spawned"]
        STATE["spawned"] += 1
        self.role = PLAN["roles"][n % len(PLAN["roles"])]
        self.step = n
        log_in(self.client, self.role["username"], self.role["password"], self.role["who"])
        STATE["ready"] += 1
        while STATE["ready"] < PLAN["clients"]:  # start together, once every client is signed in
            gevent.sleep(0.005)
        if STATE["t0"] is None:
            STATE["t0"] = time.time()

    @task
    def page(self):
        pages = self.role["pages"]
        if PLAN["mode"] == "phases":
            index = int(elapsed() / PLAN["seconds"])
            if index >= len(pages):
                return finish(self)
        else:
            if elapsed() >= PLAN["seconds"]:
                return finish(self)
            index = self.step % len(pages)
            self.step += 1
        label, url, expected = pages[index]
        with self.client.get(url, name=f"{self.role['who']} | {label}", catch_response=True, allow_redirects=False) as response:
            if response.status_code == expected:
                response.success()
            else:
                response.failure(f"{url} answered {response.status_code}, expected {expected}")


PACING = 3  # seconds between two sign-ins of one burst user: the burst keeps its rate while a sign-in takes up to this


class LoginBurstUser(HttpUser):
    """Sign-ins arriving at BURST["logins_per_second"], each in a new session: PACING × that many users, each
    signing in every PACING seconds, their starts spread over the first PACING seconds (so a slow sign-in does
    not slow the arrivals down, as real users would not wait for each other)."""

    fixed_count = BURST.get("logins_per_second", 0) * PACING
    wait_time = constant_pacing(PACING)

    def on_start(self):
        while STATE["t0"] is None:
            gevent.sleep(0.01)
        self.n = STATE["spawned"] - PLAN["clients"]
        STATE["spawned"] += 1
        gevent.sleep(self.n / BURST["logins_per_second"])

    @task
    def sign_in(self):
        if elapsed() >= PLAN["seconds"]:
            gevent.sleep(1)
            return
        role = PLAN["roles"][self.n % len(PLAN["roles"])]
        self.client.cookies.clear()
        log_in(self.client, role["username"], role["password"], "burst")
