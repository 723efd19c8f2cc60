"""Produces or consumes records through a real broker with confluent-kafka's own Schema
Registry serializers, for kpipe's end-to-end cross-checks.

Reads a job from stdin:
  {"op": "produce" | "consume", "bootstrap": B, "registry": URL, "topic": T,
   "format": "avro" | "protobuf" | "json", "key_format": "string" | <same choices>,
   "schema": Avro or JSON Schema text, "key_schema": ...,
   "descriptor_set": base64 FileDescriptorSet, "message": full name (protobuf values),
   "records": [{"key": ..., "value": ...}]   (produce)
   "count": N                                (consume: read N records from the start),
   "registry_tls": {"ca", "cert", "key"}     (optional: an HTTPS registry's CA and the
                                              client certificate and key, PEM files)}
and writes {"produced": N} or {"records": [{"key", "value", "partition", "offset"}]}.
"""
import base64
import json
import sys

from confluent_kafka import DeserializingConsumer, SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.serialization import StringDeserializer, StringSerializer


def serdes(job, client, fmt, schema, message):
    if fmt == "string":
        return StringSerializer("utf_8"), StringDeserializer("utf_8"), (lambda v: v), (lambda v: v)
    if fmt == "avro":
        from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer

        return AvroSerializer(client, schema), AvroDeserializer(client), (lambda v: v), (lambda v: v)
    if fmt == "json":
        from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer

        return (
            JSONSerializer(schema, client),
            JSONDeserializer(None, schema_registry_client=client),
            (lambda v: v),
            (lambda v: v),
        )
    if fmt == "protobuf":
        from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
        from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer

        fds = descriptor_pb2.FileDescriptorSet.FromString(base64.b64decode(job["descriptor_set"]))
        pool = descriptor_pool.DescriptorPool()
        for fd in fds.file:
            pool.Add(fd)
        cls = message_factory.GetMessageClass(pool.FindMessageTypeByName(message))
        return (
            ProtobufSerializer(cls, client, {"use.deprecated.format": False}),
            ProtobufDeserializer(cls, {"use.deprecated.format": False}),
            (lambda v: json_format.ParseDict(v, cls())),
            json_format.MessageToDict,
        )
    raise SystemExit(f"unknown format {fmt}")


def main():
    job = json.load(sys.stdin)
    conf = {"url": job["registry"]}
    tls = job.get("registry_tls")
    if tls:
        conf.update({"ssl.ca.location": tls["ca"], "ssl.certificate.location": tls["cert"],
                     "ssl.key.location": tls["key"]})
    client = SchemaRegistryClient(conf)
    kser, kde, kin, kout = serdes(job, client, job.get("key_format", "string"), job.get("key_schema"), None)
    vser, vde, vin, vout = serdes(job, client, job["format"], job.get("schema"), job.get("message"))
    if job["op"] == "produce":
        producer = SerializingProducer(
            {"bootstrap.servers": job["bootstrap"], "key.serializer": kser, "value.serializer": vser}
        )
        for r in job["records"]:
            key = r.get("key")
            value = r.get("value")
            producer.produce(
                job["topic"],
                key=None if key is None else kin(key),
                value=None if value is None else vin(value),
                partition=r.get("partition", 0),
            )
        producer.flush(30)
        json.dump({"produced": len(job["records"])}, sys.stdout)
        return
    consumer = DeserializingConsumer(
        {
            "bootstrap.servers": job["bootstrap"],
            "group.id": f"xcheck-{job['topic']}",
            "auto.offset.reset": "earliest",
            "key.deserializer": kde,
            "value.deserializer": vde,
        }
    )
    consumer.subscribe([job["topic"]])
    records = []
    for _ in range(600):
        if len(records) >= job["count"]:
            break
        msg = consumer.poll(0.1)
        if msg is None:
            continue
        if msg.error():
            raise SystemExit(str(msg.error()))
        key, value = msg.key(), msg.value()
        records.append(
            {
                "key": None if key is None else kout(key),
                "value": None if value is None else vout(value),
                "partition": msg.partition(),
                "offset": msg.offset(),
            }
        )
    consumer.close()
    json.dump({"records": records}, sys.stdout)


main()
