"""Keeping results: JSON and Parquet that load back to an equal result, equality over arrays,
and short reprs. Every result class mixes in :class:`Kept`.

``to_json()`` writes the result's own summary (its ``to_dict()``: what people and scripts read)
plus a ``"data"`` block with every field, arrays as dtype, shape and values, from which
``from_json`` rebuilds it. ``to_parquet`` writes the tidy rows of ``to_frame()`` as the table
(for pandas, DuckDB, Arrow) and the same data block as the file's metadata, from which
``from_parquet`` rebuilds it.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
from typing import Any, ClassVar

import numpy as np

from winwin._errors import ParameterError, WinwinError

FORMAT_VERSION = 1
_META_KEY = b"winwin"


class Kept:
    """Mixin for frozen result dataclasses (fields compared by value, arrays included)."""

    #: Fields shown by the short repr, in order (all scalar or short ones when empty).
    _REPR: ClassVar[tuple[str, ...]] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """What tables and pictures call the players: the names the caller gave (a ``given``
        field, where a result keeps one), else the slugs in ``players``."""
        return getattr(self, "given", ()) or self.players  # type: ignore[attr-defined]

    # -- equality and repr -----------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(_same(getattr(self, f.name), getattr(other, f.name))
                   for f in dataclasses.fields(self) if f.compare)  # type: ignore[arg-type]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        names = self._REPR or tuple(f.name for f in dataclasses.fields(self)  # type: ignore[arg-type]
                                    if f.compare and f.name != "params")
        parts = [f"{n}={_short(getattr(self, n))}" for n in names]
        text = f"{type(self).__name__}({', '.join(parts)})"
        return text if len(text) <= 300 else text[:296] + "...)"

    # -- JSON ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - every result defines its own
        raise NotImplementedError

    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"__kind__": type(self).__name__, "__version__": FORMAT_VERSION}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.compare or f.name in self._KEEP_EXTRA:  # a kept plan goes as its own JSON
                data[f.name] = value.to_json() if hasattr(value, "to_json") else encode(value)
        return data

    #: Fields kept although they are left out of equality (e.g. a plan to replay from).
    _KEEP_EXTRA: ClassVar[tuple[str, ...]] = ()

    def to_json(self, **kwargs: Any) -> str:
        """The summary and the data that :meth:`from_json` loads back (``indent=`` as json)."""
        d = jsonable(self.to_dict())
        d["data"] = self._data()
        return dumps(d, **kwargs)

    @classmethod
    def from_json(cls, text: str | os.PathLike[str]) -> Any:
        """The result that :meth:`to_json` wrote (the text, or a path to a file holding it)."""
        if isinstance(text, os.PathLike) or (isinstance(text, str) and not text.lstrip()
                                             .startswith("{") and os.path.exists(text)):
            with open(text) as f:
                text = f.read()
        try:
            d = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise ParameterError("text", str(text)[:40], f"JSON written by {cls.__name__}"
                                 f".to_json() ({exc})") from None
        return cls._from_data(d.get("data") if isinstance(d, dict) else None)

    @classmethod
    def _from_data(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("__kind__") != cls.__name__:
            found = data.get("__kind__") if isinstance(data, dict) else None
            raise ParameterError("data", found, f"the data of a {cls.__name__} "
                                 f"(written by {cls.__name__}.to_json() or .to_parquet())")
        if data.get("__version__") != FORMAT_VERSION:
            raise ParameterError("version", data.get("__version__"), f"{FORMAT_VERSION}")
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data:
                kwargs[f.name] = decode(data[f.name], str(f.type))
        try:
            return cls._rebuilt(kwargs)
        except (TypeError, ValueError, KeyError) as exc:
            raise WinwinError(f"the saved {cls.__name__} is incomplete or damaged: "
                              f"{exc}") from None

    @classmethod
    def _rebuilt(cls, kwargs: dict[str, Any]) -> Any:
        return cls(**kwargs)

    # -- Parquet ---------------------------------------------------------------------------
    def to_parquet(self, path: str | os.PathLike[str]) -> None:
        """The rows of ``to_frame()`` as a Parquet file, with the whole result in its metadata
        (needs pyarrow: ``pip install winwin[parquet]``)."""
        pa, pq = _arrow()
        table = pa.Table.from_pandas(self.to_frame(), preserve_index=False)  # type: ignore[attr-defined]
        meta = dict(table.schema.metadata or {})
        meta[_META_KEY] = json.dumps(self._data()).encode()
        pq.write_table(table.replace_schema_metadata(meta), path)

    @classmethod
    def from_parquet(cls, path: str | os.PathLike[str]) -> Any:
        """The result that :meth:`to_parquet` wrote."""
        _, pq = _arrow()
        try:
            meta = pq.read_schema(path).metadata or {}
        except (OSError, ValueError) as exc:
            raise ParameterError("path", str(path), f"a Parquet file ({exc})") from None
        if _META_KEY not in meta:
            raise ParameterError("path", str(path), f"a Parquet file written by "
                                 f"{cls.__name__}.to_parquet()")
        return cls._from_data(json.loads(meta[_META_KEY]))


def _arrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise WinwinError("Parquet needs pyarrow: pip install 'winwin[parquet]'") from None
    return pa, pq


def encode(x: Any) -> Any:
    """A field's value as JSON: arrays as dtype, shape and values; games by their spec."""
    from winwin.game import Game

    if isinstance(x, np.ndarray):
        values = x.ravel().tolist()
        if x.dtype.kind == "f":
            values = [None if not math.isfinite(v) else v for v in values]
        return {"__array__": str(x.dtype), "shape": list(x.shape), "values": values}
    if isinstance(x, Game):
        return {"__game__": x.spec(), "name": x.name}
    if isinstance(x, tuple) and len(x) == 2 and all(isinstance(a, np.ndarray) for a in x):
        return {"__arrays__": [encode(a) for a in x]}
    return jsonable(x)


