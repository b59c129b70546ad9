#!/usr/bin/env python3
"""Checks the demo's promises from the sandboxes' own records (or, against the real Moodle, from its web services:
then there are no write counters, stats-*.json are absent, and the second run's summary stands for them).
Exit 1 with the broken promise named."""
import json
import os
import sys

run = sys.argv[1]
load = lambda name: json.load(open(f"{run}/{name}"))
seed, first, second = load("seed.json"), load("summary-1.json"), load("summary-2.json")
users = load("moodle-users.json")
counted = os.path.exists(f"{run}/stats-1.json")
stats_before, stats_after = (load("stats-1.json"), load("stats-2.json")) if counted else ({}, {})
users = users.get("users", users) if isinstance(users, dict) else users

employees = seed["employees"]
poison = {p["id"] for p in seed["poison"]}
expected = {e["id"] for e in employees if e["status"] == "Active" and e["id"] not in poison}
in_moodle = {u["idnumber"] for u in users if u.get("idnumber")}
# Two active employees sharing a work e-mail: Moodle allows one account per e-mail, and whichever consumer gets there
# first wins; the other is parked as poison. Accept either, but exactly one of them.
by_email = {}
for e in employees:
    if e["status"] == "Active" and e.get("workEmail"):
        by_email.setdefault(e["workEmail"].lower(), []).append(e["id"])
for ids in (ids for ids in by_email.values() if len(ids) > 1):
    winners = [i for i in ids if i in in_moodle]
    if len(winners) == 1:
        expected = (expected - set(ids)) | set(winners)
failures = []

def check(ok, what):
    print(("  ok   " if ok else "  FAIL ") + what)
    if not ok:
        failures.append(what)

print("Demo checks:")
check(first["status"] == "completed", f"first sync completed (status {first['status']})")
check(first["created"] >= 900, f"first sync created >= 900 users (created {first['created']})")
check(first["dead_lettered"] == len(poison), f"dead_lettered equals the {len(poison)} seeded poison records ({first['dead_lettered']})")
check(first["reactivated"] >= 1, f"the rehire was reactivated ({first['reactivated']})")
check(in_moodle == expected, f"Moodle holds exactly the {len(expected)} expected employees "
      f"(missing {sorted(expected - in_moodle)[:5]}, unexpected {sorted(in_moodle - expected)[:5]})")
writes = lambda s: sum(s.get("users_written", {}).values())
if counted:
    check(writes(stats_after) == writes(stats_before), f"second sync made 0 Moodle writes ({writes(stats_after) - writes(stats_before)})")
quiet = all(second.get(k, 0) == 0 for k in ("created", "updated", "suspended", "reactivated", "dead_lettered"))
check(second["status"] in ("nothing_to_do", "completed") and quiet,
      f"second sync is nothing_to_do or only unchanged (status {second['status']}, unchanged {second.get('unchanged', 0)})")
sys.exit(1 if failures else 0)
