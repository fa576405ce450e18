"""One typed Settings class for every option (environment prefix ``REISGENOOT_``).

The settings reference in ``docs/settings.md`` is generated from this class
(``reisgenoot settings --markdown``); a test fails when the file is stale.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from reisgenoot.settings_keys import AuditKey, key_from
from reisgenoot.settings_oidc import OidcSettings

__all__ = ["AuditKey", "Settings"]


class Settings(OidcSettings):
    """Configuration of a Reisgenoot installation."""

    model_config = SettingsConfigDict(env_prefix="REISGENOOT_", extra="ignore")

    home: Path = Field(
        default=Path(".reisgenoot"),
        description="Folder for the embedded SQLite database, indexes and generated keys.",
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the database. Empty: SQLite in `home`. For PostgreSQL use "
            "`postgresql+psycopg://user:password@host:5432/name`."
        ),
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description=(
            "Key that signs session cookies. Empty: generated once and kept in "
            "`home/secret.key` (mode 0600). Set it explicitly when running several servers."
        ),
    )
    audit_key: SecretStr | None = Field(
        default=None,
        description=(
            "HMAC key of the audit chain, kept outside the database. Empty: generated once "
            "and kept in `home/audit.key` (mode 0600). Losing it makes the chain unverifiable."
        ),
    )
    audit_anchor: Path | None = Field(
        default=None,
        description=(
            "File that anchors the end of the audit chain outside the database (its last "
            "number and hash, keyed with the audit key), so removing the last events or "
            "rolling the database back is detected. Empty: `home/audit.anchor`. Back it up "
            "with the database; servers sharing one database should share this file."
        ),
    )
    municipality: str = Field(
        default="Gemeente Voorbeeldstad", description="Name of the municipality shown in the UI."
    )
    municipalities_file: Path | None = Field(
        default=None,
        description=(
            "TOML file listing the municipalities this installation serves, each with its "
            "name, host names, database and own settings (see `docs/handleiding/gemeenten.md`, "
            "ADR 29). The web app routes each request by host name to its municipality. "
            "Empty: one municipality, configured by the other settings."
        ),
    )
    gemeente: str | None = Field(
        default=None,
        description=(
            "Key of the municipality (from `MUNICIPALITIES_FILE`) a `reisgenoot` command acts "
            "on, like `--gemeente KEY`. Needed when the file lists more than one."
        ),
    )
    callback_due_hours: int = Field(
        default=48,
        ge=1,
        le=24 * 60,
        description=(
            "Hours within which a contactverzoek should be handled; the work list shows the "
            "due time and marks requests past it."
        ),
    )
    contact_email: str = Field(
        default="",
        description=(
            "E-mail address or website where residents can ask about the municipality's "
            "algorithms; the contact of the Algoritmeregister export "
            "(`reisgenoot transparency algoritmeregister`) and the page /hulp/over-ai."
        ),
    )
    host: str = Field(default="127.0.0.1", description="Address the web server listens on.")
    port: int = Field(default=8000, description="Port the web server listens on.")
    cookie_secure: bool | None = Field(
        default=None,
        description=(
            "Send the session cookie only over HTTPS. Empty: on, unless the server listens "
            "on a loopback address (local demo)."
        ),
    )
    session_timeout_minutes: int = Field(
        default=30, ge=1, description="A session ends after this many minutes without activity."
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description=(
            "Addresses or networks of the reverse proxies in front of the web server, e.g. "
            '`["10.0.0.5", "10.1.0.0/16"]`. Only when the direct peer is one of them is '
            "`X-Forwarded-For` read (its right-most address that is not such a proxy is the "
            "client). Empty: no proxy is trusted; the client is the direct peer."
        ),
    )
    login_max_attempts: int = Field(
        default=5,
        ge=1,
        description="Failed logins per account and address before that address is paused.",
    )
    login_account_max_attempts: int = Field(
        default=10,
        ge=1,
        description=(
            "Failed logins per account, from any address, before the account is paused "
            "(also for unknown usernames). Each further series doubles the pause, up to a day; "
            "a successful login ends the series."
        ),
    )
    login_lockout_seconds: int = Field(
        default=300,
        ge=1,
        description="Length of the pause after too many failed logins (an account's first pause).",
    )
    password_min_length: int = Field(default=10, ge=8, description="Minimum password length.")
    public_rate_limit_per_minute: int = Field(
        default=30,
        ge=1,
        description=(
            "Requests per minute per address on each public route (`/hulp`, an article, the "
            "chat page, a chat question, a rating, the contact form); each route counts apart."
        ),
    )
    chat_questions_per_minute: int = Field(
        default=10, ge=1, description="Questions per minute in one self-service chat."
    )
    kb_source_priority: dict[str, int] = Field(
        default_factory=lambda: {"rijksoverheid": 0},
        description=(
            "Priority per kennisbank source for the chat and `/hulp` (higher wins between "
            "articles on the same product); unlisted sources, such as the municipality's own "
            "articles, count as 1. The default puts the Rijksoverheid Q&A below the "
            "municipality's own articles."
        ),
    )
    zaaknummer_patterns: list[str] = Field(
        default_factory=lambda: [
            r"\bZ[-\s]?\d{4}[-\s]?\d{4,6}\b",
            r"\b(?:ZAAK|zaak)[-\s]?\d{5,10}\b",
        ],
        description="Regular expressions for the municipality's case and reference numbers.",
    )
    llm_base_url: str | None = Field(
        default=None,
        description="Optional OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server).",
    )
    llm_api_key: SecretStr | None = Field(default=None, description="API key of that endpoint.")
    llm_model: str | None = Field(default=None, description="Model name at that endpoint.")
    llm_timeout_seconds: float = Field(
        default=20.0,
        gt=0,
        le=600,
        description=(
            "Longest wait for one model answer (the whole streamed reply). Later, slower or "
            "refused answers fall back to the offline path, marked as such; see `docs/llm.md`."
        ),
    )
    kb_embedder: Literal["e5", "openai", "none"] = Field(
        default="e5",
        description=(
            "Embedder for kennisbank search and the chat in the web app: `e5` (bundled model, "
            "offline), `openai` (an OpenAI-compatible embeddings server, see `KB_EMBEDDER_URL`) "
            "or `none` (search by words only). Loaded on first use; while the section index "
            "is incomplete, search uses words only."
        ),
    )
    kb_embedder_url: str | None = Field(
        default=None,
        description=(
            "Base URL of the OpenAI-compatible embeddings server for `KB_EMBEDDER=openai` "
            "(`/v1/embeddings` is appended), e.g. `http://127.0.0.1:8081`."
        ),
    )
    kb_embedder_model: str | None = Field(
        default=None, description="Model name at that embeddings server (required for `openai`)."
    )
    kb_embedder_key: SecretStr | None = Field(
        default=None, description="API key of that embeddings server (sent as a Bearer token)."
    )
    kb_embedder_query_prefix: str | None = Field(
        default=None, description="Text put before each question for that server (e5: `query: `)."
    )
    kb_embedder_passage_prefix: str | None = Field(
        default=None, description="Text put before each passage for that server (e5: `passage: `)."
    )
    scenario_dir: Path | None = Field(
        default=None,
        description=(
            "Folder with the municipality's own practice scenarios (one YAML file per "
            "scenario, see `docs/handleiding/scenario-schrijven.md`). They are loaded beside "
            "the shipped scenarios; a file with the name of a shipped scenario replaces it. "
            "Empty: only the shipped scenarios. Check the files with `reisgenoot train --list`."
        ),
    )
    log_level: str = Field(default="INFO", description="Log level: DEBUG, INFO, WARNING, ERROR.")
    log_format: Literal["text", "json"] = Field(
        default="text",
        description=(
            "Log format on stderr: `text` (one readable line) or `json` (one JSON object a line, "
            "for a log collector). Both are redacted."
        ),
    )
    metrics_allow: list[str] = Field(
        default_factory=lambda: ["127.0.0.1/8", "::1"],
        description=(
            "Addresses or networks that may read `/metrics` without logging in (a Prometheus "
            "server). Default: this machine only. A logged-in beheerder can always read it."
        ),
    )
    openklant_url: str | None = Field(
        default=None,
        description=(
            "Base URL of the Klantinteracties API of Open Klant, e.g. "
            "`https://openklant.example.nl/klantinteracties/api/v1`. Empty: nothing is sent; "
            "confirmed contacts stay `niet verzonden` and can be exported."
        ),
    )
    openklant_token: SecretStr | None = Field(
        default=None,
        description="API token for Open Klant (sent as `Authorization: Token …`, never logged).",
    )
    openklant_max_attempts: int = Field(
        default=3,
        ge=1,
        le=10,
        description="Attempts per contact per send run on time-outs, connection errors and 5xx.",
    )
    openklant_backoff_seconds: float = Field(
        default=2.0,
        ge=0,
        le=60,
        description="Wait before the first retry; doubled for each further retry.",
    )
    openklant_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Time-out of one request to Open Klant."
    )
    openklant_breaker_failures: int = Field(
        default=3,
        ge=1,
        le=100,
        description=(
            "Circuit breaker: after this many contacts in a row that Open Klant did not answer "
            "for (time-outs, connection errors, 5xx), stop trying for the cool-down below. "
            "The contacts stay queued."
        ),
    )
    openklant_breaker_cooldown_seconds: float = Field(
        default=300.0,
        ge=0,
        le=86_400,
        description="Circuit breaker: how long no contact is tried after it opened.",
    )

    retention_contacts_days: int = Field(
        default=365,
        ge=1,
        le=36_500,
        description=(
            "Retention of klantcontacten (with their questions, betrokkenen, interne taken, "
            "identifier hashes and Open Klant bookkeeping), counted from the moment of the "
            "contact. A contact with an interne taak still open is kept until it is handled. "
            "The beheerder can override it in the browser (`/beheer/bewaartermijnen`)."
        ),
    )
    retention_turns_days: int = Field(
        default=90,
        ge=1,
        le=36_500,
        description=(
            "Retention of the turns of a conversation (what was said, redacted), counted from "
            "the moment of the contact; the registration itself stays. Turns of a contact with "
            "an open interne taak are kept until it is handled. Overridable in the browser."
        ),
    )
    retention_chats_days: int = Field(
        default=180,
        ge=1,
        le=36_500,
        description=(
            "Retention of the public self-service chats (redacted questions, answers, ratings), "
            "counted from the last question of a chat. Overridable in the browser."
        ),
    )
    retention_audit_days: int = Field(
        default=1_826,
        ge=1,
        le=36_500,
        description=(
            "Retention of audit events (default five years). Older events are removed from the "
            "start of the chain; a keyed record of the last removed event keeps "
            "`reisgenoot audit verify` meaningful (ADR 20). Overridable in the browser."
        ),
    )
    learn_retention_days: int = Field(
        default=730,
        ge=1,
        le=36_500,
        description=(
            "Days that examples from confirmed work (redacted) are kept for learning; older "
            "ones are deleted by the retention purge and before each training run. An example "
            "also goes when the contact or chat it came from goes. Overridable in the browser."
        ),
    )
    learn_dev_dir: Path = Field(
        default=Path("evaluation/blind"),
        description=(
            "Folder of the blind dev sets a new model version is measured on "
            "(`transcripts/dev`, `kennisbank/dev.jsonl`). A version is activated when it is not "
            "worse there, or when it is better on the newest confirmed work and at most 0.025 "
            "below the packaged model there (ADR 88); without the folder no new version is "
            "activated."
        ),
    )
    learn_nightly_hour: int | None = Field(
        default=3,
        ge=0,
        le=23,
        description=(
            "Hour (Europe/Amsterdam) of the nightly run (the web app's, or with the PostgreSQL "
            "job queue the worker's): first everything past its "
            "retention period is deleted (`reisgenoot retention purge`), then the learned "
            "models are retrained. Empty: no nightly run (use `reisgenoot retention purge` and "
            "`reisgenoot learn train`, e.g. from cron)."
        ),
    )
    jobs_queue: Literal["auto", "in-process", "postgres"] = Field(
        default="auto",
        description=(
            "Where background work runs (sending to Open Klant, the nightly purge and training). "
            "`postgres` and `auto` (the default): on PostgreSQL a job queue in the database, "
            "run by `reisgenoot worker` (for several app processes); on SQLite, and with "
            "`in-process`, in the app process itself."
        ),
    )
    model_check_seconds: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="How often an app process checks which learned model versions are active.",
    )
    speech_model_dir: Path | None = Field(
        default=None,
        description=(
            "Folder with a CTranslate2 Whisper model for speech to text in this process "
            '(faster-whisper, `pip install "reisgenoot[speech]"`). Nothing is downloaded. '
            "Empty: no local speech model (see `SPEECH_URL`); without either, turns are typed."
        ),
    )
    speech_url: str | None = Field(
        default=None,
        description=(
            "Base URL of an OpenAI-compatible speech server (`/v1/audio/transcriptions` is "
            "appended), e.g. an on-premises faster-whisper or whisper.cpp server. Used when "
            "`SPEECH_MODEL_DIR` is empty. Call audio is sent there: use only a server the "
            "municipality trusts with it."
        ),
    )
    speech_model: str = Field(default="whisper-1", description="Model name at that speech server.")
    speech_api_key: SecretStr | None = Field(
        default=None, description="API key of that speech server (sent as a Bearer token)."
    )
    speech_timeout_seconds: float = Field(
        default=30.0, gt=0, le=600, description="Time-out of one request to the speech server."
    )
    speech_language: str = Field(
        default="nl", description="Language code given to the speech backend (`nl`)."
    )
    speech_threads: int = Field(
        default=0,
        ge=0,
        le=64,
        description="CPU threads of the local speech model (0: its default).",
    )
    speech_partial_seconds: float = Field(
        default=2.0,
        ge=0,
        le=30,
        description=(
            "Live: show the text of an utterance while it is spoken, every this many seconds. "
            "Each partial text costs a decoding; on a busy CPU it can delay the final turn. "
            "0: final turns only."
        ),
    )
    speech_keep_audio_days: int = Field(
        default=0,
        ge=0,
        le=365,
        description=(
            "Keep call audio (WAV, per utterance) in `home/audio` for this many days, e.g. "
            "for quality checks. 0 (default): audio is never stored, only the transcribed text."
        ),
    )

    @field_validator("trusted_proxies", "metrics_allow")
    @classmethod
    def _proxies_are_networks(cls, values: list[str], info: ValidationInfo) -> list[str]:
        setting = f"REISGENOOT_{str(info.field_name).upper()}"
        for value in values:
            try:
                ipaddress.ip_network(value.strip(), strict=False)
            except ValueError as exc:
                raise ValueError(f"{setting}: {value!r} is no address or network") from exc
        return [value.strip() for value in values]

    @model_validator(mode="after")
    def _embedder_server_is_named(self) -> Self:
        if self.kb_embedder == "openai" and not (self.kb_embedder_url and self.kb_embedder_model):
            raise ValueError(
                "REISGENOOT_KB_EMBEDDER=openai needs REISGENOOT_KB_EMBEDDER_URL and "
                "REISGENOOT_KB_EMBEDDER_MODEL"
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite inside ``home``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'reisgenoot.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def uses_job_queue(self) -> bool:
        """Background work goes through the PostgreSQL job queue (``reisgenoot worker``)."""
        return self.jobs_queue != "in-process" and not self.is_sqlite

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        try:
            return not ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return self.host != "localhost"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home

    def session_secret(self) -> str:
        return key_from(self.secret_key, self.ensure_home() / "secret.key")

    @property
    def audit_anchor_path(self) -> Path:
        return (self.audit_anchor or self.home / "audit.anchor").resolve()

    def audit_secret(self) -> AuditKey:
        """The audit key; it carries where the chain's anchor lives, so every writer anchors."""
        key = key_from(self.audit_key, self.ensure_home() / "audit.key").encode()
        return AuditKey(key, anchor=self.audit_anchor_path)
