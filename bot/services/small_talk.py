"""Greetings and thanks: a message that is only "hi" or "thanks!" is answered in kind before any
question is looked up, and is not a question nobody could answer (nothing is recorded)."""

from __future__ import annotations

import re

from bot.text import fold

WORD = re.compile(r"[a-z']+")


def _words(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(text))


MARKUP = re.compile(r"<[^>]*>|:[a-z0-9_+'-]+:")
GREETINGS = _words(
    """hi hello hey hiya howdy greetings yo morning afternoon evening bonjour salut hola buenos buenas dias
    tardes noches good day"""
)
THANKS = _words("thanks thank thx ty cheers merci gracias appreciated")
# Words that may come with a greeting or thanks without making it a question.
FILLER = _words(
    """there all everyone everybody bot team folks guys you so much very lot a again beaucoup muchas
    many and to the nkpo imo"""
)


def small_talk(text: str) -> str | None:
    """ "thanks" when the message only thanks, "greeting" when it only greets, else None (a question)."""
    words = WORD.findall(MARKUP.sub(" ", fold(text)))
    if not words or len(words) > 6:
        return None
    meaningful = [word for word in words if word not in FILLER]
    if not meaningful or any(word not in GREETINGS | THANKS for word in meaningful):
        return None
    return "thanks" if any(word in THANKS for word in meaningful) else "greeting"
