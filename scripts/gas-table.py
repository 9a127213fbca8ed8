#!/usr/bin/env python3
"""Turns `forge test --gas-report` output (stdin) into the Markdown gas tables of docs/contracts.md
(stdout): one table per contract under src/, every external function with min / median / max gas
and the number of calls the tests made. Regenerate with scripts/gas-report.sh."""
import re
import sys

tables, current, rows, header_seen = [], None, [], False
for line in sys.stdin:
    m = re.match(r"\|\s*(src/\S+):(\w+) Contract\s*\|", line)
    if m:
        if current and rows:
            tables.append((current, rows))
        current, rows, header_seen = (m.group(1), m.group(2)), [], False
        continue
    if re.match(r"\|\s*\S+\.sol:\w+ Contract", line):
        if current and rows:
            tables.append((current, rows))
        current, rows = None, []
        continue
    if current is None:
        continue
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 6 and cells[0] == "Function Name":
        header_seen = True
        continue
    if header_seen and len(cells) == 6 and re.match(r"^\w+$", cells[0]) and cells[1].isdigit():
        name, lo, _avg, med, hi, calls = cells
        rows.append((name, lo, med, hi, calls))
if current and rows:
    tables.append((current, rows))

for (path, name), rows in tables:
    print(f"### {name} (`contracts/solidity/{path}`)\n")
    print("| function | min | median | max | calls in the tests |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| `{r[0]}` | {int(r[1]):,} | {int(r[2]):,} | {int(r[3]):,} | {r[4]} |")
    print()
