//! The ink! 5 metadata JSON: `spec.constructors`, `spec.messages` and `spec.events` with their
//! selectors and argument types, and the `types` registry (scale-info's portable form) the
//! types point into.

use super::InkError;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One argument of a message, constructor or event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// Its name in the source.
    pub label: String,
    /// Its type id in the registry.
    pub ty: u32,
    /// The type as written in the source (`AccountId`, `Option<Balance>`).
    pub display: String,
    /// Events only: whether the field is a topic.
    pub indexed: bool,
}

/// A message or a constructor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSpec {
    /// Its name (`flip`).
    pub label: String,
    /// The 4-byte selector.
    pub selector: [u8; 4],
    /// The arguments in order.
    pub args: Vec<Arg>,
    /// The return type (for messages `MessageResult<T>`, for constructors
    /// `ConstructorResult<T>`), if any.
    pub return_type: Option<u32>,
    /// Whether it writes storage (constructors: always true).
    pub mutates: bool,
    /// Whether it accepts value.
    pub payable: bool,
}

impl MessageSpec {
    /// `label: Type, ...`, for error messages and `--help`-like listings.
    pub fn signature(&self) -> String {
        let args: Vec<String> =
            self.args.iter().map(|a| format!("{}: {}", a.label, a.display)).collect();
        args.join(", ")
    }
}

/// An event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpec {
    /// Its name (`Flipped`).
    pub label: String,
    /// Topic 0 of its logs (absent for anonymous events).
    pub signature_topic: Option<[u8; 32]>,
    /// Its fields in order (the event data is all of them, SCALE-encoded in order).
    pub args: Vec<Arg>,
}

/// One field of a composite type or of a variant.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Field {
    /// Its name (absent for tuple structs).
    #[serde(default)]
    pub name: Option<String>,
    /// Its type id.
    #[serde(rename = "type")]
    pub ty: u32,
}

/// One variant of an enum.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Variant {
    /// Its name (`Some`, `Ok`).
    pub name: String,
    /// Its fields.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Its encoded index byte.
    pub index: u8,
}

/// The shape of a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeDef {
    /// `bool`, `char`, `str`, `u8`..`u256`, `i8`..`i256`.
    Primitive(String),
    /// A struct.
    Composite(Vec<Field>),
    /// An enum.
    Variant(Vec<Variant>),
    /// `Vec<T>`.
    Sequence(u32),
    /// `[T; len]`.
    Array {
        /// The length.
        len: u32,
        /// The element type.
        ty: u32,
    },
    /// `(A, B, ...)`; `()` is the empty tuple.
    Tuple(Vec<u32>),
    /// `Compact<T>`.
    Compact(u32),
    /// Anything else (bit sequences).
    Other(String),
}

/// A type of the registry: its path (`["Option"]`, `["ink_primitives", "types", "AccountId"]`)
/// and its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeInfo {
    /// The path; empty for primitives, tuples, arrays and sequences.
    pub path: Vec<String>,
    /// The shape.
    pub def: TypeDef,
}

impl TypeInfo {
    /// The last path segment (`AccountId`), if any.
    pub fn name(&self) -> Option<&str> {
        self.path.last().map(String::as_str)
    }
}

/// A contract's metadata: name, code hash, constructors, messages, events and types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InkMetadata {
    /// `contract.name`.
    pub name: String,
    /// `source.hash`: blake2-256 of the code, if present and well-formed.
    pub code_hash: Option<[u8; 32]>,
    /// The constructors.
    pub constructors: Vec<MessageSpec>,
    /// The messages.
    pub messages: Vec<MessageSpec>,
    /// The events.
    pub events: Vec<EventSpec>,
    /// The type registry by id.
    pub types: BTreeMap<u32, TypeInfo>,
}

fn bad(what: impl Into<String>) -> InkError {
    InkError::Metadata(what.into())
}

fn hex_fixed<const N: usize>(s: &str, what: &str) -> Result<[u8; N], InkError> {
    let bytes = alloy_primitives::hex::decode(s)
        .map_err(|e| bad(format!("{what} `{s}` is not hex: {e}")))?;
    bytes.try_into().map_err(|_| bad(format!("{what} `{s}` is not {N} bytes")))
}

