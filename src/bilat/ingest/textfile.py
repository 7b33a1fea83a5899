"""Reading input files and decoding text: size cap, permissions, binary, encodings, Markdown.

Every reason an input cannot be read becomes an InputError whose reason a user can act
on. Encodings: UTF-8 (with or without BOM), UTF-16 when a BOM says so, and Windows-1252
(a superset of Latin-1's printable range) when the bytes decode without control
characters. Anything else is reported as undecodable rather than guessed at, because a
wrong guess silently corrupts every quote taken from the text.

Markdown is turned into plain text: the markup goes, every word a reader sees stays;
front matter (a YAML block between `---` lines at the top) is read as metadata.
"""
from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

import yaml

from bilat.errors import InputError

log = logging.getLogger(__name__)

# C0 controls other than tab, newline, carriage return and form feed
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_SHARE_BINARY = 0.01


def human_size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:g} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def size_cap_reason(max_bytes: int) -> str:
    return f"over the size cap of {human_size(max_bytes)}"


def read_input_file(path: str, max_bytes: int) -> bytes:
    """The bytes of a file, after checking that it exists, is readable and not too big."""
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except PermissionError:
        raise InputError(path, "unreadable (permission denied)") from None
    except OSError as exc:
        raise InputError(path, f"unreadable ({exc.strerror or exc})") from None
    if p.is_dir():
        raise InputError(path, "is a directory")
    if info.st_size > max_bytes:
        raise InputError(path, size_cap_reason(max_bytes))
    try:
        with p.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(path, "unreadable (permission denied)") from None
    except OSError as exc:
        raise InputError(path, f"unreadable ({exc.strerror or exc})") from None
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise InputError(path, size_cap_reason(max_bytes))
    return data



def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """Text of the bytes, or InputError('binary ...' / 'undecodable ...').

    `declared` is a charset named by an HTTP header or an HTML meta tag; it is tried
    after UTF-8, since UTF-8 bytes rarely decode by accident.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16"), source)
    if b"\x00" in data:
        raise InputError(source, "binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8-sig"), source)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    for encoding in _candidates(declared):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _CONTROL.search(text):
            log.info("%s: not UTF-8, decoded as %s", source, encoding)
            return text
    raise InputError(
        source,
        f"undecodable (not UTF-8: byte 0x{data[first_bad]:02x} at offset {first_bad}, "
        "and not Windows-1252/Latin-1 text)",
    )


def _candidates(declared: str | None) -> list[str]:
    names = []
    if declared:
        try:
            names.append(codecs.lookup(declared).name)
        except LookupError:
            log.debug("unknown charset %r", declared)
    names.append("cp1252")
    return [n for n in dict.fromkeys(names) if n != "utf-8"]


def _checked(text: str, source: str) -> str:
    controls = len(_CONTROL.findall(text))
    if text and controls / len(text) > _CONTROL_SHARE_BINARY:
        raise InputError(source, "binary file (control characters), not text")
    return _CONTROL.sub("", text)


# -- Markdown ---------------------------------------------------------------------------
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:\s+\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE)
_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_RULE = re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.MULTILINE)
_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE)
_FENCE = re.compile(r"^[ \t]{0,3}(?:```|~~~).*$", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")
_CODE = re.compile(r"`([^`]*)`")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        log.debug("front matter is not YAML; kept as text")
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return data, text[match.end():]


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown document (front matter removed)."""
    _, text = split_front_matter(text)
    text = _COMMENT.sub("", text)
    text = _FENCE.sub("", text)
    text = _RULE.sub("", text)
    text = _HEADING.sub(r"\1", text)
    text = _SETEXT.sub("", text)
    text = _QUOTE.sub("", text)
    text = _LINK_DEF.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    # emphasis nests (***bold italic***): strip until nothing changes
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), text)
    return text
