"""Bulletin kinds: folders of data (kind.toml plus jinja2 text templates), never Python.

A kind is looked up beside the issue file (`templates/`), then in `$ZHOUBAO_TEMPLATES`, then
among the built-in kinds shipped with the package. `new` copies a kind's structure, defaults
and templates into the issue file, so an archived issue renders the same after the kind changes.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhoubao import tomltext
from zhoubao.errors import ZhoubaoError
from zhoubao.safefiles import read_regular

KIND_FILE = "kind.toml"
FILE_SUFFIX = "_file"  # `template_file = "x.j2"` in a kind becomes `template = "<contents>"`
MAX_KIND_BYTES = 1024 * 1024  # kind.toml or one template file: a few KB in practice


def builtin_dir() -> Path:
    here = Path(__file__).resolve().parent
    shipped = here / "_templates"  # an installed wheel
    return shipped if shipped.is_dir() else here.parent / "templates"  # a source checkout


@dataclass(frozen=True)
class KindRef:
    name: str
    path: Path
    source: str  # 旁边 / 环境变量 / 内置


def search_path(issue_dir: Path | None) -> list[tuple[str, Path]]:
    places = []
    if issue_dir is not None:
        places.append(("期刊文件旁的 templates/", issue_dir / "templates"))
    if os.environ.get("ZHOUBAO_TEMPLATES"):
        places.append(("ZHOUBAO_TEMPLATES", Path(os.environ["ZHOUBAO_TEMPLATES"])))
    places.append(("内置", builtin_dir()))
    return places


def list_kinds(issue_dir: Path | None = None) -> list[KindRef]:
    """Every kind in search order; an earlier place hides a later kind of the same name."""
    found: dict[str, KindRef] = {}
    for source, folder in search_path(issue_dir):
        if not folder.is_dir():
            continue
        for sub in sorted(folder.iterdir()):
            if (sub / KIND_FILE).is_file() and sub.name not in found:
                found[sub.name] = KindRef(sub.name, sub, source)
    return list(found.values())


def find_kind(name: str, issue_dir: Path | None = None) -> KindRef:
    kinds = list_kinds(issue_dir)
    for ref in kinds:
        if ref.name == name:
            return ref
    names = "、".join(k.name for k in kinds) or "无"
    raise ZhoubaoError(f"没有名为“{name}”的简报种类：可用种类有 {names}（zhoubao kinds 可列出）")


def default_kind(issue_dir: Path | None = None) -> str:
    """The kind marked `default = true` (the first found in search order). A kind file before it
    that cannot be read (too large, not UTF-8, not TOML) is named, not skipped: it may be the
    default the clerk meant."""
    kinds = list_kinds(issue_dir)
    unreadable: list[str] = []  # why a kind could not be asked whether it is the default
    for ref in kinds:
        try:
            raw = read_regular(ref.path / KIND_FILE, MAX_KIND_BYTES, "种类文件")
            if tomltext.loads(raw.decode("utf-8")).get("default") is True:
                if unreadable:  # a kind found earlier might have been the default: never guess past it
                    break
                return ref.name
        except ZhoubaoError as e:  # too large, or not a regular file
            unreadable.append(e.message)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            unreadable.append(f"种类文件 {ref.path / KIND_FILE} 读不了（{getattr(e, 'strerror', None) or e}）")
    if len(kinds) == 1:
        return kinds[0].name
    if unreadable:
        raise ZhoubaoError(f"找不到默认的简报种类，因为{unreadable[0]}；或用 --kind 指定种类")
    raise ZhoubaoError(f"没有默认的简报种类：请用 --kind 指定（可用种类：{'、'.join(k.name for k in kinds) or '无'}）")


def load_kind(folder: Path) -> dict[str, Any]:
    """kind.toml with every `*_file` reference replaced by the file's text."""
    path = folder / KIND_FILE
    try:
        kind = tomltext.loads(read_regular(path, MAX_KIND_BYTES, "种类文件").decode("utf-8"))
    except OSError as e:
        raise ZhoubaoError(f"无法读取种类文件 {path}：{e.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ZhoubaoError(f"种类文件 {path} 格式错误（{e}）：请改正后重试") from None
    return _inline_files(kind, folder)


def _inline_files(node: Any, folder: Path, problems: list[str] | None = None) -> Any:
    """Replace `*_file` references by file contents; collect missing files in `problems` if given."""
    if isinstance(node, list):
        return [_inline_files(x, folder, problems) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key.endswith(FILE_SUFFIX) and isinstance(value, str):
            try:
                out[key[: -len(FILE_SUFFIX)]] = _kind_file(folder, value).rstrip("\n")
            except ZhoubaoError as e:
                if problems is None:
                    raise
                problems.append(e.message)
                out[key[: -len(FILE_SUFFIX)]] = ""
        else:
            out[key] = _inline_files(value, folder, problems)
    return out


def _kind_file(folder: Path, name: str) -> str:
    """The text of a template file a kind names: a regular file inside the kind's own folder (an
    absolute path, `..` or a symlink leading out is refused: a kind folder beside the issue may
    have been written by anyone), UTF-8, at most MAX_KIND_BYTES."""
    base = folder.resolve()
    target = (folder / name).resolve()
    if Path(name).is_absolute() or not target.is_relative_to(base) or target == base:
        raise ZhoubaoError(
            f"种类 {folder.name} 引用的模板文件 {name} 不在种类文件夹内：模板文件只能放在 {folder} 中，请改为其中的文件名"
        )
    try:
        raw = read_regular(target, MAX_KIND_BYTES, "模板文件")
    except FileNotFoundError:
        raise ZhoubaoError(f"种类 {folder.name} 引用的模板文件 {name} 不存在：请在 {folder} 中补上") from None
    except OSError as e:
        raise ZhoubaoError(f"无法读取种类 {folder.name} 的模板文件 {name}（{e.strerror}）：请检查文件") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ZhoubaoError(f"种类 {folder.name} 的模板文件 {name} 不是 UTF-8 编码：请用 UTF-8 保存") from None


def issue_data(kind: dict[str, Any], kind_name: str, header: dict[str, Any]) -> dict[str, Any]:
    """The plain data of a new, empty issue of `kind`: header, structure, defaults, templates."""
    issue = {"kind": kind_name, "name": kind.get("name", kind_name), "unit": kind.get("unit", "")}
    issue.update(header)
    for key in ("issue_line", "supplement_line", "mark", "max_pages", "cadence"):
        if key in kind:
            issue[key] = kind[key]
    data: dict[str, Any] = {"issue": issue}
    if kind.get("layout"):
        data["layout"] = kind["layout"]
    data["section"] = [_section_data(s) for s in kind.get("section", [])]
    if "distribution" in kind:
        data["distribution"] = kind["distribution"]
    return data


def _section_data(section: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in section.items() if k not in ("categories", "items", "sub")}
    if "categories" in section:
        # a category is its name, or a table with its name and how it differs (units, lacks, total)
        out["category"] = [
            {**name, "values": {}} if isinstance(name, dict) else {"name": name, "values": {}}
            for name in section["categories"]
        ]
    if "items" in section:
        out["item"] = [{"name": name} for name in section["items"]]
    if "sub" in section:
        out["sub"] = [_section_data(s) for s in section["sub"]]
    return out
