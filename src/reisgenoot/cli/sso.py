"""``reisgenoot sso check``: is login via the organisation set up so that it can work?

Reads the settings, the provider's discovery document and its keys, exactly as the web app
does, and prints what Reisgenoot will use (no secrets). Exit 1 with a Dutch message when it is
not configured or the provider cannot be used.
"""

from __future__ import annotations

import json

import typer

from reisgenoot.accounts.oidc import SsoError
from reisgenoot.cli.context import settings
from reisgenoot.web.sso_client import configure

sso_app = typer.Typer(help="Inloggen via de organisatie (OpenID Connect).", no_args_is_help=True)


@sso_app.command("check")
def sso_check(
    as_json: bool = typer.Option(False, "--json", help="Uitkomst als JSON."),
) -> None:
    """Controleer de instellingen en het inlogsysteem van de organisatie (zonder in te loggen)."""
    setup = configure(settings())
    if setup is None:
        raise SsoError("not configured", code="sso_niet_ingesteld")
    metadata = setup.client.metadata()
    keys = setup.client.key_count()
    result = {
        "issuer": metadata.issuer,
        "client_id": setup.client.config.client_id,
        "client_authenticatie": metadata.client_auth,
        "algoritmen": list(metadata.algorithms),
        "sleutels": keys,
        "uitloggen_bij_organisatie": metadata.end_session_endpoint is not None,
        "rollen": {
            value: [r.value for r in roles] for value, roles in setup.rules.role_map.items()
        },
        "teamclaim": setup.rules.team_claim,
    }
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    typer.echo(f"Het inlogsysteem {metadata.issuer} is bereikbaar en klopt ({keys} sleutels).")
    if metadata.end_session_endpoint is None:
        typer.echo(
            "Het heeft geen uitlogadres: uitloggen beëindigt alleen de sessie in Reisgenoot."
        )
    if not setup.rules.role_map:
        typer.echo("Let op: REISGENOOT_OIDC_ROLE_MAP is leeg, dus niemand kan inloggen.")


def register(app: typer.Typer) -> None:
    app.add_typer(sso_app, name="sso")
