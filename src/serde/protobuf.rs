//! The `protobuf` format.
//!
//! Wire format: with local schemas (no registry) a record is the bare protobuf binary
//! encoding of one message. With a Schema Registry it is Confluent-framed: magic byte
//! `0`, the 4-byte big-endian schema id, the message indexes that locate the message
//! type inside the registered `.proto` file (a zig-zag varint array, `0` alone for
//! the file's first message; see [`super::wire`]), then the protobuf binary.
//!
//! Schemas: `.proto` files compiled at run time by `protox` (a pure-Rust protobuf
//! compiler, so no `protoc` is needed; imports are searched in `--proto-path` directories,
//! the schema file's own directory, and the well-known `google/protobuf/*` types are
//! built in), or a binary `FileDescriptorSet` (`protoc --include_imports -o`,
//! `buf build -o`). The message type is `--value-message pkg.Msg`, or the file's first
//! message. Registry schemas are `.proto` text compiled the same way, with their
//! references served from memory.
//!
//! JSON mapping: the canonical protobuf JSON mapping (`prost-reflect`): lowerCamelCase
//! field names, enums by name, 64-bit integers as strings, bytes as base64, well-known
//! types (`Timestamp`, `Duration`, wrappers, `Struct`) in their special forms, fields
//! with default values omitted. Produce accepts the same, plus original field names;
//! unknown fields are an error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use prost::Message as _;
use prost_reflect::{
    DescriptorPool, DynamicMessage, FileDescriptor, MessageDescriptor, SerializeOptions,
};
use serde_json::Value;

use super::registry::{Client, SchemaType};
use super::schemas::ById;
use super::{wire, Decoded, Decoder, Encoder, SerdeError};

/// A compiled set of protobuf files and the file that holds the schema.
#[derive(Debug, Clone)]
pub struct Protos {
    pub pool: DescriptorPool,
    /// The `.proto` file the schema came from (`None` for a descriptor set).
    pub main: Option<FileDescriptor>,
    /// Source texts of the compiled files by import name (for registering imports).
    pub sources: HashMap<String, String>,
}

fn describe_protox(e: &protox::Error) -> String {
    // protox's Display is one line with the file and position.
    e.to_string()
}

/// Compiles a `.proto` file with the given import directories (plus its own directory).
pub fn compile_file(file: &Path, proto_paths: &[PathBuf]) -> Result<Protos, String> {
    let mut includes: Vec<PathBuf> = proto_paths.to_vec();
    let parent = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    includes.push(parent);
    let mut compiler = protox::Compiler::new(&includes).map_err(|e| {
        format!(
            "cannot compile '{}': {}",
            file.display(),
            describe_protox(&e)
        )
    })?;
    compiler.include_imports(true);
    compiler.open_file(file).map_err(|e| {
        format!(
            "cannot compile '{}': {}",
            file.display(),
            describe_protox(&e)
        )
    })?;
    let main_name = compiler
        .files()
        .find(|f| !f.is_import())
        .map(|f| f.name().to_string())
        .ok_or_else(|| format!("cannot compile '{}': no file was added", file.display()))?;
    let mut sources = HashMap::new();
    for f in compiler.files() {
        if let Some(path) = f.path() {
            if let Ok(text) = std::fs::read_to_string(path) {
                sources.insert(f.name().to_string(), text);
            }
        }
    }
    let pool = compiler.descriptor_pool();
    let main = pool.get_file_by_name(&main_name);
    Ok(Protos {
        pool,
        main,
        sources,
    })
}

/// Loads a binary `FileDescriptorSet`.
pub fn load_descriptor_set(file: &Path) -> Result<Protos, String> {
    let bytes =
        std::fs::read(file).map_err(|e| format!("cannot read '{}': {e}", file.display()))?;
    let pool = DescriptorPool::decode(bytes.as_slice()).map_err(|e| {
        format!(
            "'{}' is not a usable protobuf descriptor set: {e}",
            file.display()
        )
    })?;
    Ok(Protos {
        pool,
        main: None,
        sources: HashMap::new(),
    })
}

/// A `FileResolver` over texts held in memory (registry schemas and their references).
struct MemoryFiles(HashMap<String, String>);

