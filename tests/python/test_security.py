"""No credentials in the repository; PII only where allowed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml
from conftest import PROJECT_ROOT, DbtProject, write_raw

SECRET_PATTERNS = {
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "private key": re.compile(r"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[baprs]-[A-Za-z0-9-]{10,}\b"),
    "password literal": re.compile(
        r"(?i)\b(password|passwd|secret|token|api_key)\s*[:=]\s*['\"](?!\{\{)[^'\"\s]{4,}['\"]"
    ),
    "connection string with password": re.compile(r"\b\w+://[^/\s:@]+:[^/\s:@{]+@"),
}
SECRET_KEYS = {"password", "pass", "user", "username", "token", "private_key", "private_key_passphrase",
               "keyfile", "keyfile_json", "client_secret", "account", "host"}  # fmt: skip


def find_secrets(text: str) -> list[str]:
    return [name for name, pattern in SECRET_PATTERNS.items() if pattern.search(text)]


def test_scanner_flags_secret_shaped_strings() -> None:
    assert find_secrets('password: "hunter22"') == ["password literal"]
    assert find_secrets("aws = AKIAABCDEFGHIJKLMNOP") == ["AWS access key"]
    assert find_secrets("postgres://scorer:s3cret@db.example.com/leads") == ["connection string with password"]
    assert find_secrets("password: \"{{ env_var('LEAD_SCORING_PG_PASSWORD', '') }}\"") == []


def test_repository_holds_no_secrets() -> None:
    files = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    findings = []
    for name in files.stdout.splitlines():
        path = PROJECT_ROOT / name
        if name.startswith("data/") or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        text = path.read_text(errors="replace")
        findings += [f"{name}: {kind}" for kind in find_secrets(text) if name != "tests/python/test_security.py"]
    assert not findings


def test_non_duckdb_targets_read_credentials_from_env_vars() -> None:
    profiles = yaml.safe_load((PROJECT_ROOT / "profiles.yml").read_text())
    for target_name, output in profiles["lead_scoring"]["outputs"].items():
        if output["type"] == "duckdb":
            continue
        for key in SECRET_KEYS & set(output):
            assert "env_var(" in str(output[key]), f"{target_name}.{key} must come from env_var"


def test_pii_withheld_when_expose_pii_is_false(project: DbtProject, tmp_path: Path) -> None:
    raw = write_raw(
        tmp_path / "raw",
        leads=[
            {
                "lead_id": "P1",
                "email": "ada@example.com",
                "first_name": "Ada",
                "last_name": "Lovelace",
                "job_title": "CEO",
                "updated_at": "2026-01-01",
            }
        ],
        events=[],
    )
    project.build(raw, "2026-06-01T00:00:00", expose_pii=False)
    [lead] = project.rows("select * from main.lead_scores")
    assert (lead["email"], lead["first_name"], lead["last_name"]) == (None, None, None)
    assert lead["total_score"] == 10.0
    for mart in ("lead_score_breakdown", "input_audit", "rejected_rows"):
        columns = {row["column_name"] for row in project.rows(
            f"select column_name from information_schema.columns where table_name = '{mart}'")}  # fmt: skip
        assert not columns & {"email", "first_name", "last_name"}, mart
