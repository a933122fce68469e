"""Compatibility for the pyoai harvester (2.5.0) with this environment, test side only.

- pyoai imports `pkg_resources` (setuptools, not installed here) only to print its own
  version in a server's Identify description, which the client never does.
- pyoai calls `XPathEvaluator.evaluate`, which lxml 6 removed; it was an alias of calling
  the evaluator.
"""

import importlib.util
import sys
import types

from lxml import etree

if importlib.util.find_spec("pkg_resources") is None:
    stand_in = types.ModuleType("pkg_resources")
    stand_in.Requirement = types.SimpleNamespace(parse=lambda name: name)
    stand_in.working_set = types.SimpleNamespace(find=lambda requirement: None)
    sys.modules["pkg_resources"] = stand_in

import oaipmh.client  # noqa: E402
import oaipmh.metadata  # noqa: E402


class _Evaluator:
    def __init__(self, *args, **kwargs):
        self.evaluate = etree.XPathEvaluator(*args, **kwargs)


if not hasattr(etree.XPathElementEvaluator, "evaluate"):
    etree_with_evaluate = types.SimpleNamespace(**{name: getattr(etree, name) for name in dir(etree) if not name.startswith("__")})
    etree_with_evaluate.XPathEvaluator = _Evaluator
    oaipmh.client.etree = etree_with_evaluate
    oaipmh.metadata.etree = etree_with_evaluate
