"""The boto3 clients a publisher talks to R2 through."""

from __future__ import annotations

from kontext_studio.publish.r2_config import R2Config
from kontext_studio.publish.s3_client import _data_loader, make_client

CONFIG = R2Config(
    "https://account.r2.cloudflarestorage.com", "bucket", "AKIAEXAMPLE", "secret-example"
)


def test_publishers_made_one_after_another_leave_botocore_s_search_paths_as_they_were():
    """The clients share botocore's reader of its models (b6708f2), and every boto3 session
    added boto3's data folder to that reader's search paths again: a window open for weeks
    grew the list by two folders every Settings check and change of the R2 settings, each
    searched on when a model is looked for."""
    make_client(CONFIG, 1.0, 1.0, 0)
    before = list(_data_loader().search_paths)

    for _ in range(3):
        make_client(CONFIG, 1.0, 1.0, 0)

    assert _data_loader().search_paths == before
