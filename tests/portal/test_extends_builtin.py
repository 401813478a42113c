"""``{% extends %}`` of portal.templatetags.extends renders what Django's renders: chains of two and three
templates, a block left alone, ``{{ block.super }}``, a variable parent, repeated renders of the same compiled
templates; and it is the project's ``{% extends %}``."""

from __future__ import annotations

from django.template import Context, Engine, engines

from portal.templatetags.extends import RootBlocksOnceNode

TEMPLATES = {
    "root.html": "<t>{% block title %}root{% endblock %}</t>{% if x %}{% block body %}b{{ x }}{% endblock %}{% endif %}"
    "{% for i in items %}{% block item %}{{ i }}{% endblock %}{% endfor %}<f>{% block foot %}foot{% endblock %}</f>",
    "mid.html": "{% extends 'root.html' %}{% block title %}mid {{ block.super }}{% endblock %}"
    "{% block item %}[{{ i }}]{% endblock %}",
    "leaf.html": "{% extends 'mid.html' %}{% block title %}leaf/{{ block.super }}{% endblock %}"
    "{% block body %}B{{ x }} {{ block.super }}{% endblock %}",
    "direct.html": "{% extends 'root.html' %}{% block foot %}{{ block.super }}+{% endblock %}",
    "variable.html": "{% extends parent %}{% block title %}v{% endblock %}",
}


def _engine(**options) -> Engine:
    return Engine(
        loaders=[("django.template.loaders.cached.Loader", [("django.template.loaders.locmem.Loader", TEMPLATES)])],
        **options,
    )


def test_renders_what_djangos_extends_renders():
    ours, django = _engine(builtins=["portal.templatetags.extends"]), _engine()
    contexts = [{"x": 1, "items": [1, 2]}, {"x": 0, "items": []}, {"x": "<b>", "items": ["a"], "parent": "mid.html"}]
    for _ in range(2):  # the second time through the compiled templates and their found blocks
        for name in TEMPLATES:
            for values in contexts:
                if name == "variable.html" and "parent" not in values:
                    continue
                expected = django.get_template(name).render(Context(values))
                assert ours.get_template(name).render(Context(values)) == expected, (name, values)
    assert isinstance(ours.get_template("leaf.html").nodelist[0], RootBlocksOnceNode)


def test_it_is_the_projects_extends():
    template = engines["django"].get_template("portal/statement_detail.html")
    assert isinstance(template.template.nodelist[0], RootBlocksOnceNode)
