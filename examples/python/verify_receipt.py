#!/usr/bin/env python3
"""Checks a receipt of the award platform's decisions, offline, on its own.

    verify_receipt.py RECEIPT.json --log-key KEY [--witness-key KEY ...] [--min-witnesses N]

Written from the formats' specifications, not from the platform's code, with
only the standard library and python3-cryptography (Debian's):

  * the receipt: award/v1/receipt.proto as protobuf JSON (bytes in base64,
    64-bit integers as decimal strings, fields left out when empty);
  * C2SP signed-note (https://c2sp.org/signed-note): the checkpoint's text,
    a blank line, then "— NAME base64(key id || signature)" lines; verifier
    keys "NAME+HEX(key id)+base64(type || public key)", the key id being
    SHA-256(NAME || "\\n" || type || public key)[:4];
  * C2SP tlog-checkpoint: origin, tree size, base64 root hash, one a line;
  * C2SP tlog-cosignature/v1 (type 0x04): the signature covers
    "cosignature/v1\\ntime T\\n" and the checkpoint's text, and the line
    carries T (8 bytes, big-endian) between the key id and the signature;
  * RFC 9162 section 2.1: leaf hash SHA-256(0x00 || leaf), node hash
    SHA-256(0x01 || left || right), the inclusion proof check of 2.1.3.2;
    the leaf of an event is its record's stored hash;
  * the log's key announcements (README, "Receipts"): a note whose text is
    "award-log-key/v1", "old OLD_KEY", "new NEW_KEY", signed by both keys;
    a key announced by a trusted one is trusted, in the receipt's order;
  * the platform's record (README, "Receipts"): prev_hash (32) || event ||
    hash (32), hash = SHA-256(prev_hash || event); the event is format 1,
    position, version, recorded time (u64/u64/i64), stream, a 16-byte id,
    type, content type, actor, correlation, causation, request id (each a
    u32 length and bytes), extra entries (u32 count, pairs), payload; all
    big-endian; the payload is the protobuf of award.v1.DecisionIssued
    (number 1, number_text 2, numbered_on 3: year 1, month 2, day 3,
    document_sha256 4) or award.v1.DecisionRevoked (nomination_ids 1,
    revoked_on 4, whole 8).

Prints what it proved and exits 0, or the step that failed and exits 1.
"""

import argparse
import base64
import datetime
import hashlib
import json
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORMAT = "award-decision-receipt/v1"
DASH = "\u2014 "
NOTE_SIGNER = 0x01
COSIGNER = 0x04


class Failed(Exception):
    def __init__(self, step, why):
        super().__init__(f"failed at {step}: {why}")


