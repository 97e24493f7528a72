"""The ATA rule of rules/programs/ata.yaml written for OpenFisca, to compare results and speed.

Reads the same JSONL households as `qamqor batch`, all with one application date (OpenFisca
periods are shared by a whole simulation), and writes one JSON line per household:
{"line", "id", "status", "amount"}.
"""
import json, os, sys, time
import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit, period as make_period
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Person = build_entity(key="person", plural="persons", label="Person", is_person=True)
Household = build_entity(key="household", plural="households", label="Household",
                         roles=[{"key": "member", "plural": "members", "label": "Member"}])
MONTH, ETERNITY = DateUnit.MONTH, DateUnit.ETERNITY
KINDS = ["wages", "business", "pension", "allowance", "large_family_allowance", "alqa_allowance", "ata",
         "housing_assistance", "funeral_payment", "child_disability_benefit", "stipend", "other"]
EXCLUDED = {"ata", "housing_assistance", "funeral_payment", "child_disability_benefit", "alqa_allowance", "stipend", "large_family_allowance"}


class Region(Enum):
    almaty = "almaty"
    shymkent = "shymkent"
    turkistan_region = "turkistan_region"


def income_variable(kind):
    return type("income_" + kind, (Variable,), {"value_type": float, "entity": Person, "definition_period": MONTH,
                                                  "label": "Income: " + kind})


class birth_date(Variable):
    value_type = "date" and np.dtype("datetime64[D]").type
    entity = Person
    definition_period = ETERNITY


birth_date.value_type = __import__("datetime").date


class application_date(Variable):
    value_type = __import__("datetime").date
    entity = Household
    definition_period = ETERNITY


class region(Variable):
    value_type = Enum
    possible_values = Region
    default_value = Region.almaty
    entity = Household
    definition_period = ETERNITY


class commission_blocks(Variable):
    """The commission found no need, or the family refused the survey."""
    value_type = bool
    entity = Household
    definition_period = ETERNITY


class false_documents(Variable):
    value_type = bool
    entity = Household
    definition_period = ETERNITY


class last_refusal_date(Variable):
    """Date of the last refusal of employment measures or broken contract (1970-01-01: none)."""
    value_type = __import__("datetime").date
    entity = Household
    definition_period = ETERNITY


def months_between(a, b):
    """Whole calendar months from dates a to b (arrays of datetime64[D]); the Civil Code rule."""
    ay, am, ad = split(a)
    by, bm, bd = split(b)
    months = (by - ay) * 12 + (bm - am)
    # A month from the 31st ends on the last day of a shorter month.
    last = days_in_month(by, bm)
    day_reached = bd >= np.minimum(ad, last)
    return np.where(day_reached, months, months - 1)


def split(d):
    d = d.astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype(int) + 1970
    m = d.astype("datetime64[M]").astype(int) % 12 + 1
    day = (d - d.astype("datetime64[M]")).astype(int) + 1
    return y, m, day


def days_in_month(y, m):
    first = (np.array(y - 1970, dtype="int64") * 12 + (m - 1)).astype("datetime64[M]")
    return ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(int)