#[derive(Deserialize)]
struct RawTypeSpec {
    #[serde(rename = "type")]
    ty: u32,
    #[serde(default, rename = "displayName")]
    display_name: Vec<String>,
}

#[derive(Deserialize)]
struct RawArg {
    label: String,
    #[serde(rename = "type")]
    ty: RawTypeSpec,
    #[serde(default)]
    indexed: bool,
}

#[derive(Deserialize)]
struct RawMessage {
    label: String,
    selector: String,
    #[serde(default)]
    args: Vec<RawArg>,
    #[serde(default, rename = "returnType")]
    return_type: Option<RawTypeSpec>,
    #[serde(default = "yes")]
    mutates: bool,
    #[serde(default)]
    payable: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct RawEvent {
    label: String,
    #[serde(default)]
    args: Vec<RawArg>,
    #[serde(default)]
    signature_topic: Option<String>,
}

#[derive(Deserialize)]
struct RawSpec {
    #[serde(default)]
    constructors: Vec<RawMessage>,
    #[serde(default)]
    messages: Vec<RawMessage>,
    #[serde(default)]
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
struct RawType {
    id: u32,
    #[serde(rename = "type")]
    ty: RawTypeBody,
}

#[derive(Deserialize)]
struct RawTypeBody {
    #[serde(default)]
    path: Vec<String>,
    def: Value,
}

fn arg(raw: RawArg) -> Arg {
    let display = match raw.ty.display_name.last() {
        Some(name) => name.clone(),
        None => format!("type #{}", raw.ty.ty),
    };
    Arg { label: raw.label, ty: raw.ty.ty, display, indexed: raw.indexed }
}

fn message(raw: RawMessage) -> Result<MessageSpec, InkError> {
    Ok(MessageSpec {
        selector: hex_fixed(&raw.selector, &format!("selector of `{}`", raw.label))?,
        args: raw.args.into_iter().map(arg).collect(),
        return_type: raw.return_type.map(|t| t.ty),
        mutates: raw.mutates,
        payable: raw.payable,
        label: raw.label,
    })
}

fn field_list(v: Option<&Value>) -> Result<Vec<Field>, InkError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| bad(format!("fields: {e}"))),
    }
}

fn u32_of(v: Option<&Value>, what: &str) -> Result<u32, InkError> {
    v.and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| bad(format!("{what} is not a type id")))
}

fn type_def(def: &Value) -> Result<TypeDef, InkError> {
    let (kind, body) = match def.as_object().and_then(|o| o.iter().next()) {
        Some(kv) => kv,
        None => return Err(bad(format!("type def `{def}` is not an object"))),
    };
    Ok(match kind.as_str() {
        "primitive" => TypeDef::Primitive(
            body.as_str().ok_or_else(|| bad("primitive is not a string"))?.to_owned(),
        ),
        "composite" => TypeDef::Composite(field_list(body.get("fields"))?),
        "variant" => TypeDef::Variant(match body.get("variants") {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => {
                serde_json::from_value(v.clone()).map_err(|e| bad(format!("variants: {e}")))?
            }
        }),
        "sequence" => TypeDef::Sequence(u32_of(body.get("type"), "sequence type")?),
        "array" => TypeDef::Array {
            len: u32_of(body.get("len"), "array len")?,
            ty: u32_of(body.get("type"), "array type")?,
        },
        "tuple" => TypeDef::Tuple(
            serde_json::from_value(body.clone()).map_err(|e| bad(format!("tuple: {e}")))?,
        ),
        "compact" => TypeDef::Compact(u32_of(body.get("type"), "compact type")?),
        other => TypeDef::Other(other.to_owned()),
    })
}

