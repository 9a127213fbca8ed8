//! SCALE values by metadata type: command-line strings encoded (`bool`, integers, `AccountId`
//! in hex or SS58, `String`, `Vec<u8>` and `[u8; N]` in hex, `Option<T>` as `none` or the
//! value, newtypes), and outputs decoded to JSON (128-bit integers beyond 64 bits as decimal
//! strings, byte vectors and arrays as `0x` hex, `Option` as `null` or the value, `Result` as
//! `{"Ok": v}` or `{"Err": e}`, other enums as `"Name"` or `{"Name": fields}`, structs as
//! objects, tuples as arrays, `()` as `null`).

use super::InkError;
use super::metadata::{Field, InkMetadata, MessageSpec, TypeDef, TypeInfo};
use alloy_primitives::hex;
use serde_json::{Map, Value};

/// SCALE's compact encoding of `n`.
pub fn compact(n: u128) -> Vec<u8> {
    if n < 1 << 6 {
        vec![(n as u8) << 2]
    } else if n < 1 << 14 {
        (((n as u16) << 2) | 1).to_le_bytes().to_vec()
    } else if n < 1 << 30 {
        (((n as u32) << 2) | 2).to_le_bytes().to_vec()
    } else {
        let bytes = n.to_le_bytes();
        let len = 16 - (n.leading_zeros() as usize) / 8;
        let mut out = vec![(((len - 4) as u8) << 2) | 3];
        out.extend_from_slice(&bytes[..len]);
        out
    }
}

/// The call data of `spec` with `args` (one string per argument): selector then arguments.
pub fn encode_call(
    meta: &InkMetadata,
    spec: &MessageSpec,
    args: &[String],
) -> Result<Vec<u8>, InkError> {
    if args.len() != spec.args.len() {
        return Err(InkError::ArgCount {
            name: spec.label.clone(),
            expected: spec.args.len(),
            given: args.len(),
            signature: spec.signature(),
        });
    }
    let mut out = spec.selector.to_vec();
    for (a, value) in spec.args.iter().zip(args) {
        encode_arg(meta, a.ty, &a.label, value.trim(), &mut out)?;
    }
    Ok(out)
}

fn is_id32(t: &TypeInfo) -> bool {
    matches!(t.name(), Some("AccountId" | "AccountId32" | "Hash" | "H256"))
}

fn is_u8(meta: &InkMetadata, id: u32) -> bool {
    matches!(meta.ty(id).map(|t| &t.def), Ok(TypeDef::Primitive(p)) if p == "u8")
}

fn bad_arg(meta: &InkMetadata, ty: u32, label: &str, value: &str, hint: &str) -> InkError {
    InkError::BadArg {
        label: label.to_owned(),
        value: value.to_owned(),
        ty: meta.type_name(ty),
        hint: if hint.is_empty() { String::new() } else { format!(" ({hint})") },
    }
}

fn parse_hex(s: &str) -> Option<Vec<u8>> {
    hex::decode(s.strip_prefix("0x").unwrap_or(s)).ok()
}

macro_rules! int {
    ($t:ty, $v:expr, $out:expr) => {
        $v.parse::<$t>().ok().map(|n| $out.extend_from_slice(&n.to_le_bytes()))
    };
}

