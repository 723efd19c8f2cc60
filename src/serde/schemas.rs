//! Building the schema formats (`avro`, `protobuf`, `json-schema`) for a run: where
//! each schema comes from, whether records are framed, which registry subject is used.
//!
//! `produce` and `consume` describe their flags in [`SchemaOptions`] and ask
//! [`Codecs`] for one encoder or decoder per key/value (the byte formats are handed
//! through to [`Format::encoder`]/[`Format::decoder`]). All registry work for produce
//! (looking up, registering, fetching a version) happens here, before the first record;
//! consume fetches schemas by id as records arrive, once per id.
//!
//! Framing follows the registry: when one is configured (flag, environment or
//! profile) produce writes Confluent-framed records and consume expects them; without
//! one, records are plain encodings with local schema files. `--framing` overrides.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::ValueEnum;

use super::avro::{self, AvroDecoder, AvroEncoder, AvroJson};
use super::json_schema::{self, JsonSchemaDecoder, JsonSchemaEncoder};
use super::protobuf::{self, ProtoDecoder, ProtoEncoder, Protos};
use super::registry::{Client, Reference, Registered, RegistryError, SchemaType, Version};
use super::{Decoder, Encoder, Format, SerdeError};
use crate::config::Settings;
use crate::exit::{self, Failure};

/// `--framing`: the Confluent wire format, or bare encodings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Framing {
    /// Magic byte 0 and a 4-byte schema id before each key/value
    Confluent,
    /// The bare encoding, as with local schema files
    None,
}

/// `--subject-strategy`: how produce names the registry subject.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum SubjectStrategy {
    /// <topic>-key / <topic>-value (Confluent's TopicNameStrategy)
    #[default]
    Topic,
    /// The record's full name (Avro record, protobuf message, JSON Schema title)
    Record,
    /// <topic>-<record full name>
    TopicRecord,
}

/// Key or value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Key,
    Value,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Key => "key",
            Role::Value => "value",
        }
    }
}

/// Schema flags for one side (key or value).
#[derive(Clone, Debug, Default)]
pub struct SideOptions {
    /// `--value-schema`: `.avsc`, `.proto` or JSON Schema file.
    pub schema: Option<PathBuf>,
    /// `--value-message`: the protobuf message's full name.
    pub message: Option<String>,
    /// `--value-descriptor-set`: a binary protobuf `FileDescriptorSet`.
    pub descriptor_set: Option<PathBuf>,
    /// `--value-schema-id`: produce with this registry schema id.
    pub schema_id: Option<u32>,
    /// `--value-schema-version`: produce with this version of the subject.
    pub schema_version: Option<Version>,
    /// `--value-subject`: the subject, instead of the strategy's.
    pub subject: Option<String>,
}

/// Everything the schema formats need from the command line.
#[derive(Clone, Debug, Default)]
pub struct SchemaOptions {
    pub key: SideOptions,
    pub value: SideOptions,
    /// `--proto-path`: import directories for `.proto` files.
    pub proto_paths: Vec<PathBuf>,
    pub avro_json: AvroJson,
    /// `None`: framed exactly when a registry is configured.
    pub framing: Option<Framing>,
    pub strategy: SubjectStrategy,
    /// Produce: register the local schema under the subject.
    pub auto_register: bool,
    /// Consume: validate JSON Schema documents.
    pub validate: bool,
}

impl SchemaOptions {
    fn side(&self, role: Role) -> &SideOptions {
        match role {
            Role::Key => &self.key,
            Role::Value => &self.value,
        }
    }
}

/// Schema flags shared by `produce` and `consume`.
#[derive(Clone, Debug, Default, clap::Args)]
#[command(next_help_heading = "Schemas (--key-format/--value-format avro, protobuf, json-schema)")]
pub struct SchemaArgs {
    /// Value schema file: .avsc (Avro), .proto (protobuf) or a JSON Schema; with a registry,
    /// the schema to register or look up (produce) or the reader schema (consume, Avro)
    #[arg(long, value_name = "FILE")]
    pub value_schema: Option<PathBuf>,

    /// Key schema file (as --value-schema)
    #[arg(long, value_name = "FILE")]
    pub key_schema: Option<PathBuf>,

    /// Protobuf message type of values (full name, e.g. shop.Order) [default: the file's first message]
    #[arg(long, value_name = "NAME")]
    pub value_message: Option<String>,

    /// Protobuf message type of keys
    #[arg(long, value_name = "NAME")]
    pub key_message: Option<String>,

    /// Protobuf descriptor set for values (protoc --include_imports -o FILE), instead of a .proto
    #[arg(long, value_name = "FILE")]
    pub value_descriptor_set: Option<PathBuf>,

    /// Protobuf descriptor set for keys
    #[arg(long, value_name = "FILE")]
    pub key_descriptor_set: Option<PathBuf>,

