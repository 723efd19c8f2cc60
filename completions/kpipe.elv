
use builtin;
use str;

set edit:completion:arg-completer[kpipe] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'kpipe'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'kpipe'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -V 'Print the version (with -v: librdkafka''s version and features too)'
            cand --version 'Print the version (with -v: librdkafka''s version and features too)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand produce 'Produce records from stdin or files'
            cand consume 'Read records to stdout: exact offsets, exact commits, any shape'
            cand groups 'List, describe, reset, commit and delete consumer groups'
            cand lag 'Consumer lag in records and in time; CI gates; watch mode'
            cand topics 'List, describe, create, delete and configure topics'
            cand cluster 'Show the cluster id, controller, brokers and partition health'
            cand local 'Start an embedded Kafka-protocol broker (no Kafka needed)'
            cand config 'Show the effective configuration, list profiles, check the connection'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand version 'Show kpipe''s and librdkafka''s versions and the enabled features'
            cand man 'Write kpipe''s man page (roff) to stdout, or one page per subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;produce'= {
            cand -t 'Topic to produce to (with --input json, records may name their own)'
            cand --topic 'Topic to produce to (with --input json, records may name their own)'
            cand --input 'Input format: lines, json (one envelope per line), raw (each input is one record), or format:SPEC (rpk-style, e.g. ''format:%k\t%v\n'' or ''format:%K{big32}%k%V{big32}%v'')'
            cand -D 'Record delimiter for lines and json input (escapes: \n \r \t \0 \\ \xNN)'
            cand --delimiter 'Record delimiter for lines and json input (escapes: \n \r \t \0 \\ \xNN)'
            cand -K 'Split each line into key and value at the first DELIM (lines without it have no key)'
            cand --key-delimiter 'Split each line into key and value at the first DELIM (lines without it have no key)'
            cand -k 'Key for every record (a key from -K or the envelope wins in lines input)'
            cand --key 'Key for every record (a key from -K or the envelope wins in lines input)'
            cand -H 'Header for every record (repeatable); `NAME` alone gives a null value'
            cand --header 'Header for every record (repeatable); `NAME` alone gives a null value'
            cand -p 'Partition for every record [default: by key (murmur2), random without a key]'
            cand --partition 'Partition for every record [default: by key (murmur2), random without a key]'
            cand --timestamp 'Record timestamp: milliseconds, RFC 3339, or `now` (also overrides envelope timestamps)'
            cand --null-value 'A key or value equal to this text is sent as null (a null value is a tombstone)'
            cand --key-format 'How keys are given in the input'
            cand --value-format 'How values are given in the input'
            cand --acks 'Acknowledgements to wait for (acks) [default: all]'
            cand -z 'Compression codec (compression.codec) [default: none]'
            cand --compression 'Compression codec (compression.codec) [default: none]'
            cand --linger 'How long to wait to fill a batch (linger.ms), e.g. 5ms, 100ms [default: 5ms]'
            cand --batch-size 'Maximum batch size in bytes (batch.size) [default: 1000000]'
            cand --delivery-timeout 'Give up on a record after this long (message.timeout.ms) [default: 5m]'
            cand --max-message-bytes 'Largest record accepted, in bytes (message.max.bytes) [default: 1000000]'
            cand --partitioner 'How keys map to partitions (partitioner) [default: murmur2_random, as Java clients]'
            cand --transactional-id 'Produce in a transaction (transactional.id): all or nothing becomes visible'
            cand --transaction-size 'Commit every N records instead of once at the end'
            cand --rate 'Send at most N records per second, evenly spaced'
            cand -c 'Stop after N records'
            cand --count 'Stop after N records'
            cand --report 'Print one JSON line per record on stdout: where it landed, or why it failed'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand -Z 'Send empty values (and empty keys) as null: an empty value becomes a tombstone'
            cand --tombstone 'Send empty values (and empty keys) as null: an empty value becomes a tombstone'
            cand --skip-empty 'Skip empty lines instead of sending empty records'
            cand --no-idempotence 'Turn off idempotence (on by default with --acks all)'
            cand --repeat 'Read the input again and again (until --count, or Ctrl-C)'
            cand --fail-fast 'Stop at the first record that is not delivered'
            cand --skip-bad-input 'Report records that cannot be read or encoded, and go on with the rest'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kpipe;consume'= {
            cand -t 'Topic to read (repeatable)'
            cand --topic 'Topic to read (repeatable)'
            cand --topic-regex 'Read every topic whose whole name matches this regex (matched at start)'
            cand -p 'Partitions to read, e.g. 0,2,5-7 [default: all]'
            cand --partition 'Partitions to read, e.g. 0,2,5-7 [default: all]'
            cand -o 'Where to start and stop, e.g. start, end, -100, @-1h, 1000:2000, 0=5 (see below)'
            cand --offset 'Where to start and stop, e.g. start, end, -100, @-1h, 1000:2000, 0=5 (see below)'
            cand -c 'Stop after writing N records (after --filter)'
            cand --count 'Stop after writing N records (after --filter)'
            cand --idle-timeout 'Stop when no record arrives for this long (e.g. 5s)'
            cand --until 'Stop at the first record at or after TIME in each partition (same forms as @TIME)'
            cand --isolation 'Transaction isolation. read_committed (librdkafka''s default) never shows aborted records and ends -e at the last stable offset'
            cand -g 'Join this consumer group (cooperative-sticky) and commit per --commit'
            cand --group 'Join this consumer group (cooperative-sticky) and commit per --commit'
            cand --group-protocol 'Group protocol: classic, or consumer (KIP-848, Kafka 4.0+ brokers)'
            cand --commit 'When to commit (needs -g) [default with -g: after]'
            cand --key-format 'How to decode keys'
            cand --value-format 'How to decode values'
            cand --output 'Output shape: the value and a delimiter, or the lossless JSON envelope'
            cand -f 'Format string with kcat/rpk tokens, e.g. ''%t[%p]@%o %k=%s\n'' (see below)'
            cand --format 'Format string with kcat/rpk tokens, e.g. ''%t[%p]@%o %k=%s\n'' (see below)'
            cand -D 'Record delimiter for --output value (escapes allowed: \n, \0, \x1e)'
            cand --delimiter 'Record delimiter for --output value (escapes allowed: \n, \0, \x1e)'
            cand --filter 'Keep only matching records (repeatable; all must match), e.g. key=k1, value~err'
            cand --expect 'CI check: succeed once N matching records arrived, fail (exit 6) at --deadline'
            cand --wait-for 'CI check: print the first record matching EXPR and succeed; fail (exit 6) at --deadline'
            cand --deadline 'Time limit for --expect/--wait-for [default: 30s]'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand -e 'Stop at the end offsets of when the command started'
            cand --exit 'Stop at the end offsets of when the command started'
            cand --pretty 'Pretty-print decoded JSON values (value output and -f)'
            cand --line-buffered 'Flush stdout after every record (automatic when stdout is a terminal)'
            cand --skip-errors 'Report records that fail to decode and go on (default: stop with exit code 4)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kpipe;groups'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List consumer groups with state, type, assignor, members and total lag'
            cand describe 'Show a group''s members and, per partition, committed offset, log start, log end, lag and owner'
            cand reset 'Move a group''s committed offsets (dry run unless --execute)'
            cand delete 'Delete consumer groups (they must have no active members)'
            cand delete-offsets 'Delete a group''s committed offsets for some topics or partitions'
            cand commit 'Commit one offset for one partition of a group (surgical fixes)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;groups;list'= {
            cand --state 'Only groups in these states (comma-separated): stable, empty, dead, preparingrebalance, completingrebalance'
            cand --regex 'Only groups whose id matches this regular expression'
            cand -t 'Only groups with committed offsets on (or assignments in) this topic (repeatable)'
            cand --topic 'Only groups with committed offsets on (or assignments in) this topic (repeatable)'
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-lag 'Skip reading offsets (faster; no LAG column)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kpipe;groups;describe'= {
            cand --regex 'Groups whose id matches this regular expression'
            cand -t 'Only these topics (repeatable)'
            cand --topic 'Only these topics (repeatable)'
            cand --isolation 'Log end to measure lag against (see `kpipe lag --help`)'
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --all 'Every group in the cluster'
            cand --only-lagging 'Only partitions with lag > 0 or a flag (no commit, negative lag)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;groups;reset'= {
            cand -t 'Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)'
            cand --topic 'Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)'
            cand --to 'Where to move the offsets (see above)'
            cand --export 'Also write the plan as CSV (topic,partition,offset) to FILE; `-` writes only the CSV to stdout'
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --all-topics 'Every topic the group has committed offsets on'
            cand --execute 'Apply the plan (without it, nothing is changed)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kpipe;groups;delete'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;groups;delete-offsets'= {
            cand -t 'Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)'
            cand --topic 'Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)'
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;groups;commit'= {
            cand -t 'The topic'
            cand --topic 'The topic'
            cand -p 'The partition'
            cand --partition 'The partition'
            cand --offset 'The offset to commit (the next record the group will read)'
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --force 'Commit even when the offset is outside [log start, log end]'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;groups;help'= {
            cand list 'List consumer groups with state, type, assignor, members and total lag'
            cand describe 'Show a group''s members and, per partition, committed offset, log start, log end, lag and owner'
            cand reset 'Move a group''s committed offsets (dry run unless --execute)'
            cand delete 'Delete consumer groups (they must have no active members)'
            cand delete-offsets 'Delete a group''s committed offsets for some topics or partitions'
            cand commit 'Commit one offset for one partition of a group (surgical fixes)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;groups;help;list'= {
        }
        &'kpipe;groups;help;describe'= {
        }
        &'kpipe;groups;help;reset'= {
        }
        &'kpipe;groups;help;delete'= {
        }
        &'kpipe;groups;help;delete-offsets'= {
        }
        &'kpipe;groups;help;commit'= {
        }
        &'kpipe;groups;help;help'= {
        }
        &'kpipe;lag'= {
            cand -g 'Group to check (repeatable, or comma-separated)'
            cand --group 'Group to check (repeatable, or comma-separated)'
            cand --regex 'Groups whose id matches this regular expression'
            cand -t 'Only these topics (repeatable, or comma-separated); with -g, every partition of them is shown, committed or not'
            cand --topic 'Only these topics (repeatable, or comma-separated); with -g, every partition of them is shown, committed or not'
            cand --isolation 'End offset to measure against: read_uncommitted = high watermark (like kafka-consumer-groups), read_committed = last stable offset'
            cand --watch 'Refresh every INTERVAL (in place on a terminal, one line per group in a pipe) with rates, ETA and status, until Ctrl-C'
            cand --max-lag 'Fail (exit 6) when a group''s total lag exceeds N records'
            cand --max-lag-time 'Fail (exit 6) when a group''s oldest unconsumed record is older than DURATION'
            cand --deadline 'How long --wait-zero waits [default: --timeout]'
            cand --output 'Output format'
            cand --cluster-name 'cluster_name label of --output prometheus [default: the profile name, else "kafka"]'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --all-groups 'Every consumer group in the cluster'
            cand --no-time-lag 'Skip the record fetches that measure lag in time'
            cand --only-lagging 'Only partitions with lag > 0 or a flag'
            cand --summary 'Only the per-topic and per-group totals (table output)'
            cand --wait-zero 'Wait until every selected group has zero lag (exit 0), or exit 6 at the deadline'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kpipe;topics'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List topics with their partition count, replication factor and health'
            cand describe 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs'
            cand create 'Create topics'
            cand delete 'Delete topics and all their records (asks first; --yes for scripts)'
            cand alter-config 'Set or remove topic configs; other configs stay as they are'
            cand add-partitions 'Increase a topic''s partition count (Kafka cannot decrease it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;topics;list'= {
            cand --regex 'Only topics whose name matches this regular expression (unanchored, like grep)'
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --internal 'Include Kafka''s internal topics (names starting with `__`)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;describe'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-timestamps 'Skip reading the first and last record of each partition'
            cand --all-configs 'Show every effective config and its source, not only those set on the topic'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;create'= {
            cand -p 'Number of partitions [default: the broker''s num.partitions]'
            cand --partitions 'Number of partitions [default: the broker''s num.partitions]'
            cand -r 'Replicas per partition [default: the broker''s default.replication.factor]'
            cand --replication-factor 'Replicas per partition [default: the broker''s default.replication.factor]'
            cand -c 'A topic config, e.g. retention.ms=604800000 (repeatable; `--config` names kpipe''s own config file)'
            cand --topic-config 'A topic config, e.g. retention.ms=604800000 (repeatable; `--config` names kpipe''s own config file)'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --if-not-exists 'Succeed, changing nothing, when a topic already exists'
            cand --dry-run 'Let the broker validate the request without creating anything'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;delete'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;alter-config'= {
            cand --set 'Set a config on the topic (repeatable)'
            cand --delete 'Remove a config from the topic, so the broker''s default applies again (repeatable)'
            cand --append 'Add a value to a list config, e.g. cleanup.policy=compact (repeatable)'
            cand --subtract 'Remove a value from a list config (repeatable)'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --dry-run 'Let the broker validate the change without applying it'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;add-partitions'= {
            cand --to 'The new total number of partitions'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --dry-run 'Let the broker validate the change without applying it'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;help'= {
            cand list 'List topics with their partition count, replication factor and health'
            cand describe 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs'
            cand create 'Create topics'
            cand delete 'Delete topics and all their records (asks first; --yes for scripts)'
            cand alter-config 'Set or remove topic configs; other configs stay as they are'
            cand add-partitions 'Increase a topic''s partition count (Kafka cannot decrease it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;topics;help;list'= {
        }
        &'kpipe;topics;help;describe'= {
        }
        &'kpipe;topics;help;create'= {
        }
        &'kpipe;topics;help;delete'= {
        }
        &'kpipe;topics;help;alter-config'= {
        }
        &'kpipe;topics;help;add-partitions'= {
        }
        &'kpipe;topics;help;help'= {
        }
        &'kpipe;cluster'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;local'= {
            cand --port 'Port of the first broker (brokers 2..N use the next ports); 0 picks free ports'
            cand -n 'Number of brokers in the cluster'
            cand --broker-count 'Number of brokers in the cluster'
            cand --partitions 'Partition count for --topic entries that do not give one'
            cand -t 'Pre-create a topic (repeatable): NAME or NAME:PARTITIONS'
            cand --topic 'Pre-create a topic (repeatable): NAME or NAME:PARTITIONS'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kpipe;config'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Print the effective settings and where each came from (secrets redacted)'
            cand profiles 'List the profiles in the config file'
            cand check 'Connect with the effective settings; print the cluster id and brokers'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;config;show'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;config;profiles'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;config;check'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;config;help'= {
            cand show 'Print the effective settings and where each came from (secrets redacted)'
            cand profiles 'List the profiles in the config file'
            cand check 'Connect with the effective settings; print the cluster id and brokers'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;config;help;show'= {
        }
        &'kpipe;config;help;profiles'= {
        }
        &'kpipe;config;help;check'= {
        }
        &'kpipe;config;help;help'= {
        }
        &'kpipe;completions'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kpipe;version'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;man'= {
            cand --dir 'Write kpipe.1 and a page per subcommand (kpipe-topics.1, ...) into DIR'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;help'= {
            cand produce 'Produce records from stdin or files'
            cand consume 'Read records to stdout: exact offsets, exact commits, any shape'
            cand groups 'List, describe, reset, commit and delete consumer groups'
            cand lag 'Consumer lag in records and in time; CI gates; watch mode'
            cand topics 'List, describe, create, delete and configure topics'
            cand cluster 'Show the cluster id, controller, brokers and partition health'
            cand local 'Start an embedded Kafka-protocol broker (no Kafka needed)'
            cand config 'Show the effective configuration, list profiles, check the connection'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand version 'Show kpipe''s and librdkafka''s versions and the enabled features'
            cand man 'Write kpipe''s man page (roff) to stdout, or one page per subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;help;produce'= {
        }
        &'kpipe;help;consume'= {
        }
        &'kpipe;help;groups'= {
            cand list 'List consumer groups with state, type, assignor, members and total lag'
            cand describe 'Show a group''s members and, per partition, committed offset, log start, log end, lag and owner'
            cand reset 'Move a group''s committed offsets (dry run unless --execute)'
            cand delete 'Delete consumer groups (they must have no active members)'
            cand delete-offsets 'Delete a group''s committed offsets for some topics or partitions'
            cand commit 'Commit one offset for one partition of a group (surgical fixes)'
        }
        &'kpipe;help;groups;list'= {
        }
        &'kpipe;help;groups;describe'= {
        }
        &'kpipe;help;groups;reset'= {
        }
        &'kpipe;help;groups;delete'= {
        }
        &'kpipe;help;groups;delete-offsets'= {
        }
        &'kpipe;help;groups;commit'= {
        }
        &'kpipe;help;lag'= {
        }
        &'kpipe;help;topics'= {
            cand list 'List topics with their partition count, replication factor and health'
            cand describe 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs'
            cand create 'Create topics'
            cand delete 'Delete topics and all their records (asks first; --yes for scripts)'
            cand alter-config 'Set or remove topic configs; other configs stay as they are'
            cand add-partitions 'Increase a topic''s partition count (Kafka cannot decrease it)'
        }
        &'kpipe;help;topics;list'= {
        }
        &'kpipe;help;topics;describe'= {
        }
        &'kpipe;help;topics;create'= {
        }
        &'kpipe;help;topics;delete'= {
        }
        &'kpipe;help;topics;alter-config'= {
        }
        &'kpipe;help;topics;add-partitions'= {
        }
        &'kpipe;help;cluster'= {
        }
        &'kpipe;help;local'= {
        }
        &'kpipe;help;config'= {
            cand show 'Print the effective settings and where each came from (secrets redacted)'
            cand profiles 'List the profiles in the config file'
            cand check 'Connect with the effective settings; print the cluster id and brokers'
        }
        &'kpipe;help;config;show'= {
        }
        &'kpipe;help;config;profiles'= {
        }
        &'kpipe;help;config;check'= {
        }
        &'kpipe;help;completions'= {
        }
        &'kpipe;help;version'= {
        }
        &'kpipe;help;man'= {
        }
        &'kpipe;help;help'= {
        }
    ]
    $completions[$command]
}