fn encode_primitive(
    meta: &InkMetadata,
    ty: u32,
    p: &str,
    label: &str,
    value: &str,
    out: &mut Vec<u8>,
) -> Result<(), InkError> {
    let fail = |hint: &str| bad_arg(meta, ty, label, value, hint);
    let v = value.replace('_', "");
    let ok = match p {
        "bool" => match value {
            "true" => {
                out.push(1);
                Some(())
            }
            "false" => {
                out.push(0);
                Some(())
            }
            _ => None,
        },
        "u8" => int!(u8, v, out),
        "u16" => int!(u16, v, out),
        "u32" => int!(u32, v, out),
        "u64" => int!(u64, v, out),
        "u128" => int!(u128, v, out),
        "i8" => int!(i8, v, out),
        "i16" => int!(i16, v, out),
        "i32" => int!(i32, v, out),
        "i64" => int!(i64, v, out),
        "i128" => int!(i128, v, out),
        "str" => {
            out.extend(compact(value.len() as u128));
            out.extend_from_slice(value.as_bytes());
            Some(())
        }
        "char" => value.chars().next().filter(|_| value.chars().count() == 1).map(|c| {
            out.extend_from_slice(&u32::from(c).to_le_bytes());
        }),
        other => {
            return Err(InkError::Unsupported {
                ty: other.to_owned(),
                why: "no command-line form".into(),
            });
        }
    };
    ok.ok_or_else(|| match p {
        "bool" => fail("true or false"),
        "str" | "char" => fail(""),
        _ => fail("a decimal integer in range"),
    })
}

/// Encodes one argument string `value` of type `ty` into `out`.
pub fn encode_arg(
    meta: &InkMetadata,
    ty: u32,
    label: &str,
    value: &str,
    out: &mut Vec<u8>,
) -> Result<(), InkError> {
    let t = meta.ty(ty)?;
    let fail = |hint: &str| bad_arg(meta, ty, label, value, hint);
    match &t.def {
        TypeDef::Primitive(p) => encode_primitive(meta, ty, p, label, value, out),
        TypeDef::Composite(fields) if is_id32(t) => {
            let bytes = match value.parse::<crate::AccountId>() {
                Ok(id) => id.as_bytes().to_vec(),
                Err(_) => return Err(fail("32 bytes as 0x hex, or an SS58 address")),
            };
            // AccountId is `struct AccountId([u8; 32])`: its encoding is the 32 bytes.
            if fields.len() != 1 {
                return Err(InkError::Unsupported {
                    ty: meta.type_name(ty),
                    why: "not a 32-byte newtype".into(),
                });
            }
            out.extend_from_slice(&bytes);
            Ok(())
        }
        TypeDef::Composite(fields) if fields.len() == 1 => {
            encode_arg(meta, fields[0].ty, label, value, out)
        }
        TypeDef::Composite(_) => Err(InkError::Unsupported {
            ty: meta.type_name(ty),
            why: "structs of several fields have no command-line form".into(),
        }),
        TypeDef::Sequence(inner) if is_u8(meta, *inner) => {
            let bytes = parse_hex(value).ok_or_else(|| fail("bytes as 0x hex"))?;
            out.extend(compact(bytes.len() as u128));
            out.extend_from_slice(&bytes);
            Ok(())
        }
        TypeDef::Array { len, ty: inner } if is_u8(meta, *inner) => {
            let bytes = parse_hex(value)
                .filter(|b| b.len() == *len as usize)
                .ok_or_else(|| fail(&format!("exactly {len} bytes as 0x hex")))?;
            out.extend_from_slice(&bytes);
            Ok(())
        }
        TypeDef::Variant(vs) if t.name() == Some("Option") => {
            if value.eq_ignore_ascii_case("none") {
                out.push(0);
                return Ok(());
            }
            let some = vs
                .iter()
                .find(|v| v.name == "Some" && v.fields.len() == 1)
                .ok_or_else(|| InkError::Metadata("Option without Some(T)".into()))?;
            out.push(some.index);
            encode_arg(meta, some.fields[0].ty, label, value, out)
        }
        TypeDef::Compact(inner) => {
            let n = value.replace('_', "").parse::<u128>().map_err(|_| fail("a decimal integer"))?;
            let _ = inner;
            out.extend(compact(n));
            Ok(())
        }
        _ => Err(InkError::Unsupported {
            ty: meta.type_name(ty),
            why: "no command-line form (use bool, integers, AccountId, String, Vec<u8>, [u8; N], Option)"
                .into(),
        }),
    }
}

