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
    # a label the window wrote in its own language; ``other`` (the library's label of the same
    # step, when there was one) is what a reader in the other language sees
    "text.in_language": ("{text}", "{text}"),
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
    "cli.description": ("LawGov Desktop 命令行：导入、浏览、标注和导出法治政府建设年度报告。",
                        "LawGov Desktop's command line: read, tag and export rule-of-law government reports."),
    "cli.note": ("注意：{message}", "note: {message}"),
    "cli.imported": ("导入  #{id}  {path}", "imported  #{id}  {path}"),
    "cli.duplicate": ("已存在  #{id}  {path}", "duplicate  #{id}  {path}"),
    "cli.new_version": ("新版本  #{id}  {path}：原位 {kept}，移动 {moved}，待核对 {review}，失锚 {orphaned}",
                        "new version  #{id}  {path}: kept {kept}, moved {moved}, review {review}, orphaned {orphaned}"),
    "cli.look_alikes": ("字形  {path}：{n} 个部首字形（如 ⼀ ⺠）已改为通用汉字",
                        "look-alikes  {path}: {n} radical {n:look-alike|look-alikes} replaced by ordinary characters"),
    "cli.refused": ("拒绝  {path}：{reason}", "refused  {path}: {reason}"),
    "cli.held": ("未导入  {path}：作为报告 #{id} 的新版本只保留了原文的 {kept}，确认替换请加 --replace",
                 "not imported  {path}: as a new version of report #{id} it keeps only {kept} of its text; "
                 "add --replace to replace it"),
    "cli.report_no": ("报告{id}", "report {id}"),
    "cli.status_review": ("待核对", "review"),
    "cli.status_orphaned": ("失锚", "orphaned"),
    "cli.nothing_to_resolve": ("没有需要处理的标注", "nothing to resolve"),
    "cli.quote_was": ("原文：{quote}", "was: {quote}"),
    "cli.quote_now": ("现在：{quote}", "now: {quote}"),
    "cli.changes": ("改动：{changes}", "changed: {changes}"),
    "cli.deleted": ("已删除 #{id}", "deleted #{id}"),
    "cli.resolved": ("已处理 #{id}", "resolved #{id}"),
    "cli.not_a_text_format": ("{format} 不是文本格式，不能写到标准输出；请用 -o 指定文件",
                              "{format} is not a text format: give a file with -o"),
    "cli.bio_to_stdout": ("bio 按类别写出多个文件，不能写到标准输出；请加 --bio-policy longest 或用 -o 指定文件",
                          "bio per category writes several files: use --bio-policy longest or -o FILE"),
    "cli.stdout_and_json": ("-o - 与 --json 不能同时使用", "-o - and --json both use standard output"),
    "cli.top_at_least_one": ("--top 至少为 1", "--top must be at least 1"),
    "cli.exported": ("已导出摘录 {count} 条，标注 {tags} 次 → {path}",
                     "Exported {count} {count:excerpt|excerpts}, {tags} {tags:tag|tags} → {path}"),
    "cli.stdout": ("标准输出", "standard output"),
    "cli.exported_empty": ("没有符合条件的标注，已写出空文件", "No annotations matched; wrote an empty file"),
    "cli.import_counts": ("读取 {read} 条；新增 {added} 条；已存在 {duplicates} 条",
                          "Read {read}; added {added}; already there {duplicates}"),
    "cli.created_category": ("新建类别：{name}", "Created category: {name}"),
    "cli.unplaced": ("未能定位  {where}  《{report}》  “{quote}”：{reason}",
                     "unplaced  {where}  “{report}”  “{quote}”: {reason}"),
    "cli.undone": ("已撤销：{label}", "undone: {label}"),
    "cli.redone": ("已重做：{label}", "redone: {label}"),
    "cli.step_undone": ("已撤销", "undone"),
    "cli.step_done": ("可撤销", "done"),
    "cli.step_too_large": ("太大，不能撤销", "too large to undo"),
    "cli.no_backups": ("还没有备份 — {folder}", "no backups yet — {folder}"),
    "cli.backup_ok": ("正常", "ok"),
    "cli.backup_damaged": ("损坏：{problems}", "DAMAGED: {problems}"),
    "cli.backup_counts": ("报告 {reports}  标注 {annotations}", "reports {reports}  annotations {annotations}"),
    "cli.backed_up": ("已备份：{path}", "backed up: {path}"),
    "cli.backed_up_before_import": ("导入前已备份：{path}", "backed up before the import: {path}"),
    "cli.no_such_backup": ("找不到备份：{name}（可用 lawgov backups 查看）", "no such backup: {name} (see `lawgov backups`)"),
    "cli.open_elsewhere": ("项目正在另一个 LawGov 窗口中打开（{owner}），请先关闭再恢复",
                           "the project is open in a LawGov window ({owner}); close it before restoring"),
    "cli.restored": ("已恢复：{name}", "restored: {name}"),
    "cli.previous_state_saved": ("恢复前的状态已备份：{path}", "the previous state was saved: {path}"),
    "cli.check_counts": ("架构版本 {schema}  报告 {reports}  章节 {sections}  类别 {categories}  标注 {annotations}  "
                         "失锚 {orphaned}  待核对 {review}",
                         "schema {schema}  reports {reports}  sections {sections}  categories {categories}  "
                         "annotations {annotations}  orphaned {orphaned}  review {review}"),
    "cli.check_ok": ("完好", "ok"),
    "cli.check_damaged": ("发现问题：", "DAMAGED:"),
    "cli.restore_hint": ("可用 lawgov backups / lawgov restore 从备份恢复", "restore a backup with `lawgov restore`"),
    "cli.merged": ("合并 {source}", "merged {source}"),
    "cli.merge_reports": ("报告：新增 {added}，已有 {matched}，新版本 {newer}，旧版本重新定位 {reanchored}",
                          "reports: added {added}, matched {matched}, newer version {newer}, older version "
                          "re-anchored {reanchored}"),
    "cli.merge_report_added": ("新增报告  #{id}  {title}", "added  #{id}  {title}"),
    "cli.merge_report_newer": ("新版本  #{id}  {title}：原位 {kept}，移动 {moved}，待核对 {review}，失锚 {orphaned}",
                               "newer version  #{id}  {title}: kept {kept}, moved {moved}, review {review}, "
                               "orphaned {orphaned}"),
    "cli.merge_annotations": ("标注：新增 {added}；相同已跳过 {skipped}",
                              "annotations: added {added}; identical skipped {skipped}"),
    "cli.merge_not_placed": ("未能确定位置  #{id} 《{title}》 “{quote}”（{status}；lawgov orphans）",
                             "not placed with confidence  #{id} “{title}” “{quote}” ({status}; lawgov orphans)"),
    "cli.no_name": ("（无名）", "(no name)"),
    "cli.two_annotators": ("请用 --annotator 指定两位标注人", "give --annotator exactly twice"),
    "cli.unknown_annotator": ("没有这位标注人的标注：{names}（现有：{known}）", "no annotations by {names} (there are: {known})"),
    "cli.nothing_in_common": ("{a} 与 {b} 没有共同标注过的报告", "no report annotated by both {a} and {b}"),
    "cli.agreement_head": ("{a}（参照） vs {b}：{n} 份报告", "{a} (reference) vs {b}: {n} {n:report|reports}"),
    "cli.agreement_columns": ("类别\tκ\tF1 精确\tF1 重叠\t片段 A/B", "category\tκ\tF1 exact\tF1 overlap\tspans A/B"),
    "cli.overall": ("合计", "overall"),
    "cli.disagreements": ("分歧：{n}", "disagreements: {n}"),
    "cli.not_both": ("报告 #{id} 不是两人都标注过，未计入", "report #{id} was not annotated by both; left out"),
    "cli.server_changes": ("格式：{format}；服务器上未变 {kept}；修改 {changed}；删除 {deleted}",
                           "format: {format}; unchanged there {kept}; changed {changed}; deleted {deleted}"),
    "cli.server_deleted": ("删除  #{id}  报告 {report}  {start}-{end}  “{quote}”  ({annotator})",
                           "deleted  #{id}  report {report}  {start}-{end}  “{quote}”  ({annotator})"),
    "cli.server_changed": ("修改  #{id}  报告 {report}  原位置 {start}-{end}",
                           "changed  #{id}  report {report}  was at {start}-{end}"),
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
    "label.delete_report": ("删除报告 {id}", "delete report {id}"),
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
    "stats.coverage": ("{tagged}/{sections} 节\t{share} 字", "{tagged}/{sections} sections\t{share} of the characters"),
    "stats.unknown_dimension": ("未知维度：{by}（可选 {choices}）", "unknown dimension {by} (choose one of {choices})"),
    "safety.keep_one": ("至少保留 1 个备份", "keep at least one backup"),
    "reports.cannot_read_folder": ("无法读取文件夹（{why}）", "cannot read the folder: {why}"),
    "resolve.choose": ("请选择一种处理方式：--place、--accept 或 --delete", "choose one of --place, --accept, --delete"),
    "resolve.orphan_accept": ("标注 {id} 已找不到原文，不能直接接受，请用 --place 指定位置或 --delete 删除",
                              "annotation {id} no longer has a place in the text to accept; use --place START END "
                              "or --delete"),
    "resolve.wording_changed": ("文字已改动，请对照原来的摘录核对", "the wording changed; compare it with the quote before"),
    # -- placing annotations again ------------------------------------------------------------
    "anchor.empty_quote": ("摘录为空", "empty quote"),
    "anchor.gone": ("报告中已找不到这段文字", "the quote no longer occurs in the report"),
    "anchor.ambiguous": ("这段文字在报告中出现多次，上下文无法区分",
                         "the quote occurs several times and its context does not tell which"),
    "anchor.not_in_new_version": ("报告新版本中找不到这段文字", "the quote is no longer in the new version"),
    "anchor.edge_widened": ("边缘的数字或字母有改动，已扩大到完整的数字或词",
                            "a number or Latin word at the edge changed; the span now covers all of it"),
    "anchor.context_differs": ("找到相同或相似的文字，但上下文不同，可能是别处的套话",
                               "similar text found, but its context differs; it may be a look-alike passage"),
    "anchor.fewer_times": ("这段文字在新版本中出现的次数减少了，改动的可能正是这一处",
                           "the phrase occurs fewer times in the new version; the changed one may be this one"),
    "anchor.several": ("有多处相同文字，无法确定是哪一处", "several identical passages; cannot tell which one is meant"),
    # -- reading report files --------------------------------------------------------------------
    "read.cannot_read": ('无法读取 "{file}"：{reason}', 'cannot read "{file}": {reason}'),
    "read.binary": ("文件是二进制数据，不是文本", "binary data, not text"),
    "read.really_kind": ("文件其实是{kind}，不是文本", "this is really {kind}, not text"),
    "read.really_kind_advice": ("文件其实是{kind}，{advice}", "this is really {kind}; {advice}"),
    "advice.save_as": ("请另存为 .docx 或 .txt", "save it as .docx or .txt"),
    "advice.save_as_in_word": ("请在 Word/WPS 中另存为 .docx 或 .txt", "save it as .docx or .txt in Word or WPS"),
    "advice.extract": ("请先解压", "extract it first"),
    "advice.rename_docx": ("请把扩展名改为 .docx", "rename it to .docx"),
    "kind.pdf": (" PDF 文件", "a PDF file"),
    "kind.ole": ("旧版 Word .doc/WPS 文件或加密文档", "an old .doc/.wps file or an encrypted document"),
    "kind.rtf": (" RTF 文档", "an RTF document"),
    "kind.png": (" PNG 图片", "a PNG image"),
    "kind.jpeg": (" JPEG 图片", "a JPEG image"),
    "kind.gif": (" GIF 图片", "a GIF image"),
    "kind.tiff": (" TIFF 图片", "a TIFF image"),
    "kind.elf": ("可执行程序", "an ELF executable"),
    "kind.exe": (" Windows 程序", "a Windows executable"),
    "kind.rar": (" RAR 压缩包", "a RAR archive"),
    "kind.7z": (" 7z 压缩包", "a 7z archive"),
    "kind.gzip": (" gzip 压缩文件", "a gzip file"),
    "kind.xz": (" xz 压缩文件", "an xz file"),
    "kind.sqlite": (" SQLite 数据库", "an SQLite database"),
    "kind.docx": (" Word .docx 文档", "a .docx document"),
    "kind.office": (" Excel/PowerPoint 文件", "an Excel/PowerPoint file"),
    "kind.zip": (" ZIP 压缩包", "a ZIP archive"),
    "read.bad_utf16": ("UTF-16 文本在第 {byte} 字节处损坏或被截断", "invalid or truncated UTF-16 at byte {byte}"),
    "read.empty_file": ("文件是空的", "empty file"),
    "read.utf32": ("不支持 UTF-32 编码，请另存为 UTF-8", "UTF-32 is not supported; save as UTF-8"),
    "read.truncated_utf8": ("UTF-8 文本在第 {byte} 字节处被截断，文件不完整", "truncated UTF-8 at byte {byte}"),
    "read.bad_utf8": ("第 {byte} 字节起不是有效的 UTF-8，文件可能已损坏",
                      "invalid UTF-8 at byte {byte}; the file may be damaged"),
    "read.not_utf8_nor_gbk": ("第 {byte} 字节起不是有效的 UTF-8，也不是 GB18030/GBK 中文，请另存为 UTF-8",
                              "invalid UTF-8 at byte {byte}, not GB18030/GBK either; save it as UTF-8"),
    "read.refused_kind": ("不支持 {ext} 文件，请另存为 .docx 或 .txt 后再导入",
                          "{ext} files are not supported; save it as .docx or .txt"),
    "read.unsupported_type": ("不支持的文件类型“{ext}”，可导入 {known}", "unsupported file type “{ext}”; use {known}"),
    "read.no_extension": ("无扩展名", "no extension"),
    "read.too_big": ("文件太大，上限 {limit} MB", "file too large; the limit is {limit} MB"),
    "read.is_folder": ("这是文件夹，不是文件", "this is a folder, not a file"),
    "read.not_regular": ("不是普通文件", "not a regular file"),
    "read.not_found": ("文件不存在", "file not found"),
    "read.permission": ("没有读取权限", "permission denied"),
    "read.io_error": ("读取失败（{why}）", "I/O error: {why}"),
    "read.no_text": ("文件里没有文字", "empty: no text in the file"),
    "read.nothing_to_paste": ("剪贴板里没有文字", "there is no text to paste"),
    "read.doc_is_docx": ("这其实是 .docx 文档，请把扩展名改为 .docx 后再导入",
                         "this is really a .docx document; rename it to .docx"),
    "read.doc_is_rtf": ("这其实是 RTF 文档，请在 Word/WPS 中另存为 .docx 后再导入",
                        "this is really an RTF document; save it as .docx in Word or WPS"),
    "read.doc_unsupported": ("暂不支持旧版 Word {ext} 格式，请在 Word/WPS 中另存为 .docx 后再导入",
                             "{ext} files cannot be read; save it as .docx in Word or WPS, then import that"),
    "read.wps_unsupported": ("暂不支持 WPS 文字 {ext} 格式，请在 Word/WPS 中另存为 .docx 后再导入",
                             "{ext} files cannot be read; save it as .docx in Word or WPS, then import that"),
    "read.corrupt": ("不是有效的 {kind} 文件，文件可能已损坏", "corrupt or invalid {kind} file"),
    "read.empty_page": ("网页里没有内容", "empty web page"),
    "read.page_too_deep": ("网页的元素嵌套超过 {depth} 层，无法完整读取",
                           "the page nests elements more than {depth} deep and cannot be read whole"),
    "read.page_no_text": ("网页正文里没有文字", "empty: the page has no text in its body"),
    "read.too_much_text": ("{kind} 文字太多", "too much text in this {kind} file"),
    "read.too_many_pages": ("{kind} 页数太多（上限 {limit} 页）", "too many pages in this {kind} file (the limit is {limit})"),
    "read.ofd_no_text": ("OFD 文件里没有文字，可能是扫描件；请先用 OCR 软件识别文字", "no text in this OFD file: it may be a scan"),
    "read.ofd_private_use": ("OFD 文件的文字使用了无法识别的私有编码（嵌入字体的私有区字符），无法导入",
                             "the text is in private-use code points of embedded fonts"),
    "read.ofd_part_missing": ("OFD 文件缺少“{part}”部分，文件可能已损坏", "a part is missing: {part}"),
    "read.ofd_bad_xml": ("OFD 文件中的“{part}”不是有效的 XML（{why}）", "{part} is not valid XML: {why}"),
    "read.pdf_scanned": ("此 PDF 为扫描件，没有文字层，无法导入文字；请先用 OCR 软件识别文字",
                         "this PDF is a scan with no text layer"),
    "read.pdf_encrypted": ("此 PDF 已加密，需要密码才能打开；请在 PDF 阅读器中输入密码后另存一份不加密的再导入",
                           "this PDF is encrypted and needs a password"),
    "read.pdf_unmapped": ("此 PDF 的文字层没有可识别的字符编码（字体把文字映射到私有区），无法导入文字；请用 OCR 软件识别",
                          "the text layer maps its glyphs to no real characters"),
    "read.pdf_bomb": ("PDF 中有解压后异常巨大的数据，可能是恶意构造的文件，已拒绝",
                      "a compressed stream in this PDF inflates to an abnormal size; refused"),
    "read.pdf_missing_component": ("未安装 PDF 组件 pypdfium2，无法读取 PDF", "the pypdfium2 package is missing"),
    "read.pdf_too_many_pages": ("PDF 页数太多（{count} 页，上限 {limit} 页）",
                                "too many pages in this PDF ({count}; the limit is {limit})"),
    "read.pdf_timeout": ("PDF 读取超时（超过 {seconds} 秒），文件过于复杂",
                         "reading this PDF took too long (over {seconds} s)"),
    "read.pdf_page_damaged": ("PDF 第 {page} 页已损坏", "page {page} is damaged"),
    # -- zip packages (.docx, .ofd, .xlsx, …) -------------------------------------------------------
    "zip.invalid": ("不是有效的压缩包，文件可能已损坏（{why}）", "not a valid zip package: {why}"),
    "zip.too_many_entries": ("压缩包里的文件太多（{n} 个）", "too many entries in the package ({n})"),
    "zip.entry_outside": ("压缩包里有指向包外的路径“{name}”", "an entry points outside the package: “{name}”"),
    "zip.invalid_path": ("无效的包内路径“{name}”", "invalid path inside the package: “{name}”"),
    "zip.path_outside": ("包内路径“{name}”指向包外", "a path points outside the package: “{name}”"),
    "zip.damaged_part": ("压缩包中的“{name}”已损坏或无法读取（{why}）", "damaged or unreadable part “{name}”: {why}"),
    "zip.too_big": ("压缩包中的{name}解压后过大（至少 {mb} MB），可能是“压缩炸弹”，已拒绝",
                    "a part {name} inflates to too much data (at least {mb} MB): possibly a zip bomb"),
    "zip.ratio": ("压缩包中的“{name}”压缩比异常，可能是“压缩炸弹”，已拒绝",
                  "the part “{name}” has an abnormal compression ratio: possibly a zip bomb"),
    # -- exports ----------------------------------------------------------------------------------
    "export.cancelled": ("导出已取消", "export cancelled"),
    "export.unknown_format": ("未知导出格式：{format}（可选 {choices}）", "unknown format {format} (choose one of {choices})"),
    "export.unknown_option": ("{option} 的值 {value} 无效（可选 {choices}）",
                              "{option}: unknown value {value} (choose one of {choices})"),
    "export.output_is_folder": ("目标是文件夹，不是文件：{path}", "the output path is a folder: {path}"),
    "export.output_not_regular": ("目标不是普通文件（设备、管道等），不会被替换：{path}",
                                  "the output path is a device, pipe or socket, not a file; it is never replaced: {path}"),
    "export.output_exists": ("文件已存在：{path}（如需覆盖请使用 --force）", "file exists: {path} (use --force to replace it)"),
    "export.output_appeared": ("文件已存在：{path}", "file exists: {path}"),
    "export.no_such_folder": ("目标文件夹不存在：{folder}", "no such folder: {folder}"),
    "export.outputs_collide": ("两个输出文件会是同一个文件：{first} 与 {second}",
                               "two files of this export would be the same file: {first} and {second}"),
    "export.no_space": ("磁盘空间不足，无法写入：{path}", "no space left on the destination: {path}"),
    "export.read_only": ("目标位置只读，无法写入：{path}", "the destination is read-only: {path}"),
    "export.permission": ("没有写入权限：{path}", "permission denied, the folder may be read-only: {path}"),
    "export.cannot_write": ("无法写入：{path}（{why}）", "cannot write {path}: {why}"),
    "export.orphans_left_out": ("{n} 条标注已失去在报告中的位置（待核对），未导出",
                                "{n} orphaned {n:annotation|annotations} not exported; settle them first"),
    "export.bio_overlaps_dropped": ("{n} 个重叠片段未写入 BIO 文件", "{n} overlapping {n:span|spans} dropped"),
    "export.bio_renamed_file": ("类别“{name}”写入 {file}（文件名不能照用类别名）",
                                "category “{name}” went to {file}: its name cannot be a file name as is"),
    "export.cells_truncated": ("{n} 个单元格超过 Excel 上限，已截断", "{n} {n:cell|cells} over Excel's limit truncated"),
    # -- importing annotations -----------------------------------------------------------------------
    "import.zip_package": ("这是压缩包（.xlsx/.docx/.qdpx 等）：标注只能从 LawGov 导出的 JSONL 或 W3C 文件导回：{path}",
                           "a zip package such as .xlsx/.docx/.qdpx: annotations are read back from JSONL or W3C "
                           "exports only: {path}"),
    "import.not_utf8": ("文件不是 UTF-8 编码：{path}", "not UTF-8: {path}"),
    "import.cannot_read": ("无法读取：{path}（{why}）", "cannot read {path}: {why}"),
    "import.json_too_deep": ("文件中的 JSON 嵌套层次太深，无法读取：{path}", "the JSON is nested too deeply to read: {path}"),
    "import.line_not_json": ("不是有效的 JSON", "not valid JSON"),
    "import.line_too_deep": ("JSON 嵌套层次太深", "JSON nested too deeply"),
    "import.line_not_object": ("不是 JSON 对象", "not a JSON object"),
    "import.not_a_json_object": ("不是有效的 JSON 对象", "not a valid JSON object"),
    "import.title_ambiguous": ("项目中有 {n} 份同名报告，无法确定", "{n} reports in the project have this title"),
    "import.report_missing": ("项目中没有这份报告，请先导入报告", "the report is not in this project; import it first"),
    "import.offsets_only_differ": ("只有报告编号可对照，而原位置的文字已不同",
                                   "only the report id matches and the text at the offsets differs"),
    "import.bad_dates": ("{n} 条标注的时间不是有效日期，已改为导入时间 {stamp}",
                         "{n} {n:annotation has|annotations have} no valid date; the import time {stamp} was used"),
    "reconcile.none_submitted": ("《{title}》：服务器上没有人提交的标注，未作改动",
                                 "“{title}”: no submitted annotation on the server; nothing changed"),
    "reconcile.no_spans_kept": ("《{title}》：服务器文件中这份报告没有任何标注，未删除本地的 {n} 条",
                                "“{title}”: the server's file holds no span for this report; the {n} here were not "
                                "deleted"),
    "reconcile.none_of_ours": ("《{title}》：服务器文件中没有我们发送的任何标注，只加入其中新增的，未删除本地标注",
                               "“{title}”: the server's file holds none of the spans sent; only its new spans were "
                               "added, nothing deleted"),
    "reconcile.bad_offsets": ("位置无效：{start}–{end}", "offsets {start}–{end} lie outside the text"),
    "reconcile.member_too_large": ("压缩包中的文件过大：{name}", "a member of the package is too large: {name}"),
    "reconcile.unknown_list": ("无法识别的 JSON 列表：{path}（既不是 Label Studio 导出，也不是 W3C 标注）",
                               "a JSON list that is neither a Label Studio export nor W3C annotations: {path}"),
    # -- the word dictionary -----------------------------------------------------------------------
    "words.still_loading": ("分词词典加载超时", "the word dictionary is still loading"),
    "words.failed": ("分词词典加载失败：{why}", "cannot load the word dictionary: {why}"),
    "words.dictionary_missing": ("分词词典缺失（未安装 jieba 的词典）", "jieba's dictionary is not installed"),
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
    if code == "text.in_language" and data.get("lang") != lang and isinstance(data.get("other"), Message):
        return data["other"].render(lang)
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
        return json.dumps({"code": self.code, "data": _plain(self.data)}, ensure_ascii=False, default=str)

    def __reduce__(self) -> tuple:
        return (_message, (self.code, self.data))


