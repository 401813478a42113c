"""Notifications: an outbox whose rows carry a channel (SMS, WeChat, ...).

- base.py: what a channel provides (`NotifyChannel`), the gateway interface and its error type;
- one module per channel (sms.py, wechat.py): its `CHANNEL` and, where new, its gateway;
- registry.py: REGISTRY, the one list of channels everything offers and uses.

This package imports nothing at its top, so that the SMS gateways can import base.py without loading the channels.
"""
