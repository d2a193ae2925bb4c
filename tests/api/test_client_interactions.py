"""Interactions v2 through PolisClient against the real reference server over HTTP."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from canvass_app.api import ConflictError, NotFoundError, PolisClient, RejectedError
from canvass_app.core.errors import ValidationError

from .examples import (
    DATA_FORM_PATCH_OPS,
    PAGE_CAMPAIGN_ID,
    PAGE_PATCH_OPS,
    PAGE_POST_BODY,
    knock_time,
    visit,
)


def test_page_post_example_creates_and_round_trips(server: Any, client: PolisClient) -> None:
    created = client.create_interaction(PAGE_POST_BODY)
    assert created.data == PAGE_POST_BODY
    assert created.id and created.etag
    assert created.customer_id and created.security_group_id
    stored = server.state.get_document("interactions", created.id)
    # What the client parsed is exactly what the server holds, envelope included.
    assert created.to_document() == stored
    fetched = client.get_interaction(created.id)
    assert fetched.to_document() == stored


def test_idempotency_key_makes_a_resend_answer_the_first_document(
    server: Any, client: PolisClient
) -> None:
    first = client.create_interaction(PAGE_POST_BODY, idempotency_key="local-1")
    again = client.create_interaction(PAGE_POST_BODY, idempotency_key="local-1")
    other = client.create_interaction(PAGE_POST_BODY, idempotency_key="local-2")
    assert again.id == first.id
    assert other.id != first.id
    assert len(server.state.interactions()) == 2


def test_invalid_data_is_refused_before_anything_is_sent(server: Any, client: PolisClient) -> None:
    broken = visit(timestamp="yesterday")
    del broken["contactId"]
    with pytest.raises(ValidationError) as caught:
        client.create_interaction(broken)
    assert "/data/contactId" in caught.value.fields
    assert "/data/timestamp" in caught.value.fields
    assert server.state.interactions() == []


def test_server_validation_400_is_rejected_with_the_server_message(
    server: Any, client: PolisClient
) -> None:
    created = client.create_interaction(PAGE_POST_BODY)
    # The client cannot POST an invalid body, so a PATCH makes the document invalid.
    with pytest.raises(RejectedError) as caught:
        client.patch_interaction(
            created.id,
            [{"op": "replace", "path": "/data/unavailable", "value": "no"}],
            created.etag or "",
        )
    error = caught.value
    assert error.status == 400
    assert error.name == "ValidationError"
    assert "/data/unavailable" in error.message
    assert [f.field for f in error.field_errors] == ["/data/unavailable"]
    assert client.get_interaction(created.id).etag == created.etag  # nothing applied


@pytest.mark.parametrize("form", ["document", "data"])
@pytest.mark.parametrize("ops", [PAGE_PATCH_OPS, DATA_FORM_PATCH_OPS], ids=["page-ops", "data-ops"])
def test_page_patch_example_in_both_path_forms(
    server: Any,
    make_client: Callable[..., PolisClient],
    form: str,
    ops: list[dict[str, Any]],
) -> None:
    client = make_client(server, patch_path_form=form)
    created = client.create_interaction(visit(successful=True))
    given = copy.deepcopy(ops)
    patched = client.patch_interaction(created.id, ops, created.etag or "")
    assert ops == given  # the caller's operations are not modified
    assert patched.data["successful"] is False
    assert patched.data["unavailable"] is False
    assert patched.etag and patched.etag != created.etag
    assert server.state.get_document("interactions", created.id) == patched.to_document()


@pytest.mark.parametrize("conflict_status", [409, 412, 428, 400])
def test_stale_etag_is_a_conflict_whatever_the_status(
    make_polis_server: Callable[..., Any],
    make_client: Callable[..., PolisClient],
    conflict_status: int,
) -> None:
    server = make_polis_server(seed="empty", conflict_status=conflict_status)
    client = make_client(server, token=server.token)
    created = client.create_interaction(PAGE_POST_BODY)
    server.state.edit_interaction(
        created.id, [{"op": "replace", "path": "/unavailableReason", "value": "Refused"}]
    )
    with pytest.raises(ConflictError) as caught:
        client.patch_interaction(created.id, PAGE_PATCH_OPS, created.etag or "")
    assert caught.value.status == conflict_status
    assert caught.value.name == "ConcurrencyError"
    with pytest.raises(ConflictError):
        client.delete_interaction(created.id, created.etag or "")
    # The rebase the engine does: fetch, re-apply with the fresh etag.
    fresh = client.get_interaction(created.id)
    patched = client.patch_interaction(created.id, PAGE_PATCH_OPS, fresh.etag or "")
    assert patched.data["unavailableReason"] == "Refused"
    assert patched.data["successful"] is False


def test_failed_test_operation_is_a_conflict_named_by_the_server(client: PolisClient) -> None:
    # The reference server answers a failed `test` with 409 PatchTestFailedError: the
    # engine refetches and rebases, and the name tells it the guard (not the etag) failed.
    created = client.create_interaction(PAGE_POST_BODY)
    ops = [
        {"op": "test", "path": "/successful", "value": True},
        {"op": "replace", "path": "/successful", "value": True},
    ]
    with pytest.raises(ConflictError) as caught:
        client.patch_interaction(created.id, ops, created.etag or "")
    assert caught.value.status == 409
    assert caught.value.name == "PatchTestFailedError"
    assert "test" in caught.value.message


def test_patch_of_a_missing_path_is_rejected(client: PolisClient) -> None:
    created = client.create_interaction(PAGE_POST_BODY)
    with pytest.raises(RejectedError) as caught:
        client.patch_interaction(
            created.id, [{"op": "remove", "path": "/walklistId"}], created.etag or ""
        )
    assert caught.value.status is not None and 400 <= caught.value.status < 500
    assert "walklistId" in caught.value.message


def test_bad_patch_input_is_refused_in_words_before_sending(client: PolisClient) -> None:
    created = client.create_interaction(PAGE_POST_BODY)
    with pytest.raises(ValidationError, match="non-empty list"):
        client.patch_interaction(created.id, [], created.etag or "")
    with pytest.raises(ValidationError, match="outside data"):
        client.patch_interaction(
            created.id, [{"op": "replace", "path": "/meta/etag", "value": "x"}], created.etag or ""
        )
    with pytest.raises(ValidationError, match="etag"):
        client.patch_interaction(created.id, PAGE_PATCH_OPS, "")
    with pytest.raises(ValueError, match="interaction id is empty"):
        client.get_interaction("")
    assert client.get_interaction(created.id).etag == created.etag


def test_delete_then_get_patch_and_delete_are_not_found(server: Any, client: PolisClient) -> None:
    created = client.create_interaction(PAGE_POST_BODY)
    assert client.delete_interaction(created.id, created.etag or "") is None
    assert server.state.interactions() == []
    with pytest.raises(NotFoundError) as caught:
        client.get_interaction(created.id)
    assert caught.value.status == 404
    with pytest.raises(NotFoundError):
        client.patch_interaction(created.id, PAGE_PATCH_OPS, created.etag or "")
    with pytest.raises(NotFoundError):
        client.delete_interaction(created.id, created.etag or "")


def test_ids_are_sent_as_one_path_segment(client: PolisClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.get_interaction("../../v1/statuses")
    assert "%2F" in caught.value.message


def test_page_get_many_example_filters_on_campaign(client: PolisClient) -> None:
    mine = [client.create_interaction(visit(timestamp=knock_time(n))).id for n in range(3)]
    other = client.create_interaction(visit(campaignId="11111111-2222-3333-4444-555555555555"))
    found = client.find_interactions({"/data/campaignId": PAGE_CAMPAIGN_ID})
    assert sorted(i.id for i in found) == sorted(mine)
    assert other.id not in {i.id for i in found}
    assert all(i.etag for i in found)


def test_paging_walks_every_page_in_order(client: PolisClient) -> None:
    ids = {client.create_interaction(visit(timestamp=knock_time(n))).id for n in range(7)}
    for page_size in (1, 3, 7, 100):
        found = client.find_interactions(
            {"/data/campaignId": PAGE_CAMPAIGN_ID}, page_size=page_size
        )
        assert [i.id for i in found] == sorted(ids)
    descending = client.find_interactions(sort=("/data/timestamp", "DESC"), page_size=2)
    stamps = [i.data["timestamp"] for i in descending]
    assert stamps == sorted(stamps, reverse=True) and len(stamps) == 7


def test_expression_filter(client: PolisClient) -> None:
    early = client.create_interaction(visit(timestamp=knock_time(1)))
    client.create_interaction(visit(timestamp=knock_time(2), unavailable=False))
    found = client.find_interactions(expression="/data/unavailable eq true")
    assert [i.id for i in found] == [early.id]


def test_bad_find_arguments_are_refused_in_words(client: PolisClient) -> None:
    with pytest.raises(ValueError, match="not both"):
        client.find_interactions({"/data/contactId": "x"}, expression="/id eq nil")
    with pytest.raises(ValueError, match="must start with /"):
        client.find_interactions({"data/contactId": "x"})
    with pytest.raises(ValueError, match="ASC or DESC"):
        client.find_interactions(sort=("id", "UP"))
    with pytest.raises(ValueError, match="page_size"):
        client.find_interactions(page_size=0)


def test_find_by_natural_key_finds_a_create_again(client: PolisClient) -> None:
    wanted = client.create_interaction(visit(timestamp="2018-07-17T18:40:53.500Z"))
    client.create_interaction(visit(timestamp="2018-07-17T18:40:54.500Z"))
    client.create_interaction(visit(timestamp="2018-07-17T18:40:53.500Z", campaignId="c-other"))
    contact, campaign = PAGE_POST_BODY["contactId"], PAGE_CAMPAIGN_ID
    found = client.find_by_natural_key(contact, "2018-07-17T18:40:53.500Z", campaign)
    assert [i.id for i in found] == [wanted.id]
    # The same instant written with other precision is the same knock.
    assert [
        i.id for i in client.find_by_natural_key(contact, "2018-07-17T18:40:53.5Z", campaign)
    ] == [wanted.id]
    assert client.find_by_natural_key(contact, "2018-07-17T18:40:55.500Z", campaign) == []
    with pytest.raises(ValueError, match="timestamp is empty"):
        client.find_by_natural_key(contact, "", campaign)
