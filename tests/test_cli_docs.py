"""The command line as documented: every command has its row in the README's table, naming every option its --help
lists; and the sample's converted N-Quads keep their checksum, so that a change meant to move code and not output
shows itself (update the checksum with the change that means to change the output, and say why)."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLE
from server.cli import main

SAMPLE_NQUADS_SHA256 = "577d8b47483601c1e6ebf624ee0167e74304b98ca44f7621674c7574c787b6d2"
# without the lines of issue 18 (dv:position on every role node: the printed order of an activity's actors) and of
# issue 17 (each event's extraction, crm:E13_Attribute_Assignment {event}/extraction; arrivals and flights as
# crm:E9_Move with crm:P26_moved_to / P27_moved_from), the output is that of issue 16 (the summary's mentions)
BEFORE_17_AND_18_SHA256 = "d92022d4ec1deed7649c6940e8c14faf146d5cad8e12ea55b461c2429a21ba3c"
LATER_MARKS = (b"vocab#position", b"/extraction>", b"cidoc-crm/E9_Move>", b"P26_moved_to", b"P27_moved_from")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith(f"| `depesha {name}")]
    assert rows, f"the README's command table has no row for 'depesha {name}'"
    help_text = CliRunner().invoke(main, [name, "--help"]).output
    flags = [opt for param in main.commands[name].params for opt in param.opts if opt.startswith("--")]
    for flag in flags:
        assert flag in help_text and flag in rows[0], f"{flag} of 'depesha {name}' is not in its README row"


def test_the_samples_nquads_keep_their_checksum() -> None:
    result = CliRunner().invoke(main, ["convert", str(SAMPLE / "119111.md"), "--format", "nq"])
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(result.stdout_bytes).hexdigest() == SAMPLE_NQUADS_SHA256
    lines = result.stdout_bytes.splitlines(keepends=True)
    before = b"".join(line for line in lines if not any(mark in line for mark in LATER_MARKS))
    assert hashlib.sha256(before).hexdigest() == BEFORE_17_AND_18_SHA256