    /// Directory to search for .proto imports (repeatable; the schema file's own directory is searched too)
    #[arg(long, value_name = "DIR")]
    pub proto_path: Vec<PathBuf>,

    /// How Avro values look as JSON
    #[arg(long, value_enum, default_value_t = AvroJson::Plain, value_name = "MAPPING")]
    pub avro_json: AvroJson,

    /// Record framing [default: confluent with a schema registry, none without]
    #[arg(long, value_enum, value_name = "FRAMING")]
    pub framing: Option<Framing>,
}

/// Schema flags of `produce`.
#[derive(Clone, Debug, Default, clap::Args)]
#[command(next_help_heading = "Schemas (--key-format/--value-format avro, protobuf, json-schema)")]
pub struct ProduceSchemaArgs {
    #[command(flatten)]
    pub common: SchemaArgs,

    /// Register the local schema files under their subjects (the registry checks compatibility)
    #[arg(long)]
    pub auto_register: bool,

    /// Encode values with this registry schema id
    #[arg(
        long,
        visible_alias = "schema-id",
        value_name = "ID",
        conflicts_with = "value_schema_version"
    )]
    pub value_schema_id: Option<u32>,

    /// Encode keys with this registry schema id
    #[arg(long, value_name = "ID", conflicts_with = "key_schema_version")]
    pub key_schema_id: Option<u32>,

    /// Encode values with this version of the value subject
    #[arg(long, visible_alias = "schema-version", value_name = "N|latest")]
    pub value_schema_version: Option<Version>,

    /// Encode keys with this version of the key subject
    #[arg(long, value_name = "N|latest")]
    pub key_schema_version: Option<Version>,

    /// How subjects are named
    #[arg(long, value_enum, default_value_t = SubjectStrategy::Topic, value_name = "STRATEGY")]
    pub subject_strategy: SubjectStrategy,

    /// The value subject, instead of the strategy's
    #[arg(long, value_name = "SUBJECT")]
    pub value_subject: Option<String>,

    /// The key subject, instead of the strategy's
    #[arg(long, value_name = "SUBJECT")]
    pub key_subject: Option<String>,
}

/// Schema flags of `consume`.
#[derive(Clone, Debug, Default, clap::Args)]
#[command(next_help_heading = "Schemas (--key-format/--value-format avro, protobuf, json-schema)")]
pub struct ConsumeSchemaArgs {
    #[command(flatten)]
    pub common: SchemaArgs,

    /// Check json-schema records against their schema (a failure stops like any bad record)
    #[arg(long)]
    pub validate: bool,
}

impl SchemaArgs {
    fn options(&self) -> SchemaOptions {
        SchemaOptions {
            key: SideOptions {
                schema: self.key_schema.clone(),
                message: self.key_message.clone(),
                descriptor_set: self.key_descriptor_set.clone(),
                ..SideOptions::default()
            },
            value: SideOptions {
                schema: self.value_schema.clone(),
                message: self.value_message.clone(),
                descriptor_set: self.value_descriptor_set.clone(),
                ..SideOptions::default()
            },
            proto_paths: self.proto_path.clone(),
            avro_json: self.avro_json,
            framing: self.framing,
            ..SchemaOptions::default()
        }
    }
}

impl From<&ProduceSchemaArgs> for SchemaOptions {
    fn from(a: &ProduceSchemaArgs) -> SchemaOptions {
        let mut o = a.common.options();
        o.auto_register = a.auto_register;
        o.strategy = a.subject_strategy;
        o.key.schema_id = a.key_schema_id;
        o.key.schema_version = a.key_schema_version;
        o.key.subject = a.key_subject.clone();
        o.value.schema_id = a.value_schema_id;
        o.value.schema_version = a.value_schema_version;
        o.value.subject = a.value_subject.clone();
        o
    }
}

impl From<&ConsumeSchemaArgs> for SchemaOptions {
    fn from(a: &ConsumeSchemaArgs) -> SchemaOptions {
        let mut o = a.common.options();
        o.validate = a.validate;
        o
    }
}

/// Registry results compiled once per schema id: the consume-side cache.
pub struct ById<T> {
    client: Arc<Client>,
    compiled: HashMap<u32, Result<Arc<T>, SerdeError>>,
}

impl<T> ById<T> {
    pub fn new(client: Arc<Client>) -> Self {
        ById {
            client,
            compiled: HashMap::new(),
        }
    }

