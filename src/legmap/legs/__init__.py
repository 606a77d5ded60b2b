"""Legs: a story turned into geometry.

Owns the builder registry (``builders.py``: one builder per leg mode, claim
verdicts), the assembly of a story into a
:class:`~legmap.legs.build.BuiltStory` (``build.py``) and the one validation
point of the legs table between builders and renderers (``_validate.py``).

May import: the foundation modules, ``story``, ``places`` and ``rail``.  Never
``render``, ``publish`` or ``cli``.
"""
