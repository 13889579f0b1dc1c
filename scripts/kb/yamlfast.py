"""Round-trip YAML trees at the speed of libyaml, when it can read the file.

The loader needs ruamel's round-trip trees: every key and value keeps its line and
column, so that a problem names the place to fix. ruamel's round-trip parser is pure
Python, and with thousands of records it was half of what the data layer adds to a
build (`make bench`). libyaml (the C parser of `ruamel.yaml.clib`) reports the same
lines and columns; run under ruamel's own round-trip constructor and YAML 1.2
resolver, it builds the same tree: the same CommentedMap/CommentedSeq, the same
values and types, the same positions (tests/test_yamlfast.py compares them on every
data file). It keeps no comments, which the loader never reads. One difference: an
empty value (`name:`) is placed right after its key's colon, where the pure reader
places it at the next token, often on the next line; the key's line is the better
place for "this value is missing".

libyaml speaks YAML 1.1 syntax and rejects a few things YAML 1.2 allows (e.g. `:` in
some plain scalars); for those files, and when the C extension is missing, `load`
returns None and the caller uses the pure-Python round-trip reader, which also gives
the exact error message for a broken file.
"""
from __future__ import annotations

import gc
from typing import Any, Optional

from ruamel.yaml.resolver import VersionedResolver

try:
    from ruamel.yaml.cyaml import CParser
except ImportError:  # the C extension (ruamel.yaml.clib) is not installed
    CParser = None

_MISSING = object()


def available() -> bool:
    return CParser is not None


def load(text: str, constructor: type) -> Any:
    """The round-trip tree of `text` built with `constructor` (a RoundTripConstructor
    subclass), or None when libyaml cannot read it (or is not installed)."""
    loader = _loader_class(constructor)
    if loader is None or "%YAML" in text:  # a version directive: left to the pure reader
        return None
    instance = loader(text)
    # The tree is hundreds of thousands of new objects and no garbage: collections
    # during the parse only walk it again and again (half the time of a 3 MB file).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return instance.get_single_data()
    except Exception:  # noqa: BLE001 - the pure-Python reader decides and reports
        return None
    finally:
        if collecting:
            gc.enable()
        instance.dispose()


_classes: dict[type, Optional[type]] = {}


def _loader_class(constructor: type) -> Optional[type]:
    if CParser is None:
        return None
    cls = _classes.get(constructor, _MISSING)
    if cls is _MISSING:

        class Loader(CParser, constructor, VersionedResolver):  # type: ignore[misc, valid-type]
            comment_handling = None  # no comment tokens: the constructor skips them
            # YAML 1.2, as ruamel reads files without a %YAML directive. The resolver
            # would otherwise look for a scanner's version, through two exceptions, for
            # every single value.
            processing_version = (1, 2)

            def __init__(self, stream: str) -> None:
                CParser.__init__(self, stream)
                self._parser = self._composer = self
                constructor.__init__(self, loader=self)
                VersionedResolver.__init__(self, None, loader=self)

        cls = _classes[constructor] = Loader
    return cls
