//! The `json` format: produce validates each document and sends it compacted; consume
//! parses it so that it can be embedded in the JSON envelope (not double-encoded as a
//! string), filtered by path, and printed compact or `--pretty`.

use super::{Decoded, Decoder, Encoder, SerdeError};

/// Pretty printing is the output layer's job (`Decoded::write_plain`).
#[derive(Default)]
pub struct Json;

impl Encoder for Json {
    fn encode<'a>(
        &mut self,
        input: &'a [u8],
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        if let Some(e) = super::empty_json(input) {
            return Err(e);
        }
        let value: serde_json::Value =
            serde_json::from_slice(input).map_err(|e| SerdeError::Json(e.to_string()))?;
        scratch.clear();
        serde_json::to_writer(&mut *scratch, &value)
            .map_err(|e| SerdeError::Json(e.to_string()))?;
        Ok(scratch)
    }
}

impl Decoder for Json {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Result<Decoded<'a>, SerdeError> {
        serde_json::from_slice(bytes)
            .map(Decoded::Json)
            .map_err(|e| SerdeError::Json(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacts_and_rejects() {
        let mut scratch = Vec::new();
        let out = Json.encode(b"{ \"a\" : [1, 2] }", &mut scratch).unwrap();
        assert_eq!(out, br#"{"a":[1,2]}"#);
        let err = Json.encode(b"{oops", &mut scratch).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid JSON: key must be a string"),
            "{err}"
        );
    }

    #[test]
    fn decodes_to_structured_value() {
        assert_eq!(
            Json.decode(br#"{"a":1}"#).unwrap(),
            Decoded::Json(serde_json::json!({"a": 1}))
        );
        assert!(Json.decode(b"nope").is_err());
    }
}
