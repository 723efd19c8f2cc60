//! The JSON envelope: one object per line, written by `consume --output json` and read
//! by `produce --input json`, so that a topic can be dumped and replayed byte for byte.
//!
//! ```json
//! {"topic":"t","partition":0,"offset":42,"timestamp":1700000000000,"timestamp_type":"create",
//!  "key":"k","value":{"a":1},"headers":[{"key":"h","value":"v"}]}
//! ```
//!
//! - `key`/`value`: a string (text), `null` (a null key; a null value is a tombstone,
//!   distinct from `""`), or embedded JSON when the format decoded it (json and schema
//!   formats). Bytes that are not UTF-8 are base64 with `"key_encoding"`/
//!   `"value_encoding": "base64"`; header values likewise carry `"encoding": "base64"`.
//! - `headers` keep their order and duplicates.
//! - On input, `offset` and `timestamp_type` are ignored; `topic`, `partition` and
//!   `timestamp` are honoured unless the command line overrides them. kcat's `-J` shape
//!   (`payload`, `ts`, headers as a flat `[name, value, ...]` list) is accepted too.

use std::io::{self, Write};

use serde_json::{Map, Value};

use super::plain::{base64_decode, base64_encode};
use super::Decoded;

/// One record as the consumer sees it.
pub struct RecordView<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub offset: i64,
    /// Milliseconds since the epoch, with its type (`create`, `log_append`).
    pub timestamp: Option<(i64, &'static str)>,
    pub key: Option<Decoded<'a>>,
    pub value: Option<Decoded<'a>>,
    pub headers: &'a [(&'a str, Option<&'a [u8]>)],
    pub key_schema_id: Option<u32>,
    pub value_schema_id: Option<u32>,
}

fn write_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *out, s).map_err(io::Error::from)
}

/// Writes `,"name":<field>` and, for non-UTF-8 bytes, `,"name_encoding":"base64"`.
fn write_field(out: &mut impl Write, name: &str, field: Option<&Decoded<'_>>) -> io::Result<()> {
    write!(out, ",\"{name}\":")?;
    match field {
        None => out.write_all(b"null"),
        Some(Decoded::Text(t)) => write_str(out, t),
        Some(Decoded::Json(v)) => serde_json::to_writer(&mut *out, v).map_err(io::Error::from),
        Some(Decoded::JsonText(t)) => out.write_all(t.as_bytes()),
        Some(Decoded::Bytes(b)) => match std::str::from_utf8(b) {
            Ok(text) => write_str(out, text),
            Err(_) => {
                write_str(out, &base64_encode(b))?;
                write!(out, ",\"{name}_encoding\":\"base64\"")
            }
        },
    }
}

/// Writes one record as a single JSON line (with the trailing newline).
pub fn write_record(out: &mut impl Write, r: &RecordView<'_>) -> io::Result<()> {
    out.write_all(b"{\"topic\":")?;
    write_str(out, r.topic)?;
    write!(
        out,
        ",\"partition\":{},\"offset\":{}",
        r.partition, r.offset
    )?;
    match r.timestamp {
        Some((ms, kind)) => write!(out, ",\"timestamp\":{ms},\"timestamp_type\":\"{kind}\"")?,
        None => out.write_all(b",\"timestamp\":null,\"timestamp_type\":null")?,
    }
    write_field(out, "key", r.key.as_ref())?;
    if let Some(id) = r.key_schema_id {
        write!(out, ",\"key_schema_id\":{id}")?;
    }
    write_field(out, "value", r.value.as_ref())?;
    if let Some(id) = r.value_schema_id {
        write!(out, ",\"value_schema_id\":{id}")?;
    }
    out.write_all(b",\"headers\":[")?;
    for (i, (name, value)) in r.headers.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"{\"key\":")?;
        write_str(out, name)?;
        out.write_all(b",\"value\":")?;
        match value {
            None => out.write_all(b"null")?,
            Some(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => write_str(out, text)?,
                Err(_) => {
                    write_str(out, &base64_encode(bytes))?;
                    out.write_all(b",\"encoding\":\"base64\"")?;
                }
            },
        }
        out.write_all(b"}")?;
    }
    out.write_all(b"]}\n")
}

/// A key or value read from an envelope.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// `null` or absent.
    Null,
    /// A string: handed to the encoder as text.
    Text(String),
    /// base64-marked bytes: sent exactly as given, bypassing the encoder.
    Bytes(Vec<u8>),
    /// An object, array, number or boolean: handed to the encoder as JSON.
    Json(Value),
}

