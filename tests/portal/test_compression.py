"""Pages travel compressed to browsers that accept gzip (portal/compression.py); binary files do not."""

import gzip

import pytest
from django.urls import reverse

from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_a_page_is_sent_gzipped_to_a_browser_that_accepts_it(client):
    plain = client.get(reverse("login"))
    compressed = client.get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    html = gzip.decompress(compressed.content).decode()
    assert 'name="username"' in html
    assert len(compressed.content) < len(plain.content) / 2


def test_the_random_padding_makes_two_answers_to_one_page_differ_in_length(client):
    # Django pads each gzip answer with up to 100 random bytes (a BREACH mitigation); 8 answers of one page
    # all the same length would mean the padding is gone.
    lengths = {len(client.get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(8)}
    assert len(lengths) > 1


def test_a_workbook_is_not_compressed_again(staff_client):
    campaign = CampaignFactory()
    response = staff_client.get(reverse("portal:report_xlsx", args=[campaign.code]), HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Content-Encoding" not in response