impl protox::file::FileResolver for MemoryFiles {
    fn open_file(&self, name: &str) -> Result<protox::file::File, protox::Error> {
        match self.0.get(name) {
            Some(text) => match serialized_descriptor(name, text) {
                Some(file) => Ok(file),
                None => protox::file::File::from_source(name, text),
            },
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// A schema registered as a base64 `FileDescriptorProto` (what confluent-kafka's
/// Python and Go serializers send; Confluent's registry answers with `.proto` text, others
/// may echo the descriptor back).
fn serialized_descriptor(name: &str, text: &str) -> Option<protox::file::File> {
    use base64::Engine as _;
    let text = text.trim();
    if text.is_empty() || text.contains(char::is_whitespace) || text.contains(';') {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()?;
    let mut proto =
        prost_reflect::prost_types::FileDescriptorProto::decode(bytes.as_slice()).ok()?;
    proto.name = Some(name.to_string());
    Some(protox::file::File::from_file_descriptor_proto(proto))
}

/// Name given to a registry schema's main file (references keep their own names).
const MAIN_FILE: &str = "kpipe-registry-schema.proto";

/// Compiles `.proto` text (with `(name, text)` references) from a registry.
pub fn compile_text(text: &str, references: &[(String, String)]) -> Result<Protos, String> {
    let mut files: HashMap<String, String> = references.iter().cloned().collect();
    files.insert(MAIN_FILE.to_string(), text.to_string());
    let mut resolver = protox::file::ChainFileResolver::new();
    resolver.add(MemoryFiles(files.clone()));
    resolver.add(protox::file::GoogleFileResolver::new());
    let mut compiler = protox::Compiler::with_file_resolver(resolver);
    compiler.include_imports(true);
    compiler
        .open_file(MAIN_FILE)
        .map_err(|e| describe_protox(&e))?;
    let pool = compiler.descriptor_pool();
    let main = pool.get_file_by_name(MAIN_FILE);
    Ok(Protos {
        pool,
        main,
        sources: files,
    })
}

impl Protos {
    /// The message to use: `name` (full name, a leading `.` allowed), or the main
    /// file's first message, or the only message of a descriptor set.
    pub fn message(&self, name: Option<&str>) -> Result<MessageDescriptor, String> {
        if let Some(name) = name {
            let name = name.trim_start_matches('.');
            return self.pool.get_message_by_name(name).ok_or_else(|| {
                format!(
                    "no message '{name}' in the protobuf schema (messages: {})",
                    self.known_messages()
                )
            });
        }
        if let Some(file) = &self.main {
            return file
                .messages()
                .next()
                .ok_or_else(|| format!("the protobuf file '{}' defines no message", file.name()));
        }
        let mut user = self
            .pool
            .all_messages()
            .filter(|m| !m.full_name().starts_with("google.protobuf.") && !m.is_map_entry());
        match (user.next(), user.next()) {
            (Some(only), None) => Ok(only),
            (None, _) => Err("the descriptor set defines no message".into()),
            _ => Err(format!(
                "the descriptor set defines several messages: choose one with --value-message/--key-message ({})",
                self.known_messages()
            )),
        }
    }

    fn known_messages(&self) -> String {
        let names: Vec<String> = self
            .pool
            .all_messages()
            .filter(|m| !m.full_name().starts_with("google.protobuf.") && !m.is_map_entry())
            .map(|m| m.full_name().to_string())
            .take(12)
            .collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(", ")
        }
    }
}

/// The message a Confluent index path names in `file`.
pub fn message_at(file: &FileDescriptor, indexes: &[i32]) -> Option<MessageDescriptor> {
    let (first, rest) = indexes.split_first()?;
    let mut msg = file.messages().nth(usize::try_from(*first).ok()?)?;
    for i in rest {
        let child = msg.child_messages().nth(usize::try_from(*i).ok()?)?;
        msg = child;
    }
    Some(msg)
}

/// The Confluent index path of a message within its file.
pub fn indexes_of(msg: &MessageDescriptor) -> Vec<i32> {
    let mut path = Vec::new();
    let mut current = msg.clone();
    loop {
        match current.parent_message() {
            Some(parent) => {
                let i = parent
                    .child_messages()
                    .position(|c| c.full_name() == current.full_name())
                    .unwrap_or(0);
                path.push(i as i32);
                current = parent;
            }
            None => {
                let i = current
                    .parent_file()
                    .messages()
                    .position(|c| c.full_name() == current.full_name())
                    .unwrap_or(0);
                path.push(i as i32);
                break;
            }
        }
    }
    path.reverse();
    path
}

/// Produce side: JSON (protobuf JSON mapping) → protobuf binary, framed when a schema
/// id is given.
pub struct ProtoEncoder {
    message: MessageDescriptor,
    header: Option<(u32, Vec<i32>)>,
}

impl ProtoEncoder {
    /// `id`: frame records with that schema id and this message's index path.
    pub fn new(message: MessageDescriptor, id: Option<u32>) -> Self {
        let header = id.map(|id| (id, indexes_of(&message)));
        ProtoEncoder { message, header }
    }

    fn finish<'a>(
        &self,
        msg: &DynamicMessage,
        out: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        out.clear();
        if let Some((id, indexes)) = &self.header {
            wire::write_header(out, *id);
            wire::write_message_indexes(out, indexes);
        }
        msg.encode(out)
            .map_err(|e| SerdeError::Protobuf(e.to_string()))?;
        Ok(out)
    }

    fn error(&self, e: impl std::fmt::Display) -> SerdeError {
        SerdeError::Protobuf(format!(
            "not a valid {} in JSON: {e}",
            self.message.full_name()
        ))
    }
}

impl Encoder for ProtoEncoder {
    fn encode<'a>(
        &mut self,
        input: &'a [u8],
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        if let Some(e) = super::empty_json(input) {
            return Err(e);
        }
        let mut de = serde_json::Deserializer::from_slice(input);
        let msg = DynamicMessage::deserialize(self.message.clone(), &mut de)
            .and_then(|m| de.end().map(|()| m))
            .map_err(|e| self.error(e))?;
        self.finish(&msg, scratch)
    }

    fn encode_json<'a>(
        &mut self,
        value: &Value,
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        let msg =
            DynamicMessage::deserialize(self.message.clone(), value).map_err(|e| self.error(e))?;
        self.finish(&msg, scratch)
    }
}

