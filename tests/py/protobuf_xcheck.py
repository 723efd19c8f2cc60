"""Cross-checks kpipe's protobuf codec against Google's Python protobuf runtime, and
its Confluent message indexes against confluent-kafka's (when that is installed).

Reads a job from stdin:
  {"descriptor_set": base64 FileDescriptorSet,
   "cases": [{"message": full name, "json": JSON text, "kpipe_bytes": hex, "kpipe_framed": hex}]}
and writes, for each case:
  {"py_bytes": hex of the message parsed from "json" and serialized,
   "py_json": kpipe_bytes parsed and printed with the canonical JSON mapping,
   "py_indexes": hex of confluent-kafka's message-index encoding (absent without it)}
"""
import base64
import io
import json
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

try:
    from confluent_kafka.schema_registry.common.protobuf import _create_index_array
    from confluent_kafka.schema_registry.common.serde import SchemaId
except Exception:  # noqa: BLE001 - optional
    _create_index_array = None


def main():
    job = json.load(sys.stdin)
    fds = descriptor_pb2.FileDescriptorSet.FromString(base64.b64decode(job["descriptor_set"]))
    pool = descriptor_pool.DescriptorPool()
    for fd in fds.file:
        pool.Add(fd)
    results = []
    for case in job["cases"]:
        desc = pool.FindMessageTypeByName(case["message"])
        cls = message_factory.GetMessageClass(desc)
        msg = json_format.Parse(case["json"], cls())
        theirs = cls.FromString(bytes.fromhex(case["kpipe_bytes"]))
        result = {
            "py_bytes": msg.SerializeToString(deterministic=True).hex(),
            "py_json": json_format.MessageToDict(theirs),
        }
        if _create_index_array is not None:
            buf = io.BytesIO()
            SchemaId._encode_varints(buf, _create_index_array(desc))
            result["py_indexes"] = buf.getvalue().hex()
            framed = io.BytesIO(bytes.fromhex(case["kpipe_framed"])[5:])
            assert SchemaId._read_index_array(framed) == _create_index_array(desc)
        results.append(result)
    json.dump({"cases": results}, sys.stdout)


main()