    /// The compiled schema for `id`, fetching and compiling it on first use. Definite
    /// failures (unknown id, wrong schema type, a schema that does not compile) are
    /// remembered; connection problems are retried on the next record.
    pub fn get(
        &mut self,
        id: u32,
        expected: SchemaType,
        compile: impl FnOnce(&Client, &Registered) -> Result<T, SerdeError>,
    ) -> Result<Arc<T>, SerdeError> {
        if let Some(hit) = self.compiled.get(&id) {
            return hit.clone();
        }
        let result = self
            .client
            .schema_by_id(id)
            .map_err(SerdeError::Registry)
            .and_then(|registered| {
                if registered.schema_type != expected {
                    return Err(SerdeError::Schema(format!(
                        "schema id {id} is a {} schema, not {} (choose the matching --key-format/--value-format)",
                        registered.schema_type.as_str(),
                        expected.as_str()
                    )));
                }
                compile(&self.client, &registered)
            })
            .map(Arc::new);
        let transient = matches!(&result, Err(SerdeError::Registry(e)) if !e.is_not_found());
        if !transient {
            self.compiled.insert(id, result.clone());
        }
        result
    }
}

/// Builds codecs for a run.
#[derive(Clone)]
pub struct Codecs {
    registry: Option<Arc<Client>>,
    opts: SchemaOptions,
}

fn usage(msg: impl Into<String>) -> anyhow::Error {
    Failure::new(exit::USAGE, msg).into()
}

fn registry_failure(e: RegistryError) -> anyhow::Error {
    // Subjects and versions come from the command line: a missing one is a usage error.
    let code = e.is_not_found().then_some(exit::USAGE);
    e.into_failure(code).into()
}

fn read_text(path: &Path, what: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| usage(format!("cannot read the {what} '{}': {e}", path.display())))
}

/// The subject for `role` on `topic` under `strategy`; `record` is the schema's full
/// record name when known.
pub fn subject_name(
    strategy: SubjectStrategy,
    topic: &str,
    role: Role,
    record: Option<&str>,
) -> Result<String, String> {
    let record = || {
        record.ok_or_else(|| {
            "the record and topic-record subject strategies need a named schema \
             (an Avro record, a protobuf message, a JSON Schema with a title)"
                .to_string()
        })
    };
    Ok(match strategy {
        SubjectStrategy::Topic => format!("{topic}-{}", role.name()),
        SubjectStrategy::Record => record()?.to_string(),
        SubjectStrategy::TopicRecord => format!("{topic}-{}", record()?),
    })
}

impl Codecs {
    /// Connects nothing yet: the registry (if any) is only asked when a codec needs it.
    pub fn new(settings: &Settings, opts: SchemaOptions) -> anyhow::Result<Codecs> {
        let registry = match &settings.registry {
            Some(r) => Some(Arc::new(Client::new(
                &r.client_options(settings.timeout.value),
            )?)),
            None => None,
        };
        Ok(Codecs { registry, opts })
    }

    /// For tests: a given client (or none).
    #[cfg(test)]
    pub fn with_client(registry: Option<Arc<Client>>, opts: SchemaOptions) -> Codecs {
        Codecs { registry, opts }
    }

    fn framed(&self) -> bool {
        self.opts
            .framing
            .map_or(self.registry.is_some(), |f| f == Framing::Confluent)
    }

    fn flag(&self, role: Role, name: &str) -> String {
        format!("--{}-{name}", role.name())
    }

    /// The encoder for `role` records written to `topic`.
    pub fn encoder(
        &self,
        format: Format,
        role: Role,
        topic: &str,
    ) -> anyhow::Result<Box<dyn Encoder>> {
        match format {
            Format::Avro => self.avro_encoder(role, topic),
            Format::Protobuf => self.proto_encoder(role, topic),
            Format::JsonSchema => self.json_schema_encoder(role, topic),
            other => Ok(other.encoder()),
        }
    }

    /// The encoder for `role` records when the topic may come from each record
    /// (`topic` is `None`): for registry formats whose subject depends on the topic, an
    /// encoder that builds one encoder per topic as [`Encoder::set_topic`] names them.
    pub fn encoder_for(
        &self,
        format: Format,
        role: Role,
        topic: Option<&str>,
    ) -> anyhow::Result<Box<dyn Encoder>> {
        if let Some(topic) = topic {
            return self.encoder(format, role, topic);
        }
        let side = self.opts.side(role);
        let topic_free = !format.needs_schema()
            || !self.framed()
            || self.registry.is_none()
            || side.schema_id.is_some()
            || side.subject.is_some()
            || self.opts.strategy == SubjectStrategy::Record;
        if topic_free {
            // Any name will do: the subject does not depend on it.
            return self.encoder(format, role, "");
        }
        // Check the local files now, before the first record.
        match format {
            Format::Avro => drop(self.local_avro_with_references(role)?),
            Format::Protobuf => drop(self.local_protos(role)?),
            _ => drop(self.local_json_schema(role)?),
        }
        Ok(Box::new(PerTopic {
            codecs: self.clone(),
            format,
            role,
            current: None,
            encoders: HashMap::new(),
        }))
    }

