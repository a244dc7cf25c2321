"""A valid memo written to YAML and loaded again is equal (property test)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isp_recap import parse_event
from isp_recap.model import (
    Answer,
    DataCard,
    Event,
    Memo,
    Organisation,
    Person,
    ProgrammeItem,
    QAItem,
    Question,
    Text,
    Turn,
)
from isp_recap.source.writer import dump_event

# Letters of both scripts, digits of both, punctuation that matters to YAML and to markup.
ALPHABET = st.sampled_from(list("abcXYZ 019'\":#-*_,.?!&|>%@`{}[]") + list("ကခဂငစမြန်ာ့း၀၉။၊ေ"))
words = st.text(ALPHABET, min_size=1, max_size=40).filter(lambda s: s.strip() == s and s.strip())
ids = st.from_regex(r"\A[a-z][a-z0-9-]{0,10}\Z")
statuses = st.sampled_from([None, "draft", "reviewed", "approved"])


@st.composite
def texts(draw: st.DrawFn) -> Text:
    return Text(en=draw(words), my=draw(st.one_of(st.none(), words)), status=draw(statuses))


@st.composite
def memos(draw: st.DrawFn) -> Memo:
    people_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    roles = st.sampled_from(["host", "lead_panelist", "co_panelist", "speaker"])
    people = [Person(id=i, name=draw(texts()), role=draw(roles),
                     position=draw(st.one_of(st.none(), texts()))) for i in people_ids]
    speaker = st.sampled_from(people_ids)
    paragraphs = st.lists(texts(), min_size=1, max_size=3)
    turn = st.builds(Turn, speaker=speaker, paragraphs=paragraphs)
    card_ids = draw(st.lists(ids, max_size=3, unique=True))
    cards = [DataCard(id=f"card-{c}", series=draw(st.sampled_from(["data_matters", "mapping"])),
                      number=draw(st.integers(0, 999)), title=draw(texts()), body=draw(paragraphs),
                      as_of=draw(st.one_of(st.none(), st.just("2024-12"), st.dates(dt.date(1990, 1, 1)))))
             for c in card_ids]
    programme = [ProgrammeItem(turn=t) for t in draw(st.lists(turn, max_size=3))]
    programme += [ProgrammeItem(data_card=c) for c in cards]
    programme += [ProgrammeItem(section=s) for s in draw(st.lists(texts(), max_size=2))]
    questions = [
        QAItem(question=Question(id=f"q{i}", source=draw(st.sampled_from(["pre_submitted", "chat", "raised_hand"])),
                                 text=draw(texts()), asker=draw(st.one_of(st.none(), texts())),
                                 answers=[Answer(speaker=draw(speaker), paragraphs=draw(paragraphs))]))
        for i in range(draw(st.integers(0, 2)))
    ]
    return Memo(
        format=1,
        translation_status=draw(st.sampled_from(["draft", "reviewed", "approved"])),
        organisation=Organisation(name=draw(texts()), established=draw(st.one_of(st.none(), st.integers(1900, 2100))),
                                  email=draw(st.one_of(st.none(), st.just("info@example.org")))),
        event=Event(series=draw(texts()), title=draw(texts()), date=draw(st.dates(dt.date(1990, 1, 1))),
                    episode=draw(st.one_of(st.none(), st.integers(1, 500)))),
        people=people,
        concept_note=draw(st.lists(texts(), max_size=3)),
        programme=programme,
        qa=questions,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(memos())
def test_dump_then_load_is_identity(memo: Memo) -> None:
    text = dump_event(memo)
    assert parse_event(text, "<roundtrip>") == memo
