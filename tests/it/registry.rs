//! A small Confluent-compatible Schema Registry for tests, in-process and std-only.
//!
//! No real registry can be installed where the tests run, so this one implements the
//! subset kpipe (and Python's `confluent-kafka` client) use:
//!
//! - `POST /subjects/{s}/versions` register (`schemaType` AVRO, PROTOBUF or JSON,
//!   `references`): the same schema gets the same global id in every subject, and
//!   registering it again in a subject adds no version;
//! - `POST /subjects/{s}` look a schema up in a subject;
//! - `GET /schemas/ids/{id}`, `GET /subjects`, `GET /subjects/{s}/versions`,
//!   `GET /subjects/{s}/versions/{n|latest}`;
//! - `PUT /config/{s}` with `{"compatibility": "BACKWARD"}` turns on a (deliberately
//!   small) backward-compatibility check for Avro records: a new schema may only add
//!   top-level fields that have defaults, otherwise 409 with a Confluent-style message;
//! - optional authentication: any request without the expected `Authorization` header
//!   gets 401;
//! - optional HTTPS ([`FakeRegistry::start_tls`]) with a server certificate from a test CA
//!   and a required client certificate signed by the same CA ([`TlsFiles`] makes them
//!   with the `openssl` command at test time, as `scripts/kafka --security` does for the
//!   broker).
//!
//! Errors use Confluent's shape and codes: `{"error_code": 40403, "message": ...}`.
//! Every request line is recorded so that tests can assert on caching.
//!
//! This file is shared: the integration tests use it as `mod registry`, and unit tests
//! in `src/` include it with `#[path]`, so it depends only on std, serde_json and the
//! dev-dependencies `openssl` and `tempfile`.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use openssl::ssl::{SslAcceptor, SslAcceptorBuilder, SslFiletype, SslMethod, SslVerifyMode};

use serde_json::{json, Value};

#[derive(Clone)]
struct Stored {
    schema: String,
    schema_type: String,
    references: Value,
}

#[derive(Default)]
struct State {
    /// Index + 1 is the id.
    schemas: Vec<Stored>,
    /// Subject → ids of its versions (index + 1 is the version).
    subjects: BTreeMap<String, Vec<u32>>,
    compatibility: HashMap<String, String>,
    auth: Option<String>,
    requests: Vec<String>,
}

/// Certificates for an HTTPS registry, made with the `openssl` command in a temporary
/// directory: a test CA, the server's certificate (for `127.0.0.1` and `localhost`), a
/// client certificate and PKCS#8 key signed by the same CA, and an unrelated CA that
/// signed nothing.
pub struct TlsFiles {
    _dir: tempfile::TempDir,
    pub ca: PathBuf,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
    pub client_cert: PathBuf,
    pub client_key: PathBuf,
    pub other_ca: PathBuf,
}

