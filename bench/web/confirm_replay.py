"""The replay of ``confirm_ceiling``: the confirm's captured SQL turned into a pgbench script (``template``), the
same without the audit chain's head (``without_chain``), the check that a template sends the captured SQL
(``instantiate``) and the script's text (``render``). Pure text work, no database."""

from __future__ import annotations

import re

# The replay is derived from the application's own SQL (see ``template``): one steady-state confirm captured through
# the test client, its varying values turned into pgbench variables: :id (this transaction's statement),
# :conf_id (RETURNING of the confirmation INSERT), :shard (the audit chain of this client), :head_last_seq /
# :head_last_hash (that chain's head), :s1 / :s2 and the two events' hashes. ("sql", text, gset prefix or None)
# or ("meta", pgbench command).
HEX = "9d320da7c822a411082c237aa0bed7bb8b18b803"  # 40 characters: "<shard>-<int64>-" + this is at most 64
SHARDS = 16
MARK_SEQ = 777_000_000  # the captured chain's head is moved here first, so its numbers are unmistakable
MARK_CONF = 888_000_001  # and the confirmation's id sequence restarts here
MARK_HASH = "c" * 64


def _hash_expr(var: str) -> str:
    return f":shard-:{var}-{HEX}"


def template(sqls: list[str], ctx: dict) -> list[tuple]:
    """The captured steady-state confirm (``sqls``) with its varying values replaced by pgbench variables.
    ``ctx``: the statement id, confirmation id, chain (shard), the head before, the two events' hashes."""
    sid, conf, shard = str(ctx["statement_id"]), str(ctx["confirmation_id"]), str(ctx["shard"])
    h1, h2 = ctx["hashes"]
    not_b64 = r"(?<![\w/+=]){}(?![\w/+=])"
    items: list[tuple] = [
        ("meta", r"\set n :n + 1"),
        ("meta", r"\set id :lo + :client_id + :n * :nclients"),
        ("meta", rf"\set shard 1 + :client_id % {SHARDS}"),
    ]
    for sql in sqls:
        t = sql.replace(h1, _hash_expr("h1")).replace(h2, _hash_expr("h2")).replace(ctx["head_hash"], ":head_last_hash")
        t = re.sub(not_b64.format(MARK_SEQ + 2), ":s2", t)
        t = re.sub(not_b64.format(MARK_SEQ + 1), ":s1", t)
        t = re.sub(not_b64.format(MARK_SEQ), ":head_last_seq", t)
        t = re.sub(not_b64.format(conf), ":conf_id", t)
        t = re.sub(not_b64.format(sid), ":id", t)
        t = t.replace(f'"reconcile_auditchainhead"."id" = {shard}', '"reconcile_auditchainhead"."id" = :shard')
        # the events' chain column (cast to smallint[]; the actor column beside it is bigint[] and may hold the same
        # small number)
        t = t.replace(
            f"UNNEST(('{{{shard},{shard}}}'::int2[])::smallint[]", "UNNEST(('{:shard,:shard}'::int2[])::smallint[]"
        )
        gset = None
        if t.startswith('INSERT INTO "statements_confirmation"') and "RETURNING" in t:
            gset = "conf_"
        elif t.startswith('SELECT "reconcile_auditchainhead"') and t.endswith("FOR UPDATE"):
            gset = "head_"
            items.append(("sql", t, gset))
            items += [
                ("meta", r"\set s1 :head_last_seq + 1"),
                ("meta", r"\set s2 :s1 + 1"),
                ("meta", r"\set h1 hash(:s1)"),
                ("meta", r"\set h2 hash(:s2)"),
            ]
            continue
        items.append(("sql", t, gset))
    return items


def without_chain(items: list[tuple]) -> list[tuple]:
    """The same confirm without the chain head's lock and update: the sequence numbers come from the client."""
    out: list[tuple] = []
    for item in items:
        if item[0] == "sql" and item[1].startswith(
            ('SELECT "reconcile_auditchainhead"', 'UPDATE "reconcile_auditchainhead"')
        ):
            if item[2] == "head_":
                out.append(("meta", r"\set head_last_seq :seqbase + 2 * (:n * :nclients + :client_id)"))
                out += [
                    ("meta", r"\set s1 :head_last_seq + 1"),
                    ("meta", r"\set s2 :s1 + 1"),
                    ("meta", r"\set h1 hash(:s1)"),
                    ("meta", r"\set h2 hash(:s2)"),
                ]
            continue
        if item[0] == "meta" and item[1].startswith((r"\set s1", r"\set s2", r"\set h1", r"\set h2")):
            continue
        out.append((item[0], item[1].replace(":head_last_hash", "0" * 64), item[2]) if item[0] == "sql" else item)
    return out


def instantiate(items: list[tuple], values: dict) -> list[str]:
    """The SQL a template sends with ``values`` for its variables (the check that it reproduces the capture)."""
    names = sorted(values, key=len, reverse=True)
    pattern = re.compile(r"(?<!:):(" + "|".join(map(re.escape, names)) + r")\b")
    return [pattern.sub(lambda m: str(values[m.group(1)]), i[1]) for i in items if i[0] == "sql"]


def render(items: list[tuple], prepared: bool = False) -> str:
    """The pgbench script; ``prepared``: for ``-M prepared``, where a variable inside a quoted literal would become a
    parameter marker inside a string (``'{$1,$2}'``), such literals are written as expressions first."""
    out = []
    for item in items:
        if item[0] == "meta":
            out.append(item[1])
        else:
            sql = _LITERAL.sub(_literal_expression, item[1]) if prepared else item[1]
            out.append(sql + (f" \\gset {item[2]}" if item[2] else ";"))
    return "\n".join(out) + "\n"


# A quoted literal (plain or E'...') and the pgbench variables in a text.
_LITERAL = re.compile(r"(E?)'((?:[^']|'')*)'")
_VARIABLE = re.compile(r"(?<!:):([A-Za-z_][A-Za-z0-9_]*)")


def _concat(text: str) -> str:
    """SQL text expression for ``text`` whose ``:name`` parts are pgbench variables."""
    parts, at = [], 0
    for m in _VARIABLE.finditer(text):
        if m.start() > at:
            parts.append("'" + text[at : m.start()].replace("'", "''") + "'")
        parts.append(f"(:{m.group(1)})::text")
        at = m.end()
    if at < len(text) or not parts:
        parts.append("'" + text[at:].replace("'", "''") + "'")
    return "(" + " || ".join(parts) + ")"


def _array_elements(body: str) -> list[str | None]:
    """The elements of a one-dimensional array literal's inside (between the braces); None for NULL."""
    out: list[str | None] = []
    k = 0
    while k < len(body):
        if body[k] == '"':
            k += 1
            chars = []
            while body[k] != '"':
                if body[k] == "\\":
                    k += 1
                chars.append(body[k])
                k += 1
            out.append("".join(chars))
            k += 1
        else:
            end = body.find(",", k)
            end = len(body) if end < 0 else end
            raw = body[k:end].strip()
            out.append(None if raw.upper() == "NULL" else raw)
            k = end
        k += 1  # the comma
    return out


def _literal_expression(m: re.Match) -> str:
    escaped, text = m.group(1), m.group(2).replace("''", "'")
    if not _VARIABLE.search(text):
        return m.group(0)
    if escaped:  # E'...': backslash escapes of the string itself
        text = re.sub(r"\\(.)", r"\1", text)
    if text.startswith("{") and text.endswith("}"):
        elements = _array_elements(text[1:-1])
        return "ARRAY[" + ", ".join("NULL::text" if e is None else _concat(e) for e in elements) + "]"
    return _concat(text)
