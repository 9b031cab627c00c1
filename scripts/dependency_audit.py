"""Dependency audit for CI: known vulnerabilities in the installed packages fail the build.

1. pip-audit against PyPI's vulnerability data (the same service `pip` reaches). Any finding fails.
2. Where that service cannot be reached (a closed network: pip-audit then reports every package as
   "not found"), the audit says so loudly and falls back to an offline floor, scripts/minimum_versions.txt:
   every listed package installed below its floor fails.
`DEPENDENCY_AUDIT_STRICT=1` makes an unreachable service itself a failure (for networks where it should work).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT / "scripts" / "minimum_versions.txt"
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"


def online_audit() -> tuple[list[str], int, int]:
    """(findings, packages audited, packages skipped)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                str(PIP_AUDIT),
                "--skip-editable",
                "-s",
                "pypi",
                "--progress-spinner",
                "off",
                "-f",
                "json",
                "-o",
                str(report),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if not report.is_file():
            return [], 0, 0
        data = json.loads(report.read_text())
    findings, audited, skipped = [], 0, 0
    for dependency in data.get("dependencies", []):
        if dependency.get("skip_reason"):
            skipped += 1
            continue
        audited += 1
        for vulnerability in dependency.get("vulns", []):
            fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fix yet"
            findings.append(
                f"{dependency['name']} {dependency['version']}: {vulnerability['id']} (fixed in {fixed})"
            )
    return findings, audited, skipped


def offline_floor() -> list[str]:
    problems = []
    for line in FLOOR.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, minimum = line.split()
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        if Version(installed) < Version(minimum):
            problems.append(f"{name} {installed} is below the floor {minimum} (scripts/minimum_versions.txt)")
    return problems


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def main() -> int:
    findings, audited, skipped = online_audit()
    floor = offline_floor()
    for problem in findings + floor:
        say(f"VULNERABLE: {problem}")
    if audited:
        say(f"pip-audit: {audited} packages audited online, {len(findings)} findings.")
    else:
        say(
            f"WARNING: pip-audit could not reach its vulnerability service ({skipped} packages unaudited); "
            "checked the offline floor (scripts/minimum_versions.txt) only."
        )
        if os.environ.get("DEPENDENCY_AUDIT_STRICT") == "1":
            return 1
    say(f"offline floor: {len(floor)} packages below their floor.")
    return 1 if findings or floor else 0


if __name__ == "__main__":
    sys.exit(main())
