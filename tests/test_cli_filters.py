"""No filter fails silently: names resolve, unknown values are usage errors (exit 2) in the CLI
and 422s with the one error shape in the API."""
from __future__ import annotations

import json

import pytest

from tests.cli_runner import run_bilat
from tests.serve.corpus_fixture import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("filters") / "corpus.duckdb")


def _json(capsys, db, *args):
    run = run_bilat(capsys, *args, "--db", db, "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_cli_filters_country_name_gives_what_the_code_gives(capsys, db):
    by_code = _json(capsys, db, "timeline", "--actor", "PAK")
    assert by_code and _json(capsys, db, "timeline", "--actor", "Pakistan") == by_code
    assert _json(capsys, db, "events", "--actor", "Islamabad") == _json(capsys, db, "events", "--actor", "PAK")


def test_cli_filters_theme_label_gives_what_the_slug_gives(capsys, db):
    by_slug = _json(capsys, db, "timeline", "--theme", "security")
    assert by_slug and _json(capsys, db, "timeline", "--theme", "security and counterterrorism") == by_slug


@pytest.mark.parametrize("args, message", [
    (("timeline", "--actor", "Pakistn"), "error: unknown actor 'Pakistn'; did you mean Pakistan (PAK)"),
    (("timeline", "--theme", "nuclear missile"), "error: unknown theme 'nuclear missile'; did you mean 'nuclear and missiles'"),
    (("timeline", "--from", "2020", "--to", "2010"), "error: --from 2020 is after --to 2010 (an empty range)"),
    (("events", "--from", "2012", "--to", "2011-06"), "error: --from 2012 is after --to 2011-06"),
    (("index", "--dyad", "USA,XYZ"), "error: unknown actor 'XYZ'"),
    (("characterizations", "--actor", "Atlantis"), "error: unknown actor 'Atlantis'"),
])
def test_cli_filters_unknown_values_are_usage_errors(capsys, db, args, message):
    run = run_bilat(capsys, *args, "--db", db)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(message), run.err


def test_cli_filters_dyad_by_names(capsys, db):
    assert _json(capsys, db, "index", "--dyad", "Pakistan,United States") == _json(capsys, db, "index")


def test_cli_themes_list_gives_slugs_and_labels(capsys):
    run = run_bilat(capsys, "themes", "--list", "--format", "json")
    assert run.code == 0
    rows = json.loads(run.out)
    assert {"slug": "economic_aid", "label": "economic aid and IMF", "kind": "theme"} in rows
