"""The interaction envelope and data, checked against the interactions page's examples."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from canvass_app.core.errors import FieldError, ValidationError
from canvass_app.core.interaction import (
    DATA_FIELDS,
    ENVELOPE_FIELDS,
    LOCATION_FIELDS,
    SURVEY_FIELDS,
    data_from_post_body,
    format_timestamp,
    natural_key,
    now_timestamp,
    parse_interaction,
    parse_timestamp,
    post_body,
    require_valid_data,
    validate_data,
)

# --- The JSON examples of polis-api/interactions-v2.md, copied verbatim (tabs and all);
# embedded so the tests do not depend on the shared folder beside the clone.

INTERACTION_OBJECT = """
{
	"id": "7da76f74-7951-423a-be41-85a2551d16e7",
	"data": {
		"survey": {
			"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff",
			"responses": {
				"9826940d-76a8-4700-8c92-5743ce7bb728": {
					"fields": {
						"available": "false"
					},
					"questionId": "9826940d-76a8-4700-8c92-5743ce7bb728"
				},
				"f386f88a-61f1-4f0d-b3d9-ba97e8238444": {
					"fields": {
						"dogliker": "true"
					},
					"questionId": "f386f88a-61f1-4f0d-b3d9-ba97e8238444"
				}
			}
		},
		"distance": 936.2361,
		"location": {
			"lat": 33.43174362182617,
			"lng": -84.18405151367188,
			"confidence": 0
		},
		"contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
		"timestamp": "2018-07-17T18:40:53.526Z",
		"campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
		"successful": true,
		"householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
		"unavailable": true,
		"unavailableReason": "Come Back",
		"contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa"
	},
	"meta": {
		"etag": "47a-h6vIm4ttg8qp/cFMmsY+JtWtBsc",
		"created": "2019-04-22T19:43:06.475Z",
		"modified": "2019-04-22T19:43:06.475Z",
		"resource": "interactions",
		"createdBy": "0651e380-d556-49bd-acdd-2bd813b16430",
		"isDeleted": false,
		"modifiedBy": "0651e380-d556-49bd-acdd-2bd813b16430"
	},
	"customerId": "cfa8df1b-baf1-446b-b06c-3177063faed7",
	"securityGroupId": "e822d07f-5972-4ff2-bc75-dbd68d6d79bf"
}
"""

GET_MANY_RESPONSE = """
{
	"data": [
		{
			"id": "7da76f74-7951-423a-be41-85a2551d16e7",
			"data": {
				"survey": {
					"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff",
					"responses": {
						"9826940d-76a8-4700-8c92-5743ce7bb728": {
							"fields": {
								"available": "false"
							},
							"questionId": "9826940d-76a8-4700-8c92-5743ce7bb728"
						},
						"f386f88a-61f1-4f0d-b3d9-ba97e8238444": {
							"fields": {
								"dogliker": "true"
							},
							"questionId": "f386f88a-61f1-4f0d-b3d9-ba97e8238444"
						}
					}
				},
				"distance": 936.2361,
				"location": {
					"lat": 33.43174362182617,
					"lng": -84.18405151367188,
					"confidence": 0
				},
				"contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
				"timestamp": "2018-07-17T18:40:53.526Z",
				"campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
				"successful": true,
				"householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
				"unavailable": true,
				"unavailableReason": "Come Back",
				"contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa"
			},
			"meta": {
				"etag": "47a-h6vIm4ttg8qp/cFMmsY+JtWtBsc",
				"created": "2019-04-22T19:43:06.475Z",
				"modified": "2019-04-22T19:43:06.475Z",
				"resource": "interactions",
				"createdBy": "0651e380-d556-49bd-acdd-2bd813b16430",
				"isDeleted": false,
				"modifiedBy": "0651e380-d556-49bd-acdd-2bd813b16430"
			},
			"customerId": "cfa8df1b-baf1-446b-b06c-3177063faed7",
			"securityGroupId": "e822d07f-5972-4ff2-bc75-dbd68d6d79bf"
		},
		{
			"id": "2f79b11e-e23c-4305-ba72-32d97311d053",
			"data": {
				"survey": {
					"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff",
					"responses": {
						"9826940d-76a8-4700-8c92-5743ce7bb728": {
							"fields": {
								"available": "true"
							},
							"questionId": "9826940d-76a8-4700-8c92-5743ce7bb728"
						},
						"f386f88a-61f1-4f0d-b3d9-ba97e8238444": {
							"fields": {
								"dogliker": "true"
							},
							"questionId": "f386f88a-61f1-4f0d-b3d9-ba97e8238444"
						}
					}
				},
				"distance": 936.2361,
				"location": {
					"lat": 33.43174362182617,
					"lng": -84.18405151367188,
					"confidence": 0
				},
				"contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
				"timestamp": "2018-07-18T18:40:53.526Z",
				"campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
				"successful": true,
				"householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
				"unavailable": false,
				"unavailableReason": "Come Back",
				"contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa"
			},
			"meta": {
				"etag": "47a-wHD832ZEORk838ByTovnIQVEMrA",
				"created": "2019-04-22T19:45:44.659Z",
				"modified": "2019-04-22T19:45:44.659Z",
				"resource": "interactions",
				"createdBy": "0651e380-d556-49bd-acdd-2bd813b16430",
				"isDeleted": false,
				"modifiedBy": "0651e380-d556-49bd-acdd-2bd813b16430"
			},
			"customerId": "cfa8df1b-baf1-446b-b06c-3177063faed7",
			"securityGroupId": "e822d07f-5972-4ff2-bc75-dbd68d6d79bf"
		}
	],
	"meta": {}
}
"""

GET_ONE_RESPONSE = """
{
	"id": "7da76f74-7951-423a-be41-85a2551d16e7",
	"data": {
		"survey": {
			"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff",
			"responses": {
				"9826940d-76a8-4700-8c92-5743ce7bb728": {
					"fields": {
						"available": "false"
					},
					"questionId": "9826940d-76a8-4700-8c92-5743ce7bb728"
				},
				"f386f88a-61f1-4f0d-b3d9-ba97e8238444": {
					"fields": {
						"dogliker": "true"
					},
					"questionId": "f386f88a-61f1-4f0d-b3d9-ba97e8238444"
				}
			}
		},
		"distance": 936.2361,
		"location": {
			"lat": 33.43174362182617,
			"lng": -84.18405151367188,
			"confidence": 0
		},
		"contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
		"timestamp": "2018-07-17T18:40:53.526Z",
		"campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
		"successful": true,
		"householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
		"unavailable": true,
		"unavailableReason": "Come Back",
		"contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa"
	},
	"meta": {
		"etag": "47a-h6vIm4ttg8qp/cFMmsY+JtWtBsc",
		"created": "2019-04-22T19:43:06.475Z",
		"modified": "2019-04-22T19:43:06.475Z",
		"resource": "interactions",
		"createdBy": "0651e380-d556-49bd-acdd-2bd813b16430",
		"isDeleted": false,
		"modifiedBy": "0651e380-d556-49bd-acdd-2bd813b16430"
	},
	"customerId": "cfa8df1b-baf1-446b-b06c-3177063faed7",
	"securityGroupId": "e822d07f-5972-4ff2-bc75-dbd68d6d79bf"
}
"""

POST_RESPONSE = """
{
	"id": "7da76f74-7951-423a-be41-85a2551d16e7",
	"data": {
		"survey": {
			"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff",
			"responses": {
				"9826940d-76a8-4700-8c92-5743ce7bb728": {
					"fields": {
						"available": "false"
					},
					"questionId": "9826940d-76a8-4700-8c92-5743ce7bb728"
				},
				"f386f88a-61f1-4f0d-b3d9-ba97e8238444": {
					"fields": {
						"dogliker": "true"
					},
					"questionId": "f386f88a-61f1-4f0d-b3d9-ba97e8238444"
				}
			}
		},
		"distance": 936.2361,
		"location": {
			"lat": 33.43174362182617,
			"lng": -84.18405151367188,
			"confidence": 0
		},
		"contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
		"timestamp": "2018-07-17T18:40:53.526Z",
		"campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
		"successful": true,
		"householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
		"unavailable": true,
		"unavailableReason": "Come Back",
		"contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa"
	},
	"meta": {
		"etag": "47a-h6vIm4ttg8qp/cFMmsY+JtWtBsc",
		"created": "2019-04-22T19:43:06.475Z",
		"modified": "2019-04-22T19:43:06.475Z",
		"resource": "interactions",
		"createdBy": "0651e380-d556-49bd-acdd-2bd813b16430",
		"isDeleted": false,
		"modifiedBy": "0651e380-d556-49bd-acdd-2bd813b16430"
	},
	"customerId": "cfa8df1b-baf1-446b-b06c-3177063faed7",
	"securityGroupId": "e822d07f-5972-4ff2-bc75-dbd68d6d79bf"
}
"""

PATCH_RESPONSE = """
{
	"id": "7da76f74-7951-423a-be41-85a2551d16e7",
	"data": {
		"survey": {
			"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff",
			"responses": {
				"9826940d-76a8-4700-8c92-5743ce7bb728": {
					"fields": {
						"available": "false"
					},
					"questionId": "9826940d-76a8-4700-8c92-5743ce7bb728"
				},
				"f386f88a-61f1-4f0d-b3d9-ba97e8238444": {
					"fields": {
						"dogliker": "true"
					},
					"questionId": "f386f88a-61f1-4f0d-b3d9-ba97e8238444"
				}
			}
		},
		"distance": 936.2361,
		"location": {
			"lat": 33.43174362182617,
			"lng": -84.18405151367188,
			"confidence": 0
		},
		"contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
		"timestamp": "2018-07-17T18:40:53.526Z",
		"campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
		"successful": false,
		"householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
		"unavailable": false,
		"unavailableReason": "Come Back",
		"contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa"
	},
	"meta": {
		"etag": "47a-h6vIm4ttg8qp/cFMmsY+JtWtBsc",
		"created": "2019-04-22T19:43:06.475Z",
		"modified": "2019-04-22T19:43:06.475Z",
		"resource": "interactions",
		"createdBy": "0651e380-d556-49bd-acdd-2bd813b16430",
		"isDeleted": false,
		"modifiedBy": "0651e380-d556-49bd-acdd-2bd813b16430"
	},
	"customerId": "cfa8df1b-baf1-446b-b06c-3177063faed7",
	"securityGroupId": "e822d07f-5972-4ff2-bc75-dbd68d6d79bf"
}
"""

POST_REQUEST_BODY = """
{
	"campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
	"contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
	"householdId": "c15e3515-aabf-42da-8d1b-31679f738eae",
	"contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa",
	"timestamp": "2018-07-17T18:40:53.526Z",
	"unavailable": true,
	"unavailableReason": "Come Back",
	"successful": false,
	"survey": {
		"responses": {
			"9826940d-76a8-4700-8c92-5743ce7bb728": {
				"fields": {
					"available": "false"
				},
				"questionId": "9826940d-76a8-4700-8c92-5743ce7bb728"
			},
			"f386f88a-61f1-4f0d-b3d9-ba97e8238444": {
				"fields": {
					"dogliker": "true"
				},
				"questionId": "f386f88a-61f1-4f0d-b3d9-ba97e8238444"
			}
		},
		"surveyId": "375d437b-3b47-4940-b43d-be8daec4afff"
	},
	"location": {
		"lat": 33.43174362182617,
		"lng": -84.18405151367188,
		"confidence": 0
	}
}
"""

PATCH_REQUEST_BODY = """
{
	"data": [
		{
			"op": "replace",
			"path": "/data/successful",
			"value": false
		},
		{
			"op": "replace",
			"path": "/data/unavailable",
			"value": false
		}
	]
}
"""

DOCUMENT_EXAMPLES = {
    "INTERACTION_OBJECT": INTERACTION_OBJECT,
    "GET_ONE_RESPONSE": GET_ONE_RESPONSE,
    "POST_RESPONSE": POST_RESPONSE,
    "PATCH_RESPONSE": PATCH_RESPONSE,
}


def _every_example_document() -> list[tuple[str, Any]]:
    docs = [(name, json.loads(text)) for name, text in DOCUMENT_EXAMPLES.items()]
    for index, doc in enumerate(json.loads(GET_MANY_RESPONSE)["data"]):
        docs.append((f"GET_MANY_RESPONSE[{index}]", doc))
    return docs


@pytest.mark.parametrize(("name", "doc"), _every_example_document())
def test_every_page_example_round_trips(name: str, doc: dict[str, Any]) -> None:
    original = copy.deepcopy(doc)
    interaction = parse_interaction(doc)
    assert interaction.to_document() == original
    assert json.dumps(interaction.to_document(), sort_keys=True) == json.dumps(
        original, sort_keys=True
    )
    assert doc == original, "parsing must not change its input"


def test_parsed_fields_and_etag() -> None:
    interaction = parse_interaction(json.loads(PATCH_RESPONSE))
    assert interaction.id == "7da76f74-7951-423a-be41-85a2551d16e7"
    assert interaction.customer_id == "cfa8df1b-baf1-446b-b06c-3177063faed7"
    assert interaction.security_group_id == "e822d07f-5972-4ff2-bc75-dbd68d6d79bf"
    assert interaction.etag == "47a-h6vIm4ttg8qp/cFMmsY+JtWtBsc"
    assert interaction.data["successful"] is False
    assert interaction.is_deleted is False


def test_unknown_keys_are_kept_in_data_and_envelope() -> None:
    doc = json.loads(DOCUMENT_EXAMPLES["GET_ONE_RESPONSE"])
    doc["data"]["turfId"] = "0b7e0000-0000-4000-8000-000000000001"
    doc["params"] = {"note": "side channel"}
    interaction = parse_interaction(doc)
    assert interaction.extra == {"params": {"note": "side channel"}}
    assert interaction.to_document() == doc


def test_document_without_meta_round_trips_without_meta() -> None:
    doc = json.loads(DOCUMENT_EXAMPLES["GET_ONE_RESPONSE"])
    del doc["meta"]
    interaction = parse_interaction(doc)
    assert interaction.etag is None
    assert "meta" not in interaction.to_document()
    assert interaction.to_document() == doc


def test_post_request_example_is_valid_and_post_body_reproduces_it() -> None:
    body = json.loads(POST_REQUEST_BODY)
    data = data_from_post_body(body)
    assert validate_data(data) == []
    assert post_body(data) == body
    # Same fields in the page's order.
    assert list(post_body(data)) == list(body)


def test_a_parsed_interaction_copies_the_document_unless_handed_over() -> None:
    doc = json.loads(DOCUMENT_EXAMPLES["POST_RESPONSE"])
    copied = parse_interaction(doc)
    taken = parse_interaction(doc, copy_values=False)
    doc["data"]["unavailableReason"] = "changed afterwards"
    assert copied.data["unavailableReason"] != "changed afterwards"
    assert taken.data is doc["data"] and taken.to_document() == doc


def test_post_body_from_a_response_document_is_flat_data() -> None:
    doc = json.loads(DOCUMENT_EXAMPLES["POST_RESPONSE"])
    body = post_body(doc["data"])
    assert body == doc["data"]
    assert "data" not in body and "id" not in body


def test_data_from_post_body_accepts_the_wrapped_form() -> None:
    data = json.loads(POST_REQUEST_BODY)
    assert data_from_post_body({"data": data}) == data
    assert data_from_post_body({"data": data, "customerId": "c"}) == data


@pytest.mark.parametrize(
    "body", [[], "text", {"foo": 1}, {"data": "not an object"}, {"data": []}, None]
)
def test_data_from_post_body_rejects_neither_form(body: object) -> None:
    with pytest.raises(ValidationError) as caught:
        data_from_post_body(body)
    assert "data" in str(caught.value) or "object" in str(caught.value)


def test_patch_request_example_paths_are_inside_data() -> None:
    ops = json.loads(PATCH_REQUEST_BODY)["data"]
    assert [op["path"] for op in ops] == ["/data/successful", "/data/unavailable"]


def test_field_tables_match_the_page() -> None:
    assert {name for name, spec in ENVELOPE_FIELDS.items() if spec.required} == {
        "id",
        "securityGroupId",
        "customerId",
        "data",
    }
    assert {name for name, spec in DATA_FIELDS.items() if spec.required} == {
        "campaignId",
        "contactId",
        "householdId",
        "contactHouseholdId",
        "timestamp",
        "survey",
        "unavailable",
    }
    assert set(DATA_FIELDS) >= {
        "location",
        "successful",
        "unavailableReason",
        "distance",
        "statusId",
        "walklistId",
    }
    assert SURVEY_FIELDS["surveyId"].required and not SURVEY_FIELDS["responses"].required
    assert not any(spec.required for spec in LOCATION_FIELDS.values())
    assert all(spec.description for spec in DATA_FIELDS.values())


def _valid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(POST_REQUEST_BODY)
    return data


def _fields(errors: list[FieldError]) -> set[str]:
    return {error.field for error in errors}


def test_every_missing_required_field_is_named() -> None:
    with pytest.raises(ValidationError) as caught:
        require_valid_data({"survey": {}})
    fields = set(caught.value.fields)
    assert {
        "/data/campaignId",
        "/data/contactId",
        "/data/householdId",
        "/data/contactHouseholdId",
        "/data/timestamp",
        "/data/unavailable",
        "/data/survey/surveyId",
    } <= fields
    assert "/data/campaignId: is required but missing" in str(caught.value)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("contactId",), 12, "/data/contactId"),
        (("unavailable",), "true", "/data/unavailable"),
        (("unavailable",), 1, "/data/unavailable"),
        (("successful",), 0, "/data/successful"),
        (("timestamp",), "2018-07-17 18:40:53", "/data/timestamp"),
        (("timestamp",), "2018-07-17T18:40:53.526+02:00", "/data/timestamp"),
        (("timestamp",), "2018-02-30T18:40:53.526Z", "/data/timestamp"),
        (("distance",), -1, "/data/distance"),
        (("distance",), True, "/data/distance"),
        (("distance",), "12", "/data/distance"),
        (("location", "lat"), 91, "/data/location/lat"),
        (("location", "lng"), -180.5, "/data/location/lng"),
        (("location", "lat"), True, "/data/location/lat"),
        (("location", "lat"), float("nan"), "/data/location/lat"),
        (("location",), [1, 2], "/data/location"),
        (("survey", "responses"), [], "/data/survey/responses"),
        (("survey", "surveyId"), None, "/data/survey/surveyId"),
    ],
)
def test_wrong_values_are_named(path: tuple[str, ...], value: object, field: str) -> None:
    data = _valid()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    errors = validate_data(data)
    assert field in _fields(errors), errors
    with pytest.raises(ValidationError):
        require_valid_data(data)


def test_response_question_id_must_match_its_key() -> None:
    data = _valid()
    key = "9826940d-76a8-4700-8c92-5743ce7bb728"
    data["survey"]["responses"][key]["questionId"] = "something-else"
    errors = validate_data(data)
    assert errors[0].field == f"/data/survey/responses/{key}/questionId"
    assert key in errors[0].message


def test_response_fields_must_be_an_object() -> None:
    data = _valid()
    key = "f386f88a-61f1-4f0d-b3d9-ba97e8238444"
    data["survey"]["responses"][key]["fields"] = ["true"]
    assert f"/data/survey/responses/{key}/fields" in _fields(validate_data(data))
    del data["survey"]["responses"][key]["fields"]
    assert f"/data/survey/responses/{key}/fields" in _fields(validate_data(data))


def test_unknown_extra_keys_are_allowed_and_kept() -> None:
    data = _valid()
    data["turfId"] = "t-1"
    assert require_valid_data(data)["turfId"] == "t-1"
    assert post_body(data)["turfId"] == "t-1"


def test_optional_fields_may_be_absent() -> None:
    data = _valid()
    for name in ("location", "successful", "unavailableReason"):
        del data[name]
    del data["survey"]["responses"]
    assert validate_data(data) == []


def test_not_an_object() -> None:
    errors = validate_data(["x"])
    assert errors and "object" in errors[0].message


def test_format_timestamp_utc_milliseconds() -> None:
    dt = datetime(2018, 7, 17, 18, 40, 53, 526999, tzinfo=UTC)
    assert format_timestamp(dt) == "2018-07-17T18:40:53.526Z"
    eastern = timezone(timedelta(hours=-4))
    local = datetime(2018, 7, 17, 14, 40, 53, 526000, tzinfo=eastern)
    assert format_timestamp(local) == "2018-07-17T18:40:53.526Z"
    assert format_timestamp(datetime(2018, 7, 17, tzinfo=UTC)) == "2018-07-17T00:00:00.000Z"


def test_format_timestamp_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        format_timestamp(datetime(2018, 7, 17))


def test_parse_timestamp() -> None:
    parsed = parse_timestamp("2018-07-17T18:40:53.526Z")
    assert parsed == datetime(2018, 7, 17, 18, 40, 53, 526000, tzinfo=UTC)
    assert parsed.tzinfo is UTC
    assert parse_timestamp("2018-07-17T18:40:53Z").microsecond == 0
    assert parse_timestamp("2018-07-17T18:40:53.5Z").microsecond == 500000


@pytest.mark.parametrize(
    "bad", ["", "yesterday", "2018-07-17", "2018-13-01T00:00:00.000Z", 5, None]
)
def test_parse_timestamp_bad_input_says_what_is_wrong(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_timestamp(bad)
    assert "timestamp" in str(caught.value)
    assert "2018-07-17T18:40:53.526Z" in str(caught.value) or "real date" in str(caught.value)


def test_now_timestamp_round_trips() -> None:
    text = now_timestamp()
    assert text.endswith("Z") and len(text) == len("2018-07-17T18:40:53.526Z")
    assert format_timestamp(parse_timestamp(text)) == text


def test_natural_key() -> None:
    data = _valid()
    assert natural_key(data) == (
        "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6",
        "2018-07-17T18:40:53.526Z",
        "61fbfbaa-5de8-4d17-ac2b-c47f2376265a",
    )
    del data["timestamp"]
    with pytest.raises(ValidationError, match="timestamp"):
        natural_key(data)


def test_parse_interaction_names_bad_envelope_fields() -> None:
    doc = json.loads(DOCUMENT_EXAMPLES["GET_ONE_RESPONSE"])
    del doc["customerId"]
    doc["id"] = 7
    doc["data"]["unavailable"] = "yes"
    with pytest.raises(ValidationError) as caught:
        parse_interaction(doc)
    assert {"/customerId", "/id", "/data/unavailable"} <= set(caught.value.fields)
    with pytest.raises(ValidationError, match="JSON object"):
        parse_interaction("nope")


def test_parse_interaction_can_skip_data_checks() -> None:
    doc = json.loads(DOCUMENT_EXAMPLES["GET_ONE_RESPONSE"])
    doc["data"]["unavailable"] = "yes"
    assert parse_interaction(doc, check_data=False).to_document() == doc


def test_validation_error_message_joins_field_and_message() -> None:
    error = ValidationError([FieldError("/data/a", "is wrong"), FieldError("/data/b", "too")])
    assert str(error) == "/data/a: is wrong; /data/b: too"
    assert ValidationError(FieldError("/x", "bad")).errors == [FieldError("/x", "bad")]
