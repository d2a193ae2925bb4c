"""The contact requests of a person added at the door: against the demo reference server,
and the answers it never gives from a scripted server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from canvass_app.api import NotFoundError, PolisClient, ProtocolError, RejectedError, TransientError
from canvass_app.core.contact import PersonDetails, contact_data

from .scripted_server import Answer, ScriptedServer, Seen, scripted_server


@pytest.fixture
def demo_client(demo_server: Any, make_client: Callable[..., PolisClient]) -> PolisClient:
    return make_client(demo_server)


def _household(demo_server: Any) -> str:
    return str(demo_server.state.documents("households")[0]["id"])


def test_create_link_and_find_a_new_person(demo_server: Any, demo_client: PolisClient) -> None:
    household_id = _household(demo_server)
    data = contact_data(PersonDetails("Ana", "Ruiz", language="es"), household_id)
    contact = demo_client.create_contact(data, idempotency_key="lc-1")
    assert contact["data"] == data and contact["meta"]["etag"]
    # the API's match on create answers a resend with the same contact
    assert demo_client.create_contact(data)["id"] == contact["id"]
    link = demo_client.link_contact_household(contact["id"], household_id)
    assert link["data"] == {"contactId": contact["id"], "householdId": household_id}
    assert demo_client.link_contact_household(contact["id"], household_id)["id"] == link["id"]
    households = demo_client.contact_households(contact["id"])
    assert [(h["id"], h["params"]["contactHouseholdId"]) for h in households] == [
        (household_id, link["id"])
    ]
    at_home = demo_client.contacts_at_household(household_id)
    assert contact["id"] in {c["id"] for c in at_home}
    assert all(c["data"]["primaryHouseholdId"] == household_id for c in at_home)


def test_a_refused_contact_is_rejected_with_its_fields(demo_client: PolisClient) -> None:
    with pytest.raises(RejectedError) as caught:
        demo_client.create_contact({"profile": {"name": {"anglican": {"given": "Ana"}}}})
    assert caught.value.status == 400
    # a link to a contact or household the server does not hold is a 404
    with pytest.raises(NotFoundError):
        demo_client.link_contact_household("no-such-contact", "no-such-household")


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    yield from scripted_server()


def test_what_goes_on_the_wire(
    scripted: ScriptedServer, make_client: Callable[..., PolisClient]
) -> None:
    client = make_client(scripted)
    document = {"id": "c-1", "data": {"profile": {}}, "meta": {"etag": "e1"}}
    scripted.script = lambda seen: Answer.json(
        document if seen.method == "POST" else {"id": "ch-1", "data": {}}
    )
    client.create_contact({"profile": {}}, idempotency_key="lc-1")
    client.link_contact_household("c 1", "h/1")
    post, put = scripted.seen
    assert (post.method, post.path) == ("POST", "/v2/contacts")
    assert post.json() == {"data": {"profile": {}}}
    assert post.headers["idempotency-key"] == "lc-1"
    assert (put.method, put.path, put.body) == ("PUT", "/v2/contacts/c%201/households/h%2F1", b"")


@pytest.mark.parametrize(
    "answer",
    [
        Answer(200, b"<html>portal</html>", {"Content-Type": "text/html"}),
        Answer.json({"data": {}}),
        Answer.json({"id": "c-1"}),
    ],
)
def test_an_answer_that_is_not_a_document_may_have_been_applied(
    scripted: ScriptedServer, make_client: Callable[..., PolisClient], answer: Answer
) -> None:
    client = make_client(scripted)
    scripted.script = lambda seen: answer
    with pytest.raises(ProtocolError) as caught:
        client.create_contact({"profile": {}})
    assert caught.value.may_have_reached_server
    with pytest.raises(ProtocolError) as linked:
        client.link_contact_household("c-1", "h-1")
    assert linked.value.may_have_reached_server


def test_a_5xx_on_the_link_may_have_been_applied(
    scripted: ScriptedServer, make_client: Callable[..., PolisClient]
) -> None:
    client = make_client(scripted)

    def script(seen: Seen) -> Answer:
        return Answer.json({"name": "InternalServerError", "message": "boom"}, 500)

    scripted.script = script
    with pytest.raises(TransientError) as caught:
        client.link_contact_household("c-1", "h-1")
    assert caught.value.may_have_reached_server
