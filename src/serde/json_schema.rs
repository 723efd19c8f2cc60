//! The `json-schema` format: JSON documents checked against a JSON Schema.
//!
//! Wire format: with a Schema Registry, Confluent framing (magic byte `0`, the 4-byte
//! big-endian schema id) followed by the JSON text; with a local schema file and no
//! registry, the JSON text alone (exactly what the `json` format writes).
//!
//! Produce validates every document against the schema (all drafts the `jsonschema`
//! crate knows, chosen by `$schema`) and refuses invalid ones with the failing paths;
//! consume validates only when asked (`--validate`), since a consumer usually wants to
//! see whatever is there. Remote `$ref`s are not fetched: a `$ref` to another document
//! is resolved from the registry's schema references (`{"name": "address.json",
//! "subject": ..., "version": ...}`: the name is the URI the `$ref` uses, as with
//! Confluent's serializers), or, for a local schema file, from the files next to it.

use std::sync::Arc;

use serde_json::Value;

use super::registry::{Client, SchemaType};
use super::schemas::ById;
use super::{wire, Decoded, Decoder, Encoder, SerdeError};

/// A compiled JSON Schema.
pub struct Schema {
    validator: jsonschema::Validator,
    /// `title`, used by the record-name subject strategies.
    pub title: Option<String>,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema")
            .field("title", &self.title)
            .finish_non_exhaustive()
    }
}

impl Schema {
    /// Compiles a schema from its text (`origin` names it in errors), whose `$ref`s may name other documents: `references` are
    /// `(name, schema text)` pairs, the name being what the `$ref` says (relative names
    /// resolve against the root schema's `$id`, or stand alone without one).
    pub fn parse_with_references(
        text: &str,
        origin: &str,
        references: &[(String, String)],
    ) -> Result<Schema, String> {
        let json: Value = serde_json::from_str(text)
            .map_err(|e| format!("JSON Schema {origin} is not JSON: {e}"))?;
        let validator = if references.is_empty() {
            jsonschema::options().offline().build(&json)
        } else {
            let mut builder = jsonschema::Registry::new();
            for (name, text) in references {
                let doc: Value = serde_json::from_str(text).map_err(|e| {
                    format!("JSON Schema {origin}: the referenced schema '{name}' is not JSON: {e}")
                })?;
                for uri in reference_uris(name, &json) {
                    builder = builder
                        .add(&uri, doc.clone())
                        .map_err(|e| format!("JSON Schema {origin}: reference '{name}': {e}"))?;
                }
            }
            let registry = builder
                .prepare()
                .map_err(|e| format!("JSON Schema {origin}: references: {e}"))?;
            jsonschema::options()
                .offline()
                .with_registry(&registry)
                .build(&json)
        }
        .map_err(|e| format!("invalid JSON Schema {origin}: {e}"))?;
        Ok(Schema {
            validator,
            title: json
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_string),
        })
    }

    /// Checks a document; the error lists the first few failures with their paths.
    pub fn check(&self, value: &Value) -> Result<(), SerdeError> {
        let mut problems: Vec<String> = Vec::new();
        let mut total = 0usize;
        for e in self.validator.iter_errors(value) {
            total += 1;
            if problems.len() < 3 {
                let path = e.instance_path().to_string();
                let at = if path.is_empty() {
                    "/".to_string()
                } else {
                    path
                };
                problems.push(format!("at {at}: {e}"));
            }
        }
        if total == 0 {
            return Ok(());
        }
        let more = if total > problems.len() {
            format!(" (and {} more)", total - problems.len())
        } else {
            String::new()
        };
        Err(SerdeError::JsonSchema(format!(
            "does not match the schema: {}{more}",
            problems.join("; ")
        )))
    }
}