    /// The decoder for `role` records.
    pub fn decoder(&self, format: Format, role: Role) -> anyhow::Result<Box<dyn Decoder>> {
        match format {
            Format::Avro => self.avro_decoder(role),
            Format::Protobuf => self.proto_decoder(role),
            Format::JsonSchema => self.json_schema_decoder(role),
            other => Ok(other.decoder()),
        }
    }

    /// Resolves the schema id to frame produced records with, and the registered
    /// schema when the local one is not the one to encode with.
    ///
    /// `local`: the local schema text, its type and references, and its record name.
    fn produce_id(
        &self,
        role: Role,
        topic: &str,
        schema_type: SchemaType,
        local: Option<(&str, &[Reference])>,
        record: Option<&str>,
    ) -> anyhow::Result<(u32, Option<Arc<Registered>>)> {
        let side = self.opts.side(role);
        let Some(client) = &self.registry else {
            // Framed without a registry: only an explicit id will do.
            return match side.schema_id {
                Some(id) if local.is_some() => Ok((id, None)),
                _ => Err(usage(format!(
                    "framed records without a schema registry need {} and {}",
                    self.flag(role, "schema"),
                    self.flag(role, "schema-id")
                ))),
            };
        };
        if let Some(id) = side.schema_id {
            let registered = client.schema_by_id(id).map_err(registry_failure)?;
            if registered.schema_type != schema_type {
                return Err(usage(format!(
                    "schema id {id} is a {} schema, not {}",
                    registered.schema_type.as_str(),
                    schema_type.as_str()
                )));
            }
            return Ok((id, Some(registered)));
        }
        let subject = match &side.subject {
            Some(s) => s.clone(),
            None => subject_name(self.opts.strategy, topic, role, record).map_err(usage)?,
        };
        if let Some(version) = side.schema_version {
            let registered = client
                .version(&subject, version)
                .map_err(registry_failure)?;
            if registered.schema_type != schema_type {
                return Err(usage(format!(
                    "subject '{subject}' version {version} is a {} schema, not {}",
                    registered.schema_type.as_str(),
                    schema_type.as_str()
                )));
            }
            return Ok((registered.id, Some(registered)));
        }
        match local {
            Some((text, refs)) if self.opts.auto_register => {
                let id = client
                    .register(&subject, text, schema_type, refs)
                    .map_err(|e| anyhow::Error::from(e.into_failure(None)))?;
                crate::output::debug(1, format!("schema registered under '{subject}' with id {id}"));
                Ok((id, None))
            }
            Some((text, refs)) => match client.lookup(&subject, text, schema_type, refs) {
                Ok(found) => Ok((found.id, None)),
                Err(e) if e.is_not_found() => Err(Failure::new(
                    exit::USAGE,
                    format!("the {} schema is not registered under subject '{subject}': {e}", role.name()),
                )
                .hint("add --auto-register to register it, or give --value-schema-id / --value-schema-version")
                .into()),
                Err(e) => Err(registry_failure(e)),
            },
            None => {
                let registered = client.version(&subject, Version::Latest).map_err(registry_failure)?;
                if registered.schema_type != schema_type {
                    return Err(usage(format!(
                        "the latest schema of subject '{subject}' is {}, not {}",
                        registered.schema_type.as_str(),
                        schema_type.as_str()
                    )));
                }
                Ok((registered.id, Some(registered)))
            }
        }
    }

    fn referenced(&self, registered: &Registered) -> anyhow::Result<Vec<(String, String)>> {
        let client = self
            .registry
            .as_ref()
            .expect("a registered schema implies a registry");
        client.referenced(registered).map_err(registry_failure)
    }

    fn local_avro(
        &self,
        role: Role,
    ) -> anyhow::Result<Option<(String, Arc<avro::schema::Schema>)>> {
        let Some(path) = &self.opts.side(role).schema else {
            return Ok(None);
        };
        let text = read_text(path, "Avro schema")?;
        let schema = avro::parse_schema(&text, &format!("'{}'", path.display())).map_err(usage)?;
        Ok(Some((text, schema)))
    }

