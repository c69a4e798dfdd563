"""The vocabulary of normbase: unit kinds (one table), addresses, act ids.

reads: nothing; writes: nothing. Imports nothing else of normbase, so every stage can use it.
"""

from normbase.model.acts import ActId, ActIdError, parse_act_id, resolve_act
from normbase.model.address import Address, AddressError, build, first_part, parse_canonical, parsed, within
from normbase.model.human import human_form, parse_human
from normbase.model.kinds import BY_NAME, BY_NODE, KINDS, NODE_KINDS, UnitKind, ordinal, step_kind

__all__ = [
    "ActId",
    "ActIdError",
    "Address",
    "AddressError",
    "BY_NAME",
    "BY_NODE",
    "KINDS",
    "NODE_KINDS",
    "UnitKind",
    "build",
    "first_part",
    "human_form",
    "ordinal",
    "parse_act_id",
    "parse_canonical",
    "parse_human",
    "parsed",
    "resolve_act",
    "step_kind",
    "within",
]