impl TlsFiles {
    /// A TLS server context presenting `server_cert` (signed by `ca`, for 127.0.0.1).
    pub fn server_acceptor(&self) -> SslAcceptorBuilder {
        let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls())
            .expect("an OpenSSL server context");
        acceptor
            .set_private_key_file(&self.server_key, SslFiletype::PEM)
            .expect("the server key");
        acceptor
            .set_certificate_chain_file(&self.server_cert)
            .expect("the server certificate");
        acceptor
    }

    pub fn generate() -> TlsFiles {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let d = dir.path();
        let openssl = |args: &[&str]| {
            let out = std::process::Command::new("openssl")
                .args(args)
                .current_dir(d)
                .output()
                .expect("the openssl command (apt-get install openssl)");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        for (name, cn) in [("ca", "kpipe test CA"), ("other-ca", "kpipe unrelated CA")] {
            let mut args = vec!["req", "-x509"];
            args.extend(ec);
            let subj = format!("/CN={cn}");
            let (key, pem) = (format!("{name}.key"), format!("{name}.pem"));
            args.extend([
                "-keyout",
                &key,
                "-out",
                &pem,
                "-days",
                "2",
                "-subj",
                &subj,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ]);
            openssl(&args);
        }
        for (name, usage) in [("server", "serverAuth"), ("client", "clientAuth")] {
            let (key, csr, pem, ext) = (
                format!("{name}.key"),
                format!("{name}.csr"),
                format!("{name}.pem"),
                format!("{name}.ext"),
            );
            let subj = format!("/CN=kpipe test {name}");
            let mut args = vec!["req"];
            args.extend(ec);
            args.extend(["-keyout", &key, "-out", &csr, "-subj", &subj]);
            openssl(&args);
            let mut lines = vec![
                format!("extendedKeyUsage={usage}"),
                "basicConstraints=CA:FALSE".to_string(),
                "keyUsage=critical,digitalSignature,keyEncipherment".to_string(),
            ];
            if name == "server" {
                lines.push("subjectAltName=DNS:localhost,IP:127.0.0.1".to_string());
            }
            std::fs::write(d.join(&ext), lines.join("\n") + "\n").unwrap();
            openssl(&[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                &pem,
                "-days",
                "2",
                "-extfile",
                &ext,
            ]);
        }
        let path = |name: &str| d.join(name);
        TlsFiles {
            ca: path("ca.pem"),
            server_cert: path("server.pem"),
            server_key: path("server.key"),
            client_cert: path("client.pem"),
            client_key: path("client.key"),
            other_ca: path("other-ca.pem"),
            _dir: dir,
        }
    }
}

/// A running fake registry; stops when dropped.
pub struct FakeRegistry {
    port: u16,
    tls: bool,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

impl FakeRegistry {
    /// Starts on an ephemeral loopback port.
    pub fn start() -> FakeRegistry {
        Self::start_with(None)
    }

    /// Starts an HTTPS registry that presents `files.server_cert` and requires a client
    /// certificate signed by `files.ca`.
    pub fn start_tls(files: &TlsFiles) -> FakeRegistry {
        let mut acceptor = files.server_acceptor();
        acceptor.set_ca_file(&files.ca).expect("the test CA");
        acceptor.set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT);
        Self::start_with(Some(Arc::new(acceptor.build())))
    }

    fn start_with(tls: Option<Arc<SslAcceptor>>) -> FakeRegistry {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fake registry");
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (st, sp) = (state.clone(), stop.clone());
        let https = tls.is_some();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if sp.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let st = st.clone();
                let tls = tls.clone();
                std::thread::spawn(move || match tls {
                    None => serve(conn, &st),
                    Some(acceptor) => match acceptor.accept(conn) {
                        Ok(stream) => serve(stream, &st),
                        // A refused handshake (no or unknown client certificate): the
                        // client sees the TLS alert.
                        Err(e) => {
                            let mut st = st.lock().unwrap_or_else(|e| e.into_inner());
                            st.requests.push(format!("TLS handshake failed: {e}"));
                        }
                    },
                });
            }
        });
        FakeRegistry {
            port,
            tls: https,
            state,
            stop,
        }
    }

    /// `http://127.0.0.1:PORT`, or `https://` for a TLS registry.
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Requires this exact `Authorization` header on every request.
    pub fn require_auth(&self, header: &str) {
        self.state().auth = Some(header.to_string());
    }

    /// Every request so far, as `METHOD /path` (query strings removed).
    pub fn requests(&self) -> Vec<String> {
        self.state().requests.clone()
    }

    /// How many requests started with `prefix` (e.g. `"GET /schemas/ids/1"`).
    pub fn count(&self, prefix: &str) -> usize {
        self.state()
            .requests
            .iter()
            .filter(|r| r.starts_with(prefix))
            .count()
    }

    /// Registers directly (no HTTP); returns the id.
    pub fn register(&self, subject: &str, schema: &str, schema_type: &str) -> u32 {
        let body = json!({"schema": schema, "schemaType": schema_type});
        let (status, answer) = register(&mut self.state(), subject, &body);
        assert_eq!(status, 200, "{answer}");
        answer["id"].as_u64().unwrap() as u32
    }

    /// Registers with references (no HTTP); returns the id.
    pub fn register_with_references(
        &self,
        subject: &str,
        schema: &str,
        schema_type: &str,
        references: Value,
    ) -> u32 {
        let body = json!({"schema": schema, "schemaType": schema_type, "references": references});
        let (status, answer) = register(&mut self.state(), subject, &body);
        assert_eq!(status, 200, "{answer}");
        answer["id"].as_u64().unwrap() as u32
    }

    pub fn set_compatibility(&self, subject: &str, level: &str) {
        self.state()
            .compatibility
            .insert(subject.to_string(), level.to_string());
    }
}

