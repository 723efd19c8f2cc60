//! Avro schemas: parsed once into a flat arena of nodes that the encoder, the decoder
//! and schema resolution walk without any name lookups or allocation per record.
//!
//! Every node keeps its physical type (what the bytes look like) and, separately, its
//! logical type (how the value is shown), so that a `uuid` on a `fixed(16)` is read as
//! 16 raw bytes, a `decimal` knows whether it sits on `bytes` or a named `fixed`, and
//! a union branch is named after its physical type as the specification requires.
//! Named types are one node each, so recursive schemas are plain cycles of ids.
//!
//! The parser follows the Avro 1.12 specification: full names and namespaces, aliases,
//! no nested unions or duplicate union branches, field defaults checked against their
//! types (an invalid default is remembered, and only reported when it is needed), and
//! invalid or unknown logical types ignored in favour of the underlying type.

use std::collections::HashMap;

use serde_json::{Map, Value};

pub type NodeId = usize;

/// A parsed schema: the arena and the root.
#[derive(Debug)]
pub struct Schema {
    pub nodes: Vec<Node>,
    pub root: NodeId,
}

#[derive(Debug)]
pub struct Node {
    pub kind: Kind,
    pub logical: Option<Logical>,
}

#[derive(Debug)]
pub enum Kind {
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    Array(NodeId),
    Map(NodeId),
    Union(Vec<NodeId>),
    Record(Record),
    Enum(Enum),
    Fixed(Fixed),
}

#[derive(Debug, Clone)]
pub struct Named {
    /// `namespace.name`, or just `name` in the null namespace.
    pub fullname: String,
    /// Full names of the aliases.
    pub aliases: Vec<String>,
}

impl Named {
    /// The name without its namespace.
    pub fn simple(&self) -> &str {
        self.fullname.rsplit('.').next().unwrap_or(&self.fullname)
    }

    /// True when `other` names this type by its full or simple name or an alias.
    pub fn answers_to(&self, other: &Named) -> bool {
        self.fullname == other.fullname
            || self.simple() == other.simple()
            || self.aliases.contains(&other.fullname)
    }
}

#[derive(Debug)]
pub struct Record {
    pub name: Named,
    pub fields: Vec<Field>,
}

#[derive(Debug)]
pub struct Field {
    pub name: String,
    pub aliases: Vec<String>,
    pub node: NodeId,
    /// The default, Avro-encoded once at parse time (`Err` says why it is unusable).
    pub default: Option<Result<Vec<u8>, String>>,
}

#[derive(Debug)]
pub struct Enum {
    pub name: Named,
    pub symbols: Vec<String>,
    pub default: Option<usize>,
}

#[derive(Debug)]
pub struct Fixed {
    pub name: Named,
    pub size: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logical {
    Decimal { precision: u32, scale: u32 },
    Uuid,
    Date,
    TimeMillis,
    TimeMicros,
    TimestampMillis,
    TimestampMicros,
    TimestampNanos,
    LocalTimestampMillis,
    LocalTimestampMicros,
    LocalTimestampNanos,
    Duration,
}

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

const UNKNOWN_TYPE: &str = "unknown type ";

/// The full name of the type a parse error says is unknown (not defined in the schema
/// nor in its references), if that is the error.
pub fn unknown_type(error: &str) -> Option<&str> {
    let at = error.rfind(UNKNOWN_TYPE)? + UNKNOWN_TYPE.len();
    error[at..].strip_prefix('\'')?.split('\'').next()
}

impl Schema {
    /// Parses a schema from its JSON text.
    pub fn parse(text: &str) -> Result<Schema, String> {
        Schema::parse_with_references(text, &[])
    }