    /// With a registry, a local Avro schema may use named types that other subjects
    /// define (Confluent's schema references): each type the file does not define is
    /// looked up as the latest version of a subject named after its full name (the
    /// record-name convention) and becomes a reference.
    fn local_avro_with_references(&self, role: Role) -> anyhow::Result<Option<LocalAvro>> {
        let Some(path) = &self.opts.side(role).schema else {
            return Ok(None);
        };
        let text = read_text(path, "Avro schema")?;
        let origin = format!("'{}'", path.display());
        let mut refs: Vec<Reference> = Vec::new();
        let mut texts: Vec<(String, String)> = Vec::new();
        loop {
            let plain: Vec<String> = texts.iter().map(|(_, t)| t.clone()).collect();
            let error = match avro::schema::Schema::parse_with_references(&text, &plain) {
                Ok(schema) => {
                    return Ok(Some(LocalAvro {
                        text,
                        schema: Arc::new(schema),
                        refs,
                    }))
                }
                Err(e) => e,
            };
            let invalid = || usage(format!("invalid Avro schema {origin}: {error}"));
            let (Some(client), Some(name)) = (&self.registry, avro::schema::unknown_type(&error))
            else {
                return Err(invalid());
            };
            if refs.iter().any(|r| r.name == name) || refs.len() >= 64 {
                return Err(invalid());
            }
            let found = match client.version(name, Version::Latest) {
                Ok(found) => found,
                Err(e) if e.is_not_found() => {
                    return Err(Failure::new(
                        exit::USAGE,
                        format!("invalid Avro schema {origin}: {error}"),
                    )
                    .hint(format!(
                        "a type from another schema is found in the registry under a subject named after it ('{name}'): register that first"
                    ))
                    .into())
                }
                Err(e) => return Err(registry_failure(e)),
            };
            for (dep, dep_text) in client.referenced(&found).map_err(registry_failure)? {
                if !texts.iter().any(|(n, _)| *n == dep) {
                    texts.push((dep, dep_text));
                }
            }
            texts.push((name.to_string(), found.schema.clone()));
            refs.push(Reference {
                name: name.to_string(),
                subject: name.to_string(),
                version: found.version.unwrap_or(1),
            });
        }
    }

    fn avro_encoder(&self, role: Role, topic: &str) -> anyhow::Result<Box<dyn Encoder>> {
        if self.framed() && self.registry.is_some() {
            return self.avro_registry_encoder(role, topic);
        }
        let local = self.local_avro(role)?;
        // Framed without a registry: only an explicit id will do (`produce_id` checks).
        let id = match self.framed() {
            true => {
                let text = local.as_ref().map(|(text, _)| (text.as_str(), &[][..]));
                Some(
                    self.produce_id(role, topic, SchemaType::Avro, text, None)?
                        .0,
                )
            }
            false => None,
        };
        let Some((_, schema)) = local else {
            return Err(usage(format!(
                "avro needs a schema: {} FILE.avsc, or a schema registry",
                self.flag(role, "schema")
            )));
        };
        Ok(Box::new(AvroEncoder::new(schema, self.opts.avro_json, id)))
    }

    /// The Avro encoder with a registry: the local schema (with references to other
    /// subjects' types) registered or looked up, or the registry's schema.
    fn avro_registry_encoder(&self, role: Role, topic: &str) -> anyhow::Result<Box<dyn Encoder>> {
        let side = self.opts.side(role);
        let local = self.local_avro_with_references(role)?;
        let record = local
            .as_ref()
            .and_then(|l| l.schema.root_name().map(str::to_string));
        let pinned = side.schema_id.is_some() || side.schema_version.is_some();
        let (id, registered) = self.produce_id(
            role,
            topic,
            SchemaType::Avro,
            local.as_ref().map(|l| {
                (
                    l.text.as_str(),
                    if pinned { &[][..] } else { l.refs.as_slice() },
                )
            }),
            record.as_deref(),
        )?;
        let schema = match (registered, local) {
            (Some(registered), _) => {
                let refs = self.referenced(&registered)?;
                let texts: Vec<String> = refs.into_iter().map(|(_, t)| t).collect();
                Arc::new(
                    avro::schema::Schema::parse_with_references(&registered.schema, &texts)
                        .map_err(|e| {
                            usage(format!(
                                "schema id {} from the registry is not usable: {e}",
                                registered.id
                            ))
                        })?,
                )
            }
            (None, Some(local)) => local.schema,
            (None, None) => {
                unreachable!("produce_id needs a local schema to return no registered one")
            }
        };
        Ok(Box::new(AvroEncoder::new(
            schema,
            self.opts.avro_json,
            Some(id),
        )))
    }

    fn avro_decoder(&self, role: Role) -> anyhow::Result<Box<dyn Decoder>> {
        let local = self.local_avro(role)?.map(|(_, s)| s);
        let json = self.opts.avro_json;
        match (&self.registry, self.framed(), local) {
            (Some(client), true, reader) => Ok(Box::new(AvroDecoder::registry(
                client.clone(),
                reader,
                json,
            ))),
            (_, framed, Some(schema)) => Ok(Box::new(
                AvroDecoder::local(schema, json, framed).map_err(usage)?,
            )),
            (_, _, None) => Err(usage(format!(
                "avro needs a schema: {} FILE.avsc, or a schema registry",
                self.flag(role, "schema")
            ))),
        }
    }

