"""The product packages import one way: no module imports itself round a circle.

The check reads the source with `ast` (scripts/check_imports.py, also run by
`make lint`); it needs no database."""

import importlib.util
import pathlib

SCRIPT = pathlib.Path(__file__).resolve().parent.parent / "scripts" / "check_imports.py"


def load_check():
    spec = importlib.util.spec_from_file_location("check_imports", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_module_imports_itself_round_a_circle():
    found, report = load_check().check()
    assert not found, report


def packages(check, root):
    """Empty product packages under root, for a made-up tree to check."""
    for package in check.PACKAGES:
        (root / package).mkdir()
        (root / package / "__init__.py").write_text("")


def test_a_cycle_is_found_and_named_with_the_imports_that_close_it(tmp_path):
    check = load_check()
    packages(check, tmp_path)
    (tmp_path / "makelaar" / "a.py").write_text("from makelaar import b\n")
    (tmp_path / "makelaar" / "b.py").write_text("def f():\n    from makelaar.a import x\n")
    (tmp_path / "signals" / "c.py").write_text("import makelaar.a\n")

    found, report = check.check(tmp_path, allowed={})

    assert found == [["makelaar.a", "makelaar.b"]]
    assert "makelaar.a -> makelaar.b\n" in report + "\n"
    assert "makelaar.b -> makelaar.a  (inside a function)" in report


def test_imports_that_point_one_way_pass(tmp_path):
    check = load_check()
    packages(check, tmp_path)
    (tmp_path / "makelaar" / "a.py").write_text("from . import b\n")
    (tmp_path / "makelaar" / "b.py").write_text("import os\n")
    (tmp_path / "signals" / "c.py").write_text("from makelaar import a, b\n")

    assert check.check(tmp_path, allowed={}) == ([], "")


def test_an_allowed_import_in_a_function_passes_until_it_is_gone(tmp_path):
    check = load_check()
    packages(check, tmp_path)
    (tmp_path / "makelaar" / "a.py").write_text("from makelaar import b\n")
    (tmp_path / "makelaar" / "b.py").write_text("def f():\n    from makelaar.a import x\n")
    allowed = {("makelaar.b", "makelaar.a"): "a reason"}

    assert check.check(tmp_path, allowed=allowed) == ([], "")

    (tmp_path / "makelaar" / "b.py").write_text("from makelaar.a import x\n")  # now at the top
    found, report = check.check(tmp_path, allowed=allowed)
    assert ["makelaar.a", "makelaar.b"] in found
    assert "no longer imported in a function:\n  makelaar.b -> makelaar.a" in report
