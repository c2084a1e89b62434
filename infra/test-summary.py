"""Sums the TRX result files of a test run into the one line CI reads: `tests: N passed, N failed`."""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"

results = pathlib.Path(sys.argv[1])
passed = failed = skipped = 0
files = sorted(results.glob("*.trx"))
for trx in files:
    counters = ET.parse(trx).getroot().find(f"{NS}ResultSummary/{NS}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))

if not files:
    print("no test results found in", results, file=sys.stderr)
    failed += 1
print(f"tests: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed or passed == 0 else 0)
