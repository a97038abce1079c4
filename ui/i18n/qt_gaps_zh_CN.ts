<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Chinese for Qt 6 texts missing from PySide6's qtbase_zh_CN.qm (tests/gui/test_language.py finds them). -->
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context><name>QFileDialog</name>
<message><source>&amp;Look in:</source><translation>查找范围(&amp;L)：</translation></message>
<message><source>Files of &amp;type:</source><translation>文件类型(&amp;T)：</translation></message>
</context>
<context><name>QPrintPropertiesWidget</name>
<message><source>Page &amp;Set:</source><translation>页面集(&amp;S)：</translation></message>
<message><source>Page &amp;order:</source><translation>页序(&amp;O)：</translation></message>
<message><source>Pages &amp;per sheet:</source><translation>每张页数(&amp;P)：</translation></message>
</context>
<context><name>QPrintSettingsOutput</name>
<message><source>Page &amp;Set:</source><translation>页面集(&amp;S)：</translation></message>
</context>
<context><name>QPageSetupWidget</name>
<message><source>Page &amp;order:</source><translation>页序(&amp;O)：</translation></message>
<message><source>Pages &amp;per sheet:</source><translation>每张页数(&amp;P)：</translation></message>
</context>
</TS>
