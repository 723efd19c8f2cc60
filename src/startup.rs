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
//! **librdkafka's global initialisation, ahead of time.** The first client a process
//! creates initialises librdkafka's globals: CRC32C tables, OpenSSL (its configuration
//! file and error strings) and libcurl (for OIDC). That is about 1 ms of CPU, a tenth
//! of a one-record `consume -c 1`. [`warm_up`] runs it on a second thread while the
//! main thread parses the command line and resolves the configuration; [`ready`] waits
//! for it before the first client is created (librdkafka would wait anyway: it runs the
//! initialisation once) and before the process exits, so that nothing is left
//! half-initialised at exit. Cyrus SASL's plugin loading, the other big part of
//! creating the first client, was tried on a thread of its own too: no gain measured
//! on 2 cores, so it stays in librdkafka's hands.
//!
//! Like `mock.rs` and `admin/ffi.rs`, this module keeps its `unsafe` code in one place.
#![allow(unsafe_code)]

use std::os::raw::{c_int, c_void};
use std::sync::Mutex;
use std::thread::JoinHandle;

/// `OPENSSL_INIT_NO_ATEXIT` from `<openssl/crypto.h>` (OpenSSL 1.1.1 and 3.x).
const OPENSSL_INIT_NO_ATEXIT: u64 = 0x0008_0000;

extern "C" {
    // libcrypto is linked through rdkafka-sys (feature `ssl`).
    fn OPENSSL_init_crypto(opts: u64, settings: *const c_void) -> c_int;
}

/// Call first thing in `main`, before any Kafka client exists.
pub fn init() {
    // SAFETY: OPENSSL_init_crypto is thread-safe, takes no ownership, and accepts a null
    // settings pointer; it only records the option and initialises libcrypto.
    unsafe {
        OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, std::ptr::null());
    }
}

/// The warm-up thread, until someone waits for it.
static WARM_UP: Mutex<Option<JoinHandle<()>>> = Mutex::new(None);

/// Starts librdkafka's one-time global initialisation on a background thread (see the
/// module docs). Call after [`init`].
pub fn warm_up() {
    let spawned = std::thread::Builder::new()
        .name("kpipe-init".into())
        .spawn(|| {
            let mut err = [0 as std::os::raw::c_char; 128];
            // SAFETY: a configuration object of our own, destroyed right after. Setting
            // no CA certificate (null buffer, size 0) only clears one that is not there;
            // librdkafka runs its global initialisation first ("make sure OpenSSL is
            // loaded"), which is what this call is for. `err` outlives the call and its
            // size is passed along.
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
        });
    if let Ok(thread) = spawned {
        *WARM_UP.lock().unwrap_or_else(|e| e.into_inner()) = Some(thread);
    }
}

/// Waits for [`warm_up`]'s thread, if it still runs. Call before creating a Kafka
/// client and before the process exits; cheap once it has been waited for.
pub fn ready() {
    let thread = WARM_UP.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(thread) = thread {
        let _ = thread.join();
    }
}
