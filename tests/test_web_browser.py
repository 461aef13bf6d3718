"""The pages in a real headless Chromium (Debian's, launched by Playwright) against a real
``winwin serve`` process on a free loopback port, at a desktop and a phone viewport: a whole
series of Play, a tournament and a replay, ten generations of the sandbox, the short-run page,
and share links opened in a fresh browser context giving the same result.

Screenshots go to ``$WINWIN_SCREENSHOTS`` when set (``docs/screenshots`` holds the committed
ones), else to a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
TIMEOUT_MS = 30_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get_json(url: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``winwin serve`` in its own process; stopped with Ctrl-C (SIGINT), which must end it
    cleanly with exit code 0."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "winwin", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if get_json(base + "/api/health")["warm"]:
                break
        except OSError:
            pass
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.3)
    yield base
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert f"http://127.0.0.1:{port}/" in err and "Traceback" not in err


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("WINWIN_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _page(browser: object, viewport: str) -> Iterator[object]:
    ctx = browser.new_context(viewport=VIEWPORTS[viewport])
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.viewport_name = viewport
    pg.script_errors = errors  # a test that expects a refused request takes its line out
    yield pg
    ctx.close()
    assert errors == [], errors


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: object) -> Iterator[object]:
    """A fresh page at each viewport; no script error or failed request on it."""
    yield from _page(browser, request.param)


@pytest.fixture
def desktop(browser: object) -> Iterator[object]:
    yield from _page(browser, "desktop")


def snap(page: object, shots: Path, name: str, full: bool = True) -> None:
    """A screenshot, kept small: a 256-colour palette keeps the outcome colours for these pages."""
    from PIL import Image

    path = shots / f"{name}-{page.viewport_name}.png"
    page.screenshot(path=str(path), full_page=full)
    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def fresh(browser: object, page: object, link: str) -> tuple[object, object]:
    """A share link opened in a fresh browser context at the page's viewport: (context, page)."""
    ctx = browser.new_context(viewport=page.viewport_size)
    other = ctx.new_page()
    other.set_default_timeout(TIMEOUT_MS)
    other.goto(link)
    return ctx, other


def no_horizontal_scroll(page: object) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, width


def test_index_and_api_pages(server: str, page: object, shots: Path) -> None:
    page.goto(server + "/")
    assert page.locator(".tiles a").count() == 6  # five pages and the workshop
    no_horizontal_scroll(page)
    snap(page, shots, "index")
    page.goto(server + "/docs")
    page.locator("#endpoints section").first.wait_for()
    assert page.locator("#endpoints section").count() >= 10
    snap(page, shots, "api", full=False)


def test_play_a_whole_series(server: str, page: object, shots: Path) -> None:
    page.goto(server + "/play?v=1&turns=4&noise=0&game=trust&seed=5")
    series = []
    for k in range(5):
        page.locator("#game-title", has_text=f"Game {k + 1} of 5").wait_for()
        for t in range(4):
            page.locator("#turn", has_text=str(t)).wait_for()
            page.locator("#cooperate" if t % 2 == 0 else "#defect").click()
        page.locator("#reveal h2").wait_for()
        series.append(page.locator("#reveal h2").inner_text())
        assert page.locator("#rounds tbody tr").count() == 4
        # every outcome is named in words next to its colour
        words = page.locator("#rounds tbody .outcome").all_inner_texts()
        assert set(words) <= {"win-win", "win-lose", "lose-win", "lose-lose"}
        if k == 0:
            no_horizontal_scroll(page)
            snap(page, shots, "play")
        page.locator("#next" if k < 4 else "#finish").click()
    page.locator("#series-done").wait_for()
    text = page.locator("#summary").inner_text()
    assert "Win-win" in text and "lose-lose" in text
    assert series[0] == "It was Tit For Tat" and series[1] == "It was Defector"
    snap(page, shots, "play-summary")