    fn local_protos(&self, role: Role) -> anyhow::Result<Option<Protos>> {
        let side = self.opts.side(role);
        match (&side.schema, &side.descriptor_set) {
            (Some(_), Some(_)) => Err(usage(format!(
                "give {} or {}, not both",
                self.flag(role, "schema"),
                self.flag(role, "descriptor-set")
            ))),
            (Some(file), None) => protobuf::compile_file(file, &self.opts.proto_paths)
                .map(Some)
                .map_err(usage),
            (None, Some(set)) => protobuf::load_descriptor_set(set).map(Some).map_err(usage),
            (None, None) => Ok(None),
        }
    }

    /// Registers (with `--auto-register`) the imports of a local `.proto` file as
    /// subjects named after their import paths, the way Confluent's serializers do, and
    /// returns the references for the main file.
    fn proto_references(&self, protos: &Protos) -> anyhow::Result<Vec<Reference>> {
        let Some(main) = &protos.main else {
            return Ok(Vec::new());
        };
        let mut refs = Vec::new();
        for dep in main.dependencies() {
            let name = dep.name().to_string();
            if name.starts_with("google/protobuf/") {
                continue;
            }
            let Some(client) = &self.registry else {
                continue;
            };
            if !self.opts.auto_register {
                // Look the import up: it must already be registered under its name.
                let found = client
                    .version(&name, Version::Latest)
                    .map_err(registry_failure)?;
                refs.push(Reference {
                    name: name.clone(),
                    subject: name.clone(),
                    version: found.version.unwrap_or(1),
                });
                continue;
            }
            let text = protos
                .sources
                .get(&name)
                .ok_or_else(|| usage(format!("cannot read the source of the import '{name}'")))?;
            let nested = Protos {
                pool: protos.pool.clone(),
                main: Some(dep.clone()),
                sources: protos.sources.clone(),
            };
            let dep_refs = self.proto_references(&nested)?;
            client
                .register(&name, text, SchemaType::Protobuf, &dep_refs)
                .map_err(|e| anyhow::Error::from(e.into_failure(None)))?;
            let found = client
                .lookup(&name, text, SchemaType::Protobuf, &dep_refs)
                .map_err(registry_failure)?;
            refs.push(Reference {
                name: name.clone(),
                subject: name,
                version: found.version.unwrap_or(1),
            });
        }
        Ok(refs)
    }

    fn proto_encoder(&self, role: Role, topic: &str) -> anyhow::Result<Box<dyn Encoder>> {
        let side = self.opts.side(role);
        let local = self.local_protos(role)?;
        if !self.framed() {
            let Some(protos) = local else {
                return Err(usage(format!(
                    "protobuf needs a schema: {} FILE.proto (with {}) or {} FILE, or a schema registry",
                    self.flag(role, "schema"),
                    self.flag(role, "message"),
                    self.flag(role, "descriptor-set")
                )));
            };
            let msg = protos.message(side.message.as_deref()).map_err(usage)?;
            return Ok(Box::new(ProtoEncoder::new(msg, None)));
        }
        let local_msg = match &local {
            Some(p) => Some(p.message(side.message.as_deref()).map_err(usage)?),
            None => None,
        };
        let record = local_msg
            .as_ref()
            .map(|m| m.full_name().to_string())
            .or_else(|| side.message.clone());
        // Only a .proto file has text to register or look up.
        let text = match (&local, &side.schema) {
            (Some(protos), Some(path)) => {
                let main = protos
                    .main
                    .as_ref()
                    .map(|f| f.name().to_string())
                    .unwrap_or_default();
                Some(
                    protos
                        .sources
                        .get(&main)
                        .cloned()
                        .map_or_else(|| read_text(path, "protobuf schema"), Ok)?,
                )
            }
            _ => None,
        };
        if text.is_none()
            && local.is_some()
            && side.schema_id.is_none()
            && side.schema_version.is_none()
            && self.registry.is_some()
        {
            return Err(usage(format!(
                "a descriptor set cannot be registered or looked up: give {} FILE.proto, or {} / {}",
                self.flag(role, "schema"),
                self.flag(role, "schema-id"),
                self.flag(role, "schema-version")
            )));
        }
        let refs = match (&local, &text) {
            (Some(protos), Some(_))
                if side.schema_id.is_none() && side.schema_version.is_none() =>
            {
                self.proto_references(protos)?
            }
            _ => Vec::new(),
        };
        let local_for_id = match &text {
            Some(t) => Some((t.as_str(), refs.as_slice())),
            None if local.is_some() => Some(("", &[][..])),
            None => None,
        };
        let (id, registered) = self.produce_id(
            role,
            topic,
            SchemaType::Protobuf,
            local_for_id,
            record.as_deref(),
        )?;
        let msg = match registered {
            Some(registered) => {
                let refs = self.referenced(&registered)?;
                let protos = protobuf::compile_text(&registered.schema, &refs).map_err(|e| {
                    usage(format!(
                        "schema id {} from the registry does not compile: {e}",
                        registered.id
                    ))
                })?;
                protos.message(side.message.as_deref()).map_err(usage)?
            }
            None => local_msg.expect("a local schema when none is registered"),
        };
        Ok(Box::new(ProtoEncoder::new(msg, Some(id))))
    }