class age(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH

    def formula(person, period):
        birth = person("birth_date", period)
        as_of = person.household("application_date", period)
        return months_between(birth, as_of) // 12


class counted_quarter_income(Variable):
    """Incomes of the quarter before the quarter of application, less the excluded kinds."""
    value_type = float
    entity = Person
    definition_period = MONTH

    def formula(person, period):
        q_start = make_period(f"{period.start.year}-{((period.start.month - 1) // 3) * 3 + 1:02d}")
        total = 0
        for k in range(1, 4):
            month = q_start.offset(-k)
            for kind in KINDS:
                if kind not in EXCLUDED:
                    total = total + person("income_" + kind, month)
        return total


class household_quarter_income(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH

    def formula(household, period):
        return household.sum(household.members("counted_quarter_income", period))


class per_capita_income(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH

    def formula(household, period):
        return household("household_quarter_income", period) / household.nb_persons() / 3


class poverty_line(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH

    def formula(household, period, parameters):
        q_start = make_period(f"{period.start.year}-{((period.start.month - 1) // 3) * 3 + 1:02d}")
        q_end = q_start.offset(-1).stop          # last day of the income quarter
        p = parameters(q_end).ata
        minimum = p.regional_subsistence_minimum[household("region", period)]
        share_min = parameters(period.start).ata.poverty_line_share_of_minimum
        share_med = parameters(period.start).ata.poverty_line_share_of_median
        return np.maximum(share_med * 0, share_min * minimum)   # medians are not published: left out, as in Qamqor


class children_1_to_6(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH

    def formula(household, period):
        a = household.members("age", period)
        return household.sum((a >= 1) * (a <= 6))


class ata_eligible(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH

    def formula(household, period):
        below = household("per_capita_income", period) < household("poverty_line", period)
        refusal = household("last_refusal_date", period)
        as_of = household("application_date", period)
        barred = months_between(refusal, as_of) < 6
        return below * ~household("commission_blocks", period) * ~household("false_documents", period) * ~barred


class ata_amount_tiyn(Variable):
    """The monthly amount in tiyn. OpenFisca stores floats as float32, too coarse for tenge with
    tiyn; the amount is computed in float64 from the (whole-tenge) inputs and stored as an integer."""
    value_type = int
    entity = Household
    definition_period = MONTH

    def formula(household, period, parameters):
        size = household.nb_persons().astype("float64")
        income = household("household_quarter_income", period).astype("float64")
        per_capita = income / size / 3
        line = household("poverty_line", period).astype("float64")
        gap = (line - per_capita) * size
        supplement = 1.5 * float(parameters(period.start).ata.mrp) * household("children_1_to_6", period)
        amount = gap + supplement
        # Half away from zero, to the tiyn, as Qamqor rounds.
        return np.where(household("ata_eligible", period), np.floor(amount * 100 + 0.5), 0).astype("int64")


class ATASystem(TaxBenefitSystem):
    def __init__(self):
        super().__init__([Person, Household])
        self.load_parameters(os.path.join(os.path.dirname(os.path.abspath(__file__)), "parameters"))
        for v in [birth_date, application_date, region, commission_blocks, false_documents, last_refusal_date, age,
                  counted_quarter_income, household_quarter_income, per_capita_income, poverty_line, children_1_to_6,
                  ata_eligible, ata_amount_tiyn] + [income_variable(k) for k in KINDS]:
            self.add_variable(v)


def main(path, out_path):
    start = time.perf_counter()
    households, person_household, births, incomes = [], [], [], {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            h = json.loads(line)
            hi = len(households)
            facts = h.get("facts", {})
            refusals = [r["date"] for r in facts.get("refusals", []) if r.get("ground") in ("declined_employment_measures", "broke_social_contract")]
            households.append((n, h["application"]["id"], h["application"]["date"], h["application"]["region"],
                               facts.get("commission_finding") in ("no_need", "survey_refused"), bool(facts.get("false_documents", False)),
                               max(refusals) if refusals else "1970-01-01"))
            for m in h["members"]:
                pi = len(person_household)
                person_household.append(hi)
                births.append(m["birth_date"])
                for inc in m.get("incomes", []):
                    key = (inc["kind"], inc["month"])
                    incomes.setdefault(key, {})
                    incomes[key][pi] = incomes[key].get(pi, 0) + float(inc["amount"])
    dates = {h[2] for h in households}
    if len(dates) != 1:
        sys.exit("every household must have the same application date (qamqor generate --application-date)")
    as_of = dates.pop()
    tbs = ATASystem()
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    n_p, n_h = len(person_household), len(households)
    builder.declare_person_entity("person", [str(i) for i in range(n_p)])
    hh = builder.declare_entity("household", [str(i) for i in range(n_h)])
    builder.join_with_persons(hh, [str(i) for i in person_household], ["member"] * n_p)
    sim = builder.build(tbs)
    sim.set_input("birth_date", "ETERNITY", np.array(births, dtype="datetime64[D]"))
    sim.set_input("application_date", "ETERNITY", np.array([h[2] for h in households], dtype="datetime64[D]"))
    sim.set_input("region", "ETERNITY", np.array([Region[h[3]].index if h[3] in Region.__members__ else 0 for h in households]))
    sim.set_input("commission_blocks", "ETERNITY", np.array([h[4] for h in households]))
    sim.set_input("false_documents", "ETERNITY", np.array([h[5] for h in households]))
    sim.set_input("last_refusal_date", "ETERNITY", np.array([h[6] for h in households], dtype="datetime64[D]"))
    for (kind, month), values in incomes.items():
        arr = np.zeros(n_p)
        arr[list(values.keys())] = list(values.values())
        sim.set_input("income_" + kind, month, arr)
    month = as_of[:7]
    eligible = sim.calculate("ata_eligible", month)
    amount = sim.calculate("ata_amount_tiyn", month)
    with open(out_path, "w", encoding="utf-8") as out:
        for i, h in enumerate(households):
            out.write(json.dumps({"line": h[0], "id": h[1], "status": "eligible" if eligible[i] else "ineligible",
                                  "amount": int(amount[i]) / 100 if eligible[i] else None}) + "\n")
    print(f"openfisca: {n_h} households in {time.perf_counter() - start:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
