//! Building Kafka records from input records, one function per input mode: splitting
//! keys from lines, reading JSON envelopes and format-string fields, applying the
//! command line's overrides, and running the key and value encoders. Plain lines go to
//! the batch; everything else to `send`.

use super::*;

impl Loop<'_> {
    pub(super) fn line_record(
        &mut self,
        origin: usize,
        bytes: &[u8],
        key_scratch: &mut Vec<u8>,
        value_scratch: &mut Vec<u8>,
    ) -> Step {
        let plan = self.plan;
        if plan.skip_empty && bytes.is_empty() {
            return Step::Continue;
        }
        let (key_text, value_text) = match &plan.mode {
            Mode::Lines {
                key_delimiter: Some(d),
            } => match memchr::memmem::find(bytes, d) {
                Some(i) => (Some(&bytes[..i]), &bytes[i + d.len()..]),
                None => (None, bytes),
            },
            _ => (None, bytes),
        };
        let is_null = |text: &[u8]| {
            (plan.empty_is_null && text.is_empty()) || plan.null_value.as_deref() == Some(text)
        };
        let value_text = (!is_null(value_text)).then_some(value_text);
        let key_text = key_text.filter(|k| !is_null(k));

        let key = match key_text {
            Some(text) => match self.key_encoder.encode(text, key_scratch) {
                Ok(k) => Some(k),
                Err(e) => return self.bad_input(origin, &format!("key: {e}")),
            },
            None => plan.key.as_deref(),
        };
        let value = match value_text {
            Some(text) => match self.value_encoder.encode(text, value_scratch) {
                Ok(v) => Some(v),
                Err(e) => return self.bad_input(origin, &format!("value: {e}")),
            },
            None => None,
        };
        if let Some((_, partition)) = self.batch_to {
            return self.batch(key, value, partition, origin);
        }
        let topic = plan.topic.as_deref().unwrap_or_default();
        let timestamp = match plan.timestamp {
            Some(Stamp::At(ms)) => Some(ms),
            _ => None,
        };
        let headers = std::mem::take(&mut self.headers);
        let step = self.send(
            topic,
            &Outgoing {
                key,
                value,
                partition: plan.partition,
                timestamp,
                headers: &headers,
                opaque: origin,
            },
        );
        self.headers = headers;
        step
    }

    pub(super) fn json_record(
        &mut self,
        origin: usize,
        bytes: &[u8],
        key_scratch: &mut Vec<u8>,
        value_scratch: &mut Vec<u8>,
    ) -> Step {
        let plan = self.plan;
        if bytes.trim_ascii().is_empty() {
            return Step::Continue;
        }
        let record = match envelope::parse_record(bytes) {
            Ok(r) => r,
            Err(e) => return self.bad_input(origin, &e),
        };
        let topic = match (&plan.topic, &record.topic) {
            (Some(t), _) | (None, Some(t)) => t.clone(),
            (None, None) => {
                return self.bad_input(
                    origin,
                    "the record names no topic: give -t/--topic or a \"topic\" field",
                )
            }
        };
        let key = match (&plan.key, &record.key) {
            (Some(k), _) => Ok(Some(k.as_slice())),
            (None, field) => encode_field(field, &mut *self.key_encoder, key_scratch),
        };
        let key = match key {
            Ok(k) => k,
            Err(e) => return self.bad_input(origin, &format!("key: {e}")),
        };
        let value = match encode_field(&record.value, &mut *self.value_encoder, value_scratch) {
            Ok(v) => v,
            Err(e) => return self.bad_input(origin, &format!("value: {e}")),
        };
        let timestamp = match plan.timestamp {
            Some(Stamp::At(ms)) => Some(ms),
            Some(Stamp::Now) => None,
            None => record.timestamp,
        };
        let mut headers: Vec<(&str, Option<&[u8]>)> = record
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_deref()))
            .collect();
        headers.extend(plan.headers.iter().map(|(k, v)| (k.as_str(), v.as_deref())));
        self.send(
            &topic,
            &Outgoing {
                key,
                value,
                partition: plan.partition.or(record.partition),
                timestamp,
                headers: &headers,
                opaque: origin,
            },
        )
    }

    pub(super) fn format_record(
        &mut self,
        origin: usize,
        window: &[u8],
        parsed: &Parsed,
        key_scratch: &mut Vec<u8>,
        value_scratch: &mut Vec<u8>,
    ) -> Step {
        let plan = self.plan;
        let text = |r: &Option<std::ops::Range<usize>>| r.clone().map(|r| &window[r]);
        let topic = match (&plan.topic, text(&parsed.topic)) {
            (Some(t), _) => t.as_str(),
            (None, Some(t)) => match std::str::from_utf8(t) {
                Ok(t) => t,
                Err(_) => return self.bad_input(origin, "the topic is not UTF-8"),
            },
            (None, None) => return self.bad_input(origin, "the record names no topic"),
        };
        let is_null = |text: &[u8]| {
            (plan.empty_is_null && text.is_empty()) || plan.null_value.as_deref() == Some(text)
        };
        let key = match text(&parsed.key).filter(|k| !is_null(k)) {
            Some(k) => match self.key_encoder.encode(k, key_scratch) {
                Ok(k) => Some(k),
                Err(e) => return self.bad_input(origin, &format!("key: {e}")),
            },
            None if parsed.key.is_some() => None,
            None => plan.key.as_deref(),
        };
        let value = match text(&parsed.value).filter(|v| !is_null(v)) {
            Some(v) => match self.value_encoder.encode(v, value_scratch) {
                Ok(v) => Some(v),
                Err(e) => return self.bad_input(origin, &format!("value: {e}")),
            },
            None => None,
        };
        let mut headers: Vec<(&str, Option<&[u8]>)> = Vec::with_capacity(parsed.headers.len());
        for (name, value) in &parsed.headers {
            let Ok(name) = std::str::from_utf8(&window[name.clone()]) else {
                return self.bad_input(origin, "a header name is not UTF-8");
            };
            headers.push((name, text(value)));
        }
        headers.extend(plan.headers.iter().map(|(k, v)| (k.as_str(), v.as_deref())));
        let timestamp = match plan.timestamp {
            Some(Stamp::At(ms)) => Some(ms),
            _ => None,
        };
        self.send(
            topic,
            &Outgoing {
                key,
                value,
                partition: plan.partition.or(parsed.partition),
                timestamp,
                headers: &headers,
                opaque: origin,
            },
        )
    }
}

/// Encodes an envelope field: text through the encoder, marked bytes as they are,
/// structured JSON through the encoder's JSON path.
fn encode_field<'a>(
    field: &'a Field,
    encoder: &mut dyn Encoder,
    scratch: &'a mut Vec<u8>,
) -> Result<Option<&'a [u8]>, SerdeError> {
    match field {
        Field::Null => Ok(None),
        Field::Text(s) => encoder.encode(s.as_bytes(), scratch).map(Some),
        Field::Bytes(b) => Ok(Some(b)),
        Field::Json(v) => encoder.encode_json(v, scratch).map(Some),
    }
}
