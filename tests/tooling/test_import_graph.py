"""Our packages import one way: no module imports itself round a circle, and no layer
imports one above it (the base, initiatives, signals, reporting, the project, tooling).

The check reads the source with `ast` (tooling/lint/check_imports.py, also run by
`make lint`); it needs no database."""

import importlib.util
import pathlib

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "tooling" / "lint" / "check_imports.py"


def load_check():
    spec = importlib.util.spec_from_file_location("check_imports", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_module_imports_itself_round_a_circle():
    found, report = load_check().check()
    assert not found, report


def packages(check, root):
    """Empty packages under root (ours, and the base and reporting layers), for a
    made-up tree to check."""
    for package in (*check.PACKAGES, "makelaar/base", "makelaar/reporting"):
        (root / package).mkdir()
        (root / package / "__init__.py").write_text("")


def test_a_cycle_is_found_and_named_with_the_imports_that_close_it(tmp_path):
    check = load_check()
    packages(check, tmp_path)
    (tmp_path / "makelaar" / "base" / "a.py").write_text("from makelaar.base import b\n")
    base = tmp_path / "makelaar" / "base"
    (base / "b.py").write_text("def f():\n    from makelaar.base.a import x\n")
    (tmp_path / "signals" / "c.py").write_text("import makelaar.base.a\n")

    found, report = check.check(tmp_path, allowed={})

    assert found == [["makelaar.base.a", "makelaar.base.b"]]
    assert "makelaar.base.a -> makelaar.base.b\n" in report + "\n"
    assert "makelaar.base.b -> makelaar.base.a  (inside a function)" in report


def test_imports_that_point_one_way_pass(tmp_path):
    check = load_check()
    packages(check, tmp_path)
    (tmp_path / "makelaar" / "base" / "a.py").write_text("from . import b\n")
    (tmp_path / "makelaar" / "base" / "b.py").write_text("import os\n")
    (tmp_path / "signals" / "c.py").write_text("from makelaar.base import a, b\n")

    assert check.check(tmp_path, allowed={}) == ([], "")


def test_an_allowed_import_in_a_function_passes_until_it_is_gone(tmp_path):
    check = load_check()
    packages(check, tmp_path)
    (tmp_path / "makelaar" / "base" / "a.py").write_text("from makelaar.base import b\n")
    base = tmp_path / "makelaar" / "base"
    (base / "b.py").write_text("def f():\n    from makelaar.base.a import x\n")
    allowed = {("makelaar.base.b", "makelaar.base.a"): "a reason"}

    assert check.check(tmp_path, allowed=allowed) == ([], "")

    (base / "b.py").write_text("from makelaar.base.a import x\n")  # now at the top
    found, report = check.check(tmp_path, allowed=allowed)
    assert ["makelaar.base.a", "makelaar.base.b"] in found
    assert "no longer imported in a function:\n  makelaar.base.b -> makelaar.base.a" in report


def test_an_upward_import_is_found_and_named_with_its_layers(tmp_path):
    check = load_check()
    packages(check, tmp_path)
    (tmp_path / "initiatives" / "models.py").write_text("def f():\n    from signals import d\n")
    (tmp_path / "signals" / "d.py").write_text("from initiatives import models\n")
    (tmp_path / "makelaar" / "base" / "a.py").write_text("from makelaar.reporting import e\n")
    (tmp_path / "makelaar" / "reporting" / "e.py").write_text("import tooling.demo\n")
    (tmp_path / "tooling" / "demo.py").write_text("import makelaar.reporting.e\n")

    found, report = check.check(tmp_path, allowed={}, allowed_upward={})

    assert ["initiatives.models", "signals.d"] in found  # a cycle, and upward
    assert ["makelaar.base.a", "makelaar.reporting.e"] in found
    assert ["makelaar.reporting.e", "tooling.demo"] in found
    assert "initiatives.models (initiatives) -> signals.d (signals)" in report
    assert "makelaar.base.a (base) -> makelaar.reporting.e (reporting)" in report
    assert "makelaar.reporting.e (reporting) -> tooling.demo (tooling)" in report


def test_a_management_command_may_call_into_tooling(tmp_path):
    check = load_check()
    packages(check, tmp_path)
    commands = tmp_path / "makelaar" / "base" / "management" / "commands"
    commands.mkdir(parents=True)
    (commands / "seed_demo.py").write_text("from tooling import demo\n")
    (tmp_path / "tooling" / "demo.py").write_text("from makelaar.base import models\n")
    (tmp_path / "makelaar" / "base" / "models.py").write_text("import os\n")

    assert check.check(tmp_path, allowed={}, allowed_upward={}) == ([], "")
