"""A store's records as JSON values and back, by the types the code declares (persistence.py).

Each collection of ``Store`` is read by its declared type: the record class of a collection comes
from ``Store``'s annotations, and a record's fields from the record's own, so nothing in the data
ever names a class or a module. Only the types below have a stored form: text, numbers, booleans,
null, lists, tuples, dicts and mappings (a dict with keys other than text is a list of
``[key, value]`` pairs), datetimes (ISO text), bytes (base64), compiled rules (their expression,
recompiled with ``detectorpl.rule.check``, as CreateRule compiles it) and the record dataclasses
of ``_RECORDS``. Anything else in the data, a field too many, a field missing, a value of another
type, is refused with ``BadState``, its place named as ``stores[0].labels['fraud'].name``.

Three fields hold what their declared type does not say, and have their own forms:
``Prediction.rules`` names the detector's rule version it is (predictions share them), or holds a
rule version deleted since; ``Prediction.values`` tags its datetimes; the explanations a learned
model renders for a prediction name the model in the store's ``explainers``, one entry per model.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from frauddetector_mock.detectorpl.errors import RuleError
from frauddetector_mock.detectorpl.rule import CompiledRule, check
from frauddetector_mock.messages import state as messages
from frauddetector_mock.store import learned
from frauddetector_mock.store.batch_jobs import BatchImportJob, BatchPredictionJob
from frauddetector_mock.store.detectors import Detector, DetectorVersion
from frauddetector_mock.store.event_statistics import EventStatistics
from frauddetector_mock.store.event_types import EventType
from frauddetector_mock.store.events import EventDeletion, StoredEvent
from frauddetector_mock.store.external_models import ExternalModel
from frauddetector_mock.store.learned import LearnedModel, PendingExplanations
from frauddetector_mock.store.lists import AllowList
from frauddetector_mock.store.models import Model, ModelVersion
from frauddetector_mock.store.named import EntityType, Label, Outcome
from frauddetector_mock.store.predictions import Prediction
from frauddetector_mock.store.rules import RuleVersion
from frauddetector_mock.store.state import Store
from frauddetector_mock.store.variables import Variable

MAX_DEPTH = 32
"""Nesting of free-form JSON (a training data schema, an EventBridge event) past this is refused:
every later answer that carries it would have to walk it."""

# The parts of a Store that are wiring, not state: identity (kept beside), the clock (the
# backend's), the hooks, the lock, the plans predictions compiled (remade when needed) and the
# changes a database has yet to write.
NOT_STATE = frozenset(
    {
        "account_id",
        "region",
        "clock",
        "hooks",
        "lock",
        "plans",
        "events_changed",
        "collections_read",
    }
)

_RECORDS: tuple[type, ...] = (
    Label,
    Outcome,
    EntityType,
    Variable,
    EventType,
    AllowList,
    Detector,
    DetectorVersion,
    RuleVersion,
    ExternalModel,
    StoredEvent,
    EventStatistics,
    EventDeletion,
    Prediction,
    Model,
    ModelVersion,
    LearnedModel,
    learned.NumericInput,
    learned.CategoryInput,
    learned.EncodedInput,
    learned.EncodedPart,
    learned.Calibration,
    BatchImportJob,
    BatchPredictionJob,
)
# The one union of records: a learned model's inputs, told apart by these words.
_TAGS: dict[type, str] = {
    learned.NumericInput: "numeric",
    learned.CategoryInput: "category",
    learned.EncodedInput: "encoded",
}
_NAMES: dict[str, Any] = {
    **{record.__name__: record for record in _RECORDS},
    "CompiledRule": CompiledRule,
    "Input": learned.Input,
}
_SURROGATE = re.compile("[\ud800-\udfff]")
_RuleKey = tuple[str, str, str]


class BadState(ValueError):
    """What is wrong with a document, and where; persistence raises it again as StateError."""


class Context:
    """What the records of one store share: its rule versions (which predictions name), the
    learned models behind explanations, and rules compiled once per expression.

    A prediction names a rule version of its detector by its key, or holds one deleted since
    whole, and names a learned model by its place in the store's ``explainers``: the forms of
    one document. The database (state_database.py) names both by their rows instead, through
    the four methods below."""

    def __init__(self) -> None:
        self.rules: dict[_RuleKey, RuleVersion] = {}
        self.explainers: list[LearnedModel] = []
        self.explainer_index: dict[int, int] = {}
        self.compiled: dict[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]], Any] = {}

    def rule_ref(self, rule: RuleVersion) -> Any:
        key = (rule.detector_id, rule.rule_id, rule.rule_version)
        if self.rules.get(key) is rule:
            return list(key)
        # Deleted from its detector since: the prediction keeps it whole.
        return codec(RuleVersion).encode(rule, self)

    def rule_from(self, item: Any, where: str) -> RuleVersion:
        if isinstance(item, dict):
            decoded: RuleVersion = codec(RuleVersion).decode(item, where, Context())
            return decoded
        key = _KEY.decode(item, where, self)
        if key not in self.rules:
            raise fail(where, f"the store holds no rule version {list(key)}")
        return self.rules[key]

    def explainer_ref(self, model: LearnedModel) -> int:
        index = self.explainer_index.get(id(model))
        if index is None:
            index = self.explainer_index[id(model)] = len(self.explainers)
            self.explainers.append(model)
        return index

    def explainer_from(self, index: Any, where: str) -> LearnedModel:
        if type(index) is not int or not 0 <= index < len(self.explainers):
            raise fail(where, "names no model of the store's explainers")
        return self.explainers[index]


Encode = Callable[[Any, Context], Any]
Decode = Callable[[Any, str, Context], Any]


@dataclasses.dataclass
class Codec:
    encode: Encode
    decode: Decode


def fail(path: str, problem: str) -> BadState:
    return BadState(messages.state_bad_value(path, problem))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text", bool: "a boolean"}.get(
        type(value), "a number"
    )


# Leaves.


def _text(value: Any, path: str, context: Context) -> str:
    if type(value) is not str:
        raise fail(path, f"expected text, found {_kind(value)}")
    if not value.isascii() and _SURROGATE.search(value):
        raise fail(path, "the text holds an unpaired surrogate")
    return value


def _integer(value: Any, path: str, context: Context) -> int:
    if type(value) is not int:
        raise fail(path, f"expected a whole number, found {_kind(value)}")
    return value


def _number(value: Any, path: str, context: Context) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        raise fail(path, f"expected a finite number, found {_kind(value)}")
    return float(value)


def _boolean(value: Any, path: str, context: Context) -> bool:
    if type(value) is not bool:
        raise fail(path, f"expected a boolean, found {_kind(value)}")
    return value


def _null(value: Any, path: str, context: Context) -> None:
    if value is not None:
        raise fail(path, f"expected null, found {_kind(value)}")


def decode_datetime(value: Any, path: str, context: Context) -> datetime:
    text = _text(value, path, context)
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise fail(path, f"{text[:40]!r} is not an ISO 8601 instant") from None
    if instant.tzinfo is None:
        raise fail(path, f"{text[:40]!r} has no time zone")
    return instant


def _bytes(value: Any, path: str, context: Context) -> bytes:
    try:
        return base64.b64decode(_text(value, path, context), validate=True)
    except binascii.Error:
        raise fail(path, "expected base64 text") from None


def _same(value: Any, context: Context) -> Any:
    return value


def plain(value: Any, path: str, context: Context | None = None, depth: int = 0) -> Any:
    """Free-form JSON (request shapes kept as sent), copied and checked: text keys, finite
    numbers, no deeper than MAX_DEPTH."""
    if depth > MAX_DEPTH:
        raise fail(path, f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        copied = {}
        for key, item in value.items():
            where = f"{path}[{key!r}]"
            copied[_text(key, where, Context())] = plain(item, where, context, depth + 1)
        return copied
    if isinstance(value, list):
        return [plain(item, f"{path}[{at}]", context, depth + 1) for at, item in enumerate(value)]
    if isinstance(value, str):
        return _text(value, path, Context())
    if isinstance(value, float) and not math.isfinite(value):
        raise fail(path, "expected a finite number")
    if value is None or isinstance(value, (bool, int, float)):
        return value
    raise fail(path, f"{type(value).__name__} has no stored form")


def _encode_plain(value: Any, context: Context) -> Any:
    # A copy: the JSON text is written once the store's lock is released.
    return plain(value, "")


# Containers and records.

_MADE: dict[Any, Codec] = {}


def codec(declared: Any) -> Codec:
    """The stored form of values of the ``declared`` type; TypeError for a type with none."""
    found = _MADE.get(declared)
    if found is None:
        found = _MADE[declared] = _make(declared)
    return found


def _make(declared: Any) -> Codec:
    leaves: dict[Any, Decode] = {
        str: _text,
        int: _integer,
        float: _number,
        bool: _boolean,
        NoneType: _null,
        Any: lambda value, path, context: plain(value, path),
    }
    if declared is None:  # dict[str, None]: an ordered set
        declared = NoneType
    if declared in leaves:
        return Codec(_encode_plain if declared is Any else _same, leaves[declared])
    if declared is datetime:
        return Codec(lambda value, context: value.isoformat(), decode_datetime)
    if declared is bytes:
        return Codec(lambda value, context: base64.b64encode(value).decode(), _bytes)
    if declared is CompiledRule:
        return Codec(_encode_rule, _decode_rule)
    if declared in _RECORDS:
        return _record(declared)
    origin, args = get_origin(declared), get_args(declared)
    if origin in (Union, UnionType):
        return _union(args)
    if origin is list:
        return _sequence(codec(args[0]), list)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence(codec(args[0]), tuple)
        return _fixed(tuple(codec(arg) for arg in args))
    if origin in (dict, Mapping):
        return _mapping(codec(args[0]), codec(args[1]), args[0] is str)
    raise TypeError(f"{declared!r} has no stored form")


def _union(args: tuple[Any, ...]) -> Codec:
    others = [arg for arg in args if arg is not NoneType]
    if len(others) == 1:
        inner = codec(others[0])

        def decode(value: Any, path: str, context: Context) -> Any:
            return None if value is None else inner.decode(value, path, context)

        return Codec(
            lambda value, context: None if value is None else inner.encode(value, context), decode
        )
    if all(arg in _TAGS for arg in others) and len(others) == len(args):
        return _tagged(
            {_TAGS[arg]: codec(arg) for arg in others}, {arg: _TAGS[arg] for arg in others}
        )
    raise TypeError(f"the union of {args!r} has no stored form")


def _tagged(by_tag: dict[str, Codec], tag_of: dict[Any, str]) -> Codec:
    def encode(value: Any, context: Context) -> Any:
        tag = tag_of[type(value)]
        return {tag: by_tag[tag].encode(value, context)}

    def decode(value: Any, path: str, context: Context) -> Any:
        if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in by_tag:
            raise fail(path, f"expected an object of one key among {', '.join(by_tag)}")
        ((tag, inner),) = value.items()
        return by_tag[tag].decode(inner, f"{path}[{tag!r}]", context)

    return Codec(encode, decode)


def _sequence(item: Codec, kind: type) -> Codec:
    def decode(value: Any, path: str, context: Context) -> Any:
        if not isinstance(value, list):
            raise fail(path, f"expected a list, found {_kind(value)}")
        decode_item = item.decode
        try:
            # Every item at the list's path: a place is worded only for a message (below).
            return kind([decode_item(each, path, context) for each in value])
        except BadState:
            return kind(
                [decode_item(each, f"{path}[{at}]", context) for at, each in enumerate(value)]
            )

    return Codec(lambda value, context: [item.encode(each, context) for each in value], decode)


def _fixed(items: tuple[Codec, ...]) -> Codec:
    def decode(value: Any, path: str, context: Context) -> Any:
        if not isinstance(value, list) or len(value) != len(items):
            raise fail(path, f"expected a list of {len(items)} items")
        return tuple(
            each.decode(part, f"{path}[{at}]", context)
            for at, (each, part) in enumerate(zip(items, value, strict=True))
        )

    def encode(value: Any, context: Context) -> Any:
        return [each.encode(part, context) for each, part in zip(items, value, strict=True)]

    return Codec(encode, decode)


def _fields(
    value: dict[str, Any],
    forms: dict[str, Codec],
    leaves: dict[str, frozenset[type]],
    path: str,
    context: Context,
    *,
    precise: bool,
) -> dict[str, Any]:
    values = {}
    for name, item in value.items():
        kind = type(item)
        # A leaf of its type is itself: no call.
        if kind in leaves.get(name, ()) and (kind is not str or item.isascii()):
            values[name] = item
        else:
            values[name] = forms[name].decode(item, f"{path}.{name}" if precise else path, context)
    return values


def _leaf_types(declared: Any) -> frozenset[type]:
    """The types a value of ``declared`` is read as, unchanged, when it is one of them: text,
    whole numbers, booleans, null (and unions of them); none for any other type."""
    leaves: dict[Any, type] = {str: str, int: int, bool: bool, NoneType: NoneType, None: NoneType}
    if declared in leaves:
        return frozenset({leaves[declared]})
    if get_origin(declared) in (Union, UnionType):
        args = get_args(declared)
        if all(arg in leaves for arg in args):
            return frozenset(leaves[arg] for arg in args)
    return frozenset()


def _mapping(key: Codec, item: Codec, text_keys: bool) -> Codec:
    def encode(value: Any, context: Context) -> Any:
        if text_keys:
            return {name: item.encode(each, context) for name, each in value.items()}
        return [[key.encode(k, context), item.encode(v, context)] for k, v in value.items()]

    def texts(value: Any, path: str, context: Context) -> Any:
        # Text to text, the most common: checked in one pass, copied in one call; anything
        # else is checked entry by entry, for the message.
        if type(value) is dict:
            for name, each in value.items():
                if type(name) is not str or type(each) is not str:
                    break
                if not (name.isascii() and each.isascii()):
                    break
            else:
                return dict(value)
        return checked(value, path, context)

    def checked(value: Any, path: str, context: Context) -> Any:
        if text_keys:
            if not isinstance(value, dict):
                raise fail(path, f"expected an object, found {_kind(value)}")
            pairs = [(name, each, f"{path}[{name!r}]", "") for name, each in value.items()]
        else:
            if not isinstance(value, list):
                raise fail(path, f"expected a list of [key, value] pairs, found {_kind(value)}")
            pairs = []
            for at, pair in enumerate(value):
                if not isinstance(pair, list) or len(pair) != 2:
                    raise fail(f"{path}[{at}]", "expected a [key, value] pair")
                pairs.append((pair[0], pair[1], f"{path}[{at}]", "[1]"))
        decoded: dict[Any, Any] = {}
        for name, each, where, second in pairs:
            made = key.decode(name, where + ("[0]" if second else ""), context)
            if made in decoded:
                raise fail(where, "the key appears twice")
            decoded[made] = item.decode(each, where + second, context)
        return decoded

    return Codec(encode, texts if text_keys and item.decode is _text else checked)


def _record(record: type) -> Codec:
    # (the fields' codecs, the fields without a default, the fields of leaf types: text, whole
    # numbers, booleans, null, read as they are when their value has one of those types)
    built: list[tuple[dict[str, Codec], frozenset[str], dict[str, frozenset[type]]]] = []

    def made() -> dict[str, Codec]:
        # Made on first use, as a record's fields may name records whose codecs are not made
        # yet; published whole, so that another thread never sees half of them.
        if not built:
            hints = get_type_hints(record, localns=_NAMES)
            forms: dict[str, Codec] = {}
            needed = set()
            leaves: dict[str, frozenset[type]] = {}
            for each in dataclasses.fields(record):
                if each.init:
                    own = _OWN_FORMS.get((record, each.name))
                    forms[each.name] = own or codec(hints[each.name])
                    missing = dataclasses.MISSING
                    if each.default is missing and each.default_factory is missing:
                        needed.add(each.name)
                    kinds = _leaf_types(hints[each.name])
                    if kinds and own is None:
                        leaves[each.name] = kinds
            built[:] = [(forms, frozenset(needed), leaves)]
        return built[0][0]

    def encode(value: Any, context: Context) -> Any:
        if type(value) is not record:
            raise TypeError(f"a {type(value).__name__} where a {record.__name__} belongs")
        return {name: form.encode(getattr(value, name), context) for name, form in made().items()}

    def decode(value: Any, path: str, context: Context) -> Any:
        forms = made()
        if not isinstance(value, dict):
            raise fail(path, f"expected an object, found {_kind(value)}")
        # Set comparisons first: the sorted lists are made only for a message.
        if not value.keys() <= forms.keys():
            raise fail(path, f"unexpected field {sorted(value.keys() - forms.keys())[0]!r}")
        if not built[0][1] <= value.keys():
            raise fail(path, f"the field {sorted(built[0][1] - value.keys())[0]!r} is missing")
        try:
            values = _fields(value, forms, built[0][2], path, context, precise=False)
        except BadState:
            # Decoded again with each field's place, for the message.
            values = _fields(value, forms, built[0][2], path, context, precise=True)
        try:
            made_record = record(**values)
        except (TypeError, ValueError, ArithmeticError, LookupError) as error:
            raise fail(path, str(error)) from None
        if isinstance(made_record, RuleVersion):
            key = (made_record.detector_id, made_record.rule_id, made_record.rule_version)
            context.rules[key] = made_record
        return made_record

    return Codec(encode, decode)


# The forms of their own.


def _encode_rule(rule: CompiledRule, context: Context) -> Any:
    # The arguments pickle rebuilt a rule from: the expression, its variables' types, its lists.
    _, (expression, types, lists) = rule.__reduce__()
    return {"expression": expression, "variables": dict(types), "lists": sorted(lists)}


def _decode_rule(value: Any, path: str, context: Context) -> CompiledRule:
    if not isinstance(value, dict) or set(value) != {"expression", "variables", "lists"}:
        raise fail(path, "expected an object of expression, variables and lists")
    expression = _text(value["expression"], f"{path}.expression", context)
    types = _TYPES.decode(value["variables"], f"{path}.variables", context)
    lists = _LISTS.decode(value["lists"], f"{path}.lists", context)
    key = (expression, tuple(sorted(types.items())), tuple(sorted(lists)))
    compiled = context.compiled.get(key)
    if compiled is None:
        try:
            compiled = context.compiled[key] = check(expression, types, lists)
        except (RuleError, ValueError, TypeError, KeyError) as error:
            raise fail(path, f"the rule does not compile: {error}") from None
    return compiled


def _encode_rule_refs(rules: list[RuleVersion], context: Context) -> Any:
    return [context.rule_ref(rule) for rule in rules]


def _decode_rule_refs(value: Any, path: str, context: Context) -> list[RuleVersion]:
    if not isinstance(value, list):
        raise fail(path, f"expected a list, found {_kind(value)}")
    return [context.rule_from(item, f"{path}[{at}]") for at, item in enumerate(value)]


def _encode_values(values: dict[str, Any], context: Context) -> Any:
    return {
        name: {"datetime": value.isoformat()} if isinstance(value, datetime) else value
        for name, value in values.items()
    }


def _decode_values(value: Any, path: str, context: Context) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(path, f"expected an object, found {_kind(value)}")
    decoded: dict[str, Any] = {}
    for name, item in value.items():
        where = f"{path}[{name!r}]"
        if isinstance(item, dict) and set(item) == {"datetime"}:
            decoded[name] = decode_datetime(item["datetime"], where, context)
        elif isinstance(item, (dict, list)):
            raise fail(where, "expected a typed value")
        else:
            decoded[name] = plain(item, where)
    return decoded


def _encode_evaluations(evaluations: list[dict[str, Any]], context: Context) -> Any:
    encoded = []
    for evaluation in evaluations:
        inner = []
        for each in evaluation["evaluations"]:
            explanations = each["predictionExplanations"]
            if isinstance(explanations, PendingExplanations):
                index = context.explainer_ref(explanations.model)
                each = {**each, "predictionExplanations": {"explainer": index}}
            inner.append(plain(each, ""))
        encoded.append({**plain({**evaluation, "evaluations": []}, ""), "evaluations": inner})
    return encoded


def _decode_evaluations(value: Any, path: str, context: Context) -> list[dict[str, Any]]:
    evaluations: list[dict[str, Any]] = plain(value, path)
    if not isinstance(evaluations, list):
        raise fail(path, f"expected a list, found {_kind(value)}")
    for at, evaluation in enumerate(evaluations):
        inner = evaluation.get("evaluations") if isinstance(evaluation, dict) else None
        if not isinstance(inner, list) or not all(isinstance(each, dict) for each in inner):
            raise fail(f"{path}[{at}]", "expected an evaluated model version with evaluations")
        for number, each in enumerate(inner):
            explanations = each.get("predictionExplanations")
            where = f"{path}[{at}].evaluations[{number}].predictionExplanations"
            if not isinstance(explanations, dict):
                raise fail(where, "expected an object")
            if "explainer" in explanations:
                model = context.explainer_from(explanations["explainer"], where)
                each["predictionExplanations"] = PendingExplanations(model)
    return evaluations


_TYPES = codec(dict[str, str])
_LISTS = codec(list[str])
_KEY = codec(tuple[str, str, str])
_OWN_FORMS: dict[tuple[type, str], Codec] = {
    (Prediction, "rules"): Codec(_encode_rule_refs, _decode_rule_refs),
    (Prediction, "values"): Codec(_encode_values, _decode_values),
    (Prediction, "model_evaluations"): Codec(_encode_evaluations, _decode_evaluations),
}


# A whole store.


def store_hints() -> dict[str, Any]:
    """The declared types of ``Store``'s fields."""
    return get_type_hints(Store, localns=_NAMES)


