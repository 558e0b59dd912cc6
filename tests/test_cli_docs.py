"""The command line as documented: every command has its row in the README's table, naming every option its --help
lists; and the sample's converted N-Quads keep their checksum, so that a change meant to move code and not output
shows itself (update the checksum with the change that means to change the output, and say why)."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLE
from server.cli import main

SAMPLE_NQUADS_SHA256 = "97a42f57c310554eef2bfdd05ee944a3c0c4e302758903b96f4b492551f20be1"
# issue 18 keeps the printed order of each activity's actors (dv:position on every role node); without those lines
# the output is that of issue 16, which read the archive's summary for mentions too
BEFORE_POSITION_SHA256 = "d92022d4ec1deed7649c6940e8c14faf146d5cad8e12ea55b461c2429a21ba3c"


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
    before = b"".join(x for x in lines if b"vocab#position" not in x)
    assert hashlib.sha256(before).hexdigest() == BEFORE_POSITION_SHA256