/// A record header: name and value (`None` for a null value).
pub type Header = (String, Option<Vec<u8>>);

/// One record read from an envelope line.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub topic: Option<String>,
    pub partition: Option<i32>,
    pub timestamp: Option<i64>,
    pub key: Field,
    pub value: Field,
    pub headers: Vec<Header>,
}

/// Parses one envelope line; the error says which field is wrong.
pub fn parse_record(line: &[u8]) -> Result<Incoming, String> {
    let value: Value = serde_json::from_slice(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(obj) = value else {
        return Err("expected a JSON object".into());
    };
    let topic = match obj.get("topic") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err("\"topic\" must be a string".into()),
    };
    let partition = match obj.get("partition") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(
            n.as_i64()
                .and_then(|p| i32::try_from(p).ok())
                .filter(|p| *p >= 0)
                .ok_or("\"partition\" must be a non-negative integer")?,
        ),
        Some(_) => return Err("\"partition\" must be an integer".into()),
    };
    let timestamp = match obj.get("timestamp").or_else(|| obj.get("ts")) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(n.as_i64().ok_or("\"timestamp\" must be an integer (ms)")?),
        Some(Value::String(s)) => Some(parse_timestamp(s)?),
        Some(_) => return Err("\"timestamp\" must be milliseconds or an RFC 3339 string".into()),
    };
    let key = field(&obj, "key", "key_encoding")?;
    let value = if obj.contains_key("value") {
        field(&obj, "value", "value_encoding")?
    } else {
        field(&obj, "payload", "payload_encoding")?
    };
    let headers = headers(obj.get("headers"))?;
    Ok(Incoming {
        topic,
        partition,
        timestamp,
        key,
        value,
        headers,
    })
}

/// Parses `ms` or an RFC 3339 time into milliseconds since the epoch.
pub fn parse_timestamp(s: &str) -> Result<i64, String> {
    if let Ok(ms) = s.trim().parse::<i64>() {
        return Ok(ms);
    }
    let t = humantime::parse_rfc3339_weak(s.trim())
        .map_err(|e| format!("invalid timestamp '{s}': {e}"))?;
    let ms = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| format!("timestamp '{s}' is before 1970"))?
        .as_millis();
    i64::try_from(ms).map_err(|_| format!("timestamp '{s}' is out of range"))
}

fn field(obj: &Map<String, Value>, name: &str, encoding_key: &str) -> Result<Field, String> {
    let encoding = match obj.get(encoding_key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => return Err(format!("\"{encoding_key}\" must be a string")),
    };
    match (obj.get(name), encoding) {
        (None | Some(Value::Null), _) => Ok(Field::Null),
        (Some(Value::String(s)), Some("base64")) => base64_decode(s)
            .map(Field::Bytes)
            .map_err(|e| format!("\"{name}\": {e}")),
        (Some(Value::String(s)), None | Some("utf8" | "utf-8" | "text")) => {
            Ok(Field::Text(s.clone()))
        }
        (Some(_), Some(other)) => Err(format!(
            "\"{encoding_key}\": unknown encoding '{other}' (use base64)"
        )),
        (Some(v), None) => Ok(Field::Json(v.clone())),
    }
}