def store_fields() -> dict[str, Codec]:
    hints = store_hints()
    return {
        each.name: codec(hints[each.name])
        for each in dataclasses.fields(Store)
        if each.name not in NOT_STATE
    }


def encode_store(store: Store) -> dict[str, Any]:
    """The records of ``store``; call under its lock. Detectors first: predictions name their
    rule versions, and the learned models behind explanations go last."""
    context = Context()
    for detector in store.detectors.values():
        for versions in detector.rules.values():
            for rule in versions.values():
                context.rules[(rule.detector_id, rule.rule_id, rule.rule_version)] = rule
    encoded: dict[str, Any] = {"account_id": store.account_id, "region": store.region}
    for name, form in store_fields().items():
        encoded[name] = form.encode(getattr(store, name), context)
    encoded["explainers"] = [_LEARNED.encode(model, context) for model in context.explainers]
    return encoded


def decode_store(value: Any, path: str) -> tuple[tuple[str, str], dict[str, Any]]:
    """((account, region), the store's collections by name), every record new."""
    context = Context()
    forms = store_fields()
    if not isinstance(value, dict):
        raise fail(path, f"expected an object, found {_kind(value)}")
    unknown = sorted(set(value) - forms.keys() - {"account_id", "region", "explainers"})
    if unknown:
        raise fail(path, f"unexpected collection {unknown[0]!r}")
    for name in ("account_id", "region"):
        if name not in value:
            raise fail(path, f"the field {name!r} is missing")
    key = (
        _text(value["account_id"], f"{path}.account_id", context),
        _text(value["region"], f"{path}.region", context),
    )
    explainers = value.get("explainers", [])
    context.explainers = list(
        codec(list[LearnedModel]).decode(explainers, f"{path}.explainers", context)
    )
    # In the order Store declares them: detectors come before the predictions that name rules.
    records = {
        name: form.decode(value[name], f"{path}.{name}", context)
        for name, form in forms.items()
        if name in value
    }
    for each in dataclasses.fields(Store):
        # Written before the field was a part of the store: it starts empty, as a new store's.
        if each.name in forms and each.name not in records:
            made = each.default_factory
            records[each.name] = each.default if made is dataclasses.MISSING else made()
    return key, records


_LEARNED = codec(LearnedModel)
