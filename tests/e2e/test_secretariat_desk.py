"""The secretariat's desk end to end: reminders, charts and the audit trail, over signed HTTP and
against the fake Web API."""

import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from bot.deps import Deps
from bot.messenger import SlackMessenger, make_web_client
from bot.pacing import Pacer
from bot.reminder_sender import ReminderSender, run_reminders_command
from bot.services.digest_runs import STALE_AFTER
from bot.services.languages import choose_language
from bot.services.reminders import today
from bot.usage_sender import UsageSender
from bot.views.blocks import validate_blocks
from bot.views.charts import BAR_COLOUR, SHARE_ACTION
from bot.views.results import DETAILS_ACTION
from storage.models import AuditEvent, ReminderClaim, utcnow
from tests import records
from tests.conftest import NKPO_USER, SECRETARIAT, LiveApp
from tests.e2e.test_announce import APPLY_ACTION, WITHDRAW_ACTION, buttons, posted, pressed
from tests.e2e.test_digest import DUE, Clock, Crash, CrashingMessenger

ROOT = Path(__file__).resolve().parents[2]


def reminding(deps: Deps) -> Deps:
    return replace(deps, settings=replace(deps.settings, reminder_channel="CREMIND"))


def reminder_sender(deps: Deps, messenger=None, clock=utcnow) -> ReminderSender:
    messenger = messenger or SlackMessenger(make_web_client(deps.settings))
    return ReminderSender(deps, messenger, Pacer(per_second=1000, per_channel_gap=0), clock)


def ending(deps: Deps, **days: int | None) -> None:
    """Arrangements by partner name, ending in that many days (None: no end date)."""
    on = today(deps.settings.digest_timezone, utcnow())
    with deps.db.session() as session:
        for number, (name, left) in enumerate(days.items()):
            ends = None if left is None else on + timedelta(days=left)
            records.arrangement(session, f"END-{number}", f"Sample {name}", ends_on=ends)