impl Drop for FakeRegistry {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(conn: impl Read + Write, state: &Mutex<State>) {
    let mut reader = BufReader::new(conn);
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut parts = line.split_whitespace();
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
            return;
        };
        let (method, target) = (method.to_string(), target.to_string());
        let mut length = 0usize;
        let mut auth: Option<String> = None;
        let mut close = false;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let value = value.trim();
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-length" => length = value.parse().unwrap_or(0),
                    "authorization" => auth = Some(value.to_string()),
                    "connection" => close = value.eq_ignore_ascii_case("close"),
                    _ => {}
                }
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let path = target.split('?').next().unwrap_or("").to_string();
        let (status, answer) = {
            let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
            st.requests.push(format!("{method} {path}"));
            if st.auth.is_some() && st.auth != auth {
                (401, error(401, "Unauthorized"))
            } else {
                route(&mut st, &method, &path, &body)
            }
        };
        let text = answer.to_string();
        let reason = match status {
            200 => "OK",
            401 => "Unauthorized",
            404 => "Not Found",
            409 => "Conflict",
            422 => "Unprocessable Entity",
            _ => "Error",
        };
        let response = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/vnd.schemaregistry.v1+json\r\nContent-Length: {}\r\n\r\n{text}",
            text.len()
        );
        let writer = reader.get_mut();
        if writer.write_all(response.as_bytes()).is_err() || writer.flush().is_err() || close {
            return;
        }
    }
}

fn error(code: i64, message: &str) -> Value {
    json!({"error_code": code, "message": message})
}

