"""What browser tests do as a person would: log in through the form, choose a language, measure the page."""

from django.urls import reverse
from playwright.sync_api import expect

PASSWORD = "secret-pass-123"  # the personas' password (tests/conftest.py)
PHONE = {"width": 360, "height": 740}  # the smallest phone the portal supports
DESKTOP = {"width": 1280, "height": 800}


def log_in(page, base_url, username, password=PASSWORD):
    """Log in through the login form and wait for the home page."""
    page.goto(base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "/")
    return page


def choose_language(page, code):
    """Press the language's button in the footer's switcher, as a person does (it sets the language cookie)."""
    page.locator(f"form.language-switcher button[value={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def scroll_width(page) -> int:
    """How wide the page is: wider than the viewport means it scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth")
