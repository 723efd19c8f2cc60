//! The Confluent Schema Registry wire format, shared by the schema formats.
//!
//! A framed record is
//!
//! ```text
//! byte 0      magic byte, always 0
//! bytes 1..5  schema id, 32-bit big-endian (the registry's global id)
//! bytes 5..   the payload: Avro binary, JSON text, or for Protobuf the message
//!             indexes (below) followed by the protobuf binary
//! ```
//!
//! Protobuf message indexes say which message of the registered `.proto` file the
//! payload is: the path of indexes from the file's top-level messages down through
//! nested messages (`[1, 0]` is the first message nested in the file's second message).
//! They are written as a zig-zag varint count followed by that many zig-zag varints,
//! except that the common `[0]` (the file's first message) is written as a single `0`
//! byte (a count of zero).
//!
//! Avro and protobuf both use the zig-zag varints implemented here (Avro for `int` and
//! `long`, the indexes above); plain protobuf varints come from `prost`.

use super::SerdeError;

/// The magic byte of a framed record.
pub const MAGIC: u8 = 0;
/// Magic byte plus schema id.
pub const HEADER_LEN: usize = 5;

/// Writes the 5-byte header for `id` into `out`.
pub fn write_header(out: &mut Vec<u8>, id: u32) {
    out.push(MAGIC);
    out.extend_from_slice(&id.to_be_bytes());
}

/// Splits a framed record into its schema id and payload.
pub fn split(bytes: &[u8]) -> Result<(u32, &[u8]), SerdeError> {
    match bytes {
        [] => Err(SerdeError::Framing(
            "empty record, expected a framed record".into(),
        )),
        [MAGIC, a, b, c, d, rest @ ..] => Ok((u32::from_be_bytes([*a, *b, *c, *d]), rest)),
        [MAGIC, ..] => Err(SerdeError::Framing(format!(
            "truncated frame: {} bytes, the header alone is {HEADER_LEN}",
            bytes.len()
        ))),
        [other, ..] => Err(SerdeError::Framing(format!(
            "not Schema Registry framing: first byte is 0x{other:02x}, expected 0x00 \
             (was it written without a registry? try --framing none)"
        ))),
    }
}

/// The schema id of a framed record, if it looks framed.
#[cfg(test)]
pub fn peek_id(bytes: &[u8]) -> Option<u32> {
    split(bytes).ok().map(|(id, _)| id)
}

/// Appends `v` as a zig-zag varint (Avro `long`, Confluent message indexes).
#[inline]
pub fn write_zigzag(out: &mut Vec<u8>, v: i64) {
    let mut n = ((v << 1) ^ (v >> 63)) as u64;
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Why a varint could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarintError {
    Truncated,
    Overlong,
}

/// Reads a zig-zag varint from the front of `input`, advancing it.
#[inline]
pub fn read_zigzag(input: &mut &[u8]) -> Result<i64, VarintError> {
    let mut n: u64 = 0;
    let mut shift = 0u32;
    let mut i = 0;
    loop {
        let Some(&b) = input.get(i) else {
            return Err(VarintError::Truncated);
        };
        i += 1;
        if shift == 63 && b > 1 {
            return Err(VarintError::Overlong);
        }
        n |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 63 {
            return Err(VarintError::Overlong);
        }
    }
    *input = &input[i..];
    Ok(((n >> 1) as i64) ^ -((n & 1) as i64))
}

/// Most nesting levels accepted in a message-index path (protobuf allows far fewer in
/// practice; this only stops garbage from allocating).
const MAX_INDEXES: i64 = 64;

/// Appends the Confluent protobuf message-index path.
pub fn write_message_indexes(out: &mut Vec<u8>, indexes: &[i32]) {
    if indexes == [0] {
        out.push(0);
        return;
    }
    write_zigzag(out, indexes.len() as i64);
    for &i in indexes {
        write_zigzag(out, i64::from(i));
    }
}

/// Reads the Confluent protobuf message-index path from the front of `input`.
/// A count of zero means `[0]`.
pub fn read_message_indexes(input: &mut &[u8]) -> Result<Vec<i32>, SerdeError> {
    let bad = |what: &str| SerdeError::Framing(format!("invalid protobuf message indexes: {what}"));
    let count = read_zigzag(input).map_err(|e| bad(varint_problem(e)))?;
    if count == 0 {
        return Ok(vec![0]);
    }
    if !(1..=MAX_INDEXES).contains(&count) {
        return Err(bad(&format!("count {count}")));
    }
    let mut indexes = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let i = read_zigzag(input).map_err(|e| bad(varint_problem(e)))?;
        let i = i32::try_from(i)
            .ok()
            .filter(|i| *i >= 0)
            .ok_or_else(|| bad(&format!("index {i}")))?;
        indexes.push(i);
    }
    Ok(indexes)
}

