//! Pluggable serializers: how record keys and values turn into bytes (produce) and back
//! into something printable (consume).
//!
//! Each format is one file. `produce` asks an [`Encoder`] for the bytes of each key or
//! value; `consume` asks a [`Decoder`] for a [`Decoded`] view that the output layer
//! prints as raw bytes, text or embedded JSON. Formats are chosen independently for
//! keys and values (`--key-format`, `--value-format`). The schema formats (Avro,
//! Protobuf, JSON Schema with a Schema Registry) implement the same two traits.

pub mod avro;
pub mod envelope;
pub mod json;
pub mod json_schema;
pub mod plain;
pub mod protobuf;
pub mod registry;
pub mod schemas;
pub mod wire;

#[cfg(test)]
#[path = "../../tests/it/registry.rs"]
pub mod fake_registry;
#[cfg(test)]
pub mod testutil;

use std::borrow::Cow;

use clap::ValueEnum;

/// Why a key or value could not be encoded or decoded. The caller adds the record's
/// position (file and line, or partition and offset), and exits with [`SerdeError::code`].
#[derive(Debug, Clone, thiserror::Error)]
pub enum SerdeError {
    #[error("invalid hex: {0}")]
    Hex(String),
    #[error("invalid base64: {0}")]
    Base64(String),
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("{format} cannot encode a JSON {kind}; give a string")]
    NotAString {
        format: &'static str,
        kind: &'static str,
    },
    /// Not (or badly) framed in the Schema Registry wire format.
    #[error("{0}")]
    Framing(String),
    #[error("Avro: {0}")]
    Avro(String),
    #[error("protobuf: {0}")]
    Protobuf(String),
    #[error("JSON Schema: {0}")]
    JsonSchema(String),
    /// A schema from the registry that cannot be used (wrong type, does not compile).
    #[error("{0}")]
    Schema(String),
    /// The registry could not be asked, or does not know the record's schema id.
    #[error(transparent)]
    Registry(#[from] registry::RegistryError),
    /// A codec could not be set up for a record's topic (its subject is unknown, the
    /// registry is down): exits with the setup error's own code.
    #[error("{message}")]
    Setup {
        message: String,
        code: crate::exit::Code,
    },
}

impl SerdeError {
    /// The exit code for a run stopped by this error: `BAD_INPUT`, except
    /// `CONNECTION` when the schema registry could not be reached.
    pub fn code(&self) -> crate::exit::Code {
        match self {
            SerdeError::Registry(e) => e.code(),
            SerdeError::Setup { code, .. } => *code,
            _ => crate::exit::BAD_INPUT,
        }
    }
}

/// The error for a record with no JSON text at all (an empty line): clearer than
/// serde_json's "EOF while parsing a value at line 1 column 0".
pub fn empty_json(input: &[u8]) -> Option<SerdeError> {
    input.trim_ascii().is_empty().then(|| {
        SerdeError::Json("the record is empty (an empty line? --skip-empty drops them)".into())
    })
}

/// The formats for `--key-format` / `--value-format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text as is (invalid UTF-8 is kept as bytes, never corrupted)
    #[default]
    String,
    /// Raw bytes, untouched
    Bytes,
    /// Bytes written as hexadecimal text
    Hex,
    /// Bytes written as base64 text
    Base64,
    /// JSON documents, validated and compacted
    Json,
    /// Avro, with a schema file (--value-schema x.avsc) or a schema registry
    Avro,
    /// Protobuf, with .proto files, a descriptor set or a schema registry
    Protobuf,
    /// JSON checked against a JSON Schema (file or schema registry)
    #[value(name = "json-schema")]
    JsonSchema,
}

impl Format {
    /// True for the formats that need a schema; build those with
    /// [`schemas::Codecs`], which also handles every other format.
    pub fn needs_schema(self) -> bool {
        matches!(self, Format::Avro | Format::Protobuf | Format::JsonSchema)
    }

    /// The codec of a byte format. A schema format gets a codec that refuses every
    /// record: those are built by [`schemas::Codecs`].
    pub fn encoder(self) -> Box<dyn Encoder> {
        match self {
            Format::String | Format::Bytes => Box::new(plain::Raw),
            Format::Hex => Box::new(plain::Hex),
            Format::Base64 => Box::new(plain::Base64),
            Format::Json => Box::new(json::Json),
            Format::Avro | Format::Protobuf | Format::JsonSchema => Box::new(Unconfigured(self)),
        }
    }

    pub fn decoder(self) -> Box<dyn Decoder> {
        match self {
            Format::String => Box::new(plain::Text),
            Format::Bytes => Box::new(plain::Raw),
            Format::Hex => Box::new(plain::Hex),
            Format::Base64 => Box::new(plain::Base64),
            Format::Json => Box::new(json::Json),
            Format::Avro | Format::Protobuf | Format::JsonSchema => Box::new(Unconfigured(self)),
        }
    }
}

/// Stands in for a schema format built without its schema (a kpipe bug, not a user's).
struct Unconfigured(Format);

impl Unconfigured {
    fn error(&self) -> SerdeError {
        SerdeError::Schema(format!(
            "internal error: the {:?} format was built without its schema",
            self.0
        ))
    }
}

impl Encoder for Unconfigured {
    fn encode<'a>(&mut self, _: &'a [u8], _: &'a mut Vec<u8>) -> Result<&'a [u8], SerdeError> {
        Err(self.error())
    }