    fn proto_decoder(&self, role: Role) -> anyhow::Result<Box<dyn Decoder>> {
        let side = self.opts.side(role);
        let local = self.local_protos(role)?;
        match (local, &self.registry, self.framed()) {
            (Some(protos), _, framed) => {
                let msg = protos.message(side.message.as_deref()).map_err(usage)?;
                Ok(Box::new(ProtoDecoder::local(msg, framed)))
            }
            (None, Some(client), true) => Ok(Box::new(ProtoDecoder::registry(client.clone()))),
            (None, _, _) => Err(usage(format!(
                "protobuf needs a schema: {} FILE.proto (with {}) or {} FILE, or a schema registry",
                self.flag(role, "schema"),
                self.flag(role, "message"),
                self.flag(role, "descriptor-set")
            ))),
        }
    }

    /// A local JSON Schema file, compiled with the documents its `$ref`s name (read
    /// from next to it), and those documents as `(name, text)`, dependencies first.
    fn local_json_schema(&self, role: Role) -> anyhow::Result<Option<LocalJsonSchema>> {
        let Some(path) = &self.opts.side(role).schema else {
            return Ok(None);
        };
        let text = read_text(path, "JSON Schema")?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut refs = Vec::new();
        local_json_refs(dir, "", &text, &mut refs, 0)?;
        let schema = json_schema::Schema::parse_with_references(
            &text,
            &format!("'{}'", path.display()),
            &refs,
        )
        .map_err(usage)?;
        Ok(Some(LocalJsonSchema {
            text,
            schema: Arc::new(schema),
            refs,
        }))
    }

    /// The registry references of a local JSON Schema's `$ref`s to other files:
    /// each file is registered (`--auto-register`) or looked up under a subject named
    /// like the reference, with its own references first.
    fn json_references(
        &self,
        text: &str,
        prefix: &str,
        files: &[(String, String)],
        depth: u32,
    ) -> anyhow::Result<Vec<Reference>> {
        let (Some(client), Ok(doc)) = (&self.registry, serde_json::from_str(text)) else {
            return Ok(Vec::new());
        };
        if depth > 32 {
            return Err(usage(
                "JSON Schema references nested more than 32 levels (a cycle?)",
            ));
        }
        let mut refs = Vec::new();
        for name in json_schema::external_refs(&doc) {
            if is_absolute_uri(&name) {
                continue;
            }
            let name = join_ref(prefix, &name);
            let Some((_, dep_text)) = files.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            let version = if self.opts.auto_register {
                let dep_prefix = name.rfind('/').map_or("", |i| &name[..=i]);
                let dep_refs = self.json_references(dep_text, dep_prefix, files, depth + 1)?;
                client
                    .register(&name, dep_text, SchemaType::Json, &dep_refs)
                    .map_err(|e| anyhow::Error::from(e.into_failure(None)))?;
                client
                    .lookup(&name, dep_text, SchemaType::Json, &dep_refs)
                    .map_err(registry_failure)?
                    .version
            } else {
                client
                    .version(&name, Version::Latest)
                    .map_err(registry_failure)?
                    .version
            };
            refs.push(Reference {
                name: name.clone(),
                subject: name,
                version: version.unwrap_or(1),
            });
        }
        Ok(refs)
    }

    fn json_schema_encoder(&self, role: Role, topic: &str) -> anyhow::Result<Box<dyn Encoder>> {
        let local = self.local_json_schema(role)?;
        if !self.framed() {
            let Some(local) = local else {
                return Err(usage(format!(
                    "json-schema needs a schema: {} FILE.json, or a schema registry",
                    self.flag(role, "schema")
                )));
            };
            return Ok(Box::new(JsonSchemaEncoder::new(local.schema, None)));
        }
        let side = self.opts.side(role);
        let record = local.as_ref().and_then(|l| l.schema.title.clone());
        let refs = match &local {
            Some(l) if side.schema_id.is_none() && side.schema_version.is_none() => {
                self.json_references(&l.text, "", &l.refs, 0)?
            }
            _ => Vec::new(),
        };
        let (id, registered) = self.produce_id(
            role,
            topic,
            SchemaType::Json,
            local.as_ref().map(|l| (l.text.as_str(), refs.as_slice())),
            record.as_deref(),
        )?;
        let schema = match (registered, local) {
            (Some(registered), _) => {
                let refs = self.referenced(&registered)?;
                Arc::new(
                    json_schema::Schema::parse_with_references(
                        &registered.schema,
                        &format!("id {}", registered.id),
                        &refs,
                    )
                    .map_err(usage)?,
                )
            }
            (None, Some(local)) => local.schema,
            (None, None) => {
                unreachable!("produce_id needs a local schema to return no registered one")
            }
        };
        Ok(Box::new(JsonSchemaEncoder::new(schema, Some(id))))
    }