def bot_command(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGV` in a process of its own, with these settings."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def posts(live_app: LiveApp) -> list[tuple[str, str]]:
    return [(c.params["channel"], c.params["text"]) for c in live_app.fake.calls_to("chat.postMessage")]


def test_an_arrangement_ending_in_20_days_is_reminded_once_even_after_a_429(live_app: LiveApp) -> None:
    deps = reminding(live_app.deps)
    ending(deps, Soon=20, Later=200, Ended=-3, Undated=None)
    live_app.fake.fail("chat.postMessage", status=429, retry_after=0)  # the first try is refused
    out = io.StringIO()
    assert run_reminders_command(reminder_sender(deps), send=True, out=out) == 0
    sent = posts(live_app)
    assert sorted(channel for channel, _ in sent) == ["CREMIND", f"D{SECRETARIAT}"]  # once each
    for _, text in sent:
        assert "Sample Soon" in text and "Later" not in text and "Ended" not in text and "Undated" not in text
    (message, *_) = live_app.fake.calls_to("chat.postMessage")
    blocks = message.decoded("blocks")
    assert validate_blocks(blocks) == [] and "20 days left" in json.dumps(blocks)
    assert "30-day reminder" in json.dumps(blocks) and "sent: 2 of 2" in out.getvalue()

    # A second `python -m bot reminders --send`, the real command in a process of its own: nothing.
    again = bot_command(
        "reminders",
        "--send",
        DATABASE_URL=deps.settings.database_url,
        SLACK_BOT_TOKEN=deps.settings.slack_bot_token or "",
        SLACK_API_URL=live_app.fake.url,
        SECRETARIAT_USER_IDS=SECRETARIAT,
        REMINDER_CHANNEL="CREMIND",
    )
    assert again.returncode == 0, again.stderr
    assert "No reminder is owed" in again.stdout and len(posts(live_app)) == 2

    # Its Details button, pressed over signed HTTP, shows the arrangement.
    details = next(
        b["accessory"] for b in blocks if b.get("accessory", {}).get("action_id") == DETAILS_ACTION
    )
    live_app.slack.action(
        DETAILS_ACTION, details["value"], user_id=SECRETARIAT, response_url=live_app.fake.response_url()
    )
    (shown,) = live_app.fake.wait_for("response_url")
    assert "Sample Soon" in shown.params["text"] and validate_blocks(shown.decoded("blocks")) == []
    with deps.db.session() as session:
        (run,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "reminders.run"))
        assert run.actor == "clock" and run.changes["arrangements"] == [None, 1]


def test_a_crash_mid_send_is_finished_once_and_a_new_end_date_is_reminded_again(live_app: LiveApp) -> None:
    deps = reminding(live_app.deps)
    ending(deps, Moved=7)
    clock = Clock(utcnow())
    crashing = CrashingMessenger(
        SlackMessenger(make_web_client(deps.settings)), at=2, after_slack_accepts=True
    )
    with pytest.raises(Crash):  # the DM reached Slack, and the process died before recording it
        reminder_sender(deps, crashing, clock).send_due()
    meanwhile = reminder_sender(deps, clock=clock).send_due()  # the owner may only be slow: hands off
    assert [r.outcome for r in meanwhile] == ["in progress elsewhere", "nothing to send"]
    clock.now += STALE_AFTER + timedelta(seconds=1)
    finished, nothing = reminder_sender(deps, clock=clock).send_due()
    assert finished.outcome == "sent" and "finished: 2 of 2" in finished.detail
    assert nothing.outcome == "nothing to send"  # the arrangement was claimed by the first run
    assert sorted(channel for channel, _ in posts(live_app)) == ["CREMIND", f"D{SECRETARIAT}"]

    with deps.db.session() as session:  # the partner agrees to an extension: a new end date
        (claim,) = session.scalars(select(ReminderClaim))
        moved = session.get(records.Arrangement, claim.arrangement_id)
        assert moved is not None
        moved.ends_on = today(deps.settings.digest_timezone, clock.now) + timedelta(days=25)
    reports = reminder_sender(deps, clock=clock).send_due()
    assert [r.outcome for r in reports] == ["sent"] and len(posts(live_app)) == 4
    assert all("Sample Moved" in text for _, text in posts(live_app))
    blocks = json.dumps(live_app.fake.calls_to("chat.postMessage")[-1].decoded("blocks"))
    assert "25 days left" in blocks and "30-day reminder" in blocks
    assert reminder_sender(deps, clock=clock).send_due()[0].outcome == "nothing to send"


def bars(png: bytes, colour: str = BAR_COLOUR) -> list[int]:
    """The height in pixels of each bar of that colour, left to right."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    wanted = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    width, height = image.size
    pixels = image.load()
    heights = [sum(1 for y in range(height) if pixels[x, y] == wanted) for x in range(width)]
    found, run = [], 0
    for column in [*heights, 0]:
        if column:
            run = max(run, column)
        elif run:
            found.append(run)
            run = 0
    return found


def test_partnerships_chart_uploads_a_png_of_the_right_bars_to_the_asker_then_shares_it(
    live_app: LiveApp,
) -> None:
    reply = live_app.command("/partnerships", "chart")
    assert reply.status == 200 and "Drawing" in reply.json()["text"]  # acked at once; drawn after
    (complete,) = live_app.fake.wait_for("files.completeUploadExternal", timeout=20)
    assert complete.params["channel_id"] == f"D{NKPO_USER}"  # shown to the asker only
    (file_id,) = [item["id"] for item in complete.decoded("files")]
    png = live_app.fake.uploaded_files[file_id]
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1200, 900)
    described = json.loads(image.info["Description"])
    assert list(described["bars"].values()) == [55, 88, 15]
    loa, mou, ipa = bars(png)
    assert abs(loa / mou - 55 / 88) < 0.02 and abs(ipa / mou - 15 / 88) < 0.02
    (told,) = live_app.fake.wait_for("response_url")
    assert "in your direct messages" in told.params["text"]
    share = buttons(told.params)[SHARE_ACTION]

    live_app.fake.reset()
    live_app.slack.action(
        SHARE_ACTION,
        share,
        user_id=NKPO_USER,
        channel_id="C_GENERAL",
        response_url=live_app.fake.response_url(),
    )
    (shared,) = live_app.fake.wait_for("files.completeUploadExternal", timeout=20)
    assert (
        shared.params["channel_id"] == "C_GENERAL" and f"<@{NKPO_USER}>" in shared.params["initial_comment"]
    )
    assert "shared in <#C_GENERAL>" in live_app.fake.wait_for("response_url")[0].params["text"]


def test_a_chart_of_nothing_says_so_and_uploads_nothing(live_app: LiveApp) -> None:
    assert "Drawing" in live_app.command("/partnerships", "chart by:year").json()["text"]
    (told,) = live_app.fake.wait_for("response_url")
    assert "nothing to draw yet" in told.params["text"]
    assert live_app.fake.calls_to("files.getUploadURLExternal") == []
    assert "by:nature" in live_app.command("/partnerships", "chart by:colour").json()["text"]


def test_posting_editing_and_withdrawing_leave_three_audit_rows_for_the_secretariat_only(
    live_app: LiveApp,
) -> None:
    stored = posted(live_app, "First words")
    body = live_app.command("/announce", f"edit {stored.id} Better words", user_id=SECRETARIAT).json()
    assert "is updated" in pressed(live_app, APPLY_ACTION, buttons(body)[APPLY_ACTION])
    live_app.command("/announce", f"delete {stored.id}", user_id=SECRETARIAT)
    assert "is withdrawn" in pressed(live_app, WITHDRAW_ACTION, str(stored.id), 2)
    with live_app.deps.db.session() as session:
        rows = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert [(r.action, r.actor) for r in rows] == [
        ("announcement.posted", SECRETARIAT),
        ("announcement.edited", SECRETARIAT),
        ("announcement.withdrawn", SECRETARIAT),
    ]
    assert rows[1].changes["body"] == ["First words", "Better words"]

    shown = live_app.command(
        "/audit", f"announcement user:<@{SECRETARIAT}|sec> since:2020-01-01", user_id=SECRETARIAT
    ).json()
    assert validate_blocks(shown["blocks"]) == [] and "of 3" in shown["text"]
    text = json.dumps(shown["blocks"], ensure_ascii=False)
    assert (
        text.index("announcement.withdrawn")
        < text.index("announcement.edited")
        < text.index("announcement.posted")
    )
    assert "First words → Better words" in text and "posted → withdrawn" in text

    refused = live_app.command("/audit", "announcement", user_id=NKPO_USER).json()
    assert "Only the Partnerships Section" in refused["text"] and "First words" not in json.dumps(refused)
    bad = live_app.command("/audit", "since:yesterday", user_id=SECRETARIAT).json()
    assert "takes a date like" in bad["text"]


def test_the_audit_command_line_exports_csv(live_app: LiveApp) -> None:
    posted(live_app, "For the record")
    url = live_app.deps.settings.database_url
    since = (date.today() - timedelta(days=1)).isoformat()
    result = bot_command("audit", "--since", since, "--csv", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.strip().splitlines()[:2]
    assert header == "at,actor,action,subject,before,after"
    assert f"{SECRETARIAT},announcement.posted" in row and "For the record" in row
    bad = bot_command("audit", "--since", "last week", DATABASE_URL=url)
    assert bad.returncode == 2 and "is not a date" in bad.stderr


# ----------------------------------------------------------------------------- in each one's language

SECOND = "USECRETARIAT2"


def two_members(deps: Deps) -> Deps:
    """The secretariat of SECRETARIAT (Slack locale fr-FR) and SECOND (Spanish, chosen in the App Home)."""
    deps = replace(
        deps, settings=replace(deps.settings, secretariat_user_ids=frozenset({SECRETARIAT, SECOND}))
    )
    with deps.db.session() as session:
        choose_language(session, SECOND, "es")
    return deps


def test_the_reminder_reaches_each_member_in_their_language_and_the_channel_in_its(live_app: LiveApp) -> None:
    deps = two_members(reminding(live_app.deps))
    live_app.fake.set_locale(SECRETARIAT, "fr-FR")
    ending(deps, Soon=20)
    (report,) = reminder_sender(deps).send_due()
    assert report.outcome == "sent" and "sent: 3 of 3" in report.detail
    sent = {c.params["channel"]: c for c in live_app.fake.calls_to("chat.postMessage")}
    french = json.dumps(sent[f"D{SECRETARIAT}"].decoded("blocks"), ensure_ascii=False)
    assert "1 accord prend bientôt fin" in french and "20 jours restants" in french
    assert "rappel à 30 jours" in french and "Section des partenariats" in french
    assert sent[f"D{SECRETARIAT}"].params["text"].startswith("Accords qui prennent bientôt fin")
    spanish = json.dumps(sent[f"D{SECOND}"].decoded("blocks"), ensure_ascii=False)
    assert "1 acuerdo finaliza pronto" in spanish and "quedan 20 días" in spanish
    english = json.dumps(sent["CREMIND"].decoded("blocks"))  # the channel: DEFAULT_LANGUAGE
    assert "1 arrangement ends soon" in english and "20 days left" in english
    for call in sent.values():
        assert validate_blocks(call.decoded("blocks")) == [] and "Sample Soon" in call.params["text"]


def test_a_reminder_finished_by_another_run_keeps_each_member_s_language(live_app: LiveApp) -> None:
    deps = two_members(live_app.deps)
    live_app.fake.set_locale(SECRETARIAT, "fr-FR")
    ending(deps, Moved=7)
    clock = Clock(utcnow())
    crashing = CrashingMessenger(SlackMessenger(make_web_client(deps.settings)), at=1)
    with pytest.raises(Crash):  # dies before the first DM reaches Slack
        reminder_sender(deps, crashing, clock).send_due()
    clock.now += STALE_AFTER + timedelta(seconds=1)
    finished, _nothing = reminder_sender(deps, clock=clock).send_due()
    assert finished.outcome == "sent" and "finished: 2 of 2" in finished.detail
    sent = {c.params["channel"]: c.params["text"] for c in live_app.fake.calls_to("chat.postMessage")}
    assert sent[f"D{SECRETARIAT}"].startswith("Accords qui prennent bientôt fin")
    assert sent[f"D{SECOND}"].startswith("Acuerdos que finalizan pronto")


def test_the_usage_report_reaches_each_member_in_their_language(live_app: LiveApp) -> None:
    deps = two_members(live_app.deps)
    live_app.fake.set_locale(SECRETARIAT, "fr-FR")
    messenger = SlackMessenger(make_web_client(deps.settings))
    sender = UsageSender(
        deps, messenger, Pacer(per_second=1000, per_channel_gap=0), Clock(DUE + timedelta(hours=1))
    )
    (report,) = sender.send_due()
    assert report.outcome == "sent", report.detail
    sent = {c.params["channel"]: c for c in live_app.fake.calls_to("chat.postMessage")}
    french = json.dumps(sent[f"D{SECRETARIAT}"].decoded("blocks"), ensure_ascii=False)
    assert "Utilisation du bot cette semaine" in french and "Questions posées" in french
    assert "par rapport à la semaine précédente" in french and "lun. 16 nov. 2026" in french
    assert sent[f"D{SECRETARIAT}"].params["text"].startswith("Utilisation cette semaine")
    spanish = json.dumps(sent[f"D{SECOND}"].decoded("blocks"), ensure_ascii=False)
    assert "Uso del bot esta semana" in spanish and "Preguntas formuladas" in spanish
    for call in sent.values():
        assert validate_blocks(call.decoded("blocks")) == []


def test_a_chart_asked_in_french_is_drawn_and_labelled_in_french(live_app: LiveApp) -> None:
    live_app.fake.set_locale(NKPO_USER, "fr-FR")
    reply = live_app.command("/partnerships", "chart")
    assert reply.status == 200 and "Je dessine le décompte publié" in reply.json()["text"]
    (complete,) = live_app.fake.wait_for("files.completeUploadExternal", timeout=20)
    (file_id,) = [item["id"] for item in complete.decoded("files")]
    image = Image.open(io.BytesIO(live_app.fake.uploaded_files[file_id]))
    assert image.info["Title"].startswith("Accords de partenariat en vigueur par nature")
    assert list(json.loads(image.info["Description"])["bars"]) == [
        "Lettres d'accord (LoA)",
        "MoU / accords-cadres",
        "Accords de partenaire d'exécution (IPA)",
    ]
    (told,) = live_app.fake.wait_for("response_url")
    assert "se trouve dans vos messages directs" in told.params["text"]
    assert "Partager dans le canal" in json.dumps(told.decoded("blocks"), ensure_ascii=False)