/// The URIs a referenced document is known by: an absolute name as is; a relative one
/// under the validator's default base (a root without `$id`) and under the root's `$id`.
fn reference_uris(name: &str, root: &Value) -> Vec<String> {
    if name.contains("://") || name.starts_with("urn:") {
        return vec![name.to_string()];
    }
    let relative = name.trim_start_matches("./").trim_start_matches('/');
    let mut uris = vec![format!("json-schema:///{relative}")];
    if let Some(id) = root.get("$id").and_then(Value::as_str) {
        if id.contains("://") {
            let base = id.rfind('/').map_or(id, |i| &id[..=i]);
            uris.push(format!("{base}{relative}"));
        }
    }
    uris.dedup();
    uris
}

/// The documents a schema's `$ref`s name outside itself (`address.json` in
/// `"$ref": "address.json#/definitions/x"`), each once, in order of appearance.
pub fn external_refs(schema: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "$ref" {
                        if let Some(r) = v.as_str() {
                            let doc = r.split('#').next().unwrap_or("");
                            if !doc.is_empty() && !out.iter().any(|o| o == doc) {
                                out.push(doc.to_string());
                            }
                        }
                    } else {
                        walk(v, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(schema, &mut out);
    out
}

/// Produce side: validate and write (framed when a schema id is given).
pub struct JsonSchemaEncoder {
    schema: Arc<Schema>,
    id: Option<u32>,
}

impl JsonSchemaEncoder {
    pub fn new(schema: Arc<Schema>, id: Option<u32>) -> Self {
        JsonSchemaEncoder { schema, id }
    }
}

impl Encoder for JsonSchemaEncoder {
    fn encode<'a>(
        &mut self,
        input: &'a [u8],
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        if let Some(e) = super::empty_json(input) {
            return Err(e);
        }
        let value: Value =
            serde_json::from_slice(input).map_err(|e| SerdeError::Json(e.to_string()))?;
        self.encode_json(&value, scratch)
    }

    fn encode_json<'a>(
        &mut self,
        value: &Value,
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        self.schema.check(value)?;
        scratch.clear();
        if let Some(id) = self.id {
            wire::write_header(scratch, id);
        }
        serde_json::to_writer(&mut *scratch, value).map_err(|e| SerdeError::Json(e.to_string()))?;
        Ok(scratch)
    }
}

enum Validation {
    None,
    Fixed(Arc<Schema>),
    Registry(ById<Schema>),
}

/// Consume side: framed or plain JSON, validated when asked.
pub struct JsonSchemaDecoder {
    framed: bool,
    validation: Validation,
    last_id: Option<u32>,
}

impl JsonSchemaDecoder {
    /// `schema`: validate every document against this local schema.
    pub fn local(schema: Option<Arc<Schema>>, framed: bool) -> Self {
        JsonSchemaDecoder {
            framed,
            validation: schema.map_or(Validation::None, Validation::Fixed),
            last_id: None,
        }
    }

    /// Framed documents; `validate` checks each against the schema of its id.
    pub fn registry(client: Arc<Client>, validate: bool) -> Self {
        JsonSchemaDecoder {
            framed: true,
            validation: if validate {
                Validation::Registry(ById::new(client))
            } else {
                Validation::None
            },
            last_id: None,
        }
    }
}

