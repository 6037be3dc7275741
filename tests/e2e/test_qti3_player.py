"""Puente's QTI 3.0 exports play and score in a 1EdTech-certified QTI 3 item player (issue 18).

The player is Amp-up.io's QTI 3 Player (npm ``qti3-item-player``, MIT, certified for QTI 3
Basic and Advanced Delivery), run from ``node_modules`` with Vue 2 in the system Chromium,
offline. Each exported item type is answered in the player as a candidate would (clicking
the choices, typing the answer; a matching item's pairs are handed to the player as a saved
item state, since its drag and drop has no keyboard path in the player): the answer key
scores full marks and a wrong answer zero. The key comes from the Puente item, not from
the exported XML, so an export that wrote the wrong key would fail here.
"""

import io
import zipfile
from pathlib import Path

import pytest

from accounts.roles import Role
from assessments import item_types
from assessments.content import item_content
from assessments.selectors.items import items_for_exchange
from assessments.services.exchange import questions_export
from tests.assessments.test_exchange_gift import EXCHANGEABLE
from tests.factories.accounts import UserFactory
from tests.factories.assessments import make_item

pytestmark = pytest.mark.django_db

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
PLAYER = NODE_MODULES / "qti3-item-player" / "dist"
VUE = NODE_MODULES / "vue" / "dist" / "vue.min.js"
ORIGIN = "http://qti-player.test/"
PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>QTI 3 Player</title>'
PAGE += '</head><body><main><div id="app"></div></main></body></html>'

MOUNT = """() => {
  window.events = {};
  new Vue({el: '#app', render: h => h(qti3Player, {
    attrs: {'suppress-alert-messages': true},
    on: {
      notifyQti3PlayerReady(player) { window.player = player; window.events.ready = true },
      notifyQti3ItemReady() { window.events.item = true },
      notifyQti3EndAttemptCompleted(data) { window.events.done = data.state },
      notifyQti3ScoreAttemptCompleted(data) { window.events.done = data.state },
    }})})
}"""
# The player renders again only when the XML differs from the last it loaded: each load adds
# a comment of its own. With ``pairs``, the item is loaded with the state of the last attempt
# (kept in the page, where its records stay what the player made them) holding these pairs.
LOAD = """([xml, pairs]) => {
  const configuration = {guid: 'puente', status: 'interacting'};
  if (pairs) {
    configuration.state = window.events.done;
    configuration.state.responseVariables.find(v => v.identifier === 'RESPONSE').value = pairs;
  }
  window.events.item = false; window.events.done = null;
  window.loads = (window.loads || 0) + 1;
  window.player.loadItemFromXml(`${xml}<!-- load ${window.loads} -->`, configuration);
}"""


@pytest.fixture
def player(browser):
    missing = [path for path in (PLAYER / "qti3Player.umd.min.js", VUE) if not path.exists()]
    if missing:
        pytest.fail(f"{missing[0]} is missing: run `make install-dev` (npm ci)")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Nothing leaves the machine: the page is served here, every other request is refused.
    page.route(
        "**/*",
        lambda route: (
            route.fulfill(body=PAGE, content_type="text/html")
            if route.request.url == ORIGIN
            else route.abort()
        ),
    )
    page.goto(ORIGIN)
    page.add_script_tag(path=str(VUE))
    page.add_script_tag(path=str(PLAYER / "qti3Player.umd.min.js"))
    page.add_style_tag(path=str(PLAYER / "qti3Player.css"))
    page.evaluate(MOUNT)
    page.wait_for_function("window.events.ready")
    yield page
    assert errors == []
    page.close()


def load(page, xml: str, pairs=None) -> None:
    page.evaluate(LOAD, [xml, pairs])
    page.wait_for_function("window.events.item")


def finish(page, action: str = "endAttempt") -> dict:
    page.evaluate(f"() => window.player.{action}('puente')")
    page.wait_for_function("window.events.done")
    state = page.evaluate("window.events.done")
    return {variable["identifier"]: variable["value"] for variable in state["outcomeVariables"]}


