"""Alerting core: subscription queries, matching, pacing and delivery sinks. No Faust in here.

The alert consumer (``streams.agents.alerts``) wires these together::

    subs = SubscriptionSet(default_subscriptions_path(settings))   # reload_if_changed() on a timer
    gate, dispatcher = DeliveryGate(), Dispatcher(settings)
    for sub, why in subs.match(statement):                          # statement: a statement.v1 dict
        alert = why.alert(sub.id, statement)                        # alert.v1, written to the alerts topic
        for ready in gate.submit(sub.id, alert, sub.pacing):        # rate limit / digest window
            for sink, result in await dispatcher.deliver(sub, ready):   # never raises on failure
                if not result.delivered: send dead_letter(ready, result) to the dead-letter topic
    # and on a timer: gate.due() → dispatcher.deliver(subs.get(alert["subscription_id"]), alert)

The worker itself does not await deliveries like this: ``delivery.Deliveries`` runs the gate and a
lane per target, so one slow target holds up no other, and acknowledges each alert event once done.
"""
from __future__ import annotations

from .limits import DeliveryGate, Pacing, RateLimiter, TokenBucket, merge_digest
from .match import PreparedStatement, QueryIndex, Why, explain, match, prepare
from .preview import article_statements, file_statements, format_preview, preview
from .query import Query, QueryError, compile_query
from .sinks import (
    ConsoleSink,
    DeliveryResult,
    Dispatcher,
    FileSink,
    Sink,
    WebhookSink,
    build_sinks,
    dead_letter,
    format_alert,
    sign,
    verify_signature,
)
from .subscriptions import (
    ReloadResult,
    Subscription,
    SubscriptionError,
    SubscriptionSet,
    add_subscription,
    default_subscriptions_path,
    demo_subscriptions_path,
    load_subscriptions,
    parse_subscriptions,
    remove_subscription,
    set_enabled,
)

__all__ = [
    "ConsoleSink",
    "DeliveryGate",
    "DeliveryResult",
    "Dispatcher",
    "FileSink",
    "Pacing",
    "PreparedStatement",
    "Query",
    "QueryError",
    "QueryIndex",
    "RateLimiter",
    "ReloadResult",
    "Sink",
    "Subscription",
    "SubscriptionError",
    "SubscriptionSet",
    "TokenBucket",
    "WebhookSink",
    "Why",
    "add_subscription",
    "article_statements",
    "build_sinks",
    "compile_query",
    "dead_letter",
    "default_subscriptions_path",
    "demo_subscriptions_path",
    "explain",
    "file_statements",
    "format_alert",
    "format_preview",
    "load_subscriptions",
    "match",
    "merge_digest",
    "parse_subscriptions",
    "prepare",
    "preview",
    "remove_subscription",
    "set_enabled",
    "sign",
    "verify_signature",
]
