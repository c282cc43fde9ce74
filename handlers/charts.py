"""Charts of `/partnerships chart`: drawn and uploaded after the ack, to the asker's DM; its Share in
channel button (CHART_SHARE in ACTIONS) uploads it again where it was asked for."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from bot.services.charts import KINDS, chart_data
from bot.services.reminders import today
from bot.views.blocks import Reply
from bot.views.charts import (
    chart_failed,
    chart_sent,
    chart_shared,
    draw_png,
    file_name,
    no_channel,
    nothing_to_draw,
    upload_comment,
)
from handlers.context import Ctx
from handlers.web_api import try_slack
from storage.models import utcnow

log = logging.getLogger(__name__)


def draw_and_upload(ctx: Ctx, by: str, channel: str | None) -> Reply:
    """Draw the chart `by` and upload it: to `channel` (shared, naming the user), or to the asker's DM."""
    on = today(ctx.settings.digest_timezone, utcnow())
    data = chart_data(ctx.session, by, on)
    if data.is_empty:
        return nothing_to_draw(by)
    png = draw_png(data, on)
    user = ctx.request.user_id
    with tempfile.TemporaryDirectory(prefix="nkpo-chart-") as folder:
        path = Path(folder) / file_name(data, on)
        path.write_bytes(png)

        def upload() -> str:
            where = channel or ctx.messenger.open_dm(user)
            return ctx.messenger.upload(
                where, path, path.name, data.title, upload_comment(data, user if channel else None)
            )

        file_id, problem = try_slack(ctx, upload)
    if file_id is None:
        return chart_failed(problem or "no file id")
    log.info(
        "chart by %s (%d bytes) uploaded for %s%s", by, len(png), user, f" in {channel}" if channel else ""
    )
    return chart_shared(data, channel) if channel else chart_sent(data)


def handle_share(ctx: Ctx) -> Reply:
    """Share in channel: the same chart, drawn again now, uploaded into the channel the button is in."""
    by = ctx.request.value if ctx.request.value in KINDS else "nature"
    channel = ctx.request.channel_id
    if not channel:
        return no_channel()
    return draw_and_upload(ctx, by, channel)
