import pytest

from bot.text import InputError, clean, fold, parse_arguments


def test_words_and_filters_are_split() -> None:
    args = parse_arguments("  Norad  type:MoU year:2020 marine ", frozenset({"type", "year"}))
    assert args.words == "Norad marine"
    assert args.filters == {"type": "MoU", "year": "2020"}
    assert args.first_word == "norad"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour:blue", "I don't know the filter `colour:`"),
        ("type:loa type:mou", "given twice"),
        ("type:", "needs a value"),
        ("x" * 501, "501 characters"),
    ],
)
def test_bad_arguments_say_why(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_arguments(text, frozenset({"type"}))


def test_links_are_words_not_filters() -> None:
    assert parse_arguments("https://www.imo.org").words == "https://www.imo.org"


def test_odd_unicode_is_cleaned() -> None:
    assert clean("\u202eevil\u200b  text\x00") == "evil text"
    assert clean("ＭｏＵ") == "MoU"
    assert fold("Côte d'Ivoire") == "cote d'ivoire"


def test_clean_multiline_keeps_line_breaks_but_not_controls() -> None:
    from bot.text import clean_multiline

    assert (
        clean_multiline("  Hello\u202e  world \r\n\r\n\r\n\tnext   line \x07") == "Hello world\n\nnext line"
    )
