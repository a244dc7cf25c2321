"""The Q&A part of a transcript as `qa:` items: questions (source, asker, text) and their answers.

    --qa-from 00:42:10      the Q&A starts at the first cue starting then or later
    --qa-from "Q&A session" ... or at the first cue that says these words

From there on, turns are read in order:

- A host turn that announces a question and then reads it ("I now see a question in the chat box
  which says: ... ?") becomes a moderating turn (what came before the question, if anything) and a
  question (what follows the announcement). The announcement is the last sentence that speaks of a
  question or of where it came from, followed by text that asks something (a `?`, a Burmese
  question ending) or by a colon. The question's source comes from the announcement's words
  (pre-submitted / in advance, raised hand, chat), `--question-source` overrides it; the asker's
  name is taken when the host says it ("a participant named Zung Ting").
- A turn of an audience member (`--asker NAME` says that a name in the transcript is one) is a
  question in their own words, asker = that name, source `raised_hand` unless the host said otherwise.
- Turns of the other speakers after a question are its answers, until the next question or the
  next host turn (a host turn that reads no question is kept as a moderating turn, in its place).
- Anything else (a host turn without a question, a panelist before the first question) is a turn.

Nothing said is dropped and nothing is reordered: the items hold every paragraph in transcript order.
The host is the event's person with role `host`, else the speaker of the first Q&A turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..diagnostics import Diagnostic
from ..model import Memo
from ..myanmar.speech import QUESTION_WORDS, SOURCE_WORDS, asks_question
from .cues import format_time, parse_time
from .paragraphs import ImportedTurn, Paragraph

ASKER_PREFIX = "asker:"  # speaker "ids" of audience members (a colon is no valid id: no collision)
SOURCES = ("pre_submitted", "chat", "raised_hand", "email", "other")

_TIME_LIKE = re.compile(r"^-?\d+:\d+(?::\d+)?(?:[.,]\d+)?$")
_SENTENCE = re.compile(r"[.!?…။][\"'”’)\]]*(?=\s)|:(?=\s)")
_QUESTION_WORD = re.compile(r"\b(?:questions?|ask(?:s|ed|ing)?)\b", re.IGNORECASE)
_PRE = re.compile(r"\bpre-?submitted\b|\bin advance\b|\bbefore the (?:event|session|webinar)\b|\bregistration\b",
                  re.IGNORECASE)
_HAND = re.compile(r"\brais(?:e|ed|es|ing) (?:(?:the|their|his|her|a|your) )?hands?\b|\bhands? (?:is |are )?up\b"
                   r"|\bunmute\b|\bthe floor\b", re.IGNORECASE)
_CHAT = re.compile(r"\bchat\b|\bcomments? (?:box|section)\b|\bQ&A box\b", re.IGNORECASE)
_SUBMITTED = re.compile(r"\bsubmitted\b|\bsent (?:in|to us|us)\b|\bby e-?mail\b", re.IGNORECASE)
_NAME = r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
_ASKER = (re.compile(rf"\b(?:named|called)\s+{_NAME}"),
          re.compile(rf"\b{_NAME}\s+(?:has\s+)?(?:raised|asks|asked|wants to ask|would like to ask)\b"))
_NOT_NAMES = frozenset({"A", "An", "The", "Our", "One", "Another", "Someone", "Participant", "I", "We", "Now",
                        "Next", "Allow", "Thank", "Thanks", "So", "And", "Then"})


@dataclass
class QuestionDraft:
    """A question found in the transcript, before it is written."""

    id: str
    source: str | None
    source_word: str | None  # the words that said where it came from
    asker: str | None
    text: list[Paragraph]
    at: int | None
    line: int
    answers: list[ImportedTurn] = field(default_factory=list)
    spoken: bool = False  # asked by an audience member in their own words (else read out by the host)
    host: str = ""  # who read it out
    language: Literal["en", "my"] = "en"


@dataclass
class QAPart:
    """The Q&A part: where it starts, and its items in order (a turn or a question)."""

    start_ms: int | None
    start_line: int
    host: str
    items: list[ImportedTurn | QuestionDraft] = field(default_factory=list)

    @property
    def questions(self) -> list[QuestionDraft]:
        """The questions, in order."""
        return [i for i in self.items if isinstance(i, QuestionDraft)]

    def all_turns(self) -> list[ImportedTurn]:
        """Every paragraph of the part as turns (for aligning Burmese): turns, question texts, answers."""
        out: list[ImportedTurn] = []
        for item in self.items:
            if isinstance(item, ImportedTurn):
                out.append(item)
            else:
                out.append(ImportedTurn("", item.at, item.text, item.line))
                out += item.answers
        return out


def is_time(value: str) -> bool:
    """True when `--qa-from` looks like a time (then it must be one)."""
    return bool(_TIME_LIKE.match(value.strip()))


def parse_sources(values: Sequence[str]) -> tuple[str | None, dict[str, str], list[Diagnostic]]:
    """`--question-source` values: one SOURCE for every question, or ID=SOURCE for one of them."""
    every: str | None = None
    one: dict[str, str] = {}
    diags: list[Diagnostic] = []
    for value in values:
        qid, sep, source = value.rpartition("=")
        source = source.strip()
        if source not in SOURCES or (sep and not qid.strip()):
            diags.append(Diagnostic("--question-source", 0, 0, "usage",
                                    f"{value!r} is not {' | '.join(SOURCES)} or ID={SOURCES[0]}"))
        elif sep:
            one[qid.strip()] = source
        else:
            every = source
    return every, one, diags


def parse_askers(values: Sequence[str]) -> tuple[dict[str, str], list[Diagnostic]]:
    """`--asker LABEL[=NAME]`: a label in the transcript that is an audience member, and their name."""
    out: dict[str, str] = {}
    diags: list[Diagnostic] = []
    for value in values:
        label, sep, name = value.partition("=")
        label, name = label.strip(), name.strip()
        if not label or (sep and not name):
            diags.append(Diagnostic("--asker", 0, 0, "usage", f"{value!r} is not NAME or LABEL=NAME"))
            continue
        out[label] = name or label
    return out, diags


def find_start(turns: list[ImportedTurn], value: str, lines: Callable[[int], int], starts: Callable[[int], int | None],
               texts: Callable[[int], str], path: str) -> tuple[int, int, Diagnostic | None]:
    """The (turn, paragraph-cue) position where the Q&A starts, as (turn index, cue index); or an error.

    `lines`, `starts` and `texts` give a cue's line, start time and text by its index.
    """
    cues = [i for t in turns for p in t.paragraphs for i in p.cues]
    if not cues:
        return -1, -1, Diagnostic(path, 0, 0, "qa-not-found", "the transcript has no text for a Q&A part")
    if is_time(value):
        ms = parse_time(value)
        if ms is None or ms < 0:
            return -1, -1, Diagnostic("--qa-from", 0, 0, "invalid-time",
                                      f"{value!r} is not a time like 00:42:10 or 42:10.500")
        if all(starts(i) is None for i in cues):
            return -1, -1, Diagnostic(path, 1, 1, "untimed", "the transcript has no times: --qa-from needs words "
                                      "said where the Q&A starts (a marker), not a time")
        found = next((i for i in cues if (start := starts(i)) is not None and start >= ms), None)
        if found is None:
            last = max(i for i in cues if starts(i) is not None)
            return -1, -1, Diagnostic(path, lines(last), 1, "qa-not-found",
                                      f"no cue starts at or after {format_time(ms)}: the last one starts at "
                                      f"{format_time(starts(last) or 0)}")
    else:
        wanted = " ".join(value.split()).casefold()
        if not wanted:
            return -1, -1, Diagnostic("--qa-from", 0, 0, "usage", "--qa-from needs a time or words")
        found = next((i for i in cues if wanted in texts(i).casefold()), None)
        if found is None:
            return -1, -1, Diagnostic(path, 0, 0, "qa-not-found", f"no cue says {value!r}: the Q&A start is not found",
                                      hint="give words of one cue exactly as the transcript writes them, or a time")
    turn = next(n for n, t in enumerate(turns) if any(found in p.cues for p in t.paragraphs))
    return turn, found, None


def split_turns(turns: list[ImportedTurn], turn: int, cue: int, starts: Callable[[int], int | None]
                ) -> tuple[list[ImportedTurn], list[ImportedTurn]]:
    """The turns before the cue `cue` (in turn `turn`) and from it on; that turn is cut in two if needed
    (the second part starts at the cue's time)."""
    t = turns[turn]
    before_paras: list[Paragraph] = []
    after_paras: list[Paragraph] = []
    for para in t.paragraphs:
        if after_paras or cue in para.cues:
            k = para.cues.index(cue) if not after_paras else 0
            if k:
                before_paras.append(Paragraph(para.pieces[:k], para.cues[:k]))
            after_paras.append(Paragraph(para.pieces[k:], para.cues[k:]))
        else:
            before_paras.append(para)
    head = turns[:turn]
    if before_paras:
        head = [*head, ImportedTurn(t.speaker, t.at, before_paras, t.line, t.language)]
    start_at = t.at if not before_paras else starts(cue)
    tail = [ImportedTurn(t.speaker, start_at, after_paras, t.line, t.language), *turns[turn + 1:]]
    return head, tail


def build_qa(turns: list[ImportedTurn], *, host: str, path: str, lines: Callable[[int], int],
             starts: Callable[[int], int | None], first_id: int, taken: set[str],
             every_source: str | None, sources: dict[str, str],
             panelists: set[str]) -> tuple[QAPart, list[Diagnostic]]:
    """The Q&A items of `turns` (which start at the Q&A); errors for questions without a source."""
    first_line = turns[0].line if turns else 0
    part = QAPart(turns[0].at if turns else None, first_line, host)
    diags: list[Diagnostic] = []
    number = first_id
    open_question: QuestionDraft | None = None
    heard: tuple[str | None, str | None, str | None] = (None, None, None)  # source, its words, asker

    def new_id() -> str:
        nonlocal number
        while f"q{number}" in taken:
            number += 1
        taken.add(f"q{number}")
        return f"q{number}"

    for n, turn in enumerate(turns):
        following = turns[n + 1] if n + 1 < len(turns) else None
        if turn.speaker.startswith(ASKER_PREFIX):
            name = turn.speaker[len(ASKER_PREFIX):]
            source, word, _ = heard
            question = QuestionDraft("", source or "raised_hand", word or "an audience member speaks",
                                     name, turn.paragraphs, turn.at, turn.line, spoken=True,
                                     language=turn.language)
            part.items.append(question)
            open_question, heard = question, (None, None, None)
        elif turn.speaker == host:
            moderation, asked, line = _split_question(turn, lines, starts)
            if asked is None or (following is not None and following.speaker.startswith(ASKER_PREFIX)):
                part.items.append(turn)  # moderation: the question (if any) is the audience member's
                heard = _heard(turn.paragraphs, panelists, heard)
                open_question = None
                continue
            source, word, asker = _heard(moderation.paragraphs if moderation else [], panelists, heard)
            if moderation is not None:
                part.items.append(moderation)
            at = starts(asked[0].cues[0]) if asked and asked[0].cues else turn.at
            question = QuestionDraft("", source, word, asker, asked, at, line, host=turn.speaker,
                                     language=turn.language)
            part.items.append(question)
            open_question, heard = question, (None, None, None)
        elif open_question is not None:
            open_question.answers.append(turn)
        else:
            part.items.append(turn)
    for n, item in enumerate(part.items):
        if not isinstance(item, QuestionDraft) or item.answers:
            continue
        if item.spoken:
            diags.append(Diagnostic(path, item.line, 1, "unanswered-question",
                                    f"{item.asker}'s question ({_short(item)!r}) has no answer in the transcript",
                                    hint="end the transcript before it, or declare the speaker under people:"))
            continue
        # A question nobody answered stays what it was: the host's words, as a turn.
        part.items[n] = ImportedTurn(item.host, item.at, item.text, item.line, item.language)
        diags.append(Diagnostic(path, item.line, 1, "unanswered-question",
                                f"{_short(item)!r} reads like a question but nobody answers it; kept as the "
                                "host's turn", "warning"))
    for question in part.questions:
        question.id = new_id()
        forced = sources.get(question.id) or every_source
        if forced:
            question.source, question.source_word = forced, "--question-source"
        elif question.source is None:
            diags.append(Diagnostic(path, question.line, 1, "question-source",
                                    f"question {question.id} ({_short(question)!r}): the host does not say where it "
                                    "came from (chat, pre-submitted, raised hand)",
                                    hint=f"give --question-source {question.id}=chat (or pre_submitted, raised_hand)"))
    unused = sorted(set(sources) - {q.id for q in part.questions})
    for qid in unused:
        diags.append(Diagnostic("--question-source", 0, 0, "unknown-question",
                                f"there is no question {qid!r} in the Q&A part (found: "
                                f"{', '.join(q.id for q in part.questions) or 'none'})"))
    if not part.questions and turns:
        diags.append(Diagnostic(path, first_line, 1, "no-questions",
                                "no question was found in the Q&A part: its turns are written as turns", "warning"))
    return part, diags


def _short(question: QuestionDraft) -> str:
    text = " ".join(p.text for p in question.text)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class _Sentence:
    para: int
    start: int
    end: int
    text: str


def _sentences(paragraphs: list[Paragraph]) -> list[_Sentence]:
    out = []
    for n, para in enumerate(paragraphs):
        text = para.text
        begin = 0
        for m in _SENTENCE.finditer(text):
            out.append(_Sentence(n, begin, m.end(), text[begin:m.end()].strip()))
            begin = m.end()
            while begin < len(text) and text[begin].isspace():
                begin += 1
        if begin < len(text):
            out.append(_Sentence(n, begin, len(text), text[begin:].strip()))
    return [s for s in out if s.text]


def _announces(text: str) -> bool:
    return bool(_QUESTION_WORD.search(text) or _source_of(text)[0] or any(w in text for w in QUESTION_WORDS))


def _asks(text: str) -> bool:
    return "?" in text or "？" in text or asks_question(text)


def _split_question(turn: ImportedTurn, lines: Callable[[int], int], starts: Callable[[int], int | None]
                    ) -> tuple[ImportedTurn | None, list[Paragraph] | None, int]:
    """A host turn cut into (the moderating part or None, the question read out, its line); the
    question is None when the turn reads no question."""
    sentences = _sentences(turn.paragraphs)
    chosen = None
    for i in range(len(sentences) - 1):
        rest = " ".join(s.text for s in sentences[i + 1:])
        if _announces(sentences[i].text) and (_asks(rest) or sentences[i].text.endswith(":")):
            chosen = i
    if chosen is None:
        return None, None, turn.line
    cut = sentences[chosen + 1]
    before, after = _cut(turn.paragraphs, cut.para, cut.start)
    line = lines(after[0].cues[0]) if after and after[0].cues else turn.line
    moderation = ImportedTurn(turn.speaker, turn.at, before, turn.line, turn.language) if before else None
    return moderation, after, line


def _cut(paragraphs: list[Paragraph], para: int, offset: int) -> tuple[list[Paragraph], list[Paragraph]]:
    """Paragraphs cut at a character offset of paragraph `para`. A cue cut in two goes with the later
    part (its Burmese, if aligned, follows the question)."""
    p = paragraphs[para]
    left_pieces: list[str] = []
    left_cues: list[int] = []
    right_pieces: list[str] = []
    right_cues: list[int] = []
    position = 0
    for piece, cue in zip(p.pieces, p.cues, strict=True):
        end = position + len(piece)
        if end <= offset:
            left_pieces.append(piece)
            left_cues.append(cue)
        elif position >= offset:
            right_pieces.append(piece)
            right_cues.append(cue)
        else:
            head, tail = piece[:offset - position].strip(), piece[offset - position:].strip()
            if head:
                left_pieces.append(head)
            right_pieces.append(tail)
            right_cues.append(cue)
        position = end + 1  # the space joining pieces
    before = [*paragraphs[:para], *([Paragraph(left_pieces, left_cues)] if left_pieces else [])]
    after = [Paragraph(right_pieces, right_cues), *paragraphs[para + 1:]]
    return before, [a for a in after if a.pieces]


def _source_of(text: str) -> tuple[str | None, str | None]:
    """Where a question came from, by the words of a sentence, and those words."""
    for pattern, source in ((_PRE, "pre_submitted"), (_HAND, "raised_hand"), (_CHAT, "chat"),
                            (_SUBMITTED, "pre_submitted")):
        m = pattern.search(text)
        if m:
            return source, m.group(0)
    for word, source in SOURCE_WORDS.items():
        if word in text:
            return source, word
    return None, None


def _heard(paragraphs: list[Paragraph], panelists: set[str],
           before: tuple[str | None, str | None, str | None]) -> tuple[str | None, str | None, str | None]:
    """The source (and its words) and asker the host names in these paragraphs; the last sentence
    that names one wins, and what was heard before stays when nothing new is said."""
    source, word, asker = before
    for sentence in _sentences(paragraphs):
        found, said = _source_of(sentence.text)
        if found:
            source, word = found, said
        name = _asker_of(sentence.text, panelists)
        if name:
            asker = name
    return source, word, asker


def _asker_of(text: str, panelists: set[str]) -> str | None:
    for pattern in _ASKER:
        for m in pattern.finditer(text):
            words = m.group(1).split()
            while words and words[0] in _NOT_NAMES:
                words = words[1:]
            name = " ".join(words).rstrip(".,")
            if name and name.casefold() not in panelists:
                return name
    return None


def existing_question_ids(memo: Memo | None) -> set[str]:
    """Ids of the questions an event has (Q&A and appendix), which new questions must not take."""
    if memo is None:
        return set()
    ids = {item.question.id for item in memo.qa if item.question}
    ids |= {q.id for q in memo.appendix.questions} if memo.appendix else set()
    return ids


def describe_part(part: QAPart) -> list[str]:
    """The structure found, for the command line (and --dry-run)."""
    when = f" at {format_time(part.start_ms)}" if part.start_ms is not None else ""
    lines = [f"Q&A from line {part.start_line}{when}; host {part.host}: "
             f"{len(part.questions)} questions, {len(part.items) - len(part.questions)} turns"]

    def first_words(paragraphs: list[Paragraph]) -> str:
        text = " ".join(p.text for p in paragraphs)
        return repr(text if len(text) <= 70 else text[:67] + "...")

    for item in part.items:
        if isinstance(item, ImportedTurn):
            at = f" {format_time(item.at)}" if item.at is not None else ""
            lines.append(f"  turn     {item.speaker}{at}: {first_words(item.paragraphs)}")
            continue
        at = f" {format_time(item.at)}" if item.at is not None else ""
        asker = f", asker {item.asker!r}" if item.asker else ""
        said = f" (from {item.source_word!r})" if item.source_word else ""
        lines.append(f"  question {item.id}{at} {item.source or '?'}{said}{asker}: {first_words(item.text)}")
        for answer in item.answers:
            at = f" {format_time(answer.at)}" if answer.at is not None else ""
            lines.append(f"    answer {answer.speaker}{at}, {len(answer.paragraphs)} paragraphs: "
                         f"{first_words(answer.paragraphs)}")
    return lines
