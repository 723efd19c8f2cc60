//! Process-wide library set-up, made before any Kafka client exists.
//!
//! **OpenSSL's exit cleanup.** kpipe exits as soon as it knows the outcome; a librdkafka
//! client may then still be retrying a TLS handshake on its broker threads (a fail-fast
//! probe leaves a metadata call running, see `kafka::probe`). By default OpenSSL frees
//! its global tables from an `atexit` handler, and a handshake running at that moment
//! crashes the process (SIGSEGV in `OPENSSL_cleanup` vs `SSL_do_handshake`, seen about
//! once in 40 runs of a TLS-failure test). `OPENSSL_INIT_NO_ATEXIT` leaves the cleanup
//! to the OS.
//!
//! **OpenSSL only as far as the run needs it.** The first client initialises librdkafka's
//! globals, and with them libcurl (for OIDC), which initialises OpenSSL in full: its
//! configuration file, every cipher and digest name, every error string. That was 0.6 ms
//! of the 0.9 ms the first client took, the largest single cost of a one-record
//! `consume -c 1`. A run whose settings use no TLS, no SASL mechanism but PLAIN, no
//! token command and no https Schema Registry never calls OpenSSL after that, so
//! [`openssl`] (called by `kafka::client_config` once the settings are resolved) starts
//! it without those three parts: OpenSSL sets up each part once per process, and the
//! first call decides. Every other run gets the full initialisation, system
//! configuration included. The decision needs the settings, so the command line is
//! parsed first, on the main thread (0.1 ms with `cli::parse_one_subcommand`).
//!
//! **Cyrus SASL's plugins, only for GSSAPI.** The first client also initialises Cyrus
//! SASL (`sasl_client_init`), which loads every plugin in the system's plugin directory:
//! nine shared libraries on Debian, about 1 ms on the thread creating the client.
//! librdkafka takes only GSSAPI (Kerberos) from Cyrus; PLAIN, SCRAM and OAUTHBEARER are
//! its own. So [`before_client`] initialises Cyrus first, itself: normally for a GSSAPI
//! client, and otherwise with its plugin directory pointed at one that never holds a
//! plugin. librdkafka's own `sasl_client_init` then only counts a reference (Cyrus
//! initialises once per process; librdkafka never finalises it).
//!
//! Like `mock.rs` and `admin/ffi.rs`, this module keeps its `unsafe` code in one place.
#![allow(unsafe_code)]

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_ulong, c_void};

/// `OPENSSL_INIT_NO_ATEXIT` from `<openssl/crypto.h>` (OpenSSL 1.1.1 and 3.x).
const OPENSSL_INIT_NO_ATEXIT: u64 = 0x0008_0000;

extern "C" {
    // libcrypto is linked through rdkafka-sys (feature `ssl`).
    fn OPENSSL_init_crypto(opts: u64, settings: *const c_void) -> c_int;
    // libsasl2 is linked through rdkafka-sys (feature `gssapi`).
    fn sasl_client_init(callbacks: *const SaslCallback) -> c_int;
}

/// `sasl_callback_t` from `<sasl/sasl.h>`.
#[repr(C)]
struct SaslCallback {
    id: c_ulong,
    callback: Option<unsafe extern "C" fn() -> c_int>,
    context: *mut c_void,
}

/// `SASL_CB_LIST_END`, `SASL_CB_GETPATH` and `SASL_OK` from `<sasl/sasl.h>`.
const SASL_CB_LIST_END: c_ulong = 0;
const SASL_CB_GETPATH: c_ulong = 3;
const SASL_OK: c_int = 0;

/// Cyrus's plugin directory for clients that take nothing from Cyrus: it exists on every
/// Linux system and holds only file-descriptor numbers, never a `*.so` plugin. (A
/// directory that does not exist would work too, but Cyrus reports that to syslog.)
const NO_PLUGINS_DIR: &CStr = c"/proc/self/fdinfo";