impl InkMetadata {
    /// Parses the metadata JSON text.
    pub fn parse(json: &str) -> Result<Self, InkError> {
        let root: Value = serde_json::from_str(json).map_err(|e| bad(format!("not JSON: {e}")))?;
        let version = root.get("version").cloned().unwrap_or(Value::Null);
        let v5 = version.as_u64() == Some(5) || version.as_str() == Some("5");
        if !v5 {
            return Err(InkError::Version { found: version.to_string() });
        }
        let name = root
            .pointer("/contract/name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("no contract.name"))?
            .to_owned();
        let code_hash = match root.pointer("/source/hash").and_then(Value::as_str) {
            Some(h) => Some(hex_fixed(h, "source.hash")?),
            None => None,
        };
        let spec: RawSpec =
            serde_json::from_value(root.get("spec").cloned().ok_or_else(|| bad("no spec"))?)
                .map_err(|e| bad(format!("spec: {e}")))?;
        let raw_types: Vec<RawType> =
            serde_json::from_value(root.get("types").cloned().ok_or_else(|| bad("no types"))?)
                .map_err(|e| bad(format!("types: {e}")))?;
        let mut types = BTreeMap::new();
        for t in raw_types {
            let info = TypeInfo { path: t.ty.path, def: type_def(&t.ty.def)? };
            types.insert(t.id, info);
        }
        let events = spec
            .events
            .into_iter()
            .map(|e| {
                let signature_topic = match e.signature_topic.as_deref() {
                    Some(t) => Some(hex_fixed(t, &format!("signature topic of `{}`", e.label))?),
                    None => None,
                };
                Ok(EventSpec {
                    label: e.label,
                    signature_topic,
                    args: e.args.into_iter().map(arg).collect(),
                })
            })
            .collect::<Result<_, InkError>>()?;
        Ok(Self {
            name,
            code_hash,
            constructors: spec.constructors.into_iter().map(message).collect::<Result<_, _>>()?,
            messages: spec.messages.into_iter().map(message).collect::<Result<_, _>>()?,
            events,
            types,
        })
    }

    /// The type of id `id`.
    pub fn ty(&self, id: u32) -> Result<&TypeInfo, InkError> {
        self.types.get(&id).ok_or(InkError::UnknownType(id))
    }

    fn find<'a>(
        list: &'a [MessageSpec],
        what: &'static str,
        name: &str,
    ) -> Result<&'a MessageSpec, InkError> {
        list.iter().find(|m| m.label == name).ok_or_else(|| InkError::UnknownName {
            what,
            name: name.to_owned(),
            known: list.iter().map(|m| m.label.as_str()).collect::<Vec<_>>().join(", "),
        })
    }

    /// The message named `name`.
    pub fn message(&self, name: &str) -> Result<&MessageSpec, InkError> {
        Self::find(&self.messages, "message", name)
    }

    /// The constructor named `name`.
    pub fn constructor(&self, name: &str) -> Result<&MessageSpec, InkError> {
        Self::find(&self.constructors, "constructor", name)
    }

    /// The event whose signature topic is `topic0`.
    pub fn event_by_topic(&self, topic0: &[u8; 32]) -> Option<&EventSpec> {
        self.events.iter().find(|e| e.signature_topic.as_ref() == Some(topic0))
    }

    /// A readable name of type `id` (`Option<u128>`, `AccountId`, `Vec<u8>`).
    pub fn type_name(&self, id: u32) -> String {
        let Ok(t) = self.ty(id) else {
            return format!("type #{id}");
        };
        match &t.def {
            TypeDef::Primitive(p) => p.clone(),
            TypeDef::Sequence(inner) => format!("Vec<{}>", self.type_name(*inner)),
            TypeDef::Array { len, ty } => format!("[{}; {len}]", self.type_name(*ty)),
            TypeDef::Tuple(items) => {
                let names: Vec<String> = items.iter().map(|i| self.type_name(*i)).collect();
                format!("({})", names.join(", "))
            }
            TypeDef::Compact(inner) => format!("Compact<{}>", self.type_name(*inner)),
            TypeDef::Variant(vs) if t.name() == Some("Option") => {
                let inner = vs.iter().find(|v| v.name == "Some").and_then(|v| v.fields.first());
                match inner {
                    Some(f) => format!("Option<{}>", self.type_name(f.ty)),
                    None => "Option".to_owned(),
                }
            }
            _ => t.name().map(str::to_owned).unwrap_or_else(|| format!("type #{id}")),
        }
    }
}
