"""Reading input files and decoding text: size cap, permissions, binary, encodings, Markdown.

Every reason an input cannot be read becomes an InputError whose reason a user can act
on. Bytes are decoded once, by `choose_encoding`: a byte-order mark, valid UTF-8, a
declared charset (HTTP header, HTML meta tag), Windows-1252 when it reads as Western
text, else charset-normalizer's guess. Bytes nothing decodes are reported as undecodable,
because a wrong guess silently corrupts every quote taken from the text.

Markdown is turned into plain text: the markup goes, every word a reader sees stays;
front matter (a YAML block between `---` lines at the top) is read as metadata.
"""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from pathlib import Path
from typing import Sequence

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
        raise InputError(path, "no such file or folder") from None
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



def decode_text(data: bytes, source: str, declared: str | Sequence[str | None] | None = None) -> str:
    """Text of the bytes, decoded once by `choose_encoding`.

    `declared` is the charset an HTTP header or an HTML meta tag names (or several, most
    authoritative first). Raises InputError ('binary ...' / 'undecodable ...').
    """
    encoding = choose_encoding(data, source, declared)
    text = data.decode(encoding)
    if encoding not in ("utf-8", "utf-8-sig"):
        log.info("%s: not UTF-8, decoded as %s", source, encoding)
    return _checked(text, source)


def choose_encoding(data: bytes, source: str, declared: str | Sequence[str | None] | None = None) -> str:
    """The Python codec name to decode `data` with.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); a declared UTF-16/32 (no BOM);
    UTF-8 when the bytes are valid UTF-8 (they rarely are by accident, and a page labelled
    Latin-1 is far more often UTF-8 than the reverse); a declared charset under which the
    bytes decode to text without control characters; Windows-1252 when it reads as Western
    text; otherwise charset-normalizer's guess. Raises InputError for NUL bytes without a
    BOM ('binary ...') and for bytes nothing decodes ('undecodable ...').
    """
    names = _declared_names(declared)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    wide = [n for n in names if n.startswith(("utf-16", "utf-32"))]
    if wide and _decodes(data, wide[0]):
        return wide[0]
    if b"\x00" in data:
        raise InputError(source, "binary file (contains NUL bytes), not text")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    for name in names:
        if name != "utf-8" and _decodes(data, name):
            return name
    if _decodes(data, "cp1252") and reads_as_western(data.decode("cp1252")):
        return "cp1252"
    guessed = _detected(data)
    if guessed:
        return guessed
    raise InputError(
        source,
        f"undecodable (not UTF-8: byte 0x{data[first_bad]:02x} at offset {first_bad}, "
        "and no other encoding detected)",
    )


# longest first: the UTF-32 LE mark begins with the UTF-16 LE one
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# labels browsers read as Windows-1252 (the WHATWG Encoding standard): its printable range is a
# superset of Latin-1's, and pages labelled Latin-1 use its curly quotes
_AS_CP1252 = {"latin-1", "iso8859-1", "ascii", "cp1252"}
_LETTERS = re.compile(r"[^\W\d_]+")
_FOREIGN_WORD_SHARE = 0.1
# box drawing and private-use characters: what DOS code pages make of bytes meant as letters
_PSEUDO_GRAPHICS = re.compile(r"[\u2500-\u259f\ue000-\uf8ff]")


def _declared_names(declared: str | Sequence[str | None] | None) -> list[str]:
    labels = [declared] if isinstance(declared, str) else list(declared or ())
    names = []
    for label in labels:
        if not label:
            continue
        try:
            name = codecs.lookup(label.strip()).name
        except LookupError:
            log.debug("unknown charset %r", label)
            continue
        names.append("cp1252" if name in _AS_CP1252 else name)
    return list(dict.fromkeys(names))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        return not _CONTROL.search(data.decode(encoding))
    except (UnicodeDecodeError, LookupError):
        return False


def reads_as_western(text: str) -> bool:
    """True when the non-ASCII letters of `text` sit inside mostly-ASCII words ("Bogotá",
    "Zoë"), as in English or French; text in another script read through Windows-1252
    comes out as words made of accented letters only ("Ìèíèñòð")."""
    words = _LETTERS.findall(text)
    foreign = sum(1 for w in words if 2 * sum(ord(c) > 127 for c in w) > len(w))
    return foreign <= _FOREIGN_WORD_SHARE * len(words)


def _detected(data: bytes) -> str | None:
    """charset-normalizer's best guess. It is asked last because on short Western text it
    prefers code pages such as cp775 or big5 to Windows-1252; on other scripts it is good."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not _decodes(data, best.encoding):
        return None
    text = str(best)
    if _PSEUDO_GRAPHICS.search(text) or _mixes_scripts(text):
        return None
    return str(best.encoding)


def _mixes_scripts(text: str) -> bool:
    """True when many words mix Latin letters with another script's ("cafГ"): what a wrong
    code page makes of bytes in none, and what no language writes."""
    words = [w for w in _LETTERS.findall(text) if any(ord(c) > 127 for c in w)]
    mixed = 0
    for word in words:
        scripts = {unicodedata.name(c, "?").split()[0] for c in word}
        mixed += "LATIN" in scripts and len(scripts) > 1
    return mixed > _FOREIGN_WORD_SHARE * len(words)


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
