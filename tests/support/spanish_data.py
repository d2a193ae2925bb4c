"""Data a Spanish-speaking campaign would have, for the tests that read the UI in Spanish.

The reference server's demo seed is a Cambridge (MA) campaign: English street names,
English survey questions. Those are data, not the app's words, but a scan for English would
trip on them; ``spanish_server_data`` rewrites the seeded documents of a running server in
place (places, people, campaign and list names, surveys) before a walklist is pulled, with
the same tables ``benchmarks/generate_ledger.py --language es`` uses for a ledger. Statuses
stay as the Polis API names them: the app translates the ones it knows.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

_GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "generate_ledger.py"


def ledger_generator() -> ModuleType:
    """benchmarks/generate_ledger.py as a module (loaded once)."""
    loaded = sys.modules.get("generate_ledger")
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location("generate_ledger", _GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_ledger"] = module
    spec.loader.exec_module(module)
    return module


def spanish_server_data(server: Any) -> None:
    """Rewrite ``server``'s seeded documents as a Spanish campaign's (names, places, surveys)."""
    words = ledger_generator().SPANISH
    store = server.state.store
    streets: dict[str, str] = {}
    for address in store.all("addresses"):
        data = address["data"]
        english = data["streetName"]
        data["streetName"] = streets.setdefault(
            english, words.streets[len(streets) % len(words.streets)]
        )
        data.update(city=words.city, county="Valladolid", state="VA", country="España")
        data["neighborhood"] = "Centro"
        store.put("addresses", address)
    for index, contact in enumerate(store.all("contacts")):
        name = contact["data"]["profile"]["name"]["anglican"]
        name.pop("title", None)  # "Mr.", "Ms.": English
        name["given"] = words.given[index % len(words.given)]
        name["surname"] = words.surnames[(index // 3) % len(words.surnames)]
        contact["data"]["profile"].pop("emails", None)
        store.put("contacts", contact)
    for campaign in store.all("campaigns"):
        campaign["data"]["name"] = "Puerta a puerta en el centro"
        campaign["data"]["description"] = "Conversaciones puerta a puerta en el centro."
        store.put("campaigns", campaign)
    names = iter(("Centro: todos los hogares", "Centro: no tocar"))
    for walklist in store.all("lists"):
        walklist["data"]["name"] = next(names)
        walklist["data"]["description"] = "Calles del centro."
        store.put("lists", walklist)
    for survey in store.all("surveys"):
        survey["data"] = ledger_generator().translated_survey(survey["data"], words)
        store.put("surveys", survey)