impl Decoder for JsonSchemaDecoder {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Result<Decoded<'a>, SerdeError> {
        self.last_id = None;
        let payload = if self.framed {
            let (id, payload) = wire::split(bytes)?;
            self.last_id = Some(id);
            payload
        } else {
            bytes
        };
        let value: Value =
            serde_json::from_slice(payload).map_err(|e| SerdeError::Json(e.to_string()))?;
        match &mut self.validation {
            Validation::None => {}
            Validation::Fixed(schema) => schema.check(&value)?,
            Validation::Registry(schemas) => {
                let id = self.last_id.unwrap_or_default();
                let schema = schemas.get(id, SchemaType::Json, |client, registered| {
                    let refs = client.referenced(registered)?;
                    Schema::parse_with_references(&registered.schema, &format!("id {id}"), &refs)
                        .map_err(SerdeError::Schema)
                })?;
                schema.check(&value)?;
            }
        }
        Ok(Decoded::Json(value))
    }

    fn schema_id(&self) -> Option<u32> {
        self.last_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, origin: &str) -> Result<Schema, String> {
        Schema::parse_with_references(text, origin, &[])
    }

    const PERSON: &str = r#"{
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Person",
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
        "required": ["name"],
        "additionalProperties": false
    }"#;

    fn person() -> Arc<Schema> {
        Arc::new(parse(PERSON, "person.json").unwrap())
    }

    #[test]
    fn validates_on_produce_and_frames() {
        let mut enc = JsonSchemaEncoder::new(person(), Some(7));
        let mut scratch = Vec::new();
        let out = enc
            .encode(br#"{ "name": "ada", "age": 36 }"#, &mut scratch)
            .unwrap();
        assert_eq!(&out[..5], &[0, 0, 0, 0, 7]);
        assert_eq!(&out[5..], br#"{"name":"ada","age":36}"#);

        let err = enc
            .encode(br#"{"age": -1, "extra": true}"#, &mut scratch)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("JSON Schema: does not match the schema"),
            "{err}"
        );
        assert!(err.contains("/age"), "{err}");
        assert!(err.contains("name"), "{err}");
        assert!(matches!(
            enc.encode(b"{oops", &mut scratch),
            Err(SerdeError::Json(_))
        ));
        assert_eq!(person().title.as_deref(), Some("Person"));
    }

    #[test]
    fn plain_without_an_id() {
        let mut enc = JsonSchemaEncoder::new(person(), None);
        let mut scratch = Vec::new();
        assert_eq!(
            enc.encode(br#"{"name":"x"}"#, &mut scratch).unwrap(),
            br#"{"name":"x"}"#
        );
    }

    #[test]
    fn decodes_framed_and_validates_when_asked() {
        let mut dec = JsonSchemaDecoder::local(None, true);
        let framed = [&[0u8, 0, 0, 0, 9][..], br#"{"name":1}"#].concat();
        assert_eq!(
            dec.decode(&framed).unwrap(),
            Decoded::Json(serde_json::json!({"name": 1}))
        );
        assert_eq!(dec.schema_id(), Some(9));
        let mut checking = JsonSchemaDecoder::local(Some(person()), true);
        assert!(matches!(
            checking.decode(&framed),
            Err(SerdeError::JsonSchema(_))
        ));
        assert!(matches!(
            checking.decode(&[0, 0]),
            Err(SerdeError::Framing(_))
        ));
        assert!(matches!(
            dec.decode(&[0, 0, 0, 0, 1, b'{']),
            Err(SerdeError::Json(_))
        ));
    }

    #[test]
    fn invalid_schemas_are_refused() {
        assert!(parse("{", "x.json").unwrap_err().contains("not JSON"));
        let err = parse(r#"{"type": 12}"#, "x.json").err().unwrap();
        assert!(err.contains("invalid JSON Schema x.json"), "{err}");
    }

    #[test]
    fn references_resolve_by_name_and_against_the_id() {
        let address =
            r#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#;
        let refs = vec![("address.json".to_string(), address.to_string())];
        for root in [
            r#"{"type":"object","properties":{"home":{"$ref":"address.json"}}}"#,
            r#"{"$id":"https://example.com/schemas/user.json","type":"object","properties":{"home":{"$ref":"address.json"}}}"#,
        ] {
            let s = Schema::parse_with_references(root, "user", &refs).unwrap();
            s.check(&serde_json::json!({"home": {"city": "Oslo"}}))
                .unwrap();
            let err = s
                .check(&serde_json::json!({"home": {"city": 7}}))
                .unwrap_err()
                .to_string();
            assert!(err.contains("/home/city"), "{err}");
            // Without the reference the schema does not compile (nothing is fetched).
            assert!(parse(root, "user").is_err());
        }
        assert_eq!(
            external_refs(
                &serde_json::json!({"a": {"$ref": "x.json#/d"}, "b": [{"$ref": "#/local"}, {"$ref": "y.json"}], "c": {"$ref": "x.json"}})
            ),
            vec!["x.json", "y.json"]
        );
    }
}