fn headers(value: Option<&Value>) -> Result<Vec<Header>, String> {
    let text = |v: &Value, what: &str| -> Result<Option<Vec<u8>>, String> {
        match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone().into_bytes())),
            _ => Err(format!("header {what} must be a string or null")),
        }
    };
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            // kcat -J writes headers as a flat ["name", "value", ...] list.
            if items.iter().all(Value::is_string) && !items.is_empty() {
                if items.len() % 2 != 0 {
                    return Err("\"headers\" as a flat list needs name/value pairs".into());
                }
                return Ok(items
                    .chunks(2)
                    .map(|p| {
                        (
                            p[0].as_str().unwrap_or_default().to_string(),
                            p[1].as_str().map(|s| s.as_bytes().to_vec()),
                        )
                    })
                    .collect());
            }
            items
                .iter()
                .map(|item| {
                    let Value::Object(h) = item else {
                        return Err("each header must be an object {\"key\",\"value\"}".to_string());
                    };
                    let name = match h.get("key") {
                        Some(Value::String(s)) => s.clone(),
                        _ => return Err("header \"key\" must be a string".to_string()),
                    };
                    let raw = h.get("value").unwrap_or(&Value::Null);
                    let value = match (h.get("encoding").and_then(Value::as_str), raw) {
                        (Some("base64"), Value::String(s)) => {
                            Some(base64_decode(s).map_err(|e| format!("header '{name}': {e}"))?)
                        }
                        (Some(other), _) if other != "base64" => {
                            return Err(format!("header '{name}': unknown encoding '{other}'"))
                        }
                        _ => text(raw, "value")?,
                    };
                    Ok((name, value))
                })
                .collect()
        }
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| Ok((k.clone(), text(v, "value")?)))
            .collect(),
        Some(_) => Err("\"headers\" must be a list of {\"key\",\"value\"} objects".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn written(r: &RecordView<'_>) -> String {
        let mut out = Vec::new();
        write_record(&mut out, r).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_text_binary_json_and_headers() {
        let headers = [
            ("h", Some(&b"v"[..])),
            ("h", Some(&b"\xff"[..])),
            ("n", None),
        ];
        let line = written(&RecordView {
            topic: "t",
            partition: 1,
            offset: 7,
            timestamp: Some((1000, "create")),
            key: Some(Decoded::Bytes(b"\x00\xff")),
            value: Some(Decoded::Json(serde_json::json!({"a": 1}))),
            headers: &headers,
            key_schema_id: None,
            value_schema_id: Some(3),
        });
        assert_eq!(
            line,
            "{\"topic\":\"t\",\"partition\":1,\"offset\":7,\"timestamp\":1000,\"timestamp_type\":\"create\",\
             \"key\":\"AP8=\",\"key_encoding\":\"base64\",\"value\":{\"a\":1},\"value_schema_id\":3,\
             \"headers\":[{\"key\":\"h\",\"value\":\"v\"},{\"key\":\"h\",\"value\":\"/w==\",\"encoding\":\"base64\"},\
             {\"key\":\"n\",\"value\":null}]}\n"
        );
    }

    #[test]
    fn round_trips_through_the_parser() {
        let headers = [("h", Some(&b"\x01\x02"[..])), ("h", Some(&b"x"[..]))];
        let line = written(&RecordView {
            topic: "t",
            partition: 0,
            offset: 1,
            timestamp: Some((5, "create")),
            key: None,
            value: Some(Decoded::Text(Cow::Borrowed("line \"quoted\"\n"))),
            headers: &headers,
            key_schema_id: None,
            value_schema_id: None,
        });
        let parsed = parse_record(line.trim_end().as_bytes()).unwrap();
        assert_eq!(parsed.key, Field::Null);
        assert_eq!(parsed.value, Field::Text("line \"quoted\"\n".into()));
        assert_eq!(parsed.timestamp, Some(5));
        assert_eq!(
            parsed.headers,
            vec![
                ("h".into(), Some(vec![1, 2])),
                ("h".into(), Some(b"x".to_vec()))
            ]
        );
    }

    #[test]
    fn tombstone_and_empty_are_distinct() {
        let null = parse_record(br#"{"value":null}"#).unwrap();
        let empty = parse_record(br#"{"value":""}"#).unwrap();
        assert_eq!(null.value, Field::Null);
        assert_eq!(empty.value, Field::Text(String::new()));
    }

    #[test]
    fn accepts_kcat_json() {
        let r = parse_record(br#"{"topic":"t","partition":2,"offset":0,"tstype":"create","ts":9,"broker":1,"headers":["a","1","b","2"],"key":"k","payload":"p"}"#).unwrap();
        assert_eq!(r.partition, Some(2));
        assert_eq!(r.timestamp, Some(9));
        assert_eq!(r.value, Field::Text("p".into()));
        assert_eq!(r.headers.len(), 2);
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(parse_record(b"[1]").unwrap_err(), "expected a JSON object");
        assert!(parse_record(br#"{"partition":-1}"#)
            .unwrap_err()
            .contains("partition"));
        assert!(parse_record(br#"{"value":"!!","value_encoding":"base64"}"#)
            .unwrap_err()
            .contains("\"value\""));
        assert!(parse_record(br#"{"timestamp":"yesterday"}"#)
            .unwrap_err()
            .contains("timestamp"));
        assert!(parse_record(b"{oops")
            .unwrap_err()
            .starts_with("invalid JSON"));
    }
}
