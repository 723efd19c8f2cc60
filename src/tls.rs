//! One process-wide OpenSSL setting, made before librdkafka initialises OpenSSL.
//!
//! kpipe exits as soon as it knows the outcome; a librdkafka client may then still be
//! retrying a TLS handshake on its broker threads (a fail-fast probe leaves a metadata
//! call running, see `kafka::probe`). By default OpenSSL frees its global tables from an
//! `atexit` handler, and a handshake running at that moment crashes the process
//! (SIGSEGV in `OPENSSL_cleanup` vs `SSL_do_handshake`, seen about once in 40 runs of
//! a TLS-failure test). `OPENSSL_INIT_NO_ATEXIT` leaves the cleanup to the OS.
//! Like `mock.rs` and `admin/ffi.rs`, this module keeps its `unsafe` code in one place.
#![allow(unsafe_code)]

use std::os::raw::{c_int, c_void};

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
