//! The `avro` format.
//!
//! Wire format: with a local schema file (`--value-schema x.avsc`, no registry) a
//! record is the bare Avro binary encoding of one value ("schemaless" Avro, no
//! header). With a Schema Registry it is Confluent-framed: magic byte `0`, the 4-byte
//! big-endian schema id, then the Avro binary (see [`super::wire`]).
//!
//! Produce reads one JSON value per record (`--avro-json plain|avro`, see
//! [`encode`]); consume shows each value as JSON in the same mapping (see [`decode`]).
//! On consume the writer schema is the one named by the record's id, fetched once per
//! id and compiled into a decoding plan; a local schema given as well acts as the
//! reader schema, with Avro's schema-resolution rules (evolution).
//!
//! The schema handling is kpipe's own (a parser into a flat node arena, an encoder and
//! a plan-driven decoder) rather than `apache-avro`'s: that crate rebuilds its resolved
//! schema on every datum (most of the decode time, see apache/avro-rs#310), goes
//! through an intermediate value tree, and reads a `uuid` on `fixed(16)` as if it were
//! length-prefixed. Byte compatibility is cross-checked against Python's `fastavro`.

pub mod decode;
pub mod encode;
pub mod logical;
pub mod schema;
pub mod stream;

use std::sync::Arc;

use clap::ValueEnum;
use serde_json::Value;

use self::decode::Plan;
use self::schema::Schema;
use super::registry::{Client, SchemaType};
use super::schemas::ById;
use super::{wire, Decoded, Decoder, Encoder, SerdeError};

/// `--avro-json`: how Avro values look as JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum AvroJson {
    /// Unions as bare values, logical types as readable text (dates, timestamps, decimals)
    #[default]
    Plain,
    /// Avro's standard JSON encoding: unions as {"type": value}, logical types as their underlying type
    Avro,
}

/// The JSON mapping, plus the one used for field defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Plain,
    Avro,
    /// Avro JSON where a union takes its first branch untagged (record field defaults).
    Default,
}

impl From<AvroJson> for Mode {
    fn from(j: AvroJson) -> Mode {
        match j {
            AvroJson::Plain => Mode::Plain,
            AvroJson::Avro => Mode::Avro,
        }
    }
}

/// Parses a schema file's text, naming the file in errors.
pub fn parse_schema(text: &str, origin: &str) -> Result<Arc<Schema>, String> {
    Schema::parse(text)
        .map(Arc::new)
        .map_err(|e| format!("invalid Avro schema {origin}: {e}"))
}

/// Produce side: JSON → Avro binary, framed when a schema id is given.
pub struct AvroEncoder {
    schema: Arc<Schema>,
    mode: Mode,
    id: Option<u32>,
    /// The root takes strings: input that is not JSON is taken as the text itself.
    accepts_text: bool,
    pool: stream::Pool,
}

impl AvroEncoder {
    pub fn new(schema: Arc<Schema>, json: AvroJson, id: Option<u32>) -> Self {
        let accepts_text = matches!(
            schema.node(schema.root).kind,
            schema::Kind::String | schema::Kind::Enum(_)
        ) || matches!(&schema.node(schema.root).kind, schema::Kind::Union(b)
            if b.iter().any(|b| matches!(schema.node(*b).kind, schema::Kind::String)));
        AvroEncoder {
            schema,
            mode: json.into(),
            id,
            accepts_text,
            pool: stream::Pool::default(),
        }
    }
}

impl Encoder for AvroEncoder {
    fn encode<'a>(
        &mut self,
        input: &'a [u8],
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        scratch.clear();
        if let Some(id) = self.id {
            wire::write_header(scratch, id);
        }
        let start = scratch.len();
        let first = stream::encode_text(
            &self.schema,
            self.schema.root,
            self.mode,
            input,
            scratch,
            &mut self.pool,
        );
        let err = match first {
            Ok(()) => return Ok(scratch),
            Err(stream::StreamError::Json(e)) => SerdeError::Json(e),
            Err(stream::StreamError::Encode(e)) => SerdeError::Avro(e.to_string()),
        };
        // The text alone is the value for a schema that takes strings: a line of a text
        // file, an envelope "value" string, a number-like line ("123").
        if self.accepts_text {
            let json_string = serde_json::from_slice::<Value>(input).is_ok_and(|v| v.is_string());
            if let (false, Ok(text)) = (json_string, std::str::from_utf8(input)) {
                scratch.truncate(start);
                let value = Value::String(text.to_string());
                if encode::encode(&self.schema, self.schema.root, &value, self.mode, scratch)
                    .is_ok()
                {
                    return Ok(scratch);
                }
            }
        }
        Err(crate::serde::empty_json(input).unwrap_or(err))
    }

    fn encode_json<'a>(
        &mut self,
        value: &Value,
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        self.encode_value(value, scratch)?;
        Ok(scratch)
    }
}

