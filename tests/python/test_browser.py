"""What people open in a browser, opened in a real one (Debian's Chromium driven by Playwright):
the static dbt docs site shows the lineage and lead_scores' columns; the report renders, its
figures equal the marts and every chart is a non-blank image. Screenshots go to target/browser/.

Without a `chromium` on PATH (`make test` installs it as root on Debian) every test here is
skipped with one line saying so."""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_ROOT, DbtProject, published_sample
from report import QUERIES
from report import main as write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = PROJECT_ROOT / "target" / "browser"
pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="no chromium on PATH: as root on Debian `make test-integration` installs it"
    ),
    pytest.mark.integration,
    pytest.mark.xdist_group("browser"),
]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtProject, Path]:
    return published_sample(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser.new_page(viewport={"width": 1400, "height": 1000})
        browser.close()


def test_the_docs_site_shows_lineage_and_lead_scores_columns(published, page) -> None:
    project, _ = published
    project.dbt("docs", "generate", "--static", vars={"raw_path": str(PROJECT_ROOT / "data" / "sample")})
    site = project.root / "target" / "static_index.html"
    assert site.is_file()
    page.goto(f"{site.as_uri()}#!/model/model.lead_scoring.lead_scores", timeout=120_000)
    page.get_by_text("score_rank", exact=True).first.wait_for(timeout=60_000)
    for column in ("lead_id", "total_score", "tier", "tier_since", "score_grade"):
        assert page.get_by_text(column, exact=True).count() > 0, column
    page.screenshot(path=SCREENSHOTS / "docs_lead_scores.png", full_page=True)
    # The lineage graph of lead_scores: its parents and children drawn on the graph's canvas.
    page.get_by_title("View Lineage Graph").first.click(timeout=30_000)
    page.locator("canvas").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2_000)
    page.screenshot(path=SCREENSHOTS / "docs_lineage.png")
    assert page.get_by_text("Lineage Graph", exact=True).first.is_visible()
    assert page.locator("canvas").count() > 0


def _non_blank(data_uri: str) -> bool:
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1]))).convert("L")
    low, high = image.getextrema()
    return image.width > 100 and image.height > 100 and high - low > 50


def test_the_report_renders_with_the_marts_figures(published, page, tmp_path: Path) -> None:
    _, bi_path = published
    out = tmp_path / "lead_scoring.html"
    write_report(["--source", str(bi_path), "--out", str(out)])
    assert "http://" not in out.read_text() and "https://" not in out.read_text()  # self-contained
    page.goto(out.as_uri())
    page.screenshot(path=SCREENSHOTS / "report.png", full_page=True)
    with duckdb.connect(str(bi_path), read_only=True) as connection:
        leads, mqls = connection.execute(
            "select count(*), sum(case when is_mql then 1 else 0 end) from main.lead_scores"
        ).fetchone()
        by_tier = connection.execute(QUERIES["conversion_by_tier"][1]).fetchall()
        rejected = connection.execute(QUERIES["rejected"][1]).fetchall()
    assert page.locator("#leads_scored").inner_text() == str(leads)
    assert page.locator("#mqls").inner_text() == str(mqls)
    # A figure's table holds the mart's rows, cell by cell as the browser shows them.
    rows = page.locator("table[data-section='conversion_by_tier'] tr").all_inner_texts()[1:]
    assert by_tier and [r.split("\t") for r in rows] == [[str(v) for v in row] for row in by_tier]
    rows = page.locator("table[data-section='rejected'] tr").all_inner_texts()[1:]
    assert [r.split("\t") for r in rows] == [[str(v) for v in row] for row in rejected]
    # Every chart loaded in the browser and is a picture, not a blank canvas.
    # Seven charts; a section whose mart is still empty says so instead (here: calibration, as the
    # one matured cohort was scored before any probability model existed).
    images = page.locator("img")
    assert images.count() + page.locator("p.empty").count() == 7
    assert images.count() >= 6
    for index in range(images.count()):
        image = images.nth(index)
        assert image.evaluate("i => i.complete && i.naturalWidth > 0"), image.get_attribute("alt")
        assert _non_blank(image.get_attribute("src")), image.get_attribute("alt")
