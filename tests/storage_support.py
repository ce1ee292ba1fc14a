"""File storage for the file-flow tests: the local disk, or S3 on a moto server on 127.0.0.1.

The moto server is started once per test process, on a free loopback port; every test gets a
bucket of its own. Nothing leaves the machine: the S3 client talks to 127.0.0.1 only, with
made-up credentials.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

ACCESS_KEY = "koersvast-test"
SECRET_KEY = "koersvast-test-secret"  # moto accepts any pair
REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on 127.0.0.1 (an S3-compatible object store, like MinIO in Haven)."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_client(endpoint: str) -> Any:
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )


@pytest.fixture
def s3_storage(s3_endpoint: str, settings: Any, monkeypatch: Any) -> dict[str, Any]:
    """settings.STORAGES["default"] as production builds it from KOERSVAST_S3_*, on moto."""
    from koersvast.config.settings.base import file_storage

    bucket = f"koersvast-{uuid.uuid4().hex[:12]}"
    s3_client(s3_endpoint).create_bucket(Bucket=bucket)
    for name, value in {
        "KOERSVAST_S3_BUCKET": bucket,
        "KOERSVAST_S3_ENDPOINT_URL": s3_endpoint,
        "KOERSVAST_S3_REGION": REGION,
        "KOERSVAST_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "KOERSVAST_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "KOERSVAST_S3_PREFIX": "koersvast",
    }.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": file_storage()}
    return {"bucket": bucket, "endpoint": s3_endpoint, "prefix": "koersvast/"}


@pytest.fixture
def disk_storage(settings: Any, tmp_path: Any) -> Any:
    """settings.STORAGES["default"] as on a single server: files under MEDIA_ROOT."""
    from koersvast.config.settings.base import file_storage

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": file_storage()}
    return settings.MEDIA_ROOT


def stored_names(storage: dict[str, Any] | Any, folder: str) -> list[str]:
    """The names under `folder`, read directly from the bucket or the disk (not through Django)."""
    if isinstance(storage, dict):
        listing = s3_client(storage["endpoint"]).list_objects_v2(
            Bucket=storage["bucket"], Prefix=storage["prefix"] + folder
        )
        return sorted(
            item["Key"].removeprefix(storage["prefix"]) for item in listing.get("Contents", [])
        )
    root = storage / folder
    return (
        sorted(str(path.relative_to(storage)) for path in root.rglob("*") if path.is_file())
        if root.exists()
        else []
    )
