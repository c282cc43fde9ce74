"""Views of partnership arrangements and the snapshot."""

from __future__ import annotations

from bot.views.blocks import Reply, context, fields, header, section
from storage.models import PartnershipSnapshot


def snapshot_blocks(snapshot: PartnershipSnapshot | None) -> list[dict]:
    if snapshot is None:
        return [section("No published count of partnership arrangements is on record yet.")]
    return [
        header(f"Partnership arrangements in force: {snapshot.total}"),
        fields(
            f"*Letters of agreement (LoAs)*\n{snapshot.loa_count}",
            f"*MoUs / framework agreements*\n{snapshot.mou_count}",
            f"*Implementing partner agreements (IPAs)*\n{snapshot.ipa_count}",
            f"*Total*\n{snapshot.total}",
        ),
        context(f"As at {snapshot.as_at_label} · source: {snapshot.source}"),
    ]


def snapshot_text(snapshot: PartnershipSnapshot | None) -> str:
    if snapshot is None:
        return "No published count of partnership arrangements is on record yet."
    return (
        f"{snapshot.total} partnership arrangements in force as at {snapshot.as_at_label}: "
        f"{snapshot.loa_count} letters of agreement, {snapshot.mou_count} MoUs/framework agreements, "
        f"{snapshot.ipa_count} implementing partner agreements (source: {snapshot.source})."
    )


def snapshot_reply(snapshot: PartnershipSnapshot | None) -> Reply:
    return Reply(text=snapshot_text(snapshot), blocks=snapshot_blocks(snapshot))
