"""Django's {# … #} comment holds one line only: one that spans lines is printed on the
page as text. A comment over several lines is {% comment %} … {% endcomment %}."""

from pathlib import Path

from django.conf import settings


def test_no_template_has_a_one_line_comment_over_several_lines():
    found = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            rest = line
            while "{#" in rest:
                rest = rest[rest.index("{#") + 2 :]
                if "#}" not in rest:
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
                    break
                rest = rest[rest.index("#}") + 2 :]
    assert not found, "A {# comment #} must close on its line (Django prints it): " + ", ".join(
        found
    )