    fn encode_json<'a>(
        &mut self,
        _: &serde_json::Value,
        _: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        Err(self.error())
    }
}

impl Decoder for Unconfigured {
    fn decode<'a>(&mut self, _: &'a [u8]) -> Result<Decoded<'a>, SerdeError> {
        Err(self.error())
    }
}

/// Produce side: input text or JSON → record bytes.
pub trait Encoder: Send {
    /// Encodes a textual field (a line, a file, an envelope string). May return `input`
    /// itself (no copy) or bytes written into `scratch`.
    fn encode<'a>(
        &mut self,
        input: &'a [u8],
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError>;

    /// Encodes a structured JSON value (an envelope `key`/`value` that is an object,
    /// array, number or boolean), so decoded output from `consume` replays as the same
    /// bytes.
    fn encode_json<'a>(
        &mut self,
        value: &serde_json::Value,
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        scratch.clear();
        serde_json::to_writer(&mut *scratch, value).map_err(|e| SerdeError::Json(e.to_string()))?;
        Ok(scratch)
    }

    /// Tells the encoder the topic of the records that follow, when records name their
    /// own topics (JSON envelopes, format strings). Schema encoders with a registry use it
    /// for the topic's subject; the others ignore it.
    fn set_topic(&mut self, _topic: &str) -> Result<(), SerdeError> {
        Ok(())
    }
}

/// Consume side: record bytes → something printable.
pub trait Decoder: Send {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Result<Decoded<'a>, SerdeError>;

    /// The Schema Registry id of the record just decoded, when it was framed (for
    /// `"key_schema_id"`/`"value_schema_id"` in the JSON envelope).
    fn schema_id(&self) -> Option<u32> {
        None
    }
}

/// A decoded key or value, ready for any output shape.
///
/// Equality compares content: `Json` and `JsonText` are equal when they hold the same
/// JSON value.
#[derive(Debug, Clone)]
pub enum Decoded<'a> {
    /// Bytes with no text form: raw on a plain output, UTF-8 or base64 in JSON.
    Bytes(&'a [u8]),
    /// Text (always valid UTF-8).
    Text(Cow<'a, str>),
    /// A structured value, embedded as JSON in the envelope.
    Json(serde_json::Value),
    /// Compact, valid JSON text rendered straight from the record (Avro, protobuf):
    /// embedded as is, with no value tree built per record.
    JsonText(String),
}

impl PartialEq for Decoded<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Decoded::Bytes(a), Decoded::Bytes(b)) => a == b,
            (Decoded::Text(a), Decoded::Text(b)) => a == b,
            (Decoded::JsonText(a), Decoded::JsonText(b)) if a == b => true,
            (Decoded::Json(_) | Decoded::JsonText(_), Decoded::Json(_) | Decoded::JsonText(_)) => {
                self.json() == other.json()
            }
            _ => false,
        }
    }
}

impl Decoded<'_> {
    /// The bytes to write for plain outputs (`--output value`, `%s`).
    pub fn write_plain(&self, out: &mut impl std::io::Write, pretty: bool) -> std::io::Result<()> {
        match self {
            Decoded::Bytes(b) => out.write_all(b),
            Decoded::Text(t) => out.write_all(t.as_bytes()),
            Decoded::Json(v) => {
                if pretty {
                    serde_json::to_writer_pretty(&mut *out, v)?;
                } else {
                    serde_json::to_writer(&mut *out, v)?;
                }
                Ok(())
            }
            Decoded::JsonText(t) if pretty => {
                let v: serde_json::Value = serde_json::from_str(t)?;
                serde_json::to_writer_pretty(&mut *out, &v)?;
                Ok(())
            }
            Decoded::JsonText(t) => out.write_all(t.as_bytes()),
        }
    }

    /// The structured value, for the JSON forms (filters, tests).
    pub fn json(&self) -> Option<std::borrow::Cow<'_, serde_json::Value>> {
        match self {
            Decoded::Json(v) => Some(std::borrow::Cow::Borrowed(v)),
            Decoded::JsonText(t) => serde_json::from_str(t).ok().map(std::borrow::Cow::Owned),
            Decoded::Bytes(_) | Decoded::Text(_) => None,
        }
    }
}

/// Names a JSON value's kind for error messages.
pub fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_prints_like_json() {
        let text = Decoded::JsonText(r#"{"b":1,"a":[true,null]}"#.to_string());
        let value = Decoded::Json(serde_json::json!({"b": 1, "a": [true, null]}));
        assert_eq!(text, value);
        assert_ne!(text, Decoded::Json(serde_json::json!({"b": 2})));
        assert_ne!(text, Decoded::Text(r#"{"b":1,"a":[true,null]}"#.into()));
        let shown = |d: &Decoded<'_>, pretty| {
            let mut out = Vec::new();
            d.write_plain(&mut out, pretty).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(shown(&text, false), r#"{"b":1,"a":[true,null]}"#);
        assert_eq!(shown(&text, true), shown(&value, true));
        let mut line = Vec::new();
        envelope::write_record(
            &mut line,
            &envelope::RecordView {
                topic: "t",
                partition: 0,
                offset: 0,
                timestamp: None,
                key: None,
                value: Some(text),
                headers: &[],
                key_schema_id: None,
                value_schema_id: Some(9),
            },
        )
        .unwrap();
        let line = String::from_utf8(line).unwrap();
        assert!(
            line.contains(r#""value":{"b":1,"a":[true,null]},"value_schema_id":9"#),
            "{line}"
        );
    }
}
