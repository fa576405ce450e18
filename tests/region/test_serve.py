"""``reisgenoot serve`` with a municipalities file, as a real server process: one process and
one port for both municipalities, each request answered by the municipality of its host name."""

from __future__ import annotations

from pathlib import Path

import httpx

from reisgenoot.cli.demo import demo_file
from reisgenoot.municipalities import load
from reisgenoot.settings import Settings
from tests.region.two import write_file
from tests.web.server_process import CLI, Server, free_port, server_env


def test_serve_answers_each_host_with_its_own_municipality(tmp_path: Path) -> None:
    hosts = {"aadorp": ["aadorp.test"], "beekdal": ["beekdal.test"]}
    file = write_file(tmp_path, None, hosts=hosts)  # fresh homes: migrated at start
    port = free_port()
    env = server_env(tmp_path / "installatie", REISGENOOT_MUNICIPALITIES_FILE=str(file))
    server = Server([*CLI, "serve", "--port", str(port)], env, tmp_path, port)
    try:
        for key, name in (("aadorp", "Gemeente Aadorp"), ("beekdal", "Gemeente Beekdal")):
            page = httpx.get(f"{server.url}/login", headers={"host": f"{key}.test"})
            assert page.status_code == 200 and name in page.text
        unknown = httpx.get(f"{server.url}/login")  # Host 127.0.0.1: no municipality
        assert unknown.status_code == 404 and "Dit adres kennen we niet" in unknown.text
    finally:
        server.stop()
    output = server.output()
    assert "Gemeente Aadorp: http://aadorp.test:" in output
    assert "Traceback" not in output


def test_the_demo_file_names_its_municipalities_on_localhost(tmp_path: Path) -> None:
    found = load(demo_file(tmp_path, 2), Settings(home=tmp_path))
    assert found.keys == ("voorbeeldstad", "beekdal")
    assert [m.hosts for m in found.items] == [("voorbeeldstad.localhost",), ("beekdal.localhost",)]
    assert found.items[1].settings.home == tmp_path / "gemeenten" / "beekdal"
