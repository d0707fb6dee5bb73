#!/usr/bin/python3
"""Writes development keys for the log and its witness into DIR, in C2SP's
text forms (https://c2sp.org/signed-note), each kept if already there:

    log-signing.key, log-signing.pub              the log's keys (type 0x01)
    witness-cosigning.key, witness-cosigning.pub  the witness's (type 0x04)

    scripts/dev-log-keys.py DIR [LOG_ORIGIN] [WITNESS_NAME]

For development: a real log's key is made by its server at the first start
(awardd or eventstore_server --print_log_key), a witness's by award_witness.
"""
import base64
import hashlib
import os
import pathlib
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

RAW = dict(encoding=serialization.Encoding.Raw, format=serialization.PrivateFormat.Raw,
           encryption_algorithm=serialization.NoEncryption())


def write_key(directory, stem, name, key_type):
    private_file = directory / f"{stem}.key"
    public_file = directory / f"{stem}.pub"
    if private_file.exists() and public_file.exists():
        return
    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(**RAW)
    public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    kind = bytes([key_type])
    key_id = hashlib.sha256(name.encode() + b"\n" + kind + public).digest()[:4].hex()
    fd = os.open(private_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(f"PRIVATE+KEY+{name}+{key_id}+{base64.b64encode(kind + seed).decode()}\n")
    public_file.write_text(f"{name}+{key_id}+{base64.b64encode(kind + public).decode()}\n")


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    directory = pathlib.Path(sys.argv[1])
    directory.mkdir(parents=True, exist_ok=True)
    origin = sys.argv[2] if len(sys.argv) > 2 else "award.local/log"
    witness = sys.argv[3] if len(sys.argv) > 3 else "witness.local/w1"
    write_key(directory, "log-signing", origin, 0x01)
    write_key(directory, "witness-cosigning", witness, 0x04)
    return 0


if __name__ == "__main__":
    sys.exit(main())
