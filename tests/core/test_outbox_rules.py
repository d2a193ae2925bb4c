"""The one table of outbox state rules (core.outbox.STATE_RULES), rule by rule."""

from __future__ import annotations

import pytest

from canvass_app.core.outbox import (
    ATTENTION_STATES,
    BACKOFF_RESETTABLE_STATES,
    ELIGIBLE_STATES,
    FOLDABLE_STATES,
    REQUEUEABLE_STATES,
    STATE_RULES,
    UNSENT_STATES,
    VOIDABLE_STATES,
    OutboxRuleError,
    OutboxState,
    SyncCounts,
    requeue_refused,
    rule_of,
    states_where,
)

S = OutboxState


def test_every_state_has_exactly_one_rule() -> None:
    assert set(STATE_RULES) == set(OutboxState)
    with pytest.raises(TypeError):
        STATE_RULES[S.SENT] = STATE_RULES[S.QUEUED]  # type: ignore[index]


def test_only_sent_is_finished() -> None:
    assert UNSENT_STATES == set(OutboxState) - {S.SENT}
    counts = SyncCounts(
        counts={s: 1 for s in OutboxState}, oldest_unsent_age_s=None, last_sync_at=None
    )
    assert counts.unsent == len(OutboxState) - 1


def test_the_engine_sends_queued_waiting_and_unknown_ops_by_itself() -> None:
    assert ELIGIBLE_STATES == {S.QUEUED, S.RETRY_WAIT, S.UNKNOWN}
    assert not rule_of("sending").sendable  # already leased: one sender
    assert not rule_of("rejected").sendable and not rule_of("needs_attention").sendable


def test_a_person_may_requeue_only_what_needs_them_or_waits_for_a_retry() -> None:
    assert REQUEUEABLE_STATES == {S.REJECTED, S.NEEDS_ATTENTION, S.RETRY_WAIT}
    # An unknown op may be on the server: a requeue would resend it blindly.
    assert not rule_of(S.UNKNOWN).requeueable


def test_only_ops_certainly_not_on_the_server_fold_or_void_locally() -> None:
    assert FOLDABLE_STATES == {S.QUEUED, S.RETRY_WAIT, S.REJECTED}
    assert VOIDABLE_STATES == FOLDABLE_STATES
    for maybe_sent in (S.SENDING, S.UNKNOWN, S.SENT):
        assert not rule_of(maybe_sent).foldable and not rule_of(maybe_sent).voidable


def test_attention_states_wait_for_a_person() -> None:
    assert ATTENTION_STATES == {S.REJECTED, S.NEEDS_ATTENTION}
    assert ATTENTION_STATES <= REQUEUEABLE_STATES


def test_sync_now_resets_the_backoff_of_queued_and_retry_wait_only() -> None:
    # An unknown op keeps its wait: a first request still in flight must land first.
    assert BACKOFF_RESETTABLE_STATES == {S.QUEUED, S.RETRY_WAIT}


def test_states_where_reads_the_table() -> None:
    assert states_where(lambda rule: rule.needs_person) == ATTENTION_STATES
    assert states_where(lambda rule: False) == frozenset()


@pytest.mark.parametrize("state", sorted(set(OutboxState) - REQUEUEABLE_STATES))
def test_a_refused_requeue_says_why_in_words(state: OutboxState) -> None:
    error = requeue_refused(state)
    assert isinstance(error, OutboxRuleError)
    assert (error.action, error.state) == ("requeue", state)
    text = str(error.message)
    assert text == str(error) and "visit" in text
    assert error.message.context == "Outbox"
    assert "unknown" not in text and "409" not in text  # no state names or statuses