/// A cursor over output bytes.
struct Input<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    fn take(&mut self, n: usize, meta: &InkMetadata, ty: u32) -> Result<&'a [u8], InkError> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.at..end];
                self.at = end;
                Ok(s)
            }
            None => Err(self.err(meta, ty, format!("needs {n} more byte(s), the output ended"))),
        }
    }

    fn err(&self, meta: &InkMetadata, ty: u32, why: String) -> InkError {
        InkError::Decode { ty: meta.type_name(ty), at: self.at, why }
    }

    fn compact(&mut self, meta: &InkMetadata, ty: u32) -> Result<u128, InkError> {
        let first = self.take(1, meta, ty)?[0];
        Ok(match first & 3 {
            0 => u128::from(first >> 2),
            1 => {
                let b = self.take(1, meta, ty)?[0];
                u128::from(u16::from_le_bytes([first, b]) >> 2)
            }
            2 => {
                let b = self.take(3, meta, ty)?;
                u128::from(u32::from_le_bytes([first, b[0], b[1], b[2]]) >> 2)
            }
            _ => {
                let len = usize::from(first >> 2) + 4;
                if len > 16 {
                    return Err(self.err(meta, ty, format!("compact of {len} bytes")));
                }
                let mut buf = [0u8; 16];
                buf[..len].copy_from_slice(self.take(len, meta, ty)?);
                u128::from_le_bytes(buf)
            }
        })
    }
}

/// Decodes `bytes` as one value of type `ty`; every byte must be used.
pub fn decode(meta: &InkMetadata, ty: u32, bytes: &[u8]) -> Result<Value, InkError> {
    let mut input = Input { bytes, at: 0 };
    let v = decode_value(meta, ty, &mut input)?;
    if input.at != bytes.len() {
        return Err(input.err(meta, ty, format!("{} byte(s) left over", bytes.len() - input.at)));
    }
    Ok(v)
}

/// Decodes the fields of an event (`data` of its log) into an object by label.
pub fn decode_fields(
    meta: &InkMetadata,
    fields: &[(String, u32)],
    bytes: &[u8],
) -> Result<Value, InkError> {
    let mut input = Input { bytes, at: 0 };
    let mut obj = Map::new();
    for (label, ty) in fields {
        obj.insert(label.clone(), decode_value(meta, *ty, &mut input)?);
    }
    if input.at != bytes.len() {
        let why = format!("{} byte(s) left over", bytes.len() - input.at);
        return Err(InkError::Decode { ty: "event".into(), at: input.at, why });
    }
    Ok(Value::Object(obj))
}

fn big(n: u128) -> Value {
    match u64::try_from(n) {
        Ok(small) => Value::from(small),
        Err(_) => Value::String(n.to_string()),
    }
}

fn decode_fields_of(
    meta: &InkMetadata,
    fields: &[Field],
    input: &mut Input<'_>,
) -> Result<Value, InkError> {
    if fields.is_empty() {
        return Ok(Value::Null);
    }
    if fields.iter().all(|f| f.name.is_some()) {
        let mut obj = Map::new();
        for f in fields {
            let name = f.name.clone().unwrap_or_default();
            obj.insert(name, decode_value(meta, f.ty, input)?);
        }
        return Ok(Value::Object(obj));
    }
    if fields.len() == 1 {
        return decode_value(meta, fields[0].ty, input);
    }
    let items = fields.iter().map(|f| decode_value(meta, f.ty, input));
    Ok(Value::Array(items.collect::<Result<_, _>>()?))
}

