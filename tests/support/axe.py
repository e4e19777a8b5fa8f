"""axe-core (from the npm registry, pinned in package.json and package-lock.json) run in a
Playwright page, and its findings counted by impact."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
IMPACTS = ("critical", "serious", "moderate", "minor")
FAILING = ("critical", "serious")


@dataclass
class Finding:
    """One rule that failed on one page, with the nodes it failed on."""

    rule: str
    impact: str
    help: str
    targets: list[str]
    summary: str = ""


@dataclass
class Audit:
    """What axe found on one page at one width."""

    page: str
    width: int
    findings: list[Finding] = field(default_factory=list)
    rules_run: int = 0

    def counts(self) -> Counter:
        """Failing nodes per impact (axe counts a rule once per node it fails on)."""
        counts: Counter = Counter()
        for finding in self.findings:
            counts[finding.impact] += len(finding.targets)
        return counts

    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.impact in FAILING]


def axe_source() -> str:
    if not AXE_JS.exists():
        raise FileNotFoundError(
            f"{AXE_JS} is missing: run `make browser-test-deps` (npm ci installs axe-core).")
    return AXE_JS.read_text(encoding="utf-8")


def audit(page, name: str, width: int, source: str) -> Audit:
    """Inject axe-core into ``page`` (as inline script: no request leaves the app) and run
    every rule it runs by default (WCAG 2.0-2.2 A and AA, and best practice)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return {
                rules: r.passes.length + r.violations.length + r.incomplete.length
                       + r.inapplicable.length,
                violations: r.violations.map(v => ({
                    rule: v.id, impact: v.impact || 'minor', help: v.help,
                    targets: v.nodes.map(n => n.target.join(' ')),
                    summary: v.nodes.length ? v.nodes[0].failureSummary : '',
                })),
            };
        }""")
    findings = [Finding(**v) for v in result["violations"]]
    return Audit(page=name, width=width, findings=findings, rules_run=result["rules"])


def table(audits: list[Audit]) -> str:
    """A Markdown table: one row per page and width, failing nodes by impact, and the rules."""
    lines = ["| page | width | critical | serious | moderate | minor | rules |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for a in audits:
        counts = a.counts()
        rules = ", ".join(sorted({f"{f.rule} ({f.impact})" for f in a.findings})) or "none"
        lines.append(f"| {a.page} | {a.width} | " + " | ".join(
            str(counts[impact]) for impact in IMPACTS) + f" | {rules} |")
    return "\n".join(lines)
