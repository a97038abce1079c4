<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name />
    <message>
        <source>添加行</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>在末尾添加一行空白行</source>
        <translation>Add a blank row at the end</translation>
    </message>
    <message>
        <source>删除行</source>
        <translation>Delete rows</translation>
    </message>
    <message>
        <source>删除选中单元格所在的行（可撤销）</source>
        <translation>Delete the rows of the selected cells (undoable)</translation>
    </message>
    <message>
        <source>粘贴</source>
        <translation>Paste</translation>
    </message>
    <message>
        <source>把从 Excel/WPS 复制的单元格粘贴到当前单元格处（Ctrl+V），多出的行会自动添加</source>
        <translation>Paste cells copied from Excel/WPS at the current cell (Ctrl+V); extra rows are added</translation>
    </message>
    <message>
        <source>共 {n} 行</source>
        <translation>{n} rows</translation>
    </message>
    <message>
        <source>按本县的系统清单生成发给各供应商的询价单（每家一份）；填好发回后用「导入供应商报价单」直接读取，无需映射</source>
        <translation>Write a request for quotation per vendor from the county's system list; when it comes back filled, 'Import vendor quote sheet' reads it with no mapping questions</translation>
    </message>
    <message>
        <source>指定规则（可选）</source>
        <translation>Assignment rules (optional)</translation>
    </message>
    <message>
        <source>年度计划（可选：有年份即按年规划）</source>
        <translation>Yearly plan (optional: with years the plan is made year by year)</translation>
    </message>
    <message>
        <source>导入供应商报价单…</source>
        <translation>Import vendor quote sheet…</translation>
    </message>
    <message>
        <source>读取某家供应商自己的报价单（任意版式），显示识别出的列和预览；替换该供应商原有的报价</source>
        <translation>Read a vendor's own quote sheet (any layout), show the detected columns and a preview; replaces that vendor's existing prices</translation>
    </message>
    <message>
        <source>导入报价工作簿…</source>
        <translation>Import quote workbook…</translation>
    </message>
    <message>
        <source>从标准输入工作簿（平台、报价两张表）导入，替换当前的平台和报价（可撤销）</source>
        <translation>Import the platforms and prices sheets of a canonical workbook, replacing the current ones (undoable)</translation>
    </message>
    <message>
        <source>供应商报价</source>
        <extracomment>Page keys in flow order; --page accepts these or the Chinese titles.</extracomment>
        <translation>Vendor quotes</translation>
    </message>
    <message>
        <source>各供应商的资源池（平台）及其单价。缺少某项报价表示该平台不提供这项资源。红色单元格有错误，黄色为提示；鼠标停留可看原因。</source>
        <translation>Each vendor's resource pools (platforms) and their unit prices. A missing price means the platform does not offer that resource. Red cells are errors, amber cells are notes; hover for the reason.</translation>
    </message>
    <message>
        <source>平台表</source>
        <translation>Platforms</translation>
    </message>
    <message>
        <source>报价表</source>
        <translation>Prices</translation>
    </message>
    <message>
        <source>折扣表（可选：期限折扣、总额阶梯、资源折扣）</source>
        <translation>Discounts (optional: term, volume tier, resource)</translation>
    </message>
    <message>
        <source>读取本县的系统清单（标准工作簿或自有版式），显示识别出的列和预览，替换当前清单（可撤销）</source>
        <translation>Read the county's system list (canonical workbook or its own layout), show the detected columns and a preview, and replace the current list (undoable)</translation>
    </message>
    <message>
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <source>导入系统清单…</source>
        <translation>Import system list…</translation>
    </message>
    <message>
        <source>业务系统</source>
        <translation>Systems</translation>
    </message>
    <message>
        <source>本县的信息系统：资源需求、数据分级、等保级别、是否须信创、现在的位置与迁移费用。</source>
        <translation>The county's information systems: resource needs, data class, MLPS level, whether 信创 is required, where they run now and what moving costs.</translation>
    </message>
    <message>
        <source>需要：</source>
        <translation>Needs: </translation>
    </message>
    <message>
        <source>已读取：</source>
        <translation>Read so far: </translation>
    </message>
    <message>
        <source>已读取：尚无</source>
        <translation>Read so far: nothing yet</translation>
    </message>
    <message>
        <source>新建县项目</source>
        <translation>New county project</translation>
    </message>
    <message>
        <source>按顺序完成以下五步：先读入各供应商的报价单和本县的系统清单，再设规则、求解，最后导出报财政局的方案工作簿。每一步都可在主窗口里修改，本向导随时显示已读取的内容。</source>
        <translation>Work through these five steps in order: read each vendor's quote sheet and the county's system list, set the rules, solve, and export the workbook for the finance bureau. Every step can be changed in the main window; this guide always shows what has been read.</translation>
    </message>
    <message>
        <source>例如：青山县</source>
        <translation>e.g. Qingshan County</translation>
    </message>
    <message>
        <source>写在方案工作簿和方案摘要的标题中</source>
        <translation>Used in the titles of the plan workbook and the summary</translation>
    </message>
    <message>
        <source>县（项目）名称：</source>
        <translation>County (project) name:</translation>
    </message>
    <message>
        <source>供应商报价单</source>
        <translation>a vendor's quote sheet</translation>
    </message>
    <message>
        <source>每家供应商的报价单（Excel、WPS 或 CSV，任意版式）。云策识别单价、计费周期和资源池，拿不准的地方请您确认；每家导入一次。报价单里没有的平台信息（部署方式、等保级别、信创）从平台清单导入，或在「供应商报价」页的平台表中补上。</source>
        <translation>Each vendor's quote sheet (Excel, WPS or CSV, any layout). Yunce finds the unit prices, billing periods and resource pools and asks you to confirm what it is unsure of; import each vendor once. Platform facts the quotes do not give (deployment, MLPS level, 信创) come from a platform list, or are filled in on the platforms table of the Vendor quotes page.</translation>
    </message>
    <message>
        <source>导入平台清单…</source>
        <translation>Import platform list…</translation>
    </message>
    <message>
        <source>读取平台清单（部署方式、等保级别、信创、容量），在导入对话框中对应各列</source>
        <translation>Read a platform list (deployment, MLPS level, 信创, capacity); match its columns in the import dialog</translation>
    </message>
    <message>
        <source>系统清单</source>
        <translation>System list</translation>
    </message>
    <message>
        <source>本县的信息系统清单：每行一个系统，含系统名称、部门、vCPU、内存、存储，最好还有数据分级、等保级别和是否须上信创。</source>
        <translation>The county's list of information systems: one row per system with name, department, vCPU, memory and storage, ideally also data class, MLPS level and whether it must run on 信创.</translation>
    </message>
    <message>
        <source>年度预算、信创最低占比、单一供应商最高占比、最少供应商数；不改则用默认值。</source>
        <translation>Annual budget, minimum 信创 share, maximum share of one vendor, fewest vendors; the defaults apply unless changed.</translation>
    </message>
    <message>
        <source>打开约束策略</source>
        <translation>Open Rules</translation>
    </message>
    <message>
        <source>前三步的数据没有错误（错误列在主窗口下方的「问题」面板中，双击可跳到单元格）。</source>
        <translation>No errors in the data of the first three steps (errors are listed in the Problems panel at the bottom of the main window; double-click one to go to its cell).</translation>
    </message>
    <message>
        <source>一个求解结果；无可行方案时导出的是诊断工作簿，列出冲突的规则和放宽办法。</source>
        <translation>A solve result; when no plan meets the rules the export is the diagnosis workbook, with the conflicting rules and how to relax them.</translation>
    </message>
    <message>
        <source>导出工作簿…</source>
        <translation>Export workbook…</translation>
    </message>
    <message>
        <source>{sheet}第 {row} 行「{column}」</source>
        <translation>{sheet} row {row}, “{column}”</translation>
    </message>
    <message>
        <source>；有 {n} 处错误要修正，例如 {where}：{message}</source>
        <translation>; {n} error(s) to fix, e.g. {where}: {message}</translation>
    </message>
    <message>
        <source>{v} 家供应商（{names}）、{p} 个平台、{n} 条报价</source>
        <translation>{v} vendors ({names}), {p} platforms, {n} quote lines</translation>
    </message>
    <message>
        <source>{n} 个系统，合计 {vcpu} vCPU、{ram} GB 内存</source>
        <translation>{n} systems, {vcpu} vCPU and {ram} GB memory in all</translation>
    </message>
    <message>
        <source>预算 {budget}；信创 ≥ {xc}；单一供应商 ≤ {share}；至少 {n} 家供应商</source>
        <translation>budget {budget}; 信创 ≥ {xc}; one vendor ≤ {share}; at least {n} vendors</translation>
    </message>
    <message>
        <source>（全部 {n} 处错误列在主窗口下方的「问题」面板中）</source>
        <translation> (all {n} errors are listed in the Problems panel of the main window)</translation>
    </message>
    <message>
        <source>{word}方案，年度总费用 {total}</source>
        <translation>{word} plan, annual total {total}</translation>
    </message>
    <message>
        <source>无可行方案，见「优化方案 → 诊断」</source>
        <translation>no feasible plan, see Plan → Diagnosis</translation>
    </message>
    <message>
        <source>（数据已修改，需重新求解）</source>
        <translation> (the data changed since: solve again)</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>把方案写成 Excel 工作簿（合计均为公式，Excel/WPS 打开即可核对）；运行过分析时含锁定风险和情景对比，无可行方案时写出诊断。方案摘要 PDF 供领导审批签字。</source>
        <translation>Write the plan as an Excel workbook (totals are formulas: open it in Excel/WPS to check); with the lock-in and scenario sheets when an analysis ran, the diagnosis when no plan exists. The summary PDF is for approval and signature.</translation>
    </message>
    <message>
        <source>方案工作簿</source>
        <translation>Plan workbook</translation>
    </message>
    <message>
        <source>当前方案：</source>
        <translation>Current plan:</translation>
    </message>
    <message>
        <source>中文</source>
        <translation>Chinese</translation>
    </message>
    <message>
        <source>英文</source>
        <translation>English</translation>
    </message>
    <message>
        <source>工作簿中表头和文字的语言</source>
        <translation>Language of the workbook's headers and texts</translation>
    </message>
    <message>
        <source>工作簿语言：</source>
        <translation>Workbook language:</translation>
    </message>
    <message>
        <source>导出方案工作簿… (Ctrl+E)</source>
        <translation>Export plan workbook… (Ctrl+E)</translation>
    </message>
    <message>
        <source>选择保存位置并写出方案工作簿</source>
        <translation>Choose where to save and write the plan workbook</translation>
    </message>
    <message>
        <source>上次导出：</source>
        <translation>Last export:</translation>
    </message>
    <message>
        <source>打开文件</source>
        <translation>Open file</translation>
    </message>
    <message>
        <source>用系统默认的程序（Excel、WPS 或 PDF 阅读器）打开上次导出的文件</source>
        <translation>Open the last exported file with the system's program for it (Excel, WPS or a PDF reader)</translation>
    </message>
    <message>
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>在文件管理器中打开上次导出的文件所在的文件夹</source>
        <translation>Open the folder of the last exported file in the file manager</translation>
    </message>
    <message>
        <source>方案摘要（供领导审批）</source>
        <translation>Plan summary (for approval)</translation>
    </message>
    <message>
        <source>一到两页 A4：年度费用与预算、信创占比、各供应商费用图表、规则核查，以及编制、审核、审批签字栏。</source>
        <translation>One or two A4 pages: annual cost and budget, 信创 share, a chart of each vendor's cost, the rule checks, and signature lines for prepared, reviewed and approved.</translation>
    </message>
    <message>
        <source>方案摘要 PDF…</source>
        <translation>Summary PDF…</translation>
    </message>
    <message>
        <source>把方案摘要写成 PDF 文件</source>
        <translation>Write the plan summary as a PDF file</translation>
    </message>
    <message>
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <source>预览方案摘要并打印</source>
        <translation>Preview and print the plan summary</translation>
    </message>
    <message>
        <source>输入工作簿</source>
        <translation>Input workbook</translation>
    </message>
    <message>
        <source>导出输入工作簿…</source>
        <translation>Export input workbook…</translation>
    </message>
    <message>
        <source>把当前的平台、报价、业务系统和约束写成标准输入工作簿，便于存档或交给他人</source>
        <translation>Write the current platforms, prices, systems and rules as a canonical input workbook, to keep or pass on</translation>
    </message>
    <message>
        <source>标准输入工作簿：</source>
        <translation>Canonical input workbook:</translation>
    </message>
    <message>
        <source>导出诊断工作簿…</source>
        <translation>Export diagnosis workbook…</translation>
    </message>
    <message>
        <source>选择保存位置并写出诊断工作簿</source>
        <translation>Choose where to save and write the diagnosis workbook</translation>
    </message>
    <message>
        <source>暂无可导出的方案：请先求解。</source>
        <translation>No plan to export yet: solve first.</translation>
    </message>
    <message>
        <source>上次求解无可行方案，无法导出。</source>
        <translation>The last solve found no feasible plan; nothing to export.</translation>
    </message>
    <message>
        <source>最优</source>
        <translation>optimal</translation>
    </message>
    <message>
        <source>可行（未证明最优）</source>
        <translation>feasible (not proven optimal)</translation>
    </message>
    <message>
        <source>{status}，{n} 个系统，{v} 家供应商，年度总费用 {total}</source>
        <translation>{status}, {n} systems, {v} vendors, annual cost {total}</translation>
    </message>
    <message>
        <source>注意：数据或规则在求解后已修改，导出的是上次求解的方案。建议先按 F5 重新求解。</source>
        <translation>Note: data or rules changed after the solve; the export holds the last solved plan. Press F5 to solve again first.</translation>
    </message>
    <message>
        <source>方案摘要</source>
        <translation>Plan summary</translation>
    </message>
    <message>
        <source>还没有方案，请先求解（F5）。</source>
        <translation>There is no plan yet: solve first (F5).</translation>
    </message>
    <message>
        <source>{name}_方案摘要.pdf</source>
        <translation>{name}_summary.pdf</translation>
    </message>
    <message>
        <source>保存方案摘要</source>
        <translation>Save plan summary</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>无法写入 {path}：{error}</source>
        <translation>Cannot write {path}: {error}</translation>
    </message>
    <message>
        <source>打印预览 — 方案摘要</source>
        <translation>Print preview — plan summary</translation>
    </message>
    <message>
        <source>约束策略</source>
        <extracomment>The year-plan settings' values when the 约束 sheet does not set them (planner.model.YearsSpec's).</extracomment>
        <translation>Rules</translation>
    </message>
    <message>
        <source>优化方案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>分析</source>
        <translation>Analysis</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>新建项目</source>
        <translation>New project</translation>
    </message>
    <message>
        <source>新建空白项目</source>
        <translation>Start a blank project</translation>
    </message>
    <message>
        <source>新建县项目…</source>
        <translation>New county project…</translation>
    </message>
    <message>
        <source>分步向导：供应商报价单 → 系统清单 → 规则 → 求解 → 导出</source>
        <translation>Step-by-step guide: vendor quotes → system list → rules → solve → export</translation>
    </message>
    <message>
        <source>打开…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <source>打开项目文件（.yunce）或标准输入工作簿（.xlsx）</source>
        <translation>Open a project file (.yunce) or a canonical input workbook (.xlsx)</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>保存项目文件</source>
        <translation>Save the project file</translation>
    </message>
    <message>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>把项目保存为新文件</source>
        <translation>Save the project to a new file</translation>
    </message>
    <message>
        <source>读取供应商自己的报价单（任意版式），识别各列后导入</source>
        <translation>Read a vendor's own quote sheet (any layout) and import it after detecting its columns</translation>
    </message>
    <message>
        <source>导出方案工作簿…</source>
        <translation>Export plan workbook…</translation>
    </message>
    <message>
        <source>把方案写成 Excel 工作簿</source>
        <translation>Write the plan as an Excel workbook</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>在当前表格末尾添加一行</source>
        <translation>Add a row at the end of the current table</translation>
    </message>
    <message>
        <source>删除选中的行</source>
        <translation>Delete the selected rows</translation>
    </message>
    <message>
        <source>求解</source>
        <translation>Solve</translation>
    </message>
    <message>
        <source>按当前数据和规则求解 (F5)</source>
        <translation>Solve with the current data and rules (F5)</translation>
    </message>
    <message>
        <source>取消求解</source>
        <translation>Cancel solve</translation>
    </message>
    <message>
        <source>停止正在进行的求解</source>
        <translation>Stop the running solve</translation>
    </message>
    <message>
        <source>问题面板</source>
        <translation>Problems panel</translation>
    </message>
    <message>
        <source>打开示例县</source>
        <translation>Open the sample county</translation>
    </message>
    <message>
        <source>打开内置的示例县（青山县）数据</source>
        <translation>Open the built-in sample county (Qingshan)</translation>
    </message>
    <message>
        <source>关于云策</source>
        <translation>About Yunce</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>最近打开</source>
        <translation>Recent files</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>求解(&amp;S)</source>
        <translation>&amp;Solve</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>无法作为 Excel 工作簿打开 {file}（文件损坏、加密或不是 .xlsx/.xls/.ods 格式）。</source>
        <translation>Cannot open {file} as an Excel workbook (damaged, encrypted or not .xlsx/.xls/.ods).</translation>
    </message>
    <message>
        <source>文件中没有找到「{sheet}」表，未导入</source>
        <translation>No "{sheet}" sheet found in the file; not imported</translation>
    </message>
    <message>
        <source>请在导入对话框中选择对应的工作表</source>
        <translation>Choose the matching sheet in the import dialog</translation>
    </message>
    <message>
        <source>没有对应到必需的列「{col}」</source>
        <translation>No column is mapped to the required field "{col}"</translation>
    </message>
    <message>
        <source>请在导入对话框中把文件里的某一列对应到「{col}」</source>
        <translation>In the import dialog, map one of the file's columns to "{col}"</translation>
    </message>
    <message>
        <source>（不导入）</source>
        <translation>(do not import)</translation>
    </message>
    <message>
        <source>文件中的工作表：</source>
        <translation>Sheet in the file:</translation>
    </message>
    <message>
        <source>表头所在行：</source>
        <translation>Header row:</translation>
    </message>
    <message>
        <source>列的对应（第一行为文件中的表头，可在下拉框中修改对应的字段）与前几行预览：</source>
        <translation>Column mapping (first row: the file's headers; change the field in the drop-downs) and a preview of the first rows:</translation>
    </message>
    <message>
        <source>对应到</source>
        <translation>maps to</translation>
    </message>
    <message>
        <source>（忽略）</source>
        <translation>(ignore)</translation>
    </message>
    <message>
        <source>此表不导入，保留当前数据。</source>
        <translation>This sheet is not imported; the current data stays.</translation>
    </message>
    <message>
        <source>尚未对应的必需字段：{names}</source>
        <translation>Required fields not mapped yet: {names}</translation>
    </message>
    <message>
        <source>必需字段均已对应。</source>
        <translation>All required fields are mapped.</translation>
    </message>
    <message>
        <source>已自动识别工作表和列的对应关系。请核对预览，如有不对可在下拉框中修改。带 * 的字段为必填。</source>
        <translation>Sheets and columns were matched automatically. Check the preview and fix any mapping in the drop-downs. Fields marked * are required.</translation>
    </message>
    <message>
        <source>取消</source>
        <extracomment>How long a blocking task may take before its progress dialog appears (ms). Tasks whose result was dropped (cancelled) and that are still finishing.</extracomment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>停止正在进行的求解 (Esc)</source>
        <translation>Stop the running solve (Esc)</translation>
    </message>
    <message>
        <source>{p} 个平台 · {l} 条报价 · {w} 个系统</source>
        <translation>{p} platforms · {l} prices · {w} systems</translation>
    </message>
    <message>
        <source>数据：{e} 处错误，{w} 处提示</source>
        <translation>Data: {e} errors, {w} notes</translation>
    </message>
    <message>
        <source>数据：无错误，{w} 处提示</source>
        <translation>Data: no errors, {w} notes</translation>
    </message>
    <message>
        <source>数据：无错误</source>
        <translation>Data: no errors</translation>
    </message>
    <message>
        <source>双击「问题」面板中的一行可跳到对应单元格</source>
        <translation>Double-click a line in the Problems panel to jump to its cell</translation>
    </message>
    <message>
        <source>方案：求解中…</source>
        <translation>Plan: solving…</translation>
    </message>
    <message>
        <source>方案：尚未求解</source>
        <translation>Plan: not solved yet</translation>
    </message>
    <message>
        <source>可行</source>
        <translation>feasible</translation>
    </message>
    <message>
        <source>方案：{word}，{first}–{last} 合计 {total}</source>
        <translation>Plan: {word}, {first}–{last} total {total}</translation>
    </message>
    <message>
        <source>方案：{word}，{total}</source>
        <translation>Plan: {word}, {total}</translation>
    </message>
    <message>
        <source>方案：无可行方案</source>
        <translation>Plan: infeasible</translation>
    </message>
    <message>
        <source>（已过期）</source>
        <translation> (out of date)</translation>
    </message>
    <message>
        <source>输入有 {n} 处错误，无法求解。请在下方「问题」面板中逐条修正（双击可跳到对应单元格）。</source>
        <extracomment>Quiet time after the last edit before an auto re-solve starts (ms).</extracomment>
        <translation>The input has {n} errors and cannot be solved. Fix them one by one in the Problems panel below (double-click jumps to the cell).</translation>
    </message>
    <message>
        <source>方案：输入有错误，无法求解</source>
        <translation>Plan: input has errors, cannot solve</translation>
    </message>
    <message>
        <source>方案：正在取消…</source>
        <translation>Plan: cancelling…</translation>
    </message>
    <message>
        <source>求解出错</source>
        <translation>Solve failed</translation>
    </message>
    <message>
        <source>求解时发生内部错误：</source>
        <translation>An internal error occurred while solving:</translation>
    </message>
    <message>
        <source>已取消求解。</source>
        <translation>Solve cancelled.</translation>
    </message>
    <message>
        <source>提高平台容量</source>
        <translation>Raise platform capacity</translation>
    </message>
    <message>
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>项目「{name}」有未保存的修改。是否保存？</source>
        <translation>Project "{name}" has unsaved changes. Save them?</translation>
    </message>
    <message>
        <source>已打开示例县。按 F5 求解。</source>
        <translation>Sample county opened. Press F5 to solve.</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>无法打开</source>
        <translation>Cannot open</translation>
    </message>
    <message>
        <source>正在读取 {file}…</source>
        <translation>Reading {file}…</translation>
    </message>
    <message>
        <source>已取消打开 {file}；当前项目未改动。</source>
        <translation>Opening {file} was cancelled; the current project is unchanged.</translation>
    </message>
    <message>
        <source>已填写的询价单</source>
        <translation>a filled-in request for quotation</translation>
    </message>
    <message>
        <source>本县的系统清单</source>
        <translation>the county's system list</translation>
    </message>
    <message>
        <source>平台清单（资源池属性）</source>
        <translation>a platforms list (pool attributes)</translation>
    </message>
    <message>
        <source>约束规则（参数、值）</source>
        <translation>rules (parameter, value)</translation>
    </message>
    <message>
        <source>导入报价</source>
        <translation>Import the quote</translation>
    </message>
    <message>
        <source>导入系统清单</source>
        <translation>Import the system list</translation>
    </message>
    <message>
        <source>导入平台表</source>
        <translation>Import the platforms</translation>
    </message>
    <message>
        <source>导入约束规则</source>
        <translation>Import the rules</translation>
    </message>
    <message>
        <source>打开 {file}</source>
        <translation>Open {file}</translation>
    </message>
    <message>
        <source>{file} 不是云策的输入工作簿，看起来是{what}（{why}）。</source>
        <translation>{file} is not a Yunce input workbook; it looks like {what} ({why}).</translation>
    </message>
    <message>
        <source>要把它导入当前项目吗？导入后可撤销。</source>
        <translation>Import it into the current project? The import can be undone.</translation>
    </message>
    <message>
        <source>无法导入约束规则</source>
        <translation>Cannot import the rules</translation>
    </message>
    <message>
        <source>已导入约束规则：{file}</source>
        <translation>Rules imported: {file}</translation>
    </message>
    <message>
        <source>已载入项目中保存的方案（与当前数据一致，无需重新求解）。</source>
        <translation>Loaded the plan saved in the project (it matches the current data; no need to solve again).</translation>
    </message>
    <message>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>云策项目 (*.yunce)</source>
        <translation>Yunce project (*.yunce)</translation>
    </message>
    <message>
        <source>替换只读文件</source>
        <translation>Replace a read-only file</translation>
    </message>
    <message>
        <source>{path} 是只读文件。是否仍要替换它？</source>
        <translation>{path} is a read-only file. Replace it anyway?</translation>
    </message>
    <message>
        <source>无法写入</source>
        <translation>Cannot write</translation>
    </message>
    <message>
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <source>已保存：{path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>清除列表</source>
        <translation>Clear list</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx *.xls *.ods);;所有文件 (*)</source>
        <translation>Excel workbooks (*.xlsx *.xls *.ods);;All files (*)</translation>
    </message>
    <message>
        <source>无法导入</source>
        <translation>Cannot import</translation>
    </message>
    <message>
        <source>已取消导入 {file}。</source>
        <translation>Importing {file} was cancelled.</translation>
    </message>
    <message>
        <source>已导入 {file}</source>
        <translation>Imported {file}</translation>
    </message>
    <message>
        <source>导入供应商报价（可多选）</source>
        <translation>Import vendor quotes (several at once)</translation>
    </message>
    <message>
        <source>表格文件 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.xls *.ods *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>已导入 {n}/{total} 个文件</source>
        <translation>{n} of {total} files imported</translation>
    </message>
    <message>
        <source>无法读取 {file}：{reason}</source>
        <translation>Cannot read {file}: {reason}</translation>
    </message>
    <message>
        <source>导入 {file}（第 {n}/{total} 个）</source>
        <translation>Import {file} ({n} of {total})</translation>
    </message>
    <message>
        <source>{file} 中没有找到可导入的数据。</source>
        <translation>Nothing to import was found in {file}.</translation>
    </message>
    <message>
        <source>自动保存失败：{reason}</source>
        <translation>Autosave failed: {reason}</translation>
    </message>
    <message>
        <source>恢复未保存的工作</source>
        <translation>Recover unsaved work</translation>
    </message>
    <message>
        <source>云策上次没有正常退出。发现自动保存的项目，是否恢复？
（选「否」将删除该自动保存文件）</source>
        <translation>Yunce did not close normally last time. An autosaved project was found. Recover it?
("No" deletes the autosaved file)</translation>
    </message>
    <message>
        <source>无法恢复</source>
        <translation>Cannot recover</translation>
    </message>
    <message>
        <source>自动保存的恢复文件已损坏，无法恢复：{reason}</source>
        <translation>The autosaved recovery file is damaged and cannot be restored: {reason}</translation>
    </message>
    <message>
        <source>已将它改名为 {path} 保留备查；云策照常启动。</source>
        <translation>It was renamed to {path} and kept for a look; Yunce starts as usual.</translation>
    </message>
    <message>
        <source>已删除该文件；云策照常启动。</source>
        <translation>The file was deleted; Yunce starts as usual.</translation>
    </message>
    <message>
        <source>已恢复自动保存的项目；请及时保存。</source>
        <translation>The autosaved project was recovered; please save it.</translation>
    </message>
    <message>
        <source>还没有可导出的方案，请先求解（F5）。</source>
        <translation>There is no plan to export yet; solve first (F5).</translation>
    </message>
    <message>
        <source>{name}_采购方案.xlsx</source>
        <translation>{name}_plan.xlsx</translation>
    </message>
    <message>
        <source>导出方案工作簿</source>
        <translation>Export plan workbook</translation>
    </message>
    <message>
        <source>导出诊断工作簿</source>
        <translation>Export diagnosis workbook</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>方案工作簿已导出：{path}</source>
        <translation>Plan workbook exported: {path}</translation>
    </message>
    <message>
        <source>输入有错误，请先修正后再导出输入工作簿。</source>
        <translation>The input has errors; fix them before exporting the input workbook.</translation>
    </message>
    <message>
        <source>{name}_输入.xlsx</source>
        <translation>{name}_input.xlsx</translation>
    </message>
    <message>
        <source>导出输入工作簿</source>
        <translation>Export input workbook</translation>
    </message>
    <message>
        <source>输入工作簿已导出：{path}</source>
        <translation>Input workbook exported: {path}</translation>
    </message>
    <message>
        <source>云策 Yunce：县级政务云采购优化。
读取供应商报价和业务系统清单，按预算、信创、数据安全和防锁定规则求出最省钱的方案，并导出 Excel 工作簿。</source>
        <translation>Yunce: government-cloud procurement planning for counties.
Reads vendor quotes and the system inventory, finds the cheapest plan that meets the budget, 信创, data-security and anti-lock-in rules, and exports it as an Excel workbook.</translation>
    </message>
    <message>
        <source>第一步：各供应商的平台和报价</source>
        <translation>Step 1: the vendors' platforms and prices</translation>
    </message>
    <message>
        <source>第二步：本县的业务系统清单</source>
        <translation>Step 2: the county's systems</translation>
    </message>
    <message>
        <source>第三步：预算、信创占比、供应商占比等规则</source>
        <translation>Step 3: budget, 信创 share, vendor share and other rules</translation>
    </message>
    <message>
        <source>第四步：求解并查看方案</source>
        <translation>Step 4: solve and review the plan</translation>
    </message>
    <message>
        <source>第五步：导出方案工作簿</source>
        <translation>Step 5: export the plan workbook</translation>
    </message>
    <message>
        <source>分析：锁定风险、敏感性与情景</source>
        <translation>Analysis: lock-in, sensitivity and scenarios</translation>
    </message>
    <message>
        <source>系统名称</source>
        <extracomment>Column keys in display order: what a reader needs first (system, where, what it costs), then the system's attributes and the parts of the annual total.</extracomment>
        <translation>System</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>数据分级</source>
        <translation>Data class</translation>
    </message>
    <message>
        <source>等保</source>
        <translation>MLPS</translation>
    </message>
    <message>
        <source>vCPU</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>供应商</source>
        <translation>Vendor</translation>
    </message>
    <message>
        <source>信创</source>
        <translation>信创</translation>
    </message>
    <message>
        <source>资源费用</source>
        <translation>Resources</translation>
    </message>
    <message>
        <source>安全服务</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>迁移分摊</source>
        <translation>Migration</translation>
    </message>
    <message>
        <source>适配分摊</source>
        <translation>Adaptation</translation>
    </message>
    <message>
        <source>年度合计</source>
        <translation>Annual total</translation>
    </message>
    <message>
        <source>迁移费用</source>
        <translation>Migration</translation>
    </message>
    <message>
        <source>适配费用</source>
        <translation>Adaptation</translation>
    </message>
    <message>
        <source>{y} 年费用</source>
        <translation>{y} cost</translation>
    </message>
    <message>
        <source>元，{y} 年；迁移、适配等一次性费用全部计入迁移当年</source>
        <translation>CNY in {y}; one-time costs (migration, adaptation) fall in full in the year of the move</translation>
    </message>
    <message>
        <source>元/年；一次性费用按规划年限分摊</source>
        <translation>CNY per year; one-time costs spread over the horizon</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>满足全部规则的最省钱方案：每个业务系统放在哪个平台、每年花多少钱、为什么。</source>
        <translation>The cheapest plan that meets every rule: where each system goes, what it costs per year, and why.</translation>
    </message>
    <message>
        <source>选择年份：费用卡片、分配方案和图表显示该年的方案</source>
        <translation>Choose a year: the cards, the allocation and the charts show that year's plan</translation>
    </message>
    <message>
        <source>年度总费用</source>
        <translation>Annual cost</translation>
    </message>
    <message>
        <source>信创 vCPU 占比</source>
        <translation>信创 vCPU share</translation>
    </message>
    <message>
        <source>最大供应商占比</source>
        <translation>Largest vendor share</translation>
    </message>
    <message>
        <source>使用供应商数</source>
        <translation>Vendors used</translation>
    </message>
    <message>
        <source>全部业务系统的年度费用合计（含按规划年限分摊的迁移、适配费用），与年度预算比较</source>
        <translation>Annual cost of all systems (including migration and adaptation spread over the horizon), against the annual budget</translation>
    </message>
    <message>
        <source>部署在信创平台上的 vCPU 占全部 vCPU 的比例，与约束中的最低占比比较</source>
        <translation>Share of all vCPU on 信创 platforms, against the required minimum</translation>
    </message>
    <message>
        <source>费用最多的一家供应商占年度总费用的比例，与约束中的上限比较</source>
        <translation>The largest vendor's share of annual cost, against the cap</translation>
    </message>
    <message>
        <source>方案用到的供应商数量，与约束中的最少供应商数比较</source>
        <translation>Number of vendors the plan uses, against the required minimum</translation>
    </message>
    <message>
        <source>点选一行查看“为什么放在这个平台”</source>
        <translation>Select a row to see why it goes on that platform</translation>
    </message>
    <message>
        <source>分配方案</source>
        <translation>Allocation</translation>
    </message>
    <message>
        <source>图表</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>诊断</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>分年计划</source>
        <translation>Plan by year</translation>
    </message>
    <message>
        <source>数据或规则已修改，下面的方案已过期。按 F5 重新求解。</source>
        <translation>Data or rules changed; the plan below is out of date. Press F5 to solve again.</translation>
    </message>
    <message>
        <source>还没有方案。检查数据和规则后，按 F5 或点「求解」。</source>
        <translation>No plan yet. Check the data and rules, then press F5 or click Solve.</translation>
    </message>
    <message>
        <source>暂无诊断。</source>
        <translation>No diagnosis.</translation>
    </message>
    <message>
        <source>最优方案</source>
        <translation>Optimal plan</translation>
    </message>
    <message>
        <source>可行方案（未证明最优）</source>
        <translation>Feasible plan (not proven optimal)</translation>
    </message>
    <message>
        <source>{status}：{n} 个系统，年度总费用 {total}（求解用时 {s:.1f} 秒）。</source>
        <translation>{status}: {n} systems, annual cost {total} (solved in {s:.1f} s).</translation>
    </message>
    <message>
        <source>与上一方案相比：{delta}/年。</source>
        <translation>Compared with the previous plan: {delta} per year.</translation>
    </message>
    <message>
        <source>与上一方案费用相同。</source>
        <translation>Same cost as the previous plan.</translation>
    </message>
    <message>
        <source>方案满足全部规则，无需诊断。</source>
        <translation>The plan meets every rule; nothing to diagnose.</translation>
    </message>
    <message>
        <source>{status}：分年计划 {first}–{last}，规划期总费用 {total}</source>
        <translation>{status}: year plan {first}–{last}, total over the horizon {total}</translation>
    </message>
    <message>
        <source>，现值 {pv}（折现率 {rate}）</source>
        <translation>, present value {pv} (discount rate {rate})</translation>
    </message>
    <message>
        <source>（求解用时 {s:.1f} 秒）。在上方选择年份查看该年的方案。</source>
        <translation> (solved in {s:.1f} s). Choose a year above to see its plan.</translation>
    </message>
    <message>
        <source>{y} 年</source>
        <translation>{y}</translation>
    </message>
    <message>
        <source>{n} 个系统</source>
        <translation>{n} systems</translation>
    </message>
    <message>
        <source>{n} vCPU</source>
        <translation>{n} vCPU</translation>
    </message>
    <message>
        <source>无可行方案</source>
        <translation>No feasible plan</translation>
    </message>
    <message>
        <source>见「诊断」</source>
        <translation>see Diagnosis</translation>
    </message>
    <message>
        <source>没有同时满足全部规则的方案。「诊断」页列出了冲突的规则和最小的放宽办法，可一键采用。</source>
        <translation>No plan meets all rules at once. The Diagnosis tab lists the conflicting rules and the smallest relaxations, each one click away.</translation>
    </message>
    <message>
        <source>为什么没有方案</source>
        <translation>Why there is no plan</translation>
    </message>
    <message>
        <source>{y} 年信创 vCPU 占比</source>
        <translation>{y} 信创 vCPU share</translation>
    </message>
    <message>
        <source>{y} 年最大供应商占比</source>
        <translation>{y} largest vendor share</translation>
    </message>
    <message>
        <source>{y} 年使用供应商数</source>
        <translation>{y} vendors used</translation>
    </message>
    <message>
        <source>该年全部业务系统的费用合计（迁移、适配等一次性费用全部计入迁移当年），与该年预算比较</source>
        <translation>That year's cost of all systems (migration and adaptation in full in the year of the move), against that year's budget</translation>
    </message>
    <message>
        <source>未设预算上限（{wan}）</source>
        <translation>No budget cap ({wan})</translation>
    </message>
    <message>
        <source>预算 {budget}，余 {left}</source>
        <translation>Budget {budget}, {left} left</translation>
    </message>
    <message>
        <source>要求 ≥ {req}</source>
        <translation>required ≥ {req}</translation>
    </message>
    <message>
        <source>上限 {cap}（{vendor}）</source>
        <translation>cap {cap} ({vendor})</translation>
    </message>
    <message>
        <source>{n} 家</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>要求 ≥ {req} 家</source>
        <translation>required ≥ {req}</translation>
    </message>
    <message>
        <source>把预算提高到 {yuan}</source>
        <translation>Raise the budget to {yuan}</translation>
    </message>
    <message>
        <source>将信创占比降至 {pct}</source>
        <translation>Lower the 信创 share to {pct}</translation>
    </message>
    <message>
        <source>将单一供应商最高占比放宽至 {pct}</source>
        <translation>Relax the vendor share cap to {pct}</translation>
    </message>
    <message>
        <source>将最少供应商数降至 {n} 家</source>
        <translation>Lower the minimum vendors to {n}</translation>
    </message>
    <message>
        <source>把平台 {platform} 的容量提高到 {n} vCPU</source>
        <translation>Raise the capacity of {platform} to {n} vCPU</translation>
    </message>
    <message>
        <source> 并重新求解</source>
        <translation> and solve again</translation>
    </message>
    <message>
        <source>采用这项最小放宽（可撤销），然后重新求解</source>
        <translation>Adopt this smallest relaxation (undoable) and solve again</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; → {platform}，年度 {cost}</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; → {platform}, {cost} per year</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; → {platform}，{y} 年 {cost}</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; → {platform}, {cost} in {y}</translation>
    </message>
    <message>
        <source>资源与安全服务（折后，已扣 {d}）{v}</source>
        <translation>resources and security after discounts ({d} off) {v}</translation>
    </message>
    <message>
        <source>资源 {v}</source>
        <translation>resources {v}</translation>
    </message>
    <message>
        <source>安全服务 {v}</source>
        <translation>security {v}</translation>
    </message>
    <message>
        <source>迁移分摊 {v}</source>
        <translation>migration {v}</translation>
    </message>
    <message>
        <source>迁移费用 {v}</source>
        <translation>migration {v}</translation>
    </message>
    <message>
        <source>信创适配分摊 {v}</source>
        <translation>信创 adaptation {v}</translation>
    </message>
    <message>
        <source>信创适配费用 {v}</source>
        <translation>信创 adaptation {v}</translation>
    </message>
    <message>
        <source>可部署的平台（年度费用）</source>
        <translation>Eligible platforms (annual cost)</translation>
    </message>
    <message>
        <source>不能部署的平台及原因</source>
        <translation>Excluded platforms and why</translation>
    </message>
    <message>
        <source>{y} 年：{title}</source>
        <translation>{y}: {title}</translation>
    </message>
    <message>
        <source>各供应商年度费用（万元）</source>
        <translation>Annual cost by vendor (10k CNY)</translation>
    </message>
    <message>
        <source>{v} 万元</source>
        <translation>{v} ×10k CNY</translation>
    </message>
    <message>
        <source>年度费用</source>
        <translation>Annual cost</translation>
    </message>
    <message>
        <source>@value 万元</source>
        <translation>@value ×10k CNY</translation>
    </message>
    <message>
        <source>{vendor}（{share}）</source>
        <translation>{vendor} ({share})</translation>
    </message>
    <message>
        <source>万元</source>
        <translation>×10k CNY</translation>
    </message>
    <message>
        <source>无法写入图片：{path}</source>
        <translation>Cannot write the image: {path}</translation>
    </message>
    <message>
        <source>复制图表</source>
        <translation>Copy chart</translation>
    </message>
    <message>
        <source>把图表作为图片复制到剪贴板，可直接粘贴到 WPS、其他文档或微信</source>
        <translation>Copy the chart to the clipboard as a picture, to paste into WPS, other documents or WeChat</translation>
    </message>
    <message>
        <source>保存为 PNG…</source>
        <translation>Save as PNG…</translation>
    </message>
    <message>
        <source>把图表保存为 PNG 图片文件</source>
        <translation>Save the chart as a PNG image file</translation>
    </message>
    <message>
        <source>保存图表为 PNG</source>
        <translation>Save chart as PNG</translation>
    </message>
    <message>
        <source>PNG 图片 (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <source>图表未保存：{path}：{reason}</source>
        <translation>Chart not saved: {path}: {reason}</translation>
    </message>
    <message>
        <source>保存图表</source>
        <translation>Save chart</translation>
    </message>
    <message>
        <source>图表已保存：{path}</source>
        <translation>Chart saved: {path}</translation>
    </message>
    <message>
        <source>信创与非信创</source>
        <translation>信创 and other</translation>
    </message>
    <message>
        <source>信创与非信创 vCPU</source>
        <translation>信创 vs non-信创 vCPU</translation>
    </message>
    <message>
        <source>非信创</source>
        <translation>non-信创</translation>
    </message>
    <message>
        <source>年度费用构成</source>
        <translation>Annual cost components</translation>
    </message>
    <message>
        <source>资源</source>
        <translation>Resources</translation>
    </message>
    <message>
        <source>信创适配分摊</source>
        <translation>信创 adaptation</translation>
    </message>
    <message>
        <source>信创适配费用</source>
        <translation>信创 adaptation</translation>
    </message>
    <message>
        <source>{vendor} 阶梯折扣 −{amount}</source>
        <translation>{vendor} volume-tier discount −{amount}</translation>
    </message>
    <message>
        <source>{vendor} 最低消费补足 +{amount}</source>
        <translation>{vendor} minimum-commitment top-up +{amount}</translation>
    </message>
    <message>
        <source>{vendor} 开通费分摊 +{amount}</source>
        <translation>{vendor} setup fee per year +{amount}</translation>
    </message>
    <message>
        <source>{vendor} 开通费（首年使用）+{amount}</source>
        <translation>{vendor} setup fee (first year of use) +{amount}</translation>
    </message>
    <message>
        <source>{year} 年各系统合计 {systems}，另按供应商条款：{parts}。</source>
        <translation>{year}: systems together {systems}; vendor terms on top: {parts}.</translation>
    </message>
    <message>
        <source>各系统合计 {systems}，另按供应商条款：{parts}。</source>
        <translation>Systems together {systems}; vendor terms on top: {parts}.</translation>
    </message>
    <message>
        <source>修改约束</source>
        <extracomment>Text shown (in whichever language it was made) → (Chinese template, its values).</extracomment>
        <translation>Change rule</translation>
    </message>
    <message>
        <source>未命名项目</source>
        <extracomment>采购项目 the user merged on the export page (lot keys; planner.procurement.merge_lots)</extracomment>
        <translation>Untitled project</translation>
    </message>
    <message>
        <source>导入 {file}</source>
        <translation>Import {file}</translation>
    </message>
    <message>
        <source>当前项目</source>
        <translation>current project</translation>
    </message>
    <message>
        <source>「{sheet}」表没有数据</source>
        <translation>The "{sheet}" sheet has no rows</translation>
    </message>
    <message>
        <source>请导入或录入至少一行</source>
        <translation>Import or enter at least one row</translation>
    </message>
    <message>
        <source>文件不存在：{path}</source>
        <translation>File not found: {path}</translation>
    </message>
    <message>
        <source>方案必须遵守的规则。修改后方案会标记为过期；按 F5 或「求解」重新计算。</source>
        <translation>The rules a plan must obey. Changing one marks the plan out of date; press F5 or Solve to recompute.</translation>
    </message>
    <message>
        <source>规则</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>采购标准（决定采购方式，不影响方案）</source>
        <translation>Procurement standards (decide the methods, never the plan)</translation>
    </message>
    <message>
        <source>默认值是全国指引下限（财库〔2019〕69号：市县级分散采购限额标准不低于 30 万元，公开招标数额标准不低于 200 万元），请按本省标准修改。</source>
        <translation>The defaults are the national guideline's floors (Cai Ku [2019] 69: decentralised limit at least 300,000 元 for city and county units, public-tender threshold at least 2,000,000 元); set your province's figures.</translation>
    </message>
    <message>
        <source>当年</source>
        <translation>this year</translation>
    </message>
    <message>
        <source>第 {q} 季度</source>
        <translation>Q{q}</translation>
    </message>
    <message>
        <source>分散采购限额标准</source>
        <translation>Decentralised procurement limit</translation>
    </message>
    <message>
        <source>公开招标数额标准</source>
        <translation>Public-tender threshold</translation>
    </message>
    <message>
        <source>云计算服务在集中采购目录内</source>
        <translation>Cloud services in the central catalogue</translation>
    </message>
    <message>
        <source>采购品目编码</source>
        <translation>Item code</translation>
    </message>
    <message>
        <source>采购品目名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <source>合同年限</source>
        <translation>Contract term</translation>
    </message>
    <message>
        <source>采购年度</source>
        <translation>Purchase year</translation>
    </message>
    <message>
        <source>预计采购季度</source>
        <translation>Expected quarter</translation>
    </message>
    <message>
        <source>资金来源</source>
        <translation>Funding source</translation>
    </message>
    <message>
        <source> 万元</source>
        <translation> ×10k CNY</translation>
    </message>
    <message>
        <source>采购项目（写入「采购实施计划」「采购意向公开」）</source>
        <translation>Procurement projects (written to the procurement plan and intention sheets)</translation>
    </message>
    <message>
        <source>合并为一个采购项目</source>
        <translation>Merge into one project</translation>
    </message>
    <message>
        <source>把选中的同一年度、同一类别的采购项目合并为一个项目（每家供应商一个包），按合计金额确定采购方式</source>
        <translation>Merge the selected projects of one year and kind into one project (one lot per vendor); its method follows the total</translation>
    </message>
    <message>
        <source>拆分</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>把选中的合并项目拆回每家供应商一个采购项目</source>
        <translation>Split the selected merged project back into one project per vendor</translation>
    </message>
    <message>
        <source>采纳建议</source>
        <translation>Apply proposal</translation>
    </message>
    <message>
        <source>按化整为零核查的建议合并采购项目</source>
        <translation>Merge the projects as the split-purchase check proposes</translation>
    </message>
    <message>
        <source>求解后在此列出采购项目。</source>
        <extracomment>the merges asked for (the project's, saved with it); those the plan cannot keep are left out of the report but kept, so a later plan that has those lots again gets them</extracomment>
        <translation>The procurement projects are listed here after solving.</translation>
    </message>
    <message>
        <source>未发现化整为零。</source>
        <translation>No split purchase found.</translation>
    </message>
    <message>
        <source>合并采购项目</source>
        <translation>Merge procurement lots</translation>
    </message>
    <message>
        <source>拆分采购项目</source>
        <translation>Split procurement lots</translation>
    </message>
    <message>
        <source>采纳合并建议</source>
        <translation>Take the merge proposals</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>采购项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>预算金额（万元）</source>
        <translation>Budget (×10k CNY)</translation>
    </message>
    <message>
        <source>采购方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>组织形式</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>预计采购时间</source>
        <translation>Expected time</translation>
    </message>
    <message>
        <source>不设上限</source>
        <translation>No cap</translation>
    </message>
    <message>
        <source>设为最低可行费用</source>
        <translation>Use least feasible cost</translation>
    </message>
    <message>
        <source> 年</source>
        <translation> years</translation>
    </message>
    <message>
        <source>部署在信创（国产CPU/操作系统）平台上的 vCPU 至少占全部 vCPU 的比例。</source>
        <translation>Least share of all vCPU that must run on 信创 (domestic CPU/OS) platforms.</translation>
    </message>
    <message>
        <source>任何一家供应商的年度费用占总费用的比例上限，防止被单一厂商锁定；100% 表示不限制。</source>
        <translation>Largest share of annual cost any one vendor may take, against lock-in; 100% means no limit.</translation>
    </message>
    <message>
        <source> 家</source>
        <translation> vendors</translation>
    </message>
    <message>
        <source>方案至少要用到的供应商数量（“一云多芯”、多供应商备份）。</source>
        <translation>Fewest distinct vendors the plan must use (multi-vendor resilience).</translation>
    </message>
    <message>
        <source>每年可用于政务云的总预算；一次性迁移、适配费用按规划年限分摊后计入（分年计划中计入发生迁移的年份，「年度计划」表可逐年另设预算）。右侧为在其余规则下的最低可行年度费用。</source>
        <extracomment>Largest county (number of systems) for which auto re-solve is offered. Attribute names of the rule controls (the page's public widgets). A line of explanation under each rule (functions: translated when the page is built).</extracomment>
        <translation>Total yearly budget for government cloud; one-time migration and adaptation costs count spread over the horizon (in a year plan they fall in the year of the move, and the Year plan table may set a budget per year). On the right: the least feasible annual cost under the other rules.</translation>
    </message>
    <message>
        <source>合同/规划期的年数；迁移费用和信创适配费用在这些年内平均分摊（分年计划不分摊，按「年度计划」表逐年计算；规划年限仍决定可享受的期限折扣）。</source>
        <translation>Years of the contract/plan; migration and 信创 adaptation costs are spread evenly over them (a year plan does not spread them: it goes year by year through the Year plan table; the horizon still decides which term discount applies).</translation>
    </message>
    <message>
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>no limit</translation>
    </message>
    <message>
        <source>到时仍未证明最优时，给出已找到的最好方案（标明未证明最优）</source>
        <translation>When time runs out before optimality is proven, the best plan found is shown (marked as not proven optimal)</translation>
    </message>
    <message>
        <source>求解时间上限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>规则或数据修改后自动重新求解</source>
        <translation>Re-solve automatically after changes</translation>
    </message>
    <message>
        <source>仅对不超过 {n} 个业务系统的县启用，求解在后台进行</source>
        <translation>Only for counties with at most {n} systems; solves run in the background</translation>
    </message>
    <message>
        <source>求解 (F5)</source>
        <translation>Solve (F5)</translation>
    </message>
    <message>
        <source>按当前数据和规则计算最省钱的合规方案</source>
        <translation>Compute the cheapest compliant plan for the current data and rules</translation>
    </message>
    <message>
        <source>仅当「业务系统」页的「年度计划」表填有年份时使用（按年规划）；单年方案不受影响。</source>
        <translation>Used only when the Year plan table on the Systems page has years (a plan year by year); single-year plans are not affected.</translation>
    </message>
    <message>
        <source>同一系统在规划期内可以迁移不止一次</source>
        <translation>A system may move more than once in the horizon</translation>
    </message>
    <message>
        <source>按现值比较各年费用：第 t 年的费用除以 (1 + 折现率)^(t − 首年)。0 表示各年费用直接相加。</source>
        <translation>Years are compared at present value: year t's cost is divided by (1 + rate)^(t − first year). 0 adds the years' costs as they are.</translation>
    </message>
    <message>
        <source>不勾选时，每个系统在规划期内至多迁移一次（迁移、适配费用计入迁移当年）。</source>
        <translation>When unticked, each system moves at most once in the horizon (migration and adaptation costs fall in the year of the move).</translation>
    </message>
    <message>
        <source>折现率</source>
        <translation>Discount rate</translation>
    </message>
    <message>
        <source>允许多次迁移</source>
        <translation>Allow multiple moves</translation>
    </message>
    <message>
        <source>本项目按年规划：这两项用于分年计划的求解。</source>
        <translation>This project is planned year by year: these two settings are used by the year plan.</translation>
    </message>
    <message>
        <source>当前项目没有年度计划，这两项不起作用。在「业务系统」页的「年度计划」表填入年份（如 2026、2027、2028）即按年规划。</source>
        <translation>This project has no year plan, so these two settings have no effect. Enter years (e.g. 2026, 2027, 2028) in the Year plan table on the Systems page to plan year by year.</translation>
    </message>
    <message>
        <source>最低可行费用：求解后显示</source>
        <translation>Least feasible cost: shown after solving</translation>
    </message>
    <message>
        <source>最低可行费用：{yuan}（{wan}）</source>
        <translation>Least feasible cost: {yuan} ({wan})</translation>
    </message>
    <message>
        <source>，按上次求解</source>
        <translation>, from the last solve</translation>
    </message>
    <message>
        <source>必填</source>
        <extracomment>English column titles (the schema's Chinese ones are used in zh).</extracomment>
        <translation>required</translation>
    </message>
    <message>
        <source>选填</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>修改采购标准</source>
        <translation>Change procurement standards</translation>
    </message>
    <message>
        <source>编辑单元格</source>
        <translation>Edit cell</translation>
    </message>
    <message>
        <source>删除 {n} 行</source>
        <translation>Delete {n} rows</translation>
    </message>
    <message>
        <source>粘贴 {n} 行</source>
        <translation>Paste {n} rows</translation>
    </message>
    <message>
        <source>（值：{value}）</source>
        <translation> (value: {value})</translation>
    </message>
    <message>
        <source>修改方法：{hint}</source>
        <translation>How to fix: {hint}</translation>
    </message>
    <message>
        <source>清除单元格</source>
        <translation>Clear cells</translation>
    </message>
    <message>
        <source>筛选…</source>
        <translation>Filter…</translation>
    </message>
    <message>
        <source>只显示包含该文字的行（任一列）</source>
        <translation>Show only rows containing this text (any column)</translation>
    </message>
    <message>
        <source>已自动识别各列的含义。请核对下方的对应关系和预览，如有不对，在下拉框中改正后会重新读取。</source>
        <translation>The columns were recognised automatically. Check the mapping and preview below; correct a drop-down and the file is read again.</translation>
    </message>
    <message>
        <source>表中没有写明时填写，如 天翼云</source>
        <translation>Fill in when the sheet does not say it, e.g. China Telecom Cloud</translation>
    </message>
    <message>
        <source>表中没有资源池列或分组标题时填写，如 政务云一区</source>
        <translation>Fill in when the sheet has no pool column or group titles, e.g. Gov Cloud Zone 1</translation>
    </message>
    <message>
        <source>供应商：</source>
        <translation>Vendor:</translation>
    </message>
    <message>
        <source>资源池：</source>
        <translation>Pool:</translation>
    </message>
    <message>
        <source>文件中的表头</source>
        <translation>Header in the file</translation>
    </message>
    <message>
        <source>读作</source>
        <translation>Read as</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>问题与修改方法</source>
        <translation>Problem and how to fix it</translation>
    </message>
    <message>
        <source>列的对应</source>
        <translation>Column mapping</translation>
    </message>
    <message>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>已自动识别表格的版式：表头、数据行和各列的含义用颜色标出。点击列标题可改这一列的含义，点击行号可改表头从哪一行起；改正后会重新读取，下方预览随之更新。</source>
        <translation>The table's layout was recognised: header, data rows and what each column holds are shown in colour. Click a column header to change what it holds, a row number to change where the header starts; the file is then read again and the preview below follows.</translation>
    </message>
    <message>
        <source>表中没有写单位时填写一次，如 元/核/月</source>
        <translation>Type it once when the table states no unit, e.g. 元/核/月</translation>
    </message>
    <message>
        <source>（按表中所写）</source>
        <translation>(as the table says)</translation>
    </message>
    <message>
        <source>月</source>
        <translation>month</translation>
    </message>
    <message>
        <source>年</source>
        <translation>year</translation>
    </message>
    <message>
        <source>单位（当前表）：</source>
        <translation>Unit (this table):</translation>
    </message>
    <message>
        <source>计费周期（当前表）：</source>
        <translation>Billing period (this table):</translation>
    </message>
    <message>
        <source>工作表：</source>
        <translation>Sheet:</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>下列推测会改变价格、资源池或单位。请逐条核对，无误后勾选；也可改正版式后重新读取。</source>
        <translation>These guesses change a price, a pool or a unit. Check each and tick it when right, or correct the layout and read again.</translation>
    </message>
    <message>
        <source>全部确认</source>
        <translation>Confirm all</translation>
    </message>
    <message>
        <source>需确认</source>
        <translation>To confirm</translation>
    </message>
    <message>
        <source>各列的含义</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>全部提示</source>
        <translation>All notes</translation>
    </message>
    <message>
        <source>发现的问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <source>跳过的行</source>
        <translation>Skipped rows</translation>
    </message>
    <message>
        <source>资源池属性</source>
        <translation>Pool facts</translation>
    </message>
    <message>
        <source>无法按此版式读取</source>
        <translation>Cannot read with this layout</translation>
    </message>
    <message>
        <source>这份报价单没有写明供应商：请在上方「供应商」中填写，填好后会重新读取。</source>
        <translation>This quote sheet does not say its vendor: fill in 'Vendor' above and it is read again.</translation>
    </message>
    <message>
        <source>这份报价单没有写明资源池：请在上方「资源池」中填写（整份报价适用的资源池名称），填好后会重新读取。</source>
        <translation>This quote sheet does not say its pool: fill in 'Pool' above (the pool the whole sheet prices) and it is read again.</translation>
    </message>
    <message>
        <source>这份报价单没有写明供应商和资源池：请在上方填写，填好后会重新读取。</source>
        <translation>This quote sheet says neither its vendor nor its pool: fill them in above and it is read again.</translation>
    </message>
    <message>
        <source>
……另有 {n} 条</source>
        <translation>
… and {n} more</translation>
    </message>
    <message>
        <source>确认推测</source>
        <translation>Confirm guesses</translation>
    </message>
    <message>
        <source>有 {n} 处推测会改变价格、资源池或单位，尚未确认：

{items}{more}

确认这些推测并导入？</source>
        <translation>{n} guesses change a price, a pool or a unit and are not confirmed yet:

{items}{more}

Confirm them and import?</translation>
    </message>
    <message>
        <source>（未找到报价表）</source>
        <translation> (no price table found)</translation>
    </message>
    <message>
        <source>第 {rows} 行</source>
        <translation>rows {rows}</translation>
    </message>
    <message>
        <source>需确认（{n}）</source>
        <translation>To confirm ({n})</translation>
    </message>
    <message>
        <source>预览（{n} 条）</source>
        <translation>Preview ({n} lines)</translation>
    </message>
    <message>
        <source>将导入 {n} 条报价（{vendors}）；同一供应商的原有报价会被替换，新平台会加入平台表。</source>
        <translation>{n} price lines will be imported ({vendors}); that vendor's existing prices are replaced and new platforms are added.</translation>
    </message>
    <message>
        <source>还有 {n} 处推测待确认（见「需确认」）。</source>
        <translation> {n} guesses are still to be confirmed (see "To confirm").</translation>
    </message>
    <message>
        <source>将导入 {n} 个业务系统，替换当前清单。</source>
        <translation>{n} systems will be imported, replacing the current list.</translation>
    </message>
    <message>
        <source>全部提示（{n}）</source>
        <translation>All notes ({n})</translation>
    </message>
    <message>
        <source>保存询价单</source>
        <translation>Save the request for quotation</translation>
    </message>
    <message>
        <source>正在写出询价单…</source>
        <translation>Writing the request for quotation…</translation>
    </message>
    <message>
        <source>无法生成询价单</source>
        <translation>Cannot write the request for quotation</translation>
    </message>
    <message>
        <source>请先在「业务系统」页录入或导入本县的系统清单，并改正其中的错误。</source>
        <translation>First enter or import the county's systems on the Systems page and fix their errors.</translation>
    </message>
    <message>
        <source>双击一行可跳到对应单元格</source>
        <translation>Double-click a line to jump to its cell</translation>
    </message>
    <message>
        <source>没有发现问题。</source>
        <translation>No problems found.</translation>
    </message>
    <message>
        <source>{e} 处错误（必须修正才能求解），{w} 处提示。</source>
        <translation>{e} errors (must be fixed before solving), {w} notes.</translation>
    </message>
    <message>
        <source>第 {row} 行</source>
        <translation>row {row}</translation>
    </message>
    <message>
        <source>文件第 {row} 行</source>
        <translation>file row {row}</translation>
    </message>
    <message>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>业务系统表</source>
        <translation>Systems</translation>
    </message>
    <message>
        <source>约束表</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>未知页面：{page}（可用：quotes workloads rules plan plan:charts plan:diagnosis analysis export）</source>
        <translation>Unknown page: {page} (available: quotes workloads rules plan plan:charts plan:diagnosis analysis export)</translation>
    </message>
    <message>
        <source>内部错误</source>
        <translation>Internal error</translation>
    </message>
    <message>
        <source>发生了意外错误：{error}
未保存的工作已自动保存，下次启动时可恢复。详细信息：{log}</source>
        <translation>An unexpected error occurred: {error}
Unsaved work was autosaved and can be recovered at the next start. Details: {log}</translation>
    </message>
    <message>
        <source>无法生成截图：{out}</source>
        <translation>Cannot render the screenshot: {out}</translation>
    </message>
    <message>
        <source>无法写入截图：{out}</source>
        <translation>Cannot write the screenshot: {out}</translation>
    </message>
    <message>
        <source>截图已保存：{out}</source>
        <translation>Screenshot saved: {out}</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>设置文件</source>
        <translation>Settings file</translation>
    </message>
    <message>
        <source>恢复文件（未正常退出时保存）</source>
        <translation>Recovery file (saved when the app did not close normally)</translation>
    </message>
    <message>
        <source>错误日志</source>
        <translation>Error log</translation>
    </message>
    <message>
        <source>版本 {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>组件与许可证</source>
        <translation>Components and licences</translation>
    </message>
    <message>
        <source>云策</source>
        <translation>Yunce</translation>
    </message>
    <message>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <source>运行方式</source>
        <translation>Running as</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>打开数据文件夹</source>
        <translation>Open data folder</translation>
    </message>
    <message>
        <source>卸载云策不会删除这些文件；要重置设置，删除数据文件夹即可。</source>
        <translation>Uninstalling Yunce does not delete these files; to reset the settings, delete the data folder.</translation>
    </message>
    <message>
        <source>云策包含以下开源组件，各自按其许可证使用：</source>
        <translation>Yunce includes the following open-source components, each used under its licence:</translation>
    </message>
    <message>
        <source>安装包（免 Python）</source>
        <translation>installed package (no Python needed)</translation>
    </message>
    <message>
        <source>Python 环境</source>
        <translation>Python environment</translation>
    </message>
    <message>
        <source>不再显示</source>
        <translation>Don't show again</translation>
    </message>
    <message>
        <source>关闭这条提示，以后启动也不再显示</source>
        <translation>Close this tip; it will not come back on later starts</translation>
    </message>
    <message>
        <source>从这里开始：点“打开…”选择输入工作簿，或用 帮助 → 打开示例县 先看看云策怎么用。</source>
        <translation>Start here: click “Open…” to choose an input workbook, or try Help → Open the sample county to see how Yunce works.</translation>
    </message>
    <message>
        <source>从这里开始：已打开 {county}。按 F5 或点“求解”得到最省钱的方案；要用自己的数据，点“打开…”选择输入工作簿。</source>
        <translation>Start here: {county} is open. Press F5 or click “Solve” for the cheapest plan; to use your own data, click “Open…” and choose an input workbook.</translation>
    </message>
    <message>
        <source>包含工作表：</source>
        <translation>Sheets:</translation>
    </message>
    <message>
        <source>正在生成工作簿…</source>
        <translation>Building the workbook…</translation>
    </message>
    <message>
        <source>正在写入文件…</source>
        <translation>Writing the file…</translation>
    </message>
    <message>
        <source>{name}_诊断.xlsx</source>
        <translation>{name}_diagnosis.xlsx</translation>
    </message>
    <message>
        <source>云策项目、输入工作簿或要导入的表格 (*.yunce *.xlsx *.xls *.ods *.csv);;所有文件 (*)</source>
        <translation>Yunce projects, input workbooks or tables to import (*.yunce *.xlsx *.xls *.ods *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>已取消导出。</source>
        <translation>Export cancelled.</translation>
    </message>
    <message>
        <source>正在导出 {file}…</source>
        <translation>Exporting {file}…</translation>
    </message>
    <message>
        <source>采用显示的值</source>
        <translation>Use the value shown</translation>
    </message>
    <message>
        <source>把上面显示的值设为该规则的值</source>
        <translation>Set the rule to the value shown above</translation>
    </message>
    <message>
        <source>把年度预算设为当前最低可行费用（向上取整到千元）</source>
        <translation>Set the annual budget to the current least feasible cost (rounded up to the thousand)</translation>
    </message>
    <message>
        <source>读入的值「{value}」无法使用：{problem}请在此重新设置。</source>
        <translation>The value read, "{value}", cannot be used: {problem} Set it again here.</translation>
    </message>
    <message>
        <source>还没有方案，求解后在此显示图表。</source>
        <translation>No plan yet; the charts appear here after solving.</translation>
    </message>
    <message>
        <source>无可行方案：导出诊断工作簿（冲突的规则、各规则的最小放宽量、其余规则下最省钱的方案）。</source>
        <translation>No feasible plan: export the diagnosis workbook (the conflicting rules, each rule's least relaxation, the cheapest plan under the other rules).</translation>
    </message>
    <message>
        <source>生成询价单…</source>
        <extracomment>Rows the main table of a data page keeps visible when the window is low or the problems panel opens (the other tables of the page give up their room first).</extracomment>
        <translation>Request for quotation…</translation>
    </message>
    <message>
        <source>按本县的系统清单为每家供应商生成询价单，供应商填好后可直接导入</source>
        <translation>Write a request for quotation per vendor from the county's system list; a filled one imports directly</translation>
    </message>
    <message>
        <source>询价单已写出：{files}</source>
        <translation>Requests for quotation written: {files}</translation>
    </message>
    <message>
        <source>有更便宜的可选平台；正在查找让它留在这里的规则…</source>
        <translation>A cheaper platform is allowed; finding the rule that keeps it here…</translation>
    </message>
    <message>
        <source>有更便宜的可选平台；未能确定约束它的规则：{error}</source>
        <translation>A cheaper platform is allowed; the rule that keeps it here could not be determined: {error}</translation>
    </message>
    <message>
        <source>指定规则</source>
        <translation>Assignment rules</translation>
    </message>
    <message>
        <source>为选中的系统添加规则：固定到平台、禁止供应商、同平台、不同供应商、不上公有云（可撤销）</source>
        <translation>Add a rule for the selected systems: pin to a platform, forbid a vendor, same platform, different vendors, not on public cloud (undoable)</translation>
    </message>
    <message>
        <source>固定到现平台</source>
        <translation>Pin to the current platform</translation>
    </message>
    <message>
        <source>固定到平台…</source>
        <translation>Pin to a platform…</translation>
    </message>
    <message>
        <source>禁止使用供应商…</source>
        <translation>Forbid a vendor…</translation>
    </message>
    <message>
        <source>不上公有云</source>
        <translation>Not on public cloud</translation>
    </message>
    <message>
        <source>同平台（选中的系统）</source>
        <translation>Same platform (selected systems)</translation>
    </message>
    <message>
        <source>不同供应商（选中的系统）</source>
        <translation>Different vendors (selected systems)</translation>
    </message>
    <message>
        <source>固定到平台</source>
        <translation>Pin to a platform</translation>
    </message>
    <message>
        <source>选中的系统固定到：</source>
        <translation>Pin the selected systems to:</translation>
    </message>
    <message>
        <source>禁止使用供应商</source>
        <translation>Forbid a vendor</translation>
    </message>
    <message>
        <source>选中的系统不得使用：</source>
        <translation>The selected systems may not use:</translation>
    </message>
    <message>
        <source>自建机房</source>
        <translation>machine room</translation>
    </message>
    <message>
        <source>年度预算(元)</source>
        <translation>Budget (CNY)</translation>
    </message>
    <message>
        <source>每个系统均符合</source>
        <translation>every system complies</translation>
    </message>
    <message>
        <source>年度预算</source>
        <translation>Annual budget</translation>
    </message>
    <message>
        <source>余量 {left}</source>
        <translation>headroom {left}</translation>
    </message>
    <message>
        <source>信创占比</source>
        <translation>信创 share</translation>
    </message>
    <message>
        <source>{x:,.0f} / {t:,.0f} vCPU，要求 ≥ {min}</source>
        <translation>{x:,.0f} / {t:,.0f} vCPU, required ≥ {min}</translation>
    </message>
    <message>
        <source>上限 {cap}</source>
        <translation>cap {cap}</translation>
    </message>
    <message>
        <source>使用供应商</source>
        <translation>Vendors used</translation>
    </message>
    <message>
        <source>至少 {n} 家</source>
        <translation>at least {n}</translation>
    </message>
    <message>
        <source>{n} 个</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>{rule}（{y} 年）</source>
        <translation>{rule} ({y})</translation>
    </message>
    <message>
        <source>迁移系统数（{y} 年）</source>
        <translation>Systems moved ({y})</translation>
    </message>
    <message>
        <source>迁移 vCPU（{y} 年）</source>
        <translation>vCPU moved ({y})</translation>
    </message>
    <message>
        <source>其中迁移 {n} 个</source>
        <translation>{n} of them move</translation>
    </message>
    <message>
        <source>规划期总费用</source>
        <translation>Total over the horizon</translation>
    </message>
    <message>
        <source>{first}–{last} 年，现值 {pv}（折现率 {rate}）</source>
        <translation>{first}–{last}, present value {pv} (discount rate {rate})</translation>
    </message>
    <message>
        <source>{first}–{last} 年，共 {n} 年</source>
        <translation>{first}–{last}, {n} years</translation>
    </message>
    <message>
        <source>规划期预算合计</source>
        <translation>Budgets over the horizon</translation>
    </message>
    <message>
        <source>{y} 年信创占比</source>
        <translation>信创 share {y}</translation>
    </message>
    <message>
        <source>要求 ≥ {min}</source>
        <translation>required ≥ {min}</translation>
    </message>
    <message>
        <source>各年上限 {cap}</source>
        <translation>cap {cap} each year</translation>
    </message>
    <message>
        <source>每年至少 {n} 家</source>
        <translation>at least {n} each year</translation>
    </message>
    <message>
        <source>迁移 {n} 次，一次性费用 {once}</source>
        <translation>{n} moves, one-time costs {once}</translation>
    </message>
    <message>
        <source>余量</source>
        <translation>Headroom</translation>
    </message>
    <message>
        <source>信创占比（目标）</source>
        <translation>信创 share (target)</translation>
    </message>
    <message>
        <source>迁移</source>
        <translation>Moves</translation>
    </message>
    <message>
        <source>一次性费用</source>
        <translation>One-time costs</translation>
    </message>
    <message>
        <source>系统数（任一年）</source>
        <translation>Systems (any year)</translation>
    </message>
    <message>
        <source>规划期费用</source>
        <translation>Horizon cost</translation>
    </message>
    <message>
        <source>迁出</source>
        <translation>From</translation>
    </message>
    <message>
        <source>迁入</source>
        <translation>To</translation>
    </message>
    <message>
        <source>编制</source>
        <translation>Prepared by</translation>
    </message>
    <message>
        <source>审核</source>
        <translation>Reviewed by</translation>
    </message>
    <message>
        <source>审批</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>分年费用与预算</source>
        <translation>Cost and budget year by year</translation>
    </message>
    <message>
        <source>各供应商规划期费用</source>
        <translation>Cost per vendor over the horizon</translation>
    </message>
    <message>
        <source>迁移批次</source>
        <translation>Migration waves</translation>
    </message>
    <message>
        <source>“最优”指在上述全部规则下规划期总费用（按折现率折现）最低（相对间隙不超过百万分之一）；各年逐个系统的位置、费用和公式见方案工作簿。</source>
        <translation>“Optimal” means the lowest total over the horizon (discounted at the discount rate) under all the rules above (relative gap at most one in a million); where each system is in each year, its costs and the formulas are in the plan workbook.</translation>
    </message>
    <message>
        <source>{county} 政务云采购方案摘要</source>
        <translation>{county}: government cloud procurement plan summary</translation>
    </message>
    <message>
        <source>满足</source>
        <translation>met</translation>
    </message>
    <message>
        <source>不满足</source>
        <translation>not met</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>编制日期：{date}　求解结果：{status}（求解器 {solver}，相对间隙 {gap}）</source>
        <translation>Prepared {date}. Result: {status} (solver {solver}, relative gap {gap})</translation>
    </message>
    <message>
        <source>各供应商年度费用</source>
        <translation>Annual cost by vendor</translation>
    </message>
    <message>
        <source>系统数</source>
        <translation>Systems</translation>
    </message>
    <message>
        <source>占比</source>
        <translation>Share</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>规则核查</source>
        <translation>Rule checks</translation>
    </message>
    <message>
        <source>要求</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>方案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>“最优”指在上述全部规则下年度总费用最低（相对间隙不超过百万分之一）；逐个系统的分配、费用构成和公式见方案工作簿。</source>
        <translation>“Optimal” means the lowest annual cost under all the rules above (relative gap at most one in a million); the allocation of each system, its cost components and the formulas are in the plan workbook.</translation>
    </message>
    <message>
        <source>信创目标</source>
        <translation>信创 target</translation>
    </message>
    <message>
        <source>迁移系统数</source>
        <translation>Systems moved</translation>
    </message>
    <message>
        <source>一次性费用(元)</source>
        <translation>One-time costs (CNY)</translation>
    </message>
    <message>
        <source>▶ 该年迁入（左侧粗线）</source>
        <translation>▶ moves in that year (heavy left edge)</translation>
    </message>
    <message>
        <source>已下线</source>
        <translation>retired</translation>
    </message>
    <message>
        <source>（迁入，一次性费用 {once}）</source>
        <translation> (moves in, one-time cost {once})</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; 在各年的位置</source>
        <translation>Where &lt;b&gt;{name}&lt;/b&gt; is, year by year</translation>
    </message>
    <message>
        <source>{y} 年仍在现平台：合同到期（或最早上云年份）之前、或标为保持不动的系统留在原处，不按下面的条件挑选平台。</source>
        <extracomment>A platform cheaper by less than this many 元 is a tie, not a cheaper platform (planner.explain).</extracomment>
        <translation>In {y} it stays where it is: before its contract ends (or its earliest cloud year), or when marked keep-in-place, a system stays put and is not placed by the conditions below.</translation>
    </message>
    <message>
        <source>{y} 年在各可部署平台的运行费用（资源 + 安全服务，扣除折扣，不含一次性费用）</source>
        <translation>{y} running cost on each eligible platform (resources + security, after discounts, without one-time costs)</translation>
    </message>
    <message>
        <source>分年计划按全部年份一起求解：一个系统迁往哪里、哪年迁，取决于各年的预算、信创目标和迁移上限。</source>
        <translation>A year plan is solved for all years at once: where and when a system moves depends on every year's budget, 信创 target and move caps.</translation>
    </message>
    <message>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>{y} 年费用 {cost}（预算 {budget}）；信创占比 {xc}（目标 {target}）；迁移 {n} 个系统，一次性费用 {once}</source>
        <translation>{y}: cost {cost} (budget {budget}); 信创 share {xc} (target {target}); {n} systems move, one-time costs {once}</translation>
    </message>
    <message>
        <source>年度费用(元)</source>
        <translation>Cost in the year (元)</translation>
    </message>
    <message>
        <source>本年迁移</source>
        <translation>Moves this year</translation>
    </message>
    <message>
        <source>数据分级为核心或重要的系统只能放在私有云（政务私有云、专属云）平台上。</source>
        <extracomment>The manual section (anchor) F1 opens on each page.</extracomment>
        <translation>Systems with core or important data go only to private cloud (government private or dedicated cloud) platforms.</translation>
    </message>
    <message>
        <source>系统只能放在指定的供应商（和平台）上，例如合同未到期的系统。</source>
        <translation>The system goes only to the given vendor (and platform), e.g. while its contract runs.</translation>
    </message>
    <message>
        <source>系统不得使用某家供应商（或某个平台）。</source>
        <translation>The system must not use a vendor (or a platform).</translation>
    </message>
    <message>
        <source>系统不得放在公有云平台上。</source>
        <translation>The system must not go to a public cloud platform.</translation>
    </message>
    <message>
        <source>列出的几个系统必须放在同一个平台上（例如互相频繁调用）。</source>
        <translation>The listed systems go to the same platform (e.g. they call each other a lot).</translation>
    </message>
    <message>
        <source>列出的几个系统必须放在不同供应商上（例如主备系统）。</source>
        <translation>The listed systems go to different vendors (e.g. primary and standby).</translation>
    </message>
    <message>
        <source>指定规则：{name}</source>
        <translation>Assignment rule: {name}</translation>
    </message>
    <message>
        <source>云策使用手册</source>
        <translation>Yunce manual</translation>
    </message>
    <message>
        <source>搜索手册…</source>
        <translation>Search the manual…</translation>
    </message>
    <message>
        <source>输入文字：目录只显示含有它的章节；回车跳到下一处</source>
        <translation>Type text: the contents list only the sections with it; Enter jumps to the next place</translation>
    </message>
    <message>
        <source>下一处</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>搜索：</source>
        <translation>Search:</translation>
    </message>
    <message>
        <source>目录</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>{n} 个章节</source>
        <translation>{n} sections</translation>
    </message>
    <message>
        <source>未找到</source>
        <translation>Not found</translation>
    </message>
    <message>
        <source>含义</source>
        <translation>Meaning</translation>
    </message>
    <message>
        <source>已复制 {n} 个单元格。</source>
        <translation>Copied {n} cells.</translation>
    </message>
    <message>
        <source>这个表格不能编辑，无法粘贴。</source>
        <translation>This table cannot be edited: nothing pasted.</translation>
    </message>
    <message>
        <source>查找…</source>
        <translation>Find…</translation>
    </message>
    <message>
        <source>在此表格中查找文字（回车：下一个，Shift+回车：上一个）</source>
        <translation>Find text in this table (Enter: next, Shift+Enter: previous)</translation>
    </message>
    <message>
        <source>上一个</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>查找上一个 (Shift+F3)</source>
        <translation>Find previous (Shift+F3)</translation>
    </message>
    <message>
        <source>下一个</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>查找下一个 (F3)</source>
        <translation>Find next (F3)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>关闭查找栏 (Esc)</source>
        <translation>Close the find bar (Esc)</translation>
    </message>
    <message>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>复制选中的单元格</source>
        <translation>Copy the selected cells</translation>
    </message>
    <message>
        <source>剪切</source>
        <translation>Cut</translation>
    </message>
    <message>
        <source>复制并清除选中的单元格</source>
        <translation>Copy and clear the selected cells</translation>
    </message>
    <message>
        <source>把复制的单元格粘贴到当前单元格处</source>
        <translation>Paste the copied cells at the current cell</translation>
    </message>
    <message>
        <source>在当前表格中查找文字</source>
        <translation>Find text in the current table</translation>
    </message>
    <message>
        <source>查找下一个</source>
        <translation>Find next</translation>
    </message>
    <message>
        <source>查找上一个</source>
        <translation>Find previous</translation>
    </message>
    <message>
        <source>使用手册</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>打开使用手册（F1：当前页面的说明）</source>
        <translation>Open the manual (F1: the current page's section)</translation>
    </message>
    <message>
        <source>一到两页 A4 的方案摘要，含签字栏，供领导审批</source>
        <translation>The plan on one or two A4 pages with signature lines, for approval</translation>
    </message>
    <message>
        <source>预览并打印方案摘要</source>
        <translation>Preview and print the plan summary</translation>
    </message>
    <message>
        <source>表头</source>
        <extracomment>Background of a column's cells by its role (data rows), and of its header cell (stronger). Background of the rows that are not data, by what they are.</extracomment>
        <translation>Header</translation>
    </message>
    <message>
        <source>分组标题</source>
        <translation>Section title</translation>
    </message>
    <message>
        <source>标题/说明</source>
        <translation>Title/note</translation>
    </message>
    <message>
        <source>注释（跳过）</source>
        <translation>Note (skipped)</translation>
    </message>
    <message>
        <source>合计（跳过）</source>
        <translation>Total (skipped)</translation>
    </message>
    <message>
        <source>重复表头（跳过）</source>
        <translation>Repeated header (skipped)</translation>
    </message>
    <message>
        <source>空行</source>
        <translation>Blank row</translation>
    </message>
    <message>
        <source>数据</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>点击设置表头行</source>
        <extracomment>Roles offered when a column header is clicked, in this order.</extracomment>
        <translation>Click to set the header rows</translation>
    </message>
    <message>
        <source>点击更改这一列的含义</source>
        <translation>Click to change what this column holds</translation>
    </message>
    <message>
        <source>第 {col} 列是：</source>
        <translation>Column {col} holds:</translation>
    </message>
    <message>
        <source>表头从这一行开始</source>
        <translation>The header starts at this row</translation>
    </message>
    <message>
        <source>表头到这一行为止</source>
        <translation>The header ends at this row</translation>
    </message>
    <message>
        <source>只有这一行是表头</source>
        <translation>Only this row is the header</translation>
    </message>
    <message>
        <source>这一行不是表头</source>
        <translation>This row is not a header</translation>
    </message>
</context>
<context><name>AnalysisPage</name><message><source>退出供应商</source><translation>Vendor dropped</translation></message><message><source>结果</source><translation>Result</translation></message><message><source>年度费用</source><translation>Annual cost</translation></message><message><source>每年增加</source><translation>Extra per year</translation></message><message><source>预算内</source><translation>Within budget</translation></message><message><source>锁定风险</source><translation>Lock-in risk</translation></message><message><source>规则</source><translation>Rules</translation></message><message><source>已设置</source><translation>Set</translation></message><message><source>取消后费用</source><translation>Cost without it</translation></message><message><source>规则代价(元/年)</source><translation>Cost of rule (CNY/yr)</translation></message><message><source>最优</source><translation>optimal</translation></message><message><source>可行</source><translation>feasible</translation></message><message><source>无解</source><translation>infeasible</translation></message><message><source>已取消</source><translation>cancelled</translation></message><message><source>没有它时的现值</source><translation>Present value without it</translation></message><message><source>多花（现值）</source><translation>Extra (present value)</translation></message><message><source>每年都取消后的现值</source><translation>Present value with the rule off every year</translation></message><message><source>规则代价（现值）</source><translation>Rule cost (present value)</translation></message><message><source>分析：锁定风险、规则代价与情景</source><translation>Analysis: lock-in, rule costs and scenarios</translation></message><message><source>每个数字都来自对同一问题的精确重新求解：去掉一家供应商、取消一条规则、沿网格移动一条规则或换一套情景。</source><translation>Every figure comes from an exact re-solve of the same problem: dropping a vendor, lifting a rule, moving a rule along a grid, or switching scenario.</translation></message><message><source>运行分析</source><translation>Run analysis</translation></message><message><source>对当前输入运行完整分析（在后台进行，可取消）</source><translation>Run the full analysis of the current input (in the background, cancellable)</translation></message><message><source>取消</source><translation>Cancel</translation></message><message><source>尚无方案。求解后在此查看锁定风险分析。</source><translation>No plan yet. Solve, then see the lock-in analysis here.</translation></message><message><source>最大供应商占比</source><translation>Largest vendor share</translation></message><message><source>供应商集中度 HHI</source><translation>Vendor concentration (HHI)</translation></message><message><source>使用供应商数</source><translation>Vendors used</translation></message><message><source>最大迁出费用</source><translation>Largest exit cost</translation></message><message><source>最小放宽建议（单独放宽一条规则即可得到方案；点击采用）</source><translation>Smallest relaxations (relaxing one rule alone gives a plan; click to adopt)</translation></message><message><source>各供应商费用与迁出费用</source><translation>Cost and exit cost by vendor</translation></message><message><source>供应商退出测试（不计预算，其余规则不变）</source><translation>Vendor exit test (budget ignored, other rules kept)</translation></message><message><source>规则代价（取消该规则后重新求解）</source><translation>Cost of each rule (re-solved without it)</translation></message><message><source>现值：第 t 年的费用除以 (1 + 折现率)^(t − 首年) 后相加；折现率为 0 时即各年费用之和。</source><translation>Present value: each year t's cost divided by (1 + discount rate)^(t − first year), summed; with a rate of 0 it is the sum of the years' costs.</translation></message><message><source>权衡曲线（年度费用随规则变化；◆ 为现行规则）</source><translation>Trade-off curves (annual cost as a rule moves; ◆ = current rule)</translation></message><message><source>情景对比</source><translation>Scenario comparison</translation></message><message><source>供应商退出测试（规划期现值；不计各年预算，其余规则不变）</source><translation>Vendor loss (present value over the horizon; budgets not imposed, other rules unchanged)</translation></message><message><source>规则代价（规划期现值：每年都取消该规则后重新求解，省下的钱）</source><translation>Rule prices (present value over the horizon: the saving when the rule is off in every year, re-solved)</translation></message><message><source>当前规则下没有可行的分年方案（原因见「优化方案」→「诊断」），无法分析。</source><translation>No year plan obeys the current rules (see Plan → Diagnosis), so there is nothing to analyse.</translation></message><message><source>无方案</source><translation>No plan</translation></message><message><source>有方案</source><translation>Plan found</translation></message><message><source>分析中…</source><translation>Analysing…</translation></message><message><source>（分析已取消，以下为已完成部分）</source><translation>(analysis cancelled; what was finished is shown)</translation></message><message><source>是</source><translation>yes</translation></message><message><source>否</source><translation>no</translation></message><message><source>最优年度费用（万元）</source><translation>Optimal annual cost (10k CNY)</translation></message><message><source>现行规则</source><translation>Current rule</translation></message><message><source>年度费用（万元）</source><translation>Annual cost (10k CNY)</translation></message><message><source>{where} 容量</source><translation>{where} capacity</translation></message><message><source>{n} 家</source><translation>{n}</translation></message><message><source>供应商</source><translation>Vendor</translation></message><message><source>占比</source><translation>Share</translation></message><message><source>迁出费用</source><translation>Exit cost</translation></message><message><source>相当于年数</source><translation>Years of cost</translation></message><message><source>情景</source><translation>Scenario</translation></message><message><source>信创占比</source><translation>信创 share</translation></message><message><source>供应商数</source><translation>Vendors</translation></message><message><source>点击“运行分析”：对分年计划做供应商退出测试和规则代价（规划期现值，每项重新求解一次，示例县约需一两分钟）。</source><translation>Click “Run analysis” for the year plan's vendor loss and rule prices (present values over the horizon, one re-solve each; a minute or two for the sample county).</translation></message><message><source>分年计划的分析：各数字为整个规划期的现值。</source><translation>Year plan analysis: every figure is a present value over the whole horizon.</translation></message><message><source>正在取消…</source><translation>Cancelling…</translation></message><message><source>方案：{status}，年度费用 {cost}</source><translation>Plan: {status}, annual cost {cost}</translation></message><message><source>年度预算</source><translation>Annual budget</translation></message><message><source>已显示方案的锁定指标。点击“运行分析”计算供应商退出、规则代价、权衡曲线和情景对比。</source><translation>The plan's lock-in figures are shown. Click "Run analysis" for vendor exits, rule costs, trade-off curves and scenarios.</translation></message><message><source>当前规则下没有可行方案。点击“运行分析”计算各规则的最小放宽量。</source><translation>No feasible plan under the current rules. Click "Run analysis" to compute each rule's smallest relaxation.</translation></message><message><source>分年计划 {first}–{last}：规划期总费用 {total}，现值 {pv}（折现率 {rate}）。</source><translation>Year plan {first}–{last}: total {total}, present value {pv} (discount rate {rate}).</translation></message><message><source>分年计划 {first}–{last}：规划期总费用 {total}（折现率为 0，现值即总费用）。</source><translation>Year plan {first}–{last}: total {total} (discount rate 0: the present value is the total).</translation></message><message><source>无可行方案</source><translation>No feasible plan</translation></message><message><source>相当于 {n} 家等额供应商</source><translation>equivalent to {n} equal vendors</translation></message><message><source>共求解 {n} 次，用时 {s:.1f} 秒。</source><translation>{n} solves in {s:.1f} s.</translation></message><message><source>{rule}与年度费用</source><translation>{rule} vs annual cost</translation></message><message><source>分析进程意外退出（退出码 {code}）</source><translation>The analysis process stopped unexpectedly (exit code {code})</translation></message><message><source>已取消分析。</source><translation>Analysis cancelled.</translation></message><message><source>分析出错：{error}</source><translation>Analysis failed: {error}</translation></message><message><source>{vendor}，约 {years:.1f} 年的费用</source><translation>{vendor}, about {years:.1f} years of its cost</translation></message><message><source>将{rule}改为 {value}</source><translation>Change {rule} to {value}</translation></message><message><source>{y} 年</source><translation>{y}</translation></message><message><source>{y} 年 {cost}</source><translation>{y} {cost}</translation></message><message><source>没有 {vendor} 时各年费用：{costs}</source><translation>Each year's cost without {vendor}: {costs}</translation></message><message><source>仅放宽{rule}无法得到方案。</source><translation>Relaxing {rule} alone gives no plan.</translation></message></context></TS>