import pytest

from bot.views.blocks import (
    MAX_BLOCKS,
    Reply,
    actions,
    button,
    escape,
    for_channel,
    header,
    section,
    share_button,
    validate_blocks,
)
from bot.views.plain import render


def test_builders_keep_within_slack_limits() -> None:
    blocks = [header("h" * 500), section("s" * 5000), actions(button("b" * 100, "a"))]
    assert validate_blocks(blocks) == []
    assert len(blocks[1]["text"]["text"]) == 3000


def test_validator_finds_what_slack_rejects() -> None:
    too_long = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    label = {
        "type": "actions",
        "elements": [{"type": "button", "text": {"text": "y" * 76}, "action_id": "a"}],
    }
    twins = actions(button("one", "same"), button("two", "same"))
    problems = validate_blocks([too_long, label, twins, *([section("z")] * 50)])
    assert any("3001 > 3000" in p for p in problems)
    assert any("button label" in p for p in problems)
    assert any("repeat" in p for p in problems)
    assert any("53 blocks" in p for p in problems)


def test_a_reply_cannot_carry_more_than_50_blocks() -> None:
    with pytest.raises(ValueError, match="Slack allows 50"):
        Reply(text="x", blocks=[section("a")] * (MAX_BLOCKS + 1))


def test_escape_stops_mentions_and_markup() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_shared_copy_drops_the_share_button_and_names_the_sharer() -> None:
    reply = Reply(text="t", blocks=[section("hello"), actions(share_button("/partnerships", ""))])
    public = for_channel(reply, "U123")
    assert public.public and public.to_response()["response_type"] == "in_channel"
    assert all(block["type"] != "actions" for block in public.blocks)
    assert public.blocks[-1]["elements"][0]["text"] == "Shared by <@U123>"


def test_plain_rendering_numbers_buttons() -> None:
    text, buttons = render(
        Reply(text="t", blocks=[section("*Bold* <https://imo.org|IMO>"), actions(button("Go", "go"))])
    )
    assert "Bold IMO (https://imo.org)" in text
    assert "[1] Go" in text and buttons[0].action_id == "go"


def test_split_text_cuts_at_line_breaks_then_spaces() -> None:
    from bot.views.blocks import split_text

    text = "\n".join(["a" * 6, "b" * 6, "c d e f g h i j k l"])
    pieces = split_text(text, limit=13)
    assert pieces == ["aaaaaa\nbbbbbb", "c d e f g h i", "j k l"]
    assert all(len(p) <= 13 for p in split_text("x" * 40, limit=13))
    assert "".join(split_text("x" * 40, limit=13)) == "x" * 40