def _message(code: str, data: dict[str, Any]) -> Message:
    return Message(code, **data)


def _plain(value: Any) -> Any:
    """Data for JSON: a message inside (a label's fallback) as its code and data."""
    if isinstance(value, Message):
        return {"$message": value.code, "data": _plain(value.data)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _revive(value: Any) -> Any:
    if isinstance(value, dict):
        if "$message" in value:
            return Message(str(value["$message"]), **_revive(dict(value.get("data") or {})))
        return {k: _revive(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_revive(v) for v in value]
    return value


def in_language(label: str, lang: str) -> Message:
    """A label written in ``lang`` only (the window's own words for a step); see :func:`with_fallback`."""
    return Message("text.in_language", text=str(label), lang=normal_language(lang))


def with_fallback(outer: object, inner: object) -> object:
    """``outer`` (a label in one language) with ``inner`` (the library's label of the same step)
    for readers of the other language; any other ``outer`` unchanged."""
    if (isinstance(outer, Message) and outer.code == "text.in_language" and "other" not in outer.data
            and isinstance(inner, Message)):
        return Message("text.in_language", **outer.data, other=inner)
    return outer


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
            return Message(str(found["code"]), **_revive(dict(found.get("data") or {})))
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


__all__ = ["CATALOGUE", "DEFAULT_LANGUAGE", "LANGUAGES", "Coded", "Message", "fields_of", "from_stored", "in_language",
           "with_fallback",
           "language", "normal_language", "render", "set_language", "split_bilingual", "stored", "text",
           "use_language"]
