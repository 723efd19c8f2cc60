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
//! **librdkafka's global initialisation, while the command line is parsed.** The first
//! client a process creates initialises librdkafka's globals: CRC32C tables, OpenSSL
//! (its configuration file and algorithms, for libcurl) and libcurl (for OIDC): 0.3 to
//! 0.9 ms. [`init_librdkafka`] runs it on the main thread while a helper thread parses
//! the command line (see `lib::run`); done one after the other, they took 0.1 ms longer
//! (0.3 ms before `cli::parse_one_subcommand`). That way round because a new thread starts up to 0.5 ms late on a busy machine (or a
//! VM waking an idle CPU) and in a fresh malloc arena: on the helper, the
//! initialisation took 1 ms and the first client waited for it. It is done before the
//! parsed command line is taken, so nothing runs half-initialised.
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

/// Runs librdkafka's one-time global initialisation on this thread (see the module
/// docs). Call after [`init`].
pub fn init_librdkafka() {
    let mut err = [0 as c_char; 128];
    // SAFETY: a configuration object of our own, destroyed right after. Setting no CA
    // certificate (null buffer, size 0) only clears one that is not there; librdkafka
    // runs its global initialisation first ("make sure OpenSSL is loaded"), which is
    // what this call is for. `err` outlives the call and its size is passed along.
    unsafe {
        let conf = rdkafka::bindings::rd_kafka_conf_new();
        rdkafka::bindings::rd_kafka_conf_set_ssl_cert(
            conf,
            rdkafka::bindings::rd_kafka_cert_type_t::RD_KAFKA_CERT_CA,
            rdkafka::bindings::rd_kafka_cert_enc_t::RD_KAFKA_CERT_ENC_PEM,
            std::ptr::null(),
            0,
            err.as_mut_ptr(),
            err.len(),
        );
        rdkafka::bindings::rd_kafka_conf_destroy(conf);
    }
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
