"""Look for text in a page as the page shows it.

Templates escape every value they print: a factory-made "Catharina van 't Riet" reaches
the page as "Catharina van &#x27;t Riet". A test that looks for the raw value fails only
when the factory happens to make such a name, and a test that checks a value is absent
passes for nothing. These helpers escape what they look for, as the template does
(django.utils.html.escape). tests/test_text_assertions.py keeps tests from comparing a
non-literal with page HTML in any other way.
"""

import re

from django.utils.html import escape

TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def html_of(page) -> str:
    """The HTML of `page`: a response (its content, decoded) or the HTML as a string."""
    if isinstance(page, str):
        return page
    if isinstance(page, bytes):
        return page.decode()
    return page.content.decode()


def shows(page, text) -> bool:
    """Whether `page` holds `text` as a template prints it (escaped)."""
    return escape(text) in html_of(page)


def assert_shows(page, text) -> None:
    """`page` (a response or its HTML) shows `text` as a template prints it."""
    __tracebackhide__ = True
    html = html_of(page)
    if escape(text) not in html:
        raise AssertionError(
            f"the page does not show {str(text)!r} (looked for {escape(text)!r}); "
            f"it reads: {_excerpt(html)}"
        )


def assert_not_shows(page, text) -> None:
    """`page` (a response or its HTML) shows `text` neither escaped, as a template prints
    it, nor raw (which would be worse: printed without escaping)."""
    __tracebackhide__ = True
    html = html_of(page)
    for form in dict.fromkeys([escape(text), str(text)]):
        at = html.find(form)
        if at >= 0:
            raise AssertionError(
                f"the page shows {str(text)!r} (found {form!r}): "
                f"…{html[max(0, at - 80) : at + len(form) + 80]}…"
            )


def _excerpt(html: str, length: int = 300) -> str:
    """The start of the page's main text, tags left out, for a failure message."""
    main = html[max(0, html.find("<main")) :]
    words = SPACE.sub(" ", TAG.sub(" ", main)).strip()
    return words[:length] + ("…" if len(words) > length else "")
