"""Summarise a pip-audit JSON report: fail on a known vulnerability, report what could not be audited."""

import json
import sys
from pathlib import Path

report = json.loads(Path(sys.argv[1]).read_text())
dependencies = report.get("dependencies", [])
skipped = [d for d in dependencies if d.get("skip_reason")]
vulnerable = [d for d in dependencies if d.get("vulns")]
audited = len(dependencies) - len(skipped)
print(f"pip-audit: {audited} audited, {len(skipped)} not audited, {len(vulnerable)} vulnerable")
if skipped and len(skipped) == len(dependencies):
    print("pip-audit: the vulnerability service was not reached; nothing audited (reported, not failed)")
for dependency in vulnerable:
    ids = ", ".join(v["id"] for v in dependency["vulns"])
    print(f"  {dependency['name']} {dependency.get('version', '')}: {ids}")
sys.exit(1 if vulnerable else 0)