def click_choices(page, texts: list[str]) -> None:
    for text in texts:
        page.locator(".qti-simple-choice").filter(
            has=page.locator(".qti-choice-description", has_text=text)
        ).first.click()


def answer(page, xml: str, portable, key: bool) -> dict:
    """Play the item once, answering with the key or a wrong answer; its outcomes."""
    load(page, xml)
    kind = portable.kind
    choices = portable.choices
    if kind == "true_false":
        click_choices(page, ["True" if portable.answer == key else "False"])
    elif kind in ("single", "situational"):
        chosen = [c.text for c in choices if c.fraction == (1 if key else 0)][:1]
        click_choices(page, chosen)
    elif kind == "multiple":
        click_choices(page, [c.text for c in choices if (c.fraction > 0) == key])
    elif kind == "short":
        text = next(c.text for c in choices if c.fraction == 1) if key else "zzz-wrong"
        page.locator(".qti-text-entry-interaction input").fill(text)
    elif kind == "numeric":
        number = portable.answer if key else portable.answer + portable.tolerance + 100
        page.locator(".qti-text-entry-interaction input").fill(str(number))
    elif kind == "matching":
        return match(page, xml, [c for c in choices if c.text], key)
    else:
        raise AssertionError(kind)
    return finish(page)


def match(page, xml: str, pairs, key: bool) -> dict:
    """The player's saved-state route: the pairs, named by the identifiers the player shows
    for each text, handed back as the item state and scored by its response processing."""

    def identifier(side: str, text: str) -> str:
        return page.locator(
            f".qti-simple-associable-choice.{side}", has_text=text
        ).first.get_attribute("data-identifier")

    sources = [identifier("source", pair.text) for pair in pairs]
    targets = [identifier("target", pair.match) for pair in pairs]
    if not key:
        targets = targets[1:] + targets[:1]
    finish(page)  # an empty attempt, whose state is then given the pairs
    load(page, xml, [f"{s} {t}" for s, t in zip(sources, targets, strict=True)])
    return finish(page, "scoreAttempt")


def test_exported_items_score_full_marks_for_the_key_and_zero_for_a_wrong_answer(player):
    author = UserFactory(roles=[Role.INSTRUCTOR])
    for kind in EXCHANGEABLE:
        make_item(kind, name=f"EPP {kind}")
    exported = questions_export(
        items=items_for_exchange(), file_format="qti3", language="en", actor=author
    )
    assert exported.skipped == []
    package = zipfile.ZipFile(io.BytesIO(exported.content))
    cases = []
    for item in items_for_exchange():
        portable = item_types.to_portable(item_content(item), "en")
        portable.kind = item.kind
        xml = package.read(f"items/item-{item.key}.xml").decode()
        assert "ns0:" not in xml  # the body's XHTML is in the QTI 3.0 namespace
        cases.append((item.kind, xml, portable))

    scores = {}
    for kind, xml, portable in cases:
        if kind == "essay":
            # Graded by a person: the player shows the answer box and scores nothing.
            load(player, xml)
            assert player.locator(
                ".qti-extended-text-interaction textarea, "
                ".qti-extended-text-interaction [contenteditable]"
            ).count()
            scores[kind] = finish(player).get("SCORE")
            continue
        full = answer(player, xml, portable, key=True)
        wrong = answer(player, xml, portable, key=False)
        scores[kind] = (full["SCORE"], wrong["SCORE"])

    played = {kind: value for kind, value in scores.items() if kind != "essay"}
    assert {
        kind: (round(float(full), 6), float(wrong)) for kind, (full, wrong) in played.items()
    } == dict.fromkeys(played, (1.0, 0.0))
    assert set(scores) == set(EXCHANGEABLE)
    assert float(scores["essay"] or 0) == 0
