//! The byte-level formats: `string`, `bytes`, `hex` and `base64`.
//!
//! `string` and `bytes` never change the bytes on the way in. On the way out, `string`
//! shows valid UTF-8 as text and keeps anything else as bytes (so the JSON envelope
//! base64-encodes it instead of corrupting it); `bytes` always hands over the raw bytes.
//! `hex` and `base64` decode text input to bytes on produce and encode bytes as text on
//! consume.

use std::borrow::Cow;

use base64::Engine as _;

use super::{json_kind, Decoded, Decoder, Encoder, SerdeError};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// `bytes` (and `string` on produce): bytes in, bytes out.
pub struct Raw;

impl Encoder for Raw {
    fn encode<'a>(
        &mut self,
        input: &'a [u8],
        _scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        Ok(input)
    }
}

impl Decoder for Raw {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Result<Decoded<'a>, SerdeError> {
        Ok(Decoded::Bytes(bytes))
    }
}

/// `string` on consume: text when it is UTF-8, bytes otherwise.
pub struct Text;

impl Decoder for Text {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Result<Decoded<'a>, SerdeError> {
        Ok(match std::str::from_utf8(bytes) {
            Ok(text) => Decoded::Text(Cow::Borrowed(text)),
            Err(_) => Decoded::Bytes(bytes),
        })
    }
}

pub struct Hex;

impl Encoder for Hex {
    fn encode<'a>(
        &mut self,
        input: &'a [u8],
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        let text = trim_ascii(input);
        if text.len() % 2 != 0 {
            return Err(SerdeError::Hex(format!(
                "odd number of digits ({})",
                text.len()
            )));
        }
        scratch.clear();
        scratch.resize(text.len() / 2, 0);
        hex::decode_to_slice(text, scratch).map_err(|e| SerdeError::Hex(e.to_string()))?;
        Ok(scratch)
    }

    fn encode_json<'a>(
        &mut self,
        value: &serde_json::Value,
        _: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        Err(SerdeError::NotAString {
            format: "hex",
            kind: json_kind(value),
        })
    }
}

impl Decoder for Hex {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Result<Decoded<'a>, SerdeError> {
        Ok(Decoded::Text(Cow::Owned(hex::encode(bytes))))
    }
}

pub struct Base64;

impl Encoder for Base64 {
    fn encode<'a>(
        &mut self,
        input: &'a [u8],
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        scratch.clear();
        B64.decode_vec(trim_ascii(input), scratch)
            .map_err(|e| SerdeError::Base64(e.to_string()))?;
        Ok(scratch)
    }

    fn encode_json<'a>(
        &mut self,
        value: &serde_json::Value,
        _: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        Err(SerdeError::NotAString {
            format: "base64",
            kind: json_kind(value),
        })
    }
}

impl Decoder for Base64 {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Result<Decoded<'a>, SerdeError> {
        Ok(Decoded::Text(Cow::Owned(B64.encode(bytes))))
    }
}

/// Standard base64 of `bytes` (used by the envelope for non-UTF-8 data).
pub fn base64_encode(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

/// Decodes standard base64 text.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, SerdeError> {
    B64.decode(text.trim())
        .map_err(|e| SerdeError::Base64(e.to_string()))
}

fn trim_ascii(input: &[u8]) -> &[u8] {
    input.trim_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(e: &mut dyn Encoder, input: &[u8]) -> Result<Vec<u8>, SerdeError> {
        let mut scratch = Vec::new();
        e.encode(input, &mut scratch).map(<[u8]>::to_vec)
    }

    #[test]
    fn hex_round_trip_and_errors() {
        assert_eq!(enc(&mut Hex, b"00ff10").unwrap(), vec![0, 255, 16]);
        assert_eq!(enc(&mut Hex, b" 0aFF\n").unwrap(), vec![10, 255]);
        assert!(matches!(enc(&mut Hex, b"abc"), Err(SerdeError::Hex(_))));
        assert!(matches!(enc(&mut Hex, b"zz"), Err(SerdeError::Hex(_))));
        assert_eq!(Hex.decode(&[0, 255]).unwrap(), Decoded::Text("00ff".into()));
    }

    #[test]
    fn base64_round_trip_and_errors() {
        assert_eq!(enc(&mut Base64, b"AP8=").unwrap(), vec![0, 255]);
        assert!(matches!(
            enc(&mut Base64, b"!!!"),
            Err(SerdeError::Base64(_))
        ));
        assert_eq!(
            Base64.decode(&[0, 255]).unwrap(),
            Decoded::Text("AP8=".into())
        );
    }

    #[test]
    fn string_keeps_invalid_utf8_as_bytes() {
        assert_eq!(
            Text.decode(b"caf\xc3\xa9").unwrap(),
            Decoded::Text("café".into())
        );
        assert_eq!(
            Text.decode(b"\xff\x00").unwrap(),
            Decoded::Bytes(b"\xff\x00")
        );
        assert_eq!(enc(&mut Raw, b"\xff\x00").unwrap(), b"\xff\x00");
    }

    #[test]
    fn hex_refuses_structured_json() {
        let mut scratch = Vec::new();
        let err = Hex
            .encode_json(&serde_json::json!({"a": 1}), &mut scratch)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "hex cannot encode a JSON object; give a string"
        );
    }
}
