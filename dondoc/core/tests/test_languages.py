"""Vietnamese first, English as a real second language: a complete catalogue, compiled as committed, and pages
whose words (menus, labels, buttons, column names) all switch to English."""

import gettext
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from dondoc.tests.components import require

LOCALE = Path(settings.BASE_DIR) / "dondoc" / "locale"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
VIETNAMESE = re.compile(r"[À-ỹĐđ]")
# Rendered without a request (e-mails, the server error and outage pages): always Vietnamese.
NOT_TRANSLATED = {"500.html", "503.html", "base_plain.html", "email.html"}


def untranslated_text(template: str) -> list[str]:
    """The Vietnamese words of a template outside the translation tags and the variables."""
    text = re.sub(r"\{% blocktranslate.*?\{% endblocktranslate %\}", "", template, flags=re.S)
    text = re.sub(r"\{% translate .*?%\}|\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S)
    # The language switch names each language in its own words.
    text = text.replace("Tiếng Việt", "")
    return [line.strip() for line in text.splitlines() if VIETNAMESE.search(line)]


def test_every_word_of_the_templates_goes_through_the_catalogue():
    leftovers = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        if path.name in NOT_TRANSLATED or "email" in path.parts:
            continue
        found = untranslated_text(path.read_text())
        if found:
            leftovers[str(path.relative_to(TEMPLATES))] = found
    assert not leftovers


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of a .po file, plural forms joined."""
    entries, msgid, msgstr, fuzzy, field = [], None, [], False, None
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if msgid is not None:
                entries.append((msgid, "".join(msgstr), fuzzy))
            msgid, msgstr, fuzzy, field = None, [], False, None
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("msgid "):
            msgid, field = line[6:].strip('"'), "id"
        elif line.startswith("msgid_plural"):
            field = "plural"
        elif line.startswith("msgstr"):
            msgstr.append(line.split(" ", 1)[1].strip('"'))
            field = "str"
        elif line.startswith('"'):
            if field == "id":
                msgid += line.strip('"')
            elif field == "str":
                msgstr[-1] += line.strip('"')
    return [e for e in entries if e[0]]


def test_the_english_catalogue_is_complete():
    entries = _entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 900
    assert [m for m, s, fuzzy in entries if not s or fuzzy] == []
    # Placeholders survive translation: what the Vietnamese says with %(name)s the English says too.
    for msgid, msgstr, _fuzzy in entries:
        assert set(re.findall(r"%\(\w+\)[sd]", msgid)) <= set(re.findall(r"%\(\w+\)[sd]", msgstr)), msgid


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_committed_catalogues_are_compiled_from_their_sources(language, tmp_path):
    require(shutil.which("msgfmt") is not None, "GNU gettext (msgfmt, Debian package gettext)")
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(folder / "django.po")], check=True)
    with fresh.open("rb") as new, (folder / "django.mo").open("rb") as committed:
        assert gettext.GNUTranslations(new)._catalog == gettext.GNUTranslations(committed)._catalog, (
            "run `dondoc compilemessages` and commit the .mo files")


class _Words(HTMLParser):
    """The words people act on: menu links, labels, buttons, column names, field names, tiles."""

    WATCHED = {"label", "button", "th", "dt", "legend", "summary"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.words: list[str] = []
        self.in_nav = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            self.in_nav += 1
        classes = (attrs.get("class") or "").split()
        self.stack.append("watch" if tag in self.WATCHED or "tile-label" in classes or self.in_nav else tag)

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_nav -= 1
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if "watch" in self.stack and data.strip():
            self.words.append(data.strip())


def test_pages_read_in_english_after_the_switch(client, registry, program, monitor, officer, leader):
    from dondoc.submissions import services as submissions

    plan = program["plan"].assignments.get(unit=registry["hanoi"])
    submissions.submission_create(assignment=plan, kind="plan_issued", by=officer, doc_number="5/KH",
                                  doc_date=program["document"].date, text="Kế hoạch")
    doc, task = program["document"], program["plan"]
    pages = {
        officer: ["/", "/nhiem-vu/", f"/nhiem-vu/{plan.pk}/", "/thong-bao/", "/tai-khoan/", "/nhac-viec/gia-han/"],
        monitor: ["/", "/theo-doi/", f"/theo-doi/chuong-trinh/{doc.pk}/", f"/theo-doi/nhiem-vu/{task.pk}/",
                  f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/", f"/van-ban/{doc.pk}/",
                  f"/van-ban/{doc.pk}/giao-nhiem-vu/", "/nhiem-vu/cho-xem-xet/", "/phat-hanh/tao/",
                  "/phat-hanh/giao-ban/moi/", "/nhat-ky/", "/don-vi/", "/doc-van-ban/", "/khong-co-trang/"],
        leader: ["/", "/van-ban/", f"/don-vi/{registry['hanoi'].pk}/"],
    }
    problems = []
    for person, urls in pages.items():
        browser = Client()
        browser.force_login(person)
        switched = browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert switched.status_code == 302
        for url in urls:
            response = browser.get(url)
            assert response["Content-Language"] == "en" and '<html lang="en">' in response.content.decode()
            parser = _Words()
            parser.feed(response.content.decode())
            # Names of units and people are data, not words of the interface.
            words = [w for w in parser.words if VIETNAMESE.search(w) and not _data(w, registry, person)]
            if words:
                problems.append((url, words))
    assert problems == []
    # Vietnamese stays the default for everyone who has not chosen.
    fresh = Client(HTTP_ACCEPT_LANGUAGE="en")
    fresh.force_login(officer)
    assert '<html lang="vi">' in fresh.get("/").content.decode()


def _data(word: str, registry, person) -> bool:
    names = [u.name for u in registry.values()] + [u.label for u in registry.values()]
    return any(name and name in word for name in names) or word in ("Tiếng Việt",) or (
        person.get_full_name() and person.get_full_name() in word)


def test_the_api_answers_in_the_language_asked(client, officer):
    client.force_login(officer)
    english = client.get("/api/assignments/?ngay=31-02-2021", HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.get("/api/assignments/?ngay=31-02-2021")
    assert english.status_code == vietnamese.status_code == 400
    assert english["Content-Language"] == "en" and vietnamese["Content-Language"] == "vi"
