"""Helpers of the browser journeys: sign in, and check a page as a person on a desktop and on a phone would.

`check_page` runs axe-core (bundled in axe-playwright-python: nothing is downloaded) and fails on any
"serious" or "critical" violation, then renders the page 390 px wide and fails if it scrolls sideways.
"""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from dondoc.core.demo import PASSWORD

DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
_axe = Axe()


def sign_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def accessibility_problems(page) -> list[str]:
    results = _axe.run(page, options={"resultTypes": ["violations"], "runOnly": {
        "type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
                         " - window.innerWidth")


def check_page(page, problems: list[str]) -> None:
    """Record the accessibility violations of the current page, and whether it overflows 390 px wide."""
    where = page.url.split("://", 1)[-1].split("/", 1)[-1]
    problems += [f"/{where}: {p}" for p in accessibility_problems(page)]
    page.set_viewport_size(PHONE)
    try:
        wider = overflow(page)
        if wider > 0:
            culprits = page.evaluate("""() => [...document.querySelectorAll('main *, header *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 3)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className)""")
            problems.append(f"/{where}: {wider} px wider than a 390 px phone ({culprits})")
    finally:
        page.set_viewport_size(DESKTOP)


def visit(page, base: str, path: str, problems: list[str], status: int = 200) -> None:
    response = page.goto(base + path)
    if response is None or response.status != status:
        problems.append(f"{path}: HTTP {response.status if response else 'none'}, expected {status}")
    page.wait_for_load_state("domcontentloaded")
    check_page(page, problems)


def screenshot_home(page, base: str, folder: Path | None, role: str) -> None:
    """The role's home at desktop and at phone width, as small PNGs (256 colours), into `folder`."""
    if folder is None:
        return
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    page.goto(f"{base}/")
    for name, size, full in (("desktop", DESKTOP, False), ("phone", PHONE, True)):
        page.set_viewport_size(size)
        page.wait_for_timeout(100)
        path = folder / f"{role}-{name}.png"
        page.screenshot(path=str(path), full_page=full)
        with Image.open(path) as image:
            image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    page.set_viewport_size(DESKTOP)
