#!/usr/bin/env python3
"""Generates the sample grant rounds in this folder (deterministic: fixed seeds).

    python3 samples/rounds/generate.py

isker-ana-2025.jsonl / .csv   60 applications to Isker Ana (Almaty mothers)
state-grant-2025.jsonl        500 applications to the state grant for new business ideas
isker-ana-2025-with-errors.jsonl  the 60 plus three bad rows (no id, a mark of 12, an unknown region)
"""
import csv, json, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
FEMALE = ["Айгүл", "Гүлнар", "Динара", "Жанар", "Мадина", "Әсем", "Салтанат", "Меруерт", "Айнұр", "Ботагөз", "Раушан", "Сәуле", "Ләззат", "Жадыра", "Назгүл", "Перизат", "Томирис", "Аяулым", "Камила", "Индира"]
MALE = ["Ерлан", "Нұрлан", "Бауыржан", "Асқар", "Ержан", "Талғат", "Серік", "Ғалым", "Дәурен", "Арман", "Тимур", "Руслан", "Мұрат", "Қайрат", "Олжас"]
SURNAMES = ["Омаров", "Сапаров", "Нұрланов", "Әбілов", "Исаев", "Жұмабеков", "Бейсенов", "Қасымов", "Тоқтаров", "Сейітов", "Досов", "Ахметов", "Мұхтаров", "Ибраев", "Қалиев"]
REGIONS = ["almaty", "astana", "shymkent", "turkistan_region", "almaty_region", "zhambyl_region", "karaganda_region", "east_kazakhstan_region", "aktobe_region", "kyzylorda_region"]
CITY = {"almaty": "almaty", "astana": "astana", "shymkent": "shymkent", "turkistan_region": "turkistan"}

def surname(base, female):
    return base + "а" if female else base

def household(rng, i, program, region, date):
    female_applicant = program == "isker_ana" or rng.random() < 0.5
    fam = rng.choice(SURNAMES)
    kids = rng.choices([0, 1, 2, 3, 4, 5, 6], [1, 4, 5, 4, 3, 1, 1])[0] if program == "state_business_grant" else rng.choices([1, 2, 3, 4, 5, 6], [4, 5, 4, 3, 2, 1])[0]
    single = rng.random() < 0.35
    q = ["%d-%02d" % (date[0], m) for m in ((date[1] - 1) // 3 * 3 - 2, (date[1] - 1) // 3 * 3 - 1, (date[1] - 1) // 3 * 3)] if date[1] > 3 else ["%d-%02d" % (date[0] - 1, m) for m in (10, 11, 12)]
    wage = rng.choice([0, 60000, 90000, 120000, 150000, 200000, 260000, 320000])
    courses = ["centre_business_course"] if program == "isker_ana" else ["bastau_business"]
    if rng.random() < 0.08:
        courses = []
    applicant = {"id": "m1", "name": rng.choice(FEMALE if female_applicant else MALE) + " " + surname(fam, female_applicant),
                 "relation": "self", "sex": "female" if female_applicant else "male",
                 "birth_date": "%d-%02d-%02d" % (rng.randint(1975, 1999), rng.randint(1, 12), rng.randint(1, 28)),
                 "employment": "self_employed" if wage else "not_working", "completed_courses": courses,
                 "incomes": [{"month": m, "kind": "business" if wage else "allowance", "amount": wage or 30000} for m in q]}
    if female_applicant:
        applicant["children_born_or_adopted"] = kids
    if rng.random() < 0.06:
        applicant["grants_received"] = [{"kind": "state_business_grant", "date": "2022-04-11"}]
    if program == "state_business_grant":
        r = rng.random()
        if r < 0.15: applicant["kandas"] = True
        elif r < 0.25: applicant["internal_migrant"] = True
        elif r < 0.32: applicant["disability"] = "group_3"
    members = [applicant]
    if not single:
        spouse_female = not female_applicant
        members.append({"id": "m2", "name": rng.choice(FEMALE if spouse_female else MALE) + " " + surname(fam, spouse_female), "relation": "spouse",
                        "sex": "female" if spouse_female else "male", "birth_date": "%d-%02d-%02d" % (rng.randint(1972, 1998), rng.randint(1, 12), rng.randint(1, 28)),
                        "employment": "employed", "incomes": [{"month": m, "kind": "wages", "amount": rng.choice([85000, 110000, 180000, 240000])} for m in q]})
    for k in range(kids):
        female = rng.random() < 0.5
        child = {"id": "c%d" % (k + 1), "name": rng.choice(FEMALE if female else MALE) + " " + surname(fam, female), "relation": "child",
                 "sex": "female" if female else "male", "birth_date": "%d-%02d-%02d" % (rng.randint(2008, 2023), rng.randint(1, 12), rng.randint(1, 28)),
                 "employment": "not_working", "incomes": []}
        if rng.random() < 0.05:
            child["disability"] = "child"
        members.append(child)
    return {"application": {"id": "%s-%04d" % ("IA" if program == "isker_ana" else "SG", i), "date": "%d-%02d-%02d" % date,
                            "region": region, "city": CITY.get(region, "other"), "applicant": "m1"},
            "members": members,
            "facts": {"commission_finding": "need_confirmed", "lost_breadwinner": single and rng.random() < 0.3}}

def marks(rng):
    return {k: rng.choice([3, 4, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 10]) for k in
            ["market_demand", "financial_viability", "market_research", "entrepreneurial_skills", "jobs_created"]}

def round_(program, n, seed, regions):
    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        region = rng.choices(regions, weights=[30, 4, 28, 24, 3, 3, 2, 2, 2, 2][:len(regions)])[0]
        date = (2025, rng.choice([4, 5, 6]), rng.randint(1, 28))
        rows.append({"id": "%s-%04d" % ("IA" if program == "isker_ana" else "SG", i), "household": household(rng, i, program, region, date), "marks": marks(rng)})
    return rows

def write_jsonl(name, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

def write_samples():
  isker = round_("isker_ana", 60, 2025, ["almaty"])
  write_jsonl("isker-ana-2025.jsonl", isker)
  with open(os.path.join(HERE, "isker-ana-2025.csv"), "w", encoding="utf-8", newline="") as f:
      w = csv.writer(f)
      keys = list(isker[0]["marks"].keys())
      w.writerow(["id"] + keys + ["household"])
      for r in isker:
          w.writerow([r["id"]] + [r["marks"][k] for k in keys] + [json.dumps(r["household"], ensure_ascii=False)])
  bad = list(isker)
  bad.insert(10, {"household": isker[3]["household"], "marks": isker[3]["marks"]})
  b2 = json.loads(json.dumps(isker[5])); b2["id"] = "IA-BAD-MARK"; b2["marks"]["market_demand"] = 12
  bad.insert(20, b2)
  b3 = json.loads(json.dumps(isker[7])); b3["id"] = "IA-BAD-REGION"; b3["household"]["application"]["region"] = "almati"
  bad.insert(30, b3)
  write_jsonl("isker-ana-2025-with-errors.jsonl", bad)
  write_jsonl("state-grant-2025.jsonl", round_("state_business_grant", 500, 400, REGIONS))

if __name__ == "__main__":
    import sys
    # python3 samples/rounds/generate.py --size N OUT.jsonl : a large state-grant round for benchmarks.
    if len(sys.argv) == 1:
        write_samples()
    elif len(sys.argv) == 4 and sys.argv[1] == "--size":
        n = int(sys.argv[2])
        rows = round_("state_business_grant", n, 7, REGIONS)
        write_jsonl(os.path.abspath(sys.argv[3]), rows)
