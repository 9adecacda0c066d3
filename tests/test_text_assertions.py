"""Tests look for values in a page as the page shows them: escaped (tests/text.py).

A template prints "Catharina van 't Riet" as "Catharina van &#x27;t Riet". A test that
looks for the raw value in the HTML fails only when a factory happens to make such a name,
and one that checks a value is absent passes for nothing. So this test reads every module
under tests/ and refuses, inside an `assert`, a comparison `left in page` or
`left not in page` unless `left` is one of:

- a string (or bytes) literal holding none of & < > " ' (plain text, the same escaped);
- a literal with a tag (`<td`), an attribute (`value="`) or an entity (`&amp;`): it looks
  for the page's markup itself, quotes and all;
- an `escape(...)` call, or an f-string whose text is such a literal and whose every value
  is `escape(...)`.

Anything else (a model field, a factory value, a constant, a parameter, an f-string with a
plain variable) goes through tests.text.assert_shows / assert_not_shows, which escape it.

`page` is page HTML when it is, after taking off slices and string methods
(`html.split(...)[1]`, `.lower()`):
- a response's content: `x.content`, `x.content.decode()`, `x.text` (but `caplog.text`,
  a log, and `.decode("utf-8-sig")`, a CSV download, are not), or Playwright's
  `page.content()`;
- a name holding "html", or one of page, fragment, preview, listed, content, body;
- a call of a function whose name holds "html" or starts with "text_of", or of `page(...)`;
- a name the same function assigned from page HTML (`row = html[start:]`).
"""

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent

#: Characters django.utils.html.escape replaces.
ESCAPED = set("&<>\"'")
#: A literal with a tag, an attribute or an entity looks for markup, not for text.
MARKUP = re.compile(r"[<>]|\w=[\"']|&#?\w+;")
HTML_NAMES = re.compile(r"html|^(page|fragment|preview|listed|content|body)$")
HTML_FUNCTIONS = re.compile(r"html|^text_of|^page$")
STRING_METHODS = {"split", "rsplit", "partition", "lower", "casefold", "strip", "replace"}

#: (module, the comparison as ast.unparse writes it) -> why it may stay as it is.
EXEMPT: dict[tuple[str, str], str] = {
    (
        "tests/reporting/test_portfolio.py",
        "f'<th scope=\"row\">{month:%-d}' not in html",
    ): "markup around a day number, which has nothing to escape",
    (
        "tests/tooling/test_demo_history.py",
        "verb.value in line.text",
    ): "a history line's sentence as the code builds it (plain text, not page HTML)",
}


def is_page_html(node: ast.expr, html_names: set[str]) -> bool:
    while True:
        if isinstance(node, ast.Subscript):
            node = node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in STRING_METHODS
        ):
            node = node.func.value
        else:
            break
    if isinstance(node, ast.Name):
        return bool(HTML_NAMES.search(node.id)) or node.id in html_names
    if isinstance(node, ast.Attribute):
        if node.attr == "text":
            return not (isinstance(node.value, ast.Name) and node.value.id == "caplog")
        return node.attr == "content"
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "decode":
            csv = any(isinstance(a, ast.Constant) and a.value == "utf-8-sig" for a in node.args)
            return not csv and is_page_html(func.value, html_names)
        if isinstance(func, ast.Attribute):
            return func.attr == "content"
        if isinstance(func, ast.Name):
            return bool(HTML_FUNCTIONS.search(func.id))
    return False


def is_escape_call(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id == "escape")
        or (isinstance(node.func, ast.Attribute) and node.func.attr == "escape")
    )


def is_safe_literal(value) -> bool:
    text = value.decode() if isinstance(value, bytes) else value
    return not ESCAPED & set(text) or bool(MARKUP.search(text))


def looks_for_what_the_page_shows(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return is_safe_literal(node.value)
    if isinstance(node, ast.JoinedStr):
        literal = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        values = [part.value for part in node.values if isinstance(part, ast.FormattedValue)]
        return is_safe_literal(literal) and all(map(is_escape_call, values))
    return is_escape_call(node)


def names_assigned_from_html(function: ast.AST, outer: set[str]) -> set[str]:
    names = set(outer)
    assignments = [
        (target.id, node.value)
        for node in ast.walk(function)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    grew = True
    while grew:
        new = {name for name, value in assignments if is_page_html(value, names)} - names
        names |= new
        grew = bool(new)
    return names


def faulty_comparisons(tree: ast.AST):
    """(line, source) of each comparison of a non-literal with page HTML in an assert."""

    def visit(node: ast.AST, html_names: set[str]):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            html_names = names_assigned_from_html(node, html_names)
        if isinstance(node, ast.Assert):
            for compare in ast.walk(node.test):
                if not isinstance(compare, ast.Compare):
                    continue
                left = compare.left
                for op, right in zip(compare.ops, compare.comparators, strict=True):
                    if (
                        isinstance(op, (ast.In, ast.NotIn))
                        and is_page_html(right, html_names)
                        and not looks_for_what_the_page_shows(left)
                    ):
                        yield compare.lineno, ast.unparse(compare)
                    left = right
            return
        for child in ast.iter_child_nodes(node):
            yield from visit(child, html_names)

    yield from visit(tree, set())


def test_tests_look_for_values_in_pages_escaped():
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        module = path.relative_to(TESTS.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=module)
        for line, source in faulty_comparisons(tree):
            if (module, source) not in EXEMPT:
                found.append(f"{module}:{line}: assert {source}")
    assert not found, (
        "These compare a value with page HTML as it is, but the page shows it escaped "
        "(van 't Riet is van &#x27;t Riet there); use tests.text.assert_shows / "
        "assert_not_shows (or escape() for markup):\n" + "\n".join(found)
    )


def test_the_rule_catches_a_raw_value_and_lets_escaped_and_literal_ones_pass():
    faulty = """
def test_it(client, makelaar):
    html = client.get("/").content.decode()
    row = html[html.index("<tr"):]
    assert f"Portfolio van {makelaar}" in html
    assert makelaar.get_full_name() not in row
    assert "van 't Riet" in client.get("/").content.decode()
    assert str(makelaar) in html_of(client.get("/"))
    assert any(name in page.content() for name in names)
"""
    fine = """
def test_it(client, makelaar, caplog):
    html = client.get("/").content.decode()
    assert "Portfolio" in html and '<td class="number">6</td>' in html
    assert "&lt;script&gt;" in html and b"vera@example.org" not in client.get("/").content
    assert f'value="{escape(makelaar.username)}"' in html and escape(makelaar) in html
    assert makelaar.username in caplog.text
    assert makelaar.pk in {1, 2} and makelaar in team.members
"""
    assert [line for line, _ in faulty_comparisons(ast.parse(faulty))] == [5, 6, 7, 8, 9]
    assert list(faulty_comparisons(ast.parse(fine))) == []
