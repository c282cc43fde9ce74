"""The desk's messages keep Slack's limits, whatever they carry; the web process draws nothing at start."""

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

from bot.services.audit import AuditQuery, Entry
from bot.services.reminders import Due
from bot.services.usage import Figures, UsageReport
from bot.views.audit import audit_reply
from bot.views.blocks import validate_blocks
from bot.views.plain import render
from bot.views.reminders import MAX_LISTED, PER_PART, expiring_reply, reminder_parts
from bot.views.usage import usage_reply
from storage.models import Arrangement, Partner

ON = date(2026, 12, 1)


def sample(number: int) -> Arrangement:
    partner = Partner(name=f"Sample <!channel> partner {number} " + "x" * 200, is_sample=True)
    return Arrangement(id=number, ref=f"S-{number}", title="Sample title " + "y" * 300, nature="mou",
                       partner=partner, ends_on=ON + timedelta(days=number % 90), is_sample=True)  # fmt: skip


def test_a_large_reminder_is_split_within_limits_and_counts_what_it_does_not_list() -> None:
    owed = [Due(sample(n), 90, n % 90) for n in range(1, 260)]
    parts = reminder_parts(owed, ON, 90)
    assert len(parts) == MAX_LISTED // PER_PART
    for part in parts:
        assert validate_blocks(part.blocks) == [] and "<!channel>" not in str(part.blocks) + part.text
    assert "59 more ending within 90 days" in str(parts[-1].blocks)
    assert "259 arrangements end soon" in str(parts[0].blocks)


def test_the_usage_report_and_the_audit_trail_keep_the_limits_and_escape_what_people_typed() -> None:
    typed = "<!channel> " + "q" * 400
    figures = Figures(5, 3, [(typed, 4)] * 5, 2, {f"/c{n}": n for n in range(30)}, [("S/1", typed, 2)] * 5, 7)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    reply = usage_reply(UsageReport(now - timedelta(days=7), now, figures, figures), "UTC")
    assert (
        validate_blocks(reply.blocks) == [] and "<!channel>" not in str(reply.blocks) and "60%" in reply.text
    )
    entries = [
        Entry(now, "U1", "announcement.edited", typed, {f"field{n}": [typed, typed] for n in range(20)})
        for _ in range(10)
    ]
    shown = audit_reply(entries, 25, 2, AuditQuery(words=("q",)), "q")
    assert validate_blocks(shown.blocks) == [] and "<!channel>" not in str(shown.blocks) + shown.text
    assert "Showing 11–20 of 25" in shown.text and "Next" in render(shown)[0]


def test_the_web_process_does_not_load_matplotlib_at_start() -> None:
    probe = "import sys, bot.web, handlers; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout.strip() == "False"


def test_nothing_ending_suggests_a_wider_window_than_the_one_asked() -> None:
    on = date(2026, 12, 2)
    hints = {days: json.dumps(expiring_reply([], 0, 1, days, on, "").blocks) for days in (90, 365, 3650)}
    assert "days:365" in hints[90] and "days:3650" in hints[365] and "Try more days" not in hints[3650]
