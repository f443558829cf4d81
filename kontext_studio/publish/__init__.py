"""Publishing artworks to Cloudflare R2: the boto3 publisher, the manifest, and the service
that ties them to the library. Blocking calls throughout: run them in worker threads."""

from kontext_studio.publish.manifest import ArtworkMeta, decode_metadata
from kontext_studio.publish.publisher import MAX_PRESIGN_SECONDS, Publisher, PublishResult
from kontext_studio.publish.r2_config import (
    R2Config,
    load_r2_config,
    same_host,
    settings_location,
)
from kontext_studio.publish.r2_errors import map_error
from kontext_studio.publish.service import (
    CHANGED_MEANWHILE,
    ELSEWHERE,
    ELSEWHERE_AT,
    ELSEWHERE_UNSET,
    LEFT_THERE,
    LEFT_UNSET,
    NO_IMAGE_FILE,
    NOT_FINISHED,
    NOT_IN_LIBRARY,
    REMOVED_THEN_GONE,
    RETIRED_THEN_GONE,
    PublishCancel,
    artwork_meta,
    artwork_url,
    elsewhere_refusal,
    forget_publication,
    import_artworks,
    imported_before,
    publish_artwork,
    readable_name,
    recorded_in,
    unpublish_artwork,
)
from kontext_studio.publish.settling import (
    Found,
    Settled,
    look_for_parts,
    record_found,
    settle_may_be_gone,
)
from kontext_studio.publish.stopping import STOP_GRACE_S, STOPPED_WITHIN_S, end_or_cut
from kontext_studio.publish.transfer import ProgressCallback

__all__ = [
    "CHANGED_MEANWHILE",
    "ELSEWHERE",
    "ELSEWHERE_AT",
    "ELSEWHERE_UNSET",
    "LEFT_THERE",
    "LEFT_UNSET",
    "MAX_PRESIGN_SECONDS",
    "NOT_FINISHED",
    "NOT_IN_LIBRARY",
    "NO_IMAGE_FILE",
    "REMOVED_THEN_GONE",
    "RETIRED_THEN_GONE",
    "STOPPED_WITHIN_S",
    "STOP_GRACE_S",
    "ArtworkMeta",
    "Found",
    "ProgressCallback",
    "PublishCancel",
    "PublishResult",
    "Publisher",
    "R2Config",
    "Settled",
    "artwork_meta",
    "artwork_url",
    "decode_metadata",
    "elsewhere_refusal",
    "end_or_cut",
    "forget_publication",
    "import_artworks",
    "imported_before",
    "load_r2_config",
    "look_for_parts",
    "map_error",
    "publish_artwork",
    "readable_name",
    "record_found",
    "recorded_in",
    "same_host",
    "settings_location",
    "settle_may_be_gone",
    "unpublish_artwork",
]
