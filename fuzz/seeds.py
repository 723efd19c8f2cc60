#!/usr/bin/env python3
"""Writes the hand-made seeds of fuzz/corpus/ (run once; the fuzzer grows the rest).

The Avro and protobuf seeds are valid records of the fixed schemas in src/fuzzing.rs,
encoded here independently (fastavro, hand-written protobuf wire format).
"""
import datetime
import decimal
import io
import json
import os
import re
import struct
import uuid

import fastavro

HERE = os.path.dirname(os.path.abspath(__file__))


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


OFFSETS = ["start", "end", "stored", "-100", "+5", "1000:2000", "0=5:,1=end", ":-3",
           "@2024-01-01T00:00:00Z:@2024-01-02", "@-1h:", "@1700000000000:end",
           "start:+10\n3=stored:end", "0,2,5-7", "-0:", "@now-30m:@now"]
for i, s in enumerate(OFFSETS):
    put("offsets", f"seed-{i:02}", s)

OUTPUT = ["%t %p %o %k %v\\n", "%k{hex}\\t%v{base64}\\n", "%T %d{%Y-%m-%dT%H:%M:%S}\\n",
          "%h\\n", "%h{trace}{hex}|%S|%R|%K\\n", "%%\\x41\\0%v{json}\\n", "%o:%v{pretty}\\r\\n"]
for i, s in enumerate(OUTPUT):
    put("output_format", f"seed-{i:02}", s)

INPUT = [
    ("%k\\t%v\\n", b"k1\tv1\nk2\tv2\n"),
    ("%K{big32}%k%V{big32}%v", struct.pack(">I", 2) + b"ab" + struct.pack(">I", 3) + b"xyz"),
    ("%t %p %v\\n", b"topic 3 hello\n"),
    ("%H{byte}%h{%K{byte}%k%V{byte}%v}%v\\n", b"\x01\x01a\x01b" + b"val\n"),
    ("%V{little16}%v", b"\x03\x00abc"),
    ("%k=%v\\x00", b"a=b\x00c=d\x00"),
]
for i, (spec, data) in enumerate(INPUT):
    put("input_format", f"seed-{i:02}", spec.encode() + b"\n" + data)

ENVELOPES = [
    {"topic": "t", "partition": 0, "offset": 1, "timestamp": 1700000000000,
     "timestamp_type": "create", "key": "k", "value": {"a": 1},
     "headers": [{"key": "h", "value": "v"}, {"key": "n", "value": None}]},
    {"key": None, "value": "/w==", "value_encoding": "base64"},
    {"value": "x", "timestamp": "2024-01-01T00:00:00Z",
     "headers": [{"key": "b", "value": "AAE=", "encoding": "base64"}]},
    {"payload": "kcat", "ts": 5, "headers": ["a", "1", "b", "2"]},
    {"value": [1, 2.5, True, None], "key": 7},
]
for i, e in enumerate(ENVELOPES):
    put("envelope", f"seed-{i:02}", json.dumps(e))

FRAMES = [b"\x00\x00\x00\x00\x01\x00", b"\x00\x00\x00\x00\x07\x04\x02\x06",
          b"\x00\xff\xff\xff\xff\x02\x00payload", b"\x00\x00\x00"]
for i, f in enumerate(FRAMES):
    put("frame", f"seed-{i:02}", f)

src = open(os.path.join(HERE, "..", "src", "fuzzing.rs")).read()
avro_text = re.search(r'pub const AVRO_SCHEMA: &str = r#"(.*?)"#;', src, re.S).group(1)
schema = fastavro.parse_schema(json.loads(avro_text))
utc = datetime.timezone.utc


def everything(nxt=None):
    return {
        "b": True, "i": -3, "l": 1 << 40, "f": 1.5, "d": -2.25, "s": "héllo",
        "raw": b"\x00\xff", "color": "GREEN", "fix": b"abcd", "list": [1, -2, 3],
        "dict": {"a": None, "b": "x", "c": "RED"}, "maybe": b"wxyz",
        "date": datetime.date(2024, 2, 29), "tmillis": datetime.time(12, 30, 1, 5000),
        "tmicros": datetime.time(23, 59, 59, 999999),
        "tsmillis": datetime.datetime(2024, 1, 1, tzinfo=utc),
        "tsmicros": datetime.datetime(1969, 12, 31, 23, 59, 59, 1, tzinfo=utc),
        "tsnanos": 1700000000000000000,
        "local": datetime.datetime(2024, 1, 1),
        "dec": decimal.Decimal("-1234.5678"), "decfix": decimal.Decimal("99.99"),
        "uuid": str(uuid.UUID(int=0x1234)), "dur": b"\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00",
        "next": nxt,
    }


for i, rec in enumerate([everything(), everything(everything(everything()))]):
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, schema, rec)
    put("avro", f"seed-{i:02}", buf.getvalue())
    put("avro", f"seed-{i:02}-framed", b"\x00\x00\x00\x00\x01" + buf.getvalue())


def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint(field << 3 | wire)


def ld(field, data):
    return key(field, 2) + varint(len(data)) + data


def zz(n):
    return varint((n << 1) ^ (n >> 63))


inner = ld(2, struct.pack("<2d", 1.0, -0.5))
msg = (key(1, 1) + struct.pack("<d", 3.5) + key(2, 5) + struct.pack("<f", 0.25)
       + key(3, 0) + varint(-1) + key(4, 0) + varint(1 << 50) + key(5, 0) + varint(7)
       + key(6, 0) + varint((1 << 64) - 1) + key(7, 0) + zz(-5) + key(8, 0) + zz(-(1 << 40))
       + key(9, 5) + struct.pack("<I", 9) + key(10, 1) + struct.pack("<Q", 10)
       + key(11, 5) + struct.pack("<i", -11) + key(12, 1) + struct.pack("<q", -12)
       + key(13, 0) + varint(1) + ld(14, "ünïcode".encode()) + ld(15, b"\x00\x01\xff")
       + key(16, 0) + varint(1) + ld(17, varint(1) + varint(300) + varint(-1))
       + ld(18, b"a") + ld(18, b"b")
       + ld(19, ld(1, b"child") + ld(2, ld(14, b"nested")))
       + ld(20, key(1, 0) + varint(5) + ld(2, b"blob"))
       + ld(22, inner) + key(23, 0) + varint(0)
       + ld(24, key(1, 0) + varint(1700000000) + key(2, 0) + varint(5))
       + ld(25, key(1, 0) + varint(-3) + key(2, 0) + varint(-500))
       + ld(26, ld(1, ld(1, b"k") + ld(2, key(4, 0) + varint(1))))
       + ld(27, key(1, 0) + varint(42))
       + ld(28, ld(1, b"type.googleapis.com/google.protobuf.Int64Value") + ld(2, key(1, 0) + varint(1)))
       + ld(29, key(2, 1) + struct.pack("<d", 2.0))
       + ld(30, varint(0) + varint(1) + varint(7)))
put("protobuf", "seed-00", msg)
put("protobuf", "seed-00-framed", b"\x00\x00\x00\x00\x01\x00" + msg)
put("protobuf", "seed-01", ld(21, b"text") + key(99, 0) + varint(1) + ld(100, b"unknown"))
put("protobuf", "seed-02-framed", b"\x00\x00\x00\x00\x02\x02\x00" + ld(14, b"x"))
