"""Runs confluent-kafka's own Schema Registry serializers (the reference client
behaviour) against a registry, so kpipe can be checked against them both ways.

Reads a job from stdin:
  {"registry": URL, "topic": T, "format": "avro" | "protobuf" | "json",
   "schema": Avro or JSON Schema text (avro, json),
   "references": [{"name", "subject", "version"}] (optional: the schema uses other
                 subjects' schemas, Avro named types or JSON Schema documents),
   "descriptor_set": base64 FileDescriptorSet, "message": full name (protobuf),
   "serialize": [JSON values], "deserialize": [hex of framed records]}
and writes {"serialized": [hex], "deserialized": [JSON values]}.
"""
import base64
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.serialization import MessageField, SerializationContext


def main():
    job = json.load(sys.stdin)
    client = SchemaRegistryClient({"url": job["registry"]})
    ctx = SerializationContext(job["topic"], MessageField.VALUE)
    fmt = job["format"]
    schema = job.get("schema")
    if job.get("references"):
        refs = [SchemaReference(r["name"], r["subject"], r["version"]) for r in job["references"]]
        schema = Schema(schema, {"avro": "AVRO", "json": "JSON"}[fmt], refs)
    if fmt == "avro":
        from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer

        ser = AvroSerializer(client, schema)
        de = AvroDeserializer(client)
        to_py = from_py = lambda v: v  # noqa: E731
    elif fmt == "json":
        from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer

        ser = JSONSerializer(schema, client)
        de = JSONDeserializer(None, schema_registry_client=client)
        to_py = from_py = lambda v: v  # noqa: E731
    elif fmt == "protobuf":
        from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
        from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer

        fds = descriptor_pb2.FileDescriptorSet.FromString(base64.b64decode(job["descriptor_set"]))
        pool = descriptor_pool.DescriptorPool()
        for fd in fds.file:
            pool.Add(fd)
        cls = message_factory.GetMessageClass(pool.FindMessageTypeByName(job["message"]))
        ser = ProtobufSerializer(cls, client, {"use.deprecated.format": False})
        # Without a registry client: the message type is known, the frame and indexes
        # are still read and checked.
        de = ProtobufDeserializer(cls, {"use.deprecated.format": False})
        to_py = lambda v: json_format.ParseDict(v, cls())  # noqa: E731
        from_py = json_format.MessageToDict
    else:
        raise SystemExit(f"unknown format {fmt}")
    serialized = [ser(to_py(v), ctx).hex() for v in job.get("serialize", [])]
    deserialized = [from_py(de(bytes.fromhex(h), ctx)) for h in job.get("deserialize", [])]
    json.dump({"serialized": serialized, "deserialized": deserialized}, sys.stdout)


main()
