#!/usr/bin/env python3
"""Fills the {{NAME}} slots of a template: render.py TEMPLATE OUTPUT NAME=VALUE... (a slot left unfilled is an error)."""
import re
import sys

template, output, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
values = dict(pair.split("=", 1) for pair in pairs)
text = open(template, encoding="utf-8").read()
missing = sorted(set(re.findall(r"\{\{([A-Z_]+)\}\}", text)) - values.keys())
if missing:
    sys.exit(f"render.py: {template}: no value for {', '.join(missing)}")
text = re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], text)
open(output, "w", encoding="utf-8").write(text)
