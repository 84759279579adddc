"""The model's shared __repr__ and __eq__ behave as @dataclass's generated ones.

The model's classes are declared `@dataclass(repr=False, eq=False)` and inherit both methods from
one base class, because generating them per class is most of what importing the model costs (and
every command that reads an issue imports it). Each object of both example issues is compared
here with a plain @dataclass of the same fields, whose generated methods are called on the very
same objects.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest

from zhoubao import model, store

ROOT = Path(__file__).resolve().parent.parent


def _walk(value, found: list) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found.append(value)
        for f in dataclasses.fields(value):
            _walk(getattr(value, f.name), found)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, found)


def objects() -> list:
    """Every model object reachable from both example issues."""
    found: list = []
    for path in sorted((ROOT / "examples").glob("*.toml")):
        _walk(store.load_issue(path), found)
    return found


def reference(cls: type) -> type:
    """A plain dataclass with the same field names: its __repr__ and __eq__ are dataclass's own."""
    return dataclasses.make_dataclass(cls.__name__, [f.name for f in dataclasses.fields(cls)])


def test_the_model_classes_do_not_generate_repr_and_eq() -> None:
    kinds = {type(o) for o in objects()}
    assert model.Issue in kinds and len(kinds) >= 8
    for cls in kinds:
        assert "__repr__" not in vars(cls) and "__eq__" not in vars(cls), cls


@pytest.mark.parametrize("obj", objects(), ids=lambda o: type(o).__name__)
def test_repr_and_eq_are_dataclass_s(obj) -> None:
    ref = reference(type(obj))
    assert repr(obj) == ref.__repr__(obj)
    twin = copy.deepcopy(obj)
    assert (obj == twin) is ref.__eq__(obj, twin) is True
    changed = copy.deepcopy(obj)
    setattr(changed, dataclasses.fields(obj)[0].name, "不同")
    assert (obj == changed) is ref.__eq__(obj, changed) is False
    assert (obj != changed) is True
    assert obj.__eq__(object()) is NotImplemented and ref.__eq__(obj, object()) is NotImplemented
    with pytest.raises(TypeError):
        hash(obj)


def test_the_dataclass_api_still_works() -> None:
    issue = store.load_issue(ROOT / "examples" / "2022-33.toml")
    line = issue.distribution[0]
    assert dataclasses.replace(line, text="乙") == type(line)(line.label, "乙")
    assert dataclasses.asdict(line) == {"label": line.label, "text": line.text}
    assert type(line).__match_args__ == ("label", "text")
