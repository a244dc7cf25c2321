"""The event record: everything a recap memo says, as pydantic models (the models are the schema)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .chart import Chart, ImageByLanguage, StatFigure
from .text import Status, Strict, Text

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Role = Literal["host", "lead_panelist", "co_panelist", "speaker"]
#: How a question reached the panel: sent before the event, typed in the chat, asked with a raised hand, sent
#: by e-mail, or any other way.
QuestionSource = Literal["pre_submitted", "chat", "raised_hand", "email", "other"]
CardSeries = Literal["data_matters", "mapping"]
Paragraphs = Annotated[list[Text], Field(min_length=1, max_length=500)]
YearMonth = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]
# Patterns are written in the subset of regular expressions that Python and ECMAScript (with the u
# flag, as Ajv and the editors' YAML language server use) read alike: `\"` is no valid escape there.
Url = Annotated[str, StringConstraints(pattern="^https?://[^\\s<>\"']+$", max_length=2000)]
Email = Annotated[str, StringConstraints(pattern="^[^@\\s<>\"']+@[^@\\s<>\"']+\\.[^@\\s<>\"']+$",
                                         max_length=320)]
RelPath = Annotated[str, StringConstraints(min_length=1, max_length=500)]
#: A telephone number as people write it: digits, spaces, +, - and parentheses (it becomes a tel: link).
Phone = Annotated[str, StringConstraints(pattern="^[0-9 ()+-]*[0-9][0-9 ()+-]*$", max_length=64)]
Timestamp = Annotated[str, StringConstraints(pattern=r"^\d{2}:[0-5]\d:[0-5]\d\.\d{3}$")]


class Organisation(Strict):
    """The institute that publishes the memo (its contact block is the memo's back page)."""

    name: Text
    short_name: Text | None = None
    established: int | None = Field(default=None, ge=1900, le=2100)
    phone: Phone | None = None
    address: Text | None = None
    email: Email | None = None
    website: Url | None = None


class Event(Strict):
    """The event itself: series, episode, title, date and audience."""

    series: Text
    episode: int | None = Field(default=None, ge=1, le=100_000)
    title: Text
    subtitle: Text | None = None
    date: dt.date
    summary: Text | None = None
    audience: Text | None = None
    recording: Text | None = None


class Publication(Strict):
    """When and by whom the memo is published."""

    date: YearMonth | None = Field(default=None, description="Year and month of publication, YYYY-MM")
    author: Text | None = None


class Person(Strict):
    """Someone with a role in the event."""

    id: Id
    name: Text
    position: Text | None = None
    department: Text | None = None
    role: Role


class Turn(Strict):
    """One speaker speaking: a speaker id and the paragraphs they said."""

    speaker: Id
    at: Timestamp | None = Field(
        default=None, description="Where the turn starts in the recording, HH:MM:SS.mmm (set by import)"
    )
    paragraphs: Paragraphs


class DataCard(Strict):
    """A boxed data card ("ISP Data Matters Number 153", "ISP Mapping Number 93")."""

    id: Id
    series: CardSeries
    number: int = Field(ge=0, le=1_000_000)
    title: Text
    body: Paragraphs
    image: RelPath | ImageByLanguage | None = Field(
        default=None, description="PNG or JPEG, relative to the event file; or one per language {en:, my:}"
    )
    image_alt: Text | None = None
    chart: Chart | None = None
    figures: Annotated[list[StatFigure], Field(max_length=6)] = Field(
        default_factory=list, description="Big numbers with captions, shown as a row of callouts"
    )
    note: Text | None = Field(default=None, description="Sources and methods")
    as_of: PartialDate | dt.date | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")


class ProgrammeItem(Strict):
    """One item of the programme: exactly one of `turn`, `section` or `data_card`."""

    turn: Turn | None = None
    section: Text | None = None
    data_card: DataCard | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ProgrammeItem:
        given = [k for k in ("turn", "section", "data_card") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a programme item needs exactly one of: turn, section, data_card")
        return self


class Answer(Strict):
    """An answer to a question; `speaker` is absent for answers written by the institute."""

    speaker: Id | None = None
    at: Timestamp | None = Field(
        default=None, description="Where the answer starts in the recording, HH:MM:SS.mmm (set by import)"
    )
    paragraphs: Paragraphs


class Question(Strict):
    """A question from the audience with its answers."""

    id: Id
    source: QuestionSource
    asker: Text | None = None
    at: Timestamp | None = Field(
        default=None, description="Where the question is asked in the recording, HH:MM:SS.mmm (set by import)"
    )
    text: Text
    answers: Annotated[list[Answer], Field(min_length=1, max_length=50)]


class QAItem(Strict):
    """One item of the Q&A: a moderating `turn` or a `question`."""

    turn: Turn | None = None
    question: Question | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> QAItem:
        if (self.turn is None) == (self.question is None):
            raise ValueError("a Q&A item needs exactly one of: turn, question")
        return self


class Appendix(Strict):
    """Questions answered in writing after the event."""

    intro: Text | None = None
    questions: Annotated[list[Question], Field(min_length=1, max_length=500)]


class RelatedPublication(Strict):
    """A publication the memo points readers to."""

    title: Text
    url: Url | None = None


class Related(Strict):
    """The pointer to related publications at the end of the memo."""

    intro: Text | None = None
    publications: Annotated[list[RelatedPublication], Field(min_length=1, max_length=100)]


class Memo(Strict):
    """A whole event record, from which every edition of the recap memo is built."""

    format: Literal[1] = Field(description="Version of the event file format")
    translation_status: Status = Field(
        default="draft", description="Default translation status of every bilingual text"
    )
    organisation: Organisation
    event: Event
    publication: Publication | None = None
    people: Annotated[list[Person], Field(min_length=1, max_length=200)]
    concept_note: Annotated[list[Text], Field(max_length=500)] = Field(default_factory=list)
    programme: Annotated[list[ProgrammeItem], Field(max_length=5000)] = Field(default_factory=list)
    qa: Annotated[list[QAItem], Field(max_length=5000)] = Field(default_factory=list)
    closing: Annotated[list[Turn], Field(max_length=500)] = Field(default_factory=list)
    appendix: Appendix | None = None
    related: Related | None = None
    theme: Annotated[str, Field(min_length=1, max_length=300)] | None = Field(
        None, description="A theme folder inside the event's folder (holding theme.yaml); see docs/themes.md")

    def person(self, person_id: str) -> Person:
        """The declared person with this id (KeyError if none)."""
        for p in self.people:
            if p.id == person_id:
                return p
        raise KeyError(person_id)
