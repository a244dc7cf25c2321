"""Spoken Burmese in transcripts: hesitation words, and the words a moderator uses around questions.

Hesitation words (အဲ, အင်း, အာ) are written by speech recognisers and captioners.

A transcript of speech is full of them; a memo is not. They are dropped only where they stand as a
word of their own (between spaces, Burmese commas or the ends of the text), never inside a word:
`အဲဒီ` ("that") is no hesitation, and neither is `အဲ` written apart before `ဒီ`/`ဒါ` (`အဲ ဒါကြောင့်`,
"so"), which recognisers sometimes split. The list is a draft for a Burmese editor to review.
"""

from __future__ import annotations

from .script import LITTLE_SECTION, SECTION

#: Hesitations: "er", "um" and "ah" of spoken Burmese.
HESITATIONS = frozenset({"\u1021\u1032", "\u1021\u1004\u103a\u1038", "\u1021\u102c"})  # အဲ အင်း အာ
#: What may follow `အဲ` as a word of its own and makes it "that" (အဲ ဒီ, အဲ ဒါ), not a hesitation.
_DEMONSTRATIVE = ("\u1012\u102e", "\u1012\u102b")  # ဒီ ဒါ
_TRAIL = f"{LITTLE_SECTION}{SECTION},.…"


def _is_hesitation(token: str, following: str | None) -> bool:
    word = token.rstrip(_TRAIL)
    if word not in HESITATIONS:
        return False
    return not (word == "\u1021\u1032" and following is not None and following.startswith(_DEMONSTRATIVE))


def drop_hesitations(text: str) -> str:
    """`text` (single-spaced) without its stand-alone hesitation words; a sentence end they carried stays."""
    tokens = text.split(" ")
    kept: list[str] = []
    for i, token in enumerate(tokens):
        if _is_hesitation(token, tokens[i + 1] if i + 1 < len(tokens) else None):
            if token.endswith(SECTION) and kept and not kept[-1].endswith(SECTION):
                kept[-1] += SECTION  # "... ပါတယ် အင်း။" keeps its full stop
            continue
        kept.append(token)
    return " ".join(kept)


def only_hesitations(text: str) -> bool:
    """True for a text made of hesitation words alone (a cue that says nothing)."""
    tokens = text.split()
    return bool(tokens) and all(_is_hesitation(t, None) for t in tokens)


#: Words that end a Burmese question (before ။ or ?): လား, လဲ, နည်း (the written form).
QUESTION_ENDINGS = ("\u101c\u102c\u1038", "\u101c\u1032", "\u1014\u100a\u103a\u1038")
#: Words a moderator says when a question comes: မေးခွန်း ("question"), မေး ("ask").
QUESTION_WORDS = ("\u1019\u1031\u1038\u1001\u103d\u1014\u103a\u1038", "\u1019\u1031\u1038")
#: Where a question came from, as a moderator says it in Burmese: ကြိုတင် ("in advance") and
#: လက်ထောင် ("raise a hand"); "chat" is said in English.
SOURCE_WORDS: dict[str, str] = {
    "\u1000\u103c\u102d\u102f\u1010\u1004\u103a": "pre_submitted",
    "\u101c\u1000\u103a\u1011\u1031\u102c\u1004\u103a": "raised_hand",
}


def asks_question(text: str) -> bool:
    """True when a Burmese sentence ends as a question (…လား။, …လဲ။, …နည်း။)."""
    stripped = text.rstrip(f" {SECTION}?")
    return stripped.endswith(QUESTION_ENDINGS)
