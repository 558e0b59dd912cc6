"""The command line as documented: every command has its row in the README's table, naming every option its --help
lists; and the sample's converted N-Quads keep their checksum, so that a change meant to move code and not output
shows itself (update the checksum with the change that means to change the output, and say why)."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLE
from server.cli import main

SAMPLE_NQUADS_SHA256 = "e0c42335c43fa60efbdc199dca2574b9895184bb1e33a06c6f43a5410207b3b2"
# the same lines without each time-span's EDTF value (crm:P170i_time_is_defined_by, added by issue 15)
BEFORE_EDTF_SHA256 = "308c7a8cb4bb94f6f345e5f17bc64911576cffa6bccd8480f525ff6261a3db4f"
# before issue 17 added each event's extraction (crm:E13_Attribute_Assignment {event}/extraction) and typed arrivals
# and flights as crm:E9_Move (crm:P26_moved_to their goal): the same lines without those, in the same order
BEFORE_EXTRACTION_SHA256 = "023bfa7cd4770095dd0472a75d24b1143fb718c2b1e1ff2b5f74f60a5d221d7b"
ISSUE_17_MARKS = (b"/extraction>", b"cidoc-crm/E9_Move>", b"P26_moved_to", b"P27_moved_from")


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
    older = b"".join(line for line in lines if b"P170i_time" not in line)
    assert hashlib.sha256(older).hexdigest() == BEFORE_EDTF_SHA256
    before_17 = b"".join(line for line in lines if not any(mark in line for mark in ISSUE_17_MARKS))
    assert hashlib.sha256(before_17).hexdigest() == BEFORE_EXTRACTION_SHA256
