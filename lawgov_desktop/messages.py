"""The one catalogue of what the library says to people, in Chinese and in English.

Below the window (core, store, export, commands) nothing writes a sentence for the user
directly: an error is a typed exception carrying a ``code`` and its data
(``ReportNotFound(report_ids=…)``), and a note or a history label is a :class:`Message` — a
code and its data.  This module turns them into text in the language the user chose: the
window's language in the app, ``LAWGOV_LANG`` or the app's saved choice on the command line
(see :func:`language`).  The GUI's own strings stay in Qt's translation files; these are the
library's.

Templates use :meth:`str.format` fields named as the data; ``{n:span|spans}`` picks the
singular or the plural word for the number ``n`` (English only needs it).  Both languages of
an entry name the same fields (``tests/test_messages.py`` checks that, and that every code
raised has an entry).

A :class:`Message` is a ``str`` (its text in the language of the moment it was made), so code
that joins, logs or compares notes keeps working; code that knows the language it shows in
asks :func:`text` for that language.  History labels are stored as :func:`stored` JSON and
read back with :func:`from_stored`, which also reads the ``中文 (English)`` labels older
versions stored.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import string
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

#: code → (Chinese template, English template)
CATALOGUE: dict[str, tuple[str, str]] = {
    # -- text kept from older versions (a label stored as 「中文 (English)」) ------------------
    "text.bilingual": ("{zh}", "{en}"),
    # -- opening and changing a project ----------------------------------------------------
    "project.read_only": ("项目以只读方式打开，不能修改", "the project is open read-only"),
    "project.not_found": ("项目文件不存在：{path}", "no such project: {path}"),
    "project.is_folder": ("项目路径是文件夹，不是项目文件：{path}", "the project path is a folder, not a project file: {path}"),
    "project.not_regular": ("项目路径不是普通文件：{path}", "the project path is not a regular file: {path}"),
    "project.empty_file": ("项目文件是空的，还不是项目：{path}（导入报告即可建立）",
                           "an empty file, not a project yet: {path} (importing reports makes it one)"),
    "project.not_sqlite": ("不是 LawGov 项目文件（不是 SQLite 数据库）：{path}",
                           "not a LawGov project file (not an SQLite database): {path}"),
    "project.cannot_read": ("无法读取项目文件：{path}（{why}）", "cannot read the project file {path}: {why}"),
    "project.cannot_open": ("无法打开项目文件：{path}（{why}）", "cannot open the project file {path}: {why}"),
    "project.cannot_open_known": ("无法打开项目文件：{why}", "cannot open the project file: {why}"),
    "project.damaged": ("项目文件已损坏：{path}（{problems}）", "the project file is damaged: {path} ({problems})"),
    "project.damaged_untouched": ("项目文件已损坏，未作任何改动，请从备份恢复：{path}（{problem}）",
                                  "the project file is damaged and was left as it is; restore a backup: "
                                  "{path} ({problem})"),
    "project.read_only_old_schema": ("只读打开需要先升级项目文件：{path}",
                                     "the project is opened read-only, but its file must be upgraded first: {path}"),
    "project.newer": ("项目文件来自更新版本的 LawGov（架构版本 {version}，本程序支持到 {latest}）：{path}",
                      "the project file was made by a newer version of LawGov (schema {version} > {latest}): {path}"),
    "project.newer_short": ("项目文件来自更新版本的 LawGov（架构版本 {version}）：{path}",
                            "the project file was made by a newer version of LawGov (schema {version}): {path}"),
    "project.not_lawgov": ("不是 LawGov 项目文件：{path}", "not a LawGov project file: {path}"),
    "project.not_ours": ("不是 LawGov 项目文件，未作任何改动：{path}（{reason}）",
                         "not a LawGov project; the file was left exactly as it was: {path} ({reason})"),
    "project.foreign_schema": ("项目文件含有本版本 LawGov 没有建立的结构，为保护数据拒绝打开，文件未作改动：{path}"
                               "（{problems}）。可用 lawgov backups / lawgov restore 从备份恢复",
                               "the project holds database objects LawGov did not create; it was refused and left "
                               "unchanged: {path} ({problems}). Restore a backup with `lawgov restore`"),
    "project.more_problems": ("{shown} 等 {n} 处", "{shown} and {n} more"),
    "project.io_failure": ("无法读写：{path}（{why}）", "cannot read or write {path}: {why}"),
    "sqlite.readonly": ("项目文件是只读的，改动没有保存：{path}（{detail}）",
                        "the project file is read-only; the change was not saved: {path} ({detail})"),
    "sqlite.perm": ("没有写入项目文件的权限，改动没有保存：{path}（{detail}）",
                    "no permission to write the project; the change was not saved: {path} ({detail})"),
    "sqlite.full": ("磁盘空间不足，改动没有保存：{path}（{detail}）",
                    "the disk is full; the change was not saved: {path} ({detail})"),
    "sqlite.ioerr": ("读写项目文件时磁盘出错，改动没有保存：{path}（{detail}）",
                     "a disk error while writing the project; the change was not saved: {path} ({detail})"),
    "sqlite.cantopen": ("无法打开或建立项目文件，请检查文件夹能否写入：{path}（{detail}）",
                        "cannot open or create the project file; check that its folder can be written to: "
                        "{path} ({detail})"),
    "sqlite.busy": ("项目正被另一个程序写入，请稍后再试：{path}（{detail}）",
                    "another program is writing the project; try again in a moment: {path} ({detail})"),
    "sqlite.corrupt": ("项目文件已损坏，请从备份恢复：{path}（{detail}）",
                       "the project file is damaged; restore a backup: {path} ({detail})"),
    "project.stale_wal": ("项目文件旁的 {wal} 不属于它：项目文件在上次写入之后被替换过（例如复制了另一个项目或备份），"
                          "合并会损坏数据，两个文件都未作改动：{path}。要恢复备份请用 lawgov restore（或 文件 > 备份与恢复）；"
                          "确认不要 {wal} 中未写回的改动时，把它移到别处再打开",
                          "the {wal} beside the project belongs to an earlier file: the project file was replaced "
                          "since it was last written, and merging would damage it; both files were left as they "
                          "are: {path}. To bring back a backup use `lawgov restore` (or File > Backups); to open "
                          "the file as it is, move {wal} aside, which drops the changes in it"),
    "schema.table": ("表 {name}", "table {name}"),
    "schema.index": ("索引 {name}", "index {name}"),
    "schema.trigger": ("触发器 {name}", "trigger {name}"),
    "schema.view": ("视图 {name}", "view {name}"),
    "schema.object": ("结构 {kind} {name}", "object {kind} {name}"),
    "schema.extra": ("多余的{what}", "extra {what}"),
    "schema.altered": ("被改动的{what}", "altered {what}"),
    "schema.missing": ("缺少{what}", "missing {what}"),
    "file.header_short": ("文件头不完整（只有 {size} 字节）", "the file is truncated: {size} bytes"),
    "file.header_damaged": ("文件头损坏（页大小 {page_size}）", "damaged header: page size {page_size}"),
    "file.not_whole_pages": ("文件被截断或损坏（{size} 字节不是整页）",
                             "truncated or damaged: {size} bytes is not a whole number of pages"),
    "file.truncated": ("文件被截断（应有 {expected} 字节，实有 {size}）", "truncated: {size} of {expected} bytes"),
    "file.not_found": ("文件不存在：{path}", "no such file: {path}"),
    "file.empty": ("文件是空的", "the file is empty"),
    "file.not_sqlite": ("不是 SQLite 数据库", "not an SQLite database"),
    "file.cannot_open": ("无法打开（{why}）", "cannot open: {why}"),
    "file.cannot_read": ("无法读取（{why}）", "cannot read: {why}"),
    "file.not_lawgov": ("不是 LawGov 项目：{reason}", "not a LawGov project: {reason}"),
    "file.foreign_object": ("不是 LawGov 建立的结构：{what}", "not created by LawGov: {what}"),
    "file.no_reports_table": ("不是 LawGov 项目（没有报告表）", "not a LawGov project: no reports table"),
    "file.damaged": ("数据库已损坏（{why}）", "damaged: {why}"),
    "content.bad_hash": ("报告 {id} 的正文与其校验值不符", "report {id}: text does not match its SHA-256"),
    "content.bad_length": ("报告 {id} 的字数不符", "report {id}: stored length is wrong"),
    "content.sections_outside": ("{n} 个章节的位置超出正文", "{n} {n:section lies|sections lie} outside their text"),
    "content.annotations_outside": ("{n} 条标注的位置超出正文",
                                    "{n} {n:annotation lies|annotations lie} outside their text"),
    # -- backups ---------------------------------------------------------------------------
    "backup.reason.open": ("打开时", "on open"),
    "backup.reason.hourly": ("每小时", "hourly"),
    "backup.reason.manual": ("手动", "manual"),
    "backup.reason.pre-restore": ("恢复前", "before restore"),
    "backup.reason.pre-upgrade": ("升级前", "before upgrade"),
    "backup.reason.damaged": ("损坏的原文件", "damaged original"),
    "backup.reason.pre-import": ("导入服务器标注前", "before importing a server's annotations"),
    "backup.before_upgrade_failed": ("升级项目文件（架构版本 {version}）前无法备份，未作改动：{path}（{why}）",
                                     "could not back up before upgrading schema {version}; nothing was changed: "
                                     "{path} ({why})"),
    "backup.hourly_failed": ("自动备份失败：{why}（改动已保存，但没有新的备份，请检查磁盘空间）",
                             "automatic backup failed: {why}; your change is saved, but no backup was made "
                             "(check the free disk space)"),
    "backup.newer": ("备份来自更新版本的 LawGov（架构版本 {version}）",
                     "the backup was made by a newer version of LawGov (schema {version})"),
    "backup.damaged": ("备份已损坏，拒绝恢复：{name}（{problems}）",
                       "the backup is damaged; nothing was restored: {name} ({problems})"),
    # -- reading files -----------------------------------------------------------------------
    "read.nested_too_deeply": ("文件嵌套层次太深，无法读取", "nested too deeply to read"),
    "read.out_of_memory": ("文件太大，内存不足", "too large to read into memory"),
    "read.os_error": ("无法读取文件（{why}）", "cannot read the file: {why}"),
    "read.unexpected": ("无法读取（{error}: {detail}）", "could not be read ({error}: {detail})"),
    "project.merge_into_itself": ("不能把项目合并到它自身", "cannot merge a project into itself"),
    "identity.other_program": ("另一个程序的数据库（application_id {app}）", "another program's database (application_id {app})"),
    "identity.bad_version": ("架构版本 {version} 无效", "invalid schema version {version}"),
    "identity.no_tables": ("没有任何 LawGov 的表", "it has none of LawGov's tables"),
    "identity.missing_tables": ("缺少 LawGov 的表", "LawGov's tables are missing"),
    # -- the command line ----------------------------------------------------------------------
    "cli.error": ("lawgov: 错误：{message}", "lawgov: error: {message}"),
    "cli.warning": ("lawgov: 注意：{message}", "lawgov: warning: {message}"),
    "cli.nested_too_deeply": ("输入的文件嵌套层次太深，无法读取", "the input is nested too deeply to read"),
    "cli.out_of_memory": ("内存不足，无法完成", "not enough memory to finish"),
    "cli.the_project": ("项目", "the project"),
    # -- history ---------------------------------------------------------------------------
    "history.nothing_to_undo": ("没有可以撤销的操作", "nothing to undo"),
    "history.nothing_to_redo": ("没有可以重做的操作", "nothing to redo"),
    "history.changed_since": ("「{label}」之后项目又被改动过（{table} {key}），不能{action}",
                              "the project changed after “{label}” ({table} {key}); it cannot be {action}"),
    "history.depended_on": ("「{label}」之后的改动依赖它（{table} {key}），不能{action}",
                            "later changes depend on “{label}” ({table} {key}); it cannot be {action}"),
    "history.undone": ("撤销", "undone"),
    "history.redone": ("重做", "redone"),
    # -- history labels (stored with the step, shown in the viewer's language) ----------------
    "label.tag": ("标注 {n} 处", "tag {n} {n:span|spans}"),
    "label.tag_reports": ("标注 {n} 处（{reports} 篇报告）", "tag {n} {n:span|spans} in {reports} {reports:report|reports}"),
    "label.edit_annotation": ("修改标注 {id}", "edit annotation {id}"),
    "label.delete_annotations": ("删除 {n} 条标注", "delete {n} {n:annotation|annotations}"),
    "label.restore_annotations": ("恢复 {n} 条标注", "restore {n} {n:annotation|annotations}"),
    "label.new_category": ("新建类别 {name}", "new category {name}"),
    "label.edit_category": ("修改类别 {name}", "edit category {name}"),
    "label.reorder_categories": ("调整类别顺序", "reorder categories"),
    "label.merge_category": ("合并类别 {name}", "merge category {name}"),
    "label.delete_category": ("删除类别 {name}", "delete category {name}"),
    "label.restore_category": ("恢复类别 {name}", "restore category {name}"),
    "label.accept_suggestion": ("接受建议", "accept suggestion"),
    "label.reject_suggestion": ("拒绝建议", "reject suggestion"),
    "label.accept_suggestion_named": ("接受建议“{name}”", "accept suggestion “{name}”"),
    "label.reject_suggestion_named": ("拒绝建议“{name}”", "reject suggestion “{name}”"),
    "label.forget_verdict": ("撤回对建议的结论", "forget a verdict"),
    "label.gold_agreed": ("金标准：加入两人一致的标注", "gold: add the spans both agreed on"),
    "label.gold_decided": ("金标准：裁定为 {choice}", "gold: decided {choice}"),
    "label.resolve_delete": ("删除待核对的标注 {id}", "delete annotation {id} that needed attention"),
    "label.resolve_move": ("移动待核对的标注 {id}", "move annotation {id} that needed attention"),
    "label.resolve_accept": ("确认待核对的标注 {id}", "accept the place of annotation {id}"),
    "label.import_annotations": ("导入标注 {name}", "import annotations from {name}"),
    "label.import": ("导入 {n} 份报告", "import {n} {n:report|reports}"),
    "label.import_versions": ("导入 {n} 份报告、{versions} 份新版本",
                              "import {n} {n:report|reports} and {versions} new {versions:version|versions}"),
    "label.import_only_versions": ("导入 {versions} 份报告的新版本",
                                   "import new versions of {versions} {versions:report|reports}"),
    "label.new_version": ("报告 {id} 的新版本", "new version of report {id}"),
    "label.merge_project": ("合并项目 {name}", "merge project {name}"),
    # -- annotations, categories, reports ----------------------------------------------------
    "annotation.bad_offsets": ("位置无效：{start}–{end}（报告共 {length} 字）",
                               "offsets {start}–{end} lie outside the text or are inverted (the report has "
                               "{length} characters)"),
    "report.unknown": ("未知报告：{ids}", "no such report: {ids}"),
    "category.name_empty": ("类别名称不能为空", "a category needs a name"),
    "category.name_too_long": ("类别名称太长：{length} 个字符，最多 {limit} 个",
                               "a category name may have at most {limit} characters, not {length}"),
    "category.name_control": ("类别名称含有控制字符 U+{codepoint}（换行、制表符等），请删去",
                              "a category name cannot hold control characters such as line breaks: U+{codepoint}"),
    "category.unknown": ("未知类别：{name}（现有：{known}）", "unknown category “{name}” (there are: {known})"),
    "category.unknown_short": ("未知类别：{name}", "unknown category “{name}”"),
    "category.exists": ("类别已存在：{name}", "the category exists: {name}"),
    "category.name_invalid": ("类别名称无效或已存在：{name}", "the category name is empty or taken: {name}"),
    "category.nest_in_itself": ("类别不能放在自己的子类别下", "a category cannot nest inside itself"),
    "category.merge_into_itself": ("不能并入自身", "a category cannot merge into itself"),
    "list.none": ("（无）", "(none)"),
    "suggestion.bad_verdict": ("未知结论：{verdict}", "unknown verdict {verdict}: it must be accepted or rejected"),
    "team.two_annotators": ("请指定两个不同的标注人", "give two different annotators"),
    "stats.unknown_dimension": ("未知维度：{by}（可选 {choices}）", "unknown dimension {by} (choose one of {choices})"),
    "safety.keep_one": ("至少保留 1 个备份", "keep at least one backup"),
    "reports.cannot_read_folder": ("无法读取文件夹（{why}）", "cannot read the folder: {why}"),
    "resolve.choose": ("请选择一种处理方式：--place、--accept 或 --delete", "choose one of --place, --accept, --delete"),
    "resolve.orphan_accept": ("标注 {id} 已找不到原文，不能直接接受，请用 --place 指定位置或 --delete 删除",
                              "annotation {id} no longer has a place in the text to accept; use --place START END "
                              "or --delete"),
    "resolve.wording_changed": ("文字已改动，请对照原来的摘录核对", "the wording changed; compare it with the quote before"),
}


class _Formatter(string.Formatter):
    """``str.format`` plus ``{n:word|words}``: the singular or plural word for the number n."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_override: list[str] = []
