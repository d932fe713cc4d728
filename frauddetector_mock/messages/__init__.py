"""Every error text the mock invents, one module per resource family.

AWS's own wording is mostly unpublished, so ours is plain, names the resource, and can be adjusted
in its family's module. Code imports the families it raises errors of, one line each (ruff's
isort keeps ``as`` imports apart): ``common`` under its own name, any other family as
``<family, singular>_messages``::

    from frauddetector_mock.messages import common
    from frauddetector_mock.messages import rules as rule_messages

Nothing here imports a family, so each loads only when code that uses it does.
"""
