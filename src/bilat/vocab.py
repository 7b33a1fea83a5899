"""One loader for every vocabulary bilat reads: the packaged `data/*.yaml` files, validated,
merged with the user's files (`--vocab FILE.yaml`).

A user file names the vocabularies it extends at its top level, each in the format of the
packaged file (see the comments at the top of each file in `src/bilat/data/`):

    actors:                 # extends data/actors.yaml
      groups:
        Zarqa Front: [Zarqa Front, the Front]
    plover:                 # extends data/plover.yaml (verbs and event nouns by category)
      verbs:
        ASSAULT: [strafe]
    clutter:                # extends data/clutter.yaml
      phrases: [Sign up for our newsletter]
    themes:                 # extends data/themes.yaml
      drivers:
        arctic: {label: Arctic, terms: [Arctic, polar route]}
    characterizations:      # extends data/characterizations.yaml
      modifiers:
        estrangement: [glacial]

Merging: a mapping is merged key by key, a list is extended (an entry already there is not
repeated), a single value (a weight, a label) replaces the packaged one. For files written for
earlier versions, top-level sections of the actor vocabulary (`countries`, `groups`, ...) extend
the actors, and `drivers` extends the themes.

A user file that cannot be read, is not YAML, names an unknown vocabulary or gives a value of
the wrong kind raises `VocabError` naming the file and line, e.g.
``mine.yaml:4: actors.groups must be a mapping, not a list``.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from bilat.errors import UsageError

# vocabulary name -> packaged file
FILES = {
    "actors": "actors.yaml",
    "plover": "plover.yaml",
    "clutter": "clutter.yaml",
    "boilerplate": "boilerplate.yaml",
    "themes": "themes.yaml",
    "modality": "modality.yaml",
    "dates": "dates.yaml",
    "currencies": "currencies.yaml",
    "figures": "figures.yaml",
    "weights": "weights.yaml",
    "recommendations": "recommendations.yaml",
    "characterizations": "characterizations.yaml",
    "publishers": "publishers.yaml",
}
# vocabularies assembled from part files: name -> (key of the main file naming the parts,
# folder of the parts, key whose entries the parts fill). The PLOVER trigger lexicons are one
# file per category family (data/plover/), merged into the `plover` vocabulary.
PARTS = {"plover": ("families", "plover", "weights")}


# mappings keyed by PLOVER category (the keys of `weights` in data/plover.yaml): a user file may extend their
# entries but not invent a key, so a misspelt category is an error, not a new category
CLOSED = {("plover", "verbs"), ("plover", "nouns"), ("plover", "weights"), ("plover", "mode_weights")}


class VocabError(UsageError):
    """A vocabulary file that bilat cannot use; the message names the file and line."""


def load(name: str, extra: Iterable[Path | str] = ()) -> dict[str, Any]:
    """The vocabulary `name` (a key of FILES): the packaged file merged with the `name`
    sections of the user files `extra`, in order. Returns a fresh dict the caller may change.
    Raises VocabError for an unknown name or a bad user file."""
    if name not in FILES:
        raise VocabError(f"unknown vocabulary {name!r} (choose from {', '.join(FILES)})")
    return copy.deepcopy(_merged(name, tuple(str(p) for p in extra)))


def check_files(paths: Iterable[Path | str]) -> None:
    """Read and validate user vocabulary files before any work starts, so a mistake is one
    error naming the file and line. Raises VocabError."""
    for path in paths:
        for name, section, _value, node in user_sections(Path(path)):
            _check_part(name, section, node, str(path))


def _check_part(name: str, section: str | None, node: yaml.Node, path: str) -> None:
    """Check one part of a user file against the packaged vocabulary it extends."""
    base = _packaged(name)
    if section is None:
        _check(node, base, name, path)
    else:
        _check(node, base.get(section, {}), f"{name}.{section}", path)


@lru_cache(maxsize=64)
def _merged(name: str, extra: tuple[str, ...]) -> dict[str, Any]:
    base = _packaged(name)
    merged = copy.deepcopy(base)
    for path in extra:
        for vocab, section, value, node in user_sections(Path(path)):
            if vocab == name:
                _check_part(name, section, node, path)
                _merge(merged, value if section is None else {section: value})
    return merged


@lru_cache(maxsize=16)
def _packaged(name: str) -> dict[str, Any]:
    data = _read_packaged(FILES[name])
    if name in PARTS:
        _add_parts(data, *PARTS[name])
    return data


def _read_packaged(path: str) -> dict[str, Any]:
    text = resources.files("bilat.data").joinpath(path).read_text(encoding="utf-8")
    # libyaml's parser when PyYAML has it: the packaged files are read by every command that
    # filters (actors, categories), and the pure-Python parser takes most of a second for them
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data if isinstance(data, dict) else {}


def _add_parts(data: dict[str, Any], key: str, folder: str, keyed: str) -> None:
    """Merge the part files a packaged vocabulary names under `key` (label -> file in
    data/`folder`/) into it; `data[key]` becomes label -> the keys of `keyed` each part fills
    (the PLOVER categories of a family). Raises VocabError for a part that names a key the main
    file does not know (a packaging mistake)."""
    known = list(data.get(keyed) or ())
    parts: dict[str, list[str]] = {}
    for label, file in (data.get(key) or {}).items():
        part = _read_packaged(f"{folder}/{file}")
        part.pop("family", None)
        names = sorted({k for section in part.values() if isinstance(section, dict) for k in section},
                       key=lambda k: known.index(k) if k in known else len(known))
        unknown = [k for k in names if known and k not in known]
        if unknown:
            raise VocabError(f"data/{folder}/{file}: unknown key(s) {', '.join(unknown)} (not in {keyed})")
        parts[str(label)] = names
        _merge(data, part)
    data[key] = parts


def _legacy_target(key: str, value: Any) -> tuple[str, str] | None:
    """(vocabulary, section) for a top-level key of an earlier user-file format."""
    if key in ("countries", "organisations", "groups", "titles", "domestic", "first_person"):
        return "actors", key
    if key == "drivers" or (key == "themes" and _is_theme_entries(value)):
        return "themes", key
    return None


Part = tuple[str, "str | None", Any, yaml.Node]


@lru_cache(maxsize=32)
def user_sections(path: Path) -> tuple[Part, ...]:
    """The parts of one user file: (vocabulary, section or None for the whole vocabulary,
    value, YAML node) in file order. Raises VocabError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabError(f"{path}: cannot read vocabulary file ({exc})") from None
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise VocabError(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    if root is None:
        return ()
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        raise VocabError(f"{path}:1: a vocabulary file is a mapping of vocabulary names "
                         f"({', '.join(FILES)}) to their entries")
    parts: list[Part] = []
    for key_node, value_node in root.value:
        key = str(key_node.value)
        legacy = _legacy_target(key, data[key])
        if legacy is not None:
            parts.append((legacy[0], legacy[1], data[key], value_node))
        elif key in FILES:
            parts.append((key, None, data[key], value_node))
        else:
            raise VocabError(f"{path}:{key_node.start_mark.line + 1}: unknown vocabulary {key!r} "
                             f"(choose from {', '.join(FILES)})")
    return tuple(parts)


def _is_theme_entries(value: Any) -> bool:
    """A `themes:` key written the earlier way: theme entries directly under it."""
    return isinstance(value, dict) and any(k not in ("themes", "drivers") for k in value)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a text"


# the kinds of YAML's resolved scalar tags, as _kind names them
_TAG_KINDS = {"tag:yaml.org,2002:null": "nothing", "tag:yaml.org,2002:bool": "true or false",
              "tag:yaml.org,2002:int": "a number", "tag:yaml.org,2002:float": "a number"}


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _TAG_KINDS.get(node.tag, "a text")


def _check(node: yaml.Node, expected: Any, where: str, path: str) -> None:
    """Raise VocabError where `node` is not of the kind the packaged value `expected` is."""
    line = node.start_mark.line + 1
    want, got = _kind(expected), _node_kind(node)
    if got == "nothing":
        return
    if want != got:
        raise VocabError(f"{path}:{line}: {where} must be {want}, not {got}")
    if isinstance(node, yaml.MappingNode) and isinstance(expected, dict):
        sample = next(iter(expected.values()), None) if expected else None
        closed = tuple(where.split(".")) in CLOSED
        allowed = tuple(_packaged("plover").get("weights") or ()) if closed else ()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if allowed and key not in allowed:
                raise VocabError(f"{path}:{key_node.start_mark.line + 1}: unknown PLOVER category {key!r} "
                                 f"in {where} (choose from {', '.join(map(str, allowed))})")
            if key in expected:
                _check(value_node, expected[key], f"{where}.{key}", path)
            elif sample is not None and _similar_entries(expected):
                _check(value_node, sample, f"{where}.{key}", path)
    elif isinstance(node, yaml.SequenceNode) and isinstance(expected, list) and expected:
        if where == "plover.patterns":
            _check_patterns(node, path)
            return
        for item in node.value:
            if not isinstance(expected[0], (dict, list)) and isinstance(item, (yaml.MappingNode, yaml.SequenceNode)):
                raise VocabError(f"{path}:{item.start_mark.line + 1}: each entry of {where} must be "
                                 f"{_kind(expected[0])}, not {_node_kind(item)}")
            if isinstance(expected[0], str) and _node_kind(item) == "true or false":
                # YAML reads a bare no/off/on/yes as a truth value, never as the word
                raise VocabError(f"{path}:{item.start_mark.line + 1}: {item.value!r} in {where} is read as "
                                 f"true or false; write it in quotes")


PATTERN_KEYS = {"name", "category", "mode", "trigger", "argument", "role", "pattern"}


def _check_patterns(node: yaml.SequenceNode, path: str) -> None:
    """Each trigger pattern is a mapping with a name, a PLOVER category (or null) and a
    pattern: a list of DependencyMatcher nodes, each naming its RIGHT_ID."""
    categories = tuple(_packaged("plover").get("weights") or ())
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            raise VocabError(f"{path}:{line}: each entry of plover.patterns must be a mapping, not {_node_kind(item)}")
        fields = {str(k.value): v for k, v in item.value}
        unknown = sorted(set(fields) - PATTERN_KEYS)
        if unknown or not {"name", "category", "pattern"} <= set(fields):
            raise VocabError(f"{path}:{line}: a pattern has name, category, pattern and optionally mode, "
                             f"trigger, argument, role" + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
        category = fields["category"]
        if _node_kind(category) != "nothing" and str(category.value) not in categories:
            raise VocabError(f"{path}:{category.start_mark.line + 1}: unknown PLOVER category "
                             f"{category.value!r} in plover.patterns (choose from {', '.join(categories)})")
        nodes = fields["pattern"]
        if not isinstance(nodes, yaml.SequenceNode) or not nodes.value or any(
                not isinstance(n, yaml.MappingNode) or "RIGHT_ID" not in {str(k.value) for k, _ in n.value}
                for n in nodes.value):
            raise VocabError(f"{path}:{nodes.start_mark.line + 1}: a pattern's pattern is a list of nodes, "
                             f"each a mapping with a RIGHT_ID")


def _similar_entries(mapping: dict[str, Any]) -> bool:
    """A mapping whose values all have one kind (entries keyed by name, like actor groups)."""
    return len({_kind(v) for v in mapping.values()}) == 1


def _merge(target: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in (extra or {}).items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            target[key] = current + [v for v in value if v not in current]
        elif value is not None:
            target[key] = copy.deepcopy(value)
