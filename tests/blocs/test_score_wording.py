"""Every string the score sheet and the ranking show has its Vietnamese words, the services'
messages about scores included."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CALLS = {"_", "gettext", "gettext_lazy", "pgettext_lazy", "ngettext"}
FILES = [ROOT / "blocs" / "views" / "scores.py", ROOT / "blocs" / "forms_scores.py"]
SERVICE_MESSAGES = [
    "Line %(code)s: a score cannot be below 0.",
    "Line %(code)s: %(points)s is above the line's maximum of %(max)s.",
    "Line %(code)s: the official score differs from the self-score (%(own)s): say why.",
    "The sheet has changed: reload the page.",
    "The bloc's review is recorded: its scores are locked.",
    "Scoring has not opened for this bloc.",
    "Self-scores were due by %(day)s: they can no longer be changed.",
    "Being set up", "Scoring", "Reviewed",
]


def python_strings():
    for path in FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in CALLS:
                if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    yield path.name, node.args[0].value


def template_strings():
    for path in sorted((ROOT / "templates" / "blocs" / "scores").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\{% translate "((?:[^"\\]|\\.)*)"', text):
            yield path.name, match.group(1)
        for match in re.finditer(r"\{% blocktranslate[^%]*%\}(.*?)\{% endblocktranslate %\}", text, re.S):
            yield path.name, re.sub(r"\{\{ (\w+) \}\}", r"%(\1)s", match.group(1))


STRINGS = sorted(set(python_strings()) | set(template_strings()) | {("services", text) for text in SERVICE_MESSAGES})


def test_the_scan_finds_the_strings():
    assert len(STRINGS) > 50


@pytest.mark.parametrize("where, text", STRINGS, ids=[f"{w}:{t[:40]}" for w, t in STRINGS])
def test_each_string_is_translated(where, text):
    with translation.override("vi"):
        assert translation.gettext(text) != text, f"{where}: no Vietnamese for “{text}”"
