"""A whole workshop in real headless Chromium against a real ``winwin serve`` process: the
organiser page, the projector page and six phones (phone viewport, touch) join by code, play
two live games (the first with an odd participant and a house bot, a late joiner entering the
second), build strategies for a tournament and its evolution, and end with the debrief and
its three downloads. One phone goes offline mid-game and reloads: its seat and score come
back. Every nickname shown is text, never markup (one of them is a script tag).

Screenshots go to ``$WINWIN_SCREENSHOTS`` when set (``docs/screenshots`` holds the committed
ones, ``workshop-*.png``), else to a temporary folder.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

import test_web_browser as web  # noqa: E402

TIMEOUT_MS, VIEWPORTS, no_horizontal_scroll, snap = (web.TIMEOUT_MS, web.VIEWPORTS,
                                                     web.no_horizontal_scroll, web.snap)
# the playground's fixtures: a real `winwin serve` process and Debian's Chromium
server, browser, shots = web.server, web.browser, web.shots

PHONE = {"viewport": VIEWPORTS["phone"], "is_mobile": True, "has_touch": True}
NAMES = ["Ann", "Bob", "Cy", "Dee", "<script>bad()</script>"[:24]]


def watch(pg) -> list[str]:
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss())
          if d.type == "alert" else d.accept())
    pg.set_default_timeout(TIMEOUT_MS)
    return errors


def open_phone(chromium, base: str, code: str, name: str):
    ctx = chromium.new_context(**PHONE)
    pg = ctx.new_page()
    pg.viewport_name = "phone"
    pg.errors = watch(pg)
    pg.goto(f"{base}/j/{code}")
    pg.fill("#nickname", name)
    pg.click("#join")
    pg.wait_for_selector("#hello:not(:empty)")
    return ctx, pg


def move_all(phones: list, game: int, rnd: int, choose) -> None:
    """Every phone in the game makes its move for the round shown on it."""
    for k, pg in phones:
        try:
            expect(pg.locator("#round-title")).to_contain_text(f"round {rnd}",
                                                              timeout=TIMEOUT_MS)
        except Exception:
            for j, other in phones:
                other.screenshot(path=f"/tmp/wshots/fail-{j}.png", full_page=True)
            raise
        with pg.expect_response(lambda r: r.url.endswith("/move")) as answer:
            pg.click("#defect" if choose(k, rnd) == "D" else "#cooperate")
        assert answer.value.status == 200, answer.value.text()


def test_a_whole_workshop(server: str, browser, shots: Path, tmp_path: Path) -> None:
    org_ctx = browser.new_context(viewport=VIEWPORTS["desktop"], accept_downloads=True)
    org = org_ctx.new_page()
    org.viewport_name = "desktop"
    org_errors = watch(org)
    org.goto(server + "/workshop")
    snap(org, shots, "workshop-start")
    org.fill("#title", "Negotiation class")
    org.click("#create")
    org.wait_for_url(re.compile(r".*/w/[A-Z0-9]{6}/organiser#key=.+"))
    code = re.search(r"/w/([A-Z0-9]{6})/", org.url).group(1)
    org.wait_for_selector("#qr[src$='qr.svg']")

    proj_ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    proj = proj_ctx.new_page()
    proj.viewport_name = "desktop"
    proj_errors = watch(proj)
    proj.goto(f"{server}/w/{code}/projector")
    proj.wait_for_selector(f"text={code}")

    phones = [open_phone(browser, server, code, n) for n in NAMES]
    pages = [pg for _, pg in phones]
    expect(proj.locator("#people-words")).to_have_text("5 people have joined")
    # the script-tag nickname is shown as text, not run
    assert proj.locator("#names").inner_text().count("<script>") == 1
    expect(org.locator("#seats tbody tr")).to_have_count(5)
    snap(org, shots, "workshop-organiser-lobby")
    snap(proj, shots, "workshop-projector-lobby")
    snap(pages[0], shots, "workshop-phone-lobby")

    # -- game 1: five people, so the odd one out meets a labelled house bot ---------------------
    org.fill("#turns", "3")
    org.fill("#noise", "0")
    org.click("#next")
    for pg in pages:
        pg.wait_for_selector("#play:not(.hidden)")
    partners = [pg.locator("#partner").inner_text() for pg in pages]
    assert sum("house bot" in p for p in partners) == 1, partners
    # a late joiner waits for the next game
    late_ctx, late = open_phone(browser, server, code, "Eve")
    late.wait_for_selector("#waiting:not(.hidden)")
    snap(late, shots, "workshop-phone-late")

    game1 = list(enumerate(pages))
    move_all(game1, 1, 1, lambda k, r: "C")
    expect(pages[0].locator("#round-title")).to_contain_text("round 2")
    snap(pages[0], shots, "workshop-phone-game")
    snap(proj, shots, "workshop-projector-round")
    # a phone goes offline mid-game and comes back after a reload: same seat, same score
    ctx0 = phones[0][0]
    total_before = pages[0].locator("#total").inner_text()
    ctx0.set_offline(True)
    pages[0].wait_for_timeout(500)
    ctx0.set_offline(False)
    pages[0].reload()
    pages[0].wait_for_selector("#hello:not(:empty)")
    assert pages[0].locator("#hello").inner_text() == "Ann"
    expect(pages[0].locator("#total")).to_have_text(total_before)
    move_all(game1, 1, 2, lambda k, r: "D" if k == 1 else "C")
    move_all(game1, 1, 3, lambda k, r: "C")
    for pg in pages:
        pg.wait_for_selector("#over:not(.hidden)")
    proj.wait_for_selector("#game-title:has-text('is over')")
    last = pages[0].locator("#last").inner_text()
    assert re.search(r"win-win|lose-win|win-lose|lose-lose", last)
    snap(pages[0], shots, "workshop-phone-after")
    snap(proj, shots, "workshop-projector-game")
    board = proj.locator("#board").inner_text()
    assert "house bot" in board and "<script>" in board

    # -- game 2: six people (the late joiner is in), new random partners, strangers -------------
    org.select_option("#matching", "stranger")
    org.fill("#turns", "2")
    org.click("#next")
    everyone = pages + [late]
    for pg in everyone:
        pg.wait_for_selector("#round-title:has-text('Game 2')")
    assert not any("house bot" in pg.locator("#partner").inner_text() for pg in everyone)
    game2 = list(enumerate(everyone))
    move_all(game2, 2, 1, lambda k, r: "C")
    move_all(game2, 2, 2, lambda k, r: "D" if k == 5 else "C")
    for pg in everyone:
        pg.wait_for_selector("#over:not(.hidden)")
    snap(org, shots, "workshop-organiser-game")

    # -- the strategy round ---------------------------------------------------------------------
    org.check("input[name=kind][value=strategy]")
    org.click("#next")
    starts = ["tit-for-tat", "generous-tit-for-tat", "win-stay-lose-shift", "defector",
              "cooperator", "extort-2"]
    for pg, start in zip(everyone, starts, strict=True):
        pg.wait_for_selector("#strategy:not(.hidden)")
        pg.locator("#start-from option").nth(1).wait_for(state="attached")
        pg.select_option("#start-from", start)
    # one phone builds its own: forgiveness at 30%
    everyone[0].locator("#s-forgive").fill("30")
    assert everyone[0].locator("#s-cd-out").inner_text() == "30%"
    snap(everyone[0], shots, "workshop-phone-strategy")
    for pg in everyone:
        pg.click("#submit")
        pg.wait_for_selector("#submitted:has-text('Submitted')")
    org.wait_for_selector("#stage-words:has-text('6 submitted')")
    org.click("#close-strategy")
    proj.wait_for_selector("#ranking table")
    proj.wait_for_selector("#evolution .barrow")
    proj.wait_for_timeout(7000)  # the evolution plays out
    ranking = proj.locator("#ranking").inner_text()
    assert "Tit For Tat" in ranking and "<script>" in ranking
    snap(proj, shots, "workshop-projector-strategy")
    everyone[0].wait_for_selector("#my-rank:has-text('finished')")

    # -- the debrief and the downloads ----------------------------------------------------------
    org.check("input[name=kind][value=debrief]")
    org.click("#next")
    proj.wait_for_selector("#story p")
    story = proj.locator("#story").inner_text()
    assert "together (house bots included) earned" in story and "House bot" in story
    snap(proj, shots, "workshop-projector-debrief")
    everyone[1].wait_for_selector("#story li")
    snap(everyone[1], shots, "workshop-phone-debrief")
    files = {}
    for link in ("#export-html", "#export-csv", "#export-parquet"):
        with org.expect_download() as d:
            org.click(link)
        path = tmp_path / d.value.suggested_filename
        d.value.save_as(path)
        files[link] = path
    html = files["#export-html"].read_text()
    assert html.startswith("<!DOCTYPE html>") and "Ann" not in html and "seat 1" in html
    rows = list(csv.DictReader(io.StringIO(files["#export-csv"].read_text())))
    # game 1: 3 pairs x 3 rounds, game 2: 3 pairs x 2 rounds, two rows a pair
    assert len(rows) == 2 * (3 * 3 + 3 * 2)
    import pyarrow.parquet as pq

    assert pq.read_table(files["#export-parquet"]).num_rows == len(rows)
    snap(org, shots, "workshop-organiser-debrief")
    for pg in (org, proj, *everyone):
        no_horizontal_scroll(pg)
    errors = org_errors + proj_errors + [e for pg in everyone for e in pg.errors]
    assert errors == [], errors
    for c in (org_ctx, proj_ctx, late_ctx, *[c for c, _ in phones]):
        c.close()
