"""Answering questions in plain words (`/ask`, mentions, direct messages) from what the bot knows.

- reading.py: a question's language, terms and what it asks for;
- knowledge.py: the passages (cards, the snapshot's figures, programmes, documents, arrangements,
  NKPO records, announcements), each with its source and "as at" date;
- scoring.py: ranking passages by how much of the question they cover;
- composing.py: the reply, fact first, and the small steps (sums, premises, kinds of support);
- service.py: `answer_question`, which decides between an answer and an honest refusal;
- recording.py: the questions asked, the declined ones for the secretariat, and 👍 / 👎.
"""

from bot.services.answers.knowledge import Link
from bot.services.answers.reading import detect_language
from bot.services.answers.recording import (
    Disliked,
    Unanswered,
    disliked_answers,
    new_ref,
    question_id_of,
    recent_unanswered,
    record_feedback,
    record_question,
)
from bot.services.answers.service import THRESHOLD, Answer, Suggestion, answer_question

__all__ = [
    "THRESHOLD",
    "Answer",
    "Disliked",
    "Link",
    "Suggestion",
    "Unanswered",
    "answer_question",
    "detect_language",
    "disliked_answers",
    "new_ref",
    "question_id_of",
    "recent_unanswered",
    "record_feedback",
    "record_question",
]
