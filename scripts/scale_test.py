"""The scale-out test (run by .ci/run): nginx load-balancing two gunicorn instances on
PostgreSQL (its own database, tp_scale) and Redis, plus the task worker, all on loopback.

Checks, each printed as it passes: a log-in through one instance holds on the other; throttle
counts are shared; a knowledge reload is picked up by both; a password-reset e-mail goes out
through the worker; two slow clients do not hold up other users. Exits non-zero on the
first failure; bounded by SCALE_TEST_SECONDS (default 300).
"""

import email
import http.cookiejar
import json
import re
import shutil
import signal
import socket
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import ROOT, Stack, stack

PASSWORD = "scale-test-passphrase-41"
MATCH = json.dumps({"marks": [{"region": "temple-r"}]}).encode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """One person's cookies, used against whichever server we point it at."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(
        self, url: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=10) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def form_post(self, url: str, fields: dict[str, str]) -> tuple[int, dict[str, str], str]:
        status, _, page = self.request(url)
        assert status == 200, (url, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {url}"
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token[1]}).encode()
        return self.request(
            url, body, {"Content-Type": "application/x-www-form-urlencoded", "Referer": url}
        )


def match(url: str, address: str) -> tuple[int, dict[str, str], str]:
    """A match from the client `address` (nginx would set X-Forwarded-For; NUM_PROXIES=1)."""
    headers = {"Content-Type": "application/json", "X-Forwarded-For": address}
    return Browser().request(f"{url}/api/match/", MATCH, headers)


def check(name: str) -> None:
    print(f"scale: ok  {name}", flush=True)


def login_holds_on_the_other_instance(the_stack: Stack) -> None:
    first, second = the_stack.apps
    alice = Browser()
    status, headers, _ = alice.form_post(
        f"{first}/account/log-in/", {"username": "alice", "password": PASSWORD}
    )
    assert status == 302, f"log-in answered {status}"
    status, headers, _page = alice.request(f"{second}/diary/")
    assert status == 200, f"the other instance sent a signed-in user to {headers.get('Location')}"
    assert Browser().request(f"{second}/diary/")[0] == 302  # and nobody else
    check("signed in through one instance, carried on through the other")


def throttle_counts_are_shared(the_stack: Stack) -> None:
    first, second = the_stack.apps
    statuses = [match(the_stack.apps[i % 2], "10.9.0.1")[0] for i in range(12)]
    # THROTTLE_MATCH=10/min for the whole stack: four processes, one count.
    assert statuses == [200] * 10 + [429, 429], statuses
    status, headers, _ = match(first, "10.9.0.1")
    assert status == 429 and int(headers["Retry-After"]) > 0
    assert match(second, "10.9.0.2")[0] == 200  # another client is not affected
    check("12 matches alternating between the instances: the 11th and 12th are 429")


def knowledge_reload_reaches_both(the_stack: Stack) -> None:
    status, _, body = match(the_stack.apps[0], "10.9.1.1")
    assert status == 200, status
    top = json.loads(body)["results"][0]["trigger_point"]["name"]
    copy = Path(tempfile.mkdtemp(prefix="tp-knowledge-"))
    try:
        shutil.copytree(ROOT / "fixtures" / "knowledge", copy, dirs_exist_ok=True)
        renamed = f"{top} (reloaded)"
        changed = 0
        for path in copy.glob("*.yaml"):
            text = path.read_text()
            if f"name: {top}\n" in text:
                path.write_text(text.replace(f"name: {top}\n", f"name: {renamed}\n", 1))
                changed += 1
        assert changed == 1, f"{top!r} not found once in the knowledge files"
        the_stack.manage("load_knowledge", "--directory", str(copy))
        deadline = time.monotonic() + 20
        seen: set[str] = set()
        while seen != set(the_stack.apps) and time.monotonic() < deadline:
            for index, url in enumerate(the_stack.apps):
                for _ in range(4):  # reach each of the instance's workers
                    status, _, body = match(url, f"10.9.1.{10 + index}")
                    names = [r["trigger_point"]["name"] for r in json.loads(body)["results"]]
                    if renamed in names:
                        seen.add(url)
            time.sleep(1)
        assert seen == set(the_stack.apps), f"only {seen} served the reloaded knowledge"
    finally:
        the_stack.manage("load_knowledge")
        shutil.rmtree(copy, ignore_errors=True)
    check("a knowledge reload is served by both instances without a restart")


def password_reset_goes_through_the_worker(the_stack: Stack) -> None:
    started = time.monotonic()
    status, _headers, _ = Browser().form_post(
        f"{the_stack.nginx}/account/password/reset/", {"email": "alice@example.org"}
    )
    assert status == 302, status
    assert time.monotonic() - started < 5
    deadline = time.monotonic() + 30
    while not the_stack.mail.messages and time.monotonic() < deadline:
        time.sleep(0.3)
    assert the_stack.mail.messages, "the worker sent no e-mail within 30 s"
    message = email.message_from_string(the_stack.mail.messages[0])
    assert message["To"] == "alice@example.org"
    body = message.get_payload(decode=True).decode()
    assert re.search(r"/account/password/reset/[^/\s]+/[^/\s]+/", body), body[:500]
    check("a password-reset e-mail was queued in the request and sent by the worker")


def slow_clients_do_not_block_others(the_stack: Stack) -> None:
    host, port = the_stack.nginx.removeprefix("http://").split(":")
    slow = []
    for _ in range(2):
        client = socket.create_connection((host, int(port)))
        client.sendall(
            b"POST /api/match/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
        )
        slow.append(client)
    # A slow reader too: asks for the chart page and reads nothing.
    reader = socket.create_connection((host, int(port)))
    reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    reader.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    slow.append(reader)
    try:
        durations = []
        for index in range(20):
            started = time.monotonic()
            for client in slow[:2]:
                client.sendall(b" ")  # still trickling
            url = f"{the_stack.nginx}/" if index % 2 else f"{the_stack.nginx}/muscles/"
            status, _, _ = Browser().request(url)
            durations.append(time.monotonic() - started)
            assert status == 200, (url, status)
        assert max(durations) < 2, durations
    finally:
        for client in slow:
            client.close()
    check(
        f"two slow senders and a slow reader: 20 pages for others, slowest {max(durations):.2f} s"
    )


def static_files_come_compressed_from_nginx(the_stack: Stack) -> None:
    _, _, page = Browser().request(f"{the_stack.nginx}/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
    assert stylesheet, "no stylesheet on the chart page"
    status, _headers, _ = Browser().request(
        f"{the_stack.nginx}{stylesheet[1]}", headers={"Accept-Encoding": "identity"}
    )
    assert status == 200
    request = urllib.request.Request(
        f"{the_stack.nginx}{stylesheet[1]}", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        assert "immutable" in answer.headers["Cache-Control"]
    status, _, _ = Browser().request(
        f"{the_stack.nginx}/api/match/", b"x" * (300 * 1024), {"Content-Type": "application/json"}
    )
    assert status == 413, status
    check("static files gzipped with a year of caching; a 300 KB body gets a 413 at nginx")


def main() -> int:
    limit = int(__import__("os").environ.get("SCALE_TEST_SECONDS", "300"))
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("scale test")))
    signal.alarm(limit)
    started = time.monotonic()
    with stack("tp_scale", extra_env={"THROTTLE_MATCH": "10/min"}) as the_stack:
        code = (
            "from apps.accounts.models import User; "
            f"User.objects.create_user('alice', email='alice@example.org', password={PASSWORD!r})"
        )
        the_stack.manage("shell", "-c", code)
        check(f"stack up: nginx {the_stack.nginx} -> {', '.join(the_stack.apps)}, worker, Redis")
        login_holds_on_the_other_instance(the_stack)
        knowledge_reload_reaches_both(the_stack)
        throttle_counts_are_shared(the_stack)
        password_reset_goes_through_the_worker(the_stack)
        slow_clients_do_not_block_others(the_stack)
        static_files_come_compressed_from_nginx(the_stack)
    print(f"scale: all checks passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