def sha256(*parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def parse_verifier_key(text, expected_type):
    try:
        name, key_id_hex, material = text.strip().split("+", 2)
        raw = base64.b64decode(material, validate=True)
        key_id = bytes.fromhex(key_id_hex)
    except ValueError as error:
        raise Failed("reading the keys", f"{text!r} is not a verifier key ({error})")
    if len(raw) != 33 or raw[0] != expected_type or len(key_id) != 4:
        raise Failed("reading the keys", f"{text!r} is not a key of type {expected_type:#04x}")
    if sha256(name.encode(), b"\n", raw[:1], raw[1:])[:4] != key_id:
        raise Failed("reading the keys", f"{text!r}: its key id does not match the key")
    return {"name": name, "id": key_id, "type": raw[0], "raw": raw,
            "key": Ed25519PublicKey.from_public_bytes(raw[1:])}


def open_note(note, keys):
    """The note's text and the verified signatures [(name, type, time)]."""
    if not note.endswith("\n") or "\n\n" not in note:
        raise Failed("the checkpoint's signatures", "not a signed note")
    split = note.rindex("\n\n")
    text = note[: split + 1]
    signed = []
    for line in note[split + 2 : -1].split("\n"):
        if not line.startswith(DASH) or " " not in line[len(DASH):]:
            raise Failed("the checkpoint's signatures", f"malformed signature line {line!r}")
        name, encoded = line[len(DASH):].split(" ", 1)
        blob = base64.b64decode(encoded)
        for key in keys:
            if key["name"] != name or blob[:4] != key["id"]:
                continue
            if key["type"] == COSIGNER:
                if len(blob) != 76:
                    raise Failed("the checkpoint's signatures", f"{name}: a malformed cosignature")
                (timestamp,) = struct.unpack(">Q", blob[4:12])
                message = f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()
                signature = blob[12:]
            else:
                if len(blob) != 68:
                    raise Failed("the checkpoint's signatures", f"{name}: a malformed signature")
                timestamp, message, signature = None, text.encode(), blob[4:]
            try:
                key["key"].verify(signature, message)
            except InvalidSignature:
                raise Failed("the checkpoint's signatures", f"the signature of {name} does not verify")
            signed.append((name, key["type"], timestamp))
    return text, signed


def follow_announcements(trusted, announcements):
    """The trusted keys and those announced, in order, by a key trusted by then."""
    trusted = list(trusted)
    for announcement in announcements:
        try:
            lines = announcement[: announcement.index("\n\n")].split("\n")
            if len(lines) != 3 or lines[0] != "award-log-key/v1":
                continue
            if not lines[1].startswith("old ") or not lines[2].startswith("new "):
                continue
            old = parse_verifier_key(lines[1][4:], NOTE_SIGNER)
            new = parse_verifier_key(lines[2][4:], NOTE_SIGNER)
            if old["name"] != new["name"]:
                continue
            # Signed by both: each key alone must find its own valid signature.
            if not all(open_note(announcement, [key])[1] for key in (old, new)):
                continue
        except (Failed, ValueError):
            continue
        same = lambda a, b: a["name"] == b["name"] and a["id"] == b["id"] and a["raw"] == b["raw"]
        if any(same(old, k) for k in trusted) and not any(same(new, k) for k in trusted):
            trusted.append(new)
    return trusted


def parse_checkpoint(text):
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise Failed("the checkpoint", "it is not origin, size and root, a line each")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise Failed("the checkpoint", f"size {size_text!r} is not a decimal number")
    root = base64.b64decode(root_text, validate=True)
    if len(root) != 32:
        raise Failed("the checkpoint", "the root hash is not 32 bytes")
    return origin, int(size_text), root


def verify_inclusion(index, size, leaf_hash, proof, root):
    """RFC 9162 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = sha256(b"\x01", p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = sha256(b"\x01", r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


class Reader:
    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, n):
        if self.at + n > len(self.data):
            raise ValueError("the record ends early")
        chunk = self.data[self.at : self.at + n]
        self.at += n
        return chunk

    def u32(self):
        return struct.unpack(">I", self.take(4))[0]

    def u64(self):
        return struct.unpack(">Q", self.take(8))[0]

    def string(self):
        return self.take(self.u32())


def parse_record(stored, position):
    if len(stored) < 65:
        raise ValueError("too short to be a record")
    prev_hash, event, stored_hash = stored[:32], stored[32:-32], stored[-32:]
    if sha256(prev_hash, event) != stored_hash:
        raise ValueError("its bytes do not hash to its hash")
    r = Reader(event)
    if r.take(1) != b"\x01":
        raise ValueError("not a record of format 1")
    record = {"position": r.u64(), "version": r.u64()}
    (record["micros"],) = struct.unpack(">q", r.take(8))
    record["stream"] = r.string().decode()
    r.take(16)  # the event id
    record["type"] = r.string().decode()
    for field in ("content_type", "actor", "correlation_id", "causation_id", "request_id"):
        r.string()
    for _ in range(r.u32()):
        r.string()
        r.string()
    record["payload"] = r.string()
    if r.at != len(event):
        raise ValueError("bytes after the payload")
    if record["position"] != position:
        raise ValueError(f"it says it is at position {record['position']}")
    record["hash"] = stored_hash
    return record


def protobuf_fields(data):
    """{field number: [values]}: varints as ints, length-delimited as bytes."""
    fields, at = {}, 0

    def varint():
        nonlocal at
        value, shift = 0, 0
        while True:
            if at >= len(data):
                raise ValueError("a varint ends early")
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7

    while at < len(data):
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            value = varint()
        elif wire == 2:
            length = varint()
            value = data[at : at + length]
            if len(value) != length:
                raise ValueError("a field ends early")
            at += length
        elif wire == 1:
            value, at = data[at : at + 8], at + 8
        elif wire == 5:
            value, at = data[at : at + 4], at + 4
        else:
            raise ValueError(f"wire type {wire}")
        fields.setdefault(number, []).append(value)
    return fields


def date_text(encoded):
    date = protobuf_fields(encoded)
    year, month, day = (date.get(n, [0])[-1] for n in (1, 2, 3))
    return f"{year:04d}-{month:02d}-{day:02d}"


def utc(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def verify(receipt_text, log_keys, witness_keys, min_witnesses):
    try:
        receipt = json.loads(receipt_text)
    except ValueError as error:
        raise Failed("reading the receipt", f"not JSON ({error})")
    if receipt.get("format") != FORMAT:
        raise Failed("reading the receipt", f"not a {FORMAT}")
    records = receipt.get("records", [])
    if not records:
        raise Failed("reading the receipt", "it proves no record")
    decision_id = receipt.get("decision_id", "")
    document = receipt.get("document", "").encode()

    given_log_keys = log_keys
    log_keys = follow_announcements(log_keys, receipt.get("key_announcements", []))
    text, signed = open_note(receipt.get("checkpoint", ""), log_keys + witness_keys)
    log_signers = [n for n, t, _ in signed if t == NOTE_SIGNER]
    if not log_signers:
        raise Failed("the checkpoint's signatures", "no log key signed it")
    origin, size, root = parse_checkpoint(text)
    if origin not in log_signers:
        raise Failed("the checkpoint", f"its origin {origin!r} is not the log key's name")
    cosigned = {}
    for name, key_type, timestamp in signed:
        if key_type == COSIGNER and name not in cosigned:
            cosigned[name] = timestamp
    if len(cosigned) < min_witnesses:
        raise Failed("the witnesses", f"{len(cosigned)} of the given witnesses cosigned the "
                     f"checkpoint; {min_witnesses} are required")

    lines = []
    for i, proven in enumerate(records):
        position = int(proven.get("position", "0"))
        step = f"record {i} (position {position})"
        try:
            record = parse_record(base64.b64decode(proven.get("record", "")), position)
            fields = protobuf_fields(record["payload"])
        except ValueError as error:
            raise Failed(step, str(error))
        proof = [base64.b64decode(h) for h in proven.get("inclusion_proof", [])]
        if any(len(h) != 32 for h in proof):
            raise Failed(step, "a proof hash is not 32 bytes")
        if not verify_inclusion(position, size, sha256(b"\x00", record["hash"]), proof, root):
            raise Failed(step, "not in the checkpoint's tree: the proof does not verify")
        if record["stream"] != f"decision-{decision_id}":
            raise Failed(step, f"it belongs to {record['stream']!r}, not to decision {decision_id}")
        recorded = utc(record["micros"] // 1_000_000)
        if i == 0:
            if record["type"] != "DecisionIssued":
                raise Failed(step, "the first record is not the decision's DecisionIssued")
            number_text = fields.get(2, [b""])[-1].decode()
            if hashlib.sha256(document).digest() != fields.get(4, [b""])[-1]:
                raise Failed("the document", f"its SHA-256 is {hashlib.sha256(document).hexdigest()}; "
                             "the decision was issued with another text")
            lines.append(f"decision {decision_id}: number {number_text}, issued "
                         f"{date_text(fields.get(3, [b''])[-1])}")
            lines.append(f"text: {len(document)} bytes, SHA-256 {hashlib.sha256(document).hexdigest()}"
                         ", the one the DecisionIssued record holds")
            lines.append(f"recorded at position {position} on {recorded}")
        else:
            if record["type"] != "DecisionRevoked":
                raise Failed(step, "a later record is not one of the decision's DecisionRevoked")
            nominations = ", ".join(n.decode() for n in fields.get(1, []))
            whole = " (whole)" if fields.get(8, [0])[-1] else " (in part)"
            lines.append(f"REVOKED on {date_text(fields.get(4, [b''])[-1])}{whole}: nominations "
                         f"{nominations}; recorded at position {position} on {recorded}")
    try:
        announced = not any(t == NOTE_SIGNER
                            for _, t, _ in open_note(receipt["checkpoint"], given_log_keys)[1])
    except Failed:
        announced = True
    signer = ("a key the log announced with a key given" if announced else "the log's key")
    lines.append(f"in log {origin}: a tree of {size} events with root "
                 f"{base64.b64encode(root).decode()}, signed by {signer}")
    lines.append("cosigned by " + "; ".join(f"{n} at {utc(t)}" for n, t in cosigned.items())
                 if cosigned else "cosigned by no witness given")
    if len(records) == 1:
        lines.append("this receipt carries no revocation; it cannot show that none was made "
                     "(a receipt fetched from the log later carries any)")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("receipt")
    parser.add_argument("--log-key", action="append", default=[], required=True)
    parser.add_argument("--witness-key", action="append", default=[])
    parser.add_argument("--min-witnesses", type=int, default=0)
    args = parser.parse_args()
    try:
        log_keys = [parse_verifier_key(k, NOTE_SIGNER) for k in args.log_key]
        witness_keys = [parse_verifier_key(k, COSIGNER) for k in args.witness_key]
        with open(args.receipt, encoding="utf-8") as f:
            lines = verify(f.read(), log_keys, witness_keys, args.min_witnesses)
    except Failed as failure:
        print(failure)
        return 1
    print("ok")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