impl AvroEncoder {
    fn encode_value(&self, value: &Value, out: &mut Vec<u8>) -> Result<(), SerdeError> {
        out.clear();
        if let Some(id) = self.id {
            wire::write_header(out, id);
        }
        encode::encode(&self.schema, self.schema.root, value, self.mode, out)
            .map_err(|e| SerdeError::Avro(e.to_string()))
    }
}

/// Where the writer schema of each record comes from.
enum Writer {
    /// One local schema for every record.
    Fixed(Arc<Plan>),
    /// The registry, by the id in each record's frame.
    Registry {
        plans: ById<Plan>,
        reader: Option<Arc<Schema>>,
    },
}

/// Consume side: Avro binary (framed or not) → JSON.
pub struct AvroDecoder {
    framed: bool,
    writer: Writer,
    mode: Mode,
    last_id: Option<u32>,
}

impl AvroDecoder {
    /// Bare Avro (or framed with `framed`, ignoring the id) decoded with a local schema.
    pub fn local(schema: Arc<Schema>, json: AvroJson, framed: bool) -> Result<Self, String> {
        let plan = Plan::new(schema, None, json.into())?;
        Ok(AvroDecoder {
            framed,
            writer: Writer::Fixed(Arc::new(plan)),
            mode: json.into(),
            last_id: None,
        })
    }

    /// Framed Avro whose writer schemas come from the registry; `reader`, if any, is
    /// the schema to read them as.
    pub fn registry(client: Arc<Client>, reader: Option<Arc<Schema>>, json: AvroJson) -> Self {
        AvroDecoder {
            framed: true,
            writer: Writer::Registry {
                plans: ById::new(client),
                reader,
            },
            mode: json.into(),
            last_id: None,
        }
    }
}

impl Decoder for AvroDecoder {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Result<Decoded<'a>, SerdeError> {
        self.last_id = None;
        let payload = if self.framed {
            let (id, payload) = wire::split(bytes)?;
            self.last_id = Some(id);
            payload
        } else {
            bytes
        };
        let plan = match &mut self.writer {
            Writer::Fixed(plan) => plan.clone(),
            Writer::Registry { plans, reader } => {
                let id = self.last_id.unwrap_or_default();
                let mode = self.mode;
                let reader = reader.clone();
                plans.get(id, SchemaType::Avro, |client, registered| {
                    let refs = client.referenced(registered)?;
                    let texts: Vec<String> = refs.into_iter().map(|(_, text)| text).collect();
                    let writer = Schema::parse_with_references(&registered.schema, &texts)
                        .map_err(|e| {
                            SerdeError::Schema(format!(
                                "schema id {id} from the registry is not a usable Avro schema: {e}"
                            ))
                        })?;
                    Plan::new(Arc::new(writer), reader.as_ref(), mode).map_err(|e| {
                        SerdeError::Schema(format!(
                            "schema id {id} cannot be read with the given reader schema: {e}"
                        ))
                    })
                })?
            }
        };
        let mut out = Vec::with_capacity(payload.len() * 2 + 16);
        plan.render(payload, &mut out).map_err(SerdeError::Avro)?;
        // The renderer writes JSON text only, so always UTF-8.
        String::from_utf8(out)
            .map(Decoded::JsonText)
            .map_err(|e| SerdeError::Avro(format!("internal error: {e}")))
    }

    fn schema_id(&self) -> Option<u32> {
        self.last_id
    }
}

#[cfg(test)]
mod tests;