enum Messages {
    /// One local message type for every record.
    Fixed(MessageDescriptor),
    /// Registry schemas by id, then messages by index path.
    Registry {
        files: ById<Protos>,
        by_path: HashMap<(u32, Vec<i32>), MessageDescriptor>,
    },
}

/// Consume side: protobuf binary (framed or not) → JSON.
pub struct ProtoDecoder {
    framed: bool,
    messages: Messages,
    options: SerializeOptions,
    last_id: Option<u32>,
}

impl ProtoDecoder {
    /// Bare (or, with `framed`, framed but decoded with this message regardless of id
    /// and indexes) protobuf of one local message type.
    pub fn local(message: MessageDescriptor, framed: bool) -> Self {
        ProtoDecoder {
            framed,
            messages: Messages::Fixed(message),
            options: SerializeOptions::new(),
            last_id: None,
        }
    }

    /// Framed protobuf whose schemas come from the registry.
    pub fn registry(client: Arc<Client>) -> Self {
        ProtoDecoder {
            framed: true,
            messages: Messages::Registry {
                files: ById::new(client),
                by_path: HashMap::new(),
            },
            options: SerializeOptions::new(),
            last_id: None,
        }
    }
}

impl Decoder for ProtoDecoder {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Result<Decoded<'a>, SerdeError> {
        self.last_id = None;
        let (desc, payload) = if self.framed {
            let (id, mut payload) = wire::split(bytes)?;
            self.last_id = Some(id);
            let indexes = wire::read_message_indexes(&mut payload)?;
            let desc = match &mut self.messages {
                Messages::Fixed(desc) => desc.clone(),
                Messages::Registry { files, by_path } => {
                    let key = (id, indexes);
                    match by_path.get(&key) {
                        Some(desc) => desc.clone(),
                        None => {
                            let protos =
                                files.get(id, SchemaType::Protobuf, |client, registered| {
                                    let refs = client.referenced(registered)?;
                                    compile_text(&registered.schema, &refs).map_err(|e| {
                                        SerdeError::Schema(format!(
                                        "schema id {id} from the registry does not compile: {e}"
                                    ))
                                    })
                                })?;
                            let main = protos.main.as_ref().ok_or_else(|| {
                                SerdeError::Schema(format!("schema id {id}: no main file"))
                            })?;
                            let desc = message_at(main, &key.1).ok_or_else(|| {
                                SerdeError::Framing(format!(
                                    "message indexes {:?} name no message of schema id {id}",
                                    key.1
                                ))
                            })?;
                            by_path.insert(key, desc.clone());
                            desc
                        }
                    }
                }
            };
            (desc, payload)
        } else {
            match &self.messages {
                Messages::Fixed(desc) => (desc.clone(), bytes),
                Messages::Registry { .. } => {
                    return Err(SerdeError::Framing(
                        "registry protobuf needs framed records".into(),
                    ))
                }
            }
        };
        let msg = DynamicMessage::decode(desc.clone(), payload)
            .map_err(|e| SerdeError::Protobuf(format!("not a valid {}: {e}", desc.full_name())))?;
        // Straight to compact JSON text: no value tree per record.
        let mut out = Vec::with_capacity(payload.len() * 2 + 16);
        msg.serialize_with_options(&mut serde_json::Serializer::new(&mut out), &self.options)
            .map_err(|e| SerdeError::Protobuf(e.to_string()))?;
        String::from_utf8(out)
            .map(Decoded::JsonText)
            .map_err(|e| SerdeError::Protobuf(format!("internal error: {e}")))
    }

    fn schema_id(&self) -> Option<u32> {
        self.last_id
    }
}

#[cfg(test)]
mod tests;
