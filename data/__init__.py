"""Files: workbook schema, readers, writers and the embedded sample county."""
