//! Pluggable serializers: how record keys and values turn into bytes (produce) and back
//! into something printable (consume).
//!
//! Each format is one file. `produce` asks an [`Encoder`] for the bytes of each key or
//! value; `consume` asks a [`Decoder`] for a [`Decoded`] view that the output layer
//! prints as raw bytes, text or embedded JSON. Formats are chosen independently for
//! keys and values (`--key-format`, `--value-format`). The schema formats (Avro,
//! Protobuf, JSON Schema with a Schema Registry) implement the same two traits.

pub mod envelope;
pub mod json;
pub mod plain;

use std::borrow::Cow;

use clap::ValueEnum;

/// Why a key or value could not be encoded or decoded. The caller adds the record's
/// position (file and line, or partition and offset).
#[derive(Debug, thiserror::Error)]
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
}

impl Format {
    pub fn encoder(self) -> Box<dyn Encoder> {
        match self {
            Format::String | Format::Bytes => Box::new(plain::Raw),
            Format::Hex => Box::new(plain::Hex),
            Format::Base64 => Box::new(plain::Base64),
            Format::Json => Box::new(json::Json),
        }
    }

    pub fn decoder(self) -> Box<dyn Decoder> {
        match self {
            Format::String => Box::new(plain::Text),
            Format::Bytes => Box::new(plain::Raw),
            Format::Hex => Box::new(plain::Hex),
            Format::Base64 => Box::new(plain::Base64),
            Format::Json => Box::new(json::Json),
        }
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
}

/// Consume side: record bytes → something printable.
pub trait Decoder: Send {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Result<Decoded<'a>, SerdeError>;
}

/// A decoded key or value, ready for any output shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded<'a> {
    /// Bytes with no text form: raw on a plain output, UTF-8 or base64 in JSON.
    Bytes(&'a [u8]),
    /// Text (always valid UTF-8).
    Text(Cow<'a, str>),
    /// A structured value, embedded as JSON in the envelope.
    Json(serde_json::Value),
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
