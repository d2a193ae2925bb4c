"""Preparing a walklist for offline use against the real reference server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from canvass_app.api.client import PolisClient
from canvass_app.server.seed import DEMO_CAMPAIGN_ID, DEMO_LIST_ID
from canvass_app.services.pull import WalklistNotPulled, load_walklist, pull_walklist
from canvass_app.storage.db import open_database


def test_pull_then_read_back_offline(data_dir: Path, polis_server: Any) -> None:
    db = open_database(data_dir)
    steps: list[tuple[int, int]] = []
    with PolisClient(polis_server.url, polis_server.token) as client:
        result = pull_walklist(db, client, DEMO_LIST_ID, progress=lambda d, t: steps.append((d, t)))
    assert result.campaign_id == DEMO_CAMPAIGN_ID
    assert steps[0] == (0, 5) and steps[-1] == (5, 5)
    assert result.problems == []

    polis_server.stop()  # everything below works with the server gone
    walklist = load_walklist(open_database(data_dir))
    assert walklist.list_id == DEMO_LIST_ID
    assert len(walklist.entries) == result.contacts
    assert {survey.id for survey in walklist.surveys} >= {walklist.default_survey_id}
    assert walklist.default_survey is not None
    assert walklist.default_survey.first_question() is not None
    assert len(walklist.surveys) == 2 and walklist.survey_problems == {}
    assert any(entry.household.address.lat is not None for entry in walklist.entries)


def test_a_second_pull_replaces_the_first(data_dir: Path, polis_server: Any) -> None:
    db = open_database(data_dir)
    with PolisClient(polis_server.url, polis_server.token) as client:
        pull_walklist(db, client, DEMO_LIST_ID, DEMO_CAMPAIGN_ID)
        pull_walklist(db, client, DEMO_LIST_ID, DEMO_CAMPAIGN_ID)
    walklist = load_walklist(db, DEMO_LIST_ID)
    ids = [entry.contact_household_id for entry in walklist.entries]
    assert len(ids) == len(set(ids))


def test_nothing_pulled_says_how_to_get_it(data_dir: Path) -> None:
    with pytest.raises(WalklistNotPulled, match="Download it while online"):
        load_walklist(open_database(data_dir))


def test_a_broken_survey_is_named_and_the_rest_still_loads(
    data_dir: Path, polis_server: Any
) -> None:
    db = open_database(data_dir)
    with PolisClient(polis_server.url, polis_server.token) as client:
        pull_walklist(db, client, DEMO_LIST_ID, DEMO_CAMPAIGN_ID)
    # Corrupt one cached survey the way a bad server edit would: a dangling action.
    row = db.conn.execute(
        "SELECT doc_id, json FROM cache_documents WHERE kind = 'survey' ORDER BY position LIMIT 1"
    ).fetchone()
    doc = json.loads(row[1])
    question = doc["data"]["questions"][0]
    question["options"][0]["action"] = {"type": "question", "questionId": "no-such-question"}
    with db.conn:
        db.conn.execute(
            "UPDATE cache_documents SET json = ? WHERE kind = 'survey' AND doc_id = ?",
            (json.dumps(doc), row[0]),
        )
    walklist = load_walklist(db)
    assert row[0] in walklist.survey_problems
    problem_text = " ".join(p.message + p.field for p in walklist.survey_problems[row[0]])
    assert "no-such-question" in problem_text
    assert len(walklist.surveys) == 1
    assert len(walklist.statuses) == 13


def test_a_broken_survey_on_the_server_is_not_counted_as_an_unreadable_household(
    data_dir: Path, polis_server: Any
) -> None:
    survey = polis_server.state.store.all("surveys")[0]
    survey["data"]["questions"][0]["options"][0]["action"] = {
        "type": "question",
        "questionId": "no-such-question",
    }
    polis_server.state.store.put("surveys", survey)
    db = open_database(data_dir)
    with PolisClient(polis_server.url, polis_server.token) as client:
        result = pull_walklist(db, client, DEMO_LIST_ID, DEMO_CAMPAIGN_ID)
    assert any("no-such-question" in problem for problem in result.problems)
    walklist = load_walklist(db)
    assert walklist.skipped_entries == []
    assert survey["id"] in walklist.survey_problems


def test_do_not_knock_doors_are_marked_from_the_campaign_list_type(
    data_dir: Path, polis_server: Any
) -> None:
    from canvass_app.core.outcomes import is_do_not_knock
    from canvass_app.server import seed

    db = open_database(data_dir)
    with PolisClient(polis_server.url, polis_server.token) as client:
        pull_walklist(db, client, DEMO_LIST_ID)
    walklist = load_walklist(db)
    marked = walklist.list_statuses()
    households = {entry.household.id for entry in walklist.entries}
    assert marked and set(marked) < households
    assert all(is_do_not_knock(status) for status in marked.values())
    expected = {
        h["id"]
        for index, h in enumerate(seed.demo_documents()["households"])
        if index % seed.DO_NOT_KNOCK_EVERY == 7
    }
    assert set(marked) == expected


def test_the_cache_opens_the_documents_grouped_in_walk_order(
    data_dir: Path, polis_server: Any
) -> None:
    from canvass_app.core.walklist import (
        entry_to_row,
        group_doors,
        parse_contact_household,
        walk_order,
    )
    from canvass_app.storage import cache

    db = open_database(data_dir)
    with PolisClient(polis_server.url, polis_server.token) as client:
        pull_walklist(db, client, DEMO_LIST_ID)
    documents = cache.CacheRepo(db).documents(cache.CONTACT_HOUSEHOLD, DEMO_LIST_ID)
    parsed = [parse_contact_household(doc) for doc in documents]
    expected = walk_order(group_doors(parsed))
    in_walk_order = [entry for b in expected for door in b.doors for entry in door.entries]
    assert in_walk_order != parsed  # the server's order is not the walk order
    assert any(len(b.doors) > 1 for b in expected)

    # The order stored at download is the order computed from the documents.
    walklist = load_walklist(db)
    assert walklist.buildings == expected
    assert walklist.entries == in_walk_order
    # People of one household share its objects (memory for 50,000 households).
    by_household = {}
    for entry in walklist.entries:
        assert by_household.setdefault(entry.household.id, entry.household) is entry.household

    # A cache written before the order was stored (rows in download order, no version)
    # opens in walk order.
    old_rows = {"id": "all", "rows": [entry_to_row(e) for e in parsed], "skipped": []}
    with db.conn:
        db.conn.execute(
            "UPDATE cache_documents SET json = ? WHERE kind = ?",
            (json.dumps(old_rows), cache.ENTRY_ROWS),
        )
    assert cache.CacheRepo(db).entry_rows(DEMO_LIST_ID).version == 1  # type: ignore[union-attr]
    assert load_walklist(db).buildings == expected

    # So does one written before the compact rows existed, document by document.
    with db.conn:
        db.conn.execute("DELETE FROM cache_documents WHERE kind = ?", (cache.ENTRY_ROWS,))
    assert load_walklist(db).buildings == expected
    assert load_walklist(db).entries == in_walk_order
