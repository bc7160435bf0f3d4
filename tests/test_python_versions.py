"""pyproject.toml allows every Python the pinned stack supports (Django 5.2: 3.10–3.14; some pins need 3.11)."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

PYPROJECT = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
ALLOWED = SpecifierSet(PYPROJECT["project"]["requires-python"])
PINS = [Requirement(line) for line in PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"]]


def test_newer_debian_pythons_may_install_it():
    assert [version for version in ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15") if version in ALLOWED] == [
        "3.11", "3.12", "3.13", "3.14",
    ]


def test_every_pin_accepts_the_oldest_python_allowed():
    oldest = min(version for version in ("3.11", "3.12", "3.13", "3.14") if version in ALLOWED)
    for pin in PINS:
        needs = metadata.metadata(pin.name).get("Requires-Python")
        assert needs is None or oldest in SpecifierSet(needs), (pin.name, needs)
        assert re.fullmatch(r"==[\w.]+", str(pin.specifier)), pin  # pinned exactly


def test_django_supports_the_newest_python_allowed():
    classifiers = metadata.metadata("Django").get_all("Classifier")
    supported = {c.rsplit(":: ", 1)[1] for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)}
    assert {version for version in supported if version in ALLOWED} == {"3.11", "3.12", "3.13", "3.14"}