/// `sasl_getpath_t`: where Cyrus looks for plugins.
unsafe extern "C" fn no_plugins_path(_context: *mut c_void, path: *mut *const c_char) -> c_int {
    // SAFETY: Cyrus passes a valid out-pointer; the path is a `'static` C string.
    unsafe { *path = NO_PLUGINS_DIR.as_ptr() };
    SASL_OK
}

/// Call first thing in `main`, before anything uses OpenSSL.
pub fn init() {
    // SAFETY: OPENSSL_init_crypto is thread-safe, takes no ownership, and accepts a null
    // settings pointer; it only records the option and initialises libcrypto.
    unsafe {
        OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, std::ptr::null());
    }
}

/// `OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS`, `_NO_ADD_ALL_CIPHERS`, `_NO_ADD_ALL_DIGESTS` and
/// `_NO_LOAD_CONFIG` from `<openssl/crypto.h>`.
const OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS: u64 = 0x0000_0001;
const OPENSSL_INIT_NO_ADD_ALL_CIPHERS: u64 = 0x0000_0010;
const OPENSSL_INIT_NO_ADD_ALL_DIGESTS: u64 = 0x0000_0020;
const OPENSSL_INIT_NO_LOAD_CONFIG: u64 = 0x0000_0080;

/// Call once the settings are known, before any client exists: `needed` says whether
/// this process may use OpenSSL (TLS, SCRAM, an https token endpoint or registry). If
/// not, OpenSSL starts without what only those need (see the module docs). The first
/// call decides; OpenSSL initialises each part once per process.
pub fn openssl(needed: bool) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if needed {
            return;
        }
        // SAFETY: as in `init`; the flags only keep parts from loading.
        unsafe {
            OPENSSL_init_crypto(
                OPENSSL_INIT_NO_ATEXIT
                    | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS
                    | OPENSSL_INIT_NO_ADD_ALL_CIPHERS
                    | OPENSSL_INIT_NO_ADD_ALL_DIGESTS
                    | OPENSSL_INIT_NO_LOAD_CONFIG,
                std::ptr::null(),
            );
        }
    });
}

/// Call before creating a Kafka client. `gssapi`: whether it authenticates with GSSAPI,
/// the one mechanism librdkafka takes from Cyrus SASL. The first call initialises Cyrus,
/// with its plugins only for GSSAPI (see the module docs); later calls do nothing.
pub fn before_client(gssapi: bool) {
    static SASL: std::sync::Once = std::sync::Once::new();
    SASL.call_once(|| {
        let callbacks: *const SaslCallback = if gssapi {
            std::ptr::null()
        } else {
            // SAFETY: `sasl_getpath_t` is `int (*)(void *, const char **)`; Cyrus calls
            // a `SASL_CB_GETPATH` callback with exactly those arguments, through the
            // generic `int (*)(void)` the struct declares.
            let getpath = unsafe {
                std::mem::transmute::<
                    unsafe extern "C" fn(*mut c_void, *mut *const c_char) -> c_int,
                    unsafe extern "C" fn() -> c_int,
                >(no_plugins_path)
            };
            // Cyrus keeps the list for the life of the process.
            Box::leak(Box::new([
                SaslCallback {
                    id: SASL_CB_GETPATH,
                    callback: Some(getpath),
                    context: std::ptr::null_mut(),
                },
                SaslCallback {
                    id: SASL_CB_LIST_END,
                    callback: None,
                    context: std::ptr::null_mut(),
                },
            ]))
            .as_ptr()
        };
        // SAFETY: `callbacks` is null or a list ending in SASL_CB_LIST_END that is never
        // freed. `call_once` makes this kpipe's only call and holds every other caller
        // until it is done; each caller creates its client after, so librdkafka's own
        // call always comes later. A failure shows up again in librdkafka's call, which
        // reports it.
        unsafe {
            sasl_client_init(callbacks);
        }
    });
}
