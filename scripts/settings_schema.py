"""Settings declared as a schema (pydantic models), and what is wrong with a value as `path:line: what — fix`.

Each subject declares its own settings as a `Settings` model (clinic and languages: scripts/site_config.py,
sign-off: scripts/signoff.py, leaflet: scripts/leaflet.py); `validate` reads a value against one and turns
every error pydantic finds, all at once, into one Problem with the line of the setting. A field's description
is "what it is — how to write it", said when a value has the wrong type; a check of more than the type
raises `fail(what, fix)`; an unknown key is refused with the nearest known name.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from scripts.problems import Problem

SETTING = "setting"  # the error type of fail()


class Settings(BaseModel):
    """A block of settings: no unknown key, no value turned into another type (5 is not the text "5")."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    noun: ClassVar[str] = "setting"  # what one key is called in messages: setting, field, colour
    shape: ClassVar[tuple[str, str]] = ("settings", "write them as `name: value` lines, indented under it")

    @classmethod
    def cross_checks(cls, data: Mapping) -> list[tuple[str, str, str]]:
        """Problems between the block's keys, as (key, what, fix), found on the value as written: reported
        with the problems of each key, not only once those are fixed (as an "after" validator would)."""
        return []

    @model_validator(mode="wrap")
    @classmethod
    def _with_cross_checks(cls, data: Any, handler: Any) -> Any:
        found = [
            InitErrorDetails(type=fail(what, fix), loc=(key,), input=data)
            for key, what, fix in (cls.cross_checks(data) if isinstance(data, Mapping) else [])
        ]
        try:
            read = handler(data)
        except ValidationError as exc:
            raise ValidationError.from_exception_data(cls.__name__, [*map(_again, exc.errors()), *found]) from None
        if found:
            raise ValidationError.from_exception_data(cls.__name__, found)
        return read


def _again(error: Any) -> InitErrorDetails:
    """A reported error as it can be raised again, with the others."""
    if error["type"] == SETTING:
        return InitErrorDetails(type=PydanticCustomError(SETTING, "{what}", error["ctx"]), loc=error["loc"], input=None)
    details = InitErrorDetails(type=error["type"], loc=error["loc"], input=error.get("input"))
    if "ctx" in error:
        details["ctx"] = error["ctx"]
    return details


def fail(what: str, fix: str) -> PydanticCustomError:
    """The error a validator raises: `what — fix`, at the value it checks."""
    return PydanticCustomError(SETTING, "{what}", {"what": what, "fix": fix})


def entries(*found: tuple[str, str, str]) -> PydanticCustomError:
    """Several problems at places below the value it checks (such as "[3]"), all reported: (place, what, fix);
    for a check of a whole list that finds several entries wrong."""
    first, *rest = found
    return PydanticCustomError(SETTING, "{what}", {"what": first[1], "fix": first[2], "at": first[0], "more": rest})