fn decode_primitive(
    meta: &InkMetadata,
    ty: u32,
    p: &str,
    input: &mut Input<'_>,
) -> Result<Value, InkError> {
    macro_rules! le {
        ($t:ty) => {{
            let b = input.take(std::mem::size_of::<$t>(), meta, ty)?;
            let mut a = [0u8; std::mem::size_of::<$t>()];
            a.copy_from_slice(b);
            <$t>::from_le_bytes(a)
        }};
    }
    Ok(match p {
        "bool" => match input.take(1, meta, ty)?[0] {
            0 => Value::Bool(false),
            1 => Value::Bool(true),
            b => return Err(input.err(meta, ty, format!("bool byte {b}"))),
        },
        "u8" => Value::from(le!(u8)),
        "u16" => Value::from(le!(u16)),
        "u32" => Value::from(le!(u32)),
        // 128-bit integers are JSON numbers while they fit 64 bits, else strings.
        "u64" => big(u128::from(le!(u64))),
        "u128" => big(le!(u128)),
        "i8" => Value::from(le!(i8)),
        "i16" => Value::from(le!(i16)),
        "i32" => Value::from(le!(i32)),
        "i64" => Value::from(le!(i64)),
        "i128" => {
            let n = le!(i128);
            match i64::try_from(n) {
                Ok(small) => Value::from(small),
                Err(_) => n.to_string().into(),
            }
        }
        "str" => {
            let len = input.compact(meta, ty)?;
            let len = usize::try_from(len).map_err(|_| input.err(meta, ty, "length".into()))?;
            let b = input.take(len, meta, ty)?;
            match std::str::from_utf8(b) {
                Ok(s) => Value::String(s.to_owned()),
                Err(e) => return Err(input.err(meta, ty, format!("not UTF-8: {e}"))),
            }
        }
        "char" => {
            let n = le!(u32);
            match char::from_u32(n) {
                Some(c) => Value::String(c.to_string()),
                None => return Err(input.err(meta, ty, format!("char {n}"))),
            }
        }
        other => {
            return Err(InkError::Unsupported { ty: other.to_owned(), why: "no decoder".into() });
        }
    })
}

fn decode_value(meta: &InkMetadata, ty: u32, input: &mut Input<'_>) -> Result<Value, InkError> {
    let t = meta.ty(ty)?;
    match &t.def {
        TypeDef::Primitive(p) => decode_primitive(meta, ty, p, input),
        TypeDef::Composite(fields) if is_id32(t) && fields.len() == 1 => {
            let b = input.take(32, meta, ty)?;
            Ok(Value::String(hex::encode_prefixed(b)))
        }
        TypeDef::Composite(fields) => decode_fields_of(meta, fields, input),
        TypeDef::Sequence(inner) | TypeDef::Array { ty: inner, .. } => {
            let len = match &t.def {
                TypeDef::Array { len, .. } => u128::from(*len),
                _ => input.compact(meta, ty)?,
            };
            let len = usize::try_from(len)
                .ok()
                .filter(|l| *l <= input.bytes.len())
                .ok_or_else(|| input.err(meta, ty, format!("length {len} exceeds the output")))?;
            if is_u8(meta, *inner) {
                return Ok(Value::String(hex::encode_prefixed(input.take(len, meta, ty)?)));
            }
            let items = (0..len).map(|_| decode_value(meta, *inner, input));
            Ok(Value::Array(items.collect::<Result<_, _>>()?))
        }
        TypeDef::Tuple(items) if items.is_empty() => Ok(Value::Null),
        TypeDef::Tuple(items) => {
            let vals = items.iter().map(|i| decode_value(meta, *i, input));
            Ok(Value::Array(vals.collect::<Result<_, _>>()?))
        }
        TypeDef::Compact(_) => Ok(big(input.compact(meta, ty)?)),
        TypeDef::Variant(vs) => {
            let index = input.take(1, meta, ty)?[0];
            let v = vs
                .iter()
                .find(|v| v.index == index)
                .ok_or_else(|| input.err(meta, ty, format!("no variant of index {index}")))?;
            let inner = decode_fields_of(meta, &v.fields, input)?;
            if t.name() == Some("Option") {
                return Ok(inner);
            }
            if v.fields.is_empty() && t.name() != Some("Result") {
                return Ok(Value::String(v.name.clone()));
            }
            let mut obj = Map::new();
            obj.insert(v.name.clone(), inner);
            Ok(Value::Object(obj))
        }
        TypeDef::Other(kind) => {
            Err(InkError::Unsupported { ty: kind.clone(), why: "no decoder".into() })
        }
    }
}
