"""Keys that stay outside the database: participation tokens and sealed submissions.

Nothing in the database may link a person to "has answered" or to what they answered, not even
for someone who copies the database files (contracts §10, ``docs/impact.md``). Both things that
need a secret therefore use keys derived from the installation's audit key, which never lives in
the database (setting ``audit_key`` / ``REISGENOOT_AUDIT_KEY``, or ``home/audit.key``):

- **Participation token**: HMAC-SHA256 of ``"<round>:<user>"`` under a key derived for this
  purpose. Without the key the token is a random-looking string; nobody can recompute whose it
  is from the database alone.
- **Envelope**: while a round is open, one person's answers are kept as one sealed envelope of a
  fixed size (:data:`ENVELOPE_SIZE`, whatever was filled in), so its size tells nothing. The
  content is padded, encrypted with keyed BLAKE2b in counter mode and authenticated with
  HMAC-SHA256 over the round id, nonce and ciphertext (encrypt-then-MAC). Closing the round
  opens the envelopes and writes the single answers in random order; the envelopes are deleted.

The standard library offers no block cipher, and the project takes no cryptography dependency
for this; keyed BLAKE2b is a pseudo-random function, which is all counter mode needs, and the
MAC is checked in constant time before anything is decrypted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from reisgenoot.impact.questions import ImpactError

VERSION = b"\x01"
NONCE_SIZE = 16
TAG_SIZE = 32
CONTENT_SIZE = 48 * 1024  # padded plaintext: room for 5 open answers of 2,000 characters
ENVELOPE_SIZE = len(VERSION) + NONCE_SIZE + CONTENT_SIZE + TAG_SIZE
_LENGTH_SIZE = 4
_BLOCK = 64  # BLAKE2b output size

_TOKEN_LABEL = b"reisgenoot/impact/v1/deelname"
_CIPHER_LABEL = b"reisgenoot/impact/v1/envelop/versleuteling"
_MAC_LABEL = b"reisgenoot/impact/v1/envelop/echtheid"


def subkey(master: bytes, label: bytes) -> bytes:
    """A key for one purpose, derived from the master key (HMAC-SHA256 as a KDF)."""
    return hmac.new(master, label, hashlib.sha256).digest()


def participation_token(master: bytes, round_id: int, user_id: int) -> str:
    """The one-time token of ``user_id`` in ``round_id`` (hex); needs the key to recompute."""
    message = f"{round_id}:{user_id}".encode()
    return hmac.new(subkey(master, _TOKEN_LABEL), message, hashlib.sha256).hexdigest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (
        hashlib.blake2b(nonce + counter.to_bytes(8, "big"), key=key).digest()
        for counter in range(-(-length // _BLOCK))
    )
    return b"".join(blocks)[:length]


def _xor(data: bytes, stream: bytes) -> bytes:
    mixed = int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")
    return mixed.to_bytes(len(data), "big")


def _tag(master: bytes, round_id: int, nonce: bytes, body: bytes) -> bytes:
    message = VERSION + round_id.to_bytes(8, "big") + nonce + body
    return hmac.new(subkey(master, _MAC_LABEL), message, hashlib.sha256).digest()


def seal(master: bytes, round_id: int, content: bytes) -> bytes:
    """Pad ``content`` to the fixed size, encrypt and authenticate it for ``round_id``."""
    if len(content) > CONTENT_SIZE - _LENGTH_SIZE:
        raise ImpactError("submission too large to seal", code="antwoord_te_lang")
    padded = (
        len(content).to_bytes(_LENGTH_SIZE, "big")
        + content
        + bytes(CONTENT_SIZE - _LENGTH_SIZE - len(content))
    )
    nonce = secrets.token_bytes(NONCE_SIZE)
    body = _xor(padded, _keystream(subkey(master, _CIPHER_LABEL), nonce, len(padded)))
    return VERSION + nonce + body + _tag(master, round_id, nonce, body)


def intact(master: bytes, round_id: int, envelope: bytes) -> bool:
    """Whether the envelope is whole and sealed for ``round_id`` under ``master`` (checks the
    MAC only, without decrypting)."""
    if len(envelope) != ENVELOPE_SIZE or envelope[:1] != VERSION:
        return False
    nonce = envelope[1 : 1 + NONCE_SIZE]
    body = envelope[1 + NONCE_SIZE : -TAG_SIZE]
    return hmac.compare_digest(envelope[-TAG_SIZE:], _tag(master, round_id, nonce, body))


def unseal(master: bytes, round_id: int, envelope: bytes) -> bytes:
    """The content of an envelope; :class:`ImpactError` when it is not intact or not ours."""
    if not intact(master, round_id, envelope):
        raise ImpactError("envelope fails its check", code="envelop_onleesbaar")
    nonce = envelope[1 : 1 + NONCE_SIZE]
    body = envelope[1 + NONCE_SIZE : -TAG_SIZE]
    padded = _xor(body, _keystream(subkey(master, _CIPHER_LABEL), nonce, len(body)))
    length = int.from_bytes(padded[:_LENGTH_SIZE], "big")
    if length > CONTENT_SIZE - _LENGTH_SIZE:
        raise ImpactError("envelope length is wrong", code="envelop_onleesbaar")
    return padded[_LENGTH_SIZE : _LENGTH_SIZE + length]
