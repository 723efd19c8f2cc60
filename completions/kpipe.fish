# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kpipe_global_optspecs
    string join \n b/brokers= X/property= profile= config= no-config schema-registry= timeout= q/quiet v/verbose color= V/version h/help
end

function __fish_kpipe_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kpipe_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kpipe_using_subcommand
    set -l cmd (__fish_kpipe_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kpipe -n "__fish_kpipe_needs_command" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_needs_command" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_needs_command" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_needs_command" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_needs_command" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_needs_command" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_needs_command" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_needs_command" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_needs_command" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_needs_command" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_needs_command" -s V -l version -d 'Print the version (with -v: librdkafka\'s version and features too)'
complete -c kpipe -n "__fish_kpipe_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "produce" -d 'Produce records from stdin or files'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "consume" -d 'Read records to stdout: exact offsets, exact commits, any shape'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "groups" -d 'List, describe, reset, commit and delete consumer groups'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "lag" -d 'Consumer lag in records and in time; CI gates; watch mode'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "topics" -d 'List, describe, create, delete and configure topics'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "cluster" -d 'Show the cluster id, controller, brokers and partition health'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "local" -d 'Start an embedded Kafka-protocol broker (no Kafka needed)'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "config" -d 'Show the effective configuration, list profiles, check the connection'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "version" -d 'Show kpipe\'s and librdkafka\'s versions and the enabled features'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "man" -d 'Write kpipe\'s man page (roff) to stdout, or one page per subcommand into a directory'
complete -c kpipe -n "__fish_kpipe_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s t -l topic -d 'Topic to produce to (with --input json, records may name their own)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l input -d 'Input format: lines, json (one envelope per line), raw (each input is one record), or format:SPEC (rpk-style, e.g. \'format:%k\\t%v\\n\' or \'format:%K{big32}%k%V{big32}%v\')' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s D -l delimiter -d 'Record delimiter for lines and json input (escapes: \\n \\r \\t \\0 \\\\ \\xNN)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s K -l key-delimiter -d 'Split each line into key and value at the first DELIM (lines without it have no key)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s k -l key -d 'Key for every record (a key from -K or the envelope wins in lines input)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s H -l header -d 'Header for every record (repeatable); `NAME` alone gives a null value' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s p -l partition -d 'Partition for every record [default: by key (murmur2), random without a key]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l timestamp -d 'Record timestamp: milliseconds, RFC 3339, or `now` (also overrides envelope timestamps)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l null-value -d 'A key or value equal to this text is sent as null (a null value is a tombstone)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l key-format -d 'How keys are given in the input' -r -f -a "string\t'Text as is (invalid UTF-8 is kept as bytes, never corrupted)'
bytes\t'Raw bytes, untouched'
hex\t'Bytes written as hexadecimal text'
base64\t'Bytes written as base64 text'
json\t'JSON documents, validated and compacted'"
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l value-format -d 'How values are given in the input' -r -f -a "string\t'Text as is (invalid UTF-8 is kept as bytes, never corrupted)'
bytes\t'Raw bytes, untouched'
hex\t'Bytes written as hexadecimal text'
base64\t'Bytes written as base64 text'
json\t'JSON documents, validated and compacted'"
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l acks -d 'Acknowledgements to wait for (acks) [default: all]' -r -f -a "0\t'Do not wait for the broker'
1\t'Wait for the partition leader'
all\t'Wait for all in-sync replicas'"
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s z -l compression -d 'Compression codec (compression.codec) [default: none]' -r -f -a "none\t''
gzip\t''
snappy\t''
lz4\t''
zstd\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l linger -d 'How long to wait to fill a batch (linger.ms), e.g. 5ms, 100ms [default: 5ms]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l batch-size -d 'Maximum batch size in bytes (batch.size) [default: 1000000]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l delivery-timeout -d 'Give up on a record after this long (message.timeout.ms) [default: 5m]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l max-message-bytes -d 'Largest record accepted, in bytes (message.max.bytes) [default: 1000000]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l partitioner -d 'How keys map to partitions (partitioner) [default: murmur2_random, as Java clients]' -r -f -a "murmur2_random\t'Java-compatible murmur2 hash of the key; random without a key'
murmur2\t'Java-compatible murmur2 hash of the key; null keys to one partition'
consistent_random\t'CRC32 of the key (librdkafka\'s and kcat\'s default); random without a key'
consistent\t'CRC32 of the key; null keys to one partition'
fnv1a_random\t'FNV-1a hash of the key (as Sarama); random without a key'
fnv1a\t'FNV-1a hash of the key; null keys to one partition'
random\t'Random partition for every record'"
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l transactional-id -d 'Produce in a transaction (transactional.id): all or nothing becomes visible' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l transaction-size -d 'Commit every N records instead of once at the end' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l rate -d 'Send at most N records per second, evenly spaced' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s c -l count -d 'Stop after N records' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l report -d 'Print one JSON line per record on stdout: where it landed, or why it failed' -r -f -a "json\t'{"file","line","partition","offset"} or {"file","line","error"}'"
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s Z -l tombstone -d 'Send empty values (and empty keys) as null: an empty value becomes a tombstone'
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l skip-empty -d 'Skip empty lines instead of sending empty records'
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l no-idempotence -d 'Turn off idempotence (on by default with --acks all)'
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l repeat -d 'Read the input again and again (until --count, or Ctrl-C)'
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l fail-fast -d 'Stop at the first record that is not delivered'
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l skip-bad-input -d 'Report records that cannot be read or encoded, and go on with the rest'
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand produce" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s t -l topic -d 'Topic to read (repeatable)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l topic-regex -d 'Read every topic whose whole name matches this regex (matched at start)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s p -l partition -d 'Partitions to read, e.g. 0,2,5-7 [default: all]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s o -l offset -d 'Where to start and stop, e.g. start, end, -100, @-1h, 1000:2000, 0=5 (see below)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s c -l count -d 'Stop after writing N records (after --filter)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l idle-timeout -d 'Stop when no record arrives for this long (e.g. 5s)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l until -d 'Stop at the first record at or after TIME in each partition (same forms as @TIME)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l isolation -d 'Transaction isolation. read_committed (librdkafka\'s default) never shows aborted records and ends -e at the last stable offset' -r -f -a "read-committed\t''
read-uncommitted\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s g -l group -d 'Join this consumer group (cooperative-sticky) and commit per --commit' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l group-protocol -d 'Group protocol: classic, or consumer (KIP-848, Kafka 4.0+ brokers)' -r -f -a "classic\t''
consumer\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l commit -d 'When to commit (needs -g) [default with -g: after]' -r -f -a "after\t'Commit records only once they have been written and flushed to stdout (at-least-once)'
before\t'Commit records before writing them (at-most-once)'
auto\t'librdkafka\'s periodic auto-commit of records handed to kpipe'
none\t'Never commit'"
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l key-format -d 'How to decode keys' -r -f -a "string\t'Text as is (invalid UTF-8 is kept as bytes, never corrupted)'
bytes\t'Raw bytes, untouched'
hex\t'Bytes written as hexadecimal text'
base64\t'Bytes written as base64 text'
json\t'JSON documents, validated and compacted'"
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l value-format -d 'How to decode values' -r -f -a "string\t'Text as is (invalid UTF-8 is kept as bytes, never corrupted)'
bytes\t'Raw bytes, untouched'
hex\t'Bytes written as hexadecimal text'
base64\t'Bytes written as base64 text'
json\t'JSON documents, validated and compacted'"
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l output -d 'Output shape: the value and a delimiter, or the lossless JSON envelope' -r -f -a "value\t'The value, then the delimiter (-D)'
json\t'One JSON object per record: topic, partition, offset, timestamp, key, value, headers'"
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s f -l format -d 'Format string with kcat/rpk tokens, e.g. \'%t[%p]@%o %k=%s\\n\' (see below)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s D -l delimiter -d 'Record delimiter for --output value (escapes allowed: \\n, \\0, \\x1e)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l filter -d 'Keep only matching records (repeatable; all must match), e.g. key=k1, value~err' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l expect -d 'CI check: succeed once N matching records arrived, fail (exit 6) at --deadline' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l wait-for -d 'CI check: print the first record matching EXPR and succeed; fail (exit 6) at --deadline' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l deadline -d 'Time limit for --expect/--wait-for [default: 30s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s e -l exit -d 'Stop at the end offsets of when the command started'
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l pretty -d 'Pretty-print decoded JSON values (value output and -f)'
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l line-buffered -d 'Flush stdout after every record (automatic when stdout is a terminal)'
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l skip-errors -d 'Report records that fail to decode and go on (default: stop with exit code 4)'
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand consume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -f -a "list" -d 'List consumer groups with state, type, assignor, members and total lag'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -f -a "describe" -d 'Show a group\'s members and, per partition, committed offset, log start, log end, lag and owner'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -f -a "reset" -d 'Move a group\'s committed offsets (dry run unless --execute)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -f -a "delete" -d 'Delete consumer groups (they must have no active members)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -f -a "delete-offsets" -d 'Delete a group\'s committed offsets for some topics or partitions'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -f -a "commit" -d 'Commit one offset for one partition of a group (surgical fixes)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and not __fish_seen_subcommand_from list describe reset delete delete-offsets commit help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -l state -d 'Only groups in these states (comma-separated): stable, empty, dead, preparingrebalance, completingrebalance' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -l regex -d 'Only groups whose id matches this regular expression' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -s t -l topic -d 'Only groups with committed offsets on (or assignments in) this topic (repeatable)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -l no-lag -d 'Skip reading offsets (faster; no LAG column)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l regex -d 'Groups whose id matches this regular expression' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -s t -l topic -d 'Only these topics (repeatable)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l isolation -d 'Log end to measure lag against (see `kpipe lag --help`)' -r -f -a "read_uncommitted\t''
read_committed\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l all -d 'Every group in the cluster'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l only-lagging -d 'Only partitions with lag > 0 or a flag (no commit, negative lag)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -s t -l topic -d 'Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l to -d 'Where to move the offsets (see above)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l export -d 'Also write the plan as CSV (topic,partition,offset) to FILE; `-` writes only the CSV to stdout' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l all-topics -d 'Every topic the group has committed offsets on'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l execute -d 'Apply the plan (without it, nothing is changed)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -s t -l topic -d 'Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from delete-offsets" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -s t -l topic -d 'The topic' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -s p -l partition -d 'The partition' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -l offset -d 'The offset to commit (the next record the group will read)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -l force -d 'Commit even when the offset is outside [log start, log end]'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from commit" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "list" -d 'List consumer groups with state, type, assignor, members and total lag'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "describe" -d 'Show a group\'s members and, per partition, committed offset, log start, log end, lag and owner'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Move a group\'s committed offsets (dry run unless --execute)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete consumer groups (they must have no active members)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "delete-offsets" -d 'Delete a group\'s committed offsets for some topics or partitions'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "commit" -d 'Commit one offset for one partition of a group (surgical fixes)'
complete -c kpipe -n "__fish_kpipe_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -s g -l group -d 'Group to check (repeatable, or comma-separated)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l regex -d 'Groups whose id matches this regular expression' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -s t -l topic -d 'Only these topics (repeatable, or comma-separated); with -g, every partition of them is shown, committed or not' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l isolation -d 'End offset to measure against: read_uncommitted = high watermark (like kafka-consumer-groups), read_committed = last stable offset' -r -f -a "read_uncommitted\t''
read_committed\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l watch -d 'Refresh every INTERVAL (in place on a terminal, one line per group in a pipe) with rates, ETA and status, until Ctrl-C' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l max-lag -d 'Fail (exit 6) when a group\'s total lag exceeds N records' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l max-lag-time -d 'Fail (exit 6) when a group\'s oldest unconsumed record is older than DURATION' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l deadline -d 'How long --wait-zero waits [default: --timeout]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l output -d 'Output format' -r -f -a "table\t''
json\t''
prometheus\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l cluster-name -d 'cluster_name label of --output prometheus [default: the profile name, else "kafka"]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l all-groups -d 'Every consumer group in the cluster'
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l no-time-lag -d 'Skip the record fetches that measure lag in time'
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l only-lagging -d 'Only partitions with lag > 0 or a flag'
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l summary -d 'Only the per-topic and per-group totals (table output)'
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l wait-zero -d 'Wait until every selected group has zero lag (exit 0), or exit 6 at the deadline'
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand lag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -f -a "list" -d 'List topics with their partition count, replication factor and health'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -f -a "describe" -d 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -f -a "create" -d 'Create topics'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -f -a "delete" -d 'Delete topics and all their records (asks first; --yes for scripts)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -f -a "alter-config" -d 'Set or remove topic configs; other configs stay as they are'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -f -a "add-partitions" -d 'Increase a topic\'s partition count (Kafka cannot decrease it)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and not __fish_seen_subcommand_from list describe create delete alter-config add-partitions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -l regex -d 'Only topics whose name matches this regular expression (unanchored, like grep)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -l internal -d 'Include Kafka\'s internal topics (names starting with `__`)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -l no-timestamps -d 'Skip reading the first and last record of each partition'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -l all-configs -d 'Show every effective config and its source, not only those set on the topic'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -s p -l partitions -d 'Number of partitions [default: the broker\'s num.partitions]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -s r -l replication-factor -d 'Replicas per partition [default: the broker\'s default.replication.factor]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -s c -l topic-config -d 'A topic config, e.g. retention.ms=604800000 (repeatable; `--config` names kpipe\'s own config file)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -l if-not-exists -d 'Succeed, changing nothing, when a topic already exists'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -l dry-run -d 'Let the broker validate the request without creating anything'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l set -d 'Set a config on the topic (repeatable)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l delete -d 'Remove a config from the topic, so the broker\'s default applies again (repeatable)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l append -d 'Add a value to a list config, e.g. cleanup.policy=compact (repeatable)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l subtract -d 'Remove a value from a list config (repeatable)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l dry-run -d 'Let the broker validate the change without applying it'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from alter-config" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -l to -d 'The new total number of partitions' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -l dry-run -d 'Let the broker validate the change without applying it'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from add-partitions" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "list" -d 'List topics with their partition count, replication factor and health'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "describe" -d 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create topics'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete topics and all their records (asks first; --yes for scripts)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "alter-config" -d 'Set or remove topic configs; other configs stay as they are'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "add-partitions" -d 'Increase a topic\'s partition count (Kafka cannot decrease it)'
complete -c kpipe -n "__fish_kpipe_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand cluster" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -l port -d 'Port of the first broker (brokers 2..N use the next ports); 0 picks free ports' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -s n -l broker-count -d 'Number of brokers in the cluster' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -l partitions -d 'Partition count for --topic entries that do not give one' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -s t -l topic -d 'Pre-create a topic (repeatable): NAME or NAME:PARTITIONS' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand local" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -f -a "show" -d 'Print the effective settings and where each came from (secrets redacted)'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -f -a "profiles" -d 'List the profiles in the config file'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -f -a "check" -d 'Connect with the effective settings; print the cluster id and brokers'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and not __fish_seen_subcommand_from show profiles check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from profiles" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective settings and where each came from (secrets redacted)'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "profiles" -d 'List the profiles in the config file'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Connect with the effective settings; print the cluster id and brokers'
complete -c kpipe -n "__fish_kpipe_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand version" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -l dir -d 'Write kpipe.1 and a page per subcommand (kpipe-topics.1, ...) into DIR' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -s b -l brokers -d 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -s X -l property -d 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -l profile -d 'Config profile to use [default: the file\'s `default-profile`, else `default`]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -l config -d 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]' -r -F
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -l schema-registry -d 'Schema Registry URL (Confluent-compatible)' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -l timeout -d 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]' -r
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -l color -d 'When to use colors on stderr (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -l no-config -d 'Ignore the config file entirely'
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -s q -l quiet -d 'Print only errors'
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -s v -l verbose -d 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
complete -c kpipe -n "__fish_kpipe_using_subcommand man" -s h -l help -d 'Print help'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "produce" -d 'Produce records from stdin or files'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "consume" -d 'Read records to stdout: exact offsets, exact commits, any shape'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "groups" -d 'List, describe, reset, commit and delete consumer groups'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "lag" -d 'Consumer lag in records and in time; CI gates; watch mode'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "topics" -d 'List, describe, create, delete and configure topics'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "cluster" -d 'Show the cluster id, controller, brokers and partition health'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "local" -d 'Start an embedded Kafka-protocol broker (no Kafka needed)'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "config" -d 'Show the effective configuration, list profiles, check the connection'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "version" -d 'Show kpipe\'s and librdkafka\'s versions and the enabled features'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "man" -d 'Write kpipe\'s man page (roff) to stdout, or one page per subcommand into a directory'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and not __fish_seen_subcommand_from produce consume groups lag topics cluster local config completions version man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "list" -d 'List consumer groups with state, type, assignor, members and total lag'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "describe" -d 'Show a group\'s members and, per partition, committed offset, log start, log end, lag and owner'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "reset" -d 'Move a group\'s committed offsets (dry run unless --execute)'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "delete" -d 'Delete consumer groups (they must have no active members)'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "delete-offsets" -d 'Delete a group\'s committed offsets for some topics or partitions'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "commit" -d 'Commit one offset for one partition of a group (surgical fixes)'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "list" -d 'List topics with their partition count, replication factor and health'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "describe" -d 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "create" -d 'Create topics'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "delete" -d 'Delete topics and all their records (asks first; --yes for scripts)'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "alter-config" -d 'Set or remove topic configs; other configs stay as they are'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "add-partitions" -d 'Increase a topic\'s partition count (Kafka cannot decrease it)'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective settings and where each came from (secrets redacted)'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "profiles" -d 'List the profiles in the config file'
complete -c kpipe -n "__fish_kpipe_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Connect with the effective settings; print the cluster id and brokers'
