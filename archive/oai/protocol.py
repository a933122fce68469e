"""The OAI-PMH request rules: which arguments each verb takes, datestamps, resumption tokens
and the protocol's own error codes."""

import datetime
import re

from django.conf import settings
from django.core import signing

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
TOKEN_SALT = "archive.oai.resumption"

# verb -> (required, optional, exclusive)
VERBS = {
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def page_size() -> int:
    return int(getattr(settings, "OAI_PAGE_SIZE", 100))


def check_arguments(query) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, or the error the protocol prescribes."""
    for name, values in query.lists():
        # No identifier, set or token holds a NUL; passed on to a query it was a 500.
        if "\x00" in name or any("\x00" in value for value in values):
            raise OAIError("badArgument", f"The argument {name.replace(chr(0), '')} contains a NUL character.")
    verbs = query.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "Give exactly one verb: " + ", ".join(VERBS) + ".")
    verb = verbs[0]
    required, optional, exclusive = VERBS[verb]
    arguments = {}
    for name in query:
        if name == "verb":
            continue
        values = query.getlist(name)
        if len(values) > 1:
            raise OAIError("badArgument", f"The argument {name} is repeated.")
        if name not in required | optional and name != exclusive:
            raise OAIError("badArgument", f"{verb} does not take the argument {name}.")
        arguments[name] = values[0]
    if exclusive and exclusive in arguments:
        if len(arguments) > 1:
            raise OAIError("badArgument", f"{exclusive} must be the only argument besides the verb.")
        return verb, arguments
    missing = sorted(required - set(arguments))
    if missing:
        raise OAIError("badArgument", f"{verb} needs the argument(s): {', '.join(missing)}.")
    return verb, arguments


def parse_datestamp(value: str, *, end: bool) -> tuple[datetime.datetime, str]:
    """A UTC datetime from a day or second datestamp, and which granularity it used."""
    try:
        if DAY.match(value):
            day = datetime.date.fromisoformat(value)
            moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
            return moment.replace(tzinfo=datetime.UTC), "day"
        if SECOND.match(value):
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
            return (moment.replace(microsecond=999999) if end else moment), "second"
    except ValueError:
        pass
    raise OAIError("badArgument", f"“{value[:40]}” is not a datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).")


def datestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_token(state: dict) -> str:
    return signing.dumps(state, salt=TOKEN_SALT, compress=True)


def read_token(token: str, verb: str) -> dict:
    try:
        state = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        raise OAIError("badResumptionToken", "The resumption token is not one this repository issued.") from None
    if not isinstance(state, dict) or state.get("verb") != verb:
        raise OAIError("badResumptionToken", f"The resumption token was not issued for {verb}.")
    return state
