"""Statement channels (对账渠道): how a balance statement reaches the client and when its answer window starts.

One module per channel (its ``CHANNEL``, see base.StatementChannel) and one row in registry.REGISTRY. README: "How to
add a statement channel".
"""
