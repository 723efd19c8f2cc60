"""Cross-checks kpipe's Avro codec against fastavro, an independent implementation.

Reads a job from stdin:
  {"schema": <Avro schema>, "cases": [{"avro_json": "<value in Avro's JSON encoding>",
                                        "kpipe_bytes": "<hex>", "kpipe_plain": <kpipe plain JSON>}]}
and writes, for each case:
  {"py_bytes": hex of fastavro's binary encoding of avro_json,
   "py_avro_json": fastavro's Avro-JSON rendering of kpipe_bytes,
   "plain_problems": differences between kpipe_plain and fastavro's decoded values}
"""
import datetime
import decimal
import io
import json
import math
import struct
import sys
import uuid

import fastavro


def close(a, b):
    if isinstance(a, str):
        a = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(a, a)
    if not isinstance(a, (int, float)) or isinstance(a, bool):
        return False
    if math.isnan(b):
        return isinstance(a, float) and math.isnan(a)
    return a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b))


def compare(ours, obj, path, problems):
    def bad(why):
        problems.append(f"{path or '/'}: {why}: kpipe {ours!r}, fastavro {obj!r}")

    if isinstance(obj, dict):
        if not isinstance(ours, dict) or set(ours) != set(obj):
            return bad("different objects")
        for k in obj:
            compare(ours[k], obj[k], f"{path}/{k}", problems)
    elif isinstance(obj, list):
        if not isinstance(ours, list) or len(ours) != len(obj):
            return bad("different arrays")
        for i, (a, b) in enumerate(zip(ours, obj)):
            compare(a, b, f"{path}/{i}", problems)
    elif isinstance(obj, datetime.datetime):
        try:
            parsed = datetime.datetime.fromisoformat(ours.replace("Z", "+00:00"))
        except Exception as e:  # noqa: BLE001
            return bad(f"not a timestamp ({e})")
        if parsed != obj:
            bad("different timestamps")
    elif isinstance(obj, datetime.date):
        if not isinstance(ours, str) or datetime.date.fromisoformat(ours) != obj:
            bad("different dates")
    elif isinstance(obj, datetime.time):
        if not isinstance(ours, str) or datetime.time.fromisoformat(ours) != obj:
            bad("different times")
    elif isinstance(obj, decimal.Decimal):
        if not isinstance(ours, str) or decimal.Decimal(ours) != obj:
            bad("different decimals")
    elif isinstance(obj, uuid.UUID):
        if not isinstance(ours, str) or uuid.UUID(ours) != obj:
            bad("different UUIDs")
    elif isinstance(obj, bytes):
        if isinstance(ours, dict) and set(ours) == {"months", "days", "milliseconds"}:
            if struct.pack("<III", ours["months"], ours["days"], ours["milliseconds"]) != obj:
                bad("different durations")
        elif isinstance(ours, str) and len(ours) == 36 and len(obj) == 16:
            if uuid.UUID(ours).bytes != obj:
                bad("different UUIDs")
        elif not isinstance(ours, str) or ours.encode("latin-1") != obj:
            bad("different bytes")
    elif isinstance(obj, float):
        if not close(ours, obj):
            bad("different numbers")
    elif type(ours) is not type(obj) or ours != obj:
        bad("different values")


def main():
    job = json.load(sys.stdin)
    schema = fastavro.parse_schema(job["schema"])
    results = []
    for case in job["cases"]:
        record = next(iter(fastavro.json_reader(io.StringIO(case["avro_json"]), schema)))
        out = io.BytesIO()
        fastavro.schemaless_writer(out, schema, record)
        decoded = fastavro.schemaless_reader(io.BytesIO(bytes.fromhex(case["kpipe_bytes"])), schema, None)
        text = io.StringIO()
        fastavro.json_writer(text, schema, [decoded])
        problems = []
        compare(case["kpipe_plain"], decoded, "", problems)
        results.append(
            {"py_bytes": out.getvalue().hex(), "py_avro_json": text.getvalue().strip(), "plain_problems": problems}
        )
    json.dump({"cases": results}, sys.stdout)


main()
