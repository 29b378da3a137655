"""The donor report PDF (WeasyPrint): figures written as each language writes them, column headers never
broken inside a word, table headers repeated on a new page, nothing fetched from the network, and every
page of the demo campaign's report rendered to tests/artifacts/ for a person to look at."""

import io
import json
import socket
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from fileformats.pdf import FONT_DIR
from portal.reports.payload import build_report
from portal.reports.pdf import TABLE_COLUMNS, LocalFilesOnly, figure, html_to_pdf, report_pdf
from trainings.models import Campaign

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
DECIMAL = {"en": ".", "ru": ",", "ky": ","}


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def report(client, campaign, language) -> bytes:
    response = client.get(reverse("portal:report_pdf", args=[campaign.code]), {"lang": language})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def stats_summary(campaign):
    out = StringIO()
    call_command("stats_summary", campaign=campaign.code, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def local(value: float, places: int, language: str) -> str:
    """`value` rounded as the language writes it, worked out here without Django's formats."""
    return f"{value:.{places}f}".replace(".", DECIMAL[language])


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_key_figures_are_written_as_the_language_writes_numbers(staff_client, report_campaign, language):
    text = " ".join(" ".join(page.split()) for page in page_texts(report(staff_client, report_campaign, language)))
    expected = stats_summary(report_campaign)
    for key in ("knowledge_growth_pct", "pre_mean_pct", "post_mean_pct", "women_pct", "coverage_pct"):
        assert f"{local(expected[key], 1, language)}%" in text, key
    assert local(expected["cohens_dz"], 2, language) in text
    assert local(expected["abs_gain_pp"], 1, language) in text
    low, high = expected["ci95_abs_gain_pp"]
    assert f"{local(low, 1, language)} – {local(high, 1, language)}" in text
    if language != "en":  # no figure written the English way on a Kyrgyz or Russian page
        assert f"{expected['knowledge_growth_pct']:.1f}%" not in text


def test_thousands_and_p_values_are_written_as_the_language_writes_them():
    written = {}
    for language in ("ky", "ru", "en"):
        with translation.override(language):
            written[language] = (figure(1052, "count"), figure(0.0004, "p"), figure(0.04567, "p"))
    assert written["en"] == ("1,052", "< 0.001", "0.046")
    assert written["ru"] == ("1\xa0052", "< 0,001", "0,046")
    assert written["ky"] == ("1\xa0052", "< 0,001", "0,046")


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_column_headers_are_never_broken_inside_a_word(staff_client, report_campaign, language):
    content = report(staff_client, report_campaign, language)
    text = "\n".join(page_texts(content))
    labels = {item["key"]: item["label"] for item in build_report(report_campaign, language)["definitions"]}
    words = {word for key, _kind in TABLE_COLUMNS for word in labels[key].split() if len(word) > 3}
    for word in words:
        assert word in text, word
        for cut in range(2, len(word) - 1):
            if word[cut - 1] != "-":  # a line may end after a word's own hyphen (пре-|теста)
                for broken in (f"{word[:cut]}\n{word[cut:]}", f"{word[:cut]}-\n{word[cut:]}"):
                    assert broken not in text, broken


def test_long_tables_repeat_their_header_row_on_each_page(report_campaign):
    payload = build_report(report_campaign, "en")
    template = payload["breakdowns"]["session"][0]
    payload["breakdowns"]["session"] = [{**template, "key": f"X{n:03d}", "label": f"X{n:03d}"} for n in range(140)]
    pages = page_texts(report_pdf(payload))
    with_sessions = [page for page in pages if "X139" in page or "X070" in page or "X000" in page]
    assert len(with_sessions) >= 3  # the session table runs over several pages
    for page in with_sessions:
        assert "Matched\npairs" in page or "Matched pairs" in page
        assert "Knowledge\ngrowth" in page or "Knowledge growth" in page


def test_fetcher_hands_out_only_the_report_fonts(tmp_path):
    fetcher = LocalFilesOnly()
    font = fetcher.fetch((FONT_DIR / "DejaVuSans.ttf").as_uri())
    assert font.read(4) == b"\x00\x01\x00\x00"
    font.close()
    secret = tmp_path / "secret.txt"
    secret.write_text("no")
    for url in ("http://127.0.0.1/x.css", "https://example.org/font.ttf", "ftp://example.org/x",
                secret.as_uri(), (FONT_DIR / ".." / "pdf.py").as_uri()):  # fmt: skip
        with pytest.raises(ValueError, match="may only read its own files"):
            fetcher.fetch(url)


def test_html_with_remote_resources_fetches_nothing():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        content = html_to_pdf(f'<link rel="stylesheet" href="{base}/x.css"><img src="{base}/logo.png">'
                              f'<p style="background: url({base}/bg.png)">Салам</p>')  # fmt: skip
    finally:
        server.shutdown()
    assert content.startswith(b"%PDF")
    assert hits == []


def test_report_opens_no_network_connection(report_campaign, monkeypatch):
    payload = build_report(report_campaign, "ky")
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("no network while drawing a report")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *args, **kwargs: refuse(None, address))
    assert report_pdf(payload).startswith(b"%PDF")
    assert attempts == []


def test_frozen_report_pdf_is_drawn_by_the_same_renderer(staff_client, report_campaign):
    staff_client.post(reverse("portal:report_freeze", args=[report_campaign.code]), {"language": "ru"})
    frozen = report_campaign.frozen_reports.get()
    texts = page_texts(staff_client.get(reverse("portal:frozen_pdf", args=[frozen.pk])).content)
    text = " ".join(" ".join(page.split()) for page in texts)
    expected = stats_summary(report_campaign)
    assert f"{local(expected['knowledge_growth_pct'], 1, 'ru')}%" in text
    with translation.override("ru"):
        assert gettext("Frozen report of %(when)s.").split("%")[0].strip() in text
    assert texts[0].rstrip().endswith(f"1 / {len(texts)}")  # running footer with page numbers


@pytest.mark.slow
@pytest.mark.once
def test_demo_report_every_page_rendered(staff_client):
    """The demo campaign (seed_demo) in ky, ru and en: every page to tests/artifacts/report-<lang>-N.png."""
    call_command("load_reference_data", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    campaign = Campaign.objects.get(code="VOICE-2021")
    ARTIFACTS.mkdir(exist_ok=True)
    for language in ("ky", "ru", "en"):
        payload = build_report(campaign, language)
        content = report_pdf(payload)
        pages = page_texts(content)
        for number, page in enumerate(pages, 1):  # the running footer: campaign name and page number
            assert page.rstrip().endswith(f"{number} / {len(pages)}")
            assert payload["campaign"]["name"][:20] in page
        for old in ARTIFACTS.glob(f"report-{language}-*.png"):
            old.unlink()
        pdf_path = ARTIFACTS / f"report-{language}.pdf"
        pdf_path.write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf_path), str(ARTIFACTS / f"report-{language}")],
                       check=True)  # fmt: skip
        assert len(list(ARTIFACTS.glob(f"report-{language}-*.png"))) == len(pages)
