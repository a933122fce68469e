"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright never downloads a browser here: every launch names /usr/bin/chromium. The sync
API runs an event loop in the test thread, so Django's async-safety guard is relaxed for
the ORM calls tests make to set up data.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real browser against the live server")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps`.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def site(live_server, page):
    """The page, with a helper that opens a path on the live server."""
    page.set_default_timeout(15_000)

    def open_path(path):
        page.goto(live_server.url + path)
        return page

    open_path.url = live_server.url
    open_path.page = page
    return open_path


@pytest.fixture
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make browser-deps`.")
    return AXE.read_text()
