"""A tiny Kafka wire-protocol admin client (Python 3 stdlib only) for bench/run.

It does the bench's bookkeeping without using any of the tools being measured:
create and delete topics, read partition end offsets (to check that a produce
run really landed every record) and commit offsets for consumer groups that
have no members (to set up the lag workload quickly: one request per group).

Only non-flexible request versions are used (no tagged fields, no compact
encodings); Client.check_versions() compares them with the broker's
ApiVersions answer first and fails clearly if the broker dropped one.
"""

import socket
import struct

# api key -> (name, version used here)
API_VERSIONS = 18
APIS = {
    3: ("Metadata", 4),
    19: ("CreateTopics", 2),
    20: ("DeleteTopics", 1),
    2: ("ListOffsets", 2),
    10: ("FindCoordinator", 1),
    8: ("OffsetCommit", 2),
}

ERRORS = {
    0: "NONE",
    3: "UNKNOWN_TOPIC_OR_PARTITION",
    5: "LEADER_NOT_AVAILABLE",
    6: "NOT_LEADER_OR_FOLLOWER",
    7: "REQUEST_TIMED_OUT",
    14: "COORDINATOR_LOAD_IN_PROGRESS",
    15: "COORDINATOR_NOT_AVAILABLE",
    16: "NOT_COORDINATOR",
    25: "UNKNOWN_MEMBER_ID",
    36: "TOPIC_ALREADY_EXISTS",
    37: "INVALID_PARTITIONS",
    38: "INVALID_REPLICATION_FACTOR",
    41: "NOT_CONTROLLER",
}


class KafkaError(Exception):
    def __init__(self, what, code, message=None):
        self.code = code
        name = ERRORS.get(code, "error %d" % code)
        super().__init__("%s: %s%s" % (what, name, ": " + message if message else ""))


# ------------------------------------------------------------- encoding --

def _i8(v):
    return struct.pack(">b", v)


def _i16(v):
    return struct.pack(">h", v)


def _i32(v):
    return struct.pack(">i", v)


def _i64(v):
    return struct.pack(">q", v)


def _str(s):
    if s is None:
        return _i16(-1)
    b = s.encode()
    return _i16(len(b)) + b


def _array(items, enc):
    if items is None:
        return _i32(-1)
    return _i32(len(items)) + b"".join(enc(x) for x in items)