def _unwrap(tp: Any) -> Any:
    """The type inside Annotated[…] and `X | None`."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Settings)


def _walk(model: type[Settings], loc: tuple) -> tuple[type[Settings], Any, Any, list[str]]:
    """Along an error's place: the block that holds the last key, that key's field, the type there, and the
    place as editors write it (a union's branch name left out: `emergency_numbers.FR`)."""
    owner: type[Settings] = model
    field: Any = None
    tp: Any = model
    place: list[str] = []
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if part == "[key]":
            continue
        if isinstance(part, int):
            place.append(f"[{part}]")
            tp = typing.get_args(tp)[0] if origin in (list, tuple) else Any
            continue
        if _is_model(tp):
            fields = {info.alias or name: info for name, info in tp.model_fields.items()}
            owner, field = tp, fields.get(part)
            tp = field.annotation if field is not None else Any
        elif origin in (typing.Union, types.UnionType):  # a tagged branch: its tag is no setting of the file
            tags = {_branch_tag(arg): arg for arg in typing.get_args(tp)}
            tp = tags.get(part, Any)
            continue
        elif origin is dict or origin is Mapping:
            tp = typing.get_args(tp)[1]
        place.append(f".{part}")
    return owner, field, tp, place


def _branch_tag(arg: Any) -> str | None:
    for meta in getattr(arg, "__metadata__", ()):
        tag = getattr(meta, "tag", None)
        if isinstance(tag, str):
            return tag
    return None


def _described(field: Any) -> tuple[str, str]:
    """(what the value is, how to write it) from a field's description 'what — fix'."""
    description = getattr(field, "description", None) or "another value — see CONTRIBUTING.md"
    what, _, fix = description.partition(" — ")
    return what, fix or "see CONTRIBUTING.md"


def _errors(model: type[Settings], error: Mapping) -> list[tuple[str, str, str]]:
    """One pydantic error as (place below the block, what is wrong, how to fix it); fail() may carry several."""
    loc = tuple(error["loc"])
    kind, ctx, given = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == SETTING:
        below = "".join(_walk(model, loc)[3])
        return [(below + ctx.get("at", ""), ctx["what"], ctx["fix"])] + [
            (below + at, what, fix) for at, what, fix in ctx.get("more", [])
        ]
    if kind == "extra_forbidden":
        owner = _unwrap(_walk(model, loc[:-1])[2])
        owner = owner if _is_model(owner) else model
        known = [info.alias or name for name, info in owner.model_fields.items()]
        near = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean '{near[0]}'? " if near else ""
        return [("".join(_walk(model, loc)[3]), f"unknown {owner.noun}", f"{hint}allowed: {', '.join(known)}")]
    owner, field, tp, place = _walk(model, loc)
    where = "".join(place)
    if kind == "missing":
        what, fix = _described(field)
        return [(where, "missing", fix)]
    target = _unwrap(tp)
    if kind == "string_too_short":
        return [(where, "empty", _described(field)[1])]
    if _is_model(target) and kind in ("model_type", "model_attributes_type", "dict_type"):
        what, fix = target.shape
        if (what, fix) == Settings.shape:  # the fields of the block are the example
            what = f"settings ({', '.join(info.alias or name for name, info in target.model_fields.items())})"
    else:
        what, fix = _described(field)
    return [(where, f"expected {what}, got {type(given).__name__}", fix)]


def errors(model: type[Settings], value: object, *, context: Mapping | None = None) -> tuple[Any, list]:
    """The value read as `model`, its wrong settings left at their defaults (None when it is not a block at
    all), and every problem as (place, what, fix)."""
    value = {} if value is None else value
    try:
        return model.model_validate(value, context=context), []
    except ValidationError as exc:
        found = [item for error in exc.errors() for item in _errors(model, error)]
        wrong = {error["loc"][0] for error in exc.errors() if error["loc"]}
        try:
            rest = (
                {key: item for key, item in value.items() if key not in wrong} if isinstance(value, Mapping) else None
            )
            read = model.model_validate(rest, context=context) if rest is not None else None
        except ValidationError:
            read = None
        return read, list(dict.fromkeys(found))


def validate(
    model: type[Settings],
    value: object,
    where: str,
    lines: Mapping[str, int] | None = None,
    *,
    path: str = "mkdocs.yml",
    context: Mapping | None = None,
) -> tuple[Any, list[Problem]]:
    """The value of the setting `where` (extra.clinic…) read as `model` (see `errors`), and its problems, each with the
    line of the setting (`lines`: editor_files.setting_lines of the file), else of the nearest one above."""
    read, found = errors(model, value, context=context)
    return read, [setting_problem(where + place, what, fix, lines, path=path) for place, what, fix in found]


def setting_problem(
    where: str, what: str, fix: str, lines: Mapping[str, int] | None = None, *, path: str = "mkdocs.yml"
) -> Problem:
    """One problem with the setting `where`, on its line (`lines`), else on the line of the nearest above."""
    return Problem(path, line_of(where, lines or {}), f"{where}: {what}", fix)


def line_of(where: str, lines: Mapping[str, int]) -> int:
    """The line of a setting, or of the nearest setting that holds it."""
    while where:
        if where in lines:
            return lines[where]
        cut = max(where.rfind("."), where.rfind("["))
        where = where[:cut] if cut > 0 else ""
    return 1
