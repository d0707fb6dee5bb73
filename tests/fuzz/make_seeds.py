#!/usr/bin/python3
"""Writes the fuzz targets' seed corpus (tests/fuzz/corpus/) from the text
below, with protoc --encode for requests and the record codec's layout
(eventstore/record_codec.h) for records. Run from the repository's root after a
change of the protocols; the corpus is committed."""
import hashlib
import pathlib
import struct
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests/fuzz/corpus"

# (target, name, method index or None, proto file, message, text format)
REQUESTS = [
    ("nominations_requests_fuzz", "draft", 0, "award/v1/nominations_service.proto",
     "award.v1.DraftNominationRequest",
     'meta { actor: "clerk" request_id: "r-1" } draft { nomination_id: "n-1" '
     'authority_id: "ubnd-xa-a" nominee { subject_type: SUBJECT_TYPE_INDIVIDUAL '
     'full_name: "Nguyễn Thị Hoà" } kind: AWARD_KIND_LAO_DONG_TIEN_TIEN basis: BASIS_MERIT '
     'achievement_summary: "Hoàn thành xuất sắc\\nnhiệm vụ" achievement_ids: "a-1" '
     'years { year: 2025 rating: RATING_EXCELLENT initiatives: [INITIATIVE_SCOPE_UNIT] } }'),
    ("nominations_requests_fuzz", "register", 11, "award/v1/nominations_service.proto",
     "award.v1.RegisterAuthorityRequest",
     'meta { request_id: "r-2" } authority { authority_id: "ubnd-xa-a" name: "Ủy ban xã A" '
     'level: AUTHORITY_LEVEL_COMMUNE decision_symbol: "QĐ-UBND" }'),
    ("council_requests_fuzz", "remove-item", 7, "award/v1/council_service.proto",
     "award.v1.RemoveAgendaItemRequest",
     'meta { request_id: "r-3" } meeting_id: "m-1" nomination_id: "n-1" reason: "Rút hồ sơ"'),
    ("council_requests_fuzz", "minutes", 15, "award/v1/council_service.proto",
     "award.v1.GetMinutesRequest", 'meeting_id: "m-1"'),
    ("decisions_requests_fuzz", "revoke", 2, "award/v1/decisions_service.proto",
     "award.v1.RevokeDecisionRequest",
     'meta { request_id: "r-4" } decision_id: "d-1" authority_id: "ubnd-xa-a" '
     'nomination_ids: "n-1" reason: "Khai man\\r\\nthành tích"'),
    ("query_requests_fuzz", "statistics", 5, "award/v1/query_service.proto",
     "award.v1.GetStatisticsRequest",
     'authority_id: "ubnd-xa-a" from_year: 2025 to_year: 2026'),
    ("eventstore_requests_fuzz", "append", 0, "eventstore/v1/eventstore.proto",
     "eventstore.v1.AppendRequest",
     'streams { stream: "nomination-1" expected_kind: EXPECTED_VERSION_KIND_NO_STREAM '
     'events { event_id: "0123456789abcdef" type: "NominationDrafted" '
     'content_type: "award.v1.NominationDrafted" payload: "\\n\\x03n-1" '
     'metadata { actor: "clerk" request_id: "r-1" extra { key: "k" value: "v" } } } }'),
    ("eventstore_requests_fuzz", "read-all", 2, "eventstore/v1/eventstore.proto",
     "eventstore.v1.ReadAllRequest",
     'from_position: 5 max_count: 100 filter { stream_prefixes: "nomination-" }'),
]


def encode(proto, message, text):
    return subprocess.run(
        ["protoc", "-I", str(ROOT / "proto"), f"--encode={message}", proto],
        input=text.encode(), capture_output=True, check=True).stdout


def record(position, version, stream, payload, prev=bytes(32)):
    def string(value):
        return struct.pack(">I", len(value)) + value
    body = (prev + b"\x01" + struct.pack(">QQq", position, version, 1764979200000000) +
            string(stream) + bytes(range(16)) + string(b"NominationDrafted") +
            string(b"award.v1.NominationDrafted") + string(b"clerk") + string(b"c-1") +
            string(b"") + string(b"r-1") + struct.pack(">I", 1) + string(b"k") + string(b"v") +
            string(payload))
    return body + hashlib.sha256(body).digest()


def main():
    for target, name, method, proto, message, text in REQUESTS:
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        prefix = b"" if target == "eventstore_requests_fuzz" and method is None else bytes([method])
        (folder / name).write_bytes(prefix + encode(proto, message, text))
    folder = CORPUS / "record_decoder_fuzz"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "first").write_bytes(record(0, 0, b"nomination-1", b"\n\x03n-1"))
    (folder / "later").write_bytes(record(41, 7, b"awardee-9", b"", prev=bytes([7]) * 32))


if __name__ == "__main__":
    main()
