"""Every string the award ledger shows has its Vietnamese words: nothing English reaches a page."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CALLS = {"_", "gettext", "gettext_lazy", "pgettext_lazy", "ngettext"}


def python_strings():
    for path in sorted((ROOT / "awards").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in CALLS:
                if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    yield path.name, node.args[0].value


def template_strings():
    for path in sorted((ROOT / "templates" / "awards").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\{% translate "((?:[^"\\]|\\.)*)"', text):
            yield path.name, match.group(1)
        for match in re.finditer(r"\{% blocktranslate[^%]*%\}(.*?)\{% endblocktranslate %\}", text, re.S):
            singular = match.group(1).split("{% plural %}")[0]
            yield path.name, re.sub(r"\{\{ (\w+) \}\}", r"%(\1)s", singular)


STRINGS = sorted(set(python_strings()) | set(template_strings()))


def test_the_scan_finds_the_strings():
    assert len(STRINGS) > 150


@pytest.mark.parametrize("where, text", STRINGS, ids=[f"{w}:{t[:40]}" for w, t in STRINGS])
def test_each_string_is_translated(where, text):
    with translation.override("vi"):
        assert translation.gettext(text) != text, f"{where}: no Vietnamese for “{text}”"