fn decode_segment(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn schema_json(st: &State, id: u32) -> Value {
    let s = &st.schemas[id as usize - 1];
    let mut v = json!({"schema": s.schema});
    if s.schema_type != "AVRO" {
        v["schemaType"] = json!(s.schema_type);
    }
    if s.references.as_array().is_some_and(|r| !r.is_empty()) {
        v["references"] = s.references.clone();
    }
    v
}

fn version_json(st: &State, subject: &str, version: usize) -> Value {
    let id = st.subjects[subject][version - 1];
    let mut v = schema_json(st, id);
    v["subject"] = json!(subject);
    v["version"] = json!(version);
    v["id"] = json!(id);
    v
}

fn route(st: &mut State, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
    let segs: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .map(decode_segment)
        .collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    match (method, segs.as_slice()) {
        ("GET", ["schemas", "ids", id]) => match id.parse::<u32>() {
            Ok(id) if id >= 1 && (id as usize) <= st.schemas.len() => (200, schema_json(st, id)),
            _ => (404, error(40403, &format!("Schema {id} not found"))),
        },
        ("GET", ["subjects"]) => (200, json!(st.subjects.keys().collect::<Vec<_>>())),
        ("GET", ["subjects", s, "versions"]) => match st.subjects.get(*s) {
            Some(v) => (200, json!((1..=v.len()).collect::<Vec<_>>())),
            None => (404, error(40401, &format!("Subject '{s}' not found."))),
        },
        ("GET", ["subjects", s, "versions", v]) => {
            let Some(versions) = st.subjects.get(*s) else {
                return (404, error(40401, &format!("Subject '{s}' not found.")));
            };
            let n = if *v == "latest" || *v == "-1" {
                versions.len()
            } else {
                v.parse().unwrap_or(0)
            };
            if n == 0 || n > versions.len() {
                return (404, error(40402, &format!("Version {v} not found.")));
            }
            (200, version_json(st, s, n))
        }
        ("POST", ["subjects", s, "versions"]) => register(st, s, &body),
        ("POST", ["subjects", s]) => {
            let Some(versions) = st.subjects.get(*s) else {
                return (404, error(40401, &format!("Subject '{s}' not found.")));
            };
            let wanted = stored_from(&body);
            match versions
                .iter()
                .position(|id| same(&st.schemas[*id as usize - 1], &wanted))
            {
                Some(i) => (200, version_json(st, s, i + 1)),
                None => (404, error(40403, "Schema not found")),
            }
        }
        ("PUT", ["config", s]) => {
            let level = body["compatibility"].as_str().unwrap_or("NONE").to_string();
            st.compatibility.insert(s.to_string(), level.clone());
            (200, json!({"compatibility": level}))
        }
        ("GET", ["config"]) => (200, json!({"compatibilityLevel": "NONE"})),
        _ => (404, error(404, &format!("no route {method} {path}"))),
    }
}

fn stored_from(body: &Value) -> Stored {
    Stored {
        schema: body["schema"].as_str().unwrap_or_default().to_string(),
        schema_type: body["schemaType"].as_str().unwrap_or("AVRO").to_string(),
        references: body.get("references").cloned().unwrap_or(json!([])),
    }
}

/// Same schema: equal text, or equal JSON for Avro and JSON Schema.
fn same(a: &Stored, b: &Stored) -> bool {
    if a.schema_type != b.schema_type || a.references != b.references {
        return false;
    }
    if a.schema == b.schema {
        return true;
    }
    if a.schema_type == "PROTOBUF" {
        return false;
    }
    match (
        serde_json::from_str::<Value>(&a.schema),
        serde_json::from_str::<Value>(&b.schema),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn register(st: &mut State, subject: &str, body: &Value) -> (u16, Value) {
    let new = stored_from(body);
    if new.schema.is_empty() {
        return (422, error(42201, "Empty schema"));
    }
    if new.schema_type != "PROTOBUF" && serde_json::from_str::<Value>(&new.schema).is_err() {
        return (422, error(42201, "Invalid schema: not JSON"));
    }
    if let Some(ids) = st.subjects.get(subject) {
        if let Some(id) = ids
            .iter()
            .find(|id| same(&st.schemas[**id as usize - 1], &new))
        {
            return (200, json!({"id": id}));
        }
        let backward = st
            .compatibility
            .get(subject)
            .is_some_and(|c| c.starts_with("BACKWARD"));
        if backward && new.schema_type == "AVRO" {
            let old = &st.schemas[*ids.last().unwrap() as usize - 1];
            if let Some(field) = missing_default(&old.schema, &new.schema) {
                return (
                    409,
                    error(
                        409,
                        &format!(
                            "Schema being registered is incompatible with an earlier schema for subject \"{subject}\", \
                             details: [{{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field '{field}' \
                             in the new schema has no default value and is missing in the old schema'}}]"
                        ),
                    ),
                );
            }
        }
    }
    let id = match st.schemas.iter().position(|s| same(s, &new)) {
        Some(i) => i as u32 + 1,
        None => {
            st.schemas.push(new);
            st.schemas.len() as u32
        }
    };
    st.subjects.entry(subject.to_string()).or_default().push(id);
    (200, json!({"id": id}))
}

/// A top-level field of `new` that `old` lacks and that has no default.
fn missing_default(old: &str, new: &str) -> Option<String> {
    let old: Value = serde_json::from_str(old).ok()?;
    let new: Value = serde_json::from_str(new).ok()?;
    let names = |v: &Value| -> Vec<String> {
        v["fields"]
            .as_array()
            .map(|f| {
                f.iter()
                    .filter_map(|f| f["name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let old_names = names(&old);
    new["fields"].as_array()?.iter().find_map(|f| {
        let name = f["name"].as_str()?;
        (!old_names.iter().any(|n| n == name) && f.get("default").is_none())
            .then(|| name.to_string())
    })
}
