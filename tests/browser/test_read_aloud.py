"""Reading aloud with the device's own voice, in a real browser. speechSynthesis is
replaced by a fake (page.add_init_script) that has the voices a test gives it and records
what it is asked to say."""

import json

import pytest
from playwright.sync_api import expect

from tests.factories import make_service

FAKE_SPEECH = """(voices => {
  const listeners = [];
  window.spoken = [];
  const fake = {
    getVoices: () => voices,
    speak: utterance => window.spoken.push({text: utterance.text, lang: utterance.lang,
                                           voice: utterance.voice && utterance.voice.name}),
    cancel: () => {},
    addEventListener: (name, listener) => listeners.push(listener),
    loadVoices: more => { voices.push(...more); listeners.forEach(l => l()); },
  };
  Object.defineProperty(window, "speechSynthesis", {value: fake, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})(%s);"""


def fake_speech(page, voices):
    page.add_init_script(FAKE_SPEECH % json.dumps(voices))


FRENCH = {"name": "Amélie", "lang": "fr-FR", "localService": True}


@pytest.fixture
def site(transactional_db, live_server, reference):
    food = make_service(
        "Colis du mardi",
        categories=["alimentation"],
        description_fr="Un colis de nourriture chaque mardi.",
        how_to_access_fr="Venez avec votre carte d'identité.",
    )
    return {"url": live_server.url, "food": food}


def listen_button(page):
    return page.locator("article.service button.listen")


def test_listen_button_reads_the_service_aloud_in_the_page_language(page, site):
    fake_speech(page, [FRENCH])
    page.goto(f"{site['url']}/fr/services/{site['food'].slug}/")

    button = listen_button(page)
    expect(button).to_be_visible()
    expect(button).to_have_accessible_name("Écouter: Colis du mardi")
    button.click()

    spoken = page.evaluate("window.spoken")
    assert len(spoken) == 1 and spoken[0]["lang"] == "fr" and spoken[0]["voice"] == "Amélie"
    text = spoken[0]["text"]
    for part in ["Colis du mardi", "Un colis de nourriture chaque mardi.", "carte d'identité"]:
        assert part in text
    assert text.index("Colis du mardi") < text.index("Un colis de nourriture")
    assert "Rue de Test 1" in text
    expect(button).to_have_text("Arrêter")
    button.click()
    expect(button).to_have_text("Écouter")


def test_listen_button_appears_when_the_voices_load_late(page, site):
    fake_speech(page, [])
    page.goto(f"{site['url']}/fr/services/{site['food'].slug}/")
    expect(listen_button(page)).to_be_hidden()

    page.evaluate("voices => speechSynthesis.loadVoices(voices)", [FRENCH])

    expect(listen_button(page)).to_be_visible()


@pytest.mark.parametrize(
    "voices",
    [
        [],
        [{"name": "Daniel", "lang": "en-GB", "localService": True}],
        # A voice that sends the text to a server is not the device's own.
        [{"name": "Google français", "lang": "fr-FR", "localService": False}],
    ],
)
def test_no_listen_button_without_a_voice_of_the_device_in_the_page_language(page, site, voices):
    fake_speech(page, voices)
    page.goto(f"{site['url']}/fr/services/{site['food'].slug}/")
    page.wait_for_load_state("load")

    expect(listen_button(page)).to_be_hidden()
    expect(page.locator(".category-grid button.listen")).to_have_count(0)


def test_no_listen_button_without_javascript(chromium, site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site['url']}/fr/services/{site['food'].slug}/")

    expect(page.locator("h1")).to_have_text("Colis du mardi")
    expect(listen_button(page)).to_be_hidden()
    context.close()


def test_each_category_explanation_can_be_heard_on_the_home_page(page, site):
    fake_speech(page, [{"name": "Ellen", "lang": "nl-BE", "localService": True}])
    page.goto(f"{site['url']}/nl/")

    tile = page.locator(".category-grid li").filter(has_text="Voedselhulp")
    tile.locator("button.listen").click()

    spoken = page.evaluate("window.spoken")
    explanation = tile.locator("a span").inner_text()
    assert spoken == [{"text": f"Voedselhulp. {explanation}", "lang": "nl", "voice": "Ellen"}]
    assert explanation.endswith(".")