fn varint_problem(e: VarintError) -> &'static str {
    match e {
        VarintError::Truncated => "truncated varint",
        VarintError::Overlong => "overlong varint",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zz(v: i64) -> Vec<u8> {
        let mut out = Vec::new();
        write_zigzag(&mut out, v);
        out
    }

    #[test]
    fn zigzag_matches_the_avro_spec_examples() {
        // The table in the Avro specification, "Binary encoding".
        assert_eq!(zz(0), [0x00]);
        assert_eq!(zz(-1), [0x01]);
        assert_eq!(zz(1), [0x02]);
        assert_eq!(zz(-2), [0x03]);
        assert_eq!(zz(2), [0x04]);
        assert_eq!(zz(-64), [0x7f]);
        assert_eq!(zz(64), [0x80, 0x01]);
        for v in [
            0,
            1,
            -1,
            63,
            -64,
            64,
            300,
            -300,
            i64::from(i32::MAX),
            i64::MIN,
            i64::MAX,
        ] {
            let bytes = zz(v);
            let mut input = &bytes[..];
            assert_eq!(read_zigzag(&mut input), Ok(v), "{v}");
            assert!(input.is_empty());
        }
        assert_eq!(zz(i64::MAX).len(), 10);
    }

    #[test]
    fn zigzag_rejects_truncated_and_overlong() {
        assert_eq!(read_zigzag(&mut &[][..]), Err(VarintError::Truncated));
        assert_eq!(read_zigzag(&mut &[0x80][..]), Err(VarintError::Truncated));
        assert_eq!(
            read_zigzag(&mut &[0xff; 11][..]),
            Err(VarintError::Overlong)
        );
        // Ten bytes whose last one carries more than the one remaining bit.
        let mut ten = vec![0xff; 9];
        ten.push(0x02);
        assert_eq!(read_zigzag(&mut &ten[..]), Err(VarintError::Overlong));
    }

    #[test]
    fn header_round_trip_and_errors() {
        let mut out = Vec::new();
        write_header(&mut out, 0x0102_0304);
        out.extend_from_slice(b"payload");
        assert_eq!(&out[..5], &[0, 1, 2, 3, 4]);
        assert_eq!(split(&out).unwrap(), (0x0102_0304, &b"payload"[..]));
        assert_eq!(peek_id(&out), Some(0x0102_0304));
        assert_eq!(split(&[0, 0, 0, 0, 7]).unwrap(), (7, &[][..]));

        let err = split(&[0, 0, 1]).unwrap_err().to_string();
        assert!(err.contains("truncated frame: 3 bytes"), "{err}");
        let err = split(b"{\"a\":1}").unwrap_err().to_string();
        assert!(err.contains("first byte is 0x7b"), "{err}");
        assert!(split(&[]).unwrap_err().to_string().contains("empty"));
        assert_eq!(peek_id(b"x"), None);
    }

    #[test]
    fn message_indexes_use_the_zero_shortcut() {
        let enc = |ix: &[i32]| {
            let mut out = Vec::new();
            write_message_indexes(&mut out, ix);
            out
        };
        assert_eq!(enc(&[0]), [0]);
        // [1]: count 1 (zig-zag 2), index 1 (zig-zag 2).
        assert_eq!(enc(&[1]), [2, 2]);
        // [0, 0] is not the shortcut: count 2, then 0, 0.
        assert_eq!(enc(&[0, 0]), [4, 0, 0]);
        assert_eq!(enc(&[1, 0, 2]), [6, 2, 0, 4]);
        assert_eq!(enc(&[70]), [2, 0x8c, 0x01]);
        for ix in [&[0][..], &[1], &[0, 0], &[1, 0, 2], &[70], &[3, 64, 1000]] {
            let bytes = enc(ix);
            let mut input = &bytes[..];
            assert_eq!(read_message_indexes(&mut input).unwrap(), ix);
            assert!(input.is_empty());
        }
        // The payload after the indexes is left in place.
        let mut input = &[0u8, 0x08, 0x01][..];
        assert_eq!(read_message_indexes(&mut input).unwrap(), [0]);
        assert_eq!(input, [0x08, 0x01]);
    }

    #[test]
    fn message_indexes_reject_garbage() {
        for bad in [
            &[][..],
            &[0x80],
            &[2],          // count 1 but no index
            &[1],          // count -1
            &[2, 1],       // index -1
            &[0xfe, 0x01], // count 127
            &[4, 0],       // count 2, one index
        ] {
            let mut input = bad;
            let err = read_message_indexes(&mut input).unwrap_err();
            assert!(
                err.to_string().contains("message indexes"),
                "{bad:?}: {err}"
            );
        }
    }
}