def test_tournament_replay_and_share_link(server: str, page: object, browser: object,
                                         shots: Path) -> None:
    url = (server + "/tournament?v=1&s=tit-for-tat&s=defector&s=generous-tit-for-tat(q%3D0.2)"
           "&s=win-stay-lose-shift&s=random&turns=60&reps=3&noise=0.02&seed=4&game=pd&sp=1")
    page.goto(url)
    page.locator("#ranking tbody tr").nth(4).wait_for()
    ranking = page.locator("#ranking tbody").inner_text()
    api = get_json(server + "/api/tournament", {
        "strategies": ["tit-for-tat", "defector", "generous-tit-for-tat(q=0.2)",
                       "win-stay-lose-shift", "random"],
        "turns": 60, "repetitions": 3, "noise": 0.02, "seed": 4, "game": "pd"})
    first = page.locator("#ranking tbody tr td").nth(1).inner_text()
    assert first.split("\n")[0].strip().startswith(api["names"][api["players"].index(
        api["ranking"][0])])
    page.locator('#heat td[data-i="0"][data-j="1"]').click()
    page.locator("#replay-title", has_text="Tit For Tat against Defector").wait_for()
    page.locator("#replay-step").click()
    page.locator("#replay-end").click()
    assert page.locator("#replay-moves span").count() == 60
    no_horizontal_scroll(page)
    snap(page, shots, "tournament")
    # the link now carries the replay too; a fresh context sees the same result
    link = page.url
    assert "seed=4" in link and "i=0" in link
    ctx = browser.new_context(viewport=page.viewport_size)
    other = ctx.new_page()
    other.set_default_timeout(TIMEOUT_MS)
    other.goto(link)
    other.locator("#ranking tbody tr").nth(4).wait_for()
    assert other.locator("#ranking tbody").inner_text() == ranking
    other.locator("#replay-title", has_text="Tit For Tat against Defector").wait_for()
    assert other.locator("#replay-moves").inner_text() == \
        page.locator("#replay-moves").inner_text()
    ctx.close()


def test_tournament_game_sliders_name_the_family(server: str, desktop: object) -> None:
    page = desktop
    page.goto(server + "/tournament?v=1&s=tft&s=alld&turns=10&reps=1&seed=1&game=4,1,3,2")
    page.locator("#family .family", has_text="Stag Hunt").wait_for()
    page.locator("#p1-T").fill("6")
    page.locator("#p1-R").fill("3")
    page.locator("#p1-S").fill("0")
    page.locator("#p1-P").fill("1")
    page.locator("#family .family", has_text="Prisoner's Dilemma").wait_for()
    page.locator("#asym").check()
    page.locator("#p2-T").fill("4")
    page.locator("#family .family", has_text="for the other side").wait_for()
    page.locator("#run").click()
    page.wait_for_url(lambda url: "%2F" in url.partition("?")[2] or "/" in url.partition("?")[2])


def test_sandbox_ten_generations(server: str, page: object, browser: object,
                                 shots: Path) -> None:
    page.goto(server + "/evolution?v=1&seed=3&gens=30")
    page.locator("#pop-7").wait_for()
    counts = [int(page.locator(f"#pop-{k}-out").inner_text()) for k in range(8)]
    assert counts == [3, 3, 3, 3, 3, 3, 3, 4]
    for g in range(10):
        page.locator("#step").click()
        page.locator("#gen", has_text=str(g + 1)).wait_for()
    now = [int(x) for x in page.locator("#counts tbody tr td:nth-child(2)").all_inner_texts()]
    api = get_json(server + "/api/evolve", {"generations": 30, "seed": 3, "game": "2,-1,3,0"})
    assert now == api["trajectory"][10] and sum(now) == 25
    assert page.locator("#people span").count() == 25
    no_horizontal_scroll(page)
    snap(page, shots, "evolution")
    # a slider keeps the sum at 25
    page.locator("#pop-0").fill("10")
    total = sum(int(page.locator(f"#pop-{k}-out").inner_text()) for k in range(8))
    assert total == 25
    # the share link of generation 10 shows generation 10 in a fresh context
    page.goto(server + "/evolution?v=1&seed=3&gens=30&at=10")
    page.locator("#gen", has_text="10").wait_for()
    ctx = browser.new_context(viewport=page.viewport_size)
    other = ctx.new_page()
    other.set_default_timeout(TIMEOUT_MS)
    other.goto(page.url)
    other.locator("#gen", has_text="10").wait_for()
    again = [int(x) for x in other.locator("#counts tbody tr td:nth-child(2)").all_inner_texts()]
    assert again == now
    ctx.close()