def decode(x: Any, annotation: str = "") -> Any:
    """The inverse of :func:`encode`, with tuples where the field is annotated as one."""
    if isinstance(x, dict) and "__array__" in x:
        values = [np.nan if v is None else v for v in x["values"]]
        return np.array(values, dtype=x["__array__"]).reshape(x["shape"])
    if isinstance(x, dict) and "__game__" in x:
        import warnings
        from dataclasses import replace

        from winwin.game import parse_game

        with warnings.catch_warnings():  # it was warned about when it was played
            warnings.simplefilter("ignore")
            game = parse_game(x["__game__"])
        return replace(game, name=x.get("name", "custom"))
    if isinstance(x, dict) and "__arrays__" in x:
        return tuple(decode(a) for a in x["__arrays__"])
    if isinstance(x, list) and annotation.startswith("tuple"):
        return tuple(x)
    return x


def jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, np.ndarray):
        return jsonable(x.tolist())
    if isinstance(x, np.generic):
        return jsonable(x.item())
    return x


_FLAT_LIST = re.compile(r"\[\s*\n\s*((?:-?[\d.eE+-]+|null|true|false)(?:,\s*\n\s*"
                        r"(?:-?[\d.eE+-]+|null|true|false))*)\s*\n\s*\]")


def dumps(d: Any, **kwargs: Any) -> str:
    """json.dumps, with lists of plain numbers kept on one line when indenting."""
    text = json.dumps(d, **kwargs)
    if kwargs.get("indent") is None:
        return text
    return _FLAT_LIST.sub(lambda m: "[" + ", ".join(v.strip() for v in
                                                     m.group(1).split(",")) + "]", text)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f")))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return jsonable(a) == jsonable(b)
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


def _short(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return f"<{' x '.join(map(str, x.shape))} {x.dtype}>"
    if isinstance(x, tuple) and len(x) > 5:
        return "(" + ", ".join(repr(v) for v in x[:4]) + f", ... {len(x)} in all)"
    if isinstance(x, float):
        return f"{x:.6g}"
    text = repr(x)
    return text if len(text) <= 60 else text[:56] + "..."