_saved: dict[str, str] = {}


def normal_language(lang: str | None) -> str:
    """``en`` for any English tag (``en``, ``en_GB``, ``english``), else Chinese."""
    return "en" if (lang or "").strip().lower().startswith("en") else DEFAULT_LANGUAGE


def language() -> str:
    """The language messages render in now: the one set by :func:`use_language` or
    :func:`set_language` (the app, the command line), else ``LAWGOV_LANG``, else the language
    saved by the app, else Chinese."""
    if _override:
        return _override[-1]
    env = os.environ.get("LAWGOV_LANG", "").strip()
    if env:
        return normal_language(env)
    home = os.environ.get("LAWGOV_HOME", "")
    if home:  # the settings file under it (tests, portable installs) may change while we run
        with contextlib.suppress(OSError):
            home += f"|{os.stat(os.path.join(home, 'settings', 'lawgov-desktop.ini')).st_mtime_ns}"
    if home not in _saved:
        try:
            from lawgov_desktop.preferences_store import saved_language

            _saved[home] = normal_language(saved_language())
        except Exception:  # no Qt, an unreadable settings file: the default
            _saved[home] = DEFAULT_LANGUAGE
    return _saved[home]


def set_language(lang: str) -> None:
    """Render in ``lang`` from now on (the app at start-up, after the user chose)."""
    _override[:] = [normal_language(lang)]
    _saved.clear()


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Render in ``lang`` inside the block (the command line for one command)."""
    _override.append(normal_language(lang))
    try:
        yield
    finally:
        _override.pop()


def render(code: str, data: Mapping[str, Any] | None = None, lang: str | None = None) -> str:
    """The catalogue's text for ``code`` filled with ``data``, in ``lang`` (default: :func:`language`).

    A value that is itself a message or a typed error renders in the same language; an
    unknown code (a newer version's stored label) shows as the code and its data.
    """
    lang = normal_language(lang) if lang else language()
    data = data or {}
    entry = CATALOGUE.get(code)
    if entry is None:
        return f"{code} {json.dumps(dict(data), ensure_ascii=False, default=str)}" if data else code
    fields = {k: _field(v, lang) for k, v in data.items()}
    try:
        return _FORMATTER.vformat(entry[1] if lang == "en" else entry[0], (), fields)
    except (KeyError, IndexError, ValueError):  # a stored label whose data lacks a field
        return f"{code} {json.dumps(dict(data), ensure_ascii=False, default=str)}"


def _field(value: Any, lang: str) -> Any:
    if isinstance(value, (Message, Coded)):
        return text(value, lang)
    if isinstance(value, (list, tuple)):  # several problems: each in the language, joined
        return "; ".join(str(_field(v, lang)) for v in value)
    return value


def fields_of(template: str) -> set[str]:
    """Names of the fields a template uses (for the catalogue's own tests)."""
    return {name.split(".")[0].split("[")[0] for _lit, name, _spec, _conv in string.Formatter().parse(template)
            if name}


class Message(str):
    """A note for the user: a catalogue ``code`` and its data, which is also its text in the
    language of the moment it was made (so it joins, logs and compares as a string)."""

    code: str
    data: dict[str, Any]

    def __new__(cls, code: str, /, **data: Any) -> Message:
        self = super().__new__(cls, render(code, data))
        self.code = code
        self.data = data
        return self

    def render(self, lang: str | None = None) -> str:
        """The text in ``lang`` (default: the language of now)."""
        return render(self.code, self.data, lang)

    def stored(self) -> str:
        """JSON for a project file (a history label): read back by :func:`from_stored`."""
        return json.dumps({"code": self.code, "data": self.data}, ensure_ascii=False, default=str)

    def __reduce__(self) -> tuple:
        return (_message, (self.code, self.data))


def _message(code: str, data: dict[str, Any]) -> Message:
    return Message(code, **data)


class Coded:
    """Mixin for an exception whose text is a catalogue entry: ``code`` (a class attribute)
    filled with the keyword arguments it was raised with (kept as :attr:`data`, and as
    attributes of the same names for callers that look at them).

    Put it first among the bases — ``class ReportNotFound(Coded, ValueError)`` — so an error
    still is the ``ValueError`` or ``ProjectError`` callers catch, while ``str(error)`` renders
    in the user's language."""

    code: ClassVar[str] = ""

    def __init__(self, **data: Any) -> None:
        super().__init__(self.code, data)
        self.data = data
        for key, value in data.items():
            if not hasattr(type(self), key):
                setattr(self, key, value)

    def render(self, lang: str | None = None) -> str:
        return render(self.code, self.data, lang)

    def __str__(self) -> str:
        return self.render()

    def __reduce__(self) -> tuple:  # keyword-only data: rebuilt by name between processes
        return (_rebuild, (type(self), self.data))


def _rebuild(cls: type[Coded], data: dict[str, Any]) -> Coded:
    return cls(**data)


def text(item: object, lang: str | None = None) -> str:
    """Any message, typed error or plain text, in ``lang``: the one call for showing library
    output to a person (an error's text, a note, a history label as stored)."""
    if isinstance(item, (Message, Coded)):
        return item.render(lang)
    render_in = getattr(item, "render_text", None)
    if callable(render_in):  # an error holding a message, e.g. ReportReadError
        return str(render_in(lang))
    if isinstance(item, BaseException) and len(item.args) == 1 and isinstance(item.args[0], (Message, Coded)):
        return text(item.args[0], lang)  # ProjectError(message)
    if isinstance(item, KeyError) and item.args:
        item = item.args[0]
    if isinstance(item, BaseException):
        item = str(item)
    if isinstance(item, str):
        return from_stored(item).render(lang)
    return str(item)


def stored(label: object) -> str:
    """How a label is kept in the project: a message as JSON (code and data), other text as is."""
    return label.stored() if isinstance(label, Message) else str(label or "")


def from_stored(label: str) -> Message:
    """A label as stored back into a message: the JSON of :func:`stored`, or the
    ``中文 (English)`` text older versions wrote (each half shown in its language), or
    plain text (shown as is in both)."""
    if isinstance(label, Message):
        return label
    if label.startswith('{"code"'):
        try:
            found = json.loads(label)
            return Message(str(found["code"]), **dict(found.get("data") or {}))
        except (ValueError, KeyError, TypeError):
            pass
    zh, en = split_bilingual(label)
    return Message("text.bilingual", zh=zh, en=en)


def split_bilingual(label: str) -> tuple[str, str]:
    """The Chinese and the English half of ``中文 (English)``; both the text itself otherwise."""
    zh, sep, en = label.partition(" (")
    if not sep or not en.endswith(")") or not _CJK.search(zh) or not _LATIN.search(en):
        return label, label
    return zh.strip(), en[:-1]


__all__ = ["CATALOGUE", "DEFAULT_LANGUAGE", "LANGUAGES", "Coded", "Message", "fields_of", "from_stored",
           "language", "normal_language", "render", "set_language", "split_bilingual", "stored", "text",
           "use_language"]
