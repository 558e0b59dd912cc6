"""The command line as documented: every command has its row in the README's table, naming every option its --help
lists; and the sample's converted N-Quads keep their checksum, so that a change meant to move code and not output
shows itself (update the checksum with the change that means to change the output, and say why)."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLE
from server.cli import main

SAMPLE_NQUADS_SHA256 = "2dae59bbbb16f0a912dfbc991b2c259d8fa9c4d414d7a7f89567393a55b1d52e"
# before issue 18 kept the printed order of each activity's actors (dv:position on every role node): without those
BEFORE_POSITION_SHA256 = "023bfa7cd4770095dd0472a75d24b1143fb718c2b1e1ff2b5f74f60a5d221d7b"
# before issue 15 added each time-span's EDTF value (crm:P170i_time_is_defined_by): the same lines without those
BEFORE_EDTF_SHA256 = "ea015db787d3398310f4503ff4fd236f4b18dd4e114e56f56af93a0e78f6befa"


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
    assert (
        hashlib.sha256(b"".join(x for x in lines if b"vocab#position" not in x)).hexdigest() == BEFORE_POSITION_SHA256
    )
    older = b"".join(x for x in lines if b"P170i_time" not in x and b"vocab#position" not in x)
    assert hashlib.sha256(older).hexdigest() == BEFORE_EDTF_SHA256
