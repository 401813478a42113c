"""``{% extends %}`` as Django's, with the root template's blocks found once per compiled template.

Django's ``ExtendsNode.render`` walks the whole node tree of the root template (base.html: every tag, every branch)
on every render, to collect its ``{% block %}`` nodes, which never change once the template is compiled: 10% of the
statement page's template time (``bench/web/cpu_split.py``). This node collects them once per compiled parent and
otherwise renders exactly as Django's: the same parent lookup (a variable parent included), the same block
context and order, the same parser state. Installed as a template builtin (``TEMPLATES[...]["OPTIONS"]
["builtins"]``), so templates keep writing ``{% extends "base.html" %}``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import TextNode
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode, do_extends

register = template.Library()

_ROOT_BLOCKS = "_root_blocks"  # attribute of a compiled parent Template: its blocks, or None where it extends


def _root_blocks(compiled_parent: Any) -> dict[str, BlockNode] | None:
    """The parent's ``{% block %}`` nodes by name where it is the root (it extends nothing), else None; what
    ``ExtendsNode.render`` computes on every render, computed once per compiled template."""
    try:
        return compiled_parent.__dict__[_ROOT_BLOCKS]
    except KeyError:
        pass
    blocks = None
    for node in compiled_parent.nodelist:
        # The ExtendsNode has to be the first non-text node.
        if not isinstance(node, TextNode):
            if not isinstance(node, ExtendsNode):
                blocks = {n.name: n for n in compiled_parent.nodelist.get_nodes_by_type(BlockNode)}
            break
    compiled_parent.__dict__[_ROOT_BLOCKS] = blocks
    return blocks


class RootBlocksOnceNode(ExtendsNode):
    def render(self, context: Any) -> str:
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        blocks = _root_blocks(compiled_parent)
        if blocks is not None:
            block_context.add_blocks(blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


@register.tag("extends")
def extends(parser: Any, token: Any) -> RootBlocksOnceNode:
    node = do_extends(parser, token)
    node.__class__ = RootBlocksOnceNode  # Django's node, parsed and checked by Django; only render differs
    return node