    /// Parses a schema whose named types may come from `references` (the schemas a
    /// registry lists as its references, dependencies first).
    pub fn parse_with_references(text: &str, references: &[String]) -> Result<Schema, String> {
        let mut parser = Parser::new();
        for reference in references {
            let json: Value = serde_json::from_str(reference)
                .map_err(|e| format!("referenced schema is not JSON: {e}"))?;
            parser
                .parse(&json, None)
                .map_err(|e| format!("referenced schema: {e}"))?;
        }
        let json: Value =
            serde_json::from_str(text).map_err(|e| format!("schema is not JSON: {e}"))?;
        let root = parser.parse(&json, None)?;
        let mut schema = Schema {
            nodes: parser.nodes,
            root,
        };
        schema.encode_defaults(parser.defaults);
        Ok(schema)
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The name of a node as a union branch in Avro's JSON encoding.
    pub fn branch_name(&self, id: NodeId) -> &str {
        match &self.nodes[id].kind {
            Kind::Null => "null",
            Kind::Boolean => "boolean",
            Kind::Int => "int",
            Kind::Long => "long",
            Kind::Float => "float",
            Kind::Double => "double",
            Kind::Bytes => "bytes",
            Kind::String => "string",
            Kind::Array(_) => "array",
            Kind::Map(_) => "map",
            Kind::Union(_) => "union",
            Kind::Record(r) => &r.name.fullname,
            Kind::Enum(e) => &e.name.fullname,
            Kind::Fixed(f) => &f.name.fullname,
        }
    }

    /// The full name of the root when it is a named type (record-name subjects).
    pub fn root_name(&self) -> Option<&str> {
        match &self.nodes[self.root].kind {
            Kind::Record(r) => Some(&r.name.fullname),
            Kind::Enum(e) => Some(&e.name.fullname),
            Kind::Fixed(f) => Some(&f.name.fullname),
            _ => None,
        }
    }

    /// Encodes every field default once, now that all named types are known.
    fn encode_defaults(&mut self, defaults: Vec<(NodeId, usize, Value)>) {
        for (record, index, value) in defaults {
            let Kind::Record(r) = &self.nodes[record].kind else {
                continue;
            };
            let node = r.fields[index].node;
            let encoded = super::encode::encode_default(self, node, &value);
            if let Kind::Record(r) = &mut self.nodes[record].kind {
                r.fields[index].default = Some(encoded);
            }
        }
    }
}

struct Parser {
    nodes: Vec<Node>,
    names: HashMap<String, NodeId>,
    /// (record node, field index, default JSON) to encode after parsing.
    defaults: Vec<(NodeId, usize, Value)>,
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn describe(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

impl Parser {
    fn new() -> Self {
        let nodes = [
            Kind::Null,
            Kind::Boolean,
            Kind::Int,
            Kind::Long,
            Kind::Float,
            Kind::Double,
            Kind::Bytes,
            Kind::String,
        ]
        .into_iter()
        .map(|kind| Node {
            kind,
            logical: None,
        })
        .collect();
        Parser {
            nodes,
            names: HashMap::new(),
            defaults: Vec::new(),
        }
    }

    fn push(&mut self, kind: Kind, logical: Option<Logical>) -> NodeId {
        self.nodes.push(Node { kind, logical });
        self.nodes.len() - 1
    }

    fn parse(&mut self, json: &Value, ns: Option<&str>) -> Result<NodeId, String> {
        match json {
            Value::String(name) => self.by_name(name, ns),
            Value::Array(branches) => self.parse_union(branches, ns),
            Value::Object(obj) => self.parse_object(obj, ns),
            other => Err(format!("invalid schema: {}", describe(other))),
        }
    }

    fn by_name(&self, name: &str, ns: Option<&str>) -> Result<NodeId, String> {
        if let Some(i) = PRIMITIVES.iter().position(|p| *p == name) {
            return Ok(i);
        }
        if !name.contains('.') {
            if let Some(ns) = ns {
                if let Some(id) = self.names.get(&format!("{ns}.{name}")) {
                    return Ok(*id);
                }
            }
        }
        self.names.get(name).copied().ok_or_else(|| {
            // The full name it would have, for looking it up (e.g. as a registry subject).
            let full = match ns {
                Some(ns) if !name.contains('.') => format!("{ns}.{name}"),
                _ => name.to_string(),
            };
            format!("{UNKNOWN_TYPE}'{full}'")
        })
    }

    fn parse_union(&mut self, branches: &[Value], ns: Option<&str>) -> Result<NodeId, String> {
        let mut ids = Vec::with_capacity(branches.len());
        let mut seen: Vec<String> = Vec::new();
        for branch in branches {
            let id = self.parse(branch, ns)?;
            let key = match &self.nodes[id].kind {
                Kind::Union(_) => return Err("a union may not directly contain a union".into()),
                Kind::Record(r) => r.name.fullname.clone(),
                Kind::Enum(e) => e.name.fullname.clone(),
                Kind::Fixed(f) => f.name.fullname.clone(),
                Kind::Array(_) => "array".into(),
                Kind::Map(_) => "map".into(),
                _ => PRIMITIVES[kind_index(&self.nodes[id].kind)].to_string(),
            };
            if seen.contains(&key) {
                return Err(format!("union contains '{key}' twice"));
            }
            seen.push(key);
            ids.push(id);
        }
        Ok(self.push(Kind::Union(ids), None))
    }

    fn parse_object(
        &mut self,
        obj: &Map<String, Value>,
        ns: Option<&str>,
    ) -> Result<NodeId, String> {
        let ty = obj.get("type").ok_or_else(|| {
            format!(
                "schema object without \"type\": {}",
                describe(&Value::Object(obj.clone()))
            )
        })?;
        let id = match ty {
            Value::String(t) => match t.as_str() {
                "record" | "error" => return self.parse_record(obj, ns),
                "enum" => return self.parse_enum(obj, ns),
                "fixed" => self.parse_fixed(obj, ns)?,
                "array" => {
                    let items = obj.get("items").ok_or("array schema without \"items\"")?;
                    let items = self.parse(items, ns)?;
                    self.push(Kind::Array(items), None)
                }
                "map" => {
                    let values = obj.get("values").ok_or("map schema without \"values\"")?;
                    let values = self.parse(values, ns)?;
                    self.push(Kind::Map(values), None)
                }
                other => self.by_name(other, ns)?,
            },
            nested => self.parse(nested, ns)?,
        };
        match obj.get("logicalType") {
            Some(Value::String(lt)) => Ok(self.apply_logical(id, lt, obj)),
            _ => Ok(id),
        }
    }

    /// Attaches a logical type when it is valid for the node; otherwise the node stays
    /// its underlying type, as the specification asks.
    fn apply_logical(&mut self, id: NodeId, lt: &str, obj: &Map<String, Value>) -> NodeId {
        let kind = &self.nodes[id].kind;
        let fixed_size = match kind {
            Kind::Fixed(f) => Some(f.size),
            _ => None,
        };
        let logical = match (lt, kind) {
            ("decimal", Kind::Bytes | Kind::Fixed(_)) => {
                let int = |key| obj.get(key).and_then(Value::as_u64);
                let Some(precision) = int("precision").filter(|p| *p > 0) else {
                    return id;
                };
                let scale = match obj.get("scale") {
                    None => 0,
                    Some(v) => match v.as_u64() {
                        Some(s) => s,
                        None => return id,
                    },
                };
                if scale > precision {
                    return id;
                }
                if let Some(size) = fixed_size {
                    if precision > max_decimal_digits(size) {
                        return id;
                    }
                }
                let (Ok(precision), Ok(scale)) = (u32::try_from(precision), u32::try_from(scale))
                else {
                    return id;
                };
                Logical::Decimal { precision, scale }
            }
            ("uuid", Kind::String) => Logical::Uuid,
            ("uuid", Kind::Fixed(f)) if f.size == 16 => Logical::Uuid,
            ("date", Kind::Int) => Logical::Date,
            ("time-millis", Kind::Int) => Logical::TimeMillis,
            ("time-micros", Kind::Long) => Logical::TimeMicros,
            ("timestamp-millis", Kind::Long) => Logical::TimestampMillis,
            ("timestamp-micros", Kind::Long) => Logical::TimestampMicros,
            ("timestamp-nanos", Kind::Long) => Logical::TimestampNanos,
            ("local-timestamp-millis", Kind::Long) => Logical::LocalTimestampMillis,
            ("local-timestamp-micros", Kind::Long) => Logical::LocalTimestampMicros,
            ("local-timestamp-nanos", Kind::Long) => Logical::LocalTimestampNanos,
            ("duration", Kind::Fixed(f)) if f.size == 12 => Logical::Duration,
            _ => return id,
        };
        if id < PRIMITIVES.len() {
            // The shared primitive nodes carry no logical type: make a new one.
            let kind = match &self.nodes[id].kind {
                Kind::Bytes => Kind::Bytes,
                Kind::String => Kind::String,
                Kind::Int => Kind::Int,
                _ => Kind::Long,
            };
            return self.push(kind, Some(logical));
        }
        self.nodes[id].logical = Some(logical);
        id
    }

    /// Reads `name`/`namespace`/`aliases` and registers the name (before the body is
    /// parsed, so that the type can refer to itself).
    fn named(
        &mut self,
        obj: &Map<String, Value>,
        ns: Option<&str>,
        what: &str,
    ) -> Result<Named, String> {
        let name = match obj.get("name") {
            Some(Value::String(n)) => n.as_str(),
            _ => return Err(format!("{what} without a \"name\"")),
        };
        let (namespace, simple) = match name.rsplit_once('.') {
            Some((ns, simple)) => (Some(ns.to_string()), simple),
            None => match obj.get("namespace") {
                Some(Value::String(ns)) if !ns.is_empty() => (Some(ns.clone()), name),
                Some(Value::String(_)) | Some(Value::Null) => (None, name),
                Some(_) => return Err(format!("{what} '{name}': \"namespace\" must be a string")),
                None => (ns.map(str::to_string), name),
            },
        };
        if !valid_name(simple)
            || !namespace
                .as_deref()
                .is_none_or(|ns| ns.split('.').all(valid_name))
        {
            return Err(format!("invalid {what} name '{name}'"));
        }
        if PRIMITIVES.contains(&simple) && namespace.is_none() {
            return Err(format!("{what} may not be named '{simple}'"));
        }
        let fullname = match &namespace {
            Some(ns) => format!("{ns}.{simple}"),
            None => simple.to_string(),
        };
        let aliases = match obj.get("aliases") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => list
                .iter()
                .map(|a| match a.as_str() {
                    Some(a) if a.contains('.') => Ok(a.to_string()),
                    Some(a) => Ok(match &namespace {
                        Some(ns) => format!("{ns}.{a}"),
                        None => a.to_string(),
                    }),
                    None => Err(format!("{what} '{fullname}': aliases must be strings")),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(format!("{what} '{fullname}': \"aliases\" must be a list")),
        };
        if self.names.contains_key(&fullname) {
            return Err(format!("type '{fullname}' is defined twice"));
        }
        Ok(Named { fullname, aliases })
    }

    fn parse_record(
        &mut self,
        obj: &Map<String, Value>,
        ns: Option<&str>,
    ) -> Result<NodeId, String> {
        let name = self.named(obj, ns, "record")?;
        let id = self.push(
            Kind::Record(Record {
                name: name.clone(),
                fields: Vec::new(),
            }),
            None,
        );
        self.names.insert(name.fullname.clone(), id);
        let inner_ns = name.fullname.rsplit_once('.').map(|(ns, _)| ns.to_string());
        let list = match obj.get("fields") {
            Some(Value::Array(list)) => list,
            _ => {
                return Err(format!(
                    "record '{}' without a \"fields\" list",
                    name.fullname
                ))
            }
        };
        let mut fields: Vec<Field> = Vec::with_capacity(list.len());
        for (index, f) in list.iter().enumerate() {
            let Value::Object(f) = f else {
                return Err(format!(
                    "record '{}': each field must be an object",
                    name.fullname
                ));
            };
            let fname = match f.get("name") {
                Some(Value::String(n)) if valid_name(n) => n.clone(),
                Some(Value::String(n)) => {
                    return Err(format!(
                        "record '{}': invalid field name '{n}'",
                        name.fullname
                    ))
                }
                _ => {
                    return Err(format!(
                        "record '{}': a field without a \"name\"",
                        name.fullname
                    ))
                }
            };
            if fields.iter().any(|other| other.name == fname) {
                return Err(format!(
                    "record '{}': field '{fname}' is defined twice",
                    name.fullname
                ));
            }
            let ty = f.get("type").ok_or_else(|| {
                format!(
                    "record '{}': field '{fname}' without a \"type\"",
                    name.fullname
                )
            })?;
            let node = self
                .parse(ty, inner_ns.as_deref())
                .map_err(|e| format!("record '{}', field '{fname}': {e}", name.fullname))?;
            let aliases = match f.get("aliases") {
                Some(Value::Array(list)) => list
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(default) = f.get("default") {
                self.defaults.push((id, index, default.clone()));
            }
            fields.push(Field {
                name: fname,
                aliases,
                node,
                default: None,
            });
        }
        if let Kind::Record(r) = &mut self.nodes[id].kind {
            r.fields = fields;
        }
        Ok(id)
    }

    fn parse_enum(&mut self, obj: &Map<String, Value>, ns: Option<&str>) -> Result<NodeId, String> {
        let name = self.named(obj, ns, "enum")?;
        let symbols: Vec<String> = match obj.get("symbols") {
            Some(Value::Array(list)) => list
                .iter()
                .map(|s| match s.as_str() {
                    Some(s) if valid_name(s) => Ok(s.to_string()),
                    _ => Err(format!(
                        "enum '{}': invalid symbol {}",
                        name.fullname,
                        describe(s)
                    )),
                })
                .collect::<Result<_, _>>()?,
            _ => {
                return Err(format!(
                    "enum '{}' without a \"symbols\" list",
                    name.fullname
                ))
            }
        };
        for (i, s) in symbols.iter().enumerate() {
            if symbols[..i].contains(s) {
                return Err(format!(
                    "enum '{}': symbol '{s}' appears twice",
                    name.fullname
                ));
            }
        }
        let default = match obj.get("default") {
            None | Some(Value::Null) => None,
            Some(Value::String(d)) => {
                Some(symbols.iter().position(|s| s == d).ok_or_else(|| {
                    format!("enum '{}': default '{d}' is not a symbol", name.fullname)
                })?)
            }
            Some(other) => {
                return Err(format!(
                    "enum '{}': invalid default {}",
                    name.fullname,
                    describe(other)
                ))
            }
        };
        let fullname = name.fullname.clone();
        let id = self.push(
            Kind::Enum(Enum {
                name,
                symbols,
                default,
            }),
            None,
        );
        self.names.insert(fullname, id);
        Ok(id)
    }

    fn parse_fixed(
        &mut self,
        obj: &Map<String, Value>,
        ns: Option<&str>,
    ) -> Result<NodeId, String> {
        let name = self.named(obj, ns, "fixed")?;
        let size = obj
            .get("size")
            .and_then(Value::as_u64)
            .and_then(|s| usize::try_from(s).ok())
            .ok_or_else(|| {
                format!(
                    "fixed '{}' needs a non-negative integer \"size\"",
                    name.fullname
                )
            })?;
        let fullname = name.fullname.clone();
        let id = self.push(Kind::Fixed(Fixed { name, size }), None);
        self.names.insert(fullname, id);
        Ok(id)
    }
}

/// Index of a primitive kind in [`PRIMITIVES`].
fn kind_index(kind: &Kind) -> usize {
    match kind {
        Kind::Null => 0,
        Kind::Boolean => 1,
        Kind::Int => 2,
        Kind::Long => 3,
        Kind::Float => 4,
        Kind::Double => 5,
        Kind::Bytes => 6,
        _ => 7,
    }
}

/// The most decimal digits a two's-complement number of `size` bytes always holds.
pub fn max_decimal_digits(size: usize) -> u64 {
    if size == 0 {
        return 0;
    }
    // floor(log10(2^(8*size - 1) - 1))
    ((8 * size as u64 - 1) as f64 * std::f64::consts::LOG10_2).floor() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Schema {
        Schema::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &str) -> String {
        match Schema::parse(text) {
            Ok(_) => panic!("{text} should not parse"),
            Err(e) => e,
        }
    }

    #[test]
    fn primitives_and_containers() {
        let s = parse(r#""long""#);
        assert!(matches!(s.node(s.root).kind, Kind::Long));
        let s = parse(r#"{"type":"array","items":{"type":"map","values":"string"}}"#);
        let Kind::Array(items) = s.node(s.root).kind else {
            panic!()
        };
        assert!(matches!(s.node(items).kind, Kind::Map(_)));
        let s = parse(r#"["null","string"]"#);
        assert_eq!(s.branch_name(s.root), "union");
    }

    #[test]
    fn names_namespaces_and_references() {
        let s = parse(
            r#"{"type":"record","name":"User","namespace":"com.acme","fields":[
                {"name":"id","type":{"type":"fixed","name":"Id","size":4}},
                {"name":"alt","type":"Id"},
                {"name":"other","type":"com.acme.Id"},
                {"name":"kind","type":{"type":"enum","name":"x.Kind","symbols":["A","B"]}},
                {"name":"k2","type":"x.Kind"},
                {"name":"next","type":["null","User"]}
            ]}"#,
        );
        assert_eq!(s.root_name(), Some("com.acme.User"));
        let Kind::Record(r) = &s.node(s.root).kind else {
            panic!()
        };
        assert_eq!(r.fields[0].node, r.fields[1].node);
        assert_eq!(r.fields[0].node, r.fields[2].node);
        assert_eq!(s.branch_name(r.fields[0].node), "com.acme.Id");
        assert_eq!(s.branch_name(r.fields[3].node), "x.Kind");
        let Kind::Union(b) = &s.node(r.fields[5].node).kind else {
            panic!()
        };
        assert_eq!(b[1], s.root, "recursive reference");
    }

    #[test]
    fn logical_types_keep_their_physical_type() {
        let s = parse(
            r#"{"type":"record","name":"R","fields":[
                {"name":"a","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
                {"name":"b","type":{"type":"fixed","name":"U","size":16,"logicalType":"uuid"}},
                {"name":"c","type":{"type":"long","logicalType":"timestamp-micros"}},
                {"name":"d","type":{"type":"fixed","name":"D","size":12,"logicalType":"duration"}},
                {"name":"e","type":{"type":"int","logicalType":"date"}},
                {"name":"f","type":"long"},
                {"name":"g","type":{"type":"string","logicalType":"uuid"}}
            ]}"#,
        );
        let Kind::Record(r) = &s.node(s.root).kind else {
            panic!()
        };
        let n = |i: usize| s.node(r.fields[i].node);
        assert_eq!(
            n(0).logical,
            Some(Logical::Decimal {
                precision: 9,
                scale: 2
            })
        );
        assert!(matches!(n(0).kind, Kind::Bytes));
        assert!(matches!(&n(1).kind, Kind::Fixed(f) if f.size == 16));
        assert_eq!(n(1).logical, Some(Logical::Uuid));
        assert_eq!(n(2).logical, Some(Logical::TimestampMicros));
        assert_eq!(n(3).logical, Some(Logical::Duration));
        assert_eq!(n(4).logical, Some(Logical::Date));
        assert_eq!(
            n(5).logical,
            None,
            "the shared long node has no logical type"
        );
        assert_eq!(n(6).logical, Some(Logical::Uuid));
    }

    #[test]
    fn invalid_logical_types_fall_back_to_the_underlying_type() {
        for text in [
            r#"{"type":"bytes","logicalType":"decimal","precision":2,"scale":3}"#,
            r#"{"type":"bytes","logicalType":"decimal"}"#,
            r#"{"type":"fixed","name":"F","size":2,"logicalType":"decimal","precision":5}"#,
            r#"{"type":"string","logicalType":"date"}"#,
            r#"{"type":"fixed","name":"F","size":8,"logicalType":"uuid"}"#,
            r#"{"type":"long","logicalType":"no-such-type"}"#,
        ] {
            let s = parse(text);
            assert_eq!(s.node(s.root).logical, None, "{text}");
        }
        // 2 bytes hold 4 digits (32767), not 5.
        let s =
            parse(r#"{"type":"fixed","name":"F","size":2,"logicalType":"decimal","precision":4}"#);
        assert!(s.node(s.root).logical.is_some());
        assert_eq!(max_decimal_digits(16), 38);
        assert_eq!(max_decimal_digits(8), 18);
    }

    #[test]
    fn rejects_invalid_schemas() {
        assert!(err("nope").contains("not JSON"));
        assert!(err(r#""Nope""#).contains("unknown type 'Nope'"));
        assert!(err(r#"["null",["int"]]"#).contains("union"));
        assert!(err(r#"["int","int"]"#).contains("twice"));
        assert!(
            err(r#"[{"type":"array","items":"int"},{"type":"array","items":"long"}]"#)
                .contains("'array' twice")
        );
        assert!(err(r#"{"type":"record","name":"1x","fields":[]}"#).contains("invalid record name"));
        assert!(err(r#"{"type":"record","name":"R"}"#).contains("fields"));
        assert!(
            err(r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]}"#)
                .contains("field 'a' is defined twice")
        );
        assert!(err(r#"{"type":"enum","name":"E","symbols":["A","A"]}"#).contains("twice"));
        assert!(
            err(r#"{"type":"enum","name":"E","symbols":["A"],"default":"B"}"#).contains("default")
        );
        assert!(err(r#"{"type":"fixed","name":"F"}"#).contains("size"));
        assert!(err(
            r#"[{"type":"fixed","name":"F","size":1},{"type":"fixed","name":"F","size":1}]"#
        )
        .contains("defined twice"));
        assert!(err(r#"{"type":"array"}"#).contains("items"));
        let e = err(r#"{"type":"record","name":"R","fields":[{"name":"a","type":"Missing"}]}"#);
        assert!(e.contains("field 'a'") && e.contains("Missing"), "{e}");
    }

    #[test]
    fn defaults_are_encoded_or_remembered_as_invalid() {
        let s = parse(
            r#"{"type":"record","name":"R","fields":[
                {"name":"a","type":"int","default":7},
                {"name":"b","type":["null","string"],"default":null},
                {"name":"c","type":"string","default":1},
                {"name":"d","type":"int"}
            ]}"#,
        );
        let Kind::Record(r) = &s.node(s.root).kind else {
            panic!()
        };
        assert_eq!(r.fields[0].default, Some(Ok(vec![14])));
        assert_eq!(r.fields[1].default, Some(Ok(vec![0])));
        assert!(matches!(r.fields[2].default, Some(Err(_))));
        assert_eq!(r.fields[3].default, None);
    }

    #[test]
    fn references_define_names_first() {
        let address = r#"{"type":"record","name":"Address","namespace":"acme","fields":[{"name":"city","type":"string"}]}"#;
        let s = Schema::parse_with_references(
            r#"{"type":"record","name":"acme.User","fields":[{"name":"home","type":"Address"}]}"#,
            &[address.to_string()],
        )
        .unwrap();
        assert_eq!(s.root_name(), Some("acme.User"));
        let Kind::Record(r) = &s.node(s.root).kind else {
            panic!()
        };
        assert_eq!(s.branch_name(r.fields[0].node), "acme.Address");
    }
}
