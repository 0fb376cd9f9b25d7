<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>About {app}</source>
            <extracomment>Licences of the run-time packages, for builds that carry no package metadata (frozen apps). Checked against the installed metadata by tests/gui/test_help_dialogs.py.</extracomment>
            <translation>关于 {app}</translation>
        </message>
        <message>
            <source>About</source>
            <translation>关于</translation>
        </message>
        <message>
            <source>Licences</source>
            <translation>许可证</translation>
        </message>
        <message>
            <source>Where your data is</source>
            <translation>数据位置</translation>
        </message>
        <message>
            <source>Version {version}</source>
            <translation>版本 {version}</translation>
        </message>
        <message>
            <source>Read, compare and tag annual rule-of-law government reports (法治政府建设年度报告), and export the tagged excerpts. Everything stays on this computer: the app never connects to the internet.</source>
            <translation>阅读、对照和标注法治政府建设年度报告，并导出标注摘录。所有数据都保存在本机：本程序从不连接互联网。</translation>
        </message>
        <message>
            <source>© 2026 LawGov Desktop contributors. Free software under the MIT licence; the parts it bundles keep their own licences (see Licences).</source>
            <translation>© 2026 LawGov Desktop 贡献者。本程序是以 MIT 许可证发布的自由软件；随附的各组件沿用各自的许可证（见“许可证”）。</translation>
        </message>
        <message>
            <source>Part</source>
            <translation>组件</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <source>Licence</source>
            <translation>许可证</translation>
        </message>
        <message>
            <source>Qt is used under the GNU LGPL version 3 through PySide6; you may replace the Qt libraries in the installed app with your own build. The bundled font is under the SIL Open Font License 1.1.</source>
            <translation>Qt 通过 PySide6 以 GNU LGPL 第 3 版使用；您可以用自行编译的 Qt 库替换已安装程序中的 Qt 库。随附字体采用 SIL 开放字体许可证 1.1（OFL）。</translation>
        </message>
        <message>
            <source>App licence (MIT)…</source>
            <translation>本程序许可证（MIT）…</translation>
        </message>
        <message>
            <source>Licence of {app}</source>
            <translation>{app} 的许可证</translation>
        </message>
        <message>
            <source>Font licence (OFL)…</source>
            <translation>字体许可证（OFL）…</translation>
        </message>
        <message>
            <source>Font licence</source>
            <translation>字体许可证</translation>
        </message>
        <message>
            <source>About Qt…</source>
            <translation>关于 Qt…</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Copy the path</source>
            <translation>复制路径</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Open the folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <source>Your projects, backups and logs are never kept in the program's install folder. Setting the LAWGOV_HOME environment variable moves all of them under one folder (portable use).</source>
            <translation>项目、备份和日志从不保存在程序的安装文件夹中。设置环境变量 LAWGOV_HOME 可将它们全部移到同一个文件夹下（便携使用）。</translation>
        </message>
        <message>
            <source>this program</source>
            <translation>本程序</translation>
        </message>
        <message>
            <source>user-interface libraries, inside PySide6</source>
            <translation>界面库（随 PySide6 提供）</translation>
        </message>
        <message>
            <source>bundled font: a subset of Noto Sans CJK SC</source>
            <translation>随附字体：Noto Sans CJK SC 的子集</translation>
        </message>
        <message>
            <source>programming language and its standard library</source>
            <translation>编程语言及其标准库</translation>
        </message>
        <message>
            <source>the project file's database engine</source>
            <translation>项目文件的数据库引擎</translation>
        </message>
        <message>
            <source>Data folder</source>
            <translation>数据文件夹</translation>
        </message>
        <message>
            <source>Log folder</source>
            <translation>日志文件夹</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Cache folder</source>
            <translation>缓存文件夹</translation>
        </message>
        <message>
            <source>Project file</source>
            <translation>项目文件</translation>
        </message>
        <message>
            <source>Backups folder</source>
            <translation>备份文件夹</translation>
        </message>
    </context>
    <context>
        <name>AdjudicationDialog</name>
        <message>
            <source>Adjudication — {title}</source>
            <translation>裁定 — {title}</translation>
        </message>
        <message>
            <source>{a} (A, blue) and {b} (B, orange) → {gold} (green). Spans both made alike are in {gold} already; decide each disagreement.</source>
            <translation>{a}（A，蓝）与 {b}（B，橙）→ {gold}（绿）。两人完全相同的标注已进入 {gold}；请逐条裁定分歧。</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Disagreements</source>
            <translation>分歧</translation>
        </message>
        <message>
            <source>Agreed spans into {gold}</source>
            <translation>一致的标注并入 {gold}</translation>
        </message>
        <message>
            <source>undecided</source>
            <translation>未裁定</translation>
        </message>
        <message>
            <source>No disagreement left in this report.</source>
            <translation>这份报告没有分歧了。</translation>
        </message>
        <message>
            <source>{choice}: {category} “{quote}”</source>
            <translation>{choice}：{category}“{quote}”</translation>
        </message>
    </context>
    <context>
        <name>AgreementDialog</name>
        <message>
            <source>Agreement</source>
            <translation>一致性</translation>
        </message>
        <message>
            <source>Annotator A (reference):</source>
            <translation>标注人 A（参照）：</translation>
        </message>
        <message>
            <source>Annotator B:</source>
            <translation>标注人 B：</translation>
        </message>
        <message>
            <source>Report:</source>
            <translation>报告：</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>分歧类型</translation>
        </message>
        <message>
            <source>A</source>
            <translation>A</translation>
        </message>
        <message>
            <source>B</source>
            <translation>B</translation>
        </message>
        <message>
            <source>Adjudicate this report…</source>
            <translation>裁定这份报告…</translation>
        </message>
        <message>
            <source>Disagreements (click one to open it):</source>
            <translation>分歧（单击打开原文）：</translation>
        </message>
        <message>
            <source>All reports both annotated</source>
            <translation>两人共同标注的全部报告</translation>
        </message>
        <message>
            <source>Choose two different annotators.</source>
            <translation>请选择两位不同的标注人。</translation>
        </message>
        <message>
            <source>{a} and {b} have no report they both annotated.</source>
            <translation>{a} 与 {b} 没有共同标注过的报告。</translation>
        </message>
        <message>
            <source>{n} reports annotated by both; {d} disagreements. κ per character, span F1 exact and overlapping; A is the reference.</source>
            <translation>两人共同标注的报告 {n} 份；分歧 {d} 处。κ 按字计算，片段 F1 分完全一致与重叠两种；以 A 为参照。</translation>
        </message>
        <message>
            <source>Overall</source>
            <translation>合计</translation>
        </message>
    </context>
    <context>
        <name>AnnotationEditor</name>
        <message>
            <source>Annotation</source>
            <translation>标注</translation>
        </message>
        <message>
            <source>(before the first heading)</source>
            <translation>（位于第一个标题之前）</translation>
        </message>
        <message>
            <source>Note (optional)</source>
            <translation>备注（可选）</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Report:</source>
            <translation>报告：</translation>
        </message>
        <message>
            <source>Section:</source>
            <translation>章节：</translation>
        </message>
        <message>
            <source>Quote:</source>
            <translation>摘录：</translation>
        </message>
        <message>
            <source>Categories:</source>
            <translation>类别：</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>备注：</translation>
        </message>
        <message>
            <source>Shortcut key: {key}</source>
            <translation>快捷键：{key}</translation>
        </message>
        <message>
            <source>By {who} · created {created} · updated {updated}</source>
            <translation>标注人 {who} · 创建于 {created} · 更新于 {updated}</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>No category</source>
            <translation>未选类别</translation>
        </message>
        <message>
            <source>No category is checked. Keep the passage as an uncategorised highlight?</source>
            <translation>未勾选任何类别。是否将这段文字保留为未分类的划线？</translation>
        </message>
        <message>
            <source>Edit annotation</source>
            <translation>修改标注</translation>
        </message>
        <message>
            <source>Delete annotation</source>
            <translation>删除标注</translation>
        </message>
        <message>
            <source>Uncategorised</source>
            <translation>未分类</translation>
        </message>
        <message>
            <source>Annotation #{id}</source>
            <translation>标注 #{id}</translation>
        </message>
    </context>
    <context>
        <name>AnnotationTableModel</name>
        <message>
            <source>Report</source>
            <extracomment>category operations that change how chips look but not which annotations carry which category (the filter aside), so the list is repainted rather than queried again changed annotations moved in the list row by row (Qt's row signals); more: one reset columns sorted by a value the listed keys do not hold, and the annotation field behind each</extracomment>
            <translation>报告</translation>
        </message>
        <message>
            <source>Section</source>
            <translation>章节</translation>
        </message>
        <message>
            <source>Quote</source>
            <translation>摘录</translation>
        </message>
        <message>
            <source>Categories</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Annotator</source>
            <translation>标注人</translation>
        </message>
        <message>
            <source>Updated</source>
            <translation>更新时间</translation>
        </message>
        <message>
            <source>Beginning of the report</source>
            <translation>报告开头</translation>
        </message>
        <message>
            <source>Created {time}</source>
            <translation>创建于 {time}</translation>
        </message>
    </context>
    <context>
        <name>AnnotationsPanel</name>
        <message>
            <source>All categories</source>
            <extracomment>list only this annotator's annotations (None: everyone's); set by the annotator filter</extracomment>
            <translation>全部</translation>
        </message>
        <message>
            <source>Filter quote or note…</source>
            <translation>筛选摘录或备注…</translation>
        </message>
        <message>
            <source>Open reports</source>
            <translation>当前打开的报告</translation>
        </message>
        <message>
            <source>All reports</source>
            <translation>全部报告</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Uncategorised</source>
            <translation>未分类</translation>
        </message>
        <message>
            <source>{count} annotation(s)</source>
            <translation>共 {count} 条标注</translation>
        </message>
        <message>
            <source>Go to passage</source>
            <translation>跳转到原文</translation>
        </message>
        <message>
            <source>Delete {count} annotation(s)</source>
            <translation>删除 {count} 条标注</translation>
        </message>
        <message>
            <source>Annotation list</source>
            <translation>标注列表</translation>
        </message>
    </context>
    <context>
        <name>App</name>
        <message>
            <source>Restore from a backup?</source>
            <extracomment>Called with the main window once it is shown, before the event loop runs: tools that drive the real app add theirs here (``lawgov bench`` through :mod:`lawgov_desktop.bench.app_probe`), so that the app itself never imports them.</extracomment>
            <translation>从备份恢复？</translation>
        </message>
        <message>
            <source>There are {n} backups of {name}. Open the Backups dialog to check them and restore one?</source>
            <translation>{name} 有 {n} 个备份。打开“备份与恢复”对话框，检查并恢复其中一个？</translation>
        </message>
        <message>
            <source>Cannot open the project</source>
            <translation>无法打开项目</translation>
        </message>
        <message>
            <source>Could not back up the project on opening: {why}</source>
            <extracomment>Cyclic garbage collection resumes this long after start at the latest (a window not painted).</extracomment>
            <translation>打开项目时未能备份：{why}</translation>
        </message>
        <message>
            <source>Cannot create the project</source>
            <translation>无法创建项目</translation>
        </message>
        <message>
            <source>Project opened read-only</source>
            <translation>项目以只读方式打开</translation>
        </message>
        <message>
            <source>the lock file cannot be created</source>
            <translation>无法创建锁文件</translation>
        </message>
        <message>
            <source>LawGov Desktop keeps its projects in {folder}, but that folder cannot be created or written to ({why}). Make sure you can write there, or set the LAWGOV_HOME environment variable to a folder you can write to, then start the app again.</source>
            <translation>LawGov Desktop 把项目保存在 {folder}，但无法创建或写入该文件夹（{why}）。请确认您对该文件夹有写入权限，或把环境变量 LAWGOV_HOME 设为一个可写入的文件夹，然后重新启动本程序。</translation>
        </message>
        <message>
            <source>The folder {folder} cannot be written to ({why}), so “{name}” is opened read-only: you can read and search, but not tag. Check the folder's permissions, or copy the project to a folder you can write to and open it there.</source>
            <translation>无法写入文件夹 {folder}（{why}），因此“{name}”以只读方式打开：可以阅读和搜索，但不能标注。请检查该文件夹的权限，或把项目复制到可写入的文件夹后再打开。</translation>
        </message>
    </context>
    <context>
        <name>AttentionDialog</name>
        <message>
            <source>Annotations to review</source>
            <extracomment>Unchanged stretches longer than this are shortened in the before/now comparison.</extracomment>
            <translation>需要复核的标注</translation>
        </message>
        <message>
            <source>After a report was imported in a new version, these annotations could not be placed with confidence (to check) or their passage is gone (lost their place).</source>
            <translation>报告导入新版本后，以下标注未能确定新位置（待核对），或原文已被删除（失锚）。</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Quote now</source>
            <translation>现在的摘录</translation>
        </message>
        <message>
            <source>Quote before</source>
            <translation>原来的摘录</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Go to passage</source>
            <translation>跳转到原文</translation>
        </message>
        <message>
            <source>Accept new place</source>
            <translation>确认新位置</translation>
        </message>
        <message>
            <source>The annotation is where it should be: mark it as checked</source>
            <translation>标注位置正确：标记为已核对</translation>
        </message>
        <message>
            <source>Move to selection</source>
            <translation>移到选中文字</translation>
        </message>
        <message>
            <source>Put the annotation on the text selected in the report</source>
            <translation>把标注放到报告中当前选中的文字上</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>To check</source>
            <translation>待核对</translation>
        </message>
        <message>
            <source>Lost its place</source>
            <translation>失锚</translation>
        </message>
        <message>
            <source>{n} annotation(s) to review</source>
            <translation>{n} 条标注需要复核</translation>
        </message>
        <message>
            <source>Nothing to review.</source>
            <translation>没有需要复核的标注。</translation>
        </message>
        <message>
            <source>Before: {text}</source>
            <translation>原来：{text}</translation>
        </message>
        <message>
            <source>Now: not found in the new version</source>
            <translation>现在：新版本中已找不到这段文字</translation>
        </message>
        <message>
            <source>Now: {text}</source>
            <translation>现在：{text}</translation>
        </message>
        <message>
            <source>Select the right passage in report #{id} first (Go to passage opens it).</source>
            <translation>请先在报告 #{id} 中选中正确的文字（“跳转到原文”可打开该报告）。</translation>
        </message>
        <message>
            <source>Delete annotation to review</source>
            <translation>删除待复核的标注</translation>
        </message>
    </context>
    <context>
        <name>BarChart</name>
        <message>
            <source>Nothing to show yet.</source>
            <extracomment>Views of the dialog: annotation counts by a dimension, or a coverage share.</extracomment>
            <translation>暂无数据。</translation>
        </message>
    </context>
    <context>
        <name>CategoryActions</name>
        <message>
            <source>Categories</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Tag as:</source>
            <translation>标注为：</translation>
        </message>
        <message>
            <source>Tag the selection as {name} ({key})</source>
            <translation>将所选文字标注为 {name}（{key}）</translation>
        </message>
        <message>
            <source>Tag the selection as {name}</source>
            <translation>将所选文字标注为 {name}</translation>
        </message>
        <message>
            <source>(no categories)</source>
            <translation>（没有类别）</translation>
        </message>
    </context>
    <context>
        <name>CategoryManagerDialog</name>
        <message>
            <source>Manage categories</source>
            <translation>类别管理</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>快捷键</translation>
        </message>
        <message>
            <source>Annotations</source>
            <translation>标注数</translation>
        </message>
        <message>
            <source>Keywords</source>
            <translation>关键词</translation>
        </message>
        <message>
            <source>New</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>Rename</source>
            <translation>重命名</translation>
        </message>
        <message>
            <source>Colour…</source>
            <translation>颜色…</translation>
        </message>
        <message>
            <source>Shortcut key</source>
            <translation>快捷键</translation>
        </message>
        <message>
            <source>Move up</source>
            <translation>上移</translation>
        </message>
        <message>
            <source>Move down</source>
            <translation>下移</translation>
        </message>
        <message>
            <source>Make subcategory</source>
            <translation>设为子类别</translation>
        </message>
        <message>
            <source>Promote</source>
            <translation>提升</translation>
        </message>
        <message>
            <source>Merge into…</source>
            <translation>合并到…</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Redo</source>
            <translation>重做</translation>
        </message>
        <message>
            <source>A category needs a name.</source>
            <translation>类别名称不能为空。</translation>
        </message>
        <message>
            <source>A category name cannot contain line breaks, tabs or other control characters.</source>
            <translation>类别名称不能含有换行、制表符等控制字符。</translation>
        </message>
        <message>
            <source>New category</source>
            <translation>新建类别</translation>
        </message>
        <message>
            <source>Name of the new category:</source>
            <translation>新类别的名称：</translation>
        </message>
        <message>
            <source>Rename category</source>
            <translation>重命名类别</translation>
        </message>
        <message>
            <source>New name:</source>
            <translation>新名称：</translation>
        </message>
        <message>
            <source>Merge category</source>
            <translation>合并类别</translation>
        </message>
        <message>
            <source>A category name may have at most {n} characters.</source>
            <translation>类别名称最多 {n} 个字符。</translation>
        </message>
        <message>
            <source>A category named “{name}” already exists.</source>
            <translation>已有名为“{name}”的类别。</translation>
        </message>
        <message>
            <source>Rename “{old}” to “{new}”</source>
            <translation>将“{old}”重命名为“{new}”</translation>
        </message>
        <message>
            <source>A shortcut is a single key 0–9 or a–z.</source>
            <translation>快捷键只能是单个键：0–9 或 a–z。</translation>
        </message>
        <message>
            <source>Shortcut of “{name}”</source>
            <translation>设置“{name}”的快捷键</translation>
        </message>
        <message>
            <source>A category cannot be nested inside itself.</source>
            <translation>类别不能放在自身或其子类别之下。</translation>
        </message>
        <message>
            <source>Move “{name}”</source>
            <translation>移动“{name}”</translation>
        </message>
        <message>
            <source>Delete category “{name}”</source>
            <translation>删除类别“{name}”</translation>
        </message>
        <message>
            <source>New category “{name}”</source>
            <translation>新建类别“{name}”</translation>
        </message>
        <message>
            <source>Colour of “{name}”</source>
            <translation>“{name}”的颜色</translation>
        </message>
        <message>
            <source>Recolour “{name}”</source>
            <translation>更改“{name}”的颜色</translation>
        </message>
        <message>
            <source>One key, 0–9 or a–z, tags a selection with “{name}” (leave empty for none):</source>
            <translation>按一个键（0–9 或 a–z）即可将选中文字标注为“{name}”（留空表示不设快捷键）：</translation>
        </message>
        <message>
            <source>Keywords that suggest “{name}”, one per line or separated by 、 or ,:</source>
            <translation>用于推荐“{name}”的关键词，每行一个，或用“、”“,”分隔：</translation>
        </message>
        <message>
            <source>Keywords of “{name}”</source>
            <translation>编辑“{name}”的关键词</translation>
        </message>
        <message>
            <source>Move the {count} annotation(s) of “{name}” to this category and delete “{name}”:</source>
            <translation>将“{name}”的 {count} 条标注移入以下类别，并删除“{name}”：</translation>
        </message>
        <message>
            <source>Merge “{name}” into “{target}”</source>
            <translation>将“{name}”合并到“{target}”</translation>
        </message>
        <message>
            <source>Key {key} was used by “{old}”; it now tags “{new}”, and “{old}” has no shortcut.</source>
            <translation>快捷键 {key} 原属于“{old}”，现改为标注“{new}”；“{old}”不再有快捷键。</translation>
        </message>
    </context>
    <context>
        <name>DeleteCategoryDialog</name>
        <message>
            <source>Delete category</source>
            <extracomment>category id, new parent id (None: top level), sibling to insert before (None: last)</extracomment>
            <translation>删除类别</translation>
        </message>
        <message>
            <source>“{name}” is used by {used} annotation(s); {only} of them carry no other category.</source>
            <translation>“{name}”用于 {used} 条标注，其中 {only} 条没有其他类别。</translation>
        </message>
        <message>
            <source>Move the annotations to another category:</source>
            <translation>将这些标注移到另一类别：</translation>
        </message>
        <message>
            <source>Remove the tag, keep the annotations</source>
            <translation>只去掉该类别，保留标注</translation>
        </message>
        <message>
            <source>Delete the {only} annotation(s) that carry only this category</source>
            <translation>删除仅属于该类别的 {only} 条标注</translation>
        </message>
    </context>
    <context>
        <name>ErrorDialog</name>
        <message>
            <source>An unexpected error occurred</source>
            <extracomment>Errors kept in one open dialog; later ones are only counted (and logged).</extracomment>
            <translation>出现意外错误</translation>
        </message>
        <message>
            <source>LawGov Desktop ran into a problem it did not expect. The step you were doing may not have been completed, but your project is safe: everything saved before is kept, and a change that failed half-way is undone automatically.

