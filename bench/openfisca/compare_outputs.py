"""Checks that Qamqor and OpenFisca agree on every household: status and amount (to the tiyn)."""
import json, sys

qamqor = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    d = r["decisions"]["ata"]
    qamqor[r["line"]] = (d["status"], d.get("amount"))
disagree = 0
n = 0
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    n += 1
    q = qamqor.get(r["line"])
    same = q is not None and q[0] == r["status"] and (q[1] is None) == (r["amount"] is None) and \
        (q[1] is None or abs(float(q[1]) - r["amount"]) <= 0.01)
    if not same:
        disagree += 1
        if disagree <= 10:
            print(f"line {r['line']}: qamqor {q}, openfisca {(r['status'], r['amount'])}")
eligible = sum(1 for v in qamqor.values() if v[0] == "eligible")
print(f"{n} households compared, {eligible} eligible in Qamqor, {disagree} disagreements")
sys.exit(1 if disagree or n != len(qamqor) else 0)
