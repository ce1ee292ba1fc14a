"""The Helm chart for Haven: linted and rendered by Helm's own engine (helm-python-sdk, the Helm
Go library, offline), its manifests validated against the Kubernetes schemas (kubernetes-validate,
strict: unknown fields are errors) and checked for the restricted Pod Security Standard."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

helm = pytest.importorskip("helm_python", reason="helm-python-sdk is a dev dependency")

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "koersvast"
# The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the newest with schemas.
KUBE_VERSIONS = ["1.27.0", kubernetes_validate.latest_version()]
REQUIRED = {"secret": {"secretKey": "k" * 60, "databaseUrl": "postgres://kv:pw@db:5432/kv"}}
FULL = {
    **REQUIRED,
    "hosts": ["koersvast.utrecht.nl", "portfolio.utrecht.nl"],
    "ingress": {"className": "nginx", "tlsSecretName": "koersvast-tls"},
    "serviceMonitor": {"enabled": True, "labels": {"release": "prometheus"}},
    "s3": {"bucket": "koersvast", "endpointUrl": "https://s3.utrecht.nl", "region": "nl-1"},
    "oidc": {"clientId": "koersvast", "discoveryUrl": "https://sso.utrecht.nl/.well-known/x"},
    "config": {"emailHost": "smtp.utrecht.nl", "cacheUrl": "redis://redis:6379/0"},
}
FULL["secret"] = {
    **REQUIRED["secret"],
    "s3AccessKeyId": "AK",
    "s3SecretAccessKey": "SK",
    "oidcClientSecret": "oidc",
    "metricsToken": "metrics",
    "emailPassword": "mail",
}
PODS = {"Deployment", "Job", "CronJob"}


def render(values: dict[str, Any]) -> list[dict[str, Any]]:
    rendered = helm.Chart.load(CHART).render(values, name="koersvast", namespace="gemeente")
    documents = []
    for path, text in sorted(rendered.items()):
        if path.endswith(".txt"):
            continue
        documents += [doc for doc in yaml.safe_load_all(text) if doc]
    return documents


def by_kind(documents: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [doc for doc in documents if doc["kind"] == kind]


def pod_spec(document: dict[str, Any]) -> dict[str, Any]:
    if document["kind"] == "CronJob":
        return document["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return document["spec"]["template"]["spec"]


@pytest.mark.parametrize("values", [REQUIRED, FULL], ids=["required", "full"])
def test_helm_lint_is_clean(values) -> None:
    report = helm.lint(CHART, values, strict=True, kube_version="v1.27.0")
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert not problems and not report["errors"], report


@pytest.mark.parametrize("kube_version", KUBE_VERSIONS)
@pytest.mark.parametrize("values", [REQUIRED, FULL], ids=["required", "full"])
def test_rendered_manifests_match_the_kubernetes_schemas(values, kube_version) -> None:
    documents = render(values)
    kinds = sorted(doc["kind"] for doc in documents)
    assert {"ConfigMap", "Secret", "Deployment", "Job", "CronJob", "Service", "Ingress"} <= set(
        kinds
    )
    for document in documents:
        if document["apiVersion"].startswith("monitoring.coreos.com/"):
            continue  # a CRD: checked below
        # Raises ValidationError (with the path) on a wrong type, a missing or unknown field.
        kubernetes_validate.validate(document, kube_version, strict=True)


def test_the_service_monitor_is_optional_and_scrapes_metrics_with_the_token() -> None:
    assert not by_kind(render(REQUIRED), "ServiceMonitor")
    (monitor,) = by_kind(render(FULL), "ServiceMonitor")
    assert monitor["metadata"]["labels"]["release"] == "prometheus"
    (endpoint,) = monitor["spec"]["endpoints"]
    assert (endpoint["port"], endpoint["path"]) == ("http", "/metrics")
    assert endpoint["bearerTokenSecret"] == {"name": "koersvast-secrets", "key": "METRICS_TOKEN"}
    (service,) = by_kind(render(FULL), "Service")
    assert monitor["spec"]["selector"]["matchLabels"] == service["spec"]["selector"]


def test_web_and_worker_run_the_one_image_with_their_commands() -> None:
    documents = render(REQUIRED)
    commands = {}
    for document in documents:
        if document["kind"] in PODS:
            (container,) = pod_spec(document)["containers"]
            assert container["image"] == "koersvast:0.1.0"
            commands[container["name"]] = container["args"][0]
    assert commands == {
        "web": "serve",
        "worker": "db_worker",
        "migrate": "migrate",
        "cleanup-jobs": "cleanup-jobs",
    }


@pytest.mark.parametrize("values", [REQUIRED, FULL], ids=["required", "full"])
def test_every_pod_meets_the_restricted_pod_security_standard(values) -> None:
    for document in render(values):
        if document["kind"] not in PODS:
            continue
        spec = pod_spec(document)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] != 0
        assert spec["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
        assert spec["automountServiceAccountToken"] is False
        assert not {"hostNetwork", "hostPID", "hostIPC"} & set(spec)
        for volume in spec["volumes"]:  # restricted: no hostPath and the like
            assert set(volume) - {"name"} <= {"emptyDir", "configMap", "secret", "projected"}
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, document["metadata"]["name"]
            assert context["allowPrivilegeEscalation"] is False
            assert context["capabilities"]["drop"] == ["ALL"]
            assert not context.get("privileged")
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"]) and set(resources["limits"])
            # A read-only root leaves /tmp (and the metrics directory) as the only writable place.
            mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
            assert mounts == {"/tmp", "/run/koersvast-metrics"}  # noqa: S108


def test_web_pods_are_probed_on_healthz_and_accept_their_own_address() -> None:
    deployments = by_kind(render(FULL), "Deployment")
    (web,) = [d for d in deployments if d["metadata"]["name"].endswith("-web")]
    (container,) = pod_spec(web)["containers"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/healthz", "port": "http"}
    env = [variable["name"] for variable in container["env"]]
    # The kubelet and Prometheus send the pod's address as Host: it must be an allowed host, and
    # $(POD_IP) only expands when POD_IP comes first.
    assert env.index("POD_IP") < env.index("ALLOWED_HOSTS")
    hosts = next(v["value"] for v in container["env"] if v["name"] == "ALLOWED_HOSTS")
    assert hosts == "koersvast.utrecht.nl,portfolio.utrecht.nl,$(POD_IP)"


def test_migrations_run_as_a_hook_after_their_configuration() -> None:
    documents = render(REQUIRED)
    (job,) = by_kind(documents, "Job")
    hook = job["metadata"]["annotations"]
    assert hook["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert pod_spec(job)["containers"][0]["args"] == ["migrate", "--no-input"]
    assert pod_spec(job)["restartPolicy"] == "Never"
    # What the job needs exists before it: the ConfigMap, Secret and ServiceAccount are hooks
    # with a lower weight.
    for kind in ("ConfigMap", "Secret", "ServiceAccount"):
        (needed,) = by_kind(documents, kind)
        annotations = needed["metadata"]["annotations"]
        assert annotations["helm.sh/hook"] == hook["helm.sh/hook"]
        assert int(annotations["helm.sh/hook-weight"]) < int(hook["helm.sh/hook-weight"])


def test_secrets_are_required_or_taken_from_an_existing_secret() -> None:
    with pytest.raises(Exception, match=r"secret\.secretKey"):
        render({})
    documents = render({"existingSecret": "koersvast-from-vault"})
    assert not by_kind(documents, "Secret")
    for document in documents:
        if document["kind"] in PODS:
            sources = pod_spec(document)["containers"][0]["envFrom"]
            assert {"secretRef": {"name": "koersvast-from-vault"}} in sources


def test_every_variable_the_chart_sets_is_read_by_koersvast() -> None:
    """A typo in a variable name would be silently ignored: each one must occur in the code."""
    documents = render(FULL)
    (config,) = by_kind(documents, "ConfigMap")
    (secret,) = by_kind(documents, "Secret")
    names = set(config["data"]) | set(secret["stringData"])
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "koersvast").rglob("*.py"))
    known_elsewhere = {"DJANGO_SETTINGS_MODULE", "TZ", "PROMETHEUS_MULTIPROC_DIR"}
    for name in sorted(names - known_elsewhere):
        assert re.search(rf"[\"']{name}[\"']", source), f"{name} is not read by Koersvast"
    (storage_bucket,) = [n for n in names if n == "KOERSVAST_S3_BUCKET"]
    assert config["data"][storage_bucket] == "koersvast"


def test_the_chart_installs_this_version() -> None:
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    project = (ROOT / "pyproject.toml").read_text()
    assert f'version = "{chart["appVersion"]}"' in project


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({**REQUIRED, "s3": {"buckett": "typo"}}, "buckett"),
        ({**REQUIRED, "secret": {**REQUIRED["secret"], "secretKey": "short"}}, "secretKey"),
        ({**REQUIRED, "secret": {**REQUIRED["secret"], "databaseUrl": "mysql://x"}}, "databaseUrl"),
        ({**REQUIRED, "web": {"replicas": 0}}, "replicas"),
    ],
)
def test_the_values_schema_refuses_mistakes(values, problem) -> None:
    with pytest.raises(Exception, match=problem):
        render(values)