You can keep working. If this happens again, click "Copy details" and send the text to whoever supports LawGov Desktop for you.</source>
            <translation>LawGov Desktop 遇到了一个意外问题。您刚才的操作可能没有完成，但项目是安全的：之前保存的内容都在，中途失败的修改会自动撤销。

您可以继续工作。如果问题再次出现，请点击“复制详细信息”，把内容发给为您提供 LawGov Desktop 技术支持的人员。</translation>
        </message>
        <message>
            <source>Copy details</source>
            <translation>复制详细信息</translation>
        </message>
        <message>
            <source>Open log folder</source>
            <translation>打开日志文件夹</translation>
        </message>
        <message>
            <source>Details:</source>
            <translation>详细信息：</translation>
        </message>
        <message>
            <source>{n} errors occurred since this window opened.</source>
            <translation>自窗口打开以来已出现 {n} 个错误。</translation>
        </message>
        <message>
            <source>Copied</source>
            <translation>已复制</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <source>Export annotations</source>
            <extracomment>Title of a Word digest unless the reader types another (the docx exporter's default). Where the folder of the last export is remembered (the preferences' folder comes first).</extracomment>
            <translation>导出标注</translation>
        </message>
        <message>
            <source>All annotators</source>
            <translation>全部标注人</translation>
        </message>
        <message>
            <source>From</source>
            <translation>自</translation>
        </message>
        <message>
            <source>To</source>
            <translation>至</translation>
        </message>
        <message>
            <source>One line per excerpt (JSONL)</source>
            <translation>每条摘录一行（JSONL）</translation>
        </message>
        <message>
            <source>One file per category</source>
            <translation>每个类别一个文件</translation>
        </message>
        <message>
            <source>One file, keep the longest overlapping span</source>
            <translation>单个文件，重叠时保留最长片段</translation>
        </message>
        <message>
            <source>LF line ends (QualCoder, ATLAS.ti)</source>
            <translation>LF 换行（QualCoder、ATLAS.ti）</translation>
        </message>
        <message>
            <source>CRLF line ends (NVivo, MAXQDA)</source>
            <translation>CRLF 换行（NVivo、MAXQDA）</translation>
        </message>
        <message>
            <source>Title printed at the top of the Word digest</source>
            <translation>Word 摘编首页的标题</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Open file</source>
            <translation>打开文件</translation>
        </message>
        <message>
            <source>Open containing folder</source>
            <translation>打开所在文件夹</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>CSV (Excel, WPS)</source>
            <translation>CSV（Excel、WPS 表格）</translation>
        </message>
        <message>
            <source>Excel workbook (summary + one sheet per category)</source>
            <translation>Excel 工作簿（汇总 + 每类一页）</translation>
        </message>
        <message>
            <source>Word digest</source>
            <translation>Word 摘编</translation>
        </message>
        <message>
            <source>JSONL training data (doccano)</source>
            <translation>JSONL 训练数据（doccano）</translation>
        </message>
        <message>
            <source>BIO sequence labels (CoNLL)</source>
            <translation>BIO 序列标注（CoNLL）</translation>
        </message>
        <message>
            <source>W3C Web Annotation (JSON-LD)</source>
            <translation>W3C Web Annotation（JSON-LD）</translation>
        </message>
        <message>
            <source>REFI-QDA project (QualCoder, NVivo, MAXQDA, ATLAS.ti)</source>
            <translation>REFI-QDA 项目（QualCoder、NVivo、MAXQDA、ATLAS.ti）</translation>
        </message>
        <message>
            <source>Label Studio tasks (and their labelling config)</source>
            <translation>Label Studio 任务（附标注界面配置）</translation>
        </message>
        <message>
            <source>doccano sequence labelling (JSONL)</source>
            <translation>doccano 序列标注（JSONL）</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>格式</translation>
        </message>
        <message>
            <source>Filters (nothing ticked means all)</source>
            <translation>筛选（不勾选即为全部）</translation>
        </message>
        <message>
            <source>Categories</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Annotator</source>
            <translation>标注人</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>标注时间</translation>
        </message>
        <message>
            <source>Options</source>
            <translation>选项</translation>
        </message>
        <message>
            <source>BIO overlaps</source>
            <translation>BIO 重叠处理</translation>
        </message>
        <message>
            <source>QDPX line ends</source>
            <translation>QDPX 换行方式</translation>
        </message>
        <message>
            <source>Word digest title</source>
            <translation>摘编标题</translation>
        </message>
        <message>
            <source>Save to</source>
            <translation>保存到</translation>
        </message>
        <message>
            <source>Export to</source>
            <translation>导出到</translation>
        </message>
        <message>
            <source>Exported {count} excerpts ({tags} tags) to {path}.</source>
            <translation>已导出摘录 {count} 条（标注 {tags} 次）到 {path}。</translation>
        </message>
        <message>
            <source>Replace file?</source>
            <translation>替换文件？</translation>
        </message>
        <message>
            <source>{path} already exists. Replace it?</source>
            <translation>{path} 已存在，是否替换？</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>正在导出…</translation>
        </message>
        <message>
            <source>Cancel export</source>
            <translation>取消导出</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>No annotations matched the filters; an empty file was written to {path}.</source>
            <translation>没有符合筛选条件的标注，已写出空文件：{path}。</translation>
        </message>
        <message>
            <source>Export cancelled; no file was written.</source>
            <translation>导出已取消，未写出任何文件。</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
    </context>
    <context>
        <name>ImportController</name>
        <message>
            <source>Import reports</source>
            <extracomment>Refused files listed in the summary dialog; the rest are counted.</extracomment>
            <translation>导入报告</translation>
        </message>
        <message>
            <source>Import a folder of reports</source>
            <translation>导入报告文件夹</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>An import is already running; please wait for it to finish.</source>
            <translation>已有导入正在进行，请等它完成。</translation>
        </message>
        <message>
            <source>Preparing import…</source>
            <translation>正在准备导入…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Importing reports</source>
            <translation>正在导入报告</translation>
        </message>
        <message>
            <source>New report from clipboard</source>
            <translation>从剪贴板新建报告</translation>
        </message>
        <message>
            <source>The clipboard holds no text. Copy the report's text (for example from a web page or a PDF reader) and try again.</source>
            <translation>剪贴板里没有文字。请先复制报告的文字（例如从网页或 PDF 阅读器中复制），再试一次。</translation>
        </message>
        <message>
            <source>Importing {name} ({done} of {total})…</source>
            <translation>正在导入 {name}（第 {done} 个，共 {total} 个）…</translation>
        </message>
        <message>
            <source>These files look like new versions of reports in the project, but each keeps only part of the report's text (a truncated copy?):</source>
            <translation>这些文件像是项目中报告的新版本，但每个只保留了报告的一部分文字（可能是不完整的副本）：</translation>
        </message>
        <message>
            <source>{name}: keeps {share}% of #{id} {title}</source>
            <translation>{name}：只保留了 #{id} {title} 的 {share}%</translation>
        </message>
        <message>
            <source>Replace the reports' texts with these files? The current texts are kept as earlier versions and the annotations are carried over; those whose passage is gone are listed for review.</source>
            <translation>用这些文件替换报告的文字吗？现有文字会作为早先版本保留，标注随之迁移；找不到原文的标注会列入“需要复核的标注”。</translation>
        </message>
        <message>
            <source>Replace report text?</source>
            <translation>替换报告文字？</translation>
        </message>
        <message>
            <source>Import failed</source>
            <translation>导入失败</translation>
        </message>
        <message>
            <source>Imported: {n}</source>
            <translation>已导入：{n} 份</translation>
        </message>
        <message>
            <source>Already in the project: {n}</source>
            <translation>项目中已有：{n} 份</translation>
        </message>
        <message>
            <source>Refused: {n}</source>
            <translation>未能导入：{n} 份</translation>
        </message>
        <message>
            <source>Radical look-alikes replaced by ordinary characters (⼀ → 一, ⺠ → 民): {n} in {files} file(s)</source>
            <translation>部首形近字已改为通用汉字（⼀ → 一，⺠ → 民）：{files} 个文件中共 {n} 个</translation>
        </message>
        <message>
            <source>Not imported yet, they would cut a report's text short: {n}</source>
            <translation>尚未导入（会使报告文字大幅缩短，需要确认）：{n}</translation>
        </message>
        <message>
            <source>The import was cancelled; files imported before that were kept.</source>
            <translation>导入已取消；取消前已导入的文件仍保留。</translation>
        </message>
        <message>
            <source>Refused files:</source>
            <translation>未能导入的文件：</translation>
        </message>
        <message>
            <source>… and {n} more</source>
            <translation>……另有 {n} 个</translation>
        </message>
        <message>
            <source>Reports ({patterns});;All files (*)</source>
            <translation>报告 ({patterns});;所有文件 (*)</translation>
        </message>
        <message>
            <source>New versions of reports already in the project: {n}</source>
            <translation>项目中已有报告的新版本：{n} 份</translation>
        </message>
        <message>
            <source>{name}: annotations kept {kept}, moved {moved}, to check {review}, lost their place {orphaned}</source>
            <translation>{name}：标注原位保留 {kept} 条，随文移动 {moved} 条，待核对 {review} 条，失锚 {orphaned} 条</translation>
        </message>
        <message>
            <source>{n} annotation(s) need a look: Annotate › Annotations to review…</source>
            <translation>有 {n} 条标注需要复核：标注 › 需要复核的标注…</translation>
        </message>
        <message>
            <source>Import finished with problems</source>
            <translation>导入完成，但有文件未能导入</translation>
        </message>
        <message>
            <source>Import finished</source>
            <translation>导入完成</translation>
        </message>
    </context>
    <context>
        <name>LibraryModel</name>
        <message>
            <source>Title</source>
            <extracomment>MIME type of a drag from the library: report ids, comma-separated. The casefolded words a filter is matched against (title, issuer, region, year).</extracomment>
            <translation>标题</translation>
        </message>
        <message>
            <source>Issuer</source>
            <translation>发布机关</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>地区</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>年度</translation>
        </message>
        <message>
            <source>Annotations</source>
            <translation>标注数</translation>
        </message>
        <message>
            <source>{title}
{file} · {chars} characters · {sections} sections</source>
            <translation>{title}
{file} · {chars} 字 · {sections} 个章节</translation>
        </message>
    </context>
    <context>
        <name>LibraryPanel</name>
        <message>
            <source>Filter: title, issuer, region, year</source>
            <extracomment>Longest values measured (by pixel width) per column when sizing issuer and region. Issuer and region never start wider than this: they scroll in from the right. The title column never gets narrower than this when it makes room for year and count.</extracomment>
            <translation>筛选：标题、发布机关、地区、年度</translation>
        </message>
        <message>
            <source>Open in new pane</source>
            <translation>在新窗格中打开</translation>
        </message>
        <message>
            <source>Open in current pane</source>
            <translation>在当前窗格打开</translation>
        </message>
        <message>
            <source>Import…</source>
            <translation>导入…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source> (read-only)</source>
            <translation>（只读）</translation>
        </message>
        <message>
            <source>Library</source>
            <translation>文献库</translation>
        </message>
        <message>
            <source>Annotations</source>
            <translation>标注</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>搜索</translation>
        </message>
        <message>
            <source>The annotations list is not available in this build.</source>
            <translation>此版本不含标注列表。</translation>
        </message>
        <message>
            <source>Categories</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>The category manager is not available in this build.</source>
            <translation>此版本不含类别管理。</translation>
        </message>
        <message>
            <source>Saved automatically · {time}</source>
            <translation>已自动保存 · {time}</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>The new language takes effect when LawGov Desktop is restarted.</source>
            <translation>新的界面语言将在重新启动 LawGov Desktop 后生效。</translation>
        </message>
    </context>
    <context>
        <name>Menus</name>
        <message>
            <source>&amp;Import files…</source>
            <translation>导入文件(&amp;I)…</translation>
        </message>
        <message>
            <source>Import a &amp;folder…</source>
            <translation>导入文件夹(&amp;F)…</translation>
        </message>
        <message>
            <source>&amp;New report from clipboard</source>
            <translation>从剪贴板新建报告(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Close pane</source>
            <translation>关闭窗格(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Export…</source>
            <translation>导出(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;Backups and restore…</source>
            <translation>备份与恢复(&amp;B)…</translation>
        </message>
        <message>
            <source>E&amp;xit</source>
            <translation>退出(&amp;X)</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Edit annotation at cursor</source>
            <translation>编辑光标处的标注(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Delete annotation at cursor</source>
            <translation>删除光标处的标注(&amp;D)</translation>
        </message>
        <message>
            <source>Select &amp;sentence</source>
            <translation>选中整句(&amp;S)</translation>
        </message>
        <message>
            <source>Select &amp;paragraph</source>
            <translation>选中整段(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Manage categories…</source>
            <translation>类别管理(&amp;M)…</translation>
        </message>
        <message>
            <source>Annotations to &amp;review…</source>
            <translation>需要复核的标注(&amp;R)…</translation>
        </message>
        <message>
            <source>Annotations that could not be placed with confidence after a report was imported in a new version</source>
            <translation>报告导入新版本后，未能确定位置或已找不到原文的标注</translation>
        </message>
        <message>
            <source>&amp;Search reports…</source>
            <translation>搜索报告(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Statistics…</source>
            <translation>统计(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Preferences…</source>
            <translation>首选项(&amp;P)…</translation>
        </message>
        <message>
            <source>Zoom &amp;in</source>
            <translation>放大(&amp;I)</translation>
        </message>
        <message>
            <source>Zoom &amp;out</source>
            <translation>缩小(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Actual size</source>
            <translation>原始大小(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Link panes</source>
            <translation>联动窗格(&amp;L)</translation>
        </message>
        <message>
            <source>Link panes: choosing a section in one pane moves the others to the corresponding section</source>
            <translation>联动窗格：在一个窗格中选择章节时，其他窗格跳到对应的章节</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Annotate</source>
            <translation>标注(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Tag selection as</source>
            <translation>标注为(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Toolbars</source>
            <translation>工具栏(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Getting started</source>
            <translation>入门指南(&amp;G)</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>快捷键(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;About</source>
            <translation>关于(&amp;A)</translation>
        </message>
        <message>
            <source>Main</source>
            <translation>主工具栏</translation>
        </message>
    </context>
    <context>
        <name>PreferencesDialog</name>
        <message>
            <source>Preferences</source>
            <translation>首选项</translation>
        </message>
        <message>
            <source>Takes effect when LawGov Desktop is restarted.</source>
            <translation>重新启动 LawGov Desktop 后生效。</translation>
        </message>
        <message>
            <source> pt</source>
            <translation> 磅</translation>
        </message>
        <message>
            <source>Size of the report text at Actual size (Ctrl+0); Ctrl+= and Ctrl+- zoom from there.</source>
            <translation>“原始大小”（Ctrl+0）时报告正文的字号；Ctrl+= 和 Ctrl+- 在此基础上缩放。</translation>
        </message>
        <message>
            <source>(no name)</source>
            <translation>（无名称）</translation>
        </message>
        <message>
            <source>Recorded on every annotation you make. Empty: your login name.</source>
            <translation>记录在您所做的每条标注上。留空则使用登录用户名。</translation>
        </message>
        <message>
            <source>Backups of each project are made on opening and hourly while you work; only the newest ones are kept.</source>
            <translation>每个项目在打开时和工作期间每小时备份一次；只保留最新的若干份。</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation>语言(&amp;L)：</translation>
        </message>
        <message>
            <source>&amp;Text size:</source>
            <translation>文字大小(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;Annotator name:</source>
            <translation>标注人(&amp;A)：</translation>
        </message>
        <message>
            <source>&amp;Backups kept per project:</source>
            <translation>每个项目保留的备份数(&amp;B)：</translation>
        </message>
        <message>
            <source>Default &amp;export folder:</source>
            <translation>默认导出文件夹(&amp;E)：</translation>
        </message>
        <message>
            <source>Default export folder</source>
            <translation>默认导出文件夹</translation>
        </message>
    </context>
    <context>
        <name>ReadingArea</name>
        <message>
            <source>Double-click a report in the library, or drag it here, to read it.
Open up to four reports side by side to compare them.</source>
            <translation>在左侧文献库中双击报告，或把报告拖到这里，即可阅读。
最多可并排打开四份报告进行比较。</translation>
        </message>
        <message>
            <source>Report {id} does not exist.</source>
            <translation>报告 {id} 不存在。</translation>
        </message>
        <message>
            <source>At most {n} panes side by side: the last one was replaced.</source>
            <translation>最多并排 {n} 个窗格：已替换最后一个窗格。</translation>
        </message>
    </context>
    <context>
        <name>ReportPane</name>
        <message>
            <source>Close this pane</source>
            <extracomment>Up to this many changed annotations are updated one by one; more re-read the report's all. The outline's default share of a pane, and its bounds in pixels: the text gets the room (two panes in a 1400-px window used to leave 12 characters per line beside a wide tree). Settings key of the outline width the reader last dragged to (used by every new pane).</extracomment>
            <translation>关闭此窗格</translation>
        </message>
        <message>
            <source>Beginning of the report</source>
            <translation>报告开头</translation>
        </message>
    </context>
    <context>
        <name>ReviewMode</name>
        <message>
            <source>&amp;Review suggestions</source>
            <translation>审阅建议(&amp;R)</translation>
        </message>
        <message>
            <source>Walk through suggested tags: Enter/A accept, Delete/R reject, N/P next/previous</source>
            <translation>逐条审阅标注建议：Enter/A 采纳，Delete/R 拒绝，N/P 下一条/上一条</translation>
        </message>
        <message>
            <source>Reviewing suggestions: Enter or A accepts, Delete or R rejects, N and P move on and back.</source>
            <translation>正在审阅建议：Enter 或 A 采纳，Delete 或 R 拒绝，N 和 P 前后移动。</translation>
        </message>
    </context>
    <context>
        <name>SearchPanel</name>
        <message>
            <source>Search all reports — spaces mean AND, "quotes" keep a phrase</source>
            <translation>搜索全部报告——空格表示“且”，引号内为整个短语</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>搜索</translation>
        </message>
        <message>
            <source>Tag all results as…</source>
            <translation>全部标注为…</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>搜索中…</translation>
        </message>
        <message>
            <source>Search failed: {message}</source>
            <translation>搜索失败：{message}</translation>
        </message>
        <message>
            <source>(before the first heading)</source>
            <translation>（位于第一个标题之前）</translation>
        </message>
        <message>
            <source>No results.</source>
            <translation>没有结果。</translation>
        </message>
        <message>
            <source>{n} results in {r} reports</source>
            <translation>{r} 份报告中共 {n} 条结果</translation>
        </message>
        <message>
            <source>(the first {m} are listed)</source>
            <translation>（仅列出前 {m} 条）</translation>
        </message>
        <message>
            <source>Tag {n} search results as “{name}”</source>
            <translation>将 {n} 条搜索结果标注为“{name}”</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsDialog</name>
        <message>
            <source>Other keys</source>
            <translation>其他按键</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>快捷键</translation>
        </message>
        <message>
            <source>Command</source>
            <translation>命令</translation>
        </message>
        <message>
            <source>Keys</source>
            <translation>按键</translation>
        </message>
        <message>
            <source>Zoom</source>
            <translation>缩放</translation>
        </message>
        <message>
            <source>Ctrl+mouse wheel</source>
            <translation>Ctrl+鼠标滚轮</translation>
        </message>
        <message>
            <source>Select characters exactly (without snapping to whole words)</source>
            <translation>逐字选择（不自动扩展到整词）</translation>
        </message>
        <message>
            <source>Alt+drag</source>
            <translation>Alt+拖动</translation>
        </message>
        <message>
            <source>While reviewing suggestions: accept, reject, next / previous</source>
            <translation>审阅建议时：采纳、拒绝、下一条 / 上一条</translation>
        </message>
        <message>
            <source>Enter / A, Delete / R, N / P</source>
            <translation>Enter / A、Delete / R、N / P</translation>
        </message>
        <message>
            <source>Mouse and review mode</source>
            <translation>鼠标与审阅模式</translation>
        </message>
    </context>
    <context>
        <name>StatsDialog</name>
        <message>
            <source>Statistics</source>
            <translation>统计</translation>
        </message>
        <message>
            <source>Annotations per report</source>
            <translation>各报告标注数</translation>
        </message>
        <message>
            <source>Annotations per issuer</source>
            <translation>各发布机关标注数</translation>
        </message>
        <message>
            <source>Annotations per year</source>
            <translation>各年度标注数</translation>
        </message>
        <message>
            <source>Share of sections tagged</source>
            <translation>已标注章节占比</translation>
        </message>
        <message>
            <source>Share of text covered</source>
            <translation>标注文字覆盖率</translation>
        </message>
        <message>
            <source>Export chart as PNG…</source>
            <translation>导出图表为 PNG…</translation>
        </message>
        <message>
            <source>Export table as CSV…</source>
            <translation>导出表格为 CSV…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Show:</source>
            <translation>显示：</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Issuer</source>
            <translation>发布机关</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>年度</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>合计</translation>
        </message>
        <message>
            <source>Export chart</source>
            <translation>导出图表</translation>
        </message>
        <message>
            <source>PNG image (*.png)</source>
            <translation>PNG 图片 (*.png)</translation>
        </message>
        <message>
            <source>Export table</source>
            <translation>导出表格</translation>
        </message>
        <message>
            <source>CSV file (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
    </context>
    <context>
        <name>SuggestionController</name>
        <message>
            <source>Accept suggestion “{name}”</source>
            <translation>采纳建议“{name}”</translation>
        </message>
        <message>
            <source>Reject suggestion “{name}”</source>
            <translation>拒绝建议“{name}”</translation>
        </message>
    </context>
    <context>
        <name>SuggestionsPanel</name>
        <message>
            <source>Suggestions</source>
            <extracomment>Rows added to the list per turn of the event loop.</extracomment>
            <translation>标注建议</translation>
        </message>
        <message>
            <source>Open a report to see suggestions.</source>
            <translation>打开一份报告即可查看标注建议。</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>得分</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方法</translation>
        </message>
        <message>
            <source>Passage</source>
            <translation>文字</translation>
        </message>
        <message>
            <source>Previous</source>
            <translation>上一条</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一条</translation>
        </message>
        <message>
            <source>Accept</source>
            <translation>采纳</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <source>Tag the passage (Enter or A)</source>
            <translation>标注这段文字（Enter 或 A）</translation>
        </message>
        <message>
            <source>Do not suggest it again (Delete or R)</source>
            <translation>不再建议此处（Delete 或 R）</translation>
        </message>
        <message>
            <source>Previous suggestion (P)</source>
            <translation>上一条建议（P）</translation>
        </message>
        <message>
            <source>Next suggestion (N)</source>
            <translation>下一条建议（N）</translation>
        </message>
        <message>
            <source>Model precision / recall on held-out annotations</source>
            <translation>模型在留出标注上的准确率/召回率</translation>
        </message>
        <message>
            <source>Measure</source>
            <translation>评估</translation>
        </message>
        <message>
            <source>learned</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>keywords</source>
            <translation>关键词</translation>
        </message>
        <message>
            <source>{n} suggestions in #{id} {title}</source>
            <translation>#{id} {title}：{n} 条建议</translation>
        </message>
        <message>
            <source>Computing suggestions… (the word dictionary may still be loading)</source>
            <translation>正在计算标注建议…（分词词典可能仍在加载）</translation>
        </message>
        <message>
            <source>{name}: keyword rules (learning starts at {n} confirmed annotations)</source>
            <translation>{name}：关键词规则（确认标注达到 {n} 条后开始学习）</translation>
        </message>
        <message>
            <source>{name}: model P {p:.0%} / R {r:.0%} · keywords P {kp:.0%} / R {kr:.0%}</source>
            <translation>{name}：模型 准确率 {p:.0%} / 召回率 {r:.0%} · 关键词 准确率 {kp:.0%} / 召回率 {kr:.0%}</translation>
        </message>
    </context>
    <context>
        <name>TagAllDialog</name>
        <message>
            <source>Tag all results</source>
            <extracomment>Item data: (report_id, start, end) of the hit (or of the first hit under a group). Hits shown in the tree; beyond this the tree would only slow down (all hits stay usable). Sample lines shown in the tag-all preview.</extracomment>
            <translation>全部标注</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Results</source>
            <translation>结果数</translation>
        </message>
        <message>
            <source>To tag</source>
            <translation>待标注</translation>
        </message>
        <message>
            <source>Tag</source>
            <translation>标注</translation>
        </message>
        <message>
            <source>Category:</source>
            <translation>类别：</translation>
        </message>
        <message>
            <source>Examples:</source>
            <translation>示例：</translation>
        </message>
        <message>
            <source>{n} passages in {r} reports will be tagged “{name}” as one undoable step.</source>
            <translation>将把 {r} 份报告中的 {n} 处文字标注为“{name}”，可一次撤销。</translation>
        </message>
        <message>
            <source>{k} already carry this tag and are skipped.</source>
            <translation>其中 {k} 处已有该标注，将跳过。</translation>
        </message>
    </context>
    <context>
        <name>Tagger</name>
        <message>
            <source>Open a report and select some text first.</source>
            <translation>请先打开报告并选择文字。</translation>
        </message>
        <message>
            <source>Select some text first, then choose a category.</source>
            <translation>请先选择文字，再选择类别。</translation>
        </message>
        <message>
            <source>This passage is already tagged as {name}.</source>
            <translation>这段文字已标注为 {name}。</translation>
        </message>
        <message>
            <source>This project is open read-only: annotations cannot be changed here.</source>
            <translation>此项目以只读方式打开：这里不能修改标注。</translation>
        </message>
        <message>
            <source>Delete {n} annotation(s)</source>
            <translation>删除 {n} 条标注</translation>
        </message>
        <message>
            <source>Not saved</source>
            <translation>未能保存</translation>
        </message>
        <message>
            <source>(no category)</source>
            <translation>（无类别）</translation>
        </message>
        <message>
            <source>Your name</source>
            <translation>您的名字</translation>
        </message>
        <message>
            <source>Name recorded on your annotations (several people may tag the same reports):</source>
            <translation>记录在您的标注上的名字（同一批报告可能由多人标注）：</translation>
        </message>
        <message>
            <source>The word list is still loading: tag again in a moment (the selection is kept).</source>
            <translation>分词词典仍在加载，请稍后再标注（选区已保留）。</translation>
        </message>
        <message>
            <source>Add {name} to the existing annotation “{quote}”</source>
            <translation>为现有标注“{quote}”加上类别 {name}</translation>
        </message>
        <message>
            <source>Added {name} to the existing annotation “{quote}” (was {had}).</source>
            <translation>已为现有标注“{quote}”加上类别 {name}（原为 {had}）。</translation>
        </message>
        <message>
            <source>New annotation {name}: “{quote}”</source>
            <translation>新建标注 {name}：“{quote}”</translation>
        </message>
        <message>
            <source>New annotation {name}: “{quote}”.</source>
            <translation>已新建标注 {name}：“{quote}”。</translation>
        </message>
        <message>
            <source>Annotation</source>
            <translation>标注</translation>
        </message>
        <message>
            <source>Which annotation?</source>
            <translation>哪一条标注？</translation>
        </message>
        <message>
            <source>There is no annotation at the cursor.</source>
            <translation>光标处没有标注。</translation>
        </message>
        <message>
            <source>Delete which annotation?</source>
            <translation>删除哪一条标注？</translation>
        </message>
        <message>
            <source>Tag as</source>
            <translation>标注为</translation>
        </message>
        <message>
            <source>Edit annotation</source>
            <translation>修改标注</translation>
        </message>
        <message>
            <source>Delete annotation</source>
            <translation>删除标注</translation>
        </message>
    </context>
    <context>
        <name>TeamView</name>
        <message>
            <source>only A</source>
            <extracomment>colours of annotator A's and B's bands, and of the gold set (blue, orange, green: told apart also by readers with red-green colour blindness thanks to blue/orange)</extracomment>
            <translation>仅 A 标注</translation>
        </message>
        <message>
            <source>only B</source>
            <translation>仅 B 标注</translation>
        </message>
        <message>
            <source>boundaries differ</source>
            <translation>边界不同</translation>
        </message>
        <message>
            <source>P exact</source>
            <translation>精确率
完全一致</translation>
        </message>
        <message>
            <source>R exact</source>
            <translation>召回率
完全一致</translation>
        </message>
        <message>
            <source>F1 exact</source>
            <translation>F1
完全一致</translation>
        </message>
        <message>
            <source>P overlap</source>
            <translation>精确率
重叠</translation>
        </message>
        <message>
            <source>R overlap</source>
            <translation>召回率
重叠</translation>
        </message>
        <message>
            <source>F1 overlap</source>
            <translation>F1
重叠</translation>
        </message>
        <message>
            <source>Spans A</source>
            <translation>A 片段数</translation>
        </message>
        <message>
            <source>Spans B</source>
            <translation>B 片段数</translation>
        </message>
        <message>
            <source>Accept A</source>
            <translation>采用 A</translation>
        </message>
        <message>
            <source>Accept B</source>
            <translation>采用 B</translation>
        </message>
        <message>
            <source>Accept both</source>
            <translation>两者都采用</translation>
        </message>
        <message>
            <source>Accept neither</source>
            <translation>都不采用</translation>
        </message>
        <message>
            <source>&amp;Merge project…</source>
            <translation>合并项目(&amp;M)…</translation>
        </message>
        <message>
            <source>Bring in another project's reports, categories and annotations (the other file is only read)</source>
            <translation>并入另一个项目的报告、类别和标注（只读取那个文件，不作改动）</translation>
        </message>
        <message>
            <source>&amp;Agreement…</source>
            <translation>一致性(&amp;A)…</translation>
        </message>
        <message>
            <source>Import &amp;annotations…</source>
            <translation>导入标注(&amp;A)…</translation>
        </message>
        <message>
            <source>Read annotations back: LawGov JSONL or W3C, or an export of Label Studio or doccano (what was changed there is applied here)</source>
            <translation>读回标注：LawGov 的 JSONL 或 W3C，或 Label Studio、doccano 的导出（在那里所做的修改会应用到这里）</translation>
        </message>
        <message>
            <source>Whose annotations the list and the reports show</source>
            <translation>标注列表和报告中显示谁的标注</translation>
        </message>
        <message>
            <source>All annotators</source>
            <translation>全部标注人</translation>
        </message>
        <message>
            <source>Mine ({name})</source>
            <translation>我的（{name}）</translation>
        </message>
        <message>
            <source>Merge project</source>
            <translation>合并项目</translation>
        </message>
        <message>
            <source>Import annotations</source>
            <translation>导入标注</translation>
        </message>
        <message>
            <source>LawGov projects (*.lawgov);;All files (*)</source>
            <translation>LawGov 项目 (*.lawgov);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Annotation files (*.jsonl *.json *.jsonld *.zip);;All files (*)</source>
            <translation>标注文件 (*.jsonl *.json *.jsonld *.zip);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Edit → Undo takes the whole import back.</source>
            <translation>“编辑 → 撤销”可撤回整次导入。</translation>
        </message>
        <message>
            <source>Reports: {added} added, {matched} already here, {newer} replaced by a newer version, {older} older version re-anchored</source>
            <translation>报告：新增 {added} 份，已有 {matched} 份，{newer} 份换成了新版本，{older} 份旧版本的标注已重新定位</translation>
        </message>
        <message>
            <source>Annotations: {added} added, {skipped} identical ones skipped</source>
            <translation>标注：新增 {added} 条，跳过完全相同的 {skipped} 条</translation>
        </message>
        <message>
            <source>Import annotations from {name}</source>
            <translation>从 {name} 导入标注</translation>
        </message>
        <message>
            <source>Read as {format}: {read} spans; {added} added, {dup} already here.</source>
            <translation>按 {format} 读取：{read} 处；新增 {added} 条，已有 {dup} 条。</translation>
        </message>
        <message>
            <source>By annotator: {list}</source>
            <translation>按标注人：{list}</translation>
        </message>
        <message>
            <source>New categories: {list}</source>
            <translation>新类别：{list}</translation>
        </message>
        <message>
            <source>{n} annotations could not be placed with confidence: see Annotate → Annotations to review…</source>
            <translation>{n} 条标注未能确定位置：请在“标注 → 需要复核的标注…”中查看</translation>
        </message>
        <message>
            <source>Changed on the server: “{quote}”</source>
            <translation>服务器上已修改：“{quote}”</translation>
        </message>
        <message>
            <source>Deleted on the server: “{quote}” ({who})</source>
            <translation>服务器上已删除：“{quote}”（{who}）</translation>
        </message>
    </context>
    <context>
        <name>WelcomeDialog</name>
        <message>
            <source>Getting started</source>
            <translation>入门指南</translation>
        </message>
        <message>
            <source>Welcome to {app}</source>
            <translation>欢迎使用 {app}</translation>
        </message>
        <message>
            <source>The library on the left holds sample reports to try things on. Three steps to your first tagged excerpts:</source>
            <translation>左侧的报告库中有几份示例报告，可以随意试用。三步完成第一批标注摘录：</translation>
        </message>
        <message>
            <source>&lt;b&gt;Open two reports side by side.&lt;/b&gt; Double-click a report in the library, then another: each opens in its own pane. View → Link panes (Ctrl+L) keeps their sections in step.</source>
            <translation>&lt;b&gt;并排打开两份报告。&lt;/b&gt;在报告库中双击一份报告，再双击另一份：每份报告在各自的窗格中打开。“视图 → 联动窗格”（Ctrl+L）可让两边的章节同步对照。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Select text and tag it.&lt;/b&gt; Select a passage with the mouse and press a category key — {keys}. Right-click a passage for more; Ctrl+Z undoes.</source>
            <translation>&lt;b&gt;选中文字并标注。&lt;/b&gt;用鼠标选中一段文字，按下类别键——{keys}。右键单击可进行更多操作；Ctrl+Z 撤销。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Export.&lt;/b&gt; File → Export… (Ctrl+Shift+E) writes the tagged excerpts to Excel, CSV, Word and other formats.</source>
            <translation>&lt;b&gt;导出。&lt;/b&gt;“文件 → 导出…”（Ctrl+Shift+E）可将标注摘录导出为 Excel、CSV、Word 等格式。</translation>
        </message>
        <message>
            <source>Everything is saved automatically. This guide is under Help → Getting started; all keys are under Help → Keyboard shortcuts.</source>
            <translation>所有内容自动保存。本指南可从“帮助 → 入门指南”再次打开；全部快捷键见“帮助 → 快捷键”。</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开始使用</translation>
        </message>
    </context>
    <context>
        <name>BackupsDialog</name>
        <message>
            <source>Back up now</source>
            <translation>立即备份</translation>
        </message>
        <message>
            <source>Restore…</source>
            <translation>恢复…</translation>
        </message>
        <message>
            <source>Show folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <source>Restore backup</source>
            <translation>恢复备份</translation>
        </message>
        <message>
            <source>Made</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Annotations</source>
            <translation>标注数</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>完好</translation>
        </message>
        <message>
            <source>Damaged</source>
            <translation>已损坏</translation>
        </message>
        <message>
            <source>There are no backups yet.</source>
            <translation>还没有备份。</translation>
        </message>
        <message>
            <source>Backups of {name}</source>
            <translation>“{name}”的备份</translation>
        </message>
        <message>
            <source>Backup failed</source>
            <translation>备份失败</translation>
        </message>
        <message>
            <source>Replace the project's content with the backup made {when}?

The current state is backed up first, so this can be undone by restoring that backup.</source>
            <translation>用 {when} 的备份替换项目内容吗？

恢复前会先备份当前状态，之后可通过恢复该备份撤销本次操作。</translation>
        </message>
        <message>
            <source>Restore failed</source>
            <translation>恢复失败</translation>
        </message>
        <message>
            <source>Backups are kept in {folder}</source>
            <translation>备份保存在 {folder}</translation>
        </message>
        <message>
            <source>The project is open for editing in another LawGov window ({who}). Close it and try again.</source>
            <translation>该项目正在另一个 LawGov 窗口中编辑（{who}），请先关闭该窗口再试。</translation>
        </message>
    </context>
    <context>
        <name>InstanceLock</name>
        <message>
            <source>Project already open</source>
            <translation>项目已打开</translation>
        </message>
        <message>
            <source>another LawGov window</source>
            <translation>另一个 LawGov 窗口</translation>
        </message>
        <message>
            <source>You can open it read-only to look things up; changes are made in the other window. Close that window to edit here.</source>
            <translation>可以只读打开以便查阅；修改请在另一个窗口中进行。关闭那个窗口后即可在这里编辑。</translation>
        </message>
        <message>
            <source>Open read-only</source>
            <translation>只读打开</translation>
        </message>
        <message>
            <source>“{name}” is already open for editing in another LawGov window ({who}).</source>
            <translation>“{name}”已在另一个 LawGov 窗口中打开编辑（{who}）。</translation>
        </message>
    </context>
</TS>
