"""An independent reading of who may call each bundled REST route (docs/webapi-access.md), for the tests.

Reads the bundled ACL and route catalogs and, for each grant set on stdin ({"format", "listed"}),
prints whether an integration with those grants may call each route, in the catalog's route order.
Written from Magento's rules, not from our TypeScript: the test compares the two.
"""
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
acl = json.loads((DATA / "magento-core-acl-2.4.6.json").read_text())["resources"]
routes = json.loads((DATA / "magento-core-webapi-2.4.6.json").read_text())["routes"]

parent = {r["id"]: r.get("parent") for r in acl}
switched_off = {r["id"] for r in acl if r.get("disabled")}


def dropped(resource_id):
    """TreeBuilder leaves a disabled resource and everything under it out of the ACL."""
    current = resource_id
    while current is not None:
        if current in switched_off:
            return True
        current = parent.get(current)
    return False


in_acl = {i for i in parent if not dropped(i)}


def ancestors(resource_id):
    chain = []
    current = parent.get(resource_id)
    while current is not None:
        chain.append(current)
        current = parent.get(current)
    return chain


def rows(grant):
    """Rules::saveRel: exactly [all] is one global allow; otherwise admin is added, one row per known resource."""
    listed = grant["listed"]
    if grant["format"] == "integration.xml":
        expanded = []
        for i in listed:
            if i in in_acl:
                expanded += ancestors(i) + [i]
        listed = expanded
    if set(listed) == {"Magento_Backend::all"}:
        return {"global": True, "allow": None}
    allowed = set(listed) | {"Magento_Backend::admin"}
    return {"global": "Magento_Backend::all" in allowed, "allow": allowed}


def may_call(route, table):
    for resource in route["resources"]:
        if resource == "self":
            return False
        if resource == "anonymous":
            continue
        if table["allow"] is None:
            continue
        if resource not in in_acl:
            if not table["global"]:
                return False
        elif resource not in table["allow"]:
            return False
    return True


print(json.dumps([[may_call(route, rows(grant)) for route in routes] for grant in json.load(sys.stdin)]))