def test_sandbox_moran_and_replicator(server: str, desktop: object, shots: Path) -> None:
    page = desktop
    page.goto(server + "/evolution?v=1&mode=moran&p=tit-for-tat%3D12&p=defector%3D8"
              "&size=20&gens=40&seed=2&exact=1&noise=0.05&game=3,0,5,1")
    page.locator("#start").click()
    expect(page.locator("#gen-of")).to_have_text(re.compile(r"^of"))
    page.locator("#chart svg").wait_for()
    page.locator("#mode").select_option("replicator")
    page.locator("#step").click()
    page.locator("#chart svg").wait_for()
    snap(page, shots, "evolution-replicator")


def test_short_run_long_run(server: str, page: object, shots: Path) -> None:
    page.goto(server + "/horizon?v=1&power=2&turns=50&seed=1")
    page.locator("#verdict", has_text="turn 3").wait_for()
    page.locator("#power").fill("4")
    page.locator("#verdict", has_text="turn 5").wait_for()
    assert page.locator("#moves span").count() == 50
    no_horizontal_scroll(page)
    snap(page, shots, "horizon")


def test_keyboard_play(server: str, desktop: object) -> None:
    page = desktop
    page.goto(server + "/play?v=1&turns=3&seed=2")
    page.locator("#turn", has_text="0").wait_for()
    for key, t in [("c", 1), ("d", 2), ("c", 3)]:
        page.locator("#cooperate:enabled").wait_for()  # the page takes a move (not busy)
        page.keyboard.press(key)
        page.locator("#turn", has_text=str(t)).wait_for()
    page.locator("#reveal h2").wait_for()


def test_scenario_brief_bad_answer_and_share_link(server: str, page: object, browser: object,
                                                  shots: Path) -> None:
    page.goto(server + "/scenario")
    page.locator("#brief section").first.wait_for()  # the default example's brief, at once
    page.locator("#example").select_option("neighbours")
    page.locator("#make").click()
    page.locator("#brief-title", has_text="Neighbours over a shared fence").wait_for()
    answers = next(x["answers"] for x in get_json(server + "/api/scenario/examples")
                   if x["name"] == "neighbours")
    api = get_json(server + "/api/scenario", answers)
    sections = {s["title"]: s for s in api["sections"]}
    family = api["analysis"]["families"][0]["name"]
    assert family in page.locator('[data-section="What kind of game this is"]').inner_text()
    assert family in page.locator("#summary").inner_text()
    short_long = page.locator('[data-section="Short run against long run"] p').all_inner_texts()
    assert short_long == sections["Short run against long run"]["paragraphs"]
    advice = page.locator('[data-section="What would playing for win-win look like here?"] p')
    assert advice.all_inner_texts() == \
        sections["What would playing for win-win look like here?"]["paragraphs"]
    assert "the neighbour" in page.locator("#me-r1 option").first.inner_text()
    no_horizontal_scroll(page)
    snap(page, shots, "scenario")
    # a bad answer: the server's message next to the question, and no brief change
    page.locator("#me-r2").select_option(page.locator("#me-r1").input_value())
    page.locator("#make").click()
    error = page.locator('.field-error[data-field="me.ranking"]')
    error.wait_for()
    assert "me.ranking" in error.inner_text() and "tie" in error.inner_text()
    page.locator("#me-r2").select_option(answers["me"]["ranking"][1])
    page.locator("#mistakes").fill("60")
    page.locator("#make").click()
    page.locator('.field-error[data-field="mistakes"]', has_text="below one half").wait_for()
    assert page.locator('.field-error[data-field="me.ranking"]').inner_text() == ""
    refused = [e for e in page.script_errors if "status of 422" in e]
    assert len(refused) == 2  # the browser logs each refused request: those two, no other
    for e in refused:
        page.script_errors.remove(e)
    page.locator("#mistakes").fill("5")
    page.locator("#make").click()
    expect(page.locator('.field-error[data-field="mistakes"]')).to_have_text("")
    page.locator("#brief-title", has_text="Neighbours").wait_for()
    text = page.locator("#brief").inner_text()
    # the share link, opened in a fresh context, gives the same brief
    link = page.url
    assert "v=1" in link and "mistakes=0.05" in link
    ctx, other = fresh(browser, page, link)
    other.locator("#brief-title", has_text="Neighbours").wait_for()
    other.locator("#brief section").first.wait_for()
    assert other.locator("#brief").inner_text() == text
    assert other.locator("#mistakes").input_value() == "5"
    ctx.close()
