"""One loader for every vocabulary: packaged data merged with user files, each mistake in a user
file one error naming the file and line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bilat import vocab
from bilat.vocab import VocabError
from tests.cli_runner import run_bilat


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(vocab.FILES))
def test_vocab_every_packaged_file_loads_as_a_mapping(name):
    assert isinstance(vocab.load(name), dict) and vocab.load(name)


def test_vocab_user_sections_extend_lists_merge_mappings_and_replace_values(tmp_path):
    user = write(tmp_path, "actors:\n  groups:\n    Zarqa Front: [Zarqa Front, the Front]\n"
                           "  titles: [chief envoy]\nplover:\n  verbs:\n    ASSAULT: [zap]\n"
                           "  weights:\n    AID: 9.5\n")
    base_titles = vocab.load("actors")["titles"]
    actors = vocab.load("actors", [user])
    assert actors["groups"]["Zarqa Front"] == ["Zarqa Front", "the Front"]
    assert actors["titles"] == base_titles + ["chief envoy"]
    assert set(vocab.load("actors")["groups"]) < set(actors["groups"])  # packaged ones kept
    plover = vocab.load("plover", [user])
    assert plover["verbs"]["ASSAULT"][-1] == "zap" and plover["weights"]["AID"] == 9.5
    assert "zap" not in vocab.load("plover")["verbs"]["ASSAULT"]  # the packaged data unchanged


def test_vocab_earlier_formats_still_extend_actors_and_themes(tmp_path):
    user = write(tmp_path, "groups:\n  Zarqa Front: [Zarqa Front]\n"
                           "drivers:\n  arctic: {label: Arctic, terms: [Arctic]}\n")
    assert "Zarqa Front" in vocab.load("actors", [user])["groups"]
    assert vocab.load("themes", [user])["drivers"]["arctic"]["label"] == "Arctic"


@pytest.mark.parametrize(
    "text, message",
    [
        ("actors:\n  groups: [a, b]\n", ":2: actors.groups must be a mapping, not a list"),
        ("actor:\n  groups: {}\n", ":1: unknown vocabulary 'actor' (choose from actors, plover, clutter,"),
        ("plover:\n  verbs:\n    ASSAULT: {zap: 1}\n", ":3: plover.verbs.ASSAULT must be a list, not a mapping"),
        ("plover:\n  weights:\n    AID: high\n", ":3: plover.weights.AID must be a number, not a text"),
        ("clutter:\n  phrases:\n    - {a: b}\n", ":3: each entry of clutter.phrases must be a text, not a mapping"),
        ("actors: [\n", ":2: not valid YAML"),
        ("- just\n- a list\n", ":1: a vocabulary file is a mapping of vocabulary names"),
    ],
)
def test_vocab_mistakes_name_the_file_and_line(tmp_path, text, message):
    user = write(tmp_path, text)
    with pytest.raises(VocabError) as err:
        vocab.check_files([user])
    assert str(err.value).startswith(f"{user}{message}")


def test_vocab_unreadable_file(tmp_path):
    with pytest.raises(VocabError, match=r"missing.yaml: cannot read vocabulary file"):
        vocab.check_files([tmp_path / "missing.yaml"])


def test_vocab_cli_extends_triggers_and_reports_a_bad_file_in_one_line(capsys, tmp_path):
    text = write(tmp_path, "Norway zapped Sweden on Monday.\n", "note.txt")
    before = run_bilat(capsys, "extract", text)
    assert before.code == 0 and before.out.strip() == ""
    user = write(tmp_path, "plover:\n  verbs:\n    ASSAULT: [zap]\n")
    after = run_bilat(capsys, "extract", text, "--vocab", user)
    found = [json.loads(line) for line in after.out.splitlines()]
    assert [(m["category"], m["source_actor"], m["target_actor"]) for m in found] == [("ASSAULT", "NOR", "SWE")]
    bad = write(tmp_path, "plover:\n  verbs: [zap]\n", "bad.yaml")
    run = run_bilat(capsys, "extract", text, "--vocab", bad)
    assert run.code == 2
    assert run.err == f"error: {bad}:2: plover.verbs must be a mapping, not a list\n"


def test_vocab_categories_come_from_the_data():
    from bilat.nlp.categories import CATEGORIES

    assert CATEGORIES == tuple(vocab.load("plover")["weights"])
    assert len(CATEGORIES) == 16 and CATEGORIES[0] == "AGREE" and CATEGORIES[-1] == "ASSAULT"


def test_vocab_recommendation_cues_extend_from_a_user_file(tmp_path):
    from bilat.model import Document
    from bilat.nlp.process import process_documents
    from bilat.config import Settings

    text = ("We advocate that Norway and Sweden reopen the border crossing before the winter.\n")
    user = write(tmp_path, "recommendations:\n  acts: [advocate]\n")
    doc = Document(id="r", source="r.txt", text=text)
    plain = next(process_documents([doc])).recommendations
    extended = next(process_documents([doc], Settings(vocab_files=[user]))).recommendations
    assert plain == []
    assert [r.quote for r in extended] == [text.strip()]


def test_vocab_a_misspelt_category_is_an_error(tmp_path):
    user = write(tmp_path, "plover:\n  verbs:\n    ASSAULTX: [strafe]\n")
    with pytest.raises(VocabError) as err:
        vocab.check_files([user])
    assert str(err.value).startswith(f"{user}:3: unknown PLOVER category 'ASSAULTX' in plover.verbs "
                                     "(choose from AGREE, CONSULT, ")


def test_vocab_packaged_files_read_by_libyaml_as_by_pure_python():
    import yaml
    from importlib import resources

    from bilat.vocab import FILES, _read_packaged

    folder = resources.files("bilat.data")
    names = [*FILES.values(), *(f"plover/{p.name}" for p in folder.joinpath("plover").iterdir() if p.name.endswith(".yaml"))]
    for name in names:
        assert _read_packaged(name) == yaml.safe_load(folder.joinpath(name).read_text(encoding="utf-8")), name