    fn json_schema_decoder(&self, role: Role) -> anyhow::Result<Box<dyn Decoder>> {
        let local = self.local_json_schema(role)?.map(|l| l.schema);
        let validate = self.opts.validate;
        match (&self.registry, self.framed(), local) {
            (_, framed, Some(schema)) => Ok(Box::new(JsonSchemaDecoder::local(
                validate.then_some(schema),
                framed,
            ))),
            (Some(client), true, None) => Ok(Box::new(JsonSchemaDecoder::registry(
                client.clone(),
                validate,
            ))),
            (_, framed, None) => Ok(Box::new(JsonSchemaDecoder::local(None, framed))),
        }
    }
}

/// A local Avro schema and the registry references its named types need.
struct LocalAvro {
    text: String,
    schema: Arc<avro::schema::Schema>,
    refs: Vec<Reference>,
}

/// A local JSON Schema file and the files its `$ref`s name.
struct LocalJsonSchema {
    text: String,
    schema: Arc<json_schema::Schema>,
    /// `(name, text)`, names relative to the schema's directory, dependencies first.
    refs: Vec<(String, String)>,
}

fn is_absolute_uri(name: &str) -> bool {
    name.contains("://") || name.starts_with("urn:")
}

/// `name` as seen from a document named with directory `prefix` (`"common/"`).
fn join_ref(prefix: &str, name: &str) -> String {
    let mut parts: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Reads the files a JSON Schema's relative `$ref`s name, transitively, from `dir`
/// (names relative to it); absolute URIs are left to the validator (which does not
/// fetch them).
fn local_json_refs(
    dir: &Path,
    prefix: &str,
    text: &str,
    out: &mut Vec<(String, String)>,
    depth: u32,
) -> anyhow::Result<()> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else {
        return Ok(()); // reported when the schema is compiled
    };
    if depth > 32 {
        return Err(usage(
            "JSON Schema references nested more than 32 levels (a cycle?)",
        ));
    }
    for name in json_schema::external_refs(&doc) {
        if is_absolute_uri(&name) {
            continue;
        }
        let name = join_ref(prefix, &name);
        if out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let dep = read_text(&dir.join(&name), "JSON Schema that a $ref names")?;
        // Mark it as seen before descending, so that cycles end.
        out.push((name.clone(), String::new()));
        let dep_prefix = name.rfind('/').map_or("", |i| &name[..=i]).to_string();
        local_json_refs(dir, &dep_prefix, &dep, out, depth + 1)?;
        let slot = out
            .iter()
            .position(|(n, _)| *n == name)
            .expect("pushed above");
        let entry = out.remove(slot);
        out.push((entry.0, dep));
    }
    Ok(())
}

/// One encoder per topic, for registry subjects named after the topic.
struct PerTopic {
    codecs: Codecs,
    format: Format,
    role: Role,
    current: Option<String>,
    encoders: HashMap<String, Box<dyn Encoder>>,
}

impl PerTopic {
    fn current(&mut self) -> Result<&mut Box<dyn Encoder>, SerdeError> {
        let topic = self.current.as_ref().ok_or_else(|| SerdeError::Setup {
            message: "the schema registry subject depends on the topic: give -t/--topic".into(),
            code: exit::USAGE,
        })?;
        Ok(self.encoders.get_mut(topic).expect("set_topic built it"))
    }
}

impl Encoder for PerTopic {
    fn set_topic(&mut self, topic: &str) -> Result<(), SerdeError> {
        if self.current.as_deref() == Some(topic) {
            return Ok(());
        }
        if !self.encoders.contains_key(topic) {
            let encoder = self
                .codecs
                .encoder(self.format, self.role, topic)
                .map_err(|e| {
                    let code = e
                        .chain()
                        .find_map(|c| c.downcast_ref::<Failure>())
                        .map_or(exit::FAILURE, |f| f.code);
                    SerdeError::Setup {
                        message: format!("{e:#}"),
                        code,
                    }
                })?;
            self.encoders.insert(topic.to_string(), encoder);
        }
        self.current = Some(topic.to_string());
        Ok(())
    }

    fn encode<'a>(
        &mut self,
        input: &'a [u8],
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        self.current()?.encode(input, scratch)
    }

    fn encode_json<'a>(
        &mut self,
        value: &serde_json::Value,
        scratch: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], SerdeError> {
        self.current()?.encode_json(value, scratch)
    }
}

#[cfg(test)]
mod tests;
