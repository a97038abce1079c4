"""Building blocks of the plan workbook (data/plan_writer.py): texts, styles, fast save."""
