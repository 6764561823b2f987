"""Settings declared as a schema (pydantic models), and what is wrong with a value as `path:line: what — fix`.

Each subject declares its settings as a `Settings` model (clinic and languages: scripts/config/site_config.py,
sign-off: scripts/rules/signoff.py, leaflet: scripts/renderers/leaflet.py). `validate` reads a value against one and gives
every problem at once, each a Problem on the line of its setting. Each block says its problems in words: a
field's description is "what it is — how to write it", said when a value has the wrong type; a check of
more than the type raises `fail(what, fix)`; an unknown key is refused with the nearest known name.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from scripts.config.problems import Problem

SETTING = "setting"  # the error type of fail(): a problem already in words


def fail(what: str, fix: str) -> PydanticCustomError:
    """The error a validator raises: `what — fix`, at the value it checks."""
    return PydanticCustomError(SETTING, "{what}", {"what": what, "fix": fix})


def at_most(limit: int, room: str) -> AfterValidator:
    """A text setting of at most `limit` characters (spaces at either end not counted): `room` says what has no
    room for more, e.g. "the printed consultation sheet"."""

    def check(value: str) -> str:
        if (length := len(value.strip())) > limit:
            raise fail(f"{length} characters long", f"shorten it to {limit} at most: {room} has no room for more")
        return value

    return AfterValidator(check)


def entries(*found: tuple[str, str, str]) -> PydanticCustomError:
    """Several problems at places below the value checked (such as "[3]"), each reported: (place, what, fix);
    for a check of a whole list that finds several entries wrong."""
    (at, what, fix), *more = found
    return PydanticCustomError(SETTING, "{what}", {"what": what, "fix": fix, "at": at, "more": more})


class Settings(BaseModel):
    """A block of settings: no unknown key, no value turned into another type (5 is not the text "5")."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)  # unknown keys: refused below, in words
    noun: ClassVar[str] = "setting"  # what one key is called in messages: setting, field, colour
    shape: ClassVar[tuple[str, str] | None] = None  # (what the block is, how to write it); None: its keys
    others_elsewhere: ClassVar[bool] = False  # True: the block's other keys are another model's to check

    @classmethod
    def cross_checks(cls, data: Mapping) -> list[tuple[str, str, str]]:
        """Problems between the block's keys, as (key, what, fix), found on the value as written: reported
        with the problems of each key, not only once those are fixed (as an "after" validator would)."""
        return []

    @classmethod
    def keys(cls) -> list[str]:
        return [info.alias or name for name, info in cls.model_fields.items()]

    @model_validator(mode="wrap")
    @classmethod
    def _in_words(cls, data: Any, handler: Any) -> Any:
        if not isinstance(data, Mapping):
            what, fix = cls.shape or (f"settings ({', '.join(cls.keys())})", "write them as `name: value` lines")
            raise fail(f"expected {what}, got {type(data).__name__}", fix)
        found = [_at(fail(what, fix), (key,)) for key, what, fix in cls.cross_checks(data)]
        for key in [key for key in data if key not in cls.keys() and not cls.others_elsewhere]:
            near = difflib.get_close_matches(str(key), cls.keys(), n=1)
            hint = f"did you mean '{near[0]}'? " if near else ""
            found.append(_at(fail(f"unknown {cls.noun}", f"{hint}allowed: {', '.join(cls.keys())}"), (key,)))
        try:
            read = handler(data)
        except ValidationError as exc:
            found = [cls._said(error) for error in exc.errors()] + found
        if found:
            raise ValidationError.from_exception_data(cls.__name__, found)
        return read

    @classmethod
    def _said(cls, error: Any) -> InitErrorDetails:
        """An error of one of the block's keys in words: the key's description says what it is and how."""
        if error["type"] == SETTING:
            return _at(PydanticCustomError(SETTING, "{what}", error["ctx"]), error["loc"])
        field = cls.model_fields.get(error["loc"][0]) if error["loc"] else None
        what, _, fix = (getattr(field, "description", None) or "another value — see CONTRIBUTING.md").partition(" — ")
        said = {
            "missing": "missing",
            "string_too_short": "empty",
            "string_pattern_mismatch": f"{error.get('input')!r} is not {what}",
        }.get(error["type"], f"expected {what}, got {type(error.get('input')).__name__}")
        return _at(fail(said, fix), error["loc"])


def _at(error: PydanticCustomError, loc: tuple) -> InitErrorDetails:
    return InitErrorDetails(type=error, loc=loc, input=None)  # the value, where it matters, is in the words


def _place(loc: tuple) -> str:
    """An error's place as editors write it: .name and [index]; pydantic's own markers ([key], a union's
    [branch]) left out."""
    return "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}"
        for part in loc
        if not (isinstance(part, str) and part.startswith("[") and part.endswith("]"))
    )


def errors(model: type[Settings], value: object, *, context: Mapping | None = None) -> tuple[Any, list]:
    """The value read as `model`, its wrong settings left at their defaults (None when it is not a block at
    all), and every problem as (place, what, fix)."""
    value = {} if value is None else value
    try:
        return model.model_validate(value, context=context), []
    except ValidationError as exc:
        found = []
        for error in exc.errors():
            ctx, place = error.get("ctx") or {}, _place(tuple(error["loc"]))
            if error["type"] != SETTING:  # said in words by every block; only a stray one gets here
                found.append((place, error["msg"], "see CONTRIBUTING.md"))
                continue
            found.append((place + ctx.get("at", ""), ctx["what"], ctx["fix"]))
            found += [(place + at, what, fix) for at, what, fix in ctx.get("more", [])]
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
    """The value of the setting `where` (extra.clinic…) read as `model` (see `errors`), and its problems, each
    on the line of its setting (`lines`: editor_files.setting_lines of the file), else of the nearest above."""
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
