"""Sealed envelopes and participation tokens: fixed size, authenticated, bound to round and
key; tokens that need the key to be recomputed."""

from __future__ import annotations

import pytest

from reisgenoot.impact.questions import ImpactError
from reisgenoot.impact.sealing import (
    CONTENT_SIZE,
    ENVELOPE_SIZE,
    intact,
    participation_token,
    seal,
    unseal,
)

KEY = b"test-audit-key"


def test_an_envelope_opens_to_its_content_and_always_has_the_same_size() -> None:
    small = seal(KEY, 7, b"[]")
    large = seal(KEY, 7, "é".encode() * 20_000)
    assert len(small) == len(large) == ENVELOPE_SIZE
    assert unseal(KEY, 7, small) == b"[]"
    assert unseal(KEY, 7, large) == "é".encode() * 20_000
    assert seal(KEY, 7, b"[]") != small  # a fresh nonce every time
    secret = b'[["emotioneel_open",null,"Niemand mag weten dat ik dit schreef."]]'
    assert secret[2:30] not in seal(KEY, 7, secret)


@pytest.mark.parametrize("where", [0, 1, 20, ENVELOPE_SIZE // 2, ENVELOPE_SIZE - 1])
def test_a_changed_byte_is_refused(where: int) -> None:
    envelope = bytearray(seal(KEY, 7, b'[["emo_gehoord",4,null]]'))
    envelope[where] ^= 0x01
    assert not intact(KEY, 7, bytes(envelope))
    with pytest.raises(ImpactError) as refused:
        unseal(KEY, 7, bytes(envelope))
    assert refused.value.code == "envelop_onleesbaar"


def test_an_envelope_opens_only_for_its_round_and_key() -> None:
    envelope = seal(KEY, 7, b"[]")
    assert intact(KEY, 7, envelope)
    for key, round_id in ((KEY, 8), (b"another-key", 7)):
        assert not intact(key, round_id, envelope)
        with pytest.raises(ImpactError) as refused:
            unseal(key, round_id, envelope)
        assert refused.value.code == "envelop_onleesbaar"
    with pytest.raises(ImpactError):
        unseal(KEY, 7, envelope[:-1])


def test_content_that_does_not_fit_is_refused_as_too_long() -> None:
    with pytest.raises(ImpactError) as refused:
        seal(KEY, 7, b"x" * CONTENT_SIZE)
    assert refused.value.code == "antwoord_te_lang"


def test_tokens_depend_on_key_round_and_person() -> None:
    token = participation_token(KEY, 1, 2)
    assert len(token) == 64 and int(token, 16) >= 0
    assert participation_token(KEY, 1, 2) == token
    others = {participation_token(b"other", 1, 2), participation_token(KEY, 2, 2)}
    others.add(participation_token(KEY, 1, 3))
    assert token not in others and len(others) == 3
