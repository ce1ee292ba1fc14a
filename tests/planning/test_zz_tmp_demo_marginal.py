import time
import pytest
from koersvast.planning.models import Scenario
from koersvast.planning.services.marginal import marginal_execute, marginal_start
from koersvast.planning.selectors.results import run_result
from koersvast.demo.planning_demo import PLAN
from django.contrib.auth import get_user_model
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db


def test_demo_marginal():
    municipality, _ = load_demo()
    plan = Scenario.objects.get(municipality=municipality, name=PLAN)
    print("include", plan.include_candidates)
    run = plan.runs.filter(status="done").order_by("-pk").first()
    rows = run_result(run).candidates
    print("candidates", [(r.id, r.name, r.start, r.text) for r in rows or []])
    pm = get_user_model().objects.get(username="portfoliomanager")
    t = time.time()
    analysis = marginal_start(scenario=plan, by=pm, budget_kind="exploitatie")
    analysis = marginal_execute(analysis_id=analysis.pk)
    print("secs", time.time() - t, analysis.status, analysis.failure_reason)
    for row in analysis.result["marginal"] + analysis.result["budget"]:
        print(row["name"], row["gain"], row["brings_in"])
    for p in analysis.result["frontier"]:
        print(p)
