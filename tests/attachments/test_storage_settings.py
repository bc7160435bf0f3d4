"""Files go to local disk by default and to an S3-compatible bucket when S3_BUCKET is set."""

import json
import os
import subprocess
import sys

from django.conf import settings


def storage_with(env: dict) -> dict:
    code = "import json, config.settings as s; print(json.dumps(s.STORAGES['default']))"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("S3_")}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**clean, "DEBUG": "1", **env}, capture_output=True, text=True, check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(result.stdout)


def test_local_disk_is_the_default():
    assert storage_with({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_an_s3_bucket_is_chosen_by_environment_variables():
    storage = storage_with({
        "S3_BUCKET": "thidua-tep", "S3_ENDPOINT_URL": "https://s3.example.vn", "S3_REGION": "hn-1",
        "S3_ACCESS_KEY_ID": "AKEXAMPLE", "S3_SECRET_ACCESS_KEY": "secret", "S3_PREFIX": "portal",
    })
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"], options["location"]) == (
        "thidua-tep", "https://s3.example.vn", "hn-1", "portal")
    assert options["file_overwrite"] is False


def test_the_s3_backend_loads(settings):
    from storages.backends.s3 import S3Storage

    storage = S3Storage(bucket_name="thidua-tep", endpoint_url="https://s3.example.vn", access_key="a", secret_key="b")
    assert storage.bucket_name == "thidua-tep"