class _Reader:
    def __init__(self, buf):
        self.buf = buf
        self.pos = 0

    def _take(self, fmt, n):
        (v,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += n
        return v

    def i8(self):
        return self._take(">b", 1)

    def i16(self):
        return self._take(">h", 2)

    def i32(self):
        return self._take(">i", 4)

    def i64(self):
        return self._take(">q", 8)

    def bool(self):
        return self.i8() != 0

    def str(self):
        n = self.i16()
        if n < 0:
            return None
        s = self.buf[self.pos:self.pos + n].decode()
        self.pos += n
        return s

    def array(self, dec):
        n = self.i32()
        if n < 0:
            return None
        return [dec(self) for _ in range(n)]


# ------------------------------------------------------------ connection --

class _Conn:
    def __init__(self, host, port, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.corr = 0

    def request(self, api_key, version, body):
        self.corr += 1
        header = _i16(api_key) + _i16(version) + _i32(self.corr) + _str("kpipe-bench")
        msg = header + body
        self.sock.sendall(_i32(len(msg)) + msg)
        size = struct.unpack(">i", self._recv(4))[0]
        resp = self._recv(size)
        r = _Reader(resp)
        corr = r.i32()
        if corr != self.corr:
            raise RuntimeError("kafka: correlation id mismatch (%d != %d)" % (corr, self.corr))
        return r

    def _recv(self, n):
        chunks = []
        while n:
            c = self.sock.recv(min(n, 1 << 20))
            if not c:
                raise ConnectionError("kafka: connection closed by broker")
            chunks.append(c)
            n -= len(c)
        return b"".join(chunks)

    def close(self):
        self.sock.close()


def _parse_bootstrap(brokers):
    out = []
    for hp in brokers.split(","):
        hp = hp.strip()
        if "://" in hp:
            hp = hp.split("://", 1)[1]
        host, _, port = hp.rpartition(":")
        out.append((host or hp, int(port or 9092)))
    return out


class Client:
    """Synchronous admin client: one socket per broker, opened lazily."""

    def __init__(self, brokers, timeout=30.0):
        self.timeout = timeout
        self.bootstrap = _parse_bootstrap(brokers)
        self.conns = {}  # node id (or ("boot", i)) -> _Conn
        self.nodes = {}  # node id -> (host, port)
        self.versions = {}

    def close(self):
        for c in self.conns.values():
            c.close()
        self.conns.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _any(self):
        for key, c in self.conns.items():
            return c
        err = None
        for i, (h, p) in enumerate(self.bootstrap):
            try:
                c = _Conn(h, p, self.timeout)
                self.conns[("boot", i)] = c
                return c
            except OSError as e:
                err = e
        raise ConnectionError("kafka: no bootstrap broker reachable (%s): %s" % (
            ",".join("%s:%d" % hp for hp in self.bootstrap), err))

    def _node(self, node_id):
        if node_id not in self.conns:
            if node_id not in self.nodes:
                self.metadata([])
            h, p = self.nodes[node_id]
            self.conns[node_id] = _Conn(h, p, self.timeout)
        return self.conns[node_id]

    # --------------------------------------------------------------- apis --

    def check_versions(self):
        r = self._any().request(API_VERSIONS, 0, b"")
        err = r.i16()
        if err:
            raise KafkaError("ApiVersions", err)
        for key, lo, hi in r.array(lambda r: (r.i16(), r.i16(), r.i16())):
            self.versions[key] = (lo, hi)
        for key, (name, v) in APIS.items():
            lo, hi = self.versions.get(key, (None, None))
            if lo is None or not lo <= v <= hi:
                raise RuntimeError(
                    "kafka: the broker does not accept %s v%d (it has %s); bench/kwire.py needs updating"
                    % (name, v, "none" if lo is None else "v%d-v%d" % (lo, hi)))

    def metadata(self, topics):
        """{topic: {partition: leader}} for the given topics ([] = none, None = all)."""
        body = _array(topics, _str) + _i8(0)
        r = self._any().request(3, 4, body)
        r.i32()  # throttle
        for node_id, host, port in r.array(lambda r: (r.i32(), r.str(), r.i32(), r.str())[:3]):
            self.nodes[node_id] = (host, port)
        r.str()  # cluster id
        r.i32()  # controller

        def part(r):
            err, idx, leader = r.i16(), r.i32(), r.i32()
            r.array(lambda r: r.i32())
            r.array(lambda r: r.i32())
            return err, idx, leader

        out = {}
        for err, name, _internal, parts in r.array(lambda r: (r.i16(), r.str(), r.bool(), r.array(part))):
            if err:
                raise KafkaError("metadata for %s" % name, err)
            leaders = {}
            for perr, idx, leader in parts:
                if perr or leader < 0:
                    raise KafkaError("metadata for %s/%d" % (name, idx), perr or 5)
                leaders[idx] = leader
            out[name] = leaders
        return out

    def create_topics(self, specs, configs=None, rf=1, timeout_ms=30000):
        """specs: [(name, partitions)], replication factor rf (CreateTopics v2
        has no "broker default")."""
        configs = configs or {}

        def topic(spec):
            name, parts = spec
            return (_str(name) + _i32(parts) + _i16(rf) + _array([], None)
                    + _array(sorted(configs.items()), lambda kv: _str(kv[0]) + _str(str(kv[1]))))

        r = self._any().request(19, 2, _array(specs, topic) + _i32(timeout_ms) + _i8(0))
        r.i32()
        for name, err, msg in r.array(lambda r: (r.str(), r.i16(), r.str())):
            if err:
                raise KafkaError("create topic %s" % name, err, msg)

    def delete_topics(self, names, timeout_ms=30000, missing_ok=True):
        if not names:
            return
        r = self._any().request(20, 1, _array(names, _str) + _i32(timeout_ms))
        r.i32()
        for name, err in r.array(lambda r: (r.str(), r.i16())):
            if err and not (missing_ok and err == 3):
                raise KafkaError("delete topic %s" % name, err)

    def wait_topics(self, names, partitions, deadline_s=30.0):
        """Wait until every topic has `partitions` partitions with a leader."""
        import time
        end = time.monotonic() + deadline_s
        while True:
            try:
                md = self.metadata(names)
                if all(len(md.get(n, {})) == partitions for n in names):
                    return md
            except KafkaError:
                pass
            if time.monotonic() > end:
                raise RuntimeError("kafka: topics %s not ready after %.0fs" % (names, deadline_s))
            time.sleep(0.1)

    def end_offsets(self, topics, retry_s=15.0):
        """{topic: {partition: high watermark}} (read_uncommitted); retries
        while leadership is still settling (a topic created a moment ago)."""
        import time
        end = time.monotonic() + retry_s
        while True:
            try:
                return self._end_offsets(topics)
            except KafkaError as e:
                if e.code not in (3, 5, 6) or time.monotonic() > end:
                    raise
                time.sleep(0.1)

    def _end_offsets(self, topics):
        md = self.metadata(topics)
        by_leader = {}
        for t, parts in md.items():
            for p, leader in parts.items():
                by_leader.setdefault(leader, {}).setdefault(t, []).append(p)
        out = {t: {} for t in md}
        for leader, tps in by_leader.items():
            body = _i32(-1) + _i8(0) + _array(
                sorted(tps.items()),
                lambda tp: _str(tp[0]) + _array(sorted(tp[1]), lambda p: _i32(p) + _i64(-1)))
            r = self._node(leader).request(2, 2, body)
            r.i32()
            for name, parts in r.array(lambda r: (r.str(), r.array(
                    lambda r: (r.i32(), r.i16(), r.i64(), r.i64())))):
                for p, err, _ts, off in parts:
                    if err:
                        raise KafkaError("end offset of %s/%d" % (name, p), err)
                    out[name][p] = off
        return out

    def coordinator(self, group, retry_s=30.0):
        """The group's coordinator node; waits while __consumer_offsets is
        being created (the first lookup on a fresh cluster)."""
        import time
        end = time.monotonic() + retry_s
        while True:
            r = self._any().request(10, 1, _str(group) + _i8(0))
            r.i32()
            err, msg = r.i16(), r.str()
            if err in (14, 15) and time.monotonic() < end:
                time.sleep(0.2)
                continue
            break
        if err:
            raise KafkaError("find coordinator for %s" % group, err, msg)
        node, host, port = r.i32(), r.str(), r.i32()
        self.nodes[node] = (host, port)
        return node

    def commit(self, group, offsets):
        """Commit {topic: {partition: offset}} for a group with no active members
        (generation -1, no member id: what kafka-consumer-groups --reset-offsets does)."""
        import time
        for attempt in range(50):
            node = self.coordinator(group)
            body = (_str(group) + _i32(-1) + _str("") + _i64(-1) + _array(
                sorted(offsets.items()),
                lambda tp: _str(tp[0]) + _array(
                    sorted(tp[1].items()), lambda po: _i32(po[0]) + _i64(po[1]) + _str(None))))
            r = self._node(node).request(8, 2, body)
            errs = set()
            for _name, parts in r.array(lambda r: (r.str(), r.array(lambda r: (r.i32(), r.i16())))):
                errs.update(e for _p, e in parts if e)
            if not errs:
                return
            if errs <= {14, 15, 16}:  # coordinator moving or loading: retry
                time.sleep(0.2)
                continue
            raise KafkaError("commit for group %s" % group, min(errs))
        raise RuntimeError("kafka: commit for group %s kept failing" % group)
