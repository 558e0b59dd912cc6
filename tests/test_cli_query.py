"""``depesha query`` and ``depesha export`` as users run them (real processes): a federated query without a network,
an endpoint off the allow-list, a forgotten PREFIX and an output path that cannot be written each end with one line
that says what to do and a non-zero exit status, never a traceback."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, depesha_process, free_port

FEDERATED = ROOT / "queries" / "wikidata-places-population.rq"


def one_line_error(done) -> str:
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    wall = "depesha: query processes cannot be walled off"  # said where the kernel refuses a network namespace
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith(wall)]
    assert len(lines) == 1 and lines[0].startswith("depesha: "), done.stderr
    return lines[0]


def test_a_service_endpoint_off_the_allow_list_is_refused_before_any_call(sample_store: Path) -> None:
    done = depesha_process("query", "--store", str(sample_store), str(FEDERATED), check=False)
    line = one_line_error(done)
    assert "SERVICE <https://query.wikidata.org/sparql> is not on" in line and "--service-allow URL" in line
    assert done.stdout == ""


def test_an_allowed_endpoint_that_does_not_answer_fails_in_one_line(sample_store: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there: no network needed
    text = FEDERATED.read_text(encoding="utf-8").replace("https://query.wikidata.org/sparql", closed)
    done = depesha_process(
        "query", "--store", str(sample_store), "--service-allow", closed, "-", input=text, check=False
    )
    line = one_line_error(done)
    assert f"SERVICE <{closed}> could not be reached" in line and "Connection refused" in line
    assert "check that the endpoint is up" in line


def test_a_plain_query_still_prints_its_answer(sample_store: Path) -> None:
    query = "PREFIX dv: <https://w3id.org/depesha/vocab#> SELECT ?d WHERE { ?d dv:sender ?s } LIMIT 1"
    done = depesha_process("query", "--store", str(sample_store), "--format", "csv", "-", input=query)
    assert done.stdout.split() == ["d", "https://w3id.org/depesha/id/document/119111"]


def test_a_forgotten_prefix_names_the_line_to_add(sample_store: Path) -> None:
    query = "SELECT ?d WHERE {\n  ?d crm:P67_refers_to ?p }"
    done = depesha_process("query", "--store", str(sample_store), "-", input=query, check=False)
    line = one_line_error(done)
    assert "at 2:23" in line and "the prefix 'crm:' is not declared" in line
    assert "PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>" in line and "\\u{" not in line


def test_export_to_a_path_that_cannot_be_made_is_one_line(sample_store: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    missing = tmp_path / "new" / "folder" / "out.nq"  # a folder that does not exist yet is made
    depesha_process("export", "--store", str(sample_store), "-o", str(missing))
    assert missing.stat().st_size > 0
    for fmt, output in (("nq", blocker / "out.nq"), ("linked-art", blocker / "records")):
        done = depesha_process("export", "--store", str(sample_store), "--format", fmt, "-o", str(output), check=False)
        line = one_line_error(done)
        assert str(blocker) in line and "check the path" in line
