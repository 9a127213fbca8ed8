//! Decoded Bittensor precompile calls in `callTracer` output: every frame whose `to` is a
//! precompile of [`contracts::INTERFACES`] gets a `decoded` member with the interface, the
//! function signature, the named inputs and the outputs (a revert's reason is in `revertReason`
//! already). Numbers are decimal strings, bytes and addresses hex. A call the ABI does not
//! decode is left as it is.

use alloy_dyn_abi::{DynSolValue, FunctionExt, JsonAbiExt};
use alloy_json_abi::{Function, JsonAbi};
use alloy_primitives::{Address, hex};
use serde_json::{Map, Value, json};

/// The interfaces' ABIs by address, built once per trace.
pub(super) struct Decoder {
    abis: Vec<(Address, &'static str, JsonAbi)>,
}

impl Decoder {
    pub(super) fn new() -> Self {
        let abis = contracts::INTERFACES.iter().map(|i| (i.address, i.name, i.abi())).collect();
        Self { abis }
    }

    /// Adds `decoded` to every precompile frame of a `callTracer` frame tree, in place.
    pub(super) fn annotate(&self, frame: &mut Value) {
        if let Some(d) = self.decode(frame) {
            frame["decoded"] = d;
        }
        if let Some(calls) = frame.get_mut("calls").and_then(Value::as_array_mut) {
            for c in calls {
                self.annotate(c);
            }
        }
    }

    fn decode(&self, frame: &Value) -> Option<Value> {
        let to: Address = frame.get("to")?.as_str()?.parse().ok()?;
        let (_, name, abi) = self.abis.iter().find(|(a, _, _)| *a == to)?;
        let input = hex::decode(frame.get("input")?.as_str()?).ok()?;
        let selector = input.get(..4)?;
        let f = abi.functions().find(|f| f.selector().as_slice() == selector)?;
        let inputs = f.abi_decode_input(input.get(4..)?).ok()?;
        let mut out = json!({
            "interface": name,
            "function": f.signature(),
            "inputs": named(f, &inputs),
        });
        let output = frame.get("output").and_then(Value::as_str).and_then(|o| hex::decode(o).ok());
        if frame.get("error").is_none()
            && let Some(bytes) = output
            && let Ok(values) = f.abi_decode_output(&bytes)
        {
            out["outputs"] = Value::Array(values.iter().map(to_json).collect());
        }
        Some(out)
    }
}

fn named(f: &Function, values: &[DynSolValue]) -> Value {
    let mut m = Map::new();
    for (i, (p, v)) in f.inputs.iter().zip(values).enumerate() {
        let key = if p.name.is_empty() { format!("arg{i}") } else { p.name.clone() };
        m.insert(key, to_json(v));
    }
    Value::Object(m)
}

fn to_json(v: &DynSolValue) -> Value {
    match v {
        DynSolValue::Bool(b) => json!(b),
        DynSolValue::Int(i, _) => json!(i.to_string()),
        DynSolValue::Uint(u, _) => json!(u.to_string()),
        DynSolValue::Address(a) => json!(a),
        DynSolValue::Function(f) => json!(hex::encode_prefixed(f.as_slice())),
        DynSolValue::FixedBytes(w, size) => {
            json!(hex::encode_prefixed(w.get(..*size).unwrap_or(w.as_slice())))
        }
        DynSolValue::Bytes(b) => json!(hex::encode_prefixed(b)),
        DynSolValue::String(s) => json!(s),
        DynSolValue::Array(a) | DynSolValue::FixedArray(a) | DynSolValue::Tuple(a) => {
            Value::Array(a.iter().map(to_json).collect())
        }
    }
}
