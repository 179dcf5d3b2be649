import os
import tempfile

import pytest

# Debian's Chromium (no browser download possible here); flags measured in TOOLING.md.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    home = tempfile.mkdtemp(prefix="dondoc-chromium-")
    os.environ.setdefault("HOME", home)
    os.environ.setdefault("XDG_CONFIG_HOME", home)
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "accept_downloads": True}
