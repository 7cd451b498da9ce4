"""Real articles as a browser saves them: every Russian and Ukrainian article of the evaluation sets,
its text verbatim inside the page furniture a news site prints around it (menus, share buttons,
related links, a subscription box, comments, a footer, scripts, JSON-LD metadata), served from
127.0.0.1 and read back through ``add-article``'s page reader.

The pages corpus keeps each article's text, not its original markup, so the furniture is ours; the
text, headline, date, outlet and address are the article's own (benchmarks/evaluation/*/sources.csv).
Reading a page must give the headline and the article's paragraphs, and nothing else, so that the evaluation table's
numbers, measured on the stored texts, hold for articles added from their pages.
"""

from __future__ import annotations

import csv
import functools
import html
import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser_support import serve_directory
from dashboard.curate.page import fetch, read_page

EVALUATION = Path(__file__).resolve().parent.parent / "benchmarks" / "evaluation"
LANGUAGES = ("ru", "uk")

FURNITURE = {
    "ru": {"menu": ["Главное", "Политика", "Экономика", "Происшествия", "Спорт", "Культура"],
           "share": "Поделиться", "related": "Читайте также", "subscribe": "Подпишитесь на нашу рассылку",
           "comments": "Комментарии (12)", "copyright": "Все права защищены. Использование материалов "
           "допускается только со ссылкой на источник.", "cookies": "Мы используем файлы cookie.",
           "stories": ["Погода на выходные: синоптики обещают жару", "Курс рубля на бирже вырос",
                       "В центре города открылась новая выставка"]},
    "uk": {"menu": ["Головне", "Політика", "Економіка", "Події", "Спорт", "Культура"],
           "share": "Поділитися", "related": "Читайте також", "subscribe": "Підпишіться на нашу розсилку",
           "comments": "Коментарі (7)", "copyright": "Усі права захищено. Використання матеріалів "
           "дозволено лише з посиланням на джерело.", "cookies": "Ми використовуємо файли cookie.",
           "stories": ["Погода на вихідні: синоптики обіцяють спеку", "Курс гривні на міжбанку зріс",
                       "У центрі міста відкрилася нова виставка"]},
}


def _articles() -> list[tuple[Path, dict]]:
    found = []
    for folder in sorted(EVALUATION.iterdir()):
        if (folder / "sources.csv").exists():
            with open(folder / "sources.csv", encoding="utf-8-sig", newline="") as fh:
                # A page is rebuilt only for an article whose address is known (its page had one).
                found += [(folder, row) for row in csv.DictReader(fh)
                          if row["language"] in LANGUAGES and row["url"]]
    return found


ARTICLES = _articles()


def saved_page(row: dict, text: str) -> str:
    """A news page around ``text``: the markup of a typical outlet's article page, saved whole."""
    words = FURNITURE[row["language"]]
    e = functools.partial(html.escape, quote=True)
    paragraphs = "\n".join(f"      <p>{e(line)}</p>" for line in text.splitlines() if line.strip())
    menu = "".join(f'<li><a href="/{i}/">{e(m)}</a></li>' for i, m in enumerate(words["menu"]))
    stories = "".join(f'<li><a href="/news/{i}.html">{e(s)}</a></li>' for i, s in enumerate(words["stories"]))
    meta = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": row["headline"],
            "datePublished": f"{row['published']}T09:30:00+03:00",
            "publisher": {"@type": "Organization", "name": row["outlet"]}}
    if row["author"]:
        meta["author"] = {"@type": "Person", "name": row["author"]}
    author = f'<meta name="author" content="{e(row["author"])}">' if row["author"] else ""
    byline = f'<span class="byline">{e(row["author"])}</span>' if row["author"] else ""
    ld = json.dumps(meta, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="{row['language']}">
<head>
  <meta charset="utf-8">
  <title>{e(row['headline'])} — {e(row['outlet'])}</title>
  <meta property="og:title" content="{e(row['headline'])}">
  <meta property="og:site_name" content="{e(row['outlet'])}">
  <meta property="article:published_time" content="{row['published']}T09:30:00+03:00">
  {author}
  <link rel="canonical" href="{e(row['url'])}">
  <script type="application/ld+json">{ld}</script>
  <script>var counter = {{site: 1}}; window.dataLayer = [];</script>
</head>
<body>
  <div class="cookie-banner">{e(words['cookies'])} <button>OK</button></div>
  <header><a class="logo" href="/">{e(row['outlet'])}</a><nav><ul>{menu}</ul></nav></header>
  <main>
    <article>
      <h1>{e(row['headline'])}</h1>
      <div class="meta"><time datetime="{row['published']}T09:30:00+03:00">{row['published']}</time> {byline}</div>
{paragraphs}
      <div class="share">{e(words['share'])}: <a href="#">VK</a> <a href="#">Telegram</a></div>
    </article>
    <aside class="related"><h2>{e(words['related'])}</h2><ul>{stories}</ul></aside>
    <section class="subscribe"><h2>{e(words['subscribe'])}</h2><form><input type="email"></form></section>
    <section class="comments"><h2>{e(words['comments'])}</h2></section>
  </main>
  <footer><p>© 2023 {e(row['outlet'])}. {e(words['copyright'])}</p></footer>
  <script src="/static/app.js"></script>
</body>
</html>
"""



@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Every article's saved page, served on 127.0.0.1 (an ephemeral port): {source_id: URL}."""
    root = tmp_path_factory.mktemp("site")
    for folder, row in ARTICLES:
        text = (folder / row["text_path"]).read_text(encoding="utf-8")
        (root / f"{row['source_id']}.html").write_text(saved_page(row, text), encoding="utf-8")
    with serve_directory(root) as url:
        yield url


def test_the_evaluation_sets_have_the_articles_this_checks():
    assert sum(row["language"] == "ru" for _, row in ARTICLES) >= 10
    assert sum(row["language"] == "uk" for _, row in ARTICLES) >= 10


@pytest.mark.parametrize("folder, row", ARTICLES, ids=[row["source_id"] for _, row in ARTICLES])
def test_a_saved_page_gives_the_article_and_nothing_else(site, folder, row):
    data, final = fetch(f"{site}/{row['source_id']}.html")
    page = read_page(data, final)
    text = (folder / row["text_path"]).read_text(encoding="utf-8")
    got = [line for line in page.text.splitlines() if line]
    assert got[0] == row["headline"]  # the headline comes first, as in the bundled articles
    # Some stored texts repeat the headline or print the byline on a line of its own (as their
    # pages did); the reader keeps the headline once and leaves out the byline.
    printed = {row["headline"], row["author"]}
    want = [line for line in (" ".join(line.split()) for line in text.splitlines()) if line and line not in printed]
    assert [line for line in got if line not in printed] == want
    words = FURNITURE[row["language"]]
    for furniture in (*words["stories"], words["subscribe"], words["copyright"], words["cookies"], "var counter"):
        assert furniture not in page.text
    assert page.headline == row["headline"]
    assert page.published.isoformat() == row["published"]
    # A page whose metadata names no site (the outlet is blank in the key) is named by its address.
    assert page.outlet == (row["outlet"] or urlparse(row["url"]).hostname.removeprefix("www."))
    assert (page.author or "") == row["author"]
    assert page.language == row["language"]
